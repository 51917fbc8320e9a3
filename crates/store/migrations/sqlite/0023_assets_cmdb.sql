-- The configuration management database: configuration items, their typed relationships,
-- who uses a business service, and the history of every change (sqlite).
-- Paired with ../postgres/0023_assets_cmdb.sql.

-- A configuration item. `source_type` and `source_subtype` keep the type an import named
-- it with (bpi2014: "subapplication", "Web Based Application"); `external_ref` is the
-- import's own identifier ("bpi2014:WBA000124"), so that a second run finds the item.
CREATE TABLE cis (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    class TEXT NOT NULL CHECK (class IN ('hardware', 'software_instance', 'business_service', 'application', 'database', 'network_component', 'other')),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    asset_id BIGINT REFERENCES assets (id),
    source_type TEXT,
    source_subtype TEXT,
    external_ref TEXT,
    criticality TEXT CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
    owner_user_id BIGINT REFERENCES users (id),
    description TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX cis_external_ref ON cis (external_ref);
CREATE UNIQUE INDEX cis_asset ON cis (asset_id);
CREATE INDEX cis_organisation ON cis (organisation_id, id);
CREATE INDEX cis_class ON cis (class, id);
CREATE INDEX cis_name ON cis (lower(name));

-- "source kind target", with which end depends on the other written out
-- (domain::assets::cmdb::RelationKind::dependant_and_provider), so that impact analysis
-- walks one index: from a provider to its dependants.
CREATE TABLE ci_relations (
    id INTEGER PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('runs_on', 'depends_on', 'connected_to', 'hosted_in', 'used_by')),
    target_id BIGINT NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    dependant_id BIGINT NOT NULL,
    provider_id BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    CHECK (source_id <> target_id),
    CHECK ((kind = 'used_by' AND dependant_id = target_id AND provider_id = source_id)
        OR (kind <> 'used_by' AND dependant_id = source_id AND provider_id = target_id))
);
CREATE UNIQUE INDEX ci_relations_pair ON ci_relations (source_id, kind, target_id);
CREATE INDEX ci_relations_target ON ci_relations (target_id);
CREATE INDEX ci_relations_provider ON ci_relations (provider_id, dependant_id);

-- The departments and people who use a business service.
CREATE TABLE ci_consumers (
    id INTEGER PRIMARY KEY,
    ci_id BIGINT NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    department_id BIGINT REFERENCES departments (id),
    user_id BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    CHECK ((department_id IS NULL) <> (user_id IS NULL))
);
CREATE UNIQUE INDEX ci_consumers_department ON ci_consumers (ci_id, department_id);
CREATE UNIQUE INDEX ci_consumers_user ON ci_consumers (ci_id, user_id);

-- Every change to an item and its relationships: one row per field, as text.
CREATE TABLE ci_history (
    id INTEGER PRIMARY KEY,
    ci_id BIGINT NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ci_history_ci ON ci_history (ci_id, id);

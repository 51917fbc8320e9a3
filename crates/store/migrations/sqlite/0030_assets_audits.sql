-- Physical audits: rounds of confirming that assets are where their records say (sqlite).
-- Paired with ../postgres/0030_assets_audits.sql.

-- Days between audits of a type's assets; NULL: the `audit_interval_days` setting.
ALTER TABLE asset_types ADD COLUMN audit_interval_days BIGINT CHECK (audit_interval_days BETWEEN 1 AND 3650);

-- The asset list's "audit overdue" filter.
CREATE INDEX assets_next_audit ON assets (next_audit_on);

-- A round, of an organisation and its subsidiaries, or of a location and the places in
-- it. `expected_count`: how many assets it expected when it started.
CREATE TABLE asset_audits (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    location_id BIGINT REFERENCES locations (id),
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    expected_count BIGINT NOT NULL DEFAULT 0,
    started_by BIGINT NOT NULL REFERENCES users (id),
    started_at BIGINT NOT NULL,
    closed_by BIGINT REFERENCES users (id),
    closed_at BIGINT,
    CHECK ((closed_at IS NULL) = (state = 'open'))
);
CREATE INDEX asset_audits_organisation ON asset_audits (organisation_id, id);

-- The assets of a round: those it expected (written when it started, with where they were
-- and who held them then) and those found that it did not expect (`expected` false).
CREATE TABLE asset_audit_items (
    audit_id BIGINT NOT NULL REFERENCES asset_audits (id) ON DELETE CASCADE,
    asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    expected BOOLEAN NOT NULL,
    location_name TEXT,
    holder_name TEXT,
    found_at BIGINT,
    found_by BIGINT REFERENCES users (id),
    PRIMARY KEY (audit_id, asset_id),
    CHECK (expected OR found_at IS NOT NULL)
);
-- An asset's page asks which open rounds still look for it.
CREATE INDEX asset_audit_items_waiting ON asset_audit_items (asset_id) WHERE found_at IS NULL;

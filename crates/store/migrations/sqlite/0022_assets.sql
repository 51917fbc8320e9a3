-- Assets: what the organisation owns, where it is in its life and who has it (sqlite).
-- Paired with ../postgres/0022_assets.sql.

-- Kinds of asset (laptop, server, ...). `tag_pattern` numbers new assets' tags
-- (domain::assets::tags); `next_number` is the next number it gives. `fields` lists the
-- type's own typed fields as JSON: [{"key": "ram_gb", "label": "RAM (GB)", "kind": "number"}].
CREATE TABLE asset_types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    tag_pattern TEXT,
    next_number BIGINT NOT NULL DEFAULT 1,
    fields TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX asset_types_name ON asset_types (lower(name));

CREATE TABLE manufacturers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX manufacturers_name ON manufacturers (lower(name));

-- A manufacturer's product of one type, with the useful life its assets depreciate over.
CREATE TABLE asset_models (
    id INTEGER PRIMARY KEY,
    manufacturer_id BIGINT NOT NULL REFERENCES manufacturers (id),
    type_id BIGINT NOT NULL REFERENCES asset_types (id),
    name TEXT NOT NULL,
    depreciation_months BIGINT CHECK (depreciation_months BETWEEN 1 AND 600),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX asset_models_name ON asset_models (manufacturer_id, lower(name));

-- Sites, buildings and rooms: a tree (a room's parent is a building, a building's a site).
-- `organisation_id` NULL: a place every organisation uses.
CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('site', 'building', 'room')),
    parent_id BIGINT REFERENCES locations (id),
    organisation_id BIGINT REFERENCES organisations (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX locations_parent ON locations (parent_id, id);

-- Calendar days are ISO text (YYYY-MM-DD), which sorts and compares as days do; money is
-- integer minor units with its currency.
CREATE TABLE assets (
    id INTEGER PRIMARY KEY,
    tag TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    type_id BIGINT NOT NULL REFERENCES asset_types (id),
    model_id BIGINT REFERENCES asset_models (id),
    serial TEXT,
    state TEXT NOT NULL CHECK (state IN ('ordered', 'in_stock', 'deployed', 'in_repair', 'retired', 'disposed')),
    -- Who or what has it while it is checked out: exactly one holder column is set.
    holder_kind TEXT CHECK (holder_kind IN ('person', 'location', 'asset')),
    holder_user_id BIGINT REFERENCES users (id),
    holder_location_id BIGINT REFERENCES locations (id),
    holder_asset_id BIGINT REFERENCES assets (id),
    checked_out_at BIGINT,
    expected_return TEXT,
    accepted_at BIGINT,
    location_id BIGINT REFERENCES locations (id),
    department_id BIGINT REFERENCES departments (id),
    cost_centre TEXT,
    purchased_on TEXT,
    cost_minor BIGINT CHECK (cost_minor >= 0),
    currency TEXT,
    residual_minor BIGINT CHECK (residual_minor >= 0),
    depreciation_months BIGINT CHECK (depreciation_months BETWEEN 1 AND 600),
    supplier TEXT,
    order_number TEXT,
    warranty_end TEXT,
    end_of_life TEXT,
    last_audited_at BIGINT,
    next_audit_on TEXT,
    fields TEXT NOT NULL DEFAULT '{}',
    notes TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((holder_kind IS NULL) = (state <> 'deployed')),
    CHECK ((holder_user_id IS NOT NULL) = (holder_kind IS 'person')),
    CHECK ((holder_location_id IS NOT NULL) = (holder_kind IS 'location')),
    CHECK ((holder_asset_id IS NOT NULL) = (holder_kind IS 'asset'))
);
CREATE UNIQUE INDEX assets_tag ON assets (lower(tag));
CREATE INDEX assets_organisation ON assets (organisation_id, id);
CREATE INDEX assets_state ON assets (state, id);
CREATE INDEX assets_type ON assets (type_id, id);
CREATE INDEX assets_holder_user ON assets (holder_user_id, id);
CREATE INDEX assets_holder_asset ON assets (holder_asset_id);
CREATE INDEX assets_serial ON assets (lower(serial));
CREATE INDEX assets_warranty ON assets (warranty_end);
CREATE INDEX assets_return ON assets (expected_return);

-- Every change to an asset: one row per field changed, as text.
CREATE TABLE asset_history (
    id INTEGER PRIMARY KEY,
    asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX asset_history_asset ON asset_history (asset_id, id);

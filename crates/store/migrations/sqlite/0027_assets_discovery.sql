-- Discovery: the enrolment tokens agents report with, and what each device's agent last
-- reported of it (sqlite).
-- Paired with ../postgres/0027_assets_discovery.sql.

-- An enrolment token: shown once, kept as its SHA-256. Devices reported with it belong to
-- its organisation, and its reports match only that organisation's assets.
CREATE TABLE agent_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX agent_tokens_hash ON agent_tokens (token_hash);

-- A device's last inventory. `reported` holds the values the agent last gave for fields
-- people may change too (name, serial, model): a field still holding them is the agent's
-- to update; one a person changed is kept. `facts` is the hardware and system as JSON.
CREATE TABLE asset_inventories (
    asset_id BIGINT PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    agent TEXT NOT NULL CHECK (agent IN ('fusioninventory', 'helmdesk-agent')),
    device_id TEXT NOT NULL,
    uuid TEXT,
    token_id BIGINT REFERENCES agent_tokens (id),
    reported TEXT NOT NULL DEFAULT '{}',
    facts TEXT NOT NULL DEFAULT '{}',
    reports BIGINT NOT NULL DEFAULT 1,
    first_reported_at BIGINT NOT NULL,
    reported_at BIGINT NOT NULL
);
CREATE INDEX asset_inventories_uuid ON asset_inventories (lower(uuid));
-- A device found again by its agent's own id; a token's devices counted.
CREATE INDEX asset_inventories_device ON asset_inventories (agent, device_id);
CREATE INDEX asset_inventories_token ON asset_inventories (token_id);

-- The hardware addresses of a device's network interfaces, to find it again.
CREATE TABLE asset_macs (
    mac TEXT NOT NULL,
    asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    PRIMARY KEY (mac, asset_id)
);
CREATE INDEX asset_macs_asset ON asset_macs (asset_id);

-- Tickets name the configuration item they affect (docs/assets.md, "Tickets and the
-- CMDB") (sqlite). Paired with ../postgres/0024_service_desk_ci.sql.
ALTER TABLE tickets ADD COLUMN ci_id BIGINT REFERENCES cis (id);
CREATE INDEX tickets_ci ON tickets (ci_id, id) WHERE ci_id IS NOT NULL;

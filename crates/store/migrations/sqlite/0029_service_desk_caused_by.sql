-- Tickets name the configuration item that caused them, besides the one they affect
-- (docs/assets.md, "Tickets and the CMDB"; the bpi2014 import fills both) (sqlite).
-- Paired with ../postgres/0029_service_desk_caused_by.sql.
ALTER TABLE tickets ADD COLUMN caused_by_ci_id BIGINT REFERENCES cis (id);
CREATE INDEX tickets_caused_by_ci ON tickets (caused_by_ci_id, id) WHERE caused_by_ci_id IS NOT NULL;

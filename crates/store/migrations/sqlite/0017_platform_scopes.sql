-- Organisation scopes of configuration, single-use survey links, replayed headers
-- (SQLite). Paired with ../postgres/0017_platform_scopes.sql.

-- Every configuration object that selects, changes or tells of tickets belongs to one
-- organisation and its subsidiaries (NULL: to every organisation). It applies only to
-- tickets of that subtree, and only people whose organisations hold it may change it
-- (app::access::Actor::writes_scope). SLA policies and assignment rules already had
-- their organisation; shared views and canned responses use it when shared.
ALTER TABLE teams ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE calendars ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE automation_rules ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE saved_views ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE canned_responses ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE webhooks ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);

-- A survey link is answered once.
ALTER TABLE survey_links ADD COLUMN answered_at BIGINT;

-- The headers of a kept idempotent answer (ETag, Location), as a JSON object.
ALTER TABLE idempotency_keys ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';

-- A person's manager: who approves for them (docs/operations.md, "People"; the approval
-- chains of issue 17 name "the requester's manager") (sqlite).
-- Paired with ../postgres/0034_platform_managers.sql.
ALTER TABLE users ADD COLUMN manager_id BIGINT REFERENCES users (id);
CREATE INDEX users_manager ON users (manager_id) WHERE manager_id IS NOT NULL;

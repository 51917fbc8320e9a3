-- Who approves for a department and for a cost centre (issue 17): a department's head, and
-- cost centres as records with an owner; a department books to a cost centre (sqlite).
-- Paired with ../postgres/0035_platform_cost_centres.sql.
CREATE TABLE cost_centres (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    owner_id BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, code)
);
ALTER TABLE departments ADD COLUMN head_id BIGINT REFERENCES users (id);
ALTER TABLE departments ADD COLUMN cost_centre_id BIGINT REFERENCES cost_centres (id);

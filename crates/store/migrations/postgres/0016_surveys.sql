-- Satisfaction surveys of resolved tickets (PostgreSQL). Paired with ../sqlite/0016_surveys.sql.

-- The links sent with "resolved" mail: only the SHA-256 of each token is kept.
CREATE TABLE survey_links (
    token_hash TEXT PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE DEFERRABLE,
    created_at BIGINT NOT NULL
);
CREATE INDEX survey_links_ticket ON survey_links (ticket_id);

-- The requester's answer (the latest one counts).
CREATE TABLE ticket_surveys (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE DEFERRABLE,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    answered_at BIGINT NOT NULL
);

-- Who has a record open right now, and whether they are writing on it (the ticket page's
-- "Priya Shah is replying") (postgres). Paired with ../sqlite/0021_presence.sql.

-- An open page says so every half minute (app::platform::presence); a row not renewed
-- within PRESENCE_TTL is someone who left without saying so, and housekeeping deletes it.
-- One row a person and record, whatever the number of their tabs.
CREATE TABLE presence (
    subject TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE,
    writing BOOLEAN NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (subject, record_id, user_id)
);
CREATE INDEX presence_seen ON presence (seen_at);

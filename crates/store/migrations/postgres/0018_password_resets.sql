-- Links to choose a new password (PostgreSQL). Paired with ../sqlite/0018_password_resets.sql.

-- Only the SHA-256 of each link's token is kept. A link works until expires_at and once:
-- used_at is set in the transaction that changes the password. Issuing a new link, or
-- any change of the password, deletes the person's links not used yet
-- (store::platform::password_reset).
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

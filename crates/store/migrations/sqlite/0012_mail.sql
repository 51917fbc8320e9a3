-- Mail in and out (SQLite). Paired with ../postgres/0012_mail.sql.

-- Settings edited in the admin UI, one JSON document per name (e.g. 'mail').
CREATE TABLE app_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- IMAP mailboxes polled for new messages. The password is encrypted with the node's
-- secret key (app::secrets).
CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL,
    host TEXT NOT NULL,
    port BIGINT NOT NULL,
    security TEXT NOT NULL CHECK (security IN ('tls', 'starttls')),
    username TEXT NOT NULL,
    password_secret TEXT NOT NULL,
    folder TEXT NOT NULL,
    poll_secs BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    next_poll_at BIGINT NOT NULL DEFAULT 0,
    last_polled_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every message received, stored raw (a blob) before it is processed.
CREATE TABLE inbound_mail (
    id INTEGER PRIMARY KEY,
    mailbox_id BIGINT REFERENCES mailboxes (id) ON DELETE SET NULL,
    -- Where it came from, once: 'imap:<mailbox>:<uidvalidity>:<uid>'; NULL for SMTP.
    source_key TEXT UNIQUE,
    raw_sha256 TEXT REFERENCES blobs (sha256),
    size_bytes BIGINT NOT NULL,
    envelope_from TEXT,
    sender TEXT,
    subject TEXT,
    message_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'processed', 'ignored', 'rejected', 'failed')),
    -- What processing did or why it stopped.
    outcome TEXT,
    ticket_id BIGINT REFERENCES tickets (id) ON DELETE SET NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    received_at BIGINT NOT NULL,
    processed_at BIGINT
);
CREATE INDEX inbound_mail_status ON inbound_mail (status, id);
CREATE INDEX inbound_mail_sender ON inbound_mail (sender, received_at);

-- Message ids that belong to a ticket, received or sent: replies thread by them.
CREATE TABLE mail_threads (
    message_id TEXT PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX mail_threads_ticket ON mail_threads (ticket_id);

-- Every message sent, or waiting to be; a mail.send job sends each.
CREATE TABLE outbound_mail (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT REFERENCES tickets (id) ON DELETE SET NULL,
    event TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    in_reply_to TEXT,
    -- Space-separated, oldest first.
    refs TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbound_mail_ticket ON outbound_mail (ticket_id, id);
CREATE INDEX outbound_mail_status ON outbound_mail (status, id);

-- What a notification tells of (the event, and the comment for replies and notes), so
-- that its e-mail can be written from a template (app::mail).
ALTER TABLE notifications ADD COLUMN event TEXT;
ALTER TABLE notifications ADD COLUMN comment_id BIGINT;

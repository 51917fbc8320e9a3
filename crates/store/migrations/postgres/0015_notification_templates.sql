-- Notification e-mail templates and people's notification settings (PostgreSQL). Paired with
-- ../sqlite/0015_notification_templates.sql.

-- An administrator's template of one event in one language (built-in ones are in code).
CREATE TABLE notification_templates (
    event TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event, language)
);

-- What someone wants by e-mail, and in which language; without a row, their role's defaults.
CREATE TABLE notification_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE DEFERRABLE,
    language TEXT NOT NULL,
    -- JSON: the events they get e-mail for.
    email_events TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

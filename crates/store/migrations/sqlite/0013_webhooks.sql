-- Outbound webhooks (SQLite). Paired with ../postgres/0013_webhooks.sql.

-- Where ticket events are posted. The secret is encrypted with the node's secret key
-- (app::secrets); events is a JSON list of event names.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('helmdesk', 'slack', 'teams')),
    events TEXT NOT NULL,
    secret_secret TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every delivery of an event to a webhook, with its body as sent and how the last attempt
-- went; a webhook.deliver job sends each.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    response_status BIGINT,
    -- The first 2 KB of the last response.
    response_body TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

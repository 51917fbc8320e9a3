-- Automation rules and what they did (SQLite). Paired with ../postgres/0014_automation.sql.

CREATE TABLE automation_rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- Rules run in this order, ties by id.
    position BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    trigger_event TEXT NOT NULL CHECK (trigger_event IN ('created', 'updated', 'replied', 'time')),
    -- JSON: domain::automation::Conditions.
    conditions TEXT NOT NULL,
    -- JSON: a list of domain::automation::Action.
    actions TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Each time a rule acted on a ticket: what it changed, or why it could not.
CREATE TABLE automation_runs (
    id INTEGER PRIMARY KEY,
    rule_id BIGINT NOT NULL REFERENCES automation_rules (id) ON DELETE CASCADE,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    trigger_event TEXT NOT NULL,
    -- A time rule acts once per state of the ticket: the ticket's updated_at it saw.
    occasion BIGINT,
    changes TEXT NOT NULL,
    error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX automation_runs_rule ON automation_runs (rule_id, id);
CREATE INDEX automation_runs_ticket ON automation_runs (ticket_id, id);
CREATE UNIQUE INDEX automation_runs_once ON automation_runs (rule_id, ticket_id, occasion);

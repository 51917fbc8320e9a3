-- The complete service desk (SQLite). Paired with ../postgres/0002_service_desk.sql: same
-- tables, columns and order, except the search index (tables named search_*), which is
-- backend-specific, derived from the tickets, left out of backups and rebuilt on restore.

-- SLA: business-hours calendars and policies.
CREATE TABLE calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL,
    -- JSON: seven lists (Monday first) of "HH:MM-HH:MM" segments.
    week TEXT NOT NULL,
    -- JSON: [{"kind": "date"|"range"|"yearly", ...}].
    holidays TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    calendar_id BIGINT NOT NULL REFERENCES calendars (id),
    -- What the policy applies to; NULL matches anything.
    priority BIGINT CHECK (priority BETWEEN 1 AND 5),
    kind TEXT CHECK (kind IN ('incident', 'service_request')),
    category_id BIGINT REFERENCES categories (id),
    organisation_id BIGINT REFERENCES organisations (id),
    -- JSON: [{"priority": 1..5, "response_minutes": N, "resolution_minutes": N}].
    targets TEXT NOT NULL,
    warn_percent BIGINT NOT NULL CHECK (warn_percent BETWEEN 1 AND 99),
    -- JSON: escalation levels, in order.
    escalations TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Routing: people who are away are skipped; teams have a lead; round robin remembers.
ALTER TABLE users ADD COLUMN away BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE teams ADD COLUMN lead_id BIGINT REFERENCES users (id);
ALTER TABLE team_members ADD COLUMN last_assigned_at BIGINT;

CREATE TABLE assignment_rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    kind TEXT CHECK (kind IN ('incident', 'service_request')),
    category_id BIGINT REFERENCES categories (id),
    organisation_id BIGINT REFERENCES organisations (id),
    -- Comma-separated; the rule matches when any occurs in the subject or description.
    keywords TEXT NOT NULL DEFAULT '',
    team_id BIGINT NOT NULL REFERENCES teams (id),
    method TEXT NOT NULL CHECK (method IN ('team', 'round_robin', 'least_loaded')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Tickets: SLA clocks, resolution, major incidents, merges, reopenings, time, imports.
ALTER TABLE tickets ADD COLUMN sla_policy_id BIGINT REFERENCES sla_policies (id);
ALTER TABLE tickets ADD COLUMN first_response_at BIGINT;
ALTER TABLE tickets ADD COLUMN response_due BIGINT;
ALTER TABLE tickets ADD COLUMN response_warn_at BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_due BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_warn_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_paused_at BIGINT;
ALTER TABLE tickets ADD COLUMN response_breached BOOLEAN;
ALTER TABLE tickets ADD COLUMN resolution_breached BOOLEAN;
ALTER TABLE tickets ADD COLUMN sla_next_check_at BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_code TEXT;
ALTER TABLE tickets ADD COLUMN resolution_note TEXT;
ALTER TABLE tickets ADD COLUMN major_incident BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN merged_into_id BIGINT REFERENCES tickets (id);
ALTER TABLE tickets ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN time_spent_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN import_source TEXT;
ALTER TABLE tickets ADD COLUMN import_version BIGINT;
-- Only tickets whose clocks run are waiting for the sweep.
CREATE INDEX tickets_sla_check ON tickets (sla_next_check_at) WHERE sla_next_check_at IS NOT NULL;
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_category ON tickets (category_id, id);
CREATE INDEX tickets_resolution_due ON tickets (status, resolution_due);

-- Intervals in which a ticket's SLA clocks stood still (pending, resolved then reopened).
CREATE TABLE ticket_pauses (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses (ticket_id, id);

-- Warnings (level 0) and escalation levels applied; the unique key makes each happen once.
CREATE TABLE ticket_escalations (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    clock TEXT NOT NULL CHECK (clock IN ('response', 'resolution')),
    level BIGINT NOT NULL,
    applied_at BIGINT NOT NULL,
    UNIQUE (ticket_id, clock, level)
);

CREATE TABLE ticket_links (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('parent', 'duplicate_of', 'related', 'caused_by_change')),
    -- The other ticket; NULL for a change, named by change_ref until changes are records.
    target_id BIGINT REFERENCES tickets (id) ON DELETE CASCADE,
    change_ref TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ticket_links_unique ON ticket_links (ticket_id, kind, COALESCE(target_id, 0), COALESCE(change_ref, ''));
CREATE INDEX ticket_links_target ON ticket_links (target_id);

CREATE TABLE ticket_watchers (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_watchers_user ON ticket_watchers (user_id);

CREATE TABLE canned_responses (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- NULL: shared with all staff; otherwise personal.
    owner_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE major_incident_updates (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX major_incident_updates_ticket ON major_incident_updates (ticket_id, id);

CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    minutes BIGINT NOT NULL CHECK (minutes > 0),
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX time_entries_ticket ON time_entries (ticket_id, id);
CREATE INDEX time_entries_user ON time_entries (user_id, created_at);

CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shared BOOLEAN NOT NULL DEFAULT FALSE,
    -- The view's filters and sort, as a URL query string of the ticket list.
    query TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (owner_id, name)
);

-- Progress of long jobs (recomputations, imports, exports), for people watching.
ALTER TABLE jobs ADD COLUMN progress_done BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN progress_total BIGINT;
CREATE INDEX jobs_kind ON jobs (kind, id);

-- Full-text search: one document per ticket. subject and public_text (description and
-- public replies) are what requesters may search; internal_text holds internal notes.
-- Contentless: the text lives in the tickets and comments, not twice.
CREATE VIRTUAL TABLE search_tickets USING fts5 (
    subject, public_text, internal_text,
    content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
);

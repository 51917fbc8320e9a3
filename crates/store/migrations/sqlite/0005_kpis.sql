-- KPIs (SQLite). Paired with ../postgres/0005_kpis.sql: the same indexes in both.
-- Covering indexes for the dashboard's reads (store/kpis.rs): each figure is read from one
-- index range without touching the table, whose rows are many times wider. They carry the
-- scope columns (organisation, team, kind) and what the figures need. Partial where only
-- some tickets count, so creating a ticket maintains just the first two.

-- Tickets created in a period.
CREATE INDEX tickets_kpi_created ON tickets (created_at, organisation_id, team_id, kind);

-- The open backlog. The status list must stay the one store/kpis.rs writes (OPEN_SQL):
-- a partial index serves only queries whose WHERE repeats its predicate.
CREATE INDEX tickets_kpi_open ON tickets (status, organisation_id, team_id, kind, priority, assignee_id, created_at)
    WHERE status IN ('new', 'assigned', 'in_progress', 'pending');

-- Tickets first answered in a period, and how long that took.
CREATE INDEX tickets_kpi_first_response ON tickets (first_response_at, organisation_id, team_id, kind, priority, created_at)
    WHERE first_response_at IS NOT NULL;

-- Tickets resolved in a period: durations, SLA flags, reopenings, assignees.
CREATE INDEX tickets_kpi_resolved ON tickets (resolved_at, organisation_id, team_id, kind, priority, assignee_id,
    created_at, response_breached, resolution_breached, reopen_count)
    WHERE resolved_at IS NOT NULL;

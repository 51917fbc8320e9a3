-- Open tickets and unread notifications (SQLite). Paired with ../postgres/0010_open_tickets.sql:
-- the same indexes in both.
-- Most of the queue reads open tickets, a few per cent of a large database: the open tab,
-- a team's open tickets, their counts. Partial indexes over the open tickets answer those
-- from a small range instead of walking every ticket a team ever had (a rare priority
-- among a team's open tickets took 900 ms at a million tickets). The status list must stay
-- the one store/search.rs writes (status_list): a partial index serves only queries that
-- repeat its predicate. Each carries the organisation after the id, and the team index the
-- priority too: an agent's view is limited to their organisations, and a count or a
-- priority filter is checked from the index instead of reading each ticket (an agent's
-- open tickets took 15 ms to count, the unassigned 50 ms).
CREATE INDEX tickets_open ON tickets (id, organisation_id)
    WHERE status IN ('new', 'assigned', 'in_progress', 'pending');
CREATE INDEX tickets_open_team ON tickets (team_id, id, organisation_id, priority)
    WHERE status IN ('new', 'assigned', 'in_progress', 'pending');
DROP INDEX tickets_open_assignee;
CREATE INDEX tickets_open_assignee ON tickets (assignee_id, id, organisation_id)
    WHERE status IN ('new', 'assigned', 'in_progress', 'pending');
-- Every page shows the count of unread notifications; an agent told of every ticket of
-- their team has read most of a hundred thousand.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

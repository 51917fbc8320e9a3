-- Routing (SQLite). Paired with ../postgres/0007_routing.sql: the same index in both.
-- Least-loaded routing counts each team member's open tickets at every filing: a partial
-- index on the assignee of open tickets answers that from a small index range, however
-- many closed tickets an agent has. The status list must stay the one store/routing.rs
-- writes (OPEN_ASSIGNED): a partial index serves only queries that repeat its predicate.
CREATE INDEX tickets_open_assignee ON tickets (assignee_id)
    WHERE status IN ('new', 'assigned', 'in_progress', 'pending');

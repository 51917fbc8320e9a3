-- Tickets whose clocks run, in the order their resolution falls due: the "breaching soon"
-- view and any list sorted by due time read a page from here, starting at now (what is
-- due before now is already breached), instead of sorting every open ticket. The sort
-- expression and the status list must stay those store/search.rs writes (sort_expression,
-- RUNNING): an expression index serves only queries that repeat its expression, and a
-- partial index only queries that repeat its predicate.
CREATE INDEX tickets_running_due ON tickets (COALESCE(resolution_due, 9223372036854775807), id)
    WHERE status IN ('new', 'assigned', 'in_progress') AND sla_paused_at IS NULL;

-- KPIs (PostgreSQL). Paired with ../sqlite/0005_kpis.sql: the same indexes in both.
-- Time to first response is measured over the tickets first answered in a period, so the
-- period must bound the rows read, as tickets_created and tickets_resolved do for the rest.
CREATE INDEX tickets_first_response ON tickets (first_response_at);

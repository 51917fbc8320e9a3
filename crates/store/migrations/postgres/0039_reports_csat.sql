-- CSAT in the KPIs (issue 17): the survey answers of a period are read by the time they
-- were given, with the ticket and rating in the index so the answers' table is not read (postgres).
-- Paired with ../sqlite/0039_reports_csat.sql.
CREATE INDEX ticket_surveys_answered ON ticket_surveys (answered_at, ticket_id, rating);

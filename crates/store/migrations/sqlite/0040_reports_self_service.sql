-- Self-service figures in the KPIs (issue 17): the article views of a period are read by
-- the time they were made, with what the figures need of each view in the index, so the
-- views' table (one row per view, the largest of self-service) is not read (sqlite).
-- Paired with ../postgres/0040_reports_self_service.sql.
CREATE INDEX kb_views_created ON kb_views (created_at, article_id, source, user_id);

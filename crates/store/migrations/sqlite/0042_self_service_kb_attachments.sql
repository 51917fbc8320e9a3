-- Files attached to knowledge-base articles (sqlite). Paired with
-- ../postgres/0042_self_service_kb_attachments.sql.
-- Like tickets' attachments, a row names a content-addressed blob, written before the row.
CREATE TABLE kb_article_attachments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX kb_article_attachments_article ON kb_article_attachments (article_id, id);

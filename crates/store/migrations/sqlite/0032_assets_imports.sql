-- CSV imports: a file uploaded for a preview, kept until its uploader confirms it (or it
-- expires), so that what is written is exactly what was previewed (sqlite).
-- Paired with ../postgres/0032_assets_imports.sql.

CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('assets', 'software', 'licences', 'people')),
    file_name TEXT NOT NULL,
    -- The file decoded to UTF-8 (at most 10 MiB).
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    applied_at BIGINT,
    -- What the import did, as JSON, once applied.
    summary TEXT
);
CREATE INDEX import_uploads_expires ON import_uploads (expires_at);

-- The terms assets and configuration items are searched by (domain::assets::search): a
-- search word matches a record when it starts one of its terms, which one index range
-- finds. Written with the record; records made before this table are indexed when the
-- server starts (Store::index_unindexed_terms) (sqlite).
-- Paired with ../postgres/0025_assets_search.sql.
CREATE TABLE asset_terms (
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'ci')),
    term TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    PRIMARY KEY (kind, term, record_id)
) WITHOUT ROWID;
CREATE INDEX asset_terms_record ON asset_terms (kind, record_id);

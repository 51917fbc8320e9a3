-- The knowledge base: categories, articles with their versions, readers' feedback and
-- views, the articles used on tickets, and the articles' full-text index (sqlite).
-- Paired with ../postgres/0037_self_service_kb.sql.

-- A category of articles, of one organisation's subtree or of every organisation (NULL),
-- nested one level (`parent_id` names a top-level category).
CREATE TABLE kb_categories (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT REFERENCES organisations (id),
    parent_id BIGINT REFERENCES kb_categories (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX kb_categories_organisation ON kb_categories (organisation_id, name);

-- An article: `body` is sanitised HTML, `body_text` its words (what search indexes and
-- versions are compared by). Translations of one article share its `translation_of` (the
-- first article of the group; NULL on that one). `review_on` is a local day (YYYY-MM-DD)
-- by which its owner should check it.
CREATE TABLE kb_articles (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT REFERENCES organisations (id),
    category_id BIGINT REFERENCES kb_categories (id),
    translation_of BIGINT REFERENCES kb_articles (id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    body_text TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'archived')),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    review_on TEXT,
    views BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);
CREATE INDEX kb_articles_organisation ON kb_articles (organisation_id, id);
CREATE INDEX kb_articles_group ON kb_articles (translation_of) WHERE translation_of IS NOT NULL;
CREATE INDEX kb_articles_review ON kb_articles (owner_id, review_on) WHERE review_on IS NOT NULL;

-- Every saved version of an article's text, numbered like the article's `version`.
CREATE TABLE kb_article_versions (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (article_id, version)
);

-- "Was this helpful?": one answer per person and article, changeable.
CREATE TABLE kb_feedback (
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    helpful BOOLEAN NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

-- Each time a person opened an article, and from where: `suggestion` is the new-ticket
-- form's offer, from which deflections are counted.
CREATE TABLE kb_views (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id),
    source TEXT NOT NULL CHECK (source IN ('page', 'suggestion', 'search')),
    created_at BIGINT NOT NULL
);
CREATE INDEX kb_views_article ON kb_views (article_id, source, created_at);

-- The articles an agent used on a ticket (inserted into a reply).
CREATE TABLE ticket_articles (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    added_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, article_id)
);
CREATE INDEX ticket_articles_article ON ticket_articles (article_id);

-- Full-text search over articles: derived from kb_articles (title weighs most, then the
-- summary), written with each save, left out of backups and rebuilt after a restore.
CREATE VIRTUAL TABLE search_kb_articles USING fts5 (
    title, summary, body,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

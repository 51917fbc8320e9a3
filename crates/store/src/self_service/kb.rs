//! The knowledge base: categories, articles with a version row per save, feedback, views,
//! the articles used on tickets, and the articles' full-text index (SQLite FTS5 with bm25,
//! PostgreSQL tsvector with a GIN index and ts_rank; the title weighs most, then the
//! summary). The index is derived from `kb_articles.body_text`: written in each save's
//! transaction and rebuilt by [`Store::reindex_articles`] after a restore.

use crate::db::Arg;
use crate::platform::notifications::NewNotification;
use crate::platform::users::push_in;
use crate::{Backend, Sql, Store, StoreError, Tx};

/// How long after opening a suggested article a ticket filed by the same person still
/// means the article did not help (microseconds): 30 minutes.
pub const DEFLECTION_WINDOW: i64 = 30 * 60 * 1_000_000;

/// The condition that a view `v` (of `kb_views`) was a deflection: opened from the
/// new-ticket form's suggestion by a known person who filed no ticket within `window`
/// (a placeholder bound to [`DEFLECTION_WINDOW`]) after it. Only views older than the
/// window can be judged; the caller bounds `v.created_at`.
pub(crate) fn deflected(window: &str) -> String {
    format!(
        "v.source = 'suggestion' AND v.user_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = v.user_id
               AND t.created_at >= v.created_at AND t.created_at <= v.created_at + {window})"
    )
}

/// Appends the condition that article `a` is global or of one of `organisations`.
pub(crate) fn push_article_organisations(sql: &mut Sql, organisations: &[i64]) {
    let params: Vec<String> = organisations.iter().map(|o| sql.arg(*o)).collect();
    let list = if params.is_empty() { "NULL".to_string() } else { params.join(", ") };
    sql.push(&format!(" AND (a.organisation_id IS NULL OR a.organisation_id IN ({list}))"));
}

/// A category as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct KbCategoryRow {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An article as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub category_id: Option<i64>,
    pub translation_of: Option<i64>,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_text: String,
    pub visibility: String,
    pub state: String,
    pub owner_id: i64,
    pub review_on: Option<String>,
    pub views: i64,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

/// An article with the names around it and its figures.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ArticleView {
    #[sqlx(flatten)]
    pub article: ArticleRow,
    pub owner_name: String,
    pub category_name: Option<String>,
    pub helpful: i64,
    pub unhelpful: i64,
}

/// A saved version of an article's text.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ArticleVersionRow {
    pub id: i64,
    pub article_id: i64,
    pub version: i64,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub state: String,
    pub author_id: Option<i64>,
    pub created_at: i64,
    pub author_name: Option<String>,
}

/// One person's answer to "was this helpful?".
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FeedbackRow {
    pub article_id: i64,
    pub user_id: i64,
    pub helpful: bool,
    pub comment: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a list of articles shows. Every filter narrows; empty means any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFilter {
    /// The organisations whose articles may be listed, global ones always (`None`: all).
    pub organisations: Option<Vec<i64>>,
    /// Only published public articles (what employees read).
    pub public_only: bool,
    pub states: Vec<String>,
    pub category_id: Option<i64>,
    pub language: Option<String>,
    /// Only those of this owner.
    pub owner_id: Option<i64>,
    /// Only those due for review on or before this day (YYYY-MM-DD), not archived.
    pub review_by: Option<String>,
    /// An FTS5 query (SQLite) or `to_tsquery` text (PostgreSQL); ranked when given.
    pub search: Option<String>,
    /// Most viewed first instead.
    pub popular: bool,
    /// Unranked lists: ids below this one (keyset). Ranked: rows to skip.
    pub after: Option<i64>,
    pub limit: i64,
}

/// The figures of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFigures {
    /// Resolved or closed tickets it was used on.
    pub resolved_tickets: i64,
    /// Opened from the new-ticket form's suggestion, with no ticket filed by the same person
    /// within [`DEFLECTION_WINDOW`].
    pub deflections: i64,
}

const WRITABLE: &[&str] = &[
    "organisation_id",
    "category_id",
    "translation_of",
    "language",
    "title",
    "summary",
    "body",
    "body_text",
    "visibility",
    "state",
    "owner_id",
    "review_on",
    "updated_at",
    "published_at",
];

fn writable_args(a: &ArticleRow) -> Vec<Arg> {
    vec![
        a.organisation_id.into(),
        a.category_id.into(),
        a.translation_of.into(),
        (&a.language).into(),
        (&a.title).into(),
        (&a.summary).into(),
        (&a.body).into(),
        (&a.body_text).into(),
        (&a.visibility).into(),
        (&a.state).into(),
        a.owner_id.into(),
        a.review_on.as_deref().into(),
        a.updated_at.into(),
        a.published_at.into(),
    ]
}

const VIEW: &str = "SELECT a.*, u.name AS owner_name, c.name AS category_name,
        (SELECT COUNT(*) FROM kb_feedback f WHERE f.article_id = a.id AND f.helpful) AS helpful,
        (SELECT COUNT(*) FROM kb_feedback f WHERE f.article_id = a.id AND NOT f.helpful) AS unhelpful
     FROM kb_articles a JOIN users u ON u.id = a.owner_id LEFT JOIN kb_categories c ON c.id = a.category_id";

/// The search index's matches with their score (lower is better), as a subquery.
fn matches(backend: Backend, query: &str) -> String {
    match backend {
        Backend::Sqlite => format!(
            "SELECT rowid AS id, bm25(search_kb_articles, 10.0, 4.0, 1.0) AS score
             FROM search_kb_articles WHERE search_kb_articles MATCH {query}"
        ),
        Backend::Postgres => format!(
            "SELECT article_id AS id, -ts_rank(doc, to_tsquery('simple', {query})) AS score
             FROM search_kb_articles WHERE doc @@ to_tsquery('simple', {query})"
        ),
    }
}

/// Writes the index's document of the articles `condition` (on `kb_articles`) selects.
async fn index(tx: &mut Tx, condition: &str, args: Vec<Arg>) -> Result<(), StoreError> {
    let (remove, insert) = match tx.backend() {
        Backend::Sqlite => (
            format!("DELETE FROM search_kb_articles WHERE rowid IN (SELECT id FROM kb_articles WHERE {condition})"),
            format!(
                "INSERT INTO search_kb_articles (rowid, title, summary, body)
                 SELECT id, title, summary, body_text FROM kb_articles WHERE {condition}"
            ),
        ),
        Backend::Postgres => (
            format!("DELETE FROM search_kb_articles WHERE article_id IN (SELECT id FROM kb_articles WHERE {condition})"),
            format!(
                "INSERT INTO search_kb_articles (article_id, doc)
                 SELECT id, setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', summary), 'B')
                    || to_tsvector('simple', body_text)
                 FROM kb_articles WHERE {condition}"
            ),
        ),
    };
    for text in [remove, insert] {
        args.iter().cloned().fold(Sql::new(text), Sql::bind).execute(&mut *tx).await?;
    }
    Ok(())
}

/// Writes the version row of `a` as it now is.
async fn insert_version(tx: &mut Tx, a: &ArticleRow, author_id: Option<i64>) -> Result<(), StoreError> {
    Sql::new(
        "INSERT INTO kb_article_versions (article_id, version, title, summary, body, state, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(a.id)
    .bind(a.version)
    .bind(&a.title)
    .bind(&a.summary)
    .bind(&a.body)
    .bind(&a.state)
    .bind(author_id)
    .bind(a.updated_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

impl Store {
    /// Every category (there are few), by name.
    pub async fn kb_categories(&self) -> Result<Vec<KbCategoryRow>, StoreError> {
        Sql::new("SELECT * FROM kb_categories ORDER BY name, id").fetch_all(self.db()).await
    }

    /// One category.
    pub async fn kb_category(&self, id: i64) -> Result<KbCategoryRow, StoreError> {
        Sql::new("SELECT * FROM kb_categories WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Adds a category.
    pub async fn create_kb_category(&self, c: &KbCategoryRow) -> Result<KbCategoryRow, StoreError> {
        let columns = ["organisation_id", "parent_id", "name", "created_at", "updated_at"];
        let args = vec![
            c.organisation_id.into(),
            c.parent_id.into(),
            (&c.name).into(),
            c.created_at.into(),
            c.updated_at.into(),
        ];
        let mut tx = self.begin().await?;
        let saved = Sql::insert_returning("kb_categories", &columns, args).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Renames or moves a category.
    pub async fn save_kb_category(&self, c: &KbCategoryRow) -> Result<(), StoreError> {
        Sql::new("UPDATE kb_categories SET parent_id = $1, name = $2, updated_at = $3 WHERE id = $4")
            .bind(c.parent_id)
            .bind(&c.name)
            .bind(c.updated_at)
            .bind(c.id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Adds an article, its first version and its index document, in one transaction.
    pub async fn create_article(&self, a: &ArticleRow) -> Result<ArticleRow, StoreError> {
        let mut tx = self.begin().await?;
        let mut columns = WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let mut args = writable_args(a);
        args.extend([a.created_by.into(), a.created_at.into()]);
        let saved: ArticleRow = Sql::insert_returning("kb_articles", &columns, args).fetch_one(&mut tx).await?;
        insert_version(&mut tx, &saved, a.created_by).await?;
        index(&mut tx, "id = $1", vec![saved.id.into()]).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves an article if it is still at `expected_version` (a changed one is stale), with
    /// its new version row and index document, in one transaction.
    pub async fn save_article(
        &self,
        a: &ArticleRow,
        expected_version: i64,
        author_id: Option<i64>,
    ) -> Result<ArticleRow, StoreError> {
        let mut tx = self.begin().await?;
        let sql = Sql::update_versioned("kb_articles", WRITABLE, writable_args(a), a.id, expected_version);
        let saved: Option<ArticleRow> = sql.fetch_optional(&mut tx).await?;
        let saved = saved.ok_or(StoreError::Stale)?;
        insert_version(&mut tx, &saved, author_id).await?;
        index(&mut tx, "id = $1", vec![saved.id.into()]).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Rebuilds the whole article index (after a restore). Returns how many were indexed.
    pub async fn reindex_articles(&self) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        index(&mut tx, "1 = 1", vec![]).await?;
        tx.commit().await?;
        Sql::new("SELECT COUNT(*) FROM kb_articles").scalar(self.db()).await
    }

    /// One article with its names and feedback counts.
    pub async fn article(&self, id: i64) -> Result<ArticleView, StoreError> {
        Sql::new(format!("{VIEW} WHERE a.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// The articles of one translation group (the first article and its translations).
    pub async fn article_translations(&self, group: i64) -> Result<Vec<ArticleRow>, StoreError> {
        Sql::new("SELECT * FROM kb_articles WHERE id = $1 OR translation_of = $1 ORDER BY id")
            .bind(group)
            .fetch_all(self.db())
            .await
    }

    /// A page of articles: ranked by the search when there is one, most viewed first when
    /// `popular`, else newest first. The page is chosen on the articles' own columns first
    /// and only its rows are read whole, with their names and feedback counts: sorting
    /// every match whole (bodies and counts) took hundreds of milliseconds for a word in
    /// most of 10,000 articles (docs/benchmarks.md, "The portal").
    pub async fn articles(&self, f: &ArticleFilter) -> Result<Vec<ArticleView>, StoreError> {
        let mut page = Sql::new(format!("{VIEW} JOIN ("));
        let score = match &f.search {
            Some(search) => {
                let q = page.arg(search);
                page.push(&format!(
                    "SELECT a.id AS page_id, m.score AS page_score FROM kb_articles a
                     JOIN ({}) m ON m.id = a.id",
                    matches(self.backend(), &q)
                ));
                true
            }
            None => {
                page.push("SELECT a.id AS page_id FROM kb_articles a");
                false
            }
        };
        if f.category_id.is_some() {
            page.push(" LEFT JOIN kb_categories c ON c.id = a.category_id");
        }
        page.push(" WHERE 1 = 1");
        if let Some(orgs) = &f.organisations {
            push_article_organisations(&mut page, orgs);
        }
        if f.public_only {
            page.push(" AND a.state = 'published' AND a.visibility = 'public'");
        }
        if !f.states.is_empty() {
            push_in(&mut page, "a.state", &f.states);
        }
        if let Some(category) = f.category_id {
            let p = page.arg(category);
            page.push(&format!(" AND (a.category_id = {p} OR c.parent_id = {p})"));
        }
        if let Some(language) = &f.language {
            let p = page.arg(language);
            page.push(&format!(" AND a.language = {p}"));
        }
        if let Some(owner) = f.owner_id {
            let p = page.arg(owner);
            page.push(&format!(" AND a.owner_id = {p}"));
        }
        if let Some(day) = &f.review_by {
            let p = page.arg(day);
            page.push(&format!(" AND a.review_on <= {p} AND a.state <> 'archived'"));
        }
        let (order, outer_order) = if score {
            ("page_score, a.id DESC", "p.page_score, a.id DESC")
        } else if f.popular {
            ("a.views DESC, a.id DESC", "a.views DESC, a.id DESC")
        } else {
            ("a.id DESC", "a.id DESC")
        };
        let limit = page.arg(f.limit);
        if score || f.popular {
            let offset = page.arg(f.after.unwrap_or(0));
            page.push(&format!(" ORDER BY {order} LIMIT {limit} OFFSET {offset}"));
        } else {
            if let Some(after) = f.after {
                let p = page.arg(after);
                page.push(&format!(" AND a.id < {p}"));
            }
            page.push(&format!(" ORDER BY {order} LIMIT {limit}"));
        }
        page.push(&format!(") p ON p.page_id = a.id ORDER BY {outer_order}"));
        page.fetch_all(self.db()).await
    }

    /// An article's versions, newest first.
    pub async fn article_versions(&self, article_id: i64) -> Result<Vec<ArticleVersionRow>, StoreError> {
        Sql::new(
            "SELECT v.*, u.name AS author_name FROM kb_article_versions v LEFT JOIN users u ON u.id = v.author_id
             WHERE v.article_id = $1 ORDER BY v.version DESC",
        )
        .bind(article_id)
        .fetch_all(self.db())
        .await
    }

    /// Records or changes one person's answer to "was this helpful?".
    pub async fn save_feedback(&self, f: &FeedbackRow) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO kb_feedback (article_id, user_id, helpful, comment, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (article_id, user_id) DO UPDATE
             SET helpful = excluded.helpful, comment = excluded.comment, updated_at = excluded.updated_at",
        )
        .bind(f.article_id)
        .bind(f.user_id)
        .bind(f.helpful)
        .bind(&f.comment)
        .bind(f.updated_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// One person's answer about an article, if they gave one.
    pub async fn feedback_of(&self, article_id: i64, user_id: i64) -> Result<Option<FeedbackRow>, StoreError> {
        Sql::new("SELECT * FROM kb_feedback WHERE article_id = $1 AND user_id = $2")
            .bind(article_id)
            .bind(user_id)
            .fetch_optional(self.db())
            .await
    }

    /// The comments left with feedback on an article, newest first.
    pub async fn feedback_comments(&self, article_id: i64, limit: i64) -> Result<Vec<FeedbackRow>, StoreError> {
        Sql::new("SELECT * FROM kb_feedback WHERE article_id = $1 AND comment <> '' ORDER BY updated_at DESC LIMIT $2")
            .bind(article_id)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// Counts a view of an article, remembering who opened it from where.
    pub async fn record_article_view(
        &self,
        article_id: i64,
        user_id: Option<i64>,
        source: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        Sql::new("INSERT INTO kb_views (article_id, user_id, source, created_at) VALUES ($1, $2, $3, $4)")
            .bind(article_id)
            .bind(user_id)
            .bind(source)
            .bind(at)
            .execute(&mut tx)
            .await?;
        Sql::new("UPDATE kb_articles SET views = views + 1 WHERE id = $1").bind(article_id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that an article was used on a ticket (once per ticket and article).
    pub async fn add_ticket_article(
        &self,
        ticket_id: i64,
        article_id: i64,
        added_by: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO ticket_articles (ticket_id, article_id, added_by, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ticket_id, article_id) DO NOTHING",
        )
        .bind(ticket_id)
        .bind(article_id)
        .bind(added_by)
        .bind(at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The ids of the articles used on a ticket.
    pub async fn ticket_article_ids(&self, ticket_id: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> =
            Sql::new("SELECT article_id FROM ticket_articles WHERE ticket_id = $1 ORDER BY created_at")
                .bind(ticket_id)
                .fetch_all(self.db())
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// An article's figures, judged at `now`.
    pub async fn article_figures(&self, article_id: i64, now: i64) -> Result<ArticleFigures, StoreError> {
        let resolved_tickets = Sql::new(
            "SELECT COUNT(*) FROM ticket_articles ta JOIN tickets t ON t.id = ta.ticket_id
             WHERE ta.article_id = $1 AND t.status IN ('resolved', 'closed')",
        )
        .bind(article_id)
        .scalar(self.db())
        .await?;
        let deflections = Sql::new(format!(
            "SELECT COUNT(*) FROM kb_views v WHERE v.article_id = $1 AND v.created_at <= $2 AND {}",
            deflected("$3")
        ))
        .bind(article_id)
        .bind(now - DEFLECTION_WINDOW)
        .bind(DEFLECTION_WINDOW)
        .scalar(self.db())
        .await?;
        Ok(ArticleFigures { resolved_tickets, deflections })
    }

    /// The owners with articles due for review by `day` (YYYY-MM-DD), and how many each.
    pub async fn articles_due_for_review(&self, day: &str) -> Result<Vec<(i64, i64)>, StoreError> {
        Sql::new(
            "SELECT owner_id, COUNT(*) FROM kb_articles WHERE review_on <= $1 AND state <> 'archived'
             GROUP BY owner_id ORDER BY owner_id",
        )
        .bind(day)
        .fetch_all(self.db())
        .await
    }

    /// Writes review reminders (notifications linking to the owner's list).
    pub async fn add_review_reminders(&self, notes: &[NewNotification], now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        self.insert_notifications(&mut tx, notes, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

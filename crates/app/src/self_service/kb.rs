//! The knowledge base (domain::self_service::kb): categories, articles in several
//! languages with their states, versions and diffs, "was this helpful", views, full-text
//! search, the articles used on tickets and what they count for, and the articles due for
//! review. Who reads and writes what is `self_service::access`.
//!
//! An article's body is HTML sanitised when it is saved and again when it is shown
//! (`kb_html`). Every save writes a version. A writer's change to a published article
//! sends it back to review (`state_after_edit`).

use chrono::{DateTime, NaiveDate, Utc};
use helmdesk_domain::platform::preferences::LANGUAGES;
use helmdesk_domain::self_service::kb::{
    ARTICLE_BODY_MAX, ArticleState, ArticleVisibility, DiffPart, FEEDBACK_MAX, SUMMARY_MAX, ViewSource, check_move,
    diff_words, state_after_edit,
};
use helmdesk_domain::service_desk::search::{LastWord, fts5_query, search_words, tsquery};
use helmdesk_domain::validate;
use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::self_service::kb::{
    ArticleFilter, ArticleRow, ArticleVersionRow, ArticleView, FeedbackRow, KbCategoryRow,
};
use helmdesk_store::{Backend, StoreError};
use serde::{Deserialize, Serialize};

use crate::platform::access::Capability;
use crate::self_service::access::SelfServicePermission;
use crate::self_service::kb_html::{sanitise, text_of};
use crate::{Actor, App, AppError, Page, decode_cursor, encode_cursor, ts};

/// Most results a page of articles holds.
pub const ARTICLES_PAGE_MAX: i64 = 100;
/// The event of a review reminder notification.
pub const REVIEW_EVENT: &str = "article_review";

/// A knowledge-base category.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KbCategory {
    pub id: i64,
    /// The organisation whose subtree it belongs to; `null`: every organisation.
    pub organisation_id: Option<i64>,
    /// The top-level category it is under, if any (one level of nesting).
    pub parent_id: Option<i64>,
    pub name: String,
}

impl From<KbCategoryRow> for KbCategory {
    fn from(c: KbCategoryRow) -> Self {
        KbCategory { id: c.id, organisation_id: c.organisation_id, parent_id: c.parent_id, name: c.name }
    }
}

/// A category to add.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKbCategory {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// A top-level category to nest it under.
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// The caller's organisation by default (every organisation for people whose
    /// organisations are the whole tree).
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

/// An article.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Article {
    pub id: i64,
    /// The organisation whose subtree it belongs to; `null`: every organisation.
    pub organisation_id: Option<i64>,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    /// The first article of its translations (its own id when it is that one).
    pub group_id: i64,
    /// Its language (`en`, `nl`).
    pub language: String,
    pub title: String,
    pub summary: String,
    /// Sanitised HTML.
    pub body: String,
    pub visibility: ArticleVisibility,
    pub state: ArticleState,
    pub owner_id: i64,
    pub owner: String,
    /// The day by which its owner should check it.
    pub review_on: Option<NaiveDate>,
    /// Whether that day has come.
    pub review_due: bool,
    /// How often it was opened.
    pub views: i64,
    /// Readers who found it helpful, and who did not.
    pub helpful: i64,
    pub unhelpful: i64,
    /// Send as `If-Match` to change it only if nobody else has.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl Article {
    fn new(v: ArticleView, today: NaiveDate) -> Result<Article, AppError> {
        let a = v.article;
        let review_on = a
            .review_on
            .as_deref()
            .map(day)
            .transpose()
            .map_err(|_| AppError::Internal("a stored review day is not a date".into()))?;
        let state: ArticleState = a.state.parse().map_err(AppError::stored)?;
        Ok(Article {
            id: a.id,
            organisation_id: a.organisation_id,
            category_id: a.category_id,
            category: v.category_name,
            group_id: a.translation_of.unwrap_or(a.id),
            language: a.language,
            title: a.title,
            summary: a.summary,
            body: sanitise(&a.body),
            visibility: a.visibility.parse().map_err(AppError::stored)?,
            review_due: state != ArticleState::Archived && review_on.is_some_and(|d| d <= today),
            state,
            owner_id: a.owner_id,
            owner: v.owner_name,
            review_on,
            views: a.views,
            helpful: v.helpful,
            unhelpful: v.unhelpful,
            version: a.version,
            created_at: ts(a.created_at),
            updated_at: ts(a.updated_at),
            published_at: a.published_at.map(ts),
        })
    }
}

/// An article found: what a result list shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleHit {
    pub id: i64,
    pub title: String,
    /// Its summary, or the start of its text.
    pub summary: String,
    pub language: String,
    pub state: ArticleState,
    pub visibility: ArticleVisibility,
    pub category: Option<String>,
}

impl ArticleHit {
    fn new(v: &ArticleView) -> Result<ArticleHit, AppError> {
        let a = &v.article;
        Ok(ArticleHit {
            id: a.id,
            title: a.title.clone(),
            summary: snippet(a),
            language: a.language.clone(),
            state: a.state.parse().map_err(AppError::stored)?,
            visibility: a.visibility.parse().map_err(AppError::stored)?,
            category: v.category_name.clone(),
        })
    }
}

/// The summary, or the first words of the text.
fn snippet(a: &ArticleRow) -> String {
    if !a.summary.is_empty() {
        return a.summary.clone();
    }
    let mut words = String::new();
    for w in a.body_text.split_whitespace() {
        if words.len() + w.len() > 160 {
            words.push('…');
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    words
}

/// An article to write. It starts as a draft.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    #[schema(value_type = helmdesk_domain::validate::Subject)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub summary: Option<String>,
    /// HTML; everything outside the allowlist is removed (docs/self-service.md).
    pub body: String,
    /// `en` by default (the writer's language when it is one of ours).
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// `internal` by default.
    #[serde(default)]
    pub visibility: Option<ArticleVisibility>,
    /// The writer's organisation by default; `global: true` for every organisation.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// For every organisation (people whose organisations are the whole tree only).
    #[serde(default)]
    pub global: bool,
    /// The writer by default.
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub review_on: Option<NaiveDate>,
    /// The article this one translates (it joins that one's group).
    #[serde(default)]
    pub translation_of: Option<i64>,
}

/// Changes to an article; absent fields stay, `null` clears one. `state` moves it (writers
/// submit for review or take back; managers and administrators publish and archive).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlePatch {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Subject>)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub category_id: Option<Option<i64>>,
    #[serde(default)]
    pub visibility: Option<ArticleVisibility>,
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub review_on: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub state: Option<ArticleState>,
}

impl ArticlePatch {
    fn changes_text(&self) -> bool {
        self.title.is_some()
            || self.summary.is_some()
            || self.body.is_some()
            || self.language.is_some()
            || self.category_id.is_some()
            || self.visibility.is_some()
            || self.owner_id.is_some()
            || self.review_on.is_some()
    }
}

/// Which articles to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleQuery {
    /// Words the title, summary or text hold; results are ranked, the title weighing most.
    pub q: Option<String>,
    /// A category (its subcategories included).
    pub category: Option<i64>,
    pub state: Option<ArticleState>,
    pub language: Option<String>,
    /// `due`: only those due for review, not archived.
    pub review: Option<String>,
    /// Only those of this owner.
    pub owner: Option<i64>,
    /// 1 to 100; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A saved version of an article.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleVersion {
    pub version: i64,
    pub title: String,
    pub summary: String,
    /// Sanitised HTML.
    pub body: String,
    /// The state it was saved in.
    pub state: String,
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<ArticleVersionRow> for ArticleVersion {
    fn from(v: ArticleVersionRow) -> Self {
        ArticleVersion {
            version: v.version,
            title: v.title,
            summary: v.summary,
            body: sanitise(&v.body),
            state: v.state,
            author: v.author_name,
            created_at: ts(v.created_at),
        }
    }
}

/// What a piece of a diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Same,
    Removed,
    Added,
}

/// A piece of a diff.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Change {
    pub kind: ChangeKind,
    pub text: String,
}

/// The differences between two versions, word by word, of the title and of the text.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    pub title: Vec<Change>,
    pub body: Vec<Change>,
}

fn changes(old: &str, new: &str) -> Vec<Change> {
    diff_words(old, new)
        .into_iter()
        .map(|p| match p {
            DiffPart::Same(text) => Change { kind: ChangeKind::Same, text },
            DiffPart::Removed(text) => Change { kind: ChangeKind::Removed, text },
            DiffPart::Added(text) => Change { kind: ChangeKind::Added, text },
        })
        .collect()
}

/// "Was this helpful?"
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackInput {
    pub helpful: bool,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// A person's answer, as kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Feedback {
    pub helpful: bool,
    pub comment: String,
    pub updated_at: DateTime<Utc>,
}

impl From<FeedbackRow> for Feedback {
    fn from(f: FeedbackRow) -> Self {
        Feedback { helpful: f.helpful, comment: f.comment, updated_at: ts(f.updated_at) }
    }
}

/// What an article's page shows besides the article: its figures, the reader's own
/// feedback, its translations and the comments left.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleDetails {
    /// Resolved or closed tickets it was used on.
    pub resolved_tickets: i64,
    /// Opened from the new-ticket form's suggestion with no ticket filed within 30 minutes.
    pub deflections: i64,
    pub my_feedback: Option<Feedback>,
    /// The other languages it is in (the ones the reader may read).
    pub translations: Vec<ArticleHit>,
    /// The latest comments left with feedback (staff only).
    pub comments: Vec<Feedback>,
}

fn day(text: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn language(value: Option<&str>, default: &str) -> Result<String, AppError> {
    let code = value.map(str::trim).filter(|v| !v.is_empty()).unwrap_or(default);
    if LANGUAGES.iter().any(|(c, _)| *c == code) {
        Ok(code.to_string())
    } else {
        let known: Vec<&str> = LANGUAGES.iter().map(|(c, _)| *c).collect();
        Err(AppError::invalid("language", format!("must be one of {}", known.join(", "))))
    }
}

/// A body: sanitised, and not empty once sanitised.
fn body(value: &str) -> Result<(String, String), AppError> {
    let clean = sanitise(value);
    let count = clean.chars().count();
    if count > ARTICLE_BODY_MAX {
        return Err(AppError::invalid("body", format!("must be at most {ARTICLE_BODY_MAX} characters")));
    }
    let text = text_of(&clean);
    if text.is_empty() && !clean.contains("<img") {
        return Err(AppError::invalid("body", "must not be empty"));
    }
    Ok((clean, text))
}

fn summary(value: &str) -> Result<String, AppError> {
    let s = validate::optional_text("summary", value, SUMMARY_MAX)?;
    Ok(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The full-text query of a search text for the backend, or none when it has no words.
fn full_text(backend: Backend, q: Option<&str>) -> Option<String> {
    let words = search_words(q?);
    match backend {
        Backend::Sqlite => fts5_query(&words, LastWord::Prefix, None),
        Backend::Postgres => tsquery(&words, LastWord::Prefix),
    }
}

/// A full-text query matching any word of three letters or more of `text` (the last as a
/// prefix), or none when it has no such word.
fn any_word(backend: Backend, text: &str) -> Option<String> {
    let words: Vec<String> = search_words(text).into_iter().filter(|w| w.chars().count() >= 3).collect();
    let (last, rest) = words.split_last()?;
    Some(match backend {
        Backend::Sqlite => {
            let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
            terms.push(format!("\"{last}\"*"));
            terms.join(" OR ")
        }
        Backend::Postgres => {
            let mut terms = rest.to_vec();
            terms.push(format!("{last}:*"));
            terms.join(" | ")
        }
    })
}

/// Keeps one article per translation group: the one in `language` when there is one,
/// else the first found. Order is kept.
fn one_per_group(rows: Vec<ArticleView>, language: &str) -> Vec<ArticleView> {
    let group = |v: &ArticleView| v.article.translation_of.unwrap_or(v.article.id);
    let mut kept: Vec<ArticleView> = Vec::new();
    for row in rows {
        match kept.iter().position(|k| group(k) == group(&row)) {
            Some(i) if row.article.language == language && kept[i].article.language != language => kept[i] = row,
            Some(_) => {}
            None => kept.push(row),
        }
    }
    kept
}

impl App {
    // ---- categories ----

    /// The categories the actor may read, by name.
    pub async fn kb_categories(&self, actor: &Actor) -> Result<Vec<KbCategory>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let rows = self.store().kb_categories().await?;
        Ok(rows.into_iter().filter(|c| actor.reads_scope(c.organisation_id)).map(KbCategory::from).collect())
    }

    /// A category the actor may read, for naming it on an article or as a parent.
    async fn named_kb_category(&self, actor: &Actor, field: &str, id: i64) -> Result<KbCategoryRow, AppError> {
        match self.store().kb_category(id).await {
            Ok(c) if actor.reads_scope(c.organisation_id) => Ok(c),
            Ok(_) | Err(StoreError::NotFound) => Err(AppError::invalid(field, "no such category")),
            Err(e) => Err(e.into()),
        }
    }

    /// Adds a category (managers and administrators).
    pub async fn create_kb_category(&self, actor: &Actor, new: &NewKbCategory) -> Result<KbCategory, AppError> {
        actor.require(SelfServicePermission::ManageArticleCategories)?;
        let organisation_id = new.organisation_id.or(actor.default_scope());
        if !actor.writes_scope(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let parent_id = match new.parent_id {
            Some(id) => {
                let parent = self.named_kb_category(actor, "parent_id", id).await?;
                if parent.parent_id.is_some() {
                    return Err(AppError::invalid("parent_id", "categories nest one level: choose a top-level one"));
                }
                Some(parent.id)
            }
            None => None,
        };
        let now = self.now_micros();
        let row = KbCategoryRow {
            organisation_id,
            parent_id,
            name: validate::name("name", &new.name)?,
            created_at: now,
            updated_at: now,
            ..Default::default()
        };
        Ok(self.store().create_kb_category(&row).await?.into())
    }

    // ---- reading ----

    /// An article row the actor may read.
    pub(crate) async fn readable_article_view(&self, actor: &Actor, id: i64) -> Result<ArticleView, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let v = self.store().article(id).await?;
        actor.readable_article(v.article.clone())?;
        Ok(v)
    }

    /// One article.
    pub async fn article(&self, actor: &Actor, id: i64) -> Result<Article, AppError> {
        Article::new(self.readable_article_view(actor, id).await?, self.today())
    }

    /// The article a reader should read for `id`: its translation in the reader's
    /// language when there is one they may read, else the article itself. Counts the view,
    /// remembering where it was opened from.
    pub async fn read_article(&self, actor: &Actor, id: i64, source: ViewSource) -> Result<Article, AppError> {
        let v = self.readable_article_view(actor, id).await?;
        let wanted = actor.preferences.language();
        let mut chosen = v;
        if chosen.article.language != wanted {
            let group = chosen.article.translation_of.unwrap_or(chosen.article.id);
            let translations = self.store().article_translations(group).await?;
            if let Some(t) = translations.iter().find(|t| t.language == wanted && actor.reads_article(t)) {
                chosen = self.store().article(t.id).await?;
            }
        }
        self.store().record_article_view(chosen.article.id, Some(actor.id), source.as_str(), self.now_micros()).await?;
        chosen.article.views += 1;
        Article::new(chosen, self.today())
    }

    /// An article's figures, the reader's own feedback, its translations and comments.
    pub async fn article_details(&self, actor: &Actor, id: i64) -> Result<ArticleDetails, AppError> {
        let v = self.readable_article_view(actor, id).await?;
        let figures = self.store().article_figures(id, self.now_micros()).await?;
        let my_feedback = self.store().feedback_of(id, actor.id).await?.map(Feedback::from);
        let group = v.article.translation_of.unwrap_or(v.article.id);
        let mut translations = Vec::new();
        for t in self.store().article_translations(group).await? {
            if t.id != id && actor.reads_article(&t) {
                translations.push(ArticleHit::new(&self.store().article(t.id).await?)?);
            }
        }
        let comments = if actor.can(SelfServicePermission::ReadArticles) {
            self.store().feedback_comments(id, 20).await?.into_iter().map(Feedback::from).collect()
        } else {
            Vec::new()
        };
        Ok(ArticleDetails {
            resolved_tickets: figures.resolved_tickets,
            deflections: figures.deflections,
            my_feedback,
            translations,
            comments,
        })
    }

    /// The filter of what the actor may list.
    fn article_filter(&self, actor: &Actor) -> ArticleFilter {
        ArticleFilter {
            organisations: actor.article_organisations(),
            public_only: !actor.can(SelfServicePermission::ReadArticles),
            ..Default::default()
        }
    }

    /// A page of the articles the actor may read: ranked when searching, else newest
    /// first. Employees see published public articles only.
    pub async fn list_articles(&self, actor: &Actor, q: &ArticleQuery) -> Result<Page<Article>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let limit = q.limit.unwrap_or(50);
        if !(1..=ARTICLES_PAGE_MAX).contains(&limit) {
            return Err(AppError::invalid("limit", format!("must be between 1 and {ARTICLES_PAGE_MAX}")));
        }
        let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if text.is_some_and(|s| s.chars().count() > 200) {
            return Err(AppError::invalid("q", "must be at most 200 characters"));
        }
        let review_by = match q.review.as_deref() {
            None | Some("") => None,
            Some("due") => Some(iso(self.today())),
            Some(_) => return Err(AppError::invalid("review", "must be due")),
        };
        let search = full_text(self.store().backend(), text);
        if text.is_some() && search.is_none() {
            return Ok(Page { items: Vec::new(), next_cursor: None });
        }
        let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let filter = ArticleFilter {
            states: q.state.map(|s| vec![s.as_str().to_string()]).unwrap_or_default(),
            category_id: q.category,
            language: match &q.language {
                Some(l) if !l.is_empty() => Some(language(Some(l), "en")?),
                _ => None,
            },
            owner_id: q.owner,
            review_by,
            after,
            limit: limit + 1,
            search: search.clone(),
            ..self.article_filter(actor)
        };
        let mut rows = self.store().articles(&filter).await?;
        let next_cursor = (rows.len() as i64 > limit).then(|| {
            rows.truncate(limit as usize);
            // Ranked pages continue by position, the others after the last id.
            match &search {
                Some(_) => encode_cursor(after.unwrap_or(0) + limit),
                None => encode_cursor(rows.last().map_or(0, |r| r.article.id)),
            }
        });
        let today = self.today();
        Ok(Page { items: rows.into_iter().map(|v| Article::new(v, today)).collect::<Result<_, _>>()?, next_cursor })
    }

    /// The best `limit` articles for a search text, one per translation group in the
    /// reader's language where there is one: what the portal's search shows. Every word
    /// must match (the last as a prefix). Employees find published public articles only,
    /// staff published ones.
    pub async fn search_articles(&self, actor: &Actor, query: &str, limit: i64) -> Result<Vec<ArticleHit>, AppError> {
        let search = full_text(self.store().backend(), Some(query));
        self.published_hits(actor, search, limit, false).await
    }

    /// Published public articles for a new ticket's subject as it is typed: any of its
    /// words of three letters or more may match, the best matches first (a subject is a
    /// sentence, not search words).
    pub async fn suggest_articles(
        &self,
        actor: &Actor,
        subject: &str,
        limit: i64,
    ) -> Result<Vec<ArticleHit>, AppError> {
        let search = any_word(self.store().backend(), subject);
        self.published_hits(actor, search, limit, true).await
    }

    async fn published_hits(
        &self,
        actor: &Actor,
        search: Option<String>,
        limit: i64,
        public_only: bool,
    ) -> Result<Vec<ArticleHit>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        if search.is_none() {
            return Ok(Vec::new());
        }
        let limit = limit.clamp(1, ARTICLES_PAGE_MAX);
        let mut filter = ArticleFilter { search, limit: limit * 3, ..self.article_filter(actor) };
        filter.public_only |= public_only;
        if !filter.public_only {
            filter.states = vec![ArticleState::Published.as_str().into()];
        }
        self.hits(actor, filter, limit).await
    }

    /// The most read published articles the actor may read.
    pub async fn popular_articles(&self, actor: &Actor, limit: i64) -> Result<Vec<ArticleHit>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let limit = limit.clamp(1, ARTICLES_PAGE_MAX);
        let filter = ArticleFilter {
            states: vec![ArticleState::Published.as_str().into()],
            popular: true,
            limit: limit * 3,
            ..self.article_filter(actor)
        };
        self.hits(actor, filter, limit).await
    }

    async fn hits(&self, actor: &Actor, filter: ArticleFilter, limit: i64) -> Result<Vec<ArticleHit>, AppError> {
        let rows = self.store().articles(&filter).await?;
        one_per_group(rows, actor.preferences.language()).iter().take(limit as usize).map(ArticleHit::new).collect()
    }

    /// An article's versions, newest first (staff).
    pub async fn article_versions(&self, actor: &Actor, id: i64) -> Result<Vec<ArticleVersion>, AppError> {
        actor.require(SelfServicePermission::ReadArticles)?;
        self.readable_article_view(actor, id).await?;
        Ok(self.store().article_versions(id).await?.into_iter().map(ArticleVersion::from).collect())
    }

    /// The word diff between two versions of an article (staff).
    pub async fn article_diff(&self, actor: &Actor, id: i64, from: i64, to: i64) -> Result<VersionDiff, AppError> {
        actor.require(SelfServicePermission::ReadArticles)?;
        self.readable_article_view(actor, id).await?;
        let versions = self.store().article_versions(id).await?;
        let find = |field: &str, n: i64| {
            versions.iter().find(|v| v.version == n).ok_or_else(|| AppError::invalid(field, "no such version"))
        };
        let (old, new) = (find("from", from)?, find("to", to)?);
        Ok(VersionDiff {
            from,
            to,
            title: changes(&old.title, &new.title),
            body: changes(&text_of(&old.body), &text_of(&new.body)),
        })
    }

    // ---- writing ----

    /// An owner the actor may name: an active writer of their organisations.
    async fn named_owner(&self, actor: &Actor, id: i64) -> Result<i64, AppError> {
        let user = match self.store().user(id).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Err(AppError::invalid("owner_id", "no such person")),
            Err(e) => return Err(e.into()),
        };
        let writer = user.role.parse().is_ok_and(|r| SelfServicePermission::WriteArticles.allows(r));
        if !user.active || !writer || !actor.sees_organisation(user.organisation_id) {
            return Err(AppError::invalid("owner_id", "must be an active member of staff of your organisations"));
        }
        Ok(user.id)
    }

    /// Writes a new article as a draft.
    pub async fn create_article(&self, actor: &Actor, new: &NewArticle) -> Result<Article, AppError> {
        actor.require(SelfServicePermission::WriteArticles)?;
        let (translation_of, group_org) = match new.translation_of {
            Some(id) => {
                let original = self.readable_article_view(actor, id).await.map_err(|e| match e {
                    AppError::NotFound => AppError::invalid("translation_of", "no such article"),
                    other => other,
                })?;
                let a = original.article;
                (Some(a.translation_of.unwrap_or(a.id)), Some(a.organisation_id))
            }
            None => (None, None),
        };
        let organisation_id = match (group_org, new.global) {
            (Some(org), _) => org,
            (None, true) => None,
            (None, false) => Some(new.organisation_id.unwrap_or(actor.organisation_id)),
        };
        if !actor.writes_scope(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let category_id = match new.category_id {
            Some(id) => Some(self.named_kb_category(actor, "category_id", id).await?.id),
            None => None,
        };
        let owner_id = match new.owner_id {
            Some(id) => self.named_owner(actor, id).await?,
            None => actor.id,
        };
        let (body, body_text) = body(&new.body)?;
        let now = self.now_micros();
        let row = ArticleRow {
            organisation_id,
            category_id,
            translation_of,
            language: language(new.language.as_deref(), actor.preferences.language())?,
            title: validate::text("title", &new.title, validate::SUBJECT_MAX, false)?,
            summary: summary(new.summary.as_deref().unwrap_or_default())?,
            body,
            body_text,
            visibility: new.visibility.unwrap_or(ArticleVisibility::Internal).as_str().into(),
            state: ArticleState::Draft.as_str().into(),
            owner_id,
            review_on: new.review_on.map(iso),
            created_by: Some(actor.id),
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        if let Some(group) = translation_of {
            let taken = self.store().article_translations(group).await?.iter().any(|t| t.language == row.language);
            if taken {
                return Err(AppError::invalid("language", "this article is already written in that language"));
            }
        }
        let saved = self.store().create_article(&row).await?;
        self.article(actor, saved.id).await
    }

    /// Changes an article, and moves it when `patch.state` says so; `if_version` makes it
    /// conditional. Every save is a new version.
    pub async fn update_article(
        &self,
        actor: &Actor,
        id: i64,
        patch: &ArticlePatch,
        if_version: Option<i64>,
    ) -> Result<Article, AppError> {
        actor.require(SelfServicePermission::WriteArticles)?;
        let before = actor.writable_article(self.readable_article_view(actor, id).await?.article)?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let publisher = actor.can(SelfServicePermission::PublishArticles);
        let current: ArticleState = before.state.parse().map_err(AppError::stored)?;
        let now = self.now_micros();
        let mut row = ArticleRow { updated_at: now, ..before.clone() };
        if let Some(title) = &patch.title {
            row.title = validate::text("title", title, validate::SUBJECT_MAX, false)?;
        }
        if let Some(s) = &patch.summary {
            row.summary = summary(s)?;
        }
        if let Some(b) = &patch.body {
            (row.body, row.body_text) = body(b)?;
        }
        if let Some(l) = &patch.language {
            row.language = language(Some(l), &before.language)?;
        }
        if let Some(category) = patch.category_id {
            row.category_id = match category {
                Some(c) => Some(self.named_kb_category(actor, "category_id", c).await?.id),
                None => None,
            };
        }
        if let Some(v) = patch.visibility {
            row.visibility = v.as_str().into();
        }
        if let Some(owner) = patch.owner_id {
            row.owner_id = self.named_owner(actor, owner).await?;
        }
        if let Some(review) = patch.review_on {
            row.review_on = review.map(iso);
        }
        let mut state = if patch.changes_text() { state_after_edit(current, publisher) } else { current };
        if let Some(to) = patch.state.filter(|to| *to != current) {
            check_move(state, to, publisher).or_else(|e| check_move(current, to, publisher).map_err(|_| e))?;
            state = to;
        }
        if state != current && state == ArticleState::Published {
            row.published_at = Some(now);
        }
        row.state = state.as_str().into();
        self.store().save_article(&row, before.version, Some(actor.id)).await?;
        self.article(actor, id).await
    }

    /// Moves an article to `to` (the pages' buttons).
    pub async fn move_article(&self, actor: &Actor, id: i64, to: ArticleState) -> Result<Article, AppError> {
        self.update_article(actor, id, &ArticlePatch { state: Some(to), ..Default::default() }, None).await
    }

    /// Records or changes the actor's answer to "was this helpful?".
    pub async fn article_feedback(&self, actor: &Actor, id: i64, input: &FeedbackInput) -> Result<Feedback, AppError> {
        let v = self.readable_article_view(actor, id).await?;
        if v.article.state != ArticleState::Published.as_str() {
            return Err(AppError::invalid("helpful", "only published articles take feedback"));
        }
        let comment = validate::optional_text("comment", input.comment.as_deref().unwrap_or_default(), FEEDBACK_MAX)?;
        let now = self.now_micros();
        let row = FeedbackRow {
            article_id: id,
            user_id: actor.id,
            helpful: input.helpful,
            comment,
            created_at: now,
            updated_at: now,
        };
        self.store().save_feedback(&row).await?;
        Ok(row.into())
    }

    // ---- tickets ----

    /// Records that an agent used an article on a ticket (inserted it into a reply): the
    /// ticket then counts for the article once resolved.
    pub async fn use_article_on_ticket(&self, actor: &Actor, ticket_id: i64, article_id: i64) -> Result<(), AppError> {
        actor.require(SelfServicePermission::WriteArticles)?;
        self.ticket(actor, ticket_id).await?;
        self.readable_article_view(actor, article_id).await?;
        self.store().add_ticket_article(ticket_id, article_id, actor.id, self.now_micros()).await?;
        Ok(())
    }

    /// The articles used on a ticket that the actor may read.
    pub async fn ticket_articles(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<ArticleHit>, AppError> {
        self.ticket(actor, ticket_id).await?;
        let mut hits = Vec::new();
        for id in self.store().ticket_article_ids(ticket_id).await? {
            let v = self.store().article(id).await?;
            if actor.reads_article(&v.article) {
                hits.push(ArticleHit::new(&v)?);
            }
        }
        Ok(hits)
    }

    /// A draft written from a resolved ticket: its subject as the title, its description
    /// as the text, internal until reviewed.
    pub async fn draft_article_from_ticket(&self, actor: &Actor, ticket_id: i64) -> Result<Article, AppError> {
        actor.require(SelfServicePermission::WriteArticles)?;
        let ticket = self.ticket(actor, ticket_id).await?;
        let paragraphs: Vec<String> = ticket
            .description
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect();
        let text =
            if paragraphs.is_empty() { format!("<p>{}</p>", escape(&ticket.subject)) } else { paragraphs.concat() };
        let new = NewArticle {
            title: ticket.subject.clone(),
            body: text,
            organisation_id: Some(ticket.organisation_id).filter(|o| actor.sees_organisation(*o)),
            ..Default::default()
        };
        let article = self.create_article(actor, &new).await?;
        self.store().add_ticket_article(ticket_id, article.id, actor.id, self.now_micros()).await?;
        Ok(article)
    }

    // ---- review ----

    /// Tells each owner of articles due for review how many there are (the daily job).
    /// Returns how many owners were told.
    pub async fn remind_article_reviews(&self) -> Result<usize, AppError> {
        let due = self.store().articles_due_for_review(&iso(self.today())).await?;
        let notes: Vec<NewNotification> = due
            .iter()
            .map(|(owner, count)| NewNotification {
                user_id: *owner,
                message: format!("{count} knowledge-base article(s) are due for review"),
                event: REVIEW_EVENT.into(),
                link: Some("/kb?review=due".into()),
                ..Default::default()
            })
            .collect();
        self.store().add_review_reminders(&notes, self.now_micros()).await?;
        Ok(notes.len())
    }
}

/// Text as HTML text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: i64, translation_of: Option<i64>, language: &str) -> ArticleView {
        ArticleView {
            article: ArticleRow { id, translation_of, language: language.into(), ..Default::default() },
            owner_name: String::new(),
            category_name: None,
            helpful: 0,
            unhelpful: 0,
        }
    }

    #[test]
    fn readers_get_one_article_per_group_in_their_language_when_there_is_one() {
        let rows = vec![view(1, None, "en"), view(2, None, "en"), view(3, Some(1), "nl"), view(4, Some(2), "de")];
        let kept: Vec<i64> = one_per_group(rows, "nl").iter().map(|v| v.article.id).collect();
        assert_eq!(kept, vec![3, 2]);
    }

    #[test]
    fn a_suggestion_matches_any_longer_word() {
        assert_eq!(any_word(Backend::Sqlite, "VPN at home").unwrap(), "\"vpn\" OR \"home\"*");
        assert_eq!(any_word(Backend::Postgres, "VPN at home").unwrap(), "vpn | home:*");
        assert_eq!(any_word(Backend::Sqlite, "a b \" OR *"), None);
    }

    #[test]
    fn a_snippet_is_the_summary_or_the_start_of_the_text() {
        let a = ArticleRow { summary: "Short".into(), body_text: "long".into(), ..Default::default() };
        assert_eq!(snippet(&a), "Short");
        let a = ArticleRow { body_text: "word ".repeat(100), ..Default::default() };
        assert!(snippet(&a).ends_with('…') && snippet(&a).len() < 200);
    }
}

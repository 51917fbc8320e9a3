//! The knowledge base's staff pages: the list (`/kb`, filtered by state, category,
//! language and review due, and searched), one article with its figures and the buttons
//! that move it, the form that writes or changes one, its versions with a word diff, the
//! categories, and the two calls the ticket page's script makes (finding an article to
//! insert into a reply, recording that it was used) plus the draft written from a ticket.
//! An article's attachments are listed on its pages (here and the portal's), added and
//! removed on its edit page, and downloaded from `/kb/attachments/{id}` by whoever may
//! read the article (the address article images may use: `kb_html::ATTACHMENT_PATH`).

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::self_service::access::SelfServicePermission;
use helmdesk_app::self_service::kb::{
    Article, ArticleDetails, ArticlePatch, ArticleQuery, ArticleVersion, Change, ChangeKind, KbCategory, NewArticle,
    NewKbCategory, VersionDiff,
};
use helmdesk_app::self_service::kb_attachments::ArticleAttachment;
use helmdesk_app::{AppError, Page};
use helmdesk_domain::platform::preferences::LANGUAGES;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUpload, UiUser};
use crate::platform::download::file_response;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, UiError, choices, choices_or, confirmed_or_again, edit_refusal, id_text, invalid_text, render,
    render_refusable,
};

pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .get("/kb", list)
        .requires(SelfServicePermission::ReadArticles)
        .get("/kb/review", review)
        .requires(SelfServicePermission::ReadArticles)
        .get("/kb/new", new_form)
        .requires(SelfServicePermission::WriteArticles)
        .post("/kb/new", create)
        .requires(SelfServicePermission::WriteArticles)
        .get("/kb/categories", categories)
        .requires(SelfServicePermission::ManageArticleCategories)
        .post("/kb/categories", create_category)
        .requires(SelfServicePermission::ManageArticleCategories)
        .get("/kb/insert", insertable)
        .requires(SelfServicePermission::WriteArticles)
        .post("/kb/from-ticket/{ticket}", draft_from_ticket)
        .requires(SelfServicePermission::WriteArticles)
        .get("/kb/{id}", show)
        .requires(SelfServicePermission::ReadArticles)
        .get("/kb/{id}/edit", edit_form)
        .requires(SelfServicePermission::WriteArticles)
        .post("/kb/{id}/edit", update)
        .requires(SelfServicePermission::WriteArticles)
        .post("/kb/{id}/state", move_state)
        .requires(SelfServicePermission::WriteArticles)
        .post("/kb/{id}/used", used_on_ticket)
        .requires(SelfServicePermission::WriteArticles)
        .get("/kb/{id}/versions", versions)
        .requires(SelfServicePermission::ReadArticles)
        .post("/kb/{id}/attachments", upload_attachment)
        .body_limit(crate::api::upload_limit(state))
        .requires(SelfServicePermission::WriteArticles)
        .get("/kb/attachments/{id}", download_attachment)
        .requires(SelfServicePermission::UsePortal)
        .post("/kb/attachments/{id}/remove", remove_attachment)
        .requires(SelfServicePermission::WriteArticles)
}

/// A state in the reader's language.
pub(crate) fn state_name(tr: &Tr, state: ArticleState) -> String {
    tr.of("kb-state", state.as_str())
}

/// A visibility in the reader's language.
pub(crate) fn visibility_name(tr: &Tr, v: ArticleVisibility) -> String {
    tr.of("kb-visibility", v.as_str())
}

fn language_choices(current: &str) -> Vec<Choice> {
    choices(LANGUAGES.iter().map(|(code, name)| (*code, *name)), current)
}

#[derive(Template)]
#[template(path = "self_service/kb_list.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<Article>,
    q: String,
    states: Vec<Choice>,
    categories: Vec<Choice>,
    languages: Vec<Choice>,
    review_due: bool,
    write: bool,
    manage_categories: bool,
    here: String,
}

impl ListPage {
    fn state(&self, s: &ArticleState) -> String {
        state_name(&self.tr, *s)
    }

    fn visibility(&self, v: &ArticleVisibility) -> String {
        visibility_name(&self.tr, *v)
    }
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    review: String,
    #[serde(default)]
    cursor: Option<String>,
}

async fn list_page(s: &AppState, user: &UiUser, p: ListParams) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let review_due = p.review == "due";
    let query = ArticleQuery {
        q: Some(p.q.clone()),
        state: (!p.state.is_empty()).then(|| p.state.parse()).transpose().map_err(AppError::from)?,
        category: (!p.category.is_empty())
            .then(|| p.category.parse().map_err(|_| AppError::invalid("category", "is not a category")))
            .transpose()?,
        language: Some(p.language.clone()),
        review: review_due.then(|| "due".to_string()),
        owner: review_due.then_some(actor.id),
        cursor: p.cursor.clone(),
        ..Default::default()
    };
    let page = s.app.list_articles(actor, &query).await?;
    let here = serde_urlencoded::to_string([
        ("q", &p.q),
        ("state", &p.state),
        ("category", &p.category),
        ("language", &p.language),
        ("review", &p.review),
    ])
    .unwrap_or_default();
    let categories = s.app.kb_categories(actor).await?;
    let view = ListPage {
        nav: Some(Nav::of(s, user, "kb").await?),
        states: choices_or(
            &tr.t("kb-any-state"),
            ArticleState::ALL.iter().map(|st| (st.as_str(), state_name(&tr, *st))),
            &p.state,
        ),
        categories: choices_or(&tr.t("kb-any-category"), category_labels(&categories), &p.category),
        languages: choices_or(&tr.t("kb-any-language"), LANGUAGES.iter().map(|(c, n)| (*c, *n)), &p.language),
        write: actor.can(SelfServicePermission::WriteArticles),
        manage_categories: actor.can(SelfServicePermission::ManageArticleCategories),
        q: p.q,
        review_due,
        page,
        here,
        tr,
    };
    Ok(render(&view))
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    if p.review == "due" {
        // The review reminders link here.
        s.app.mark_page_notifications_read(&user.actor, "/kb?review=due").await?;
    }
    list_page(&s, &user, p).await
}

/// The reader's own articles due for review.
async fn review(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    list(State(s), user, ApiQuery(ListParams { review: "due".into(), ..Default::default() })).await
}

/// Categories as (id, label) with subcategories under their parent's name.
fn category_labels(categories: &[KbCategory]) -> Vec<(i64, String)> {
    let mut labels: Vec<(i64, String)> = categories
        .iter()
        .map(|c| {
            let parent = c.parent_id.and_then(|p| categories.iter().find(|x| x.id == p));
            (c.id, parent.map_or_else(|| c.name.clone(), |p| format!("{} › {}", p.name, c.name)))
        })
        .collect();
    labels.sort_by(|a, b| a.1.cmp(&b.1));
    labels
}

#[derive(Template)]
#[template(path = "self_service/kb_article.html")]
struct ArticlePage {
    nav: Option<Nav>,
    tr: Tr,
    article: Article,
    details: ArticleDetails,
    /// The moves the reader may make now, as (state, button label).
    moves: Vec<(String, String)>,
    write: bool,
    attachments: Vec<ArticleAttachment>,
}

impl ArticlePage {
    fn state(&self) -> String {
        state_name(&self.tr, self.article.state)
    }

    fn visibility(&self) -> String {
        visibility_name(&self.tr, self.article.visibility)
    }
}

async fn show(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let article = s.app.article(actor, id).await?;
    let publisher = actor.can(SelfServicePermission::PublishArticles);
    let write = actor.can(SelfServicePermission::WriteArticles) && actor.writes_scope(article.organisation_id);
    let moves = if write {
        ArticleState::ALL
            .iter()
            .filter(|to| helmdesk_domain::self_service::kb::may_move(article.state, **to, publisher))
            .map(|to| (to.as_str().to_string(), tr.of("kb-move", to.as_str())))
            .collect()
    } else {
        Vec::new()
    };
    let page = ArticlePage {
        nav: Some(Nav::of(&s, &user, "kb").await?),
        details: s.app.article_details(actor, id).await?,
        attachments: s.app.article_attachments(actor, id).await?,
        article,
        moves,
        write,
        tr,
    };
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
struct MoveForm {
    to: String,
}

async fn move_state(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MoveForm>,
) -> Result<Response, UiError> {
    let to: ArticleState = form.to.parse().map_err(AppError::from)?;
    let article = s.app.move_article(&user.actor, id, to).await?;
    let tr = user.tr();
    let message = tr.arg("title", article.title.clone()).arg("state", state_name(&tr, article.state)).t("kb-moved");
    Ok(user.confirm(&format!("/kb/{id}"), message))
}

#[derive(Template)]
#[template(path = "self_service/kb_form.html")]
struct FormPage {
    nav: Option<Nav>,
    tr: Tr,
    article: Option<Article>,
    values: HashMap<String, String>,
    categories: Vec<Choice>,
    visibilities: Vec<Choice>,
    languages: Vec<Choice>,
    error: Option<String>,
    /// The edited article's attachments, with their upload and remove forms.
    attachments: Vec<ArticleAttachment>,
    /// The largest file taken, in MiB.
    max_mib: usize,
}

impl FormPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.article {
            Some(a) => format!("/kb/{}/edit", a.id),
            None => "/kb/new".into(),
        }
    }

    fn back(&self) -> String {
        match &self.article {
            Some(a) => format!("/kb/{}", a.id),
            None => "/kb".into(),
        }
    }
}

fn values_of(a: &Article) -> HashMap<String, String> {
    [
        ("title", a.title.clone()),
        ("summary", a.summary.clone()),
        ("body", a.body.clone()),
        ("language", a.language.clone()),
        ("category_id", id_text(a.category_id)),
        ("visibility", a.visibility.as_str().to_string()),
        ("review_on", a.review_on.map(|d| d.to_string()).unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn form_view(
    s: &AppState,
    user: &UiUser,
    article: Option<Article>,
    values: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let current = |k: &str| values.get(k).cloned().unwrap_or_default();
    let categories = s.app.kb_categories(&user.actor).await?;
    let attachments = match &article {
        Some(a) => s.app.article_attachments(&user.actor, a.id).await?,
        None => Vec::new(),
    };
    let page = FormPage {
        attachments,
        max_mib: s.app.settings().max_attachment_bytes / (1024 * 1024),
        nav: Some(Nav::of(s, user, "kb").await?),
        categories: choices_or(&tr.t("kb-no-category"), category_labels(&categories), &current("category_id")),
        visibilities: choices(
            ArticleVisibility::ALL.iter().map(|v| (v.as_str(), visibility_name(&tr, *v))),
            &current("visibility"),
        ),
        languages: language_choices(&current("language")),
        article,
        values,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

#[derive(Debug, Default, Deserialize)]
struct NewParams {
    /// Writes a translation of this article.
    #[serde(default)]
    translation_of: Option<i64>,
}

async fn new_form(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<NewParams>,
) -> Result<Response, UiError> {
    let mut values: HashMap<String, String> =
        [("visibility", "internal".to_string()), ("language", user.actor.preferences.language().to_string())]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    if let Some(original) = p.translation_of {
        let a = s.app.article(&user.actor, original).await?;
        values.insert("translation_of".into(), a.id.to_string());
        values.insert("category_id".into(), id_text(a.category_id));
        values.insert("visibility".into(), a.visibility.as_str().into());
    }
    form_view(&s, &user, None, values, None).await
}

async fn edit_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let article = s.app.article(&user.actor, id).await?;
    let values = values_of(&article);
    form_view(&s, &user, Some(article), values, None).await
}

fn optional(form: &HashMap<String, String>, name: &str) -> Option<String> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_string)
}

fn number(form: &HashMap<String, String>, name: &str) -> Result<Option<i64>, AppError> {
    optional(form, name).map(|v| v.parse().map_err(|_| AppError::invalid(name, "must be a whole number"))).transpose()
}

fn date(form: &HashMap<String, String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    optional(form, "review_on")
        .map(|v| v.parse().map_err(|_| AppError::invalid("review_on", "must be a date such as 2027-01-31")))
        .transpose()
}

fn visibility(form: &HashMap<String, String>) -> Result<Option<ArticleVisibility>, AppError> {
    Ok(optional(form, "visibility").map(|v| v.parse()).transpose()?)
}

fn new_article_of(form: &HashMap<String, String>) -> Result<NewArticle, AppError> {
    Ok(NewArticle {
        title: form.get("title").cloned().unwrap_or_default(),
        summary: optional(form, "summary"),
        body: form.get("body").cloned().unwrap_or_default(),
        language: optional(form, "language"),
        category_id: number(form, "category_id")?,
        visibility: visibility(form)?,
        review_on: date(form)?,
        translation_of: number(form, "translation_of")?,
        ..Default::default()
    })
}

fn patch_of(form: &HashMap<String, String>) -> Result<ArticlePatch, AppError> {
    Ok(ArticlePatch {
        title: form.get("title").cloned(),
        summary: Some(form.get("summary").cloned().unwrap_or_default()),
        body: form.get("body").cloned(),
        language: optional(form, "language"),
        category_id: Some(number(form, "category_id")?),
        visibility: visibility(form)?,
        review_on: Some(date(form)?),
        ..Default::default()
    })
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let result = async { s.app.create_article(&user.actor, &new_article_of(&form)?).await }.await;
    let done = |a: Article| (format!("/kb/{}", a.id), user.tr().t1("kb-added", "title", a.title));
    confirmed_or_again(&user, result, done, invalid_text, async |text| {
        form_view(&s, &user, None, form, Some(text)).await
    })
    .await
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let before = s.app.article(actor, id).await?;
    let result = async {
        let version = form.get("version").and_then(|v| v.trim().parse().ok());
        s.app.update_article(actor, id, &patch_of(&form)?, version).await
    }
    .await;
    let done = |a: Article| (format!("/kb/{id}"), user.tr().t1("kb-saved", "title", a.title));
    let refusal = |e: &AppError| edit_refusal(e, || user.tr().t("kb-changed-since"));
    confirmed_or_again(&user, result, done, refusal, async |text| {
        form_view(&s, &user, Some(before), form, Some(text)).await
    })
    .await
}

#[derive(Template)]
#[template(path = "self_service/kb_versions.html")]
struct VersionsPage {
    nav: Option<Nav>,
    tr: Tr,
    article: Article,
    versions: Vec<ArticleVersion>,
    diff: Option<VersionDiff>,
    from: String,
    to: String,
}

impl VersionsPage {
    fn removed(&self, c: &Change) -> bool {
        c.kind == ChangeKind::Removed
    }

    fn added(&self, c: &Change) -> bool {
        c.kind == ChangeKind::Added
    }

    fn version_choices(&self, current: &str) -> Vec<Choice> {
        choices(self.versions.iter().map(|v| (v.version, v.version)), current)
    }
}

#[derive(Debug, Default, Deserialize)]
struct DiffParams {
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
}

async fn versions(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<DiffParams>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let article = s.app.article(actor, id).await?;
    let versions = s.app.article_versions(actor, id).await?;
    let latest = versions.first().map_or(1, |v| v.version);
    let (from, to) = (p.from.unwrap_or((latest - 1).max(1)), p.to.unwrap_or(latest));
    let diff = if versions.len() > 1 { Some(s.app.article_diff(actor, id, from, to).await?) } else { None };
    let page = VersionsPage {
        nav: Some(Nav::of(&s, &user, "kb").await?),
        tr: user.tr(),
        article,
        versions,
        diff,
        from: from.to_string(),
        to: to.to_string(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "self_service/kb_categories.html")]
struct CategoriesPage {
    nav: Option<Nav>,
    tr: Tr,
    categories: Vec<(i64, String)>,
    parents: Vec<Choice>,
    /// The name typed in a refused form.
    typed: String,
    error: Option<String>,
}

async fn categories_page(
    s: &AppState,
    user: &UiUser,
    name: String,
    parent: String,
    error: Option<String>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let all = s.app.kb_categories(&user.actor).await?;
    let top = all.iter().filter(|c| c.parent_id.is_none()).map(|c| (c.id, c.name.clone()));
    let page = CategoriesPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        parents: choices_or(&tr.t("kb-top-level"), top, &parent),
        categories: category_labels(&all),
        typed: name,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn categories(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    categories_page(&s, &user, String::new(), String::new(), None).await
}

#[derive(Debug, Deserialize)]
struct CategoryForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
}

async fn create_category(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<CategoryForm>,
) -> Result<Response, UiError> {
    let result = async {
        let parent_id = (!form.parent_id.is_empty())
            .then(|| form.parent_id.parse().map_err(|_| AppError::invalid("parent_id", "is not a category")))
            .transpose()?;
        let new = NewKbCategory { name: form.name.clone(), parent_id, organisation_id: None };
        s.app.create_kb_category(&user.actor, &new).await
    }
    .await;
    match result {
        Ok(c) => Ok(user.confirm("/kb/categories", user.tr().t1("kb-category-added", "name", c.name))),
        Err(e) => match invalid_text(&e) {
            Some(text) => categories_page(&s, &user, form.name, form.parent_id, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
struct InsertParams {
    #[serde(default)]
    q: String,
}

/// Articles to insert into a reply, as JSON for the ticket page's script: each with its
/// title, its link and its text (published articles only).
async fn insertable(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<InsertParams>,
) -> Result<Response, UiError> {
    let hits = s.app.search_articles(&user.actor, &p.q, 8).await?;
    let mut found = Vec::new();
    for hit in hits {
        let article = s.app.article(&user.actor, hit.id).await?;
        found.push(serde_json::json!({
            "id": hit.id,
            "title": hit.title,
            "summary": hit.summary,
            "link": format!("/portal/articles/{}", hit.id),
            "text": helmdesk_app::self_service::kb_html::text_of(&article.body),
        }));
    }
    Ok(Json(found).into_response())
}

#[derive(Debug, Deserialize)]
struct UsedForm {
    ticket_id: i64,
}

/// Records that the article was inserted into a reply on the ticket (the script's call).
async fn used_on_ticket(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<UsedForm>,
) -> Result<Response, UiError> {
    s.app.use_article_on_ticket(&user.actor, form.ticket_id, id).await?;
    Ok(Json(serde_json::json!({ "recorded": true })).into_response())
}

#[derive(Debug, Deserialize)]
struct Empty {}

/// Writes a draft from a resolved ticket and opens it for editing.
async fn draft_from_ticket(
    State(s): State<AppState>,
    ApiPath(ticket): ApiPath<i64>,
    UiForm { user, form: Empty {} }: UiForm<Empty>,
) -> Result<Response, UiError> {
    let article = s.app.draft_article_from_ticket(&user.actor, ticket).await?;
    Ok(user.confirm(&format!("/kb/{}/edit", article.id), user.tr().t1("kb-added", "title", article.title)))
}

#[derive(Template)]
#[template(path = "self_service/_reply_tool.html")]
struct ReplyTool {
    tr: Tr,
    csrf: String,
    ticket: i64,
    /// Resolved with no article used: offer to write one from it.
    offer_draft: bool,
}

/// What the knowledge base adds under a ticket's reply box for staff who write articles:
/// a search whose results the page's script inserts into the reply (as a link or as text,
/// recording the article on the ticket), and, on a resolved ticket no article was used
/// on, "Write an article from this ticket".
pub(crate) async fn reply_tool(
    s: &AppState,
    user: &UiUser,
    ticket_id: i64,
    resolved: bool,
) -> Result<Option<String>, UiError> {
    if !user.actor.can(SelfServicePermission::WriteArticles) {
        return Ok(None);
    }
    let offer_draft = resolved && s.app.ticket_articles(&user.actor, ticket_id).await?.is_empty();
    let tool = ReplyTool { tr: user.tr(), csrf: user.csrf.clone(), ticket: ticket_id, offer_draft };
    Ok(Some(crate::ui::render_part(&tool)))
}

/// What an upload's refusal says on the edit page: the file too large, or not given.
fn upload_refusal(e: &AppError) -> Option<String> {
    match e {
        AppError::TooLarge(why) => Some(why.clone()),
        e => invalid_text(e),
    }
}

async fn upload_attachment(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiUpload { user, form: Empty {}, files, .. }: UiUpload<Empty>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let article = s.app.article(actor, id).await?;
    let result = async {
        if files.is_empty() {
            return Err(AppError::invalid("file", user.tr().t("kb-attach-none")));
        }
        let mut added = Vec::with_capacity(files.len());
        helmdesk_app::platform::files::check_sizes(&files, s.app.settings().max_attachment_bytes)?;
        for f in &files {
            added.push(s.app.add_article_attachment(actor, id, f).await?);
        }
        Ok(added)
    }
    .await;
    let done = |added: Vec<ArticleAttachment>| {
        let names = added.iter().map(|a| a.filename.as_str()).collect::<Vec<_>>().join(", ");
        (format!("/kb/{id}/edit"), user.tr().t1("kb-attached", "names", names))
    };
    confirmed_or_again(&user, result, done, upload_refusal, async |text| {
        let values = values_of(&article);
        form_view(&s, &user, Some(article), values, Some(text)).await
    })
    .await
}

async fn download_attachment(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, UiError> {
    let (a, data) = s.app.article_attachment_content(&user.actor, id).await?;
    Ok(file_response(&a.filename, &a.content_type, data))
}

async fn remove_attachment(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: Empty {} }: UiForm<Empty>,
) -> Result<Response, UiError> {
    let removed = s.app.remove_article_attachment(&user.actor, id).await?;
    let message = user.tr().t1("kb-attachment-removed", "name", removed.filename);
    Ok(user.confirm(&format!("/kb/{}/edit", removed.article_id), message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_state_move_and_visibility_has_its_name() {
        for s in ArticleState::ALL {
            assert!(exists(&id_of("kb-state", s.as_str())), "{s:?}");
            assert!(exists(&id_of("kb-move", s.as_str())), "{s:?}");
        }
        for v in ArticleVisibility::ALL {
            assert!(exists(&id_of("kb-visibility", v.as_str())), "{v:?}");
        }
    }
}

//! The employees' side of the knowledge base: search results (`/portal/articles?q=`), an
//! article to read on a phone with its "was this helpful?" form, and the suggestions the
//! new-ticket form's script asks for while the subject is typed.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::self_service::access::SelfServicePermission;
use helmdesk_app::self_service::kb::{Article, ArticleDetails, ArticleHit, FeedbackInput};
use helmdesk_app::self_service::kb_attachments::ArticleAttachment;
use helmdesk_domain::self_service::kb::ViewSource;
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, invalid_text, render, render_refusable};

/// How many suggestions the new-ticket form shows.
const SUGGESTIONS: i64 = 5;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/portal/articles", search)
        .requires(SelfServicePermission::UsePortal)
        .get("/portal/articles/{id}", read)
        .requires(SelfServicePermission::UsePortal)
        .post("/portal/articles/{id}/feedback", feedback)
        .requires(SelfServicePermission::UsePortal)
        .get("/portal/suggestions", suggestions)
        .requires(SelfServicePermission::UsePortal)
}

#[derive(Debug, Default, Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "self_service/portal_articles.html")]
struct SearchPage {
    nav: Option<Nav>,
    tr: Tr,
    q: String,
    hits: Vec<ArticleHit>,
    /// Shown when nothing was searched yet.
    popular: Vec<ArticleHit>,
}

async fn search(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let q = p.q.trim().chars().take(200).collect::<String>();
    let (hits, popular) = if q.is_empty() {
        (Vec::new(), s.app.popular_articles(actor, 10).await?)
    } else {
        (s.app.search_articles(actor, &q, 20).await?, Vec::new())
    };
    let page = SearchPage { nav: Some(Nav::of(&s, &user, "articles").await?), tr: user.tr(), q, hits, popular };
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
struct ReadParams {
    /// `suggestion` when opened from the new-ticket form, `search` from results,
    /// `feedback` when back from answering (not counted again).
    #[serde(default)]
    from: String,
}

#[derive(Template)]
#[template(path = "self_service/portal_article.html")]
struct ReadPage {
    nav: Option<Nav>,
    tr: Tr,
    article: Article,
    details: ArticleDetails,
    attachments: Vec<ArticleAttachment>,
    comment: String,
    error: Option<String>,
}

impl ReadPage {
    fn helpful(&self) -> Option<bool> {
        self.details.my_feedback.as_ref().map(|f| f.helpful)
    }
}

async fn read_page(
    s: &AppState,
    user: &UiUser,
    article: Article,
    comment: Option<String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let details = s.app.article_details(&user.actor, article.id).await?;
    let comment =
        comment.unwrap_or_else(|| details.my_feedback.as_ref().map(|f| f.comment.clone()).unwrap_or_default());
    let attachments = s.app.article_attachments(&user.actor, article.id).await?;
    let page = ReadPage {
        nav: Some(Nav::of(s, user, "articles").await?),
        tr: user.tr(),
        article,
        details,
        attachments,
        comment,
        error,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn read(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<ReadParams>,
) -> Result<Response, UiError> {
    let source = match p.from.as_str() {
        // Back from answering "was this helpful?": no new view.
        "feedback" => None,
        "suggestion" => Some(ViewSource::Suggestion),
        "search" => Some(ViewSource::Search),
        _ => Some(ViewSource::Page),
    };
    let article = match source {
        Some(source) => s.app.read_article(&user.actor, id, source).await?,
        None => s.app.article(&user.actor, id).await?,
    };
    read_page(&s, &user, article, None, None).await
}

#[derive(Debug, Deserialize)]
struct FeedbackForm {
    #[serde(default)]
    helpful: String,
    #[serde(default)]
    comment: String,
}

async fn feedback(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<FeedbackForm>,
) -> Result<Response, UiError> {
    let result = async {
        let helpful = match form.helpful.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(AppError::invalid("helpful", "choose yes or no")),
        };
        let input = FeedbackInput { helpful, comment: Some(form.comment.clone()) };
        s.app.article_feedback(&user.actor, id, &input).await
    }
    .await;
    match result {
        Ok(_) => Ok(user.confirm(&format!("/portal/articles/{id}?from=feedback"), user.tr().t("kb-feedback-thanks"))),
        Err(e) => match invalid_text(&e) {
            Some(text) => {
                let article = s.app.article(&user.actor, id).await?;
                read_page(&s, &user, article, Some(form.comment), Some(text)).await
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "self_service/_suggestions.html")]
struct SuggestionBox {
    tr: Tr,
}

/// What the knowledge base adds to the new-ticket form: a box the page's script fills
/// with articles matching the subject as it is typed (`/portal/suggestions`).
pub(crate) fn suggestion_box(user: &UiUser) -> Option<String> {
    user.actor.can(SelfServicePermission::UsePortal).then(|| crate::ui::render_part(&SuggestionBox { tr: user.tr() }))
}

/// Published public articles matching what is typed as a new ticket's subject, as JSON for
/// the new-ticket form's script: `[{"id", "title", "summary", "link"}]`. A link opened from
/// here counts its view as a suggestion's (deflections are counted from those).
async fn suggestions(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Response, UiError> {
    let hits = s.app.suggest_articles(&user.actor, &p.q, SUGGESTIONS).await?;
    let public: Vec<serde_json::Value> = hits
        .into_iter()
        .map(|h| {
            serde_json::json!({
                "id": h.id,
                "title": h.title,
                "summary": h.summary,
                "link": format!("/portal/articles/{}?from=suggestion", h.id),
            })
        })
        .collect();
    Ok(Json(public).into_response())
}

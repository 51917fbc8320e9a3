//! The knowledge base's API: articles (the list with search and filters, one with its
//! ETag, writing and changing them, their versions, feedback, their attachments) and their
//! categories.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helmdesk_app::Page;
use helmdesk_app::self_service::kb::{
    Article, ArticlePatch, ArticleQuery, ArticleVersion, Feedback, FeedbackInput, KbCategory, NewArticle, NewKbCategory,
};
use helmdesk_app::self_service::kb_attachments::ArticleAttachment;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;
use crate::platform::download::file_response;
use crate::platform::upload::read_one_file;

fn article_response(article: Article) -> Response {
    let version = article.version;
    with_etag(article, version)
}

/// The articles the caller may read: staff every article of their organisations (drafts
/// and internal ones too), everyone else the published public ones. With `q`, ranked by
/// relevance (the title weighs most); else newest first.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ArticleQuery),
    responses((status = 200, description = "A page of articles", body = Page<Article>)))]
pub async fn list_articles(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ArticleQuery>,
) -> Result<Json<Page<Article>>, ApiError> {
    Ok(Json(s.app.list_articles(&actor, &q).await?))
}

/// Writes an article (staff); it starts as a draft. Its HTML is sanitised to an allowlist.
/// Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/articles", tag = "articles", request_body = NewArticle,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new article", body = Article, headers(("ETag" = String, description = "The article's version"), ("Location" = String, description = "The article's URL")))))]
pub async fn create_article(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewArticle>,
) -> Result<Response, ApiError> {
    let article = s.app.create_article(&actor, &input).await?;
    let (id, version) = (article.id, article.version);
    Ok(created(article, version, &format!("/api/v1/articles/{id}")))
}

/// One article, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles", params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "The article", body = Article, headers(("ETag" = String, description = "The article's version")))))]
pub async fn get_article(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(article_response(s.app.article(&actor, id).await?))
}

/// Changes an article (staff) and moves it with `state`: writers submit drafts for review
/// and take them back; managers and administrators publish, archive and reopen. A writer's
/// change to a published article sends it back to review. With `If-Match`, an article
/// changed since is refused with 412.
#[utoipa::path(patch, path = "/api/v1/articles/{id}", tag = "articles", request_body = ArticlePatch,
    params(("id" = i64, Path, description = "Article id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed article", body = Article, headers(("ETag" = String, description = "The article's new version"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_article(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<ArticlePatch>,
) -> Result<Response, ApiError> {
    Ok(article_response(s.app.update_article(&actor, id, &patch, if_match(&headers)).await?))
}

/// An article's saved versions, newest first (staff).
#[utoipa::path(get, path = "/api/v1/articles/{id}/versions", tag = "articles", params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "The versions", body = Vec<ArticleVersion>)))]
pub async fn list_versions(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ArticleVersion>>, ApiError> {
    Ok(Json(s.app.article_versions(&actor, id).await?))
}

/// Says whether a published article helped, with an optional comment: one answer per
/// person, changed by answering again.
#[utoipa::path(post, path = "/api/v1/articles/{id}/feedback", tag = "articles", request_body = FeedbackInput,
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "The answer as kept", body = Feedback)))]
pub async fn give_feedback(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<FeedbackInput>,
) -> Result<Json<Feedback>, ApiError> {
    Ok(Json(s.app.article_feedback(&actor, id, &input).await?))
}

/// The knowledge base's categories the caller may read.
#[utoipa::path(get, path = "/api/v1/article-categories", tag = "articles",
    responses((status = 200, description = "The categories", body = Vec<KbCategory>)))]
pub async fn list_categories(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<KbCategory>>, ApiError> {
    Ok(Json(s.app.kb_categories(&actor).await?))
}

/// Adds a category (managers and administrators), nested one level at most.
#[utoipa::path(post, path = "/api/v1/article-categories", tag = "articles", request_body = NewKbCategory,
    responses((status = 201, description = "The new category", body = KbCategory)))]
pub async fn create_category(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewKbCategory>,
) -> Result<Response, ApiError> {
    let category = s.app.create_kb_category(&actor, &input).await?;
    Ok((StatusCode::CREATED, Json(category)).into_response())
}

/// An article's attachments, oldest first: whoever may read the article (an employee only
/// a published public one); any other article is 404.
#[utoipa::path(get, path = "/api/v1/articles/{id}/attachments", tag = "articles", params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "The attachments", body = Vec<ArticleAttachment>)))]
pub async fn list_attachments(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ArticleAttachment>>, ApiError> {
    Ok(Json(s.app.article_attachments(&actor, id).await?))
}

/// The multipart form of an article's upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ArticleUpload {
    /// The file; its name loses any path and characters unsafe in a file name.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a file to an article (multipart field `file`, one file a request): the
/// article's writers, within its organisation. A file larger than the server's
/// `max_attachment_bytes` is 413; no file, or more than one, is 422.
#[utoipa::path(post, path = "/api/v1/articles/{id}/attachments", tag = "articles",
    request_body(content = ArticleUpload, content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 201, description = "The attachment", body = ArticleAttachment, headers(("Location" = String, description = "The file's URL"))),
        (status = 413, description = "The file is too large", body = crate::error::ErrorBody),
        (status = 422, description = "No file, or more than one", body = crate::error::ErrorBody)))]
pub async fn upload_attachment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let (file, _) = read_one_file(multipart).await?;
    let attachment = s.app.add_article_attachment(&actor, id, &file).await?;
    let location = format!("/api/v1/article-attachments/{}", attachment.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(attachment)).into_response())
}

/// Downloads an article's attachment, always as a download (`Content-Disposition:
/// attachment`, its stored type, never HTML or SVG rendered): whoever may read the article.
#[utoipa::path(get, path = "/api/v1/article-attachments/{id}", tag = "articles", params(("id" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>)))]
pub async fn download_attachment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (a, data) = s.app.article_attachment_content(&actor, id).await?;
    Ok(file_response(&a.filename, &a.content_type, data))
}

/// Removes an attachment from an article: the article's writers, within its organisation.
#[utoipa::path(delete, path = "/api/v1/article-attachments/{id}", tag = "articles", params(("id" = i64, Path, description = "Attachment id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete_attachment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_article_attachment(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

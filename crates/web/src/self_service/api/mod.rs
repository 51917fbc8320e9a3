//! Self-service's JSON API: its handlers, their OpenAPI paths and its routes, each with the
//! access it needs. `crate::api` merges every module's routes and documents.

pub mod articles;
pub mod catalog;
pub mod portal;

use helmdesk_app::self_service::access::SelfServicePermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(tags(
    (name = "articles", description = "The knowledge base"),
    (name = "catalog", description = "The service catalog and its requests"),
    (name = "portal", description = "The employees' portal: one search over items, articles and own tickets"),
))]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .describe(Doc::openapi())
        .api(routes!(catalog::list_items))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::create_item))
        .requires(SelfServicePermission::ManageCatalog)
        .api(routes!(catalog::get_item))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::update_item))
        .requires(SelfServicePermission::ManageCatalog)
        .api(routes!(catalog::list_catalog_categories))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::create_catalog_category))
        .requires(SelfServicePermission::ManageCatalog)
        .api(routes!(catalog::get_catalog_category))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::list_requests))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::create_request))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(catalog::get_request))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(portal::search))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::list_articles))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::create_article))
        .requires(SelfServicePermission::WriteArticles)
        .api(routes!(articles::get_article))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::update_article))
        .requires(SelfServicePermission::WriteArticles)
        .api(routes!(articles::list_versions))
        .requires(SelfServicePermission::ReadArticles)
        .api(routes!(articles::give_feedback))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::list_attachments))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::upload_attachment))
        .body_limit(crate::api::upload_limit(state))
        .requires(SelfServicePermission::WriteArticles)
        .api(routes!(articles::download_attachment))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::delete_attachment))
        .requires(SelfServicePermission::WriteArticles)
        .api(routes!(articles::list_categories))
        .requires(SelfServicePermission::UsePortal)
        .api(routes!(articles::create_category))
        .requires(SelfServicePermission::ManageArticleCategories)
}

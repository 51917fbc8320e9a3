//! The assets module's JSON API: its handlers, their OpenAPI paths and its routes, each with
//! the access it needs. `crate::api` merges every module's routes and documents.

pub mod catalog;
pub mod cmdb;
pub mod hardware;

use helmdesk_app::assets::access::AssetPermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(tags(
    (name = "assets", description = "Hardware and its lifecycle, the catalogue it is described with, locations"),
    (name = "cmdb", description = "Configuration items, their relationships, business services' users and impact analysis")
))]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new()
        .describe(Doc::openapi())
        .api(routes!(hardware::list_assets))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(hardware::create_asset))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(hardware::my_assets))
        .signed_in()
        .api(routes!(hardware::get_asset))
        .signed_in()
        .api(routes!(hardware::update_asset))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(hardware::check_out))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(hardware::check_in))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(hardware::move_state))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(hardware::accept))
        .signed_in()
        .api(routes!(hardware::history))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(catalog::list_types))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(catalog::create_type))
        .requires(AssetPermission::Configure)
        .api(routes!(catalog::update_type))
        .requires(AssetPermission::Configure)
        .api(routes!(catalog::list_models))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(catalog::create_model))
        .requires(AssetPermission::Configure)
        .api(routes!(catalog::list_locations))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(catalog::create_location))
        .requires(AssetPermission::Configure)
        .api(routes!(cmdb::list_cis))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(cmdb::create_ci))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::get_ci))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(cmdb::update_ci))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::list_relations))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(cmdb::add_relation))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::remove_relation))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::list_consumers))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(cmdb::add_consumer))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::remove_consumer))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(cmdb::history))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(cmdb::impact))
        .requires(AssetPermission::ReadAssets)
}

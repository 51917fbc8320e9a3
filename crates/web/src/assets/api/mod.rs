//! The assets module's JSON API: its handlers, their OpenAPI paths and its routes, each with
//! the access it needs. `crate::api` merges every module's routes and documents.

pub mod audits;
pub mod catalog;
pub mod cmdb;
pub mod discovery;
pub mod exports;
pub mod hardware;
pub mod imports;
pub mod labels;
pub mod licences;
pub mod software;
pub mod stock;

use helmdesk_app::assets::access::AssetPermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(tags(
    (name = "assets", description = "Hardware and its lifecycle, the catalogue it is described with, locations, consumables and accessories in stock"),
    (name = "cmdb", description = "Configuration items, their relationships, business services' users and impact analysis"),
    (name = "software", description = "The software catalogue, what is installed on each device, the rules naming products, licences and their compliance"),
    (name = "discovery", description = "Enrolment tokens, devices' inventories, and the endpoint discovery agents report to"),
    (name = "imports", description = "CSV imports of assets, installations, licences and people, with a dry run")
))]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new()
        .describe(Doc::openapi())
        .api(routes!(hardware::list_assets))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(exports::export_assets))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(exports::export_software))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(exports::export_licences))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(exports::export_cis))
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
        .api(routes!(labels::qr))
        .signed_in()
        .api(routes!(audits::list_audits))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(audits::start_audit))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(audits::get_audit))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(audits::confirm))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(audits::close_audit))
        .requires(AssetPermission::ManageAssets)
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
        .api(routes!(software::list_software))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(software::get_software))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(software::product_installations))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(software::asset_software))
        .signed_in()
        .api(routes!(software::add_installation))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(software::remove_installation))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(software::list_rules))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(software::add_rule))
        .requires(AssetPermission::Configure)
        .api(routes!(software::remove_rule))
        .requires(AssetPermission::Configure)
        .api(routes!(licences::list_licences))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(licences::create_licence))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(licences::compliance))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(licences::get_licence))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(licences::update_licence))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(licences::delete_licence))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(licences::licence_devices))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(licences::list_seats))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(licences::assign_seat))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(licences::release_seat))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(stock::list_stock))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(stock::create_stock_item))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(stock::get_stock_item))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(stock::update_stock_item))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(stock::list_movements))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(stock::create_movement))
        .requires(AssetPermission::ManageAssets)
        .api(routes!(stock::list_holders))
        .requires(AssetPermission::ReadAssets)
        .api(routes!(stock::my_stock))
        .signed_in()
        .api(routes!(discovery::list_tokens))
        .requires(AssetPermission::Configure)
        .api(routes!(discovery::create_token))
        .requires(AssetPermission::Configure)
        .api(routes!(discovery::revoke_token))
        .requires(AssetPermission::Configure)
        .api(routes!(discovery::inventory))
        .signed_in()
        .api(routes!(imports::import))
        .body_limit(imports::BODY_MAX)
        .requires(AssetPermission::Import)
}

/// The endpoint discovery agents report to: it authenticates them itself, by their
/// enrolment token (outside the API's bearer tokens and sessions).
pub(crate) fn agent_routes(_state: &AppState) -> Routes {
    Routes::new()
        .api(routes!(discovery::fusioninventory))
        .body_limit(discovery::BODY_MAX)
        .public()
        .api(routes!(discovery::agent_report))
        .body_limit(discovery::BODY_MAX)
        .public()
}

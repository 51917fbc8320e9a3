//! The service desk's JSON API: its handlers, their OpenAPI paths and its routes, each with the access
//! it needs. `crate::api` merges every module's routes and documents.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod exports;
pub mod links;
pub mod live;
pub mod major_incidents;
pub mod routing;
pub mod sla;
pub mod ticket_mail;
pub mod tickets;
pub mod time_entries;
pub mod views;
pub mod watchers;

use helmdesk_app::service_desk::access::DeskPermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    components(schemas(crate::service_desk::live::TicketChanged, crate::service_desk::live::PresenceChanged, crate::service_desk::live::Unread)),
    tags(
        (name = "tickets", description = "Incidents and service requests"),
        (name = "canned responses", description = "Reply texts kept for reuse, with placeholders"),
        (name = "sla", description = "Business-hours calendars and SLA policies"),
        (name = "routing", description = "Assignment rules: which team and agent a new ticket goes to"),
        (name = "automation", description = "Rules that act on tickets by event or by time, and their log"),
    )
)]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .describe(Doc::openapi())
        .api(routes!(categories::list_categories))
        .signed_in()
        .api(routes!(categories::create_category))
        .requires(DeskPermission::Configure)
        .api(routes!(categories::update_category))
        .requires(DeskPermission::Configure)
        .api(routes!(tickets::list_tickets))
        .signed_in()
        .api(routes!(tickets::create_ticket))
        .requires(DeskPermission::CreateTicket)
        .api(routes!(tickets::count_tickets))
        .signed_in()
        .api(routes!(live::events_stream))
        .signed_in()
        .api(routes!(exports::export_tickets))
        .signed_in()
        .api(routes!(tickets::bulk_change))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(views::list_views))
        .signed_in()
        .api(routes!(views::create_view))
        .signed_in()
        .api(routes!(views::get_view))
        .signed_in()
        .api(routes!(views::update_view))
        .signed_in()
        .api(routes!(views::delete_view))
        .signed_in()
        .api(routes!(tickets::get_ticket))
        .signed_in()
        .api(routes!(tickets::update_ticket))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(tickets::list_comments))
        .signed_in()
        .api(routes!(tickets::add_comment))
        .requires(DeskPermission::ReplyTicket)
        .api(routes!(tickets::history))
        .signed_in()
        .api(routes!(tickets::list_attachments))
        .signed_in()
        .api(routes!(tickets::upload_attachment))
        .body_limit(crate::api::upload_limit(state))
        .requires(DeskPermission::ReplyTicket)
        .api(routes!(tickets::download_attachment))
        .signed_in()
        .api(routes!(links::list_links))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(links::add_link))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(links::remove_link))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(links::merge))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(watchers::list_watchers))
        .signed_in()
        .api(routes!(watchers::add_watcher))
        .requires(DeskPermission::ReplyTicket)
        .api(routes!(watchers::remove_watcher))
        .requires(DeskPermission::ReplyTicket)
        .api(routes!(major_incidents::list))
        .signed_in()
        .api(routes!(major_incidents::add))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(time_entries::list))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(time_entries::add))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::render))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::list))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::create))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::get))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::update))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(canned::delete))
        .requires(DeskPermission::WorkTicket)
        .api(routes!(sla::explain))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(sla::list_calendars))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(sla::create_calendar))
        .requires(DeskPermission::Configure)
        .api(routes!(sla::get_calendar))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(sla::update_calendar))
        .requires(DeskPermission::Configure)
        .api(routes!(sla::delete_calendar))
        .requires(DeskPermission::Configure)
        .api(routes!(sla::list_policies))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(sla::create_policy))
        .requires(DeskPermission::Configure)
        .api(routes!(sla::get_policy))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(sla::update_policy))
        .requires(DeskPermission::Configure)
        .api(routes!(sla::delete_policy))
        .requires(DeskPermission::Configure)
        .api(routes!(routing::list_rules))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(routing::create_rule))
        .requires(DeskPermission::Configure)
        .api(routes!(routing::get_rule))
        .requires(DeskPermission::ReadInternals)
        .api(routes!(routing::update_rule))
        .requires(DeskPermission::Configure)
        .api(routes!(routing::delete_rule))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::list))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::create))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::get))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::update))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::delete))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::move_rule))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::rule_runs))
        .requires(DeskPermission::Configure)
        .api(routes!(automation::runs))
        .requires(DeskPermission::Configure)
        .api(routes!(ticket_mail::ticket_mail))
        .requires(DeskPermission::WorkTicket)
}

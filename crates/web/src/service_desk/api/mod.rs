//! The service desk's JSON API: its handlers, their OpenAPI paths and its routes, each with the access
//! it needs. `crate::api` merges every module's routes and documents.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod exports;
pub mod links;
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

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        categories::list_categories,
        categories::create_category,
        categories::update_category,
        tickets::list_tickets,
        tickets::count_tickets,
        exports::export_tickets,
        tickets::bulk_change,
        tickets::create_ticket,
        tickets::get_ticket,
        tickets::update_ticket,
        tickets::list_comments,
        tickets::add_comment,
        tickets::history,
        tickets::list_attachments,
        tickets::upload_attachment,
        tickets::download_attachment,
        links::list_links,
        links::add_link,
        links::remove_link,
        links::merge,
        watchers::list_watchers,
        watchers::add_watcher,
        watchers::remove_watcher,
        major_incidents::list,
        major_incidents::add,
        time_entries::list,
        time_entries::add,
        canned::list,
        canned::create,
        canned::get,
        canned::update,
        canned::delete,
        canned::render,
        sla::explain,
        sla::list_calendars,
        sla::create_calendar,
        sla::get_calendar,
        sla::update_calendar,
        sla::delete_calendar,
        sla::list_policies,
        sla::create_policy,
        sla::get_policy,
        sla::update_policy,
        sla::delete_policy,
        routing::list_rules,
        routing::create_rule,
        routing::get_rule,
        routing::update_rule,
        routing::delete_rule,
        views::list_views,
        views::create_view,
        views::get_view,
        views::update_view,
        views::delete_view,
        automation::list,
        automation::create,
        automation::get,
        automation::update,
        automation::delete,
        automation::move_rule,
        automation::rule_runs,
        automation::runs,
        ticket_mail::ticket_mail,
    ),
    components(schemas(helmdesk_app::service_desk::exports::ExportFormat)),
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
        .get("/api/v1/categories", categories::list_categories)
        .signed_in()
        .post("/api/v1/categories", categories::create_category)
        .requires(DeskPermission::Configure)
        .patch("/api/v1/categories/{id}", categories::update_category)
        .requires(DeskPermission::Configure)
        .get("/api/v1/tickets", tickets::list_tickets)
        .signed_in()
        .post("/api/v1/tickets", tickets::create_ticket)
        .requires(DeskPermission::CreateTicket)
        .get("/api/v1/tickets/count", tickets::count_tickets)
        .signed_in()
        .get("/api/v1/tickets/export", exports::export_tickets)
        .signed_in()
        .post("/api/v1/tickets/bulk", tickets::bulk_change)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/views", views::list_views)
        .signed_in()
        .post("/api/v1/views", views::create_view)
        .signed_in()
        .get("/api/v1/views/{id}", views::get_view)
        .signed_in()
        .patch("/api/v1/views/{id}", views::update_view)
        .signed_in()
        .delete("/api/v1/views/{id}", views::delete_view)
        .signed_in()
        .get("/api/v1/tickets/{id}", tickets::get_ticket)
        .signed_in()
        .patch("/api/v1/tickets/{id}", tickets::update_ticket)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/tickets/{id}/comments", tickets::list_comments)
        .signed_in()
        .post("/api/v1/tickets/{id}/comments", tickets::add_comment)
        .requires(DeskPermission::ReplyTicket)
        .get("/api/v1/tickets/{id}/history", tickets::history)
        .signed_in()
        .get("/api/v1/tickets/{id}/attachments", tickets::list_attachments)
        .signed_in()
        .post_with_limit(
            "/api/v1/tickets/{id}/attachments",
            tickets::upload_attachment,
            crate::api::upload_limit(state),
        )
        .requires(DeskPermission::ReplyTicket)
        .get("/api/v1/attachments/{id}/content", tickets::download_attachment)
        .signed_in()
        .get("/api/v1/tickets/{id}/links", links::list_links)
        .requires(DeskPermission::ReadInternals)
        .post("/api/v1/tickets/{id}/links", links::add_link)
        .requires(DeskPermission::WorkTicket)
        .delete("/api/v1/tickets/{id}/links/{link_id}", links::remove_link)
        .requires(DeskPermission::WorkTicket)
        .post("/api/v1/tickets/{id}/merge", links::merge)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/tickets/{id}/watchers", watchers::list_watchers)
        .signed_in()
        .post("/api/v1/tickets/{id}/watchers", watchers::add_watcher)
        .requires(DeskPermission::ReplyTicket)
        .delete("/api/v1/tickets/{id}/watchers/{user_id}", watchers::remove_watcher)
        .requires(DeskPermission::ReplyTicket)
        .get("/api/v1/tickets/{id}/major-updates", major_incidents::list)
        .signed_in()
        .post("/api/v1/tickets/{id}/major-updates", major_incidents::add)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/tickets/{id}/time-entries", time_entries::list)
        .requires(DeskPermission::ReadInternals)
        .post("/api/v1/tickets/{id}/time-entries", time_entries::add)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/tickets/{id}/canned-responses/{canned_id}", canned::render)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/canned-responses", canned::list)
        .requires(DeskPermission::WorkTicket)
        .post("/api/v1/canned-responses", canned::create)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/canned-responses/{id}", canned::get)
        .requires(DeskPermission::WorkTicket)
        .patch("/api/v1/canned-responses/{id}", canned::update)
        .requires(DeskPermission::WorkTicket)
        .delete("/api/v1/canned-responses/{id}", canned::delete)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/tickets/{id}/sla", sla::explain)
        .signed_in()
        .get("/api/v1/calendars", sla::list_calendars)
        .requires(DeskPermission::ReadInternals)
        .post("/api/v1/calendars", sla::create_calendar)
        .requires(DeskPermission::Configure)
        .get("/api/v1/calendars/{id}", sla::get_calendar)
        .requires(DeskPermission::ReadInternals)
        .patch("/api/v1/calendars/{id}", sla::update_calendar)
        .requires(DeskPermission::Configure)
        .delete("/api/v1/calendars/{id}", sla::delete_calendar)
        .requires(DeskPermission::Configure)
        .get("/api/v1/sla-policies", sla::list_policies)
        .requires(DeskPermission::ReadInternals)
        .post("/api/v1/sla-policies", sla::create_policy)
        .requires(DeskPermission::Configure)
        .get("/api/v1/sla-policies/{id}", sla::get_policy)
        .requires(DeskPermission::ReadInternals)
        .patch("/api/v1/sla-policies/{id}", sla::update_policy)
        .requires(DeskPermission::Configure)
        .delete("/api/v1/sla-policies/{id}", sla::delete_policy)
        .requires(DeskPermission::Configure)
        .get("/api/v1/assignment-rules", routing::list_rules)
        .requires(DeskPermission::ReadInternals)
        .post("/api/v1/assignment-rules", routing::create_rule)
        .requires(DeskPermission::Configure)
        .get("/api/v1/assignment-rules/{id}", routing::get_rule)
        .requires(DeskPermission::ReadInternals)
        .patch("/api/v1/assignment-rules/{id}", routing::update_rule)
        .requires(DeskPermission::Configure)
        .delete("/api/v1/assignment-rules/{id}", routing::delete_rule)
        .requires(DeskPermission::Configure)
        .get("/api/v1/automation-rules", automation::list)
        .requires(DeskPermission::Configure)
        .post("/api/v1/automation-rules", automation::create)
        .requires(DeskPermission::Configure)
        .get("/api/v1/automation-rules/{id}", automation::get)
        .requires(DeskPermission::Configure)
        .put("/api/v1/automation-rules/{id}", automation::update)
        .requires(DeskPermission::Configure)
        .delete("/api/v1/automation-rules/{id}", automation::delete)
        .requires(DeskPermission::Configure)
        .post("/api/v1/automation-rules/{id}/move", automation::move_rule)
        .requires(DeskPermission::Configure)
        .get("/api/v1/automation-rules/{id}/runs", automation::rule_runs)
        .requires(DeskPermission::Configure)
        .get("/api/v1/automation-runs", automation::runs)
        .requires(DeskPermission::Configure)
        .get("/api/v1/tickets/{id}/mail", ticket_mail::ticket_mail)
        .requires(DeskPermission::WorkTicket)
}

//! The JSON API under `/api/v1`, authenticated by bearer token, and its OpenAPI document
//! (generated from the handlers' annotations and the app's types).

use crate::platform::api::{directory, mail, notifications, tokens, webhooks};
use crate::reports::api::kpis;
use crate::service_desk::api::{
    automation, canned, categories, exports, links, major_incidents, routing, sla, tickets, time_entries, views,
    watchers,
};

use axum::Json;
use axum::middleware::from_fn_with_state;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::error::ErrorBody;
use crate::platform::auth::{api_auth, idempotency};
use crate::routes::Routes;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::reports::access::ReportPermission;
use helmdesk_app::service_desk::access::DeskPermission;

#[derive(OpenApi)]
#[openapi(
    info(title = "Helmdesk API", description = "The IT service desk's JSON API. Authenticate with `Authorization: Bearer TOKEN` (create a token on your account page or with `helmdesk token create`)."),
    paths(
        directory::me,
        directory::list_users,
        directory::get_user,
        directory::update_user,
        directory::list_teams,
        directory::create_team,
        directory::get_team,
        directory::update_team,
        categories::list_categories,
        categories::create_category,
        categories::update_category,
        directory::list_organisations,
        directory::list_departments,
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
        tokens::list_tokens,
        tokens::create_token,
        tokens::revoke_token,
        kpis::get_kpis,
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
        notifications::list,
        notifications::get,
        notifications::put,
        notifications::reset,
        notifications::preview,
        notifications::preferences,
        notifications::set_preferences,
        mail::settings,
        mail::set_settings,
        mail::mailboxes,
        mail::create_mailbox,
        mail::update_mailbox,
        mail::delete_mailbox,
        mail::inbound,
        mail::retry,
        mail::raw,
        mail::outbound,
        mail::ticket_mail,
        webhooks::list,
        webhooks::create,
        webhooks::get,
        webhooks::update,
        webhooks::delete,
        webhooks::test,
        webhooks::deliveries,
        webhooks::settings,
        webhooks::set_settings,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Conventions),
    security(("bearer" = [])),
    tags(
        (name = "tickets", description = "Incidents and service requests"),
        (name = "canned responses", description = "Reply texts kept for reuse, with placeholders"),
        (name = "directory", description = "Users, teams, categories, organisations"),
        (name = "sla", description = "Business-hours calendars and SLA policies"),
        (name = "routing", description = "Assignment rules: which team and agent a new ticket goes to"),
        (name = "tokens", description = "API tokens"),
        (name = "reports", description = "KPIs of the service desk"),
        (name = "automation", description = "Rules that act on tickets by event or by time, and their log"),
        (name = "notifications", description = "Notification e-mail templates and each person's notification settings"),
        (name = "mail", description = "Mail in and out: settings, mailboxes, messages received and sent"),
        (name = "webhooks", description = "Outbound webhooks: ticket events posted to other systems, Slack and Teams"),
    )
)]
pub struct ApiDoc;

/// Adds what every operation shares: the bearer scheme and the error responses our error
/// mapping can produce, so each handler documents only its successes.
struct Conventions;

fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

fn add_errors(op: &mut Operation, method: &str, has_id: bool) {
    let mut errors = vec![
        ("401", "No valid API token"),
        ("403", "The caller's role may not do this"),
        ("422", "The input broke a rule; nothing was changed"),
    ];
    if has_id {
        errors.push(("400", "The path holds a control character"));
        errors.push(("404", "No such record, or one the caller may not see"));
    }
    if matches!(method, "post" | "put" | "patch" | "delete") {
        errors.push(("409", "The request conflicts with the current state"));
        errors.push(("413", "The body is too large"));
    }
    if method == "patch" {
        errors.push(("412", "If-Match names a version that is no longer current"));
    }
    for (status, description) in errors {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| error_response(description));
    }
}

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            for (method, op) in [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ] {
                if let Some(op) = op {
                    add_errors(op, method, has_id);
                }
            }
        }
    }
}

/// The OpenAPI document.
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The body limit of uploads: the largest attachment plus room for the form around it.
pub fn upload_limit(state: &AppState) -> usize {
    state.app.settings().max_attachment_bytes + 64 * 1024
}

pub(crate) fn routes(state: &AppState) -> Routes {
    let authenticated = Routes::new()
        .get("/api/v1/me", directory::me)
        .signed_in()
        .get("/api/v1/users", directory::list_users)
        .requires(Permission::ReadDirectory)
        .get("/api/v1/users/{id}", directory::get_user)
        .requires(Permission::ReadDirectory)
        .patch("/api/v1/users/{id}", directory::update_user)
        .requires(Permission::MarkAway)
        .get("/api/v1/teams", directory::list_teams)
        .requires(Permission::ReadDirectory)
        .post("/api/v1/teams", directory::create_team)
        .requires(Permission::ManageTeams)
        .get("/api/v1/teams/{id}", directory::get_team)
        .requires(Permission::ReadDirectory)
        .patch("/api/v1/teams/{id}", directory::update_team)
        .requires(Permission::ManageTeams)
        .get("/api/v1/categories", categories::list_categories)
        .signed_in()
        .post("/api/v1/categories", categories::create_category)
        .requires(DeskPermission::Configure)
        .patch("/api/v1/categories/{id}", categories::update_category)
        .requires(DeskPermission::Configure)
        .get("/api/v1/organisations", directory::list_organisations)
        .signed_in()
        .get("/api/v1/departments", directory::list_departments)
        .signed_in()
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
        .post_with_limit("/api/v1/tickets/{id}/attachments", tickets::upload_attachment, upload_limit(state))
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
        .get("/api/v1/tokens", tokens::list_tokens)
        .signed_in()
        .post("/api/v1/tokens", tokens::create_token)
        .signed_in()
        .delete("/api/v1/tokens/{id}", tokens::revoke_token)
        .signed_in()
        .get("/api/v1/kpis", kpis::get_kpis)
        .requires(ReportPermission::ReadReports)
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
        .get("/api/v1/notification-templates", notifications::list)
        .requires(Permission::Administer)
        .get("/api/v1/notification-templates/{event}/{language}", notifications::get)
        .requires(Permission::Administer)
        .put("/api/v1/notification-templates/{event}/{language}", notifications::put)
        .requires(Permission::Administer)
        .delete("/api/v1/notification-templates/{event}/{language}", notifications::reset)
        .requires(Permission::Administer)
        .post("/api/v1/notification-templates/{event}/preview", notifications::preview)
        .requires(Permission::Administer)
        .get("/api/v1/me/notification-preferences", notifications::preferences)
        .signed_in()
        .put("/api/v1/me/notification-preferences", notifications::set_preferences)
        .signed_in()
        .get("/api/v1/mail/settings", mail::settings)
        .requires(Permission::Administer)
        .put("/api/v1/mail/settings", mail::set_settings)
        .requires(Permission::Administer)
        .get("/api/v1/mail/mailboxes", mail::mailboxes)
        .requires(Permission::Administer)
        .post("/api/v1/mail/mailboxes", mail::create_mailbox)
        .requires(Permission::Administer)
        .put("/api/v1/mail/mailboxes/{id}", mail::update_mailbox)
        .requires(Permission::Administer)
        .delete("/api/v1/mail/mailboxes/{id}", mail::delete_mailbox)
        .requires(Permission::Administer)
        .get("/api/v1/mail/inbound", mail::inbound)
        .requires(Permission::Administer)
        .post("/api/v1/mail/inbound/{id}/retry", mail::retry)
        .requires(Permission::Administer)
        .get("/api/v1/mail/inbound/{id}/raw", mail::raw)
        .requires(Permission::Administer)
        .get("/api/v1/mail/outbound", mail::outbound)
        .requires(Permission::Administer)
        .get("/api/v1/tickets/{id}/mail", mail::ticket_mail)
        .requires(DeskPermission::WorkTicket)
        .get("/api/v1/webhooks", webhooks::list)
        .requires(Permission::Administer)
        .post("/api/v1/webhooks", webhooks::create)
        .requires(Permission::Administer)
        .get("/api/v1/webhooks/settings", webhooks::settings)
        .requires(Permission::Administer)
        .put("/api/v1/webhooks/settings", webhooks::set_settings)
        .requires(Permission::Administer)
        .get("/api/v1/webhooks/{id}", webhooks::get)
        .requires(Permission::Administer)
        .patch("/api/v1/webhooks/{id}", webhooks::update)
        .requires(Permission::Administer)
        .delete("/api/v1/webhooks/{id}", webhooks::delete)
        .requires(Permission::Administer)
        .post("/api/v1/webhooks/{id}/test", webhooks::test)
        .requires(Permission::Administer)
        .get("/api/v1/webhooks/{id}/deliveries", webhooks::deliveries)
        .requires(Permission::Administer)
        .layer(from_fn_with_state(state.clone(), idempotency))
        .layer(from_fn_with_state(state.clone(), api_auth))
        .layer(axum::extract::DefaultBodyLimit::max(state.web.max_body_bytes));
    Routes::new().get("/api/v1/openapi.json", openapi).public().merge(authenticated)
}

//! The platform's JSON API: its handlers, their OpenAPI paths and its routes, each with the access
//! it needs. `crate::api` merges every module's routes and documents.

pub mod directory;
pub mod mail;
pub mod notifications;
pub mod tokens;
pub mod webhooks;

use helmdesk_app::platform::access::Permission;
use utoipa::OpenApi;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        directory::me,
        directory::list_users,
        directory::get_user,
        directory::update_user,
        directory::list_teams,
        directory::create_team,
        directory::get_team,
        directory::update_team,
        directory::list_organisations,
        directory::list_departments,
        tokens::list_tokens,
        tokens::create_token,
        tokens::revoke_token,
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
    tags(
        (name = "directory", description = "Users, teams, categories, organisations"),
        (name = "tokens", description = "API tokens"),
        (name = "notifications", description = "Notification e-mail templates and each person's notification settings"),
        (name = "mail", description = "Mail in and out: settings, mailboxes, messages received and sent"),
        (name = "webhooks", description = "Outbound webhooks: ticket events posted to other systems, Slack and Teams"),
    )
)]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new()
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
        .get("/api/v1/organisations", directory::list_organisations)
        .signed_in()
        .get("/api/v1/departments", directory::list_departments)
        .signed_in()
        .get("/api/v1/tokens", tokens::list_tokens)
        .signed_in()
        .post("/api/v1/tokens", tokens::create_token)
        .signed_in()
        .delete("/api/v1/tokens/{id}", tokens::revoke_token)
        .signed_in()
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
}

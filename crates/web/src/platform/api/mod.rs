//! The platform's JSON API: its handlers, their OpenAPI paths and its routes, each with the access
//! it needs. `crate::api` merges every module's routes and documents.

pub mod approvals;
pub mod directory;
pub mod mail;
pub mod notifications;
pub mod tokens;
pub mod webhooks;

use helmdesk_app::platform::access::Permission;
use helmdesk_app::platform::approvals::ApprovalPermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    components(schemas(helmdesk_app::platform::exports::ExportFormat)),
    tags(
        (name = "directory", description = "Users, teams, categories, organisations, departments, cost centres"),
        (name = "approvals", description = "Approval chains, approvals and their decisions, delegation"),
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
        .describe(Doc::openapi())
        .api(routes!(directory::me))
        .signed_in()
        .api(routes!(directory::list_users))
        .requires(Permission::ReadDirectory)
        .api(routes!(directory::export_users))
        .requires(Permission::ReadDirectory)
        .api(routes!(directory::get_user))
        .requires(Permission::ReadDirectory)
        .api(routes!(directory::update_user))
        .requires(Permission::MarkAway)
        .api(routes!(directory::list_teams))
        .requires(Permission::ReadDirectory)
        .api(routes!(directory::create_team))
        .requires(Permission::ManageTeams)
        .api(routes!(directory::get_team))
        .requires(Permission::ReadDirectory)
        .api(routes!(directory::update_team))
        .requires(Permission::ManageTeams)
        .api(routes!(directory::list_organisations))
        .signed_in()
        .api(routes!(directory::list_departments))
        .signed_in()
        .api(routes!(directory::update_department))
        .requires(Permission::Administer)
        .api(routes!(directory::list_cost_centres))
        .signed_in()
        .api(routes!(directory::create_cost_centre))
        .requires(Permission::Administer)
        .api(routes!(directory::update_cost_centre))
        .requires(Permission::Administer)
        .api(routes!(approvals::list_approvals))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::get_approval))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::decide))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::list_chains))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::create_chain))
        .requires(ApprovalPermission::ManageChains)
        .api(routes!(approvals::get_chain))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::update_chain))
        .requires(ApprovalPermission::ManageChains)
        .api(routes!(approvals::list_delegations))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::create_delegation))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(approvals::delete_delegation))
        .requires(ApprovalPermission::UseApprovals)
        .api(routes!(tokens::list_tokens))
        .signed_in()
        .api(routes!(tokens::create_token))
        .signed_in()
        .api(routes!(tokens::revoke_token))
        .signed_in()
        .api(routes!(notifications::list))
        .requires(Permission::Administer)
        .api(routes!(notifications::get))
        .requires(Permission::Administer)
        .api(routes!(notifications::put))
        .requires(Permission::Administer)
        .api(routes!(notifications::reset))
        .requires(Permission::Administer)
        .api(routes!(notifications::preview))
        .requires(Permission::Administer)
        .api(routes!(notifications::preferences))
        .signed_in()
        .api(routes!(notifications::set_preferences))
        .signed_in()
        .api(routes!(mail::settings))
        .requires(Permission::Administer)
        .api(routes!(mail::set_settings))
        .requires(Permission::Administer)
        .api(routes!(mail::mailboxes))
        .requires(Permission::Administer)
        .api(routes!(mail::create_mailbox))
        .requires(Permission::Administer)
        .api(routes!(mail::update_mailbox))
        .requires(Permission::Administer)
        .api(routes!(mail::delete_mailbox))
        .requires(Permission::Administer)
        .api(routes!(mail::inbound))
        .requires(Permission::Administer)
        .api(routes!(mail::retry))
        .requires(Permission::Administer)
        .api(routes!(mail::raw))
        .requires(Permission::Administer)
        .api(routes!(mail::outbound))
        .requires(Permission::Administer)
        .api(routes!(webhooks::list))
        .requires(Permission::Administer)
        .api(routes!(webhooks::create))
        .requires(Permission::Administer)
        .api(routes!(webhooks::settings))
        .requires(Permission::Administer)
        .api(routes!(webhooks::set_settings))
        .requires(Permission::Administer)
        .api(routes!(webhooks::get))
        .requires(Permission::Administer)
        .api(routes!(webhooks::update))
        .requires(Permission::Administer)
        .api(routes!(webhooks::delete))
        .requires(Permission::Administer)
        .api(routes!(webhooks::test))
        .requires(Permission::Administer)
        .api(routes!(webhooks::deliveries))
        .requires(Permission::Administer)
}

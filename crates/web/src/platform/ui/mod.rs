//! The platform's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod account;
pub mod admin;
pub mod approvals;
pub mod errors;
pub mod flash;
pub mod i18n;
pub mod mail;
pub mod password_reset;
pub mod preview;
pub mod style;
pub mod templates;
pub mod webhooks;

use helmdesk_app::Actor;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::platform::approvals::ApprovalPermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new()
        .merge(account::routes())
        .merge(admin::routes())
        .merge(approvals::routes())
        .merge(mail::routes())
        .merge(preview::routes())
        .merge(style::routes())
        .merge(password_reset::routes())
        .merge(templates::routes())
        .merge(webhooks::routes())
}

/// The module's links in the main navigation, for `actor`.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    let mut links = Vec::new();
    if actor.can(ApprovalPermission::UseApprovals) {
        links.push(Link::new(60, "/approvals", "nav-approvals", "approvals"));
    }
    if actor.can(Permission::ManageTeams) {
        links.push(Link::new(90, "/admin", "nav-admin", "admin"));
    }
    links
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    let mut links = Vec::new();
    if actor.can(Permission::Administer) {
        links.push(Link::new(10, "/admin/users", "admin-users", "admin").noting("admin-users-note"));
        links.push(
            Link::new(20, "/admin/organisations", "admin-organisations", "admin").noting("admin-organisations-note"),
        );
        links.push(
            Link::new(80, "/admin/notifications", "admin-notifications", "admin").noting("admin-notifications-note"),
        );
        links.push(Link::new(81, "/admin/mail", "admin-mail", "admin").noting("admin-mail-note"));
        links.push(Link::new(82, "/admin/webhooks", "admin-webhooks", "admin").noting("admin-webhooks-note"));
        links.push(Link::new(83, "/admin/tokens", "admin-tokens", "admin").noting("admin-tokens-note"));
    }
    // `ui::admin_links` puts every module's entries in rank order.
    if actor.can(Permission::ManageTeams) {
        links.push(Link::new(30, "/admin/teams", "admin-teams", "admin").noting("admin-teams-note"));
    }
    if actor.can(ApprovalPermission::ManageChains) {
        links.push(
            Link::new(35, "/admin/approval-chains", "admin-approval-chains", "admin")
                .noting("admin-approval-chains-note"),
        );
    }
    links
}

//! The service desk's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod ci_tickets;
pub mod columns;
pub mod labels;
pub mod live;
pub mod presence;
pub mod queue;
pub mod routing;
pub mod sla;
pub mod surveys;
pub mod ticket_work;
pub mod tickets;

use helmdesk_app::Actor;
use helmdesk_app::service_desk::access::DeskPermission;
use helmdesk_domain::Role;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .merge(automation::routes())
        .merge(canned::routes())
        .merge(categories::routes())
        .merge(columns::routes())
        .merge(live::routes())
        .merge(presence::routes())
        .merge(queue::routes())
        .merge(routing::routes())
        .merge(sla::routes())
        .merge(surveys::routes())
        .merge(ticket_work::routes())
        .merge(tickets::routes(state))
}

/// The module's links in the main navigation, for `actor`.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    let mut links = Vec::new();
    if actor.role.is_staff() {
        links.push(Link::new(10, "/tickets", "nav-queue", "queue"));
    } else if actor.role == Role::Auditor {
        links.push(Link::new(10, "/tickets", "nav-tickets", "queue"));
    }
    if actor.can(DeskPermission::CreateTicket) {
        links.push(Link::new(30, "/my/tickets", "nav-my-tickets", "mine"));
        links.push(Link::new(40, "/tickets/new", "nav-new-ticket", "new"));
    }
    links
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    if !actor.can(DeskPermission::Configure) {
        return Vec::new();
    }
    vec![
        Link::new(40, "/admin/categories", "admin-categories", "admin").noting("admin-categories-note"),
        Link::new(50, "/admin/routing", "admin-routing", "admin").noting("admin-routing-note"),
        Link::new(60, "/admin/automation", "admin-automation", "admin").noting("admin-automation-note"),
        Link::new(70, "/admin/sla", "admin-sla", "admin").noting("admin-sla-note"),
    ]
}

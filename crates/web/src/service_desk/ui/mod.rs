//! The service desk's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod live;
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
        .merge(live::routes())
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
        links.push(Link::new(10, "/tickets", "Queue", "queue"));
    } else if actor.role == Role::Auditor {
        links.push(Link::new(10, "/tickets", "Tickets", "queue"));
    }
    if actor.can(DeskPermission::CreateTicket) {
        links.push(Link::new(30, "/my/tickets", "My tickets", "mine"));
        links.push(Link::new(40, "/tickets/new", "New ticket", "new"));
    }
    links
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    if !actor.can(DeskPermission::Configure) {
        return Vec::new();
    }
    vec![
        Link::new(40, "/admin/categories", "Categories", "admin").noting("what tickets are filed under"),
        Link::new(50, "/admin/routing", "Routing", "admin")
            .noting("assignment rules: which team and agent a new ticket goes to"),
        Link::new(60, "/admin/automation", "Automation", "admin")
            .noting("rules that act on tickets when something happens or time passes"),
        Link::new(70, "/admin/sla", "Service levels", "admin")
            .noting("SLA policies, targets, escalation and business-hours calendars"),
    ]
}

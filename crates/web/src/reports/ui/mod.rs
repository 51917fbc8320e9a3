//! The reports' pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod dashboard;
mod self_service;

use helmdesk_app::Actor;
use helmdesk_app::reports::access::ReportPermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new().merge(dashboard::routes())
}

/// The module's links in the main navigation, for `actor`.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    if actor.can(ReportPermission::ReadReports) {
        vec![Link::new(20, "/dashboard", "nav-dashboard", "dashboard")]
    } else {
        Vec::new()
    }
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    let _ = actor;
    Vec::new()
}

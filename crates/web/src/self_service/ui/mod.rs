//! Self-service's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod catalog;

use helmdesk_app::Actor;
use helmdesk_app::self_service::access::SelfServicePermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new().merge(catalog::routes())
}

/// The module's links in the main navigation, for `actor`.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    match actor.can(SelfServicePermission::UsePortal) {
        true => vec![Link::new(45, "/portal/catalog", "nav-order", "catalog")],
        false => Vec::new(),
    }
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    match actor.can(SelfServicePermission::ManageCatalog) {
        true => vec![Link::new(45, "/admin/catalog", "admin-catalog", "admin").noting("admin-catalog-note")],
        false => Vec::new(),
    }
}

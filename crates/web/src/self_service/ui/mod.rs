//! Self-service's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod articles;
pub mod catalog;
pub mod catalog_admin;
pub mod kb;
pub mod portal;

use helmdesk_app::Actor;
use helmdesk_app::self_service::access::SelfServicePermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .merge(portal::routes())
        .merge(kb::routes(state))
        .merge(articles::routes())
        .merge(catalog::routes(state))
        .merge(catalog_admin::routes())
}

/// The module's links in the main navigation, for `actor`: the knowledge base for staff
/// and auditors, the portal and the catalog for everyone.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    let mut links = Vec::new();
    if actor.can(SelfServicePermission::ReadArticles) {
        links.push(Link::new(21, "/kb", "nav-knowledge", "kb"));
    }
    if actor.can(SelfServicePermission::UsePortal) {
        // The employees' home comes first for them; staff find it beside the catalog.
        let rank = if actor.role.is_staff() { 44 } else { 5 };
        links.push(Link::new(rank, "/portal", "nav-portal", "portal"));
        links.push(Link::new(45, "/portal/catalog", "nav-order", "catalog"));
    }
    links
}

/// The module's entries on the administration page, for `actor`: the knowledge base's
/// categories and the catalog.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    let mut links = Vec::new();
    if actor.can(SelfServicePermission::ManageArticleCategories) {
        links.push(Link::new(38, "/kb/categories", "admin-kb-categories", "admin").noting("admin-kb-categories-note"));
    }
    if actor.can(SelfServicePermission::ManageCatalog) {
        links.push(Link::new(45, "/admin/catalog", "admin-catalog", "admin").noting("admin-catalog-note"));
    }
    links
}

//! Self-service's pages: their handlers, their routes and the links the module adds to
//! the navigation and the administration page. `crate::ui` merges every module's.

pub mod articles;
pub mod kb;

use helmdesk_app::Actor;
use helmdesk_app::self_service::access::SelfServicePermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new().merge(kb::routes()).merge(articles::routes())
}

/// The module's links in the main navigation, for `actor`: the knowledge base for staff
/// and auditors.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    if actor.can(SelfServicePermission::ReadArticles) {
        vec![Link::new(21, "/kb", "nav-knowledge", "kb")]
    } else {
        Vec::new()
    }
}

/// The module's entries on the administration page, for `actor`: the knowledge base's
/// categories.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    if !actor.can(SelfServicePermission::ManageArticleCategories) {
        return Vec::new();
    }
    vec![Link::new(38, "/kb/categories", "admin-kb-categories", "admin").noting("admin-kb-categories-note")]
}

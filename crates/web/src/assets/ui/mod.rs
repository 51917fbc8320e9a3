//! The assets module's pages: their handlers, their routes and the links the module adds
//! to the navigation and the administration page. `crate::ui` merges every module's.

pub mod audits;
pub mod catalog;
pub mod cmdb;
pub mod devices;
pub mod discovery;
pub mod hardware;
pub mod imports;
pub mod labels;
pub mod licences;
pub mod software;
pub mod stock;

use helmdesk_app::Actor;
use helmdesk_app::assets::access::AssetPermission;

use crate::AppState;
use crate::routes::Routes;
use crate::ui::Link;

/// The module's pages.
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new()
        .merge(labels::routes())
        .merge(hardware::routes())
        .merge(audits::routes())
        .merge(catalog::routes())
        .merge(cmdb::routes())
        .merge(software::routes())
        .merge(discovery::routes())
        .merge(licences::routes())
        .merge(stock::routes())
        .merge(imports::routes())
}

/// The module's links in the main navigation, for `actor`: the assets, the CMDB, the
/// software catalogue, the licences and the stock of consumables and accessories for staff
/// and auditors, one's own devices for everyone else.
pub(crate) fn menu(actor: &Actor) -> Vec<Link> {
    if actor.can(AssetPermission::ReadAssets) {
        vec![
            Link::new(15, "/assets", "nav-assets", "assets"),
            Link::new(16, "/cis", "nav-cmdb", "cmdb"),
            Link::new(17, "/software", "nav-software", "software"),
            Link::new(18, "/licences", "nav-licences", "licences"),
            Link::new(19, "/stock", "nav-stock", "stock"),
        ]
    } else {
        vec![Link::new(35, "/my/assets", "nav-my-assets", "my-assets")]
    }
}

/// The module's entries on the administration page, for `actor`.
pub(crate) fn admin(actor: &Actor) -> Vec<Link> {
    if !actor.can(AssetPermission::Configure) {
        return Vec::new();
    }
    vec![
        Link::new(35, "/admin/assets", "admin-assets", "admin").noting("admin-assets-note"),
        Link::new(36, "/assets/agents", "admin-agents", "admin").noting("admin-agents-note"),
        Link::new(37, "/imports", "imports-title", "admin").noting("imports-intro"),
    ]
}

//! The employees' portal (`/portal`): a search box first, whose results list the catalog
//! items, articles and own tickets that match, then the reader's requests and tickets,
//! the approvals waiting for them, the catalog's categories, the most read articles and
//! the devices they hold. One column on a phone.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::self_service::access::SelfServicePermission;
use helmdesk_app::self_service::portal::{PortalHit, PortalHitKind, PortalHome, PortalRequest, SEARCH_TEXT_MAX};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiQuery;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, render};

/// How many results of each kind the page shows.
const HITS_PER_KIND: i64 = 8;

pub(crate) fn routes() -> Routes {
    Routes::new().get("/portal", home).requires(SelfServicePermission::UsePortal)
}

#[derive(Debug, Default, Deserialize)]
struct HomeParams {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "self_service/portal.html")]
struct HomePage {
    nav: Option<Nav>,
    tr: Tr,
    q: String,
    /// Results, when something was searched.
    hits: Vec<PortalHit>,
    home: PortalHome,
}

impl HomePage {
    /// A result's kind in the reader's language.
    fn kind(&self, hit: &PortalHit) -> String {
        let id = match hit.kind {
            PortalHitKind::CatalogItem => "portal-kind-item",
            PortalHitKind::Article => "portal-kind-article",
            PortalHitKind::Ticket => "portal-kind-ticket",
        };
        self.tr.t(id)
    }

    /// A request's or ticket's status in the reader's language.
    fn status(&self, r: &PortalRequest) -> String {
        self.tr.of(if r.ordered { "order-status" } else { "status" }, &r.status)
    }

    /// A result ticket's status in the reader's language.
    fn hit_status(&self, hit: &PortalHit) -> String {
        hit.status.map(|s| self.tr.of("status", s.as_str())).unwrap_or_default()
    }
}

async fn home(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<HomeParams>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let q: String = p.q.trim().chars().take(SEARCH_TEXT_MAX).collect();
    // The text is cut to the longest allowed: a longer one pasted into the box still finds.
    let hits = s.app.portal_search(actor, &q, HITS_PER_KIND).await?;
    let page = HomePage {
        nav: Some(Nav::of(&s, &user, "portal").await?),
        home: s.app.portal_home(actor).await?,
        tr: user.tr(),
        q,
        hits,
    };
    Ok(render(&page))
}

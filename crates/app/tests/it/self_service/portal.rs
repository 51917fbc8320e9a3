//! The employees' portal on both databases: one search that finds the catalog items,
//! articles and own tickets its reader may see, and nothing of another person or
//! organisation (not even a ticket named by its number); hostile text that stays text;
//! and the home page's lists.

use helmdesk_app::AppError;
use helmdesk_app::self_service::catalog::NewCatalogItem;
use helmdesk_app::self_service::kb::NewArticle;
use helmdesk_app::self_service::portal::{PortalHit, PortalHitKind};
use helmdesk_app::service_desk::tickets::NewTicket;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};
use crate::support::people::actor;

backend_tests!(
    one_search_finds_items_articles_and_own_tickets_only,
    hostile_search_text_is_refused_or_finds_nothing,
    the_home_lists_requests_tickets_articles_and_categories,
);

/// Publishes a public article in the manager's organisation.
async fn article(w: &World, title: &str, body: &str) -> i64 {
    let input = NewArticle {
        title: title.into(),
        body: body.into(),
        language: Some("en".into()),
        visibility: Some(ArticleVisibility::Public),
        ..Default::default()
    };
    let a = w.app.create_article(&w.manager, &input).await.unwrap();
    w.app.move_article(&w.manager, a.id, ArticleState::Published).await.unwrap().id
}

async fn item(w: &World, name: &str, description: &str) -> i64 {
    let input = NewCatalogItem { name: name.into(), description: Some(description.into()), ..Default::default() };
    w.app.create_catalog_item(&w.manager, &input).await.unwrap().id
}

fn kinds(hits: &[PortalHit]) -> Vec<(PortalHitKind, i64)> {
    hits.iter().map(|h| (h.kind, h.id)).collect()
}

async fn one_search_finds_items_articles_and_own_tickets_only(backend: Backend) {
    let w = world(backend).await;
    let vpn_item = item(&w, "VPN access", "Work from home through the VPN").await;
    item(&w, "New laptop", "A laptop for work").await;
    let vpn_article = article(&w, "The VPN does not connect", "<p>Restart the VPN client.</p>").await;
    let rita_ticket = w.app.create_ticket(&w.rita, NewTicket::incident("VPN drops every hour", "Since Monday")).await;
    let rita_ticket = rita_ticket.unwrap();
    let colleague = actor(&w.app, "carl@acme.example", "requester", w.acme).await;
    let carl_ticket = w.app.create_ticket(&colleague, NewTicket::incident("VPN token lost", "")).await.unwrap();

    let hits = w.app.portal_search(&w.rita, "vpn", 10).await.unwrap();
    assert_eq!(
        kinds(&hits),
        [
            (PortalHitKind::CatalogItem, vpn_item),
            (PortalHitKind::Article, vpn_article),
            (PortalHitKind::Ticket, rita_ticket.id)
        ],
        "the item first, then the article, then her own ticket; never her colleague's"
    );
    assert_eq!(hits[0].link, format!("/portal/catalog/{vpn_item}"));
    assert_eq!(hits[2].number.as_deref(), Some(rita_ticket.number.as_str()));
    // Every word must match: "vpn hour" is her ticket only.
    assert_eq!(
        kinds(&w.app.portal_search(&w.rita, "VPN hour", 10).await.unwrap()),
        [(PortalHitKind::Ticket, rita_ticket.id)]
    );
    // A ticket's number finds her own ticket, and nobody else's, even for an agent.
    let by_number = w.app.portal_search(&w.rita, &rita_ticket.number, 10).await.unwrap();
    assert_eq!(kinds(&by_number), [(PortalHitKind::Ticket, rita_ticket.id)]);
    assert!(w.app.portal_search(&w.rita, &carl_ticket.number, 10).await.unwrap().is_empty());
    let agent_hits = w.app.portal_search(&w.agent, &format!("#{}", carl_ticket.id), 10).await.unwrap();
    assert!(agent_hits.iter().all(|h| h.kind != PortalHitKind::Ticket), "{agent_hits:?}");
    // The limit is per kind.
    item(&w, "VPN token", "A second factor for the VPN").await;
    let one_each = w.app.portal_search(&w.rita, "vpn", 1).await.unwrap();
    assert_eq!(one_each.iter().filter(|h| h.kind == PortalHitKind::CatalogItem).count(), 1);
    // Another organisation finds none of it.
    assert!(w.app.portal_search(&w.other_requester, "vpn", 10).await.unwrap().is_empty());
    assert!(w.app.portal_search(&w.other_agent, &rita_ticket.number, 10).await.unwrap().is_empty());
}

async fn hostile_search_text_is_refused_or_finds_nothing(backend: Backend) {
    let w = world(backend).await;
    item(&w, "VPN access", "Work from home").await;
    article(&w, "The VPN does not connect", "<p>Restart it.</p>").await;
    for text in [
        "\"vpn\" OR 1=1 --",
        "vpn* NEAR(a b)",
        "'); DROP TABLE tickets; --",
        "vpn:* & !x | (y)",
        "%_%",
        "<script>alert(1)</script>",
    ] {
        let hits = w.app.portal_search(&w.rita, text, 10).await.unwrap();
        assert!(hits.iter().all(|h| h.title.contains("VPN")), "{text}: {hits:?}");
    }
    assert!(w.app.portal_search(&w.rita, "   ", 10).await.unwrap().is_empty());
    let long = "vpn ".repeat(60);
    assert!(matches!(w.app.portal_search(&w.rita, &long, 10).await, Err(AppError::Invalid(_))));
    for limit in [0, 21, -1] {
        assert!(matches!(w.app.portal_search(&w.rita, "vpn", limit).await, Err(AppError::Invalid(_))), "{limit}");
    }
    // Still there, unchanged.
    assert_eq!(w.app.portal_search(&w.rita, "vpn", 10).await.unwrap().len(), 2);
}

async fn the_home_lists_requests_tickets_articles_and_categories(backend: Backend) {
    let w = world(backend).await;
    let laptop = item(&w, "New laptop", "A laptop for work").await;
    let order = helmdesk_app::self_service::requests::NewCatalogRequest { item_id: laptop, ..Default::default() };
    let request = w.app.order_catalog_item(&w.rita, &order).await.unwrap();
    w.clock.advance(chrono::Duration::minutes(5));
    let ticket = w.app.create_ticket(&w.rita, NewTicket::incident("Printer jams", "")).await.unwrap();
    article(&w, "Printer jams", "<p>Open the tray.</p>").await;

    let home = w.app.portal_home(&w.rita).await.unwrap();
    let titles: Vec<(&str, bool)> = home.requests.iter().map(|r| (r.title.as_str(), r.ordered)).collect();
    assert_eq!(titles, [("Printer jams", false), ("New laptop", true)], "newest first, the request once");
    assert_eq!(home.requests[0].link, format!("/tickets/{}", ticket.id));
    assert_eq!(home.requests[1].link, format!("/portal/requests/{}", request.id));
    assert_eq!(home.categories.iter().flat_map(|c| &c.items).count(), 1);
    assert_eq!(home.popular.len(), 1);
    assert!(home.devices.is_empty() && home.approvals.is_empty());

    // Another organisation's employee sees none of it.
    let other = w.app.portal_home(&w.other_requester).await.unwrap();
    assert!(other.requests.is_empty() && other.categories.is_empty() && other.popular.is_empty());
}

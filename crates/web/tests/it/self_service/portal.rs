//! The portal over HTTP: an employee lands on it, searches items, articles and her own
//! tickets in one list (the page and `GET /api/v1/portal/search`), never another's, and
//! hostile or out-of-range input is answered 422; the page in Dutch.

use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::TestServer;

backend_tests!(employees_land_on_the_portal_and_search_everything_they_may_see);

async fn employees_land_on_the_portal_and_search_everything_they_may_see(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let item = json!({"name": "VPN access", "description": "Work from home",
        "tasks": [{"title": "Grant it", "team_id": fx.team, "stage": 1}]});
    let (status, item) = s.api(Some(&fx.manager), Method::POST, "/api/v1/catalog/items", Some(item)).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    let item = item["id"].as_i64().unwrap();
    let article = json!({"title": "Connect to the VPN", "body": "<p>Start the client.</p>", "visibility": "public"});
    let (_, article) = s.api(Some(&fx.manager), Method::POST, "/api/v1/articles", Some(article)).await;
    let article = article["id"].as_i64().unwrap();
    let published = json!({"state": "published"});
    s.api(Some(&fx.manager), Method::PATCH, &format!("/api/v1/articles/{article}"), Some(published)).await;
    let mine = s.ticket(&fx.requester, "VPN drops at night").await["id"].as_i64().unwrap();
    let outsiders = s.ticket(&fx.outsider, "VPN is slow").await["id"].as_i64().unwrap();

    // The employee starts at the portal.
    let requester = s.session(&fx.requester).await;
    let res = requester.client.get(format!("{}/", s.base)).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/portal");
    let (status, page) = requester.get("/portal?q=vpn").await;
    assert_eq!(status, StatusCode::OK);
    for link in [format!("/portal/catalog/{item}"), format!("/portal/articles/{article}?from=search")] {
        assert!(page.contains(&link), "{link} in {page}");
    }
    assert!(page.contains(&format!("/tickets/{mine}\"")), "her ticket");
    assert!(!page.contains(&format!("/tickets/{outsiders}\"")), "not another's");
    assert!(page.contains("My requests and tickets") && page.contains("Most read articles"), "{page}");

    // The API: one list, the caller's own tickets only.
    let (status, found) = s.api(Some(&fx.requester), Method::GET, "/api/v1/portal/search?q=vpn", None).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<(&str, i64)> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["id"].as_i64().unwrap()))
        .collect();
    assert_eq!(kinds, [("catalog_item", item), ("article", article), ("ticket", mine)]);
    let (_, found) = s.api(Some(&fx.foreign_agent), Method::GET, "/api/v1/portal/search?q=vpn", None).await;
    assert_eq!(found["items"], json!([]), "Other Corp finds nothing of Acme");
    for bad in ["?q=vpn&limit=0", "?q=vpn&limit=21", &format!("?q={}", "a".repeat(201))] {
        let (status, body) =
            s.api(Some(&fx.requester), Method::GET, &format!("/api/v1/portal/search{bad}"), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }

    // In Dutch.
    requester.reads_in("nl").await;
    let (_, page) = requester.get("/portal").await;
    assert!(page.contains("Waarmee kunnen we helpen?"), "{page}");
}

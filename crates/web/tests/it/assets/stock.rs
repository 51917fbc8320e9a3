//! Consumables and accessories over HTTP: the API's ETag, If-Match, Idempotency-Key and
//! 422 with the field when stock would go below zero (nothing moved); another
//! organisation's item not found; the pages' forms with their confirmations and the
//! refused movement drawn again; the bell linking to the item; the holder's devices page.

use helmdesk_store::assets::stock::StockFilter;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::TestServer;

backend_tests!(the_stock_api_moves_stock_once_and_refuses_what_there_is_not);
backend_tests!(the_stock_pages_record_movements_and_tell_of_low_stock);

async fn the_stock_api_moves_stock_once_and_refuses_what_there_is_not(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = json!({"kind": "accessory", "name": "Jabra Evolve2 65", "quantity": 2, "minimum_quantity": 1,
        "unit_cost_minor": 21900, "currency": "EUR"});
    let (status, headers, item) =
        s.api_full(Some(&fx.agent), Method::POST, "/api/v1/stock-items", Some(new), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    let id = item["id"].as_i64().unwrap();
    assert_eq!(headers["location"], format!("/api/v1/stock-items/{id}"));
    assert_eq!(item["unit_cost"]["text"], "219.00 EUR");

    // One issue, sent twice with its key, moves once.
    let issue = json!({"kind": "issue", "quantity": 1, "user_id": fx.requester.id});
    let path = format!("/api/v1/stock-items/{id}/movements");
    let key = [("idempotency-key", "issue-1")];
    let (s1, _, first) = s.api_full(Some(&fx.agent), Method::POST, &path, Some(issue.clone()), &key).await;
    let (s2, h2, again) = s.api_full(Some(&fx.agent), Method::POST, &path, Some(issue.clone()), &key).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED), "{first}");
    assert_eq!((first.clone(), h2["idempotent-replayed"].to_str().unwrap()), (again, "true"));
    assert_eq!((first["item"]["quantity"].as_i64(), first["item"]["low"].as_bool()), (Some(1), Some(true)));

    // Two more than the one left: 422 naming the quantity, nothing moved.
    let (status, body) = s
        .api(
            Some(&fx.agent),
            Method::POST,
            &path,
            Some(json!({"kind": "issue", "quantity": 2, "user_id": fx.requester.id})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "quantity", "{body}");
    let (_, page) = s.api(Some(&fx.agent), Method::GET, &path, None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "the receipt and one issue");

    // If-Match: the item's version before the issue is stale now.
    let item_path = format!("/api/v1/stock-items/{id}");
    let stale = format!("\"v{}\"", item["version"]);
    let patch = json!({"minimum_quantity": 0});
    let (status, _, _) =
        s.api_full(Some(&fx.agent), Method::PATCH, &item_path, Some(patch.clone()), &[("if-match", &stale)]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (_, headers, _) = s.api_full(Some(&fx.agent), Method::GET, &item_path, None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (status, _, saved) =
        s.api_full(Some(&fx.agent), Method::PATCH, &item_path, Some(patch), &[("if-match", &etag)]).await;
    assert_eq!(
        (status, saved["minimum_quantity"].as_i64(), saved["low"].as_bool()),
        (StatusCode::OK, Some(0), Some(false))
    );

    // Holders; the holder's own list; another organisation and a requester are kept out.
    let (_, holders) = s.api(Some(&fx.auditor), Method::GET, &format!("{item_path}/holders"), None).await;
    assert_eq!(holders[0]["user_id"], fx.requester.id);
    let (_, mine) = s.api(Some(&fx.requester), Method::GET, "/api/v1/me/stock", None).await;
    assert_eq!(mine[0]["item"], "Jabra Evolve2 65");
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::GET, &item_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&fx.requester), Method::GET, "/api/v1/stock-items", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = s.api(Some(&fx.foreign_agent), Method::GET, "/api/v1/stock-items", None).await;
    assert!(list["items"].as_array().unwrap().is_empty());
}

async fn item_named(s: &TestServer, name: &str) -> i64 {
    let filter = StockFilter { limit: 100, ..Default::default() };
    let items = s.app.store().stock_items(&filter).await.unwrap();
    items.iter().find(|i| i.item.name == name).unwrap().item.id
}

async fn the_stock_pages_record_movements_and_tell_of_low_stock(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let agent = s.session(&fx.agent).await;
    let form = [
        ("kind", "consumable"),
        ("name", "HP 305A toner"),
        ("quantity", "3"),
        ("minimum_quantity", "2"),
        ("cost", "49.99"),
        ("currency", "EUR"),
    ];
    let (status, _) = agent.post("/stock/new", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = item_named(&s, "HP 305A toner").await;
    let (_, page) = agent.get(&format!("/stock/{id}")).await;
    assert!(page.contains("HP 305A toner added") && page.contains("3 in stock"), "{page}");

    // Too many: the page again, saying why, at 422.
    let issue = [("kind", "issue"), ("quantity", "5"), ("email", fx.requester.email.as_str())];
    let (status, page) = agent.post(&format!("/stock/{id}/movements"), &issue).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\"") && page.contains("only 3 in stock"), "{page}");
    let issue = [("kind", "issue"), ("quantity", "1"), ("email", fx.requester.email.as_str())];
    let (status, _) = agent.post(&format!("/stock/{id}/movements"), &issue).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get("/stock?low=1").await;
    assert!(page.contains("Issue -1: HP 305A toner, 2 left") && page.contains("Low stock"), "{page}");
    assert!(page.contains(&format!("href=\"/stock/{id}\"")));

    // The bell links to the item; opening it reads the notification.
    let (_, bell) = agent.get("/notifications").await;
    assert!(bell.contains("Low stock: HP 305A toner (2 left, minimum 2)"), "{bell}");
    assert!(
        bell.contains(&format!("href=\"&#x2f;stock&#x2f;{id}\"")) || bell.contains(&format!("href=\"/stock/{id}\"")),
        "{bell}"
    );
    agent.get(&format!("/stock/{id}")).await;
    assert_eq!(s.app.store().unread_notifications(fx.agent.id, 10).await.unwrap(), 0);
    // The other organisation's agent heard nothing.
    assert_eq!(s.app.store().unread_notifications(fx.foreign_agent.id, 10).await.unwrap(), 0);

    // An accessory handed out shows on the person's devices page.
    let form = [("kind", "accessory"), ("name", "MX Master 3S"), ("quantity", "4")];
    agent.post("/stock/new", &form).await;
    let mouse = item_named(&s, "MX Master 3S").await;
    let issue = [("kind", "issue"), ("quantity", "1"), ("email", fx.requester.email.as_str())];
    agent.post(&format!("/stock/{mouse}/movements"), &issue).await;
    let requester = s.session(&fx.requester).await;
    let (_, mine) = requester.get("/my/assets").await;
    assert!(mine.contains("Accessories you have") && mine.contains("MX Master 3S"), "{mine}");
    let (status, _) = requester.get(&format!("/stock/{mouse}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

//! The knowledge base over HTTP: the API's Location, ETag and If-Match, its 422 with the
//! field, hostile HTML answered clean, states moved by role, another organisation's
//! article not found; the staff pages (writing, publishing, versions with their diff,
//! categories) and the employees' (search, reading, "was this helpful"), the ticket page's
//! and the new-ticket form's calls, and the pages in Dutch.

use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestServer;

backend_tests!(the_articles_api_writes_moves_and_finds_articles_by_role);
backend_tests!(the_knowledge_pages_write_publish_and_compare_articles);
backend_tests!(employees_find_read_and_rate_articles_and_agents_insert_them);

const HOSTILE: &str = r#"<p style="position:fixed" onmouseover="x()">Hello</p><script>alert(1)</script><svg onload="alert(2)"></svg><a href="jav&#x09;ascript:alert(3)">link</a><a href="data:text/html,hi">data</a>"#;

fn assert_clean(html: &str) {
    for bad in ["<script", "alert", "style=", "onmouseover", "<svg", "javascript", "data:"] {
        assert!(!html.to_lowercase().contains(bad), "{bad:?} survived in {html}");
    }
}

async fn the_articles_api_writes_moves_and_finds_articles_by_role(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new =
        json!({"title": "Reset your password", "summary": "Two minutes.", "body": HOSTILE, "visibility": "public"});
    let (status, headers, a) = s.api_full(Some(&fx.agent), Method::POST, "/api/v1/articles", Some(new), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    assert_eq!(headers["location"], format!("/api/v1/articles/{id}"));
    assert_eq!((a["state"].as_str(), a["version"].as_i64()), (Some("draft"), Some(1)));
    assert_clean(a["body"].as_str().unwrap());
    let path = format!("/api/v1/articles/{id}");

    // A draft: the requester does not know it; the agent cannot publish it.
    let (status, _) = s.api(Some(&fx.requester), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = s.api(Some(&fx.agent), Method::PATCH, &path, Some(json!({"state": "published"}))).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("state")));
    // If-Match: a stale version is refused, the current one taken.
    let stale = "\"v0\"";
    let patch = json!({"state": "in_review"});
    let (status, _, _) =
        s.api_full(Some(&fx.agent), Method::PATCH, &path, Some(patch.clone()), &[("if-match", stale)]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (_, headers, _) = s.api_full(Some(&fx.agent), Method::GET, &path, None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (status, _, moved) =
        s.api_full(Some(&fx.agent), Method::PATCH, &path, Some(patch), &[("if-match", &etag)]).await;
    assert_eq!((status, moved["state"].as_str()), (StatusCode::OK, Some("in_review")));
    let (status, published) = s.api(Some(&fx.manager), Method::PATCH, &path, Some(json!({"state": "published"}))).await;
    assert_eq!((status, published["state"].as_str()), (StatusCode::OK, Some("published")), "{published}");

    // Now the requester finds and reads it, and says it helped.
    let (_, list) = s.api(Some(&fx.requester), Method::GET, "/api/v1/articles?q=passw", None).await;
    assert_eq!(list["items"][0]["id"], id, "{list}");
    let (status, feedback) =
        s.api(Some(&fx.requester), Method::POST, &format!("{path}/feedback"), Some(json!({"helpful": true}))).await;
    assert_eq!((status, feedback["helpful"].as_bool()), (StatusCode::OK, Some(true)));
    let (_, read) = s.api(Some(&fx.agent), Method::GET, &path, None).await;
    assert_eq!(read["helpful"], 1);
    // Versions are staff's; three saves made three.
    let (status, _) = s.api(Some(&fx.requester), Method::GET, &format!("{path}/versions"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, versions) = s.api(Some(&fx.auditor), Method::GET, &format!("{path}/versions"), None).await;
    assert_eq!(versions.as_array().unwrap().len(), 3, "{versions}");
    // Another organisation: not found, and not listed.
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = s.api(Some(&fx.foreign_agent), Method::GET, "/api/v1/articles", None).await;
    assert!(list["items"].as_array().unwrap().is_empty());
    // Bad input: the field named, nothing written.
    let (status, body) =
        s.api(Some(&fx.agent), Method::POST, "/api/v1/articles", Some(json!({"title": "", "body": "<p>x</p>"}))).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("title")));
    let (status, _) = s.api(Some(&fx.agent), Method::GET, "/api/v1/articles?limit=0", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Categories: managers add them, everyone of the organisation reads them.
    let (status, cat) =
        s.api(Some(&fx.manager), Method::POST, "/api/v1/article-categories", Some(json!({"name": "Accounts"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{cat}");
    let (status, _) =
        s.api(Some(&fx.agent), Method::POST, "/api/v1/article-categories", Some(json!({"name": "Mine"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, cats) = s.api(Some(&fx.requester), Method::GET, "/api/v1/article-categories", None).await;
    assert_eq!(cats[0]["name"], "Accounts");
    // The document describes the operations.
    let (_, doc) = s.api(None, Method::GET, "/api/v1/openapi.json", None).await;
    for op in [
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/articles/{id}/versions",
        "/api/v1/articles/{id}/feedback",
        "/api/v1/article-categories",
    ] {
        assert!(doc["paths"][op].is_object(), "{op} is documented");
    }
}

/// The id of the article of this title.
async fn article_id(s: &TestServer, title: &str) -> i64 {
    let admin = s.app.actor_by_id(s.fx.admin.id).await.unwrap();
    let q = helmdesk_app::self_service::kb::ArticleQuery::default();
    let page = s.app.list_articles(&admin, &q).await.unwrap();
    page.items.iter().find(|a| a.title == title).map(|a| a.id).expect(title)
}

async fn the_knowledge_pages_write_publish_and_compare_articles(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let agent = s.session(&fx.agent).await;
    let (status, page) = agent.get("/kb").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No articles here yet"), "{page}");

    // A refused form keeps what was typed, at 422.
    let (status, page) = agent.post("/kb/new", &[("title", "Printer jam"), ("body", "<script>x()</script>")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\"") && page.contains("Printer jam"), "{page}");
    let form = [("title", "Printer jam"), ("body", HOSTILE), ("visibility", "public"), ("language", "en")];
    let (status, _) = agent.post("/kb/new", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = article_id(&s, "Printer jam").await;
    let (_, page) = agent.get(&format!("/kb/{id}")).await;
    assert!(page.contains("Article “Printer jam” saved as a draft"), "{page}");
    assert!(page.contains("Submit for review") && !page.contains(">Publish<"), "{page}");
    let body = page.split("kb-body").nth(1).unwrap_or_default().split("</article>").next().unwrap_or_default();
    assert_clean(body);

    // The agent changes it; the versions page shows what changed.
    let edit = [("title", "Printer jam"), ("body", "<p>Hello world</p>"), ("visibility", "public"), ("version", "1")];
    let (status, _) = agent.post(&format!("/kb/{id}/edit"), &edit).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = agent.post(&format!("/kb/{id}/edit"), &edit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a stale version is refused");
    assert!(page.contains("Someone saved this article"), "{page}");
    let (_, page) = agent.get(&format!("/kb/{id}/versions")).await;
    assert!(page.contains("<ins>world</ins>"), "{page}");

    // Submitted by the agent, published by the manager.
    let (status, _) = agent.post(&format!("/kb/{id}/state"), &[("to", "in_review")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let manager = s.session(&fx.manager).await;
    let (_, page) = manager.get(&format!("/kb/{id}")).await;
    assert!(page.contains(">Publish<"), "{page}");
    let (status, _) = manager.post(&format!("/kb/{id}/state"), &[("to", "published")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = manager.get("/kb?state=published").await;
    assert!(page.contains("Printer jam") && page.contains("is now Published"), "{page}");

    // Categories, from the administration page.
    let (status, _) = manager.post("/kb/categories", &[("name", "Printing")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = manager.get("/kb/categories").await;
    assert!(page.contains("Category “Printing” added"), "{page}");
    let (status, _) = agent.get("/kb/categories").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // In Dutch.
    agent.reads_in("nl").await;
    let (_, page) = agent.get("/kb").await;
    assert!(page.contains("Kennisbank") && page.contains("Gepubliceerd"), "{page}");
}

async fn employees_find_read_and_rate_articles_and_agents_insert_them(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = json!({"title": "Connect to the VPN", "body": "<p>Start the client.</p>", "visibility": "public"});
    let (_, a) = s.api(Some(&fx.manager), Method::POST, "/api/v1/articles", Some(new)).await;
    let id = a["id"].as_i64().unwrap();
    s.api(Some(&fx.manager), Method::PATCH, &format!("/api/v1/articles/{id}"), Some(json!({"state": "published"})))
        .await;

    let requester = s.session(&fx.requester).await;
    let (_, page) = requester.get("/portal/articles?q=vpn").await;
    assert!(page.contains(&format!("/portal/articles/{id}?from=search")), "{page}");
    let (_, page) = requester.get("/portal/articles?q=nothinglikethis").await;
    assert!(page.contains("No article matches"), "{page}");
    // The new-ticket form's suggestions, with links counted as a suggestion's.
    let (status, json) = requester.get("/portal/suggestions?q=vpn%20client").await;
    assert_eq!(status, StatusCode::OK);
    let found: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found[0]["link"], format!("/portal/articles/{id}?from=suggestion"));
    let (status, page) = requester.get(&format!("/portal/articles/{id}?from=suggestion")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Was this helpful?"), "{page}");
    let (status, _) = requester
        .post(&format!("/portal/articles/{id}/feedback"), &[("helpful", "no"), ("comment", "Too short")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = requester.get(&format!("/portal/articles/{id}")).await;
    assert!(page.contains("Thank you for your answer") && page.contains("You did not find this helpful"), "{page}");
    let (status, _) = requester.post(&format!("/portal/articles/{id}/feedback"), &[("helpful", "maybe")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Staff pages are not the requester's.
    let (status, _) = requester.get("/kb").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The agent finds it for a reply, inserts it, and the ticket records it.
    let ticket = s.ticket(&fx.requester, "VPN will not connect").await["id"].as_i64().unwrap();
    let agent = s.session(&fx.agent).await;
    let (status, json) = agent.get("/kb/insert?q=vpn").await;
    assert_eq!(status, StatusCode::OK);
    let found: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((found[0]["id"].as_i64(), found[0]["text"].as_str()), (Some(id), Some("Start the client.")));
    let (status, _) = agent.post(&format!("/kb/{id}/used"), &[("ticket_id", &ticket.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    let agent_actor = s.app.actor_by_id(fx.agent.id).await.unwrap();
    assert_eq!(s.app.ticket_articles(&agent_actor, ticket).await.unwrap()[0].id, id);
    // A draft from the ticket opens for editing.
    let (status, _) = agent.post(&format!("/kb/from-ticket/{ticket}"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let draft = article_id(&s, "VPN will not connect").await;
    let (_, page) = agent.get(&format!("/kb/{draft}/edit")).await;
    assert!(page.contains("details"), "{page}");
}

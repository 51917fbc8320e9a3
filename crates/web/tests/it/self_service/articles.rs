//! The knowledge base over HTTP: the API's Location, ETag and If-Match, its 422 with the
//! field, hostile HTML answered clean, states moved by role, another organisation's
//! article not found; the staff pages (writing, publishing, versions with their diff,
//! categories) and the employees' (search, reading, "was this helpful"), the ticket page's
//! and the new-ticket form's calls, and the pages in Dutch; articles' attachments through
//! the API (201 with Location, 413, 422, 403 and 404 by role and organisation, downloads
//! that never render) and the pages (listed, uploaded and removed with confirmations).

use helmdesk_app::AppSettings;
use helmdesk_store::{Backend, backend_tests};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Person, TestServer};

backend_tests!(the_articles_api_writes_moves_and_finds_articles_by_role);
backend_tests!(the_knowledge_pages_write_publish_and_compare_articles);
backend_tests!(employees_find_read_and_rate_articles_and_agents_insert_them);
backend_tests!(article_attachments_are_added_read_and_removed_by_who_may);

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
        "/api/v1/articles/{id}/attachments",
        "/api/v1/article-attachments/{id}",
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

/// An article of Acme written and published by the manager through the API.
async fn published_article(s: &TestServer, title: &str, visibility: &str) -> i64 {
    let new = json!({"title": title, "body": "<p>Read me.</p>", "visibility": visibility});
    let (status, a) = s.api(Some(&s.fx.manager), Method::POST, "/api/v1/articles", Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let (status, _) = s.api(Some(&s.fx.manager), Method::PATCH, &path, Some(json!({"state": "published"}))).await;
    assert_eq!(status, StatusCode::OK);
    id
}

/// Sends `form` to the article's attachments as `who`.
async fn send(s: &TestServer, who: &Person, article: i64, form: Form) -> (StatusCode, Option<String>, Value) {
    let res = TestServer::client()
        .post(format!("{}/api/v1/articles/{article}/attachments", s.base))
        .bearer_auth(&who.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, location, res.json().await.unwrap_or(Value::Null))
}

fn one_file(name: &str, content_type: &str, data: &[u8]) -> Form {
    Form::new().part("file", Part::bytes(data.to_vec()).file_name(name.to_string()).mime_str(content_type).unwrap())
}

async fn fetch(s: &TestServer, who: &Person, method: Method, path: &str) -> reqwest::Response {
    TestServer::client().request(method, format!("{}{path}", s.base)).bearer_auth(&who.token).send().await.unwrap()
}

async fn article_attachments_are_added_read_and_removed_by_who_may(backend: Backend) {
    let settings = AppSettings { max_attachment_bytes: 1024, ..Default::default() };
    let s = TestServer::start_with(backend, settings).await;
    let fx = &s.fx;
    let public = published_article(&s, "Set up the VPN", "public").await;
    let internal = published_article(&s, "VPN servers", "internal").await;

    // A writer of the organisation attaches; an HTML file keeps its name and type.
    let page = b"<html><script>alert(1)</script></html>";
    let (status, location, a) = send(&s, &fx.agent, public, one_file("../guide.html", "text/html", page)).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let file = a["id"].as_i64().unwrap();
    assert_eq!(location.as_deref(), Some(format!("/api/v1/article-attachments/{file}").as_str()));
    assert_eq!((a["filename"].as_str(), a["content_type"].as_str()), (Some("guide.html"), Some("text/html")));
    let (status, _, b) = send(&s, &fx.agent, internal, one_file("servers.txt", "text/plain", b"vpn1")).await;
    assert_eq!(status, StatusCode::CREATED);
    let internal_file = b["id"].as_i64().unwrap();

    // Refused: an employee (403), another organisation (404), too large (413), no file or
    // two, or JSON (422); nothing kept.
    let (status, _, _) = send(&s, &fx.requester, public, one_file("x.txt", "text/plain", b"x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&s, &fx.foreign_agent, public, one_file("x.txt", "text/plain", b"x")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, e) = send(&s, &fx.agent, public, one_file("big.bin", "application/pdf", &[0u8; 4096])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    let (status, _, e) = send(&s, &fx.agent, public, Form::new().text("note", "no file")).await;
    assert_eq!((status, e["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("file")));
    let two = one_file("a.txt", "text/plain", b"a").part("file", Part::bytes(b"b".to_vec()).file_name("b.txt"));
    let (status, _, _) = send(&s, &fx.agent, public, two).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = s
        .api(
            Some(&fx.agent),
            Method::POST,
            &format!("/api/v1/articles/{public}/attachments"),
            Some(json!({"file": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) =
        s.api(Some(&fx.auditor), Method::GET, &format!("/api/v1/articles/{public}/attachments"), None).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

    // Readers list and download; the download never renders the HTML.
    let (status, list) =
        s.api(Some(&fx.requester), Method::GET, &format!("/api/v1/articles/{public}/attachments"), None).await;
    assert_eq!((status, list[0]["id"].as_i64()), (StatusCode::OK, Some(file)));
    let res = fetch(&s, &fx.requester, Method::GET, &format!("/api/v1/article-attachments/{file}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h["content-type"], "application/octet-stream");
    assert!(h["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), page.as_slice());
    let res = fetch(&s, &fx.agent, Method::GET, &format!("/api/v1/article-attachments/{internal_file}")).await;
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "text/plain"));
    // An internal article's files are staff's; another organisation sees no file at all.
    let (status, _) =
        s.api(Some(&fx.requester), Method::GET, &format!("/api/v1/articles/{internal}/attachments"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = fetch(&s, &fx.requester, Method::GET, &format!("/api/v1/article-attachments/{internal_file}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for f in [file, internal_file] {
        let res = fetch(&s, &fx.foreign_agent, Method::GET, &format!("/api/v1/article-attachments/{f}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = fetch(&s, &fx.foreign_agent, Method::DELETE, &format!("/api/v1/article-attachments/{f}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = fetch(&s, &fx.requester, Method::DELETE, &format!("/api/v1/article-attachments/{file}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The pages: the article lists its files for staff and employees, the download works.
    let agent = s.session(&fx.agent).await;
    let (_, html) = agent.get(&format!("/kb/{public}")).await;
    assert!(html.contains(&format!("href=\"/kb/attachments/{file}\"")) && html.contains("guide.html"), "{html}");
    let requester = s.session(&fx.requester).await;
    let (_, html) = requester.get(&format!("/portal/articles/{public}")).await;
    assert!(html.contains(&format!("href=\"/kb/attachments/{file}\"")), "{html}");
    let res = requester.client.get(format!("{}/kb/attachments/{file}", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    let res = requester.client.get(format!("{}/kb/attachments/{internal_file}", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The edit page uploads (multipart) and removes (after a confirmation), each confirmed.
    let (_, html) = agent.get(&format!("/kb/{public}/edit")).await;
    assert!(html.contains(r#"enctype="multipart/form-data""#) && html.contains("data-confirm=\"Remove"), "{html}");
    let form = Form::new()
        .text("csrf", agent.csrf.clone())
        .part("files", Part::bytes(b"step 1".to_vec()).file_name("steps.txt"));
    let res = agent.client.post(format!("{}/kb/{public}/attachments", s.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = agent.get(&format!("/kb/{public}/edit")).await;
    assert!(html.contains("Attached steps.txt") && html.contains(">steps.txt</a>"), "{html}");
    let form = Form::new().text("csrf", agent.csrf.clone());
    let res = agent.client.post(format!("{}/kb/{public}/attachments", s.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no file chosen");
    let (status, _) = agent.post(&format!("/kb/attachments/{file}/remove"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = agent.get(&format!("/kb/{public}/edit")).await;
    assert!(html.contains("“guide.html” removed from the article") && !html.contains(">guide.html</a>"), "{html}");
    let (status, _) = requester.post(&format!("/kb/attachments/{internal_file}/remove"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res = fetch(&s, &fx.manager, Method::DELETE, &format!("/api/v1/article-attachments/{internal_file}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = fetch(&s, &fx.manager, Method::GET, &format!("/api/v1/article-attachments/{internal_file}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

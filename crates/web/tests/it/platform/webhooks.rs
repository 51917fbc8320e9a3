//! Webhooks over HTTP, on both databases: the API's refusals (422 naming the reason, 403
//! for every role but administrators), secrets never shown, a test ping through the API to
//! a real receiver, and the admin pages.

use crate::common;

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use common::TestServer;
use helmdesk_domain::platform::webhooks::verify;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    the_api_refuses_internal_and_hostile_targets_with_the_reason,
    only_administrators_reach_webhooks_and_secrets_are_never_shown,
    a_test_ping_through_the_api_reaches_the_receiver_signed_and_is_logged,
    the_admin_pages_add_test_and_show_a_webhook
);

/// What a receiver got: the headers and the body of each request.
type Got = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// An axum server on 127.0.0.1 that records every POST and answers 200.
async fn receiver() -> (String, Got) {
    let got: Got = Arc::default();
    let record = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push((headers, body));
                "thanks"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

fn first_error(body: &Value) -> (String, String) {
    let e = &body["errors"][0];
    (e["field"].as_str().unwrap_or_default().to_string(), e["detail"].as_str().unwrap_or_default().to_string())
}

async fn the_api_refuses_internal_and_hostile_targets_with_the_reason(backend: Backend) {
    let server = TestServer::start(backend).await;
    let admin = Some(&server.fx.admin);
    let post = |body: Value| server.api(admin, Method::POST, "/api/v1/webhooks", Some(body));
    for (url, reason) in [
        ("http://127.0.0.1:8080/", "127.0.0.1 is a loopback address"),
        ("http://localhost/", "a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://10.1.2.3/", "10.1.2.3 is a private address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("https://user:pw@203.0.113.10/", "must not contain a user name or password"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("gopher://203.0.113.10:70/_x", "must start with http:// or https://"),
    ] {
        let (status, body) = post(json!({"name": "Internal", "url": url})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        let (field, detail) = first_error(&body);
        assert_eq!(field, "url", "{url}");
        assert!(detail.contains(reason), "{url}: {detail}");
    }
    let (status, body) = post(json!({"name": "x".repeat(201), "url": "https://203.0.113.10/"})).await;
    assert_eq!((status, first_error(&body).0.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "name"));
    let (status, _) = post(json!({"name": "Bad", "url": "https://203.0.113.10/", "events": ["ticket.deleted"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown event");
    let (status, _) = post(json!({"name": "Bad", "url": "https://203.0.113.10/", "format": "discord"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown format");

    let allow = json!({"allowed_hosts": ["127.0.0.1", "LOCALHOST", "[::1]"]});
    let (status, body) = server.api(admin, Method::PUT, "/api/v1/webhooks/settings", Some(allow)).await;
    assert_eq!((status, body.clone()), (StatusCode::OK, json!({"allowed_hosts": ["127.0.0.1", "localhost", "::1"]})));
    let (status, body) = server.api(admin, Method::GET, "/api/v1/webhooks/settings", None).await;
    assert_eq!((status, body["allowed_hosts"].as_array().unwrap().len()), (StatusCode::OK, 3));
    for url in ["http://127.0.0.1:8080/", "http://localhost/", "http://[::1]/"] {
        let (status, body) = post(json!({"name": url, "url": url})).await;
        assert_eq!(status, StatusCode::CREATED, "{url} once allowed: {body}");
    }
    let (status, body) = post(json!({"name": "Metadata", "url": "http://169.254.169.254/"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "other hosts stay refused: {body}");
    let bad = json!({"allowed_hosts": ["intranet:8080"]});
    let (status, body) = server.api(admin, Method::PUT, "/api/v1/webhooks/settings", Some(bad)).await;
    assert_eq!((status, first_error(&body).0.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "allowed_hosts"));
}

async fn only_administrators_reach_webhooks_and_secrets_are_never_shown(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let body = json!({"name": "Signed", "url": "https://203.0.113.10/hook", "events": ["ticket.created"], "secret": "hunter2-secret"});
    let (status, made) = server.api(Some(&fx.admin), Method::POST, "/api/v1/webhooks", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!((made["secret_set"].clone(), made.get("secret")), (json!(true), None));
    assert_eq!((made["format"].clone(), made["events"].clone()), (json!("helmdesk"), json!(["ticket.created"])));
    let id = made["id"].as_i64().unwrap();
    let paths = [
        (Method::GET, "/api/v1/webhooks".to_string(), None),
        (Method::GET, format!("/api/v1/webhooks/{id}"), None),
        (Method::PATCH, format!("/api/v1/webhooks/{id}"), Some(json!({"active": false}))),
        (Method::GET, format!("/api/v1/webhooks/{id}/deliveries"), None),
        (Method::GET, "/api/v1/webhooks/settings".to_string(), None),
    ];
    for (method, path, body) in &paths {
        let (status, text) = server.api(Some(&fx.admin), method.clone(), path, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{method} {path}: {text}");
        assert!(!text.to_string().contains("hunter2"), "{method} {path} shows the secret");
    }
    for who in [&fx.agent, &fx.manager, &fx.requester, &fx.auditor, &fx.foreign_agent] {
        for (method, path, body) in &paths {
            let (status, _) = server.api(Some(who), method.clone(), path, body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} {method} {path}", who.email);
        }
        let (status, _) = server.api(Some(who), Method::POST, &format!("/api/v1/webhooks/{id}/test"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = server.api(Some(who), Method::DELETE, &format!("/api/v1/webhooks/{id}"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = server.api(None, Method::GET, "/api/v1/webhooks", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.api(Some(&fx.admin), Method::GET, "/api/v1/webhooks/9999", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server.api(Some(&fx.admin), Method::GET, "/api/v1/webhooks/abc", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server.api(Some(&fx.admin), Method::DELETE, &format!("/api/v1/webhooks/{id}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.api(Some(&fx.admin), Method::GET, &format!("/api/v1/webhooks/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_test_ping_through_the_api_reaches_the_receiver_signed_and_is_logged(backend: Backend) {
    let server = TestServer::start(backend).await;
    let admin = Some(&server.fx.admin);
    let (url, got) = receiver().await;
    let allow = json!({"allowed_hosts": ["127.0.0.1"]});
    server.api(admin, Method::PUT, "/api/v1/webhooks/settings", Some(allow)).await;
    let body = json!({"name": "Receiver", "url": url, "secret": "pingsecret"});
    let (status, made) = server.api(admin, Method::POST, "/api/v1/webhooks", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();

    let (status, sent) = server.api(admin, Method::POST, &format!("/api/v1/webhooks/{id}/test"), None).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!((sent["status"].clone(), sent["response_status"].clone()), (json!("delivered"), json!(200)));
    assert_eq!(sent["response_body"], "thanks");
    let (headers, body) = got.lock().unwrap()[0].clone();
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_string();
    assert_eq!(header("x-helmdesk-event"), "ping");
    assert_eq!(header("x-helmdesk-delivery"), sent["id"].to_string());
    let timestamp: i64 = header("x-helmdesk-timestamp").parse().unwrap();
    assert!(verify("pingsecret", timestamp, &body, &header("x-helmdesk-signature")));

    let (status, page) =
        server.api(admin, Method::GET, &format!("/api/v1/webhooks/{id}/deliveries?limit=10"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!((page["items"][0]["event"].clone(), page["items"][0]["attempts"].clone()), (json!("ping"), json!(1)));
    assert_eq!(page["items"][0]["payload"], body.as_str());
    let (status, _) = server.api(admin, Method::GET, &format!("/api/v1/webhooks/{id}/deliveries?limit=0"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn the_admin_pages_add_test_and_show_a_webhook(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ui = server.session(&server.fx.admin).await;
    let (status, page) = ui.get("/admin").await;
    assert!(status.is_success() && page.contains("href=\"/admin/webhooks\""), "linked from the admin page");
    let (status, page) = ui.get("/admin/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("New webhook") && page.contains("value=\"ticket.sla_warning\""), "event boxes");
    assert!(page.contains("<option value=\"teams\""), "the format choice");

    let (url, got) = receiver().await;
    let fields = |name: &'static str, url: String| {
        vec![
            ("name", name.to_string()),
            ("url", url),
            ("format", "helmdesk".to_string()),
            ("events", "ticket.created".to_string()),
            ("events", "ticket.resolved".to_string()),
            ("active", "on".to_string()),
        ]
    };
    let form = fields("<script>Hook</script>", url.clone());
    let as_refs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let post = |path: &str, f: Vec<(&'static str, String)>| {
        let mut all = f;
        all.push(("csrf", ui.csrf.clone()));
        ui.client.post(format!("{}{path}", server.base)).form(&all).send()
    };
    let res = post("/admin/webhooks", as_refs(&form)).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("127.0.0.1 is a loopback address"), "the refusal says why");
    assert!(page.contains("script&#62;Hook") && !page.contains("<script>Hook"), "what was typed is kept, escaped");

    let (status, page) =
        ui.post("/admin/webhooks/settings", &[("allowed_hosts", "127.0.0.1\nchat.intranet.example")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Saved: 2 allowed hosts.") && page.contains("chat.intranet.example"), "{page}");
    let res = post("/admin/webhooks", as_refs(&form)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/admin/webhooks/"), "{location}");
    let (status, page) = ui.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("The webhook was saved.") && page.contains("Nothing delivered yet."));

    let id = location.trim_start_matches("/admin/webhooks/").split('?').next().unwrap().to_string();
    let (status, page) = ui.post(&format!("/admin/webhooks/{id}/test"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Test delivery delivered: the target answered 200"), "{page}");
    assert!(page.contains("<code>ping</code>") && page.contains("Delivered"), "the log shows the ping");
    assert_eq!(got.lock().unwrap().len(), 1);

    let mut changed = fields("Renamed", url.clone());
    changed.retain(|(k, v)| !(*k == "events" && v == "ticket.resolved"));
    let res = post(&format!("/admin/webhooks/{id}"), changed).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let webhook = server.app.store().webhook(id.parse().unwrap()).await.unwrap();
    assert_eq!((webhook.name.as_str(), webhook.events.as_str()), ("Renamed", "[\"ticket.created\"]"));

    let (status, _) = ui.post(&format!("/admin/webhooks/{id}/delete"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = ui.get(&format!("/admin/webhooks/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let agent = server.session(&server.fx.manager).await;
    let (status, _) = agent.get("/admin/webhooks").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "managers do not see webhooks");
}

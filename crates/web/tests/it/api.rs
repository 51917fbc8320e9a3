//! The API's behaviour, on both backends: rules, precise statuses, concurrency controls,
//! scoping, and hostile input (XSS, SQL metacharacters, path traversal, oversized bodies,
//! other people's ids).

use crate::common;

use common::TestServer;
use helmdesk_app::AppSettings;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    a_ticket_gets_its_priority_from_the_matrix_and_a_number_from_its_kind,
    invalid_input_is_refused_with_422_naming_the_field_and_changes_nothing,
    an_oversized_body_is_413,
    a_stale_if_match_is_412_and_changes_nothing,
    an_idempotency_key_replays_the_first_answer_and_creates_nothing_new,
    requesters_never_see_internal_notes_or_their_attachments,
    other_peoples_tickets_are_not_found,
    status_changes_follow_the_workflow,
    lists_filter_and_page_by_cursor,
    hostile_text_is_stored_as_text_and_rendered_escaped,
    attachments_are_downloads_with_safe_names_and_headers,
    a_revoked_token_no_longer_works,
    the_openapi_document_covers_every_api_route,
    metrics_count_requests_and_tickets,
    metrics_are_for_prometheus_only,
    every_response_carries_the_security_headers,
    a_control_character_in_a_path_is_400_never_500,
    requesters_attach_nothing_to_a_closed_ticket,
    history_names_no_linked_ticket_the_reader_may_not_see,
);

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

async fn ticket_count(s: &TestServer) -> i64 {
    s.app.store().ticket_counts().await.unwrap().iter().map(|(_, n)| n).sum()
}

async fn a_ticket_gets_its_priority_from_the_matrix_and_a_number_from_its_kind(backend: Backend) {
    let s = TestServer::start(backend).await;
    let body = json!({"subject": "Mail server down", "impact": "high", "urgency": "high"});
    let (status, headers, t) = s.api_full(Some(&s.fx.agent), Method::POST, "/api/v1/tickets", Some(body), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["priority"], 1);
    assert_eq!(t["status"], "new");
    assert_eq!(t["number"], format!("INC-{:06}", id(&t)));
    assert_eq!(headers["location"], format!("/api/v1/tickets/{}", id(&t)).as_str());
    assert_eq!(headers["etag"], format!("\"v{}\"", t["version"]).as_str());
    let (_, r) = s
        .api(
            Some(&s.fx.requester),
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"kind": "service_request", "subject": "New laptop", "impact": "low", "urgency": "low"})),
        )
        .await;
    assert_eq!(r["number"], format!("REQ-{:06}", id(&r)));
    assert_eq!(r["priority"], 5);
    assert_eq!(r["requester_id"], s.fx.requester.id);
    // Assigning on creation makes it assigned.
    let (_, a) = s
        .api(
            Some(&s.fx.agent),
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"subject": "x", "assignee_id": s.fx.agent.id, "team_id": s.fx.team})),
        )
        .await;
    assert_eq!(a["status"], "assigned");
    assert_eq!(a["team_name"], "Service Desk");
}

async fn invalid_input_is_refused_with_422_naming_the_field_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let before = ticket_count(&s).await;
    let cases = [
        (json!({"subject": "   "}), Some("subject")),
        (json!({"subject": "x".repeat(201)}), Some("subject")),
        (json!({"subject": "line\nbreak"}), Some("subject")),
        (json!({"subject": "ok", "urgency": "urgent"}), None),
        (json!({"subject": "ok", "surprise": 1}), None),
        (json!({"subject": 42}), None),
        (json!({"subject": "ok", "category_id": 999_999}), Some("category_id")),
        (json!({"subject": "ok", "assignee_id": s.fx.requester.id}), Some("assignee_id")),
        (json!({"subject": "ok", "assignee_id": s.fx.foreign_agent.id}), Some("assignee_id")),
        (json!({"subject": "ok", "requester_id": s.fx.foreign_agent.id}), Some("requester_id")),
    ];
    for (body, field) in cases {
        let (status, err) = s.api(Some(&s.fx.agent), Method::POST, "/api/v1/tickets", Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {err}");
        let first = &err["errors"][0];
        assert!(first["code"].is_string() && first["detail"].is_string(), "{err}");
        if let Some(f) = field {
            assert_eq!(first["field"], f, "{body} -> {err}");
        }
    }
    // Not JSON at all, and JSON without its content type.
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets", s.base))
        .bearer_auth(&s.fx.agent.token)
        .header("content-type", "application/json")
        .body("{\"subject\":")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets", s.base))
        .bearer_auth(&s.fx.agent.token)
        .body("{\"subject\":\"x\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A requester may not assign.
    let (status, _) = s
        .api(
            Some(&s.fx.requester),
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"subject": "x", "assignee_id": s.fx.agent.id})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(ticket_count(&s).await, before, "a refused request created a ticket");
    // Ids in paths that are not numbers name nothing.
    let (status, _) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/abc", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/99999999999999999999", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn an_oversized_body_is_413(backend: Backend) {
    let settings = AppSettings { max_attachment_bytes: 1024, ..Default::default() };
    let s = TestServer::start_with(backend, settings).await;
    let huge = json!({"subject": "big", "description": "x".repeat(2 * 1024 * 1024)});
    let (status, err) = s.api(Some(&s.fx.agent), Method::POST, "/api/v1/tickets", Some(huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(err["errors"][0]["code"], "too_large");
    let t = s.ticket(&s.fx.requester, "with a file").await;
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(vec![b'a'; 4096]).file_name("big.bin"));
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets/{}/attachments", s.base, id(&t)))
        .bearer_auth(&s.fx.requester.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(s.app.store().attachments(id(&t)).await.unwrap().is_empty());
}

async fn a_stale_if_match_is_412_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Printer").await;
    let path = format!("/api/v1/tickets/{}", id(&t));
    let (_, headers, _) = s.api_full(Some(&s.fx.agent), Method::GET, &path, None, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_string();
    let (status, headers, changed) = s
        .api_full(Some(&s.fx.agent), Method::PATCH, &path, Some(json!({"urgency": "high"})), &[("if-match", &etag)])
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_ne!(headers["etag"].to_str().unwrap(), etag);
    assert_eq!(changed["priority"], 2);
    // A version no longer current, no version at all, and the current version as a weak
    // tag (If-Match compares strongly) never match.
    let (_, headers, _) = s.api_full(Some(&s.fx.agent), Method::GET, &path, None, &[]).await;
    let weak = format!("W/{}", headers["etag"].to_str().unwrap());
    for stale in [etag.as_str(), "garbage", weak.as_str()] {
        let overwrite = Some(json!({"subject": "Overwritten"}));
        let (status, _, err) =
            s.api_full(Some(&s.fx.agent), Method::PATCH, &path, overwrite, &[("if-match", stale)]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{stale}: {err}");
    }
    let (_, now) = s.api(Some(&s.fx.agent), Method::GET, &path, None).await;
    assert_eq!(now["subject"], "Printer");
    let history: Vec<Value> =
        s.api(Some(&s.fx.agent), Method::GET, &format!("{path}/history"), None).await.1.as_array().unwrap().clone();
    let fields: Vec<&str> = history.iter().map(|h| h["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["created", "urgency", "priority"]);
}

async fn an_idempotency_key_replays_the_first_answer_and_creates_nothing_new(backend: Backend) {
    let s = TestServer::start(backend).await;
    let body = json!({"subject": "Only once"});
    let key = [("idempotency-key", "k-123")];
    let (s1, _, first) =
        s.api_full(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(body.clone()), &key).await;
    let (s2, h2, second) = s.api_full(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(body), &key).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    assert_eq!(h2["idempotent-replayed"], "true");
    // The replay is the first answer whole: its ETag and Location too.
    assert_eq!(h2["location"], format!("/api/v1/tickets/{}", id(&first)));
    assert_eq!(h2["etag"], format!("\"v{}\"", first["version"]));
    // A body over the JSON limit is refused before it is read whole, key or not.
    let huge = json!({"subject": "big", "description": "x".repeat(2 * 1024 * 1024)});
    let (status, _, err) = s
        .api_full(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(huge), &[("idempotency-key", "k-big")])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(ticket_count(&s).await, 1);
    let (s3, err) = s
        .api_full(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(json!({"subject": "Other"})), &key)
        .await
        .into_status_body();
    assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // Keys belong to their user: another user's same key is a new request.
    let (s4, _, other) = s
        .api_full(Some(&s.fx.colleague), Method::POST, "/api/v1/tickets", Some(json!({"subject": "Only once"})), &key)
        .await;
    assert_eq!(s4, StatusCode::CREATED);
    assert_ne!(other["id"], first["id"]);
    // A refused request does not burn its key.
    let (s5, _, _) = s
        .api_full(
            Some(&s.fx.requester),
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"subject": ""})),
            &[("idempotency-key", "k-9")],
        )
        .await;
    assert_eq!(s5, StatusCode::UNPROCESSABLE_ENTITY);
    let (s6, _, _) = s
        .api_full(
            Some(&s.fx.requester),
            Method::POST,
            "/api/v1/tickets",
            Some(json!({"subject": "fixed"})),
            &[("idempotency-key", "k-9")],
        )
        .await;
    assert_eq!(s6, StatusCode::CREATED);
}

trait IntoStatusBody {
    fn into_status_body(self) -> (StatusCode, Value);
}

impl IntoStatusBody for (StatusCode, reqwest::header::HeaderMap, Value) {
    fn into_status_body(self) -> (StatusCode, Value) {
        (self.0, self.2)
    }
}

async fn requesters_never_see_internal_notes_or_their_attachments(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "VPN").await;
    let comments = format!("/api/v1/tickets/{}/comments", id(&t));
    let (st, _) = s.api(Some(&s.fx.agent), Method::POST, &comments, Some(json!({"body": "We are on it"}))).await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, note) = s
        .api(
            Some(&s.fx.agent),
            Method::POST,
            &comments,
            Some(json!({"body": "Secret: gateway cert expired", "internal": true})),
        )
        .await;
    let actor = s.app.actor_by_id(s.fx.agent.id).await.unwrap();
    s.app.add_attachment(&actor, id(&t), Some(id(&note)), "internal-log.txt", "text/plain", b"secret").await.unwrap();
    let (st, _) =
        s.api(Some(&s.fx.requester), Method::POST, &comments, Some(json!({"body": "sneaky", "internal": true}))).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "requesters cannot write internal notes");
    for viewer in [&s.fx.requester, &s.fx.colleague] {
        let (_, seen) = s.api(Some(viewer), Method::GET, &comments, None).await;
        let bodies: Vec<&str> = seen.as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
        assert_eq!(bodies, ["We are on it"]);
        let (_, files) =
            s.api(Some(viewer), Method::GET, &format!("/api/v1/tickets/{}/attachments", id(&t)), None).await;
        assert!(files.as_array().unwrap().is_empty(), "{files}");
        let (_, history) = s.api(Some(viewer), Method::GET, &format!("/api/v1/tickets/{}/history", id(&t)), None).await;
        assert!(!history.to_string().contains("internal-log.txt"), "{history}");
    }
    let attachment = s.app.store().attachments(id(&t)).await.unwrap()[0].id;
    let (st, _) =
        s.api(Some(&s.fx.requester), Method::GET, &format!("/api/v1/attachments/{attachment}/content"), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    for staff in [&s.fx.agent, &s.fx.auditor] {
        let (_, seen) = s.api(Some(staff), Method::GET, &comments, None).await;
        assert_eq!(seen.as_array().unwrap().len(), 2);
    }
}

async fn other_peoples_tickets_are_not_found(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Mine").await;
    let path = format!("/api/v1/tickets/{}", id(&t));
    for stranger in [&s.fx.outsider, &s.fx.foreign_agent, &s.fx.labs_agent] {
        for (method, body) in [(Method::GET, None), (Method::PATCH, Some(json!({"subject": "pwned"})))] {
            let (st, _) = s.api(Some(stranger), method.clone(), &path, body).await;
            // Requesters may not change any ticket (403, whatever the id); staff of other
            // organisations are told it does not exist.
            let expected = if method == Method::PATCH && stranger.role == "requester" {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(st, expected, "{} {method}", stranger.email);
        }
        let (st, _) =
            s.api(Some(stranger), Method::POST, &format!("{path}/comments"), Some(json!({"body": "hi"}))).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        let (_, list) = s.api(Some(stranger), Method::GET, "/api/v1/tickets", None).await;
        assert!(list["items"].as_array().unwrap().is_empty(), "{} sees {list}", stranger.email);
    }
    // Department colleagues see it; the agent of the parent organisation too.
    let (st, _) = s.api(Some(&s.fx.colleague), Method::GET, &path, None).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = s.api(Some(&s.fx.requester), Method::PATCH, &path, Some(json!({"subject": "mine"}))).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let labs_ticket = s.ticket(&s.fx.labs_agent, "Labs printer").await;
    let (st, _) = s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets/{}", id(&labs_ticket)), None).await;
    assert_eq!(st, StatusCode::OK, "Acme's agents see their subsidiary's tickets");
    let (st, _) =
        s.api(Some(&s.fx.foreign_agent), Method::GET, &format!("/api/v1/users/{}", s.fx.requester.id), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(s.app.store().ticket(id(&t)).await.unwrap().ticket.subject, "Mine");
}

async fn status_changes_follow_the_workflow(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Flow").await;
    let path = format!("/api/v1/tickets/{}", id(&t));
    let patch = |body: Value| s.api(Some(&s.fx.agent), Method::PATCH, &path, Some(body));
    let (st, err) = patch(json!({"status": "closed"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["code"], "invalid_transition");
    let (st, err) = patch(json!({"status": "assigned"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "assigned needs an assignee: {err}");
    let (_, a) = patch(json!({"assignee_id": s.fx.agent.id})).await;
    assert_eq!(a["status"], "assigned");
    let (_, r) = patch(json!({"status": "resolved"})).await;
    assert!(r["resolved_at"].is_string());
    let (_, reopened) = patch(json!({"status": "in_progress"})).await;
    assert!(reopened["resolved_at"].is_null());
    patch(json!({"status": "resolved"})).await;
    let (_, c) = patch(json!({"status": "closed"})).await;
    assert!(c["closed_at"].is_string());
    let (st, _) = s
        .api(Some(&s.fx.requester), Method::POST, &format!("{path}/comments"), Some(json!({"body": "one more thing"})))
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, _) = patch(json!({"status": "in_progress"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "closed is final");
}

async fn lists_filter_and_page_by_cursor(backend: Backend) {
    let s = TestServer::start(backend).await;
    for i in 0..5 {
        s.ticket(&s.fx.requester, &format!("t{i}")).await;
    }
    s.api(
        Some(&s.fx.agent),
        Method::POST,
        "/api/v1/tickets",
        Some(json!({"subject": "urgent", "impact": "high", "urgency": "high", "assignee_id": s.fx.agent.id})),
    )
    .await;
    let mut seen = Vec::new();
    let mut next = "/api/v1/tickets?limit=2".to_string();
    loop {
        let (st, page) = s.api(Some(&s.fx.agent), Method::GET, &next, None).await;
        assert_eq!(st, StatusCode::OK, "{page}");
        seen.extend(page["items"].as_array().unwrap().iter().map(|t| t["subject"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => next = format!("/api/v1/tickets?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["urgent", "t4", "t3", "t2", "t1", "t0"]);
    assert_eq!(count(&s, "priority=1").await, 1);
    assert_eq!(count(&s, "status=assigned").await, 1);
    assert_eq!(count(&s, "status=new,assigned").await, 6);
    assert_eq!(count(&s, "status=open&unassigned=true").await, 5);
    assert_eq!(count(&s, &format!("assignee_id={}", s.fx.agent.id)).await, 1);
    assert_eq!(count(&s, &format!("requester_id={}", s.fx.requester.id)).await, 5);
    for bad in
        ["priority=9", "status=new%27%3B%20DROP%20TABLE%20tickets%3B--", "cursor=bm9wZQ", "limit=abc", "kind=problem"]
    {
        let (st, err) = s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets?{bad}"), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
    }
    assert_eq!(ticket_count(&s).await, 6, "the tickets table is still there");
}

async fn count(s: &TestServer, query: &str) -> usize {
    s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets?{query}"), None).await.1["items"]
        .as_array()
        .unwrap()
        .len()
}

async fn hostile_text_is_stored_as_text_and_rendered_escaped(backend: Backend) {
    let s = TestServer::start(backend).await;
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let sql = "Robert'); DROP TABLE tickets;-- \" OR 1=1";
    let (_, t) = s
        .api(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(json!({"subject": xss, "description": sql})))
        .await;
    assert_eq!(t["subject"], xss);
    assert_eq!(t["description"], sql);
    s.api(
        Some(&s.fx.requester),
        Method::POST,
        &format!("/api/v1/tickets/{}/comments", id(&t)),
        Some(json!({"body": xss})),
    )
    .await;
    let ui = s.session(&s.fx.agent).await;
    for page in [format!("/tickets/{}", id(&t)), "/tickets?view=all".into()] {
        let (st, html) = ui.get(&page).await;
        assert_eq!(st, StatusCode::OK);
        assert!(!html.contains("<script>alert"), "{page} renders raw script");
        assert!(!html.contains("<img src=x"), "{page} renders raw markup");
        assert!(
            html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#60;img src=x"),
            "{page} lacks the escaped text"
        );
    }
    assert_eq!(ticket_count(&s).await, 1);
}

async fn upload(s: &TestServer, ticket: i64, name: &str, content_type: &str, data: &[u8]) -> Value {
    let part =
        reqwest::multipart::Part::bytes(data.to_vec()).file_name(name.to_string()).mime_str(content_type).unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let url = format!("{}/api/v1/tickets/{ticket}/attachments", s.base);
    let res = TestServer::client().post(url).bearer_auth(&s.fx.requester.token).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()
}

async fn attachments_are_downloads_with_safe_names_and_headers(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Files").await;
    let evil = upload(&s, id(&t), "../../../etc/passwd", "text/plain", b"root:x:0:0").await;
    assert_eq!(evil["filename"], "passwd");
    let html = upload(&s, id(&t), "page\".html", "text/html", b"<script>alert(1)</script>").await;
    assert_eq!(html["filename"], "page.html");
    let svg = upload(&s, id(&t), "logo.svg", "image/svg+xml", b"<svg onload=alert(1)/>").await;
    for (a, expected_type) in
        [(&html, "application/octet-stream"), (&svg, "application/octet-stream"), (&evil, "text/plain")]
    {
        let res = TestServer::client()
            .get(format!("{}/api/v1/attachments/{}/content", s.base, id(a)))
            .bearer_auth(&s.fx.agent.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert_eq!(h["content-type"], expected_type);
        assert!(h["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h["content-security-policy"].to_str().unwrap().contains("sandbox"));
    }
    let res = TestServer::client()
        .get(format!("{}/api/v1/attachments/{}/content", s.base, id(&evil)))
        .bearer_auth(&s.fx.foreign_agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets/{}/attachments", s.base, id(&t)))
        .bearer_auth(&s.fx.requester.token)
        .json(&json!({"file": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_revoked_token_no_longer_works(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (st, created) = s.api(Some(&s.fx.agent), Method::POST, "/api/v1/tokens", Some(json!({"name": "script"}))).await;
    assert_eq!(st, StatusCode::CREATED);
    let mut script = s.fx.agent.clone();
    script.token = created["secret"].as_str().unwrap().to_string();
    assert_eq!(s.api(Some(&script), Method::GET, "/api/v1/me", None).await.0, StatusCode::OK);
    let (_, tokens) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tokens", None).await;
    assert!(!tokens.to_string().contains(&script.token), "secrets are never listed");
    let (st, _) =
        s.api(Some(&s.fx.requester), Method::DELETE, &format!("/api/v1/tokens/{}", created["token"]["id"]), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "others cannot revoke it");
    let (st, _) =
        s.api(Some(&s.fx.agent), Method::DELETE, &format!("/api/v1/tokens/{}", created["token"]["id"]), None).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, headers, _) = s.api_full(Some(&script), Method::GET, "/api/v1/me", None, &[]).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["www-authenticate"], "Bearer");
    let mut forged = s.fx.agent.clone();
    forged.token = "hd_' OR '1'='1".into();
    assert_eq!(s.api(Some(&forged), Method::GET, "/api/v1/me", None).await.0, StatusCode::UNAUTHORIZED);
}

async fn the_openapi_document_covers_every_api_route(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (st, doc) = s.api(None, Method::GET, "/api/v1/openapi.json", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    let (_, routes) = helmdesk_web::build(s.app.clone(), helmdesk_web::WebSettings::default());
    for route in routes.iter().filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json") {
        let (method, path) = (route.method, &route.path);
        let op = &doc["paths"][path][method.to_lowercase()];
        assert!(op.is_object(), "{method} {path} is not documented");
        assert!(op["responses"]["401"].is_object(), "{method} {path} lacks its 401");
    }
    assert!(doc["paths"]["/api/v1/tickets/{id}"]["patch"]["responses"]["412"].is_object());
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let served = routes.iter().any(|r| r.path == *path && r.method.eq_ignore_ascii_case(method));
            assert!(served, "{method} {path} is documented but not served");
        }
    }
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "the document refers to a missing schema {name}");
    }
}

async fn metrics_count_requests_and_tickets(backend: Backend) {
    let s = TestServer::start(backend).await;
    s.ticket(&s.fx.requester, "Counted").await;
    let text = TestServer::client().get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("helmdesk_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/tickets\""), "routes are labelled by template");
    assert!(text.contains("helmdesk_tickets{status=\"new\"} 1"), "{text}");
    assert!(text.contains("helmdesk_jobs{status=\"queued\"}"));
}

async fn metrics_are_for_prometheus_only(backend: Backend) {
    // Without a token, on the loopback address and not through a proxy.
    let s = TestServer::start(backend).await;
    let metrics = format!("{}/metrics", s.base);
    let res = TestServer::client().get(&metrics).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a proxy forwarded a stranger's request");
    // With a token configured, only with that token.
    let web = helmdesk_web::WebSettings { metrics_token: Some("scrape-secret".into()), ..Default::default() };
    let s = TestServer::start_configured(backend, AppSettings::default(), web).await;
    let metrics = format!("{}/metrics", s.base);
    for token in [None, Some("wrong"), Some(s.fx.admin.token.as_str())] {
        let mut req = TestServer::client().get(&metrics);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "token {token:?}");
    }
    let res = TestServer::client().get(&metrics).bearer_auth("scrape-secret").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("helmdesk_tickets"));
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let s = TestServer::start(backend).await;
    for path in ["/api/v1/me", "/api/v1/openapi.json", "/login", "/healthz"] {
        let res =
            TestServer::client().get(format!("{}{path}", s.base)).bearer_auth(&s.fx.agent.token).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
        assert!(h.get("strict-transport-security").is_none(), "{path}: no HSTS over plain http");
    }
    // A file downloaded through the pages keeps the sandbox policy of its download.
    let t = s.ticket(&s.fx.requester, "Files").await;
    let file = upload(&s, id(&t), "page.html", "text/html", b"<script>alert(1)</script>").await;
    let ui = s.session(&s.fx.agent).await;
    let res = ui.client.get(format!("{}/attachments/{}", s.base, id(&file))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("sandbox") && csp.contains("default-src 'none'"), "{csp}");
    // With an https public URL, every answer asks browsers to stay on https.
    let web = helmdesk_web::WebSettings { public_url: Some("https://desk.example.com".into()), ..Default::default() };
    let s = TestServer::start_configured(backend, AppSettings::default(), web).await;
    for path in ["/api/v1/me", "/login"] {
        let res =
            TestServer::client().get(format!("{}{path}", s.base)).bearer_auth(&s.fx.agent.token).send().await.unwrap();
        assert!(res.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="), "{path}");
    }
}

async fn a_control_character_in_a_path_is_400_never_500(backend: Backend) {
    let s = TestServer::start(backend).await;
    let admin = s.session(&s.fx.admin).await;
    for path in ["/admin/notifications/%0d%0aX/en?other=de", "/admin/notifications/created/%00", "/tickets/%0b"] {
        let (status, page) = admin.get(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {page}");
    }
    let (status, _, body) = s.api_full(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/1%0d%0a", None, &[]).await;
    assert_eq!((status, &body["errors"][0]["code"]), (StatusCode::BAD_REQUEST, &json!("bad_request")));
    // The "open another language" form checks who asks before it sends anyone anywhere.
    let requester = s.session(&s.fx.requester).await;
    let res = requester.client.get(format!("{}/admin/notifications/created/en?other=de", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = admin.get("/admin/notifications/nonsense/en?other=de").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = admin.client.get(format!("{}/admin/notifications/created/en?other=de", s.base)).send().await.unwrap();
    assert_eq!(
        (res.status(), &res.headers()["location"]),
        (StatusCode::SEE_OTHER, &"/admin/notifications/created/de".parse().unwrap())
    );
}

async fn requesters_attach_nothing_to_a_closed_ticket(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Done").await;
    for status in ["resolved", "closed"] {
        let path = format!("/api/v1/tickets/{}", id(&t));
        let (st, body) = s.api(Some(&s.fx.agent), Method::PATCH, &path, Some(json!({"status": status}))).await;
        assert_eq!(st, StatusCode::OK, "{body}");
    }
    let part = reqwest::multipart::Part::bytes(b"late".to_vec()).file_name("late.txt");
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets/{}/attachments", s.base, id(&t)))
        .bearer_auth(&s.fx.requester.token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "like a reply, a file goes to a new ticket");
    assert!(s.app.store().attachments(id(&t)).await.unwrap().is_empty());
}

async fn history_names_no_linked_ticket_the_reader_may_not_see(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let parent = s.ticket(&fx.requester, "Outage at Acme").await;
    let labs_requester = s.app.actor_by_id(fx.labs_agent.id).await.unwrap();
    let labs = s
        .app
        .create_ticket(&labs_requester, serde_json::from_value(json!({"subject": "Labs cannot work"})).unwrap())
        .await
        .unwrap();
    let link = json!({"kind": "parent", "target_id": id(&parent)});
    let (status, body) =
        s.api(Some(&fx.agent), Method::POST, &format!("/api/v1/tickets/{}/links", labs.id), Some(link)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let number = parent["number"].as_str().unwrap();
    let (_, seen) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{}/history", labs.id), None).await;
    assert!(seen.to_string().contains(number), "the parent's agent sees the number: {seen}");
    let (_, hidden) =
        s.api(Some(&fx.labs_agent), Method::GET, &format!("/api/v1/tickets/{}/history", labs.id), None).await;
    assert!(!hidden.to_string().contains(number), "{hidden}");
    assert!(hidden.to_string().contains("a ticket you cannot see"), "{hidden}");
    let (_, links) =
        s.api(Some(&fx.labs_agent), Method::GET, &format!("/api/v1/tickets/{}/links", labs.id), None).await;
    assert!(!links.to_string().contains(number), "{links}");
}

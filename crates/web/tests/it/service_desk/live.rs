//! Live updates over server-sent events (`GET /events` for pages, `GET /api/v1/events` for
//! API clients): each person hears of the tickets they may see, and of nothing else.

use std::time::Duration;

use crate::common::{self, Person, TestServer, UiSession};
use helmdesk_store::Backend;
use reqwest::Method;
use serde_json::{Value, json};

helmdesk_store::backend_tests!(
    each_person_hears_only_of_the_tickets_they_may_see,
    a_stream_outlasts_the_request_timeout_and_ends_when_the_node_closes,
    staff_see_who_else_has_a_ticket_open_and_who_is_replying
);

/// An open stream of server-sent events.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    /// A page's stream, with the session's cookie.
    async fn page(session: &UiSession) -> Events {
        let response = session.client.get(format!("{}/events", session.base)).send().await.unwrap();
        Events::of(response)
    }

    /// An API client's stream, with the person's token.
    async fn api(server: &TestServer, person: &Person) -> Events {
        let response = TestServer::client()
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&person.token)
            .send()
            .await
            .unwrap();
        Events::of(response)
    }

    fn of(response: reqwest::Response) -> Events {
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert_eq!(kind, "text/event-stream");
        Events { response, buffer: String::new() }
    }

    /// The next event: its name and its data.
    async fn next(&mut self) -> (String, Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = "message".to_string();
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                // A keep-alive comment.
                if data.is_empty() {
                    continue;
                }
                return (name, serde_json::from_str(&data).expect("JSON data"));
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.response.chunk())
                .await
                .expect("an event within ten seconds")
                .expect("the stream reads")
                .expect("the stream goes on");
            self.buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }

    /// Whether the server ended the stream within ten seconds (events before the end
    /// are passed over).
    async fn ended(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) => return true,
                Ok(Err(_)) | Err(_) => return false,
            }
        }
    }

    /// The next `ticket` event's data.
    async fn next_ticket(&mut self) -> Value {
        loop {
            if let (name, data) = self.next().await
                && name == "ticket"
            {
                return data;
            }
        }
    }
}

fn id(ticket: &Value) -> i64 {
    ticket["id"].as_i64().expect("a ticket id")
}

async fn each_person_hears_only_of_the_tickets_they_may_see(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let fred = common::person(&server.app, "fred@other.example", "requester", fx.other_corp, None).await;
    let mut agent = Events::page(&server.session(&fx.agent).await).await;
    let mut requester = Events::page(&server.session(&fx.requester).await).await;
    let mut outsider = Events::page(&server.session(&fx.outsider).await).await;
    let mut other_requester = Events::page(&server.session(&fred).await).await;
    let mut other_agent = Events::api(&server, &fx.foreign_agent).await;
    for events in [&mut agent, &mut requester, &mut outsider, &mut other_requester, &mut other_agent] {
        assert_eq!(events.next().await, ("unread".into(), json!({"count": 0, "label": ""})), "first, the badge");
    }

    let ticket = server.ticket(&fx.requester, "VPN down").await;
    let t = id(&ticket);
    assert_eq!(agent.next_ticket().await, json!({"id": t, "kind": "filed", "mine": false}));
    assert_eq!(requester.next().await.1, json!({"id": t, "kind": "filed", "mine": true}));
    assert_eq!(requester.next().await, ("unread".into(), json!({"count": 1, "label": "1"})), "the acknowledgement");

    // An internal note is for staff; the change after it is for the requester too.
    let path = format!("/api/v1/tickets/{t}/comments");
    let note = json!({"body": "Probably the certificate", "internal": true});
    let (status, _) = server.api(Some(&fx.agent), Method::POST, &path, Some(note)).await;
    assert!(status.is_success(), "{status}");
    let (status, _) = server
        .api(Some(&fx.agent), Method::PATCH, &format!("/api/v1/tickets/{t}"), Some(json!({"impact": "high"})))
        .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(agent.next_ticket().await, json!({"id": t, "kind": "commented", "mine": true}));
    assert_eq!(agent.next_ticket().await, json!({"id": t, "kind": "updated", "mine": true}));
    assert_eq!(requester.next_ticket().await, json!({"id": t, "kind": "updated", "mine": false}), "not the note");

    // Another organisation hears of its own tickets only, and a requester of another
    // department of none of the first requester's: the first ticket each hears of is the
    // one of their own.
    let theirs = id(&server.ticket(&fred, "Printer jammed").await);
    assert_eq!(other_agent.next_ticket().await, json!({"id": theirs, "kind": "filed", "mine": false}));
    assert_eq!(other_requester.next_ticket().await, json!({"id": theirs, "kind": "filed", "mine": true}));
    let own = id(&server.ticket(&fx.outsider, "Monitor flickers").await);
    assert_eq!(outsider.next_ticket().await, json!({"id": own, "kind": "filed", "mine": true}));
}

async fn a_stream_outlasts_the_request_timeout_and_ends_when_the_node_closes(backend: Backend) {
    let web = helmdesk_web::WebSettings { request_timeout_secs: 1, ..Default::default() };
    let server = TestServer::start_configured(backend, Default::default(), web).await;
    let mut agent = Events::api(&server, &server.fx.agent).await;
    assert_eq!(agent.next().await.0, "unread");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let t = id(&server.ticket(&server.fx.requester, "Filed after the request timeout").await);
    assert_eq!(agent.next_ticket().await, json!({"id": t, "kind": "filed", "mine": false}));
    // At shutdown the bus closes, and open streams end so that the server can stop.
    server.app.live().close();
    assert!(agent.ended().await, "the stream ended");
}

/// The next `presence` event's data, passing over the others.
async fn next_presence(events: &mut Events) -> Value {
    loop {
        if let (name, data) = events.next().await
            && name == "presence"
        {
            return data;
        }
    }
}

async fn staff_see_who_else_has_a_ticket_open_and_who_is_replying(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let t = id(&server.ticket(&fx.requester, "Laptop will not boot").await);
    let path = format!("/tickets/{t}/presence");
    let agent = server.session(&fx.agent).await;
    let manager = server.session(&fx.manager).await;
    let mut manager_hears = Events::page(&manager).await;
    let mut requester_hears = Events::page(&server.session(&fx.requester).await).await;
    assert_eq!(manager_hears.next().await.0, "unread");
    assert_eq!(requester_hears.next().await.0, "unread");

    // The agent opens the ticket: nobody else is there; the manager's page hears of it.
    let (status, html) = agent.post(&path, &[("activity", "viewing")]).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.trim(), "", "nobody else has it open");
    assert_eq!(next_presence(&mut manager_hears).await, json!({"id": t}));
    let (_, html) = manager.post(&path, &[("activity", "viewing")]).await;
    assert!(html.contains("</span>agent") && !html.contains("is replying"), "{html}");
    // The ticket page draws the same list.
    let (_, page) = manager.get(&format!("/tickets/{t}")).await;
    assert!(page.contains("data-presence") && page.contains("Also on this ticket:"), "{page}");

    // The agent starts a reply: the manager's page hears of it and sees it.
    let (status, _) = agent.post(&path, &[("activity", "writing")]).await;
    assert_eq!(status, 200);
    assert_eq!(next_presence(&mut manager_hears).await, json!({"id": t}));
    let (_, html) = manager.get(&path).await;
    assert!(html.contains("is replying"), "{html}");
    // A beat that changes nothing tells nobody: the next event is the agent leaving.
    agent.post(&path, &[("activity", "writing")]).await;
    agent.post(&path, &[("activity", "left")]).await;
    assert_eq!(next_presence(&mut manager_hears).await, json!({"id": t}));
    let (_, html) = manager.get(&path).await;
    assert_eq!(html.trim(), "", "the agent left: {html}");

    // Requesters neither see nor are seen, and hear nothing of it; another organisation's
    // agent cannot find the ticket; bad input changes nothing.
    let requester = server.session(&fx.requester).await;
    assert_eq!(requester.post(&path, &[("activity", "viewing")]).await.0, 403);
    assert_eq!(requester.get(&path).await.0, 403);
    let (_, page) = requester.get(&format!("/tickets/{t}")).await;
    assert!(!page.contains("data-presence"), "no presence on a requester's page");
    let foreign = server.session(&fx.foreign_agent).await;
    assert_eq!(foreign.post(&path, &[("activity", "viewing")]).await.0, 404);
    assert_eq!(foreign.get(&path).await.0, 404);
    assert_eq!(agent.post(&path, &[("activity", "lurking")]).await.0, 422);
    assert_eq!(agent.post(&format!("/tickets/{}/presence", t + 1000), &[("activity", "viewing")]).await.0, 404);
    let (_, html) = manager.get(&path).await;
    assert_eq!(html.trim(), "", "nothing was recorded: {html}");
    // The requester's stream heard of none of it: the next thing it hears is a reply.
    server
        .api(Some(&fx.agent), Method::POST, &format!("/api/v1/tickets/{t}/comments"), Some(json!({"body": "On it"})))
        .await;
    assert_eq!(requester_hears.next_ticket().await["kind"], "commented");
}

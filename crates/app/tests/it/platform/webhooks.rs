//! Outbound webhooks, on both databases, against real HTTP receivers on 127.0.0.1: signed
//! deliveries, retries with backoff and their log, the address check at saving and at
//! delivery time, Slack and Teams messages, test pings, and hostile input.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use helmdesk_app::platform::webhooks::{
    ATTEMPTS, DELIVER_JOB, WebhookDelivery, WebhookInput, WebhookPatch, WebhookSettings,
};
use helmdesk_app::service_desk::tickets::NewComment;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::SystemClock;
use helmdesk_domain::platform::webhooks::verify;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

backend_tests!(
    ticket_changes_reach_the_webhooks_subscribed_to_them,
    a_signed_delivery_reaches_the_receiver_with_its_signature_and_timestamp,
    a_failing_receiver_is_tried_again_with_backoff_and_every_attempt_is_logged,
    a_delivery_fails_for_good_after_the_last_attempt,
    internal_targets_are_refused_until_an_administrator_allows_the_host,
    a_host_that_resolves_to_a_private_address_at_delivery_time_is_refused_then_too,
    chat_webhooks_get_slack_and_teams_messages,
    a_test_ping_is_sent_at_once_and_logged,
    one_webhook_can_be_called_whatever_it_subscribes_to,
    hostile_input_and_other_roles_are_refused,
    secrets_are_kept_sealed_and_never_shown,
    the_delivery_log_pages_newest_first_and_goes_with_its_webhook
);

/// One request a receiver got.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

/// An HTTP server on 127.0.0.1 that records each request and answers with the next of its
/// statuses (the last one again and again).
struct Receiver {
    addr: SocketAddr,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(statuses: &[u16]) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let got = Arc::new(Mutex::new(Vec::new()));
        let (record, statuses) = (got.clone(), statuses.to_vec());
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((mut socket, _)) = listener.accept().await {
                let status = statuses[n.min(statuses.len() - 1)];
                n += 1;
                if let Some(request) = read_request(&mut socket).await {
                    record.lock().unwrap().push(request);
                }
                let body = format!("answer {n}: {}", "x".repeat(3000));
                let response = format!(
                    "HTTP/1.1 {status} Whatever\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        Receiver { addr, got }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn requests(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let mut lines = head.lines();
    let path = lines.next()?.split(' ').nth(1)?.to_string();
    let headers: HashMap<String, String> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string())).collect();
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    while data.len() < head_end + length {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..]).to_string();
    Some(Received { path, headers, body })
}

struct Desk {
    _db: TestDatabase,
    app: App,
    admin: Actor,
    agent: Actor,
    manager: Actor,
    requester: Actor,
    ticket: i64,
}

async fn desk(backend: Backend) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let settings = AppSettings { public_url: "https://desk.example".into(), ..AppSettings::default() };
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), settings);
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await.unwrap();
    let org = s.create_organisation(&mut tx, "Customers", None, now).await.unwrap().id;
    tx.commit().await.unwrap();
    let mut people = Vec::new();
    for (email, role) in [
        ("admin@helmdesk.test", "admin"),
        ("agent@helmdesk.test", "agent"),
        ("manager@helmdesk.test", "manager"),
        ("rita@customer.test", "requester"),
    ] {
        people.push(crate::support::people::actor(&app, email, role, org).await);
    }
    let [admin, agent, manager, requester] = people.try_into().unwrap();
    let input =
        serde_json::from_value(json!({"subject": "Printer <!channel> on fire", "description": "Smoke"})).unwrap();
    let ticket = app.create_ticket(&requester, input).await.unwrap().id;
    // Whatever filing queued runs now, so that only the webhooks' jobs are left later.
    loop {
        let now = app.now_micros();
        let Some(job) = s.claim_job("setup", now, now + 60_000_000).await.unwrap() else { break };
        let _ = app.run_job(&job).await;
        s.complete_job(job.id, "setup", now).await.unwrap();
    }
    Desk { _db: db, app, admin, agent, manager, requester, ticket }
}

impl Desk {
    async fn allow(&self, hosts: &[&str]) {
        let settings = WebhookSettings { allowed_hosts: hosts.iter().map(|h| h.to_string()).collect() };
        self.app.set_webhook_settings(&self.admin, settings).await.unwrap();
    }

    async fn create(&self, body: Value) -> Result<helmdesk_app::platform::webhooks::Webhook, AppError> {
        let input: WebhookInput = serde_json::from_value(body).unwrap();
        self.app.create_webhook(&self.admin, input).await
    }

    /// A webhook to `url` for `events`, with the loopback receiver allowed.
    async fn hook(&self, url: &str, body: Value) -> i64 {
        self.allow(&["127.0.0.1"]).await;
        let mut input = json!({"name": format!("Hook {}", rand_suffix()), "url": url});
        input.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        self.create(input).await.unwrap().id
    }

    async fn log(&self, webhook: i64) -> Vec<WebhookDelivery> {
        self.app.webhook_deliveries(&self.admin, webhook, None, 200).await.unwrap().items
    }

    /// Claims the next due job at `at` (micros), as a worker would.
    async fn claim(&self, at: i64) -> Option<helmdesk_app::store::jobs::JobRow> {
        self.app.store().claim_job("test", at, at + 60_000_000).await.unwrap()
    }

    /// Runs every due job once, as the workers would (a failure queued again by the
    /// queue's backoff); returns how many ran.
    async fn run_due(&self, at: i64) -> usize {
        let mut ran = 0;
        while let Some(job) = self.claim(at).await {
            ran += 1;
            match self.app.run_job(&job).await {
                Ok(()) => assert!(self.app.store().complete_job(job.id, "test", at).await.unwrap()),
                Err(e) => {
                    let retry = (job.attempts < job.max_attempts).then(|| at + backoff(job.attempts));
                    self.app.store().fail_job(job.id, "test", &e.to_string(), retry, at).await.unwrap();
                }
            }
        }
        ran
    }
}

/// The job queue's backoff before attempt `attempts + 1`, in micros (10 s, 20 s, 40 s ...).
fn backoff(attempts: i64) -> i64 {
    (10i64 << (attempts - 1).clamp(0, 20)).min(3600) * 1_000_000
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst).to_string()
}

fn detail(e: AppError) -> (String, String) {
    match e {
        AppError::Invalid(errors) => (errors[0].field.clone().unwrap_or_default(), errors[0].detail.clone()),
        other => panic!("expected a refusal of the input, got {other:?}"),
    }
}

async fn a_signed_delivery_reaches_the_receiver_with_its_signature_and_timestamp(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    let hook = d.hook(&r.url(), json!({"events": ["ticket.created", "ticket.replied"], "secret": "s3cret"})).await;
    let before = d.app.now().timestamp();
    d.app.webhook_event("ticket.created", d.ticket, json!({"summary": "Filed by mail"})).await.unwrap();
    d.app.webhook_event("ticket.noted", d.ticket, json!({})).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 1, "one delivery: notes are not subscribed to");

    let got = r.requests();
    assert_eq!(got.len(), 1);
    let req = &got[0];
    let log = d.log(hook).await;
    assert_eq!(log.len(), 1);
    let delivery = &log[0];
    assert_eq!(req.path, "/hook");
    assert_eq!(req.headers["content-type"], "application/json");
    assert_eq!(req.headers["user-agent"], "Helmdesk-Webhooks");
    assert_eq!(req.headers["x-helmdesk-event"], "ticket.created");
    assert_eq!(req.headers["x-helmdesk-delivery"], delivery.id.to_string());
    let timestamp: i64 = req.headers["x-helmdesk-timestamp"].parse().unwrap();
    assert!((before..=d.app.now().timestamp()).contains(&timestamp), "timestamp {timestamp}");
    let signature = &req.headers["x-helmdesk-signature"];
    assert!(signature.starts_with("sha256="), "{signature}");
    assert!(verify("s3cret", timestamp, &req.body, signature), "the signature verifies");
    assert!(!verify("s3cret", timestamp + 1, &req.body, signature), "with its own timestamp only");
    assert!(!verify("other", timestamp, &req.body, signature));

    let body: Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(body["id"], delivery.id);
    assert_eq!(body["event"], "ticket.created");
    assert!(body["occurred_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["ticket"]["id"], d.ticket);
    assert_eq!(body["ticket"]["subject"], "Printer <!channel> on fire");
    assert_eq!(body["ticket"]["status"], "new");
    assert_eq!(body["ticket"]["requester"]["email"], "rita@customer.test");
    assert_eq!(body["ticket"]["assignee"], Value::Null);
    assert_eq!(body["ticket"]["url"], format!("https://desk.example/tickets/{}", d.ticket));
    assert!(body["ticket"]["number"].as_str().unwrap().starts_with("INC-"));
    assert_eq!(body["data"]["summary"], "Filed by mail");
    assert_eq!(req.body, delivery.payload, "the body is sent exactly as logged");

    assert_eq!((delivery.status.as_str(), delivery.attempts, delivery.response_status), ("delivered", 1, Some(200)));
    let kept = delivery.response_body.as_deref().unwrap();
    assert!(kept.starts_with("answer 1: ") && kept.len() == 2048, "the first 2 KB are kept ({})", kept.len());
    assert!(delivery.delivered_at.is_some() && delivery.last_error.is_none());
}

async fn a_failing_receiver_is_tried_again_with_backoff_and_every_attempt_is_logged(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[500, 500, 200]).await;
    let hook = d.hook(&r.url(), json!({"events": ["ticket.resolved"]})).await;
    d.app.webhook_event("ticket.resolved", d.ticket, json!({})).await.unwrap();
    let start = d.app.now_micros();

    assert_eq!(d.run_due(start).await, 1);
    let first = d.log(hook).await.remove(0);
    assert_eq!((first.status.as_str(), first.attempts, first.response_status), ("queued", 1, Some(500)));
    assert!(first.last_error.as_deref().unwrap().contains("500"), "{:?}", first.last_error);
    assert!(first.response_body.as_deref().unwrap().starts_with("answer 1"));
    assert!(d.claim(start + 9_000_000).await.is_none(), "not again before 10 s");

    assert_eq!(d.run_due(start + 10_000_000).await, 1);
    let second = d.log(hook).await.remove(0);
    assert_eq!((second.status.as_str(), second.attempts, second.response_status), ("queued", 2, Some(500)));
    assert!(d.claim(start + 29_000_000).await.is_none(), "then not before 20 s more");

    assert_eq!(d.run_due(start + 30_000_000).await, 1);
    let log = d.log(hook).await;
    assert_eq!(log.len(), 1, "one delivery, attempted three times");
    let done = &log[0];
    assert_eq!((done.status.as_str(), done.attempts, done.response_status), ("delivered", 3, Some(200)));
    assert!(done.last_error.is_none() && done.delivered_at.is_some());
    assert!(done.response_body.as_deref().unwrap().starts_with("answer 3"));
    let got = r.requests();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|g| g.body == done.payload), "every attempt sends the same body");
    assert!(got.iter().all(|g| !g.headers.contains_key("x-helmdesk-signature")), "no secret, no signature");
    assert_eq!(d.run_due(start + 3_600_000_000).await, 0, "nothing left to do");
}

async fn a_delivery_fails_for_good_after_the_last_attempt(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[503]).await;
    let hook = d.hook(&r.url(), json!({"events": ["ticket.escalated"]})).await;
    d.app.webhook_event("ticket.escalated", d.ticket, json!({"level": 1})).await.unwrap();
    let job = d.claim(d.app.now_micros()).await.unwrap();
    assert_eq!((job.kind.as_str(), job.max_attempts), (DELIVER_JOB, ATTEMPTS));
    d.app.store().release_job(job.id, "test").await.unwrap();
    let mut at = d.app.now_micros();
    for _ in 0..ATTEMPTS {
        assert_eq!(d.run_due(at).await, 1);
        at += 3_600_000_000;
    }
    assert_eq!(d.run_due(at).await, 0, "no attempt after the last");
    let failed = d.log(hook).await.remove(0);
    assert_eq!((failed.status.as_str(), failed.attempts, failed.response_status), ("failed", ATTEMPTS, Some(503)));
    assert_eq!(r.requests().len() as i64, ATTEMPTS);
}

async fn internal_targets_are_refused_until_an_administrator_allows_the_host(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    let cases = [
        (r.url(), "127.0.0.1", "is a loopback address"),
        ("http://localhost/".to_string(), "localhost", "a loopback address"),
        ("http://169.254.169.254/latest/meta-data/".to_string(), "169.254.169.254", "is a cloud metadata address"),
        ("http://[::1]/".to_string(), "::1", "is a loopback address"),
        ("http://10.1.2.3/".to_string(), "10.1.2.3", "is a private address"),
        ("http://[::ffff:127.0.0.1]/".to_string(), "::ffff:127.0.0.1", "is a loopback address"),
        ("http://0x7f.0.0.1:9/".to_string(), "127.0.0.1", "is a loopback address"),
        ("http://[fd00:ec2::254]/".to_string(), "fd00:ec2::254", "is a cloud metadata address"),
        ("http://100.100.100.200/".to_string(), "100.100.100.200", "carrier-grade NAT"),
    ];
    for (i, (url, _, reason)) in cases.iter().enumerate() {
        let e = d.create(json!({"name": format!("Internal {i}"), "url": url})).await.unwrap_err();
        let (field, text) = detail(e);
        assert_eq!(field, "url", "{url}");
        assert!(text.contains(reason), "{url}: {text}");
        assert!(text.contains("allow this host"), "{url}: {text}");
    }
    let hosts: Vec<&str> = cases.iter().map(|(_, h, _)| *h).collect();
    d.allow(&hosts).await;
    let allowed = d.app.webhook_settings(&d.admin).await.unwrap().allowed_hosts;
    assert!(allowed.contains(&"::ffff:127.0.0.1".to_string()) && allowed.contains(&"localhost".to_string()));
    for (i, (url, _, _)) in cases.iter().enumerate() {
        let made = d.create(json!({"name": format!("Allowed {i}"), "url": url})).await;
        assert!(made.is_ok(), "{url}: {made:?}");
    }
    // A public address needs no allowance (TEST-NET-3: nothing is contacted on saving).
    d.allow(&[]).await;
    d.create(json!({"name": "Public", "url": "https://203.0.113.10/hooks"})).await.unwrap();
    let e = d.create(json!({"name": "Again", "url": r.url()})).await.unwrap_err();
    assert!(detail(e).1.contains("loopback"), "taken off the list, refused again");
}

async fn a_host_that_resolves_to_a_private_address_at_delivery_time_is_refused_then_too(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    d.allow(&["localhost"]).await;
    let url = format!("http://localhost:{}/hook", r.addr.port());
    let hook = d.create(json!({"name": "By name", "url": url, "events": ["ticket.updated"]})).await.unwrap().id;
    d.allow(&[]).await;
    d.app.webhook_event("ticket.updated", d.ticket, json!({})).await.unwrap();
    let at = d.app.now_micros();
    assert_eq!(d.run_due(at).await, 1);
    let refused = d.log(hook).await.remove(0);
    assert_eq!((refused.status.as_str(), refused.attempts, refused.response_status), ("failed", 1, None));
    let why = refused.last_error.unwrap();
    assert!(why.starts_with("localhost resolves to ") && why.contains("a loopback address"), "{why}");
    assert_eq!(d.run_due(at + 3_600_000_000).await, 0, "a refused target is not tried again");
    assert!(r.requests().is_empty(), "nothing was sent");

    // An address written in the URL is checked again at delivery time as well.
    let direct = d.hook(&r.url(), json!({"events": ["ticket.updated"]})).await;
    d.allow(&[]).await;
    d.app.webhook_event("ticket.updated", d.ticket, json!({})).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 2);
    let refused = d.log(direct).await.remove(0);
    assert_eq!(refused.status, "failed");
    assert!(refused.last_error.unwrap().starts_with("127.0.0.1 is a loopback address"));
    assert!(r.requests().is_empty());
}

async fn chat_webhooks_get_slack_and_teams_messages(backend: Backend) {
    let d = desk(backend).await;
    let slack = Receiver::start(&[200]).await;
    let teams = Receiver::start(&[200]).await;
    d.hook(&slack.url(), json!({"format": "slack", "events": ["ticket.replied"], "secret": "unused"})).await;
    d.hook(&teams.url(), json!({"format": "teams", "events": ["ticket.replied"]})).await;
    d.app
        .webhook_event("ticket.replied", d.ticket, json!({"summary": "Have you tried <b>turning it off</b>?"}))
        .await
        .unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 2);
    let link = format!("https://desk.example/tickets/{}", d.ticket);

    let s = slack.requests().remove(0);
    assert!(!s.headers.contains_key("x-helmdesk-signature"), "chat messages are not signed");
    let body: Value = serde_json::from_str(&s.body).unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    let text = body["text"].as_str().unwrap();
    assert!(text.starts_with(&format!("*New reply*: <{link}|INC-")), "{text}");
    assert!(text.contains("Printer &lt;!channel&gt; on fire"), "no mention gets through: {text}");
    assert!(text.contains("Status: New") && text.contains("Requester: rita"), "{text}");
    assert!(text.contains(">Have you tried &lt;b&gt;turning it off&lt;/b&gt;?"), "{text}");

    let t = teams.requests().remove(0);
    let card: Value = serde_json::from_str(&t.body).unwrap();
    assert_eq!(card["@type"], "MessageCard");
    assert_eq!(card["@context"], "https://schema.org/extensions");
    assert!(card["summary"].as_str().unwrap().starts_with("New reply: INC-"));
    assert!(card["title"].as_str().unwrap().contains("&lt;!channel&gt;"));
    assert!(card["text"].as_str().unwrap().contains("Status: New"));
    let action = &card["potentialAction"][0];
    assert_eq!(action["@type"], "OpenUri");
    assert_eq!(action["name"], "View ticket");
    assert_eq!(action["targets"], json!([{"os": "default", "uri": link}]));
}

async fn a_test_ping_is_sent_at_once_and_logged(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[204]).await;
    let hook = d.hook(&r.url(), json!({"events": [], "secret": "pingpong", "active": false})).await;
    let sent = d.app.test_webhook(&d.admin, hook).await.unwrap();
    assert_eq!((sent.status.as_str(), sent.event.as_str(), sent.response_status), ("delivered", "ping", Some(204)));
    let req = r.requests().remove(0);
    assert_eq!(req.headers["x-helmdesk-event"], "ping");
    let ts: i64 = req.headers["x-helmdesk-timestamp"].parse().unwrap();
    assert!(verify("pingpong", ts, &req.body, &req.headers["x-helmdesk-signature"]));
    let body: Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(
        (body["event"].clone(), body["ticket"].clone(), body["id"].clone()),
        (json!("ping"), Value::Null, json!(sent.id))
    );
    assert_eq!(d.run_due(d.app.now_micros()).await, 0, "a ping queues no job");

    // Nothing listens on the port of a dropped listener: the attempt fails at once.
    let closed = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let dead = d.hook(&format!("http://127.0.0.1:{closed}/"), json!({})).await;
    let failed = d.app.test_webhook(&d.admin, dead).await.unwrap();
    assert_eq!((failed.status.as_str(), failed.attempts, failed.response_status), ("failed", 1, None));
    assert!(failed.last_error.as_deref().unwrap().to_lowercase().contains("connect"), "{:?}", failed.last_error);
    assert_eq!(d.log(dead).await.len(), 1);
}

async fn one_webhook_can_be_called_whatever_it_subscribes_to(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    let hook = d.hook(&r.url(), json!({"events": []})).await;
    d.app.webhook_event("ticket.created", d.ticket, json!({})).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 0, "subscribed to nothing");
    d.app.call_webhook(hook, "ticket.updated", d.ticket, json!({"rule": "VIP"})).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 1);
    let body: Value = serde_json::from_str(&r.requests()[0].body).unwrap();
    assert_eq!((body["event"].clone(), body["data"]["rule"].clone()), (json!("ticket.updated"), json!("VIP")));

    let off = WebhookPatch { active: Some(false), ..Default::default() };
    d.app.update_webhook(&d.admin, hook, off).await.unwrap();
    d.app.call_webhook(hook, "ticket.updated", d.ticket, json!({})).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 0, "an inactive webhook is not called");
    assert!(matches!(
        d.app.call_webhook(hook, "ticket.exploded", d.ticket, json!({})).await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(d.app.call_webhook(9999, "ticket.updated", d.ticket, json!({})).await, Err(AppError::NotFound)));

    // Switched off while a delivery waits: the delivery fails and is not tried again.
    let on =
        WebhookPatch { active: Some(true), events: Some(vec!["ticket.noted".parse().unwrap()]), ..Default::default() };
    d.app.update_webhook(&d.admin, hook, on).await.unwrap();
    d.app.webhook_event("ticket.noted", d.ticket, json!({})).await.unwrap();
    d.app.update_webhook(&d.admin, hook, WebhookPatch { active: Some(false), ..Default::default() }).await.unwrap();
    assert_eq!(d.run_due(d.app.now_micros()).await, 1);
    let off = d.log(hook).await.remove(0);
    assert_eq!((off.status.as_str(), off.last_error.as_deref()), ("failed", Some("the webhook is switched off")));
    assert_eq!(r.requests().len(), 1);
}

async fn hostile_input_and_other_roles_are_refused(backend: Backend) {
    let d = desk(backend).await;
    for (url, says) in [
        ("https://user:password@hooks.example.com/", "user name or password"),
        ("https://token@203.0.113.10/", "user name or password"),
        ("file:///etc/passwd", "http"),
        ("gopher://203.0.113.10:70/_SET%20x", "http"),
        ("javascript:alert(1)", "http"),
        ("not a url", "URL"),
    ] {
        let (field, text) = refused(&d, json!({"name": "Bad", "url": url})).await;
        assert_eq!(field, "url", "{url}");
        assert!(text.contains(says), "{url}: {text}");
    }
    let (field, _) = refused(&d, json!({"name": "x".repeat(201), "url": "https://203.0.113.10/"})).await;
    assert_eq!(field, "name");
    let (field, _) = refused(&d, json!({"name": "Line\nbreak", "url": "https://203.0.113.10/"})).await;
    assert_eq!(field, "name");
    let (field, _) = refused(&d, json!({"name": "Ping", "url": "https://203.0.113.10/", "events": ["ping"]})).await;
    assert_eq!(field, "events");
    let (field, _) =
        refused(&d, json!({"name": "Long", "url": "https://203.0.113.10/", "secret": "s".repeat(501)})).await;
    assert_eq!(field, "secret");
    assert!(
        serde_json::from_value::<WebhookInput>(json!({"name": "a", "url": "https://x/", "events": ["ticket.gone"]}))
            .is_err()
    );
    assert!(
        serde_json::from_value::<WebhookInput>(json!({"name": "a", "url": "https://x/", "format": "discord"})).is_err()
    );

    let ok = d.create(json!({"name": "Fine", "url": "https://203.0.113.10/"})).await.unwrap();
    let e = d.create(json!({"name": "Fine", "url": "https://203.0.113.11/"})).await.unwrap_err();
    assert_eq!(detail(e).0, "name", "names are unique");
    let patch = WebhookPatch { url: Some("http://192.168.0.1/".into()), ..Default::default() };
    let (field, text) = detail(d.app.update_webhook(&d.admin, ok.id, patch).await.unwrap_err());
    assert!(field == "url" && text.contains("private"), "a change is checked too: {text}");
    for bad in ["host:8080", "http://x", "a b", "user@host"] {
        let settings = WebhookSettings { allowed_hosts: vec![bad.into()] };
        let e = d.app.set_webhook_settings(&d.admin, settings).await.unwrap_err();
        assert_eq!(detail(e).0, "allowed_hosts", "{bad}");
    }

    for who in [&d.agent, &d.manager, &d.requester] {
        let forbidden = |r: Result<(), AppError>| assert!(matches!(r, Err(AppError::Forbidden(_))), "{}", who.role);
        forbidden(d.app.webhooks(who).await.map(|_| ()));
        forbidden(d.app.webhook(who, ok.id).await.map(|_| ()));
        let input = serde_json::from_value(json!({"name": "Mine", "url": "https://203.0.113.10/"})).unwrap();
        forbidden(d.app.create_webhook(who, input).await.map(|_| ()));
        forbidden(d.app.update_webhook(who, ok.id, WebhookPatch::default()).await.map(|_| ()));
        forbidden(d.app.delete_webhook(who, ok.id).await);
        forbidden(d.app.test_webhook(who, ok.id).await.map(|_| ()));
        forbidden(d.app.webhook_deliveries(who, ok.id, None, 50).await.map(|_| ()));
        forbidden(d.app.webhook_settings(who).await.map(|_| ()));
        forbidden(d.app.set_webhook_settings(who, WebhookSettings::default()).await.map(|_| ()));
    }
    assert!(matches!(d.app.webhook(&d.admin, 9999).await, Err(AppError::NotFound)));
    assert!(matches!(d.app.webhook_deliveries(&d.admin, 9999, None, 50).await, Err(AppError::NotFound)));
    assert!(matches!(d.app.webhook_deliveries(&d.admin, ok.id, Some("bogus"), 50).await, Err(AppError::Invalid(_))));
    assert!(matches!(d.app.webhook_deliveries(&d.admin, ok.id, None, 0).await, Err(AppError::Invalid(_))));
    assert!(matches!(d.app.webhook_event("ticket.exploded", d.ticket, json!({})).await, Err(AppError::Invalid(_))));
}

async fn refused(d: &Desk, body: Value) -> (String, String) {
    detail(d.create(body).await.unwrap_err())
}

async fn secrets_are_kept_sealed_and_never_shown(backend: Backend) {
    let d = desk(backend).await;
    let made = d
        .create(json!({"name": "Signed", "url": "https://203.0.113.10/", "secret": "hunter2-very-secret"}))
        .await
        .unwrap();
    assert!(made.secret_set);
    let shown = serde_json::to_string(&d.app.webhooks(&d.admin).await.unwrap()).unwrap();
    assert!(!shown.contains("hunter2") && !shown.contains("secret\":"), "{shown}");
    let stored = d.app.store().webhook(made.id).await.unwrap().secret_secret.unwrap();
    assert!(!stored.contains("hunter2"), "sealed at rest");
    let renamed =
        d.app.update_webhook(&d.admin, made.id, WebhookPatch { name: Some("Renamed".into()), ..Default::default() });
    assert!(renamed.await.unwrap().secret_set, "kept when left out");
    let cleared = WebhookPatch { secret: Some(String::new()), ..Default::default() };
    assert!(!d.app.update_webhook(&d.admin, made.id, cleared).await.unwrap().secret_set, "an empty one removes it");
}

async fn the_delivery_log_pages_newest_first_and_goes_with_its_webhook(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    let hook = d.hook(&r.url(), json!({"events": ["ticket.sla_warning"]})).await;
    for _ in 0..5 {
        d.app.webhook_event("ticket.sla_warning", d.ticket, json!({})).await.unwrap();
    }
    let first = d.app.webhook_deliveries(&d.admin, hook, None, 2).await.unwrap();
    let second = d.app.webhook_deliveries(&d.admin, hook, first.next_cursor.as_deref(), 2).await.unwrap();
    let third = d.app.webhook_deliveries(&d.admin, hook, second.next_cursor.as_deref(), 2).await.unwrap();
    let ids: Vec<i64> = [first.items, second.items, third.items].concat().iter().map(|x| x.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!((ids.len(), ids.clone()), (5, sorted), "newest first, each once");
    assert!(third.next_cursor.is_none());

    d.app.delete_webhook(&d.admin, hook).await.unwrap();
    assert!(matches!(d.app.webhook_deliveries(&d.admin, hook, None, 50).await, Err(AppError::NotFound)));
    assert_eq!(d.run_due(d.app.now_micros()).await, 5, "their jobs find nothing to do");
    assert!(r.requests().is_empty());
}

/// The whole way: filing, a reply, a note and resolving a ticket queue `ticket.events`
/// jobs, which hand each event to the webhooks subscribed to it.
async fn ticket_changes_reach_the_webhooks_subscribed_to_them(backend: Backend) {
    let d = desk(backend).await;
    let r = Receiver::start(&[200]).await;
    d.hook(&r.url(), json!({"events": ["ticket.created", "ticket.replied", "ticket.resolved"]})).await;
    let input = serde_json::from_value(json!({"subject": "Screen flickers"})).unwrap();
    let t = d.app.create_ticket(&d.requester, input).await.unwrap().id;
    let reply = NewComment { body: "Try another cable".into(), internal: false };
    d.app.add_comment(&d.agent, t, reply).await.unwrap();
    let note = NewComment { body: "Probably the cable".into(), internal: true };
    d.app.add_comment(&d.agent, t, note).await.unwrap();
    let patch = serde_json::from_value(json!({"status": "resolved", "resolution_code": "fixed"})).unwrap();
    d.app.update_ticket(&d.agent, t, patch, None).await.unwrap();
    // Events jobs first, then the deliveries they queue.
    while d.run_due(d.app.now_micros()).await > 0 {}
    let mut events: Vec<String> = r.requests().iter().map(|q| q.headers["x-helmdesk-event"].clone()).collect();
    events.sort();
    assert_eq!(events, ["ticket.created", "ticket.replied", "ticket.resolved"]);
}

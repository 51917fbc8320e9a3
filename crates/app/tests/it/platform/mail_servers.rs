//! Mail through real servers, on both databases: postfix delivers a requester's message into
//! a dovecot mailbox, Helmdesk polls it over IMAP with TLS (the certificate verified against
//! the test CA) and files a ticket; the acknowledgement and an agent's reply go out through
//! postfix's submission port (STARTTLS, authentication) into the requester's mailbox, with
//! their thread headers; her answer comes back onto the same ticket; and a message postfix
//! relays to Helmdesk's own SMTP receiver becomes a ticket too. Skipped (with a note) where
//! postfix and dovecot are not installed, unless CI=true.

use crate::support::mailserver;
use crate::support::people;

use std::sync::Arc;
use std::time::Duration;

use helmdesk_app::platform::mail::{MailSettings, MailboxInput, OutgoingServer};
use helmdesk_app::service_desk::tickets::NewComment;
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_domain::SystemClock;
use helmdesk_domain::platform::mail::REPLY_MARKER;
use helmdesk_mail::Security;
use helmdesk_mail::receiver::ReceiverSettings;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use mailserver::MailServer;
use people::{actor, actor_by_email, organisation, outgoing};

backend_tests!(a_conversation_by_mail_goes_through_real_servers_both_ways);

const WAIT: Duration = Duration::from_secs(30);

struct Desk {
    _db: TestDatabase,
    app: App,
    agent: Actor,
}

async fn desk(backend: Backend, server: &MailServer) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let settings = AppSettings {
        mail_ca_file: Some(server.ca_pem()),
        public_url: "https://desk.example".into(),
        ..AppSettings::default()
    };
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), settings);
    let org = organisation(&app, "Customers").await;
    let admin = actor(&app, "admin@desk.example", "admin", org).await;
    let agent = actor(&app, "agent@desk.example", "agent", org).await;
    let outgoing = OutgoingServer {
        username: "desk".into(),
        password: Some("desk-password".into()),
        from_name: "Service Desk".into(),
        ..outgoing("localhost", server.submission_port(), Security::Starttls)
    };
    let settings = MailSettings { outgoing: Some(outgoing), ..MailSettings::default() };
    app.set_mail_settings(&admin, settings).await.unwrap();
    let mailbox: MailboxInput = serde_json::from_value(serde_json::json!({
        "name": "Support", "address": "support@helmdesk.test", "host": "localhost",
        "port": server.imap_port(), "security": "tls", "username": "support", "password": "support-password"
    }))
    .unwrap();
    app.create_mailbox(&admin, mailbox).await.unwrap();
    Desk { _db: db, app, agent }
}

/// Runs every queued job, as the workers would, until none is left.
async fn run_jobs(app: &App) {
    loop {
        let now = app.now_micros();
        let Some(job) = app.store().claim_job("test", now, now + 60_000_000).await.unwrap() else { return };
        match app.run_job(&job).await {
            Ok(()) => app.store().complete_job(job.id, "test", now).await.unwrap(),
            Err(e) => panic!("job {} ({}) failed: {e}", job.id, job.kind),
        };
    }
}

/// Polls the mailbox now, whatever its interval; returns how many messages were stored.
async fn poll_now(app: &App) -> usize {
    for m in app.store().mailboxes().await.unwrap() {
        app.store().mailbox_polled(m.id, app.now_micros(), 0, None).await.unwrap();
    }
    let stored = app.poll_mailboxes().await.unwrap();
    let errors: Vec<_> = app.store().mailboxes().await.unwrap().into_iter().filter_map(|m| m.last_error).collect();
    assert!(errors.is_empty(), "polling failed: {errors:?}");
    stored
}

async fn wait_for(server: &Arc<MailServer>, user: &'static str, n: usize) -> Vec<String> {
    let server = server.clone();
    let raw = tokio::task::spawn_blocking(move || server.wait_for_messages(user, n, WAIT)).await.unwrap();
    raw.iter().map(|m| String::from_utf8_lossy(m).into_owned()).collect()
}

/// A header's value (unfolded) in a raw message.
fn header(raw: &str, name: &str) -> Option<String> {
    let head =
        raw.split("\n\n").next().unwrap_or_default().replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ");
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// Serves Helmdesk's SMTP receiver on `listener` for the rest of the test.
fn start_receiver(app: &App, listener: tokio::net::TcpListener) {
    let deliver = app.smtp_delivery();
    let settings = ReceiverSettings { hostname: "desk.example".into(), max_bytes: 10 << 20, max_connections: 4 };
    let (keep, shutdown) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        helmdesk_mail::receiver::serve(listener, settings, deliver, shutdown).await;
        drop(keep);
    });
}

async fn inbound(app: &App, status: Option<&str>) -> Vec<helmdesk_store::platform::mail::InboundRow> {
    app.store().inbound_list(status, None, 50).await.unwrap()
}

async fn a_conversation_by_mail_goes_through_real_servers_both_ways(backend: Backend) {
    // Postfix relays to Helmdesk's receiver, whose app needs postfix's CA: take its port first.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_port = listener.local_addr().unwrap().port();
    let Some(server) = MailServer::start(Some(relay_port)) else { return };
    let server = Arc::new(server);
    for (user, password) in [("support", "support-password"), ("alice", "alice-password"), ("desk", "desk-password")] {
        server.add_user(user, password);
    }
    let d = desk(backend, &server).await;

    // Alice writes to the support address; postfix delivers it into the support mailbox.
    let first = "From: Alice Liddell <alice@helmdesk.test>\r\nTo: support@helmdesk.test\r\nSubject: Printer on fire\r\n\
                 Message-ID: <first@helmdesk.test>\r\n\r\nIt is smoking.\r\n";
    server.send("alice@helmdesk.test", &["support@helmdesk.test"], first.as_bytes());
    wait_for(&server, "support", 1).await;
    assert_eq!(poll_now(&d.app).await, 1);
    run_jobs(&d.app).await;
    assert!(server.flags("support")[0].contains("\\Seen"), "the fetched message was not marked seen");
    assert_eq!(poll_now(&d.app).await, 0, "a seen message was fetched again");
    let filed = inbound(&d.app, Some("processed")).await;
    assert_eq!(filed.len(), 1, "{filed:?}");
    let ticket_id = filed[0].ticket_id.expect("a ticket");
    let ticket = d.app.store().ticket(ticket_id).await.unwrap();
    assert_eq!(ticket.ticket.subject, "Printer on fire");
    assert_eq!(ticket.requester_email, "alice@helmdesk.test");
    let number = ticket.ticket.number.clone().unwrap();

    // The acknowledgement reaches Alice's mailbox through the submission port.
    let ack = wait_for(&server, "alice", 1).await.remove(0);
    assert!(header(&ack, "Subject").unwrap().contains(&format!("[{number}]")), "{ack}");
    assert_eq!(header(&ack, "X-Helmdesk-Ticket").as_deref(), Some(number.as_str()));
    assert_eq!(header(&ack, "Auto-Submitted").as_deref(), Some("auto-generated"));
    assert_eq!(header(&ack, "In-Reply-To").as_deref(), Some("<first@helmdesk.test>"));
    assert!(header(&ack, "References").unwrap().contains("<first@helmdesk.test>"));
    assert!(ack.contains("https://desk.example/tickets/"), "no link in {ack}");

    // An agent answers; Alice receives it, threaded.
    let answer = NewComment { body: "Please step away from the printer.".into(), internal: false };
    d.app.add_comment(&d.agent, ticket_id, answer).await.unwrap();
    run_jobs(&d.app).await;
    let reply = wait_for(&server, "alice", 2).await.into_iter().find(|m| m.contains("step away")).expect("the reply");
    let reply_id = header(&reply, "Message-ID").unwrap();
    assert!(header(&reply, "References").unwrap().contains("<first@helmdesk.test>"));
    assert!(reply.contains(REPLY_MARKER));

    // Alice answers from her mail program, quoting; it comes back onto the ticket.
    let quoted = format!(
        "From: alice@helmdesk.test\r\nTo: support@helmdesk.test\r\nSubject: Re: whatever\r\nMessage-ID: <third@helmdesk.test>\r\n\
         In-Reply-To: {reply_id}\r\nReferences: <first@helmdesk.test> {reply_id}\r\n\r\nDone, it is out.\r\n\r\n\
         On Friday, Service Desk wrote:\r\n> {REPLY_MARKER}\r\n> Please step away\r\n"
    );
    server.send("alice@helmdesk.test", &["support@helmdesk.test"], quoted.as_bytes());
    wait_for(&server, "support", 2).await;
    assert_eq!(poll_now(&d.app).await, 1);
    run_jobs(&d.app).await;
    let comments = d.app.store().comments(ticket_id, false).await.unwrap();
    assert_eq!(comments.last().unwrap().body, "Done, it is out.");
    assert_eq!(inbound(&d.app, Some("processed")).await.len(), 2);

    // The same mailbox over STARTTLS.
    let admin = actor_by_email(&d.app, "admin@desk.example").await;
    let mailbox = d.app.store().mailboxes().await.unwrap().remove(0);
    let starttls: MailboxInput = serde_json::from_value(serde_json::json!({
        "name": "Support", "address": "support@helmdesk.test", "host": "localhost",
        "port": server.imap_starttls_port(), "security": "starttls", "username": "support"
    }))
    .unwrap();
    d.app.update_mailbox(&admin, mailbox.id, starttls).await.unwrap();
    let fourth = "From: alice@helmdesk.test\r\nTo: support@helmdesk.test\r\nSubject: Another one\r\n\r\nNew.\r\n";
    server.send("alice@helmdesk.test", &["support@helmdesk.test"], fourth.as_bytes());
    wait_for(&server, "support", 3).await;
    assert_eq!(poll_now(&d.app).await, 1, "STARTTLS");
    run_jobs(&d.app).await;
    assert_eq!(inbound(&d.app, Some("processed")).await.len(), 3);

    // Mail relayed by postfix to Helmdesk's own SMTP receiver.
    start_receiver(&d.app, listener);
    let relayed =
        "From: bob@helmdesk.test\r\nTo: support@relay.test\r\nSubject: Relayed request\r\n\r\nVia the relay.\r\n";
    server.send("bob@helmdesk.test", &["support@relay.test"], relayed.as_bytes());
    for _ in 0..300 {
        if inbound(&d.app, None).await.iter().any(|m| m.envelope_from.as_deref() == Some("bob@helmdesk.test")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    run_jobs(&d.app).await;
    let relayed =
        inbound(&d.app, None).await.into_iter().find(|m| m.envelope_from.as_deref() == Some("bob@helmdesk.test"));
    let relayed = relayed.unwrap_or_else(|| panic!("nothing was relayed; postfix: {}", server.logs()));
    assert_eq!(relayed.status, "processed", "{:?}", relayed.outcome);
    assert_eq!(relayed.subject.as_deref(), Some("Relayed request"));
}

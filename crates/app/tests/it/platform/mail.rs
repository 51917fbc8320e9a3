//! Mail in, on both databases, without a mail server: the hostile corpus (every message
//! stored, none crashing, each with its expected outcome), threading replies onto tickets,
//! loops and floods, the requester policy, retries, and the e-mails notifications queue.

use crate::support::people;

use std::sync::Arc;

use helmdesk_app::platform::mail::inbound::MailSource;
use helmdesk_app::platform::mail::{MailSettings, OutgoingServer};
use helmdesk_app::service_desk::surveys::{LINK_DAYS, LinkState};
use helmdesk_app::service_desk::tickets::NewComment;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::SystemClock;
use helmdesk_domain::platform::mail::{REPLY_MARKER, RequesterPolicy};
use helmdesk_mail::Security;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use people::{actor, actor_by_email, organisation, outgoing};

backend_tests!(
    every_message_of_the_hostile_corpus_ends_as_expected,
    a_reply_threads_onto_its_ticket_by_its_headers_or_its_subject,
    a_stranger_cannot_reply_to_someone_elses_ticket,
    machine_mail_own_mail_and_floods_make_no_tickets,
    the_requester_policy_decides_who_may_open_tickets,
    a_rejected_message_can_be_retried_once_the_cause_is_fixed,
    a_message_delivered_twice_makes_one_ticket,
    notifications_queue_threaded_mail_for_the_people_who_want_it,
    templates_and_preferences_shape_the_mail_people_get,
    a_message_the_server_cannot_take_is_retried_then_marked_failed,
    the_resolved_mail_asks_the_requester_how_it_went,
    a_sender_the_database_cannot_look_up_fails_the_message_instead_of_refusing_it
);

async fn a_sender_the_database_cannot_look_up_fails_the_message_instead_of_refusing_it(backend: Backend) {
    let d = desk(backend).await;
    let break_organisations = match backend {
        // SQLite keeps text in an integer column; reading it back fails.
        Backend::Sqlite => "UPDATE organisations SET created_at = 'not a time'",
        Backend::Postgres => "ALTER TABLE organisations RENAME COLUMN name TO name_gone",
    };
    helmdesk_app::store::Sql::new(break_organisations).execute(d.app.store().db()).await.unwrap();
    // Another node, with no copy of the organisations yet.
    let node = App::new(d._db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    let got = deliver(&node, &message("agent@helmdesk.test", "Printer jammed", "", "Paper everywhere")).await;
    assert_eq!(got.status, "failed", "{:?}", got.outcome);
}

struct Desk {
    _db: TestDatabase,
    app: App,
    admin: Actor,
    agent: Actor,
}

async fn desk(backend: Backend) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let settings = AppSettings { max_attachment_bytes: 1024 * 1024, ..AppSettings::default() };
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), settings);
    let org = organisation(&app, "Customers").await;
    let admin = actor(&app, "admin@helmdesk.test", "admin", org).await;
    let agent = actor(&app, "agent@helmdesk.test", "agent", org).await;
    let settings = MailSettings { flood_limit_per_hour: 0, ..MailSettings::default() };
    app.set_mail_settings(&admin, settings).await.unwrap();
    Desk { _db: db, app, admin, agent }
}

/// Stores a message and processes it, as the job would; returns its record.
async fn deliver(app: &App, raw: &[u8]) -> helmdesk_app::platform::mail::inbound::InboundMail {
    let id = app.receive_mail(MailSource::default(), raw).await.unwrap().expect("stored");
    process(app, id).await
}

async fn process(app: &App, id: i64) -> helmdesk_app::platform::mail::inbound::InboundMail {
    for _ in 0..5 {
        if app.process_inbound(id).await.is_ok() {
            break;
        }
    }
    app.store().inbound(id).await.unwrap().try_into().unwrap()
}

fn message(from: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: support@helmdesk.test\r\nSubject: {subject}\r\n{headers}\r\n{body}\r\n").into_bytes()
}

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

async fn every_message_of_the_hostile_corpus_ends_as_expected(backend: Backend) {
    let d = desk(backend).await;
    let manifest = std::fs::read_to_string(corpus_dir().join("expected.txt")).unwrap();
    let mut checked = 0;
    for line in manifest.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let (file, outcome, checks) = (fields[0], fields[1], fields.get(2).copied().unwrap_or(""));
        let raw = std::fs::read(corpus_dir().join(file)).unwrap();
        let source = MailSource { source_key: Some(format!("corpus:{file}")), ..Default::default() };
        let id = d.app.receive_mail(source, &raw).await.unwrap().expect("stored");
        let got = process(&d.app, id).await;
        let expected_status = if outcome == "ticket" { "processed" } else { outcome };
        assert_eq!(got.status, expected_status, "{file}: {:?}", got.outcome);
        if outcome != "ticket" {
            assert!(got.ticket_id.is_none(), "{file} made a ticket");
            checked += 1;
            continue;
        }
        let ticket = d.app.store().ticket(got.ticket_id.expect("a ticket")).await.unwrap().ticket;
        assert!(!ticket.subject.contains(['\r', '\n']), "{file}: subject {:?}", ticket.subject);
        assert!(ticket.subject.chars().count() <= 200, "{file}");
        let names: Vec<String> =
            d.app.store().attachments(ticket.id).await.unwrap().into_iter().map(|a| a.filename).collect();
        for check in checks.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            check_one(file, check, &ticket.subject, &ticket.description, &names);
        }
        checked += 1;
    }
    assert!(checked >= 45, "only {checked} corpus messages checked");
}

fn check_one(file: &str, check: &str, subject: &str, body: &str, names: &[String]) {
    let (key, negate, value) = if let Some((k, v)) = check.split_once("!~") {
        (k, true, v)
    } else if let Some((k, v)) = check.split_once('~') {
        (k, false, v)
    } else if let Some((k, v)) = check.split_once('=') {
        assert_eq!(k, "attachments", "{file}: unknown check {check}");
        assert_eq!(names.len(), v.parse::<usize>().unwrap(), "{file}: attachments {names:?}");
        return;
    } else {
        panic!("{file}: unknown check {check}");
    };
    let found = match key {
        "subject" => subject.contains(value),
        "body" => body.contains(value),
        "attachment" => names.iter().any(|n| n.contains(value)),
        other => panic!("{file}: unknown check {other}"),
    };
    assert_eq!(found, !negate, "{file}: {check} failed; subject {subject:?}; attachments {names:?}; body {body:?}");
}

async fn a_reply_threads_onto_its_ticket_by_its_headers_or_its_subject(backend: Backend) {
    let d = desk(backend).await;
    let first =
        message("Alice <alice@customer.example>", "VPN down", "Message-ID: <a1@customer.example>\r\n", "It fails.");
    let filed = deliver(&d.app, &first).await;
    let ticket = filed.ticket_id.expect("a ticket");
    // Pending on the requester: her reply puts it back to work.
    let patch = serde_json::from_value(serde_json::json!({"status": "pending"})).unwrap();
    let assigned = serde_json::from_value(serde_json::json!({"assignee_id": d.agent.id})).unwrap();
    d.app.update_ticket(&d.agent, ticket, assigned, None).await.unwrap();
    d.app.update_ticket(&d.agent, ticket, patch, None).await.unwrap();

    let quoted = format!("Still failing.\r\n\r\nOn Monday, Support wrote:\r\n> {REPLY_MARKER}\r\n> old");
    let reply = message(
        "alice@customer.example",
        "Re: VPN down",
        "Message-ID: <a2@customer.example>\r\nIn-Reply-To: <a1@customer.example>\r\nReferences: <a1@customer.example>\r\n",
        &quoted,
    );
    let threaded = deliver(&d.app, &reply).await;
    assert_eq!(threaded.status, "processed", "{:?}", threaded.outcome);
    assert_eq!(threaded.ticket_id, Some(ticket));
    let comments = d.app.store().comments(ticket, false).await.unwrap();
    assert_eq!(comments.last().unwrap().body, "Still failing.");
    assert!(!comments.last().unwrap().internal);
    let t = d.app.store().ticket(ticket).await.unwrap().ticket;
    assert_ne!(t.status, "pending", "the requester's reply did not resume the ticket");

    // No thread headers, but the number in the subject.
    let number = t.number.unwrap();
    let by_subject = message("alice@customer.example", &format!("Re: [{number}] VPN down"), "", "And again.");
    assert_eq!(deliver(&d.app, &by_subject).await.ticket_id, Some(ticket));
    assert_eq!(d.app.store().comments(ticket, false).await.unwrap().len(), 2);
}

async fn a_stranger_cannot_reply_to_someone_elses_ticket(backend: Backend) {
    let d = desk(backend).await;
    let filed = deliver(&d.app, &message("alice@customer.example", "Payroll", "", "Secret details")).await;
    let ticket = d.app.store().ticket(filed.ticket_id.unwrap()).await.unwrap().ticket;
    let number = ticket.number.unwrap();
    let other_org = organisation(&d.app, "Elsewhere").await;
    actor(&d.app, "mallory@elsewhere.example", "requester", other_org).await;
    let hijack = message("mallory@elsewhere.example", &format!("Re: [{number}] Payroll"), "", "Let me in");
    let got = deliver(&d.app, &hijack).await;
    assert_eq!(got.status, "processed");
    assert_ne!(got.ticket_id, Some(ticket.id), "a stranger's mail was added to someone else's ticket");
    assert!(d.app.store().comments(ticket.id, true).await.unwrap().is_empty());
}

async fn machine_mail_own_mail_and_floods_make_no_tickets(backend: Backend) {
    let d = desk(backend).await;
    let auto = message("bob@customer.example", "Out of office", "Auto-Submitted: auto-replied\r\n", "Away");
    assert_eq!(deliver(&d.app, &auto).await.status, "ignored");
    let outgoing = outgoing("smtp.helmdesk.test", 587, Security::Starttls);
    let settings = MailSettings { flood_limit_per_hour: 3, outgoing: Some(outgoing), ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, settings).await.unwrap();
    let own = message("Support <SUPPORT@helmdesk.test>", "Loop", "", "Our own message came back");
    let got = deliver(&d.app, &own).await;
    assert_eq!(got.status, "ignored");
    assert!(got.outcome.unwrap().contains("loop"));
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(deliver(&d.app, &message("flood@customer.example", &format!("Spam {i}"), "", "x")).await.status);
    }
    assert_eq!(statuses, ["processed", "processed", "processed", "ignored", "ignored"]);
}

async fn the_requester_policy_decides_who_may_open_tickets(backend: Backend) {
    let d = desk(backend).await;
    let known_domains = MailSettings {
        requester_policy: RequesterPolicy::KnownDomains,
        allowed_domains: vec!["customer.example".into()],
        flood_limit_per_hour: 0,
        ..MailSettings::default()
    };
    d.app.set_mail_settings(&d.admin, known_domains).await.unwrap();
    assert_eq!(deliver(&d.app, &message("new@customer.example", "Hello", "", "x")).await.status, "processed");
    let user = d.app.store().user_by_email("new@customer.example").await.unwrap().expect("a requester was created");
    assert_eq!(user.role, "requester");
    assert_eq!(deliver(&d.app, &message("new@evil.example", "Hello", "", "x")).await.status, "rejected");
    assert!(d.app.store().user_by_email("new@evil.example").await.unwrap().is_none());

    let reject = MailSettings { requester_policy: RequesterPolicy::Reject, ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, reject).await.unwrap();
    assert_eq!(deliver(&d.app, &message("other@customer.example", "Hi", "", "x")).await.status, "rejected");
    // Known people still may.
    assert_eq!(deliver(&d.app, &message("new@customer.example", "Again", "", "x")).await.status, "processed");
}

async fn a_rejected_message_can_be_retried_once_the_cause_is_fixed(backend: Backend) {
    let d = desk(backend).await;
    let reject = MailSettings { requester_policy: RequesterPolicy::Reject, ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, reject).await.unwrap();
    let got = deliver(&d.app, &message("late@customer.example", "Please", "", "x")).await;
    assert_eq!(got.status, "rejected");
    let failed = d.app.inbound_mail(&d.admin, Some("rejected"), None, 50).await.unwrap();
    assert_eq!(failed.iter().map(|m| m.id).collect::<Vec<_>>(), [got.id]);
    assert!(d.app.retry_inbound(&d.agent, got.id).await.is_err(), "an agent may not retry mail");

    d.app.set_mail_settings(&d.admin, MailSettings::default()).await.unwrap();
    let again = d.app.retry_inbound(&d.admin, got.id).await.unwrap();
    assert_eq!(again.status, "received");
    let done = process(&d.app, got.id).await;
    assert_eq!(done.status, "processed");
    assert!(done.ticket_id.is_some());
    assert!(d.app.retry_inbound(&d.admin, 999_999).await.is_err());
    let raw = d.app.inbound_raw(&d.admin, got.id).await.unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("late@customer.example"));
}

async fn a_message_delivered_twice_makes_one_ticket(backend: Backend) {
    let d = desk(backend).await;
    let raw = message("twice@customer.example", "Twice", "Message-ID: <same@customer.example>\r\n", "x");
    let first = deliver(&d.app, &raw).await;
    let second = deliver(&d.app, &raw).await;
    assert_eq!(first.status, "processed");
    assert_eq!(second.status, "ignored");
    assert_eq!(second.ticket_id, first.ticket_id);
    // Fetched twice from the same mailbox: stored once.
    let source = || MailSource { source_key: Some("imap:1:7:42".into()), ..Default::default() };
    assert!(d.app.receive_mail(source(), &raw).await.unwrap().is_some());
    assert!(d.app.receive_mail(source(), &raw).await.unwrap().is_none());
}

async fn notifications_queue_threaded_mail_for_the_people_who_want_it(backend: Backend) {
    let d = desk(backend).await;
    let outgoing = OutgoingServer {
        username: "desk".into(),
        password: Some("hunter2".into()),
        ..outgoing("smtp.helmdesk.test", 587, Security::Starttls)
    };
    let settings = MailSettings { outgoing: Some(outgoing), flood_limit_per_hour: 0, ..MailSettings::default() };
    let saved = d.app.set_mail_settings(&d.admin, settings).await.unwrap();
    assert!(saved.outgoing.as_ref().unwrap().password_set);
    let stored = d.app.store().app_setting("mail").await.unwrap().unwrap();
    assert!(!stored.contains("hunter2"), "the password is stored in the clear");

    let raw =
        message("carol@customer.example", "Laptop broken", "Message-ID: <c1@customer.example>\r\n", "Screen dark");
    let filed = deliver(&d.app, &raw).await;
    let ticket = filed.ticket_id.unwrap();
    let comment = NewComment { body: "We will swap it <b>today</b>.".into(), internal: false };
    d.app.add_comment(&d.agent, ticket, comment).await.unwrap();
    let note = NewComment { body: "internal only".into(), internal: true };
    d.app.add_comment(&d.agent, ticket, note).await.unwrap();
    drain_mail_jobs(&d.app).await;

    let sent = d.app.outbound_mail(&d.agent, Some(ticket)).await.unwrap();
    let carol: Vec<_> = sent.iter().filter(|m| m.recipient == "carol@customer.example").collect();
    let events: Vec<&str> = carol.iter().rev().map(|m| m.event.as_str()).collect();
    assert_eq!(events, ["created", "reply"], "{sent:?}");
    let reply = d.app.store().outbound(carol[0].id).await.unwrap();
    assert!(reply.subject.contains(&filed_number(&d.app, ticket).await));
    assert_eq!(reply.in_reply_to.as_deref().map(|s| s.contains('@')), Some(true));
    assert!(reply.refs.split(' ').any(|r| r == "c1@customer.example"), "{}", reply.refs);
    assert!(reply.body_text.contains("We will swap it <b>today</b>."));
    assert!(reply.body_html.unwrap().contains("&lt;b&gt;today"));
    assert!(!sent.iter().any(|m| m.event == "note" && m.recipient == "carol@customer.example"));

    // Her answer to that message threads by its id.
    let answer = message(
        "carol@customer.example",
        "Re: whatever",
        &format!("In-Reply-To: <{}>\r\n", reply.message_id),
        "Thanks!",
    );
    assert_eq!(deliver(&d.app, &answer).await.ticket_id, Some(ticket));
    // The requester may not read the outgoing log.
    let carol_actor =
        d.app.actor_by_id(d.app.store().user_by_email("carol@customer.example").await.unwrap().unwrap().id);
    assert!(d.app.outbound_mail(&carol_actor.await.unwrap(), Some(ticket)).await.is_err());
}

async fn filed_number(app: &App, ticket: i64) -> String {
    app.store().ticket(ticket).await.unwrap().ticket.number.unwrap()
}

/// Runs the queued `notifications.mail` jobs (not `mail.send`: there is no server here).
async fn drain_mail_jobs(app: &App) {
    let now = app.now_micros();
    while let Some(job) = app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() {
        if job.kind == "notifications.mail" {
            app.run_job(&job).await.unwrap();
        }
        app.store().complete_job(job.id, "test", now).await.unwrap();
    }
}

/// Templates per event and language: a German requester gets the German reply template,
/// an English one the built-in text; someone who turned reply mail off gets none; values
/// are escaped in HTML; only administrators write templates.
async fn templates_and_preferences_shape_the_mail_people_get(backend: Backend) {
    use helmdesk_app::platform::mail::templates::{NotificationPreferences, TemplateInput};
    let d = desk(backend).await;
    let outgoing = outgoing("smtp.helmdesk.test", 587, Security::Starttls);
    let settings = MailSettings { outgoing: Some(outgoing), flood_limit_per_hour: 0, ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, settings).await.unwrap();
    let german = TemplateInput {
        subject: "[{{ticket.number}}] Neue Antwort: {{ticket.subject}}".into(),
        body_text: "{{reply.marker}}\n\nHallo {{recipient.name}},\n\n{{event.details}}\n\n{{ticket.url}}".into(),
        body_html: "<p>Hallo {{recipient.name}}</p><div>{{event.details}}</div>".into(),
    };
    assert!(d.app.set_notification_template(&d.agent, "reply", "de", german.clone()).await.is_err());
    assert!(d.app.set_notification_template(&d.admin, "reply", "xx_YY", german.clone()).await.is_err());
    assert!(d.app.set_notification_template(&d.admin, "drop_table", "de", german.clone()).await.is_err());
    d.app.set_notification_template(&d.admin, "reply", "de", german.clone()).await.unwrap();

    let mut tickets = Vec::new();
    for who in ["hans@customer.example", "jane@customer.example", "quiet@customer.example"] {
        let filed = deliver(&d.app, &message(who, "Drucker", "", "kaputt")).await;
        tickets.push((who, filed.ticket_id.unwrap()));
    }
    let hans = actor_by_email(&d.app, "hans@customer.example").await;
    let prefs = NotificationPreferences { language: "de".into(), email_events: vec!["reply".into()] };
    d.app.set_notification_preferences(&hans, prefs).await.unwrap();
    let quiet = actor_by_email(&d.app, "quiet@customer.example").await;
    let none = NotificationPreferences { language: "en".into(), email_events: vec![] };
    d.app.set_notification_preferences(&quiet, none).await.unwrap();
    let bad = NotificationPreferences { language: "en".into(), email_events: vec!["everything".into()] };
    assert!(d.app.set_notification_preferences(&quiet, bad).await.is_err());

    drain_mail_jobs(&d.app).await;
    for (_, t) in &tickets {
        let reply = NewComment { body: "Bitte <b>neu starten</b>".into(), internal: false };
        d.app.add_comment(&d.agent, *t, reply).await.unwrap();
    }
    drain_mail_jobs(&d.app).await;
    let replies = |who: &str, t: i64| {
        let app = d.app.clone();
        let who = who.to_string();
        async move {
            let sent = app.store().outbound_list(Some(t), 50).await.unwrap();
            sent.into_iter().filter(|m| m.recipient == who && m.event == "reply").collect::<Vec<_>>()
        }
    };
    let hans_mail = replies("hans@customer.example", tickets[0].1).await;
    assert_eq!(hans_mail.len(), 1);
    assert!(hans_mail[0].subject.contains("Neue Antwort: Drucker"), "{}", hans_mail[0].subject);
    assert!(
        hans_mail[0].body_text.starts_with(REPLY_MARKER)
            && hans_mail[0].body_text.contains("Hallo hans@customer.example")
    );
    let html = hans_mail[0].body_html.clone().unwrap();
    assert!(html.contains("&lt;b&gt;neu starten&lt;/b&gt;") && !html.contains("<b>neu"), "{html}");
    let jane_mail = replies("jane@customer.example", tickets[1].1).await;
    assert_eq!(jane_mail.len(), 1);
    assert!(jane_mail[0].subject.starts_with("[INC-") && !jane_mail[0].subject.contains("Neue"), "English: built in");
    assert!(replies("quiet@customer.example", tickets[2].1).await.is_empty(), "quiet turned reply mail off");

    let preview = d.app.preview_notification_template(&d.admin, "reply", &german, Some(tickets[0].1)).await.unwrap();
    assert!(preview.subject.contains("Neue Antwort: Drucker"));
    assert!(d.app.preview_notification_template(&d.agent, "reply", &german, None).await.is_err());
    d.app.reset_notification_template(&d.admin, "reply", "de").await.unwrap();
    assert!(d.app.notification_template(&d.admin, "reply", "de").await.unwrap().built_in);
}

/// An outgoing server that cannot be reached: each attempt is recorded and retried, the
/// last one marks the message failed; the message is never lost on the way.
async fn a_message_the_server_cannot_take_is_retried_then_marked_failed(backend: Backend) {
    let d = desk(backend).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let outgoing = outgoing("127.0.0.1", port, Security::None);
    let settings = MailSettings { outgoing: Some(outgoing), flood_limit_per_hour: 0, ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, settings).await.unwrap();
    let filed = deliver(&d.app, &message("dora@customer.example", "Nothing works", "", "x")).await;
    drain_mail_jobs(&d.app).await;
    let queued = d.app.store().outbound_list(filed.ticket_id, 10).await.unwrap();
    assert_eq!(queued.len(), 1, "the acknowledgement");
    let id = queued[0].id;
    for attempt in 1..helmdesk_app::platform::mail::ATTEMPTS {
        assert!(d.app.send_outbound(id).await.is_err(), "attempt {attempt} asks to be retried");
        let row = d.app.store().outbound(id).await.unwrap();
        assert_eq!((row.status.as_str(), row.attempts), ("queued", attempt));
        assert!(row.last_error.is_some());
    }
    d.app.send_outbound(id).await.unwrap();
    let row = d.app.store().outbound(id).await.unwrap();
    assert_eq!(row.status, "failed");
    assert!(d.app.send_outbound(id).await.is_ok(), "a failed message is not sent again by a stray job");
}

/// A resolved ticket's mail to its requester carries a survey link; the answer, given
/// without signing in, is shown to staff; bad ratings and unknown links are refused.
async fn the_resolved_mail_asks_the_requester_how_it_went(backend: Backend) {
    let d = desk(backend).await;
    let outgoing = outgoing("smtp.helmdesk.test", 587, Security::Starttls);
    let settings = MailSettings { outgoing: Some(outgoing), flood_limit_per_hour: 0, ..MailSettings::default() };
    d.app.set_mail_settings(&d.admin, settings).await.unwrap();
    let t = deliver(&d.app, &message("eve@customer.example", "Mouse broken", "", "x")).await.ticket_id.unwrap();
    let patch = serde_json::from_value(serde_json::json!({"status": "resolved", "resolution_code": "fixed"})).unwrap();
    d.app.update_ticket(&d.agent, t, patch, None).await.unwrap();
    drain_mail_jobs(&d.app).await;
    let sent = d.app.store().outbound_list(Some(t), 10).await.unwrap();
    let resolved = sent.iter().find(|m| m.event == "status").expect("the resolved mail");
    let at = resolved.body_text.find("/survey/").expect("a survey link");
    let token: String = resolved.body_text[at + 8..].chars().take_while(|c| !c.is_whitespace()).collect();
    assert!(token.len() > 30, "{token}");

    assert!(d.app.survey_by_token("not-a-token").await.is_err());
    assert!(d.app.answer_survey(&token, 9, "").await.is_err(), "ratings run from 1 to 5");
    let answered = d.app.answer_survey(&token, 4, "Quick <b>fix</b>").await.unwrap();
    assert_eq!((answered.rating, answered.comment.as_str()), (Some(4), "Quick <b>fix</b>"));
    let seen = d.app.ticket_survey(&d.agent, t).await.unwrap().expect("staff see the rating");
    assert_eq!(seen.rating, Some(4));
    let eve = actor_by_email(&d.app, "eve@customer.example").await;
    assert!(d.app.ticket_survey(&eve, t).await.unwrap().is_none(), "requesters do not");
    // A link is answered once: a second answer is refused and changes nothing.
    assert_eq!(d.app.survey_by_token(&token).await.unwrap().1, LinkState::Answered);
    assert!(matches!(d.app.answer_survey(&token, 1, "Changed my mind").await, Err(AppError::Conflict(_))));
    assert_eq!(d.app.ticket_survey(&d.agent, t).await.unwrap().unwrap().rating, Some(4));
    // A link expires after its days.
    let old = d.app.now_micros() - (LINK_DAYS + 1) * 86_400_000_000;
    d.app.store().add_survey_link(&helmdesk_app::secrets::secret_hash("an-old-link"), t, old).await.unwrap();
    assert_eq!(d.app.survey_by_token("an-old-link").await.unwrap().1, LinkState::Expired);
    assert!(matches!(d.app.answer_survey("an-old-link", 2, "").await, Err(AppError::Conflict(_))));
    assert_eq!(d.app.ticket_survey(&d.agent, t).await.unwrap().unwrap().rating, Some(4));
}

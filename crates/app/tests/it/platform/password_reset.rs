//! Forgotten passwords, on both databases, with a fake clock: asking queues one mail to
//! the person and nothing for anyone else; a link works once and for its minutes; a new
//! link or a password change ends the earlier ones; hostile tokens are no links; a person
//! of another organisation is untouched; requests are throttled without a word.

use crate::support::people;

use std::sync::Arc;

use chrono::{DateTime, Duration};
use helmdesk_app::platform::mail::templates::TemplateInput;
use helmdesk_app::platform::mail::{MailSettings, Security};
use helmdesk_app::platform::password_reset::RESET_JOB;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_domain::platform::templates::PASSWORD_RESET;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use people::{organisation, outgoing};

backend_tests!(
    asking_queues_exactly_one_mail_with_a_link_to_the_person,
    unknown_disabled_and_passwordless_addresses_queue_nothing,
    a_link_sets_the_password_once_and_ends_every_session,
    a_link_expires_after_its_minutes,
    a_new_link_or_a_password_change_ends_the_earlier_links,
    hostile_tokens_are_no_links,
    a_person_of_another_organisation_is_untouched,
    requests_that_come_too_fast_send_nothing_and_answer_the_same,
    nothing_is_sent_without_an_outgoing_server,
    administrators_write_the_reset_mail_like_any_template,
);

const OLD: &str = "the old passphrase";
const NEW: &str = "a brand new passphrase";
const PUBLIC: &str = "https://desk.example.com";

struct Desk {
    _db: TestDatabase,
    app: App,
    clock: Arc<FakeClock>,
    admin: Actor,
    /// Ann, of Acme.
    ann: i64,
    /// Bob, of Other Corp.
    bob: i64,
}

async fn desk(backend: Backend) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(DateTime::from_timestamp(1_800_000_000, 0).unwrap()));
    let settings = AppSettings { public_url: format!("{PUBLIC}/"), ..AppSettings::default() };
    let app = App::new(db.store().await.unwrap(), clock.clone(), settings);
    let acme = organisation(&app, "Acme").await;
    let other = organisation(&app, "Other Corp").await;
    let admin = people::actor(&app, "admin@acme.example", "admin", acme).await;
    let ann = with_password(&app, "ann@acme.example", "agent", acme).await;
    let bob = with_password(&app, "bob@other.example", "requester", other).await;
    let settings = MailSettings {
        outgoing: Some(outgoing("smtp.helmdesk.test", 587, Security::Starttls)),
        ..MailSettings::default()
    };
    app.set_mail_settings(&admin, settings).await.unwrap();
    Desk { _db: db, app, clock, admin, ann, bob }
}

async fn with_password(app: &App, email: &str, role: &str, organisation_id: i64) -> i64 {
    let hash = helmdesk_app::platform::auth::hash_password(OLD).await.unwrap();
    let new = helmdesk_app::store::platform::users::NewUser {
        password_hash: Some(hash),
        ..people::person(email, role, organisation_id)
    };
    app.store().create_user(&new, app.now_micros()).await.unwrap().id
}

/// Runs the password reset jobs that are due, as the runner would; others are left done.
async fn run_jobs(app: &App) {
    loop {
        let now = app.now_micros();
        let Some(job) = app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else { return };
        if job.kind == RESET_JOB {
            app.run_job(&job).await.unwrap();
        }
        app.store().complete_job(job.id, "test", now).await.unwrap();
    }
}

/// The reset mails queued, oldest first: (recipient, subject, text, html).
async fn reset_mails(app: &App) -> Vec<(String, String, String, String)> {
    let mut mails = app.store().outbound_list(None, 1000).await.unwrap();
    mails.retain(|m| m.event == PASSWORD_RESET);
    mails.reverse();
    mails.into_iter().map(|m| (m.recipient, m.subject, m.body_text, m.body_html.unwrap_or_default())).collect()
}

/// The token of the link in a mail's text.
fn token_in(text: &str) -> String {
    let prefix = format!("{PUBLIC}/password/reset/");
    let at = text.find(&prefix).unwrap_or_else(|| panic!("a link in {text}")) + prefix.len();
    text[at..].chars().take_while(|c| !c.is_whitespace()).collect()
}

/// Asks for a link for `email` and returns the token mailed to it.
async fn link_for(app: &App, email: &str) -> String {
    let before = reset_mails(app).await.len();
    app.request_password_reset(email, None).await.unwrap();
    run_jobs(app).await;
    let mails = reset_mails(app).await;
    assert_eq!(mails.len(), before + 1, "one more mail");
    let (to, _, text, _) = mails.last().unwrap();
    assert_eq!(to, email);
    token_in(text)
}

async fn signs_in(app: &App, email: &str, password: &str) -> bool {
    match app.login(email, password, None, None).await {
        Ok(_) => true,
        Err(AppError::Unauthenticated) => false,
        Err(e) => panic!("{e:?}"),
    }
}

async fn asking_queues_exactly_one_mail_with_a_link_to_the_person(backend: Backend) {
    let d = desk(backend).await;
    d.app.request_password_reset(" Ann@ACME.example", None).await.unwrap();
    assert!(reset_mails(&d.app).await.is_empty(), "the mail is sent in the background");
    run_jobs(&d.app).await;
    let mails = reset_mails(&d.app).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (to, subject, text, html) = &mails[0];
    assert_eq!((to.as_str(), subject.as_str()), ("ann@acme.example", "Choose a new password for Helmdesk"));
    let token = token_in(text);
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    assert!(text.contains("within 30 minutes") && html.contains(&format!("/password/reset/{token}\"")), "{text}");
    // Only the token's hash is kept.
    let hash = helmdesk_app::secrets::secret_hash(&token);
    let row = d.app.store().password_reset(&hash).await.unwrap().expect("the link's row");
    assert_eq!((row.user_id, row.used_at), (d.ann, None));
    assert_eq!(row.expires_at - row.created_at, 30 * 60_000_000);
    assert!(d.app.store().password_reset(&token).await.unwrap().is_none());
    // The mail is queued with its sending job, and names no ticket.
    let row = d.app.store().outbound_list(None, 10).await.unwrap().remove(0);
    assert_eq!((row.ticket_id, row.status.as_str()), (None, "queued"));
    assert!(d.app.password_reset_works(&token).await.unwrap());
}

async fn unknown_disabled_and_passwordless_addresses_queue_nothing(backend: Backend) {
    let d = desk(backend).await;
    let acme = d.admin.organisation_id;
    let carol = with_password(&d.app, "carol@acme.example", "agent", acme).await;
    let mut user = d.app.store().user(carol).await.unwrap();
    user.active = false;
    d.app.store().update_user(&user, d.app.now_micros()).await.unwrap();
    // Known only from her mail: she never had a password to forget.
    people::user_id(&d.app, "dora@customer.example", "requester", acme).await;
    for email in ["nobody@acme.example", "carol@acme.example", "dora@customer.example"] {
        d.app.request_password_reset(email, None).await.unwrap();
    }
    run_jobs(&d.app).await;
    assert!(reset_mails(&d.app).await.is_empty());
    let refused = d.app.request_password_reset("not an address", None).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
}

async fn a_link_sets_the_password_once_and_ends_every_session(backend: Backend) {
    let d = desk(backend).await;
    let session = d.app.login("ann@acme.example", OLD, None, None).await.unwrap().session_token;
    let token = link_for(&d.app, "ann@acme.example").await;
    // Refused passwords leave the link working.
    assert!(matches!(d.app.reset_password(&token, "short").await, Err(AppError::Invalid(_))));
    assert!(d.app.password_reset_works(&token).await.unwrap());

    d.app.reset_password(&token, NEW).await.unwrap();
    assert!(d.app.session(&session).await.is_err(), "her sessions ended");
    assert!(!signs_in(&d.app, "ann@acme.example", OLD).await);
    assert!(signs_in(&d.app, "ann@acme.example", NEW).await);
    let row = d.app.store().password_reset(&helmdesk_app::secrets::secret_hash(&token)).await.unwrap().unwrap();
    assert!(row.used_at.is_some());

    assert!(!d.app.password_reset_works(&token).await.unwrap());
    assert!(matches!(d.app.reset_password(&token, "a third passphrase").await, Err(AppError::NotFound)));
    assert!(signs_in(&d.app, "ann@acme.example", NEW).await, "the second use changed nothing");
}

async fn a_link_expires_after_its_minutes(backend: Backend) {
    let d = desk(backend).await;
    let token = link_for(&d.app, "ann@acme.example").await;
    d.clock.advance(Duration::minutes(29));
    assert!(d.app.password_reset_works(&token).await.unwrap());
    d.clock.advance(Duration::minutes(1));
    assert!(!d.app.password_reset_works(&token).await.unwrap(), "30 minutes, not one more");
    assert!(matches!(d.app.reset_password(&token, NEW).await, Err(AppError::NotFound)));
    assert!(signs_in(&d.app, "ann@acme.example", OLD).await);
    // Housekeeping forgets expired links after a day.
    d.clock.advance(Duration::days(2));
    d.app.housekeeping().await.unwrap();
    assert!(d.app.store().password_reset(&helmdesk_app::secrets::secret_hash(&token)).await.unwrap().is_none());
}

async fn a_new_link_or_a_password_change_ends_the_earlier_links(backend: Backend) {
    let d = desk(backend).await;
    let first = link_for(&d.app, "ann@acme.example").await;
    let second = link_for(&d.app, "ann@acme.example").await;
    assert_ne!(first, second);
    assert!(!d.app.password_reset_works(&first).await.unwrap(), "only the newest link works");
    assert!(matches!(d.app.reset_password(&first, NEW).await, Err(AppError::NotFound)));
    assert!(d.app.password_reset_works(&second).await.unwrap());

    // She remembers it after all and changes it on her account page.
    let ann = d.app.actor_by_id(d.ann).await.unwrap();
    d.app.change_password(&ann, OLD, NEW).await.unwrap();
    assert!(!d.app.password_reset_works(&second).await.unwrap(), "a password change ends unused links");
    // So does an administrator's reset, and disabling her. (Asked a minute apart: after
    // three requests for one address, the next waits.)
    d.clock.advance(Duration::minutes(1));
    let third = link_for(&d.app, "ann@acme.example").await;
    d.app.set_password(d.ann, "set by the administrator", true).await.unwrap();
    assert!(!d.app.password_reset_works(&third).await.unwrap());
    d.clock.advance(Duration::minutes(1));
    let fourth = link_for(&d.app, "ann@acme.example").await;
    let mut user = d.app.store().user(d.ann).await.unwrap();
    user.active = false;
    d.app.store().update_user(&user, d.app.now_micros()).await.unwrap();
    assert!(!d.app.password_reset_works(&fourth).await.unwrap());
    assert!(matches!(d.app.reset_password(&fourth, NEW).await, Err(AppError::NotFound)));
}

async fn hostile_tokens_are_no_links(backend: Backend) {
    let d = desk(backend).await;
    let token = link_for(&d.app, "ann@acme.example").await;
    let hash = helmdesk_app::secrets::secret_hash(&token);
    let long = "A".repeat(100_000);
    let hostile = [
        "",
        " ",
        hash.as_str(),
        long.as_str(),
        "' OR '1'='1",
        "%",
        "_",
        "../../etc/passwd",
        "\0",
        "\u{202e}",
        "ä",
        &token[..token.len() - 1],
    ];
    for t in hostile {
        assert!(!d.app.password_reset_works(t).await.unwrap(), "{t:?}");
        assert!(matches!(d.app.reset_password(t, NEW).await, Err(AppError::NotFound)), "{t:?}");
    }
    assert!(d.app.password_reset_works(&token).await.unwrap(), "the real link is untouched");
    assert!(signs_in(&d.app, "ann@acme.example", OLD).await);
}

async fn a_person_of_another_organisation_is_untouched(backend: Backend) {
    let d = desk(backend).await;
    let bobs = link_for(&d.app, "bob@other.example").await;
    let bob_session = d.app.login("bob@other.example", OLD, None, None).await.unwrap().session_token;
    let anns = link_for(&d.app, "ann@acme.example").await;
    assert!(d.app.password_reset_works(&bobs).await.unwrap(), "Ann's link leaves Bob's working");
    d.app.reset_password(&anns, NEW).await.unwrap();
    assert!(d.app.session(&bob_session).await.is_ok(), "Bob's session goes on");
    assert!(signs_in(&d.app, "bob@other.example", OLD).await);
    assert!(d.app.password_reset_works(&bobs).await.unwrap());
    let to_bob = reset_mails(&d.app).await.into_iter().filter(|m| m.0 == "bob@other.example").count();
    assert_eq!(to_bob, 1, "only the mail he asked for");
    let row = d.app.store().password_reset(&helmdesk_app::secrets::secret_hash(&bobs)).await.unwrap().unwrap();
    assert_eq!(row.user_id, d.bob);
}

async fn requests_that_come_too_fast_send_nothing_and_answer_the_same(backend: Backend) {
    let d = desk(backend).await;
    let client = Some("203.0.113.7".parse().unwrap());
    for _ in 0..6 {
        d.app.request_password_reset("ann@acme.example", client).await.unwrap();
    }
    run_jobs(&d.app).await;
    assert_eq!(reset_mails(&d.app).await.len(), 3, "three at once, then each waits");
    // After a wait, one more goes.
    d.clock.advance(Duration::seconds(2));
    d.app.request_password_reset("ann@acme.example", client).await.unwrap();
    run_jobs(&d.app).await;
    assert_eq!(reset_mails(&d.app).await.len(), 4);
    // One client asking for many addresses waits too.
    for n in 0..30 {
        d.app.request_password_reset(&format!("someone{n}@acme.example"), client).await.unwrap();
    }
    d.app.request_password_reset("bob@other.example", client).await.unwrap();
    run_jobs(&d.app).await;
    assert!(reset_mails(&d.app).await.iter().all(|m| m.0 != "bob@other.example"), "the client must wait");
    d.app.request_password_reset("bob@other.example", Some("198.51.100.1".parse().unwrap())).await.unwrap();
    run_jobs(&d.app).await;
    assert!(reset_mails(&d.app).await.iter().any(|m| m.0 == "bob@other.example"), "another client does not");
}

async fn nothing_is_sent_without_an_outgoing_server(backend: Backend) {
    let d = desk(backend).await;
    d.app.set_mail_settings(&d.admin, MailSettings::default()).await.unwrap();
    assert!(!d.app.sends_password_resets().await.unwrap());
    d.app.request_password_reset("ann@acme.example", None).await.unwrap();
    run_jobs(&d.app).await;
    assert!(reset_mails(&d.app).await.is_empty());
}

async fn administrators_write_the_reset_mail_like_any_template(backend: Backend) {
    let d = desk(backend).await;
    let german = TemplateInput {
        subject: "Neues Passwort".into(),
        body_text: "Hallo {{recipient.name}}, {{reset.url}} ({{reset.minutes}} Minuten)".into(),
        body_html: "<p>Hallo {{recipient.name}}: <a href=\"{{reset.url}}\">hier</a></p>".into(),
    };
    let listed = d.app.notification_templates(&d.admin).await.unwrap();
    assert!(listed.iter().any(|t| t.event == PASSWORD_RESET && t.built_in));
    d.app.set_notification_template(&d.admin, PASSWORD_RESET, "de", german.clone()).await.unwrap();
    let preview = d.app.preview_notification_template(&d.admin, PASSWORD_RESET, &german, None).await.unwrap();
    assert!(preview.body_text.contains("/password/reset/sample (30 Minuten)"), "{}", preview.body_text);
    let ann = d.app.actor_by_id(d.ann).await.unwrap();
    let prefs = helmdesk_app::platform::mail::templates::NotificationPreferences {
        language: "de".into(),
        email_events: vec![],
    };
    d.app.set_notification_preferences(&ann, prefs).await.unwrap();
    // Nobody chooses the reset mail away, nor chooses it as a notification.
    let bad = helmdesk_app::platform::mail::templates::NotificationPreferences {
        language: "en".into(),
        email_events: vec![PASSWORD_RESET.into()],
    };
    assert!(d.app.set_notification_preferences(&ann, bad).await.is_err());

    let token = link_for(&d.app, "ann@acme.example").await;
    let (_, subject, text, _) = reset_mails(&d.app).await.pop().unwrap();
    assert_eq!(subject, "Neues Passwort");
    assert!(text.starts_with("Hallo ann, ") && text.contains(&token) && text.contains("(30 Minuten)"), "{text}");
}

//! `helmdesk import servicenow`: a small export with bad rows and hostile text becomes
//! tickets with their history, people, teams and categories, on SQLite and PostgreSQL;
//! running it again changes nothing and a later export only appends. The whole real
//! export (141,712 rows) is imported by the ignored tests, which `scripts/test` runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use helmdesk_app::service_desk::imports::servicenow::{self, parse_time};
use helmdesk_app::service_desk::imports::{ImportOptions, ImportSummary};
use helmdesk_app::store::platform::users::{NewUser, UserRow};
use helmdesk_app::store::service_desk::imports::NumberedTicket;
use helmdesk_app::store::service_desk::tickets::{Effects, TicketRow};
use helmdesk_app::{App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Sql, backend_tests};

backend_tests!(
    an_export_becomes_tickets_with_their_history_people_teams_and_categories,
    importing_the_same_export_again_changes_nothing_and_a_later_one_only_appends,
    only_an_administrator_may_import
);

pub(super) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub(super) async fn new_app(backend: Backend) -> (TestDatabase, App) {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = FakeClock::new(Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap());
    let app = App::new(db.store().await.unwrap(), Arc::new(clock), AppSettings::default());
    (db, app)
}

async fn import(app: &App, path: &Path) -> ImportSummary {
    let file = std::fs::File::open(path).unwrap();
    let export = servicenow::read_export(file, &app.settings().priority_matrix, |_| {}, |_| {}).unwrap();
    app.import_servicenow(None, export, &ImportOptions::default(), |_| {}, |_, _| {}).await.unwrap()
}

pub(super) async fn ticket(app: &App, number: &str) -> NumberedTicket {
    let mut found = app.store().tickets_by_number(&[number.to_string()]).await.unwrap();
    assert_eq!(found.len(), 1, "{number}");
    found.remove(0)
}

/// (field, old, new, time, actor) of a ticket's history, oldest first.
pub(super) async fn history(app: &App, id: i64) -> Vec<(String, Option<String>, Option<String>, i64, Option<String>)> {
    let rows = app.store().history(id).await.unwrap();
    rows.into_iter().map(|h| (h.field, h.old_value, h.new_value, h.created_at, h.actor_name)).collect()
}

fn line(
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    at: &str,
    actor: &str,
) -> (String, Option<String>, Option<String>, i64, Option<String>) {
    (field.into(), old.map(Into::into), new.map(Into::into), time(at), Some(actor.into()))
}

fn time(text: &str) -> i64 {
    parse_time(text).unwrap()
}

pub(super) async fn user(app: &App, email: &str) -> UserRow {
    app.store().user_by_email(email).await.unwrap().unwrap_or_else(|| panic!("no user {email}"))
}

pub(super) async fn count(app: &App, sql: &str) -> i64 {
    Sql::new(sql).scalar(app.store().db()).await.unwrap()
}

/// Ids of the tickets whose search document holds the phrase.
async fn search(app: &App, phrase: &str) -> Vec<i64> {
    let sql = match app.store().backend() {
        Backend::Sqlite => Sql::new("SELECT rowid FROM search_tickets WHERE search_tickets MATCH $1 ORDER BY rowid")
            .bind(format!("\"{phrase}\"")),
        Backend::Postgres => Sql::new(
            "SELECT ticket_id FROM search_tickets WHERE public_doc @@ phraseto_tsquery('english', $1) ORDER BY ticket_id",
        )
        .bind(phrase),
    };
    sql.fetch_all::<(i64,)>(app.store().db()).await.unwrap().into_iter().map(|r| r.0).collect()
}

/// A ticket filed in Helmdesk itself that happens to carry a ServiceNow-like number.
pub(super) async fn native_ticket(app: &App, number: &str) -> i64 {
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await.unwrap();
    let org = s.create_organisation(&mut tx, "Acme", None, now).await.unwrap().id;
    tx.commit().await.unwrap();
    let emma = NewUser { name: "Emma".into(), ..crate::support::people::person("emma@acme.example", "requester", org) };
    let emma = s.create_user(&emma, now).await.unwrap().id;
    let row = TicketRow {
        number: Some(number.into()),
        kind: "incident".into(),
        subject: "Printer on fire".into(),
        requester_id: emma,
        organisation_id: org,
        impact: "medium".into(),
        urgency: "medium".into(),
        priority: 3,
        status: "new".into(),
        created_by: emma,
        created_at: now,
        updated_at: now,
        ..Default::default()
    };
    s.create_ticket(&row, |_, _| Effects::default()).await.unwrap().id
}

async fn an_export_becomes_tickets_with_their_history_people_teams_and_categories(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    let native = native_ticket(&app, "INC0000099").await;
    let summary = import(&app, &fixture("servicenow_incidents.csv")).await;
    assert_eq!((summary.rows, summary.created, summary.updated, summary.unchanged), (19, 5, 0, 0));
    let rejected: Vec<(u64, &str)> = summary.rejected.iter().map(|b| (b.line, b.reason.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (7, "has 8 columns where the header has 36"),
            (13, "has an unreadable opened_at \"31/2/2016 10:00\""),
            (18, "has no incident number"),
            (
                22,
                "incident INC0000099 has the number of a ticket that was not imported from ServiceNow; its 1 rows were skipped"
            ),
        ]
    );
    assert_eq!(summary.rejected_rows, 4);
    let untouched = app.store().ticket(native).await.unwrap().ticket;
    assert_eq!((untouched.subject.as_str(), untouched.import_source), ("Printer on fire", None));

    // A closed incident: its final row, original number and times.
    let t = ticket(&app, "INC0000045").await;
    assert_eq!(t.ticket.number.as_deref(), Some("INC0000045"));
    assert_eq!((t.ticket.status.as_str(), t.ticket.kind.as_str(), t.ticket.priority), ("closed", "incident", 3));
    assert_eq!((t.ticket.impact.as_str(), t.ticket.urgency.as_str()), ("medium", "medium"));
    assert_eq!(t.ticket.subject, "Category 55 / Subcategory 170: Symptom 72");
    assert!(t.ticket.description.contains("Location: Location 143"), "{}", t.ticket.description);
    assert_eq!(t.ticket.created_at, time("29/2/2016 01:16"));
    assert_eq!(t.ticket.updated_at, time("5/3/2016 12:00"));
    assert_eq!(t.ticket.resolved_at, Some(time("29/2/2016 11:29")));
    assert_eq!(t.ticket.closed_at, Some(time("5/3/2016 12:00")));
    assert_eq!(t.ticket.first_response_at, Some(time("29/2/2016 08:53")));
    assert_eq!((t.ticket.import_source.as_deref(), t.ticket.import_version), (Some("servicenow"), Some(4)));
    assert_eq!(t.ticket.resolution_breached, Some(false));
    assert_eq!(t.ticket.resolution_note.as_deref(), Some("Close code: code 5. Resolved by: Resolved by 149."));
    assert_eq!(t.team_name.as_deref(), Some("Group 56"));
    assert_eq!(t.assignee_name.as_deref(), Some("Resolver 17"));
    assert_eq!(t.requester_name, "Caller 2403");
    assert_eq!(t.category_name.as_deref(), Some("Category 55"));
    let organisation = app.store().organisation(t.ticket.organisation_id).await.unwrap();
    assert_eq!(organisation.name, "ServiceNow import");
    assert_eq!(
        history(&app, t.ticket.id).await,
        [
            line("created", None, Some("INC0000045"), "29/2/2016 01:16", "Opened by 8"),
            line("team", None, Some("Group 56"), "29/2/2016 01:23", "Updated by 21"),
            line("status", Some("new"), Some("resolved"), "29/2/2016 08:53", "Updated by 642"),
            line("assignee", None, Some("Resolver 17"), "29/2/2016 08:53", "Updated by 642"),
            line("status", Some("resolved"), Some("closed"), "5/3/2016 12:00", "Updated by 908"),
        ]
    );

    // People: no password, reserved addresses; assignees are agents who can be assigned,
    // authors of updates inactive agents, callers requesters.
    let caller = user(&app, "caller-2403@servicenow.invalid").await;
    assert_eq!((caller.role.as_str(), caller.active, caller.password_hash.as_deref()), ("requester", true, None));
    assert_eq!(caller.organisation_id, t.ticket.organisation_id);
    let resolver = user(&app, "resolver-17@servicenow.invalid").await;
    assert_eq!((resolver.role.as_str(), resolver.active, resolver.password_hash), ("agent", true, None));
    let author = user(&app, "updated-by-642@servicenow.invalid").await;
    assert_eq!((author.role.as_str(), author.active, author.password_hash), ("agent", false, None));
    assert!(app.login("caller-2403@servicenow.invalid", "any password at all", None, None).await.is_err());
    assert_eq!(app.store().team_members(t.ticket.team_id.unwrap()).await.unwrap(), [resolver.id]);

    // A tie on the final count: the last row wins. Made SLA false: a breach. An unknown
    // state (-100) keeps the status before it.
    let t = ticket(&app, "INC0000050").await;
    assert_eq!((t.ticket.status.as_str(), t.ticket.priority, t.ticket.impact.as_str()), ("resolved", 1, "high"));
    assert_eq!((t.ticket.resolved_at, t.ticket.closed_at), (Some(time("1/3/2016 17:30")), None));
    assert_eq!(t.ticket.resolution_breached, Some(true));
    assert_eq!(t.ticket.updated_at, time("1/3/2016 17:31"));
    assert_eq!(
        history(&app, t.ticket.id).await[1..],
        [
            line("team", None, Some("Group 24"), "1/3/2016 09:01", "Updated by 908"),
            line("status", Some("new"), Some("in_progress"), "1/3/2016 09:30", "Updated by 60"),
            line("assignee", None, Some("Resolver 57"), "1/3/2016 09:30", "Updated by 60"),
            line("team", Some("Group 24"), Some("Group 25"), "1/3/2016 12:00", "Updated by 60"),
            line("status", Some("in_progress"), Some("resolved"), "1/3/2016 17:30", "Updated by 60"),
        ]
    );

    // Open incidents: awaiting user info is pending, nothing resolved.
    let t = ticket(&app, "INC0000047").await;
    assert_eq!((t.ticket.status.as_str(), t.ticket.resolved_at, t.ticket.resolution_breached), ("pending", None, None));
    let t = ticket(&app, "INC0000070").await;
    assert_eq!((t.ticket.status.as_str(), t.requester_name.as_str(), t.team_name), ("new", "Unknown caller", None));

    // Hostile text is kept as text (the web escapes it), without control characters.
    let t = ticket(&app, "INC0000060").await;
    assert_eq!(t.ticket.status, "in_progress");
    assert_eq!(t.requester_name, "<script>alert('caller')</script>");
    assert_eq!(t.assignee_name.as_deref(), Some("Resolver <img src=x onerror=alert(1)>"));
    assert_eq!(t.team_name.as_deref(), Some("Group with a bell"));
    assert_eq!(t.category_name.as_deref(), Some("Category \"9\", the <b>bold</b> one"));
    assert_eq!(t.ticket.subject, "Category \"9\", the <b>bold</b> one: '; DROP TABLE tickets; --");
    assert!(t.ticket.description.contains("Location: Location with a line break"), "{}", t.ticket.description);
    let hostile = servicenow::person_email("<script>alert('caller')</script>");
    assert!(hostile.ends_with("@servicenow.invalid") && !hostile.contains('<'), "{hostile}");
    assert_eq!(user(&app, &hostile).await.name, "<script>alert('caller')</script>");

    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets").await, 6);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE import_source = 'servicenow'").await, 5);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM teams").await, 4, "Groups 56, 70, 25 and the bell");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM categories").await, 3);
    assert_eq!(search(&app, "Symptom 471").await, [ticket(&app, "INC0000047").await.ticket.id]);
}

async fn importing_the_same_export_again_changes_nothing_and_a_later_one_only_appends(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    import(&app, &fixture("servicenow_incidents.csv")).await;
    let tables = "SELECT (SELECT COUNT(*) FROM tickets) + 1000 * (SELECT COUNT(*) FROM ticket_history)
        + 1000000 * (SELECT COUNT(*) FROM users) + 100000000 * (SELECT COUNT(*) FROM teams)";
    let before = count(&app, tables).await;
    let t47 = ticket(&app, "INC0000047").await;

    let again = import(&app, &fixture("servicenow_incidents.csv")).await;
    assert_eq!((again.created, again.updated, again.unchanged, again.rejected_rows), (0, 0, 6, 3));
    assert_eq!(count(&app, tables).await, before, "nothing new anywhere");
    assert_eq!(ticket(&app, "INC0000047").await, t47, "not even a new version");

    // A ticket an earlier import gave a resolution time the export does not have (it made
    // one up) is corrected by importing the same export again.
    let t45 = ticket(&app, "INC0000045").await;
    let lines = history(&app, t45.ticket.id).await.len();
    Sql::new("UPDATE tickets SET resolved_at = $1 WHERE id = $2")
        .bind(time("5/3/2016 12:00"))
        .bind(t45.ticket.id)
        .execute(app.store().db())
        .await
        .unwrap();
    let corrected = import(&app, &fixture("servicenow_incidents.csv")).await;
    assert_eq!((corrected.created, corrected.updated, corrected.unchanged), (0, 1, 5));
    assert_eq!(ticket(&app, "INC0000045").await.ticket.resolved_at, t45.ticket.resolved_at);
    assert_eq!(history(&app, t45.ticket.id).await.len(), lines, "a correction, not new history");

    let later = import(&app, &fixture("servicenow_incidents_later.csv")).await;
    assert_eq!((later.created, later.updated, later.unchanged), (0, 1, 5));
    let t = ticket(&app, "INC0000047").await;
    assert_eq!(t.ticket.id, t47.ticket.id);
    assert_eq!(t.ticket.version, t47.ticket.version + 1);
    assert_eq!((t.ticket.status.as_str(), t.ticket.priority, t.ticket.urgency.as_str()), ("resolved", 2, "high"));
    assert_eq!((t.ticket.import_version, t.ticket.resolved_at), (Some(4), Some(time("1/3/2016 15:00"))));
    assert_eq!(t.ticket.resolution_breached, Some(true));
    let lines = history(&app, t.ticket.id).await;
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert_eq!(
        lines[5..],
        [
            line("status", Some("pending"), Some("in_progress"), "1/3/2016 09:00", "Updated by 44"),
            line("priority", Some("3"), Some("2"), "1/3/2016 09:00", "Updated by 44"),
            line("urgency", Some("medium"), Some("high"), "1/3/2016 09:00", "Updated by 44"),
            line("status", Some("in_progress"), Some("resolved"), "1/3/2016 15:00", "Updated by 45"),
        ]
    );
    assert_eq!(search(&app, "Symptom 471").await, [t.ticket.id], "still indexed once");

    let last = import(&app, &fixture("servicenow_incidents_later.csv")).await;
    assert_eq!((last.created, last.updated, last.unchanged), (0, 0, 6));
    assert_eq!(history(&app, t.ticket.id).await.len(), 9);
}

async fn only_an_administrator_may_import(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    native_ticket(&app, "INC-000001").await;
    let emma = user(&app, "emma@acme.example").await;
    let actor = app.actor_for(&emma).await.unwrap();
    let export = servicenow::read_export(
        std::fs::File::open(fixture("servicenow_incidents.csv")).unwrap(),
        &app.settings().priority_matrix,
        |_| {},
        |_| {},
    )
    .unwrap();
    let refused = app.import_servicenow(Some(&actor), export, &ImportOptions::default(), |_| {}, |_, _| {}).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets").await, 1);
}

/// The real export: 141,712 rows, 24,918 incidents. Ignored by plain `cargo test` (half a
/// minute in a debug build); `scripts/test` runs it.
const REAL_EXPORT: &str = "../../../shared/datasets/servicenow-incident-log/incident_event_log.csv.xz";

async fn the_whole_real_export_imports(backend: Backend) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(REAL_EXPORT);
    if !path.exists() && std::env::var("CI").is_err() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let (_db, app) = new_app(backend).await;
    let started = std::time::Instant::now();
    let summary = import(&app, &path).await;
    eprintln!("{backend:?}: imported the real export in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!((summary.rows, summary.created, summary.rejected_rows), (141_712, 24_918, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE import_source = 'servicenow'").await, 24_918);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE status = 'closed'").await, 24_918);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE resolution_breached").await, 9_115);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE priority = 1").await, 270);
    // The incidents whose export has no resolution time keep none, as the source has it.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE resolved_at IS NULL").await, 1_556);

    let t = ticket(&app, "INC0000045").await;
    assert_eq!((t.ticket.import_version, t.ticket.closed_at), (Some(4), Some(time("5/3/2016 12:00"))));
    assert_eq!((t.team_name.as_deref(), t.category_name.as_deref()), (Some("Group 56"), Some("Category 55")));
    let t = ticket(&app, "INC0019396").await;
    assert_eq!((t.ticket.import_version, t.ticket.reopen_count), (Some(68), 8));
    assert_eq!((t.ticket.resolved_at, t.ticket.resolution_breached), (Some(time("12/5/2016 23:51")), Some(true)));
    assert_eq!((t.requester_name.as_str(), t.assignee_name.as_deref()), ("Caller 1580", Some("Resolver 26")));
    let t = ticket(&app, "INC0028089").await;
    assert_eq!((t.ticket.status.as_str(), t.team_name.as_deref()), ("closed", Some("Group 64")));
    assert!(history(&app, t.ticket.id).await.len() > 2);

    let started = std::time::Instant::now();
    let again = import(&app, &path).await;
    eprintln!("{backend:?}: imported it again in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 24_918));
}

mod the_whole_real_export_imports {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "half a minute in a debug build; scripts/test runs it"]
    async fn sqlite() {
        super::the_whole_real_export_imports(helmdesk_store::Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "half a minute in a debug build; scripts/test runs it"]
    async fn postgres() {
        super::the_whole_real_export_imports(helmdesk_store::Backend::Postgres).await
    }
}

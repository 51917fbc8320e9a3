//! `helmdesk import bpi2014`: a few real rows of Rabobank's incident and change files
//! become configuration items, business services that depend on them and tickets naming
//! their affected and caused-by item, on SQLite and PostgreSQL; running it again changes
//! nothing; only an administrator may import. The whole real dataset (46,606 incidents,
//! 30,275 change rows) is imported by the ignored tests, which `scripts/test` runs.

use std::path::Path;

use helmdesk_app::service_desk::imports::bpi2014::{self, DEFAULT_TIME_ZONE};
use helmdesk_app::service_desk::imports::{Bpi2014Summary, ImportOptions, bpi2014_ref};
use helmdesk_app::store::platform::users::NewUser;
use helmdesk_app::{App, AppError};
use helmdesk_store::{Backend, backend_tests};

use super::imports::{count, fixture, history, native_ticket, new_app, ticket, user};

backend_tests!(
    the_files_become_items_services_and_tickets,
    importing_again_changes_nothing,
    only_an_administrator_may_import_bpi2014
);

fn options() -> ImportOptions {
    ImportOptions { organisation: bpi2014::DEFAULT_ORGANISATION.into() }
}

fn read(dir: &Path) -> bpi2014::Dataset {
    let (incidents, changes) = bpi2014::files_in(dir).unwrap();
    let open = |p: &Path| std::fs::File::open(p).unwrap();
    bpi2014::read(open(&incidents), open(&changes), DEFAULT_TIME_ZONE, |_| {}, |_| {}).unwrap()
}

async fn import(app: &App, dir: &Path) -> Bpi2014Summary {
    app.import_bpi2014(None, read(dir), &options(), |_| {}, |_, _| {}).await.unwrap()
}

fn utc(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp_micros()
}

async fn ci_id(app: &App, name: &str) -> i64 {
    let sql = format!("SELECT id FROM cis WHERE external_ref = '{}'", bpi2014_ref(name));
    count(app, &sql).await
}

async fn the_files_become_items_services_and_tickets(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    let summary = import(&app, &fixture("bpi2014")).await;
    let t = &summary.tickets;
    // 8 incidents and 4 change rows; the two empty rows at the end are not rows.
    assert_eq!((t.rows, t.created, t.rejected_rows), (12, 8, 0), "{:?}", t.rejected);
    // 10 items and 8 service components, each service depending on the items named with it.
    assert_eq!((summary.items_created, summary.items_found, summary.relations_created), (18, 0, 10));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cis WHERE class = 'business_service'").await, 8);
    let classes = "SELECT COUNT(*) FROM cis WHERE (name, class, source_type, source_subtype) IN \
        (('WBA000124', 'application', 'application', 'Web Based Application'), \
         ('CBD000824', 'hardware', 'computer', 'Banking Device'), \
         ('OVR000012', 'other', 'no type', 'no subtype'))";
    assert_eq!(count(&app, classes).await, 3);

    // IM0000005: times read in Amsterdam (UTC+1 in March, +1 in December), reopened once.
    let t = ticket(&app, "IM0000005").await;
    assert_eq!(t.ticket.subject, "WBA000124 · Web Based Application · incident");
    assert_eq!((t.ticket.status.as_str(), t.ticket.priority, t.ticket.impact.as_str()), ("closed", 3, "medium"));
    assert_eq!(t.ticket.created_at, utc("2012-03-12T14:44:24Z"));
    assert_eq!(t.ticket.resolved_at, Some(utc("2013-12-02T11:36:21Z")));
    assert_eq!(t.ticket.closed_at, Some(utc("2013-12-02T11:36:25Z")));
    assert_eq!((t.ticket.reopen_count, t.ticket.resolution_code.as_deref()), (1, Some("Software")));
    assert_eq!(t.ticket.ci_id, Some(ci_id(&app, "WBA000124").await));
    assert_eq!(t.ticket.caused_by_ci_id, Some(ci_id(&app, "WBA000124").await));
    assert_eq!((t.requester_name.as_str(), t.category_name.as_deref()), ("Unknown caller", Some("incident")));
    assert!(t.ticket.description.contains("- Handle Time (Hours): 4354,786389\n"), "{}", t.ticket.description);
    let lines: Vec<(String, Option<String>)> =
        history(&app, t.ticket.id).await.into_iter().map(|h| (h.0, h.2)).collect();
    let expected =
        [("created", Some("IM0000005")), ("reopened", None), ("status", Some("resolved")), ("status", Some("closed"))];
    assert_eq!(lines, expected.map(|(f, v)| (f.to_string(), v.map(str::to_string))));

    // IM0000022 has no resolution time: it stays missing; it was caused by another item.
    let t = ticket(&app, "IM0000022").await;
    assert_eq!((t.ticket.resolved_at, t.ticket.closed_at), (None, Some(utc("2013-11-14T12:33:35Z"))));
    assert_eq!(t.ticket.caused_by_ci_id, Some(ci_id(&app, "WBA000109").await));
    // "#N/B" names no item; a request for information is a service request.
    assert_eq!(ticket(&app, "IM0000017").await.ticket.caused_by_ci_id, None);
    let t = ticket(&app, "IM0000006").await;
    assert_eq!(
        (t.ticket.kind.as_str(), t.ticket.resolution_code.as_deref()),
        ("service_request", Some("No error - works as designed"))
    );
    let t = ticket(&app, "IM0038625").await;
    assert_eq!((t.ticket.urgency.as_str(), t.ticket.priority), ("low", 5));
    assert!(t.ticket.description.contains("- Urgency: 5 - Very Low\n"));
    assert_eq!(ticket(&app, "IM0003614").await.ticket.status.as_str(), "in_progress");

    // What breaks if WBA000124 goes down: its service, WBS000088.
    let admin = admin(&app).await;
    let impact = app.ci_impact(&admin, ci_id(&app, "WBA000124").await).await.unwrap();
    let names: Vec<&str> = impact.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["WBS000088"]);
    // The item's open ticket shows on it: IM0003614 is still in progress on CBD000824.
    let open = "SELECT COUNT(*) FROM tickets WHERE status = 'in_progress' AND ci_id = ";
    assert_eq!(count(&app, &format!("{open}{}", ci_id(&app, "CBD000824").await)).await, 1);
}

/// An administrator of the imported organisation.
async fn admin(app: &App) -> helmdesk_app::Actor {
    let s = app.store();
    let org =
        count(app, &format!("SELECT id FROM organisations WHERE name = '{}'", bpi2014::DEFAULT_ORGANISATION)).await;
    let new = NewUser { name: "Ada".into(), ..crate::support::people::person("ada@rabobank.example", "admin", org) };
    s.create_user(&new, app.now_micros()).await.unwrap();
    app.actor_for(&user(app, "ada@rabobank.example").await).await.unwrap()
}

async fn importing_again_changes_nothing(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    // A ticket of Helmdesk's own that carries one of the file's numbers is left alone.
    let native = native_ticket(&app, "IM0000004").await;
    let first = import(&app, &fixture("bpi2014")).await;
    assert_eq!((first.tickets.created, first.tickets.rejected_rows), (7, 1));
    assert!(first.tickets.rejected[0].reason.contains("IM0000004"), "{:?}", first.tickets.rejected);
    let (tickets, items, relations, lines) = (
        count(&app, "SELECT COUNT(*) FROM tickets").await,
        count(&app, "SELECT COUNT(*) FROM cis").await,
        count(&app, "SELECT COUNT(*) FROM ci_relations").await,
        count(&app, "SELECT COUNT(*) FROM ticket_history").await,
    );
    let again = import(&app, &fixture("bpi2014")).await;
    assert_eq!((again.tickets.created, again.tickets.updated, again.tickets.unchanged), (0, 0, 7));
    assert_eq!((again.items_created, again.items_found, again.relations_created), (0, 18, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets").await, tickets);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cis").await, items);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ci_relations").await, relations);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ticket_history").await, lines);
    assert_eq!(ticket(&app, "IM0000004").await.ticket.id, native);
    assert_eq!(ticket(&app, "IM0000004").await.ticket.subject, "Printer on fire");
}

async fn only_an_administrator_may_import_bpi2014(backend: Backend) {
    let (_db, app) = new_app(backend).await;
    native_ticket(&app, "INC-000001").await;
    let emma = app.actor_for(&user(&app, "emma@acme.example").await).await.unwrap();
    let refused = app.import_bpi2014(Some(&emma), read(&fixture("bpi2014")), &options(), |_| {}, |_, _| {}).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cis").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets").await, 1);
}

/// The real dataset. Ignored by plain `cargo test`; `scripts/test` runs it.
const REAL_DATASET: &str = "../../../shared/datasets/bpi2014-rabobank-itil";

async fn the_whole_real_dataset_imports(backend: Backend) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(REAL_DATASET);
    if !dir.exists() && std::env::var("CI").is_err() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let (_db, app) = new_app(backend).await;
    let started = std::time::Instant::now();
    let summary = import(&app, &dir).await;
    eprintln!("{backend:?}: imported the real dataset in {:.1} s", started.elapsed().as_secs_f64());
    let t = &summary.tickets;
    assert_eq!(
        (t.rows, t.created, t.rejected_rows),
        (76_881, 46_606, 0),
        "{:?}",
        &t.rejected[..t.rejected.len().min(5)]
    );
    // 13,659 items and 334 service components; 13,827 distinct (item, service) pairs.
    assert_eq!((summary.items_created, summary.relations_created), (13_993, 13_827));
    // The figures as the source has them (counted from the CSV with Python's csv module).
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE resolved_at IS NULL").await, 1_780);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE reopen_count = 1").await, 2_284);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE status = 'in_progress'").await, 9);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE priority = 1").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE kind = 'service_request'").await, 8_847);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE caused_by_ci_id IS NOT NULL").await, 45_499);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tickets WHERE resolution_code = 'Other'").await, 16_470);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cis WHERE class = 'hardware'").await, 8_660);

    let again = import(&app, &dir).await;
    assert_eq!((again.tickets.created, again.tickets.unchanged, again.items_created), (0, 46_606, 0));
}

mod the_whole_real_dataset_imports {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "ten seconds in a debug build; scripts/test runs it"]
    async fn sqlite() {
        super::the_whole_real_dataset_imports(helmdesk_store::Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "ten seconds in a debug build; scripts/test runs it"]
    async fn postgres() {
        super::the_whole_real_dataset_imports(helmdesk_store::Backend::Postgres).await
    }
}

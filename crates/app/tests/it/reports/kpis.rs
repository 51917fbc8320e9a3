//! KPI figures, exactly, from tickets with chosen timestamps, states and SLA flags inserted
//! through the store; reports counted in Europe/Berlin across the spring DST change
//! (2025-03-30 is 23 hours long there). Every test runs on SQLite and on PostgreSQL.

use crate::support::people::person;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use helmdesk_app::reports::kpis::{DayFlow, DurationStats, KpiQuery, Kpis, PriorityCount, SlaFigures};
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::service_desk::tickets::TicketRow;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Store, backend_tests};

const HOUR: i64 = 3600 * 1_000_000;

fn at(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros()
}

/// "Now" for every test: the backlog's ages are counted from here.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-04-20T12:00:00Z").unwrap().with_timezone(&Utc)
}

struct World {
    app: App,
    acme: i64,
    labs: i64,
    network: i64,
    desk: i64,
    ann: i64,
    bob: i64,
    agent: Actor,
    labs_agent: Actor,
    foreign_agent: Actor,
    admin: Actor,
    requester: Actor,
    _db: TestDatabase,
}

async fn user(store: &Store, email: &str, name: &str, role: &str, org: i64) -> i64 {
    let new = NewUser { name: name.into(), ..person(email, role, org) };
    store.create_user(&new, 1).await.unwrap().id
}

/// A ticket of `org` created at `created`, with the rest set by `change`.
fn ticket(w: &World, org: i64, created: i64, change: impl FnOnce(&mut TicketRow)) -> TicketRow {
    let mut t = TicketRow {
        kind: "incident".into(),
        subject: "KPI fixture".into(),
        requester_id: w.requester.id,
        organisation_id: org,
        impact: "medium".into(),
        urgency: "medium".into(),
        priority: 3,
        status: "new".into(),
        version: 1,
        created_by: w.requester.id,
        created_at: created,
        updated_at: created,
        ..Default::default()
    };
    change(&mut t);
    t
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let settings = AppSettings { reports_time_zone: "Europe/Berlin".parse().unwrap(), ..Default::default() };
    let app = App::new(db.store().await.unwrap(), Arc::new(FakeClock::new(now())), settings);
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, 1).await.unwrap().id;
    let labs = s.create_organisation(&mut tx, "Acme Labs", Some(acme), 1).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let ann = user(s, "ann@acme.example", "Ann", "agent", acme).await;
    let bob = user(s, "bob@acme.example", "Bob", "agent", acme).await;
    let labs_agent = user(s, "lea@labs.example", "Lea", "agent", labs).await;
    let foreign = user(s, "olga@other.example", "Olga", "agent", other).await;
    let admin = user(s, "root@acme.example", "Root", "admin", acme).await;
    let requester = user(s, "rita@acme.example", "Rita", "requester", acme).await;
    let mut tx = s.begin().await.unwrap();
    let network = s.create_team(&mut tx, None, "Network", "", &[ann], 1).await.unwrap().id;
    let desk = s.create_team(&mut tx, None, "Desk", "", &[bob], 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let w = World {
        acme,
        labs,
        network,
        desk,
        ann,
        bob,
        agent: app.actor_by_id(ann).await.unwrap(),
        labs_agent: app.actor_by_id(labs_agent).await.unwrap(),
        foreign_agent: app.actor_by_id(foreign).await.unwrap(),
        admin: app.actor_by_id(admin).await.unwrap(),
        requester: app.actor_by_id(requester).await.unwrap(),
        app,
        _db: db,
    };
    insert_fixture(&w, other).await;
    w
}

async fn insert_fixture(w: &World, other: i64) {
    let n = now().timestamp_micros();
    let (ann, bob) = (Some(w.ann), Some(w.bob));
    let mut rows = vec![
        // The open backlog (created after the period).
        ticket(w, w.acme, n - 2 * HOUR, |t| {
            (t.priority, t.status, t.team_id, t.assignee_id) = (1, "assigned".into(), Some(w.network), ann)
        }),
        ticket(w, w.acme, n - 72 * HOUR, |t| {
            (t.priority, t.team_id, t.kind) = (1, Some(w.network), "service_request".into())
        }),
        ticket(w, w.acme, n - 240 * HOUR, |t| {
            (t.priority, t.status, t.team_id, t.assignee_id) = (2, "in_progress".into(), Some(w.desk), ann)
        }),
        ticket(w, w.acme, n - 960 * HOUR, |t| (t.status, t.assignee_id) = ("pending".into(), bob)),
        // Exactly one day old: in the 1-7 days band.
        ticket(w, w.acme, n - 24 * HOUR, |t| {
            (t.status, t.team_id, t.assignee_id) = ("assigned".into(), Some(w.desk), bob)
        }),
        ticket(w, w.labs, n - 5 * HOUR, |t| t.priority = 5),
        // Created around the local midnights of the period; closed, so not in the backlog.
        ticket(w, w.acme, at("2025-03-28T22:59:59Z"), |t| t.status = "cancelled".into()),
        ticket(w, w.acme, at("2025-03-29T22:59:59Z"), |t| t.status = "cancelled".into()),
        ticket(w, w.acme, at("2025-03-29T23:00:00Z"), |t| t.status = "cancelled".into()),
        ticket(w, w.acme, at("2025-03-30T21:59:59Z"), |t| t.status = "cancelled".into()),
        ticket(w, w.acme, at("2025-03-30T22:00:00Z"), |t| t.status = "cancelled".into()),
        ticket(w, w.acme, at("2025-03-31T22:00:00Z"), |t| t.status = "cancelled".into()),
    ];
    // First responses: created before the period, answered in it (hours after creation).
    let created = at("2025-03-28T00:00:00Z");
    for (priority, hours) in [(3, 24), (3, 30), (3, 48), (4, 36), (4, 72), (4, 200)] {
        rows.push(ticket(w, w.acme, created, |t| {
            (t.priority, t.status, t.first_response_at) = (priority, "cancelled".into(), Some(created + hours * HOUR))
        }));
    }
    // Resolved: (priority, resolved at, hours it took, assignee, response and resolution
    // breached, reopened).
    type Resolved<'a> = (i64, &'a str, i64, Option<i64>, Option<bool>, Option<bool>, i64);
    let resolved: [Resolved; 9] = [
        (1, "2025-03-29T12:00:00Z", 50, ann, Some(false), Some(false), 2),
        (1, "2025-03-30T21:59:59Z", 60, ann, Some(true), Some(false), 0),
        (1, "2025-03-30T22:00:00Z", 70, bob, None, Some(false), 0),
        (1, "2025-03-31T21:59:59Z", 100, None, None, None, 0),
        (2, "2025-03-29T22:59:59Z", 48, ann, None, Some(true), 1),
        (2, "2025-03-30T05:00:00Z", 72, bob, Some(false), None, 0),
        (2, "2025-03-31T10:00:00Z", 240, None, None, None, 0),
        // Outside the period on either side.
        (2, "2025-03-28T22:59:59Z", 100, ann, Some(true), Some(true), 1),
        (2, "2025-03-31T22:00:00Z", 100, ann, Some(true), Some(true), 1),
    ];
    for (priority, resolved_at, hours, assignee, response, resolution, reopened) in resolved {
        let done = at(resolved_at);
        rows.push(ticket(w, w.acme, done - hours * HOUR, |t| {
            t.priority = priority;
            t.status = if reopened > 0 { "closed".into() } else { "resolved".into() };
            t.resolved_at = Some(done);
            t.assignee_id = assignee;
            t.response_breached = response;
            t.resolution_breached = resolution;
            t.reopen_count = reopened;
        }));
    }
    // Another organisation's tickets: open, created, answered and resolved in the period.
    rows.push(ticket(w, other, n - HOUR, |t| t.priority = 1));
    rows.push(ticket(w, other, at("2025-03-30T10:00:00Z"), |t| {
        t.status = "resolved".into();
        t.first_response_at = Some(at("2025-03-30T11:00:00Z"));
        t.resolved_at = Some(at("2025-03-30T12:00:00Z"));
        t.resolution_breached = Some(true);
    }));
    let store = w.app.store();
    let mut tx = store.begin().await.unwrap();
    for row in &rows {
        store.insert_ticket(&mut tx, row).await.unwrap();
    }
    tx.commit().await.unwrap();
}

fn period(from: &str, to: &str) -> KpiQuery {
    KpiQuery { from: Some(from.into()), to: Some(to.into()), ..Default::default() }
}

fn dst_period() -> KpiQuery {
    period("2025-03-29", "2025-03-31")
}

async fn kpis(w: &World, actor: &Actor, q: KpiQuery) -> Kpis {
    w.app.kpis(actor, &q).await.unwrap()
}

fn priorities(counts: &[PriorityCount]) -> Vec<i64> {
    counts.iter().map(|c| c.count).collect()
}

fn hours(h: f64) -> Option<f64> {
    Some(h * 3600.0)
}

backend_tests!(
    the_backlog_counts_open_tickets_by_priority_team_and_age,
    created_and_resolved_are_counted_on_local_days_across_a_dst_change,
    response_and_resolution_times_have_exact_means_and_medians,
    sla_compliance_and_reopen_rate_count_each_resolved_ticket_once,
    workload_counts_open_and_resolved_tickets_per_assignee,
    filters_narrow_every_figure,
    every_figure_is_scoped_to_what_the_actor_may_see,
    requesters_may_not_read_kpis_and_bad_periods_are_refused,
);

async fn the_backlog_counts_open_tickets_by_priority_team_and_age(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.agent, dst_period()).await;
    let b = &k.backlog;
    assert_eq!(b.total, 6);
    assert_eq!(b.unassigned, 2);
    assert_eq!(priorities(&b.by_priority), [2, 1, 2, 0, 1]);
    let teams: Vec<(Option<String>, i64, Vec<i64>)> =
        b.by_team.iter().map(|t| (t.team_name.clone(), t.total, priorities(&t.by_priority))).collect();
    assert_eq!(
        teams,
        [
            (Some("Network".into()), 2, vec![2, 0, 0, 0, 0]),
            (Some("Desk".into()), 2, vec![0, 1, 1, 0, 0]),
            (None, 2, vec![0, 0, 1, 0, 1]),
        ]
    );
    let ages: Vec<(&str, i64)> = b.by_age.iter().map(|a| (a.label.as_str(), a.count)).collect();
    assert_eq!(ages, [("< 1 day", 2), ("1-7 days", 2), ("7-30 days", 1), ("> 30 days", 1)]);
    assert_eq!(k.period.as_of, now());
}

async fn created_and_resolved_are_counted_on_local_days_across_a_dst_change(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.agent, dst_period()).await;
    let day = |d: &str, created, resolved| DayFlow { date: d.parse().unwrap(), created, resolved };
    // Counted in UTC days, the same tickets would read created [2, 2, 0].
    assert_eq!(k.flow.days, [day("2025-03-29", 1, 2), day("2025-03-30", 2, 2), day("2025-03-31", 1, 3)]);
    assert_eq!((k.flow.created, k.flow.resolved), (4, 7));
    assert_eq!(k.period.time_zone, "Europe/Berlin");
    assert_eq!(k.period.start.timestamp_micros(), at("2025-03-28T23:00:00Z"));
    assert_eq!(k.period.end.timestamp_micros(), at("2025-03-31T22:00:00Z"));
    assert_eq!(k.period.days, 3);
}

async fn response_and_resolution_times_have_exact_means_and_medians(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.agent, dst_period()).await;
    let stats = |priority, count, mean: Option<f64>, median: Option<f64>| DurationStats {
        priority,
        count,
        mean_seconds: mean.and_then(hours),
        median_seconds: median.and_then(hours),
    };
    // Answered in the period: P3 after 24, 30, 48 hours; P4 after 36 and 72 (200 is later).
    assert_eq!(k.first_response.overall, stats(None, 5, Some(42.0), Some(36.0)));
    assert_eq!(
        k.first_response.by_priority,
        [
            stats(Some(1), 0, None, None),
            stats(Some(2), 0, None, None),
            stats(Some(3), 3, Some(34.0), Some(30.0)),
            stats(Some(4), 2, Some(54.0), Some(54.0)),
            stats(Some(5), 0, None, None),
        ]
    );
    // Resolved in the period: P1 after 50, 60, 70, 100 hours; P2 after 48, 72, 240.
    let overall = &k.resolution.overall;
    assert_eq!((overall.count, overall.median_seconds), (7, hours(70.0)));
    let mean = overall.mean_seconds.unwrap();
    assert!((mean - 640.0 * 3600.0 / 7.0).abs() < 1e-6, "mean {mean}");
    assert_eq!(k.resolution.by_priority[0], stats(Some(1), 4, Some(70.0), Some(65.0)));
    assert_eq!(k.resolution.by_priority[1], stats(Some(2), 3, Some(120.0), Some(72.0)));
    assert_eq!(k.resolution.by_priority[2].count, 0);
}

async fn sla_compliance_and_reopen_rate_count_each_resolved_ticket_once(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.agent, dst_period()).await;
    let figures = |priority, [resolved, without_sla, decided, met, breached]: [i64; 5], share_met| SlaFigures {
        priority,
        resolved,
        without_sla,
        decided,
        met,
        breached,
        share_met,
    };
    assert_eq!(k.sla.overall, figures(None, [7, 2, 5, 3, 2], Some(0.6)));
    assert_eq!(k.sla.by_priority[0], figures(Some(1), [4, 1, 3, 2, 1], Some(2.0 / 3.0)));
    assert_eq!(k.sla.by_priority[1], figures(Some(2), [3, 1, 2, 1, 1], Some(0.5)));
    assert_eq!(k.sla.by_priority[2], figures(Some(3), [0, 0, 0, 0, 0], None));
    assert_eq!((k.reopen.resolved, k.reopen.reopened, k.reopen.share), (7, 2, Some(2.0 / 7.0)));
}

async fn workload_counts_open_and_resolved_tickets_per_assignee(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.agent, dst_period()).await;
    let rows: Vec<(i64, &str, i64, Vec<i64>, i64)> = k
        .workload
        .iter()
        .map(|a| (a.user_id, a.name.as_str(), a.open, priorities(&a.open_by_priority), a.resolved))
        .collect();
    assert_eq!(rows, [(w.ann, "Ann", 2, vec![1, 1, 0, 0, 0], 3), (w.bob, "Bob", 2, vec![0, 0, 2, 0, 0], 2)]);
}

async fn filters_narrow_every_figure(backend: Backend) {
    let w = world(backend).await;
    let q = KpiQuery { team_id: Some(w.network), ..dst_period() };
    let k = kpis(&w, &w.agent, q).await;
    assert_eq!((k.backlog.total, k.flow.created, k.flow.resolved), (2, 0, 0));
    assert_eq!(k.period.team_id, Some(w.network));

    let q = KpiQuery { kind: Some("service_request".into()), ..dst_period() };
    let k = kpis(&w, &w.agent, q).await;
    assert_eq!((k.backlog.total, k.sla.overall.resolved, k.first_response.overall.count), (1, 0, 0));

    // An organisation counts with its subsidiaries.
    let q = KpiQuery { organisation_id: Some(w.labs), ..dst_period() };
    assert_eq!(kpis(&w, &w.agent, q).await.backlog.total, 1);
    let q = KpiQuery { organisation_id: Some(w.acme), ..dst_period() };
    let k = kpis(&w, &w.admin, q).await;
    assert_eq!((k.backlog.total, k.flow.resolved), (6, 7), "the admin sees Acme and Labs, not Other Corp");
}

async fn every_figure_is_scoped_to_what_the_actor_may_see(backend: Backend) {
    let w = world(backend).await;
    let k = kpis(&w, &w.foreign_agent, dst_period()).await;
    assert_eq!(k.backlog.total, 1, "only Other Corp's open ticket");
    assert_eq!((k.flow.created, k.flow.resolved), (1, 1));
    assert_eq!((k.first_response.overall.count, k.sla.overall.decided, k.sla.overall.met), (1, 1, 0));
    assert!(k.workload.is_empty(), "no Acme agent appears: {:?}", k.workload);

    let k = kpis(&w, &w.labs_agent, dst_period()).await;
    assert_eq!((k.backlog.total, k.flow.resolved, k.reopen.resolved), (1, 0, 0));

    let k = kpis(&w, &w.admin, dst_period()).await;
    assert_eq!((k.backlog.total, k.flow.resolved, k.sla.overall.decided), (7, 8, 6));

    // Another organisation's id is as unknown as a missing one.
    let other = w.foreign_agent.organisation_id;
    let q = KpiQuery { organisation_id: Some(other), ..dst_period() };
    assert_invalid(w.app.kpis(&w.agent, &q).await, "organisation_id");
}

fn assert_invalid(result: Result<Kpis, AppError>, field: &str) {
    match result {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(errors[0].field.as_deref(), Some(field), "{errors:?}")
        }
        other => panic!("expected an invalid {field}, got {:?}", other.map(|k| k.period)),
    }
}

async fn requesters_may_not_read_kpis_and_bad_periods_are_refused(backend: Backend) {
    let w = world(backend).await;
    assert!(matches!(w.app.kpis(&w.requester, &dst_period()).await, Err(AppError::Forbidden(_))));
    let app = &w.app;
    let a = &w.agent;
    assert_invalid(app.kpis(a, &period("2025-03-31", "2025-03-29")).await, "from");
    assert_invalid(app.kpis(a, &period("2024-01-01", "2025-01-01")).await, "to");
    assert_invalid(app.kpis(a, &period("2025-02-30", "2025-03-01")).await, "from");
    assert_invalid(app.kpis(a, &period("1' OR 1=1 --", "2025-03-01")).await, "from");
    assert_invalid(app.kpis(a, &period("1969-12-31", "1970-01-02")).await, "from");
    assert_invalid(app.kpis(a, &KpiQuery { team_id: Some(999_999), ..dst_period() }).await, "team_id");
    assert_invalid(app.kpis(a, &KpiQuery { kind: Some("<script>".into()), ..dst_period() }).await, "kind");
    // 366 days is the longest period; the default is the last 30 days to today.
    let k = kpis(&w, a, period("2024-01-01", "2024-12-31")).await;
    assert_eq!(k.period.days, 366);
    let k = kpis(&w, a, KpiQuery::default()).await;
    let today: NaiveDate = "2025-04-20".parse().unwrap();
    assert_eq!((k.period.from, k.period.to, k.flow.days.len()), (today - Duration::days(29), today, 30));
}

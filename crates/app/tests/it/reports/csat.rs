//! CSAT in the KPIs, exactly, from a hand-counted set of survey answers inserted through
//! the store: reports counted in Europe/Berlin, answers around the period's local
//! midnights and a month's, two organisations. Every test runs on SQLite and PostgreSQL.

use crate::support::people::person;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use helmdesk_app::reports::kpis::{CsatFigures, CsatMonth, KpiQuery, Kpis};
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::service_desk::surveys::SurveyRow;
use helmdesk_store::service_desk::tickets::TicketRow;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Store, backend_tests};

fn at(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros()
}

struct World {
    app: App,
    network: i64,
    ann: i64,
    bob: i64,
    printers: i64,
    access: i64,
    agent: Actor,
    foreign_agent: Actor,
    _db: TestDatabase,
}

async fn user(store: &Store, email: &str, name: &str, role: &str, org: i64) -> i64 {
    let new = NewUser { name: name.into(), ..person(email, role, org) };
    store.create_user(&new, 1).await.unwrap().id
}

/// An answered survey: the ticket's organisation, team, assignee, category, the rating and
/// when it was given.
type Answer<'a> = (i64, Option<i64>, Option<i64>, Option<i64>, i64, &'a str);

async fn answer(store: &Store, requester: i64, (org, team, assignee, category, rating, when): Answer<'_>) {
    let created = at("2025-01-01T00:00:00Z");
    let row = TicketRow {
        kind: "incident".into(),
        subject: "CSAT fixture".into(),
        requester_id: requester,
        organisation_id: org,
        impact: "medium".into(),
        urgency: "medium".into(),
        priority: 3,
        status: "resolved".into(),
        team_id: team,
        assignee_id: assignee,
        category_id: category,
        version: 1,
        created_by: requester,
        created_at: created,
        updated_at: created,
        resolved_at: Some(created + 1),
        ..Default::default()
    };
    let mut tx = store.begin().await.unwrap();
    let ticket = store.insert_ticket(&mut tx, &row).await.unwrap().id;
    tx.commit().await.unwrap();
    let hash = format!("link-{ticket}");
    store.add_survey_link(&hash, ticket, created).await.unwrap();
    let row = SurveyRow { ticket_id: ticket, rating, comment: String::new(), answered_at: at(when) };
    assert!(store.answer_survey(&hash, 0, &row).await.unwrap());
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let settings = AppSettings { reports_time_zone: "Europe/Berlin".parse().unwrap(), ..Default::default() };
    let now = DateTime::parse_from_rfc3339("2025-04-20T12:00:00Z").unwrap().with_timezone(&Utc);
    let app = App::new(db.store().await.unwrap(), Arc::new(FakeClock::new(now)), settings);
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, 1).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let ann = user(s, "ann@acme.example", "Ann", "agent", acme).await;
    let bob = user(s, "bob@acme.example", "Bob", "agent", acme).await;
    let olga = user(s, "olga@other.example", "Olga", "agent", other).await;
    let rita = user(s, "rita@acme.example", "Rita", "requester", acme).await;
    let mut tx = s.begin().await.unwrap();
    let network = s.create_team(&mut tx, None, "Network", "", &[ann], 1).await.unwrap().id;
    let desk = s.create_team(&mut tx, None, "Desk", "", &[bob], 1).await.unwrap().id;
    let printers = s.create_category(&mut tx, "Printers", "", 1).await.unwrap().id;
    let access = s.create_category(&mut tx, "Access", "", 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let (n, d, a, b, p, x) = (Some(network), Some(desk), Some(ann), Some(bob), Some(printers), Some(access));
    let answers: [Answer; 8] = [
        (acme, n, a, p, 5, "2025-02-10T10:00:00Z"),
        // 00:30 on 1 March in Berlin: March's.
        (acme, n, a, p, 4, "2025-02-28T23:30:00Z"),
        (acme, n, b, x, 2, "2025-03-05T09:00:00Z"),
        (acme, d, b, None, 3, "2025-03-20T09:00:00Z"),
        // The last second of the period in Berlin (summer time).
        (acme, None, None, x, 5, "2025-03-31T21:59:59Z"),
        // Outside the period on either side: 1 April and 31 January in Berlin.
        (acme, d, b, None, 1, "2025-03-31T22:00:00Z"),
        (acme, n, a, p, 1, "2025-01-31T22:59:59Z"),
        // Another organisation's answer, on Acme's team and agent.
        (other, n, a, p, 1, "2025-03-10T09:00:00Z"),
    ];
    for one in answers {
        answer(s, rita, one).await;
    }
    World {
        network,
        ann,
        bob,
        printers,
        access,
        agent: app.actor_by_id(ann).await.unwrap(),
        foreign_agent: app.actor_by_id(olga).await.unwrap(),
        app,
        _db: db,
    }
}

fn period() -> KpiQuery {
    KpiQuery { from: Some("2025-02-01".into()), to: Some("2025-03-31".into()), ..Default::default() }
}

async fn kpis(w: &World, actor: &Actor, q: KpiQuery) -> Kpis {
    w.app.kpis(actor, &q).await.unwrap()
}

/// (id, name, answers, satisfied, CSAT % rounded to a hundredth, mean rating to a hundredth).
type Line = (Option<i64>, Option<String>, i64, i64, Option<f64>, Option<f64>);

fn round(v: Option<f64>) -> Option<f64> {
    v.map(|v| (v * 100.0).round() / 100.0)
}

fn lines(groups: &[CsatFigures]) -> Vec<Line> {
    groups
        .iter()
        .map(|g| (g.id, g.name.clone(), g.answers, g.satisfied, round(g.csat_percent), round(g.mean_rating)))
        .collect()
}

fn line(id: Option<i64>, name: &str, answers: i64, satisfied: i64, percent: f64, mean: f64) -> Line {
    (id, id.map(|_| name.to_string()), answers, satisfied, Some(percent), Some(mean))
}

fn month(m: &CsatMonth) -> (NaiveDate, i64, i64, Option<f64>, Option<f64>) {
    (m.month, m.answers, m.satisfied, round(m.csat_percent), round(m.mean_rating))
}

backend_tests!(
    csat_counts_the_answers_of_the_period_per_team_agent_category_and_month,
    csat_is_narrowed_by_the_filters_and_scoped_to_what_the_reader_may_see,
    the_demo_has_survey_answers_so_its_csat_is_not_empty,
);

async fn the_demo_has_survey_answers_so_its_csat_is_not_empty(backend: Backend) {
    let db = TestDatabase::new(backend).await.unwrap();
    let app = App::new(db.store().await.unwrap(), Arc::new(FakeClock::new(Utc::now())), AppSettings::default());
    assert!(app.load_demo().await.unwrap() > 0);
    let manager = app.store().user_by_email("alex.morgan@acme.example").await.unwrap().unwrap().id;
    let q = KpiQuery {
        from: Some((Utc::now().date_naive() - chrono::Duration::days(60)).to_string()),
        ..Default::default()
    };
    let c = app.kpis(&app.actor_by_id(manager).await.unwrap(), &q).await.unwrap().csat;
    assert!(c.overall.answers > 20, "{:?}", c.overall);
    assert!(c.overall.satisfied < c.overall.answers, "some answers are poor: {:?}", c.overall);
    assert!(c.by_team.len() > 1 && c.by_agent.len() > 1 && c.by_category.len() > 1, "{c:?}");
}

async fn csat_counts_the_answers_of_the_period_per_team_agent_category_and_month(backend: Backend) {
    let w = world(backend).await;
    let c = kpis(&w, &w.agent, period()).await.csat;
    // Counted: 5, 4, 2, 3, 5.
    assert_eq!(lines(std::slice::from_ref(&c.overall)), [(None, None, 5, 3, Some(60.0), Some(3.8))]);
    let desk = c.by_team[1].id;
    assert_eq!(
        lines(&c.by_team),
        [
            line(Some(w.network), "Network", 3, 2, 66.67, 3.67),
            line(desk, "Desk", 1, 0, 0.0, 3.0),
            line(None, "", 1, 1, 100.0, 5.0),
        ]
    );
    assert_eq!(
        lines(&c.by_agent),
        [
            line(Some(w.ann), "Ann", 2, 2, 100.0, 4.5),
            line(Some(w.bob), "Bob", 2, 0, 0.0, 2.5),
            line(None, "", 1, 1, 100.0, 5.0)
        ]
    );
    assert_eq!(
        lines(&c.by_category),
        [
            line(Some(w.printers), "Printers", 2, 2, 100.0, 4.5),
            line(Some(w.access), "Access", 2, 1, 50.0, 3.5),
            line(None, "", 1, 0, 0.0, 3.0),
        ]
    );
    let date = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(
        c.by_month.iter().map(month).collect::<Vec<_>>(),
        [(date("2025-02-01"), 1, 1, Some(100.0), Some(5.0)), (date("2025-03-01"), 4, 2, Some(50.0), Some(3.5))]
    );

    // A period without answers: zeros and nulls, every month listed.
    let q = KpiQuery { from: Some("2025-04-02".into()), to: Some("2025-05-01".into()), ..Default::default() };
    let c = kpis(&w, &w.agent, q).await.csat;
    assert_eq!((c.overall.answers, c.overall.csat_percent, c.overall.mean_rating), (0, None, None));
    assert!(c.by_team.is_empty() && c.by_agent.is_empty() && c.by_category.is_empty());
    assert_eq!(
        c.by_month.iter().map(month).collect::<Vec<_>>(),
        [(date("2025-04-01"), 0, 0, None, None), (date("2025-05-01"), 0, 0, None, None)]
    );
}

async fn csat_is_narrowed_by_the_filters_and_scoped_to_what_the_reader_may_see(backend: Backend) {
    let w = world(backend).await;
    let q = KpiQuery { team_id: Some(w.network), ..period() };
    let c = kpis(&w, &w.agent, q).await.csat;
    assert_eq!((c.overall.answers, c.overall.satisfied), (3, 2));
    assert_eq!(lines(&c.by_team), [line(Some(w.network), "Network", 3, 2, 66.67, 3.67)]);

    // Another organisation's agent counts only its answer, though it names Acme's agent.
    let c = kpis(&w, &w.foreign_agent, period()).await.csat;
    assert_eq!(lines(std::slice::from_ref(&c.overall)), [(None, None, 1, 0, Some(0.0), Some(1.0))]);
    assert_eq!(lines(&c.by_agent), [line(Some(w.ann), "Ann", 1, 0, 0.0, 1.0)]);
    // And Acme's agent never counts it: Ann's own answers are the two rated 5 and 4.
    let c = kpis(&w, &w.agent, period()).await.csat;
    assert_eq!(c.by_agent[0].answers, 2);
}

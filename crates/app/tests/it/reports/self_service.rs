//! The KPIs' self-service figures, exactly, from records made through the use cases at
//! known times of the test clock: two catalog items of Acme (one through a two-step
//! approval chain, one approved at once), requests approved, rejected and delivered,
//! article views from the page, search and suggestions (one a deflection), feedback, and
//! Other Corp's own item, chain (of the same names), article and readers; a global article
//! read in both. Every test runs on SQLite and PostgreSQL.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use helmdesk_app::platform::approvals::{ApprovalChainInput, ChainStep, DecisionInput};
use helmdesk_app::platform::teams::TeamInput;
use helmdesk_app::platform::users::UserUpdate;
use helmdesk_app::reports::kpis::KpiQuery;
use helmdesk_app::reports::self_service::{ApprovalStepFigures, SelfServiceFigures, TopArticle};
use helmdesk_app::self_service::catalog::NewCatalogItem;
use helmdesk_app::self_service::kb::{FeedbackInput, NewArticle};
use helmdesk_app::self_service::requests::NewCatalogRequest;
use helmdesk_app::service_desk::tickets::{NewTicket, TicketPatch};
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::platform::approvals::{ApproverKind, Decision, Rule, Via};
use helmdesk_domain::self_service::catalog::{RequestStatus, TaskSpec};
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility, ViewSource};
use helmdesk_domain::{FakeClock, TicketStatus};
use helmdesk_store::self_service::kb::ArticleRow;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

use crate::support::jobs::run_jobs;
use crate::support::people::{actor, organisation};

backend_tests!(
    the_figures_count_the_periods_views_answers_requests_and_decisions,
    each_figure_counts_by_its_own_moment_in_the_period,
    a_reader_counts_only_their_organisations_records,
    a_suggestion_counts_as_a_deflection_only_once_its_half_hour_has_passed,
);

/// When everything starts: Monday 2 March 2026, 09:00 UTC (the reports count in UTC).
fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc)
}

const HOUR: f64 = 3600.0;

struct World {
    app: App,
    clock: Arc<FakeClock>,
    admin: Actor,
    agent: Actor,
    rita: Actor,
    other_agent: Actor,
    other_requester: Actor,
    other: i64,
    /// Acme's articles (the printer's, the VPN's), Other Corp's, and the global one.
    printer: i64,
    vpn: i64,
    other_article: i64,
    global: i64,
    _db: TestDatabase,
}

fn order(item: i64) -> NewCatalogRequest {
    NewCatalogRequest { item_id: item, answers: Default::default() }
}

fn decision(decision: Decision) -> DecisionInput {
    DecisionInput { decision, comment: String::new() }
}

fn step(name: &str, approver: ApproverKind, approver_id: Option<i64>) -> ChainStep {
    ChainStep {
        name: name.into(),
        approver,
        approver_id,
        rule: Rule::Any,
        condition: None,
        time_limit_hours: None,
        reminder_hours: None,
    }
}

/// A chain of `organisation_id` named Hardware.
async fn chain(app: &App, admin: &Actor, organisation_id: i64, steps: Vec<ChainStep>) -> i64 {
    let input = ApprovalChainInput { organisation_id, name: "Hardware".into(), description: String::new(), steps };
    app.create_approval_chain(admin, input).await.unwrap().id
}

impl World {
    fn advance(&self, hours: i64) {
        self.clock.advance(Duration::hours(hours));
    }

    /// `who` decides the running step of the approval of `requester`'s `request`.
    async fn decide(&self, requester: &Actor, who: &Actor, request: i64, d: Decision) {
        let approval = self.app.approval_of(requester, "catalog_request", request).await.unwrap().unwrap();
        self.app.decide_approval(who, approval.id, decision(d), Via::Portal).await.unwrap();
        run_jobs(&self.app).await;
    }

    /// Resolves the open task tickets of `request` and opens it, so that it moves on now.
    async fn fulfil(&self, requester: &Actor, request: i64) {
        let r = self.app.catalog_request(requester, request).await.unwrap();
        for task in &r.tasks {
            let done = TicketPatch {
                status: Some(TicketStatus::Resolved),
                resolution_code: Some(Some("fixed".into())),
                ..Default::default()
            };
            self.app.update_ticket(&self.admin, task.ticket_id.unwrap(), done, None).await.unwrap();
        }
        let r = self.app.catalog_request(requester, request).await.unwrap();
        assert_eq!(r.status, RequestStatus::Fulfilled);
    }

    async fn read(&self, who: &Actor, article: i64, source: ViewSource) {
        self.app.read_article(who, article, source).await.unwrap();
    }

    async fn feedback(&self, who: &Actor, article: i64, helpful: bool) {
        self.app.article_feedback(who, article, &FeedbackInput { helpful, comment: None }).await.unwrap();
    }

    async fn figures(&self, who: &Actor, q: KpiQuery) -> SelfServiceFigures {
        self.app.kpis(who, &q).await.unwrap().self_service
    }
}

/// A published public article of `who`'s organisation.
async fn article(app: &App, who: &Actor, title: &str) -> i64 {
    let input = NewArticle {
        title: title.into(),
        body: "<p>Steps.</p>".into(),
        language: Some("en".into()),
        visibility: Some(ArticleVisibility::Public),
        ..Default::default()
    };
    let a = app.create_article(who, &input).await.unwrap();
    app.move_article(who, a.id, ArticleState::Published).await.unwrap().id
}

/// The timeline, in hours after [`start`] (2 March, 09:00):
/// - 0: Rita orders two laptops (chain: her manager Ann, then Mia as Director); Otto
///   orders Other Corp's laptop (its chain: Olaf).
/// - 1: Ann rejects the second laptop (step 1 took 1 h).
/// - 2: Ann approves the first (2 h); Mia is asked.
/// - 5: Mia approves (3 h): approved; Rita orders VPN access (no chain: approved at once).
/// - 6: Olaf approves Otto's laptop (6 h); it has no tasks, so it is delivered at once.
/// - 9: the VPN's task is done: delivered 4 h after approval.
/// - 29 (3 March, 14:00): the laptop's task is done: delivered 24 h after approval.
/// - 30 (3 March, 15:00): the articles are read and answered; Rita opens the printer
///   article from a suggestion and files nothing (a deflection); at 31 she opens it from
///   a suggestion again and files a ticket 10 minutes later (none).
/// - 33: now.
async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(start()));
    let app = App::new(db.store().await.unwrap(), clock.clone(), AppSettings::default());
    let acme = organisation(&app, "Acme").await;
    let other = organisation(&app, "Other Corp").await;
    let admin = actor(&app, "ada@acme.example", "admin", acme).await;
    let mia = actor(&app, "mia@acme.example", "manager", acme).await;
    let agent = actor(&app, "ann@acme.example", "agent", acme).await;
    let rita = actor(&app, "rita@acme.example", "requester", acme).await;
    let olaf = actor(&app, "olaf@other.example", "manager", other).await;
    let other_agent = actor(&app, "olga@other.example", "agent", other).await;
    let other_requester = actor(&app, "otto@other.example", "requester", other).await;
    let manager_of = UserUpdate { manager_id: Some(Some(agent.id)), ..Default::default() };
    app.update_user(&admin, rita.id, manager_of).await.unwrap();

    let team = TeamInput {
        name: "Service desk".into(),
        description: String::new(),
        member_ids: Vec::new(),
        lead_id: None,
        organisation_id: Some(Some(acme)),
    };
    let desk = app.create_team(&mia, team).await.unwrap().id;
    let task = vec![TaskSpec { title: "Set it up".into(), team_id: desk, stage: 1 }];
    let hardware = chain(
        &app,
        &admin,
        acme,
        vec![step("Manager", ApproverKind::Manager, None), step("Director", ApproverKind::Person, Some(mia.id))],
    )
    .await;
    let item = |name: &str, chain: Option<i64>, tasks: &Vec<TaskSpec>| NewCatalogItem {
        name: name.into(),
        approval_chain_id: chain,
        tasks: tasks.clone(),
        ..Default::default()
    };
    let laptop = app.create_catalog_item(&mia, &item("New laptop", Some(hardware), &task)).await.unwrap().id;
    let vpn_access = app.create_catalog_item(&mia, &item("VPN access", None, &task)).await.unwrap().id;
    let theirs = chain(&app, &admin, other, vec![step("Boss", ApproverKind::Person, Some(olaf.id))]).await;
    let their_laptop = app.create_catalog_item(&olaf, &item("New laptop", Some(theirs), &Vec::new())).await.unwrap().id;

    let (printer, vpn) = (article(&app, &mia, "Printer jam").await, article(&app, &mia, "VPN setup").await);
    let other_article = article(&app, &olaf, "Other Corp's printers").await;
    // A global article (of every organisation), written as the store keeps it.
    let now = app.now_micros();
    let global = ArticleRow {
        language: "en".into(),
        title: "Everyone's guide".into(),
        body: "<p>x</p>".into(),
        body_text: "x".into(),
        visibility: "public".into(),
        state: "published".into(),
        owner_id: mia.id,
        version: 1,
        created_at: now,
        updated_at: now,
        published_at: Some(now),
        ..Default::default()
    };
    let global = app.store().create_article(&global).await.unwrap().id;
    let w = World {
        printer,
        vpn,
        other_article,
        global,
        app,
        clock,
        admin,
        agent,
        rita,
        other_agent,
        other_requester,
        other,
        _db: db,
    };

    let first = w.app.order_catalog_item(&w.rita, &order(laptop)).await.unwrap().id;
    let second = w.app.order_catalog_item(&w.rita, &order(laptop)).await.unwrap().id;
    let theirs = w.app.order_catalog_item(&w.other_requester, &order(their_laptop)).await.unwrap().id;
    run_jobs(&w.app).await;
    w.advance(1);
    w.decide(&w.rita, &w.agent, second, Decision::Rejected).await;
    w.advance(1);
    w.decide(&w.rita, &w.agent, first, Decision::Approved).await;
    w.advance(3);
    w.decide(&w.rita, &mia, first, Decision::Approved).await;
    let vpn = w.app.order_catalog_item(&w.rita, &order(vpn_access)).await.unwrap().id;
    w.advance(1);
    w.decide(&w.other_requester, &olaf, theirs, Decision::Approved).await;
    let their_request = w.app.catalog_request(&w.other_requester, theirs).await.unwrap();
    assert_eq!(their_request.status, RequestStatus::Fulfilled, "no tasks: delivered when approved");
    w.advance(3);
    w.fulfil(&w.rita, vpn).await;
    w.advance(20);
    w.fulfil(&w.rita, first).await;
    assert_eq!(w.app.catalog_request(&w.rita, second).await.unwrap().status, RequestStatus::Rejected);

    w.advance(1);
    w.read(&w.rita, w.printer, ViewSource::Suggestion).await;
    w.read(&w.rita, w.printer, ViewSource::Page).await;
    w.read(&w.agent, w.printer, ViewSource::Search).await;
    w.read(&w.rita, w.vpn, ViewSource::Page).await;
    w.read(&w.rita, w.global, ViewSource::Page).await;
    w.feedback(&w.rita, w.printer, true).await;
    w.feedback(&w.agent, w.printer, false).await;
    w.feedback(&w.rita, w.vpn, false).await;
    w.read(&w.other_requester, w.other_article, ViewSource::Suggestion).await;
    w.read(&w.other_requester, w.other_article, ViewSource::Page).await;
    w.read(&w.other_requester, w.global, ViewSource::Page).await;
    w.feedback(&w.other_requester, w.other_article, true).await;
    w.feedback(&w.other_requester, w.global, true).await;
    w.advance(1);
    w.read(&w.rita, w.printer, ViewSource::Suggestion).await;
    w.clock.advance(Duration::minutes(10));
    w.app.create_ticket(&w.rita, NewTicket::incident("Printer still jammed", "It is")).await.unwrap();
    w.clock.advance(Duration::minutes(110));
    w
}

fn march() -> KpiQuery {
    KpiQuery { from: Some("2026-03-01".into()), to: Some("2026-03-31".into()), ..Default::default() }
}

fn top(id: i64, title: &str, views: i64, deflections: i64, helpful: i64, not_helpful: i64) -> TopArticle {
    TopArticle { id, title: title.into(), views, deflections, helpful, not_helpful }
}

/// (item, ordered, approved, rejected, delivered).
fn requests(f: &SelfServiceFigures) -> Vec<(&str, i64, i64, i64, i64)> {
    f.requests_by_item.iter().map(|r| (r.item_name.as_str(), r.ordered, r.approved, r.rejected, r.delivered)).collect()
}

/// A step's figures: (chain #position step, decisions, approved, rejected, mean and
/// median hours).
type StepLine = (String, i64, i64, i64, Option<f64>, Option<f64>);

fn steps(f: &SelfServiceFigures) -> Vec<StepLine> {
    let hours = |s: Option<f64>| s.map(|s| s / HOUR);
    let line = |s: &ApprovalStepFigures| {
        let name = format!("{} #{} {}", s.chain_name, s.position, s.step_name);
        (name, s.decisions, s.approved, s.rejected, hours(s.mean_seconds), hours(s.median_seconds))
    };
    f.approval_steps.iter().map(line).collect()
}

/// (item, delivered, mean and median hours).
fn fulfilment(f: &SelfServiceFigures) -> Vec<(&str, i64, Option<f64>, Option<f64>)> {
    let hours = |s: Option<f64>| s.map(|s| s / HOUR);
    f.fulfilment
        .iter()
        .map(|i| (i.item_name.as_str(), i.delivered, hours(i.mean_seconds), hours(i.median_seconds)))
        .collect()
}

async fn the_figures_count_the_periods_views_answers_requests_and_decisions(backend: Backend) {
    let w = world(backend).await;
    let f = w.figures(&w.agent, march()).await;
    // Acme's people: Rita's views (printer 3, VPN 1, global 1) and Ann's search (printer).
    assert_eq!((f.article_views, f.deflections), (6, 1));
    assert_eq!((f.helpful, f.not_helpful), (1, 2));
    assert_eq!(f.helpful_percent.map(|p| (p * 100.0).round() / 100.0), Some(33.33));
    assert_eq!(
        f.top_articles,
        [
            top(w.printer, "Printer jam", 4, 1, 1, 1),
            top(w.vpn, "VPN setup", 1, 0, 0, 1),
            top(w.global, "Everyone's guide", 1, 0, 0, 0),
        ]
    );
    assert_eq!(requests(&f), [("New laptop", 2, 1, 1, 1), ("VPN access", 1, 1, 0, 1)]);
    assert_eq!(
        steps(&f),
        [
            ("Hardware #0 Manager".into(), 2, 1, 1, Some(1.5), Some(1.5)),
            ("Hardware #1 Director".into(), 1, 1, 0, Some(3.0), Some(3.0)),
        ]
    );
    assert_eq!(fulfilment(&f), [("New laptop", 1, Some(24.0), Some(24.0)), ("VPN access", 1, Some(4.0), Some(4.0))]);

    // The API document carries them, with their names.
    let k = serde_json::to_value(w.app.kpis(&w.agent, &march()).await.unwrap()).unwrap();
    assert_eq!(k["self_service"]["approval_steps"][0]["median_seconds"], 5400.0);
    assert_eq!(k["self_service"]["fulfilment"][1]["mean_seconds"], 14400.0);
    // A requester reads no KPIs at all.
    assert!(matches!(w.app.kpis(&w.rita, &march()).await, Err(AppError::Forbidden(_))));

    // A month with nothing: zeros, empty lists, no share.
    let april = KpiQuery { from: Some("2026-04-01".into()), to: Some("2026-04-30".into()), ..Default::default() };
    let f = w.figures(&w.agent, april).await;
    assert_eq!((f.article_views, f.deflections, f.helpful, f.not_helpful, f.helpful_percent), (0, 0, 0, 0, None));
    assert!(f.top_articles.is_empty() && f.requests_by_item.is_empty());
    assert!(f.approval_steps.is_empty() && f.fulfilment.is_empty());
}

async fn each_figure_counts_by_its_own_moment_in_the_period(backend: Backend) {
    let w = world(backend).await;
    let day = |d: &str| KpiQuery { from: Some(d.into()), to: Some(d.into()), ..Default::default() };
    // 2 March: the orders, the decisions and the VPN's delivery; no views yet.
    let f = w.figures(&w.agent, day("2026-03-02")).await;
    assert_eq!(requests(&f), [("New laptop", 2, 1, 1, 0), ("VPN access", 1, 1, 0, 1)]);
    assert_eq!(steps(&f).len(), 2);
    assert_eq!(fulfilment(&f), [("VPN access", 1, Some(4.0), Some(4.0))]);
    assert_eq!(f.article_views, 0);
    // 3 March: the laptop's delivery, the views and the answers; no order or decision.
    let f = w.figures(&w.agent, day("2026-03-03")).await;
    assert_eq!(requests(&f), [("New laptop", 0, 0, 0, 1)]);
    assert!(f.approval_steps.is_empty());
    assert_eq!(fulfilment(&f), [("New laptop", 1, Some(24.0), Some(24.0))]);
    assert_eq!((f.article_views, f.deflections, f.helpful, f.not_helpful), (6, 1, 1, 2));
}

async fn a_reader_counts_only_their_organisations_records(backend: Backend) {
    let w = world(backend).await;
    // Other Corp's agent: Otto's views (its article twice, the global one once) and answers,
    // its laptop and its chain, though they share Acme's names.
    let f = w.figures(&w.other_agent, march()).await;
    assert_eq!((f.article_views, f.deflections, f.helpful, f.not_helpful), (3, 1, 2, 0));
    assert_eq!(
        f.top_articles,
        [top(w.other_article, "Other Corp's printers", 2, 1, 1, 0), top(w.global, "Everyone's guide", 1, 0, 1, 0)]
    );
    assert_eq!(requests(&f), [("New laptop", 1, 1, 0, 1)]);
    assert_eq!(steps(&f), [("Hardware #0 Boss".into(), 1, 1, 0, Some(6.0), Some(6.0))]);
    assert_eq!(fulfilment(&f), [("New laptop", 1, Some(0.0), Some(0.0))]);

    // The administrator sees both, and narrows them to one organisation with the filter.
    let all = w.figures(&w.admin, march()).await;
    assert_eq!((all.article_views, all.deflections, all.helpful, all.not_helpful), (9, 2, 3, 2));
    assert_eq!(requests(&all).len(), 3, "two laptops of the same name, and the VPN");
    assert_eq!(steps(&all).iter().map(|s| s.1).sum::<i64>(), 4);
    let q = KpiQuery { organisation_id: Some(w.other), ..march() };
    assert_eq!(w.figures(&w.admin, q).await, f);
    // The ticket filters do not narrow them.
    let q = KpiQuery { kind: Some("incident".into()), ..march() };
    assert_eq!(w.figures(&w.other_agent, q).await, f);
    // Acme's agent may not name Other Corp.
    let q = KpiQuery { organisation_id: Some(w.other), ..march() };
    assert!(matches!(w.app.kpis(&w.agent, &q).await, Err(AppError::Invalid(_))));
}

async fn a_suggestion_counts_as_a_deflection_only_once_its_half_hour_has_passed(backend: Backend) {
    let w = world(backend).await;
    w.read(&w.rita, w.vpn, ViewSource::Suggestion).await;
    let f = w.figures(&w.agent, march()).await;
    assert_eq!((f.article_views, f.deflections), (7, 1), "viewed, not judged yet");
    w.clock.advance(Duration::minutes(31));
    let f = w.figures(&w.agent, march()).await;
    assert_eq!((f.article_views, f.deflections), (7, 2), "no ticket followed: a deflection");
    assert_eq!(f.top_articles[1], top(w.vpn, "VPN setup", 2, 1, 0, 1));
}

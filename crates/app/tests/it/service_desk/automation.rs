//! Automation rules on both databases: an event rule acts on a new ticket and logs what it
//! changed; two rules undoing each other stop after a few steps; time rules remind the
//! requester of a pending ticket once, then resolve it; the rules' own validation.

use crate::support::people;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use helmdesk_app::service_desk::automation::{AutomationRuleInput, TicketEventsJob};
use helmdesk_app::service_desk::tickets::{NewTicket, TicketPatch};
use helmdesk_app::store::Sql;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_domain::platform::chain::Chain;
use helmdesk_domain::service_desk::automation::MAX_DEPTH;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use people::{actor, organisation};
use serde_json::json;

backend_tests!(
    a_rule_acts_on_a_new_ticket_and_logs_what_it_changed,
    rules_that_undo_each_other_stop,
    time_rules_remind_once_then_resolve_a_pending_ticket,
    rules_are_checked_before_they_are_saved,
    a_database_failure_while_rules_run_is_retried_not_taken_for_automation
);

async fn a_database_failure_while_rules_run_is_retried_not_taken_for_automation(backend: Backend) {
    let d = desk(backend).await;
    let job =
        |actor_id| TicketEventsJob { ticket_id: 1, events: vec!["created".into()], actor_id, chain: Chain::default() };
    assert!(d.app.dispatch_ticket_events(&job(i64::MAX)).await.is_ok(), "nobody: nothing to run");
    let break_people = match backend {
        // SQLite keeps text in an integer column; reading it back fails.
        Backend::Sqlite => "UPDATE users SET created_at = 'not a time'",
        Backend::Postgres => "ALTER TABLE users RENAME COLUMN email TO email_gone",
    };
    Sql::new(break_people).execute(d.app.store().db()).await.unwrap();
    let failed = d.app.dispatch_ticket_events(&job(d.agent.id)).await;
    assert!(matches!(failed, Err(AppError::Internal(_))), "the job fails, to be retried: {failed:?}");
}

struct Desk {
    _db: TestDatabase,
    clock: Arc<FakeClock>,
    app: App,
    manager: Actor,
    agent: Actor,
    requester: Actor,
    team: i64,
}

async fn desk(backend: Backend) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()));
    let app = App::new(db.store().await.unwrap(), clock.clone(), AppSettings::default());
    let org = organisation(&app, "Acme").await;
    let manager = actor(&app, "manager@acme.example", "manager", org).await;
    let agent = actor(&app, "agent@acme.example", "agent", org).await;
    let requester = actor(&app, "ann@customer.example", "requester", org).await;
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let team = s.create_team(&mut tx, None, "Network", "", &[agent.id], app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    Desk { _db: db, clock, manager, agent, requester, app, team }
}

fn rule(value: serde_json::Value) -> AutomationRuleInput {
    serde_json::from_value(value).unwrap()
}

fn new_ticket(subject: &str) -> NewTicket {
    NewTicket::incident(subject, "From the test")
}

/// Runs queued jobs until none is due; returns how many ran.
async fn run_jobs(app: &App) -> usize {
    let mut ran = 0;
    loop {
        let now = app.now_micros();
        let Some(job) = app.store().claim_job("test", now, now + 60_000_000).await.unwrap() else { return ran };
        app.run_job(&job).await.unwrap_or_else(|e| panic!("job {} failed: {e}", job.kind));
        app.store().complete_job(job.id, "test", now).await.unwrap();
        ran += 1;
        assert!(ran < 1000, "the jobs never end");
    }
}

async fn a_rule_acts_on_a_new_ticket_and_logs_what_it_changed(backend: Backend) {
    let d = desk(backend).await;
    let saved = d
        .app
        .create_automation_rule(
            &d.manager,
            rule(json!({
                "name": "VPN to Network",
                "trigger": "created",
                "conditions": {"subject_words": ["vpn"], "by": "requester"},
                "actions": [
                    {"type": "set_team", "team_id": d.team},
                    {"type": "add_comment", "body": "Hello {{requester.name}}, {{ticket.number}} is with the network team.", "internal": false},
                    {"type": "add_watcher", "user_id": d.agent.id}
                ]
            })),
        )
        .await
        .unwrap();
    let other = d.app.create_ticket(&d.requester, new_ticket("Printer jam")).await.unwrap();
    let t = d.app.create_ticket(&d.requester, new_ticket("VPN keeps dropping")).await.unwrap();
    run_jobs(&d.app).await;

    let after = d.app.store().ticket(t.id).await.unwrap().ticket;
    assert_eq!(after.team_id, Some(d.team));
    let comments = d.app.store().comments(t.id, true).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, format!("Hello ann, {} is with the network team.", after.number.unwrap()));
    assert!(d.app.store().watchers(t.id).await.unwrap().iter().any(|w| w.user.id == d.agent.id));
    assert_eq!(d.app.store().ticket(other.id).await.unwrap().ticket.team_id, None, "the rule matched a printer");

    let runs = d.app.automation_runs(&d.manager, Some(saved.id)).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].ticket_id, t.id);
    assert!(
        runs[0].changes.contains("moved to team") && runs[0].changes.contains("public reply added"),
        "{}",
        runs[0].changes
    );
    assert!(runs[0].error.is_none());
    let history = d.app.store().history(t.id).await.unwrap();
    assert!(history.iter().any(|h| h.field == "team"), "the change has its history line");
    assert!(d.app.automation_runs(&d.agent, None).await.is_err(), "agents may not read the rules' log");
}

async fn rules_that_undo_each_other_stop(backend: Backend) {
    let d = desk(backend).await;
    for (name, from, to) in [("Ping", "in_progress", "pending"), ("Pong", "pending", "in_progress")] {
        let input = rule(json!({
            "name": name, "trigger": "updated",
            "conditions": {"statuses": [from]},
            "actions": [{"type": "set_status", "status": to}]
        }));
        d.app.create_automation_rule(&d.manager, input).await.unwrap();
    }
    let t = d.app.create_ticket(&d.requester, new_ticket("Loop me")).await.unwrap();
    let patch = TicketPatch { assignee_id: Some(Some(d.agent.id)), ..Default::default() };
    d.app.update_ticket(&d.agent, t.id, patch, None).await.unwrap();
    let patch = TicketPatch { status: Some("in_progress".parse().unwrap()), ..Default::default() };
    d.app.update_ticket(&d.agent, t.id, patch, None).await.unwrap();
    run_jobs(&d.app).await;
    let runs = d.app.automation_runs(&d.manager, None).await.unwrap();
    assert!(!runs.is_empty(), "no rule ran");
    // The queue ran dry (run_jobs returned): two changes by the agent, each starting
    // chains at most MAX_DEPTH long in which each rule acts at most once.
    assert!(runs.len() <= 4 * MAX_DEPTH as usize, "{} runs: the rules kept triggering each other", runs.len());
}

async fn time_rules_remind_once_then_resolve_a_pending_ticket(backend: Backend) {
    let d = desk(backend).await;
    d.app
        .create_automation_rule(
            &d.manager,
            rule(json!({
                "name": "Remind after 3 days", "trigger": "time",
                "conditions": {"statuses": ["pending"], "hours_in_status": 72},
                "actions": [{"type": "add_comment", "body": "Is {{ticket.number}} still a problem?", "internal": false}]
            })),
        )
        .await
        .unwrap();
    d.app
        .create_automation_rule(
            &d.manager,
            rule(json!({
                "name": "Resolve after 7 days", "trigger": "time",
                "conditions": {"statuses": ["pending"], "hours_in_status": 168},
                "actions": [{"type": "set_status", "status": "resolved"}]
            })),
        )
        .await
        .unwrap();
    let t = d.app.create_ticket(&d.requester, new_ticket("Waiting on you")).await.unwrap();
    let patch = TicketPatch { assignee_id: Some(Some(d.agent.id)), ..Default::default() };
    d.app.update_ticket(&d.agent, t.id, patch, None).await.unwrap();
    let patch = TicketPatch { status: Some("pending".parse().unwrap()), ..Default::default() };
    d.app.update_ticket(&d.agent, t.id, patch, None).await.unwrap();

    d.clock.advance(Duration::hours(71));
    assert_eq!(d.app.automation_sweep().await.unwrap(), 0, "too early");
    d.clock.advance(Duration::hours(2));
    assert_eq!(d.app.automation_sweep().await.unwrap(), 1);
    assert_eq!(d.app.automation_sweep().await.unwrap(), 0, "the reminder was sent twice");
    let comments = d.app.store().comments(t.id, false).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert!(comments[0].body.starts_with("Is INC-"));
    assert_eq!(d.app.store().ticket(t.id).await.unwrap().ticket.status, "pending", "a reminder is no reply");

    d.clock.advance(Duration::hours(96));
    assert_eq!(d.app.automation_sweep().await.unwrap(), 1);
    assert_eq!(d.app.store().ticket(t.id).await.unwrap().ticket.status, "resolved");
    d.clock.advance(Duration::hours(200));
    assert_eq!(d.app.automation_sweep().await.unwrap(), 0, "a resolved ticket is not pending");
}

async fn rules_are_checked_before_they_are_saved(backend: Backend) {
    let d = desk(backend).await;
    let refused = |v: serde_json::Value| {
        let app = d.app.clone();
        let manager = d.manager.clone();
        async move { app.create_automation_rule(&manager, rule(v)).await.is_err() }
    };
    assert!(refused(json!({"name": "No actions", "trigger": "created", "actions": []})).await);
    assert!(
        refused(
            json!({"name": "Timeless", "trigger": "time", "actions": [{"type": "set_status", "status": "closed"}]})
        )
        .await
    );
    assert!(
        refused(json!({"name": "Event with hours", "trigger": "created", "conditions": {"hours_in_status": 3},
            "actions": [{"type": "set_status", "status": "closed"}]}))
        .await
    );
    assert!(
        refused(
            json!({"name": "Ghost team", "trigger": "created", "actions": [{"type": "set_team", "team_id": 999999}]})
        )
        .await
    );
    assert!(
        refused(json!({"name": "'; DROP TABLE tickets; --", "trigger": "created",
        "actions": [{"type": "add_comment", "body": "", "internal": true}]}))
        .await
    );
    assert!(
        serde_json::from_value::<AutomationRuleInput>(json!({"name": "x", "trigger": "sometimes", "actions": []}))
            .is_err()
    );
    let input =
        rule(json!({"name": "Mine", "trigger": "created", "actions": [{"type": "set_status", "status": "closed"}]}));
    assert!(d.app.create_automation_rule(&d.agent, input.clone()).await.is_err(), "an agent may not add rules");
    d.app.create_automation_rule(&d.manager, input.clone()).await.unwrap();
    assert!(d.app.create_automation_rule(&d.manager, input).await.is_err(), "two rules with one name");
    let second =
        rule(json!({"name": "Second", "trigger": "created", "actions": [{"type": "set_status", "status": "closed"}]}));
    let second = d.app.create_automation_rule(&d.manager, second).await.unwrap();
    assert_eq!(second.position, 2);
    assert_eq!(d.app.move_automation_rule(&d.manager, second.id, 1).await.unwrap().position, 1);
    let names: Vec<String> = d.app.automation_rules(&d.manager).await.unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Second", "Mine"], "moved first, the other renumbered");
    assert!(d.app.move_automation_rule(&d.agent, second.id, 2).await.is_err());
}

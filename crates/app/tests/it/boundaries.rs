//! Organisation boundaries in everything that acts or tells in the background, on both
//! databases: two organisations (Acme with its subsidiary Acme Labs, and Other Corp), staff
//! in each and in one shared team, tickets filed, routed, replied to, noted, watched,
//! warned about and escalated by the SLA sweep, matched by automation rules and sent to
//! webhooks and by mail. Nothing of one organisation's tickets may reach anyone who cannot
//! read them, and no rule may change or tell of a ticket outside its writer's scope; a
//! property test tries random rules by managers of random scopes.

use crate::support::people;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use helmdesk_app::platform::mail::templates::NotificationPreferences;
use helmdesk_app::platform::mail::{MailSettings, Security};
use helmdesk_app::service_desk::automation::AutomationRuleInput;
use helmdesk_app::service_desk::sla::{CalendarInput, SlaPolicyInput, Week};
use helmdesk_app::service_desk::tickets::{NewComment, NewTicket};
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Sql, backend_tests};
use people::{actor, outgoing};
use proptest::prelude::*;
use serde_json::{Value, json};

backend_tests!(nothing_of_one_organisation_reaches_another, configuration_stays_within_its_writers_organisations);

/// The organisations and the people of the test, with what each may read.
struct World {
    _db: TestDatabase,
    clock: Arc<FakeClock>,
    app: App,
    acme: i64,
    labs: i64,
    other: i64,
    admin: Actor,
    acme_manager: Actor,
    labs_manager: Actor,
    other_manager: Actor,
    acme_agent: Actor,
    /// A second Acme member of the shared team, who hears of what the first files.
    acme_colleague: Actor,
    labs_agent: Actor,
    other_agent: Actor,
    acme_requester: Actor,
    labs_requester: Actor,
    other_requester: Actor,
    /// One team for the whole group: members from Acme, Labs and Other Corp.
    shared_team: i64,
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()));
    let app = App::new(db.store().await.unwrap(), clock.clone(), AppSettings::default());
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, 0).await.unwrap().id;
    let labs = s.create_organisation(&mut tx, "Acme Labs", Some(acme), 0).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, 0).await.unwrap().id;
    tx.commit().await.unwrap();
    let acme_agent = actor(&app, "agent@acme.example", "agent", acme).await;
    let acme_colleague = actor(&app, "colleague@acme.example", "agent", acme).await;
    let labs_agent = actor(&app, "agent@labs.example", "agent", labs).await;
    let other_agent = actor(&app, "agent@other.example", "agent", other).await;
    let mut tx = s.begin().await.unwrap();
    let members = [acme_agent.id, acme_colleague.id, labs_agent.id, other_agent.id];
    let shared_team = s.create_team(&mut tx, None, "Group service desk", "", &members, 0).await.unwrap().id;
    tx.commit().await.unwrap();
    World {
        admin: actor(&app, "admin@acme.example", "admin", acme).await,
        acme_manager: actor(&app, "manager@acme.example", "manager", acme).await,
        labs_manager: actor(&app, "manager@labs.example", "manager", labs).await,
        other_manager: actor(&app, "manager@other.example", "manager", other).await,
        acme_requester: actor(&app, "rita@acme.example", "requester", acme).await,
        labs_requester: actor(&app, "lars@labs.example", "requester", labs).await,
        other_requester: actor(&app, "olga@other.example", "requester", other).await,
        acme_agent,
        acme_colleague,
        labs_agent,
        other_agent,
        shared_team,
        acme,
        labs,
        other,
        clock,
        app,
        _db: db,
    }
}

impl World {
    fn everyone(&self) -> [&Actor; 11] {
        [
            &self.admin,
            &self.acme_manager,
            &self.labs_manager,
            &self.other_manager,
            &self.acme_agent,
            &self.acme_colleague,
            &self.labs_agent,
            &self.other_agent,
            &self.acme_requester,
            &self.labs_requester,
            &self.other_requester,
        ]
    }

    /// The organisations whose tickets staff of `organisation` read, spelled out.
    fn reach(&self, organisation: i64) -> Vec<i64> {
        if organisation == self.acme { vec![self.acme, self.labs] } else { vec![organisation] }
    }

    /// Whether `user` may hear of ticket `ticket_id` (and, when `internal`, its internal
    /// parts): the boundary, written out independently of the code under test.
    async fn may_hear(&self, user: i64, ticket_id: i64, internal: bool) -> bool {
        let ticket = self.app.store().ticket(ticket_id).await.unwrap().ticket;
        let person = self.everyone().into_iter().find(|a| a.id == user).map(|a| (a.role, a.organisation_id));
        let Some((role, organisation)) = person else { return false };
        match role {
            helmdesk_domain::Role::Admin => true,
            helmdesk_domain::Role::Requester => !internal && ticket.requester_id == user,
            _ => self.reach(organisation).contains(&ticket.organisation_id),
        }
    }

    /// Every in-app notification and queued e-mail so far, and every webhook delivery:
    /// each must be one its recipient may hear of.
    async fn assert_nothing_crossed(&self) {
        let s = self.app.store();
        let notes: Vec<(i64, Option<i64>, Option<String>)> =
            Sql::new("SELECT user_id, ticket_id, event FROM notifications").fetch_all(s.db()).await.unwrap();
        for (user, ticket, event) in notes {
            let Some(ticket) = ticket else { continue };
            let internal = matches!(event.as_deref(), Some("note" | "sla_warning" | "escalation"));
            assert!(self.may_hear(user, ticket, internal).await, "user {user} was told of ticket {ticket} ({event:?})");
        }
        for mail in s.outbound_list(None, 1000).await.unwrap() {
            let Some(ticket) = mail.ticket_id else { continue };
            let user = s.user_by_email(&mail.recipient).await.unwrap().unwrap().id;
            let internal = matches!(mail.event.as_str(), "note" | "sla_warning" | "escalation");
            assert!(self.may_hear(user, ticket, internal).await, "{} was mailed about ticket {ticket}", mail.recipient);
        }
        for hook in s.webhooks().await.unwrap() {
            for delivery in s.deliveries(hook.id, None, 1000).await.unwrap() {
                let body: Value = serde_json::from_str(&delivery.payload).unwrap();
                let Some(organisation) = body["ticket"]["organisation"]["id"].as_i64() else { continue };
                let reach = hook.organisation_id.map(|o| self.reach(o));
                assert!(
                    reach.is_none_or(|r| r.contains(&organisation)),
                    "webhook {} heard of a ticket of organisation {organisation}",
                    hook.name
                );
            }
        }
    }

    /// The users told of `ticket` so far, by event.
    async fn told(&self, ticket: i64) -> BTreeMap<String, Vec<i64>> {
        let rows: Vec<(i64, Option<String>)> =
            Sql::new("SELECT user_id, event FROM notifications WHERE ticket_id = $1 ORDER BY user_id")
                .bind(ticket)
                .fetch_all(self.app.store().db())
                .await
                .unwrap();
        let mut by_event: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (user, event) in rows {
            by_event.entry(event.unwrap_or_default()).or_default().push(user);
        }
        by_event
    }
}

fn ticket(subject: &str) -> NewTicket {
    NewTicket::incident(subject, "Confidential details")
}

fn rule(value: Value) -> AutomationRuleInput {
    serde_json::from_value(value).unwrap()
}

/// Runs queued jobs until none is due; returns how many ran.
async fn run_jobs(app: &App) -> usize {
    let mut ran = 0;
    loop {
        let now = app.now_micros();
        let Some(job) = app.store().claim_job("test", now, now + 60_000_000).await.unwrap() else { return ran };
        // A mail to the closed test port fails; what matters is what was queued, and to whom.
        let _ = app.run_job(&job).await;
        app.store().complete_job(job.id, "test", now).await.unwrap();
        ran += 1;
        assert!(ran < 5000, "the jobs never end");
    }
}

/// Mail and webhooks switched on, everyone hearing of everything by mail; a 24/7 calendar
/// and an SLA policy per organisation whose resolution clock breaches after two hours,
/// escalating to the team and the managers.
async fn channels(w: &World) {
    let app = &w.app;
    let settings = MailSettings {
        outgoing: Some(outgoing("127.0.0.1", 1, Security::None)),
        flood_limit_per_hour: 0,
        ..MailSettings::default()
    };
    app.set_mail_settings(&w.admin, settings).await.unwrap();
    let all_events: Vec<String> =
        helmdesk_domain::platform::templates::EVENTS.iter().map(|(e, _)| e.to_string()).collect();
    for person in w.everyone() {
        let prefs = NotificationPreferences { language: "en".into(), email_events: all_events.clone() };
        app.set_notification_preferences(person, prefs).await.unwrap();
    }
    let hosts = serde_json::from_value(json!({"allowed_hosts": ["127.0.0.1"]})).unwrap();
    app.set_webhook_settings(&w.admin, hosts).await.unwrap();
    let events: Vec<&str> =
        helmdesk_domain::platform::webhooks::WebhookEvent::SUBSCRIBABLE.iter().map(|e| e.as_str()).collect();
    for (name, scope) in [("Labs chat", Some(w.labs)), ("Acme chat", Some(w.acme)), ("Group", None)] {
        let input = serde_json::from_value(json!({
            "name": name, "url": "http://127.0.0.1:1/hook", "events": events, "organisation_id": scope
        }))
        .unwrap();
        app.create_webhook(&w.admin, input).await.unwrap();
    }
    let day = vec!["00:00-24:00".to_string()];
    let week = Week {
        monday: day.clone(),
        tuesday: day.clone(),
        wednesday: day.clone(),
        thursday: day.clone(),
        friday: day.clone(),
        saturday: day.clone(),
        sunday: day,
    };
    let calendar = CalendarInput {
        name: "Always".into(),
        time_zone: "UTC".into(),
        week,
        holidays: Vec::new(),
        organisation_id: None,
    };
    let calendar = app.create_calendar(&w.admin, calendar).await.unwrap().id;
    for (manager, organisation) in [(&w.acme_manager, w.acme), (&w.labs_manager, w.labs), (&w.other_manager, w.other)] {
        let policy: SlaPolicyInput = serde_json::from_value(json!({
            "name": format!("Fast {organisation}"),
            "calendar_id": calendar,
            "organisation_id": organisation,
            "targets": (1..=5).map(|p| json!({"priority": p, "response_minutes": 60, "resolution_minutes": 120})).collect::<Vec<_>>(),
            "warn_percent": 50,
            "escalations": [{"clock": "resolution", "after_minutes": 0, "notify": ["team", "managers", "assignee"]}]
        }))
        .unwrap();
        app.create_sla_policy(manager, policy).await.unwrap();
    }
}

async fn nothing_of_one_organisation_reaches_another(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    channels(&w).await;

    // The probe's rule: a manager of the subsidiary aims at the parent's tickets.
    let probe = json!({
        "name": "Cancel Acme", "trigger": "created",
        "conditions": {"organisation_id": w.acme},
        "actions": [
            {"type": "set_status", "status": "cancelled"},
            {"type": "add_comment", "body": "Mail {{requester.email}}", "internal": false},
            {"type": "notify", "to": "team", "message": "{{ticket.subject}}"}
        ]
    });
    let refused = app.create_automation_rule(&w.labs_manager, rule(probe.clone())).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let mut aimed = probe.clone();
    aimed["conditions"] = json!({});
    aimed["organisation_id"] = json!(w.acme);
    let refused = app.create_automation_rule(&w.labs_manager, rule(aimed.clone())).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "another organisation is no scope of theirs: {refused:?}");
    aimed["organisation_id"] = Value::Null;
    let refused = app.create_automation_rule(&w.labs_manager, rule(aimed)).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "every organisation is no scope of theirs: {refused:?}");
    // Without the condition, the rule is the subsidiary's own, and stays there.
    let mut own = probe.clone();
    own["conditions"] = json!({"subject_words": ["printer"]});
    let labs_rule = app.create_automation_rule(&w.labs_manager, rule(own)).await.unwrap();
    assert_eq!(labs_rule.organisation_id, Some(w.labs));

    // Tickets of every organisation, for the shared team.
    let mut filed = BTreeMap::new();
    for (agent, requester, name) in [
        (&w.acme_agent, &w.acme_requester, "acme"),
        (&w.labs_agent, &w.labs_requester, "labs"),
        (&w.other_agent, &w.other_requester, "other"),
    ] {
        let input = NewTicket {
            requester_id: Some(requester.id),
            team_id: Some(w.shared_team),
            ..ticket(&format!("Printer of {name} is on fire"))
        };
        filed.insert(name, app.create_ticket(agent, input).await.unwrap().id);
    }
    let (acme_ticket, labs_ticket, other_ticket) = (filed["acme"], filed["labs"], filed["other"]);
    // A watcher who has since moved to the subsidiary (stale), on the parent's ticket.
    app.store().add_watcher(acme_ticket, w.labs_agent.id, app.now_micros()).await.unwrap();
    let reply = NewComment { body: "Looking into it".into(), internal: false };
    app.add_comment(&w.acme_colleague, acme_ticket, reply).await.unwrap();
    let note = NewComment { body: "Root password is hunter2".into(), internal: true };
    app.add_comment(&w.acme_colleague, acme_ticket, note).await.unwrap();
    run_jobs(app).await;

    // The shared team heard of each new ticket only through its members who may read it.
    let created = |told: &BTreeMap<String, Vec<i64>>| told.get("created").cloned().unwrap_or_default();
    let acme_told = w.told(acme_ticket).await;
    assert!(created(&acme_told).contains(&w.acme_colleague.id), "{acme_told:?}");
    assert!(!created(&acme_told).contains(&w.labs_agent.id) && !created(&acme_told).contains(&w.other_agent.id));
    let labs_told = created(&w.told(labs_ticket).await);
    assert!(labs_told.contains(&w.acme_agent.id) && labs_told.contains(&w.acme_colleague.id), "{labs_told:?}");
    assert!(!labs_told.contains(&w.other_agent.id));
    // The stale watcher hears of nothing more.
    assert!(acme_told.values().all(|users| !users.contains(&w.labs_agent.id)), "{acme_told:?}");

    // The subsidiary's rule acted on its own ticket only.
    let status = |id: i64| async move { app.store().ticket(id).await.unwrap().ticket.status };
    assert_eq!(status(labs_ticket).await, "cancelled");
    assert_ne!(status(acme_ticket).await, "cancelled");
    assert_ne!(status(other_ticket).await, "cancelled");
    let automated: Vec<(i64,)> =
        Sql::new("SELECT c.ticket_id FROM ticket_comments c JOIN users u ON u.id = c.author_id WHERE u.email = $1")
            .bind(helmdesk_app::service_desk::automation::AUTOMATION_EMAIL)
            .fetch_all(app.store().db())
            .await
            .unwrap();
    assert_eq!(automated, [(labs_ticket,)]);

    // The SLA sweep warns (half the resolution time gone), then escalates the breach to
    // the team and the managers.
    w.clock.advance(Duration::minutes(70));
    app.sla_sweep().await.unwrap();
    w.clock.advance(Duration::minutes(60));
    app.sla_sweep().await.unwrap();
    run_jobs(app).await;
    let acme_told = w.told(acme_ticket).await;
    assert!(acme_told.get("sla_warning").is_some_and(|u| u.contains(&w.acme_colleague.id)), "{acme_told:?}");
    let escalated = acme_told.get("escalation").cloned().unwrap_or_default();
    assert!(escalated.contains(&w.acme_manager.id) && escalated.contains(&w.acme_agent.id), "{escalated:?}");
    assert!(!escalated.contains(&w.labs_manager.id) && !escalated.contains(&w.other_agent.id), "{escalated:?}");

    // Webhooks of the subsidiary heard of the subsidiary only; the group's of everything.
    let deliveries = |name: &'static str| async move {
        let hook = app.store().webhooks().await.unwrap().into_iter().find(|h| h.name == name).unwrap();
        app.store().deliveries(hook.id, None, 1000).await.unwrap().len()
    };
    assert!(deliveries("Labs chat").await > 0 && deliveries("Group").await > deliveries("Acme chat").await);
    // Mail went out, and only to people who may read what it tells.
    assert!(!app.store().outbound_list(None, 1000).await.unwrap().is_empty());
    w.assert_nothing_crossed().await;
}

async fn configuration_stays_within_its_writers_organisations(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    // The parent's team: the subsidiary's manager reads it but may not change it.
    let input = serde_json::from_value(json!({"name": "Acme desk", "member_ids": [w.acme_agent.id]})).unwrap();
    let acme_team = app.create_team(&w.acme_manager, input).await.unwrap();
    assert_eq!(acme_team.organisation_id, Some(w.acme));
    let rename = serde_json::from_value(json!({"name": "Taken over"})).unwrap();
    assert!(matches!(app.update_team(&w.labs_manager, acme_team.id, rename).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.team(&w.other_agent, acme_team.id).await, Err(AppError::NotFound)));
    // A Labs team cannot take the parent's tickets.
    let input = serde_json::from_value(json!({"name": "Labs desk", "member_ids": [w.labs_agent.id]})).unwrap();
    let labs_team = app.create_team(&w.labs_manager, input).await.unwrap();
    let acme_ticket = app.create_ticket(&w.acme_requester, ticket("Laptop")).await.unwrap().id;
    let patch = serde_json::from_value(json!({"team_id": labs_team.id})).unwrap();
    assert!(matches!(app.update_ticket(&w.acme_agent, acme_ticket, patch, None).await, Err(AppError::Invalid(_))));
    // Global configuration is for those whose organisations are all of them.
    let global = serde_json::from_value(json!({"name": "Everyone", "organisation_id": null})).unwrap();
    assert!(matches!(app.create_team(&w.acme_manager, global).await, Err(AppError::Forbidden(_))));
    // Shared views and canned responses of the parent: read below, changed only above.
    let view = serde_json::from_value(json!({"name": "Acme backlog", "query": "status=open", "shared": true})).unwrap();
    let view = app.create_view(&w.acme_manager, view).await.unwrap();
    let labs_views = app.list_views(&w.labs_manager, false).await.unwrap();
    assert!(labs_views.iter().any(|v| v.id == view.id && !v.editable));
    let change = serde_json::from_value(json!({"name": "Mine now", "query": ""})).unwrap();
    assert!(matches!(app.update_view(&w.labs_manager, view.id, change).await, Err(AppError::Forbidden(_))));
    assert!(app.list_views(&w.other_manager, false).await.unwrap().iter().all(|v| v.id != view.id));
    let canned = serde_json::from_value(json!({"title": "Acme hello", "body": "Hi", "shared": true})).unwrap();
    let canned = app.create_canned_response(&w.acme_manager, canned).await.unwrap();
    let edit = serde_json::from_value(json!({"body": "Defaced"})).unwrap();
    let defaced = app.update_canned_response(&w.labs_manager, canned.id, edit).await;
    assert!(matches!(defaced, Err(AppError::Forbidden(_))), "{defaced:?}");
    assert!(matches!(app.canned_response(&w.other_agent, canned.id).await, Err(AppError::NotFound)));
    // Assignment rules and SLA policies of the parent, or for everyone: not the subsidiary's.
    let aimed = serde_json::from_value(
        json!({"name": "Steal", "team_id": labs_team.id, "method": "team", "organisation_id": w.acme}),
    )
    .unwrap();
    assert!(app.create_assignment_rule(&w.labs_manager, aimed).await.is_err());
    let mine = serde_json::from_value(json!({"name": "Labs", "team_id": w.shared_team, "method": "team"})).unwrap();
    let mine = app.create_assignment_rule(&w.acme_manager, mine).await.unwrap();
    let change = serde_json::from_value(json!({"active": false})).unwrap();
    assert!(matches!(app.update_assignment_rule(&w.labs_manager, mine.id, change).await, Err(AppError::Forbidden(_))));
    // The subsidiary's webhook, and the run log, show nothing of the parent's tickets.
    let runs = app.automation_runs(&w.labs_manager, None).await.unwrap();
    assert!(runs.is_empty());
}

/// A rule as a random writer might try it: a scope, an organisation condition and actions
/// that reach for people, teams and text of any organisation.
#[derive(Debug, Clone)]
struct Attempt {
    author: usize,
    scope: Option<Option<usize>>,
    condition: Option<usize>,
    trigger: &'static str,
    actions: Vec<usize>,
}

fn attempts() -> impl Strategy<Value = Vec<Attempt>> {
    let attempt = (
        0..4usize,
        prop_oneof![Just(None), Just(Some(None)), (0..3usize).prop_map(|o| Some(Some(o)))],
        prop::option::of(0..3usize),
        prop_oneof![Just("created"), Just("replied")],
        prop::collection::vec(0..7usize, 1..4),
    )
        .prop_map(|(author, scope, condition, trigger, actions)| Attempt {
            author,
            scope,
            condition,
            trigger,
            actions,
        });
    prop::collection::vec(attempt, 1..4)
}

/// Saves what of `attempts` the writers may save, files a ticket in each organisation and
/// replies to it, runs the rules, and checks that each acted and told within its writer's
/// organisations only.
async fn try_rules(w: &World, attempts: &[Attempt], round: usize) {
    let app = &w.app;
    let organisations = [w.acme, w.labs, w.other];
    let authors = [&w.admin, &w.acme_manager, &w.labs_manager, &w.other_manager];
    for r in app.automation_rules(&w.admin).await.unwrap() {
        app.delete_automation_rule(&w.admin, r.id).await.unwrap();
    }
    let mut saved = Vec::new();
    for (i, a) in attempts.iter().enumerate() {
        let people = [w.acme_agent.id, w.labs_agent.id, w.other_agent.id];
        let actions: Vec<Value> = a
            .actions
            .iter()
            .map(|n| match n {
                0 => json!({"type": "set_status", "status": "cancelled"}),
                1 => json!({"type": "add_comment", "body": "Hello {{requester.email}}", "internal": false}),
                2 => json!({"type": "notify", "to": "team", "message": "{{ticket.subject}}"}),
                3 => json!({"type": "notify", "to": "requester", "message": "News"}),
                4 => json!({"type": "set_team", "team_id": w.shared_team}),
                5 => json!({"type": "add_watcher", "user_id": people[i % 3]}),
                _ => json!({"type": "assign", "user_id": people[(i + 1) % 3]}),
            })
            .collect();
        let mut body = json!({"name": format!("r{round}-{i}"), "trigger": a.trigger, "actions": actions});
        if let Some(c) = a.condition {
            body["conditions"] = json!({"organisation_id": organisations[c]});
        }
        if let Some(scope) = a.scope {
            body["organisation_id"] = json!(scope.map(|o| organisations[o]));
        }
        let author = authors[a.author];
        if let Ok(r) = app.create_automation_rule(author, rule(body)).await {
            saved.push((r.id, author.clone()));
        }
    }
    let before: Vec<(i64,)> = Sql::new("SELECT id FROM tickets").fetch_all(app.store().db()).await.unwrap();
    let mut tickets = Vec::new();
    for requester in [&w.acme_requester, &w.labs_requester, &w.other_requester] {
        let input = NewTicket { team_id: Some(w.shared_team), requester_id: Some(requester.id), ..ticket("Round") };
        let t = app.create_ticket(&w.admin, input).await.unwrap();
        let reply = NewComment { body: "More detail".into(), internal: false };
        app.add_comment(requester, t.id, reply).await.unwrap();
        tickets.push(t.id);
    }
    run_jobs(app).await;
    // Every run of a rule was on a ticket of its writer's organisations.
    for (rule_id, author) in &saved {
        for run in app.store().automation_runs(Some(*rule_id), None, 1000).await.unwrap() {
            let ticket = app.store().ticket(run.ticket_id).await.unwrap().ticket;
            assert!(
                author.sees_organisation(ticket.organisation_id),
                "rule {rule_id} of {} acted on a ticket of organisation {}",
                author.email,
                ticket.organisation_id
            );
        }
    }
    // Old tickets are untouched by the new rules' events; nobody heard of what they may not.
    let after: Vec<(i64,)> = Sql::new("SELECT id FROM tickets").fetch_all(app.store().db()).await.unwrap();
    assert_eq!(after.len(), before.len() + tickets.len());
    w.assert_nothing_crossed().await;
}

#[test]
fn no_rule_of_any_writer_reaches_beyond_their_organisations() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let w = runtime.block_on(world(Backend::Sqlite));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 24, ..ProptestConfig::default() });
    let round = std::cell::Cell::new(0);
    runner
        .run(&attempts(), |attempts| {
            round.set(round.get() + 1);
            runtime.block_on(try_rules(&w, &attempts, round.get()));
            Ok(())
        })
        .unwrap();
}

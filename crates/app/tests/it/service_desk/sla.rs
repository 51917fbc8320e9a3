//! SLA clocks in business hours, pauses, stops, reopening, automatic close, the escalation
//! sweep (once, even with two nodes) and recomputation, all on a fake clock.

use crate::support::people::user_id;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use helmdesk_app::service_desk::sla::{CalendarInput, NamedHoliday, SlaPolicyInput, Week};
use helmdesk_app::service_desk::tickets::{NewComment, NewTicket, Ticket, TicketPatch};
use helmdesk_app::store::Sql;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::service_desk::calendar::{Holiday, Step};
use helmdesk_domain::service_desk::sla::{ClockKind, ClockState, EscalationLevel, Recipient, Target};
use helmdesk_domain::{FakeClock, Level, TicketStatus};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

struct World {
    app: App,
    clock: Arc<FakeClock>,
    manager: Actor,
    /// The agent tickets are assigned to.
    bob: Actor,
    /// The lead of the service desk team.
    lead: i64,
    requester: Actor,
    network_team: i64,
    office: i64,
    standard: i64,
    db: TestDatabase,
}

fn office_week() -> Week {
    let day = vec!["08:00-12:00".to_string(), "13:00-17:00".to_string()];
    Week {
        monday: day.clone(),
        tuesday: day.clone(),
        wednesday: day.clone(),
        thursday: day.clone(),
        friday: day,
        ..Default::default()
    }
}

fn targets() -> Vec<Target> {
    (1..=5).map(|p| Target { priority: p, response_minutes: 240, resolution_minutes: 960 }).collect()
}

fn policy(name: &str, calendar_id: i64) -> SlaPolicyInput {
    SlaPolicyInput {
        name: name.into(),
        calendar_id,
        priority: None,
        kind: None,
        category_id: None,
        organisation_id: None,
        targets: targets(),
        warn_percent: 75,
        escalations: Vec::new(),
        active: true,
    }
}

/// Acme with a service desk team (Bob, and a lead), a network team, a manager, a
/// requester; an office-hours calendar in Amsterdam with Christmas off and a 24x7 one; a
/// standard policy (4 h response, 16 h resolution) and a critical one for priority 1.
async fn world(backend: Backend, start: &str) -> World {
    world_with(backend, start, AppSettings::default()).await
}

async fn world_with(backend: Backend, start: &str, settings: AppSettings) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(utc(start)));
    let app = App::new(db.store().await.unwrap(), clock.clone(), settings);
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await.unwrap();
    let org = s.create_organisation(&mut tx, "Acme", None, now).await.unwrap().id;
    tx.commit().await.unwrap();
    let manager = user_id(&app, "mia@acme.example", "manager", org).await;
    let bob = user_id(&app, "bob@acme.example", "agent", org).await;
    let lead = user_id(&app, "lena@acme.example", "agent", org).await;
    let nina = user_id(&app, "nina@acme.example", "agent", org).await;
    let requester = user_id(&app, "rita@acme.example", "requester", org).await;
    let mut tx = s.begin().await.unwrap();
    let desk = s.create_team(&mut tx, None, "Service Desk", "", &[bob, lead], now).await.unwrap().id;
    let network_team = s.create_team(&mut tx, None, "Network", "", &[nina], now).await.unwrap().id;
    tx.commit().await.unwrap();
    Sql::new("UPDATE teams SET lead_id = $1 WHERE id = $2").bind(lead).bind(desk).execute(s.db()).await.unwrap();
    let manager = app.actor_by_id(manager).await.unwrap();
    let office = CalendarInput {
        name: "Office hours".into(),
        time_zone: "Europe/Amsterdam".into(),
        week: office_week(),
        holidays: vec![NamedHoliday { name: "Christmas Day".into(), rule: Holiday::Yearly { month: 12, day: 25 } }],
        organisation_id: None,
    };
    let office = app.create_calendar(&manager, office).await.unwrap().id;
    let all_day = vec!["00:00-24:00".to_string()];
    let always = CalendarInput {
        name: "Around the clock".into(),
        time_zone: "UTC".into(),
        week: Week {
            monday: all_day.clone(),
            tuesday: all_day.clone(),
            wednesday: all_day.clone(),
            thursday: all_day.clone(),
            friday: all_day.clone(),
            saturday: all_day.clone(),
            sunday: all_day,
        },
        holidays: Vec::new(),
        organisation_id: None,
    };
    let always = app.create_calendar(&manager, always).await.unwrap().id;
    let standard = app.create_sla_policy(&manager, policy("Standard", office)).await.unwrap().id;
    let critical = SlaPolicyInput {
        priority: Some(1),
        targets: vec![Target { priority: 1, response_minutes: 15, resolution_minutes: 240 }],
        ..policy("Critical", always)
    };
    app.create_sla_policy(&manager, critical).await.unwrap();
    run_jobs(&app).await;
    World {
        bob: app.actor_by_id(bob).await.unwrap(),
        requester: app.actor_by_id(requester).await.unwrap(),
        app,
        clock,
        manager,
        lead,
        network_team,
        office,
        standard,
        db,
    }
}

impl World {
    /// Files a ticket as the requester, with impact and urgency giving the priority.
    async fn file(&self, subject: &str, impact: Level, urgency: Level) -> Ticket {
        let input = NewTicket { impact: Some(impact), urgency: Some(urgency), ..NewTicket::incident(subject, "") };
        self.app.create_ticket(&self.requester, input).await.unwrap()
    }

    /// A priority-3 ticket assigned to Bob in the service desk team.
    async fn assigned_ticket(&self) -> Ticket {
        let t = self.file("The printer is jammed", Level::Medium, Level::Medium).await;
        let desk = self.app.store().list_teams().await.unwrap().into_iter().find(|t| t.name == "Service Desk").unwrap();
        self.patch(
            t.id,
            TicketPatch { team_id: Some(Some(desk.id)), assignee_id: Some(Some(self.bob.id)), ..Default::default() },
        )
        .await
    }

    async fn patch(&self, id: i64, patch: TicketPatch) -> Ticket {
        self.app.update_ticket(&self.bob, id, patch, None).await.unwrap()
    }

    async fn status(&self, id: i64, status: TicketStatus) -> Ticket {
        self.patch(id, TicketPatch { status: Some(status), ..Default::default() }).await
    }

    async fn reply(&self, who: &Actor, id: i64, internal: bool) {
        let input = NewComment { body: "Any news?".into(), internal };
        self.app.add_comment(who, id, input).await.unwrap();
    }

    async fn get(&self, id: i64) -> Ticket {
        self.app.ticket(&self.manager, id).await.unwrap()
    }

    fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// The SLA notifications (warnings and escalations) a person received.
    async fn notifications(&self, user: i64) -> Vec<String> {
        let all = self.app.store().notifications(user, 100).await.unwrap();
        all.into_iter().map(|n| n.message).filter(|m| m.contains(" is due ") || m.contains("SLA breached")).collect()
    }
}

/// Runs every due job, as the workers would; returns their kinds.
async fn run_jobs(app: &App) -> Vec<String> {
    let mut kinds = Vec::new();
    while let Some(job) = app.store().claim_job("test", app.now_micros(), app.now_micros() + 60_000_000).await.unwrap()
    {
        app.run_job(&job).await.unwrap();
        app.store().complete_job(job.id, "test", app.now_micros()).await.unwrap();
        kinds.push(job.kind);
    }
    kinds
}

backend_tests!(
    a_ticket_gets_the_most_specific_policy_and_due_times_in_business_hours,
    the_clocks_stand_still_while_pending_and_the_due_times_move,
    a_staff_reply_stops_the_response_clock_and_resolving_judges_the_resolution,
    a_requester_reply_reopens_a_resolved_ticket_until_it_closes_automatically,
    the_sweep_warns_marks_breaches_and_escalates_each_level_once,
    two_nodes_sweeping_at_once_apply_each_escalation_once,
    changing_a_policy_recomputes_the_open_tickets_in_the_background,
    the_explanation_names_the_policy_the_segments_and_the_holidays,
    an_escalation_to_someone_is_refused_only_for_who_they_are_not_for_a_database_failure,
);

async fn an_escalation_to_someone_is_refused_only_for_who_they_are_not_for_a_database_failure(backend: Backend) {
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let to = |user: i64| EscalationLevel {
        clock: ClockKind::Resolution,
        after_minutes: 0,
        notify: vec![],
        reassign_team_id: None,
        reassign_user_id: Some(user),
        raise_priority: false,
    };
    let with_level = |user| SlaPolicyInput { escalations: vec![to(user)], ..policy("Escalating", w.office) };
    let refused = w.app.create_sla_policy(&w.manager, with_level(w.requester.id)).await;
    assert!(matches!(refused, Err(AppError::Invalid(..))), "a requester is not staff: {refused:?}");
    let unknown = w.app.create_sla_policy(&w.manager, with_level(i64::MAX)).await;
    assert!(matches!(unknown, Err(AppError::Invalid(..))), "nobody: {unknown:?}");
    // The people cannot be read: a failure of the database, not a mistake of the input.
    let s = w.app.store();
    let break_people = match backend {
        // SQLite keeps text in an integer column; reading it back fails.
        Backend::Sqlite => "UPDATE users SET created_at = 'not a time'",
        Backend::Postgres => "ALTER TABLE users RENAME COLUMN email TO email_gone",
    };
    Sql::new(break_people).execute(s.db()).await.unwrap();
    let failed = w.app.create_sla_policy(&w.manager, with_level(w.bob.id)).await;
    assert!(matches!(failed, Err(AppError::Internal(_))), "a database failure stays a 500: {failed:?}");
}

async fn a_ticket_gets_the_most_specific_policy_and_due_times_in_business_hours(backend: Backend) {
    // Friday 6 March 2026, 15:00 in Amsterdam (UTC+1).
    let w = world(backend, "2026-03-06T14:00:00Z").await;
    let t = w.file("Printer offline", Level::Medium, Level::Medium).await;
    assert_eq!(t.priority, 3);
    assert_eq!(t.sla.policy_id, Some(w.standard));
    assert_eq!(t.sla.state, Some(ClockState::Running));
    // 4 working hours: Friday 15-17, then Monday 08-10 local.
    assert_eq!(t.sla.response_due, Some(utc("2026-03-09T09:00:00Z")));
    // 16 working hours: Friday 2, Monday 8, Tuesday 08-12 and 13-15 local.
    assert_eq!(t.sla.resolution_due, Some(utc("2026-03-10T14:00:00Z")));

    let critical = w.file("Core switch down", Level::High, Level::High).await;
    assert_eq!(critical.priority, 1);
    assert_ne!(critical.sla.policy_id, Some(w.standard), "the priority-1 policy is more specific");
    assert_eq!(critical.sla.response_due, Some(utc("2026-03-06T14:15:00Z")), "24x7: 15 minutes later");

    // Raising the priority chooses the policy again and records why.
    let raised = w
        .patch(t.id, TicketPatch { impact: Some(Level::High), urgency: Some(Level::High), ..Default::default() })
        .await;
    assert_eq!(raised.sla.policy_id, critical.sla.policy_id);
    assert_eq!(raised.sla.response_due, Some(utc("2026-03-06T14:15:00Z")));
    let history = w.app.history(&w.manager, t.id).await.unwrap();
    let line = history.iter().find(|h| h.field == "sla_policy").expect("a history line for the new policy");
    assert_eq!((line.old_value.as_deref(), line.new_value.as_deref()), (Some("Standard"), Some("Critical")));
}

async fn the_clocks_stand_still_while_pending_and_the_due_times_move(backend: Backend) {
    // Monday 2 March 2026, 09:00 in Amsterdam.
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let t = w.assigned_ticket().await;
    assert_eq!(t.sla.response_due, Some(utc("2026-03-02T13:00:00Z")), "09-12 and 13-14 local");
    w.advance(Duration::hours(1));
    let pending = w.status(t.id, TicketStatus::Pending).await;
    assert_eq!(pending.sla.state, Some(ClockState::Paused));
    assert_eq!(pending.sla.response_due, None, "no due time while the clock stands still");
    assert!(pending.sla.paused_since.is_some());
    let explained = w.app.explain_sla(&w.bob, t.id).await.unwrap();
    let steps = &explained.clocks[0].steps;
    assert!(matches!(steps.first(), Some(Step::Counted { minutes: 60, .. })), "the hour counted: {steps:?}");
    assert!(matches!(steps.last(), Some(Step::Paused { .. })), "then the pause: {steps:?}");
    // Two days later (Wednesday 10:00 local) the requester answers: the clock runs again
    // with the three working hours it had left.
    w.advance(Duration::days(2));
    w.reply(&w.requester, t.id, false).await;
    let resumed = w.get(t.id).await;
    assert_eq!(resumed.status, TicketStatus::InProgress, "the requester's reply resumed it");
    assert_eq!(resumed.sla.state, Some(ClockState::Running));
    assert_eq!(resumed.sla.response_due, Some(utc("2026-03-04T13:00:00Z")), "Wednesday 10-12 and 13-14 local");
    let pauses = w.app.store().pauses(t.id).await.unwrap();
    assert_eq!(pauses.len(), 1);
    assert!(pauses[0].ended_at.is_some());
}

async fn a_staff_reply_stops_the_response_clock_and_resolving_judges_the_resolution(backend: Backend) {
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let t = w.assigned_ticket().await;
    w.advance(Duration::minutes(30));
    w.reply(&w.bob, t.id, true).await;
    w.reply(&w.requester, t.id, false).await;
    assert_eq!(w.get(t.id).await.first_response_at, None, "notes and the requester's words are no response");
    w.reply(&w.bob, t.id, false).await;
    let answered = w.get(t.id).await;
    assert_eq!(answered.first_response_at, Some(utc("2026-03-02T08:30:00Z")));
    assert_eq!(answered.sla.response_state, Some(ClockState::Met));
    assert_eq!(answered.sla.state, Some(ClockState::Running), "the resolution clock still runs");
    // Three days later: well past the 16 working hours.
    w.advance(Duration::days(3));
    assert_eq!(w.get(t.id).await.sla.resolution_state, Some(ClockState::Breached));
    let resolved = w
        .patch(
            t.id,
            TicketPatch {
                status: Some(TicketStatus::Resolved),
                resolution_code: Some(Some("fixed".into())),
                resolution_note: Some(Some("Cleared the paper path.".into())),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(resolved.sla.resolution_state, Some(ClockState::Breached));
    assert_eq!(resolved.sla.response_state, Some(ClockState::Met));
    assert_eq!(resolved.sla.state, Some(ClockState::Breached));
    assert_eq!(resolved.resolution_code.as_deref(), Some("fixed"));
    let bad = TicketPatch { resolution_code: Some(Some("<script>".into())), ..Default::default() };
    assert!(matches!(w.app.update_ticket(&w.bob, t.id, bad, None).await, Err(AppError::Invalid(_))));

    // A ticket resolved in time meets both clocks; resolving answers it too.
    let quick = w.assigned_ticket().await;
    w.advance(Duration::minutes(20));
    let done = w.status(quick.id, TicketStatus::Resolved).await;
    assert_eq!(done.sla.state, Some(ClockState::Met));
    assert_eq!(done.first_response_at, done.resolved_at);

    // A withdrawn ticket owes nothing.
    let withdrawn = w.assigned_ticket().await;
    let cancelled = w.status(withdrawn.id, TicketStatus::Cancelled).await;
    assert_eq!((cancelled.sla.state, cancelled.sla.resolution_due), (None, None));
}

async fn a_requester_reply_reopens_a_resolved_ticket_until_it_closes_automatically(backend: Backend) {
    let settings = AppSettings { auto_close_days: 5, ..Default::default() };
    let w = world_with(backend, "2026-03-02T08:00:00Z", settings).await;
    let t = w.assigned_ticket().await;
    w.advance(Duration::hours(1));
    w.status(t.id, TicketStatus::Resolved).await;
    w.advance(Duration::hours(1));
    w.reply(&w.requester, t.id, false).await;
    let reopened = w.get(t.id).await;
    assert_eq!(reopened.status, TicketStatus::InProgress);
    assert_eq!(reopened.reopen_count, 1);
    assert_eq!(reopened.resolved_at, None);
    assert_eq!(reopened.sla.resolution_state, Some(ClockState::Running));
    // The hour it stood resolved does not count: 16 h from Monday 09:00 local is Wednesday
    // 09:00, and an hour later.
    assert_eq!(reopened.sla.resolution_due, Some(utc("2026-03-04T09:00:00Z")));

    w.status(t.id, TicketStatus::Resolved).await;
    w.advance(Duration::days(4));
    assert_eq!(w.app.auto_close_resolved().await.unwrap(), 0, "not yet five days");
    w.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(w.app.auto_close_resolved().await.unwrap(), 1);
    let closed = w.get(t.id).await;
    assert_eq!(closed.status, TicketStatus::Closed);
    assert_eq!(closed.reopen_count, 1);
    let late = w.app.add_comment(&w.requester, t.id, NewComment { body: "Broken again".into(), internal: false }).await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "a closed ticket takes no requester replies");
}

async fn the_sweep_warns_marks_breaches_and_escalates_each_level_once(backend: Backend) {
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let escalations = vec![
        EscalationLevel {
            clock: ClockKind::Resolution,
            after_minutes: 0,
            notify: vec![Recipient::TeamLead, Recipient::Assignee],
            reassign_team_id: None,
            reassign_user_id: None,
            raise_priority: true,
        },
        EscalationLevel {
            clock: ClockKind::Resolution,
            after_minutes: 60,
            notify: vec![Recipient::Managers],
            reassign_team_id: Some(w.network_team),
            reassign_user_id: None,
            raise_priority: false,
        },
    ];
    let input = SlaPolicyInput { escalations, ..policy("Standard", w.office) };
    w.app.update_sla_policy(&w.manager, w.standard, input).await.unwrap();
    run_jobs(&w.app).await;
    let t = w.assigned_ticket().await;
    w.reply(&w.bob, t.id, false).await; // the response clock is met
    assert_eq!(w.app.sla_sweep().await.unwrap(), 0, "nothing is due yet");

    // 75 % of 16 working hours = 12 h: Monday 09-17 local (7 h) and Tuesday 08-12, 13-14.
    w.clock.advance(Duration::hours(29));
    assert_eq!(w.app.sla_sweep().await.unwrap(), 1);
    run_jobs(&w.app).await;
    let warnings = w.notifications(w.bob.id).await;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("resolution is due"), "{warnings:?}");
    w.app.sla_sweep().await.unwrap();
    run_jobs(&w.app).await;
    assert_eq!(w.notifications(w.bob.id).await.len(), 1, "a warning is sent once");

    // Past due (Wednesday 09:00 local): breached, priority raised, lead and assignee told.
    w.clock.advance(Duration::hours(19));
    w.app.sla_sweep().await.unwrap();
    w.app.sla_sweep().await.unwrap();
    run_jobs(&w.app).await;
    let breached = w.get(t.id).await;
    assert_eq!(breached.sla.resolution_state, Some(ClockState::Breached));
    assert_eq!(breached.priority, 2, "raised one step, once");
    assert_eq!(w.notifications(w.lead).await.len(), 1);
    assert_eq!(w.notifications(w.bob.id).await.len(), 2);

    // An hour later: moved to the network team (Bob is not in it), managers told.
    w.clock.advance(Duration::minutes(61));
    w.app.sla_sweep().await.unwrap();
    w.app.sla_sweep().await.unwrap();
    run_jobs(&w.app).await;
    let moved = w.get(t.id).await;
    assert_eq!(moved.team_id, Some(w.network_team));
    assert_eq!(moved.assignee_id, None);
    assert_eq!(w.notifications(w.manager.id).await.len(), 1);
    let applied = w.app.store().escalations(t.id).await.unwrap();
    let levels: Vec<(String, i64)> = applied.iter().map(|e| (e.clock.clone(), e.level)).collect();
    assert_eq!(levels, [("resolution".to_string(), 0), ("resolution".to_string(), 1), ("resolution".to_string(), 2)]);
    assert_eq!(w.app.store().ticket(t.id).await.unwrap().ticket.sla_next_check_at, None, "nothing left to do");
    let history = w.app.history(&w.manager, t.id).await.unwrap();
    assert_eq!(history.iter().filter(|h| h.field == "escalation").count(), 2);
    assert_eq!(history.iter().filter(|h| h.field == "sla_breached").count(), 1);
}

async fn two_nodes_sweeping_at_once_apply_each_escalation_once(backend: Backend) {
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let level = EscalationLevel {
        clock: ClockKind::Resolution,
        after_minutes: 0,
        notify: vec![Recipient::TeamLead],
        reassign_team_id: None,
        reassign_user_id: None,
        raise_priority: true,
    };
    let input = SlaPolicyInput { escalations: vec![level.clone(), level], ..policy("Standard", w.office) };
    w.app.update_sla_policy(&w.manager, w.standard, input).await.unwrap();
    run_jobs(&w.app).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(w.assigned_ticket().await.id);
    }
    w.clock.advance(Duration::days(7));
    // A second node: its own pools on the same database, the same clock.
    let other_store = w.db.store().await.unwrap();
    let other = App::new(other_store, w.clock.clone(), AppSettings::default());
    for _ in 0..3 {
        let (a, b) = tokio::join!(w.app.sla_sweep(), other.sla_sweep());
        a.unwrap();
        b.unwrap();
    }
    run_jobs(&w.app).await;
    for id in ids {
        let applied = w.app.store().escalations(id).await.unwrap();
        assert_eq!(applied.len(), 4, "warning and two levels of resolution, warning of response: {applied:?}");
        let t = w.app.store().ticket(id).await.unwrap().ticket;
        assert_eq!(t.priority, 1, "two raises from 3, not more");
        let history = w.app.store().history(id).await.unwrap();
        assert_eq!(history.iter().filter(|h| h.field == "escalation").count(), 2);
    }
    // Each level notified the lead once per ticket: 12 tickets x 2 levels.
    assert_eq!(w.notifications(w.lead).await.len(), 24);
}

async fn changing_a_policy_recomputes_the_open_tickets_in_the_background(backend: Backend) {
    let w = world(backend, "2026-03-02T08:00:00Z").await;
    let open = w.assigned_ticket().await;
    let done = w.assigned_ticket().await;
    w.status(done.id, TicketStatus::Resolved).await;
    let done_before = w.get(done.id).await;
    let shorter = SlaPolicyInput {
        targets: (1..=5).map(|p| Target { priority: p, response_minutes: 60, resolution_minutes: 120 }).collect(),
        ..policy("Standard", w.office)
    };
    w.app.update_sla_policy(&w.manager, w.standard, shorter).await.unwrap();
    assert!(run_jobs(&w.app).await.contains(&"sla.recompute".to_string()));
    let recomputed = w.get(open.id).await;
    assert_eq!(recomputed.sla.resolution_due, Some(utc("2026-03-02T10:00:00Z")), "two working hours from 09:00 local");
    assert_eq!(w.get(done.id).await.sla, done_before.sla, "a resolved ticket keeps its record");
    let progress = w.app.sla_recompute_progress(&w.manager).await.unwrap().unwrap();
    assert_eq!((progress.status.as_str(), progress.done, progress.total), ("done", 1, Some(1)));

    // A policy that no longer applies leaves the open ticket without an SLA, and says so.
    let inactive = SlaPolicyInput { active: false, ..policy("Standard", w.office) };
    w.app.update_sla_policy(&w.manager, w.standard, inactive).await.unwrap();
    run_jobs(&w.app).await;
    let t = w.get(open.id).await;
    assert_eq!((t.sla.policy_id, t.sla.state, t.sla.resolution_due), (None, None, None));
    let history = w.app.history(&w.manager, open.id).await.unwrap();
    assert!(history.iter().any(|h| h.field == "sla_policy" && h.new_value.is_none()));
}

async fn the_explanation_names_the_policy_the_segments_and_the_holidays(backend: Backend) {
    // Thursday 24 December 2026, 16:00 in Amsterdam: Christmas Day is skipped.
    let w = world(backend, "2026-12-24T15:00:00Z").await;
    let t = w.assigned_ticket().await;
    let e = w.app.explain_sla(&w.bob, t.id).await.unwrap();
    assert_eq!(e.policy.as_ref().map(|p| p.name.as_str()), Some("Standard"));
    assert_eq!(e.calendar.as_ref().map(|c| c.time_zone.as_str()), Some("Europe/Amsterdam"));
    let response = e.clocks.iter().find(|c| c.clock == ClockKind::Response).unwrap();
    assert_eq!(response.target_minutes, 240);
    assert_eq!(response.due, Some(utc("2026-12-28T10:00:00Z")), "1 h Thursday, then Monday 08-11 local");
    assert!(response.steps.iter().any(|s| matches!(s, Step::Holiday { date } if date.to_string() == "2026-12-25")));
    let counted: i64 =
        response.steps.iter().map(|s| if let Step::Counted { minutes, .. } = s { *minutes } else { 0 }).sum();
    assert_eq!(counted, 240);
    let outsider = w
        .app
        .actor_by_id(user_id(&w.app, "sam@acme.example", "requester", w.requester.organisation_id).await)
        .await
        .unwrap();
    // Requesters see due times on the ticket, not how they are computed.
    assert!(matches!(w.app.explain_sla(&outsider, t.id).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.explain_sla(&w.requester, t.id).await, Err(AppError::Forbidden(_))));
}

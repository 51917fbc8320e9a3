//! Routing by assignment rules on a fake clock: rule order and reordering, keywords, the
//! organisation subtree, round robin and least loaded (skipping people who are away or
//! cannot see the ticket), explicit teams, inactive rules, and concurrent filings.

use crate::support::people::user_id;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use helmdesk_app::platform::users::UserUpdate;
use helmdesk_app::service_desk::routing::{AssignmentRuleInput, AssignmentRulePatch};
use helmdesk_app::service_desk::tickets::{NewTicket, Ticket, TicketPatch};
use helmdesk_app::store::Sql;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::service_desk::routing::RoutingMethod;
use helmdesk_domain::{FakeClock, TicketKind, TicketStatus};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

backend_tests!(
    the_first_matching_rule_in_order_routes_and_moving_a_rule_changes_which,
    keywords_match_whole_words_and_organisations_match_their_subsidiaries,
    round_robin_rotates_through_the_agents_skipping_the_one_away,
    least_loaded_gives_the_ticket_to_the_agent_with_the_fewest_open_tickets,
    a_team_or_assignee_given_at_filing_bypasses_the_rules,
    inactive_rules_and_the_team_method_assign_nobody,
    concurrent_filings_take_turns_as_if_filed_one_by_one,
    away_is_set_by_agents_for_themselves_and_by_managers_for_their_organisations,
    a_ticket_given_by_hand_counts_as_the_members_turn,
    the_requester_sees_what_happened_to_their_ticket_not_how_the_desk_runs_it,
);

async fn the_requester_sees_what_happened_to_their_ticket_not_how_the_desk_runs_it(backend: Backend) {
    let w = world(backend).await;
    w.add_rule(rule("Everything to the network", w.network, RoutingMethod::RoundRobin)).await;
    let t = w.file("VPN drops", "").await;
    assert_eq!(w.routed_by(&t).await.as_deref(), Some("Everything to the network"), "staff see the rule");
    let seen = w.app.history(&w.requester, t.id).await.unwrap();
    let fields: Vec<&str> = seen.iter().map(|h| h.field.as_str()).collect();
    assert_eq!(fields, ["created"], "which rule routed it is the desk's business");
    assert_eq!((t.team_name.as_deref(), t.assignee_id.is_some()), (Some("Network"), true), "who has it is theirs");
    let explained = w.app.explain_sla(&w.requester, t.id).await;
    assert!(matches!(explained, Err(AppError::Forbidden(_))), "how the SLA is computed: {explained:?}");
}

struct World {
    app: App,
    clock: Arc<FakeClock>,
    manager: Actor,
    requester: Actor,
    /// A requester of Acme Labs, a subsidiary of Acme.
    labs_requester: Actor,
    /// Network: Ann, Bob, Cal (agents of Acme), Dan (away), Finn (an agent of Other Corp).
    network: i64,
    /// Desk: Eve.
    desk: i64,
    ann: i64,
    bob: i64,
    cal: i64,
    dan: i64,
    eve: i64,
    finn: i64,
    acme: i64,
    _db: TestDatabase,
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc);
    let clock = Arc::new(FakeClock::new(start));
    let app = App::new(db.store().await.unwrap(), clock.clone(), AppSettings::default());
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, now).await.unwrap().id;
    let labs = s.create_organisation(&mut tx, "Acme Labs", Some(acme), now).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, now).await.unwrap().id;
    tx.commit().await.unwrap();
    let manager = user_id(&app, "mia@acme.example", "manager", acme).await;
    let ann = user_id(&app, "ann@acme.example", "agent", acme).await;
    let bob = user_id(&app, "bob@acme.example", "agent", acme).await;
    let dan = user_id(&app, "dan@acme.example", "agent", acme).await;
    let cal = user_id(&app, "cal@acme.example", "agent", acme).await;
    let eve = user_id(&app, "eve@acme.example", "agent", acme).await;
    let finn = user_id(&app, "finn@other.example", "agent", other).await;
    let requester = user_id(&app, "rita@acme.example", "requester", acme).await;
    let labs_requester = user_id(&app, "lars@labs.example", "requester", labs).await;
    let mut tx = s.begin().await.unwrap();
    let network = s.create_team(&mut tx, None, "Network", "", &[ann, bob, cal, dan, finn], now).await.unwrap().id;
    let desk = s.create_team(&mut tx, None, "Desk", "", &[eve], now).await.unwrap().id;
    tx.commit().await.unwrap();
    // Dan marks himself away.
    let dan_actor = app.actor_by_id(dan).await.unwrap();
    let away = UserUpdate { away: Some(true), ..Default::default() };
    assert!(app.update_user(&dan_actor, dan, away).await.unwrap().away);
    World {
        manager: app.actor_by_id(manager).await.unwrap(),
        requester: app.actor_by_id(requester).await.unwrap(),
        labs_requester: app.actor_by_id(labs_requester).await.unwrap(),
        app,
        clock,
        network,
        desk,
        ann,
        bob,
        cal,
        dan,
        eve,
        finn,
        acme,
        _db: db,
    }
}

fn rule(name: &str, team_id: i64, method: RoutingMethod) -> AssignmentRuleInput {
    AssignmentRuleInput {
        name: name.into(),
        position: None,
        active: true,
        kind: None,
        category_id: None,
        organisation_id: None,
        keywords: Vec::new(),
        team_id,
        method,
    }
}

fn filing(subject: &str, description: &str) -> NewTicket {
    NewTicket::incident(subject, description)
}

impl World {
    async fn add_rule(&self, input: AssignmentRuleInput) -> i64 {
        self.app.create_assignment_rule(&self.manager, input).await.unwrap().id
    }

    /// Files a ticket as the requester, a minute after the previous one.
    async fn file(&self, subject: &str, description: &str) -> Ticket {
        self.clock.advance(Duration::minutes(1));
        self.app.create_ticket(&self.requester, filing(subject, description)).await.unwrap()
    }

    /// The rule named by the ticket's "routed" history line, if any.
    async fn routed_by(&self, t: &Ticket) -> Option<String> {
        let history = self.app.history(&self.manager, t.id).await.unwrap();
        let lines: Vec<_> = history.iter().filter(|h| h.field == "routed").collect();
        assert!(lines.len() <= 1, "one routing line at most");
        lines.first().and_then(|h| h.new_value.clone())
    }

    async fn last_assigned(&self, team: i64, user: i64) -> Option<i64> {
        Sql::new("SELECT last_assigned_at FROM team_members WHERE team_id = $1 AND user_id = $2")
            .bind(team)
            .bind(user)
            .scalar(self.app.store().db())
            .await
            .unwrap()
    }
}

async fn the_first_matching_rule_in_order_routes_and_moving_a_rule_changes_which(backend: Backend) {
    let w = world(backend).await;
    let t = w.file("Nothing routes yet", "").await;
    assert_eq!((t.team_id, t.assignee_id), (None, None));
    assert_eq!(w.routed_by(&t).await, None);

    let to_desk = w.add_rule(rule("Everything to the desk", w.desk, RoutingMethod::Team)).await;
    let incidents =
        AssignmentRuleInput { kind: Some(TicketKind::Incident), ..rule("Incidents", w.network, RoutingMethod::Team) };
    let to_network = w.add_rule(incidents).await;
    let t = w.file("Laptop broken", "").await;
    assert_eq!(t.team_id, Some(w.desk), "the first rule matches everything");
    assert_eq!(t.team_name.as_deref(), Some("Desk"));
    assert_eq!(w.routed_by(&t).await.as_deref(), Some("Everything to the desk"));

    let top = AssignmentRulePatch { position: Some(1), ..Default::default() };
    let moved = w.app.update_assignment_rule(&w.manager, to_network, top).await.unwrap();
    assert_eq!(moved.position, 1);
    let rules = w.app.list_assignment_rules(&w.manager).await.unwrap();
    assert_eq!(rules.iter().map(|r| (r.id, r.position)).collect::<Vec<_>>(), [(to_network, 1), (to_desk, 2)]);
    let t = w.file("Laptop broken again", "").await;
    assert_eq!(t.team_id, Some(w.network));
    assert_eq!(w.routed_by(&t).await.as_deref(), Some("Incidents"));
    let request = NewTicket { kind: TicketKind::ServiceRequest, ..filing("New monitor please", "") };
    let t = w.app.create_ticket(&w.requester, request).await.unwrap();
    assert_eq!(t.team_id, Some(w.desk), "a request falls through to the next rule");

    // Deleting the first rule moves the next one up.
    w.app.delete_assignment_rule(&w.manager, to_network).await.unwrap();
    let rules = w.app.list_assignment_rules(&w.manager).await.unwrap();
    assert_eq!(rules.iter().map(|r| (r.id, r.position)).collect::<Vec<_>>(), [(to_desk, 1)]);
    assert_eq!(w.file("After the delete", "").await.team_id, Some(w.desk));
}

async fn keywords_match_whole_words_and_organisations_match_their_subsidiaries(backend: Backend) {
    let w = world(backend).await;
    let vpn =
        AssignmentRuleInput { keywords: vec!["VPN, tunnel".into()], ..rule("VPN", w.network, RoutingMethod::Team) };
    w.add_rule(vpn).await;
    let acme_only = AssignmentRuleInput {
        organisation_id: Some(Some(w.acme)),
        ..rule("Acme and below", w.desk, RoutingMethod::Team)
    };
    w.add_rule(acme_only).await;

    let t = w.file("Cannot connect", "The Vpn drops every minute").await;
    assert_eq!((t.team_id, w.routed_by(&t).await.as_deref()), (Some(w.network), Some("VPN")), "in the description");
    let t = w.file("TUNNEL down", "").await;
    assert_eq!(t.team_id, Some(w.network), "any keyword, any case");
    let t = w.file("vpnclient update", "openvpn config").await;
    assert_eq!(t.team_id, Some(w.desk), "only whole words match");

    w.clock.advance(Duration::minutes(1));
    let labs = w.app.create_ticket(&w.labs_requester, filing("Printer", "")).await.unwrap();
    assert_eq!(labs.team_id, Some(w.desk), "a subsidiary's ticket matches its parent's rule");
}

async fn round_robin_rotates_through_the_agents_skipping_the_one_away(backend: Backend) {
    let w = world(backend).await;
    w.add_rule(rule("Network round robin", w.network, RoutingMethod::RoundRobin)).await;
    let mut assignees = Vec::new();
    for i in 0..6 {
        let t = w.file(&format!("Switch {i} down"), "").await;
        assert_eq!(t.team_id, Some(w.network));
        assert_eq!(t.status, TicketStatus::Assigned);
        assert_eq!(w.routed_by(&t).await.as_deref(), Some("Network round robin"));
        assignees.push(t.assignee_id.unwrap());
        let name = t.assignee_name.clone().unwrap();
        assert_eq!(w.app.ticket(&w.manager, t.id).await.unwrap().assignee_name, Some(name));
    }
    // Never assigned first, by id (Ann, Bob, Cal); Dan is away; Finn cannot see Acme.
    assert_eq!(assignees, [w.ann, w.bob, w.cal, w.ann, w.bob, w.cal]);
    assert_eq!(w.last_assigned(w.network, w.dan).await, None);
    assert_eq!(w.last_assigned(w.network, w.finn).await, None);
    let ann_at = w.last_assigned(w.network, w.ann).await.unwrap();
    assert!(ann_at < w.last_assigned(w.network, w.cal).await.unwrap());

    // Back from leave, Dan is next: he was never assigned.
    let back = UserUpdate { away: Some(false), ..Default::default() };
    w.app.update_user(&w.manager, w.dan, back).await.unwrap();
    assert_eq!(w.file("Router down", "").await.assignee_id, Some(w.dan));
    // The assignee hears of the ticket; the rest of the team does not.
    let notes = w.app.store().notifications(w.dan, 10).await.unwrap();
    assert!(notes.iter().any(|n| n.message.contains("was assigned to you")), "{notes:?}");
    assert!(w.app.store().notifications(w.finn, 10).await.unwrap().is_empty());

    // Nobody available: the ticket stays with the team and the team hears of it.
    for user in [w.ann, w.bob, w.cal, w.dan] {
        let away = UserUpdate { away: Some(true), ..Default::default() };
        w.app.update_user(&w.manager, user, away).await.unwrap();
    }
    let t = w.file("Everyone is away", "").await;
    assert_eq!((t.team_id, t.assignee_id, t.status), (Some(w.network), None, TicketStatus::New));
    let notes = w.app.store().notifications(w.ann, 50).await.unwrap();
    assert!(notes.iter().any(|n| n.message.contains("New ticket for your team") && n.ticket_id == Some(t.id)));
}

async fn least_loaded_gives_the_ticket_to_the_agent_with_the_fewest_open_tickets(backend: Backend) {
    let w = world(backend).await;
    // Ann has two open tickets, Cal one; Bob has two resolved ones, which do not count.
    for (who, n, resolve) in [(w.ann, 2, false), (w.bob, 2, true), (w.cal, 1, false)] {
        for i in 0..n {
            let input = NewTicket { assignee_id: Some(who), ..filing(&format!("Earlier {i}"), "") };
            let t = w.app.create_ticket(&w.manager, input).await.unwrap();
            if resolve {
                let done = TicketPatch { status: Some(TicketStatus::Resolved), ..Default::default() };
                w.app.update_ticket(&w.manager, t.id, done, None).await.unwrap();
            }
        }
    }
    w.add_rule(rule("Network least loaded", w.network, RoutingMethod::LeastLoaded)).await;
    let mut assignees = Vec::new();
    for i in 0..4 {
        assignees.push(w.file(&format!("Load {i}"), "").await.assignee_id.unwrap());
    }
    // Bob (0); then Bob and Cal have one each and Cal was never routed to; then Bob
    // (1, routed to earlier than Cal); then all three have two: Ann was never routed to.
    assert_eq!(assignees, [w.bob, w.cal, w.bob, w.ann]);
}

async fn a_team_or_assignee_given_at_filing_bypasses_the_rules(backend: Backend) {
    let w = world(backend).await;
    w.add_rule(rule("Network round robin", w.network, RoutingMethod::RoundRobin)).await;
    let with_team = NewTicket { team_id: Some(w.desk), ..filing("For the desk", "") };
    let t = w.app.create_ticket(&w.manager, with_team).await.unwrap();
    assert_eq!((t.team_id, t.assignee_id), (Some(w.desk), None));
    assert_eq!(w.routed_by(&t).await, None);
    let with_assignee = NewTicket { assignee_id: Some(w.eve), ..filing("For Eve", "") };
    let t = w.app.create_ticket(&w.manager, with_assignee).await.unwrap();
    assert_eq!((t.team_id, t.assignee_id), (None, Some(w.eve)));
    assert_eq!(w.routed_by(&t).await, None);
    for user in [w.ann, w.bob, w.cal] {
        assert_eq!(w.last_assigned(w.network, user).await, None, "nothing was handed out");
    }
}

async fn inactive_rules_and_the_team_method_assign_nobody(backend: Backend) {
    let w = world(backend).await;
    let first = w.add_rule(rule("Network round robin", w.network, RoutingMethod::RoundRobin)).await;
    w.add_rule(rule("Desk pool", w.desk, RoutingMethod::Team)).await;
    let off = AssignmentRulePatch { active: Some(false), ..Default::default() };
    assert!(!w.app.update_assignment_rule(&w.manager, first, off).await.unwrap().active);
    let t = w.file("Anything", "").await;
    assert_eq!((t.team_id, t.assignee_id, t.status), (Some(w.desk), None, TicketStatus::New));
    assert_eq!(w.routed_by(&t).await.as_deref(), Some("Desk pool"));
    let notes = w.app.store().notifications(w.eve, 10).await.unwrap();
    assert!(notes.iter().any(|n| n.message.starts_with("New ticket for your team")), "the pool hears of it");
}

async fn concurrent_filings_take_turns_as_if_filed_one_by_one(backend: Backend) {
    let w = world(backend).await;
    w.add_rule(rule("Network round robin", w.network, RoutingMethod::RoundRobin)).await;
    // The clock stands still: every filing happens in the same instant.
    let filings = (0..30).map(|i| {
        let (app, requester) = (w.app.clone(), w.requester.clone());
        tokio::spawn(async move { app.create_ticket(&requester, filing(&format!("Crowd {i}"), "")).await })
    });
    let mut counts = std::collections::BTreeMap::new();
    for f in futures::future::join_all(filings).await {
        let t = f.unwrap().unwrap();
        *counts.entry(t.assignee_id.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(counts.into_iter().collect::<Vec<_>>(), [(w.ann, 10), (w.bob, 10), (w.cal, 10)]);
    let stamps = [w.ann, w.bob, w.cal].map(|u| w.last_assigned(w.network, u));
    let mut stamps: Vec<i64> = futures::future::join_all(stamps).await.into_iter().map(Option::unwrap).collect();
    stamps.dedup();
    assert_eq!(stamps.len(), 3, "assignments in one instant are still told apart: {stamps:?}");
}

async fn away_is_set_by_agents_for_themselves_and_by_managers_for_their_organisations(backend: Backend) {
    let w = world(backend).await;
    let ann = w.app.actor_by_id(w.ann).await.unwrap();
    let away = || UserUpdate { away: Some(true), ..Default::default() };
    assert!(w.app.update_user(&ann, w.ann, away()).await.unwrap().away);
    assert!(matches!(w.app.update_user(&ann, w.bob, away()).await, Err(AppError::Forbidden(_))), "not someone else");
    let rename = UserUpdate { away: Some(false), name: Some("Annie".into()), ..Default::default() };
    assert!(matches!(w.app.update_user(&ann, w.ann, rename).await, Err(AppError::Forbidden(_))), "nothing more");
    assert!(w.app.update_user(&w.manager, w.bob, away()).await.unwrap().away);
    assert!(matches!(w.app.update_user(&w.manager, w.finn, away()).await, Err(AppError::NotFound)), "other org");
    assert!(matches!(w.app.update_user(&w.requester, w.requester.id, away()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.update_user(&w.requester, w.ann, away()).await, Err(AppError::NotFound)));
    assert!(w.app.user(&w.manager, w.ann).await.unwrap().away);
    assert!(!w.app.user(&w.manager, w.cal).await.unwrap().away);
}

async fn a_ticket_given_by_hand_counts_as_the_members_turn(backend: Backend) {
    let w = world(backend).await;
    let first = w.file("Printer jammed", "").await;
    assert_eq!(first.assignee_id, None, "no rule yet");
    // Ann takes a Network ticket by hand before any rule exists.
    let patch = TicketPatch { team_id: Some(Some(w.network)), assignee_id: Some(Some(w.ann)), ..Default::default() };
    w.app.update_ticket(&w.manager, first.id, patch, None).await.unwrap();
    assert!(w.last_assigned(w.network, w.ann).await.is_some());
    // Round robin now starts with those who have had no turn: Bob, then Cal, then Ann.
    w.add_rule(rule("Network round robin", w.network, RoutingMethod::RoundRobin)).await;
    let mut assignees = Vec::new();
    for i in 0..3 {
        assignees.push(w.file(&format!("Switch {i} down"), "").await.assignee_id.unwrap());
    }
    assert_eq!(assignees, [w.bob, w.cal, w.ann]);
    // A ticket given to someone outside the ticket's team stamps nobody.
    let desk_ticket = w.file("Desk question", "").await;
    let patch = TicketPatch { team_id: Some(Some(w.desk)), assignee_id: Some(Some(w.bob)), ..Default::default() };
    let before = w.last_assigned(w.network, w.bob).await;
    w.app.update_ticket(&w.manager, desk_ticket.id, patch, None).await.unwrap();
    assert_eq!(w.last_assigned(w.network, w.bob).await, before);
}

//! The service desk's part of the demo (`serve --demo`, `crate::demo`): categories and a
//! few hundred tickets in every state, with replies, internal notes and history spread
//! over the last two months, assignment rules, and service levels (calendars, policies
//! with escalation) whose clocks the tickets carry. Deterministic (a fixed seed).

use helmdesk_domain::service_desk::routing::RoutingMethod;
use helmdesk_domain::service_desk::sla::{ClockKind, EscalationLevel, Recipient, Target};
use helmdesk_domain::{Level, TicketKind, TicketStatus};
use helmdesk_store::service_desk::surveys::SurveyRow;
use helmdesk_store::service_desk::tickets::{Effects, NewHistory, TicketRow};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::platform::auth::new_secret;
use crate::platform::demo::DemoPeople;
use crate::secrets::secret_hash;
use crate::service_desk::routing::AssignmentRuleInput;
use crate::service_desk::sla::{CalendarInput, SlaPolicyInput};
use crate::{App, AppError};

const CATEGORIES: &[(&str, &str)] = &[
    ("Hardware", "Laptops, desktops, monitors, docking stations, peripherals"),
    ("Software", "Installations, licences, application errors"),
    ("Network", "Wi-Fi, VPN, connectivity, firewall requests"),
    ("Access", "Accounts, passwords, permissions, MFA"),
    ("Email", "Mailboxes, calendars, distribution lists"),
    ("Printing", "Printers, scanners, print queues"),
    ("Telephony", "Desk phones, mobiles, softphones"),
];

/// (category index, kind is request, subject, description)
const SUBJECTS: &[(usize, bool, &str, &str)] = &[
    (
        0,
        false,
        "Laptop does not boot after update",
        "My laptop shows a black screen after last night's update. The power light is on.",
    ),
    (
        0,
        false,
        "External monitor flickers",
        "The second monitor flickers every few seconds when connected through the dock.",
    ),
    (0, true, "New laptop for new hire", "Please prepare a standard laptop for a new colleague starting next Monday."),
    (0, false, "Keyboard keys not working", "Several keys (E, R, T) stopped responding on my laptop keyboard."),
    (0, true, "Request for a second monitor", "I would like a second 27\" monitor for my desk."),
    (0, false, "Docking station not detected", "The USB-C dock is not recognised; no network and no screens."),
    (
        1,
        false,
        "Excel crashes when opening large files",
        "Excel closes without an error when I open the quarterly report.",
    ),
    (1, true, "Install Visio", "I need Microsoft Visio for process diagrams."),
    (1, false, "ERP client shows error 1603", "The ERP client fails to start with error 1603 since this morning."),
    (1, true, "Licence for Adobe Acrobat Pro", "Please assign an Acrobat Pro licence to me for contract editing."),
    (1, false, "Teams meetings freeze", "Video freezes in every Teams meeting after a few minutes."),
    (
        2,
        false,
        "VPN disconnects every 10 minutes",
        "The VPN drops the connection roughly every ten minutes when working from home.",
    ),
    (2, false, "No Wi-Fi in meeting room 3.14", "Nobody can connect to the corporate Wi-Fi in meeting room 3.14."),
    (2, true, "Firewall rule for supplier portal", "Please allow outbound HTTPS to our supplier's new portal."),
    (
        2,
        false,
        "Network drive S: not reachable",
        "The shared drive S: is not available; Explorer says the path is not found.",
    ),
    (3, false, "Password expired and locked out", "My password expired while on leave and now my account is locked."),
    (3, true, "Access to the finance share", "Please grant me read access to the Finance shared folder."),
    (3, false, "MFA prompts not arriving", "I am not receiving the MFA push notifications on my new phone."),
    (3, true, "New account for contractor", "A contractor joins the project for three months and needs an account."),
    (3, true, "Remove access for leaver", "Please disable the accounts of a colleague who left on Friday."),
    (4, false, "Emails stuck in outbox", "Messages stay in the outbox and are never sent."),
    (4, true, "Shared mailbox for the sales team", "Please create a shared mailbox sales-support for the sales team."),
    (4, false, "Calendar invites arrive twice", "Everyone receives my meeting invitations twice."),
    (4, false, "Mailbox almost full", "I get warnings that my mailbox is almost full."),
    (5, false, "Printer on floor 2 jams constantly", "The printer near the kitchen on floor 2 jams on every job."),
    (5, false, "Cannot scan to email", "Scan-to-email on the multifunction printer fails with an SMTP error."),
    (5, true, "Add printer to my laptop", "Please add the colour printer in room 1.08 to my laptop."),
    (6, false, "Desk phone shows no service", "My desk phone shows 'No service' since the office move."),
    (6, true, "New mobile phone", "My company phone's battery is failing; I need a replacement."),
    (6, false, "Softphone has no audio", "Calls connect in the softphone but neither side hears anything."),
];

const REPLIES: &[&str] = &[
    "Thanks for reporting this. I am looking into it now.",
    "Could you tell me when this started and whether colleagues are affected too?",
    "I have applied a fix on our side. Could you please try again and let me know?",
    "This is done. Let us know if anything else is needed.",
    "We have ordered the part; it should arrive within two working days.",
];

const NOTES: &[&str] = &[
    "Same symptom as last month's driver issue; rolling back the driver.",
    "Checked the logs: certificate on the gateway expires soon, raised with the network team.",
    "Waiting for vendor response on case 4471.",
    "User confirmed by phone. Closing after the usual waiting period.",
];

const REQUESTER_REPLIES: &[&str] = &[
    "It started yesterday afternoon. My neighbour has the same problem.",
    "Thank you, it works again!",
    "Still the same, unfortunately.",
];

impl App {
    /// Whether the service desk holds data already (tickets or categories): then the demo
    /// is not loaded.
    pub(crate) async fn service_desk_has_data(&self) -> Result<bool, AppError> {
        let has_tickets = self.store().ticket_counts().await?.iter().any(|(_, n)| *n > 0);
        Ok(has_tickets || !self.store().list_categories().await?.is_empty())
    }

    /// The service desk's demo, for the people of `people`: categories, service levels,
    /// assignment rules and a few hundred tickets. Returns the number of tickets.
    pub(crate) async fn demo_service_desk(&self, people: &DemoPeople) -> Result<usize, AppError> {
        let mut rng = StdRng::seed_from_u64(20261122);
        let now = self.now_micros();
        let store = self.store();
        let agents: Vec<i64> = people.agents.iter().map(|(id, _)| *id).collect();
        let (requesters, team_ids) = (&people.requesters, &people.teams);
        let mut tx = store.begin().await?;
        let mut category_ids = Vec::new();
        for (name, description) in CATEGORIES {
            category_ids.push(store.create_category(&mut tx, name, description, now).await?.id);
        }
        tx.commit().await?;
        self.demo_service_levels(agents[0]).await?;
        self.demo_routing(agents[0], team_ids, &category_ids).await?;

        let count = 320;
        let day = 86_400_000_000i64;
        let mut resolved_tickets = Vec::new();
        for i in 0..count {
            let (category, is_request, subject, description) = *SUBJECTS.choose(&mut rng).unwrap_or(&SUBJECTS[0]);
            let (requester, org, dept) = *requesters.choose(&mut rng).ok_or(AppError::NotFound)?;
            let levels = [Level::High, Level::Medium, Level::Medium, Level::Low, Level::Low];
            let impact = *levels.choose(&mut rng).unwrap_or(&Level::Medium);
            let urgency = *levels.choose(&mut rng).unwrap_or(&Level::Medium);
            // Older tickets are more likely to be finished.
            let age = (count - i) as i64 * 60 * day / count as i64 + rng.random_range(0..day / 2);
            let created = now - age;
            let roll = rng.random_range(0..100);
            let status = match (age / day, roll) {
                (d, r) if d > 14 && r < 85 => TicketStatus::Closed,
                (d, r) if d > 14 && r < 92 => TicketStatus::Resolved,
                (_, r) if r < 5 => TicketStatus::Cancelled,
                (_, r) if r < 20 => TicketStatus::New,
                (_, r) if r < 35 => TicketStatus::Assigned,
                (_, r) if r < 60 => TicketStatus::InProgress,
                (_, r) if r < 72 => TicketStatus::Pending,
                (_, r) if r < 92 => TicketStatus::Resolved,
                _ => TicketStatus::Closed,
            };
            let team = team_ids[match category {
                0 | 5 | 6 => 1,
                2 => 2,
                1 => 3,
                _ => 0,
            }];
            let assignee = (status != TicketStatus::New).then(|| *agents.choose(&mut rng).unwrap_or(&agents[0]));
            let tl = Timeline::draw(&mut rng, created, now);
            let resolved_at = matches!(status, TicketStatus::Resolved | TicketStatus::Closed).then_some(tl.resolved);
            let closed_at = match status {
                TicketStatus::Closed => Some(tl.closed),
                TicketStatus::Cancelled => Some(tl.responded),
                _ => None,
            };
            let step = |n: i64| [created, tl.responded, tl.worked, tl.resolved, tl.closed][n as usize];
            let row = TicketRow {
                id: 0,
                number: None,
                kind: if is_request { "service_request" } else { "incident" }.into(),
                subject: subject.into(),
                description: description.into(),
                requester_id: requester,
                organisation_id: org,
                department_id: Some(dept),
                category_id: Some(category_ids[category]),
                impact: impact.as_str().into(),
                urgency: urgency.as_str().into(),
                priority: self.settings().priority_matrix.priority(impact, urgency).into(),
                status: status.as_str().into(),
                team_id: Some(team),
                assignee_id: assignee,
                version: 1,
                created_by: requester,
                created_at: created,
                updated_at: closed_at.or(resolved_at).unwrap_or(step(2)),
                resolved_at,
                closed_at,
                first_response_at: (assignee.is_some() && status != TicketStatus::Cancelled)
                    .then_some(tl.responded + 1)
                    .or(resolved_at),
                ..Default::default()
            };
            let mut row = row;
            let still_since = match status {
                TicketStatus::Pending => Some(tl.worked),
                _ => resolved_at.or(closed_at),
            };
            self.replay_clocks(&mut row, still_since).await?;
            let mut tx = store.begin().await?;
            let ticket = store.insert_ticket(&mut tx, &row).await?;
            if let Some(at) = resolved_at {
                resolved_tickets.push((ticket.id, at));
            }
            let line = |field: &str, old: Option<&str>, new: Option<&str>| NewHistory {
                field: field.into(),
                old_value: old.map(str::to_string),
                new_value: new.map(str::to_string),
            };
            store
                .insert_history(
                    &mut tx,
                    ticket.id,
                    Some(requester),
                    &[line("created", None, ticket.number.as_deref())],
                    created,
                )
                .await?;
            let mut state = "new";
            let mut walk = vec![];
            if assignee.is_some() {
                walk.push((1, "assigned"));
            }
            if matches!(
                status,
                TicketStatus::InProgress | TicketStatus::Pending | TicketStatus::Resolved | TicketStatus::Closed
            ) {
                walk.push((2, "in_progress"));
            }
            if status == TicketStatus::Pending {
                walk.push((2, "pending"));
            }
            if resolved_at.is_some() {
                walk.push((3, "resolved"));
            }
            if closed_at.is_some() {
                walk.push((4, status.as_str()));
            }
            let actor = assignee.unwrap_or(agents[0]);
            for (n, next) in walk {
                let mut lines = vec![line("status", Some(state), Some(next))];
                if next == "assigned" {
                    lines.push(line(
                        "assignee",
                        None,
                        Some(people.agents.iter().find(|(a, _)| *a == actor).map_or("", |(_, name)| *name)),
                    ));
                }
                store.insert_history(&mut tx, ticket.id, Some(actor), &lines, step(n)).await?;
                state = next;
            }
            tx.commit().await?;
            if assignee.is_some() {
                let reply = *REPLIES.choose(&mut rng).unwrap_or(&REPLIES[0]);
                store.add_comment(ticket.id, actor, reply, false, step(1) + 1, &Effects::default()).await?;
                if rng.random_bool(0.5) {
                    let note = *NOTES.choose(&mut rng).unwrap_or(&NOTES[0]);
                    store.add_comment(ticket.id, actor, note, true, step(2) + 1, &Effects::default()).await?;
                }
                if rng.random_bool(0.4) {
                    let answer = *REQUESTER_REPLIES.choose(&mut rng).unwrap_or(&REQUESTER_REPLIES[0]);
                    store.add_comment(ticket.id, requester, answer, false, step(2) + 2, &Effects::default()).await?;
                }
            }
        }
        store.reindex_all(|_, _| {}).await?;
        self.demo_surveys(&resolved_tickets, now).await?;
        Ok(count)
    }

    /// Satisfaction survey answers for about two thirds of the resolved `tickets` (id,
    /// resolved at), given within two days of the resolution, so the dashboard's CSAT is
    /// not empty. Its own random numbers: the tickets above stay as they were.
    async fn demo_surveys(&self, tickets: &[(i64, i64)], now: i64) -> Result<(), AppError> {
        let mut rng = StdRng::seed_from_u64(20261207);
        let ratings = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1];
        let hour = 3_600_000_000i64;
        for &(ticket, resolved) in tickets {
            if !rng.random_bool(0.65) {
                continue;
            }
            let rating = *ratings.choose(&mut rng).unwrap_or(&5);
            let comment = match rating {
                5 if rng.random_bool(0.3) => "Quick and friendly, thank you!",
                1 | 2 => SURVEY_COMPLAINTS.choose(&mut rng).copied().unwrap_or_default(),
                _ => "",
            };
            let answered_at = (resolved + rng.random_range(1..48) * hour).min(now);
            let hash = secret_hash(&new_secret(""));
            self.store().add_survey_link(&hash, ticket, resolved).await?;
            let answer = SurveyRow { ticket_id: ticket, rating, comment: comment.into(), answered_at };
            self.store().answer_survey(&hash, resolved - 1, &answer).await?;
        }
        Ok(())
    }
}

const SURVEY_COMPLAINTS: &[&str] =
    &["It took three days before anyone looked at it.", "The problem came back the next morning.", ""];

/// When things happened to a demo ticket: the first response within minutes to a day, the
/// resolution within hours to a week, the close a week after that; all before now.
struct Timeline {
    responded: i64,
    worked: i64,
    resolved: i64,
    closed: i64,
}

impl Timeline {
    fn draw(rng: &mut StdRng, created: i64, now: i64) -> Timeline {
        const MINUTE: i64 = 60_000_000;
        let response = [5, 15, 30, 45, 60, 90, 120, 180, 240, 360, 600, 1440];
        let resolution = [60, 180, 360, 720, 1440, 2880, 4320, 7200, 10080];
        let responded = created + *response.choose(rng).unwrap_or(&60) * MINUTE;
        let resolved = responded.max(created + *resolution.choose(rng).unwrap_or(&1440) * MINUTE);
        let latest = now - MINUTE;
        Timeline {
            responded: responded.min(latest),
            worked: ((responded + resolved) / 2).min(latest),
            resolved: resolved.min(latest),
            closed: (resolved + 7 * 1440 * MINUTE).min(latest),
        }
    }
}

/// The demo's service levels: office hours in London and a 24x7 calendar; a standard
/// policy with escalation, one for service requests and one for critical incidents.
const DEMO_CALENDARS: &str = r#"[
  {"name": "Office hours (London)", "time_zone": "Europe/London",
   "week": {"monday": ["08:00-18:00"], "tuesday": ["08:00-18:00"], "wednesday": ["08:00-18:00"],
            "thursday": ["08:00-18:00"], "friday": ["08:00-18:00"]},
   "holidays": [{"name": "New Year's Day", "kind": "yearly", "month": 1, "day": 1},
                {"name": "Good Friday", "kind": "date", "date": "2026-04-03"},
                {"name": "Easter Monday", "kind": "date", "date": "2026-04-06"},
                {"name": "Early May bank holiday", "kind": "date", "date": "2026-05-04"},
                {"name": "Spring bank holiday", "kind": "date", "date": "2026-05-25"},
                {"name": "Summer bank holiday", "kind": "date", "date": "2026-08-31"},
                {"name": "Christmas Day", "kind": "yearly", "month": 12, "day": 25},
                {"name": "Boxing Day", "kind": "yearly", "month": 12, "day": 26}]},
  {"name": "Around the clock", "time_zone": "UTC",
   "week": {"monday": ["00:00-24:00"], "tuesday": ["00:00-24:00"], "wednesday": ["00:00-24:00"], "thursday": ["00:00-24:00"],
            "friday": ["00:00-24:00"], "saturday": ["00:00-24:00"], "sunday": ["00:00-24:00"]}}
]"#;

impl App {
    /// Assignment rules for new tickets: network words to Network (least loaded), then by
    /// category to Workplace and Applications, the rest to the Service Desk (round robin).
    async fn demo_routing(&self, manager: i64, teams: &[i64], categories: &[i64]) -> Result<(), AppError> {
        let manager = self.actor_by_id(manager).await?;
        let (desk, workplace, network, applications) = (teams[0], teams[1], teams[2], teams[3]);
        let rule = |name: &str, team_id, method, category_id, keywords: &[&str]| AssignmentRuleInput {
            name: name.into(),
            position: None,
            active: true,
            kind: None,
            category_id,
            organisation_id: None,
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            team_id,
            method,
        };
        let rules = [
            rule("Network words", network, RoutingMethod::LeastLoaded, None, &["vpn", "wi-fi", "wifi", "firewall"]),
            rule("Network category", network, RoutingMethod::LeastLoaded, Some(categories[2]), &[]),
            rule("Hardware", workplace, RoutingMethod::RoundRobin, Some(categories[0]), &[]),
            rule("Printing", workplace, RoutingMethod::RoundRobin, Some(categories[5]), &[]),
            rule("Telephony", workplace, RoutingMethod::RoundRobin, Some(categories[6]), &[]),
            rule("Software", applications, RoutingMethod::RoundRobin, Some(categories[1]), &[]),
            rule("Everything else", desk, RoutingMethod::RoundRobin, None, &[]),
        ];
        for input in rules {
            self.create_assignment_rule(&manager, input).await?;
        }
        Ok(())
    }

    async fn demo_service_levels(&self, manager: i64) -> Result<(), AppError> {
        let manager = self.actor_by_id(manager).await?;
        let calendars: Vec<CalendarInput> =
            serde_json::from_str(DEMO_CALENDARS).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut ids = Vec::new();
        for c in calendars {
            ids.push(self.create_calendar(&manager, c).await?.id);
        }
        let (office, always) = (ids[0], ids[1]);
        let target =
            |priority, response_minutes, resolution_minutes| Target { priority, response_minutes, resolution_minutes };
        let escalate = |after_minutes, notify: Vec<Recipient>, raise_priority| EscalationLevel {
            clock: ClockKind::Resolution,
            after_minutes,
            notify,
            reassign_team_id: None,
            reassign_user_id: None,
            raise_priority,
        };
        let policies = [
            SlaPolicyInput {
                name: "Standard".into(),
                calendar_id: office,
                priority: None,
                kind: None,
                category_id: None,
                organisation_id: None,
                targets: vec![
                    target(1, 30, 240),
                    target(2, 60, 480),
                    target(3, 240, 1200),
                    target(4, 480, 2400),
                    target(5, 960, 4800),
                ],
                warn_percent: 75,
                escalations: vec![
                    escalate(0, vec![Recipient::Assignee, Recipient::TeamLead], false),
                    escalate(240, vec![Recipient::Managers], true),
                ],
                active: true,
            },
            SlaPolicyInput {
                name: "Service requests".into(),
                calendar_id: office,
                priority: None,
                kind: Some(TicketKind::ServiceRequest),
                category_id: None,
                organisation_id: None,
                targets: (1..=5).map(|p| target(p, 480, 2400 + 600 * i64::from(p))).collect(),
                warn_percent: 80,
                escalations: vec![escalate(0, vec![Recipient::Assignee], false)],
                active: true,
            },
            SlaPolicyInput {
                name: "Critical incidents (24x7)".into(),
                calendar_id: always,
                priority: Some(1),
                kind: Some(TicketKind::Incident),
                category_id: None,
                organisation_id: None,
                targets: vec![target(1, 15, 240)],
                warn_percent: 50,
                escalations: vec![escalate(
                    0,
                    vec![Recipient::Assignee, Recipient::TeamLead, Recipient::Managers],
                    false,
                )],
                active: true,
            },
        ];
        for p in policies {
            self.create_sla_policy(&manager, p).await?;
        }
        Ok(())
    }
}

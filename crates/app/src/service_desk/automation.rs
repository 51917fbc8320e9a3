//! Automation rules: "when, if, then", run from the job queue.
//!
//! A rule belongs to an organisation and its subsidiaries (or to every organisation): it
//! is written by managers and administrators of that scope, applies only to its tickets,
//! and acts with the authority of that scope (a manager's over its organisations), never
//! as an administrator beyond it. What it names (teams, people, webhooks) must serve its
//! scope, and whom it tells passes through [`App::audience`].
//!
//! A ticket change that any active rule or webhook listens for queues a `ticket.events`
//! job with the change ([`App::events_jobs`]). The job runs the event rules in order
//! ([`App::dispatch_ticket_events`]) and hands the events to the webhooks. Time rules run
//! from the recurring `automation.sweep`: each acts once per occasion (the ticket's status
//! period or its last change), recorded under a unique key, so two nodes sweeping at once
//! act once. Rules act as the "Automation" user through the ordinary use cases, so every
//! change has its history, notifications and SLA effects; a change a rule makes starts
//! rules again only along a [`Chain`] (at most `MAX_DEPTH` long, each rule once). Every
//! run is logged with what it changed.

use std::sync::Arc;

use helmdesk_domain::service_desk::automation::{Action, Audience, By, Chain, Conditions, Facts, Trigger};
use helmdesk_domain::{Role, TicketStatus, service_desk::canned, validate};
use helmdesk_store::StoreError;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::service_desk::automation::{NewRun, RuleFields, RuleRow, RunRow};
use helmdesk_store::service_desk::tickets::TicketView;
use serde::{Deserialize, Serialize};

use crate::double_option;
use crate::platform::orgs::{ancestors_of, subtree_of};
use crate::service_desk::access::DeskPermission;
use crate::service_desk::access::Part;
use crate::service_desk::notify::TicketEvent;
use crate::service_desk::tickets::{NewComment, TicketPatch};
use crate::{Actor, App, AppError, NamedInInput, ts};

/// The job that runs event rules and webhooks for a ticket's change.
pub const EVENTS_JOB: &str = "ticket.events";
/// The recurring job that runs time rules.
pub const SWEEP_JOB: &str = "automation.sweep";
/// The user rules act as.
pub const AUTOMATION_EMAIL: &str = "automation@helmdesk.invalid";
/// Tickets one time rule looks at in one sweep, at most.
const SWEEP_BATCH: i64 = 500;
const HOUR_MICROS: i64 = 3_600_000_000;

/// The payload of a `ticket.events` job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TicketEventsJob {
    pub ticket_id: i64,
    /// [`TicketEvent`] names.
    pub events: Vec<String>,
    pub actor_id: i64,
    /// The rule-made changes that led to this one (empty: a person's).
    #[serde(default)]
    pub chain: Chain,
}

/// A rule, as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AutomationRule {
    pub id: i64,
    pub name: String,
    /// Rules run in this order.
    pub position: i64,
    pub active: bool,
    pub trigger: Trigger,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    /// The organisation whose tickets, with its subsidiaries', the rule applies to; null:
    /// every organisation.
    pub organisation_id: Option<i64>,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl TryFrom<RuleRow> for AutomationRule {
    type Error = AppError;
    fn try_from(r: RuleRow) -> Result<Self, AppError> {
        let bad = |e: serde_json::Error| AppError::Internal(format!("automation rule {}: {e}", r.id));
        Ok(AutomationRule {
            id: r.id,
            trigger: r.trigger_event.parse().map_err(AppError::stored)?,
            conditions: serde_json::from_str(&r.conditions).map_err(bad)?,
            actions: serde_json::from_str(&r.actions).map_err(bad)?,
            name: r.name,
            position: r.position,
            active: r.active,
            organisation_id: r.organisation_id,
            updated_at: ts(r.updated_at),
        })
    }
}

/// A rule as the administrator writes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutomationRuleInput {
    pub name: String,
    #[serde(default = "yes")]
    pub active: bool,
    pub trigger: Trigger,
    #[serde(default)]
    pub conditions: Conditions,
    /// At least one, at most 20, done in order.
    pub actions: Vec<Action>,
    /// The organisation whose tickets, with its subsidiaries', the rule applies to; `null`:
    /// every organisation (for those whose organisations are all of them). Absent: on a
    /// new rule, the writer's organisation (every organisation for those who may write
    /// that); on a change, the rule's.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

fn yes() -> bool {
    true
}

/// One time a rule acted.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AutomationRun {
    pub id: i64,
    pub rule_id: i64,
    pub ticket_id: i64,
    pub trigger: Trigger,
    /// What the rule changed, one line per action.
    pub changes: String,
    /// Why an action could not be done, if one could not.
    pub error: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl TryFrom<RunRow> for AutomationRun {
    type Error = AppError;

    fn try_from(r: RunRow) -> Result<Self, AppError> {
        Ok(AutomationRun {
            id: r.id,
            rule_id: r.rule_id,
            ticket_id: r.ticket_id,
            trigger: r.trigger_event.parse().map_err(AppError::stored)?,
            changes: r.changes,
            error: r.error,
            created_at: ts(r.created_at),
        })
    }
}

/// The trigger a ticket event starts, if any.
fn trigger_of(event: TicketEvent) -> Option<Trigger> {
    match event {
        TicketEvent::Created => Some(Trigger::Created),
        TicketEvent::Status | TicketEvent::Assigned => Some(Trigger::Updated),
        TicketEvent::Reply => Some(Trigger::Replied),
        _ => None,
    }
}

impl App {
    /// The rules the actor may read, in the order they run (managers and administrators:
    /// global rules, those of their organisations and of the organisations above).
    pub async fn automation_rules(&self, actor: &Actor) -> Result<Vec<AutomationRule>, AppError> {
        actor.require(DeskPermission::Configure)?;
        let rows = self.store().automation_rules().await?.into_iter().filter(|r| actor.reads_scope(r.organisation_id));
        rows.map(AutomationRule::try_from).collect()
    }

    /// One rule the actor may read.
    pub async fn automation_rule(&self, actor: &Actor, id: i64) -> Result<AutomationRule, AppError> {
        self.readable_rule(actor, id).await?.try_into()
    }

    async fn readable_rule(&self, actor: &Actor, id: i64) -> Result<RuleRow, AppError> {
        actor.require(DeskPermission::Configure)?;
        actor.readable(self.store().automation_rule(id).await?)
    }

    /// A rule the actor may change: one of their scope.
    async fn writable_rule(&self, actor: &Actor, id: i64) -> Result<RuleRow, AppError> {
        actor.require(DeskPermission::Configure)?;
        actor.writable(self.store().automation_rule(id).await?)
    }

    /// Adds a rule after the others.
    pub async fn create_automation_rule(
        &self,
        actor: &Actor,
        input: AutomationRuleInput,
    ) -> Result<AutomationRule, AppError> {
        actor.require(DeskPermission::Configure)?;
        let fields = self.rule_fields(actor, input, actor.default_scope()).await?;
        let saved = self.store().create_automation_rule(&fields, self.now_micros()).await.map_err(name_taken)?;
        self.forget_listeners();
        saved.try_into()
    }

    /// Replaces a rule.
    pub async fn update_automation_rule(
        &self,
        actor: &Actor,
        id: i64,
        input: AutomationRuleInput,
    ) -> Result<AutomationRule, AppError> {
        let current = self.writable_rule(actor, id).await?;
        let fields = self.rule_fields(actor, input, current.organisation_id).await?;
        let saved = self.store().update_automation_rule(id, &fields, self.now_micros()).await.map_err(name_taken)?;
        self.forget_listeners();
        saved.try_into()
    }

    /// Moves a rule to `position` in the order rules run (1: first).
    pub async fn move_automation_rule(
        &self,
        actor: &Actor,
        id: i64,
        position: i64,
    ) -> Result<AutomationRule, AppError> {
        self.writable_rule(actor, id).await?;
        self.store().place_automation_rule(id, position).await?.try_into()
    }

    /// Deletes a rule and its log.
    pub async fn delete_automation_rule(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        self.writable_rule(actor, id).await?;
        self.store().delete_automation_rule(id).await?;
        self.forget_listeners();
        Ok(())
    }

    /// What rules did on tickets the actor sees, newest first: of one rule, or of all.
    pub async fn automation_runs(&self, actor: &Actor, rule_id: Option<i64>) -> Result<Vec<AutomationRun>, AppError> {
        actor.require(DeskPermission::Configure)?;
        if let Some(id) = rule_id {
            self.readable_rule(actor, id).await?;
        }
        let scope = actor.organisation_scope();
        let rows = self.store().automation_runs(rule_id, scope.as_deref(), 200).await?;
        rows.into_iter().map(AutomationRun::try_from).collect()
    }

    /// A rule's stored fields, checked against what its writer may name: its scope, and
    /// the organisations, teams, people and webhooks of its conditions and actions.
    async fn rule_fields(
        &self,
        actor: &Actor,
        input: AutomationRuleInput,
        scope_if_absent: Option<i64>,
    ) -> Result<RuleFields, AppError> {
        let scope = self.checked_scope(actor, input.organisation_id.unwrap_or(scope_if_absent)).await?;
        let name = validate::name("name", &input.name)?;
        if input.actions.is_empty() || input.actions.len() > 20 {
            return Err(AppError::invalid("actions", "give between 1 and 20 actions"));
        }
        let c = &input.conditions;
        match (input.trigger == Trigger::Time, c.has_time()) {
            (true, false) => {
                return Err(AppError::invalid("conditions", "a time rule needs hours_in_status or hours_since_update"));
            }
            (false, true) => {
                return Err(AppError::invalid(
                    "conditions",
                    "hours_in_status and hours_since_update are for time rules",
                ));
            }
            _ => {}
        }
        if [c.hours_in_status, c.hours_since_update].iter().flatten().any(|h| !(1..=24 * 365).contains(h)) {
            return Err(AppError::invalid("conditions", "hours must be between 1 and 8760"));
        }
        if let Some(o) = c.organisation_id
            && (!actor.sees_organisation(o) || !self.scope_holds(scope, o).await?)
        {
            return Err(AppError::invalid("conditions", "organisation_id: no such organisation in the rule's scope"));
        }
        for a in &input.actions {
            self.check_action(actor, scope, a).await?;
        }
        let json = |e: serde_json::Error| AppError::Internal(e.to_string());
        Ok(RuleFields {
            name,
            active: input.active,
            trigger_event: input.trigger.as_str().into(),
            conditions: serde_json::to_string(&input.conditions).map_err(json)?,
            actions: serde_json::to_string(&input.actions).map_err(json)?,
            organisation_id: scope,
        })
    }

    /// An action may name only a team that serves the rule's scope, people the writer
    /// sees, and a webhook whose scope holds the rule's.
    async fn check_action(&self, actor: &Actor, scope: Option<i64>, a: &Action) -> Result<(), AppError> {
        match a {
            Action::SetTeam { team_id } => {
                let team = self.store().team(*team_id).await.named_in("actions", "no such team")?;
                if !actor.reads_scope(team.organisation_id) {
                    return Err(AppError::invalid("actions", "no such team"));
                }
                if !self.scope_within(scope, team.organisation_id).await? {
                    return Err(AppError::invalid(
                        "actions",
                        "that team does not serve every organisation of the rule",
                    ));
                }
            }
            Action::Assign { user_id } | Action::AddWatcher { user_id } => {
                let user = self.store().user(*user_id).await.named_in("actions", "no such user")?;
                if !actor.sees_organisation(user.organisation_id) {
                    return Err(AppError::invalid("actions", "no such user"));
                }
            }
            Action::AddComment { body, .. } => {
                validate::text("actions", body, 100_000, true)?;
            }
            Action::Notify { message, .. } => {
                validate::text("actions", message, 500, false)?;
            }
            Action::CallWebhook { webhook_id } => {
                let hook = self.store().webhook(*webhook_id).await.named_in("actions", "no such webhook")?;
                if !actor.reads_scope(hook.organisation_id) || !self.scope_within(scope, hook.organisation_id).await? {
                    return Err(AppError::invalid("actions", "no such webhook for the rule's organisations"));
                }
            }
            Action::SetStatus { .. } | Action::SetUrgency { .. } => {}
        }
        Ok(())
    }

    /// Forgets whether anything listens for ticket events (after a rule or webhook changed
    /// on this node).
    pub(crate) fn forget_listeners(&self) {
        self.listeners.clear();
    }

    /// Whether any active event rule or webhook listens for ticket events (cached like
    /// the other configuration; a change on this node clears it).
    pub(crate) async fn has_event_listeners(&self) -> Result<bool, AppError> {
        if let Some(v) = self.listeners.fresh() {
            return Ok(*v);
        }
        let v = self.store().has_event_listeners().await?;
        self.listeners.put(Arc::new(v));
        Ok(v)
    }

    /// The `ticket.events` job of a change by `actor_id` after `chain`, when anything
    /// listens for such events.
    pub async fn events_jobs(
        &self,
        ticket_id: i64,
        events: &[TicketEvent],
        actor_id: i64,
        chain: &Chain,
    ) -> Result<Vec<NewJob>, AppError> {
        if events.is_empty() || !self.has_event_listeners().await? {
            return Ok(Vec::new());
        }
        Ok(vec![events_job(ticket_id, events, actor_id, chain, self.now_micros())])
    }

    /// Runs the event rules of a change in order, then hands the events to the webhooks.
    pub async fn dispatch_ticket_events(&self, job: &TicketEventsJob) -> Result<(), AppError> {
        let events: Vec<TicketEvent> = job.events.iter().filter_map(|e| TicketEvent::named(e)).collect();
        let by = match self.store().user(job.actor_id).await {
            Ok(u) if u.role == Role::Requester.as_str() => Some(By::Requester),
            Ok(u) if u.email == AUTOMATION_EMAIL => None,
            Ok(_) => Some(By::Staff),
            // The person is gone: nobody to tell the rules about.
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        };
        let mut triggers: Vec<Trigger> = events.iter().filter_map(|e| trigger_of(*e)).collect();
        triggers.dedup();
        for trigger in triggers {
            self.run_event_rules(job.ticket_id, trigger, by, &job.chain).await?;
        }
        for event in events {
            self.announce_to_webhooks(job.ticket_id, event).await?;
        }
        Ok(())
    }

    async fn run_event_rules(
        &self,
        ticket_id: i64,
        trigger: Trigger,
        by: Option<By>,
        chain: &Chain,
    ) -> Result<(), AppError> {
        for rule in self.store().automation_rules().await? {
            if !rule.active || rule.trigger_event != trigger.as_str() || !chain.admits(rule.id) {
                continue;
            }
            let rule = AutomationRule::try_from(rule)?;
            let view = match self.store().ticket(ticket_id).await {
                Ok(v) => v,
                Err(StoreError::NotFound) => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            if !self.scope_holds(rule.organisation_id, view.ticket.organisation_id).await? {
                continue;
            }
            let facts = self.facts(&view, by, self.now_micros(), None);
            if rule.conditions.hold(&facts) {
                let run = self.apply_rule(&rule, &view, chain.then(rule.id)).await;
                let run = NewRun { occasion: None, ..run };
                self.store().record_run(&run, self.now_micros()).await?;
            }
        }
        Ok(())
    }

    /// Runs the time rules on the open tickets they are due on (the `automation.sweep`
    /// job). Returns how many times rules acted.
    pub async fn automation_sweep(&self) -> Result<usize, AppError> {
        let mut acted = 0;
        for row in self.store().automation_rules().await? {
            if !row.active || row.trigger_event != Trigger::Time.as_str() {
                continue;
            }
            let rule = AutomationRule::try_from(row)?;
            acted += self.sweep_rule(&rule).await?;
        }
        Ok(acted)
    }

    async fn sweep_rule(&self, rule: &AutomationRule) -> Result<usize, AppError> {
        let now = self.now_micros();
        let c = &rule.conditions;
        let statuses: Vec<&str> = if c.statuses.is_empty() {
            TicketStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect()
        } else {
            c.statuses.iter().map(|s| s.as_str()).collect()
        };
        // A ticket has had its status no longer than it has existed, nor been idle longer.
        let since = |hours: Option<i64>| hours.map_or(i64::MAX, |h| now - h * HOUR_MICROS);
        let changed_before = since(c.hours_since_update);
        let created_before = since(c.hours_in_status);
        let organisations = match rule.organisation_id {
            Some(o) => Some(self.subtree(o).await?),
            None => None,
        };
        let idle =
            self.store().idle_tickets(&statuses, organisations.as_deref(), changed_before, created_before, SWEEP_BATCH);
        let mut acted = 0;
        for idle in idle.await? {
            let occasion = if c.hours_since_update.is_some() { idle.updated_at } else { idle.status_since };
            if self.store().ran_on(rule.id, idle.id, occasion).await? {
                continue;
            }
            let Ok(view) = self.store().ticket(idle.id).await else { continue };
            let facts = self.facts(&view, None, now, Some(idle.status_since));
            if !c.hold(&facts) {
                continue;
            }
            let run = self.apply_rule(rule, &view, Chain::default().then(rule.id)).await;
            if self.store().record_run(&NewRun { occasion: Some(occasion), ..run }, self.now_micros()).await? {
                acted += 1;
            }
        }
        Ok(acted)
    }

    fn facts(&self, view: &TicketView, by: Option<By>, now: i64, status_since: Option<i64>) -> Facts {
        let t = &view.ticket;
        let hours = |since: i64| (now - since).max(0) / HOUR_MICROS;
        Facts {
            status: t.status.parse().ok(),
            priority: t.priority,
            kind: t.kind.parse().ok(),
            team_id: t.team_id,
            category_id: t.category_id,
            organisation_id: t.organisation_id,
            assignee_id: t.assignee_id,
            requester_email: view.requester_email.clone(),
            subject: t.subject.clone(),
            by,
            hours_in_status: hours(status_since.unwrap_or(t.updated_at)),
            hours_since_update: hours(t.updated_at),
        }
    }

    /// Does a rule's actions on a ticket, as the Automation user; an action that fails is
    /// logged and ends the run.
    async fn apply_rule(&self, rule: &AutomationRule, view: &TicketView, chain: Chain) -> NewRun {
        let mut run = NewRun {
            rule_id: rule.id,
            ticket_id: view.ticket.id,
            trigger_event: rule.trigger.as_str().into(),
            ..Default::default()
        };
        let actor = match self.automation_actor(chain, rule.organisation_id).await {
            Ok(a) => a,
            Err(e) => {
                run.error = Some(e.to_string());
                return run;
            }
        };
        let mut lines = Vec::new();
        for action in &rule.actions {
            match self.apply_action(&actor, view, action).await {
                Ok(line) => lines.push(line),
                Err(e) => {
                    run.error = Some(format!("{}: {e}", describe(action)));
                    break;
                }
            }
        }
        run.changes = lines.join("\n");
        tracing::info!(rule = rule.id, ticket = view.ticket.id, changes = %run.changes, "an automation rule acted");
        run
    }

    async fn apply_action(&self, actor: &Actor, view: &TicketView, action: &Action) -> Result<String, AppError> {
        let id = view.ticket.id;
        let patch = |p: TicketPatch| async move { self.update_ticket(actor, id, p, None).await.map(|_| ()) };
        match action {
            Action::SetStatus { status } => {
                let resolution = matches!(status, TicketStatus::Resolved | TicketStatus::Closed)
                    .then(|| self.settings().resolution_codes.first().cloned())
                    .flatten();
                patch(TicketPatch {
                    status: Some(*status),
                    resolution_code: resolution.map(Some),
                    ..Default::default()
                })
                .await?;
            }
            Action::SetUrgency { urgency } => {
                patch(TicketPatch { urgency: Some(*urgency), ..Default::default() }).await?
            }
            Action::SetTeam { team_id } => {
                patch(TicketPatch { team_id: Some(Some(*team_id)), ..Default::default() }).await?
            }
            Action::Assign { user_id } => {
                patch(TicketPatch { assignee_id: Some(Some(*user_id)), ..Default::default() }).await?
            }
            Action::AddWatcher { user_id } => {
                self.add_watcher(actor, id, *user_id).await?;
            }
            Action::AddComment { body, internal } => {
                let fresh = self.store().ticket(id).await?;
                let body = canned::expand(body, |name| crate::service_desk::canned::placeholder(&fresh, actor, name));
                self.add_comment(actor, id, NewComment { body, internal: *internal }).await?;
            }
            Action::Notify { to, message } => {
                let fresh = self.store().ticket(id).await?;
                let users = match to {
                    Audience::Requester => vec![fresh.ticket.requester_id],
                    Audience::Assignee => fresh.ticket.assignee_id.into_iter().collect(),
                    Audience::Team => match fresh.ticket.team_id {
                        Some(team) => self.store().team_members(team).await?,
                        None => Vec::new(),
                    },
                };
                let users = self.audience(&fresh.ticket, &users, Part::Public).await?;
                let text =
                    canned::expand(message, |name| crate::service_desk::canned::placeholder(&fresh, actor, name));
                let event = TicketEvent::Automation.as_str();
                self.store().notify(&users, Some(id), event, &text, self.now_micros()).await?;
            }
            Action::CallWebhook { webhook_id } => self.call_webhook_for(*webhook_id, id).await?,
        }
        Ok(match action {
            Action::SetTeam { team_id } => format!("moved to team {}", self.team_label(*team_id).await),
            Action::Assign { user_id } => format!("assigned to {}", self.user_label(*user_id).await),
            Action::AddWatcher { user_id } => format!("{} watches", self.user_label(*user_id).await),
            other => describe(other),
        })
    }

    async fn team_label(&self, id: i64) -> String {
        self.store().team(id).await.map(|t| t.name).unwrap_or_else(|_| format!("#{id}"))
    }

    async fn user_label(&self, id: i64) -> String {
        self.store().user(id).await.map(|u| u.name).unwrap_or_else(|_| format!("#{id}"))
    }

    /// The Automation user as an actor (created the first time, without a password, so
    /// nobody can sign in as it), acting after `chain` with the authority of `scope`: a
    /// manager of that organisation and its subsidiaries, or an administrator for a global
    /// rule.
    pub(crate) async fn automation_actor(&self, chain: Chain, scope: Option<i64>) -> Result<Actor, AppError> {
        let user = match self.store().user_by_email(AUTOMATION_EMAIL).await? {
            Some(u) => u,
            None => {
                let root = self.organisation_tree().await?.iter().find(|o| o.parent_id.is_none()).map(|o| o.id);
                let root = root.ok_or_else(|| AppError::Internal("no organisation yet".into()))?;
                let new = NewUser {
                    email: AUTOMATION_EMAIL.into(),
                    name: "Automation".into(),
                    role: Role::Admin.as_str().into(),
                    organisation_id: root,
                    department_id: None,
                    password_hash: None,
                    must_change_password: false,
                };
                match self.store().create_user(&new, self.now_micros()).await {
                    Ok(u) => u,
                    Err(StoreError::Conflict(_)) => {
                        self.store().user_by_email(AUTOMATION_EMAIL).await?.ok_or(AppError::NotFound)?
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        let mut actor = self.actor_for(&user).await?;
        actor.automation = chain;
        if let Some(o) = scope {
            let tree = self.organisation_tree().await?;
            actor.role = Role::Manager;
            actor.organisation_id = o;
            actor.organisations = subtree_of(&tree, o);
            actor.above = ancestors_of(&tree, o).split_off(1);
            actor.whole_tree = tree.iter().all(|x| actor.organisations.contains(&x.id));
        }
        Ok(actor)
    }
}

/// A `ticket.events` job.
pub fn events_job(ticket_id: i64, events: &[TicketEvent], actor_id: i64, chain: &Chain, now: i64) -> NewJob {
    let payload = TicketEventsJob {
        ticket_id,
        events: events.iter().map(|e| e.as_str().to_string()).collect(),
        actor_id,
        chain: chain.clone(),
    };
    NewJob::now(EVENTS_JOB, serde_json::to_value(payload).unwrap_or_default(), now)
}

/// What an action did, for the run log.
fn describe(action: &Action) -> String {
    match action {
        Action::SetStatus { status } => format!("status set to {}", status.as_str()),
        Action::SetUrgency { urgency } => format!("urgency set to {}", urgency.as_str()),
        Action::SetTeam { team_id } => format!("moved to team {team_id}"),
        Action::Assign { user_id } => format!("assigned to user {user_id}"),
        Action::AddWatcher { user_id } => format!("user {user_id} watches"),
        Action::AddComment { internal: true, .. } => "internal note added".into(),
        Action::AddComment { internal: false, .. } => "public reply added".into(),
        Action::Notify { to, .. } => format!(
            "notified the {}",
            serde_json::to_value(to).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
        ),
        Action::CallWebhook { webhook_id } => format!("webhook {webhook_id} called"),
    }
}

fn name_taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::invalid("name", "another rule has this name"),
        other => other.into(),
    }
}

impl App {
    /// Hands a ticket event to the webhooks subscribed to it (a status change to resolved
    /// is also `ticket.resolved`).
    async fn announce_to_webhooks(&self, ticket_id: i64, event: TicketEvent) -> Result<(), AppError> {
        let names: &[&str] = match event {
            TicketEvent::Created => &["ticket.created"],
            TicketEvent::Status => &["ticket.updated", "ticket.resolved"],
            TicketEvent::Assigned | TicketEvent::MajorUpdate => &["ticket.updated"],
            TicketEvent::Automation => &[],
            TicketEvent::Reply => &["ticket.replied"],
            TicketEvent::Note => &["ticket.noted"],
            TicketEvent::SlaWarning => &["ticket.sla_warning"],
            TicketEvent::Escalation => &["ticket.escalated"],
        };
        for name in names {
            if *name == "ticket.resolved" {
                let status = self.store().ticket(ticket_id).await.map(|v| v.ticket.status).unwrap_or_default();
                if status != TicketStatus::Resolved.as_str() {
                    continue;
                }
            }
            let summary = serde_json::json!({ "summary": event.as_str() });
            self.webhook_event(name, ticket_id, summary).await?;
        }
        Ok(())
    }

    /// An automation rule's call of a webhook, with the ticket as it is now.
    async fn call_webhook_for(&self, webhook_id: i64, ticket_id: i64) -> Result<(), AppError> {
        let data = serde_json::json!({ "summary": "called by an automation rule" });
        self.call_webhook(webhook_id, "ticket.updated", ticket_id, data).await
    }
}

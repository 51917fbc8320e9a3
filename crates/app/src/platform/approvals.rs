//! The approval engine (docs/approvals.md). A module starts an approval of one of its
//! records with a chain and the record's facts ([`App::start_approval`], in the
//! transaction that writes the record); the steps run in order, each asking its approvers
//! (a person, the requester's manager, the department head, the cost-centre owner, a
//! team's members) and decided by its rule; a rejection or a step's time running out ends
//! the chain. When it ends, the record's module hears of it through the job it named
//! (`decided_job`, payload [`Decided`]), queued in the transaction of the last decision,
//! so the outcome is never lost and the platform names no module above it.
//!
//! Approvers decide in the portal, through the API, or by a single-use link sent by
//! e-mail, which belongs to one person and one step. Someone away lets a delegate decide
//! for them. Nobody approves their own request; a step that finds nobody to ask goes to
//! the managers and administrators of the requester's organisation, and says so.

use chrono::{DateTime, Utc};
use helmdesk_domain::Role;
use helmdesk_domain::platform::approvals::{
    self as rules, ApprovalState, ApproverKind, Comparison, Condition, Decision, Facts, Rule, StepDefinition,
    StepState, Via,
};
use helmdesk_domain::platform::templates::{self, APPROVAL_REQUEST};
use helmdesk_domain::validate;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::approvals::{
    ApprovalRow, ApproverRow, ChainRow, DecisionRecord, DelegationRow, NewApprovalRow, StepDefinitionRow, StepRow,
    StepTimes,
};
use helmdesk_store::platform::mail::NewOutbound;
use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::{Sql, StoreError, Tx};
use serde::{Deserialize, Serialize};

use crate::platform::access::Capability;
use crate::platform::auth::new_secret;
use crate::platform::mail::outbound::{id_domain, send_job};
use crate::platform::mail::templates::TemplatePreview;
use crate::platform::orgs::ancestors_of;
use crate::secrets::secret_hash;
use crate::{Actor, App, AppError, NamedInInput, ts};

/// The job that asks a step's approvers (in-app and by mail with their links).
pub const ASK_JOB: &str = "approvals.ask";
/// The job that tells the requester how their approval ended.
pub const ENDED_JOB: &str = "approvals.ended";
/// The recurring job that ends steps whose time ran out and sends reminders.
pub const SWEEP_JOB: &str = "approvals.sweep";
/// An hour in microseconds.
const HOUR: i64 = 3_600_000_000;
/// The most approvals a list returns.
const LIST_MAX: i64 = 200;
/// The longest single-use link token accepted (ours are 43 characters).
const TOKEN_MAX: usize = 100;

/// What approvals let people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalPermission {
    /// See one's own approvals and those one is asked in; decide when asked; delegate.
    UseApprovals,
    /// Create and change approval chains of one's organisations.
    ManageChains,
}

impl Capability for ApprovalPermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (ApprovalPermission::UseApprovals, &[Requester, Agent, Manager, Admin, Auditor]),
            (ApprovalPermission::ManageChains, &[Manager, Admin]),
        ]
    };
}

/// A condition on the record's facts: the step applies when it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepCondition {
    /// The fact's name, e.g. `cost`.
    pub fact: String,
    pub op: Comparison,
    /// A number for `gt`, `ge`, `lt`, `le`; any text for `eq` and `ne`.
    pub value: String,
}

/// A step of a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainStep {
    pub name: String,
    pub approver: ApproverKind,
    /// The person or the team, for `person` and `team`.
    #[serde(default)]
    pub approver_id: Option<i64>,
    pub rule: Rule,
    /// When the step applies; always when absent.
    #[serde(default)]
    pub condition: Option<StepCondition>,
    /// Hours the approvers have; when they pass without a decision the chain ends
    /// rejected. No limit when absent.
    #[serde(default)]
    pub time_limit_hours: Option<i64>,
    /// Every so many hours, those who have not answered are reminded.
    #[serde(default)]
    pub reminder_hours: Option<i64>,
}

/// An approval chain.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalChain {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub description: String,
    /// Send it back as `If-Match` to change the chain.
    pub version: i64,
    pub steps: Vec<ChainStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A chain to create, or its new values.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalChainInput {
    pub organisation_id: i64,
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1 to 20 steps, run in this order.
    pub steps: Vec<ChainStep>,
}

/// One person's part in a step.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepApprover {
    pub user_id: i64,
    pub name: String,
    pub decision: Option<Decision>,
    pub comment: String,
    /// Who answered: the approver, or a delegate for them.
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub via: Option<Via>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A step of an approval and what became of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalStep {
    pub position: i64,
    pub name: String,
    pub approver: ApproverKind,
    pub rule: Rule,
    pub condition: Option<StepCondition>,
    pub state: StepState,
    /// Why it was skipped, or who was asked when nobody was found.
    pub note: String,
    pub started_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub approvers: Vec<StepApprover>,
}

/// An approval: a chain run for one record, with every step and decision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Approval {
    pub id: i64,
    pub organisation_id: i64,
    /// What the record is (`catalog_request`) and its id.
    pub subject_kind: String,
    pub subject_id: i64,
    pub title: String,
    /// The record's page (a path of this site).
    pub link: String,
    pub requester_id: i64,
    pub requester_name: String,
    pub chain_name: String,
    pub state: ApprovalState,
    /// The rejecting comment, or why it ended.
    pub comment: String,
    #[schema(value_type = Object)]
    pub facts: Facts,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub steps: Vec<ApprovalStep>,
    /// Whether the caller may decide the running step now (for themselves or as a
    /// delegate).
    pub may_decide: bool,
}

/// An answer.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub decision: Decision,
    /// Up to 2,000 characters; a rejection's comment is what the requester reads.
    #[serde(default)]
    pub comment: String,
}

/// Someone deciding for another while they are away.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Delegation {
    pub id: i64,
    pub user_id: i64,
    pub delegate_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl From<DelegationRow> for Delegation {
    fn from(r: DelegationRow) -> Self {
        Delegation {
            id: r.id,
            user_id: r.user_id,
            delegate_id: r.delegate_id,
            starts_at: ts(r.starts_at),
            ends_at: ts(r.ends_at),
        }
    }
}

/// A delegation to record: the caller's approvals go to `delegate_id` meanwhile.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationInput {
    pub delegate_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A record's approval to start.
#[derive(Debug, Clone)]
pub struct ApprovalStart {
    pub organisation_id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub title: String,
    pub link: String,
    pub requester_id: i64,
    /// The record's department, else the requester's.
    pub department_id: Option<i64>,
    /// The record's cost centre, else its department's.
    pub cost_centre_id: Option<i64>,
    pub facts: Facts,
    pub chain_id: i64,
    /// The job queued when the approval ends, with [`Decided`] as its payload.
    pub decided_job: String,
}

/// The payload of a record's `decided_job`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    pub approval_id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub state: ApprovalState,
    pub comment: String,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct AskJob {
    pub(crate) step_id: i64,
    /// A reminder: only those who have not answered are asked again.
    #[serde(default)]
    pub(crate) reminder: bool,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct EndedJob {
    pub(crate) approval_id: i64,
}

/// What a single-use link shows before its person decides.
#[derive(Debug, Clone)]
pub struct LinkedApproval {
    pub approval: Approval,
    /// The person the link was sent to.
    pub user_id: i64,
    pub user_name: String,
}

fn step_definition(s: &ChainStep) -> StepDefinition {
    StepDefinition {
        name: s.name.clone(),
        approver: s.approver,
        approver_id: s.approver_id,
        rule: s.rule,
        condition: s.condition.as_ref().map(|c| Condition { fact: c.fact.clone(), op: c.op, value: c.value.clone() }),
        time_limit_hours: s.time_limit_hours,
        reminder_hours: s.reminder_hours,
    }
}

fn step_row(position: usize, s: &ChainStep) -> StepDefinitionRow {
    StepDefinitionRow {
        position: position as i64,
        name: s.name.trim().to_string(),
        approver: s.approver.as_str().into(),
        approver_id: s.approver_id,
        rule: s.rule.as_str().into(),
        condition_fact: s.condition.as_ref().map(|c| c.fact.clone()),
        condition_op: s.condition.as_ref().map(|c| c.op.as_str().into()),
        condition_value: s.condition.as_ref().map(|c| c.value.trim().to_string()),
        time_limit_hours: s.time_limit_hours,
        reminder_hours: s.reminder_hours,
    }
}

/// A stored step definition read back (the columns of a chain's step or of a copy).
struct Defined<'a> {
    name: &'a str,
    approver: &'a str,
    approver_id: Option<i64>,
    rule: &'a str,
    fact: Option<&'a str>,
    op: Option<&'a str>,
    value: Option<&'a str>,
    time_limit_hours: Option<i64>,
    reminder_hours: Option<i64>,
}

impl Defined<'_> {
    fn step(&self) -> Result<ChainStep, AppError> {
        let condition = match (self.fact, self.op, self.value) {
            (Some(fact), Some(op), Some(value)) => Some(StepCondition {
                fact: fact.to_string(),
                op: op.parse().map_err(AppError::stored)?,
                value: value.to_string(),
            }),
            _ => None,
        };
        Ok(ChainStep {
            name: self.name.to_string(),
            approver: self.approver.parse().map_err(AppError::stored)?,
            approver_id: self.approver_id,
            rule: self.rule.parse().map_err(AppError::stored)?,
            condition,
            time_limit_hours: self.time_limit_hours,
            reminder_hours: self.reminder_hours,
        })
    }
}

fn defined_of_chain(r: &StepDefinitionRow) -> Defined<'_> {
    Defined {
        name: &r.name,
        approver: &r.approver,
        approver_id: r.approver_id,
        rule: &r.rule,
        fact: r.condition_fact.as_deref(),
        op: r.condition_op.as_deref(),
        value: r.condition_value.as_deref(),
        time_limit_hours: r.time_limit_hours,
        reminder_hours: r.reminder_hours,
    }
}

fn defined_of_step(r: &StepRow) -> Defined<'_> {
    Defined {
        name: &r.name,
        approver: &r.approver,
        approver_id: r.approver_id,
        rule: &r.rule,
        fact: r.condition_fact.as_deref(),
        op: r.condition_op.as_deref(),
        value: r.condition_value.as_deref(),
        time_limit_hours: r.time_limit_hours,
        reminder_hours: r.reminder_hours,
    }
}

/// Whether `token` could be one of our links' tokens (anything else is not looked up).
fn plausible(token: &str) -> bool {
    (1..=TOKEN_MAX).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The decisions of step `step_id` among `approvers`: asked, approved, rejected.
fn tally(approvers: &[ApproverRow], step_id: i64) -> (usize, usize, usize) {
    let of_step = approvers.iter().filter(|a| a.step_id == step_id);
    let (mut asked, mut yes, mut no) = (0, 0, 0);
    for a in of_step {
        asked += 1;
        match a.decision.as_deref() {
            Some("approved") => yes += 1,
            Some("rejected") => no += 1,
            _ => {}
        }
    }
    (asked, yes, no)
}

impl App {
    // --- Chains -------------------------------------------------------------------------

    /// The chains of the organisations the actor may see (and those above, which apply to
    /// their records too).
    pub async fn list_approval_chains(&self, actor: &Actor) -> Result<Vec<ApprovalChain>, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let mut chains = Vec::new();
        for row in self.store().list_approval_chains().await? {
            if actor.sees_organisation(row.organisation_id) || actor.above.contains(&row.organisation_id) {
                chains.push(self.chain_of(row).await?);
            }
        }
        Ok(chains)
    }

    /// One chain the actor may see.
    pub async fn approval_chain(&self, actor: &Actor, id: i64) -> Result<ApprovalChain, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let row = self.store().approval_chain(id).await?;
        if !(actor.sees_organisation(row.organisation_id) || actor.above.contains(&row.organisation_id)) {
            return Err(AppError::NotFound);
        }
        self.chain_of(row).await
    }

    async fn chain_of(&self, row: ChainRow) -> Result<ApprovalChain, AppError> {
        let steps = self.store().approval_chain_steps(row.id).await?;
        Ok(ApprovalChain {
            id: row.id,
            organisation_id: row.organisation_id,
            name: row.name,
            description: row.description,
            version: row.version,
            steps: steps.iter().map(|s| defined_of_chain(s).step()).collect::<Result<_, _>>()?,
            created_at: ts(row.created_at),
            updated_at: ts(row.updated_at),
        })
    }

    /// Creates a chain (managers and administrators, in their organisations).
    pub async fn create_approval_chain(
        &self,
        actor: &Actor,
        input: ApprovalChainInput,
    ) -> Result<ApprovalChain, AppError> {
        let (name, description, steps) = self.checked_chain(actor, &input).await?;
        let row = self
            .store()
            .create_approval_chain(input.organisation_id, &name, &description, &steps, self.now_micros())
            .await
            .map_err(chain_conflict)?;
        self.chain_of(row).await
    }

    /// Replaces a chain's name, description and steps if it is still at `version` (when
    /// given: `If-Match`).
    /// Approvals already running keep the steps they started with.
    pub async fn update_approval_chain(
        &self,
        actor: &Actor,
        id: i64,
        version: Option<i64>,
        input: ApprovalChainInput,
    ) -> Result<ApprovalChain, AppError> {
        let current = self.approval_chain(actor, id).await?;
        let version = version.unwrap_or(current.version);
        if input.organisation_id != current.organisation_id {
            return Err(AppError::invalid("organisation_id", "a chain stays in its organisation"));
        }
        let (name, description, steps) = self.checked_chain(actor, &input).await?;
        let row = self
            .store()
            .update_approval_chain(id, version, &name, &description, &steps, self.now_micros())
            .await
            .map_err(chain_conflict)?;
        self.chain_of(row).await
    }

    async fn checked_chain(
        &self,
        actor: &Actor,
        input: &ApprovalChainInput,
    ) -> Result<(String, String, Vec<StepDefinitionRow>), AppError> {
        actor.require(ApprovalPermission::ManageChains)?;
        if !actor.sees_organisation(input.organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation"));
        }
        let name = validate::name("name", &input.name)?;
        let description = validate::optional_text("description", &input.description, 2_000)?;
        let definitions: Vec<StepDefinition> = input.steps.iter().map(step_definition).collect();
        rules::check_steps(&definitions)?;
        let tree = self.organisation_tree().await?;
        let above = ancestors_of(&tree, input.organisation_id);
        for (i, step) in input.steps.iter().enumerate() {
            let field = format!("steps[{i}].approver_id");
            match (step.approver, step.approver_id) {
                (ApproverKind::Person, Some(id)) => {
                    let user = self.store().user(id).await.named_in(&field, "no such person")?;
                    if !user.active || !above.iter().chain(&actor.organisations).any(|o| *o == user.organisation_id) {
                        return Err(AppError::invalid(&field, "no such active person in the organisation"));
                    }
                }
                (ApproverKind::Team, Some(id)) => {
                    self.store().team(id).await.named_in(&field, "no such team")?;
                }
                _ => {}
            }
        }
        let steps = input.steps.iter().enumerate().map(|(i, s)| step_row(i, s)).collect();
        Ok((name, description, steps))
    }

    // --- Running an approval ------------------------------------------------------------

    /// Starts the approval of a record in the caller's transaction: its chain's steps are
    /// copied, and the first that applies asks its approvers (a job queued in `tx`). A
    /// chain none of whose steps applies approves at once (the decided job is queued).
    pub async fn start_approval(&self, tx: &mut Tx, start: ApprovalStart) -> Result<ApprovalRow, AppError> {
        let chain = self.store().approval_chain(start.chain_id).await.named_in("chain_id", "no such approval chain")?;
        let tree = self.organisation_tree().await?;
        if !ancestors_of(&tree, start.organisation_id).contains(&chain.organisation_id) {
            return Err(AppError::invalid("chain_id", "the chain belongs to another organisation"));
        }
        let steps = self.store().approval_chain_steps(chain.id).await?;
        let requester = self.store().user(start.requester_id).await?;
        let department_id = start.department_id.or(requester.department_id);
        let cost_centre_id = match (start.cost_centre_id, department_id) {
            (Some(c), _) => Some(c),
            (None, Some(d)) => self.store().department(d).await?.cost_centre_id,
            (None, None) => None,
        };
        let facts = serde_json::to_string(&start.facts).map_err(|e| AppError::Internal(e.to_string()))?;
        let new = NewApprovalRow {
            organisation_id: start.organisation_id,
            subject_kind: start.subject_kind,
            subject_id: start.subject_id,
            title: start.title,
            link: start.link,
            requester_id: start.requester_id,
            department_id,
            cost_centre_id,
            facts,
            chain_id: Some(chain.id),
            chain_name: chain.name,
            decided_job: start.decided_job,
        };
        let now = self.now_micros();
        let row = self.store().insert_approval(tx, &new, now).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict("this record's approval has started already".into()),
            other => other.into(),
        })?;
        self.store().insert_approval_steps(tx, row.id, &steps).await?;
        self.advance(tx, &row, now).await?;
        Ok(row)
    }

    /// Starts the next step that applies, or ends the approval approved when none is left.
    async fn advance(&self, tx: &mut Tx, approval: &ApprovalRow, now: i64) -> Result<(), AppError> {
        let facts: Facts = serde_json::from_str(&approval.facts).map_err(|e| AppError::Internal(e.to_string()))?;
        for step in self.store().approval_steps(&mut *tx, approval.id).await? {
            if step.state != StepState::Waiting.as_str() {
                continue;
            }
            let definition = defined_of_step(&step).step()?;
            if let Some(c) = &definition.condition {
                let condition = Condition { fact: c.fact.clone(), op: c.op, value: c.value.clone() };
                if !condition.holds(&facts) {
                    let note = "its condition did not hold";
                    let times = StepTimes { ended_at: Some(now), ..Default::default() };
                    self.store().set_approval_step(tx, step.id, StepState::Skipped.as_str(), note, times).await?;
                    continue;
                }
            }
            let (approvers, note) = self.approvers_of(tx, approval, &definition).await?;
            if approvers.is_empty() {
                let why = "nobody could be asked to approve it";
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store().set_approval_step(tx, step.id, StepState::Rejected.as_str(), why, times).await?;
                return self.end(tx, approval, ApprovalState::Rejected, why, now).await;
            }
            let times = StepTimes {
                started_at: Some(now),
                due_at: step.time_limit_hours.map(|h| now + h * HOUR),
                remind_at: step.reminder_hours.map(|h| now + h * HOUR),
                ended_at: None,
            };
            self.store().set_approval_step(tx, step.id, StepState::Pending.as_str(), &note, times).await?;
            self.store().add_approvers(tx, step.id, &approvers).await?;
            let ask = serde_json::to_value(AskJob { step_id: step.id, reminder: false })
                .map_err(|e| AppError::Internal(e.to_string()))?;
            self.store().enqueue(tx, &[NewJob::now(ASK_JOB, ask, now)], now).await?;
            return Ok(());
        }
        self.end(tx, approval, ApprovalState::Approved, "", now).await
    }

    /// Who a step asks, and a note when it had to ask the organisation's managers
    /// instead. Never the requester.
    async fn approvers_of(
        &self,
        tx: &mut Tx,
        approval: &ApprovalRow,
        step: &ChainStep,
    ) -> Result<(Vec<i64>, String), AppError> {
        let one = |sql: &str, id: Option<i64>| Sql::new(sql).bind(id);
        let query = match step.approver {
            ApproverKind::Person => one("SELECT id FROM users WHERE id = $1 AND active", step.approver_id),
            ApproverKind::Manager => one(
                "SELECT m.id FROM users u JOIN users m ON m.id = u.manager_id WHERE u.id = $1 AND m.active",
                Some(approval.requester_id),
            ),
            ApproverKind::DepartmentHead => one(
                "SELECT h.id FROM departments d JOIN users h ON h.id = d.head_id WHERE d.id = $1 AND h.active",
                approval.department_id,
            ),
            ApproverKind::CostCentreOwner => one(
                "SELECT o.id FROM cost_centres c JOIN users o ON o.id = c.owner_id WHERE c.id = $1 AND o.active",
                approval.cost_centre_id,
            ),
            ApproverKind::Team => one(
                "SELECT u.id FROM team_members t JOIN users u ON u.id = t.user_id WHERE t.team_id = $1 AND u.active
                     ORDER BY u.id",
                step.approver_id,
            ),
        };
        let found: Vec<(i64,)> = query.fetch_all(&mut *tx).await?;
        let mut ids: Vec<i64> = found.into_iter().map(|(id,)| id).filter(|id| *id != approval.requester_id).collect();
        ids.dedup();
        if !ids.is_empty() {
            return Ok((ids, String::new()));
        }
        let tree = self.organisation_tree().await?;
        let mut sql = Sql::new("SELECT id FROM users WHERE active AND role IN ('manager', 'admin')");
        helmdesk_store::platform::users::push_in(
            &mut sql,
            "organisation_id",
            &ancestors_of(&tree, approval.organisation_id),
        );
        let id = sql.arg(approval.requester_id);
        sql.push(&format!(" AND id <> {id} ORDER BY id"));
        let fallback: Vec<(i64,)> = sql.fetch_all(&mut *tx).await?;
        let note = format!("nobody was found as {}: the organisation's managers were asked", step.approver);
        Ok((fallback.into_iter().map(|(id,)| id).collect(), note))
    }

    /// Ends an approval: its state and comment, the steps not reached skipped, the
    /// record's job and the requester's notice queued.
    async fn end(
        &self,
        tx: &mut Tx,
        approval: &ApprovalRow,
        state: ApprovalState,
        comment: &str,
        now: i64,
    ) -> Result<(), AppError> {
        self.store().end_approval(tx, approval.id, state.as_str(), comment, now).await?;
        for step in self.store().approval_steps(&mut *tx, approval.id).await? {
            if step.state == StepState::Waiting.as_str() {
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store()
                    .set_approval_step(tx, step.id, StepState::Skipped.as_str(), "the chain ended", times)
                    .await?;
            }
        }
        let decided = Decided {
            approval_id: approval.id,
            subject_kind: approval.subject_kind.clone(),
            subject_id: approval.subject_id,
            state,
            comment: comment.to_string(),
        };
        let decided = serde_json::to_value(decided).map_err(|e| AppError::Internal(e.to_string()))?;
        let ended = serde_json::to_value(EndedJob { approval_id: approval.id })
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let jobs = [NewJob::now(&approval.decided_job, decided, now), NewJob::now(ENDED_JOB, ended, now)];
        self.store().enqueue(tx, &jobs, now).await?;
        Ok(())
    }

    /// Records the actor's answer in the running step of approval `id`, for themselves or
    /// for someone they stand in for, and moves the chain on when it decides the step.
    pub async fn decide_approval(
        &self,
        actor: &Actor,
        id: i64,
        input: DecisionInput,
        via: Via,
    ) -> Result<Approval, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let comment = validate::optional_text("comment", &input.comment, rules::COMMENT_MAX)?;
        // Who may see it learns why they may not decide; others learn nothing.
        let view = self.approval(actor, id).await?;
        let now = self.now_micros();
        let stands_in_for = self.store().delegators_of(actor.id, now).await?;
        let mut tx = self.store().begin().await?;
        let row = self.store().lock_approval(&mut tx, id).await?;
        if row.state != ApprovalState::Pending.as_str() {
            return Err(AppError::Conflict(format!("this approval has ended ({})", row.state)));
        }
        let steps = self.store().approval_steps(&mut tx, id).await?;
        let step = steps
            .iter()
            .find(|s| s.state == StepState::Pending.as_str())
            .ok_or_else(|| AppError::Conflict("no step is waiting for a decision".into()))?;
        let approvers = self.store().approval_approvers(&mut tx, id).await?;
        let undecided =
            |user: i64| approvers.iter().any(|a| a.step_id == step.id && a.user_id == user && a.decision.is_none());
        let for_whom = if undecided(actor.id) {
            actor.id
        } else if let Some(other) = stands_in_for.iter().copied().find(|u| undecided(*u)) {
            other
        } else if approvers.iter().any(|a| a.step_id == step.id && a.user_id == actor.id) {
            return Err(AppError::Conflict("you have answered in this step already".into()));
        } else {
            return Err(AppError::forbidden(format!(
                "you are not asked in the step \"{}\" of {}",
                step.name, view.title
            )));
        };
        let record = DecisionRecord {
            step_id: step.id,
            user_id: for_whom,
            decision: input.decision.as_str(),
            comment: &comment,
            decided_by: actor.id,
            via: via.as_str(),
            at: now,
        };
        if !self.store().record_decision(&mut tx, record).await? {
            return Err(AppError::Conflict("this answer was given already".into()));
        }
        let approvers = self.store().approval_approvers(&mut tx, id).await?;
        let (asked, yes, no) = tally(&approvers, step.id);
        let rule: Rule = step.rule.parse().map_err(AppError::stored)?;
        match rules::outcome(rule, asked, yes, no) {
            None => {}
            Some(Decision::Approved) => {
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store()
                    .set_approval_step(&mut tx, step.id, StepState::Approved.as_str(), &step.note, times)
                    .await?;
                self.advance(&mut tx, &row, now).await?;
            }
            Some(Decision::Rejected) => {
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store()
                    .set_approval_step(&mut tx, step.id, StepState::Rejected.as_str(), &step.note, times)
                    .await?;
                let why = if comment.is_empty() {
                    format!("rejected in the step \"{}\"", step.name)
                } else {
                    comment.clone()
                };
                self.end(&mut tx, &row, ApprovalState::Rejected, &why, now).await?;
            }
        }
        tx.commit().await?;
        tracing::info!(approval = id, user = actor.id, for_whom, decision = %input.decision, "approval answered");
        self.approval(actor, id).await
    }

    /// Cancels a pending approval (its record no longer needs it), in the caller's
    /// transaction; the record's module calls it, and its decided job is queued too.
    pub async fn cancel_approval(&self, tx: &mut Tx, id: i64, comment: &str) -> Result<(), AppError> {
        let row = self.store().lock_approval(tx, id).await?;
        if row.state != ApprovalState::Pending.as_str() {
            return Ok(());
        }
        let now = self.now_micros();
        for step in self.store().approval_steps(&mut *tx, id).await? {
            if step.state == StepState::Pending.as_str() {
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store().set_approval_step(tx, step.id, StepState::Skipped.as_str(), comment, times).await?;
            }
        }
        self.end(tx, &row, ApprovalState::Cancelled, comment, now).await
    }

    // --- Reading ------------------------------------------------------------------------

    /// One approval with its chain and decisions: its requester, those asked in it and
    /// their delegates, and staff of its organisation may read it; to others it does not
    /// exist.
    pub async fn approval(&self, actor: &Actor, id: i64) -> Result<Approval, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let row = self.store().approval(id).await?;
        let view = self.approval_view(&row, Some(actor.id)).await?;
        let asked: Vec<i64> = view.steps.iter().flat_map(|s| s.approvers.iter().map(|a| a.user_id)).collect();
        let stands_in = !asked.is_empty()
            && self.store().delegates_of(&asked, self.now_micros()).await?.iter().any(|(_, d)| *d == actor.id);
        let staff = actor.role.sees_internal() && actor.sees_organisation(row.organisation_id);
        if row.requester_id == actor.id || asked.contains(&actor.id) || stands_in || staff {
            Ok(view)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The approval of a record, if it has one and the actor may read it.
    pub async fn approval_of(
        &self,
        actor: &Actor,
        subject_kind: &str,
        subject_id: i64,
    ) -> Result<Option<Approval>, AppError> {
        match self.store().approval_of(subject_kind, subject_id).await? {
            Some(row) => match self.approval(actor, row.id).await {
                Ok(a) => Ok(Some(a)),
                Err(AppError::NotFound) => Ok(None),
                Err(e) => Err(e),
            },
            None => Ok(None),
        }
    }

    async fn approval_view(&self, row: &ApprovalRow, reader: Option<i64>) -> Result<Approval, AppError> {
        let steps = self.store().approval_steps(self.store().db(), row.id).await?;
        let approvers = self.store().approval_approvers(self.store().db(), row.id).await?;
        let mut ids: Vec<i64> = approvers.iter().flat_map(|a| [Some(a.user_id), a.decided_by]).flatten().collect();
        ids.push(row.requester_id);
        ids.sort_unstable();
        ids.dedup();
        let names = self.store().user_names(&ids).await?;
        let name = |id: i64| names.iter().find(|(u, _)| *u == id).map(|(_, n)| n.clone()).unwrap_or_default();
        let now = self.now_micros();
        let stands_in_for = match reader {
            Some(r) => self.store().delegators_of(r, now).await?,
            None => Vec::new(),
        };
        let mut may_decide = false;
        let mut out = Vec::with_capacity(steps.len());
        for s in &steps {
            let definition = defined_of_step(s).step()?;
            let state: StepState = s.state.parse().map_err(AppError::stored)?;
            let mut people = Vec::new();
            for a in approvers.iter().filter(|a| a.step_id == s.id) {
                if state == StepState::Pending
                    && a.decision.is_none()
                    && reader.is_some_and(|r| r == a.user_id || stands_in_for.contains(&a.user_id))
                {
                    may_decide = true;
                }
                people.push(StepApprover {
                    user_id: a.user_id,
                    name: name(a.user_id),
                    decision: a.decision.as_deref().map(str::parse).transpose().map_err(AppError::stored)?,
                    comment: a.comment.clone(),
                    decided_by: a.decided_by,
                    decided_by_name: a.decided_by.map(name),
                    via: a.via.as_deref().map(str::parse).transpose().map_err(AppError::stored)?,
                    decided_at: a.decided_at.map(ts),
                });
            }
            out.push(ApprovalStep {
                position: s.position,
                name: s.name.clone(),
                approver: definition.approver,
                rule: definition.rule,
                condition: definition.condition,
                state,
                note: s.note.clone(),
                started_at: s.started_at.map(ts),
                due_at: s.due_at.map(ts),
                ended_at: s.ended_at.map(ts),
                approvers: people,
            });
        }
        Ok(Approval {
            id: row.id,
            organisation_id: row.organisation_id,
            subject_kind: row.subject_kind.clone(),
            subject_id: row.subject_id,
            title: row.title.clone(),
            link: row.link.clone(),
            requester_id: row.requester_id,
            requester_name: name(row.requester_id),
            chain_name: row.chain_name.clone(),
            state: row.state.parse().map_err(AppError::stored)?,
            comment: row.comment.clone(),
            facts: serde_json::from_str(&row.facts).unwrap_or_default(),
            created_at: ts(row.created_at),
            ended_at: row.ended_at.map(ts),
            steps: out,
            may_decide,
        })
    }

    /// The approvals waiting for the actor's answer (their own, and those of people they
    /// stand in for), newest first.
    pub async fn approvals_waiting(&self, actor: &Actor) -> Result<Vec<Approval>, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let mut people = self.store().delegators_of(actor.id, self.now_micros()).await?;
        people.push(actor.id);
        let mut ids: Vec<i64> =
            self.store().approvals_waiting_for(&people, LIST_MAX).await?.into_iter().map(|(a, _)| a).collect();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.approval_view(&self.store().approval(id).await?, Some(actor.id)).await?);
        }
        Ok(out)
    }

    /// Approvals the actor asked for or was asked in, newest first; for staff with
    /// `all`, every approval of their organisations (optionally in one state).
    pub async fn list_approvals(
        &self,
        actor: &Actor,
        all: bool,
        state: Option<ApprovalState>,
    ) -> Result<Vec<Approval>, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let rows = if all && actor.role.sees_internal() {
            self.store().approvals_of_organisations(&actor.organisations, state.map(|s| s.as_str()), LIST_MAX).await?
        } else {
            let rows = self.store().approvals_involving(actor.id, LIST_MAX).await?;
            rows.into_iter().filter(|r| state.is_none_or(|s| r.state == s.as_str())).collect()
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.approval_view(row, Some(actor.id)).await?);
        }
        Ok(out)
    }

    // --- Links by mail ------------------------------------------------------------------

    /// The approval a single-use link is for, if the link still works: unused, its step
    /// still running and its person still undecided in it. A signed-in `reader` other
    /// than the link's person is refused (403): the link is theirs.
    pub async fn approval_by_link(&self, token: &str, reader: Option<&Actor>) -> Result<LinkedApproval, AppError> {
        let (link_user, approval) = self.open_link(token).await?;
        if let Some(r) = reader
            && r.id != link_user.id
        {
            return Err(AppError::forbidden("this link was sent to someone else"));
        }
        Ok(LinkedApproval { approval, user_id: link_user.id, user_name: link_user.name })
    }

    async fn open_link(&self, token: &str) -> Result<(helmdesk_store::platform::users::UserRow, Approval), AppError> {
        let gone = || {
            AppError::Conflict(
                "this link no longer works: it was used, its step has ended, or it is not one we sent".into(),
            )
        };
        if !plausible(token) {
            return Err(gone());
        }
        let link = self.store().approval_link(&secret_hash(token)).await?.ok_or_else(gone)?;
        let step = self.store().approval_step(link.step_id).await?;
        let user = self.store().user(link.user_id).await?;
        if link.used_at.is_some() || step.state != StepState::Pending.as_str() || !user.active {
            return Err(gone());
        }
        let row = self.store().approval(step.approval_id).await?;
        let approval = self.approval_view(&row, Some(user.id)).await?;
        if !approval.may_decide {
            return Err(gone());
        }
        Ok((user, approval))
    }

    /// Decides through a single-use link: the link's person answers (for themselves or as
    /// a delegate), and the link is used up in the same transaction as the answer.
    pub async fn decide_by_link(
        &self,
        token: &str,
        reader: Option<&Actor>,
        input: DecisionInput,
    ) -> Result<Approval, AppError> {
        let linked = self.approval_by_link(token, reader).await?;
        let user = self.store().user(linked.user_id).await?;
        let actor = self.actor_for(&user).await?;
        // Used first: a second use of the same link at the same time finds it used.
        let mut tx = self.store().begin().await?;
        if !self.store().use_approval_link(&mut tx, &secret_hash(token), self.now_micros()).await? {
            return Err(AppError::Conflict("this link was used already".into()));
        }
        tx.commit().await?;
        self.decide_approval(&actor, linked.approval.id, input, Via::Mail).await
    }

    // --- Delegation ---------------------------------------------------------------------

    /// The delegations the actor gave or was given that have not ended.
    pub async fn my_delegations(&self, actor: &Actor) -> Result<Vec<Delegation>, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let rows = self.store().delegations_of(actor.id, self.now_micros()).await?;
        Ok(rows.into_iter().map(Delegation::from).collect())
    }

    /// Lets `delegate_id` decide the actor's approvals from `starts_at` to `ends_at`.
    pub async fn delegate_approvals(&self, actor: &Actor, input: DelegationInput) -> Result<Delegation, AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        if input.delegate_id == actor.id {
            return Err(AppError::invalid("delegate_id", "choose someone else"));
        }
        let delegate = self.store().user(input.delegate_id).await.named_in("delegate_id", "no such person")?;
        let tree = self.organisation_tree().await?;
        let related = ancestors_of(&tree, actor.organisation_id).contains(&delegate.organisation_id)
            || actor.organisations.contains(&delegate.organisation_id);
        if !delegate.active || !related {
            return Err(AppError::invalid("delegate_id", "no such active person in your organisation"));
        }
        let (starts, ends) = (input.starts_at.timestamp_micros(), input.ends_at.timestamp_micros());
        if ends <= starts {
            return Err(AppError::invalid("ends_at", "must be after starts_at"));
        }
        if ends <= self.now_micros() {
            return Err(AppError::invalid("ends_at", "must be in the future"));
        }
        if ends - starts > rules::HOURS_MAX * HOUR {
            return Err(AppError::invalid("ends_at", "a delegation lasts at most a year"));
        }
        let row = self.store().create_delegation(actor.id, delegate.id, starts, ends, self.now_micros()).await?;
        Ok(row.into())
    }

    /// Ends a delegation the actor gave (administrators: anyone's).
    pub async fn remove_delegation(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(ApprovalPermission::UseApprovals)?;
        let row = self.store().delegation(id).await?;
        if row.user_id != actor.id && !actor.can(crate::platform::access::Permission::Administer) {
            return Err(AppError::NotFound);
        }
        Ok(self.store().delete_delegation(id).await?)
    }

    // --- Jobs ---------------------------------------------------------------------------

    /// Asks a running step's undecided approvers and their delegates: a notification each
    /// and, when outgoing mail is configured, a mail with a link of their own.
    pub(crate) async fn ask_approvers(&self, step_id: i64, reminder: bool) -> Result<(), AppError> {
        let step = match self.store().approval_step(step_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if step.state != StepState::Pending.as_str() {
            return Ok(());
        }
        let row = self.store().approval(step.approval_id).await?;
        let view = self.approval_view(&row, None).await?;
        let waiting: Vec<i64> = view
            .steps
            .iter()
            .filter(|s| s.position == step.position)
            .flat_map(|s| s.approvers.iter().filter(|a| a.decision.is_none()).map(|a| a.user_id))
            .collect();
        let now = self.now_micros();
        let mut recipients = waiting.clone();
        recipients.extend(self.store().delegates_of(&waiting, now).await?.into_iter().map(|(_, d)| d));
        recipients.sort_unstable();
        recipients.dedup();
        let (settings, _) = self.stored_mail_settings().await?;
        let message = if reminder {
            format!("Reminder: your approval is needed: {}", row.title)
        } else {
            format!("Your approval is needed: {}", row.title)
        };
        let link = format!("/approvals/{}", row.id);
        let mut notes = Vec::new();
        let mut mails = Vec::new();
        let mut links = Vec::new();
        for user_id in recipients {
            notes.push(NewNotification {
                user_id,
                message: message.clone(),
                event: "approval".into(),
                actor_id: Some(row.requester_id),
                link: Some(link.clone()),
                ..Default::default()
            });
            let user = self.store().user(user_id).await?;
            if settings.outgoing.is_none() || !user.active || !helmdesk_mail::inbound::is_address(&user.email) {
                continue;
            }
            let token = new_secret("");
            let hash = secret_hash(&token);
            let url = format!("{}/approvals/link/{token}", self.settings().public_url.trim_end_matches('/'));
            let role: Role = user.role.parse().map_err(AppError::stored)?;
            let language = self.preferences_of(user.id, role).await?.language;
            let template = self.template_for(APPROVAL_REQUEST, &language).await?;
            let mail = self.render_approval_request(&template, &user.name, &view, &step, &url);
            mails.push(NewOutbound {
                ticket_id: None,
                event: APPROVAL_REQUEST.into(),
                recipient: user.email.clone(),
                subject: mail.subject,
                message_id: format!("approval-{}@{}", &hash[..32], id_domain(&settings)),
                in_reply_to: None,
                refs: String::new(),
                body_text: mail.body_text,
                body_html: Some(mail.body_html),
            });
            links.push((hash, user_id));
        }
        let mut tx = self.store().begin().await?;
        for (hash, user_id) in &links {
            self.store().insert_approval_link(&mut tx, hash, step.id, *user_id, now).await?;
        }
        self.store().insert_notifications(&mut tx, &notes, now).await?;
        if !mails.is_empty() {
            self.store().queue_outbound(&mut tx, &mails, |id| send_job(id, now), now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    fn render_approval_request(
        &self,
        t: &templates::Template,
        recipient: &str,
        approval: &Approval,
        step: &StepRow,
        url: &str,
    ) -> templates::Template {
        let details = approval
            .facts
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect::<Vec<_>>()
            .join("\n");
        let due = step.due_at.map(|d| ts(d).format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
        let value = |placeholder: &str| match placeholder {
            "recipient.name" => Some(recipient.to_string()),
            "approval.title" => Some(approval.title.clone()),
            "approval.requester" => Some(approval.requester_name.clone()),
            "approval.step" => Some(step.name.clone()),
            "approval.details" => Some(details.clone()),
            "approval.due" => Some(due.clone()),
            "approval.url" => Some(url.to_string()),
            _ => None,
        };
        templates::render(t, value, helmdesk_mail::escape_html)
    }

    /// The approval request's template filled in with a sample approval.
    pub(crate) fn preview_approval_template(&self, t: &templates::Template) -> TemplatePreview {
        let url = format!("{}/approvals/link/sample", self.settings().public_url.trim_end_matches('/'));
        let approval = Approval {
            id: 0,
            organisation_id: 0,
            subject_kind: "catalog_request".into(),
            subject_id: 0,
            title: "New laptop for Ann Example".into(),
            link: String::new(),
            requester_id: 0,
            requester_name: "Ann Example".into(),
            chain_name: "Hardware".into(),
            state: ApprovalState::Pending,
            comment: String::new(),
            facts: [("cost".to_string(), serde_json::json!(1499.0))].into_iter().collect(),
            created_at: ts(0),
            ended_at: None,
            steps: Vec::new(),
            may_decide: false,
        };
        let step = StepRow {
            id: 0,
            approval_id: 0,
            position: 0,
            name: "Manager".into(),
            approver: "manager".into(),
            approver_id: None,
            rule: "any".into(),
            condition_fact: None,
            condition_op: None,
            condition_value: None,
            time_limit_hours: Some(48),
            reminder_hours: None,
            state: "pending".into(),
            note: String::new(),
            started_at: None,
            due_at: Some(self.now_micros() + 48 * HOUR),
            remind_at: None,
            ended_at: None,
        };
        let r = self.render_approval_request(t, "Sam Manager", &approval, &step, &url);
        TemplatePreview { subject: r.subject, body_text: r.body_text, body_html: r.body_html }
    }

    /// Tells the requester how their approval ended.
    pub(crate) async fn tell_approval_ended(&self, approval_id: i64) -> Result<(), AppError> {
        let row = self.store().approval(approval_id).await?;
        let message = match row.state.as_str() {
            "approved" => format!("Approved: {}", row.title),
            "rejected" => format!("Not approved: {}", row.title),
            _ => return Ok(()),
        };
        let note = NewNotification {
            user_id: row.requester_id,
            message,
            event: "approval".into(),
            excerpt: Some(row.comment.clone()).filter(|c| !c.is_empty()),
            link: Some(row.link.clone()),
            ..Default::default()
        };
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        self.store().insert_notifications(&mut tx, &[note], now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends the steps whose time ran out (the chain ends rejected) and reminds those who
    /// have not answered in steps whose reminder is due.
    pub async fn sweep_approvals(&self) -> Result<(), AppError> {
        let now = self.now_micros();
        for step in self.store().approval_steps_expired(now, 500).await? {
            let mut tx = self.store().begin().await?;
            let approval = self.store().lock_approval(&mut tx, step.approval_id).await?;
            let current = self.store().approval_steps(&mut tx, approval.id).await?;
            let still = current.iter().any(|s| s.id == step.id && s.state == StepState::Pending.as_str());
            if approval.state == ApprovalState::Pending.as_str() && still {
                let hours = step.time_limit_hours.unwrap_or_default();
                let why = format!("nobody decided the step \"{}\" within {hours} hours", step.name);
                let times = StepTimes { ended_at: Some(now), ..Default::default() };
                self.store().set_approval_step(&mut tx, step.id, StepState::Expired.as_str(), &why, times).await?;
                self.end(&mut tx, &approval, ApprovalState::Rejected, &why, now).await?;
            }
            tx.commit().await?;
        }
        for step in self.store().approval_steps_to_remind(now, 500).await? {
            let (Some(from), Some(every)) = (step.remind_at, step.reminder_hours) else { continue };
            let mut tx = self.store().begin().await?;
            if self.store().move_approval_reminder(&mut tx, step.id, from, now + every * HOUR).await? {
                let ask = serde_json::to_value(AskJob { step_id: step.id, reminder: true })
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                self.store().enqueue(&mut tx, &[NewJob::now(ASK_JOB, ask, now)], now).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// A chain's name taken already in its organisation, said on its field.
fn chain_conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::invalid("name", "another chain of the organisation has this name"),
        StoreError::Stale => AppError::PreconditionFailed,
        other => other.into(),
    }
}

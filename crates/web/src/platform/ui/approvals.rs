//! The approvals pages: what waits for the signed-in person and what they asked for,
//! with delegation while away (`/approvals`); one approval with its chain and every
//! decision, and the form to answer (`/approvals/{id}`); the page a single-use link in an
//! e-mail opens, answered without signing in (`/approvals/link/{token}`); and the chains'
//! administration (`/admin/approval-chains`). Other modules draw an approval on their
//! record's page with [`panel`].

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use chrono::{NaiveDate, TimeZone, Utc};
use helmdesk_app::platform::approvals::{
    Approval, ApprovalChain, ApprovalChainInput, ApprovalPermission, ChainStep, DecisionInput, Delegation,
    DelegationInput, StepCondition,
};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::platform::approvals::{ApproverKind, Comparison, Decision, Rule, Via};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{SESSION_COOKIE, UiForm, UiUser};
use crate::platform::ui::i18n::{BrowserLanguage, Tr};
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, Posted, UiError, choices, choices_or, confirmed_or_again, edit_refusal, invalid_text, render,
    render_part, rows_drawn,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/approvals", list)
        .requires(ApprovalPermission::UseApprovals)
        .get("/approvals/{id}", show)
        .requires(ApprovalPermission::UseApprovals)
        .post("/approvals/{id}/decision", decide)
        .requires(ApprovalPermission::UseApprovals)
        .post("/approvals/delegations", delegate)
        .requires(ApprovalPermission::UseApprovals)
        .post("/approvals/delegations/{id}/delete", end_delegation)
        .requires(ApprovalPermission::UseApprovals)
        .get("/approvals/link/{token}", link_page)
        .public()
        .post("/approvals/link/{token}", link_decide)
        .public()
        .get("/admin/approval-chains", chains)
        .requires(ApprovalPermission::ManageChains)
        .get("/admin/approval-chains/new", new_chain)
        .requires(ApprovalPermission::ManageChains)
        .post("/admin/approval-chains", create_chain)
        .requires(ApprovalPermission::ManageChains)
        .get("/admin/approval-chains/{id}", edit_chain)
        .requires(ApprovalPermission::ManageChains)
        .post("/admin/approval-chains/{id}", update_chain)
        .requires(ApprovalPermission::ManageChains)
}

/// An approval drawn for a reader: its words in their language.
pub struct ApprovalView {
    pub approval: Approval,
    pub state: String,
    pub steps: Vec<StepView>,
    pub facts: Vec<(String, String)>,
}

/// A step drawn for a reader.
pub struct StepView {
    pub name: String,
    pub state: String,
    pub state_class: &'static str,
    pub who: String,
    pub rule: String,
    pub note: String,
    pub due: String,
    pub answers: Vec<AnswerView>,
}

/// One approver's part drawn for a reader.
pub struct AnswerView {
    pub name: String,
    pub decision: String,
    pub comment: String,
    pub by: String,
    /// How it was given ("by e-mail").
    pub via: String,
    pub at: String,
}

fn date_time(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl ApprovalView {
    /// `approval` in `tr`'s words.
    pub fn of(tr: &Tr, approval: Approval) -> ApprovalView {
        let steps = approval
            .steps
            .iter()
            .map(|s| StepView {
                name: s.name.clone(),
                state: tr.of("approval-step-state", s.state.as_str()),
                state_class: s.state.as_str(),
                who: tr.of("approval-approver", s.approver.as_str()),
                rule: tr.of("approval-rule", s.rule.as_str()),
                note: s.note.clone(),
                due: s.due_at.map(date_time).unwrap_or_default(),
                answers: s
                    .approvers
                    .iter()
                    .map(|a| AnswerView {
                        name: a.name.clone(),
                        decision: match a.decision {
                            Some(d) => tr.of("approval-decision", d.as_str()),
                            None => tr.t("approval-decision-none"),
                        },
                        comment: a.comment.clone(),
                        by: match (&a.decided_by_name, a.decided_by) {
                            (Some(n), Some(id)) if id != a.user_id => tr.t1("approval-for", "name", n),
                            _ => String::new(),
                        },
                        via: a.via.map(|v| tr.of("approval-via", v.as_str())).unwrap_or_default(),
                        at: a.decided_at.map(date_time).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        let facts = approval
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        ApprovalView { state: tr.of("approval-state", approval.state.as_str()), steps, facts, approval }
    }
}

#[derive(Template)]
#[template(path = "platform/_approval.html")]
struct ApprovalPanel<'a> {
    tr: &'a Tr,
    view: &'a ApprovalView,
    /// Where the answer form posts ("": no form).
    action: String,
    csrf: String,
}

/// The approval of a record drawn as a panel for `user` (its chain, every decision and,
/// when they may answer, the form), for another module's page; `None` when the record
/// has no approval the person may read.
pub async fn panel(
    s: &AppState,
    user: &UiUser,
    subject_kind: &str,
    subject_id: i64,
) -> Result<Option<String>, UiError> {
    let Some(approval) = s.app.approval_of(&user.actor, subject_kind, subject_id).await? else { return Ok(None) };
    let tr = user.tr();
    let action = if approval.may_decide { format!("/approvals/{}/decision", approval.id) } else { String::new() };
    let view = ApprovalView::of(&tr, approval);
    Ok(Some(render_part(&ApprovalPanel { tr: &tr, view: &view, action, csrf: user.csrf.clone() })))
}

#[derive(Template)]
#[template(path = "platform/approvals.html")]
struct ListPage {
    nav: Option<Nav>,
    waiting: Vec<ApprovalView>,
    mine: Vec<ApprovalView>,
    delegations: Vec<(Delegation, String, String, bool)>,
    error: Option<String>,
    delegate_email: String,
    from: String,
    until: String,
}

async fn list_page(
    s: &AppState,
    user: &UiUser,
    error: Option<String>,
    form: DelegateForm,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let waiting = s.app.approvals_waiting(&user.actor).await?;
    let mine = s.app.list_approvals(&user.actor, false, None).await?;
    let delegations = s.app.my_delegations(&user.actor).await?;
    let mut ids: Vec<i64> = delegations.iter().flat_map(|d| [d.user_id, d.delegate_id]).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut names = Vec::new();
    for id in ids {
        let name = match s.app.user(&user.actor, id).await {
            Ok(u) => u.name,
            Err(_) => String::new(),
        };
        names.push((id, name));
    }
    let name = |id: i64| names.iter().find(|(u, _)| *u == id).map(|(_, n)| n.clone()).unwrap_or_default();
    let refused = error.is_some();
    let page = ListPage {
        nav: Some(Nav::of(s, user, "approvals").await?),
        waiting: waiting.into_iter().map(|a| ApprovalView::of(&tr, a)).collect(),
        mine: mine.into_iter().map(|a| ApprovalView::of(&tr, a)).collect(),
        delegations: delegations
            .into_iter()
            .map(|d| {
                let given = d.user_id == user.actor.id;
                let (a, b) = (name(d.user_id), name(d.delegate_id));
                (d, a, b, given)
            })
            .collect(),
        error,
        delegate_email: form.delegate_email,
        from: form.from,
        until: form.until,
    };
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

async fn list(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    list_page(&s, &user, None, DelegateForm::default()).await
}

#[derive(Template)]
#[template(path = "platform/approval.html")]
struct ShowPage {
    nav: Option<Nav>,
    panel: String,
    title: String,
    link: String,
}

async fn show(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let approval = s.app.approval(&user.actor, id).await?;
    let (title, link) = (approval.title.clone(), approval.link.clone());
    let tr = user.tr();
    let action = if approval.may_decide { format!("/approvals/{id}/decision") } else { String::new() };
    let view = ApprovalView::of(&tr, approval);
    let panel = render_part(&ApprovalPanel { tr: &tr, view: &view, action, csrf: user.csrf.clone() });
    Ok(render(&ShowPage { nav: Some(Nav::of(&s, &user, "approvals").await?), panel, title, link }))
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: String,
    #[serde(default)]
    comment: String,
}

impl DecisionForm {
    fn input(&self) -> Result<DecisionInput, AppError> {
        Ok(DecisionInput { decision: self.decision.parse::<Decision>()?, comment: self.comment.clone() })
    }
}

fn decided_message(tr: &Tr, decision: Decision, title: &str) -> String {
    tr.t1(if decision == Decision::Approved { "approval-approved" } else { "approval-rejected" }, "title", title)
}

async fn decide(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<DecisionForm>,
) -> Result<Response, UiError> {
    let input = form.input()?;
    let decision = input.decision;
    let approval = s.app.decide_approval(&user.actor, id, input, Via::Portal).await?;
    Ok(user.confirm(&format!("/approvals/{id}"), decided_message(&user.tr(), decision, &approval.title)))
}

#[derive(Deserialize, Default)]
struct DelegateForm {
    #[serde(default)]
    delegate_email: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

/// A form's day as the start of that day in UTC.
fn day(field: &str, value: &str) -> Result<chrono::DateTime<Utc>, AppError> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "must be a day like 2026-12-24"))?;
    Ok(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

async fn delegate(State(s): State<AppState>, UiForm { user, form }: UiForm<DelegateForm>) -> Result<Response, UiError> {
    let result = async {
        let delegate = s
            .app
            .user_id_with_email(&form.delegate_email)
            .await?
            .ok_or_else(|| AppError::invalid("delegate_email", "nobody has this e-mail address"))?;
        let starts_at = day("from", &form.from)?;
        // The last day counts whole.
        let ends_at = day("until", &form.until)? + chrono::Duration::days(1);
        s.app.delegate_approvals(&user.actor, DelegationInput { delegate_id: delegate, starts_at, ends_at }).await
    }
    .await;
    let delegated = user.tr().t1("approval-delegated", "email", form.delegate_email.trim());
    let done = |_| ("/approvals".to_string(), delegated);
    confirmed_or_again(&user, result, done, invalid_text, async |text| list_page(&s, &user, Some(text), form).await)
        .await
}

async fn end_delegation(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<crate::ui::NoFields>,
) -> Result<Response, UiError> {
    s.app.remove_delegation(&user.actor, id).await?;
    Ok(user.confirm("/approvals", user.tr().t("approval-delegation-ended")))
}

// --- The single-use link --------------------------------------------------------------

#[derive(Template)]
#[template(path = "platform/approval_link.html")]
struct LinkPage {
    nav: Option<Nav>,
    tr: Tr,
    panel: String,
    /// Why the form is not there (the link no longer works), or what was done.
    notice: Option<String>,
    person: String,
}

/// The person signed in on this browser, if any (the link is public, but someone signed
/// in as another person may not use it).
async fn signed_in(s: &AppState, jar: &CookieJar) -> Option<Actor> {
    let token = jar.get(SESSION_COOKIE)?.value().to_string();
    s.app.session_in_force(&token).await.ok().map(|session| session.actor)
}

/// The page of a link that no longer works (used, its step ended, or never ours), with a
/// way on: `status` is 200 for opening it and 409 for answering through it.
fn link_gone(tr: Tr, e: AppError, status: StatusCode) -> Result<Response, UiError> {
    match e {
        AppError::Conflict(_) => {
            let page = LinkPage {
                nav: None,
                notice: Some(tr.t("approval-link-gone")),
                tr,
                panel: String::new(),
                person: String::new(),
            };
            Ok((status, render(&page)).into_response())
        }
        other => Err(other.into()),
    }
}

async fn link_page(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, UiError> {
    let reader = signed_in(&s, &jar).await;
    let linked = match s.app.approval_by_link(&token, reader.as_ref()).await {
        Ok(l) => l,
        Err(e) => return link_gone(tr, e, StatusCode::OK),
    };
    let view = ApprovalView::of(&tr, linked.approval);
    let panel = render_part(&ApprovalPanel {
        tr: &tr,
        view: &view,
        action: format!("/approvals/link/{token}"),
        csrf: String::new(),
    });
    Ok(render(&LinkPage { nav: None, tr, panel, notice: None, person: linked.user_name }))
}

async fn link_decide(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    ApiPath(token): ApiPath<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, UiError> {
    let input = form.input()?;
    let decision = input.decision;
    let reader = signed_in(&s, &jar).await;
    let approval = match s.app.decide_by_link(&token, reader.as_ref(), input).await {
        Ok(a) => a,
        Err(e) => return link_gone(tr, e, StatusCode::CONFLICT),
    };
    let notice = Some(decided_message(&tr, decision, &approval.title));
    let view = ApprovalView::of(&tr, approval);
    let panel = render_part(&ApprovalPanel { tr: &tr, view: &view, action: String::new(), csrf: String::new() });
    Ok(render(&LinkPage { nav: None, tr, panel, notice, person: String::new() }))
}

// --- Chains -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "platform/admin_approval_chains.html")]
struct ChainsPage {
    nav: Option<Nav>,
    chains: Vec<(ApprovalChain, String)>,
}

async fn chains(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let orgs = s.app.list_organisations(&user.actor).await?;
    let chains = s.app.list_approval_chains(&user.actor).await?;
    let chains = chains
        .into_iter()
        .map(|c| {
            let org = orgs.iter().find(|o| o.id == c.organisation_id).map(|o| o.name.clone()).unwrap_or_default();
            (c, org)
        })
        .collect();
    Ok(render(&ChainsPage { nav: Some(Nav::of(&s, &user, "admin").await?), chains }))
}

/// How many step rows the form offers beyond those a chain has.
const BLANK_STEPS: usize = 2;

/// One step's row of the chain form, as typed.
#[derive(Debug, Clone, Default)]
struct StepFields {
    name: String,
    approver: String,
    person: String,
    team: String,
    rule: String,
    fact: String,
    op: String,
    value: String,
    limit: String,
    reminder: String,
}

/// A step row with its select boxes.
struct StepRow {
    index: usize,
    fields: StepFields,
    approvers: Vec<Choice>,
    teams: Vec<Choice>,
    rules: Vec<Choice>,
    ops: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "platform/admin_approval_chain.html")]
struct ChainPage {
    nav: Option<Nav>,
    /// The chain's id, or `None` for a new one.
    id: Option<i64>,
    version: i64,
    chain_name: String,
    description: String,
    organisations: Vec<Choice>,
    steps: Vec<StepRow>,
    error: Option<String>,
}

/// The chain form as typed: its fields come in pairs, the steps' named `step-N-field`.
#[derive(Debug, Clone, Default)]
struct ChainForm {
    organisation_id: String,
    name: String,
    description: String,
    version: String,
    steps: Vec<StepFields>,
}

impl ChainForm {
    fn of(c: &ApprovalChain, people: &[(i64, String)]) -> ChainForm {
        let email =
            |id: Option<i64>| people.iter().find(|(p, _)| Some(*p) == id).map(|(_, e)| e.clone()).unwrap_or_default();
        ChainForm {
            organisation_id: c.organisation_id.to_string(),
            name: c.name.clone(),
            description: c.description.clone(),
            version: c.version.to_string(),
            steps: c
                .steps
                .iter()
                .map(|s| StepFields {
                    name: s.name.clone(),
                    approver: s.approver.as_str().into(),
                    person: if s.approver == ApproverKind::Person { email(s.approver_id) } else { String::new() },
                    team: if s.approver == ApproverKind::Team {
                        crate::ui::id_text(s.approver_id)
                    } else {
                        String::new()
                    },
                    rule: s.rule.as_str().into(),
                    fact: s.condition.as_ref().map(|c| c.fact.clone()).unwrap_or_default(),
                    op: s.condition.as_ref().map(|c| c.op.as_str().to_string()).unwrap_or_default(),
                    value: s.condition.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
                    limit: s.time_limit_hours.map(|h| h.to_string()).unwrap_or_default(),
                    reminder: s.reminder_hours.map(|h| h.to_string()).unwrap_or_default(),
                })
                .collect(),
        }
    }

    fn read(pairs: &[(String, String)]) -> ChainForm {
        let form = Posted(pairs);
        let rows = helmdesk_domain::platform::approvals::STEPS_MAX + BLANK_STEPS;
        let steps = form.rows("step", rows, &["name"], |f| StepFields {
            name: f.value("name"),
            approver: f.value("approver"),
            person: f.value("person"),
            team: f.value("team"),
            rule: f.value("rule"),
            fact: f.value("fact"),
            op: f.value("op"),
            value: f.value("value"),
            limit: f.value("limit"),
            reminder: f.value("reminder"),
        });
        ChainForm {
            organisation_id: form.value("organisation_id"),
            name: form.value("name"),
            description: form.value("description"),
            version: form.value("version"),
            steps,
        }
    }

    async fn input(&self, s: &AppState) -> Result<ApprovalChainInput, AppError> {
        let number = |field: String, v: &str| -> Result<Option<i64>, AppError> {
            match v.trim() {
                "" => Ok(None),
                t => t.parse().map(Some).map_err(|_| AppError::invalid(&field, "must be a whole number of hours")),
            }
        };
        let mut steps = Vec::new();
        for (i, f) in self.steps.iter().enumerate() {
            let approver: ApproverKind = f.approver.parse()?;
            let approver_id = match approver {
                ApproverKind::Person => Some(s.app.user_id_with_email(&f.person).await?.ok_or_else(|| {
                    AppError::invalid(&format!("steps[{i}].person"), "nobody has this e-mail address")
                })?),
                ApproverKind::Team => Some(
                    f.team
                        .trim()
                        .parse()
                        .map_err(|_| AppError::invalid(&format!("steps[{i}].team"), "choose a team"))?,
                ),
                _ => None,
            };
            let condition = match f.fact.trim() {
                "" => None,
                fact => Some(StepCondition {
                    fact: fact.to_string(),
                    op: f.op.parse::<Comparison>()?,
                    value: f.value.clone(),
                }),
            };
            steps.push(ChainStep {
                name: f.name.clone(),
                approver,
                approver_id,
                rule: f.rule.parse::<Rule>()?,
                condition,
                time_limit_hours: number(format!("steps[{i}].time_limit_hours"), &f.limit)?,
                reminder_hours: number(format!("steps[{i}].reminder_hours"), &f.reminder)?,
            });
        }
        let organisation_id = self
            .organisation_id
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("organisation_id", "choose an organisation"))?;
        Ok(ApprovalChainInput {
            organisation_id,
            name: self.name.clone(),
            description: self.description.clone(),
            steps,
        })
    }
}

async fn chain_page(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: ChainForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let teams = s.app.list_teams(&user.actor).await?;
    let orgs = s.app.list_organisations(&user.actor).await?;
    let default_org = user.actor.organisation_id.to_string();
    let org = if form.organisation_id.is_empty() { default_org.as_str() } else { form.organisation_id.as_str() };
    let rows = rows_drawn(form.steps.len(), BLANK_STEPS, helmdesk_domain::platform::approvals::STEPS_MAX);
    let steps = (0..rows)
        .map(|index| {
            let fields = form.steps.get(index).cloned().unwrap_or_default();
            StepRow {
                index,
                approvers: choices(
                    ApproverKind::ALL.iter().map(|k| (k.as_str(), tr.of("approval-approver", k.as_str()))),
                    &fields.approver,
                ),
                teams: choices_or(
                    &tr.t("approval-chain-no-team"),
                    teams.iter().map(|t| (t.id, t.name.clone())),
                    &fields.team,
                ),
                rules: choices(
                    Rule::ALL.iter().map(|r| (r.as_str(), tr.of("approval-rule", r.as_str()))),
                    &fields.rule,
                ),
                ops: choices(
                    Comparison::ALL.iter().map(|c| (c.as_str(), tr.of("approval-op", c.as_str()))),
                    &fields.op,
                ),
                fields,
            }
        })
        .collect();
    let refused = error.is_some();
    let page = ChainPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        id,
        version: form.version.parse().unwrap_or_default(),
        chain_name: form.name,
        description: form.description,
        organisations: choices(orgs.into_iter().map(|o| (o.id, o.name)), org),
        steps,
        error,
    };
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

/// Where a saved chain leads, and what it says.
fn chain_saved(user: &UiUser, chain: ApprovalChain) -> (String, String) {
    ("/admin/approval-chains".into(), user.tr().t1("approval-chain-saved", "name", chain.name))
}

async fn new_chain(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    chain_page(&s, &user, None, ChainForm::default(), None).await
}

async fn edit_chain(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let chain = s.app.approval_chain(&user.actor, id).await?;
    let mut people = Vec::new();
    for step in chain.steps.iter().filter(|s| s.approver == ApproverKind::Person) {
        if let Some(pid) = step.approver_id
            && let Ok(u) = s.app.user(&user.actor, pid).await
        {
            people.push((pid, u.email));
        }
    }
    chain_page(&s, &user, Some(id), ChainForm::of(&chain, &people), None).await
}

async fn create_chain(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = ChainForm::read(&form);
    let result = match form.input(&s).await {
        Ok(input) => s.app.create_approval_chain(&user.actor, input).await,
        Err(e) => Err(e),
    };
    confirmed_or_again(
        &user,
        result,
        |c| chain_saved(&user, c),
        invalid_text,
        async |text| chain_page(&s, &user, None, form, Some(text)).await,
    )
    .await
}

async fn update_chain(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = ChainForm::read(&form);
    let version = form.version.parse().ok();
    let result = match form.input(&s).await {
        Ok(input) => s.app.update_approval_chain(&user.actor, id, version, input).await,
        Err(e) => Err(e),
    };
    let refusal = |e: &AppError| edit_refusal(e, || user.tr().t("approval-chain-changed"));
    confirmed_or_again(
        &user,
        result,
        |c| chain_saved(&user, c),
        refusal,
        async |text| chain_page(&s, &user, Some(id), form, Some(text)).await,
    )
    .await
}

//! The automation page (managers and administrators): the rules in the order they run,
//! what each did lately, and a form that writes one rule: when, if, then.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::service_desk::automation::{AutomationRule, AutomationRuleInput, AutomationRun};
use helmdesk_domain::service_desk::automation::{Action, Audience, By, Conditions, Trigger};
use helmdesk_domain::{Level, TicketStatus};

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::ui::labels;
use crate::ui::MoveForm;
use crate::ui::Outcome;
use crate::ui::{
    Choice, Nav, NoFields, ScopeNames, UiError, choices, choices_or, form_scope, id_text, render, scope_choices,
};
use helmdesk_app::service_desk::access::DeskPermission;
use helmdesk_app::service_desk::routing::OrderedRules;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/automation", page)
        .requires(DeskPermission::Configure)
        .post("/admin/automation", create)
        .requires(DeskPermission::Configure)
        .get("/admin/automation/{id}", rule_page)
        .requires(DeskPermission::Configure)
        .post("/admin/automation/{id}", update)
        .requires(DeskPermission::Configure)
        .post("/admin/automation/{id}/delete", delete)
        .requires(DeskPermission::Configure)
        .post("/admin/automation/{id}/move", move_rule)
        .requires(DeskPermission::Configure)
}

/// A rule as one line of the list.
struct RuleLine {
    rule: AutomationRule,
    when: String,
    conditions: String,
    actions: String,
}

/// A run as one line of the log.
struct RunLine {
    run: AutomationRun,
    rule: String,
}

#[derive(Template)]
#[template(path = "service_desk/admin_automation.html")]
struct ListPage {
    nav: Option<Nav>,
    rules: Vec<RuleLine>,
    runs: Vec<RunLine>,
    form: RuleForm,
    outcome: Outcome,
}

#[derive(Template)]
#[template(path = "service_desk/admin_automation_rule.html")]
struct RulePage {
    nav: Option<Nav>,
    rule: AutomationRule,
    runs: Vec<RunLine>,
    form: RuleForm,
    outcome: Outcome,
}

/// The rule form's choices and values.
struct RuleForm {
    name: String,
    active: bool,
    /// The organisations whose tickets the rule applies to.
    scopes: Vec<Choice>,
    triggers: Vec<Choice>,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    teams: Vec<Choice>,
    unassigned: Vec<Choice>,
    by: Vec<Choice>,
    subject_words: String,
    requester_domain: String,
    hours_in_status: String,
    hours_since_update: String,
    set_status: Vec<Choice>,
    set_urgency: Vec<Choice>,
    set_team: Vec<Choice>,
    assign: Vec<Choice>,
    watcher: Vec<Choice>,
    comment: String,
    comment_internal: bool,
    notify_to: Vec<Choice>,
    notify_message: String,
    webhook: Vec<Choice>,
}

/// The form's fields as posted: repeated keys for the ticked statuses and priorities.
type Pairs = Vec<(String, String)>;

fn get(body: &Pairs, key: &str) -> String {
    body.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

fn all(body: &Pairs, key: &str) -> Vec<String> {
    body.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

fn number(body: &Pairs, key: &str) -> Result<Option<i64>, AppError> {
    let v = get(body, key);
    if v.is_empty() {
        Ok(None)
    } else {
        v.parse().map(Some).map_err(|_| AppError::invalid(key, "must be a whole number"))
    }
}

fn parsed<T: std::str::FromStr>(body: &Pairs, key: &str) -> Result<Option<T>, AppError> {
    let v = get(body, key);
    if v.is_empty() {
        Ok(None)
    } else {
        v.parse().map(Some).map_err(|_| AppError::invalid(key, "is not a valid choice"))
    }
}

/// The rule a posted form describes; its actions in the form's order.
fn rule_input(body: &Pairs) -> Result<AutomationRuleInput, AppError> {
    let statuses = all(body, "status").iter().map(|s| s.parse()).collect::<Result<Vec<TicketStatus>, _>>()?;
    let priorities = all(body, "priority")
        .iter()
        .map(|p| p.parse().map_err(|_| AppError::invalid("priority", "is not a valid choice")))
        .collect::<Result<Vec<i64>, _>>()?;
    let conditions = Conditions {
        statuses,
        priorities,
        team_id: number(body, "team_id")?,
        unassigned: match get(body, "unassigned").as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        by: match get(body, "by").as_str() {
            "requester" => Some(By::Requester),
            "staff" => Some(By::Staff),
            _ => None,
        },
        subject_words: get(body, "subject_words")
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect(),
        requester_domain: Some(get(body, "requester_domain")).filter(|d| !d.is_empty()),
        hours_in_status: number(body, "hours_in_status")?,
        hours_since_update: number(body, "hours_since_update")?,
        ..Default::default()
    };
    let mut actions = Vec::new();
    if let Some(status) = parsed(body, "set_status")? {
        actions.push(Action::SetStatus { status });
    }
    if let Some(urgency) = parsed::<Level>(body, "set_urgency")? {
        actions.push(Action::SetUrgency { urgency });
    }
    if let Some(team_id) = number(body, "set_team")? {
        actions.push(Action::SetTeam { team_id });
    }
    if let Some(user_id) = number(body, "assign")? {
        actions.push(Action::Assign { user_id });
    }
    if let Some(user_id) = number(body, "watcher")? {
        actions.push(Action::AddWatcher { user_id });
    }
    let comment = get(body, "comment");
    if !comment.is_empty() {
        actions.push(Action::AddComment { body: comment, internal: !get(body, "comment_internal").is_empty() });
    }
    let to = match get(body, "notify_to").as_str() {
        "requester" => Some(Audience::Requester),
        "assignee" => Some(Audience::Assignee),
        "team" => Some(Audience::Team),
        _ => None,
    };
    if let Some(to) = to {
        actions.push(Action::Notify { to, message: get(body, "notify_message") });
    }
    if let Some(webhook_id) = number(body, "webhook")? {
        actions.push(Action::CallWebhook { webhook_id });
    }
    Ok(AutomationRuleInput {
        name: get(body, "name"),
        active: !get(body, "active").is_empty(),
        trigger: parsed(body, "trigger")?.ok_or_else(|| AppError::invalid("trigger", "choose when the rule runs"))?,
        conditions,
        actions,
        organisation_id: form_scope(body.iter().find(|(k, _)| k == "organisation_id").map(|(_, v)| v.as_str()))?,
    })
}

/// Builds the form for a rule (or a new one), with every choice the form offers.
async fn rule_form(s: &AppState, user: &UiUser, rule: Option<&AutomationRule>) -> Result<RuleForm, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let teams = s.app.list_teams(actor).await?;
    let agents = s.app.assignable_agents(actor).await?;
    let hooks = if actor.can(Permission::Administer) { s.app.webhooks(actor).await? } else { Vec::new() };
    let c = rule.map(|r| r.conditions.clone()).unwrap_or_default();
    let actions = rule.map(|r| r.actions.clone()).unwrap_or_default();
    let action = |f: &dyn Fn(&Action) -> Option<String>| actions.iter().find_map(f).unwrap_or_default();
    let team_choices = |current: String| choices_or("—", teams.iter().map(|t| (t.id, t.name.clone())), &current);
    let agent_choices = |current: String| choices_or("—", agents.iter().map(|a| (a.id, a.name.clone())), &current);
    let (comment, internal) = actions
        .iter()
        .find_map(|a| match a {
            Action::AddComment { body, internal } => Some((body.clone(), *internal)),
            _ => None,
        })
        .unwrap_or_default();
    let (notify_to, notify_message) = actions
        .iter()
        .find_map(|a| match a {
            Action::Notify { to, message } => Some((audience_name(*to).to_string(), message.clone())),
            _ => None,
        })
        .unwrap_or_default();
    let ticked = |list: Vec<Choice>, on: &dyn Fn(&str) -> bool| {
        list.into_iter()
            .map(|mut ch| {
                ch.selected = on(&ch.value);
                ch
            })
            .collect()
    };
    let scope = rule.map(|r| id_text(r.organisation_id));
    Ok(RuleForm {
        name: rule.map(|r| r.name.clone()).unwrap_or_default(),
        active: rule.is_none_or(|r| r.active),
        scopes: scope_choices(s, actor, scope.as_deref()).await?,
        triggers: choices(
            [
                ("created", tr.t("automation-trigger-created")),
                ("updated", tr.t("automation-trigger-updated")),
                ("replied", tr.t("automation-trigger-replied")),
                ("time", tr.t("automation-trigger-time")),
            ],
            rule.map(|r| r.trigger.as_str()).unwrap_or("created"),
        ),
        statuses: ticked(choices(labels::statuses(&tr), ""), &|v| c.statuses.iter().any(|s| s.as_str() == v)),
        priorities: ticked(choices((1..=5).map(|p| (p, format!("P{p}"))), ""), &|v| {
            c.priorities.iter().any(|p| p.to_string() == v)
        }),
        teams: team_choices(c.team_id.map(|t| t.to_string()).unwrap_or_default()),
        unassigned: choices(
            [
                ("", tr.t("automation-assignee-either")),
                ("yes", tr.t("automation-assignee-nobody")),
                ("no", tr.t("automation-assignee-someone")),
            ],
            match c.unassigned {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
        ),
        by: choices(
            [
                ("", tr.t("automation-by-anyone")),
                ("requester", tr.t("automation-by-requester")),
                ("staff", tr.t("automation-by-staff")),
            ],
            match c.by {
                Some(By::Requester) => "requester",
                Some(By::Staff) => "staff",
                None => "",
            },
        ),
        subject_words: c.subject_words.join(", "),
        requester_domain: c.requester_domain.clone().unwrap_or_default(),
        hours_in_status: c.hours_in_status.map(|h| h.to_string()).unwrap_or_default(),
        hours_since_update: c.hours_since_update.map(|h| h.to_string()).unwrap_or_default(),
        set_status: choices_or(
            "—",
            labels::statuses(&tr),
            &action(&|a| match a {
                Action::SetStatus { status } => Some(status.as_str().to_string()),
                _ => None,
            }),
        ),
        set_urgency: choices_or(
            "—",
            labels::urgencies(&tr),
            &action(&|a| match a {
                Action::SetUrgency { urgency } => Some(urgency.as_str().to_string()),
                _ => None,
            }),
        ),
        set_team: team_choices(action(&|a| match a {
            Action::SetTeam { team_id } => Some(team_id.to_string()),
            _ => None,
        })),
        assign: agent_choices(action(&|a| match a {
            Action::Assign { user_id } => Some(user_id.to_string()),
            _ => None,
        })),
        watcher: agent_choices(action(&|a| match a {
            Action::AddWatcher { user_id } => Some(user_id.to_string()),
            _ => None,
        })),
        comment,
        comment_internal: internal,
        notify_to: choices(
            [
                ("", tr.t("automation-notify-nobody")),
                ("requester", tr.t("automation-notify-requester")),
                ("assignee", tr.t("automation-notify-assignee")),
                ("team", tr.t("automation-notify-team")),
            ],
            &notify_to,
        ),
        notify_message,
        webhook: choices_or(
            "—",
            hooks.iter().map(|h| (h.id, h.name.clone())),
            &action(&|a| match a {
                Action::CallWebhook { webhook_id } => Some(webhook_id.to_string()),
                _ => None,
            }),
        ),
    })
}

fn audience_name(a: Audience) -> &'static str {
    match a {
        Audience::Requester => "requester",
        Audience::Assignee => "assignee",
        Audience::Team => "team",
    }
}

/// The rule in words, for the list.
fn line(tr: &Tr, rule: AutomationRule, names: &ScopeNames) -> RuleLine {
    let c = &rule.conditions;
    let or = format!(" {} ", tr.t("automation-line-or"));
    let mut parts = vec![tr.t1("automation-line-scope", "scope", names.label(rule.organisation_id).to_lowercase())];
    if !c.statuses.is_empty() {
        let statuses = c.statuses.iter().map(|s| labels::status(tr, *s)).collect::<Vec<_>>().join(&or);
        parts.push(tr.t1("automation-line-status", "statuses", statuses));
    }
    if !c.priorities.is_empty() {
        let priorities = c.priorities.iter().map(|p| format!("P{p}")).collect::<Vec<_>>().join(&or);
        parts.push(tr.t1("automation-line-priority", "priorities", priorities));
    }
    if !c.subject_words.is_empty() {
        parts.push(tr.t1("automation-line-subject", "words", c.subject_words.join(&or)));
    }
    if let Some(d) = &c.requester_domain {
        parts.push(tr.t1("automation-line-domain", "domain", d));
    }
    if let Some(h) = c.hours_in_status {
        parts.push(tr.t1("automation-line-in-status", "hours", h));
    }
    if let Some(h) = c.hours_since_update {
        parts.push(tr.t1("automation-line-idle", "hours", h));
    }
    let when = match rule.trigger {
        Trigger::Created => tr.t("automation-when-created"),
        Trigger::Updated => tr.t("automation-when-updated"),
        Trigger::Replied => tr.t("automation-when-replied"),
        Trigger::Time => tr.t("automation-when-time"),
    };
    RuleLine {
        when,
        conditions: parts.join("; "),
        actions: tr.t1("automation-actions", "count", rule.actions.len()),
        rule,
    }
}

async fn runs(
    s: &AppState,
    user: &UiUser,
    rule_id: Option<i64>,
    rules: &[AutomationRule],
) -> Result<Vec<RunLine>, UiError> {
    let name = |id: i64| rules.iter().find(|r| r.id == id).map(|r| r.name.clone()).unwrap_or_default();
    let runs = s.app.automation_runs(&user.actor, rule_id).await?;
    Ok(runs.into_iter().take(50).map(|run| RunLine { rule: name(run.rule_id), run }).collect())
}

async fn list_view(s: &AppState, user: &UiUser, outcome: Outcome) -> Result<Response, UiError> {
    let rules = s.app.automation_rules(&user.actor).await?;
    let names = ScopeNames::load(s, &user.actor).await?;
    let tr = user.tr();
    let page = ListPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        runs: runs(s, user, None, &rules).await?,
        form: rule_form(s, user, None).await?,
        rules: rules.into_iter().map(|r| line(&tr, r, &names)).collect(),
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn page(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    list_view(&s, &user, Outcome::default()).await
}

async fn create(State(s): State<AppState>, UiForm { user, form }: UiForm<Pairs>) -> Result<Response, UiError> {
    let result = match rule_input(&form) {
        Ok(input) => s.app.create_automation_rule(&user.actor, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |r| user.tr().t1("automation-added", "name", r.name))?;
    list_view(&s, &user, outcome).await
}

async fn rule_view(s: &AppState, user: &UiUser, id: i64, outcome: Outcome) -> Result<Response, UiError> {
    let rule = s.app.automation_rule(&user.actor, id).await?;
    let page = RulePage {
        nav: Some(Nav::of(s, user, "admin").await?),
        runs: runs(s, user, Some(id), std::slice::from_ref(&rule)).await?,
        form: rule_form(s, user, Some(&rule)).await?,
        rule,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn rule_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    rule_view(&s, &user, id, Outcome::default()).await
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Pairs>,
) -> Result<Response, UiError> {
    let result = match rule_input(&form) {
        Ok(input) => s.app.update_automation_rule(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |r| user.tr().t1("automation-saved", "name", r.name))?;
    rule_view(&s, &user, id, outcome).await
}

async fn delete(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    s.app.delete_automation_rule(&user.actor, id).await?;
    Ok(user.confirm("/admin/automation", user.tr().t("automation-deleted")))
}

async fn move_rule(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MoveForm>,
) -> Result<Response, UiError> {
    s.app.step_rule(&user.actor, OrderedRules::Automation, id, form.direction).await?;
    Ok(user.confirm("/admin/automation", user.tr().t("automation-order-saved")))
}

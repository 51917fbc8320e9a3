//! Routing administration: the assignment rules in the order they are tried, moved up and
//! down, the form of a rule, and who is away (managers and administrators).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use helmdesk_app::service_desk::routing::{AssignmentRule, AssignmentRuleInput, AssignmentRulePatch};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::TicketKind;
use helmdesk_domain::service_desk::routing::RoutingMethod;
use serde::Deserialize;

use helmdesk_app::platform::users::User;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::account::AwayForm;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::ui::labels;
use crate::ui::MoveForm;
use crate::ui::{
    Choice, Nav, UiError, choices, choices_or, form_scope, render, render_refusable, saved_or_again, scope_choices,
};
use helmdesk_app::service_desk::access::DeskPermission;
use helmdesk_app::service_desk::routing::OrderedRules;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/routing", overview)
        .requires(DeskPermission::Configure)
        .get("/admin/routing/new", new_rule)
        .requires(DeskPermission::Configure)
        .post("/admin/routing", create_rule)
        .requires(DeskPermission::Configure)
        .get("/admin/routing/{id}", rule_page)
        .requires(DeskPermission::Configure)
        .post("/admin/routing/{id}", update_rule)
        .requires(DeskPermission::Configure)
        .post("/admin/routing/{id}/move", move_rule)
        .requires(DeskPermission::Configure)
        .post("/admin/routing/{id}/delete", delete_rule)
        .requires(DeskPermission::Configure)
        .post("/admin/routing/away/{id}", set_away)
        .requires(DeskPermission::Configure)
}

/// A rule as the list shows it.
struct RuleLine {
    rule: AssignmentRule,
    conditions: String,
    team: String,
    /// Who in the team gets the ticket, in words.
    method: String,
}

#[derive(Template)]
#[template(path = "service_desk/admin_routing.html")]
struct OverviewPage {
    nav: Option<Nav>,
    rules: Vec<RuleLine>,
    /// The staff routing may give tickets to, by name, with whether they are away.
    agents: Vec<User>,
    notice: Option<String>,
}

/// Names of the things rules refer to, for summaries.
struct Names {
    categories: Vec<(i64, String)>,
    organisations: Vec<(i64, String)>,
    teams: Vec<(i64, String)>,
}

impl Names {
    async fn load(s: &AppState, actor: &Actor) -> Result<Names, UiError> {
        Ok(Names {
            categories: s.app.list_categories().await?.into_iter().map(|c| (c.id, c.name)).collect(),
            organisations: s.app.list_organisations(actor).await?.into_iter().map(|o| (o.id, o.name)).collect(),
            teams: s.app.list_teams(actor).await?.into_iter().map(|t| (t.id, t.name)).collect(),
        })
    }

    fn of(list: &[(i64, String)], id: i64) -> String {
        list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| format!("#{id}"))
    }

    /// "Incident; category Network; organisation Acme and its subsidiaries; any of the
    /// words: vpn, tunnel".
    fn conditions(&self, tr: &Tr, r: &AssignmentRule) -> String {
        let mut parts = Vec::new();
        if let Some(k) = r.kind {
            parts.push(labels::kind(tr, k));
        }
        if let Some(c) = r.category_id {
            parts.push(tr.t1("routing-line-category", "name", Names::of(&self.categories, c)));
        }
        if let Some(o) = r.organisation_id {
            parts.push(tr.t1("routing-line-organisation", "name", Names::of(&self.organisations, o)));
        }
        if !r.keywords.is_empty() {
            parts.push(tr.t1("routing-line-keywords", "words", r.keywords.join(", ")));
        }
        if parts.is_empty() { tr.t("desk-every-ticket") } else { parts.join("; ") }
    }
}

async fn overview_page(s: &AppState, user: &UiUser, notice: Option<String>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let names = Names::load(s, actor).await?;
    let tr = user.tr();
    let rules = s
        .app
        .list_assignment_rules(actor)
        .await?
        .into_iter()
        .map(|rule| RuleLine {
            conditions: names.conditions(&tr, &rule),
            team: Names::of(&names.teams, rule.team_id),
            method: labels::routing_method(&tr, rule.method),
            rule,
        })
        .collect();
    let agents = s.app.assignable_agents(actor).await?;
    let page = OverviewPage { nav: Some(Nav::of(s, user, "admin").await?), rules, agents, notice };
    Ok(render(&page))
}

#[derive(Deserialize)]
struct OverviewQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn overview(
    State(s): State<AppState>,
    user: UiUser,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let notice = q.saved.map(|what| match what.as_str() {
        "deleted" => tr.t("routing-deleted"),
        "moved" => tr.t("routing-order-saved"),
        "away" => tr.t("routing-away-saved"),
        _ => tr.t("routing-saved"),
    });
    overview_page(&s, &user, notice).await
}

/// The rule form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
struct RuleForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    organisation_id: Option<String>,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    active: Option<String>,
}

fn form_id(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice"))
}

impl RuleForm {
    fn of(r: &AssignmentRule) -> RuleForm {
        let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        RuleForm {
            name: r.name.clone(),
            kind: r.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
            category_id: text(r.category_id),
            organisation_id: Some(text(r.organisation_id)),
            keywords: r.keywords.join(", "),
            team_id: r.team_id.to_string(),
            method: r.method.as_str().into(),
            active: r.active.then(|| "on".into()),
        }
    }

    fn fresh() -> RuleForm {
        RuleForm { method: RoutingMethod::RoundRobin.as_str().into(), active: Some("on".into()), ..Default::default() }
    }

    fn input(&self) -> Result<AssignmentRuleInput, AppError> {
        Ok(AssignmentRuleInput {
            name: self.name.clone(),
            position: None,
            active: self.active.is_some(),
            kind: match self.kind.trim() {
                "" => None,
                k => Some(k.parse::<TicketKind>()?),
            },
            category_id: form_id("category_id", &self.category_id)?,
            organisation_id: form_scope(self.organisation_id.as_deref())?,
            keywords: vec![self.keywords.clone()],
            team_id: form_id("team_id", &self.team_id)?.ok_or_else(|| AppError::invalid("team_id", "choose a team"))?,
            method: self.method.trim().parse()?,
        })
    }

    /// The whole form as a change: every field is replaced, the position stays.
    fn patch(&self) -> Result<AssignmentRulePatch, AppError> {
        let i = self.input()?;
        Ok(AssignmentRulePatch {
            name: Some(i.name),
            position: None,
            active: Some(i.active),
            kind: Some(i.kind),
            category_id: Some(i.category_id),
            organisation_id: i.organisation_id,
            keywords: Some(i.keywords),
            team_id: Some(i.team_id),
            method: Some(i.method),
        })
    }
}

#[derive(Template)]
#[template(path = "service_desk/admin_rule.html")]
struct RulePage {
    nav: Option<Nav>,
    id: Option<i64>,
    form: RuleForm,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    organisations: Vec<Choice>,
    teams: Vec<Choice>,
    methods: Vec<Choice>,
    error: Option<String>,
}

async fn rule_form(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: RuleForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let names = Names::load(s, actor).await?;
    let tr = user.tr();
    let page = RulePage {
        nav: Some(Nav::of(s, user, "admin").await?),
        id,
        kinds: choices_or(&tr.t("desk-any-kind"), labels::kinds(&tr), &form.kind),
        categories: choices_or(&tr.t("desk-any-category"), names.categories, &form.category_id),
        organisations: scope_choices(s, actor, form.organisation_id.as_deref()).await?,
        teams: choices(names.teams, &form.team_id),
        methods: choices(
            RoutingMethod::ALL.iter().map(|m| (m.as_str(), labels::routing_method(&tr, *m))),
            &form.method,
        ),
        error,
        form,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn new_rule(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    rule_form(&s, &user, None, RuleForm::fresh(), None).await
}

async fn rule_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let r = s.app.assignment_rule(&user.actor, id).await?;
    rule_form(&s, &user, Some(id), RuleForm::of(&r), None).await
}

/// Back to the list after a save, or the form again with what was wrong.
async fn after_rule<T>(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: RuleForm,
    result: Result<T, AppError>,
) -> Result<Response, UiError> {
    saved_or_again(result, "/admin/routing?saved=rule", async |text| rule_form(s, user, id, form, Some(text)).await)
        .await
}

async fn create_rule(State(s): State<AppState>, UiForm { user, form }: UiForm<RuleForm>) -> Result<Response, UiError> {
    let result = match form.input() {
        Ok(input) => s.app.create_assignment_rule(&user.actor, input).await,
        Err(e) => Err(e),
    };
    after_rule(&s, &user, None, form, result).await
}

async fn update_rule(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<RuleForm>,
) -> Result<Response, UiError> {
    let result = match form.patch() {
        Ok(patch) => s.app.update_assignment_rule(&user.actor, id, patch).await,
        Err(e) => Err(e),
    };
    after_rule(&s, &user, Some(id), form, result).await
}

async fn move_rule(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MoveForm>,
) -> Result<Response, UiError> {
    s.app.step_rule(&user.actor, OrderedRules::Assignment, id, form.direction).await?;
    Ok(Redirect::to("/admin/routing?saved=moved").into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn delete_rule(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: Empty {} }: UiForm<Empty>,
) -> Result<Response, UiError> {
    s.app.delete_assignment_rule(&user.actor, id).await?;
    Ok(Redirect::to("/admin/routing?saved=deleted").into_response())
}

/// A manager marks someone in their organisations away or back.
async fn set_away(
    State(s): State<AppState>,
    ApiPath(user_id): ApiPath<i64>,
    UiForm { user, form }: UiForm<AwayForm>,
) -> Result<Response, UiError> {
    s.app.update_user(&user.actor, user_id, form.update()).await?;
    Ok(Redirect::to("/admin/routing?saved=away#away-h").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_form_turns_into_the_input_and_refuses_bad_choices() {
        let form = RuleForm {
            name: "VPN".into(),
            kind: "incident".into(),
            keywords: "VPN, tunnel".into(),
            team_id: "3".into(),
            method: "least_loaded".into(),
            active: Some("on".into()),
            ..Default::default()
        };
        let input = form.input().unwrap();
        assert_eq!(
            (input.team_id, input.method, input.kind),
            (3, RoutingMethod::LeastLoaded, Some(TicketKind::Incident))
        );
        assert!(input.active);
        assert_eq!(input.keywords, ["VPN, tunnel"]);
        let patch = RuleForm { active: None, ..form.clone() }.patch().unwrap();
        assert_eq!((patch.active, patch.category_id, patch.position), (Some(false), Some(None), None));
        assert!(RuleForm { method: "random".into(), ..form.clone() }.input().is_err());
        assert!(RuleForm { team_id: String::new(), ..form.clone() }.input().is_err());
        assert!(RuleForm { category_id: "x".into(), ..form }.input().is_err());
    }
}

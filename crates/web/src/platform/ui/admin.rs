//! Administration: users, organisations and departments, API tokens (administrators);
//! teams (managers too).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::platform::auth::ApiToken;
use helmdesk_app::platform::orgs::{
    CostCentre, CostCentreInput, Department, DepartmentInput, DepartmentUpdate, Organisation, OrganisationInput,
};
use helmdesk_app::platform::teams::{Team, TeamInput};
use helmdesk_app::platform::users::{NewUserInput, User, UserUpdate};
use helmdesk_domain::Role;
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::exports::{ExportParams, download};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, Outcome, ScopeNames, UiError, choices, choices_or, form_scope, id_text, render, scope_choices,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin", index)
        .requires(Permission::ManageTeams)
        .get("/admin/users", users)
        .requires(Permission::Administer)
        .get("/admin/users/export", export_users)
        .requires(Permission::Administer)
        .post("/admin/users", create_user)
        .requires(Permission::Administer)
        .get("/admin/users/{id}", user_page)
        .requires(Permission::Administer)
        .post("/admin/users/{id}", update_user)
        .requires(Permission::Administer)
        .get("/admin/teams", teams)
        .requires(Permission::ManageTeams)
        .post("/admin/teams", create_team)
        .requires(Permission::ManageTeams)
        .get("/admin/teams/{id}", team_page)
        .requires(Permission::ManageTeams)
        .post("/admin/teams/{id}", update_team)
        .requires(Permission::ManageTeams)
        .get("/admin/organisations", organisations)
        .requires(Permission::Administer)
        .post("/admin/organisations", create_organisation)
        .requires(Permission::Administer)
        .post("/admin/organisations/{id}", update_organisation)
        .requires(Permission::Administer)
        .post("/admin/departments", create_department)
        .requires(Permission::Administer)
        .post("/admin/departments/{id}", update_department)
        .requires(Permission::Administer)
        .post("/admin/cost-centres", create_cost_centre)
        .requires(Permission::Administer)
        .post("/admin/cost-centres/{id}", update_cost_centre)
        .requires(Permission::Administer)
        .get("/admin/tokens", tokens)
        .requires(Permission::Administer)
        .post("/admin/tokens/{id}/revoke", revoke_token)
        .requires(Permission::Administer)
}

#[derive(Template)]
#[template(path = "platform/admin_index.html")]
struct IndexPage {
    nav: Option<Nav>,
    links: Vec<crate::ui::Link>,
}

async fn index(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let links = crate::ui::admin_links(&user.actor);
    Ok(render(&IndexPage { nav: Some(Nav::of(&s, &user, "admin").await?), links }))
}

fn role_choices(tr: &Tr, current: &str) -> Vec<Choice> {
    choices(Role::ALL.iter().map(|r| (r.as_str(), tr.of("role", r.as_str()))), current)
}

fn org_choices(orgs: &[Organisation], current: &str) -> Vec<Choice> {
    choices(orgs.iter().map(|o| (o.id, o.name.clone())), current)
}

fn dept_choices(tr: &Tr, orgs: &[Organisation], depts: &[Department], current: &str) -> Vec<Choice> {
    let org_name = |id: i64| orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_default();
    choices_or(
        &tr.t("users-no-department"),
        depts.iter().map(|d| (d.id, format!("{} — {}", org_name(d.organisation_id), d.name))),
        current,
    )
}

#[derive(Template)]
#[template(path = "platform/admin_users.html")]
struct UsersPage {
    nav: Option<Nav>,
    users: Vec<(User, String)>,
    roles: Vec<Choice>,
    orgs: Vec<Choice>,
    depts: Vec<Choice>,
    outcome: Outcome,
    one_time_password: Option<String>,
}

async fn users_page(
    s: &AppState,
    user: &UiUser,
    outcome: Outcome,
    one_time_password: Option<String>,
) -> Result<Response, UiError> {
    let orgs = s.app.list_organisations(&user.actor).await?;
    let depts = s.app.list_departments(&user.actor).await?;
    let people = s.app.all_users(&user.actor).await?;
    let org_name = |id: i64| orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_default();
    let users = people.into_iter().map(|u| {
        let org = org_name(u.organisation_id);
        (u, org)
    });
    let tr = user.tr();
    let page = UsersPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        users: users.collect(),
        roles: role_choices(&tr, "requester"),
        orgs: org_choices(&orgs, ""),
        depts: dept_choices(&tr, &orgs, &depts, ""),
        one_time_password,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

/// The directory as a file.
async fn export_users(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(f): ApiQuery<ExportParams>,
) -> Result<Response, UiError> {
    Ok(download(&s.app, f.format(), s.app.export_users(&user.actor, None)).await?)
}

async fn users(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    users_page(&s, &user, Outcome::default(), None).await
}

#[derive(Deserialize)]
struct NewUserForm {
    email: String,
    name: String,
    role: String,
    organisation_id: String,
    #[serde(default)]
    department_id: String,
}

fn parse_id(field: &str, v: &str) -> Result<Option<i64>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        Ok(None)
    } else {
        v.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice"))
    }
}

async fn create_user(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<NewUserForm>,
) -> Result<Response, UiError> {
    let input = || -> Result<NewUserInput, AppError> {
        Ok(NewUserInput {
            email: form.email.clone(),
            name: form.name.clone(),
            role: form.role.parse()?,
            organisation_id: parse_id("organisation_id", &form.organisation_id)?,
            department_id: parse_id("department_id", &form.department_id)?,
            password: None,
        })
    };
    let result = match input() {
        Ok(i) => s.app.create_user(Some(&user.actor), i).await,
        Err(e) => Err(e),
    };
    let mut password = None;
    let outcome = Outcome::of(result, |(u, p)| {
        password = p;
        user.tr().t1("users-added", "email", u.email)
    })?;
    users_page(&s, &user, outcome, password).await
}

#[derive(Template)]
#[template(path = "platform/admin_user.html")]
struct UserPage {
    nav: Option<Nav>,
    u: User,
    roles: Vec<Choice>,
    orgs: Vec<Choice>,
    depts: Vec<Choice>,
    /// The manager's e-mail address, as the form shows it.
    manager: String,
    outcome: Outcome,
}

async fn user_view(s: &AppState, user: &UiUser, id: i64, outcome: Outcome) -> Result<Response, UiError> {
    let u = s.app.user(&user.actor, id).await?;
    let orgs = s.app.list_organisations(&user.actor).await?;
    let depts = s.app.list_departments(&user.actor).await?;
    let tr = user.tr();
    let manager = match u.manager_id {
        Some(m) => s.app.user(&user.actor, m).await?.email,
        None => String::new(),
    };
    let page = UserPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        manager,
        roles: role_choices(&tr, u.role.as_str()),
        orgs: org_choices(&orgs, &u.organisation_id.to_string()),
        depts: dept_choices(&tr, &orgs, &depts, &u.department_id.map(|d| d.to_string()).unwrap_or_default()),
        u,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn user_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    user_view(&s, &user, id, Outcome::default()).await
}

#[derive(Deserialize)]
struct UserForm {
    name: String,
    role: String,
    organisation_id: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    active: Option<String>,
    /// The manager's e-mail address; empty: none.
    #[serde(default)]
    manager: String,
}

async fn update_user(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<UserForm>,
) -> Result<Response, UiError> {
    let update = async {
        let manager_id = match form.manager.trim() {
            "" => None,
            email => Some(
                s.app
                    .user_id_with_email(email)
                    .await?
                    .ok_or_else(|| AppError::invalid("manager", "nobody has this e-mail address"))?,
            ),
        };
        Ok::<_, AppError>(UserUpdate {
            name: Some(form.name.clone()),
            role: Some(form.role.parse()?),
            organisation_id: parse_id("organisation_id", &form.organisation_id)?,
            department_id: Some(parse_id("department_id", &form.department_id)?),
            active: Some(form.active.is_some()),
            away: None,
            manager_id: Some(manager_id),
        })
    };
    let result = match update.await {
        Ok(u) => s.app.update_user(&user.actor, id, u).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |u| user.tr().t1("users-saved", "name", u.name))?;
    user_view(&s, &user, id, outcome).await
}

#[derive(Template)]
#[template(path = "platform/admin_teams.html")]
struct TeamsPage {
    nav: Option<Nav>,
    /// Each team with the organisations it serves and its members' names.
    teams: Vec<(Team, String, String)>,
    scopes: Vec<Choice>,
    outcome: Outcome,
}

async fn teams_page(s: &AppState, user: &UiUser, outcome: Outcome) -> Result<Response, UiError> {
    let people = s.app.assignable_agents(&user.actor).await?;
    let scope_names = ScopeNames::load(s, &user.actor).await?;
    let teams = s
        .app
        .list_teams(&user.actor)
        .await?
        .into_iter()
        .map(|t| {
            let names: Vec<String> = t
                .member_ids
                .iter()
                .filter_map(|id| people.iter().find(|p| p.id == *id).map(|p| p.name.clone()))
                .collect();
            let serves = scope_names.label(t.organisation_id);
            (t, serves, names.join(", "))
        })
        .collect();
    let scopes = scope_choices(s, &user.actor, None).await?;
    let page = TeamsPage { nav: Some(Nav::of(s, user, "admin").await?), teams, scopes, outcome };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn teams(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    teams_page(&s, &user, Outcome::default()).await
}

/// A team form: `member` repeats once per ticked person; `lead_id` (when the form has it)
/// names the lead, empty for none.
fn team_input(body: &[(String, String)]) -> Result<TeamInput, AppError> {
    let field = |k: &str| body.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let get = |k: &str| field(k).unwrap_or_default();
    let members =
        body.iter().filter(|(k, _)| k == "member").map(|(_, v)| v.parse::<i64>()).collect::<Result<Vec<_>, _>>();
    Ok(TeamInput {
        name: get("name"),
        description: get("description"),
        member_ids: members.map_err(|_| AppError::invalid("member_ids", "is not a valid choice"))?,
        lead_id: field("lead_id").map(|v| parse_id("lead_id", &v)).transpose()?,
        organisation_id: form_scope(field("organisation_id").as_deref())?,
    })
}

async fn create_team(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let result = match team_input(&form) {
        Ok(input) => s.app.create_team(&user.actor, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |t| user.tr().t1("teams-created", "name", t.name))?;
    teams_page(&s, &user, outcome).await
}

#[derive(Template)]
#[template(path = "platform/admin_team.html")]
struct TeamPage {
    nav: Option<Nav>,
    team: Team,
    people: Vec<(User, bool)>,
    leads: Vec<Choice>,
    scopes: Vec<Choice>,
    outcome: Outcome,
}

async fn team_view(s: &AppState, user: &UiUser, id: i64, outcome: Outcome) -> Result<Response, UiError> {
    let team = s.app.team(&user.actor, id).await?;
    let agents = s.app.assignable_agents(&user.actor).await?;
    let lead = team.lead_id.map(|l| l.to_string()).unwrap_or_default();
    let leads = choices_or(&user.tr().t("teams-no-lead"), agents.iter().map(|p| (p.id, p.name.clone())), &lead);
    let people = agents.into_iter().map(|p| {
        let member = team.member_ids.contains(&p.id);
        (p, member)
    });
    let scopes = scope_choices(s, &user.actor, Some(&id_text(team.organisation_id))).await?;
    let page = TeamPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        people: people.collect(),
        leads,
        scopes,
        team,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn team_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    team_view(&s, &user, id, Outcome::default()).await
}

async fn update_team(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let result = match team_input(&form) {
        Ok(input) => s.app.update_team(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |t| user.tr().t1("teams-saved", "name", t.name))?;
    team_view(&s, &user, id, outcome).await
}

#[derive(Template)]
#[template(path = "platform/admin_orgs.html")]
struct OrgsPage {
    nav: Option<Nav>,
    orgs: Vec<(Organisation, Vec<Choice>)>,
    parents: Vec<Choice>,
    org_choices: Vec<Choice>,
    /// Each department with its organisation's name, its head's e-mail address and its
    /// cost centre's options.
    departments: Vec<(Department, String, String, Vec<Choice>)>,
    /// Each cost centre with its organisation's name and its owner's e-mail address.
    cost_centres: Vec<(CostCentre, String, String)>,
    outcome: Outcome,
}

async fn orgs_page(s: &AppState, user: &UiUser, outcome: Outcome) -> Result<Response, UiError> {
    let orgs = s.app.list_organisations(&user.actor).await?;
    let departments = s.app.list_departments(&user.actor).await?;
    let centres = s.app.list_cost_centres(&user.actor).await?;
    let people = s.app.all_users(&user.actor).await?;
    let email = |id: Option<i64>| people.iter().find(|p| Some(p.id) == id).map(|p| p.email.clone()).unwrap_or_default();
    let named = |id: i64| orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_default();
    let no_centre = user.tr().t("orgs-no-cost-centre");
    let centre_choices = |current: Option<i64>| {
        choices_or(&no_centre, centres.iter().map(|c| (c.id, format!("{} {}", c.code, c.name))), &id_text(current))
    };
    let top_level = user.tr().t("orgs-top-level");
    let parent_choices = |current: Option<i64>, except: Option<i64>| {
        choices_or(
            &top_level,
            orgs.iter().filter(|o| Some(o.id) != except).map(|o| (o.id, o.name.clone())),
            &current.map(|c| c.to_string()).unwrap_or_default(),
        )
    };
    let page = OrgsPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        parents: parent_choices(None, None),
        org_choices: org_choices(&orgs, ""),
        departments: departments
            .into_iter()
            .map(|d| {
                let (org, head, options) =
                    (named(d.organisation_id), email(d.head_id), centre_choices(d.cost_centre_id));
                (d, org, head, options)
            })
            .collect(),
        cost_centres: centres.iter().map(|c| (c.clone(), named(c.organisation_id), email(c.owner_id))).collect(),
        orgs: orgs.iter().map(|o| (o.clone(), parent_choices(o.parent_id, Some(o.id)))).collect(),
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn organisations(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    orgs_page(&s, &user, Outcome::default()).await
}

#[derive(Deserialize)]
struct OrgForm {
    name: String,
    #[serde(default)]
    parent_id: String,
}

fn org_input(form: &OrgForm) -> Result<OrganisationInput, AppError> {
    Ok(OrganisationInput { name: form.name.clone(), parent_id: parse_id("parent_id", &form.parent_id)? })
}

async fn create_organisation(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<OrgForm>,
) -> Result<Response, UiError> {
    let result = match org_input(&form) {
        Ok(input) => s.app.create_organisation(&user.actor, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |o| user.tr().t1("orgs-created", "name", o.name))?;
    orgs_page(&s, &user, outcome).await
}

async fn update_organisation(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<OrgForm>,
) -> Result<Response, UiError> {
    let result = match org_input(&form) {
        Ok(input) => s.app.update_organisation(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |o| user.tr().t1("orgs-saved", "name", o.name))?;
    orgs_page(&s, &user, outcome).await
}

#[derive(Deserialize)]
struct DeptForm {
    name: String,
    organisation_id: String,
}

async fn create_department(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<DeptForm>,
) -> Result<Response, UiError> {
    let result = match parse_id("organisation_id", &form.organisation_id) {
        Ok(Some(organisation_id)) => {
            s.app.create_department(&user.actor, DepartmentInput { organisation_id, name: form.name.clone() }).await
        }
        Ok(None) => Err(AppError::invalid("organisation_id", "choose an organisation")),
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |d| user.tr().t1("orgs-department-created", "name", d.name))?;
    orgs_page(&s, &user, outcome).await
}

#[derive(Deserialize)]
struct DeptUpdateForm {
    name: String,
    #[serde(default)]
    head_email: String,
    #[serde(default)]
    cost_centre_id: String,
}

/// The id of whoever has `email` (`None` for an empty field), refused on `field` when
/// nobody has it.
pub(crate) async fn person_by_email(s: &AppState, email: &str, field: &str) -> Result<Option<i64>, AppError> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let id = s.app.user_id_with_email(email).await?;
    id.map(Some).ok_or_else(|| AppError::invalid(field, "nobody has this e-mail address"))
}

async fn update_department(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<DeptUpdateForm>,
) -> Result<Response, UiError> {
    let result = async {
        let update = DepartmentUpdate {
            name: Some(form.name.clone()),
            head_id: Some(person_by_email(&s, &form.head_email, "head_id").await?),
            cost_centre_id: Some(parse_id("cost_centre_id", &form.cost_centre_id)?),
        };
        s.app.update_department(&user.actor, id, update).await
    }
    .await;
    let outcome = Outcome::of(result, |d| user.tr().t1("orgs-department-saved", "name", d.name))?;
    orgs_page(&s, &user, outcome).await
}

#[derive(Deserialize)]
struct CostCentreForm {
    #[serde(default)]
    organisation_id: String,
    code: String,
    name: String,
    #[serde(default)]
    owner_email: String,
}

impl CostCentreForm {
    async fn input(&self, s: &AppState) -> Result<CostCentreInput, AppError> {
        Ok(CostCentreInput {
            organisation_id: parse_id("organisation_id", &self.organisation_id)?
                .ok_or_else(|| AppError::invalid("organisation_id", "choose an organisation"))?,
            code: self.code.clone(),
            name: self.name.clone(),
            owner_id: person_by_email(s, &self.owner_email, "owner_id").await?,
        })
    }
}

async fn create_cost_centre(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<CostCentreForm>,
) -> Result<Response, UiError> {
    let result = match form.input(&s).await {
        Ok(input) => s.app.create_cost_centre(&user.actor, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |c| user.tr().t1("orgs-cost-centre-saved", "code", c.code))?;
    orgs_page(&s, &user, outcome).await
}

async fn update_cost_centre(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CostCentreForm>,
) -> Result<Response, UiError> {
    let result = match form.input(&s).await {
        Ok(input) => s.app.update_cost_centre(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    let outcome = Outcome::of(result, |c| user.tr().t1("orgs-cost-centre-saved", "code", c.code))?;
    orgs_page(&s, &user, outcome).await
}

#[derive(Template)]
#[template(path = "platform/admin_tokens.html")]
struct TokensPage {
    nav: Option<Nav>,
    tokens: Vec<(ApiToken, String)>,
}

async fn tokens(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let people = s.app.all_users(&user.actor).await?;
    let owner = |id: i64| people.iter().find(|p| p.id == id).map(|p| p.email.clone()).unwrap_or_default();
    let rows = s.app.list_tokens(&user.actor).await?.into_iter().map(|t| {
        let email = owner(t.user_id);
        (t, email)
    });
    Ok(render(&TokensPage { nav: Some(Nav::of(&s, &user, "admin").await?), tokens: rows.collect() }))
}

async fn revoke_token(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<serde::de::IgnoredAny>,
) -> Result<Response, UiError> {
    s.app.revoke_token(&user.actor, id).await?;
    Ok(user.confirm("/admin/tokens", user.tr().t("tokens-revoked-flash")))
}

#[cfg(test)]
mod tests {
    use helmdesk_domain::Role;

    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_role_is_named() {
        for role in Role::ALL {
            assert!(exists(&id_of("role", role.as_str())), "{role}");
        }
    }
}

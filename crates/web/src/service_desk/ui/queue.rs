//! The agent queue and "my tickets": built-in and saved views with their counts, search
//! and filters, sorting, keyset pages, exports, bulk actions and saving a view.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use helmdesk_app::platform::users::User;
use helmdesk_app::service_desk::bulk::BulkChange;
use helmdesk_app::service_desk::exports::ExportFormat;
use helmdesk_app::service_desk::search::{TicketCount, TicketListParams};
use helmdesk_app::service_desk::tickets::{Ticket, TicketPatch};
use helmdesk_app::service_desk::views::{NewView, SavedView};
use helmdesk_app::{Actor, AppError, Page};
use helmdesk_domain::{Role, TicketStatus};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser, safe_next};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::api::exports::export_response;
use crate::service_desk::ui::columns::{Column, Heading, Layout, List, headings, sorted_params};
use crate::service_desk::ui::labels;
use crate::service_desk::ui::labels::Named as _;
use crate::service_desk::ui::tickets::team_choices;
use crate::ui::{Choice, Nav, UiError, choices, choices_or, invalid_text, render};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/tickets", queue)
        .signed_in()
        .get("/tickets/count", queue_count)
        .signed_in()
        .get("/tickets/export", queue_export)
        .signed_in()
        .post("/tickets/bulk", bulk)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/views", save_view)
        .signed_in()
        .post("/tickets/views/{id}/delete", delete_view)
        .signed_in()
        .get("/my/tickets", my_tickets)
        .requires(DeskPermission::CreateTicket)
        .get("/my/tickets/count", my_count)
        .requires(DeskPermission::CreateTicket)
        .get("/my/tickets/export", my_export)
        .requires(DeskPermission::CreateTicket)
}

/// A tab of the list: a built-in view or a saved one.
struct Tab {
    key: String,
    label: String,
    /// The view's own filters, under the ones a person picks in the form.
    base: String,
    /// A saved view the person may delete.
    deletable_id: Option<i64>,
}

fn builtin(key: &str, label: String, base: &str) -> Tab {
    Tab { key: key.into(), label, base: base.into(), deletable_id: None }
}

/// The tabs of a list: the built-in views for the role, then the saved views.
async fn tabs(s: &AppState, user: &UiUser, mine: bool) -> Result<Vec<Tab>, UiError> {
    let actor = &user.actor;
    let me = actor.id;
    let tr = user.tr();
    let mut tabs = if mine {
        let mut t = vec![builtin("mine", tr.t("queue-tab-filed-by-me"), &format!("requester_id={me}"))];
        if actor.role == Role::Requester && actor.department_id.is_some() {
            t.push(builtin("department", tr.t("queue-tab-department"), ""));
        }
        t
    } else {
        vec![
            builtin("mine", tr.t("queue-tab-mine"), &format!("assignee_id={me}&status=open")),
            builtin("unassigned", tr.t("queue-tab-unassigned"), "unassigned=true&status=open"),
            builtin("breaching", tr.t("queue-tab-breaching"), "sla=breaching_soon&sort=due"),
            builtin("open", tr.t("queue-tab-open"), "status=open"),
            builtin("all", tr.t("queue-tab-all"), ""),
        ]
    };
    if !mine || actor.role == Role::Requester {
        for v in s.app.list_views(actor, false).await? {
            let deletable_id = v.editable.then_some(v.id);
            tabs.push(Tab { key: format!("v{}", v.id), label: v.name, base: v.query, deletable_id });
        }
    }
    Ok(tabs)
}

/// The view picked by the query string (or the first), and the person's own filters.
fn pick<'a>(tabs: &'a [Tab], raw: &str) -> Result<(&'a Tab, TicketListParams), AppError> {
    #[derive(Deserialize)]
    struct ViewKey {
        view: Option<String>,
    }
    let key = serde_urlencoded::from_str::<ViewKey>(raw).ok().and_then(|v| v.view).unwrap_or_default();
    let tab = tabs.iter().find(|t| t.key == key).unwrap_or(&tabs[0]);
    Ok((tab, TicketListParams::from_query_string(raw)?))
}

/// The view's filters with the person's on top (a field they set replaces the view's).
fn effective(tab: &Tab, own: &TicketListParams) -> Result<TicketListParams, AppError> {
    let base: Vec<(String, String)> = serde_urlencoded::from_str(&tab.base).unwrap_or_default();
    let own_pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(own).unwrap_or_default()).unwrap_or_default();
    let mut pairs: Vec<(String, String)> =
        base.into_iter().filter(|(k, _)| !own_pairs.iter().any(|(o, _)| o == k)).collect();
    pairs.extend(own_pairs);
    TicketListParams::from_query_string(&serde_urlencoded::to_string(pairs).unwrap_or_default())
}

/// A query string of `pairs` then `params`, for links.
fn link(path: &str, pairs: &[(&str, &str)], params: &TicketListParams) -> String {
    let mut q = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let rest = serde_urlencoded::to_string(params).unwrap_or_default();
    if !rest.is_empty() {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&rest);
    }
    if q.is_empty() { path.to_string() } else { format!("{path}?{q}") }
}

#[derive(Template)]
#[template(path = "service_desk/queue.html")]
struct QueuePage {
    nav: Option<Nav>,
    title: String,
    action: &'static str,
    /// The reader's words.
    tr: Tr,
    /// (key, label, current, count URL, deletable saved view id)
    tabs: Vec<(String, String, bool, String, Option<i64>)>,
    view: String,
    page: Page<Ticket>,
    next_href: Option<String>,
    q: String,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    teams: Vec<Choice>,
    kinds: Vec<Choice>,
    slas: Vec<Choice>,
    sorts: Vec<Choice>,
    categories: Vec<Choice>,
    created_from: String,
    created_to: String,
    more_open: bool,
    staff: bool,
    can_share: bool,
    bulk_actions: Vec<Choice>,
    export_csv: String,
    export_xlsx: String,
    /// The page's own address, to come back to after a bulk action.
    here: String,
    /// The view's full query string, saved by "Save view".
    definition: String,
    error: Option<String>,
    /// How many tickets the list holds ("1,234"); "" when the script counts them.
    total: String,
    /// Where the script reads the count of a list longer than its page.
    count_href: String,
    /// What a search looks through, when the person searched.
    scope: Option<String>,
    /// The person's own filters, each with the address of the list without it.
    chips: Vec<(String, String)>,
    /// The columns shown, each heading with its sort.
    headings: Vec<Heading>,
    /// Rows close together.
    compact: bool,
    /// The column chooser: (key, message id, shown, always shown), and the list it is for.
    column_choices: Vec<(&'static str, &'static str, bool, bool)>,
    list: &'static str,
    /// The tickets ticked before a bulk action was refused.
    ticked: Vec<i64>,
    /// For inline edits (staff): each status with the statuses it may move to.
    status_moves: Vec<(&'static str, Vec<Choice>)>,
    /// For inline edits (staff): the people a ticket may be assigned to.
    assignees: Vec<Choice>,
}

impl labels::Named for QueuePage {
    fn words(&self) -> &Tr {
        &self.tr
    }
}

impl QueuePage {
    /// Whether the ticket was ticked before a bulk action was refused.
    fn is_ticked(&self, id: &i64) -> bool {
        self.ticked.contains(id)
    }
}

/// The status filter's choices: any, any open, each status.
fn status_choices(tr: &Tr, current: &str) -> Vec<Choice> {
    let mut all = vec![("open", tr.t("queue-any-open"))];
    all.extend(labels::statuses(tr));
    choices_or(&tr.t("queue-any-status"), all, current)
}

/// The SLA filter's choices: (value, message id).
const SLA_CHOICES: &[(&str, &str)] = &[
    ("breaching_soon", "queue-sla-breaching-soon"),
    ("warning", "queue-sla-warning"),
    ("breached", "queue-sla-breached"),
    ("paused", "queue-sla-paused"),
    ("met", "queue-sla-met"),
    ("none", "queue-sla-none"),
];

/// The sort's choices: (value, message id).
const SORT_CHOICES: &[(&str, &str)] = &[
    ("-created_at", "queue-sort-newest"),
    ("created_at", "queue-sort-oldest"),
    ("-updated_at", "queue-sort-updated"),
    ("priority", "queue-sort-priority"),
    ("due", "queue-sort-due"),
];

/// `choices` with their message ids in the reader's words.
fn worded(tr: &Tr, choices: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    choices.iter().map(|(value, id)| (*value, tr.t(id))).collect()
}

/// What a bulk action's select offers: assign (to me, to an agent of the person's teams),
/// unassign, a status, a team, merge.
fn bulk_choices(tr: &Tr, teams: &[helmdesk_app::platform::teams::Team], agents: &[User], me: i64) -> Vec<Choice> {
    let mut items: Vec<(String, String)> =
        vec![("assign:me".into(), tr.t("queue-bulk-assign-me")), ("assign:none".into(), tr.t("queue-bulk-unassign"))];
    items.extend(
        agents
            .iter()
            .filter(|a| a.id != me)
            .map(|a| (format!("assign:{}", a.id), tr.t1("queue-bulk-assign", "name", &a.name))),
    );
    for status in [TicketStatus::InProgress, TicketStatus::Pending, TicketStatus::Resolved, TicketStatus::Closed] {
        items.push((
            format!("status:{}", status.as_str()),
            tr.t1("queue-bulk-status", "status", labels::status(tr, status)),
        ));
    }
    items.extend(teams.iter().map(|t| (format!("team:{}", t.id), tr.t1("queue-bulk-team", "team", &t.name))));
    items.push(("merge".into(), tr.t("queue-bulk-merge")));
    choices_or(&tr.t("queue-bulk-choose"), items, "")
}

/// Each status with the choices an inline edit offers from it: itself, then where it may go.
fn status_moves() -> Vec<(&'static str, Vec<Choice>)> {
    TicketStatus::ALL
        .iter()
        .map(|from| {
            let mut to = vec![(from.as_str(), from.label())];
            to.extend(from.next().iter().map(|s| (s.as_str(), s.label())));
            (from.as_str(), choices(to, from.as_str()))
        })
        .collect()
}

/// The confirmation of a bulk action: "3 tickets changed, 1 refused".
fn bulk_confirmation(tr: &Tr, changed: usize, refused: usize) -> String {
    let changed = tr.tn("queue-bulk-changed", changed);
    match refused {
        0 => changed,
        refused => format!("{changed}, {}", tr.tn("queue-bulk-refused", refused)),
    }
}

/// The person's own filters as chips: what each says, and the list without it.
fn chips(
    tr: &Tr,
    path: &str,
    view: &str,
    own: &TicketListParams,
    teams: &[Choice],
    categories: &[Choice],
) -> Vec<(String, String)> {
    let label_of = |options: &[Choice], value: String| {
        options.iter().find(|c| c.value == value).map(|c| c.label.clone()).unwrap_or(value)
    };
    let mut out = Vec::new();
    let mut chip =
        |label: String, without: TicketListParams| out.push((label, link(path, &[("view", view)], &without)));
    let base = TicketListParams { cursor: None, limit: None, ..own.clone() };
    if let Some(q) = &own.q {
        chip(tr.t1("queue-chip-search", "text", q), TicketListParams { q: None, ..base.clone() });
    }
    if let Some(v) = &own.status {
        chip(
            format!(
                "Status: {}",
                status_choices(tr, v).into_iter().find(|c| c.selected).map(|c| c.label).unwrap_or(v.clone())
            ),
            TicketListParams { status: None, ..base.clone() },
        );
    }
    if let Some(v) = &own.priority {
        let label = v.parse().map(|p| labels::priority(tr, p)).unwrap_or(v.clone());
        chip(format!("{}: {label}", tr.t("column-priority")), TicketListParams { priority: None, ..base.clone() });
    }
    if let Some(v) = own.team_id {
        let team = format!("{}: {}", tr.t("column-team"), label_of(teams, v.to_string()));
        chip(team, TicketListParams { team_id: None, ..base.clone() });
    }
    if let Some(v) = own.kind {
        chip(
            format!("{}: {}", tr.t("column-kind"), labels::kind(tr, v)),
            TicketListParams { kind: None, ..base.clone() },
        );
    }
    if let Some(v) = &own.sla {
        let label = SLA_CHOICES.iter().find(|(k, _)| k == v).map(|(_, id)| tr.t(id)).unwrap_or(v.clone());
        chip(format!("{}: {label}", tr.t("column-sla")), TicketListParams { sla: None, ..base.clone() });
    }
    if let Some(v) = own.category_id {
        chip(
            format!("{}: {}", tr.t("column-category"), label_of(categories, v.to_string())),
            TicketListParams { category_id: None, ..base.clone() },
        );
    }
    if let Some(v) = own.ci_id {
        chip(tr.t1("queue-chip-ci", "id", v), TicketListParams { ci_id: None, ..base.clone() });
    }
    if let Some(v) = &own.created_from {
        chip(tr.t1("queue-chip-filed-from", "date", v), TicketListParams { created_from: None, ..base.clone() });
    }
    if let Some(v) = &own.created_to {
        chip(tr.t1("queue-chip-filed-until", "date", v), TicketListParams { created_to: None, ..base.clone() });
    }
    out
}

/// What a search of `scope_of` looks through, said for the page.
async fn search_scope(s: &AppState, user: &UiUser) -> Result<String, UiError> {
    let (actor, tr) = (&user.actor, user.tr());
    if actor.role == Role::Requester {
        return Ok(tr.t("queue-scope-requester"));
    }
    let names = crate::ui::ScopeNames::load(s, actor).await?;
    Ok(if actor.whole_tree {
        tr.t("queue-scope-all")
    } else {
        match actor.default_scope() {
            Some(o) => tr.t1("queue-scope-organisation", "organisation", names.label(Some(o))),
            None => tr.t("queue-scope-visible"),
        }
    })
}

/// The list page; `refused` is a bulk action's error, with the tickets that were ticked.
async fn list_page(
    s: &AppState,
    user: &UiUser,
    raw: &str,
    mine: bool,
    refused: Option<(String, Vec<i64>)>,
    jar: &CookieJar,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let path = if mine { "/my/tickets" } else { "/tickets" };
    let layout = Layout::of(jar, if mine { List::Mine } else { List::Queue });
    let tabs = tabs(s, user, mine).await?;
    let (mut error, ticked) = match refused {
        Some((e, ticked)) => (Some(e), ticked),
        None => (None, Vec::new()),
    };
    let (tab, own) = match pick(&tabs, raw) {
        Ok(found) => found,
        Err(e @ AppError::Invalid(_)) => {
            error = invalid_text(&e);
            (&tabs[0], TicketListParams::default())
        }
        Err(e) => return Err(e.into()),
    };
    // A number typed in the search box opens its ticket.
    if let Some(text) = own.q.as_deref()
        && let Some(id) = s.app.ticket_named_by(actor, text).await?
    {
        return Ok(Redirect::to(&format!("/tickets/{id}")).into_response());
    }
    let searching = own.q.is_some();
    let mut params = listed(tab, &own).unwrap_or_default();
    let page = match params.to_query() {
        Ok(query) => s.app.list_tickets(actor, &query).await,
        Err(e) => Err(e),
    };
    let page = match page {
        Ok(page) => page,
        Err(e @ AppError::Invalid(_)) => {
            error = invalid_text(&e);
            params = TicketListParams::default();
            Page { items: Vec::new(), next_cursor: None }
        }
        Err(e) => return Err(e.into()),
    };
    let staff = actor.role.is_staff();
    let teams = if actor.role == Role::Requester { Vec::new() } else { s.app.list_teams(actor).await? };
    let agents = if staff { s.app.assignable_agents(actor).await? } else { Vec::new() };
    let scope = match searching {
        true => Some(search_scope(s, user).await?),
        false => None,
    };
    let categories = s.app.list_categories().await?;
    let own_form = TicketListParams { cursor: None, limit: None, ..own.clone() };
    let view = [("view", tab.key.as_str())];
    let definition = TicketListParams { cursor: None, limit: None, ..params.clone() }.to_query_string();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let tr = user.tr();
    let team_options =
        team_choices(&tr.t("queue-any-team"), &teams, &own.team_id.map(|t| t.to_string()).unwrap_or_default());
    let category_options = choices_or(
        &tr.t("queue-any-category"),
        categories.iter().map(|c| (c.id, c.name.clone())),
        &own.category_id.map(|c| c.to_string()).unwrap_or_default(),
    );
    let sort_now = params.sort.clone().unwrap_or_else(|| "-created_at".into());
    // A list that fits on its page counts itself; a longer one is counted by the page's
    // script, like the tabs, so that the list is not held up by counting.
    let total = match page.next_cursor {
        None => page.items.len().to_string(),
        Some(_) => String::new(),
    };
    let count_href = format!(
        "{path}/count?{}",
        serde_urlencoded::to_string(&own_form).map(|q| format!("view={}&{q}", tab.key)).unwrap_or_default()
    );
    let page_view = QueuePage {
        total,
        count_href,
        scope,
        chips: chips(&tr, path, &tab.key, &own, &team_options, &category_options),
        headings: headings(&layout, &tr, &sort_now, |sort| link(path, &view, &sorted_params(&own_form, sort))),
        compact: layout.compact,
        column_choices: Column::ALL.iter().map(|&c| (c.key(), c.label(), layout.shows(c), c.fixed())).collect(),
        list: if mine { "mine" } else { "queue" },
        ticked,
        status_moves: if staff { status_moves() } else { Vec::new() },
        assignees: choices_or(&tr.t("queue-nobody"), agents.iter().map(|a| (a.id, a.name.clone())), ""),
        nav: Some(Nav::of(s, user, if mine { "mine" } else { "queue" }).await?),
        title: tr.t(if mine { "nav-my-tickets" } else { "nav-queue" }),
        action: path,
        tabs: tabs
            .iter()
            .map(|t| {
                let count =
                    format!("{path}/count?{}", serde_urlencoded::to_string([("view", &t.key)]).unwrap_or_default());
                (t.key.clone(), t.label.clone(), t.key == tab.key, count, t.deletable_id)
            })
            .collect(),
        view: tab.key.clone(),
        next_href: page.next_cursor.as_deref().map(|c| {
            let next = TicketListParams { cursor: Some(c.to_string()), ..own_form.clone() };
            link(path, &view, &next)
        }),
        page,
        q: text(&own.q),
        statuses: status_choices(&tr, own.status.as_deref().unwrap_or_default()),
        priorities: choices_or(
            &tr.t("queue-any-priority"),
            labels::priorities(&tr),
            own.priority.as_deref().unwrap_or_default(),
        ),
        teams: team_options,
        kinds: choices_or(
            &tr.t("queue-any-kind"),
            labels::kinds(&tr),
            &own.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        ),
        slas: choices_or(&tr.t("queue-any-sla"), worded(&tr, SLA_CHOICES), own.sla.as_deref().unwrap_or_default()),
        sorts: choices(worded(&tr, SORT_CHOICES), params.sort.as_deref().unwrap_or("-created_at")),
        categories: category_options,
        created_from: text(&own.created_from),
        created_to: text(&own.created_to),
        more_open: own.category_id.is_some() || own.created_from.is_some() || own.created_to.is_some(),
        staff,
        can_share: actor.can(DeskPermission::ShareViews),
        bulk_actions: if staff { bulk_choices(&tr, &teams, &agents, actor.id) } else { Vec::new() },
        export_csv: link(&format!("{path}/export"), &[("view", &tab.key), ("format", "csv")], &own_form),
        export_xlsx: link(&format!("{path}/export"), &[("view", &tab.key), ("format", "xlsx")], &own_form),
        here: link(path, &view, &own_form),
        definition,
        error,
        tr,
    };
    Ok(render(&page_view))
}

async fn queue(
    State(s): State<AppState>,
    user: UiUser,
    uri: axum::http::Uri,
    jar: CookieJar,
) -> Result<Response, UiError> {
    if user.actor.role == Role::Requester {
        return Ok(Redirect::to("/my/tickets").into_response());
    }
    list_page(&s, &user, uri.query().unwrap_or(""), false, None, &jar).await
}

async fn my_tickets(
    State(s): State<AppState>,
    user: UiUser,
    uri: axum::http::Uri,
    jar: CookieJar,
) -> Result<Response, UiError> {
    list_page(&s, &user, uri.query().unwrap_or(""), true, None, &jar).await
}

/// The tickets a list shows: the tab's with the person's filters on top, or, for a search,
/// every ticket the person may see (a search is not limited to the tab).
fn listed(tab: &Tab, own: &TicketListParams) -> Result<TicketListParams, AppError> {
    if own.q.is_some() { Ok(own.clone()) } else { effective(tab, own) }
}

/// The count of a tab (or of a list with the person's filters), as JSON for the page's
/// script: `{"label": "1,234"}`.
async fn count(s: &AppState, user: &UiUser, raw: &str, mine: bool) -> Result<Response, UiError> {
    let tabs = tabs(s, user, mine).await?;
    let (tab, own) = pick(&tabs, raw)?;
    let query = listed(tab, &own)?.to_query()?;
    let count: TicketCount = s.app.count_tickets(&user.actor, &query).await?;
    Ok(Json(serde_json::json!({ "label": count.label() })).into_response())
}

async fn queue_count(State(s): State<AppState>, user: UiUser, uri: axum::http::Uri) -> Result<Response, UiError> {
    count(&s, &user, uri.query().unwrap_or(""), false).await
}

async fn my_count(State(s): State<AppState>, user: UiUser, uri: axum::http::Uri) -> Result<Response, UiError> {
    count(&s, &user, uri.query().unwrap_or(""), true).await
}

/// The list as a file, in the format the query names.
async fn export(s: &AppState, user: &UiUser, raw: &str, mine: bool) -> Result<Response, UiError> {
    #[derive(Deserialize)]
    struct Format {
        format: Option<ExportFormat>,
    }
    let format = serde_urlencoded::from_str::<Format>(raw)
        .map_err(|_| AppError::invalid("format", "must be csv or xlsx"))?
        .format
        .unwrap_or(ExportFormat::Csv);
    let tabs = tabs(s, user, mine).await?;
    let (tab, own) = pick(&tabs, raw)?;
    let params = listed(tab, &own)?;
    Ok(export_response(&s.app, &user.actor, &params, format).await?)
}

async fn queue_export(State(s): State<AppState>, user: UiUser, uri: axum::http::Uri) -> Result<Response, UiError> {
    export(&s, &user, uri.query().unwrap_or(""), false).await
}

async fn my_export(State(s): State<AppState>, user: UiUser, uri: axum::http::Uri) -> Result<Response, UiError> {
    export(&s, &user, uri.query().unwrap_or(""), true).await
}

/// Where to go back to: the page the form came from, if it is ours.
fn back_to(fields: &[(String, String)], fallback: &str) -> String {
    let back = field(fields, "back").unwrap_or(fallback);
    let back = safe_next(back);
    if back == "/" { fallback.to_string() } else { back }
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The patch a bulk action's choice stands for.
fn bulk_patch(choice: &str, me: i64) -> Result<TicketPatch, AppError> {
    let bad = || AppError::invalid("action", "choose an action for the selected tickets");
    let (what, value) = choice.split_once(':').ok_or_else(bad)?;
    let mut patch = TicketPatch::default();
    match (what, value) {
        ("assign", "me") => patch.assignee_id = Some(Some(me)),
        ("assign", "none") => patch.assignee_id = Some(None),
        ("assign", id) => patch.assignee_id = Some(Some(id.parse().map_err(|_| bad())?)),
        ("status", status) => patch.status = Some(status.parse().map_err(|_| bad())?),
        ("team", id) => patch.team_id = Some(Some(id.parse().map_err(|_| bad())?)),
        _ => return Err(bad()),
    }
    Ok(patch)
}

/// The ticket a bulk merge goes into, by its number (INC-000042) as typed.
async fn merge_target(s: &AppState, actor: &Actor, typed: &str) -> Result<i64, AppError> {
    let number = typed.trim();
    if number.is_empty() {
        return Err(AppError::invalid("merge_into", "name the ticket to merge into by its number"));
    }
    s.app
        .ticket_id_by_number(actor, number)
        .await
        .map_err(|_| AppError::invalid("merge_into", format!("there is no ticket {number} you can see to merge into")))
}

/// Applies a bulk action to the ticked tickets, then goes back to the list with a notice.
async fn bulk(
    State(s): State<AppState>,
    jar: CookieJar,
    form: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let UiForm { user, form } = form;
    let ticked: Vec<i64> = form.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).collect();
    let back = back_to(&form, "/tickets");
    let change = async {
        let mut ids = ticked.clone();
        Ok::<_, AppError>(match field(&form, "action").unwrap_or("") {
            "merge" => {
                let into = merge_target(&s, &user.actor, field(&form, "merge_into").unwrap_or("")).await?;
                // Ticking the target too is natural: it is the one the others go into.
                ids.retain(|id| *id != into);
                BulkChange { ids, patch: None, merge_into: Some(into) }
            }
            choice => BulkChange { ids, patch: Some(bulk_patch(choice, user.actor.id)?), merge_into: None },
        })
    }
    .await;
    let result = match change {
        Ok(change) => s.app.bulk_change(&user.actor, change).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(outcome) => Ok(user.confirm(&back, bulk_confirmation(&user.tr(), outcome.succeeded, outcome.failed))),
        // The list again, with what was wrong and the tickets still ticked.
        Err(e) => match invalid_text(&e) {
            Some(text) => {
                let query = back.split_once('?').map(|(_, q)| q).unwrap_or("");
                let mine = back.starts_with("/my/");
                let response = list_page(&s, &user, query, mine, Some((text, ticked)), &jar).await?;
                Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, response).into_response())
            }
            None => Err(e.into()),
        },
    }
}

/// Saves the list's current filters as a view.
async fn save_view(State(s): State<AppState>, form: UiForm<Vec<(String, String)>>) -> Result<Response, UiError> {
    let UiForm { user, form } = form;
    let input = NewView {
        name: field(&form, "name").unwrap_or("").to_string(),
        query: field(&form, "query").unwrap_or("").to_string(),
        shared: Some(field(&form, "shared").is_some_and(|v| v == "on" || v == "true")),
        // Shared with the staff of the writer's organisations (all staff for those whose
        // organisations are all of them); the API names others.
        organisation_id: None,
    };
    let saved: SavedView = s.app.create_view(&user.actor, input).await?;
    let path = if user.actor.role == Role::Requester { "/my/tickets" } else { "/tickets" };
    let q = serde_urlencoded::to_string([("view", format!("v{}", saved.id))]).unwrap_or_default();
    Ok(user.confirm(&format!("{path}?{q}"), user.tr().t1("queue-view-saved", "view", &saved.name)))
}

#[derive(Deserialize)]
struct CsrfForm {}

/// Deletes a saved view.
async fn delete_view(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    form: UiForm<CsrfForm>,
) -> Result<Response, UiError> {
    let user = form.user;
    s.app.delete_view(&user.actor, id).await?;
    let path = if user.actor.role == Role::Requester { "/my/tickets" } else { "/tickets" };
    Ok(user.confirm(path, user.tr().t("queue-view-deleted")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_persons_filters_replace_the_views_own() {
        let tab = builtin("mine", "Mine".into(), "assignee_id=4&status=open");
        let own = TicketListParams { status: Some("pending".into()), q: Some("vpn".into()), ..Default::default() };
        let p = effective(&tab, &own).unwrap();
        assert_eq!(p.assignee_id, Some(4));
        assert_eq!(p.status.as_deref(), Some("pending"));
        assert_eq!(p.q.as_deref(), Some("vpn"));
    }

    #[test]
    fn bulk_choices_become_patches_and_junk_is_refused() {
        assert_eq!(bulk_patch("assign:me", 7).unwrap().assignee_id, Some(Some(7)));
        assert_eq!(bulk_patch("assign:none", 7).unwrap().assignee_id, Some(None));
        assert_eq!(bulk_patch("team:3", 7).unwrap().team_id, Some(Some(3)));
        assert!(bulk_patch("status:resolved", 7).unwrap().status.is_some());
        for junk in ["", "assign", "status:bogus", "team:x", "delete:all"] {
            assert!(bulk_patch(junk, 7).is_err(), "{junk}");
        }
    }

    #[test]
    fn only_local_pages_are_returned_to() {
        let f = |v: &str| vec![("back".to_string(), v.to_string())];
        assert_eq!(back_to(&f("/tickets?view=open"), "/tickets"), "/tickets?view=open");
        assert_eq!(back_to(&f("https://evil.example/"), "/tickets"), "/tickets");
        assert_eq!(back_to(&f("//evil.example/"), "/tickets"), "/tickets");
        assert_eq!(back_to(&f("/\t/evil.example/"), "/tickets"), "/tickets", "browsers drop the tab");
        assert_eq!(back_to(&f("/tickets\u{0}"), "/tickets"), "/tickets");
        assert_eq!(back_to(&[], "/tickets"), "/tickets");
    }
}

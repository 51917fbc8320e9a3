//! The CMDB pages: the list of configuration items, one item with its relationships, its
//! users (for a business service), its history and its impact drawn as a graph, and the
//! form that adds or changes one.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::cmdb::{
    Ci, CiPatch, CiQuery, Consumer, Impact, ImpactedCi, NewCi, NewConsumer, NewRelation, Relation,
};
use helmdesk_app::assets::history::AssetHistoryEntry;
use helmdesk_app::{AppError, Page};
use helmdesk_domain::assets::cmdb::{CiClass, Criticality, RelationKind};
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::exports::{ExportParams, download};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, NoFields, UiError, choices, choices_or, edit_refusal, invalid_text, render, render_refusable,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/cis", list)
        .requires(AssetPermission::ReadAssets)
        .get("/cis/export", export)
        .requires(AssetPermission::ReadAssets)
        .get("/cis/new", new_form)
        .requires(AssetPermission::ManageAssets)
        .post("/cis", create)
        .requires(AssetPermission::ManageAssets)
        .get("/cis/{id}", show)
        .requires(AssetPermission::ReadAssets)
        .get("/cis/{id}/edit", edit_form)
        .requires(AssetPermission::ManageAssets)
        .post("/cis/{id}/edit", update)
        .requires(AssetPermission::ManageAssets)
        .post("/cis/{id}/relations", add_relation)
        .requires(AssetPermission::ManageAssets)
        .post("/cis/{id}/relations/{relation_id}/remove", remove_relation)
        .requires(AssetPermission::ManageAssets)
        .post("/cis/{id}/consumers", add_consumer)
        .requires(AssetPermission::ManageAssets)
        .post("/cis/{id}/consumers/{consumer_id}/remove", remove_consumer)
        .requires(AssetPermission::ManageAssets)
}

/// How many items the impact graph draws; the table below it lists them all.
const GRAPH_MAX: usize = 48;
/// How many items one column of the graph draws.
const COLUMN_MAX: usize = 12;
/// How many impacted items the page's table lists.
const TABLE_MAX: usize = 500;

const NODE_WIDTH: i64 = 170;
const NODE_HEIGHT: i64 = 34;
const COLUMN_GAP: i64 = 60;
const ROW_GAP: i64 = 12;

fn class_name(tr: &Tr, class: CiClass) -> String {
    tr.of("ci-class", class.as_str())
}

fn criticality_name(tr: &Tr, c: Criticality) -> String {
    tr.of("ci-criticality", c.as_str())
}

#[derive(Template)]
#[template(path = "assets/cis.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<Ci>,
    q: String,
    classes: Vec<Choice>,
    manage: bool,
    here: String,
}

impl ListPage {
    fn class(&self, class: &CiClass) -> String {
        class_name(&self.tr, *class)
    }

    fn criticality(&self, c: &Criticality) -> String {
        criticality_name(&self.tr, *c)
    }
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    cursor: Option<String>,
}

impl ListParams {
    fn query(&self) -> Result<CiQuery, AppError> {
        Ok(CiQuery {
            q: Some(self.q.clone()),
            class: (!self.class.is_empty()).then(|| self.class.parse()).transpose().map_err(AppError::from)?,
            cursor: self.cursor.clone(),
            ..Default::default()
        })
    }
}

/// The list, with its filters, as a file.
async fn export(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<ListParams>,
    ApiQuery(f): ApiQuery<ExportParams>,
) -> Result<Response, UiError> {
    Ok(download(&s.app, f.format(), s.app.export_cis(&user.actor, &p.query()?)).await?)
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let query = p.query()?;
    let page = s.app.list_cis(actor, &query).await?;
    let here = serde_urlencoded::to_string([("q", &p.q), ("class", &p.class)]).unwrap_or_default();
    let view = ListPage {
        nav: Some(Nav::of(&s, &user, "cmdb").await?),
        classes: choices_or(
            &tr.t("cis-any-class"),
            CiClass::ALL.iter().map(|c| (c.as_str(), class_name(&tr, *c))),
            &p.class,
        ),
        manage: actor.can(AssetPermission::ManageAssets),
        q: p.q,
        page,
        here,
        tr,
    };
    Ok(render(&view))
}

/// One item of the impact graph, placed.
struct GraphNode {
    id: i64,
    label: String,
    class: CiClass,
    x: i64,
    y: i64,
    root: bool,
}

/// One dependency of the graph, from the provider's right side to the dependant's left.
struct GraphEdge {
    x1: i64,
    y1: i64,
    x2: i64,
    y2: i64,
}

/// The impact as a drawing: the analysed item on the left, each column one step further.
struct Graph {
    width: i64,
    height: i64,
    nodes: Vec<GraphNode>,
    edges: Vec<GraphEdge>,
    /// Impacted items not drawn (the table lists them).
    left_out: usize,
}

/// A label that fits a node: at most 22 characters.
fn short(name: &str) -> String {
    if name.chars().count() <= 22 {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(21).collect::<String>())
    }
}

/// Lays the impact out in columns by depth, at most [`COLUMN_MAX`] a column and
/// [`GRAPH_MAX`] in all, nearest first.
fn layout(impact: &Impact) -> Graph {
    let mut columns: BTreeMap<u32, usize> = BTreeMap::new();
    let mut place: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut nodes = vec![GraphNode {
        id: impact.root.id,
        label: short(&impact.root.name),
        class: impact.root.class,
        x: 0,
        y: 0,
        root: true,
    }];
    place.insert(impact.root.id, (0, 0));
    for item in &impact.items {
        let row = columns.entry(item.depth).or_insert(0);
        if *row >= COLUMN_MAX || nodes.len() > GRAPH_MAX {
            continue;
        }
        let (x, y) = (item.depth as i64 * (NODE_WIDTH + COLUMN_GAP), *row as i64 * (NODE_HEIGHT + ROW_GAP));
        *row += 1;
        place.insert(item.id, (x, y));
        nodes.push(GraphNode { id: item.id, label: short(&item.name), class: item.class, x, y, root: false });
    }
    let edges = impact
        .edges
        .iter()
        .filter_map(|e| {
            let (px, py) = place.get(&e.provider_id)?;
            let (dx, dy) = place.get(&e.dependant_id)?;
            Some(GraphEdge { x1: px + NODE_WIDTH, y1: py + NODE_HEIGHT / 2, x2: *dx, y2: dy + NODE_HEIGHT / 2 })
        })
        .collect();
    let width = nodes.iter().map(|n| n.x + NODE_WIDTH).max().unwrap_or(NODE_WIDTH) + 8;
    let height = nodes.iter().map(|n| n.y + NODE_HEIGHT).max().unwrap_or(NODE_HEIGHT) + 8;
    Graph { width, height, left_out: impact.items.len() + 1 - nodes.len(), nodes, edges }
}

#[derive(Template)]
#[template(path = "assets/ci.html")]
struct CiPage {
    nav: Option<Nav>,
    tr: Tr,
    c: Ci,
    /// Its relationships where it is the dependant (what it needs) and the provider.
    needs: Vec<Relation>,
    needed_by: Vec<Relation>,
    consumers: Vec<Consumer>,
    impact: Impact,
    graph: Graph,
    history: Vec<AssetHistoryEntry>,
    manage: bool,
    kinds: Vec<Choice>,
    departments: Vec<Choice>,
    error: Option<String>,
    /// What other modules show of the item (the service desk: its open tickets), drawn.
    panels: Vec<String>,
}

impl CiPage {
    fn class(&self, class: &CiClass) -> String {
        class_name(&self.tr, *class)
    }

    fn criticality(&self, c: &Criticality) -> String {
        criticality_name(&self.tr, *c)
    }

    fn kind(&self, kind: &RelationKind) -> String {
        self.tr.of("ci-relation", kind.as_str())
    }

    /// What it needs and what needs it: a heading, what an empty group says, the group.
    fn relation_groups(&self) -> [(String, String, &Vec<Relation>); 2] {
        [
            (self.tr.t("ci-needs"), self.tr.t("ci-needs-none"), &self.needs),
            (self.tr.t("ci-needed-by"), self.tr.t("ci-needed-by-none"), &self.needed_by),
        ]
    }

    fn business_service(&self) -> bool {
        self.c.class == CiClass::BusinessService
    }

    /// The impacted items the table lists.
    fn listed(&self) -> &[ImpactedCi] {
        &self.impact.items[..self.impact.items.len().min(TABLE_MAX)]
    }

    /// The history, each line with its field in the reader's language.
    fn history_lines(&self) -> Vec<(&AssetHistoryEntry, String)> {
        self.history.iter().map(|h| (h, self.tr.of("ci-history", &h.field))).collect()
    }

    /// Where the whole impact list is, when the page lists only part of it.
    fn impact_api_note(&self) -> String {
        self.tr.t1("ci-impact-api", "path", format!("/api/v1/cis/{}/impact", self.c.id))
    }
}

async fn ci_view(s: &AppState, user: &UiUser, id: i64, error: Option<String>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let c = s.app.ci(actor, id).await?;
    let (needs, needed_by) = s.app.ci_relations(actor, id).await?.into_iter().partition(|r| {
        let (dependant, _) = r.kind.dependant_and_provider(r.source.id, r.target.id);
        dependant == id
    });
    let manage = actor.can(AssetPermission::ManageAssets);
    let consumers = if c.class == CiClass::BusinessService { s.app.ci_consumers(actor, id).await? } else { Vec::new() };
    let departments = if manage && c.class == CiClass::BusinessService {
        s.app.list_departments(actor).await?.into_iter().map(|d| (d.id, d.name)).collect()
    } else {
        Vec::new()
    };
    let impact = s.app.ci_impact(actor, id).await?;
    let page = CiPage {
        nav: Some(Nav::of(s, user, "cmdb").await?),
        kinds: choices(RelationKind::ALL.iter().map(|k| (k.as_str(), tr.of("ci-relation", k.as_str()))), ""),
        departments: choices_or(&tr.t("ci-choose-department"), departments, ""),
        history: s.app.ci_history(actor, id).await?,
        graph: layout(&impact),
        panels: crate::ui::ci_panels(s, user, id).await?,
        impact,
        consumers,
        needs,
        needed_by,
        manage,
        c,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn show(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    ci_view(&s, &user, id, None).await
}

/// After a change on the item's page: back to it with a confirmation, or the page again
/// with what was refused.
async fn acted<T>(
    s: &AppState,
    user: &UiUser,
    id: i64,
    result: Result<T, AppError>,
    message: impl FnOnce(&Tr, T) -> String,
) -> Result<Response, UiError> {
    match result {
        Ok(done) => Ok(user.confirm(&format!("/cis/{id}"), message(&user.tr(), done))),
        Err(e) => match invalid_text(&e) {
            Some(text) => ci_view(s, user, id, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Deserialize)]
struct RelationForm {
    kind: String,
    target: String,
}

async fn add_relation(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<RelationForm>,
) -> Result<Response, UiError> {
    let result = async {
        let kind: RelationKind = form.kind.parse()?;
        let target_id = s.app.ci_id_by_name(&user.actor, "target", &form.target).await?;
        s.app.add_ci_relation(&user.actor, id, &NewRelation { kind, target_id }).await
    }
    .await;
    acted(&s, &user, id, result, |tr, r| {
        tr.arg("source", r.source.name)
            .arg("kind", tr.of("ci-relation", r.kind.as_str()))
            .arg("target", r.target.name)
            .t("ci-related")
    })
    .await
}

async fn remove_relation(
    State(s): State<AppState>,
    ApiPath((id, relation_id)): ApiPath<(i64, i64)>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let result = s.app.remove_ci_relation(&user.actor, id, relation_id).await;
    acted(&s, &user, id, result, |tr, ()| tr.t("ci-relation-removed")).await
}

#[derive(Debug, Deserialize)]
struct ConsumerForm {
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    email: String,
}

async fn add_consumer(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<ConsumerForm>,
) -> Result<Response, UiError> {
    let result = async {
        let department_id = match form.department_id.trim() {
            "" => None,
            d => Some(d.parse().map_err(|_| AppError::invalid("department_id", "is not a valid choice"))?),
        };
        let user_id = match form.email.trim() {
            "" => None,
            email => Some(
                s.app
                    .user_id_with_email(email)
                    .await?
                    .ok_or_else(|| AppError::invalid("email", "nobody has this e-mail address"))?,
            ),
        };
        s.app.add_ci_consumer(&user.actor, id, &NewConsumer { department_id, user_id }).await
    }
    .await;
    acted(&s, &user, id, result, |tr, c| tr.t1("ci-consumer-added", "name", c.name)).await
}

async fn remove_consumer(
    State(s): State<AppState>,
    ApiPath((id, consumer_id)): ApiPath<(i64, i64)>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let result = s.app.remove_ci_consumer(&user.actor, id, consumer_id).await;
    acted(&s, &user, id, result, |tr, ()| tr.t("ci-consumer-removed")).await
}

#[derive(Template)]
#[template(path = "assets/ci_form.html")]
struct FormPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The item being changed; `None`: a new one.
    ci: Option<Ci>,
    values: HashMap<String, String>,
    classes: Vec<Choice>,
    criticalities: Vec<Choice>,
    error: Option<String>,
}

impl FormPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.ci {
            Some(c) => format!("/cis/{}/edit", c.id),
            None => "/cis".into(),
        }
    }
}

async fn form_view(
    s: &AppState,
    user: &UiUser,
    ci: Option<Ci>,
    values: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let current = |k: &str| values.get(k).cloned().unwrap_or_default();
    let page = FormPage {
        nav: Some(Nav::of(s, user, "cmdb").await?),
        classes: choices(CiClass::ALL.iter().map(|c| (c.as_str(), class_name(&tr, *c))), &current("class")),
        criticalities: choices_or(
            &tr.t("ci-no-criticality"),
            Criticality::ALL.iter().map(|c| (c.as_str(), criticality_name(&tr, *c))),
            &current("criticality"),
        ),
        ci,
        values,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn new_form(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let values = HashMap::from([("class".to_string(), CiClass::Application.as_str().to_string())]);
    form_view(&s, &user, None, values, None).await
}

async fn edit_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let c = s.app.ci(&user.actor, id).await?;
    let values: HashMap<String, String> = [
        ("name", c.name.clone()),
        ("class", c.class.as_str().to_string()),
        ("criticality", c.criticality.map(|x| x.as_str().to_string()).unwrap_or_default()),
        ("asset_tag", c.asset_tag.clone().unwrap_or_default()),
        ("description", c.description.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    form_view(&s, &user, Some(c), values, None).await
}

/// The change the form asks for: every field it shows (an empty one clears its value).
async fn patch_of(s: &AppState, user: &UiUser, form: &HashMap<String, String>) -> Result<CiPatch, AppError> {
    let text = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or_default();
    let asset_id = match text("asset_tag") {
        "" => None,
        tag => Some(
            s.app
                .asset_id_by_tag(&user.actor, tag)
                .await
                .map_err(|_| AppError::invalid("asset_tag", "no asset has this tag"))?,
        ),
    };
    let criticality = match text("criticality") {
        "" => None,
        c => Some(c.parse()?),
    };
    Ok(CiPatch {
        name: Some(text("name").to_string()),
        class: Some(text("class").parse()?),
        asset_id: Some(asset_id),
        criticality: Some(criticality),
        owner_id: None,
        description: Some(text("description").to_string()),
    })
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let result = async {
        let p = patch_of(&s, &user, &form).await?;
        let new = NewCi {
            name: p.name.unwrap_or_default(),
            class: p.class.unwrap_or(CiClass::Other),
            organisation_id: None,
            asset_id: p.asset_id.flatten(),
            criticality: p.criticality.flatten(),
            owner_id: None,
            description: p.description,
        };
        s.app.create_ci(&user.actor, &new).await
    }
    .await;
    match result {
        Ok(c) => Ok(user.confirm(&format!("/cis/{}", c.id), user.tr().t1("ci-added", "name", &c.name))),
        Err(e) => match invalid_text(&e) {
            Some(text) => form_view(&s, &user, None, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let before = s.app.ci(&user.actor, id).await?;
    let result = async {
        let version = form.get("version").and_then(|v| v.parse().ok());
        let patch = patch_of(&s, &user, &form).await?;
        s.app.update_ci(&user.actor, id, &patch, version).await
    }
    .await;
    match result {
        Ok(c) => Ok(user.confirm(&format!("/cis/{id}"), user.tr().t1("ci-saved", "name", c.name))),
        Err(e) => match edit_refusal(&e, || user.tr().t("ci-changed-since")) {
            Some(text) => form_view(&s, &user, Some(before), form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

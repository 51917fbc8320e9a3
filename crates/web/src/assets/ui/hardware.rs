//! The asset pages: the list with its filters, one asset with its lifecycle actions, its
//! software and last inventory (for staff; `software.rs` and `discovery.rs`) and history,
//! the form that adds or changes one, and a person's own devices (`/my/assets`), where
//! they confirm they received one.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::audits::Audit;
use helmdesk_app::assets::catalog::AssetType;
use helmdesk_app::assets::hardware::{
    Asset, AssetDetails, AssetHistoryEntry, AssetPatch, AssetQuery, CheckOut, NewAsset,
};
use helmdesk_app::assets::software::Installation;
use helmdesk_app::assets::stock::Holding;
use helmdesk_app::{AppError, Page};
use helmdesk_domain::assets::fields::{FieldDef, day};
use helmdesk_domain::assets::lifecycle::{AssetState, HolderKind};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_domain::assets::reminders::Reminder;
use serde::Deserialize;

use crate::AppState;
use crate::assets::ui::discovery::InventoryView;
use crate::assets::ui::software::source_name;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::exports::{ExportParams, download};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, UiError, choices, choices_or, edit_refusal, id_text, invalid_text, render, render_refusable,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/assets", list)
        .requires(AssetPermission::ReadAssets)
        .get("/assets/export", export)
        .requires(AssetPermission::ReadAssets)
        .get("/assets/new", new_form)
        .requires(AssetPermission::ManageAssets)
        .post("/assets", create)
        .requires(AssetPermission::ManageAssets)
        .get("/assets/{id}", show)
        .signed_in()
        .get("/assets/{id}/edit", edit_form)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/edit", update)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/checkout", check_out)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/checkin", check_in)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/state", move_state)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/accept", accept)
        .signed_in()
        .get("/my/assets", mine)
        .signed_in()
}

/// The name of a lifecycle state in the reader's language.
fn state_name(tr: &Tr, state: AssetState) -> String {
    tr.of("asset-state", state.as_str())
}

#[derive(Template)]
#[template(path = "assets/list.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<Asset>,
    q: String,
    states: Vec<Choice>,
    types: Vec<Choice>,
    /// The reminders' filters: a return due or overdue, a warranty or a life ending.
    dues: Vec<Choice>,
    manage: bool,
    /// Only assets whose audit is overdue.
    overdue: bool,
    /// Whether the reader imports (the imports page's link).
    imports: bool,
    /// The list's address without its cursor, to page on from.
    here: String,
}

impl ListPage {
    fn state(&self, state: &AssetState) -> String {
        state_name(&self.tr, *state)
    }
}

/// The asset list's filters, as its form and address carry them (the label sheet takes the
/// same).
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    type_id: String,
    /// "1": only assets whose audit is overdue.
    #[serde(default)]
    overdue: String,
    /// A reminder's kind: only assets due one.
    #[serde(default)]
    due: String,
    #[serde(default)]
    pub(super) cursor: Option<String>,
}

impl ListParams {
    /// The query the filters ask for.
    pub(super) fn query(&self) -> Result<AssetQuery, AppError> {
        Ok(AssetQuery {
            q: Some(self.q.clone()),
            state: (!self.state.is_empty()).then(|| self.state.parse()).transpose().map_err(AppError::from)?,
            type_id: (!self.type_id.is_empty())
                .then(|| self.type_id.parse())
                .transpose()
                .map_err(|_| AppError::invalid("type_id", "is not a valid choice"))?,
            audit_overdue: Some(self.overdue == "1"),
            due: (!self.due.is_empty()).then(|| self.due.parse()).transpose().map_err(AppError::from)?,
            cursor: self.cursor.clone(),
            ..Default::default()
        })
    }

    /// The filters as a query string, without the cursor.
    pub(super) fn here(&self) -> String {
        let overdue = if self.overdue == "1" { "1" } else { "" };
        serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("state", &self.state),
            ("type_id", &self.type_id),
            ("overdue", overdue),
            ("due", &self.due),
        ])
        .unwrap_or_default()
    }
}

/// The list, with its filters, as a file.
async fn export(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<ListParams>,
    ApiQuery(f): ApiQuery<ExportParams>,
) -> Result<Response, UiError> {
    Ok(download(&s.app, f.format(), s.app.export_assets(&user.actor, &p.query()?)).await?)
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let query = p.query()?;
    let page = s.app.list_assets(actor, &query).await?;
    let types = s.app.asset_types(actor).await?;
    let here = p.here();
    let view = ListPage {
        nav: Some(Nav::of(&s, &user, "assets").await?),
        states: choices_or(
            &tr.t("assets-any-state"),
            AssetState::ALL.iter().map(|st| (st.as_str(), state_name(&tr, *st))),
            &p.state,
        ),
        types: choices_or(&tr.t("assets-any-type"), types.into_iter().map(|t| (t.id, t.name)), &p.type_id),
        dues: choices_or(
            &tr.t("assets-any-due"),
            Reminder::ALL.iter().map(|r| (r.as_str(), tr.of("asset-due", r.as_str()))),
            &p.due,
        ),
        manage: actor.can(AssetPermission::ManageAssets),
        overdue: p.overdue == "1",
        imports: actor.can(AssetPermission::Import),
        q: p.q,
        page,
        here,
        tr,
    };
    Ok(render(&view))
}

#[derive(Template)]
#[template(path = "assets/asset.html")]
struct AssetPage {
    nav: Option<Nav>,
    tr: Tr,
    a: Asset,
    kind: AssetType,
    history: Vec<AssetHistoryEntry>,
    manage: bool,
    /// The states it may be moved to by hand (deployed is a check-out).
    moves: Vec<Choice>,
    locations: Vec<Choice>,
    error: Option<String>,
    mine: bool,
    /// The configuration item that stands for it.
    ci: Option<i64>,
    /// Whether the reader is staff of its organisation (who see its software and history).
    staff: bool,
    /// The software recorded on it (staff only) that the page lists: those matching
    /// `typed.find`, at most [`SOFTWARE_SHOWN`].
    software: Vec<Installation>,
    /// How many are recorded on it, and how many of them match `typed.find`.
    software_total: usize,
    software_matched: usize,
    /// What the software forms show: what was typed when one was refused, and the words
    /// the list is narrowed to.
    typed: SoftwareTyped,
    /// Its last inventory, when an agent reports it (staff only).
    inventory: Option<InventoryView>,
    /// The open audit rounds still looking for it, where the reader may confirm it found.
    audits: Vec<Audit>,
}

/// What was typed in an asset's software forms.
#[derive(Debug, Default)]
pub(super) struct SoftwareTyped {
    pub(super) name: String,
    pub(super) publisher: String,
    pub(super) version: String,
    /// Words the list of its software is narrowed to (a device may report thousands).
    pub(super) find: String,
}

/// The most installations an asset's page lists; the search narrows them.
const SOFTWARE_SHOWN: usize = 200;
/// From how many installations on a device its page offers the search.
const SOFTWARE_FIND_FROM: usize = 20;

/// The installations that match every word of `find` (in their product, reported name or
/// publisher, case ignored), all when it has none.
fn matching(software: Vec<Installation>, find: &str) -> Vec<Installation> {
    let words: Vec<String> = find.split_whitespace().map(str::to_lowercase).collect();
    software
        .into_iter()
        .filter(|i| {
            let text = format!("{} {} {}", i.product, i.reported_name, i.publisher).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

impl AssetPage {
    fn state(&self, state: &AssetState) -> String {
        state_name(&self.tr, *state)
    }

    fn holder_kind(&self, kind: &HolderKind) -> String {
        self.tr.of("asset-holder", kind.as_str())
    }

    /// An installation's source in the reader's language.
    fn source(&self, source: &str) -> String {
        source_name(&self.tr, source)
    }

    /// Whether the page offers to narrow the software list.
    fn software_find(&self) -> bool {
        self.software_total >= SOFTWARE_FIND_FROM || !self.typed.find.is_empty()
    }

    fn may_check_out(&self) -> bool {
        self.a.state.may_check_out()
    }

    fn deployed(&self) -> bool {
        self.a.state == AssetState::Deployed
    }

    /// The type's fields with the asset's values (empty ones included).
    fn field_values(&self) -> Vec<(&FieldDef, String)> {
        self.kind.fields.iter().map(|f| (f, self.a.fields.get(&f.key).cloned().unwrap_or_default())).collect()
    }

    /// The history, each line with its field in the reader's language.
    fn history_lines(&self) -> Vec<(&AssetHistoryEntry, String)> {
        self.history.iter().map(|h| (h, self.history_field(&h.field))).collect()
    }

    /// A history line's field in the reader's language (a type's own field by its label).
    fn history_field(&self, field: &str) -> String {
        match field.strip_prefix("fields.") {
            Some(key) => self.kind.fields.iter().find(|f| f.key == key).map(|f| f.label.clone()).unwrap_or(key.into()),
            None => self.tr.of("asset-history", field),
        }
    }
}

async fn asset_view(s: &AppState, user: &UiUser, id: i64, error: Option<String>) -> Result<Response, UiError> {
    asset_page(s, user, id, error, SoftwareTyped::default()).await
}

/// An asset's page, with what was refused and what was typed in its software form.
pub(super) async fn asset_page(
    s: &AppState,
    user: &UiUser,
    id: i64,
    error: Option<String>,
    typed: SoftwareTyped,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let a = s.app.asset(actor, id).await?;
    s.app.mark_page_notifications_read(actor, &format!("/assets/{id}")).await?;
    let staff = actor.can(AssetPermission::ReadAssets) && actor.sees_organisation(a.organisation_id);
    let kind = s.app.asset_type_of(actor, &a).await?;
    let history = if staff { s.app.asset_history(actor, id).await? } else { Vec::new() };
    let manage = staff && actor.can(AssetPermission::ManageAssets);
    let locations = if manage { s.app.locations(actor).await? } else { Vec::new() };
    let moves =
        a.state.next().iter().filter(|st| **st != AssetState::Deployed).map(|st| (st.as_str(), state_name(&tr, *st)));
    let (software, inventory) = if staff {
        let inventory = s.app.inventory(actor, id).await?.map(|i| InventoryView::of(&tr, &i));
        (s.app.installations_on(actor, id).await?, inventory)
    } else {
        (Vec::new(), None)
    };
    let software_total = software.len();
    let mut software = matching(software, &typed.find);
    let software_matched = software.len();
    software.truncate(SOFTWARE_SHOWN);
    let audits = if manage { s.app.audits_awaiting(actor, id).await? } else { Vec::new() };
    let page = AssetPage {
        nav: Some(Nav::of(s, user, if staff { "assets" } else { "my-assets" }).await?),
        audits,
        moves: choices(moves, ""),
        locations: choices(locations.into_iter().map(|l| (l.id, l.name)), ""),
        mine: a.holder.as_ref().is_some_and(|h| h.kind == HolderKind::Person && h.id == actor.id),
        ci: if staff { s.app.ci_of_asset(actor, id).await? } else { None },
        software,
        software_total,
        software_matched,
        typed,
        inventory,
        staff,
        manage,
        history,
        kind,
        a,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

#[derive(Debug, Default, Deserialize)]
struct AssetParams {
    /// Words the software list is narrowed to.
    #[serde(default)]
    software: String,
}

async fn show(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<AssetParams>,
) -> Result<Response, UiError> {
    let typed = SoftwareTyped { find: p.software.trim().to_string(), ..Default::default() };
    asset_page(&s, &user, id, None, typed).await
}

/// After a lifecycle action: back to the asset with a confirmation, or the asset again
/// with what was refused.
async fn acted(
    s: &AppState,
    user: &UiUser,
    id: i64,
    result: Result<Asset, AppError>,
    message: impl FnOnce(&Tr, Asset) -> String,
) -> Result<Response, UiError> {
    match result {
        Ok(a) => Ok(user.confirm(&format!("/assets/{id}"), message(&user.tr(), a))),
        Err(e) => match invalid_text(&e) {
            Some(text) => asset_view(s, user, id, Some(text)).await,
            None if matches!(e, AppError::PreconditionFailed) => {
                asset_view(s, user, id, Some(user.tr().t("asset-changed-since"))).await
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Deserialize)]
struct CheckOutForm {
    kind: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    location_id: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    expected_return: String,
    version: i64,
}

async fn check_out(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CheckOutForm>,
) -> Result<Response, UiError> {
    let result = async {
        let kind: HolderKind = form.kind.parse()?;
        let to = match kind {
            HolderKind::Person => s
                .app
                .user_id_with_email(form.email.trim())
                .await?
                .ok_or_else(|| AppError::invalid("email", "nobody has this e-mail address"))?,
            HolderKind::Location => {
                form.location_id.parse().map_err(|_| AppError::invalid("location_id", "choose a location"))?
            }
            HolderKind::Asset => s.app.asset_id_by_tag(&user.actor, &form.tag).await?,
        };
        let expected_return = match form.expected_return.trim() {
            "" => None,
            d => Some(day("expected_return", d)?),
        };
        let to = CheckOut { kind, id: to, expected_return };
        s.app.check_out(&user.actor, id, &to, Some(form.version)).await
    }
    .await;
    acted(&s, &user, id, result, |tr, a| {
        let holder = a.holder.map(|h| h.name).unwrap_or_default();
        tr.t2("asset-checked-out", "tag", a.tag, "holder", holder)
    })
    .await
}

#[derive(Debug, Deserialize)]
struct VersionForm {
    version: i64,
}

async fn check_in(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<VersionForm>,
) -> Result<Response, UiError> {
    let result = s.app.check_in(&user.actor, id, Some(form.version)).await;
    acted(&s, &user, id, result, |tr, a| tr.t1("asset-checked-in", "tag", a.tag)).await
}

#[derive(Debug, Deserialize)]
struct StateForm {
    state: String,
    version: i64,
}

async fn move_state(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<StateForm>,
) -> Result<Response, UiError> {
    let result = match form.state.parse::<AssetState>() {
        Ok(to) => s.app.move_asset(&user.actor, id, to, Some(form.version)).await,
        Err(e) => Err(e.into()),
    };
    acted(&s, &user, id, result, |tr, a| tr.t2("asset-moved", "tag", &a.tag, "state", state_name(tr, a.state))).await
}

#[derive(Debug, Default, Deserialize)]
struct AcceptForm {
    /// "account": accepted on the account page, which the answer goes back to.
    #[serde(default)]
    from: String,
}

async fn accept(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<AcceptForm>,
) -> Result<Response, UiError> {
    let a = s.app.accept_asset(&user.actor, id).await?;
    let back = if form.from == "account" { "/account" } else { "/my/assets" };
    Ok(user.confirm(back, user.tr().t1("asset-received", "tag", a.tag)))
}

#[derive(Template)]
#[template(path = "assets/form.html")]
struct FormPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The asset being changed; `None`: a new one.
    asset: Option<Asset>,
    /// What the form shows, by field name.
    values: HashMap<String, String>,
    kind: Option<AssetType>,
    types: Vec<Choice>,
    models: Vec<Choice>,
    locations: Vec<Choice>,
    error: Option<String>,
}

impl FormPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.asset {
            Some(a) => format!("/assets/{}/edit", a.id),
            None => "/assets".into(),
        }
    }
}

/// The form's values of an asset.
fn values_of(a: &Asset) -> HashMap<String, String> {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let amount = |m: &Option<helmdesk_app::assets::hardware::Amount>| {
        m.as_ref()
            .and_then(|m| Some(Money { minor: m.minor, currency: Currency::parse(&m.currency).ok()? }.amount()))
            .unwrap_or_default()
    };
    let mut v: HashMap<String, String> = [
        ("name", a.name.clone()),
        ("tag", a.tag.clone()),
        ("type_id", a.type_id.to_string()),
        ("model_id", id_text(a.model_id)),
        ("serial", a.serial.clone().unwrap_or_default()),
        ("location_id", id_text(a.location_id)),
        ("cost_centre", a.cost_centre.clone().unwrap_or_default()),
        ("purchased_on", day(a.purchased_on)),
        ("cost", amount(&a.cost)),
        ("currency", a.cost.as_ref().map(|c| c.currency.clone()).unwrap_or_default()),
        ("residual", amount(&a.residual_value)),
        ("depreciation_months", a.depreciation_months.map(|m| m.to_string()).unwrap_or_default()),
        ("supplier", a.supplier.clone().unwrap_or_default()),
        ("order_number", a.order_number.clone().unwrap_or_default()),
        ("warranty_end", day(a.warranty_end)),
        ("end_of_life", day(a.end_of_life)),
        ("next_audit_on", day(a.next_audit_on)),
        ("notes", a.notes.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    v.extend(a.fields.iter().map(|(k, val)| (format!("f.{k}"), val.clone())));
    v
}

async fn form_view(
    s: &AppState,
    user: &UiUser,
    asset: Option<Asset>,
    values: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let types = s.app.asset_types(actor).await?;
    let type_id = values.get("type_id").and_then(|t| t.parse::<i64>().ok());
    let kind = types.iter().find(|t| Some(t.id) == type_id).cloned();
    let models = s.app.asset_models(actor).await?.into_iter().filter(|m| Some(m.type_id) == type_id);
    let current = |k: &str| values.get(k).cloned().unwrap_or_default();
    let page = FormPage {
        nav: Some(Nav::of(s, user, "assets").await?),
        types: choices(types.iter().map(|t| (t.id, t.name.clone())), &current("type_id")),
        models: choices_or(
            &tr.t("asset-no-model"),
            models.map(|m| (m.id, format!("{} {}", m.manufacturer, m.name))),
            &current("model_id"),
        ),
        locations: choices_or(
            &tr.t("asset-no-location"),
            s.app.locations(actor).await?.into_iter().map(|l| (l.id, l.name)),
            &current("location_id"),
        ),
        kind,
        asset,
        values,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

#[derive(Debug, Default, Deserialize)]
struct NewParams {
    #[serde(default)]
    type_id: String,
}

async fn new_form(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<NewParams>,
) -> Result<Response, UiError> {
    let types = s.app.asset_types(&user.actor).await?;
    let type_id =
        if p.type_id.is_empty() { types.first().map(|t| t.id.to_string()).unwrap_or_default() } else { p.type_id };
    let values = HashMap::from([("type_id".to_string(), type_id), ("currency".to_string(), "EUR".to_string())]);
    form_view(&s, &user, None, values, None).await
}

async fn edit_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let a = s.app.asset(&user.actor, id).await?;
    let values = values_of(&a);
    form_view(&s, &user, Some(a), values, None).await
}

/// A text field of the form: `None` when empty.
fn optional(form: &HashMap<String, String>, name: &str) -> Option<String> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The description the form gives (every field it shows; an empty one clears its value).
fn details_of(form: &HashMap<String, String>, kind: &AssetType) -> Result<AssetDetails, AppError> {
    let id = |name: &str| -> Result<Option<i64>, AppError> {
        optional(form, name)
            .map(|v| v.parse().map_err(|_| AppError::invalid(name, "is not a valid choice")))
            .transpose()
    };
    let date = |name: &str| -> Result<Option<chrono::NaiveDate>, AppError> {
        Ok(optional(form, name).map(|v| day(name, &v)).transpose()?)
    };
    let currency = optional(form, "currency");
    let amount = |name: &str, field: &str| -> Result<Option<i64>, AppError> {
        let Some(text) = optional(form, name) else { return Ok(None) };
        let code = currency.as_deref().ok_or_else(|| AppError::invalid("currency", "an amount needs its currency"))?;
        Ok(Some(Money::parse(field, &text, Currency::parse(code)?)?.minor))
    };
    let months = optional(form, "depreciation_months")
        .map(|m| m.parse::<i64>().map_err(|_| AppError::invalid("depreciation_months", "must be a number of months")))
        .transpose()?;
    let fields = kind
        .fields
        .iter()
        .map(|f| (f.key.clone(), form.get(&format!("f.{}", f.key)).cloned().unwrap_or_default()))
        .collect();
    Ok(AssetDetails {
        model_id: Some(id("model_id")?),
        serial: Some(optional(form, "serial")),
        location_id: Some(id("location_id")?),
        cost_centre: Some(optional(form, "cost_centre")),
        purchased_on: Some(date("purchased_on")?),
        cost_minor: Some(amount("cost", "cost")?),
        currency: Some(currency.clone()),
        residual_minor: Some(amount("residual", "residual_value")?),
        depreciation_months: Some(months),
        supplier: Some(optional(form, "supplier")),
        order_number: Some(optional(form, "order_number")),
        warranty_end: Some(date("warranty_end")?),
        end_of_life: Some(date("end_of_life")?),
        next_audit_on: Some(date("next_audit_on")?),
        fields: Some(fields),
        notes: Some(form.get("notes").cloned().unwrap_or_default()),
        ..Default::default()
    })
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let result = async {
        let type_id = form
            .get("type_id")
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| AppError::invalid("type_id", "choose a type"))?;
        let kind = s.app.asset_type(actor, type_id).await?;
        let new = NewAsset {
            name: form.get("name").cloned().unwrap_or_default(),
            type_id,
            tag: optional(&form, "tag"),
            state: optional(&form, "state").map(|st| st.parse()).transpose()?,
            details: details_of(&form, &kind)?,
            ..Default::default()
        };
        s.app.create_asset(actor, &new).await
    }
    .await;
    match result {
        Ok(a) => {
            Ok(user.confirm(&format!("/assets/{}", a.id), user.tr().t2("asset-added", "tag", &a.tag, "name", &a.name)))
        }
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
    let actor = &user.actor;
    let before = s.app.asset(actor, id).await?;
    let result = async {
        let kind = s.app.asset_type(actor, before.type_id).await?;
        let version = form.get("version").and_then(|v| v.parse().ok());
        let patch = AssetPatch {
            name: form.get("name").cloned(),
            tag: form.get("tag").cloned(),
            details: details_of(&form, &kind)?,
        };
        s.app.update_asset(actor, id, &patch, version).await
    }
    .await;
    match result {
        Ok(a) => Ok(user.confirm(&format!("/assets/{id}"), user.tr().t1("asset-saved", "tag", a.tag))),
        Err(e) => match edit_refusal(&e, || user.tr().t("asset-changed-since")) {
            Some(text) => form_view(&s, &user, Some(before), form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "assets/mine.html")]
struct MinePage {
    nav: Option<Nav>,
    tr: Tr,
    assets: Vec<Asset>,
    /// The accessories they hold.
    held: Vec<Holding>,
}

async fn mine(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let page = MinePage {
        nav: Some(Nav::of(&s, &user, "my-assets").await?),
        assets: s.app.my_assets(&user.actor).await?,
        held: s.app.my_stock(&user.actor).await?,
        tr: user.tr(),
    };
    Ok(render(&page))
}

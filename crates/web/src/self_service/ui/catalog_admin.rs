//! The catalog's administration, for managers and administrators: the items of their
//! organisations with the catalogs' categories and a form to add one (`/admin/catalog`),
//! and an item's form (`/admin/catalog/new`, `/admin/catalog/{id}`): its details, its
//! order form's fields and its fulfilment tasks as numbered rows (`field-N-…`,
//! `task-N-…`) with blank ones to fill in, as the approval chain's form has them.
//!
//! The pages only read what was typed: every rule is the app's (`create_catalog_item`,
//! `update_catalog_item`), and a refused save draws the form again with what was typed
//! and why (409 when someone saved the item since it was opened, 422 otherwise). An item
//! keeps its organisation. The settings of a field the form does not show (a text's least
//! length and pattern, a date's "not in the past", an asset field's source and type) are
//! kept from the stored field of the same key and kind.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use helmdesk_app::self_service::access::SelfServicePermission;
use helmdesk_app::self_service::catalog::{
    CatalogCategory, CatalogItem, CatalogItemPatch, NewCatalogCategory, NewCatalogItem,
};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::self_service::catalog::{
    Condition, ConditionOp, FIELDS_MAX, FieldKind, FormField, TASKS_MAX, TaskSpec,
};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, Posted, RowAt, UiError, amount_typed, choices, choices_or, confirmed_or_again, edit_refusal, id_text,
    invalid_text, refused_status, render, render_refusable, rows_drawn, typed_cost,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/catalog", items)
        .requires(SelfServicePermission::ManageCatalog)
        .post("/admin/catalog/categories", add_category)
        .requires(SelfServicePermission::ManageCatalog)
        .get("/admin/catalog/new", new_item)
        .requires(SelfServicePermission::ManageCatalog)
        .post("/admin/catalog/new", create_item)
        .requires(SelfServicePermission::ManageCatalog)
        .get("/admin/catalog/{id}", edit_item)
        .requires(SelfServicePermission::ManageCatalog)
        .post("/admin/catalog/{id}", update_item)
        .requires(SelfServicePermission::ManageCatalog)
}

/// A record's name with its organisation's, when the reader sees that organisation:
/// "Hardware (Acme Labs)".
fn with_organisation(names: &[(i64, String)], name: &str, organisation_id: i64) -> String {
    match names.iter().find(|(id, _)| *id == organisation_id) {
        Some((_, org)) => format!("{name} ({org})"),
        None => name.to_string(),
    }
}

/// The organisation a form chose (`typed`), or the actor's own when it chose none yet.
fn chosen_organisation(typed: &str, actor: &Actor) -> String {
    match typed.trim() {
        "" => actor.organisation_id.to_string(),
        o => o.to_string(),
    }
}

/// The organisations the actor sees, as (id, name).
async fn organisation_names(s: &AppState, user: &UiUser) -> Result<Vec<(i64, String)>, UiError> {
    Ok(s.app.list_organisations(&user.actor).await?.into_iter().map(|o| (o.id, o.name)).collect())
}

// --- The list and the categories ---------------------------------------------------------

#[derive(Template)]
#[template(path = "self_service/admin_catalog.html")]
struct ItemsPage {
    nav: Option<Nav>,
    tr: Tr,
    items: Vec<CatalogItem>,
    /// The categories the reader manages, with their organisation's name.
    categories: Vec<(CatalogCategory, String)>,
    /// The new category's form as typed.
    category: CategoryForm,
    organisations: Vec<Choice>,
    error: Option<String>,
}

/// The form that adds a category.
#[derive(Debug, Clone, Default, Deserialize)]
struct CategoryForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation_id: String,
}

async fn items_page(
    s: &AppState,
    user: &UiUser,
    category: CategoryForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let names = organisation_names(s, user).await?;
    let name_of = |id: i64| names.iter().find(|(o, _)| *o == id).map(|(_, n)| n.clone()).unwrap_or_default();
    let categories = s.app.catalog_categories(actor).await?.into_iter().map(|c| {
        let organisation = name_of(c.organisation_id);
        (c, organisation)
    });
    let chosen = chosen_organisation(&category.organisation_id, actor);
    let page = ItemsPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        tr: user.tr(),
        items: s.app.managed_catalog_items(actor).await?,
        categories: categories.collect(),
        organisations: choices(names.iter().map(|(id, n)| (*id, n.clone())), &chosen),
        category,
        error,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn items(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    items_page(&s, &user, CategoryForm::default(), None).await
}

async fn add_category(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<CategoryForm>,
) -> Result<Response, UiError> {
    let result = async {
        let new = NewCatalogCategory {
            name: form.name.clone(),
            organisation_id: optional_id("organisation_id", &form.organisation_id)?,
        };
        s.app.create_catalog_category(&user.actor, &new).await
    }
    .await;
    let done = |c: CatalogCategory| {
        ("/admin/catalog".to_string(), user.tr().t1("admin-catalog-category-added", "name", c.name))
    };
    confirmed_or_again(&user, result, done, invalid_text, async |text| items_page(&s, &user, form, Some(text)).await)
        .await
}

// --- An item's form ----------------------------------------------------------------------

/// How many blank rows the item form offers beyond its fields, and beyond its tasks.
const BLANK_ROWS: usize = 2;

/// One field's row of the item form, as typed.
#[derive(Debug, Clone, Default)]
struct FieldRow {
    key: String,
    label: String,
    kind: String,
    required: bool,
    /// A choice's options, comma-separated.
    options: String,
    help: String,
    min: String,
    max: String,
    max_length: String,
    /// "Shown when" `when_field` `when_op` `when_value`.
    when_field: String,
    when_op: String,
    when_value: String,
}

/// One task's row of the item form, as typed.
#[derive(Debug, Clone, Default)]
struct TaskRow {
    title: String,
    team: String,
    stage: String,
}

/// The item form as typed.
#[derive(Debug, Clone, Default)]
struct ItemForm {
    name: String,
    description: String,
    organisation_id: String,
    category_id: String,
    /// The cost as typed ("1899.00") and its currency.
    cost: String,
    currency: String,
    delivery_days: String,
    active: bool,
    departments: Vec<String>,
    approval_chain_id: String,
    reserve_type_id: String,
    reserve_licence_id: String,
    /// The version the form was opened at.
    version: String,
    fields: Vec<FieldRow>,
    tasks: Vec<TaskRow>,
}

fn text_of<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// An optional id typed on the form ("": none).
fn optional_id(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice")),
    }
}

/// An optional whole number typed on the form ("": none).
fn optional_number<T: std::str::FromStr>(field: &str, value: &str) -> Result<Option<T>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| AppError::invalid(field, "must be a whole number")),
    }
}

impl FieldRow {
    fn of(f: &FormField) -> FieldRow {
        let when = f.shown_when.as_ref();
        FieldRow {
            key: f.key.clone(),
            label: f.label.clone(),
            kind: f.kind.as_str().into(),
            required: f.required,
            options: f.options.join(", "),
            help: f.help.clone().unwrap_or_default(),
            min: text_of(f.min),
            max: text_of(f.max),
            max_length: text_of(f.max_length),
            when_field: when.map(|c| c.field.clone()).unwrap_or_default(),
            when_op: when.map(|c| c.op.as_str().to_string()).unwrap_or_default(),
            when_value: when.map(|c| c.value.clone()).unwrap_or_default(),
        }
    }

    /// The field this row describes (row `i` of the form), with the settings the form does
    /// not show kept from `stored`'s field of the same key and kind.
    fn field(&self, i: usize, stored: &[FormField]) -> Result<FormField, AppError> {
        let at = |name: &str| format!("fields[{i}].{name}");
        let kind: FieldKind =
            self.kind.parse().map_err(|_| AppError::invalid(&at("kind"), "choose a kind from the list"))?;
        let shown_when = match self.when_field.trim() {
            "" => None,
            field => Some(Condition {
                field: field.to_string(),
                op: self.when_op.parse::<ConditionOp>().map_err(|_| AppError::invalid(&at("op"), "choose a test"))?,
                value: self.when_value.clone(),
            }),
        };
        let base = FormField::new(self.key.trim(), &self.label, kind);
        let kept = stored.iter().find(|f| f.key == base.key && f.kind == kind).unwrap_or(&base);
        Ok(FormField {
            required: self.required,
            help: Some(self.help.clone()),
            options: self.options.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_string).collect(),
            min: optional_number(&at("min"), &self.min)?,
            max: optional_number(&at("max"), &self.max)?,
            max_length: optional_number(&at("max_length"), &self.max_length)?,
            shown_when,
            min_length: kept.min_length,
            pattern: kept.pattern.clone(),
            not_in_past: kept.not_in_past,
            asset_source: kept.asset_source,
            asset_type_id: kept.asset_type_id,
            ..base
        })
    }
}

impl TaskRow {
    fn of(t: &TaskSpec) -> TaskRow {
        TaskRow { title: t.title.clone(), team: t.team_id.to_string(), stage: t.stage.to_string() }
    }

    /// The task this row describes (row `i` of the form); stage 1 when none is typed.
    fn task(&self, i: usize) -> Result<TaskSpec, AppError> {
        let team_id =
            self.team.trim().parse().map_err(|_| AppError::invalid(&format!("tasks[{i}].team"), "choose a team"))?;
        let stage = optional_number(&format!("tasks[{i}].stage"), &self.stage)?.unwrap_or(1);
        Ok(TaskSpec { title: self.title.clone(), team_id, stage })
    }
}

impl ItemForm {
    /// A new item's form: active, priced in euros unless changed.
    fn blank() -> ItemForm {
        ItemForm { active: true, currency: "EUR".into(), ..Default::default() }
    }

    fn of(item: &CatalogItem) -> ItemForm {
        ItemForm {
            name: item.name.clone(),
            description: item.description.clone(),
            organisation_id: item.organisation_id.to_string(),
            category_id: id_text(item.category_id),
            cost: amount_typed(item.cost.as_ref()),
            currency: item.cost.as_ref().map_or_else(|| "EUR".into(), |c| c.currency.clone()),
            delivery_days: text_of(item.delivery_days),
            active: item.active,
            departments: item.departments.iter().map(i64::to_string).collect(),
            approval_chain_id: id_text(item.approval_chain_id),
            reserve_type_id: id_text(item.reserve_type_id),
            reserve_licence_id: id_text(item.reserve_licence_id),
            version: item.version.to_string(),
            fields: item.fields.iter().map(FieldRow::of).collect(),
            tasks: item.tasks.iter().map(TaskRow::of).collect(),
        }
    }

    fn read(pairs: &[(String, String)]) -> ItemForm {
        let form = Posted(pairs);
        let fields = form.rows("field", FIELDS_MAX + BLANK_ROWS, &["key", "label"], |r| FieldRow {
            key: r.value("key"),
            label: r.value("label"),
            kind: r.value("kind"),
            required: r.ticked("required"),
            options: r.value("options"),
            help: r.value("help"),
            min: r.value("min"),
            max: r.value("max"),
            max_length: r.value("max_length"),
            when_field: r.value("when_field"),
            when_op: r.value("when_op"),
            when_value: r.value("when_value"),
        });
        let tasks = form.rows("task", TASKS_MAX + BLANK_ROWS, &["title"], |r| TaskRow {
            title: r.value("title"),
            team: r.value("team"),
            stage: r.value("stage"),
        });
        ItemForm {
            name: form.value("name"),
            description: form.value("description"),
            organisation_id: form.value("organisation_id"),
            category_id: form.value("category_id"),
            cost: form.value("cost"),
            currency: form.value("currency"),
            delivery_days: form.value("delivery_days"),
            active: form.ticked("active"),
            departments: form.values("departments"),
            approval_chain_id: form.value("approval_chain_id"),
            reserve_type_id: form.value("reserve_type_id"),
            reserve_licence_id: form.value("reserve_licence_id"),
            version: form.value("version"),
            fields,
            tasks,
        }
    }

    /// The form's fields, kept settings from `stored`.
    fn form_fields(&self, stored: &[FormField]) -> Result<Vec<FormField>, AppError> {
        self.fields.iter().enumerate().map(|(i, f)| f.field(i, stored)).collect()
    }

    fn tasks(&self) -> Result<Vec<TaskSpec>, AppError> {
        self.tasks.iter().enumerate().map(|(i, t)| t.task(i)).collect()
    }

    fn departments(&self) -> Result<Vec<i64>, AppError> {
        self.departments.iter().map(|d| optional_id("departments", d)).filter_map(Result::transpose).collect()
    }

    fn cost(&self) -> Result<(Option<i64>, Option<String>), AppError> {
        typed_cost("cost", &self.cost, &self.currency)
    }

    // `..Default::default()` leaves what the form does not show to the use case's
    // defaults; clippy sees no such field today (a licence seat to reserve is coming).
    fn new_item(&self) -> Result<NewCatalogItem, AppError> {
        let (cost_minor, currency) = self.cost()?;
        Ok(NewCatalogItem {
            name: self.name.clone(),
            description: Some(self.description.clone()),
            organisation_id: optional_id("organisation_id", &self.organisation_id)?,
            category_id: optional_id("category_id", &self.category_id)?,
            cost_minor,
            currency,
            active: Some(self.active),
            delivery_days: optional_number("delivery_days", &self.delivery_days)?,
            departments: self.departments()?,
            fields: self.form_fields(&[])?,
            tasks: self.tasks()?,
            reserve_type_id: optional_id("reserve_type_id", &self.reserve_type_id)?,
            reserve_licence_id: optional_id("reserve_licence_id", &self.reserve_licence_id)?,
            approval_chain_id: optional_id("approval_chain_id", &self.approval_chain_id)?,
        })
    }

    /// Everything the form shows, for `stored` (an item keeps its organisation); what it
    /// does not show stays as it is.
    fn patch(&self, stored: &CatalogItem) -> Result<CatalogItemPatch, AppError> {
        let (cost_minor, currency) = self.cost()?;
        Ok(CatalogItemPatch {
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            category_id: Some(optional_id("category_id", &self.category_id)?),
            cost_minor: Some(cost_minor),
            currency: Some(currency),
            active: Some(self.active),
            delivery_days: Some(optional_number("delivery_days", &self.delivery_days)?),
            departments: Some(self.departments()?),
            fields: Some(self.form_fields(&stored.fields)?),
            tasks: Some(self.tasks()?),
            reserve_type_id: Some(optional_id("reserve_type_id", &self.reserve_type_id)?),
            reserve_licence_id: Some(optional_id("reserve_licence_id", &self.reserve_licence_id)?),
            approval_chain_id: Some(optional_id("approval_chain_id", &self.approval_chain_id)?),
        })
    }
}

/// A field's row as drawn: what was typed and its select boxes.
struct FieldRowView {
    at: RowAt,
    typed: FieldRow,
    kinds: Vec<Choice>,
    ops: Vec<Choice>,
}

/// A task's row as drawn.
struct TaskRowView {
    at: RowAt,
    typed: TaskRow,
    teams: Vec<Choice>,
}

/// A checkbox of a list: value, label, ticked.
struct Tick {
    value: String,
    label: String,
    ticked: bool,
}

#[derive(Template)]
#[template(path = "self_service/admin_catalog_item.html")]
struct ItemPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The item's id, or `None` for a new one.
    id: Option<i64>,
    form: ItemForm,
    /// The item's organisation, named (an item keeps its own), on an item's page.
    organisation: String,
    organisations: Vec<Choice>,
    categories: Vec<Choice>,
    chains: Vec<Choice>,
    types: Vec<Choice>,
    /// The per-seat and per-user licences whose seats an item may reserve.
    licences: Vec<Choice>,
    departments: Vec<Tick>,
    fields: Vec<FieldRowView>,
    tasks: Vec<TaskRowView>,
    error: Option<String>,
}

/// The stored item's choice `current` (its id, and its name if known) added to `options`
/// when it is not among them: a choice the reader does not see (a category or chain of an
/// organisation above theirs) stays chosen rather than being lost on save.
fn keeping(mut options: Vec<(i64, String)>, current: Option<(i64, Option<String>)>) -> Vec<(i64, String)> {
    if let Some((id, name)) = current
        && !options.iter().any(|(o, _)| *o == id)
    {
        options.push((id, name.unwrap_or_else(|| id.to_string())));
    }
    options
}

/// The item form's page: of `stored` (or a new item), with `form` as typed, and what was
/// refused with the status it answers with.
async fn item_page(
    s: &AppState,
    user: &UiUser,
    stored: Option<&CatalogItem>,
    mut form: ItemForm,
    refused: Option<(StatusCode, String)>,
) -> Result<Response, UiError> {
    let (actor, tr) = (&user.actor, user.tr());
    let names = organisation_names(s, user).await?;
    let label = |name: &str, org: i64| with_organisation(&names, name, org);
    let categories =
        s.app.catalog_categories(actor).await?.iter().map(|c| (c.id, label(&c.name, c.organisation_id))).collect();
    let chains =
        s.app.list_approval_chains(actor).await?.iter().map(|c| (c.id, label(&c.name, c.organisation_id))).collect();
    let types = s.app.asset_types(actor).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let licences = s
        .app
        .licences(actor, None)
        .await?
        .into_iter()
        .filter(|l| l.metric.has_personal_seats())
        .map(|l| (l.id, label(&l.name, l.organisation_id)))
        .collect();
    let teams: Vec<(i64, String)> = s.app.list_teams(actor).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let departments = s.app.list_departments(actor).await?;
    let (status, error) = match refused {
        Some((status, text)) => (status, Some(text)),
        None => (StatusCode::OK, None),
    };
    if let Some(item) = stored
        && status == StatusCode::CONFLICT
    {
        // Saved again, the person's choices overwrite what changed since.
        form.version = item.version.to_string();
    }
    let category = stored.and_then(|i| i.category_id.map(|id| (id, i.category.clone())));
    let chain = stored.and_then(|i| i.approval_chain_id).map(|id| (id, None));
    let kind = stored.and_then(|i| i.reserve_type_id).map(|id| (id, None));
    let licence = stored.and_then(|i| i.reserve_licence_id).map(|id| (id, None));
    let field_rows = rows_drawn(form.fields.len(), BLANK_ROWS, FIELDS_MAX);
    let task_rows = rows_drawn(form.tasks.len(), BLANK_ROWS, TASKS_MAX);
    let chosen_org = chosen_organisation(&form.organisation_id, actor);
    let page = ItemPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        id: stored.map(|i| i.id),
        organisation: stored.map(|i| i.organisation.clone()).unwrap_or_default(),
        organisations: choices(names.iter().map(|(id, n)| (*id, n.clone())), &chosen_org),
        categories: choices_or(&tr.t("admin-catalog-none"), keeping(categories, category), &form.category_id),
        chains: choices_or(&tr.t("admin-catalog-none"), keeping(chains, chain), &form.approval_chain_id),
        types: choices_or(&tr.t("admin-catalog-none"), keeping(types, kind), &form.reserve_type_id),
        licences: choices_or(&tr.t("admin-catalog-none"), keeping(licences, licence), &form.reserve_licence_id),
        departments: departments
            .into_iter()
            .map(|d| {
                let value = d.id.to_string();
                Tick { ticked: form.departments.contains(&value), label: label(&d.name, d.organisation_id), value }
            })
            .collect(),
        fields: (0..field_rows)
            .map(|index| {
                let typed = form.fields.get(index).cloned().unwrap_or_default();
                FieldRowView {
                    at: RowAt::new("field", index),
                    kinds: choices(
                        FieldKind::ALL.iter().map(|k| (k.as_str(), tr.of("admin-catalog-kind", k.as_str()))),
                        &typed.kind,
                    ),
                    ops: choices(
                        ConditionOp::ALL.iter().map(|o| (o.as_str(), tr.of("admin-catalog-op", o.as_str()))),
                        &typed.when_op,
                    ),
                    typed,
                }
            })
            .collect(),
        tasks: (0..task_rows)
            .map(|index| {
                let typed = form.tasks.get(index).cloned().unwrap_or_default();
                TaskRowView {
                    at: RowAt::new("task", index),
                    teams: choices_or(&tr.t("admin-catalog-choose-team"), teams.iter().cloned(), &typed.team),
                    typed,
                }
            })
            .collect(),
        form,
        tr,
        error,
    };
    Ok((status, render(&page)).into_response())
}

/// Where a saved item leads (its form), and what it says.
fn saved(user: &UiUser, item: CatalogItem) -> (String, String) {
    (format!("/admin/catalog/{}", item.id), user.tr().t1("admin-catalog-saved", "name", item.name))
}

async fn new_item(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    item_page(&s, &user, None, ItemForm::blank(), None).await
}

async fn edit_item(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let item = s.app.managed_catalog_item(&user.actor, id).await?;
    item_page(&s, &user, Some(&item), ItemForm::of(&item), None).await
}

async fn create_item(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = ItemForm::read(&form);
    let result = async { s.app.create_catalog_item(&user.actor, &form.new_item()?).await }.await;
    let status = refused_status(&result);
    confirmed_or_again(
        &user,
        result,
        |i| saved(&user, i),
        invalid_text,
        async |text| item_page(&s, &user, None, form, Some((status, text))).await,
    )
    .await
}

async fn update_item(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let stored = s.app.managed_catalog_item(actor, id).await?;
    let form = ItemForm::read(&form);
    let version = form.version.trim().parse().ok();
    let result = async { s.app.update_catalog_item(actor, id, &form.patch(&stored)?, version).await }.await;
    let status = refused_status(&result);
    let refusal = |e: &AppError| edit_refusal(e, || user.tr().t("admin-catalog-changed"));
    confirmed_or_again(
        &user,
        result,
        |i| saved(&user, i),
        refusal,
        async |text| item_page(&s, &user, Some(&stored), form, Some((status, text))).await,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_kind_of_field_and_test_has_its_name() {
        for k in FieldKind::ALL {
            assert!(exists(&id_of("admin-catalog-kind", k.as_str())), "{k:?}");
        }
        for o in ConditionOp::ALL {
            assert!(exists(&id_of("admin-catalog-op", o.as_str())), "{o:?}");
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_form_reads_its_rows_and_leaves_out_the_blank_ones() {
        let form = ItemForm::read(&pairs(&[
            ("name", "Laptop"),
            ("field-0-key", "model"),
            ("field-0-label", "Model"),
            ("field-0-kind", "choice"),
            ("field-0-options", "Standard, Power ,,"),
            ("field-0-required", "on"),
            ("field-1-key", ""),
            ("field-1-kind", "text"),
            ("field-2-key", "why"),
            ("field-2-label", "Why"),
            ("field-2-kind", "text"),
            ("field-2-when_field", "model"),
            ("field-2-when_op", "equals"),
            ("field-2-when_value", "Power"),
            ("task-0-title", "Order it"),
            ("task-0-team", "7"),
            ("task-1-title", " "),
            ("task-1-team", "7"),
            ("departments", "3"),
            ("departments", "4"),
        ]));
        let fields = form.form_fields(&[]).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].options, ["Standard", "Power"]);
        assert!(fields[0].required && !fields[1].required);
        assert_eq!(fields[1].shown_when.as_ref().map(|c| c.value.as_str()), Some("Power"));
        assert_eq!(form.tasks().unwrap(), [TaskSpec { title: "Order it".into(), team_id: 7, stage: 1 }]);
        assert_eq!(form.departments().unwrap(), [3, 4]);
        assert!(!form.active, "an unticked box is no");
    }

    #[test]
    fn settings_the_form_does_not_show_are_kept_for_the_same_key_and_kind() {
        let stored = FormField { pattern: Some("[A-Z]{2}".into()), ..FormField::new("code", "Code", FieldKind::Text) };
        let row = FieldRow { key: "code".into(), label: "Code".into(), kind: "text".into(), ..Default::default() };
        assert_eq!(row.field(0, std::slice::from_ref(&stored)).unwrap().pattern.as_deref(), Some("[A-Z]{2}"));
        let number = FieldRow { kind: "number".into(), ..row };
        assert_eq!(number.field(0, &[stored]).unwrap().pattern, None, "not for another kind");
    }

    #[test]
    fn a_bad_kind_or_number_names_its_row() {
        let row = FieldRow { key: "a".into(), label: "A".into(), kind: "script".into(), ..Default::default() };
        let e = row.field(3, &[]).unwrap_err();
        assert!(invalid_text(&e).unwrap().contains("fields[3].kind"), "{e:?}");
        let row = FieldRow { kind: "number".into(), min: "one".into(), ..row };
        assert!(invalid_text(&row.field(0, &[]).unwrap_err()).unwrap().contains("fields[0].min"));
        let task = TaskRow { title: "Do it".into(), team: String::new(), stage: String::new() };
        assert!(invalid_text(&task.task(1).unwrap_err()).unwrap().contains("tasks[1].team"));
    }
}

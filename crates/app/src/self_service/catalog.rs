//! The service catalog's items and categories (domain::self_service::catalog).
//!
//! An item belongs to an organisation and is offered to its subtree, and only to the
//! departments it names, if it names any. Managers and administrators of its organisation
//! manage it; an employee reads only the active items offered to them (another is 404).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_domain::self_service::catalog::{FormField, TaskSpec, check_form, check_tasks};
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::StoreError;
use helmdesk_store::self_service::catalog::{CategoryRow, ItemRow, ItemView};
use serde::{Deserialize, Serialize};

use crate::assets::hardware::Amount;
use crate::self_service::access::SelfServicePermission;
use crate::{Actor, App, AppError, NamedInInput, ts};

/// Longest delivery time, in days.
pub const DELIVERY_DAYS_MAX: i64 = 365;

/// A category of a catalog.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CatalogCategory {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
}

impl From<CategoryRow> for CatalogCategory {
    fn from(c: CategoryRow) -> Self {
        CatalogCategory { id: c.id, organisation_id: c.organisation_id, name: c.name }
    }
}

/// A category with the items it offers someone (the portal's catalog page).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfferedCategory {
    /// `None`: the items in no category.
    pub category: Option<CatalogCategory>,
    pub items: Vec<CatalogItem>,
}

/// A category to add.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCatalogCategory {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// The caller's by default.
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

/// A catalog item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CatalogItem {
    pub id: i64,
    /// Offered to this organisation and its subsidiaries.
    pub organisation_id: i64,
    pub organisation: String,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    pub name: String,
    pub description: String,
    pub cost: Option<Amount>,
    /// Only active items can be ordered.
    pub active: bool,
    /// Days from approval to delivery.
    pub delivery_days: Option<i64>,
    /// Offered only to these departments (empty: to all).
    pub departments: Vec<i64>,
    /// The order form.
    pub fields: Vec<FormField>,
    /// The fulfilment: tasks of one stage side by side, stages in order.
    pub tasks: Vec<TaskSpec>,
    /// An asset of this type in stock is reserved for each approved request and handed
    /// over by the fulfilling team.
    pub reserve_type_id: Option<i64>,
    /// A seat of this licence (`/api/v1/licences/{id}`, per seat or per user) is reserved
    /// for each approved request and assigned by the fulfilling team.
    pub reserve_licence_id: Option<i64>,
    /// The approval chain an order runs through before fulfilment (none: fulfilled at
    /// once).
    pub approval_chain_id: Option<i64>,
    /// Send as `If-Match` to change it only if nobody else has.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CatalogItem {
    pub(crate) fn new(v: ItemView) -> Result<CatalogItem, AppError> {
        let i = v.item;
        let ItemParts { fields, tasks, departments } = stored_parts(&i)?;
        Ok(CatalogItem {
            id: i.id,
            organisation_id: i.organisation_id,
            organisation: v.organisation_name,
            category_id: i.category_id,
            category: v.category_name,
            name: i.name,
            description: i.description,
            cost: amount(i.cost_minor, i.currency.as_deref())?,
            active: i.active,
            delivery_days: i.delivery_days,
            departments,
            fields,
            tasks,
            reserve_type_id: i.reserve_type_id,
            reserve_licence_id: i.reserve_licence_id,
            approval_chain_id: i.approval_chain_id,
            version: i.version,
            created_at: ts(i.created_at),
            updated_at: ts(i.updated_at),
        })
    }
}

/// A stored amount as the API shows it.
pub(crate) fn amount(minor: Option<i64>, currency: Option<&str>) -> Result<Option<Amount>, AppError> {
    match (minor, currency) {
        (Some(minor), Some(code)) => {
            Ok(Some(Money { minor, currency: Currency::parse(code).map_err(AppError::stored)? }.into()))
        }
        _ => Ok(None),
    }
}

/// What an item keeps as JSON text: its form, tasks and departments.
pub(crate) struct ItemParts {
    pub(crate) fields: Vec<FormField>,
    pub(crate) tasks: Vec<TaskSpec>,
    pub(crate) departments: Vec<i64>,
}

/// An item's form, tasks and departments, read from their JSON text.
pub(crate) fn stored_parts(i: &ItemRow) -> Result<ItemParts, AppError> {
    let bad = |e: serde_json::Error| AppError::Internal(format!("catalog item {}: {e}", i.id));
    Ok(ItemParts {
        fields: serde_json::from_str(&i.form).map_err(bad)?,
        tasks: serde_json::from_str(&i.tasks).map_err(bad)?,
        departments: serde_json::from_str(&i.departments).map_err(bad)?,
    })
}

/// A catalog item to add.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCatalogItem {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub description: Option<String>,
    /// The caller's by default.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// What it costs, in minor units of `currency`.
    #[serde(default)]
    #[schema(minimum = 0)]
    pub cost_minor: Option<i64>,
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<String>,
    /// True by default.
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub delivery_days: Option<i64>,
    /// Offered only to these departments of its organisations (empty: to all).
    #[serde(default)]
    pub departments: Vec<i64>,
    #[serde(default)]
    pub fields: Vec<FormField>,
    #[serde(default)]
    pub tasks: Vec<TaskSpec>,
    /// Reserve an asset of this type from stock for each approved request.
    #[serde(default)]
    pub reserve_type_id: Option<i64>,
    /// Reserve a seat of this licence for each approved request: a per-seat or per-user
    /// licence that covers the item's organisation.
    #[serde(default)]
    pub reserve_licence_id: Option<i64>,
    /// The approval chain an order runs through (`/api/v1/approval-chains`): one of the
    /// item's organisation or above it.
    #[serde(default)]
    pub approval_chain_id: Option<i64>,
}

/// Changes to an item; absent fields stay, `null` clears one. Its organisation stays.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogItemPatch {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub category_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub cost_minor: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<Option<String>>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 365)]
    pub delivery_days: Option<Option<i64>>,
    #[serde(default)]
    pub departments: Option<Vec<i64>>,
    #[serde(default)]
    pub fields: Option<Vec<FormField>>,
    #[serde(default)]
    pub tasks: Option<Vec<TaskSpec>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub reserve_type_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub reserve_licence_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub approval_chain_id: Option<Option<i64>>,
}

/// A cost and its currency, checked together.
fn cost(minor: Option<i64>, currency: Option<&str>) -> Result<(Option<i64>, Option<String>), AppError> {
    match (minor, currency.map(str::trim).filter(|c| !c.is_empty())) {
        (None, None) => Ok((None, None)),
        (Some(minor), Some(code)) => {
            let currency = Currency::parse(code)
                .map_err(|_| AppError::invalid("currency", "is not an ISO 4217 code such as EUR"))?;
            let m = Money::from_minor("cost_minor", minor, currency)?;
            Ok((Some(m.minor), Some(currency.to_string())))
        }
        (Some(_), None) => Err(AppError::invalid("currency", "an amount needs its currency")),
        (None, Some(_)) => Err(AppError::invalid("cost_minor", "a currency needs an amount")),
    }
}

fn delivery(days: Option<i64>) -> Result<Option<i64>, AppError> {
    if days.is_some_and(|d| !(0..=DELIVERY_DAYS_MAX).contains(&d)) {
        return Err(AppError::invalid("delivery_days", format!("must be between 0 and {DELIVERY_DAYS_MAX}")));
    }
    Ok(days)
}

fn json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

impl App {
    /// Whether `item` is offered to `actor`: active, of their organisation or one above
    /// it, and of their department when it names departments.
    pub(crate) async fn offers(&self, actor: &Actor, item: &ItemRow) -> Result<bool, AppError> {
        if !item.active || !self.ticket_above(actor.organisation_id).await?.contains(&item.organisation_id) {
            return Ok(false);
        }
        let departments = stored_parts(item)?.departments;
        Ok(departments.is_empty() || actor.department_id.is_some_and(|d| departments.contains(&d)))
    }

    /// An item the actor may order; any other is not found.
    pub(crate) async fn offered_item(&self, actor: &Actor, id: i64) -> Result<ItemView, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let v = match self.store().catalog_item(id).await {
            Ok(v) => v,
            Err(StoreError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(e.into()),
        };
        if !self.offers(actor, &v.item).await? {
            return Err(AppError::NotFound);
        }
        Ok(v)
    }

    /// An item the actor manages: of their organisations.
    async fn managed_item(&self, actor: &Actor, id: i64) -> Result<ItemView, AppError> {
        actor.require(SelfServicePermission::ManageCatalog)?;
        let v = self.store().catalog_item(id).await?;
        if !actor.sees_organisation(v.item.organisation_id) {
            return Err(AppError::NotFound);
        }
        Ok(v)
    }

    /// One item the actor manages (of their organisations); any other is not found, even
    /// one offered to them.
    pub async fn managed_catalog_item(&self, actor: &Actor, id: i64) -> Result<CatalogItem, AppError> {
        CatalogItem::new(self.managed_item(actor, id).await?)
    }

    /// One item: one the actor manages, or else one offered to them.
    pub async fn catalog_item(&self, actor: &Actor, id: i64) -> Result<CatalogItem, AppError> {
        if actor.can(SelfServicePermission::ManageCatalog) {
            match self.managed_item(actor, id).await {
                Ok(v) => return CatalogItem::new(v),
                Err(AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        CatalogItem::new(self.offered_item(actor, id).await?)
    }

    /// The items offered to the actor, by name.
    pub async fn offered_catalog_items(&self, actor: &Actor) -> Result<Vec<CatalogItem>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let above = self.ticket_above(actor.organisation_id).await?;
        let mut offered = Vec::new();
        for v in self.store().catalog_items(Some(&above), true).await? {
            if self.offers(actor, &v.item).await? {
                offered.push(CatalogItem::new(v)?);
            }
        }
        Ok(offered)
    }

    /// The items the actor manages (of their organisations, active or not), by name.
    pub async fn managed_catalog_items(&self, actor: &Actor) -> Result<Vec<CatalogItem>, AppError> {
        actor.require(SelfServicePermission::ManageCatalog)?;
        let scope = actor.organisation_scope();
        let rows = self.store().catalog_items(scope.as_deref(), false).await?;
        rows.into_iter().map(CatalogItem::new).collect()
    }

    /// The items offered to the actor, grouped by category (categories by name, then the
    /// items in none): what the portal shows.
    pub async fn catalog_categories_for(&self, actor: &Actor) -> Result<Vec<OfferedCategory>, AppError> {
        let items = self.offered_catalog_items(actor).await?;
        let above = self.ticket_above(actor.organisation_id).await?;
        let mut grouped: BTreeMap<Option<i64>, Vec<CatalogItem>> = BTreeMap::new();
        for item in items {
            grouped.entry(item.category_id).or_default().push(item);
        }
        let mut offered = Vec::new();
        for c in self.store().catalog_categories(Some(&above)).await? {
            if let Some(items) = grouped.remove(&Some(c.id)) {
                offered.push(OfferedCategory { category: Some(c.into()), items });
            }
        }
        if let Some(items) = grouped.remove(&None) {
            offered.push(OfferedCategory { category: None, items });
        }
        Ok(offered)
    }

    /// The categories the actor manages, by name.
    pub async fn catalog_categories(&self, actor: &Actor) -> Result<Vec<CatalogCategory>, AppError> {
        actor.require(SelfServicePermission::ManageCatalog)?;
        let scope = actor.organisation_scope();
        Ok(self.store().catalog_categories(scope.as_deref()).await?.into_iter().map(Into::into).collect())
    }

    /// The categories of the catalogs offered to the actor (their organisation's and those
    /// above it), by name.
    pub async fn offered_catalog_categories(&self, actor: &Actor) -> Result<Vec<CatalogCategory>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let above = self.ticket_above(actor.organisation_id).await?;
        Ok(self.store().catalog_categories(Some(&above)).await?.into_iter().map(Into::into).collect())
    }

    /// The categories offered to the actor, or with `managed` those they manage, by name.
    pub async fn list_catalog_categories(
        &self,
        actor: &Actor,
        q: &CatalogCategoryQuery,
    ) -> Result<Vec<CatalogCategory>, AppError> {
        match q.managed.unwrap_or(false) {
            true => self.catalog_categories(actor).await,
            false => self.offered_catalog_categories(actor).await,
        }
    }

    /// One category: one the actor manages, or of a catalog offered to them; any other is
    /// not found.
    pub async fn catalog_category(&self, actor: &Actor, id: i64) -> Result<CatalogCategory, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let c = self.store().catalog_category(id).await?;
        let managed = actor.can(SelfServicePermission::ManageCatalog) && actor.sees_organisation(c.organisation_id);
        if !managed && !self.ticket_above(actor.organisation_id).await?.contains(&c.organisation_id) {
            return Err(AppError::NotFound);
        }
        Ok(c.into())
    }

    /// Adds a category to a catalog of the actor's organisations.
    pub async fn create_catalog_category(
        &self,
        actor: &Actor,
        new: &NewCatalogCategory,
    ) -> Result<CatalogCategory, AppError> {
        actor.require(SelfServicePermission::ManageCatalog)?;
        let organisation_id = self.catalog_organisation(actor, new.organisation_id)?;
        let name = validate::name("name", &new.name)?;
        match self.store().create_catalog_category(organisation_id, &name, self.now_micros()).await {
            Ok(c) => Ok(c.into()),
            Err(StoreError::Conflict(_)) => Err(AppError::invalid("name", "that organisation has this category")),
            Err(e) => Err(e.into()),
        }
    }

    /// The organisation a new item or category belongs to: the actor's by default, one of
    /// theirs if named.
    fn catalog_organisation(&self, actor: &Actor, named: Option<i64>) -> Result<i64, AppError> {
        let id = named.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        Ok(id)
    }

    /// Adds a catalog item.
    pub async fn create_catalog_item(&self, actor: &Actor, new: &NewCatalogItem) -> Result<CatalogItem, AppError> {
        actor.require(SelfServicePermission::ManageCatalog)?;
        let now = self.now_micros();
        let organisation_id = self.catalog_organisation(actor, new.organisation_id)?;
        let (cost_minor, currency) = cost(new.cost_minor, new.currency.as_deref())?;
        let mut row = ItemRow {
            organisation_id,
            name: validate::name("name", &new.name)?,
            description: validate::optional_text("description", new.description.as_deref().unwrap_or(""), BODY_MAX)?,
            cost_minor,
            currency,
            active: new.active.unwrap_or(true),
            delivery_days: delivery(new.delivery_days)?,
            created_by: Some(actor.id),
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        row.category_id = self.item_category(organisation_id, new.category_id).await?;
        row.reserve_type_id = self.reserved_type(new.reserve_type_id).await?;
        row.reserve_licence_id = self.item_licence(organisation_id, new.reserve_licence_id).await?;
        row.approval_chain_id = self.item_chain(organisation_id, new.approval_chain_id).await?;
        self.set_parts(&mut row, &new.fields, &new.tasks, &new.departments).await?;
        let saved = self.store().create_catalog_item(&row).await?;
        self.catalog_item(actor, saved.id).await
    }

    /// An approval chain an item of `organisation_id` may name: of that organisation or
    /// one above it.
    async fn item_chain(&self, organisation_id: i64, id: Option<i64>) -> Result<Option<i64>, AppError> {
        let Some(id) = id else { return Ok(None) };
        let chain = self.store().approval_chain(id).await.named_in("approval_chain_id", "no such approval chain")?;
        match self.ticket_above(organisation_id).await?.contains(&chain.organisation_id) {
            true => Ok(Some(id)),
            false => Err(AppError::invalid("approval_chain_id", "no such approval chain")),
        }
    }

    /// A licence an item of `organisation_id` may reserve seats of.
    async fn item_licence(&self, organisation_id: i64, id: Option<i64>) -> Result<Option<i64>, AppError> {
        match id {
            Some(id) => Ok(Some(self.reservable_licence(organisation_id, id).await?)),
            None => Ok(None),
        }
    }

    /// An asset type an item may reserve from stock.
    async fn reserved_type(&self, id: Option<i64>) -> Result<Option<i64>, AppError> {
        let Some(id) = id else { return Ok(None) };
        match self.store().asset_types().await?.iter().any(|t| t.id == id) {
            true => Ok(Some(id)),
            false => Err(AppError::invalid("reserve_type_id", "no such asset type")),
        }
    }

    /// A category an item of `organisation_id` may be in: of that organisation or one
    /// above it.
    async fn item_category(&self, organisation_id: i64, id: Option<i64>) -> Result<Option<i64>, AppError> {
        let Some(id) = id else { return Ok(None) };
        let unknown = || AppError::invalid("category_id", "no such category");
        let c = match self.store().catalog_category(id).await {
            Ok(c) => c,
            Err(StoreError::NotFound) => return Err(unknown()),
            Err(e) => return Err(e.into()),
        };
        if !self.ticket_above(organisation_id).await?.contains(&c.organisation_id) {
            return Err(unknown());
        }
        Ok(Some(c.id))
    }

    /// Checks and sets an item's form, tasks (each team serving the item's organisation)
    /// and departments (of its organisations).
    async fn set_parts(
        &self,
        row: &mut ItemRow,
        fields: &[FormField],
        tasks: &[TaskSpec],
        departments: &[i64],
    ) -> Result<(), AppError> {
        let fields = check_form(fields)?;
        let tasks = check_tasks(tasks)?;
        for t in &tasks {
            let serves = match self.store().team(t.team_id).await {
                Ok(team) => self.scope_holds(team.organisation_id, row.organisation_id).await?,
                Err(StoreError::NotFound) => false,
                Err(e) => return Err(e.into()),
            };
            if !serves {
                return Err(AppError::invalid("tasks", format!("team {} does not serve this organisation", t.team_id)));
            }
        }
        let subtree = crate::platform::orgs::subtree_of(&self.organisation_tree().await?, row.organisation_id);
        let mut kept: Vec<i64> = Vec::new();
        for &d in departments {
            let dept = self.store().department(d).await;
            match dept {
                Ok(dept) if subtree.contains(&dept.organisation_id) => {
                    if !kept.contains(&d) {
                        kept.push(d);
                    }
                }
                Ok(_) | Err(StoreError::NotFound) => {
                    return Err(AppError::invalid("departments", format!("no such department: {d}")));
                }
                Err(e) => return Err(e.into()),
            }
        }
        row.form = json(&fields)?;
        row.tasks = json(&tasks)?;
        row.departments = json(&kept)?;
        Ok(())
    }

    /// Changes an item; `if_version` makes it conditional.
    pub async fn update_catalog_item(
        &self,
        actor: &Actor,
        id: i64,
        patch: &CatalogItemPatch,
        if_version: Option<i64>,
    ) -> Result<CatalogItem, AppError> {
        let before = self.managed_item(actor, id).await?.item;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let mut row = ItemRow { updated_at: self.now_micros(), ..before.clone() };
        if let Some(name) = &patch.name {
            row.name = validate::name("name", name)?;
        }
        if let Some(d) = &patch.description {
            row.description = validate::optional_text("description", d, BODY_MAX)?;
        }
        if let Some(c) = patch.category_id {
            row.category_id = self.item_category(row.organisation_id, c).await?;
        }
        if patch.cost_minor.is_some() || patch.currency.is_some() {
            let minor = patch.cost_minor.unwrap_or(before.cost_minor);
            let currency = patch.currency.clone().unwrap_or(before.currency.clone());
            (row.cost_minor, row.currency) = cost(minor, currency.as_deref())?;
        }
        if let Some(t) = patch.reserve_type_id {
            row.reserve_type_id = self.reserved_type(t).await?;
        }
        if let Some(l) = patch.reserve_licence_id {
            row.reserve_licence_id = self.item_licence(row.organisation_id, l).await?;
        }
        if let Some(c) = patch.approval_chain_id {
            row.approval_chain_id = self.item_chain(row.organisation_id, c).await?;
        }
        if let Some(active) = patch.active {
            row.active = active;
        }
        if let Some(days) = patch.delivery_days {
            row.delivery_days = delivery(days)?;
        }
        let ItemParts { fields, tasks, departments } = stored_parts(&before)?;
        self.set_parts(
            &mut row,
            patch.fields.as_deref().unwrap_or(&fields),
            patch.tasks.as_deref().unwrap_or(&tasks),
            patch.departments.as_deref().unwrap_or(&departments),
        )
        .await?;
        self.store().save_catalog_item(&row, before.version).await.map_err(|e| match e {
            StoreError::Stale => AppError::PreconditionFailed,
            other => other.into(),
        })?;
        self.catalog_item(actor, id).await
    }
}

/// Which items to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogItemQuery {
    /// The items the caller manages (managers and administrators: those of their
    /// organisations, active or not) instead of those offered to them.
    pub managed: Option<bool>,
}

/// Which categories to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogCategoryQuery {
    /// The categories the caller manages (managers and administrators: those of their
    /// organisations) instead of those of the catalogs offered to them.
    pub managed: Option<bool>,
}

impl App {
    /// The items offered to the actor, or with `managed` those they manage, by name.
    pub async fn catalog_items(&self, actor: &Actor, q: &CatalogItemQuery) -> Result<Vec<CatalogItem>, AppError> {
        match q.managed.unwrap_or(false) {
            true => self.managed_catalog_items(actor).await,
            false => self.offered_catalog_items(actor).await,
        }
    }
}

//! Consumables and accessories in stock (domain::assets::stock): the items of an
//! organisation with their quantity and minimum, movements (received with their order,
//! issued to a person, returned, a count adjusted with its reason) and who holds which
//! accessories.
//!
//! Items belong to an organisation and are read and changed like its assets. A movement
//! never takes the quantity below zero: the store checks and changes it in one conditional
//! update, so two issues at once cannot oversell. When a movement takes an item to or below
//! its minimum, the people who manage that organisation's assets are told once, in the
//! movement's transaction, and not again until it is restocked above the minimum.

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_domain::assets::stock::{MovementKind, QUANTITY_MAX, StockKind, is_low};
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::StoreError;
use helmdesk_store::assets::stock::{
    HoldingRow, Moved, MovementRow, NewMovement, StockFilter, StockItemRow, StockItemView,
};
use helmdesk_store::platform::notifications::NewNotification;
use serde::{Deserialize, Serialize};

use crate::assets::access::{AssetPermission, Managers};
use crate::assets::hardware::{Amount, cut_page, page_limit, search_text};
use crate::platform::live::LiveEvent;
use crate::{Actor, App, AppError, NamedInInput, Page, decode_cursor, ts};

/// The event of a low-stock notification.
pub const LOW_STOCK_EVENT: &str = "low_stock";

/// A stock item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StockItem {
    pub id: i64,
    pub kind: StockKind,
    pub name: String,
    pub category: Option<String>,
    pub manufacturer: Option<String>,
    pub model_number: Option<String>,
    pub organisation_id: i64,
    pub organisation: String,
    /// Where it is kept.
    pub location_id: Option<i64>,
    pub location: Option<String>,
    /// How many are in stock.
    pub quantity: i64,
    /// At or below this it is low, and its managers are told.
    pub minimum_quantity: i64,
    /// Whether it is at or below its minimum.
    pub low: bool,
    /// How many people hold (accessories handed out and not returned).
    pub held: i64,
    /// What one costs.
    pub unit_cost: Option<Amount>,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    pub notes: String,
    /// Send as `If-Match` to change it only if nobody else has (a movement changes it too).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl StockItem {
    fn new(v: StockItemView) -> Result<StockItem, AppError> {
        let i = v.item;
        let unit_cost = match (i.cost_minor, i.currency.as_deref()) {
            (Some(minor), Some(code)) => {
                Some(Money { minor, currency: Currency::parse(code).map_err(AppError::stored)? }.into())
            }
            _ => None,
        };
        Ok(StockItem {
            id: i.id,
            kind: i.kind.parse().map_err(AppError::stored)?,
            name: i.name,
            category: i.category,
            manufacturer: i.manufacturer,
            model_number: i.model_number,
            organisation_id: i.organisation_id,
            organisation: v.organisation_name,
            location_id: i.location_id,
            location: v.location_name,
            low: is_low(i.quantity, i.minimum_quantity),
            quantity: i.quantity,
            minimum_quantity: i.minimum_quantity,
            held: v.held,
            unit_cost,
            supplier: i.supplier,
            order_number: i.order_number,
            notes: i.notes,
            version: i.version,
            created_at: ts(i.created_at),
            updated_at: ts(i.updated_at),
        })
    }
}

/// A stock item to add.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStockItem {
    /// Required: an accessory or a consumable.
    pub kind: Option<StockKind>,
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub model_number: Option<String>,
    /// The caller's by default.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub location_id: Option<i64>,
    /// The opening stock (a first receipt); 0 by default.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub quantity: Option<i64>,
    /// At or below this it is low; 0 by default.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub minimum_quantity: Option<i64>,
    /// What one costs, in minor units of `currency`.
    #[serde(default)]
    #[schema(minimum = 0)]
    pub unit_cost_minor: Option<i64>,
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<String>,
    #[serde(default)]
    pub supplier: Option<String>,
    #[serde(default)]
    pub order_number: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub notes: Option<String>,
}

/// Changes to a stock item's description; absent fields stay, `null` clears one. Its kind,
/// organisation and quantity do not change here (the quantity moves by movements).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockItemPatch {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub manufacturer: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub model_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub location_id: Option<Option<i64>>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub minimum_quantity: Option<i64>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub unit_cost_minor: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub supplier: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub order_number: Option<Option<String>>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub notes: Option<String>,
}

/// Which stock items to list, newest first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StockQuery {
    /// Text the name, category, manufacturer or model number holds.
    pub q: Option<String>,
    pub kind: Option<StockKind>,
    /// Only those at or below their minimum.
    pub low: Option<bool>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A page of movements.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MovementQuery {
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A movement to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockMove {
    pub kind: MovementKind,
    /// How many: received, issued or returned (1 or more); for an adjustment the signed
    /// correction (`-2`: two fewer than recorded).
    #[schema(minimum = -1_000_000, maximum = 1_000_000)]
    pub quantity: i64,
    /// The person it is issued to or returned by (issue and return only).
    #[serde(default)]
    pub user_id: Option<i64>,
    /// The order a receipt came with.
    #[serde(default)]
    pub order_number: Option<String>,
    /// Why a count was adjusted (required for an adjustment).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A recorded movement.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Movement {
    pub id: i64,
    pub item_id: i64,
    pub kind: MovementKind,
    /// What it added to the stock (negative: taken away).
    pub change: i64,
    /// What it left in stock.
    pub quantity_after: i64,
    /// The person it was issued to or returned by.
    pub user_id: Option<i64>,
    pub user: Option<String>,
    pub order_number: Option<String>,
    pub reason: Option<String>,
    /// Who recorded it.
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Movement {
    fn new(m: MovementRow) -> Result<Movement, AppError> {
        Ok(Movement {
            id: m.id,
            item_id: m.item_id,
            kind: m.kind.parse().map_err(AppError::stored)?,
            change: m.change,
            quantity_after: m.quantity_after,
            user_id: m.user_id,
            user: m.user_name,
            order_number: m.order_number,
            reason: m.reason,
            actor: m.actor_name,
            created_at: ts(m.created_at),
        })
    }
}

/// A movement recorded, with the item as it now is.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MovementDone {
    pub movement: Movement,
    pub item: StockItem,
}

/// How many of an accessory a person holds.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Holding {
    pub item_id: i64,
    pub item: String,
    pub category: Option<String>,
    pub user_id: i64,
    pub user: String,
    pub email: String,
    pub quantity: i64,
    /// Since they first took one.
    pub since: DateTime<Utc>,
}

impl From<HoldingRow> for Holding {
    fn from(h: HoldingRow) -> Self {
        Holding {
            item_id: h.item_id,
            item: h.item_name,
            category: h.category,
            user_id: h.user_id,
            user: h.user_name,
            email: h.user_email,
            quantity: h.quantity,
            since: ts(h.since),
        }
    }
}

/// An optional one-line text: trimmed, empty is none.
fn line(field: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(validate::name(field, v)?)),
        None => Ok(None),
    }
}

fn quantity(field: &str, value: i64, max: i64) -> Result<i64, AppError> {
    if !(0..=max).contains(&value) {
        return Err(AppError::invalid(field, format!("must be between 0 and {max}")));
    }
    Ok(value)
}

/// A unit cost and its currency, checked together.
fn unit_cost(minor: Option<i64>, currency: Option<&str>) -> Result<(Option<i64>, Option<String>), AppError> {
    match (minor, currency.map(str::trim).filter(|c| !c.is_empty())) {
        (None, None) => Ok((None, None)),
        (Some(minor), Some(code)) => {
            let currency = Currency::parse(code)
                .map_err(|_| AppError::invalid("currency", "is not an ISO 4217 code such as EUR"))?;
            let m = Money::from_minor("unit_cost_minor", minor, currency)?;
            Ok((Some(m.minor), Some(currency.to_string())))
        }
        (Some(_), None) => Err(AppError::invalid("currency", "an amount needs its currency")),
        (None, Some(_)) => Err(AppError::invalid("unit_cost_minor", "a currency needs an amount")),
    }
}

/// How many items or movements a page holds, and where it starts.
fn page_of(limit: Option<i64>, cursor: &Option<String>) -> Result<(i64, Option<i64>), AppError> {
    Ok((page_limit(limit)?, cursor.as_deref().map(decode_cursor).transpose()?))
}

impl App {
    /// A stock item the actor may read: staff and auditors of its organisation.
    async fn readable_stock(&self, actor: &Actor, id: i64) -> Result<StockItemView, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let v = self.store().stock_item(id).await?;
        if !actor.sees_organisation(v.item.organisation_id) {
            return Err(AppError::NotFound);
        }
        Ok(v)
    }

    /// A stock item the actor may change.
    async fn writable_stock(&self, actor: &Actor, id: i64) -> Result<StockItemView, AppError> {
        let v = self.readable_stock(actor, id).await?;
        actor.require(AssetPermission::ManageAssets)?;
        Ok(v)
    }

    /// One stock item.
    pub async fn stock_item(&self, actor: &Actor, id: i64) -> Result<StockItem, AppError> {
        StockItem::new(self.readable_stock(actor, id).await?)
    }

    /// A page of the stock items of the actor's organisations, newest first.
    pub async fn list_stock(&self, actor: &Actor, q: &StockQuery) -> Result<Page<StockItem>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let (limit, before) = page_of(q.limit, &q.cursor)?;
        let filter = StockFilter {
            organisations: actor.organisation_scope(),
            kind: q.kind.map(|k| k.as_str().to_string()),
            low: q.low.unwrap_or(false),
            search: search_text(&q.q)?.map(str::to_string),
            before,
            limit: limit + 1,
        };
        let mut rows = self.store().stock_items(&filter).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.item.id);
        Ok(Page { items: rows.into_iter().map(StockItem::new).collect::<Result<_, _>>()?, next_cursor })
    }

    /// Adds a stock item, its opening stock recorded as its first receipt.
    pub async fn create_stock_item(&self, actor: &Actor, new: &NewStockItem) -> Result<StockItem, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let now = self.now_micros();
        let organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let kind = new.kind.ok_or_else(|| AppError::invalid("kind", "an accessory or a consumable?"))?;
        let (cost_minor, currency) = unit_cost(new.unit_cost_minor, new.currency.as_deref())?;
        let row = StockItemRow {
            kind: kind.as_str().into(),
            name: validate::name("name", &new.name)?,
            category: line("category", new.category.as_deref())?,
            manufacturer: line("manufacturer", new.manufacturer.as_deref())?,
            model_number: line("model_number", new.model_number.as_deref())?,
            organisation_id,
            location_id: self.stock_location(actor, new.location_id).await?,
            quantity: quantity("quantity", new.quantity.unwrap_or(0), helmdesk_domain::assets::stock::MOVE_MAX)?,
            minimum_quantity: quantity("minimum_quantity", new.minimum_quantity.unwrap_or(0), QUANTITY_MAX)?,
            cost_minor,
            currency,
            supplier: line("supplier", new.supplier.as_deref())?,
            order_number: line("order_number", new.order_number.as_deref())?,
            notes: validate::optional_text("notes", new.notes.as_deref().unwrap_or_default(), BODY_MAX)?,
            created_by: Some(actor.id),
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        let opening = (row.quantity > 0).then(|| NewMovement {
            kind: MovementKind::Receive.as_str().into(),
            change: row.quantity,
            order_number: row.order_number.clone(),
            actor_id: Some(actor.id),
            created_at: now,
            ..Default::default()
        });
        let saved = self.store().create_stock_item(&row, opening.as_ref()).await?;
        self.stock_item(actor, saved.id).await
    }

    /// A location the actor may name for an item.
    async fn stock_location(&self, actor: &Actor, id: Option<i64>) -> Result<Option<i64>, AppError> {
        match id {
            Some(id) => Ok(Some(self.named_location(actor, "location_id", id).await?.id)),
            None => Ok(None),
        }
    }

    /// Changes a stock item's description; `if_version` makes it conditional.
    pub async fn update_stock_item(
        &self,
        actor: &Actor,
        id: i64,
        patch: &StockItemPatch,
        if_version: Option<i64>,
    ) -> Result<StockItem, AppError> {
        let before = self.writable_stock(actor, id).await?.item;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let mut row = StockItemRow { updated_at: self.now_micros(), ..before.clone() };
        if let Some(name) = &patch.name {
            row.name = validate::name("name", name)?;
        }
        for (field, value, target) in [
            ("category", &patch.category, &mut row.category),
            ("manufacturer", &patch.manufacturer, &mut row.manufacturer),
            ("model_number", &patch.model_number, &mut row.model_number),
            ("supplier", &patch.supplier, &mut row.supplier),
            ("order_number", &patch.order_number, &mut row.order_number),
        ] {
            if let Some(value) = value {
                *target = line(field, value.as_deref())?;
            }
        }
        if let Some(location) = patch.location_id {
            row.location_id = self.stock_location(actor, location).await?;
        }
        if let Some(minimum) = patch.minimum_quantity {
            row.minimum_quantity = quantity("minimum_quantity", minimum, QUANTITY_MAX)?;
        }
        if patch.unit_cost_minor.is_some() || patch.currency.is_some() {
            let minor = patch.unit_cost_minor.unwrap_or(before.cost_minor);
            let currency = patch.currency.clone().unwrap_or(before.currency.clone());
            (row.cost_minor, row.currency) = unit_cost(minor, currency.as_deref())?;
        }
        if let Some(notes) = &patch.notes {
            row.notes = validate::optional_text("notes", notes, BODY_MAX)?;
        }
        self.store().save_stock_item(&row, before.version).await.map_err(|e| match e {
            StoreError::Stale => AppError::PreconditionFailed,
            other => other.into(),
        })?;
        self.stock_item(actor, id).await
    }

    /// A page of an item's movements, newest first.
    pub async fn stock_movements(&self, actor: &Actor, id: i64, q: &MovementQuery) -> Result<Page<Movement>, AppError> {
        self.readable_stock(actor, id).await?;
        let (limit, before) = page_of(q.limit, &q.cursor)?;
        let mut rows = self.store().stock_movements(id, before, limit + 1).await?;
        let next_cursor = cut_page(&mut rows, limit, |m| m.id);
        Ok(Page { items: rows.into_iter().map(Movement::new).collect::<Result<_, _>>()?, next_cursor })
    }

    /// Who holds an item (an accessory).
    pub async fn stock_holders(&self, actor: &Actor, id: i64) -> Result<Vec<Holding>, AppError> {
        self.readable_stock(actor, id).await?;
        Ok(self.store().stock_holders(id).await?.into_iter().map(Holding::from).collect())
    }

    /// The accessories the actor holds, whatever their role.
    pub async fn my_stock(&self, actor: &Actor) -> Result<Vec<Holding>, AppError> {
        Ok(self.store().stock_held_by(actor.id).await?.into_iter().map(Holding::from).collect())
    }

    /// Records a movement of an item's stock. One that would leave less than nothing, or
    /// return more than the person holds, is refused and changes nothing. When it takes the
    /// item to or below its minimum, its managers are told (once per crossing).
    pub async fn move_stock(&self, actor: &Actor, id: i64, m: &StockMove) -> Result<MovementDone, AppError> {
        let item = self.writable_stock(actor, id).await?.item;
        let stock: StockKind = item.kind.parse().map_err(AppError::stored)?;
        let change = m.kind.change(stock, m.quantity)?;
        let person = self.moved_person(actor, m).await?;
        let reason = match (m.kind, line("reason", m.reason.as_deref())?) {
            (MovementKind::Adjust, None) => return Err(AppError::invalid("reason", "say why the count changes")),
            (_, reason) => reason,
        };
        let order_number = match (m.kind, line("order_number", m.order_number.as_deref())?) {
            (MovementKind::Receive, order) => order,
            (_, Some(_)) => return Err(AppError::invalid("order_number", "only a receipt comes with an order")),
            (_, None) => None,
        };
        let new = NewMovement {
            item_id: id,
            kind: m.kind.as_str().into(),
            change,
            held: stock == StockKind::Accessory && m.kind.names_person(),
            user_id: person.as_ref().map(|p| p.0),
            order_number,
            reason,
            actor_id: Some(actor.id),
            created_at: self.now_micros(),
        };
        let mut managers = Managers::load(self).await?;
        let told = managers.of(item.organisation_id).to_vec();
        let moved = self.store().move_stock(&new, |now| low_stock_notes(&told, now)).await?;
        match moved {
            Moved::Done { item, movement, alerted } => {
                for n in &alerted {
                    self.live().publish(LiveEvent::Notifications { user_id: n.user_id });
                }
                let movement = Movement::new(*movement)?;
                Ok(MovementDone { movement, item: self.stock_item(actor, item.id).await? })
            }
            Moved::Short { available } => {
                Err(AppError::invalid("quantity", format!("only {available} in stock: it cannot go below zero")))
            }
            Moved::NotHeld { held } => {
                let name = person.map(|p| p.1).unwrap_or_default();
                Err(AppError::invalid("quantity", format!("{name} holds {held} of it")))
            }
        }
    }

    /// The person a movement names (id and name): required for an issue (someone active in
    /// the actor's organisations) and a return, refused otherwise.
    async fn moved_person(&self, actor: &Actor, m: &StockMove) -> Result<Option<(i64, String)>, AppError> {
        let Some(id) = m.user_id else {
            return match m.kind.names_person() {
                true => Err(AppError::invalid("user_id", "who is it for?")),
                false => Ok(None),
            };
        };
        if !m.kind.names_person() {
            return Err(AppError::invalid("user_id", "only an issue or a return names a person"));
        }
        let user = self.store().user(id).await.named_in("user_id", "no such person")?;
        let issuing = m.kind == MovementKind::Issue;
        if !actor.sees_organisation(user.organisation_id) || (issuing && !user.active) {
            return Err(AppError::invalid("user_id", "no such person among your organisations"));
        }
        Ok(Some((user.id, user.name)))
    }
}

/// The notifications that tell `managers` an item went low.
fn low_stock_notes(managers: &[i64], item: &StockItemRow) -> Vec<NewNotification> {
    let message = format!("Low stock: {} ({} left, minimum {})", item.name, item.quantity, item.minimum_quantity);
    managers
        .iter()
        .map(|&user_id| NewNotification {
            user_id,
            message: message.clone(),
            event: LOW_STOCK_EVENT.into(),
            link: Some(format!("/stock/{}", item.id)),
            ..Default::default()
        })
        .collect()
}

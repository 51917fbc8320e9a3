//! Consumables and accessories in stock: the items, their movements, who holds which
//! accessories, and the low-stock alert. A movement's check and change of the quantity is
//! one conditional `UPDATE`, so two issues at once can never take more than there is.

use helmdesk_domain::assets::stock::{Alert, alert_after};

use crate::db::Arg;
use crate::platform::notifications::NewNotification;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError, Tx};

/// A stock item as stored. Money is minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct StockItemRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub category: Option<String>,
    pub manufacturer: Option<String>,
    pub model_number: Option<String>,
    pub organisation_id: i64,
    pub location_id: Option<i64>,
    pub quantity: i64,
    pub minimum_quantity: i64,
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    pub notes: String,
    /// When its managers were told it went low; `None` once restocked above the minimum.
    pub low_alerted_at: Option<i64>,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A stock item with the names of its organisation and location, and how many of it
/// people hold.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StockItemView {
    #[sqlx(flatten)]
    pub item: StockItemRow,
    pub organisation_name: String,
    pub location_name: Option<String>,
    pub held: i64,
}

/// Which stock items a list shows, newest first, a page after `before` (an id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StockFilter {
    /// The organisations whose items may be listed (`None`: all).
    pub organisations: Option<Vec<i64>>,
    pub kind: Option<String>,
    /// Only those at or below their minimum.
    pub low: bool,
    /// Text the name, category, manufacturer or model number holds (any case).
    pub search: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// A movement to record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewMovement {
    pub item_id: i64,
    pub kind: String,
    /// Signed: what it adds to the stock.
    pub change: i64,
    /// Whether a person holds what is issued until they return it (accessories).
    pub held: bool,
    pub user_id: Option<i64>,
    pub order_number: Option<String>,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: i64,
}

/// A movement as stored, with the names of the person it concerns and of who made it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MovementRow {
    pub id: i64,
    pub item_id: i64,
    pub kind: String,
    pub change: i64,
    pub quantity_after: i64,
    pub user_id: Option<i64>,
    pub order_number: Option<String>,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: i64,
    pub user_name: Option<String>,
    pub actor_name: Option<String>,
}

/// How many of an accessory one person holds, since when.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HoldingRow {
    pub item_id: i64,
    pub item_name: String,
    pub kind: String,
    pub category: Option<String>,
    pub organisation_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub user_email: String,
    pub quantity: i64,
    pub since: i64,
}

/// What became of a movement.
#[derive(Debug, Clone, PartialEq)]
pub enum Moved {
    /// Recorded: the item as it is now, the movement, and the notifications its crossing
    /// to low stock wrote (none unless this movement took it there).
    Done { item: Box<StockItemRow>, movement: Box<MovementRow>, alerted: Vec<NewNotification> },
    /// Refused, nothing changed: the stock holds only `available`.
    Short { available: i64 },
    /// Refused, nothing changed: the person holds only `held` of the accessory.
    NotHeld { held: i64 },
}

const WRITABLE: &[&str] = &[
    "kind",
    "name",
    "category",
    "manufacturer",
    "model_number",
    "organisation_id",
    "location_id",
    "minimum_quantity",
    "cost_minor",
    "currency",
    "supplier",
    "order_number",
    "notes",
    "updated_at",
];

fn writable_args(i: &StockItemRow) -> Vec<Arg> {
    vec![
        (&i.kind).into(),
        (&i.name).into(),
        i.category.as_deref().into(),
        i.manufacturer.as_deref().into(),
        i.model_number.as_deref().into(),
        i.organisation_id.into(),
        i.location_id.into(),
        i.minimum_quantity.into(),
        i.cost_minor.into(),
        i.currency.as_deref().into(),
        i.supplier.as_deref().into(),
        i.order_number.as_deref().into(),
        (&i.notes).into(),
        i.updated_at.into(),
    ]
}

const VIEW: &str = "SELECT s.*, o.name AS organisation_name, l.name AS location_name,
        (SELECT CAST(COALESCE(SUM(h.quantity), 0) AS BIGINT) FROM stock_holdings h WHERE h.item_id = s.id) AS held";

const VIEW_JOINS: &str =
    "JOIN organisations o ON o.id = s.organisation_id LEFT JOIN locations l ON l.id = s.location_id";

const MOVEMENTS: &str = "SELECT m.*, u.name AS user_name, a.name AS actor_name FROM stock_movements m
     LEFT JOIN users u ON u.id = m.user_id LEFT JOIN users a ON a.id = m.actor_id";

const HOLDINGS: &str = "SELECT h.item_id, s.name AS item_name, s.kind, s.category, s.organisation_id, h.user_id,
        u.name AS user_name, u.email AS user_email, h.quantity, h.since
     FROM stock_holdings h JOIN stock_items s ON s.id = h.item_id JOIN users u ON u.id = h.user_id";

/// `text` as a LIKE pattern of what it holds, its wildcards escaped with `!`.
fn holding(text: &str) -> String {
    format!("%{}%", text.to_lowercase().replace('!', "!!").replace('%', "!%").replace('_', "!_"))
}

impl Store {
    /// Adds a stock item, with its opening stock (`opening`, if any) as its first movement,
    /// in one transaction.
    pub async fn create_stock_item(
        &self,
        item: &StockItemRow,
        opening: Option<&NewMovement>,
    ) -> Result<StockItemRow, StoreError> {
        let mut tx = self.begin().await?;
        let mut columns = WRITABLE.to_vec();
        columns.extend(["quantity", "created_by", "created_at"]);
        let mut args = writable_args(item);
        args.extend([item.quantity.into(), item.created_by.into(), item.created_at.into()]);
        let saved: StockItemRow = Sql::insert_returning("stock_items", &columns, args).fetch_one(&mut tx).await?;
        if let Some(m) = opening {
            let m = NewMovement { item_id: saved.id, ..m.clone() };
            insert_movement(&mut tx, &m, saved.quantity).await?;
        }
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves an item's description if it is still at `expected_version`; a changed one is
    /// stale. A minimum lowered below the stock ends its alert.
    pub async fn save_stock_item(
        &self,
        item: &StockItemRow,
        expected_version: i64,
    ) -> Result<StockItemRow, StoreError> {
        let mut tx = self.begin().await?;
        let sql = Sql::update_versioned("stock_items", WRITABLE, writable_args(item), item.id, expected_version);
        let saved: Option<StockItemRow> = sql.fetch_optional(&mut tx).await?;
        let mut saved = saved.ok_or(StoreError::Stale)?;
        if saved.low_alerted_at.is_some() && alert_after(saved.quantity, saved.minimum_quantity, true) == Alert::Clear {
            set_alerted(&mut tx, saved.id, None).await?;
            saved.low_alerted_at = None;
        }
        tx.commit().await?;
        Ok(saved)
    }

    /// One stock item with its names.
    pub async fn stock_item(&self, id: i64) -> Result<StockItemView, StoreError> {
        Sql::new(format!("{VIEW} FROM stock_items s {VIEW_JOINS} WHERE s.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// A page of stock items, newest first.
    pub async fn stock_items(&self, filter: &StockFilter) -> Result<Vec<StockItemView>, StoreError> {
        let mut sql = Sql::new(format!("{VIEW} FROM stock_items s {VIEW_JOINS} WHERE 1 = 1"));
        if let Some(orgs) = &filter.organisations {
            push_in(&mut sql, "s.organisation_id", orgs);
        }
        if let Some(kind) = &filter.kind {
            let p = sql.arg(kind);
            sql.push(&format!(" AND s.kind = {p}"));
        }
        if filter.low {
            sql.push(" AND s.quantity <= s.minimum_quantity");
        }
        if let Some(search) = &filter.search {
            let p = sql.arg(holding(search));
            let columns = ["s.name", "s.category", "s.manufacturer", "s.model_number"];
            let tests: Vec<String> = columns.iter().map(|c| format!("lower({c}) LIKE {p} ESCAPE '!'")).collect();
            sql.push(&format!(" AND ({})", tests.join(" OR ")));
        }
        if let Some(before) = filter.before {
            let p = sql.arg(before);
            sql.push(&format!(" AND s.id < {p}"));
        }
        let limit = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY s.id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// Records a movement, in one transaction: the quantity changed only if it stays at
    /// zero or more (one conditional update, so concurrent issues never oversell), an
    /// accessory's holder counted, the movement written, and, when this movement takes the
    /// item to or below its minimum for the first time since it was above, the
    /// notifications `alert` makes of the item as it now is. Restocking above the minimum
    /// ends the alert, so the next crossing is news again.
    pub async fn move_stock(
        &self,
        m: &NewMovement,
        alert: impl FnOnce(&StockItemRow) -> Vec<NewNotification>,
    ) -> Result<Moved, StoreError> {
        let mut tx = self.begin().await?;
        if m.held && m.change > 0 {
            let person = m.user_id.ok_or(StoreError::NotFound)?;
            if !give_back(&mut tx, m.item_id, person, m.change).await? {
                let held: Option<(i64,)> =
                    Sql::new("SELECT quantity FROM stock_holdings WHERE item_id = $1 AND user_id = $2")
                        .bind(m.item_id)
                        .bind(person)
                        .fetch_optional(&mut tx)
                        .await?;
                return Ok(Moved::NotHeld { held: held.map_or(0, |r| r.0) });
            }
        }
        let changed: Option<StockItemRow> = Sql::new(
            "UPDATE stock_items SET quantity = quantity + $1, version = version + 1, updated_at = $2
             WHERE id = $3 AND quantity + $1 >= 0 RETURNING *",
        )
        .bind(m.change)
        .bind(m.created_at)
        .bind(m.item_id)
        .fetch_optional(&mut tx)
        .await?;
        let Some(mut item) = changed else {
            let available: i64 =
                Sql::new("SELECT quantity FROM stock_items WHERE id = $1").bind(m.item_id).scalar(&mut tx).await?;
            return Ok(Moved::Short { available });
        };
        if m.held && m.change < 0 {
            let person = m.user_id.ok_or(StoreError::NotFound)?;
            Sql::new(
                "INSERT INTO stock_holdings (item_id, user_id, quantity, since) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (item_id, user_id) DO UPDATE SET quantity = stock_holdings.quantity + excluded.quantity",
            )
            .bind(m.item_id)
            .bind(person)
            .bind(-m.change)
            .bind(m.created_at)
            .execute(&mut tx)
            .await?;
        }
        let movement = insert_movement(&mut tx, m, item.quantity).await?;
        let mut alerted = Vec::new();
        match alert_after(item.quantity, item.minimum_quantity, item.low_alerted_at.is_some()) {
            Alert::Raise => {
                set_alerted(&mut tx, item.id, Some(m.created_at)).await?;
                item.low_alerted_at = Some(m.created_at);
                alerted = alert(&item);
                self.insert_notifications(&mut tx, &alerted, m.created_at).await?;
            }
            Alert::Clear => {
                set_alerted(&mut tx, item.id, None).await?;
                item.low_alerted_at = None;
            }
            Alert::Keep => {}
        }
        tx.commit().await?;
        let movement = self.stock_movement(movement).await?;
        Ok(Moved::Done { item: Box::new(item), movement: Box::new(movement), alerted })
    }

    async fn stock_movement(&self, id: i64) -> Result<MovementRow, StoreError> {
        Sql::new(format!("{MOVEMENTS} WHERE m.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// A page of an item's movements, newest first, before the movement `before`.
    pub async fn stock_movements(
        &self,
        item_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<MovementRow>, StoreError> {
        let mut sql = Sql::new(format!("{MOVEMENTS} WHERE m.item_id = $1")).bind(item_id);
        if let Some(before) = before {
            let p = sql.arg(before);
            sql.push(&format!(" AND m.id < {p}"));
        }
        let limit = sql.arg(limit);
        sql.push(&format!(" ORDER BY m.id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// Who holds an item (an accessory), by name.
    pub async fn stock_holders(&self, item_id: i64) -> Result<Vec<HoldingRow>, StoreError> {
        Sql::new(format!("{HOLDINGS} WHERE h.item_id = $1 AND h.quantity > 0 ORDER BY u.name, h.user_id"))
            .bind(item_id)
            .fetch_all(self.db())
            .await
    }

    /// The accessories a person holds, by name.
    pub async fn stock_held_by(&self, user_id: i64) -> Result<Vec<HoldingRow>, StoreError> {
        Sql::new(format!("{HOLDINGS} WHERE h.user_id = $1 AND h.quantity > 0 ORDER BY s.name, h.item_id"))
            .bind(user_id)
            .fetch_all(self.db())
            .await
    }
}

/// Takes `count` back from what `user_id` holds of `item_id`, only if they hold that many
/// (one conditional update); whether they did.
async fn give_back(tx: &mut Tx, item_id: i64, user_id: i64, count: i64) -> Result<bool, StoreError> {
    let done = Sql::new(
        "UPDATE stock_holdings SET quantity = quantity - $1 WHERE item_id = $2 AND user_id = $3 AND quantity >= $1",
    )
    .bind(count)
    .bind(item_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    Sql::new("DELETE FROM stock_holdings WHERE item_id = $1 AND user_id = $2 AND quantity = 0")
        .bind(item_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(done == 1)
}

async fn set_alerted(tx: &mut Tx, id: i64, at: Option<i64>) -> Result<(), StoreError> {
    Sql::new("UPDATE stock_items SET low_alerted_at = $1 WHERE id = $2").bind(at).bind(id).execute(&mut *tx).await?;
    Ok(())
}

/// Writes a movement that left `quantity_after`; its id.
async fn insert_movement(tx: &mut Tx, m: &NewMovement, quantity_after: i64) -> Result<i64, StoreError> {
    Sql::new(
        "INSERT INTO stock_movements (item_id, kind, change, quantity_after, user_id, order_number, reason, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(m.item_id)
    .bind(&m.kind)
    .bind(m.change)
    .bind(quantity_after)
    .bind(m.user_id)
    .bind(m.order_number.as_deref())
    .bind(m.reason.as_deref())
    .bind(m.actor_id)
    .bind(m.created_at)
    .scalar(&mut *tx)
    .await
}

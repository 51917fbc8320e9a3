//! Assets: one row each, with who or what holds it while it is checked out, what it cost
//! and when its warranty ends, and a history line for every change.

use crate::assets::history::{Change, HistoryOf, insert_history};
use crate::assets::reminders::DayRange;
use crate::assets::search::{TermsOf, push_words, write_terms};
use helmdesk_domain::assets::search::words;

use crate::db::Arg;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError, Tx};

/// An asset as stored. Days are ISO text (`2026-12-06`); money is minor units.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct AssetRow {
    pub id: i64,
    pub tag: String,
    pub name: String,
    pub organisation_id: i64,
    pub type_id: i64,
    pub model_id: Option<i64>,
    pub serial: Option<String>,
    pub state: String,
    pub holder_kind: Option<String>,
    pub holder_user_id: Option<i64>,
    pub holder_location_id: Option<i64>,
    pub holder_asset_id: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub expected_return: Option<String>,
    pub accepted_at: Option<i64>,
    pub location_id: Option<i64>,
    pub department_id: Option<i64>,
    pub cost_centre: Option<String>,
    pub purchased_on: Option<String>,
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
    pub residual_minor: Option<i64>,
    pub depreciation_months: Option<i64>,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    pub warranty_end: Option<String>,
    pub end_of_life: Option<String>,
    pub last_audited_at: Option<i64>,
    pub next_audit_on: Option<String>,
    /// The values of the type's own fields, as a JSON object.
    pub fields: String,
    pub notes: String,
    pub version: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The person it is reserved for (a catalog request's): checked out to them only.
    #[sqlx(default)]
    pub reserved_for_user_id: Option<i64>,
}

/// An asset with the names of what it refers to, for display.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssetView {
    #[sqlx(flatten)]
    pub asset: AssetRow,
    pub type_name: String,
    pub model_name: Option<String>,
    pub manufacturer_name: Option<String>,
    pub organisation_name: String,
    /// The person, place or asset (its tag) holding it.
    pub holder_name: Option<String>,
    pub location_name: Option<String>,
    pub department_name: Option<String>,
}

/// Which assets a list shows, newest first, a page after `before` (an id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetFilter {
    /// The organisations whose assets may be listed (`None`: all).
    pub organisations: Option<Vec<i64>>,
    pub state: Option<String>,
    pub type_id: Option<i64>,
    pub holder_user_id: Option<i64>,
    pub location_id: Option<i64>,
    /// Only those due an audit before this day (ISO), not disposed of.
    pub audit_due_before: Option<String>,
    /// Words that each start a term of the tag, serial number or name
    /// (`domain::assets::search`).
    pub search: Option<String>,
    /// Only those with a day in this range (a return, a warranty or a life ending).
    pub due: Option<DayRange>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// An asset's columns and the names of what it refers to, read from `a` joined by
/// [`VIEW_JOINS`].
const VIEW_COLUMNS: &str = "SELECT a.*, t.name AS type_name, m.name AS model_name, f.name AS manufacturer_name,
        o.name AS organisation_name,
        CASE a.holder_kind WHEN 'person' THEN hu.name WHEN 'location' THEN hl.name WHEN 'asset' THEN ha.tag END AS holder_name,
        l.name AS location_name, d.name AS department_name";

const VIEW_JOINS: &str = "JOIN asset_types t ON t.id = a.type_id
    JOIN organisations o ON o.id = a.organisation_id
    LEFT JOIN asset_models m ON m.id = a.model_id
    LEFT JOIN manufacturers f ON f.id = m.manufacturer_id
    LEFT JOIN users hu ON hu.id = a.holder_user_id
    LEFT JOIN locations hl ON hl.id = a.holder_location_id
    LEFT JOIN assets ha ON ha.id = a.holder_asset_id
    LEFT JOIN locations l ON l.id = a.location_id
    LEFT JOIN departments d ON d.id = a.department_id";

/// The columns a save writes, in the order [`writable_args`] gives their values.
const WRITABLE: &[&str] = &[
    "tag",
    "name",
    "organisation_id",
    "type_id",
    "model_id",
    "serial",
    "state",
    "holder_kind",
    "holder_user_id",
    "holder_location_id",
    "holder_asset_id",
    "checked_out_at",
    "expected_return",
    "accepted_at",
    "location_id",
    "department_id",
    "cost_centre",
    "purchased_on",
    "cost_minor",
    "currency",
    "residual_minor",
    "depreciation_months",
    "supplier",
    "order_number",
    "warranty_end",
    "end_of_life",
    "last_audited_at",
    "next_audit_on",
    "fields",
    "notes",
    "updated_at",
];

fn writable_args(a: &AssetRow) -> Vec<Arg> {
    vec![
        Arg::from(&a.tag),
        Arg::from(&a.name),
        Arg::from(a.organisation_id),
        Arg::from(a.type_id),
        Arg::from(a.model_id),
        Arg::from(a.serial.clone()),
        Arg::from(&a.state),
        Arg::from(a.holder_kind.clone()),
        Arg::from(a.holder_user_id),
        Arg::from(a.holder_location_id),
        Arg::from(a.holder_asset_id),
        Arg::from(a.checked_out_at),
        Arg::from(a.expected_return.clone()),
        Arg::from(a.accepted_at),
        Arg::from(a.location_id),
        Arg::from(a.department_id),
        Arg::from(a.cost_centre.clone()),
        Arg::from(a.purchased_on.clone()),
        Arg::from(a.cost_minor),
        Arg::from(a.currency.clone()),
        Arg::from(a.residual_minor),
        Arg::from(a.depreciation_months),
        Arg::from(a.supplier.clone()),
        Arg::from(a.order_number.clone()),
        Arg::from(a.warranty_end.clone()),
        Arg::from(a.end_of_life.clone()),
        Arg::from(a.last_audited_at),
        Arg::from(a.next_audit_on.clone()),
        Arg::from(&a.fields),
        Arg::from(&a.notes),
        Arg::from(a.updated_at),
    ]
}

/// What an asset is searched by: its tag, serial number and name.
fn asset_texts(a: &AssetRow) -> [&str; 3] {
    [a.tag.as_str(), a.serial.as_deref().unwrap_or(""), a.name.as_str()]
}

impl Store {
    /// Adds an asset with its creation in the history, in one transaction. An empty `tag`
    /// takes the next number of its type's pattern (`tag_of` turns the number into the tag).
    /// A tag already used (in any case) is a conflict.
    pub async fn create_asset(
        &self,
        new: &AssetRow,
        tag_of: impl FnOnce(i64) -> String,
        changes: &[Change],
    ) -> Result<AssetRow, StoreError> {
        let mut tx = self.begin().await?;
        let saved = self.create_asset_in(&mut tx, new, tag_of, changes).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// [`Store::create_asset`] within a transaction of the caller's.
    pub async fn create_asset_in(
        &self,
        tx: &mut Tx,
        new: &AssetRow,
        tag_of: impl FnOnce(i64) -> String,
        changes: &[Change],
    ) -> Result<AssetRow, StoreError> {
        let mut row = new.clone();
        if row.tag.is_empty() {
            row.tag = tag_of(self.take_tag_number(tx, row.type_id).await?);
        }
        let mut columns = WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let mut args = writable_args(&row);
        args.extend([Arg::from(row.created_by), Arg::from(row.created_at)]);
        let saved: AssetRow = Sql::insert_returning("assets", &columns, args).fetch_one(&mut *tx).await?;
        write_terms(tx, TermsOf::Asset, saved.id, asset_texts(&saved)).await?;
        insert_history(tx, HistoryOf::Asset, saved.id, Some(saved.created_by), changes, saved.created_at).await?;
        Ok(saved)
    }

    /// Saves an asset's new state if it is still at `expected_version`, with its history
    /// lines, in one transaction. A changed asset is [`StoreError::Stale`].
    pub async fn save_asset(
        &self,
        a: &AssetRow,
        expected_version: i64,
        actor_id: Option<i64>,
        changes: &[Change],
    ) -> Result<AssetRow, StoreError> {
        let mut tx = self.begin().await?;
        let saved = self.save_asset_in(&mut tx, a, expected_version, actor_id, changes).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// [`Store::save_asset`] within a transaction of the caller's.
    pub async fn save_asset_in(
        &self,
        tx: &mut Tx,
        a: &AssetRow,
        expected_version: i64,
        actor_id: Option<i64>,
        changes: &[Change],
    ) -> Result<AssetRow, StoreError> {
        let sql = Sql::update_versioned("assets", WRITABLE, writable_args(a), a.id, expected_version);
        let saved: Option<AssetRow> = sql.fetch_optional(&mut *tx).await?;
        let saved = saved.ok_or(StoreError::Stale)?;
        write_terms(tx, TermsOf::Asset, a.id, asset_texts(&saved)).await?;
        insert_history(tx, HistoryOf::Asset, a.id, actor_id, changes, a.updated_at).await?;
        Ok(saved)
    }

    /// One asset as stored, read within `tx`.
    pub async fn asset_row_in(&self, tx: &mut Tx, id: i64) -> Result<AssetRow, StoreError> {
        Sql::new("SELECT * FROM assets WHERE id = $1").bind(id).fetch_one(&mut *tx).await
    }

    /// One asset with its names.
    pub async fn asset(&self, id: i64) -> Result<AssetView, StoreError> {
        Sql::new(format!("{VIEW_COLUMNS} FROM assets a {VIEW_JOINS} WHERE a.id = $1"))
            .bind(id)
            .fetch_one(self.db())
            .await
    }

    /// The id of the asset with this tag (in any case).
    pub async fn asset_id_by_tag(&self, tag: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> =
            Sql::new("SELECT id FROM assets WHERE lower(tag) = lower($1)").bind(tag).fetch_optional(self.db()).await?;
        Ok(row.map(|r| r.0))
    }

    /// A page of assets, newest first.
    pub async fn assets(&self, filter: &AssetFilter) -> Result<Vec<AssetView>, StoreError> {
        // The page is chosen from `assets` alone and only then joined to the names: with
        // nine joins around the filters, PostgreSQL joined every asset first (0.2 to 0.9 s
        // at 100,000 assets).
        let mut sql = Sql::new(format!("{VIEW_COLUMNS} FROM (SELECT * FROM assets a WHERE 1 = 1"));
        if let Some(orgs) = &filter.organisations {
            push_in(&mut sql, "a.organisation_id", orgs);
        }
        let eq = |sql: &mut Sql, column: &str, value: Arg| {
            let p = sql.arg(value);
            sql.push(&format!(" AND {column} = {p}"));
        };
        if let Some(state) = &filter.state {
            eq(&mut sql, "a.state", Arg::from(state));
        }
        if let Some(id) = filter.type_id {
            eq(&mut sql, "a.type_id", Arg::from(id));
        }
        if let Some(id) = filter.holder_user_id {
            eq(&mut sql, "a.holder_user_id", Arg::from(id));
        }
        if let Some(id) = filter.location_id {
            eq(&mut sql, "a.location_id", Arg::from(id));
        }
        if let Some(day) = &filter.audit_due_before {
            let p = sql.arg(day);
            sql.push(&format!(" AND a.next_audit_on < {p} AND a.state <> 'disposed'"));
        }
        if let Some(id) = filter.before {
            let p = sql.arg(id);
            sql.push(&format!(" AND a.id < {p}"));
        }
        if let Some(search) = &filter.search {
            push_words(&mut sql, TermsOf::Asset, "a.id", &words(search));
        }
        if let Some(due) = &filter.due {
            due.push(&mut sql);
        }
        let limit = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY a.id DESC LIMIT {limit}) a {VIEW_JOINS} ORDER BY a.id DESC"));
        sql.fetch_all(self.db()).await
    }

    /// The assets held by or attached to `asset_id` (a monitor on a desktop).
    pub async fn assets_attached_to(&self, asset_id: i64) -> Result<Vec<AssetView>, StoreError> {
        Sql::new(format!("{VIEW_COLUMNS} FROM assets a {VIEW_JOINS} WHERE a.holder_asset_id = $1 ORDER BY a.tag"))
            .bind(asset_id)
            .fetch_all(self.db())
            .await
    }

    /// How many assets each state holds, within `organisations` (`None`: all).
    pub async fn asset_counts(&self, organisations: Option<&[i64]>) -> Result<Vec<(String, i64)>, StoreError> {
        let mut sql = Sql::new("SELECT state, COUNT(*) FROM assets a WHERE 1 = 1");
        if let Some(orgs) = organisations {
            push_in(&mut sql, "a.organisation_id", orgs);
        }
        sql.push(" GROUP BY state");
        sql.fetch_all(self.db()).await
    }
}

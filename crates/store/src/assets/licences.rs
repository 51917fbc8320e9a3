//! Licences, and each licensed product's use per organisation (the figures reconciliation
//! sets against the licences, recomputed after inventories change).

use crate::db::Arg;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError};

/// A licence as stored, with its product's and organisation's names.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct LicenceRow {
    pub id: i64,
    pub organisation_id: i64,
    pub product_id: i64,
    pub name: String,
    pub metric: String,
    pub term: String,
    pub seats: Option<i64>,
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
    pub purchased_on: Option<String>,
    pub ends_on: Option<String>,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    pub contract: Option<String>,
    pub notes: String,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A licence with the names of its product and organisation.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LicenceView {
    #[sqlx(flatten)]
    pub licence: LicenceRow,
    pub product_name: String,
    pub product_publisher: String,
    pub organisation_name: String,
}

const WRITABLE: &[&str] = &[
    "organisation_id",
    "product_id",
    "name",
    "metric",
    "term",
    "seats",
    "cost_minor",
    "currency",
    "purchased_on",
    "ends_on",
    "supplier",
    "order_number",
    "contract",
    "notes",
    "updated_at",
];

fn writable_args(l: &LicenceRow) -> Vec<Arg> {
    vec![
        l.organisation_id.into(),
        l.product_id.into(),
        (&l.name).into(),
        (&l.metric).into(),
        (&l.term).into(),
        l.seats.into(),
        l.cost_minor.into(),
        l.currency.as_deref().into(),
        l.purchased_on.as_deref().into(),
        l.ends_on.as_deref().into(),
        l.supplier.as_deref().into(),
        l.order_number.as_deref().into(),
        l.contract.as_deref().into(),
        (&l.notes).into(),
        l.updated_at.into(),
    ]
}

const VIEW: &str = "SELECT l.*, p.name AS product_name, p.publisher AS product_publisher, o.name AS organisation_name
     FROM licences l JOIN software_products p ON p.id = l.product_id JOIN organisations o ON o.id = l.organisation_id";

impl Store {
    /// Records a licence.
    pub async fn create_licence(&self, l: &LicenceRow) -> Result<LicenceRow, StoreError> {
        let mut columns = WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let mut args = writable_args(l);
        args.extend([l.created_by.into(), l.created_at.into()]);
        self.write_returning(Sql::insert_returning("licences", &columns, args)).await
    }

    /// Saves a licence if it is still at `expected_version`; a changed one is stale.
    pub async fn save_licence(&self, l: &LicenceRow, expected_version: i64) -> Result<LicenceRow, StoreError> {
        let mut tx = self.begin().await?;
        let sql = Sql::update_versioned("licences", WRITABLE, writable_args(l), l.id, expected_version);
        let saved: Option<LicenceRow> = sql.fetch_optional(&mut tx).await?;
        tx.commit().await?;
        saved.ok_or(StoreError::Stale)
    }

    /// Removes a licence.
    pub async fn delete_licence(&self, id: i64) -> Result<(), StoreError> {
        let done = Sql::new("DELETE FROM licences WHERE id = $1").bind(id).execute(self.db()).await?;
        if done == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// One licence with its names.
    pub async fn licence(&self, id: i64) -> Result<LicenceView, StoreError> {
        Sql::new(format!("{VIEW} WHERE l.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// The licences of `organisations` (`None`: all), of one product when asked, by
    /// product name.
    pub async fn licences(
        &self,
        organisations: Option<&[i64]>,
        product_id: Option<i64>,
    ) -> Result<Vec<LicenceView>, StoreError> {
        let mut sql = Sql::new(format!("{VIEW} WHERE 1 = 1"));
        if let Some(orgs) = organisations {
            push_in(&mut sql, "l.organisation_id", orgs);
        }
        if let Some(product) = product_id {
            let p = sql.arg(product);
            sql.push(&format!(" AND l.product_id = {p}"));
        }
        sql.push(" ORDER BY lower(p.name), l.id");
        sql.fetch_all(self.db()).await
    }
}

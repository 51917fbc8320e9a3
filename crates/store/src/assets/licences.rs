//! Licences, and each licensed product's use per organisation (the figures reconciliation
//! sets against the licences, recomputed after inventories change).

use crate::db::Arg;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError, Tx};

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
    /// The seats people hold or have reserved (`licence_seats`).
    pub seats_taken: i64,
}

/// A seat of a licence a person holds (`assigned`) or has reserved for a catalog request
/// (`reserved`), with the person's name and address.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LicenceSeatRow {
    pub id: i64,
    pub licence_id: i64,
    pub user_id: i64,
    pub state: String,
    pub catalog_request_id: Option<i64>,
    pub reserved_at: i64,
    pub assigned_at: Option<i64>,
    pub assigned_by: Option<i64>,
    pub user_name: String,
    pub user_email: String,
}

/// What taking a seat of a licence for a person came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatTaken {
    /// A new seat, by its id.
    New(i64),
    /// The person held a seat of the licence already, by its id.
    Held(i64),
    /// Every seat is taken.
    Full,
}

/// A seat to take: whose, in which state, for which catalog request, by whom, when.
#[derive(Debug, Clone, Copy)]
pub struct SeatClaim<'a> {
    pub licence_id: i64,
    pub user_id: i64,
    /// `reserved` or `assigned`.
    pub state: &'a str,
    pub catalog_request_id: Option<i64>,
    pub by: Option<i64>,
    pub at: i64,
}

const SEAT_VIEW: &str = "SELECT s.*, u.name AS user_name, u.email AS user_email
     FROM licence_seats s JOIN users u ON u.id = s.user_id";

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

const VIEW: &str = "SELECT l.*, p.name AS product_name, p.publisher AS product_publisher, o.name AS organisation_name,
       (SELECT count(*) FROM licence_seats s WHERE s.licence_id = l.id) AS seats_taken
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

    /// Takes a seat of a licence for a person in `tx`, under the licence's row lock (so
    /// that two takers never share its last seat): the seat they hold already, a new one,
    /// or none when every seat is taken (a site licence has no limit).
    pub async fn take_licence_seat(&self, tx: &mut Tx, claim: SeatClaim<'_>) -> Result<SeatTaken, StoreError> {
        let locked = Sql::new("UPDATE licences SET version = version WHERE id = $1").bind(claim.licence_id);
        if locked.execute(&mut *tx).await? == 0 {
            return Err(StoreError::NotFound);
        }
        let held: Option<(i64,)> = Sql::new("SELECT id FROM licence_seats WHERE licence_id = $1 AND user_id = $2")
            .bind(claim.licence_id)
            .bind(claim.user_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((id,)) = held {
            return Ok(SeatTaken::Held(id));
        }
        let (seats, taken): (Option<i64>, i64) = Sql::new(
            "SELECT l.seats, (SELECT count(*) FROM licence_seats s WHERE s.licence_id = l.id) FROM licences l WHERE l.id = $1",
        )
        .bind(claim.licence_id)
        .fetch_one(&mut *tx)
        .await?;
        if seats.is_some_and(|seats| taken >= seats) {
            return Ok(SeatTaken::Full);
        }
        let assigned = claim.state == "assigned";
        let columns =
            ["licence_id", "user_id", "state", "catalog_request_id", "reserved_at", "assigned_at", "assigned_by"];
        let args: Vec<Arg> = vec![
            claim.licence_id.into(),
            claim.user_id.into(),
            claim.state.into(),
            claim.catalog_request_id.into(),
            claim.at.into(),
            assigned.then_some(claim.at).into(),
            claim.by.filter(|_| assigned).into(),
        ];
        let (id,): (i64,) = Sql::insert_returning("licence_seats", &columns, args).fetch_one(&mut *tx).await?;
        Ok(SeatTaken::New(id))
    }

    /// Assigns a reserved seat to its holder; whether this call did (false: it was
    /// assigned already).
    pub async fn assign_licence_seat(&self, seat_id: i64, by: i64, at: i64) -> Result<bool, StoreError> {
        let done = Sql::new(
            "UPDATE licence_seats SET state = 'assigned', assigned_at = $1, assigned_by = $2
              WHERE id = $3 AND state = 'reserved'",
        )
        .bind(at)
        .bind(by)
        .bind(seat_id)
        .execute(self.db())
        .await?;
        Ok(done == 1)
    }

    /// Gives a seat back: it is free for someone else.
    pub async fn release_licence_seat(&self, seat_id: i64) -> Result<(), StoreError> {
        let done = Sql::new("DELETE FROM licence_seats WHERE id = $1").bind(seat_id).execute(self.db()).await?;
        if done == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// One seat with its holder's name.
    pub async fn licence_seat(&self, seat_id: i64) -> Result<LicenceSeatRow, StoreError> {
        Sql::new(format!("{SEAT_VIEW} WHERE s.id = $1")).bind(seat_id).fetch_one(self.db()).await
    }

    /// A licence's seats, by holder's name.
    pub async fn licence_seats(&self, licence_id: i64) -> Result<Vec<LicenceSeatRow>, StoreError> {
        Sql::new(format!("{SEAT_VIEW} WHERE s.licence_id = $1 ORDER BY lower(u.name), s.id"))
            .bind(licence_id)
            .fetch_all(self.db())
            .await
    }
}

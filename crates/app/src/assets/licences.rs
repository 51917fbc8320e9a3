//! Licences and reconciliation (domain::assets::licences): what each licensed product is
//! entitled to against what is used, the money at risk and wasted, and the devices behind
//! each figure.
//!
//! A licence belongs to an organisation and covers its subsidiaries. Use is counted per
//! product and organisation by the `licences.reconcile` job, queued whenever an inventory
//! or a person changes what is installed, and at once for a product whose licences
//! change; the compliance list reads those figures, so it costs the same at two million
//! installations as at ten. Readers see the licences and the use of their organisations.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use helmdesk_domain::assets::licences::{Entitlement, Metric, SeatState, Standing, Term, reconcile};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_domain::validate;
use helmdesk_store::StoreError;
use helmdesk_store::assets::licences::{LicenceRow, LicenceSeatRow, LicenceView, SeatClaim, SeatTaken};
use helmdesk_store::assets::software::UsageRow;
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::hardware::{Amount, cut_page, page_limit};
use crate::assets::software::{Installation, InstallationQuery, NAME_MAX};
use crate::{Actor, App, AppError, NamedInInput, Page, decode_cursor, ts};

/// A licence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Licence {
    pub id: i64,
    pub name: String,
    pub product_id: i64,
    pub product: String,
    pub publisher: String,
    /// It covers this organisation and its subsidiaries.
    pub organisation_id: i64,
    pub organisation: String,
    pub metric: Metric,
    pub term: Term,
    /// Null for a site licence.
    pub seats: Option<i64>,
    /// The seats people hold or have reserved (per-seat and per-user licences).
    pub seats_taken: i64,
    pub cost: Option<Amount>,
    pub purchased_on: Option<NaiveDate>,
    /// A subscription's renewal date; when a perpetual licence's maintenance ends.
    pub ends_on: Option<NaiveDate>,
    /// Whether it gives the right to use today (an ended subscription does not).
    pub in_force: bool,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    /// The contract behind it.
    pub contract: Option<String>,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A licence to record, or a licence's new description.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLicence {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// The product from the catalogue; or give `product`.
    #[serde(default)]
    pub product_id: Option<i64>,
    /// A product's name, added to the catalogue when new (with `publisher`).
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// The caller's by default.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    pub metric: Metric,
    pub term: Term,
    /// Required unless the metric is `site`.
    #[serde(default)]
    pub seats: Option<i64>,
    /// What it cost in minor units of `currency`.
    #[serde(default)]
    pub cost_minor: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub purchased_on: Option<NaiveDate>,
    /// Required for a subscription: its renewal date.
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub supplier: Option<String>,
    #[serde(default)]
    pub order_number: Option<String>,
    #[serde(default)]
    pub contract: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A seat of a licence a person holds or has reserved.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LicenceSeat {
    pub id: i64,
    pub licence_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub user_email: String,
    pub state: SeatState,
    /// The catalog request it was reserved for; null when assigned by hand.
    pub catalog_request_id: Option<i64>,
    pub reserved_at: DateTime<Utc>,
    pub assigned_at: Option<DateTime<Utc>>,
}

impl LicenceSeat {
    fn new(r: LicenceSeatRow) -> Result<LicenceSeat, AppError> {
        Ok(LicenceSeat {
            id: r.id,
            licence_id: r.licence_id,
            user_id: r.user_id,
            user_name: r.user_name,
            user_email: r.user_email,
            state: r.state.parse().map_err(AppError::stored)?,
            catalog_request_id: r.catalog_request_id,
            reserved_at: ts(r.reserved_at),
            assigned_at: r.assigned_at.map(ts),
        })
    }
}

/// A seat to give a person by hand.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLicenceSeat {
    /// The person: one of the licence's organisations (or their subsidiaries).
    pub user_id: i64,
}

/// One licensed product and metric, its licences set against its use.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    pub product_id: i64,
    pub product: String,
    pub publisher: String,
    pub metric: Metric,
    /// The licences counted (those in force and not).
    pub licence_ids: Vec<i64>,
    /// Seats in force; null: a site licence, unlimited.
    pub entitled: Option<i64>,
    /// Devices, installations or people, as the metric counts.
    pub used: i64,
    pub shortfall: i64,
    pub unused: i64,
    pub standing: Standing,
    /// The average price of a seat in force.
    pub seat_price: Option<Amount>,
    /// The shortfall at the seat price: to pay at the next true-up.
    pub at_risk: Option<Amount>,
    /// Unused seats at the seat price.
    pub wasted: Option<Amount>,
    /// When the use was counted; null: never (nothing installed yet).
    pub counted_at: Option<DateTime<Utc>>,
}

/// Every licensed product's standing, with the totals per currency.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplianceReport {
    pub products: Vec<Compliance>,
    /// Money at risk, per currency.
    pub at_risk: Vec<Amount>,
    /// Money wasted on unused seats, per currency.
    pub wasted: Vec<Amount>,
}

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| d.parse().ok())
}

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

impl Licence {
    fn new(v: LicenceView, today: NaiveDate) -> Result<Licence, AppError> {
        let l = v.licence;
        let metric: Metric = l.metric.parse().map_err(AppError::stored)?;
        let term: Term = l.term.parse().map_err(AppError::stored)?;
        let cost = money(l.cost_minor, &l.currency)?;
        let ends_on = day(&l.ends_on);
        let in_force = entitlement(&l).in_force(today);
        Ok(Licence {
            id: l.id,
            name: l.name,
            product_id: l.product_id,
            product: v.product_name,
            publisher: v.product_publisher,
            organisation_id: l.organisation_id,
            organisation: v.organisation_name,
            metric,
            term,
            seats: l.seats,
            seats_taken: v.seats_taken,
            cost,
            purchased_on: day(&l.purchased_on),
            ends_on,
            in_force,
            supplier: l.supplier,
            order_number: l.order_number,
            contract: l.contract,
            notes: l.notes,
            version: l.version,
            created_at: ts(l.created_at),
            updated_at: ts(l.updated_at),
        })
    }
}

fn money(minor: Option<i64>, currency: &Option<String>) -> Result<Option<Amount>, AppError> {
    let (Some(minor), Some(code)) = (minor, currency.as_deref()) else { return Ok(None) };
    let currency = Currency::parse(code).map_err(AppError::stored)?;
    Ok(Some(Money { minor, currency }.into()))
}

fn entitlement(l: &LicenceRow) -> Entitlement {
    Entitlement {
        seats: l.seats,
        term: l.term.parse().unwrap_or(Term::Perpetual),
        ends_on: day(&l.ends_on),
        cost_minor: l.cost_minor,
    }
}

/// An optional one-line text: trimmed, empty is none, at most 200 characters.
fn line(field: &str, value: &Option<String>) -> Result<Option<String>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().count() > NAME_MAX => {
            Err(AppError::invalid(field, format!("must be at most {NAME_MAX} characters")))
        }
        Some(v) => Ok(Some(validate::name(field, v)?)),
        None => Ok(None),
    }
}

impl App {
    /// A page of a licence's devices: those of its organisations (that the actor sees)
    /// where its product is installed.
    pub async fn licence_devices(
        &self,
        actor: &Actor,
        id: i64,
        q: &InstallationQuery,
    ) -> Result<Page<Installation>, AppError> {
        let licence = self.readable_licence(actor, id).await?;
        let covered = self.covered(actor, &[licence.licence.organisation_id]).await?;
        let limit = page_limit(q.limit)?;
        let before = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let mut rows =
            self.store().installations_of(licence.licence.product_id, Some(&covered), before, limit + 1).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.asset_id);
        Ok(Page { items: rows.into_iter().map(Installation::from).collect(), next_cursor })
    }

    /// The organisations `licence_orgs` cover (with their subsidiaries) that the actor sees.
    async fn covered(&self, actor: &Actor, licence_orgs: &[i64]) -> Result<Vec<i64>, AppError> {
        let mut covered = Vec::new();
        for org in licence_orgs {
            covered.extend(self.subtree(*org).await?);
        }
        covered.sort_unstable();
        covered.dedup();
        covered.retain(|o| actor.sees_organisation(*o));
        Ok(covered)
    }

    async fn readable_licence(&self, actor: &Actor, id: i64) -> Result<LicenceView, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let v = self.store().licence(id).await?;
        if !actor.sees_organisation(v.licence.organisation_id) {
            return Err(AppError::NotFound);
        }
        Ok(v)
    }

    /// One licence.
    pub async fn licence(&self, actor: &Actor, id: i64) -> Result<Licence, AppError> {
        Licence::new(self.readable_licence(actor, id).await?, self.today())
    }

    /// The licences of the actor's organisations, by product.
    pub async fn licences(&self, actor: &Actor, product_id: Option<i64>) -> Result<Vec<Licence>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let today = self.today();
        let rows = self.store().licences(actor.organisation_scope().as_deref(), product_id).await?;
        rows.into_iter().map(|v| Licence::new(v, today)).collect()
    }

    /// Records a licence and counts its product's use at once.
    pub async fn create_licence(&self, actor: &Actor, new: &NewLicence) -> Result<Licence, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let now = self.now_micros();
        let row = LicenceRow {
            created_by: Some(actor.id),
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        let row = self.checked_licence(actor, row, new).await?;
        let saved = self.store().create_licence(&row).await?;
        self.store().refresh_software_usage(Some(&[saved.product_id]), now).await?;
        self.licence(actor, saved.id).await
    }

    /// Replaces a licence's description; `if_version` makes it conditional.
    pub async fn update_licence(
        &self,
        actor: &Actor,
        id: i64,
        new: &NewLicence,
        if_version: Option<i64>,
    ) -> Result<Licence, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let before = self.readable_licence(actor, id).await?.licence;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let now = self.now_micros();
        let version = before.version;
        let old_product = before.product_id;
        let row = self.checked_licence(actor, LicenceRow { updated_at: now, ..before }, new).await?;
        let saved = self.store().save_licence(&row, version).await.map_err(|e| match e {
            StoreError::Stale => AppError::PreconditionFailed,
            other => other.into(),
        })?;
        self.store().refresh_software_usage(Some(&[old_product, saved.product_id]), now).await?;
        self.licence(actor, id).await
    }

    /// Removes a licence.
    pub async fn delete_licence(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        self.readable_licence(actor, id).await?;
        Ok(self.store().delete_licence(id).await?)
    }

    /// `new` checked into `row`.
    async fn checked_licence(&self, actor: &Actor, row: LicenceRow, new: &NewLicence) -> Result<LicenceRow, AppError> {
        let product_id = self.licensed_product(new).await?;
        checked_licence_terms(actor, row, new, product_id)
    }

    /// The product a licence names: by id, or by name (added to the catalogue when new).
    async fn licensed_product(&self, new: &NewLicence) -> Result<i64, AppError> {
        match (new.product_id, line("product", &new.product)?) {
            (Some(id), None) => {
                Ok(self.store().software_product(id).await.named_in("product_id", "no such product")?.id)
            }
            (None, Some(name)) => {
                let publisher = line("publisher", &new.publisher)?.unwrap_or_default();
                let mut tx = self.store().begin().await?;
                let key = (publisher, name);
                let ids = self.store().product_ids(&mut tx, std::slice::from_ref(&key), self.now_micros()).await?;
                tx.commit().await?;
                ids.get(&key).copied().ok_or_else(|| AppError::Internal("the product was not recorded".into()))
            }
            (Some(_), Some(_)) => Err(AppError::invalid("product", "give product_id or product, not both")),
            (None, None) => Err(AppError::invalid("product_id", "which product does it license?")),
        }
    }

    /// Every licensed product of the actor's organisations set against its use.
    pub async fn licence_compliance(&self, actor: &Actor) -> Result<ComplianceReport, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let today = self.today();
        let licences = self.store().licences(actor.organisation_scope().as_deref(), None).await?;
        let products: Vec<i64> =
            licences.iter().map(|l| l.licence.product_id).collect::<HashSet<_>>().into_iter().collect();
        let usage = if products.is_empty() { Vec::new() } else { self.store().software_usage(&products).await? };
        let mut groups: BTreeMap<(String, i64, String), Vec<&LicenceView>> = BTreeMap::new();
        for l in &licences {
            let key = (l.product_name.to_lowercase(), l.licence.product_id, l.licence.metric.clone());
            groups.entry(key).or_default().push(l);
        }
        let mut out = Vec::new();
        for ((_, product_id, metric), group) in groups {
            let metric: Metric = metric.parse().map_err(AppError::stored)?;
            let orgs: Vec<i64> = group.iter().map(|l| l.licence.organisation_id).collect();
            let covered = self.covered(actor, &orgs).await?;
            let rows: Vec<&UsageRow> =
                usage.iter().filter(|u| u.product_id == product_id && covered.contains(&u.organisation_id)).collect();
            let used = rows.iter().map(|u| used_by(metric, u)).sum();
            out.push(compliance(&group, metric, used, &rows, today)?);
        }
        let total = |pick: fn(&Compliance) -> &Option<Amount>| -> Result<Vec<Amount>, AppError> {
            let mut sums: BTreeMap<String, i64> = BTreeMap::new();
            for c in &out {
                if let Some(a) = pick(c) {
                    *sums.entry(a.currency.clone()).or_default() += a.minor;
                }
            }
            let amounts = sums.into_iter().map(|(code, minor)| money(Some(minor), &Some(code)));
            amounts.filter_map(Result::transpose).collect()
        };
        let (at_risk, wasted) = (total(|c| &c.at_risk)?, total(|c| &c.wasted)?);
        Ok(ComplianceReport { products: out, at_risk, wasted })
    }
}

/// What `metric` counts of a product's use in one organisation.
fn used_by(metric: Metric, u: &UsageRow) -> i64 {
    match metric {
        Metric::PerDevice | Metric::Site => u.devices,
        Metric::PerSeat => u.installations,
        Metric::PerUser => u.users,
    }
}

/// One product and metric's figures. Money is counted in the currency of the licences
/// that state one; licences in other currencies are left out of the price.
fn compliance(
    group: &[&LicenceView],
    metric: Metric,
    used: i64,
    usage: &[&UsageRow],
    today: NaiveDate,
) -> Result<Compliance, AppError> {
    let first = &group[0];
    let currency = group.iter().find_map(|l| l.licence.currency.clone());
    let entitlements: Vec<Entitlement> = group
        .iter()
        .map(|l| {
            let mut e = entitlement(&l.licence);
            if l.licence.currency != currency {
                e.cost_minor = None;
            }
            e
        })
        .collect();
    let r = reconcile(&entitlements, used, today);
    let amount = |minor: Option<i64>| money(minor, &currency);
    Ok(Compliance {
        product_id: first.licence.product_id,
        product: first.product_name.clone(),
        publisher: first.product_publisher.clone(),
        metric,
        licence_ids: group.iter().map(|l| l.licence.id).collect(),
        entitled: r.entitled,
        used: r.used,
        shortfall: r.shortfall,
        unused: r.unused,
        standing: r.standing,
        seat_price: amount(r.seat_price_minor)?,
        at_risk: amount(r.at_risk_minor)?,
        wasted: amount(r.wasted_minor)?,
        counted_at: usage.iter().map(|u| u.computed_at).max().map(ts),
    })
}

/// `new` checked into `row`, for the product `product_id`, without asking the catalogue
/// (an import's preview checks a licence of a product still to be added this way).
pub(crate) fn checked_licence_terms(
    actor: &Actor,
    mut row: LicenceRow,
    new: &NewLicence,
    product_id: i64,
) -> Result<LicenceRow, AppError> {
    row.name = validate::name("name", &new.name)?;
    row.organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
    if !actor.sees_organisation(row.organisation_id) {
        return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
    }
    row.product_id = product_id;
    row.metric = new.metric.as_str().into();
    row.term = new.term.as_str().into();
    row.seats = match (new.metric, new.seats) {
        (Metric::Site, None) => None,
        (Metric::Site, Some(_)) => return Err(AppError::invalid("seats", "a site licence has no seats")),
        (_, None) => return Err(AppError::invalid("seats", "how many seats does it give?")),
        (_, Some(n)) if !(0..=10_000_000).contains(&n) => {
            return Err(AppError::invalid("seats", "must be between 0 and 10,000,000"));
        }
        (_, Some(n)) => Some(n),
    };
    if new.term == Term::Subscription && new.ends_on.is_none() {
        return Err(AppError::invalid("ends_on", "a subscription needs its renewal date"));
    }
    row.ends_on = iso(new.ends_on);
    row.purchased_on = iso(new.purchased_on);
    (row.cost_minor, row.currency) = match (new.cost_minor, new.currency.as_deref().map(str::trim)) {
        (None, None | Some("")) => (None, None),
        (Some(minor), Some(code)) if !code.is_empty() => {
            let currency = Currency::parse(code)
                .map_err(|_| AppError::invalid("currency", "is not an ISO 4217 code such as EUR"))?;
            let m = Money::from_minor("cost_minor", minor, currency)
                .map_err(|e| AppError::invalid("cost_minor", e.to_string()))?;
            (Some(m.minor), Some(currency.to_string()))
        }
        (Some(_), _) => return Err(AppError::invalid("currency", "an amount needs its currency")),
        (None, Some(_)) => return Err(AppError::invalid("cost_minor", "a currency needs an amount")),
    };
    row.supplier = line("supplier", &new.supplier)?;
    row.order_number = line("order_number", &new.order_number)?;
    row.contract = line("contract", &new.contract)?;
    let notes = new.notes.as_deref().unwrap_or_default().trim();
    if notes.chars().count() > 10_000 {
        return Err(AppError::invalid("notes", "must be at most 10,000 characters"));
    }
    row.notes = notes.to_string();
    Ok(row)
}

/// A licence whose seats people hold: per seat or per user.
fn seat_licence(licence: &LicenceView) -> Result<(), AppError> {
    let metric: Metric = licence.licence.metric.parse().map_err(AppError::stored)?;
    if !metric.has_personal_seats() {
        return Err(AppError::invalid("licence", "only per-seat and per-user licences have seats people hold"));
    }
    Ok(())
}

impl App {
    /// The seats of a licence, by holder's name.
    pub async fn licence_seats(&self, actor: &Actor, licence_id: i64) -> Result<Vec<LicenceSeat>, AppError> {
        self.readable_licence(actor, licence_id).await?;
        self.store().licence_seats(licence_id).await?.into_iter().map(LicenceSeat::new).collect()
    }

    /// Gives a person a seat of a per-seat or per-user licence by hand (staff who manage
    /// assets): the person must belong to the organisations the licence covers; a person
    /// who holds one already keeps it (and has it assigned); a licence whose seats are all
    /// taken refuses, changing nothing.
    pub async fn assign_licence_seat(
        &self,
        actor: &Actor,
        licence_id: i64,
        new: &NewLicenceSeat,
    ) -> Result<LicenceSeat, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let licence = self.readable_licence(actor, licence_id).await?;
        seat_licence(&licence)?;
        let person = self.store().user(new.user_id).await.named_in("user_id", "no such person")?;
        let covered = self.subtree(licence.licence.organisation_id).await?;
        if !covered.contains(&person.organisation_id) || !actor.sees_organisation(person.organisation_id) {
            return Err(AppError::invalid("user_id", "the licence does not cover this person's organisation"));
        }
        let now = self.now_micros();
        let claim = SeatClaim {
            licence_id,
            user_id: person.id,
            state: SeatState::Assigned.as_str(),
            catalog_request_id: None,
            by: Some(actor.id),
            at: now,
        };
        let mut tx = self.store().begin().await?;
        let seat = match self.store().take_licence_seat(&mut tx, claim).await? {
            SeatTaken::New(id) | SeatTaken::Held(id) => id,
            SeatTaken::Full => {
                return Err(AppError::Conflict(format!("every seat of {} is taken", licence.licence.name)));
            }
        };
        tx.commit().await?;
        self.store().assign_licence_seat(seat, actor.id, now).await?;
        LicenceSeat::new(self.store().licence_seat(seat).await?)
    }

    /// Assigns a reserved seat to the person it was reserved for (staff who manage
    /// assets; the fulfilling team hands it over). A seat assigned already is refused.
    pub async fn hand_over_licence_seat(&self, actor: &Actor, seat_id: i64) -> Result<LicenceSeat, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let seat = self.readable_seat(actor, seat_id).await?;
        if !self.store().assign_licence_seat(seat.id, actor.id, self.now_micros()).await? {
            return Err(AppError::invalid("seat", "the seat was assigned already"));
        }
        LicenceSeat::new(self.store().licence_seat(seat_id).await?)
    }

    /// Takes a seat back from its holder: it is free for someone else.
    pub async fn release_licence_seat(&self, actor: &Actor, seat_id: i64) -> Result<(), AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let seat = self.readable_seat(actor, seat_id).await?;
        Ok(self.store().release_licence_seat(seat.id).await?)
    }

    /// A seat of a licence the actor may read; any other is not found.
    async fn readable_seat(&self, actor: &Actor, seat_id: i64) -> Result<LicenceSeatRow, AppError> {
        let seat = match self.store().licence_seat(seat_id).await {
            Ok(seat) => seat,
            Err(StoreError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(e.into()),
        };
        self.readable_licence(actor, seat.licence_id).await?;
        Ok(seat)
    }

    /// A licence an item of `organisation_id` may reserve seats of: per seat or per user,
    /// of that organisation or one above it (whose licences cover it).
    pub(crate) async fn reservable_licence(&self, organisation_id: i64, licence_id: i64) -> Result<i64, AppError> {
        let licence = self.store().licence(licence_id).await.named_in("reserve_licence_id", "no such licence")?;
        let covered = self.subtree(licence.licence.organisation_id).await?;
        if !covered.contains(&organisation_id) {
            return Err(AppError::invalid("reserve_licence_id", "the licence does not cover the item's organisation"));
        }
        seat_licence(&licence).map_err(|_| {
            AppError::invalid("reserve_licence_id", "only per-seat and per-user licences have seats to reserve")
        })?;
        Ok(licence.licence.id)
    }
}

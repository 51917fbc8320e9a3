//! Assets and their lifecycle: adding (tagged from the type's pattern or typed), changing
//! with If-Match versions and a history line per change, moving between lifecycle states,
//! checking out to a person, a place or another asset and checking back in, the holder's
//! acceptance, and the book value today.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use helmdesk_domain::assets::depreciation::StraightLine;
use helmdesk_domain::assets::fields;
use helmdesk_domain::assets::lifecycle::{AssetState, HolderKind};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_domain::assets::reminders::Reminder;
use helmdesk_domain::assets::tags::{self, TagPattern};
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::StoreError;
use helmdesk_store::assets::hardware::{AssetFilter, AssetRow, AssetView};
use helmdesk_store::assets::history::{Change, HistoryOf};
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::catalog::AssetType;
pub use crate::assets::history::AssetHistoryEntry;
use crate::assets::history::Changes;
use crate::assets::reminders::due_range;
use crate::{Actor, App, AppError, NamedInInput, Page, decode_cursor, encode_cursor, ts};

/// Longest page of assets.
pub const PAGE_MAX: i64 = 200;

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Amount {
    /// In the currency's minor units (cents).
    pub minor: i64,
    /// ISO 4217, e.g. `EUR`.
    pub currency: String,
    /// For people: `1299.50 EUR`.
    pub text: String,
}

impl From<Money> for Amount {
    fn from(m: Money) -> Self {
        Amount { minor: m.minor, currency: m.currency.to_string(), text: m.to_string() }
    }
}

/// Who or what has a checked-out asset.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Holder {
    pub kind: HolderKind,
    /// The person's, location's or asset's id.
    pub id: i64,
    /// The person's or location's name, the asset's tag.
    pub name: String,
}

/// An asset.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Asset {
    pub id: i64,
    /// The label on the device, unique.
    pub tag: String,
    pub name: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub type_id: i64,
    pub type_name: String,
    pub model_id: Option<i64>,
    pub model: Option<String>,
    pub manufacturer: Option<String>,
    pub serial: Option<String>,
    pub state: AssetState,
    /// Who or what has it while it is deployed.
    pub holder: Option<Holder>,
    pub checked_out_at: Option<DateTime<Utc>>,
    /// When a person who has it should bring it back.
    pub expected_return: Option<NaiveDate>,
    /// When the person who has it confirmed they received it.
    pub accepted_at: Option<DateTime<Utc>>,
    /// Where it is kept (for a deployed asset: where it was last).
    pub location_id: Option<i64>,
    pub location: Option<String>,
    /// The department that owns it.
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub cost_centre: Option<String>,
    pub purchased_on: Option<NaiveDate>,
    pub cost: Option<Amount>,
    pub supplier: Option<String>,
    pub order_number: Option<String>,
    /// Straight-line depreciation: over this many months down to the residual value.
    pub depreciation_months: Option<i64>,
    pub residual_value: Option<Amount>,
    /// What it is worth today by straight-line depreciation (the cost when no life is set).
    pub book_value: Option<Amount>,
    pub warranty_end: Option<NaiveDate>,
    pub end_of_life: Option<NaiveDate>,
    pub last_audited_at: Option<DateTime<Utc>>,
    pub next_audit_on: Option<NaiveDate>,
    /// The values of its type's own fields, by key.
    pub fields: BTreeMap<String, String>,
    pub notes: String,
    /// Send as `If-Match` to change it only if nobody else has.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn stored_day(value: &Option<String>) -> Option<NaiveDate> {
    value.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

impl Asset {
    fn new(v: AssetView, today: NaiveDate) -> Result<Asset, AppError> {
        let a = v.asset;
        let currency = a.currency.as_deref().map(Currency::parse).transpose().map_err(AppError::stored)?;
        let money = |minor: Option<i64>| Some(Amount::from(Money { minor: minor?, currency: currency? }));
        let book_value = match (a.cost_minor, stored_day(&a.purchased_on), a.depreciation_months) {
            (Some(cost), Some(on), Some(months)) => {
                let line = StraightLine::new(cost, a.residual_minor.unwrap_or(0).min(cost), on, months as u32);
                money(Some(line.map_err(AppError::stored)?.book_value_on(today)))
            }
            (cost, ..) => money(cost),
        };
        let holder = match (a.holder_kind.as_deref(), v.holder_name) {
            (Some(kind), Some(name)) => {
                let kind: HolderKind = kind.parse().map_err(AppError::stored)?;
                let id = match kind {
                    HolderKind::Person => a.holder_user_id,
                    HolderKind::Location => a.holder_location_id,
                    HolderKind::Asset => a.holder_asset_id,
                };
                id.map(|id| Holder { kind, id, name })
            }
            _ => None,
        };
        Ok(Asset {
            id: a.id,
            tag: a.tag,
            name: a.name,
            organisation_id: a.organisation_id,
            organisation: v.organisation_name,
            type_id: a.type_id,
            type_name: v.type_name,
            model_id: a.model_id,
            model: v.model_name,
            manufacturer: v.manufacturer_name,
            serial: a.serial,
            state: a.state.parse().map_err(AppError::stored)?,
            holder,
            checked_out_at: a.checked_out_at.map(ts),
            expected_return: stored_day(&a.expected_return),
            accepted_at: a.accepted_at.map(ts),
            location_id: a.location_id,
            location: v.location_name,
            department_id: a.department_id,
            department: v.department_name,
            cost_centre: a.cost_centre,
            purchased_on: stored_day(&a.purchased_on),
            cost: money(a.cost_minor),
            supplier: a.supplier,
            order_number: a.order_number,
            depreciation_months: a.depreciation_months,
            residual_value: money(a.residual_minor),
            book_value,
            warranty_end: stored_day(&a.warranty_end),
            end_of_life: stored_day(&a.end_of_life),
            last_audited_at: a.last_audited_at.map(ts),
            next_audit_on: stored_day(&a.next_audit_on),
            fields: serde_json::from_str(&a.fields).unwrap_or_default(),
            notes: a.notes,
            version: a.version,
            created_at: ts(a.created_at),
            updated_at: ts(a.updated_at),
        })
    }
}

/// An asset to add. Its tag is typed, or taken from its type's pattern when absent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewAsset {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    pub type_id: i64,
    /// Absent or empty: the next tag of the type's pattern (a type without one needs it).
    #[serde(default)]
    pub tag: Option<String>,
    /// Absent: the creator's organisation.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// `ordered` or `in_stock` (the default); it is deployed by checking it out.
    #[serde(default)]
    pub state: Option<AssetState>,
    #[serde(flatten)]
    pub details: AssetDetails,
}

/// What describes an asset besides its name, type and tag; on a change, absent fields stay
/// and `null` clears one.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssetDetails {
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub model_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub serial: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub location_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub department_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub cost_centre: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub purchased_on: Option<Option<NaiveDate>>,
    /// In minor units of `currency`.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub cost_minor: Option<Option<i64>>,
    /// ISO 4217; needed with an amount.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z]{3}$")]
    pub currency: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub residual_minor: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 600)]
    pub depreciation_months: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub supplier: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<String>)]
    pub order_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub warranty_end: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_of_life: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub next_audit_on: Option<Option<NaiveDate>>,
    /// Values of the type's own fields by key; an empty value clears one.
    #[serde(default)]
    pub fields: Option<BTreeMap<String, String>>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub notes: Option<String>,
    /// Fields no asset has, refused by name (serde's `deny_unknown_fields` does not work
    /// with a flattened struct).
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// Changes to an asset; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssetPatch {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(flatten)]
    pub details: AssetDetails,
}

/// Handing an asset out.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckOut {
    /// To a person, a location or another asset.
    pub kind: HolderKind,
    /// The person's, location's or asset's id.
    pub id: i64,
    /// When a person should bring it back.
    #[serde(default)]
    pub expected_return: Option<NaiveDate>,
}

/// A lifecycle move other than checking out and in.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StateMove {
    pub state: AssetState,
}

/// Which assets to list, newest first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssetQuery {
    /// Words the tag or serial start with, or the name holds.
    pub q: Option<String>,
    pub state: Option<AssetState>,
    pub type_id: Option<i64>,
    /// Held by this person.
    pub holder_user_id: Option<i64>,
    pub location_id: Option<i64>,
    /// Only assets whose next audit is past (`next_audit_on` before today), not disposed
    /// of.
    pub audit_overdue: Option<bool>,
    /// Only those due a reminder of this kind today: a return within the next days or
    /// overdue, a warranty or a life ending within the next days (the reminders' settings).
    #[param(inline)]
    pub due: Option<Reminder>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A one-line optional text: trimmed, empty is none.
fn optional_line(field: &str, value: &Option<String>) -> Result<Option<String>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(validate::name(field, v)?)),
        None => Ok(None),
    }
}

/// Cuts `rows` (fetched one longer than `limit`) to a page, and gives the cursor of the next
/// page when there is one.
pub(crate) fn cut_page<T>(rows: &mut Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    (rows.len() as i64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(id(r))).unwrap_or_default()
    })
}

/// A list's page length: 50 unless asked, at most [`PAGE_MAX`].
pub(crate) fn page_limit(limit: Option<i64>) -> Result<i64, AppError> {
    let limit = limit.unwrap_or(50);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(AppError::invalid("limit", format!("must be between 1 and {PAGE_MAX}")));
    }
    Ok(limit)
}

/// A list's search words: trimmed, none when empty, at most 200 characters.
pub(crate) fn search_text(q: &Option<String>) -> Result<Option<&str>, AppError> {
    let search = q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if search.is_some_and(|s| s.chars().count() > 200) {
        return Err(AppError::invalid("q", "must be at most 200 characters"));
    }
    Ok(search)
}

fn iso(day: Option<NaiveDate>) -> Option<String> {
    day.map(|d| d.format("%Y-%m-%d").to_string())
}

impl App {
    /// Today in the reports' time zone (warranty ends, book values and reminders count
    /// days there).
    pub fn today(&self) -> NaiveDate {
        ts(self.now_micros()).with_timezone(&self.settings().reports_time_zone).date_naive()
    }

    async fn asset_out(&self, id: i64) -> Result<Asset, AppError> {
        Asset::new(self.store().asset(id).await?, self.today())
    }

    /// An asset the actor may read.
    pub async fn asset(&self, actor: &Actor, id: i64) -> Result<Asset, AppError> {
        let view = self.store().asset(id).await?;
        actor.readable_asset(view.asset.clone())?;
        Asset::new(view, self.today())
    }

    /// The type of an asset the actor has read (its fields' labels), whatever their role.
    pub async fn asset_type_of(&self, actor: &Actor, asset: &Asset) -> Result<AssetType, AppError> {
        self.asset(actor, asset.id).await?;
        AssetType::from_row(self.store().asset_type(asset.type_id).await?)
    }

    /// The id of the asset with `tag` among those the actor may read; any other tag is a
    /// mistake in the input.
    pub async fn asset_id_by_tag(&self, actor: &Actor, tag: &str) -> Result<i64, AppError> {
        let unknown = || AppError::invalid("tag", "no asset has this tag");
        let id = self.store().asset_id_by_tag(tag.trim()).await?.ok_or_else(unknown)?;
        let row = self.store().asset(id).await?.asset;
        actor.readable_asset(row).map(|a| a.id).map_err(|_| unknown())
    }

    /// A page of the assets the actor may read, newest first.
    pub async fn list_assets(&self, actor: &Actor, q: &AssetQuery) -> Result<Page<Asset>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let limit = page_limit(q.limit)?;
        let search = search_text(&q.q)?;
        let filter = AssetFilter {
            organisations: actor.organisation_scope(),
            state: q.state.map(|s| s.as_str().to_string()),
            type_id: q.type_id,
            holder_user_id: q.holder_user_id,
            location_id: q.location_id,
            audit_due_before: q.audit_overdue.unwrap_or(false).then(|| self.today().to_string()),
            search: search.map(str::to_string),
            due: q.due.map(|kind| due_range(kind, self.today(), self.reminder_horizons())),
            before: q.cursor.as_deref().map(decode_cursor).transpose()?,
            limit: limit + 1,
        };
        let mut rows = self.store().assets(&filter).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.asset.id);
        let today = self.today();
        let items = rows.into_iter().map(|v| Asset::new(v, today)).collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// The assets a person holds, for their account page: their own, whatever their role.
    pub async fn my_assets(&self, actor: &Actor) -> Result<Vec<Asset>, AppError> {
        let filter = AssetFilter { holder_user_id: Some(actor.id), limit: PAGE_MAX, ..Default::default() };
        let today = self.today();
        self.store().assets(&filter).await?.into_iter().map(|v| Asset::new(v, today)).collect()
    }

    /// Adds an asset.
    pub async fn create_asset(&self, actor: &Actor, new: &NewAsset) -> Result<Asset, AppError> {
        self.create_asset_noted(actor, new, None).await
    }

    /// Adds an asset, its history starting with `note` besides its creation (an import's).
    pub(crate) async fn create_asset_noted(
        &self,
        actor: &Actor,
        new: &NewAsset,
        note: Option<Change>,
    ) -> Result<Asset, AppError> {
        let (row, pattern, state) = self.checked_new_asset(actor, new).await?;
        let mut lines = vec![Change::created(state.as_str())];
        lines.extend(note);
        let saved = self
            .store()
            .create_asset(&row, |n| pattern.map(|p| p.tag(n.max(0) as u64)).unwrap_or_default(), &lines)
            .await
            .map_err(tag_taken)?;
        self.asset_out(saved.id).await
    }

    /// The asset `new` describes, checked as [`App::create_asset`] checks it, not added:
    /// its row, its type's tag pattern and its state.
    pub(crate) async fn checked_new_asset(
        &self,
        actor: &Actor,
        new: &NewAsset,
    ) -> Result<(AssetRow, Option<TagPattern>, AssetState), AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let name = validate::name("name", &new.name)?;
        let organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let state = new.state.unwrap_or(AssetState::InStock);
        if !matches!(state, AssetState::Ordered | AssetState::InStock) {
            return Err(AppError::invalid("state", "a new asset is ordered or in stock; check it out to deploy it"));
        }
        let kind =
            AssetType::from_row(self.store().asset_type(new.type_id).await.named_in("type_id", "no such asset type")?)?;
        let tag = optional_line("tag", &new.tag)?.map(|t| tags::typed(&t)).transpose()?;
        // Checked here too, not only by the database, so that an import's preview says it.
        if let Some(t) = &tag
            && self.store().asset_id_by_tag(t).await?.is_some()
        {
            return Err(AppError::invalid("tag", TAG_TAKEN));
        }
        let pattern = kind.pattern();
        if tag.is_none() && pattern.is_none() {
            return Err(AppError::invalid("tag", format!("{} has no tag pattern: type the tag", kind.name)));
        }
        let now = self.now_micros();
        let blank = AssetRow {
            tag: tag.clone().unwrap_or_default(),
            name,
            organisation_id,
            type_id: kind.id,
            state: state.as_str().into(),
            fields: "{}".into(),
            created_by: actor.id,
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        // What it was given is the asset itself: its history starts with one line.
        let row = self.apply_details(actor, blank, &kind, &new.details, &mut Changes::default()).await?;
        Ok((row, pattern, state))
    }

    /// Changes an asset's description; `if_version` makes it conditional.
    pub async fn update_asset(
        &self,
        actor: &Actor,
        id: i64,
        patch: &AssetPatch,
        if_version: Option<i64>,
    ) -> Result<Asset, AppError> {
        let (before, row, changes) = self.planned_asset_update(actor, id, patch, if_version).await?;
        self.save_asset(actor, &before, row, changes).await
    }

    /// What [`App::update_asset`] would make of an asset, checked, not saved: the asset
    /// before, after, and the history lines between.
    pub(crate) async fn planned_asset_update(
        &self,
        actor: &Actor,
        id: i64,
        patch: &AssetPatch,
        if_version: Option<i64>,
    ) -> Result<(AssetRow, AssetRow, Changes), AppError> {
        let before = actor.writable_asset(self.store().asset(id).await?.asset)?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let kind = AssetType::from_row(self.store().asset_type(before.type_id).await?)?;
        let mut changes = Changes::default();
        let mut row = before.clone();
        if let Some(name) = &patch.name {
            row.name = validate::name("name", name)?;
            changes.record("name", Some(before.name.clone()), Some(row.name.clone()));
        }
        if let Some(tag) = &patch.tag {
            row.tag = tags::typed(tag)?;
            changes.record("tag", Some(before.tag.clone()), Some(row.tag.clone()));
        }
        let row = self.apply_details(actor, row, &kind, &patch.details, &mut changes).await?;
        Ok((before, row, changes))
    }

    /// Saves `row` over `before` with the history of `changes` (nothing when nothing changed).
    pub(crate) async fn save_asset(
        &self,
        actor: &Actor,
        before: &AssetRow,
        mut row: AssetRow,
        changes: Changes,
    ) -> Result<Asset, AppError> {
        if !changes.0.is_empty() {
            row.updated_at = self.now_micros();
            self.store().save_asset(&row, before.version, Some(actor.id), &changes.0).await.map_err(tag_taken)?;
        }
        self.asset_out(before.id).await
    }

    /// The asset's description with `d` applied, each change recorded.
    async fn apply_details(
        &self,
        actor: &Actor,
        mut row: AssetRow,
        kind: &AssetType,
        d: &AssetDetails,
        changes: &mut Changes,
    ) -> Result<AssetRow, AppError> {
        if let Some(field) = d.unknown.keys().next() {
            return Err(AppError::invalid(field, "is not a field of an asset"));
        }
        let before = row.clone();
        if let Some(model) = d.model_id.filter(|m| *m != before.model_id) {
            if let Some(id) = model {
                let m = self.store().asset_model(id).await.named_in("model_id", "no such model")?;
                if m.type_id != kind.id {
                    return Err(AppError::invalid("model_id", format!("that model is not a {}", kind.name)));
                }
            }
            row.model_id = model;
            changes.record("model", self.model_name(before.model_id).await?, self.model_name(model).await?);
        }
        if let Some(serial) = &d.serial {
            row.serial = optional_line("serial", serial)?;
            changes.record("serial", before.serial.clone(), row.serial.clone());
        }
        if let Some(location) = d.location_id.filter(|l| *l != before.location_id) {
            let name = match location {
                Some(id) => Some(self.named_location(actor, "location_id", id).await?.name),
                None => None,
            };
            row.location_id = location;
            changes.record("location", self.location_name(before.location_id).await?, name);
        }
        if let Some(department) = d.department_id.filter(|d| *d != before.department_id) {
            let name = match department {
                Some(id) => {
                    let dept = self.store().department(id).await.named_in("department_id", "no such department")?;
                    if dept.organisation_id != row.organisation_id {
                        return Err(AppError::invalid(
                            "department_id",
                            "that department is not of the asset's organisation",
                        ));
                    }
                    Some(dept.name)
                }
                None => None,
            };
            row.department_id = department;
            changes.record("department", self.department_name(before.department_id).await?, name);
        }
        for (field, value, target) in [
            ("cost_centre", &d.cost_centre, &mut row.cost_centre),
            ("supplier", &d.supplier, &mut row.supplier),
            ("order_number", &d.order_number, &mut row.order_number),
        ] {
            if let Some(value) = value {
                let old = target.clone();
                *target = optional_line(field, value)?;
                changes.record(field, old, target.clone());
            }
        }
        for (field, value, target) in [
            ("purchased_on", &d.purchased_on, &mut row.purchased_on),
            ("warranty_end", &d.warranty_end, &mut row.warranty_end),
            ("end_of_life", &d.end_of_life, &mut row.end_of_life),
            ("next_audit_on", &d.next_audit_on, &mut row.next_audit_on),
        ] {
            if let Some(value) = value {
                let old = target.clone();
                *target = iso(*value);
                changes.record(field, old, target.clone());
            }
        }
        self.apply_money(&mut row, d, changes)?;
        if let Some(values) = &d.fields {
            let defs = &kind.fields;
            let mut merged: BTreeMap<String, String> = serde_json::from_str(&before.fields).unwrap_or_default();
            for (key, value) in fields::check_values(defs, values)? {
                merged.insert(key, value);
            }
            for key in values.iter().filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| k) {
                merged.remove(key);
            }
            let text = serde_json::to_string(&merged).map_err(|e| AppError::Internal(e.to_string()))?;
            let old: BTreeMap<String, String> = serde_json::from_str(&before.fields).unwrap_or_default();
            for def in defs {
                changes.record(
                    &format!("fields.{}", def.key),
                    old.get(&def.key).cloned(),
                    merged.get(&def.key).cloned(),
                );
            }
            row.fields = text;
        }
        if let Some(notes) = &d.notes {
            row.notes = validate::optional_text("notes", notes, BODY_MAX)?;
            changes.record("notes", Some(before.notes.clone()), Some(row.notes.clone()));
        }
        Ok(row)
    }

    async fn model_name(&self, id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = id else { return Ok(None) };
        let m = self.store().asset_model(id).await?;
        Ok(Some(format!("{} {}", m.manufacturer_name, m.name)))
    }

    async fn location_name(&self, id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = id else { return Ok(None) };
        Ok(Some(self.store().location(id).await?.name))
    }

    async fn department_name(&self, id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = id else { return Ok(None) };
        Ok(Some(self.store().department(id).await?.name))
    }

    /// Cost, residual value, currency and useful life, checked together.
    fn apply_money(&self, row: &mut AssetRow, d: &AssetDetails, changes: &mut Changes) -> Result<(), AppError> {
        let before = row.clone();
        if let Some(currency) = &d.currency {
            row.currency = currency.as_deref().map(Currency::parse).transpose()?.map(|c| c.to_string());
        }
        if let Some(cost) = d.cost_minor {
            row.cost_minor = cost;
        }
        if let Some(residual) = d.residual_minor {
            row.residual_minor = residual;
        }
        if let Some(months) = d.depreciation_months {
            row.depreciation_months = months;
        }
        let currency = row.currency.as_deref().map(Currency::parse).transpose()?;
        let amounts = [("cost_minor", row.cost_minor), ("residual_minor", row.residual_minor)];
        for (field, minor) in amounts {
            match (minor, currency) {
                (Some(m), Some(c)) => {
                    Money::from_minor(field, m, c)?;
                }
                (Some(_), None) => return Err(AppError::invalid("currency", "an amount needs its currency")),
                (None, _) => {}
            }
        }
        if let (Some(cost), Some(residual)) = (row.cost_minor, row.residual_minor)
            && residual > cost
        {
            return Err(AppError::invalid("residual_minor", "must not be more than the cost"));
        }
        if let Some(months) = row.depreciation_months
            && !(1..=600).contains(&months)
        {
            return Err(AppError::invalid("depreciation_months", "must be between 1 and 600 months"));
        }
        let show = |minor: Option<i64>, currency: &Option<String>| {
            let currency = Currency::parse(currency.as_deref()?).ok()?;
            Some(Money { minor: minor?, currency }.to_string())
        };
        changes.record("cost", show(before.cost_minor, &before.currency), show(row.cost_minor, &row.currency));
        changes.record(
            "residual_value",
            show(before.residual_minor, &before.currency),
            show(row.residual_minor, &row.currency),
        );
        changes.record(
            "depreciation_months",
            before.depreciation_months.map(|m| m.to_string()),
            row.depreciation_months.map(|m| m.to_string()),
        );
        Ok(())
    }

    /// Moves an asset to another lifecycle state (not to deployed: that is a check-out).
    /// Leaving deployed this way (to repair, to retirement) checks it in.
    pub async fn move_asset(
        &self,
        actor: &Actor,
        id: i64,
        to: AssetState,
        if_version: Option<i64>,
    ) -> Result<Asset, AppError> {
        let view = self.store().asset(id).await?;
        let before = actor.writable_asset(view.asset.clone())?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        if to == AssetState::Deployed {
            return Err(AppError::invalid("state", "check the asset out to deploy it"));
        }
        let from: AssetState = before.state.parse().map_err(AppError::stored)?;
        from.move_to(to)?;
        let mut changes = Changes::default();
        let mut row = before.clone();
        if from == AssetState::Deployed {
            release(&mut row, &mut changes, before_holder(&view));
        }
        row.state = to.as_str().into();
        changes.record("state", Some(before.state.clone()), Some(row.state.clone()));
        self.save_asset(actor, &before, row, changes).await
    }

    /// Hands an asset out to a person, a location or another asset.
    pub async fn check_out(
        &self,
        actor: &Actor,
        id: i64,
        to: &CheckOut,
        if_version: Option<i64>,
    ) -> Result<Asset, AppError> {
        let before = actor.writable_asset(self.store().asset(id).await?.asset)?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let from: AssetState = before.state.parse().map_err(AppError::stored)?;
        if !from.may_check_out() {
            return Err(AppError::invalid(
                "state",
                format!("a {} asset cannot be checked out; check it in first", from.as_str().replace('_', " ")),
            ));
        }
        // Reserved (by a catalog request, through the store): for that person only.
        if before.reserved_for_user_id.is_some_and(|u| to.kind != HolderKind::Person || to.id != u) {
            return Err(AppError::invalid("id", "this asset is reserved for someone else"));
        }
        let mut row = before.clone();
        let holder_name = match to.kind {
            HolderKind::Person => {
                let user = self.store().user(to.id).await.named_in("id", "no such person")?;
                if !user.active || !actor.sees_organisation(user.organisation_id) {
                    return Err(AppError::invalid("id", "no such person among your organisations"));
                }
                row.holder_user_id = Some(user.id);
                user.name
            }
            HolderKind::Location => {
                let place = self.named_location(actor, "id", to.id).await?;
                row.holder_location_id = Some(place.id);
                row.location_id = Some(place.id);
                place.name
            }
            HolderKind::Asset => {
                if to.id == id {
                    return Err(AppError::invalid("id", "an asset cannot hold itself"));
                }
                let host = self.store().asset(to.id).await.named_in("id", "no such asset")?.asset;
                if !actor.sees_organisation(host.organisation_id) {
                    return Err(AppError::invalid("id", "no such asset"));
                }
                if self.holds(id, host.id).await? {
                    return Err(AppError::invalid("id", "that asset is attached to this one"));
                }
                row.holder_asset_id = Some(host.id);
                host.tag
            }
        };
        if to.expected_return.is_some() && to.kind != HolderKind::Person {
            return Err(AppError::invalid("expected_return", "only a person brings an asset back"));
        }
        let mut changes = Changes::default();
        row.state = AssetState::Deployed.as_str().into();
        row.holder_kind = Some(to.kind.as_str().into());
        row.checked_out_at = Some(self.now_micros());
        row.expected_return = iso(to.expected_return);
        row.accepted_at = None;
        changes.record("state", Some(before.state.clone()), Some(row.state.clone()));
        changes.record("checked_out_to", None, Some(format!("{}: {holder_name}", to.kind)));
        changes.record("expected_return", before.expected_return.clone(), row.expected_return.clone());
        self.save_asset(actor, &before, row, changes).await
    }

    /// Whether `id` holds `other`, directly or through assets attached to it.
    async fn holds(&self, id: i64, other: i64) -> Result<bool, AppError> {
        let mut current = Some(other);
        for _ in 0..50 {
            let Some(at) = current else { return Ok(false) };
            if at == id {
                return Ok(true);
            }
            current = self.store().asset(at).await?.asset.holder_asset_id;
        }
        Ok(true)
    }

    /// Takes a deployed asset back into stock.
    pub async fn check_in(&self, actor: &Actor, id: i64, if_version: Option<i64>) -> Result<Asset, AppError> {
        let view = self.store().asset(id).await?;
        let before = actor.writable_asset(view.asset.clone())?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        if before.state != AssetState::Deployed.as_str() {
            return Err(AppError::invalid("state", "only a deployed asset can be checked in"));
        }
        let mut changes = Changes::default();
        let mut row = before.clone();
        release(&mut row, &mut changes, before_holder(&view));
        row.state = AssetState::InStock.as_str().into();
        changes.record("state", Some(before.state.clone()), Some(row.state.clone()));
        self.save_asset(actor, &before, row, changes).await
    }

    /// The holder confirms they received the asset (signed in, on their account page).
    pub async fn accept_asset(&self, actor: &Actor, id: i64) -> Result<Asset, AppError> {
        let before = self.store().asset(id).await?.asset;
        if before.holder_user_id != Some(actor.id) {
            return Err(AppError::NotFound);
        }
        if before.accepted_at.is_some() {
            return self.asset(actor, id).await;
        }
        let mut row = before.clone();
        row.accepted_at = Some(self.now_micros());
        let mut changes = Changes::default();
        changes.record("accepted_by", None, Some(actor.name.clone()));
        self.save_asset(actor, &before, row, changes).await
    }

    /// An asset's history, oldest first.
    pub async fn asset_history(&self, actor: &Actor, id: i64) -> Result<Vec<AssetHistoryEntry>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        actor.readable_asset(self.store().asset(id).await?.asset)?;
        Ok(self.store().record_history(HistoryOf::Asset, id).await?.into_iter().map(AssetHistoryEntry::from).collect())
    }
}

/// How a deployed asset's holder is named in its history.
fn before_holder(view: &AssetView) -> Option<String> {
    Some(format!("{}: {}", view.asset.holder_kind.as_deref()?, view.holder_name.as_deref()?))
}

/// Clears who holds the asset.
fn release(row: &mut AssetRow, changes: &mut Changes, holder: Option<String>) {
    changes.record("checked_in_from", None, holder);
    row.holder_kind = None;
    row.holder_user_id = None;
    row.holder_location_id = None;
    row.holder_asset_id = None;
    row.checked_out_at = None;
    row.expected_return = None;
    row.accepted_at = None;
}

/// What a form or an import says of a tag another asset has.
const TAG_TAKEN: &str = "another asset has this tag";

/// A tag taken, said as a field error.
fn tag_taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::invalid("tag", TAG_TAKEN),
        other => other.into(),
    }
}

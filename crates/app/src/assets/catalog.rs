//! The catalogue assets are described with: asset types (a tag pattern and typed fields of
//! their own), manufacturers and models, and locations. Types and models apply to every
//! organisation, so only managers and administrators whose organisations are the whole tree
//! write them; a location belongs to an organisation's subtree (or to all), like other
//! configuration.

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::audits;
use helmdesk_domain::assets::depreciation::LIFE_MONTHS_MAX;
use helmdesk_domain::assets::fields::{self, FieldDef, FieldKind};
use helmdesk_domain::assets::tags::TagPattern;
use helmdesk_domain::validate;
use helmdesk_store::assets::catalog::{AssetTypeRow, LocationRow, ModelRow};
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::{Actor, App, AppError, NamedInInput, ts};

/// A kind of asset.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssetType {
    pub id: i64,
    pub name: String,
    /// New assets of this type are tagged from it (`LAP-#####`: `LAP-00042`); null: tags
    /// are typed.
    pub tag_pattern: Option<String>,
    /// The type's own fields, which its assets fill in.
    pub fields: Vec<FieldDef>,
    /// Days between physical audits of its assets; null: the installation's default
    /// (`audit_interval_days`, 365).
    pub audit_interval_days: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AssetType {
    pub(crate) fn from_row(r: AssetTypeRow) -> Result<AssetType, AppError> {
        let fields = serde_json::from_str(&r.fields)
            .map_err(|e| AppError::Internal(format!("asset type {} has unreadable fields: {e}", r.id)))?;
        Ok(AssetType {
            id: r.id,
            name: r.name,
            tag_pattern: r.tag_pattern,
            fields,
            audit_interval_days: r.audit_interval_days,
            created_at: ts(r.created_at),
            updated_at: ts(r.updated_at),
        })
    }

    /// The pattern new tags are made from, if the type has one.
    pub fn pattern(&self) -> Option<TagPattern> {
        self.tag_pattern.as_deref().and_then(|p| TagPattern::parse(p).ok())
    }
}

/// An asset type to create, or an asset type's new definition.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssetType {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// A run of `#` is the number, e.g. `LAP-#####`; absent or null: tags are typed.
    #[serde(default)]
    pub tag_pattern: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    /// Days between physical audits of its assets, 1 to 3650; absent or null: the
    /// installation's default.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3650)]
    pub audit_interval_days: Option<i64>,
}

/// A manufacturer's product of one type.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssetModel {
    pub id: i64,
    pub name: String,
    pub manufacturer_id: i64,
    pub manufacturer: String,
    pub type_id: i64,
    pub type_name: String,
    /// The useful life its assets depreciate over unless they say otherwise.
    pub depreciation_months: Option<i64>,
}

impl From<ModelRow> for AssetModel {
    fn from(r: ModelRow) -> Self {
        AssetModel {
            id: r.id,
            name: r.name,
            manufacturer_id: r.manufacturer_id,
            manufacturer: r.manufacturer_name,
            type_id: r.type_id,
            type_name: r.type_name,
            depreciation_months: r.depreciation_months,
        }
    }
}

/// A model to create; its manufacturer is named, and created when new.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssetModel {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub manufacturer: String,
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    pub type_id: i64,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 600)]
    pub depreciation_months: Option<i64>,
}

/// A site, building or room.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Location {
    pub id: i64,
    pub name: String,
    /// `site`, `building` or `room`.
    pub kind: String,
    /// The building a room is in, the site a building is on.
    pub parent_id: Option<i64>,
    /// The organisation whose subtree uses it; null: every organisation.
    pub organisation_id: Option<i64>,
}

impl From<LocationRow> for Location {
    fn from(r: LocationRow) -> Self {
        Location { id: r.id, name: r.name, kind: r.kind, parent_id: r.parent_id, organisation_id: r.organisation_id }
    }
}

/// A location to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLocation {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// `site`, `building` or `room`.
    pub kind: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// Absent: the writer's organisation (every organisation for those who may write that).
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

/// A default type's field: key, label, kind.
type DefaultField = (&'static str, &'static str, FieldKind);

/// The kinds every IT department has, with their tag patterns and own fields (key, label,
/// kind), which a fresh installation starts with; administrators rename them, give them
/// fields, add more.
const DEFAULT_TYPES: &[(&str, &str, &[DefaultField])] = {
    use FieldKind::{Number, Text, YesNo};
    const COMPUTER: &[DefaultField] =
        &[("cpu", "Processor", Text), ("ram_gb", "Memory (GB)", Number), ("disk_gb", "Disk (GB)", Number)];
    &[
        ("Laptop", "LAP-#####", COMPUTER),
        ("Desktop", "DSK-#####", COMPUTER),
        (
            "Server",
            "SRV-####",
            &[("cpu", "Processor", Text), ("ram_gb", "Memory (GB)", Number), ("rack_unit", "Rack unit", Text)],
        ),
        ("Virtual machine", "VM-#####", &[("vcpus", "Virtual CPUs", Number), ("ram_gb", "Memory (GB)", Number)]),
        ("Network device", "NET-####", &[("ports", "Ports", Number), ("firmware", "Firmware", Text)]),
        ("Printer", "PRN-####", &[("colour", "Colour", YesNo)]),
        ("Phone", "PHN-#####", &[("imei", "IMEI", Text), ("number", "Phone number", Text)]),
        ("Monitor", "MON-#####", &[("size_in", "Size (inches)", Number)]),
        ("Peripheral", "PER-#####", &[]),
        ("Cloud resource", "CLD-#####", &[("provider", "Provider", Text), ("region", "Region", Text)]),
    ]
};

fn checked_interval(new: &NewAssetType) -> Result<Option<i64>, AppError> {
    Ok(new.audit_interval_days.map(|d| audits::interval("audit_interval_days", d)).transpose()?)
}

/// The kinds of location, largest first.
pub const LOCATION_KINDS: [&str; 3] = ["site", "building", "room"];

fn checked_type(new: &NewAssetType) -> Result<(String, Option<String>, String), AppError> {
    let name = validate::name("name", &new.name)?;
    let pattern = match new.tag_pattern.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(TagPattern::parse(p)?.as_text()),
        None => None,
    };
    let fields = fields::check_defs(&new.fields)?;
    let fields = serde_json::to_string(&fields).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((name, pattern, fields))
}

impl App {
    /// Indexes for search the assets and configuration items made before the search index
    /// existed: at every start (after the first, there is nothing to do).
    pub async fn index_unindexed_assets(&self) -> Result<usize, AppError> {
        Ok(self.store().index_unindexed_terms().await?)
    }

    /// Gives a database without asset types the usual ones (laptop, desktop, server, ...):
    /// at every start, so that a fresh installation has them, while a database restored
    /// from a backup keeps its own.
    pub async fn default_asset_types(&self) -> Result<(), AppError> {
        if !self.store().asset_types().await?.is_empty() {
            return Ok(());
        }
        for (name, pattern, fields) in DEFAULT_TYPES {
            let fields: Vec<FieldDef> = fields
                .iter()
                .map(|(key, label, kind)| FieldDef { key: key.to_string(), label: label.to_string(), kind: *kind })
                .collect();
            let fields = serde_json::to_string(&fields).map_err(|e| AppError::Internal(e.to_string()))?;
            match self.store().create_asset_type(name, Some(pattern), &fields, None, self.now_micros()).await {
                // Another node starting at the same time made it first.
                Ok(_) | Err(helmdesk_store::StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Every asset type.
    pub async fn asset_types(&self, actor: &Actor) -> Result<Vec<AssetType>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        self.store().asset_types().await?.into_iter().map(AssetType::from_row).collect()
    }

    /// One asset type.
    pub async fn asset_type(&self, actor: &Actor, id: i64) -> Result<AssetType, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        AssetType::from_row(self.store().asset_type(id).await?)
    }

    /// Creates an asset type (every organisation uses it).
    pub async fn create_asset_type(&self, actor: &Actor, new: &NewAssetType) -> Result<AssetType, AppError> {
        actor.require(AssetPermission::Configure)?;
        actor.require_scope(None)?;
        let (name, pattern, fields) = checked_type(new)?;
        let interval = checked_interval(new)?;
        let row = self.store().create_asset_type(&name, pattern.as_deref(), &fields, interval, self.now_micros()).await;
        AssetType::from_row(row.map_err(|e| name_taken(e, "an asset type"))?)
    }

    /// Replaces an asset type's name, tag pattern and fields. Values of fields it no longer
    /// has stay on the assets and are shown again if the field comes back.
    pub async fn update_asset_type(&self, actor: &Actor, id: i64, new: &NewAssetType) -> Result<AssetType, AppError> {
        actor.require(AssetPermission::Configure)?;
        actor.require_scope(None)?;
        self.store().asset_type(id).await?;
        let (name, pattern, fields) = checked_type(new)?;
        let interval = checked_interval(new)?;
        let row =
            self.store().update_asset_type(id, &name, pattern.as_deref(), &fields, interval, self.now_micros()).await;
        AssetType::from_row(row.map_err(|e| name_taken(e, "an asset type"))?)
    }

    /// Every model.
    pub async fn asset_models(&self, actor: &Actor) -> Result<Vec<AssetModel>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        Ok(self.store().asset_models().await?.into_iter().map(AssetModel::from).collect())
    }

    /// Creates a model, and its manufacturer when it is new.
    pub async fn create_asset_model(&self, actor: &Actor, new: &NewAssetModel) -> Result<AssetModel, AppError> {
        actor.require(AssetPermission::Configure)?;
        actor.require_scope(None)?;
        let manufacturer = validate::name("manufacturer", &new.manufacturer)?;
        let name = validate::name("name", &new.name)?;
        if new.depreciation_months.is_some_and(|m| !(1..=i64::from(LIFE_MONTHS_MAX)).contains(&m)) {
            return Err(AppError::invalid("depreciation_months", "must be between 1 and 600 months"));
        }
        self.store().asset_type(new.type_id).await.named_in("type_id", "no such asset type")?;
        let now = self.now_micros();
        let maker = self.store().manufacturer_named(&manufacturer, now).await?;
        let row = self.store().create_asset_model(maker.id, new.type_id, &name, new.depreciation_months, now).await;
        Ok(row.map_err(|e| name_taken(e, "a model of this manufacturer"))?.into())
    }

    /// The locations the actor may read.
    pub async fn locations(&self, actor: &Actor) -> Result<Vec<Location>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let rows = self.store().locations().await?;
        Ok(rows.into_iter().filter(|l| actor.reads_scope(l.organisation_id)).map(Location::from).collect())
    }

    /// A location the actor may read, for an asset to name; any other is an input mistake.
    pub(crate) async fn named_location(&self, actor: &Actor, field: &str, id: i64) -> Result<LocationRow, AppError> {
        let row = self.store().location(id).await.named_in(field, "no such location")?;
        actor.readable(row).map_err(|_| AppError::invalid(field, "no such location"))
    }

    /// Creates a location: a site, a building on a site, or a room in a building.
    pub async fn create_location(&self, actor: &Actor, new: &NewLocation) -> Result<Location, AppError> {
        actor.require(AssetPermission::Configure)?;
        let name = validate::name("name", &new.name)?;
        let kind = LOCATION_KINDS
            .iter()
            .find(|k| **k == new.kind.trim())
            .ok_or_else(|| AppError::invalid("kind", "must be site, building or room"))?;
        let scope = new.organisation_id.unwrap_or_else(|| actor.default_scope());
        actor.require_scope(scope)?;
        let parent_kind = match (*kind, new.parent_id) {
            ("site", None) => None,
            ("site", Some(_)) => return Err(AppError::invalid("parent_id", "a site is not inside another place")),
            (_, None) => {
                return Err(AppError::invalid("parent_id", "a building is on a site and a room in a building"));
            }
            (_, Some(id)) => Some(self.named_location(actor, "parent_id", id).await?.kind),
        };
        let fits = matches!(
            (*kind, parent_kind.as_deref()),
            ("site", None) | ("building", Some("site")) | ("room", Some("building"))
        );
        if !fits {
            return Err(AppError::invalid("parent_id", "a building is on a site and a room in a building"));
        }
        let row = self.store().create_location(&name, kind, new.parent_id, scope, self.now_micros()).await?;
        Ok(row.into())
    }
}

/// A unique name taken, said as a field error.
fn name_taken(e: helmdesk_store::StoreError, what: &str) -> AppError {
    match e {
        helmdesk_store::StoreError::Conflict(_) => {
            AppError::invalid("name", format!("{what} of this name exists already"))
        }
        other => other.into(),
    }
}

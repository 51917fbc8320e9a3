//! What assets are described with: their types (with a tag pattern and typed fields),
//! manufacturers and their models, and the places they are kept (sites, buildings, rooms).

use crate::{Sql, Store, StoreError, Tx};

/// A kind of asset.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssetTypeRow {
    pub id: i64,
    pub name: String,
    /// New assets' tags are numbered from it (`LAP-#####`); `None`: tags are typed.
    pub tag_pattern: Option<String>,
    pub next_number: i64,
    /// The type's own fields, as JSON.
    pub fields: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Days between audits of its assets; `None`: the setting's default.
    pub audit_interval_days: Option<i64>,
}

/// A maker of assets.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ManufacturerRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
}

/// A manufacturer's product, with its manufacturer's and type's names.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ModelRow {
    pub id: i64,
    pub manufacturer_id: i64,
    pub type_id: i64,
    pub name: String,
    pub depreciation_months: Option<i64>,
    pub created_at: i64,
    pub manufacturer_name: String,
    pub type_name: String,
}

/// A site, building or room.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LocationRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    /// `None`: a place every organisation uses.
    pub organisation_id: Option<i64>,
    pub created_at: i64,
}

const MODEL_SELECT: &str = "SELECT m.*, f.name AS manufacturer_name, t.name AS type_name FROM asset_models m
     JOIN manufacturers f ON f.id = m.manufacturer_id JOIN asset_types t ON t.id = m.type_id";

impl Store {
    /// Every asset type, by name.
    pub async fn asset_types(&self) -> Result<Vec<AssetTypeRow>, StoreError> {
        Sql::new("SELECT * FROM asset_types ORDER BY lower(name), id").fetch_all(self.db()).await
    }

    /// One asset type.
    pub async fn asset_type(&self, id: i64) -> Result<AssetTypeRow, StoreError> {
        Sql::new("SELECT * FROM asset_types WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates an asset type; a name taken (in any case) is a conflict.
    pub async fn create_asset_type(
        &self,
        name: &str,
        tag_pattern: Option<&str>,
        fields: &str,
        audit_interval_days: Option<i64>,
        now: i64,
    ) -> Result<AssetTypeRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO asset_types (name, tag_pattern, fields, audit_interval_days, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING *",
            )
            .bind(name)
            .bind(tag_pattern)
            .bind(fields)
            .bind(audit_interval_days)
            .bind(now),
        )
        .await
    }

    /// Replaces an asset type's name, tag pattern, fields and audit interval.
    pub async fn update_asset_type(
        &self,
        id: i64,
        name: &str,
        tag_pattern: Option<&str>,
        fields: &str,
        audit_interval_days: Option<i64>,
        now: i64,
    ) -> Result<AssetTypeRow, StoreError> {
        self.write_returning(
            Sql::new(
                "UPDATE asset_types SET name = $1, tag_pattern = $2, fields = $3, audit_interval_days = $4, updated_at = $5
                 WHERE id = $6 RETURNING *",
            )
            .bind(name)
            .bind(tag_pattern)
            .bind(fields)
            .bind(audit_interval_days)
            .bind(now)
            .bind(id),
        )
        .await
    }

    /// Takes the next number of a type's tag pattern, inside the transaction that uses it,
    /// so that two assets never get the same one.
    pub async fn take_tag_number(&self, tx: &mut Tx, type_id: i64) -> Result<i64, StoreError> {
        Sql::new("UPDATE asset_types SET next_number = next_number + 1 WHERE id = $1 RETURNING next_number - 1")
            .bind(type_id)
            .scalar(&mut *tx)
            .await
    }

    /// Takes the next number of a type's tag pattern in a transaction of its own, so that
    /// the type's row is locked for milliseconds and not for the whole of a longer
    /// transaction that uses the number (an inventory's); a number taken for a
    /// transaction that then fails is a harmless gap.
    pub async fn take_tag_number_now(&self, type_id: i64) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let number = self.take_tag_number(&mut tx, type_id).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Every manufacturer, by name.
    pub async fn manufacturers(&self) -> Result<Vec<ManufacturerRow>, StoreError> {
        Sql::new("SELECT * FROM manufacturers ORDER BY lower(name), id").fetch_all(self.db()).await
    }

    /// The manufacturer of this name (in any case), created when there is none.
    pub async fn manufacturer_named(&self, name: &str, now: i64) -> Result<ManufacturerRow, StoreError> {
        let found: Option<ManufacturerRow> = Sql::new("SELECT * FROM manufacturers WHERE lower(name) = lower($1)")
            .bind(name)
            .fetch_optional(self.db())
            .await?;
        match found {
            Some(row) => Ok(row),
            None => {
                self.write_returning(
                    Sql::new(
                        "INSERT INTO manufacturers (name, created_at) VALUES ($1, $2)
                         ON CONFLICT (lower(name)) DO UPDATE SET name = manufacturers.name RETURNING *",
                    )
                    .bind(name)
                    .bind(now),
                )
                .await
            }
        }
    }

    /// Every model, by manufacturer and name.
    pub async fn asset_models(&self) -> Result<Vec<ModelRow>, StoreError> {
        Sql::new(format!("{MODEL_SELECT} ORDER BY lower(f.name), lower(m.name), m.id")).fetch_all(self.db()).await
    }

    /// One model.
    pub async fn asset_model(&self, id: i64) -> Result<ModelRow, StoreError> {
        Sql::new(format!("{MODEL_SELECT} WHERE m.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// Creates a model; a name its manufacturer already uses is a conflict.
    pub async fn create_asset_model(
        &self,
        manufacturer_id: i64,
        type_id: i64,
        name: &str,
        depreciation_months: Option<i64>,
        now: i64,
    ) -> Result<ModelRow, StoreError> {
        let id: i64 = self
            .write_returning::<(i64,)>(
                Sql::new(
                    "INSERT INTO asset_models (manufacturer_id, type_id, name, depreciation_months, created_at)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(manufacturer_id)
                .bind(type_id)
                .bind(name)
                .bind(depreciation_months)
                .bind(now),
            )
            .await?
            .0;
        self.asset_model(id).await
    }

    /// Every location, by name.
    pub async fn locations(&self) -> Result<Vec<LocationRow>, StoreError> {
        Sql::new("SELECT * FROM locations ORDER BY lower(name), id").fetch_all(self.db()).await
    }

    /// One location.
    pub async fn location(&self, id: i64) -> Result<LocationRow, StoreError> {
        Sql::new("SELECT * FROM locations WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a location.
    pub async fn create_location(
        &self,
        name: &str,
        kind: &str,
        parent_id: Option<i64>,
        organisation_id: Option<i64>,
        now: i64,
    ) -> Result<LocationRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO locations (name, kind, parent_id, organisation_id, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING *",
            )
            .bind(name)
            .bind(kind)
            .bind(parent_id)
            .bind(organisation_id)
            .bind(now),
        )
        .await
    }
}

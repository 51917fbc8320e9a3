//! CSV imports: the files kept between a preview and its confirmation, and finding the
//! asset a row describes (the discovery matcher, then the tag).

use crate::assets::discovery::DeviceIds;
use crate::{Sql, Store, StoreError};

/// A file uploaded for an import.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ImportUploadRow {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub body: String,
    pub created_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub applied_at: Option<i64>,
    pub summary: Option<String>,
}

impl Store {
    /// Keeps an uploaded file until `expires_at`, and forgets those expired before `now`.
    pub async fn create_import_upload(
        &self,
        kind: &str,
        file_name: &str,
        body: &str,
        created_by: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        Sql::new("DELETE FROM import_uploads WHERE expires_at < $1").bind(now).execute(&mut tx).await?;
        let id: i64 = Sql::new(
            "INSERT INTO import_uploads (kind, file_name, body, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(kind)
        .bind(file_name)
        .bind(body)
        .bind(created_by)
        .bind(now)
        .bind(expires_at)
        .scalar(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An uploaded file.
    pub async fn import_upload(&self, id: i64) -> Result<ImportUploadRow, StoreError> {
        Sql::new("SELECT * FROM import_uploads WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Marks a file imported, unless it was already: whether this call did.
    pub async fn claim_import_upload(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let sql = Sql::new("UPDATE import_uploads SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL");
        Ok(sql.bind(now).bind(id).execute(self.db()).await? == 1)
    }

    /// Records what an import did.
    pub async fn finish_import_upload(&self, id: i64, summary: &str) -> Result<(), StoreError> {
        let sql = Sql::new("UPDATE import_uploads SET summary = $1 WHERE id = $2");
        sql.bind(summary).bind(id).execute(self.db()).await.map(|_| ())
    }

    /// The asset within `organisations` a row describes: as discovery finds a device (by
    /// UUID, serial, hardware address), else by its tag.
    pub async fn match_asset(
        &self,
        organisations: &[i64],
        ids: &DeviceIds<'_>,
        tag: Option<&str>,
    ) -> Result<Option<i64>, StoreError> {
        let mut found = self.find_device(self.db().into(), organisations, ids).await?;
        if let (None, Some(tag)) = (found, tag) {
            let mut sql = Sql::new("SELECT a.id FROM assets a WHERE lower(a.tag) = lower($1)").bind(tag);
            crate::platform::users::push_in(&mut sql, "a.organisation_id", organisations);
            found = sql.fetch_optional::<(i64,)>(self.db()).await?.map(|r| r.0);
        }
        Ok(found)
    }

    /// Notes a hardware address of an asset, so that its agent's reports find it.
    pub async fn add_asset_mac(&self, asset_id: i64, mac: &str) -> Result<(), StoreError> {
        let sql = Sql::new("INSERT INTO asset_macs (mac, asset_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        sql.bind(mac).bind(asset_id).execute(self.db()).await.map(|_| ())
    }
}

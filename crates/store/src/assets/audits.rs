//! Physical audits: rounds with the assets they expected (written once, when a round
//! starts, in one statement) and those found; confirming an asset saves it and its round's
//! line in one transaction.

use crate::assets::hardware::AssetRow;
use crate::assets::history::Change;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError};

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub name: String,
    pub organisation_id: i64,
    pub location_id: Option<i64>,
    pub state: String,
    pub expected_count: i64,
    pub started_by: i64,
    pub started_at: i64,
    pub closed_by: Option<i64>,
    pub closed_at: Option<i64>,
}

/// A round with its names and how far it has come.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditView {
    #[sqlx(flatten)]
    pub audit: AuditRow,
    pub organisation_name: String,
    pub location_name: Option<String>,
    pub started_by_name: String,
    pub closed_by_name: Option<String>,
    /// Expected assets confirmed.
    pub found: i64,
    /// Assets confirmed that it did not expect.
    pub found_elsewhere: i64,
}

/// An asset of a round, with what it is now.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditItemView {
    pub asset_id: i64,
    pub expected: bool,
    /// Where it was expected, when the round started.
    pub location_name: Option<String>,
    /// Who or what held it when the round started.
    pub holder_name: Option<String>,
    pub found_at: Option<i64>,
    pub found_by_name: Option<String>,
    pub tag: String,
    pub name: String,
    pub serial: Option<String>,
    /// Where its record puts it now.
    pub current_location: Option<String>,
}

/// Which assets a round expects: those of `organisations` (at `locations`, when given) in
/// the states `states`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected<'a> {
    pub organisations: &'a [i64],
    pub locations: Option<&'a [i64]>,
    pub states: &'a [&'a str],
}

const VIEW: &str = "SELECT x.*, o.name AS organisation_name, l.name AS location_name, s.name AS started_by_name,
        c.name AS closed_by_name,
        (SELECT COUNT(*) FROM asset_audit_items i WHERE i.audit_id = x.id AND i.expected AND i.found_at IS NOT NULL) AS found,
        (SELECT COUNT(*) FROM asset_audit_items i WHERE i.audit_id = x.id AND NOT i.expected) AS found_elsewhere
     FROM asset_audits x JOIN organisations o ON o.id = x.organisation_id
     LEFT JOIN locations l ON l.id = x.location_id JOIN users s ON s.id = x.started_by
     LEFT JOIN users c ON c.id = x.closed_by";

impl Store {
    /// Starts a round and writes the assets it expects, with where they are and who holds
    /// them, in one transaction.
    pub async fn create_audit(&self, new: &AuditRow, expected: &Expected<'_>) -> Result<AuditRow, StoreError> {
        let mut tx = self.begin().await?;
        let columns = ["name", "organisation_id", "location_id", "state", "started_by", "started_at"];
        let args = vec![
            (&new.name).into(),
            new.organisation_id.into(),
            new.location_id.into(),
            (&new.state).into(),
            new.started_by.into(),
            new.started_at.into(),
        ];
        let audit: AuditRow = Sql::insert_returning("asset_audits", &columns, args).fetch_one(&mut tx).await?;
        let mut sql = Sql::new(
            "INSERT INTO asset_audit_items (audit_id, asset_id, expected, location_name, holder_name)
             SELECT $1, a.id, TRUE, l.name,
                    CASE a.holder_kind WHEN 'person' THEN hu.name WHEN 'location' THEN hl.name WHEN 'asset' THEN ha.tag END
             FROM assets a LEFT JOIN locations l ON l.id = a.location_id
             LEFT JOIN users hu ON hu.id = a.holder_user_id LEFT JOIN locations hl ON hl.id = a.holder_location_id
             LEFT JOIN assets ha ON ha.id = a.holder_asset_id WHERE 1 = 1",
        )
        .bind(audit.id);
        push_in(&mut sql, "a.organisation_id", expected.organisations);
        if let Some(locations) = expected.locations {
            push_in(&mut sql, "a.location_id", locations);
        }
        let states: Vec<String> = expected.states.iter().map(|s| s.to_string()).collect();
        push_in(&mut sql, "a.state", &states);
        let count = sql.execute(&mut tx).await? as i64;
        let audit = Sql::new("UPDATE asset_audits SET expected_count = $1 WHERE id = $2 RETURNING *")
            .bind(count)
            .bind(audit.id)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(audit)
    }

    /// One round with its names and counts.
    pub async fn audit(&self, id: i64) -> Result<AuditView, StoreError> {
        Sql::new(format!("{VIEW} WHERE x.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// A page of the rounds of `organisations` (`None`: all), newest first, after `before`.
    pub async fn audits(
        &self,
        organisations: Option<&[i64]>,
        state: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditView>, StoreError> {
        let mut sql = Sql::new(format!("{VIEW} WHERE 1 = 1"));
        if let Some(orgs) = organisations {
            push_in(&mut sql, "x.organisation_id", orgs);
        }
        if let Some(state) = state {
            let p = sql.arg(state);
            sql.push(&format!(" AND x.state = {p}"));
        }
        if let Some(id) = before {
            let p = sql.arg(id);
            sql.push(&format!(" AND x.id < {p}"));
        }
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY x.id DESC LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// A round's assets, by tag.
    pub async fn audit_items(&self, audit_id: i64) -> Result<Vec<AuditItemView>, StoreError> {
        Sql::new(
            "SELECT i.asset_id, i.expected, i.location_name, i.holder_name, i.found_at, u.name AS found_by_name,
                    a.tag, a.name, a.serial, l.name AS current_location
             FROM asset_audit_items i JOIN assets a ON a.id = i.asset_id
             LEFT JOIN users u ON u.id = i.found_by LEFT JOIN locations l ON l.id = a.location_id
             WHERE i.audit_id = $1 ORDER BY lower(a.tag), a.id",
        )
        .bind(audit_id)
        .fetch_all(self.db())
        .await
    }

    /// Whether a round expected an asset, and when it was found in it: `None` when the
    /// round has no line for it.
    pub async fn audit_item(&self, audit_id: i64, asset_id: i64) -> Result<Option<(bool, Option<i64>)>, StoreError> {
        Sql::new("SELECT expected, found_at FROM asset_audit_items WHERE audit_id = $1 AND asset_id = $2")
            .bind(audit_id)
            .bind(asset_id)
            .fetch_optional(self.db())
            .await
    }

    /// The open rounds that expect an asset and have not found it yet.
    pub async fn audits_awaiting(&self, asset_id: i64) -> Result<Vec<AuditRow>, StoreError> {
        Sql::new(
            "SELECT x.* FROM asset_audit_items i JOIN asset_audits x ON x.id = i.audit_id
             WHERE i.asset_id = $1 AND i.found_at IS NULL AND x.state = 'open' ORDER BY x.id",
        )
        .bind(asset_id)
        .fetch_all(self.db())
        .await
    }

    /// The ids of the assets whose tag, else whose serial number, is `code` (in any case).
    pub async fn asset_ids_by_code(&self, code: &str) -> Result<Vec<i64>, StoreError> {
        let by_tag: Vec<(i64,)> =
            Sql::new("SELECT id FROM assets WHERE lower(tag) = lower($1)").bind(code).fetch_all(self.db()).await?;
        if !by_tag.is_empty() {
            return Ok(by_tag.into_iter().map(|r| r.0).collect());
        }
        let by_serial: Vec<(i64,)> =
            Sql::new("SELECT id FROM assets WHERE lower(serial) = lower($1) ORDER BY id LIMIT 10")
                .bind(code)
                .fetch_all(self.db())
                .await?;
        Ok(by_serial.into_iter().map(|r| r.0).collect())
    }

    /// Records an asset found in an open round (expected or not) and saves the asset (its
    /// audit dates) with its history, in one transaction. `Ok(false)`, with nothing
    /// changed, when the round found it already or is closed.
    pub async fn confirm_audit_item(
        &self,
        audit_id: i64,
        asset: &AssetRow,
        expected_version: i64,
        actor_id: i64,
        changes: &[Change],
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let at = asset.updated_at;
        let recorded = Sql::new(
            "INSERT INTO asset_audit_items (audit_id, asset_id, expected, found_at, found_by)
             SELECT $1, $2, FALSE, $3, $4 FROM asset_audits WHERE id = $1 AND state = 'open'
             ON CONFLICT (audit_id, asset_id) DO UPDATE SET found_at = excluded.found_at, found_by = excluded.found_by
             WHERE asset_audit_items.found_at IS NULL",
        )
        .bind(audit_id)
        .bind(asset.id)
        .bind(at)
        .bind(actor_id)
        .execute(&mut tx)
        .await?;
        if recorded == 0 {
            return Ok(false);
        }
        self.save_asset_in(&mut tx, asset, expected_version, Some(actor_id), changes).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Closes an open round; `None` when it was closed already.
    pub async fn close_audit(&self, id: i64, actor_id: i64, at: i64) -> Result<Option<AuditRow>, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "UPDATE asset_audits SET state = 'closed', closed_by = $1, closed_at = $2
             WHERE id = $3 AND state = 'open' RETURNING *",
        )
        .bind(actor_id)
        .bind(at)
        .bind(id)
        .fetch_optional(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }
}

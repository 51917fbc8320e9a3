//! Discovery: the enrolment tokens agents report with, each device's last inventory and
//! the hardware addresses it is found again by.

use crate::assets::history::{Change, HistoryOf, insert_history};
use crate::platform::users::push_in;
use crate::{Backend, On, Sql, Store, StoreError, Tx};

/// An enrolment token (its SHA-256, never the token), with its organisation's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AgentTokenRow {
    pub id: i64,
    pub name: String,
    pub token_hash: String,
    pub organisation_id: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub organisation_name: String,
    /// How many devices report with it.
    pub devices: i64,
}

/// A device's last inventory.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct InventoryRow {
    pub asset_id: i64,
    pub agent: String,
    pub device_id: String,
    pub uuid: Option<String>,
    pub token_id: Option<i64>,
    /// The values the agent last gave for fields people may change too, as JSON.
    pub reported: String,
    /// Hardware and system, as JSON.
    pub facts: String,
    pub reports: i64,
    pub first_reported_at: i64,
    pub reported_at: i64,
}

/// What a report identifies its device by.
#[derive(Debug, Clone, Copy)]
pub struct DeviceIds<'a> {
    pub uuid: Option<&'a str>,
    pub serial: Option<&'a str>,
    /// Hardware addresses as stored (`aa:bb:cc:dd:ee:ff`).
    pub macs: &'a [String],
    /// The reporting agent's kind and its own name for the device.
    pub agent: &'a str,
    pub device_id: &'a str,
}

const TOKEN_SELECT: &str = "SELECT t.*, o.name AS organisation_name,
        (SELECT COUNT(*) FROM asset_inventories i WHERE i.token_id = t.id) AS devices
     FROM agent_tokens t JOIN organisations o ON o.id = t.organisation_id";

impl Store {
    /// Records an enrolment token.
    pub async fn create_agent_token(
        &self,
        name: &str,
        token_hash: &str,
        organisation_id: i64,
        created_by: i64,
        now: i64,
    ) -> Result<AgentTokenRow, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = Sql::new(
            "INSERT INTO agent_tokens (name, token_hash, organisation_id, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(token_hash)
        .bind(organisation_id)
        .bind(created_by)
        .bind(now)
        .scalar(&mut tx)
        .await?;
        let row = Sql::new(format!("{TOKEN_SELECT} WHERE t.id = $1")).bind(id).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The first active administrator: who the command line makes tokens as.
    pub async fn first_administrator(&self) -> Result<Option<i64>, StoreError> {
        let sql = Sql::new("SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id LIMIT 1");
        Ok(sql.fetch_optional::<(i64,)>(self.db()).await?.map(|r| r.0))
    }

    /// Every enrolment token within `organisations` (`None`: all), newest first.
    pub async fn agent_tokens(&self, organisations: Option<&[i64]>) -> Result<Vec<AgentTokenRow>, StoreError> {
        let mut sql = Sql::new(format!("{TOKEN_SELECT} WHERE 1 = 1"));
        if let Some(orgs) = organisations {
            push_in(&mut sql, "t.organisation_id", orgs);
        }
        sql.push(" ORDER BY t.id DESC");
        sql.fetch_all(self.db()).await
    }

    /// One enrolment token.
    pub async fn agent_token(&self, id: i64) -> Result<AgentTokenRow, StoreError> {
        Sql::new(format!("{TOKEN_SELECT} WHERE t.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// The token whose SHA-256 is `hash`, unless revoked.
    pub async fn live_agent_token(&self, hash: &str) -> Result<Option<AgentTokenRow>, StoreError> {
        Sql::new(format!("{TOKEN_SELECT} WHERE t.token_hash = $1 AND t.revoked_at IS NULL"))
            .bind(hash)
            .fetch_optional(self.db())
            .await
    }

    /// Revokes a token: its agents' next reports are refused.
    pub async fn revoke_agent_token(&self, id: i64, now: i64) -> Result<(), StoreError> {
        let sql = Sql::new("UPDATE agent_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL");
        sql.bind(now).bind(id).execute(self.db()).await.map(|_| ())
    }

    /// Holds, until `tx` ends, a lock on each identity a report names (its UUID, serial,
    /// hardware addresses, and the agent's own device id), so that two reports of one new
    /// device cannot both add it: the second waits for the first to commit, then finds
    /// its device. PostgreSQL advisory locks, taken in one order so that two reports never
    /// wait for each other; SQLite has one writer already.
    pub async fn lock_device(&self, tx: &mut Tx, ids: &DeviceIds<'_>) -> Result<(), StoreError> {
        if self.backend() != Backend::Postgres {
            return Ok(());
        }
        let mut keys: Vec<String> = ids.macs.iter().map(|m| format!("device mac {m}")).collect();
        keys.extend(ids.uuid.map(|u| format!("device uuid {}", u.to_lowercase())));
        keys.extend(ids.serial.map(|s| format!("device serial {}", s.to_lowercase())));
        keys.push(format!("device agent {} {}", ids.agent, ids.device_id));
        keys.sort();
        keys.dedup();
        for key in keys {
            Sql::new("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind(key).execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// The asset within `organisations` a report describes: the one whose inventory has its
    /// UUID, else the one with its serial, else one with any of its hardware addresses,
    /// else the one the same agent reported under the same device id (a virtual machine
    /// or container may have none of the others; an import's row has none). Read through
    /// `on`: the pool for a first look, the transaction that writes the report for the
    /// answer that counts.
    pub async fn find_device(
        &self,
        mut on: On<'_>,
        organisations: &[i64],
        ids: &DeviceIds<'_>,
    ) -> Result<Option<i64>, StoreError> {
        let DeviceIds { uuid, serial, macs, agent, device_id } = *ids;
        if let Some(uuid) = uuid {
            let mut sql = Sql::new(
                "SELECT a.id FROM asset_inventories i JOIN assets a ON a.id = i.asset_id WHERE lower(i.uuid) = lower($1)",
            )
            .bind(uuid);
            push_in(&mut sql, "a.organisation_id", organisations);
            sql.push(" ORDER BY a.id LIMIT 1");
            if let Some((id,)) = sql.fetch_optional::<(i64,)>(on.reborrow()).await? {
                return Ok(Some(id));
            }
        }
        if let Some(serial) = serial {
            let mut sql = Sql::new("SELECT a.id FROM assets a WHERE lower(a.serial) = lower($1)").bind(serial);
            push_in(&mut sql, "a.organisation_id", organisations);
            sql.push(" ORDER BY a.id LIMIT 1");
            if let Some((id,)) = sql.fetch_optional::<(i64,)>(on.reborrow()).await? {
                return Ok(Some(id));
            }
        }
        if !macs.is_empty() {
            let mut sql = Sql::new("SELECT a.id FROM asset_macs m JOIN assets a ON a.id = m.asset_id WHERE 1 = 1");
            push_in(&mut sql, "m.mac", macs);
            push_in(&mut sql, "a.organisation_id", organisations);
            sql.push(" ORDER BY a.id LIMIT 1");
            if let Some((id,)) = sql.fetch_optional::<(i64,)>(on.reborrow()).await? {
                return Ok(Some(id));
            }
        }
        // A row of a file (not an agent) names no agent's device id.
        if device_id.is_empty() {
            return Ok(None);
        }
        let mut sql = Sql::new(
            "SELECT a.id FROM asset_inventories i JOIN assets a ON a.id = i.asset_id WHERE i.agent = $1 AND i.device_id = $2",
        )
        .bind(agent)
        .bind(device_id);
        push_in(&mut sql, "a.organisation_id", organisations);
        sql.push(" ORDER BY a.id LIMIT 1");
        Ok(sql.fetch_optional::<(i64,)>(on.reborrow()).await?.map(|r| r.0))
    }

    /// A device's last inventory.
    pub async fn inventory(&self, asset_id: i64) -> Result<Option<InventoryRow>, StoreError> {
        Sql::new("SELECT * FROM asset_inventories WHERE asset_id = $1").bind(asset_id).fetch_optional(self.db()).await
    }

    /// [`Store::inventory`] within a transaction.
    pub async fn inventory_in(&self, tx: &mut Tx, asset_id: i64) -> Result<Option<InventoryRow>, StoreError> {
        Sql::new("SELECT * FROM asset_inventories WHERE asset_id = $1").bind(asset_id).fetch_optional(&mut *tx).await
    }

    /// Saves a device's inventory, its hardware addresses (when it names any) and the history lines of what
    /// the report changed (by no person), and marks the token used.
    pub async fn save_inventory(
        &self,
        tx: &mut Tx,
        row: &InventoryRow,
        macs: &[String],
        changes: &[Change],
    ) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO asset_inventories (asset_id, agent, device_id, uuid, token_id, reported, facts, reports,
                 first_reported_at, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)
             ON CONFLICT (asset_id) DO UPDATE SET agent = excluded.agent, device_id = excluded.device_id,
                 uuid = excluded.uuid, token_id = excluded.token_id, reported = excluded.reported,
                 facts = excluded.facts, reports = asset_inventories.reports + 1, reported_at = excluded.reported_at",
        )
        .bind(row.asset_id)
        .bind(&row.agent)
        .bind(&row.device_id)
        .bind(row.uuid.as_deref())
        .bind(row.token_id)
        .bind(&row.reported)
        .bind(&row.facts)
        .bind(row.reported_at)
        .execute(&mut *tx)
        .await?;
        // A report naming no interface says nothing of them: the last ones stay.
        if !macs.is_empty() {
            Sql::new("DELETE FROM asset_macs WHERE asset_id = $1").bind(row.asset_id).execute(&mut *tx).await?;
        }
        let rows = macs.iter().map(|m| vec![m.into(), row.asset_id.into()]).collect();
        for sql in Sql::insert_many("asset_macs", &["mac", "asset_id"], rows, "ON CONFLICT DO NOTHING") {
            sql.execute(&mut *tx).await?;
        }
        if let Some(token) = row.token_id {
            let sql = Sql::new("UPDATE agent_tokens SET last_used_at = $1 WHERE id = $2");
            sql.bind(row.reported_at).bind(token).execute(&mut *tx).await?;
        }
        insert_history(tx, HistoryOf::Asset, row.asset_id, None, changes, row.reported_at).await
    }
}

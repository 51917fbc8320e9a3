//! Discovery: enrolment tokens, and the inventories agents report with them.
//!
//! A report is matched to one asset of the token's organisation, by the UUID an agent
//! reported before, else by serial number, else by a hardware address (else by the same
//! agent's own id for the device, all a container may have), so that a device
//! reporting again, reported by two agents or also typed in or imported is one asset. A
//! device nobody has is added, in stock, of the type its chassis says. Fields people may
//! change too (the name and the serial) follow the agent while they still hold what it
//! reported last; a value a person set is kept. The hardware and system are the agent's,
//! replaced by each report, and so are the installations it reports. Every change is a
//! line in the asset's history, by no person.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::lifecycle::AssetState;
use helmdesk_domain::validate;
use helmdesk_store::assets::catalog::AssetTypeRow;
use helmdesk_store::assets::discovery::{AgentTokenRow, DeviceIds, InventoryRow};
use helmdesk_store::assets::hardware::AssetRow;
use helmdesk_store::assets::history::Change;
use helmdesk_store::assets::software::InstallationChanges;
use serde::{Deserialize, Serialize};

pub use helmdesk_domain::assets::discovery::{
    AgentReport, Chassis, DeviceFacts, Disk, NetworkInterface, Package, Usage, Volume,
};

use crate::assets::access::AssetPermission;
use crate::assets::catalog::AssetType;
use crate::assets::software::Reported;
use crate::platform::auth::{address_key, next_attempt_at};
use crate::secrets::secret_hash;
use crate::{Actor, App, AppError, ts};

/// Most software one report may list.
pub const SOFTWARE_MAX: usize = 20_000;
/// Most network interfaces, disks or volumes one report may list.
pub const PARTS_MAX: usize = 256;

/// An enrolment token, as its list shows it (never the token itself).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentToken {
    pub id: i64,
    pub name: String,
    /// Devices reported with it belong to this organisation.
    pub organisation_id: i64,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// How many devices report with it.
    pub devices: i64,
}

impl From<AgentTokenRow> for AgentToken {
    fn from(r: AgentTokenRow) -> AgentToken {
        AgentToken {
            id: r.id,
            name: r.name,
            organisation_id: r.organisation_id,
            organisation: r.organisation_name,
            created_at: ts(r.created_at),
            last_used_at: r.last_used_at.map(ts),
            revoked_at: r.revoked_at.map(ts),
            devices: r.devices,
        }
    }
}

/// A token just made: `token` is shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedAgentToken {
    #[serde(flatten)]
    pub agent_token: AgentToken,
    /// The agent's password (FusionInventory) or `--token` (helmdesk-agent).
    pub token: String,
}

/// A token to make.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgentToken {
    /// What the token is for, e.g. "Amsterdam office laptops".
    pub name: String,
    /// Devices reported with it belong to this organisation; the caller's by default.
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

/// Which agent reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgentKind {
    Fusioninventory,
    HelmdeskAgent,
}

impl AgentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentKind::Fusioninventory => "fusioninventory",
            AgentKind::HelmdeskAgent => "helmdesk-agent",
        }
    }
}

/// One inventory, whichever agent sent it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceReport {
    /// The agent's own name for the device.
    pub device_id: String,
    pub uuid: Option<String>,
    pub serial: Option<String>,
    pub chassis: Chassis,
    pub facts: DeviceFacts,
    pub software: Vec<Reported>,
}

impl DeviceReport {
    /// Helmdesk's own agent's report, as the server records it.
    pub fn from_agent(r: &AgentReport) -> DeviceReport {
        DeviceReport {
            device_id: r.device_id.clone(),
            uuid: r.uuid.clone(),
            serial: r.serial.clone(),
            chassis: r.chassis,
            facts: r.facts.clone(),
            software: r.packages.iter().filter_map(|p| Reported::new(&p.name, &p.publisher, &p.version)).collect(),
        }
    }
}

/// A device's last inventory, for its page and the API.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Inventory {
    pub asset_id: i64,
    pub agent: String,
    pub device_id: String,
    pub uuid: Option<String>,
    pub facts: DeviceFacts,
    /// How many reports it has sent.
    pub reports: i64,
    pub first_reported_at: DateTime<Utc>,
    pub reported_at: DateTime<Utc>,
}

/// What a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub asset_id: i64,
    /// The device was new.
    pub created: bool,
    pub software: InstallationChanges,
}

/// The values a report proposes for fields people may change too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Proposed {
    name: Option<String>,
    serial: Option<String>,
}

/// A hardware address as stored (`aa:bb:cc:dd:ee:ff`), or `None` for one that names no
/// device: empty, all zeros or all ones, or locally administered (containers' and VPNs'
/// virtual interfaces).
pub fn device_mac(mac: &str) -> Option<String> {
    let hex: String = mac.chars().filter(char::is_ascii_hexdigit).collect::<String>().to_ascii_lowercase();
    if hex.len() != 12 || mac.chars().any(|c| !c.is_ascii_hexdigit() && c != ':' && c != '-' && c != '.') {
        return None;
    }
    let first = u8::from_str_radix(&hex[..2], 16).ok()?;
    if hex == "000000000000" || hex == "ffffffffffff" || first & 0x02 != 0 {
        return None;
    }
    Some(hex.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap_or_default()).collect::<Vec<_>>().join(":"))
}

/// A serial that names a device (not a vendor's placeholder).
fn device_serial(serial: &Option<String>) -> Option<&str> {
    let s = serial.as_deref()?.trim();
    let placeholder = s.is_empty()
        || s.chars().all(|c| c == '0' || c == ' ')
        || ["to be filled by o.e.m.", "default string", "system serial number", "not specified", "none", "n/a"]
            .contains(&s.to_ascii_lowercase().as_str());
    (!placeholder).then_some(s)
}

impl App {
    /// Makes an enrolment token for `new.organisation_id` (the actor's by default).
    pub async fn create_agent_token(&self, actor: &Actor, new: &NewAgentToken) -> Result<IssuedAgentToken, AppError> {
        actor.require(AssetPermission::Configure)?;
        let name = validate::name("name", &new.name)?;
        let organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let token = crate::platform::auth::new_secret("hdagent_");
        let row = self
            .store()
            .create_agent_token(&name, &secret_hash(&token), organisation_id, actor.id, self.now_micros())
            .await?;
        Ok(IssuedAgentToken { agent_token: row.into(), token })
    }

    /// Makes an enrolment token from the command line, as the first administrator, for the
    /// organisation named (the administrator's by default).
    pub async fn create_agent_token_here(
        &self,
        name: &str,
        organisation: Option<&str>,
    ) -> Result<IssuedAgentToken, AppError> {
        let admin = self.store().first_administrator().await?.ok_or_else(|| {
            AppError::Conflict("there is no administrator yet: add one with `helmdesk user add --role admin`".into())
        })?;
        let actor = self.actor_by_id(admin).await?;
        let organisation_id = match organisation {
            Some(o) => Some(
                self.organisation_id_named(o)
                    .await?
                    .ok_or_else(|| AppError::invalid("organisation", format!("no organisation is named {o:?}")))?,
            ),
            None => None,
        };
        self.create_agent_token(&actor, &NewAgentToken { name: name.to_string(), organisation_id }).await
    }

    /// The enrolment tokens of the actor's organisations.
    pub async fn agent_tokens(&self, actor: &Actor) -> Result<Vec<AgentToken>, AppError> {
        actor.require(AssetPermission::Configure)?;
        let rows = self.store().agent_tokens(actor.organisation_scope().as_deref()).await?;
        Ok(rows.into_iter().map(AgentToken::from).collect())
    }

    /// Revokes a token: its agents' next reports are refused. The devices stay.
    pub async fn revoke_agent_token(&self, actor: &Actor, id: i64) -> Result<AgentToken, AppError> {
        actor.require(AssetPermission::Configure)?;
        let row = self.store().agent_token(id).await?;
        if !actor.sees_organisation(row.organisation_id) {
            return Err(AppError::NotFound);
        }
        self.store().revoke_agent_token(id, self.now_micros()).await?;
        Ok(self.store().agent_token(id).await?.into())
    }

    /// The live token a report presents. A wrong or missing one is unauthenticated, and
    /// counted against the client's address: after 20 in an hour, it waits (1 s, 2 s, 4 s
    /// ... up to 15 minutes) before being told again.
    pub async fn agent_token_of(&self, token: Option<&str>, client: Option<IpAddr>) -> Result<AgentTokenRow, AppError> {
        if let Some(token) = token
            && let Some(row) = self.store().live_agent_token(&secret_hash(token)).await?
        {
            return Ok(row);
        }
        let now = self.now_micros();
        let key = format!("agent-address:{}", address_key(client));
        let hour = 3_600_000_000;
        let taken = self
            .store()
            .take_login_attempt(&[key.as_str()], now, now - hour, |_, n| next_attempt_at(now, n, 20, hour / 4))
            .await?;
        match taken {
            Ok(()) => Err(AppError::Unauthenticated),
            Err(until) => Err(AppError::TooManyAttempts { retry_after_secs: ((until - now) / 1_000_000).max(1) }),
        }
    }

    /// A device's last inventory, if an agent reports it.
    pub async fn inventory(&self, actor: &Actor, asset_id: i64) -> Result<Option<Inventory>, AppError> {
        actor.readable_asset(self.store().asset(asset_id).await?.asset)?;
        let Some(row) = self.store().inventory(asset_id).await? else { return Ok(None) };
        let facts = serde_json::from_str(&row.facts).unwrap_or_default();
        Ok(Some(Inventory {
            asset_id,
            agent: row.agent,
            device_id: row.device_id,
            uuid: row.uuid,
            facts,
            reports: row.reports,
            first_reported_at: ts(row.first_reported_at),
            reported_at: ts(row.reported_at),
        }))
    }

    /// Records a report sent with `token`: finds or adds the device, updates what the agent
    /// owns, replaces its reported software, all in one transaction.
    pub async fn record_inventory(
        &self,
        token: &AgentTokenRow,
        agent: AgentKind,
        report: &DeviceReport,
    ) -> Result<Recorded, AppError> {
        check_report(report)?;
        let organisations = self.subtree(token.organisation_id).await?;
        let macs: Vec<String> = report.facts.networks.iter().filter_map(|n| device_mac(n.mac.as_deref()?)).collect();
        let serial = device_serial(&report.serial);
        let uuid = report.uuid.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let hostname = report.facts.hostname.clone().unwrap_or_else(|| report.device_id.clone());
        let proposed = Proposed { name: Some(cut(&hostname)), serial: serial.map(cut) };
        let naming = self.naming().await?;
        // A new device needs a type; a database that never started a server has none yet.
        // (Before the transaction: on SQLite it holds the one writer.)
        self.default_asset_types().await?;
        let types = self.store().asset_types().await?;
        let now = self.now_micros();
        let device_id = cut(&report.device_id);
        let ids = DeviceIds { uuid, serial, macs: &macs, agent: agent.as_str(), device_id: &device_id };
        // A device seen for the first time takes its tag number now, in a transaction of
        // its own: taken inside the report's, it would lock the type's row until the
        // report's thousands of installations are written, and on PostgreSQL every other
        // new device of the type would wait for it.
        let store = self.store();
        let number = match store.find_device(store.db().into(), &organisations, &ids).await? {
            Some(_) => None,
            None => {
                let type_id = discovered_asset(&types, token, report.chassis, &proposed, now)?.type_id;
                Some(store.take_tag_number_now(type_id).await?)
            }
        };
        // Everything below reads through the transaction: on PostgreSQL a read through the
        // pool would hold a second connection per report and run the pool dry under load.
        let mut tx = self.store().begin().await?;
        self.store().lock_device(&mut tx, &ids).await?;
        let found = self.store().find_device((&mut tx).into(), &organisations, &ids).await?;
        let (asset_id, created, mut changes) = match found {
            Some(id) => {
                let before = self.store().inventory_in(&mut tx, id).await?;
                let last: Proposed =
                    before.as_ref().and_then(|b| serde_json::from_str(&b.reported).ok()).unwrap_or_default();
                let changes = self.follow_agent(&mut tx, id, &last, &proposed, now).await?;
                (id, false, changes)
            }
            None => {
                let row = discovered_asset(&types, token, report.chassis, &proposed, now)?;
                let kind = AssetType::from_row(
                    types.iter().find(|t| t.id == row.type_id).cloned().ok_or(AppError::NotFound)?,
                )?;
                let pattern = kind.pattern();
                let fallback = cut(&report.device_id);
                let tag = |n: i64| pattern.as_ref().map(|p| p.tag(n.max(0) as u64)).unwrap_or_else(|| fallback.clone());
                // The number the first look took (if another report made the device since,
                // the other branch runs and the number is a gap); none when the first look
                // found a device that has gone since, and one is taken here.
                let row = match number {
                    Some(n) => AssetRow { tag: tag(n), ..row },
                    None => row,
                };
                let lines = [Change::created(AssetState::InStock.as_str())];
                let saved = self.store().create_asset_in(&mut tx, &row, &tag, &lines).await?;
                (saved.id, true, Vec::new())
            }
        };
        let installed = self.installed(&mut tx, &naming, &report.software).await?;
        let software = self.store().replace_agent_installations(&mut tx, asset_id, &installed, now).await?;
        if !software.is_empty() && !created {
            changes.push(Change {
                field: "software".into(),
                old_value: None,
                new_value: Some(format!(
                    "{} added, {} removed, {} updated",
                    software.added, software.removed, software.updated
                )),
            });
        }
        if created {
            changes.push(Change {
                field: "discovered".into(),
                old_value: None,
                new_value: Some(format!("{} ({})", agent.as_str(), token.name)),
            });
        }
        let row = InventoryRow {
            asset_id,
            agent: agent.as_str().into(),
            device_id,
            uuid: uuid.map(cut),
            token_id: Some(token.id),
            reported: serde_json::to_string(&proposed).map_err(|e| AppError::Internal(e.to_string()))?,
            facts: serde_json::to_string(&report.facts).map_err(|e| AppError::Internal(e.to_string()))?,
            reports: 1,
            first_reported_at: now,
            reported_at: now,
        };
        self.store().save_inventory(&mut tx, &row, &macs, &changes).await?;
        tx.commit().await?;
        if created || !software.is_empty() {
            self.software_needs_counting().await?;
        }
        Ok(Recorded { asset_id, created, software })
    }

    /// Moves the name and serial to what the agent reports now, where they still hold what
    /// it reported last (or nothing): a person's value is kept.
    async fn follow_agent(
        &self,
        tx: &mut helmdesk_store::Tx,
        asset_id: i64,
        last: &Proposed,
        now_proposed: &Proposed,
        now: i64,
    ) -> Result<Vec<Change>, AppError> {
        let mut row = self.store().asset_row_in(tx, asset_id).await?;
        let mut changes = Vec::new();
        let mut follow = |field: &str, current: &mut Option<String>, last: &Option<String>, new: &Option<String>| {
            let agents = current.is_none() || current.as_deref().map(str::trim) == Some("") || current == last;
            if agents && new.is_some() && current != new {
                changes.push(Change { field: field.into(), old_value: current.clone(), new_value: new.clone() });
                *current = new.clone();
            }
        };
        let mut name = Some(row.name.clone());
        follow("name", &mut name, &last.name, &now_proposed.name);
        follow("serial", &mut row.serial, &last.serial, &now_proposed.serial);
        row.name = name.unwrap_or_default();
        if !changes.is_empty() {
            row.updated_at = now;
            let version = row.version;
            self.store().save_asset_in(tx, &row, version, None, &[]).await?;
        }
        Ok(changes)
    }
}

/// A new asset for a device nobody has: in stock, of the type its chassis names (the first
/// type with a tag pattern when that type is gone), made by the token's maker.
fn discovered_asset(
    types: &[AssetTypeRow],
    token: &AgentTokenRow,
    chassis: Chassis,
    proposed: &Proposed,
    now: i64,
) -> Result<AssetRow, AppError> {
    let kind = types
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(chassis.type_name()))
        .or_else(|| types.iter().find(|t| t.tag_pattern.is_some()))
        .or(types.first())
        .ok_or_else(|| AppError::Internal("there are no asset types".into()))?;
    Ok(AssetRow {
        name: proposed.name.clone().unwrap_or_default(),
        serial: proposed.serial.clone(),
        organisation_id: token.organisation_id,
        type_id: kind.id,
        state: AssetState::InStock.as_str().into(),
        fields: "{}".into(),
        created_by: token.created_by,
        created_at: now,
        updated_at: now,
        version: 1,
        ..Default::default()
    })
}

/// A report's sizes checked: too many parts is refused whole.
fn check_report(report: &DeviceReport) -> Result<(), AppError> {
    if report.device_id.trim().is_empty() {
        return Err(AppError::invalid("device_id", "the report names no device"));
    }
    if report.software.len() > SOFTWARE_MAX {
        return Err(AppError::invalid("software", format!("at most {SOFTWARE_MAX} packages a report")));
    }
    let f = &report.facts;
    if [f.networks.len(), f.disks.len(), f.volumes.len()].iter().any(|n| *n > PARTS_MAX) {
        return Err(AppError::invalid("facts", format!("at most {PARTS_MAX} interfaces, disks or volumes a report")));
    }
    Ok(())
}

/// A reported text cut to 200 characters, trimmed.
fn cut(s: &str) -> String {
    s.trim().chars().take(crate::assets::software::NAME_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_that_name_a_device_are_kept() {
        assert_eq!(device_mac("00:1A:2b:3c:4d:5e").as_deref(), Some("00:1a:2b:3c:4d:5e"));
        assert_eq!(device_mac("00-1A-2B-3C-4D-5E").as_deref(), Some("00:1a:2b:3c:4d:5e"));
        assert_eq!(device_mac("02:42:ac:11:00:02"), None, "a container's");
        assert_eq!(device_mac("00:00:00:00:00:00"), None);
        assert_eq!(device_mac("ff:ff:ff:ff:ff:ff"), None);
        assert_eq!(device_mac("00:1a:2b:3c:4d"), None);
        assert_eq!(device_mac("00:1a:2b:3c:4d:5e'; DROP TABLE assets"), None);
    }

    #[test]
    fn vendor_placeholders_are_no_serial() {
        for s in ["", "  ", "0", "000000", "To Be Filled By O.E.M.", "Default string", "None"] {
            assert_eq!(device_serial(&Some(s.into())), None, "{s:?}");
        }
        assert_eq!(device_serial(&Some(" PF3ABC12 ".into())), Some("PF3ABC12"));
    }
}

//! Physical audits. A round is started for an organisation and its subsidiaries, or for a
//! location and the places in it, by someone who manages assets there; it writes down
//! which assets it expects (not those on order or disposed of). The auditor confirms each
//! asset found, by its tag, serial number, label or page: an expected one is found, one the
//! round did not expect is found elsewhere and recorded as such, and the asset's
//! `last_audited_at` and `next_audit_on` (today plus its type's interval, else the
//! `audit_interval_days` setting) are saved with a history line. Closing the round makes
//! its report final: found, found elsewhere, not found with who held it and where it was.
//! Staff and auditors of the round's organisation read rounds; requesters see none.

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::audits::{self, AuditState, Code, Outcome};
use helmdesk_domain::assets::lifecycle::AssetState;
use helmdesk_domain::validate;
use helmdesk_store::StoreError;
use helmdesk_store::assets::audits::{AuditItemView, AuditRow, AuditView, Expected};
use helmdesk_store::assets::catalog::LocationRow;
use helmdesk_store::assets::hardware::AssetRow;
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::hardware::{cut_page, page_limit};
use crate::assets::history::Changes;
use crate::platform::exports::{ExportRow, csv_lines, text};
use crate::{Actor, App, AppError, Page, decode_cursor, ts};

/// A round of a physical audit, with how far it has come.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Audit {
    pub id: i64,
    pub name: String,
    /// The organisation whose assets (and its subsidiaries') it looks for.
    pub organisation_id: i64,
    pub organisation: String,
    /// Where it looks (and in the places inside); null: the whole organisation.
    pub location_id: Option<i64>,
    pub location: Option<String>,
    pub state: AuditState,
    /// Assets it expected when it started.
    pub expected: i64,
    /// Expected assets confirmed so far.
    pub found: i64,
    /// Assets confirmed that it did not expect (their record puts them elsewhere).
    pub found_elsewhere: i64,
    /// Expected assets not confirmed (yet).
    pub not_found: i64,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<AuditView> for Audit {
    fn from(v: AuditView) -> Audit {
        let a = v.audit;
        Audit {
            id: a.id,
            name: a.name,
            organisation_id: a.organisation_id,
            organisation: v.organisation_name,
            location_id: a.location_id,
            location: v.location_name,
            state: if a.state == AuditState::Closed.as_str() { AuditState::Closed } else { AuditState::Open },
            expected: a.expected_count,
            found: v.found,
            found_elsewhere: v.found_elsewhere,
            not_found: (a.expected_count - v.found).max(0),
            started_by: v.started_by_name,
            started_at: ts(a.started_at),
            closed_by: v.closed_by_name,
            closed_at: a.closed_at.map(ts),
        }
    }
}

/// An asset in a round's report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditLine {
    pub asset_id: i64,
    pub tag: String,
    pub name: String,
    pub serial: Option<String>,
    /// Where it was expected when the round started (for one found elsewhere: where its
    /// record puts it).
    pub location: Option<String>,
    /// Who or what held it when the round started.
    pub holder: Option<String>,
    pub found_at: Option<DateTime<Utc>>,
    pub found_by: Option<String>,
}

impl From<AuditItemView> for AuditLine {
    fn from(i: AuditItemView) -> AuditLine {
        AuditLine {
            asset_id: i.asset_id,
            tag: i.tag,
            name: i.name,
            serial: i.serial,
            location: if i.expected { i.location_name } else { i.current_location },
            holder: i.holder_name,
            found_at: i.found_at.map(ts),
            found_by: i.found_by_name,
        }
    }
}

/// A round with its assets: found, found elsewhere, and not found (yet, while it is open).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditReport {
    pub audit: Audit,
    pub found: Vec<AuditLine>,
    pub found_elsewhere: Vec<AuditLine>,
    pub not_found: Vec<AuditLine>,
}

/// A round to start.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAudit {
    /// Absent: the place or organisation and today's date.
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    /// Absent: the starter's organisation.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// Look only here and in the places inside; absent: the whole organisation.
    #[serde(default)]
    pub location_id: Option<i64>,
}

/// An asset found: its tag, serial number or label's address as scanned (`code`), or its
/// id.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub code: Option<String>,
    #[serde(default)]
    pub asset_id: Option<i64>,
}

/// What a confirmation found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    pub outcome: Outcome,
    pub asset_id: i64,
    pub tag: String,
    pub name: String,
    /// For one found elsewhere: where its record puts it.
    pub location: Option<String>,
    pub next_audit_on: Option<chrono::NaiveDate>,
}

/// Which rounds to list, newest first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub state: Option<AuditState>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// The states of the assets a round looks for.
fn audited_states() -> Vec<&'static str> {
    AssetState::ALL.iter().filter(|s| audits::is_audited(**s)).map(|s| s.as_str()).collect()
}

/// `root` and every place inside it.
fn places_in(locations: &[LocationRow], root: i64) -> Vec<i64> {
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(locations.iter().filter(|l| l.parent_id == Some(parent)).map(|l| l.id));
        next += 1;
    }
    found
}

/// A line of a report's CSV: an asset with what became of it.
struct ReportRow {
    outcome: &'static str,
    line: AuditLine,
}

impl ExportRow for ReportRow {
    const NAME: &'static str = "audit";

    fn columns() -> &'static [&'static str] {
        &["outcome", "tag", "name", "serial", "location", "holder", "found_at", "found_by"]
    }

    fn cells(&self) -> Vec<String> {
        let l = &self.line;
        vec![
            self.outcome.to_string(),
            l.tag.clone(),
            l.name.clone(),
            text(&l.serial),
            text(&l.location),
            text(&l.holder),
            l.found_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            text(&l.found_by),
        ]
    }
}

/// The CSV of a report's lines: one per asset, with what became of it.
pub fn report_csv(report: &AuditReport) -> Result<Vec<u8>, AppError> {
    let sections =
        [("found", &report.found), ("found_elsewhere", &report.found_elsewhere), ("not_found", &report.not_found)];
    let rows: Vec<ReportRow> = sections
        .into_iter()
        .flat_map(|(outcome, lines)| lines.iter().map(move |l| ReportRow { outcome, line: l.clone() }))
        .collect();
    csv_lines(&rows, true)
}

impl Actor {
    /// A round the actor may read: staff and auditors of its organisation.
    fn readable_audit(&self, audit: AuditView) -> Result<AuditView, AppError> {
        if self.can(AssetPermission::ReadAssets) && self.sees_organisation(audit.audit.organisation_id) {
            Ok(audit)
        } else {
            Err(AppError::NotFound)
        }
    }
}

impl App {
    /// Starts a round: of the actor's organisation unless another of theirs is named, in a
    /// location (and the places inside) when one is named.
    pub async fn start_audit(&self, actor: &Actor, new: &NewAudit) -> Result<Audit, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let place = match new.location_id {
            Some(id) => Some(self.named_location(actor, "location_id", id).await?),
            None => None,
        };
        let name = match new.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => validate::name("name", n)?,
            None => {
                let what = match &place {
                    Some(p) => p.name.clone(),
                    None => self.store().organisation(organisation_id).await?.name,
                };
                format!("{what} {}", self.today())
            }
        };
        let organisations = self.subtree(organisation_id).await?;
        let locations = match &place {
            Some(p) => Some(places_in(&self.store().locations().await?, p.id)),
            None => None,
        };
        let states = audited_states();
        let expected = Expected { organisations: &organisations, locations: locations.as_deref(), states: &states };
        let row = AuditRow {
            name,
            organisation_id,
            location_id: place.map(|p| p.id),
            state: AuditState::Open.as_str().into(),
            started_by: actor.id,
            started_at: self.now_micros(),
            ..Default::default()
        };
        let saved = self.store().create_audit(&row, &expected).await?;
        Ok(self.store().audit(saved.id).await?.into())
    }

    /// A page of the rounds the actor may read, newest first.
    pub async fn list_audits(&self, actor: &Actor, q: &AuditQuery) -> Result<Page<Audit>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let limit = page_limit(q.limit)?;
        let before = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let scope = actor.organisation_scope();
        let state = q.state.map(|s| s.as_str());
        let mut rows = self.store().audits(scope.as_deref(), state, before, limit + 1).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.audit.id);
        Ok(Page { items: rows.into_iter().map(Audit::from).collect(), next_cursor })
    }

    /// A round the actor may read.
    pub async fn audit(&self, actor: &Actor, id: i64) -> Result<Audit, AppError> {
        Ok(actor.readable_audit(self.store().audit(id).await?)?.into())
    }

    /// A round with its assets, found and not.
    pub async fn audit_report(&self, actor: &Actor, id: i64) -> Result<AuditReport, AppError> {
        let audit: Audit = actor.readable_audit(self.store().audit(id).await?)?.into();
        let mut report = AuditReport { audit, found: Vec::new(), found_elsewhere: Vec::new(), not_found: Vec::new() };
        for item in self.store().audit_items(id).await? {
            let list = match (item.expected, item.found_at.is_some()) {
                (true, true) => &mut report.found,
                (false, _) => &mut report.found_elsewhere,
                (true, false) => &mut report.not_found,
            };
            list.push(item.into());
        }
        Ok(report)
    }

    /// The open rounds still looking for an asset, in which the actor may confirm it.
    pub async fn audits_awaiting(&self, actor: &Actor, asset_id: i64) -> Result<Vec<Audit>, AppError> {
        if !actor.can(AssetPermission::ManageAssets) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for row in self.store().audits_awaiting(asset_id).await? {
            if actor.sees_organisation(row.organisation_id) {
                out.push(self.store().audit(row.id).await?.into());
            }
        }
        Ok(out)
    }

    /// Confirms an asset found in an open round.
    pub async fn confirm_in_audit(&self, actor: &Actor, id: i64, found: &Confirmation) -> Result<Confirmed, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let audit = actor.readable_audit(self.store().audit(id).await?)?;
        if audit.audit.state != AuditState::Open.as_str() {
            return Err(AppError::invalid("code", "this audit is closed"));
        }
        let rounds = self.subtree(audit.audit.organisation_id).await?;
        let asset = self.asset_found(actor, found, &rounds).await?;
        // Another change to the asset between reading and saving it: read it again.
        for _ in 0..3 {
            match self.record_found(actor, &audit, asset.id).await {
                Err(AppError::PreconditionFailed) => continue,
                other => return other,
            }
        }
        Err(AppError::Conflict("the asset keeps changing; try again".into()))
    }

    /// The asset a confirmation names, if the actor sees it and it belongs in a round of
    /// `organisations`; anything else is a mistake in the input, said plainly.
    async fn asset_found(
        &self,
        actor: &Actor,
        found: &Confirmation,
        organisations: &[i64],
    ) -> Result<AssetRow, AppError> {
        let (ids, typed) = match (found.code.as_deref().map(str::trim).filter(|c| !c.is_empty()), found.asset_id) {
            (Some(code), None) => match audits::scanned_code(code) {
                Code::AssetId(id) => (vec![id], code.to_string()),
                Code::Text(text) => {
                    let text = validate::name("code", &text)?;
                    (self.store().asset_ids_by_code(&text).await?, text)
                }
            },
            (None, Some(id)) => (vec![id], format!("#{id}")),
            _ => return Err(AppError::invalid("code", "give a tag, a serial number or an asset id")),
        };
        let mut seen = Vec::new();
        for id in ids {
            let row = match self.store().asset(id).await {
                Ok(v) => v.asset,
                Err(StoreError::NotFound) => continue,
                Err(e) => return Err(e.into()),
            };
            if actor.can(AssetPermission::ReadAssets) && actor.sees_organisation(row.organisation_id) {
                seen.push(row);
            }
        }
        let Some(first) = seen.first().cloned() else {
            return Err(AppError::invalid("code", format!("unknown: no asset has the tag or serial number {typed}")));
        };
        let Some(row) = seen.into_iter().find(|a| organisations.contains(&a.organisation_id)) else {
            return Err(AppError::invalid(
                "code",
                format!("out of scope: {} belongs to an organisation this audit does not cover", first.tag),
            ));
        };
        let state: AssetState = row.state.parse().map_err(AppError::stored)?;
        if !audits::is_audited(state) {
            let state = state.as_str().replace('_', " ");
            return Err(AppError::invalid("code", format!("out of scope: {} is {state}, not audited", row.tag)));
        }
        Ok(row)
    }

    /// Records `asset_id` found in `audit` and saves its audit dates; a stale asset is
    /// [`AppError::PreconditionFailed`].
    async fn record_found(&self, actor: &Actor, audit: &AuditView, asset_id: i64) -> Result<Confirmed, AppError> {
        let view = self.store().asset(asset_id).await?;
        let before = view.asset.clone();
        let item = self.store().audit_item(audit.audit.id, asset_id).await?;
        let expected = item.is_some_and(|(expected, _)| expected);
        let confirmed = |outcome, next_audit_on| Confirmed {
            outcome,
            asset_id,
            tag: before.tag.clone(),
            name: before.name.clone(),
            location: if expected { None } else { view.location_name.clone() },
            next_audit_on,
        };
        if item.is_some_and(|(_, found_at)| found_at.is_some()) {
            let next = before.next_audit_on.as_deref().and_then(|d| d.parse().ok());
            return Ok(confirmed(Outcome::AlreadyConfirmed, next));
        }
        let outcome = if expected { Outcome::Found } else { Outcome::FoundElsewhere };
        let interval = self.store().asset_type(before.type_id).await?.audit_interval_days;
        let next = audits::next_due(self.today(), interval.unwrap_or(self.settings().audit_interval_days));
        let mut row = before.clone();
        row.updated_at = self.now_micros();
        row.last_audited_at = Some(row.updated_at);
        row.next_audit_on = Some(next.to_string());
        let mut changes = Changes::default();
        changes.record("audited", None, Some(format!("{}: {}", audit.audit.name, outcome.as_str().replace('_', " "))));
        changes.record("next_audit_on", before.next_audit_on.clone(), row.next_audit_on.clone());
        let done = self.store().confirm_audit_item(audit.audit.id, &row, before.version, actor.id, &changes.0).await;
        match done {
            Ok(true) => Ok(confirmed(outcome, Some(next))),
            Ok(false) => match self.store().audit(audit.audit.id).await?.audit.state.as_str() {
                "open" => Ok(confirmed(Outcome::AlreadyConfirmed, Some(next))),
                _ => Err(AppError::invalid("code", "this audit is closed")),
            },
            Err(StoreError::Stale) => Err(AppError::PreconditionFailed),
            Err(e) => Err(e.into()),
        }
    }

    /// Closes an open round; its report is then final.
    pub async fn close_audit(&self, actor: &Actor, id: i64) -> Result<AuditReport, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        actor.readable_audit(self.store().audit(id).await?)?;
        if self.store().close_audit(id, actor.id, self.now_micros()).await?.is_none() {
            return Err(AppError::invalid("state", "this audit is closed already"));
        }
        self.audit_report(actor, id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: i64, parent_id: Option<i64>) -> LocationRow {
        LocationRow { id, name: format!("p{id}"), kind: "room".into(), parent_id, organisation_id: None, created_at: 0 }
    }

    #[test]
    fn a_place_holds_the_places_inside_it_at_every_depth() {
        let all = [place(1, None), place(2, Some(1)), place(3, Some(2)), place(4, None), place(5, Some(4))];
        assert_eq!(places_in(&all, 1), vec![1, 2, 3]);
        assert_eq!(places_in(&all, 3), vec![3]);
    }
}

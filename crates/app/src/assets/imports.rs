//! CSV imports of assets, installations (software recorded by hand), licences and people:
//! one flow for the four kinds. A file is read by `platform::csv_files`; each row goes
//! through the use case the form uses (`create_asset`, `update_asset`, `add_installation`,
//! `create_licence`, `update_licence`, `create_user`'s checks, `update_user`, and for a
//! person's department head and cost centre `update_department` and `update_cost_centre`),
//! so an import stores nothing the form would refuse, and each row is written whole or not
//! at all. A preview (dry run) checks every row the same way and writes nothing.
//!
//! A second run of the same file creates nothing: assets are found as discovery finds a
//! device (UUID, serial, hardware address; `store::assets::discovery::find_device`), then
//! by tag; installations by device, name, publisher and version; licences by organisation,
//! product and name; people by e-mail. Every asset changed gets history lines, the last
//! naming the import.
//!
//! In the pages a file is kept between its preview and its confirmation
//! (`import_uploads`, a day), bound to the person who uploaded it: what is written is what
//! was previewed, never a second upload.

use std::collections::HashMap;

use chrono::NaiveDate;
use helmdesk_domain::Role;
use helmdesk_domain::assets::licences::{Metric, Term};
use helmdesk_domain::assets::money::{Currency, Money};
use helmdesk_store::assets::discovery::DeviceIds;
use helmdesk_store::assets::history::{Change, HistoryOf, insert_history};
use helmdesk_store::assets::licences::LicenceRow;
use helmdesk_store::platform::orgs::CostCentreRow;
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::discovery::device_mac;
use crate::assets::hardware::{AssetDetails, AssetPatch, NewAsset};
use crate::assets::licences::{NewLicence, checked_licence_terms};
use crate::assets::software::NewInstallation;
use crate::platform::access::Permission;
use crate::platform::csv_files::{CsvRow, CsvTable, decode, read_table};
use crate::platform::orgs::{CostCentreInput, DepartmentUpdate, PlannedPerson, ancestors_of};
use crate::platform::users::{NewUserInput, UserUpdate};
use crate::{Actor, App, AppError, FieldError, ts};

/// How long an uploaded file waits for its confirmation.
const UPLOAD_MICROS: i64 = 24 * 3600 * 1_000_000;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Assets,
    Software,
    Licences,
    People,
}

impl ImportKind {
    pub const ALL: &'static [ImportKind] =
        &[ImportKind::Assets, ImportKind::Software, ImportKind::Licences, ImportKind::People];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Assets => "assets",
            ImportKind::Software => "software",
            ImportKind::Licences => "licences",
            ImportKind::People => "people",
        }
    }

    /// The columns an importer reads (docs/import.md describes each).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Assets => &[
                "uuid",
                "serial",
                "mac",
                "tag",
                "name",
                "type",
                "organisation",
                "state",
                "location",
                "cost_centre",
                "purchased_on",
                "cost",
                "currency",
                "supplier",
                "order_number",
                "warranty_end",
                "end_of_life",
                "notes",
            ],
            ImportKind::Software => &["device", "publisher", "product", "version"],
            ImportKind::Licences => &[
                "name",
                "publisher",
                "product",
                "organisation",
                "metric",
                "term",
                "seats",
                "cost",
                "currency",
                "purchased_on",
                "ends_on",
                "supplier",
                "order_number",
                "contract",
                "notes",
            ],
            ImportKind::People => &[
                "name",
                "email",
                "role",
                "organisation",
                "department",
                "manager",
                "department_head",
                "cost_centre",
                "cost_centre_owner",
            ],
        }
    }

    /// The columns a file must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Assets => &["name"],
            ImportKind::Software => &["device", "product"],
            ImportKind::Licences => &["name", "product", "metric", "term"],
            ImportKind::People => &["email"],
        }
    }

    /// Whether `actor` may import this kind: asset managers and administrators; people,
    /// administrators only.
    pub fn allowed(self, actor: &Actor) -> bool {
        match self {
            ImportKind::People => actor.can(Permission::Administer),
            _ => actor.can(AssetPermission::Import),
        }
    }

    fn require(self, actor: &Actor) -> Result<(), AppError> {
        if self.allowed(actor) { Ok(()) } else { Err(AppError::Forbidden(format!("importing {}", self.as_str()))) }
    }

    /// The input field of a use case's error as the file's column.
    fn column_of(self, field: &str) -> String {
        let column = match (self, field) {
            (ImportKind::Software, "name") => "product",
            (_, "type_id") => "type",
            (_, "organisation_id") => "organisation",
            (_, "location_id") => "location",
            (_, "department_id") => "department",
            (_, "manager_id") => "manager",
            (ImportKind::People, "head_id") => "department_head",
            (ImportKind::People, "cost_centre_id") => "cost_centre",
            (ImportKind::People, "owner_id") => "cost_centre_owner",
            (_, "product_id") => "product",
            (_, "cost_minor") => "cost",
            (_, other) => other,
        };
        column.to_string()
    }
}

impl std::str::FromStr for ImportKind {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self, AppError> {
        ImportKind::ALL
            .iter()
            .find(|k| k.as_str() == s)
            .copied()
            .ok_or_else(|| AppError::invalid("kind", "must be assets, software, licences or people"))
    }
}

/// What happens (or happened) to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
    /// The row is refused; `errors` says why.
    Error,
}

/// One row's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowOutcome {
    /// The line of the file it starts on (the header is line 1).
    pub line: u64,
    pub action: RowAction,
    /// The record it made or matched (not known for a row a preview would create).
    pub id: Option<i64>,
    /// Each problem, with the column (`field`) it is in.
    pub errors: Vec<FieldError>,
}

/// What an import did, or a preview would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// A preview: nothing was written.
    pub dry_run: bool,
    /// The columns recognised, in the file's order.
    pub columns: Vec<String>,
    /// The file's other columns, ignored.
    pub ignored_columns: Vec<String>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub rows: Vec<RowOutcome>,
}

impl ImportReport {
    fn new(kind: ImportKind, dry_run: bool, table: &CsvTable) -> ImportReport {
        ImportReport {
            kind,
            dry_run,
            columns: table.columns.iter().map(|c| c.to_string()).collect(),
            ignored_columns: table.ignored.clone(),
            created: 0,
            updated: 0,
            unchanged: 0,
            failed: 0,
            rows: Vec::with_capacity(table.rows.len()),
        }
    }

    fn push(&mut self, outcome: RowOutcome) {
        *match outcome.action {
            RowAction::Create => &mut self.created,
            RowAction::Update => &mut self.updated,
            RowAction::Unchanged => &mut self.unchanged,
            RowAction::Error => &mut self.failed,
        } += 1;
        self.rows.push(outcome);
    }
}

/// A file kept for its confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct ImportUpload {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// What its import did, once confirmed.
    pub result: Option<ImportReport>,
}

/// The names rows refer to, read once per file: lower-cased name to id.
#[derive(Default)]
struct Lookups {
    /// The organisations the actor sees.
    scope: Vec<i64>,
    organisations: HashMap<String, i64>,
    types: HashMap<String, i64>,
    locations: HashMap<String, i64>,
    departments: HashMap<(i64, String), i64>,
    /// The cost centres of the organisations the actor sees.
    cost_centres: Vec<CostCentreRow>,
    /// Licences by organisation, publisher, product and name.
    licences: HashMap<(i64, String, String, String), i64>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

/// A day written `YYYY-MM-DD`.
fn day(row: &CsvRow, column: &str) -> Result<Option<NaiveDate>, AppError> {
    row.get(column)
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::invalid(column, "is not a date written YYYY-MM-DD"))
        })
        .transpose()
}

/// The amount of `cost` in minor units of `currency` (`1299.50`, `EUR`).
fn money(row: &CsvRow) -> Result<(Option<i64>, Option<String>), AppError> {
    match (row.get("cost"), row.get("currency")) {
        (None, None) => Ok((None, None)),
        (Some(_), None) => Err(AppError::invalid("currency", "an amount needs its currency")),
        (None, Some(_)) => Err(AppError::invalid("cost", "a currency needs an amount")),
        (Some(amount), Some(code)) => {
            let currency = Currency::parse(code)?;
            let m = Money::parse("cost", &amount.replace(',', "."), currency)?;
            Ok((Some(m.minor), Some(currency.to_string())))
        }
    }
}

fn number(row: &CsvRow, column: &str) -> Result<Option<i64>, AppError> {
    row.get(column).map(|n| n.parse().map_err(|_| AppError::invalid(column, "is not a whole number"))).transpose()
}

fn parsed<T: std::str::FromStr>(row: &CsvRow, column: &str, choices: &str) -> Result<Option<T>, AppError> {
    row.get(column)
        .map(|v| v.to_lowercase().parse().map_err(|_| AppError::invalid(column, format!("must be one of {choices}"))))
        .transpose()
}

fn required<'a>(row: &'a CsvRow, column: &str) -> Result<&'a str, AppError> {
    row.get(column).ok_or_else(|| AppError::invalid(column, "is required"))
}

/// A `yes`/`no` cell (also `true`/`false`, `1`/`0`); `None` when empty.
fn yes_no(row: &CsvRow, column: &str) -> Result<Option<bool>, AppError> {
    row.get(column)
        .map(|v| match v.to_lowercase().as_str() {
            "yes" | "true" | "1" => Ok(true),
            "no" | "false" | "0" => Ok(false),
            _ => Err(AppError::invalid(column, "must be yes or no")),
        })
        .transpose()
}

/// What a person's row changes in their department and its cost centre (the
/// `department_head`, `cost_centre` and `cost_centre_owner` columns): checked, not yet
/// written. A person the row adds is named [`PlannedPerson::NOT_ADDED`] until added.
#[derive(Debug, Default)]
struct ApproverChanges {
    department: Option<(i64, DepartmentUpdate)>,
    cost_centre: Option<(i64, CostCentreInput)>,
}

impl ApproverChanges {
    fn is_empty(&self) -> bool {
        self.department.is_none() && self.cost_centre.is_none()
    }

    /// The same changes naming the person the row added as `id`.
    fn naming(mut self, id: i64) -> ApproverChanges {
        let added = |v: i64| if v == PlannedPerson::NOT_ADDED { id } else { v };
        if let Some((_, update)) = &mut self.department {
            update.head_id = update.head_id.map(|h| h.map(added));
        }
        if let Some((_, input)) = &mut self.cost_centre {
            input.owner_id = input.owner_id.map(added);
        }
        self
    }
}

impl Lookups {
    /// The cost centre with `code` in the first of `organisations` (an organisation and
    /// those above it, nearest first) that has one: the code as written, else the one
    /// code written in another case.
    fn cost_centre(&self, organisations: &[i64], code: &str) -> Result<i64, AppError> {
        for org in organisations {
            let here: Vec<_> = self.cost_centres.iter().filter(|c| c.organisation_id == *org).collect();
            if let Some(c) = here.iter().find(|c| c.code == code) {
                return Ok(c.id);
            }
            let mut alike = here.iter().filter(|c| key(&c.code) == key(code));
            if let (Some(c), None) = (alike.next(), alike.next()) {
                return Ok(c.id);
            }
        }
        Err(AppError::invalid("cost_centre", "no such cost centre in the organisation"))
    }

    fn organisation(&self, row: &CsvRow, actor: &Actor) -> Result<i64, AppError> {
        match row.get("organisation") {
            Some(name) => self
                .organisations
                .get(&key(name))
                .copied()
                .ok_or_else(|| AppError::invalid("organisation", "no such organisation among yours")),
            None => Ok(actor.organisation_id),
        }
    }
}

/// The outcome of a row a use case refused: its errors by column. Something broken on our
/// side stops the import.
fn refused(kind: ImportKind, line: u64, e: AppError) -> Result<RowOutcome, AppError> {
    let one = |code: &str, detail: String| vec![FieldError { code: code.into(), detail, field: None }];
    let errors = match e {
        AppError::Invalid(errors) => errors
            .into_iter()
            .map(|mut fe| {
                fe.field = fe.field.map(|f| kind.column_of(&f));
                fe
            })
            .collect(),
        AppError::NotFound => one("not_found", "no such record among yours".into()),
        AppError::Conflict(why) => one("conflict", why),
        AppError::Forbidden(why) => one("forbidden", format!("you may not: {why}")),
        AppError::PreconditionFailed => one("changed", "the record changed meanwhile; import again".into()),
        AppError::BadRequest(why) => one("invalid", why),
        other => return Err(other),
    };
    Ok(RowOutcome { line, action: RowAction::Error, id: None, errors })
}

impl App {
    /// Imports `file` (CSV) of `kind`, or with `dry_run` says what it would do and
    /// writes nothing. `source` names the import in the history lines it writes.
    pub async fn import_csv(
        &self,
        actor: &Actor,
        kind: ImportKind,
        file: &[u8],
        dry_run: bool,
        source: &str,
    ) -> Result<ImportReport, AppError> {
        kind.require(actor)?;
        let table = read_table(file, kind.columns(), kind.required())?;
        let lookups = self.import_lookups(actor, kind).await?;
        let note = Change { field: "imported".into(), old_value: None, new_value: Some(source.to_string()) };
        let mut report = ImportReport::new(kind, dry_run, &table);
        for row in &table.rows {
            let done = match kind {
                ImportKind::Assets => self.import_asset(actor, &lookups, row, dry_run, &note).await,
                ImportKind::Software => self.import_installation(actor, &lookups, row, dry_run, &note).await,
                ImportKind::Licences => self.import_licence(actor, &lookups, row, dry_run).await,
                ImportKind::People => self.import_person(actor, &lookups, row, dry_run).await,
            };
            report.push(match done {
                Ok((action, id)) => RowOutcome { line: row.line, action, id, errors: Vec::new() },
                Err(e) => refused(kind, row.line, e)?,
            });
        }
        if !dry_run && matches!(kind, ImportKind::Software) && report.created > 0 {
            self.software_needs_counting().await?;
        }
        Ok(report)
    }

    async fn import_lookups(&self, actor: &Actor, kind: ImportKind) -> Result<Lookups, AppError> {
        let orgs = self.store().list_organisations().await?;
        let orgs: Vec<_> = orgs.into_iter().filter(|o| actor.sees_organisation(o.id)).collect();
        let mut l = Lookups {
            scope: orgs.iter().map(|o| o.id).collect(),
            organisations: orgs.iter().map(|o| (key(&o.name), o.id)).collect(),
            ..Default::default()
        };
        match kind {
            ImportKind::Assets => {
                l.types = self.store().asset_types().await?.into_iter().map(|t| (key(&t.name), t.id)).collect();
                let places = self.store().locations().await?.into_iter();
                l.locations = places
                    .filter(|p| p.organisation_id.is_none_or(|o| actor.sees_organisation(o)))
                    .map(|p| (key(&p.name), p.id))
                    .collect();
            }
            ImportKind::Licences => {
                for lic in self.licences(actor, None).await? {
                    let k = (lic.organisation_id, key(&lic.publisher), key(&lic.product), key(&lic.name));
                    l.licences.insert(k, lic.id);
                }
            }
            ImportKind::People => {
                let depts = self.store().list_departments().await?.into_iter();
                l.departments = depts.map(|d| ((d.organisation_id, key(&d.name)), d.id)).collect();
                let centres = self.store().list_cost_centres().await?.into_iter();
                l.cost_centres = centres.filter(|c| actor.sees_organisation(c.organisation_id)).collect();
            }
            ImportKind::Software => {}
        }
        Ok(l)
    }

    /// An asset's row: matched as discovery matches a device, then by tag; added when new.
    async fn import_asset(
        &self,
        actor: &Actor,
        l: &Lookups,
        row: &CsvRow,
        dry_run: bool,
        note: &Change,
    ) -> Result<(RowAction, Option<i64>), AppError> {
        let mac = row
            .get("mac")
            .map(|m| device_mac(m).ok_or_else(|| AppError::invalid("mac", "is not a device's hardware address")))
            .transpose()?;
        let macs: Vec<String> = mac.iter().cloned().collect();
        let ids = DeviceIds { uuid: row.get("uuid"), serial: row.get("serial"), macs: &macs, agent: "", device_id: "" };
        let found = self.store().match_asset(&l.scope, &ids, row.get("tag")).await?;
        let details = asset_details(l, row)?;
        let id = match found {
            Some(id) => {
                let patch = AssetPatch { name: owned(row.get("name")), tag: owned(row.get("tag")), details };
                let (before, after, mut changes) = self.planned_asset_update(actor, id, &patch, None).await?;
                if changes.0.is_empty() {
                    return Ok((RowAction::Unchanged, Some(id)));
                }
                if dry_run {
                    return Ok((RowAction::Update, Some(id)));
                }
                changes.0.push(note.clone());
                self.save_asset(actor, &before, after, changes).await?;
                id
            }
            None => {
                if row.get("tag").is_none() && row.get("serial").is_none() && mac.is_none() {
                    return Err(AppError::invalid(
                        "tag",
                        "a new asset needs a tag, a serial or a MAC address, so that the next import finds it",
                    ));
                }
                let type_name = required(row, "type")?;
                let type_id =
                    *l.types.get(&key(type_name)).ok_or_else(|| AppError::invalid("type", "no such asset type"))?;
                let new = NewAsset {
                    name: required(row, "name")?.to_string(),
                    type_id,
                    tag: owned(row.get("tag")),
                    organisation_id: Some(l.organisation(row, actor)?),
                    state: parsed(row, "state", "ordered, in_stock")?,
                    details,
                };
                if dry_run {
                    self.checked_new_asset(actor, &new).await?;
                    return Ok((RowAction::Create, None));
                }
                self.create_asset_noted(actor, &new, Some(note.clone())).await?.id
            }
        };
        if let Some(mac) = mac {
            self.store().add_asset_mac(id, &mac).await?;
        }
        Ok((if found.is_some() { RowAction::Update } else { RowAction::Create }, Some(id)))
    }

    /// Software recorded by hand on a device named by tag or serial; the same name,
    /// publisher and version on the device already is left alone.
    async fn import_installation(
        &self,
        actor: &Actor,
        l: &Lookups,
        row: &CsvRow,
        dry_run: bool,
        note: &Change,
    ) -> Result<(RowAction, Option<i64>), AppError> {
        let device = required(row, "device")?;
        let ids = DeviceIds { uuid: None, serial: Some(device), macs: &[], agent: "", device_id: "" };
        let asset_id = self
            .store()
            .match_asset(&l.scope, &ids, Some(device))
            .await?
            .ok_or_else(|| AppError::invalid("device", "no asset of yours has this tag or serial"))?;
        let new = NewInstallation {
            name: required(row, "product")?.to_string(),
            publisher: owned(row.get("publisher")),
            version: owned(row.get("version")),
            installed_on: None,
        };
        let same = |text: &str, cell: Option<&str>| key(text) == key(cell.unwrap_or_default());
        let there = self.store().installations_on(asset_id).await?.into_iter().find(|i| {
            same(&i.reported_name, Some(&new.name))
                && same(&i.reported_publisher, row.get("publisher"))
                && same(&i.version, row.get("version"))
        });
        if let Some(i) = there {
            return Ok((RowAction::Unchanged, Some(i.id)));
        }
        if dry_run {
            actor.writable_asset(self.store().asset(asset_id).await?.asset)?;
            helmdesk_domain::validate::name("product", &new.name)?;
            return Ok((RowAction::Create, None));
        }
        let installed = self.add_installation(actor, asset_id, &new).await?;
        let mut tx = self.store().begin().await?;
        insert_history(
            &mut tx,
            HistoryOf::Asset,
            asset_id,
            Some(actor.id),
            std::slice::from_ref(note),
            self.now_micros(),
        )
        .await?;
        tx.commit().await?;
        Ok((RowAction::Create, Some(installed.id)))
    }

    /// A licence: matched by organisation, product and name; a row describes all of it.
    async fn import_licence(
        &self,
        actor: &Actor,
        l: &Lookups,
        row: &CsvRow,
        dry_run: bool,
    ) -> Result<(RowAction, Option<i64>), AppError> {
        let organisation_id = l.organisation(row, actor)?;
        let (cost_minor, currency) = money(row)?;
        let mut new = NewLicence {
            name: required(row, "name")?.to_string(),
            product_id: None,
            product: Some(required(row, "product")?.to_string()),
            publisher: owned(row.get("publisher")),
            organisation_id: Some(organisation_id),
            metric: parsed::<Metric>(row, "metric", "per_device, per_seat, per_user, site")?
                .ok_or_else(|| AppError::invalid("metric", "is required"))?,
            term: parsed::<Term>(row, "term", "perpetual, subscription")?
                .ok_or_else(|| AppError::invalid("term", "is required"))?,
            seats: number(row, "seats")?,
            cost_minor,
            currency,
            purchased_on: day(row, "purchased_on")?,
            ends_on: day(row, "ends_on")?,
            supplier: owned(row.get("supplier")),
            order_number: owned(row.get("order_number")),
            contract: owned(row.get("contract")),
            notes: owned(row.get("notes")),
        };
        let publisher = key(row.get("publisher").unwrap_or_default());
        let k = (organisation_id, publisher, key(new.product.as_deref().unwrap_or_default()), key(&new.name));
        let Some(&id) = l.licences.get(&k) else {
            if dry_run {
                checked_licence_terms(actor, LicenceRow::default(), &new, 0)?;
                return Ok((RowAction::Create, None));
            }
            return Ok((RowAction::Create, Some(self.create_licence(actor, &new).await?.id)));
        };
        let before = self.store().licence(id).await?.licence;
        (new.product_id, new.product, new.publisher) = (Some(before.product_id), None, None);
        let after = checked_licence_terms(actor, before.clone(), &new, before.product_id)?;
        if after == before {
            return Ok((RowAction::Unchanged, Some(id)));
        }
        if !dry_run {
            self.update_licence(actor, id, &new, None).await?;
        }
        Ok((RowAction::Update, Some(id)))
    }

    /// A person, matched by e-mail address. A new person sets their password through
    /// "forgotten password". The row may also make them their department's head or its
    /// cost centre's owner, or name the department's cost centre: checked with the rest of
    /// the row before anything is written, then written through the department's and
    /// cost centre's use cases.
    async fn import_person(
        &self,
        actor: &Actor,
        l: &Lookups,
        row: &CsvRow,
        dry_run: bool,
    ) -> Result<(RowAction, Option<i64>), AppError> {
        let email = required(row, "email")?;
        let role: Option<Role> = parsed(row, "role", "requester, agent, manager, admin, auditor")?;
        let organisation_id = row.get("organisation").map(|_| l.organisation(row, actor)).transpose()?;
        let department = |org: i64| {
            row.get("department")
                .map(|d| {
                    l.departments
                        .get(&(org, key(d)))
                        .copied()
                        .ok_or_else(|| AppError::invalid("department", "no such department in the organisation"))
                })
                .transpose()
        };
        // The manager, by e-mail address: someone already known (an earlier row of the
        // file counts once it is imported).
        let manager = match row.get("manager") {
            Some(m) if key(m) == key(email) => {
                return Err(AppError::invalid("manager_id", "nobody is their own manager"));
            }
            Some(m) => {
                let found = self.store().user_by_email(&key(m)).await?;
                let found = found.ok_or_else(|| AppError::invalid("manager_id", "nobody has this e-mail address"))?;
                if !found.active {
                    return Err(AppError::invalid("manager_id", "is not active"));
                }
                Some(found.id)
            }
            None => None,
        };
        let Some(existing) = self.store().user_by_email(&key(email)).await? else {
            let org = match organisation_id {
                Some(o) => o,
                None => self.default_organisation().await?,
            };
            let input = NewUserInput {
                email: email.to_string(),
                name: required(row, "name")?.to_string(),
                role: role.unwrap_or(Role::Requester),
                organisation_id: Some(org),
                department_id: department(org)?,
                password: None,
            };
            let new = self.checked_new_user(Some(actor), &input).await?;
            let person =
                PlannedPerson { id: PlannedPerson::NOT_ADDED, active: true, organisation_id: new.organisation_id };
            let approvers = self.planned_approvers(actor, l, row, person, new.department_id).await?;
            if dry_run {
                return Ok((RowAction::Create, None));
            }
            let id = self.add_checked_user(&new).await?.id;
            if manager.is_some() {
                let update = UserUpdate { manager_id: Some(manager), ..Default::default() };
                self.update_user(actor, id, update).await?;
            }
            self.save_approvers(actor, approvers.naming(id)).await?;
            return Ok((RowAction::Create, Some(id)));
        };
        let org = organisation_id.unwrap_or(existing.organisation_id);
        let dept = if row.get("department").is_some() { department(org)? } else { existing.department_id };
        let differs = |now: Option<String>, was: &str| now.filter(|n| n != was);
        let update = UserUpdate {
            name: differs(owned(row.get("name")), &existing.name),
            role: role.filter(|r| r.as_str() != existing.role),
            organisation_id: Some(org).filter(|o| *o != existing.organisation_id),
            department_id: Some(dept).filter(|d| *d != existing.department_id),
            manager_id: manager.map(Some).filter(|m| *m != existing.manager_id),
            ..Default::default()
        };
        let changes_person = update != UserUpdate::default();
        if changes_person {
            // What `update_user` checks, before anything of the row is written.
            actor.require(Permission::Administer)?;
            if let Some(name) = &update.name {
                helmdesk_domain::validate::name("name", name)?;
            }
            self.check_department(org, dept).await?;
            if let Some(Some(m)) = update.manager_id {
                self.check_manager(existing.id, m).await?;
            }
        }
        let person = PlannedPerson { id: existing.id, active: existing.active, organisation_id: org };
        let approvers = self.planned_approvers(actor, l, row, person, dept).await?;
        if !changes_person && approvers.is_empty() {
            return Ok((RowAction::Unchanged, Some(existing.id)));
        }
        if !dry_run {
            if changes_person {
                self.update_user(actor, existing.id, update).await?;
            }
            self.save_approvers(actor, approvers).await?;
        }
        Ok((RowAction::Update, Some(existing.id)))
    }

    /// What a person's row changes in the department it leaves them in (`department_id`)
    /// and its cost centre, checked as the department's and cost centre's use cases check
    /// it with `person` as the row leaves them. Nothing is written.
    async fn planned_approvers(
        &self,
        actor: &Actor,
        l: &Lookups,
        row: &CsvRow,
        person: PlannedPerson,
        department_id: Option<i64>,
    ) -> Result<ApproverChanges, AppError> {
        let (head, owner) = (yes_no(row, "department_head")?, yes_no(row, "cost_centre_owner")?);
        let code = row.get("cost_centre");
        let mut changes = ApproverChanges::default();
        let Some(department_id) = department_id else {
            let needs = "needs a department: on the row or already the person's";
            return match (code, head, owner) {
                (Some(_), _, _) => Err(AppError::invalid("cost_centre", needs)),
                (_, Some(true), _) => Err(AppError::invalid("department_head", needs)),
                (_, _, Some(true)) => Err(AppError::invalid("cost_centre_owner", needs)),
                // Heading or owning nothing already.
                _ => Ok(changes),
            };
        };
        if code.is_none() && head.is_none() && owner.is_none() {
            return Ok(changes);
        }
        let dept = self.store().department(department_id).await?;
        let centre_id = match code {
            Some(code) => {
                let up = ancestors_of(&self.organisation_tree().await?, person.organisation_id);
                Some(l.cost_centre(&up, code)?)
            }
            None => dept.cost_centre_id,
        };
        let is_person = |id: Option<i64>| id == Some(person.id);
        let update = DepartmentUpdate {
            head_id: match head {
                Some(true) if !is_person(dept.head_id) => Some(Some(person.id)),
                Some(false) if is_person(dept.head_id) => Some(None),
                _ => None,
            },
            cost_centre_id: Some(centre_id).filter(|c| *c != dept.cost_centre_id),
            ..Default::default()
        };
        if update.head_id.is_some() || update.cost_centre_id.is_some() {
            self.planned_department(actor, department_id, &update, Some(person)).await?;
            changes.department = Some((department_id, update));
        }
        let Some(yes) = owner else {
            return Ok(changes);
        };
        let Some(centre_id) = centre_id else {
            if yes {
                return Err(AppError::invalid("cost_centre_owner", "the department books to no cost centre"));
            }
            return Ok(changes);
        };
        let centre = self.store().cost_centre(centre_id).await?;
        let owner_id = match yes {
            true if !is_person(centre.owner_id) => Some(person.id),
            false if is_person(centre.owner_id) => None,
            _ => return Ok(changes),
        };
        let input =
            CostCentreInput { organisation_id: centre.organisation_id, code: centre.code, name: centre.name, owner_id };
        self.planned_cost_centre(actor, centre_id, &input, Some(person)).await?;
        changes.cost_centre = Some((centre_id, input));
        Ok(changes)
    }

    /// Writes what [`App::planned_approvers`] planned, through the use cases the
    /// administration pages and the API call.
    async fn save_approvers(&self, actor: &Actor, changes: ApproverChanges) -> Result<(), AppError> {
        if let Some((id, update)) = changes.department {
            self.update_department(actor, id, update).await?;
        }
        if let Some((id, input)) = changes.cost_centre {
            self.update_cost_centre(actor, id, input).await?;
        }
        Ok(())
    }

    /// Keeps an uploaded file for its preview and confirmation; a file that cannot be read
    /// is refused at once.
    pub async fn upload_import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        file_name: &str,
        file: &[u8],
    ) -> Result<i64, AppError> {
        kind.require(actor)?;
        read_table(file, kind.columns(), kind.required())?;
        let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
        let name = if name.trim().is_empty() { format!("{}.csv", kind.as_str()) } else { name };
        let now = self.now_micros();
        let id = self
            .store()
            .create_import_upload(kind.as_str(), &name, &decode(file), actor.id, now, now + UPLOAD_MICROS)
            .await?;
        Ok(id)
    }

    /// A file the actor uploaded (nobody else's), not expired.
    pub async fn import_upload(&self, actor: &Actor, id: i64) -> Result<ImportUpload, AppError> {
        let row = self.store().import_upload(id).await?;
        if row.created_by != actor.id || row.expires_at < self.now_micros() {
            return Err(AppError::NotFound);
        }
        let kind: ImportKind = row.kind.parse()?;
        kind.require(actor)?;
        let result = row.summary.as_deref().and_then(|s| serde_json::from_str(s).ok());
        Ok(ImportUpload { id, kind, file_name: row.file_name, created_at: ts(row.created_at), result })
    }

    /// What importing a kept file would do.
    pub async fn preview_import(&self, actor: &Actor, id: i64) -> Result<(ImportUpload, ImportReport), AppError> {
        let upload = self.import_upload(actor, id).await?;
        let body = self.store().import_upload(id).await?.body;
        let report = self.import_csv(actor, upload.kind, body.as_bytes(), true, "").await?;
        Ok((upload, report))
    }

    /// Imports a kept file, once: a second confirmation is refused.
    pub async fn confirm_import(&self, actor: &Actor, id: i64) -> Result<ImportReport, AppError> {
        let upload = self.import_upload(actor, id).await?;
        if !self.store().claim_import_upload(id, self.now_micros()).await? {
            return Err(AppError::Conflict("this file was imported already".into()));
        }
        let body = self.store().import_upload(id).await?.body;
        let source = format!("CSV import #{id}: {}", upload.file_name);
        let report = self.import_csv(actor, upload.kind, body.as_bytes(), false, &source).await?;
        let summary = serde_json::to_string(&report).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store().finish_import_upload(id, &summary).await?;
        Ok(report)
    }
}

/// What an asset's row says besides its name, type, tag and state; an empty cell leaves a
/// value as it is.
fn asset_details(l: &Lookups, row: &CsvRow) -> Result<AssetDetails, AppError> {
    let text = |column: &str| row.get(column).map(|v| Some(v.to_string()));
    let on = |column: &str| Ok::<_, AppError>(day(row, column)?.map(Some));
    let (cost, currency) = money(row)?;
    let location = row
        .get("location")
        .map(|p| l.locations.get(&key(p)).copied().ok_or_else(|| AppError::invalid("location", "no such location")))
        .transpose()?;
    Ok(AssetDetails {
        serial: text("serial"),
        location_id: location.map(Some),
        cost_centre: text("cost_centre"),
        purchased_on: on("purchased_on")?,
        cost_minor: cost.map(Some),
        currency: currency.map(Some),
        supplier: text("supplier"),
        order_number: text("order_number"),
        warranty_end: on("warranty_end")?,
        end_of_life: on("end_of_life")?,
        notes: owned(row.get("notes")),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_column_is_a_column() {
        for kind in ImportKind::ALL {
            assert!(kind.required().iter().all(|r| kind.columns().contains(r)), "{kind:?}");
            assert_eq!(kind.as_str().parse::<ImportKind>().unwrap(), *kind);
        }
    }

    #[test]
    fn an_amount_is_read_in_the_currency_minor_units() {
        let row = CsvRow::new(2, &[("cost", "1299,50"), ("currency", "eur")]);
        assert_eq!(money(&row).unwrap(), (Some(129_950), Some("EUR".into())));
        assert!(money(&CsvRow::new(2, &[("cost", "12")])).is_err());
    }
}

//! Imports from other service desks. [`servicenow`] reads a ServiceNow incident export and
//! maps it onto tickets (pure); [`App::import_servicenow`] writes the result.
//!
//! An import is idempotent: tickets are matched by number and `import_source`; an incident
//! whose final `sys_mod_count` (the ticket's `import_version`) is the one stored is left
//! alone, a newer one overwrites the ticket's imported fields and appends only the history
//! of the updates after the stored version. People, teams and categories are matched by
//! e-mail and name and created when missing, in a few multi-row statements; tickets are
//! written in batches of [`BATCH`] incidents, one transaction each (two at a time on
//! PostgreSQL).

pub mod bpi2014;
pub mod servicenow;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use futures::StreamExt;
use helmdesk_domain::assets::cmdb::{CiClass, RelationKind};
use helmdesk_domain::{Level, TicketKind, TicketStatus, validate};
use helmdesk_store::Backend;
use helmdesk_store::assets::cmdb::{CiRow, NewRelationRow};
use helmdesk_store::service_desk::imports::{ImportBatch, ImportedHistory, ImportedPerson, NumberedTicket};
use helmdesk_store::service_desk::tickets::{NewHistory, TicketRow};

use crate::platform::access::Permission;
use crate::{Actor, App, AppError};
use servicenow::{Export, Facts, Plan};

/// A name shared by many rows (a person, a group, a category), stored once.
pub type Name = Arc<str>;

/// A row that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// Line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// What is wrong with it.
    pub reason: String,
}

/// Unwraps `.xz` compression when the input starts with the xz magic bytes.
pub fn decompress<'a>(input: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
    const XZ_MAGIC: [u8; 6] = [0xFD, b'7', b'z', b'X', b'Z', 0x00];
    let mut input = BufReader::with_capacity(1 << 16, input);
    let compressed = input.fill_buf()?.starts_with(&XZ_MAGIC);
    Ok(if compressed { Box::new(xz2::read::XzDecoder::new_multi_decoder(input)) } else { Box::new(input) })
}

/// A day-first date and time (`29/2/2016 01:16`, seconds optional) or an ISO one
/// (`2016-02-29 01:16:00`), as written: in no time zone.
pub fn parse_wall_clock(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.trim().split_once([' ', 'T'])?;
    let date = if date.contains('/') {
        let mut parts = date.split('/').map(|p| p.parse::<u32>().ok());
        let (d, m, y) = (parts.next()??, parts.next()??, parts.next()??);
        if parts.next().is_some() || !(1000..=9999).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y as i32, m, d)?
    } else {
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?
    };
    let mut parts = time.trim().split(':').map(|p| p.parse::<u32>().ok());
    let (h, min) = (parts.next()??, parts.next()??);
    let s = match parts.next() {
        Some(s) => s?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    date.and_hms_opt(h, min, s)
}

/// Interns names so that the many rows naming one person, group, item or service share
/// one string.
#[derive(Default)]
pub(crate) struct Names(std::collections::HashSet<Name>);

impl Names {
    pub(crate) fn get(&mut self, text: &str) -> Name {
        if let Some(n) = self.0.get(text) {
            return n.clone();
        }
        let n: Name = Arc::from(text);
        self.0.insert(n.clone());
        n
    }
}

/// Incidents written per transaction.
pub const BATCH: usize = 2_000;

/// The organisation imported tickets and people belong to unless told otherwise.
pub const DEFAULT_ORGANISATION: &str = "ServiceNow import";

/// Who requested an incident whose caller the export leaves empty.
pub const UNKNOWN_CALLER: &str = "Unknown caller";

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Name of the organisation of the imported tickets and people (created when missing).
    pub organisation: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { organisation: DEFAULT_ORGANISATION.into() }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    /// Rows read from the file, good and bad.
    pub rows: u64,
    /// Incidents that became new tickets.
    pub created: u64,
    /// Incidents whose ticket was brought up to a newer version.
    pub updated: u64,
    /// Incidents whose ticket was already at this version (or a newer one).
    pub unchanged: u64,
    /// Rows not imported: unreadable ones and those of incidents refused whole.
    pub rejected_rows: u64,
    /// Why, with line numbers, in file order of discovery.
    pub rejected: Vec<BadRow>,
}

/// What is known of the ticket an incident maps to before writing.
enum Target {
    New,
    Changed(Box<NumberedTicket>),
}

impl App {
    /// Writes a ServiceNow export read by [`servicenow::read_export`]: one ticket per
    /// incident in its final state, its history rebuilt from the updates. `actor` must be
    /// an administrator (`None`: the system, for the command line). `on_bad_row` hears of
    /// incidents refused whole (their number belongs to a ticket from elsewhere);
    /// `progress` hears (incidents written, incidents to write) after each batch.
    pub async fn import_servicenow(
        &self,
        actor: Option<&Actor>,
        export: Export,
        options: &ImportOptions,
        mut on_bad_row: impl FnMut(&BadRow),
        mut progress: impl FnMut(u64, u64),
    ) -> Result<ImportSummary, AppError> {
        if let Some(a) = actor {
            a.require(Permission::Administer)?;
        }
        let organisation = validate::name("organisation", &options.organisation)?;
        let mut summary = ImportSummary {
            rows: export.rows,
            rejected_rows: export.rejected.len() as u64,
            rejected: export.rejected,
            ..Default::default()
        };
        let numbers: Vec<String> = export.incidents.iter().map(|i| i.number.to_string()).collect();
        let mut stored: HashMap<String, NumberedTicket> = self
            .store()
            .tickets_by_number(&numbers)
            .await?
            .into_iter()
            .filter_map(|t| Some((t.ticket.number.clone()?, t)))
            .collect();
        let mut plans: Vec<(Plan, Target)> = Vec::new();
        for incident in &export.incidents {
            let Some(last) = incident.updates.last() else { continue };
            let plan = match stored.remove(&*incident.number) {
                None => servicenow::plan(incident, None).map(|p| (p, Target::New)),
                Some(t) if t.ticket.import_source.as_deref() != Some(servicenow::SOURCE) => {
                    let bad = BadRow {
                        line: incident.updates[0].line,
                        reason: format!(
                            "incident {} has the number of a ticket that was not imported from ServiceNow; its {} rows were skipped",
                            incident.number,
                            incident.updates.len()
                        ),
                    };
                    on_bad_row(&bad);
                    summary.rejected.push(bad);
                    summary.rejected_rows += incident.updates.len() as u64;
                    None
                }
                Some(t) if t.ticket.import_version.is_some_and(|v| v > last.mod_count) => {
                    summary.unchanged += 1;
                    None
                }
                Some(t) => {
                    let baseline = stored_facts(&t)?;
                    let since = t.ticket.import_version.unwrap_or(-1);
                    match servicenow::plan(incident, Some((&baseline, since))) {
                        // The stored version, as this import would write it: nothing to do.
                        // (An earlier import made up resolution times the export lacks;
                        // those tickets are rewritten without them.)
                        Some(p) if since == last.mod_count && p.resolved_at == t.ticket.resolved_at => {
                            summary.unchanged += 1;
                            None
                        }
                        p => p.map(|p| (p, Target::Changed(Box::new(t)))),
                    }
                }
            };
            plans.extend(plan);
        }
        let total = plans.len() as u64;
        progress(0, total);
        if plans.is_empty() {
            return Ok(summary);
        }

        let now = self.now_micros();
        let store = self.store();
        let organisation_id = store.ensure_organisation(&organisation, now).await?;
        let refs = References::of(&plans);
        let records = Records {
            organisation_id,
            people: store.ensure_people(&refs.people, organisation_id, now).await?,
            teams: store.ensure_teams(&refs.teams, now).await?,
            categories: store.ensure_categories(&refs.categories, now).await?,
        };
        let mut members: Vec<(i64, i64)> = plans
            .iter()
            .filter_map(|(p, _)| {
                Some((*records.teams.get(p.facts.team.as_deref()?)?, records.person(&p.facts.assignee)?))
            })
            .collect();
        members.sort_unstable();
        members.dedup();
        store.ensure_team_members(&members).await?;

        summary.created = plans.iter().filter(|(_, t)| matches!(t, Target::New)).count() as u64;
        summary.updated = total - summary.created;
        let mut chunks = Vec::new();
        let mut plans = plans.into_iter().peekable();
        while plans.peek().is_some() {
            chunks.push(plans.by_ref().take(BATCH).collect::<Vec<_>>());
        }
        // PostgreSQL checks foreign keys row by row in the server: two batches in flight keep
        // both of its cores busy. SQLite has one writer, so more would only wait.
        let in_flight = match store.backend() {
            Backend::Postgres => 2,
            Backend::Sqlite => 1,
        };
        let mut saving = futures::stream::iter(chunks)
            .map(|chunk| async {
                let n = chunk.len() as u64;
                store.save_imported_tickets(records.batch(chunk)?).await?;
                Ok::<u64, AppError>(n)
            })
            .buffer_unordered(in_flight);
        let mut done = 0;
        while let Some(saved) = saving.next().await {
            done += saved?;
            progress(done, total);
        }
        Ok(summary)
    }
}

/// The ids of what an import's tickets refer to.
struct Records {
    organisation_id: i64,
    people: HashMap<String, i64>,
    teams: HashMap<String, i64>,
    categories: HashMap<String, i64>,
}

impl Records {
    fn person(&self, name: &Option<Name>) -> Option<i64> {
        self.people.get(&servicenow::person_email(name.as_deref()?)).copied()
    }

    /// The tickets of some plans with their history, ready to write.
    fn batch(&self, plans: Vec<(Plan, Target)>) -> Result<ImportBatch, AppError> {
        let mut batch = ImportBatch::default();
        let unknown_caller = Some(Name::from(UNKNOWN_CALLER));
        for (plan, target) in plans {
            let requester = self
                .person(&plan.facts.requester)
                .or_else(|| self.person(&unknown_caller))
                .ok_or_else(|| AppError::Internal(format!("no requester for {}", plan.number)))?;
            let history: Vec<ImportedHistory> = plan
                .history
                .iter()
                .map(|c| ImportedHistory { actor_id: self.person(&c.actor), at: c.at, line: c.line.clone() })
                .collect();
            let mut row = match &target {
                Target::New => TicketRow {
                    number: Some(plan.number.to_string()),
                    kind: TicketKind::Incident.as_str().into(),
                    organisation_id: self.organisation_id,
                    created_by: self.person(&plan.opened_by).unwrap_or(requester),
                    created_at: plan.created_at,
                    version: 1,
                    ..Default::default()
                },
                Target::Changed(t) => t.ticket.clone(),
            };
            row.subject = plan.subject;
            row.description = plan.description;
            row.requester_id = requester;
            row.category_id = plan.facts.category.as_deref().and_then(|c| self.categories.get(c).copied());
            row.impact = plan.facts.impact.as_str().into();
            row.urgency = plan.facts.urgency.as_str().into();
            row.priority = plan.facts.priority.into();
            row.status = plan.facts.status.as_str().into();
            row.team_id = plan.facts.team.as_deref().and_then(|t| self.teams.get(t).copied());
            row.assignee_id = self.person(&plan.facts.assignee);
            row.updated_at = plan.updated_at;
            row.resolved_at = plan.resolved_at;
            row.closed_at = plan.closed_at;
            row.first_response_at = plan.first_response_at;
            row.resolution_breached = plan.resolution_breached;
            row.resolution_note = plan.resolution_note;
            row.reopen_count = plan.reopen_count;
            row.import_source = Some(servicenow::SOURCE.into());
            row.import_version = Some(plan.version);
            match target {
                Target::New => {
                    let created = ImportedHistory {
                        actor_id: Some(row.created_by),
                        at: row.created_at,
                        line: NewHistory { field: "created".into(), old_value: None, new_value: row.number.clone() },
                    };
                    batch.new.push((row, std::iter::once(created).chain(history).collect()));
                }
                Target::Changed(t) => batch.changed.push((row, t.ticket.version, history)),
            }
        }
        Ok(batch)
    }
}

/// A stored ticket's facts, to compare the first new update with.
fn stored_facts(t: &NumberedTicket) -> Result<Facts, AppError> {
    let level = |l: &str| l.parse::<Level>().unwrap_or(Level::Medium);
    let name = |n: &Option<String>| n.as_deref().map(Name::from);
    Ok(Facts {
        status: t.ticket.status.parse::<TicketStatus>()?,
        priority: u8::try_from(t.ticket.priority).unwrap_or(3),
        impact: level(&t.ticket.impact),
        urgency: level(&t.ticket.urgency),
        category: name(&t.category_name),
        team: name(&t.team_name),
        assignee: name(&t.assignee_name),
        requester: (t.requester_name != UNKNOWN_CALLER).then(|| Name::from(t.requester_name.as_str())),
    })
}

/// The people, teams and categories an import's tickets refer to.
struct References {
    people: Vec<ImportedPerson>,
    teams: Vec<String>,
    categories: Vec<String>,
}

impl References {
    /// Assignees become active agents, callers requesters, and people known only as the
    /// authors of updates inactive agents; someone in several parts gets the first of these
    /// roles. Everyone, with an e-mail derived from their name ([`servicenow::person_email`]).
    fn of(plans: &[(Plan, Target)]) -> References {
        let mut people: HashMap<String, ImportedPerson> = HashMap::new();
        let mut add = |name: &str, role: &str, active: bool, rank: u8| {
            let email = servicenow::person_email(name);
            let p = ImportedPerson { email: email.clone(), name: name.to_string(), role: role.into(), active };
            people
                .entry(email)
                .and_modify(|old| {
                    if rank < role_rank(old) {
                        *old = p.clone();
                    }
                })
                .or_insert(p);
        };
        let mut teams = Vec::new();
        let mut categories = Vec::new();
        for (plan, _) in plans {
            if let Some(a) = &plan.facts.assignee {
                add(a, "agent", true, 0);
            }
            add(plan.facts.requester.as_deref().unwrap_or(UNKNOWN_CALLER), "requester", true, 1);
            for author in plan.history.iter().filter_map(|c| c.actor.as_ref()).chain(&plan.opened_by) {
                add(author, "agent", false, 2);
            }
            teams.extend(plan.facts.team.as_deref().map(str::to_string));
            categories.extend(plan.facts.category.as_deref().map(str::to_string));
        }
        for list in [&mut teams, &mut categories] {
            list.sort_unstable();
            list.dedup();
        }
        let mut people: Vec<ImportedPerson> = people.into_values().collect();
        people.sort_by(|a, b| a.email.cmp(&b.email));
        References { people, teams, categories }
    }
}

/// 0 for an active agent, 1 for a requester, 2 for an inactive agent.
fn role_rank(p: &ImportedPerson) -> u8 {
    match (p.role.as_str(), p.active) {
        ("agent", true) => 0,
        ("requester", _) => 1,
        _ => 2,
    }
}

/// What a `bpi2014` import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bpi2014Summary {
    /// The incidents, as tickets.
    pub tickets: ImportSummary,
    /// Configuration items and business services created, and those an earlier import made.
    pub items_created: u64,
    pub items_found: u64,
    /// Business services' dependencies on items created.
    pub relations_created: u64,
}

/// The ids an import's tickets refer to.
struct Bpi2014Ids {
    organisation_id: i64,
    requester_id: i64,
    items: HashMap<String, i64>,
    categories: HashMap<String, i64>,
}

impl Bpi2014Ids {
    fn item(&self, name: &Option<Name>) -> Option<i64> {
        self.items.get(&bpi2014_ref(name.as_deref()?)).copied()
    }

    /// The ticket an incident becomes (over `stored`, the one an earlier mapping wrote),
    /// with its history when new: opened, reopened, resolved and closed, at the source's
    /// times.
    fn ticket(
        &self,
        i: bpi2014::Incident,
        subject: String,
        stored: Option<TicketRow>,
    ) -> (TicketRow, Vec<ImportedHistory>) {
        let line = |at: i64, field: &str, value: Option<&str>| ImportedHistory {
            actor_id: None,
            at,
            line: NewHistory { field: field.into(), old_value: None, new_value: value.map(str::to_string) },
        };
        let mut history = vec![line(i.opened_at, "created", Some(&i.number))];
        history.extend(i.reopened_at.map(|at| line(at, "reopened", None)));
        history.extend(i.resolved_at.map(|at| line(at, "status", Some(TicketStatus::Resolved.as_str()))));
        history.extend(i.closed_at.map(|at| line(at, "status", Some(TicketStatus::Closed.as_str()))));
        history.sort_by_key(|h| h.at);
        let mut row = stored.unwrap_or_else(|| TicketRow {
            number: Some(i.number.to_string()),
            organisation_id: self.organisation_id,
            created_by: self.requester_id,
            version: 1,
            ..Default::default()
        });
        row.kind = i.kind.as_str().into();
        row.subject = subject;
        row.description = i.description();
        row.requester_id = self.requester_id;
        row.category_id = i.category.as_deref().and_then(|c| self.categories.get(c).copied());
        row.impact = bpi2014::Incident::level(i.impact).as_str().into();
        row.urgency = bpi2014::Incident::level(i.urgency).as_str().into();
        row.priority = i.priority.into();
        row.status = i.status.as_str().into();
        row.created_at = i.opened_at;
        row.updated_at = i.updated_at();
        row.resolved_at = i.resolved_at;
        row.closed_at = i.closed_at;
        row.resolution_code = i.closure_code.as_deref().map(str::to_string);
        row.reopen_count = i64::from(i.reopened_at.is_some());
        row.ci_id = self.item(&i.affected);
        row.caused_by_ci_id = self.item(&i.caused_by);
        row.import_source = Some(bpi2014::SOURCE.into());
        row.import_version = Some(bpi2014::MAPPING_VERSION);
        (row, history)
    }
}

/// The external reference of an item or service the import made: `bpi2014:WBA000124`.
pub fn bpi2014_ref(name: &str) -> String {
    format!("{}:{name}", bpi2014::SOURCE)
}

impl App {
    /// Writes the BPI Challenge 2014 dataset read by [`bpi2014::read`]: its configuration
    /// items and business services (found by their external reference, created when
    /// missing, each service depending on the items named with it), then its incidents as
    /// tickets naming their affected and caused-by items. A second run creates nothing;
    /// a ticket written by an earlier mapping ([`bpi2014::MAPPING_VERSION`]) is rewritten.
    /// `actor` must be an administrator (`None`: the system, for the command line).
    /// `progress` hears (records written, records to write).
    pub async fn import_bpi2014(
        &self,
        actor: Option<&Actor>,
        dataset: bpi2014::Dataset,
        options: &ImportOptions,
        mut on_bad_row: impl FnMut(&BadRow),
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Bpi2014Summary, AppError> {
        if let Some(a) = actor {
            a.require(Permission::Administer)?;
        }
        let organisation = validate::name("organisation", &options.organisation)?;
        let mut summary = Bpi2014Summary {
            tickets: ImportSummary {
                rows: dataset.rows,
                rejected_rows: dataset.rejected.len() as u64,
                rejected: dataset.rejected,
                ..Default::default()
            },
            ..Default::default()
        };
        let store = self.store();
        let numbers: Vec<String> = dataset.incidents.iter().map(|i| i.number.to_string()).collect();
        let mut stored: HashMap<String, NumberedTicket> = store
            .tickets_by_number(&numbers)
            .await?
            .into_iter()
            .filter_map(|t| Some((t.ticket.number.clone()?, t)))
            .collect();
        let mut writes = Vec::new();
        for incident in dataset.incidents {
            match stored.remove(&*incident.number) {
                None => writes.push((incident, None)),
                Some(t) if t.ticket.import_source.as_deref() != Some(bpi2014::SOURCE) => {
                    let bad = BadRow {
                        line: incident.line,
                        reason: format!(
                            "incident {} has the number of a ticket that was not imported from BPI 2014; it was skipped",
                            incident.number
                        ),
                    };
                    on_bad_row(&bad);
                    summary.tickets.rejected.push(bad);
                    summary.tickets.rejected_rows += 1;
                }
                Some(t) if t.ticket.import_version >= Some(bpi2014::MAPPING_VERSION) => summary.tickets.unchanged += 1,
                Some(t) => writes.push((incident, Some(t.ticket))),
            }
        }
        let records = (dataset.items.len() + dataset.services.len()) as u64;
        let total = records + writes.len() as u64;
        progress(0, total);

        let now = self.now_micros();
        let actor_id = actor.map(|a| a.id);
        let organisation_id = store.ensure_organisation(&organisation, now).await?;
        let item = |name: &str, class: CiClass, source_type: Option<&str>, subtype: Option<&str>| CiRow {
            name: name.to_string(),
            class: class.as_str().into(),
            organisation_id,
            source_type: source_type.map(str::to_string),
            source_subtype: subtype.map(str::to_string),
            external_ref: Some(bpi2014_ref(name)),
            version: 1,
            created_by: actor_id,
            created_at: now,
            updated_at: now,
            ..Default::default()
        };
        let rows: Vec<CiRow> = dataset
            .services
            .iter()
            .map(|s| item(s, CiClass::BusinessService, None, None))
            .chain(
                dataset
                    .items
                    .values()
                    .map(|i| item(&i.name, i.class(), i.source_type.as_deref(), i.source_subtype.as_deref())),
            )
            .collect();
        let mut items = HashMap::with_capacity(rows.len());
        for chunk in rows.chunks(BATCH) {
            let (ids, created) = store.ensure_cis(chunk).await?;
            summary.items_created += created as u64;
            items.extend(ids);
            progress(items.len() as u64, total);
        }
        summary.items_found = items.len() as u64 - summary.items_created;
        let relations: Vec<NewRelationRow> = dataset
            .items
            .values()
            .flat_map(|i| i.services.iter().map(move |s| (s, &i.name)))
            .filter_map(|(service, name)| {
                let (source_id, target_id) = (*items.get(&bpi2014_ref(service))?, *items.get(&bpi2014_ref(name))?);
                let (dependant_id, provider_id) = RelationKind::DependsOn.dependant_and_provider(source_id, target_id);
                Some(NewRelationRow {
                    source_id,
                    kind: RelationKind::DependsOn.as_str().into(),
                    target_id,
                    dependant_id,
                    provider_id,
                    created_by: actor_id,
                    created_at: now,
                })
            })
            .collect();
        summary.relations_created = store.ensure_ci_relations(&relations).await?;

        let mut categories: Vec<String> =
            writes.iter().filter_map(|(i, _)| i.category.as_deref().map(str::to_string)).collect();
        categories.sort_unstable();
        categories.dedup();
        let requester = ImportedPerson {
            email: format!("unknown.caller@{}.invalid", bpi2014::SOURCE),
            name: UNKNOWN_CALLER.into(),
            role: "requester".into(),
            active: true,
        };
        let people = store.ensure_people(std::slice::from_ref(&requester), organisation_id, now).await?;
        let ids = Bpi2014Ids {
            organisation_id,
            requester_id: *people
                .get(&requester.email)
                .ok_or_else(|| AppError::Internal("the unknown caller was not created".into()))?,
            items,
            categories: store.ensure_categories(&categories, now).await?,
        };
        summary.tickets.created = writes.iter().filter(|(_, t)| t.is_none()).count() as u64;
        summary.tickets.updated = writes.len() as u64 - summary.tickets.created;
        let mut done = records;
        let mut writes = writes.into_iter().peekable();
        while writes.peek().is_some() {
            let mut batch = ImportBatch::default();
            for (incident, stored) in writes.by_ref().take(BATCH) {
                let version = stored.as_ref().map(|t| t.version);
                let subject = incident.subject(&dataset.items);
                let (row, history) = ids.ticket(incident, subject, stored);
                match version {
                    None => batch.new.push((row, history)),
                    Some(v) => batch.changed.push((row, v, Vec::new())),
                }
            }
            done += (batch.new.len() + batch.changed.len()) as u64;
            store.save_imported_tickets(batch).await?;
            progress(done, total);
        }
        Ok(summary)
    }
}

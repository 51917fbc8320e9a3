//! Reading a ServiceNow incident audit export (`incident_event_log.csv`, optionally `.xz`
//! compressed) and mapping it onto Helmdesk's tickets. Pure: no database, no clock.
//!
//! The export has a header line, then one row per update of an incident (its state after
//! the update, with `sys_mod_count` numbering the updates). `?` means empty, dates are
//! day first (`29/2/2016 01:16`) and taken as UTC. Columns are found by their header
//! name, so their order does not matter.
//!
//! Rules:
//! - a row is refused (and reported with its line number) when its column count differs
//!   from the header's, its `number` is empty or unusable, a required date
//!   (`opened_at`, `sys_updated_at`) is missing or unparsable, an optional date or a count
//!   is unparsable, or its impact, urgency or priority is not one ServiceNow writes;
//! - an incident's final state is its row with the highest `sys_mod_count` (the last such
//!   row on a tie);
//! - states map onto ours: New → new, Active → in progress, Awaiting … → pending,
//!   Resolved, Closed, Canceled; any other state (the export has a few `-100`) keeps the
//!   status of the update before it;
//! - history: every update after the first is compared with the one before it, and each
//!   field that changed (status, priority, impact, urgency, category, team, assignee,
//!   requester) becomes one history line at the update's time, by its `sys_updated_by`.
//!   The first update is compared with a ticket that is new and unassigned.

use std::collections::HashMap;
use std::io::Read;

use helmdesk_domain::validate::{NAME_MAX, SUBJECT_MAX};
use helmdesk_domain::{Level, PriorityMatrix, TicketStatus};
use helmdesk_store::service_desk::tickets::NewHistory;

use super::Names;
pub use super::{BadRow, Name, decompress, parse_wall_clock};

/// The value of `tickets.import_source` for tickets from this importer.
pub const SOURCE: &str = "servicenow";

/// The domain of the e-mail addresses of people created by the import: reserved (RFC
/// 2606), so no mail is ever sent to them.
pub const EMAIL_DOMAIN: &str = "servicenow.invalid";

/// The file cannot be read as an export at all.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot read the export: {0}")]
    Csv(#[from] csv::Error),
    #[error("the export has no header line")]
    Empty,
    #[error("the export has no {0:?} column; is it a ServiceNow incident export?")]
    MissingColumn(&'static str),
}

/// One row of the export: an incident's state after one update.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Line of the file the row starts on.
    pub line: u64,
    pub number: Name,
    /// Our status for the row's state; `None` when the state is not one we know.
    pub status: Option<TicketStatus>,
    pub reassignment_count: i64,
    pub reopen_count: i64,
    pub mod_count: i64,
    pub made_sla: Option<bool>,
    pub caller: Option<Name>,
    pub opened_by: Option<Name>,
    pub opened_at: i64,
    pub updated_by: Option<Name>,
    pub updated_at: i64,
    pub contact_type: Option<Name>,
    pub location: Option<Name>,
    pub category: Option<Name>,
    pub subcategory: Option<Name>,
    pub symptom: Option<Name>,
    pub configuration_item: Option<Name>,
    pub impact: Level,
    pub urgency: Level,
    /// 1 (critical) to 5; from the priority column, or the matrix when it is empty.
    pub priority: u8,
    pub group: Option<Name>,
    pub assigned_to: Option<Name>,
    pub problem: Option<Name>,
    pub change: Option<Name>,
    pub vendor: Option<Name>,
    pub caused_by: Option<Name>,
    pub close_code: Option<Name>,
    pub resolved_by: Option<Name>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// Every row of an export that could be read, grouped by incident.
#[derive(Debug, Default)]
pub struct Export {
    /// Incidents in the order their first row appears, their rows in update order.
    pub incidents: Vec<Incident>,
    /// Rows that could not be read, in file order.
    pub rejected: Vec<BadRow>,
    /// Rows read, good and bad.
    pub rows: u64,
}

/// The rows of one incident, in update order (`sys_mod_count`, then file order).
#[derive(Debug, Clone)]
pub struct Incident {
    pub number: Name,
    pub updates: Vec<Update>,
}

/// The columns the importer reads, by header name.
const COLUMNS: [&str; 33] = [
    "number",
    "incident_state",
    "reassignment_count",
    "reopen_count",
    "sys_mod_count",
    "made_sla",
    "caller_id",
    "opened_by",
    "opened_at",
    "sys_updated_by",
    "sys_updated_at",
    "contact_type",
    "location",
    "category",
    "subcategory",
    "u_symptom",
    "cmdb_ci",
    "impact",
    "urgency",
    "priority",
    "assignment_group",
    "assigned_to",
    "problem_id",
    "rfc",
    "vendor",
    "caused_by",
    "closed_code",
    "resolved_by",
    "resolved_at",
    "closed_at",
    "active",
    "sys_created_at",
    "sys_created_by",
];

/// Columns without which the file is not an incident export.
const REQUIRED: [&str; 4] = ["number", "incident_state", "sys_mod_count", "sys_updated_at"];

/// Reads an export (plain or `.xz`), keeping good rows grouped by incident and reporting
/// each bad one to `on_bad_row` as it is found. `on_row` hears the number of rows read
/// every few thousand rows. Only a file that cannot be read at all is an error.
pub fn read_export(
    input: impl Read,
    matrix: &PriorityMatrix,
    mut on_bad_row: impl FnMut(&BadRow),
    mut on_row: impl FnMut(u64),
) -> Result<Export, ExportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(decompress(input)?);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record)? {
        return Err(ExportError::Empty);
    }
    let header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).trim().to_lowercase()).collect();
    let header: Vec<&str> = header.iter().map(|h| h.trim_start_matches('\u{feff}')).collect();
    for required in REQUIRED {
        if !header.contains(&required) {
            return Err(ExportError::MissingColumn(required));
        }
    }
    let columns = COLUMNS.map(|c| header.iter().position(|h| *h == c));
    let mut names = Names::default();
    let mut export = Export::default();
    let mut by_number: HashMap<Name, usize> = HashMap::new();
    loop {
        let mut line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(true) => line = record.position().map_or(line, |p| p.line()),
            Ok(false) => break,
            Err(e) if e.is_io_error() => return Err(e.into()),
            Err(e) => {
                // Broken quoting or UTF-8 trouble on one record: report it, read on.
                let bad = BadRow { line, reason: format!("cannot be read: {e}") };
                on_bad_row(&bad);
                export.rejected.push(bad);
                export.rows += 1;
                continue;
            }
        }
        export.rows += 1;
        if export.rows % 4096 == 0 {
            on_row(export.rows);
        }
        let parsed = if record.len() != header.len() {
            Err(format!("has {} columns where the header has {}", record.len(), header.len()))
        } else {
            parse_row(&record, &columns, line, matrix, &mut names)
        };
        match parsed {
            Ok(update) => {
                let next = export.incidents.len();
                let at = *by_number.entry(update.number.clone()).or_insert(next);
                if at == next {
                    export.incidents.push(Incident { number: update.number.clone(), updates: Vec::new() });
                }
                export.incidents[at].updates.push(update);
            }
            Err(reason) => {
                let bad = BadRow { line, reason };
                on_bad_row(&bad);
                export.rejected.push(bad);
            }
        }
    }
    on_row(export.rows);
    for incident in &mut export.incidents {
        // Stable: rows with the same count stay in file order, so the last one wins.
        incident.updates.sort_by_key(|u| u.mod_count);
    }
    Ok(export)
}

/// Indexes into [`COLUMNS`].
mod col {
    pub const NUMBER: usize = 0;
    pub const STATE: usize = 1;
    pub const REASSIGNMENTS: usize = 2;
    pub const REOPENS: usize = 3;
    pub const MOD_COUNT: usize = 4;
    pub const MADE_SLA: usize = 5;
    pub const CALLER: usize = 6;
    pub const OPENED_BY: usize = 7;
    pub const OPENED_AT: usize = 8;
    pub const UPDATED_BY: usize = 9;
    pub const UPDATED_AT: usize = 10;
    pub const CONTACT_TYPE: usize = 11;
    pub const LOCATION: usize = 12;
    pub const CATEGORY: usize = 13;
    pub const SUBCATEGORY: usize = 14;
    pub const SYMPTOM: usize = 15;
    pub const CMDB_CI: usize = 16;
    pub const IMPACT: usize = 17;
    pub const URGENCY: usize = 18;
    pub const PRIORITY: usize = 19;
    pub const GROUP: usize = 20;
    pub const ASSIGNED_TO: usize = 21;
    pub const PROBLEM: usize = 22;
    pub const RFC: usize = 23;
    pub const VENDOR: usize = 24;
    pub const CAUSED_BY: usize = 25;
    pub const CLOSE_CODE: usize = 26;
    pub const RESOLVED_BY: usize = 27;
    pub const RESOLVED_AT: usize = 28;
    pub const CLOSED_AT: usize = 29;
}

fn parse_row(
    record: &csv::ByteRecord,
    columns: &[Option<usize>; 33],
    line: u64,
    matrix: &PriorityMatrix,
    names: &mut Names,
) -> Result<Update, String> {
    // A field's text, `None` when the column is absent, empty or `?`.
    let field = |c: usize| -> Option<std::borrow::Cow<'_, str>> {
        let raw = record.get(columns[c]?)?;
        let text = String::from_utf8_lossy(raw);
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "?" {
            None
        } else if trimmed.len() == text.len() {
            Some(text)
        } else {
            Some(std::borrow::Cow::Owned(trimmed.to_string()))
        }
    };
    let number = field(col::NUMBER).ok_or("has no incident number")?;
    let number = incident_number(&number)?;
    let number = names.get(&number);
    let mut name = |c: usize| field(c).and_then(|t| clean_name(&t)).map(|t| names.get(&t));
    let time = |c: usize, what: &str| -> Result<Option<i64>, String> {
        field(c).map(|t| parse_time(&t).ok_or_else(|| format!("has an unreadable {what} {:?}", &*t))).transpose()
    };
    let required = |c: usize, what: &str| -> Result<i64, String> { time(c, what)?.ok_or(format!("has no {what}")) };
    let count = |c: usize, what: &str| -> Result<i64, String> {
        match field(c) {
            None => Ok(0),
            Some(t) => {
                t.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| format!("has an unreadable {what} {:?}", &*t))
            }
        }
    };
    let opened_at = required(col::OPENED_AT, "opened_at")?;
    let updated_at = required(col::UPDATED_AT, "sys_updated_at")?;
    let resolved_at = time(col::RESOLVED_AT, "resolved_at")?;
    let closed_at = time(col::CLOSED_AT, "closed_at")?;
    let mod_count = match field(col::MOD_COUNT) {
        None => return Err("has no sys_mod_count".into()),
        Some(_) => count(col::MOD_COUNT, "sys_mod_count")?,
    };
    let reopen_count = count(col::REOPENS, "reopen_count")?;
    let reassignment_count = count(col::REASSIGNMENTS, "reassignment_count")?;
    let level = |c: usize, what: &str| -> Result<Level, String> {
        match field(c) {
            None => Ok(Level::Medium),
            Some(t) => parse_level(&t).ok_or_else(|| format!("has an unknown {what} {:?}", &*t)),
        }
    };
    let impact = level(col::IMPACT, "impact")?;
    let urgency = level(col::URGENCY, "urgency")?;
    let priority = match field(col::PRIORITY) {
        None => matrix.priority(impact, urgency),
        Some(t) => parse_priority(&t).ok_or_else(|| format!("has an unknown priority {:?}", &*t))?,
    };
    let status = field(col::STATE).and_then(|t| map_state(&t));
    let made_sla = field(col::MADE_SLA).and_then(|t| match t.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    });
    Ok(Update {
        line,
        number,
        status,
        reassignment_count,
        reopen_count,
        mod_count,
        made_sla,
        caller: name(col::CALLER),
        opened_by: name(col::OPENED_BY),
        opened_at,
        updated_by: name(col::UPDATED_BY),
        updated_at,
        contact_type: name(col::CONTACT_TYPE),
        location: name(col::LOCATION),
        category: name(col::CATEGORY),
        subcategory: name(col::SUBCATEGORY),
        symptom: name(col::SYMPTOM),
        configuration_item: name(col::CMDB_CI),
        impact,
        urgency,
        priority,
        group: name(col::GROUP),
        assigned_to: name(col::ASSIGNED_TO),
        problem: name(col::PROBLEM),
        change: name(col::RFC),
        vendor: name(col::VENDOR),
        caused_by: name(col::CAUSED_BY),
        close_code: name(col::CLOSE_CODE),
        resolved_by: name(col::RESOLVED_BY),
        resolved_at,
        closed_at,
    })
}

/// Checks an incident number: one word of at most 40 printable characters.
fn incident_number(text: &str) -> Result<String, String> {
    if text.chars().count() > 40 {
        return Err("has an incident number longer than 40 characters".into());
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("has an incident number with spaces or control characters {text:?}"));
    }
    Ok(text.to_string())
}

/// A name fit for a person, team or category: control characters become spaces, runs of
/// spaces one space, at most [`NAME_MAX`] characters; `None` when nothing is left.
pub fn clean_name(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(|c| if c.is_control() || c.is_whitespace() { ' ' } else { c }) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let out: String = out.trim_end().chars().take(NAME_MAX).collect();
    let out = out.trim_end().to_string();
    (!out.is_empty()).then_some(out)
}

/// A day-first date and time (`29/2/2016 01:16`, seconds optional) or an ISO one
/// (`2016-02-29 01:16:00`), as UTC microseconds.
pub fn parse_time(text: &str) -> Option<i64> {
    Some(parse_wall_clock(text)?.and_utc().timestamp_micros())
}

/// Our status for a ServiceNow incident state; `None` for a state we do not know.
pub fn map_state(state: &str) -> Option<TicketStatus> {
    let state = state.trim().to_ascii_lowercase();
    Some(match state.as_str() {
        "new" => TicketStatus::New,
        "active" | "in progress" => TicketStatus::InProgress,
        "on hold" => TicketStatus::Pending,
        s if s.starts_with("awaiting") => TicketStatus::Pending,
        "resolved" => TicketStatus::Resolved,
        "closed" => TicketStatus::Closed,
        "canceled" | "cancelled" => TicketStatus::Cancelled,
        _ => return None,
    })
}

/// The number in front of a ServiceNow choice (`"2 - Medium"`), or the label's words.
fn choice(text: &str) -> (Option<u8>, String) {
    let (head, label) = text.split_once('-').unwrap_or((text, ""));
    match head.trim().parse::<u8>() {
        Ok(n) => (Some(n), label.trim().to_ascii_lowercase()),
        Err(_) => (None, text.trim().to_ascii_lowercase()),
    }
}

/// Impact or urgency: `1 - High`, `2 - Medium`, `3 - Low` (or the bare number or word).
pub fn parse_level(text: &str) -> Option<Level> {
    match choice(text) {
        (Some(1), l) if l.is_empty() || l == "high" => Some(Level::High),
        (Some(2), l) if l.is_empty() || l == "medium" => Some(Level::Medium),
        (Some(3), l) if l.is_empty() || l == "low" => Some(Level::Low),
        (None, l) => match l.as_str() {
            "high" => Some(Level::High),
            "medium" => Some(Level::Medium),
            "low" => Some(Level::Low),
            _ => None,
        },
        _ => None,
    }
}

/// Priority: `1 - Critical`, `2 - High`, `3 - Moderate`, `4 - Low`, `5 - Planning` onto
/// our 1 to 5 (the same scale).
pub fn parse_priority(text: &str) -> Option<u8> {
    let labels = ["critical", "high", "moderate", "low", "planning"];
    match choice(text) {
        (Some(n @ 1..=5), l) if l.is_empty() || l == labels[n as usize - 1] => Some(n),
        (None, l) => labels.iter().position(|x| *x == l).map(|i| i as u8 + 1),
        _ => None,
    }
}

/// The e-mail address of a person the import creates, from their name in the export:
/// `Caller 2403` → `caller-2403@servicenow.invalid`. Names with other characters than
/// letters, digits and single spaces get a hash of the name too, so that two names never
/// share an address.
pub fn person_email(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let plain = name.split(' ').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
    if plain && slug.len() <= 48 {
        return format!("{slug}@{EMAIL_DOMAIN}");
    }
    use sha2::Digest;
    let hash = hex::encode(&sha2::Sha256::digest(name.as_bytes())[..6]);
    let short: String = slug.chars().take(32).collect();
    let short = short.trim_end_matches('-');
    if short.is_empty() { format!("person-{hash}@{EMAIL_DOMAIN}") } else { format!("{short}-{hash}@{EMAIL_DOMAIN}") }
}

/// What one update says about the ticket, in our terms: the fields history follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub status: TicketStatus,
    pub priority: u8,
    pub impact: Level,
    pub urgency: Level,
    pub category: Option<Name>,
    pub team: Option<Name>,
    pub assignee: Option<Name>,
    pub requester: Option<Name>,
}

impl Facts {
    /// The facts of an update; an unknown state keeps `previous`.
    fn of(u: &Update, previous: TicketStatus) -> Facts {
        Facts {
            status: u.status.unwrap_or(previous),
            priority: u.priority,
            impact: u.impact,
            urgency: u.urgency,
            category: u.category.clone(),
            team: u.group.clone(),
            assignee: u.assigned_to.clone(),
            requester: u.caller.clone(),
        }
    }

    /// History lines for each field that differs from `before`, valued as the rest of
    /// Helmdesk writes them (status and level names, priority numbers, people's, teams'
    /// and categories' names).
    pub fn changes_since(&self, before: &Facts) -> Vec<NewHistory> {
        let mut lines = Vec::new();
        let mut record = |field: &str, old: Option<String>, new: Option<String>| {
            if old != new {
                lines.push(NewHistory { field: field.into(), old_value: old, new_value: new });
            }
        };
        let text = |n: &Option<Name>| n.as_deref().map(str::to_string);
        record("status", Some(before.status.as_str().into()), Some(self.status.as_str().into()));
        record("priority", Some(before.priority.to_string()), Some(self.priority.to_string()));
        record("impact", Some(before.impact.as_str().into()), Some(self.impact.as_str().into()));
        record("urgency", Some(before.urgency.as_str().into()), Some(self.urgency.as_str().into()));
        record("category", text(&before.category), text(&self.category));
        record("team", text(&before.team), text(&self.team));
        record("assignee", text(&before.assignee), text(&self.assignee));
        record("requester", text(&before.requester), text(&self.requester));
        lines
    }
}

/// A history line with its update's position, time and author.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The `sys_mod_count` of the update that made it.
    pub mod_count: i64,
    pub at: i64,
    pub actor: Option<Name>,
    pub line: NewHistory,
}

/// An incident's final state, mapped onto a ticket (names not yet resolved to records),
/// and its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub number: Name,
    /// The final `sys_mod_count`: the ticket's `import_version`.
    pub version: i64,
    pub facts: Facts,
    pub subject: String,
    pub description: String,
    pub opened_by: Option<Name>,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub first_response_at: Option<i64>,
    pub reopen_count: i64,
    /// ServiceNow's `made_sla`, as a breach of the resolution target, for tickets done.
    pub resolution_breached: Option<bool>,
    pub resolution_note: Option<String>,
    /// The file line of the incident's first row (for reports).
    pub first_line: u64,
    /// One line per field changed by each update after the first, oldest first.
    pub history: Vec<Change>,
}

/// Plans the ticket of an incident. `baseline` is the ticket as stored by an earlier
/// import at version `since`: history then holds only the updates after `since`, the
/// first of them compared with `baseline` (which also stands in for missing rows).
pub fn plan(incident: &Incident, baseline: Option<(&Facts, i64)>) -> Option<Plan> {
    let last = incident.updates.last()?;
    let first = incident.updates.first()?;
    let mut history = Vec::new();
    let initial =
        Facts { status: TicketStatus::New, team: None, assignee: None, ..Facts::of(first, TicketStatus::New) };
    let mut before = match baseline {
        Some((facts, _)) => facts.clone(),
        None => initial,
    };
    let since = baseline.map(|(_, v)| v);
    let mut first_response_at = None;
    for u in &incident.updates {
        let facts = Facts::of(u, before.status);
        if first_response_at.is_none() && facts.status != TicketStatus::New {
            first_response_at = Some(u.updated_at);
        }
        if since.is_some_and(|v| u.mod_count <= v) {
            // Already imported: it is the baseline's past, not new history.
            continue;
        }
        history.extend(facts.changes_since(&before).into_iter().map(|line| Change {
            mod_count: u.mod_count,
            at: u.updated_at,
            actor: u.updated_by.clone(),
            line,
        }));
        before = facts;
    }
    let facts = Facts::of(last, before.status);
    let done = matches!(facts.status, TicketStatus::Resolved | TicketStatus::Closed);
    // The export's own resolution time, or none: a time the source does not have is not
    // made up (figures over the tickets then equal the source's own).
    let resolved_at = done.then_some(last.resolved_at).flatten();
    let closed_at = matches!(facts.status, TicketStatus::Closed | TicketStatus::Cancelled)
        .then(|| last.closed_at.unwrap_or(last.updated_at));
    Some(Plan {
        number: incident.number.clone(),
        version: last.mod_count,
        subject: subject(last),
        description: description(last),
        opened_by: last.opened_by.clone().or_else(|| first.opened_by.clone()),
        created_at: first.opened_at,
        updated_at: last.updated_at,
        resolved_at,
        closed_at,
        first_response_at: first_response_at.or(resolved_at),
        reopen_count: last.reopen_count,
        resolution_breached: if done { last.made_sla.map(|made| !made) } else { None },
        resolution_note: done.then(|| resolution_note(last)).flatten(),
        first_line: first.line,
        history,
        facts,
    })
}

/// `Category 55 / Subcategory 170: Symptom 72`, or the number when the row names none.
fn subject(u: &Update) -> String {
    let path: Vec<&str> = [&u.category, &u.subcategory].into_iter().flatten().map(|n| &**n).collect();
    let text = match (path.is_empty(), &u.symptom) {
        (false, Some(s)) => format!("{}: {s}", path.join(" / ")),
        (false, None) => path.join(" / "),
        (true, Some(s)) => s.to_string(),
        (true, None) => format!("ServiceNow incident {}", u.number),
    };
    text.chars().take(SUBJECT_MAX).collect::<String>().trim().to_string()
}

/// What the export says about the incident beyond the ticket's fields, one fact a line.
fn description(u: &Update) -> String {
    let mut lines = vec![format!("Imported from ServiceNow incident {}.", u.number)];
    let facts = [
        ("Contact type", &u.contact_type),
        ("Location", &u.location),
        ("Subcategory", &u.subcategory),
        ("Symptom", &u.symptom),
        ("Configuration item", &u.configuration_item),
        ("Problem", &u.problem),
        ("Change", &u.change),
        ("Caused by", &u.caused_by),
        ("Vendor", &u.vendor),
    ];
    lines.extend(facts.into_iter().filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}: {v}"))));
    if u.reassignment_count > 0 {
        lines.push(format!("Reassigned {} times.", u.reassignment_count));
    }
    lines.join("\n")
}

/// `Close code: code 5. Resolved by: Resolved by 149.`, when the row says.
fn resolution_note(u: &Update) -> Option<String> {
    let parts: Vec<String> = [("Close code", &u.close_code), ("Resolved by", &u.resolved_by)]
        .into_iter()
        .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}: {v}.")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at";

    fn row(
        number: &str,
        state: &str,
        mod_count: &str,
        updated_by: &str,
        updated_at: &str,
        group: &str,
        assignee: &str,
    ) -> String {
        format!(
            "{number},{state},true,0,0,{mod_count},true,Caller 2403,Opened by  8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,{updated_by},{updated_at},Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,2 - Medium,3 - Moderate,{group},{assignee},true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,29/2/2016 11:29,5/3/2016 12:00"
        )
    }

    fn read(text: &str) -> Export {
        read_export(text.as_bytes(), &PriorityMatrix::ITIL, |_| {}, |_| {}).unwrap()
    }

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap()
    }

    #[test]
    fn dates_are_read_day_first_and_as_utc() {
        assert_eq!(at("29/2/2016 01:16"), 1_456_708_560_000_000);
        assert_eq!(at("5/3/2016 12:00"), at("2016-03-05 12:00:00"));
        assert_eq!(at("05/03/2016 12:00:30") - at("5/3/2016 12:00"), 30_000_000);
        for bad in ["", "?", "30/2/2016 10:00", "13/13/2016 10:00", "1/1/16 10:00", "1/1/2016", "1/1/2016 25:00", "x"] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn states_map_onto_our_statuses_and_unknown_ones_onto_none() {
        use TicketStatus::*;
        let cases = [
            ("New", Some(New)),
            ("Active", Some(InProgress)),
            ("Awaiting User Info", Some(Pending)),
            ("Awaiting Problem", Some(Pending)),
            ("Awaiting Vendor", Some(Pending)),
            ("Awaiting Evidence", Some(Pending)),
            ("Resolved", Some(Resolved)),
            ("Closed", Some(Closed)),
            ("-100", None),
            ("Exploded", None),
        ];
        for (state, expected) in cases {
            assert_eq!(map_state(state), expected, "{state}");
        }
    }

    #[test]
    fn priorities_and_levels_keep_servicenow_numbers_on_our_scales() {
        assert_eq!(parse_priority("1 - Critical"), Some(1));
        assert_eq!(parse_priority("2 - High"), Some(2));
        assert_eq!(parse_priority("3 - Moderate"), Some(3));
        assert_eq!(parse_priority("4 - Low"), Some(4));
        assert_eq!(parse_priority("5 - Planning"), Some(5));
        assert_eq!(parse_priority("4"), Some(4));
        assert_eq!(parse_priority("2 - Low"), None, "a number and a label that disagree");
        assert_eq!(parse_priority("6 - Whenever"), None);
        assert_eq!(parse_level("1 - High"), Some(Level::High));
        assert_eq!(parse_level("2 - Medium"), Some(Level::Medium));
        assert_eq!(parse_level("3 - Low"), Some(Level::Low));
        assert_eq!(parse_level("low"), Some(Level::Low));
        assert_eq!(parse_level("4 - Low"), None);
    }

    #[test]
    fn synthetic_people_get_reserved_addresses_and_odd_names_a_hash() {
        assert_eq!(person_email("Caller 2403"), "caller-2403@servicenow.invalid");
        assert_eq!(person_email("Opened by  8"), person_email("Opened by  8"));
        assert_ne!(person_email("<script>alert(1)</script>"), person_email("script alert 1 script"));
        assert!(person_email("<script>").ends_with("@servicenow.invalid"));
        assert!(person_email("Émile Zola").starts_with("mile-zola-"));
        assert!(person_email("!!!").starts_with("person-"));
        assert!(helmdesk_domain::validate::email(&person_email(&"x".repeat(500))).is_ok());
    }

    #[test]
    fn names_lose_control_characters_and_excess_length() {
        assert_eq!(clean_name("  Group\t 56\u{0}x "), Some("Group 56 x".into()));
        assert_eq!(clean_name(" \u{7} "), None);
        assert_eq!(clean_name(&"é".repeat(300)).unwrap().chars().count(), NAME_MAX);
    }

    #[test]
    fn rows_group_by_incident_in_update_order_and_the_highest_count_is_final() {
        let text = [
            HEADER.to_string(),
            row("INC1", "New", "0", "Updated by 1", "29/2/2016 01:23", "Group 56", "?"),
            row("INC2", "New", "0", "Updated by 1", "29/2/2016 02:00", "?", "?"),
            row("INC1", "Closed", "3", "Updated by 3", "5/3/2016 12:00", "Group 56", "Resolver 1"),
            row("INC1", "Active", "1", "Updated by 2", "29/2/2016 08:53", "Group 56", "Resolver 1"),
            row("INC1", "Resolved", "3", "Updated by 4", "5/3/2016 12:00", "Group 56", "Resolver 1"),
        ]
        .join("\n");
        let export = read(&text);
        assert_eq!(export.rows, 5);
        assert!(export.rejected.is_empty());
        let numbers: Vec<&str> = export.incidents.iter().map(|i| &*i.number).collect();
        assert_eq!(numbers, ["INC1", "INC2"]);
        let counts: Vec<i64> = export.incidents[0].updates.iter().map(|u| u.mod_count).collect();
        assert_eq!(counts, [0, 1, 3, 3]);
        let plan = plan(&export.incidents[0], None).unwrap();
        assert_eq!(plan.version, 3);
        assert_eq!(plan.facts.status, TicketStatus::Resolved, "the last of two rows with the top count wins");
        assert_eq!(plan.resolved_at, Some(at("29/2/2016 11:29")), "resolved_at comes from its column");
        assert_eq!(plan.closed_at, None);
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_the_rest_is_read() {
        let mut quoted = row("INC3", "New", "0", "Updated by 1", "29/2/2016 01:23", "\"Group\n56\"", "?");
        quoted.push('\n'); // a quoted newline makes this row two lines long
        let text = [
            HEADER.to_string(),
            row("INC1", "New", "0", "Updated by 1", "29/2/2016 01:23", "?", "?"),
            "INC9,New,true".to_string(),
            row("?", "New", "0", "Updated by 1", "29/2/2016 01:23", "?", "?"),
            row("INC1", "Active", "1", "Updated by 1", "31/2/2016 01:23", "?", "?"),
            quoted.trim_end().to_string(),
            row("INC1", "Active", "x", "Updated by 1", "29/2/2016 01:23", "?", "?"),
            row("INC1", "Active", "2", "Updated by 1", "29/2/2016 01:23", "?", "?").replace("3 - Moderate", "9 - Meh"),
            row("INC 1", "Active", "2", "Updated by 1", "29/2/2016 01:23", "?", "?"),
        ]
        .join("\n");
        let mut heard = Vec::new();
        let export = read_export(text.as_bytes(), &PriorityMatrix::ITIL, |b| heard.push(b.line), |_| {}).unwrap();
        let lines: Vec<(u64, &str)> = export.rejected.iter().map(|b| (b.line, b.reason.as_str())).collect();
        assert_eq!(
            lines,
            [
                (3, "has 3 columns where the header has 36"),
                (4, "has no incident number"),
                (5, "has an unreadable sys_updated_at \"31/2/2016 01:23\""),
                (8, "has an unreadable sys_mod_count \"x\""),
                (9, "has an unknown priority \"9 - Meh\""),
                (10, "has an incident number with spaces or control characters \"INC 1\""),
            ]
        );
        assert_eq!(heard, [3, 4, 5, 8, 9, 10]);
        assert_eq!(export.rows, 8);
        assert_eq!(export.incidents.len(), 2);
        assert_eq!(export.incidents[1].updates[0].group.as_deref(), Some("Group 56"));
    }

    #[test]
    fn a_file_without_the_incident_columns_is_refused_whole() {
        let err = read_export("name,email\nx,y\n".as_bytes(), &PriorityMatrix::ITIL, |_| {}, |_| {}).unwrap_err();
        assert!(matches!(err, ExportError::MissingColumn("number")), "{err}");
        assert!(matches!(read_export("".as_bytes(), &PriorityMatrix::ITIL, |_| {}, |_| {}), Err(ExportError::Empty)));
    }

    #[test]
    fn history_has_a_line_per_changed_field_with_the_updates_time_and_author() {
        let text = [
            HEADER.to_string(),
            row("INC1", "New", "0", "Updated by 1", "29/2/2016 01:23", "Group 56", "?"),
            row("INC1", "Active", "1", "Updated by 2", "29/2/2016 08:53", "Group 56", "Resolver 1"),
            row("INC1", "-100", "2", "Updated by 3", "29/2/2016 09:00", "Group 57", "Resolver 1"),
            row("INC1", "Awaiting User Info", "3", "Updated by 3", "29/2/2016 10:00", "Group 57", "Resolver 1"),
            row("INC1", "Awaiting Vendor", "4", "Updated by 3", "29/2/2016 10:30", "Group 57", "Resolver 1"),
            row("INC1", "Closed", "5", "Updated by 4", "5/3/2016 12:00", "Group 57", "Resolver 1"),
        ]
        .join("\n");
        let export = read(&text);
        let plan = plan(&export.incidents[0], None).unwrap();
        #[allow(clippy::type_complexity)]
        let lines: Vec<(i64, &str, &str, Option<&str>, Option<&str>)> = plan
            .history
            .iter()
            .map(|c| {
                (
                    c.mod_count,
                    c.actor.as_deref().unwrap(),
                    c.line.field.as_str(),
                    c.line.old_value.as_deref(),
                    c.line.new_value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (0, "Updated by 1", "team", None, Some("Group 56")),
                (1, "Updated by 2", "status", Some("new"), Some("in_progress")),
                (1, "Updated by 2", "assignee", None, Some("Resolver 1")),
                (2, "Updated by 3", "team", Some("Group 56"), Some("Group 57")),
                (3, "Updated by 3", "status", Some("in_progress"), Some("pending")),
                (5, "Updated by 4", "status", Some("pending"), Some("closed")),
            ]
        );
        assert_eq!(plan.history[1].at, at("29/2/2016 08:53"));
        assert_eq!(plan.first_response_at, Some(at("29/2/2016 08:53")));
        assert_eq!(plan.created_at, at("29/2/2016 01:16"));
        assert_eq!(plan.updated_at, at("5/3/2016 12:00"));
        assert_eq!(plan.resolved_at, Some(at("29/2/2016 11:29")));
        assert_eq!(plan.closed_at, Some(at("5/3/2016 12:00")));
        assert_eq!(plan.subject, "Category 55 / Subcategory 170: Symptom 72");
        assert_eq!(plan.resolution_breached, Some(false));
        assert_eq!(plan.resolution_note.as_deref(), Some("Close code: code 5. Resolved by: Resolved by 149."));
        assert!(plan.description.starts_with("Imported from ServiceNow incident INC1.\nContact type: Phone\n"));

        // A later import appends only what happened after the stored version.
        let stored = Facts { status: TicketStatus::Pending, ..plan.facts.clone() };
        let again = super::plan(&export.incidents[0], Some((&stored, 4))).unwrap();
        let fields: Vec<(i64, &str)> = again.history.iter().map(|c| (c.mod_count, c.line.field.as_str())).collect();
        assert_eq!(fields, [(5, "status")]);
    }

    #[test]
    fn an_open_incident_has_no_resolution_and_made_sla_only_counts_when_done() {
        let text = [
            HEADER.to_string(),
            row("INC1", "Active", "1", "Updated by 2", "29/2/2016 08:53", "Group 56", "Resolver 1")
                .replace(",true,Caller", ",false,Caller"),
        ]
        .join("\n");
        let plan = plan(&read(&text).incidents[0], None).unwrap();
        assert_eq!(plan.facts.status, TicketStatus::InProgress);
        assert_eq!((plan.resolved_at, plan.closed_at, plan.resolution_breached), (None, None, None));
        assert_eq!(plan.resolution_note, None);
    }

    #[test]
    fn a_resolved_incident_without_a_resolution_time_keeps_it_missing() {
        let text = [
            HEADER.to_string(),
            row("INC1", "Resolved", "3", "Updated by 2", "1/3/2016 08:53", "Group 56", "Resolver 1")
                .replace(",29/2/2016 11:29,5/3/2016 12:00", ",?,?"),
        ]
        .join("\n");
        let plan = plan(&read(&text).incidents[0], None).unwrap();
        assert_eq!(plan.facts.status, TicketStatus::Resolved);
        assert_eq!(plan.resolved_at, None, "not the time the state changed, nor the last update");
        assert_eq!(plan.first_response_at, Some(at("1/3/2016 08:53")));
    }

    #[test]
    fn xz_input_is_recognised_by_its_magic_bytes() {
        let text = format!("{HEADER}\n{}\n", row("INC1", "New", "0", "Updated by 1", "29/2/2016 01:23", "?", "?"));
        let mut packed = Vec::new();
        let mut enc = xz2::read::XzEncoder::new(text.as_bytes(), 1);
        enc.read_to_end(&mut packed).unwrap();
        let export = read_export(packed.as_slice(), &PriorityMatrix::ITIL, |_| {}, |_| {}).unwrap();
        assert_eq!(export.incidents.len(), 1);
        assert_eq!(read(&text).incidents[0].updates, export.incidents[0].updates);
    }
}

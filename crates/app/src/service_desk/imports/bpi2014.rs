//! Reading the BPI Challenge 2014 files of Rabobank Group ICT (`Detail_Incident.csv` and
//! `Detail_Change.csv`, each optionally `.xz` compressed) and mapping them onto
//! configuration items and tickets. Pure: no database, no clock.
//!
//! The files are `;`-separated with a header line; dates are day first
//! (`05/02/2012 13:32:57`) in the time zone the import is given (Rabobank's:
//! Europe/Amsterdam by default); `#N/B` (Dutch "not available") means empty. Columns are
//! found by their header name, so their order does not matter.
//!
//! Rules:
//! - configuration items are every name in the incidents' affected (`CI Name (aff)`) and
//!   caused-by (`CI Name (CBy)`) columns and the changes' affected column, with the type
//!   and subtype the first row naming them gives; each service component (`Service
//!   Component WBS`) becomes a business service that depends on the items named with it;
//! - an incident row is refused (and reported with its line number) when its column count
//!   differs from the header's, its `Incident ID` is empty or unusable, its `Status` is not
//!   `Closed` or `Work in progress`, its impact, urgency or priority is not 1 to 5 (with
//!   or without a label: `5 - Very Low`), its
//!   `Open Time` is missing, or a time is unreadable; rows with every field empty (the file
//!   ends with some) are skipped without a word;
//! - an incident's missing times stay missing: no resolution time is made up;
//! - a change row only names items: it is refused when it has no `CI Name (aff)`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::TimeZone;
use chrono_tz::Tz;
use helmdesk_domain::assets::cmdb::CiClass;
use helmdesk_domain::validate::{NAME_MAX, SUBJECT_MAX};
use helmdesk_domain::{Level, TicketKind, TicketStatus};

use super::Names;
pub use super::{BadRow, Name, decompress, parse_wall_clock};

/// The value of `tickets.import_source` for tickets from this importer, and the prefix of
/// the `external_ref` of its configuration items (`bpi2014:WBA000124`).
pub const SOURCE: &str = "bpi2014";

/// How this importer maps an incident onto a ticket; a later mapping has a higher number
/// and rewrites the tickets an earlier one wrote.
pub const MAPPING_VERSION: i64 = 1;

/// The organisation imported records belong to unless told otherwise.
pub const DEFAULT_ORGANISATION: &str = "Rabobank (BPI 2014)";

/// The time zone the files' times are read in unless told otherwise: Rabobank's.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Amsterdam;

/// The incident file's name, without `.csv` or `.csv.xz`.
pub const INCIDENTS: &str = "Detail_Incident";

/// The change file's name, without `.csv` or `.csv.xz`.
pub const CHANGES: &str = "Detail_Change";

/// What the files say is missing.
const NOT_AVAILABLE: &str = "#N/B";

/// The dataset's files cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("cannot read {file}: {source}")]
    Io { file: &'static str, source: std::io::Error },
    #[error("cannot read {file}: {source}")]
    Csv { file: &'static str, source: csv::Error },
    #[error("{0} has no header line")]
    Empty(&'static str),
    #[error("{file} has no {column:?} column; is it the BPI Challenge 2014 file?")]
    MissingColumn { file: &'static str, column: &'static str },
    #[error("{dir} has no {file}.csv or {file}.csv.xz")]
    MissingFile { dir: String, file: &'static str },
}

/// The incident and change files in `dir` (each `.csv.xz` or `.csv`).
pub fn files_in(dir: &Path) -> Result<(PathBuf, PathBuf), DatasetError> {
    let find = |file: &'static str| {
        [format!("{file}.csv.xz"), format!("{file}.csv")]
            .into_iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
            .ok_or_else(|| DatasetError::MissingFile { dir: dir.display().to_string(), file })
    };
    Ok((find(INCIDENTS)?, find(CHANGES)?))
}

/// A configuration item as the files name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: Name,
    /// `CI Type` as written ("subapplication").
    pub source_type: Option<Name>,
    /// `CI Subtype` as written ("Web Based Application").
    pub source_subtype: Option<Name>,
    /// The service components (business services) it was named with.
    pub services: BTreeSet<Name>,
}

impl Item {
    /// Our class for the item's type.
    pub fn class(&self) -> CiClass {
        class_of(self.source_type.as_deref())
    }
}

/// Our class of configuration item for a type the files name.
pub fn class_of(source_type: Option<&str>) -> CiClass {
    match source_type.map(str::to_ascii_lowercase).as_deref() {
        Some("application" | "subapplication" | "applicationcomponent") => CiClass::Application,
        Some("software") => CiClass::SoftwareInstance,
        Some("database") => CiClass::Database,
        Some("networkcomponents") => CiClass::NetworkComponent,
        Some("computer" | "hardware" | "storage" | "displaydevice" | "officeelectronics" | "phone") => {
            CiClass::Hardware
        }
        _ => CiClass::Other,
    }
}

/// One incident as the file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Line of the file the row starts on.
    pub line: u64,
    pub number: Name,
    pub status: TicketStatus,
    pub kind: TicketKind,
    /// `Category` as written ("request for information").
    pub category: Option<Name>,
    /// Impact, urgency and priority on the source's scale: 1 (highest) to 5.
    pub impact: u8,
    pub urgency: u8,
    pub priority: u8,
    pub opened_at: i64,
    pub reopened_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub closure_code: Option<Name>,
    pub affected: Option<Name>,
    pub caused_by: Option<Name>,
    /// The source's other columns that have a value, as (header, value), in file order:
    /// what the ticket's description records.
    pub facts: Vec<(Name, String)>,
}

impl Incident {
    /// The ticket's subject: the affected item, its subtype and the category, as written.
    pub fn subject(&self, items: &BTreeMap<Name, Item>) -> String {
        let subtype = self.affected.as_ref().and_then(|a| items.get(a)?.source_subtype.clone());
        let parts: Vec<&str> =
            [self.affected.as_deref(), subtype.as_deref(), self.category.as_deref()].into_iter().flatten().collect();
        let subject = if parts.is_empty() { self.number.to_string() } else { parts.join(" · ") };
        subject.chars().take(SUBJECT_MAX).collect()
    }

    /// The ticket's description: one line per fact, "header: value".
    pub fn description(&self) -> String {
        self.facts.iter().map(|(header, value)| format!("- {header}: {value}\n")).collect()
    }

    /// Our level for the source's impact or urgency: 1 and 2 high, 3 medium, 4 and 5 low.
    pub fn level(scale: u8) -> Level {
        match scale {
            1 | 2 => Level::High,
            3 => Level::Medium,
            _ => Level::Low,
        }
    }

    /// The latest time the row names.
    pub fn updated_at(&self) -> i64 {
        [self.reopened_at, self.resolved_at, self.closed_at].into_iter().flatten().fold(self.opened_at, i64::max)
    }
}

/// Everything read from the two files.
#[derive(Debug, Default)]
pub struct Dataset {
    /// The configuration items by name.
    pub items: BTreeMap<Name, Item>,
    /// The service components named, each a business service.
    pub services: BTreeSet<Name>,
    /// The incidents in file order, each once (a repeated number is refused).
    pub incidents: Vec<Incident>,
    /// Rows that could not be read, in the order found.
    pub rejected: Vec<BadRow>,
    /// Rows read from both files, good and bad (empty ones not counted).
    pub rows: u64,
}

impl Dataset {
    /// Records that `name` was named with a type, subtype and service component; the first
    /// type and subtype given stay.
    fn name_item(&mut self, name: Name, source_type: Option<Name>, subtype: Option<Name>, service: Option<Name>) {
        let item = self.items.entry(name.clone()).or_insert_with(|| Item {
            name,
            source_type: None,
            source_subtype: None,
            services: BTreeSet::new(),
        });
        if item.source_type.is_none() && item.source_subtype.is_none() {
            item.source_type = source_type;
            item.source_subtype = subtype;
        }
        if let Some(s) = service {
            item.services.insert(s.clone());
            self.services.insert(s);
        }
    }
}

/// Reads the incident file, then the change file, reporting each bad row to `on_bad_row`
/// as it is found; `on_row` hears the number of rows read every few thousand rows. Only a
/// file that cannot be read at all is an error.
pub fn read(
    incidents: impl Read,
    changes: impl Read,
    time_zone: Tz,
    mut on_bad_row: impl FnMut(&BadRow),
    mut on_row: impl FnMut(u64),
) -> Result<Dataset, DatasetError> {
    let mut dataset = Dataset::default();
    let mut names = Names::default();
    let mut numbers = HashSet::new();
    read_rows(INCIDENTS, incidents, &INCIDENT_COLUMNS, &mut dataset, &mut on_bad_row, &mut on_row, |d, row| {
        let incident = incident(row, time_zone, &mut names)?;
        if !numbers.insert(incident.number.clone()) {
            return Err(format!("repeats incident {}", incident.number));
        }
        name_items(d, row, &mut names, &[AFFECTED, CAUSED_BY]);
        d.incidents.push(incident);
        Ok(())
    })?;
    read_rows(CHANGES, changes, &CHANGE_COLUMNS, &mut dataset, &mut on_bad_row, &mut on_row, |d, row| {
        if row.text(0).is_none() {
            return Err("names no configuration item".into());
        }
        name_items(d, row, &mut names, &[AFFECTED]);
        Ok(())
    })?;
    on_row(dataset.rows);
    Ok(dataset)
}

/// The name, type, subtype and service component columns of one item in a row.
struct ItemColumns {
    name: usize,
    source_type: usize,
    subtype: usize,
    service: usize,
}

/// Indexes into [`INCIDENT_COLUMNS`] and [`CHANGE_COLUMNS`], whose first four columns
/// both name the affected item.
const AFFECTED: ItemColumns = ItemColumns { name: 0, source_type: 1, subtype: 2, service: 3 };
const CAUSED_BY: ItemColumns = ItemColumns { name: 4, source_type: 5, subtype: 6, service: 7 };

fn name_items(dataset: &mut Dataset, row: &Row, names: &mut Names, which: &[ItemColumns]) {
    for c in which {
        if let Some(name) = row.name(c.name, names) {
            let (t, s, w) = (row.name(c.source_type, names), row.name(c.subtype, names), row.name(c.service, names));
            dataset.name_item(name, t, s, w);
        }
    }
}

/// The columns the importer reads from the incident file, by header name (lower case);
/// the first ones are required.
const INCIDENT_COLUMNS: [&str; 28] = [
    "ci name (aff)",
    "ci type (aff)",
    "ci subtype (aff)",
    "service component wbs (aff)",
    "ci name (cby)",
    "ci type (cby)",
    "ci subtype (cby)",
    "servicecomp wbs (cby)",
    "incident id",
    "status",
    "impact",
    "urgency",
    "priority",
    "open time",
    "category",
    "reopen time",
    "resolved time",
    "close time",
    "closure code",
    // The facts the description records, in this order.
    "km number",
    "alert status",
    "# reassignments",
    "handle time (hours)",
    "# related interactions",
    "related interaction",
    "# related incidents",
    "# related changes",
    "related change",
];

/// How many of [`INCIDENT_COLUMNS`] a file must have.
const INCIDENT_REQUIRED: usize = 14;

/// Index into [`INCIDENT_COLUMNS`] of the first fact.
const FIRST_FACT: usize = 19;

/// Indexes into [`INCIDENT_COLUMNS`].
mod col {
    pub const NUMBER: usize = 8;
    pub const STATUS: usize = 9;
    pub const IMPACT: usize = 10;
    pub const URGENCY: usize = 11;
    pub const PRIORITY: usize = 12;
    pub const OPENED: usize = 13;
    pub const CATEGORY: usize = 14;
    pub const REOPENED: usize = 15;
    pub const RESOLVED: usize = 16;
    pub const CLOSED: usize = 17;
    pub const CLOSURE_CODE: usize = 18;
}

/// The columns the importer reads from the change file: the affected item's (all required).
const CHANGE_COLUMNS: [&str; 4] = ["ci name (aff)", "ci type (aff)", "ci subtype (aff)", "service component wbs (aff)"];

/// One row of a file, with where the importer's columns are.
struct Row<'a> {
    /// Line of the file the row starts on.
    line: u64,
    record: &'a csv::ByteRecord,
    columns: &'a [Option<usize>],
    headers: &'a [String],
}

impl Row<'_> {
    /// A field's text, trimmed; `None` when the column is absent, empty or `#N/B`.
    fn text(&self, c: usize) -> Option<String> {
        let raw = self.record.get(self.columns[c]?)?;
        let text = String::from_utf8_lossy(raw);
        let text = text.trim();
        (!text.is_empty() && text != NOT_AVAILABLE).then(|| text.to_string())
    }

    /// A field's text as a shared name, cut to a name's length.
    fn name(&self, c: usize, names: &mut Names) -> Option<Name> {
        let text: String = self.text(c)?.chars().take(NAME_MAX).collect();
        Some(names.get(text.trim_end()))
    }

    /// The header of column `c` as the file writes it.
    fn header(&self, c: usize) -> Option<&str> {
        Some(self.headers.get(self.columns[c]?)?.as_str())
    }
}

/// Reads one file's rows into `dataset` with `take`, which refuses a row with a reason.
fn read_rows(
    file: &'static str,
    input: impl Read,
    wanted: &[&'static str],
    dataset: &mut Dataset,
    on_bad_row: &mut impl FnMut(&BadRow),
    on_row: &mut impl FnMut(u64),
    mut take: impl FnMut(&mut Dataset, &Row) -> Result<(), String>,
) -> Result<(), DatasetError> {
    let io = |source| DatasetError::Io { file, source };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        // Lines end in CRLF; ending them at LF alone keeps csv's line numbers true (it
        // counts a CRLF line at the next record), and fields are trimmed anyway.
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .has_headers(false)
        .from_reader(decompress(input).map_err(io)?);
    let mut record = csv::ByteRecord::new();
    let read_error = |source| DatasetError::Csv { file, source };
    if !reader.read_byte_record(&mut record).map_err(read_error)? {
        return Err(DatasetError::Empty(file));
    }
    let headers: Vec<String> =
        record.iter().map(|f| String::from_utf8_lossy(f).trim().trim_start_matches('\u{feff}').to_string()).collect();
    let lower: Vec<String> = headers.iter().map(|h| h.to_lowercase()).collect();
    let columns: Vec<Option<usize>> = wanted.iter().map(|w| lower.iter().position(|h| h == w)).collect();
    let required = if file == INCIDENTS { INCIDENT_REQUIRED } else { wanted.len() };
    if let Some(missing) = (0..required).find(|&c| columns[c].is_none()) {
        return Err(DatasetError::MissingColumn { file, column: wanted[missing] });
    }
    loop {
        let mut line = reader.position().line();
        let outcome = match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Err(e) if e.is_io_error() => return Err(read_error(e)),
            Err(e) => Err(format!("cannot be read: {e}")),
            Ok(true) if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => continue,
            Ok(true) => {
                line = record.position().map_or(line, |p| p.line());
                // The files pad rows with empty fields past the header's: only fewer count.
                if record.len() < headers.len() {
                    Err(format!("has {} columns where the header has {}", record.len(), headers.len()))
                } else {
                    take(dataset, &Row { line, record: &record, columns: &columns, headers: &headers })
                }
            }
        };
        dataset.rows += 1;
        if dataset.rows.is_multiple_of(4096) {
            on_row(dataset.rows);
        }
        if let Err(reason) = outcome {
            let bad = BadRow { line, reason: format!("{file}: {reason}") };
            on_bad_row(&bad);
            dataset.rejected.push(bad);
        }
    }
    Ok(())
}

/// An incident row, or why it is refused.
fn incident(row: &Row, time_zone: Tz, names: &mut Names) -> Result<Incident, String> {
    let number = row.text(col::NUMBER).ok_or("has no Incident ID")?;
    if number.len() > 40 || !number.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(format!("has an unusable Incident ID {number:?}"));
    }
    let status = match row.text(col::STATUS).as_deref() {
        Some("Closed") => TicketStatus::Closed,
        Some("Work in progress") => TicketStatus::InProgress,
        other => return Err(format!("has an unknown Status {:?}", other.unwrap_or_default())),
    };
    let scale = |c: usize, what: &str| -> Result<u8, String> {
        // "5" or, once in the incident file, "5 - Very Low".
        let text = row.text(c).unwrap_or_default();
        let number = text.split_once(" - ").map_or(text.as_str(), |(n, _)| n);
        number.parse::<u8>().ok().filter(|n| (1..=5).contains(n)).ok_or(format!("has an unknown {what} {text:?}"))
    };
    let time = |c: usize, what: &str| -> Result<Option<i64>, String> {
        let Some(text) = row.text(c) else { return Ok(None) };
        let local = parse_wall_clock(&text).ok_or_else(|| format!("has an unreadable {what} {text:?}"))?;
        // A time in the hour a clock goes back names two instants: the first is taken;
        // one in the hour it skips names none, and is read an hour later.
        let at = time_zone
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| time_zone.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
            .ok_or_else(|| format!("has a {what} that does not exist in {time_zone}: {text:?}"))?;
        Ok(Some(at.timestamp_micros()))
    };
    let category = row.name(col::CATEGORY, names);
    let kind = match category.as_deref() {
        Some("request for information" | "request for change") => TicketKind::ServiceRequest,
        _ => TicketKind::Incident,
    };
    let facts = (FIRST_FACT..INCIDENT_COLUMNS.len())
        .chain([col::IMPACT, col::URGENCY])
        .filter_map(|c| Some((names.get(row.header(c)?), row.text(c)?)))
        .map(|(header, value)| (header, value.chars().take(NAME_MAX).collect()))
        .collect();
    Ok(Incident {
        line: row.line,
        number: names.get(&number),
        status,
        kind,
        category,
        impact: scale(col::IMPACT, "Impact")?,
        urgency: scale(col::URGENCY, "Urgency")?,
        priority: scale(col::PRIORITY, "Priority")?,
        opened_at: time(col::OPENED, "Open Time")?.ok_or("has no Open Time")?,
        reopened_at: time(col::REOPENED, "Reopen Time")?,
        resolved_at: time(col::RESOLVED, "Resolved Time")?,
        closed_at: time(col::CLOSED, "Close Time")?,
        closure_code: row.name(col::CLOSURE_CODE, names),
        affected: row.name(AFFECTED.name, names),
        caused_by: row.name(CAUSED_BY.name, names),
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INCIDENT_HEADER: &str = "CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Incident ID;Status;Impact;Urgency;Priority;Category;KM number;Alert Status;# Reassignments;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;# Related Interactions;Related Interaction;# Related Incidents;# Related Changes;Related Change;CI Name (CBy);CI Type (CBy);CI Subtype (CBy);ServiceComp WBS (CBy);;";
    const CHANGE_HEADER: &str =
        "CI Name (aff);CI Type (aff);CI Subtype (aff);Service Component WBS (aff);Change ID;Change Type";

    fn dataset(incidents: &[&str], changes: &[&str]) -> Dataset {
        let file = |header: &str, rows: &[&str]| format!("{header}\r\n{}", rows.join("\r\n")).into_bytes();
        let incidents = file(INCIDENT_HEADER, incidents);
        let changes = file(CHANGE_HEADER, changes);
        read(&incidents[..], &changes[..], DEFAULT_TIME_ZONE, |_| {}, |_| {}).unwrap()
    }

    const GOOD: &str = "WBA000124;application;Web Based Application;WBS000088;IM0000005;Closed;3;3;3;incident;KM0000611;closed;33;12/03/2012 15:44:24;02/12/2013 12:31:02;02/12/2013 12:36:21;02/12/2013 12:36:25;4354,786389;Software;1;SD0000011;1;;;SBA000263;application;Server Based Application;#N/B;;";

    #[test]
    fn an_incident_keeps_its_source_values() {
        let d = dataset(&[GOOD], &[]);
        assert_eq!(d.rejected, []);
        let i = &d.incidents[0];
        assert_eq!((&*i.number, i.status, i.kind), ("IM0000005", TicketStatus::Closed, TicketKind::Incident));
        assert_eq!((i.impact, i.urgency, i.priority), (3, 3, 3));
        // 15:44:24 in Amsterdam in March (before summer time) is 14:44:24 UTC.
        let utc = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros();
        assert_eq!(i.opened_at, utc("2012-03-12T14:44:24Z"));
        assert_eq!(i.resolved_at, Some(utc("2013-12-02T11:36:21Z")));
        assert_eq!(i.reopened_at, Some(utc("2013-12-02T11:31:02Z")));
        assert_eq!(i.closure_code.as_deref(), Some("Software"));
        assert_eq!((i.affected.as_deref(), i.caused_by.as_deref()), (Some("WBA000124"), Some("SBA000263")));
        assert_eq!(i.subject(&d.items), "WBA000124 · Web Based Application · incident");
        assert!(i.description().contains("- Handle Time (Hours): 4354,786389\n"), "{}", i.description());
        assert!(i.description().contains("- Impact: 3\n"));
        assert!(!i.description().contains("Related Change:"), "empty facts are left out");
    }

    #[test]
    fn items_and_services_come_from_both_files() {
        let d = dataset(&[GOOD], &["NET000425;networkcomponents;Switch;WBS000102;C00000003;Release Type 11"]);
        assert_eq!(d.items.len(), 3);
        assert_eq!(d.items["WBA000124"].class(), CiClass::Application);
        assert_eq!(d.items["NET000425"].class(), CiClass::NetworkComponent);
        // "#N/B" as a service component names none.
        assert!(d.items["SBA000263"].services.is_empty());
        let services: Vec<&str> = d.services.iter().map(|s| &**s).collect();
        assert_eq!(services, ["WBS000088", "WBS000102"]);
    }

    #[test]
    fn a_missing_time_stays_missing_and_empty_rows_are_skipped() {
        let row = GOOD.replace("02/12/2013 12:36:21", "").replace("02/12/2013 12:31:02", "");
        let blank = ";".repeat(30);
        let d = dataset(&[&row, &blank, &blank], &[]);
        assert_eq!((d.rows, d.rejected.len()), (1, 0));
        assert_eq!((d.incidents[0].resolved_at, d.incidents[0].reopened_at), (None, None));
    }

    #[test]
    fn bad_rows_are_refused_with_their_line_and_the_rest_reads() {
        let rows = [
            GOOD.replace("IM0000005", ""),
            GOOD.replace("IM0000005", "IM'; DROP TABLE tickets;--"),
            GOOD.replace("Closed", "Solved"),
            GOOD.replace(";3;3;3;", ";3;9;3;"),
            GOOD.replace("12/03/2012 15:44:24", "31/02/2012 25:00"),
            GOOD.replace("12/03/2012 15:44:24", ""),
            "WBA000124;application".to_string(),
            GOOD.to_string(),
            GOOD.to_string(),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let d = dataset(&rows, &[";x;y;z;C1;T"]);
        let lines: Vec<u64> = d.rejected.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 10, 2], "{:#?}", d.rejected);
        assert_eq!(d.incidents.len(), 1);
        assert!(d.rejected[1].reason.contains("unusable Incident ID"), "{}", d.rejected[1].reason);
        assert!(d.rejected[8].reason.starts_with("Detail_Change: names no configuration item"));
    }

    #[test]
    fn a_file_without_the_columns_is_refused_whole() {
        let e = read(&b"a;b\n1;2"[..], &b""[..], DEFAULT_TIME_ZONE, |_| {}, |_| {}).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Detail_Incident has no \"ci name (aff)\" column; is it the BPI Challenge 2014 file?"
        );
    }

    #[test]
    fn impact_and_urgency_map_onto_three_levels() {
        assert_eq!(
            [1, 2, 3, 4, 5].map(Incident::level),
            [Level::High, Level::High, Level::Medium, Level::Low, Level::Low]
        );
    }
}

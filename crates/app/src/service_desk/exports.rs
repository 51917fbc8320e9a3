//! Exports of a ticket list as CSV or XLSX. Tickets are read a page at a time (keyset, in
//! the list's order), so an export of any size holds one page in memory: CSV is sent as
//! each page is written; XLSX rows go to the workbook's temporary files (its constant
//! memory mode) and the finished file is sent from disk.

use std::io::{Seek, SeekFrom};

use futures::{Stream, TryStreamExt, stream};
use rust_xlsxwriter::Workbook;

use crate::service_desk::search::TicketQuery;
use crate::service_desk::tickets::Ticket;
use crate::{Actor, App, AppError};

/// Tickets read per page of an export.
const PAGE: i64 = 1_000;

/// The columns of an export, in order.
pub const COLUMNS: &[&str] = &[
    "number",
    "subject",
    "kind",
    "status",
    "priority",
    "requester",
    "organisation",
    "category",
    "team",
    "assignee",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "sla_state",
    "response_due",
    "resolution_due",
    "resolution_code",
    "major_incident",
    "reopen_count",
    "time_spent_minutes",
];

/// A file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// The cells of a ticket's row, in [`COLUMNS`] order.
fn cells(t: &Ticket) -> Vec<String> {
    let time = |v: Option<chrono::DateTime<chrono::Utc>>| v.map(|v| v.to_rfc3339()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        t.number.clone(),
        t.subject.clone(),
        t.kind.as_str().to_string(),
        t.status.as_str().to_string(),
        t.priority.to_string(),
        t.requester_name.clone(),
        t.organisation_name.clone(),
        text(&t.category_name),
        text(&t.team_name),
        text(&t.assignee_name),
        t.created_at.to_rfc3339(),
        t.updated_at.to_rfc3339(),
        time(t.first_response_at),
        time(t.resolved_at),
        time(t.closed_at),
        t.sla.state.map(|s| s.as_str().to_string()).unwrap_or_default(),
        time(t.sla.response_due),
        time(t.sla.resolution_due),
        text(&t.resolution_code),
        t.major_incident.to_string(),
        t.reopen_count.to_string(),
        t.time_spent_minutes.map(|m| m.to_string()).unwrap_or_default(),
    ]
}

/// CSV lines: the header when `header`, then one line per ticket.
pub fn csv_lines(tickets: &[Ticket], header: bool) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("writing CSV: {e}"));
    if header {
        out.write_record(COLUMNS).map_err(fail)?;
    }
    for t in tickets {
        out.write_record(cells(t).into_iter().map(crate::defused)).map_err(fail)?;
    }
    out.into_inner().map_err(|e| AppError::Internal(format!("writing CSV: {e}")))
}

/// Writes the pages into an XLSX file in a temporary file, rewound for reading. Rows go
/// to disk as they are written (constant memory mode).
pub async fn xlsx_file(pages: impl Stream<Item = Result<Vec<Ticket>, AppError>>) -> Result<std::fs::File, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("writing XLSX: {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(fail)?;
    sheet.set_name("Tickets").map_err(fail)?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).map_err(fail)?;
    }
    let mut row: u32 = 1;
    futures::pin_mut!(pages);
    while let Some(page) = pages.try_next().await? {
        for t in &page {
            for (col, cell) in cells(t).iter().enumerate() {
                sheet.write_string(row, col as u16, cell).map_err(fail)?;
            }
            row += 1;
        }
    }
    tokio::task::spawn_blocking(move || {
        let mut file = tempfile::tempfile().map_err(|e| AppError::Internal(format!("temporary file: {e}")))?;
        workbook.save_to_writer(&mut file).map_err(fail)?;
        file.seek(SeekFrom::Start(0)).map_err(|e| AppError::Internal(format!("temporary file: {e}")))?;
        Ok(file)
    })
    .await
    .map_err(|e| AppError::Internal(format!("writing XLSX: {e}")))?
}

impl App {
    /// Every ticket of the query the actor may see, a page at a time in the query's order
    /// (its cursor and limit are ignored).
    pub fn export_pages(
        &self,
        actor: &Actor,
        query: &TicketQuery,
    ) -> impl Stream<Item = Result<Vec<Ticket>, AppError>> + Send + 'static {
        let app = self.clone();
        let actor = actor.clone();
        let first = TicketQuery { cursor: None, limit: PAGE, ..query.clone() };
        stream::try_unfold(Some(first), move |next| {
            let (app, actor) = (app.clone(), actor.clone());
            async move {
                let Some(q) = next else { return Ok(None) };
                let page = app.list_tickets(&actor, &q).await?;
                let following = page.next_cursor.map(|c| TicketQuery { cursor: Some(c), ..q });
                Ok(Some((page.items, following)))
            }
        })
        .try_filter(|page| std::future::ready(!page.is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defused;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        assert_eq!(defused("=HYPERLINK(\"http://evil\")".into()), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(defused("+1".into()), "'+1");
        assert_eq!(defused("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defused("Printer broken".into()), "Printer broken");
    }

    #[test]
    fn the_csv_header_names_every_column() {
        let text = String::from_utf8(csv_lines(&[], true).unwrap()).unwrap();
        assert_eq!(text.trim_end().split(',').count(), COLUMNS.len());
        assert!(csv_lines(&[], false).unwrap().is_empty());
    }
}

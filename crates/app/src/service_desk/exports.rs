//! Exports of a ticket list as CSV or XLSX, on the platform's export machinery
//! (`platform::exports`): a ticket's columns and cells, and the list's pages.

use futures::Stream;

pub use crate::platform::exports::{ExportFormat, csv_lines, xlsx_file};
use crate::platform::exports::{ExportRow, PAGE, pages, text};
use crate::service_desk::search::TicketQuery;
use crate::service_desk::tickets::Ticket;
use crate::{Actor, App, AppError};

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

impl ExportRow for Ticket {
    const NAME: &'static str = "tickets";

    fn columns() -> &'static [&'static str] {
        COLUMNS
    }

    fn cells(&self) -> Vec<String> {
        let t = self;
        let time = |v: Option<chrono::DateTime<chrono::Utc>>| v.map(|v| v.to_rfc3339()).unwrap_or_default();
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
}

impl App {
    /// Every ticket of the query the actor may see, a page at a time in the query's order
    /// (its cursor and limit are ignored).
    pub fn export_pages(
        &self,
        actor: &Actor,
        query: &TicketQuery,
    ) -> impl Stream<Item = Result<Vec<Ticket>, AppError>> + Send + 'static {
        let (app, actor) = (self.clone(), actor.clone());
        let first = TicketQuery { cursor: None, limit: PAGE, ..query.clone() };
        pages(move |cursor| {
            let (app, actor) = (app.clone(), actor.clone());
            let q = TicketQuery { cursor, ..first.clone() };
            async move { app.list_tickets(&actor, &q).await }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_header_names_every_column() {
        let text = String::from_utf8(csv_lines::<Ticket>(&[], true).unwrap()).unwrap();
        assert_eq!(text.trim_end().split(',').count(), COLUMNS.len());
        assert!(csv_lines::<Ticket>(&[], false).unwrap().is_empty());
    }
}

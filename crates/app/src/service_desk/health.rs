//! The service desk's gauges for `/metrics`: tickets by status.

use helmdesk_domain::TicketStatus;

use crate::health::{Gauge, count_of};
use crate::{App, AppError};

/// Tickets by status, every status counted.
pub(crate) async fn gauges(app: &App) -> Result<Vec<Gauge>, AppError> {
    let tickets = app.store().ticket_counts().await?;
    Ok(TicketStatus::ALL
        .iter()
        .map(|s| Gauge {
            metric: "helmdesk_tickets",
            label: ("status", s.as_str()),
            value: count_of(&tickets, s.as_str()),
        })
        .collect())
}

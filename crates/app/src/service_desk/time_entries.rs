//! Time spent on tickets: staff record minutes (or a duration typed as `1h 30m`) with a
//! note; the ticket's `time_spent_minutes` grows in the same transaction. Staff and
//! auditors read the entries.

use chrono::{DateTime, Utc};
use helmdesk_domain::validate::{self, format_minutes};
use helmdesk_store::service_desk::tickets::{Effects, NewHistory};
use helmdesk_store::service_desk::time_entries::TimeEntryRow;
use serde::Deserialize;

use crate::platform::live::ChangeKind;
use crate::service_desk::access::DeskPermission;
use crate::{Actor, App, AppError, ts};

/// The most time one entry records: a day.
pub const ENTRY_MAX_MINUTES: i64 = 24 * 60;
/// Longest note of a time entry, in characters.
pub const NOTE_MAX: usize = 2000;

/// Time spent on a ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TimeEntry {
    pub id: i64,
    pub ticket_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub minutes: i64,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

impl From<TimeEntryRow> for TimeEntry {
    fn from(r: TimeEntryRow) -> Self {
        TimeEntry {
            id: r.id,
            ticket_id: r.ticket_id,
            user_id: r.user_id,
            user_name: r.user_name,
            minutes: r.minutes,
            note: r.note,
            created_at: ts(r.created_at),
        }
    }
}

/// A ticket's time entries and its total.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TimeSheet {
    pub entries: Vec<TimeEntry>,
    /// The ticket's `time_spent_minutes`: every entry (and time imported with it).
    pub total_minutes: i64,
}

helmdesk_domain::document_as!(
    /// A duration in the common forms [`validate::minutes`] reads, up to a day: `45`,
    /// `45m`, `2h`, `1h 30m`.
    Duration => validate::schema::string(
        16,
        r"^([1-9]|1[0-9]|2[0-3]) ?h( ?[1-5]?[0-9] ?m)?$|^[1-9][0-9]{0,2} ?m?$".into(),
        1
    )
);
helmdesk_domain::document_as!(
    /// What time was spent on: at most [`NOTE_MAX`] characters, lines allowed.
    Note => validate::schema::optional_text(NOTE_MAX, true)
);

/// Time to record: `minutes` or `duration`, not both.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTimeEntry {
    /// Whole minutes, 1 to 1440.
    #[schema(minimum = 1, maximum = 1440)]
    pub minutes: Option<i64>,
    /// A duration as people type it: `45m`, `2h`, `1h 30m`.
    #[schema(value_type = Option<Duration>, example = "1h 30m")]
    pub duration: Option<String>,
    /// What the time was spent on.
    #[serde(default)]
    #[schema(value_type = Note)]
    pub note: String,
}

impl NewTimeEntry {
    /// The minutes to record.
    fn minutes(&self) -> Result<i64, AppError> {
        match (self.minutes, self.duration.as_deref()) {
            (Some(m), None) if (1..=ENTRY_MAX_MINUTES).contains(&m) => Ok(m),
            (Some(_), None) => Err(AppError::invalid("minutes", "must be between 1 and 1440 (a day)")),
            (None, Some(d)) => Ok(validate::minutes("duration", d, ENTRY_MAX_MINUTES)?),
            (Some(_), Some(_)) => Err(AppError::invalid("duration", "give minutes or duration, not both")),
            (None, None) => Err(AppError::invalid("minutes", "say how long: minutes, or a duration like 1h 30m")),
        }
    }
}

impl App {
    /// The time recorded on a ticket (staff and auditors).
    pub async fn time_entries(&self, actor: &Actor, ticket_id: i64) -> Result<TimeSheet, AppError> {
        let t = self.visible_ticket(actor, ticket_id).await?.ticket;
        if !actor.role.sees_internal() {
            return Err(AppError::forbidden("only staff and auditors see the time recorded on tickets"));
        }
        let entries = self.store().time_entries(ticket_id).await?.into_iter().map(TimeEntry::from).collect();
        Ok(TimeSheet { entries, total_minutes: t.time_spent_minutes })
    }

    /// Records time spent on a ticket (staff); the ticket's total grows with it.
    pub async fn add_time_entry(
        &self,
        actor: &Actor,
        ticket_id: i64,
        input: NewTimeEntry,
    ) -> Result<TimeEntry, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        let t = self.visible_ticket(actor, ticket_id).await?.ticket;
        let minutes = input.minutes()?;
        let note = if input.note.trim().is_empty() {
            String::new()
        } else {
            validate::text("note", &input.note, NOTE_MAX, true)?
        };
        let line =
            NewHistory { field: "internal_time".into(), old_value: None, new_value: Some(format_minutes(minutes)) };
        let effects = Effects::history(vec![line]);
        let row = self.store().add_time_entry(ticket_id, actor.id, minutes, &note, self.now_micros(), &effects).await?;
        self.announce_ticket(&t, ChangeKind::Updated, Some(actor.id), true, &[]);
        Ok(row.into())
    }
}

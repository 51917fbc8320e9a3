//! Major incidents' stakeholder updates: a log of what was said to the people affected,
//! posted by staff on a ticket flagged `major_incident`, read by everyone who sees the
//! ticket. Posting one tells the requester and the watchers.

use chrono::{DateTime, Utc};
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::service_desk::major_incidents::MajorUpdateRow;
use helmdesk_store::service_desk::tickets::{Effects, NewHistory};
use serde::Deserialize;

use crate::platform::live::ChangeKind;
use crate::service_desk::access::DeskPermission;
use crate::service_desk::notify::TicketEvent;
use crate::{Actor, App, AppError, FieldError, ts};

/// A stakeholder update.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct MajorUpdate {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<MajorUpdateRow> for MajorUpdate {
    fn from(r: MajorUpdateRow) -> Self {
        MajorUpdate {
            id: r.id,
            ticket_id: r.ticket_id,
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: ts(r.created_at),
        }
    }
}

/// A stakeholder update to post.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMajorUpdate {
    #[schema(value_type = helmdesk_domain::validate::Body)]
    pub body: String,
}

impl App {
    /// The stakeholder updates of a ticket the actor may see, oldest first (kept after
    /// the major incident ends).
    pub async fn major_updates(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<MajorUpdate>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        Ok(self.store().major_updates(ticket_id).await?.into_iter().map(MajorUpdate::from).collect())
    }

    /// Posts a stakeholder update on a major incident (staff), telling its requester and
    /// watchers.
    pub async fn add_major_update(
        &self,
        actor: &Actor,
        ticket_id: i64,
        input: NewMajorUpdate,
    ) -> Result<MajorUpdate, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        let t = self.visible_ticket(actor, ticket_id).await?.ticket;
        if !t.major_incident {
            return Err(AppError::Invalid(vec![FieldError {
                code: "not_major_incident".into(),
                detail: "this ticket is not a major incident; declare it one first (major_incident: true)".into(),
                field: None,
            }]));
        }
        let body = validate::text("body", &input.body, BODY_MAX, true)?;
        let effects = Effects {
            history: vec![NewHistory { field: "major_update".into(), old_value: None, new_value: None }],
            notifications: self.notifications_of(&t, TicketEvent::MajorUpdate, actor.id).await?,
            jobs: self.events_jobs(t.id, &[TicketEvent::MajorUpdate], actor.id, &actor.automation).await?,
            ..Default::default()
        };
        let row = self.store().add_major_update(ticket_id, actor.id, &body, self.now_micros(), &effects).await?;
        self.announce_ticket(&t, ChangeKind::Commented, Some(actor.id), false, &effects.notifications);
        Ok(row.into())
    }
}

//! Who else has a ticket open ([`crate::platform::presence`]): staff and auditors, who
//! read a ticket's internal parts, see one another on its page; requesters neither see
//! nor are seen.

use crate::platform::live::Audience;
use crate::platform::presence::{Activity, Present, Record};
use crate::service_desk::access::DeskPermission;
use crate::service_desk::live::SUBJECT;
use crate::service_desk::tickets::Ticket;
use crate::{Actor, App, AppError};

impl App {
    /// Records what `actor` does on ticket `id` (reading, writing a reply or note, or
    /// leaving its page) and returns the others who have it open. Only those who may work
    /// on the ticket are ever "writing".
    pub async fn ticket_presence(&self, actor: &Actor, id: i64, activity: Activity) -> Result<Vec<Present>, AppError> {
        actor.require(DeskPermission::ReadInternals)?;
        let t = self.visible_ticket(actor, id).await?.ticket;
        let activity = match activity {
            Activity::Writing if !actor.can(DeskPermission::ReplyTicket) => Activity::Viewing,
            other => other,
        };
        let audience = Audience {
            organisation_id: t.organisation_id,
            owner_id: t.requester_id,
            department_id: t.department_id,
            internal: true,
        };
        self.mark_presence(actor, Record { subject: SUBJECT, id, audience }, activity).await
    }

    /// The others who have ticket `id` open now; nobody, for those who may not see them.
    pub async fn ticket_visitors(&self, actor: &Actor, id: i64) -> Result<Vec<Present>, AppError> {
        let ticket = self.ticket(actor, id).await?;
        self.visitors_of(actor, &ticket).await
    }

    /// The others who have `ticket` open now, for its page, which has just read it as
    /// `actor` (no second read); nobody, for those who may not see them.
    pub async fn visitors_of(&self, actor: &Actor, ticket: &Ticket) -> Result<Vec<Present>, AppError> {
        if !actor.can(DeskPermission::ReadInternals) {
            return Ok(Vec::new());
        }
        self.others_present(actor, SUBJECT, ticket.id).await
    }
}

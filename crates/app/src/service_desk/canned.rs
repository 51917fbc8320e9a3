//! Canned responses: reply texts staff keep for reuse, personal or shared with the staff
//! of an organisation (its subsidiaries and those above it too); only managers and
//! administrators write shared ones, for their organisations. Placeholders such as
//! `{{ticket.number}}` are expanded for one ticket by [`App::render_canned_response`]
//! (see `domain::canned`); the result is plain text, escaped wherever it is shown.

use chrono::{DateTime, Utc};
use helmdesk_domain::TicketStatus;
use helmdesk_domain::service_desk::canned::{self, PLACEHOLDERS};
use helmdesk_domain::service_desk::tickets::priority_label;
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::service_desk::canned::CannedRow;
use helmdesk_store::service_desk::tickets::TicketView;
use serde::Deserialize;

use crate::service_desk::access::DeskPermission;
use crate::{Actor, App, AppError, ts};

/// A canned response.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CannedResponse {
    pub id: i64,
    pub title: String,
    /// The text, with placeholders such as `{{ticket.number}}` as written.
    pub body: String,
    /// Shared with all staff; otherwise only its owner sees it.
    pub shared: bool,
    /// The one person who uses a personal response.
    pub owner_id: Option<i64>,
    /// A shared response is for staff of this organisation, its subsidiaries and those
    /// above; null: for all staff.
    pub organisation_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CannedRow> for CannedResponse {
    fn from(r: CannedRow) -> Self {
        CannedResponse {
            id: r.id,
            title: r.title,
            body: r.body,
            shared: r.owner_id.is_none(),
            owner_id: r.owner_id,
            organisation_id: r.organisation_id,
            created_at: ts(r.created_at),
            updated_at: ts(r.updated_at),
        }
    }
}

/// A canned response to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCannedResponse {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub title: String,
    /// May use the placeholders `{{ticket.number}}`, `{{ticket.subject}}`,
    /// `{{ticket.status}}`, `{{ticket.priority}}`, `{{requester.name}}`,
    /// `{{requester.email}}`, `{{organisation.name}}`, `{{assignee.name}}`,
    /// `{{agent.name}}` and `{{agent.email}}`.
    #[schema(value_type = helmdesk_domain::validate::Body)]
    pub body: String,
    /// Shared with staff (managers and administrators); defaults to personal.
    #[serde(default)]
    pub shared: bool,
    /// Whose staff a shared response is for: this organisation's, its subsidiaries' and
    /// those above it; `null`: all staff (for those whose organisations are all of them).
    /// Absent: the writer's organisation (all staff for those who may write that).
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

/// Changes to a canned response; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CannedPatch {
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub title: Option<String>,
    #[schema(value_type = Option<helmdesk_domain::validate::Body>)]
    pub body: Option<String>,
}

/// A canned response expanded for one ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RenderedResponse {
    pub canned_response_id: i64,
    pub title: String,
    /// The text with its placeholders filled in; unknown placeholders stay as written.
    pub body: String,
}

/// Whether the actor may use a canned response: their own, or one shared with staff of
/// organisations theirs meet.
fn usable(actor: &Actor, row: &CannedRow) -> bool {
    match row.owner_id {
        Some(owner) => owner == actor.id,
        None => actor.reads_scope(row.organisation_id),
    }
}

/// The value of placeholder `name` for ticket `v` answered by `actor`.
pub(crate) fn placeholder(v: &TicketView, actor: &Actor, name: &str) -> Option<String> {
    let t = &v.ticket;
    Some(match name {
        "ticket.number" => t.number.clone().unwrap_or_default(),
        "ticket.subject" => t.subject.clone(),
        "ticket.status" => t.status.parse::<TicketStatus>().map(|s| s.label().to_string()).unwrap_or_default(),
        "ticket.priority" => priority_label(u8::try_from(t.priority).unwrap_or(5)).to_string(),
        "requester.name" => v.requester_name.clone(),
        "requester.email" => v.requester_email.clone(),
        "organisation.name" => v.organisation_name.clone(),
        "assignee.name" => v.assignee_name.clone().unwrap_or_default(),
        "agent.name" => actor.name.clone(),
        "agent.email" => actor.email.clone(),
        _ => return None,
    })
}

fn title(text: &str) -> Result<String, AppError> {
    Ok(validate::name("title", text)?)
}

fn body(text: &str) -> Result<String, AppError> {
    Ok(validate::text("body", text, BODY_MAX, true)?)
}

impl App {
    /// A canned response the actor may use: shared, or their own. Others are not found.
    async fn usable_canned_response(&self, actor: &Actor, id: i64) -> Result<CannedRow, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        let row = self.store().canned_response(id).await?;
        if !usable(actor, &row) {
            return Err(AppError::NotFound);
        }
        Ok(row)
    }

    /// A canned response the actor may change: their own, or a shared one if they manage
    /// the catalogue.
    async fn changeable_canned_response(&self, actor: &Actor, id: i64) -> Result<CannedRow, AppError> {
        let row = self.usable_canned_response(actor, id).await?;
        if row.owner_id.is_none() {
            if !actor.can(DeskPermission::Configure) {
                return Err(AppError::forbidden("only managers and administrators change shared responses"));
            }
            actor.require_scope(row.organisation_id)?;
        }
        Ok(row)
    }

    /// The shared canned responses and the actor's own, by title (staff).
    pub async fn canned_responses(&self, actor: &Actor) -> Result<Vec<CannedResponse>, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        let rows = self.store().canned_responses(actor.id).await?;
        Ok(rows.into_iter().filter(|r| usable(actor, r)).map(CannedResponse::from).collect())
    }

    /// One canned response the actor may use.
    pub async fn canned_response(&self, actor: &Actor, id: i64) -> Result<CannedResponse, AppError> {
        Ok(self.usable_canned_response(actor, id).await?.into())
    }

    /// Creates a personal canned response, or a shared one (managers and administrators).
    pub async fn create_canned_response(
        &self,
        actor: &Actor,
        input: NewCannedResponse,
    ) -> Result<CannedResponse, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        if input.shared && !actor.can(DeskPermission::Configure) {
            return Err(AppError::forbidden("only managers and administrators create shared responses"));
        }
        let organisation_id = match input.shared {
            true => self.checked_scope(actor, input.organisation_id.unwrap_or(actor.default_scope())).await?,
            false => None,
        };
        let (title, body) = (title(&input.title)?, body(&input.body)?);
        let owner = (!input.shared).then_some(actor.id);
        let now = self.now_micros();
        Ok(self.store().create_canned_response(&title, &body, owner, organisation_id, now).await?.into())
    }

    /// Changes a canned response the actor may change.
    pub async fn update_canned_response(
        &self,
        actor: &Actor,
        id: i64,
        patch: CannedPatch,
    ) -> Result<CannedResponse, AppError> {
        let row = self.changeable_canned_response(actor, id).await?;
        let title = patch.title.as_deref().map(title).transpose()?.unwrap_or(row.title);
        let body = patch.body.as_deref().map(body).transpose()?.unwrap_or(row.body);
        Ok(self.store().update_canned_response(id, &title, &body, self.now_micros()).await?.into())
    }

    /// Deletes a canned response the actor may change.
    pub async fn delete_canned_response(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        self.changeable_canned_response(actor, id).await?;
        Ok(self.store().delete_canned_response(id).await?)
    }

    /// A canned response with its placeholders filled in for a ticket the actor may see.
    pub async fn render_canned_response(
        &self,
        actor: &Actor,
        ticket_id: i64,
        id: i64,
    ) -> Result<RenderedResponse, AppError> {
        let row = self.usable_canned_response(actor, id).await?;
        let view = self.visible_ticket(actor, ticket_id).await?;
        Ok(RenderedResponse {
            canned_response_id: row.id,
            body: canned::expand(&row.body, |name| placeholder(&view, actor, name)),
            title: row.title,
        })
    }

    /// Every canned response the actor may use, filled in for a ticket (the reply form's
    /// picker).
    pub async fn render_canned_responses(
        &self,
        actor: &Actor,
        ticket_id: i64,
    ) -> Result<Vec<RenderedResponse>, AppError> {
        let rows = self.canned_responses(actor).await?;
        let view = self.visible_ticket(actor, ticket_id).await?;
        Ok(rows
            .into_iter()
            .map(|r| RenderedResponse {
                canned_response_id: r.id,
                body: canned::expand(&r.body, |name| placeholder(&view, actor, name)),
                title: r.title,
            })
            .collect())
    }

    /// The placeholders canned responses may use, with what each stands for.
    pub fn canned_placeholders(&self) -> &'static [(&'static str, &'static str)] {
        PLACEHOLDERS
    }
}

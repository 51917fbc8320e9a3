//! Satisfaction surveys: a "resolved" e-mail to the requester carries a link (a random
//! token; only its hash is kept) to a page where they rate the help from 1 to 5, without
//! signing in; staff see the answer on the ticket. A link is answered once and works for
//! [`LINK_DAYS`] days.

use helmdesk_domain::validate;
use helmdesk_store::service_desk::surveys::SurveyRow;
use serde::Serialize;

use crate::platform::auth::new_secret;
use crate::secrets::secret_hash;
use crate::service_desk::access::DeskPermission;
use crate::{Actor, App, AppError, ts};

/// Days a survey link can be answered after it was sent.
pub const LINK_DAYS: i64 = 30;
const DAY_MICROS: i64 = 86_400_000_000;

/// Where a survey link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It may be answered.
    Open,
    /// It was answered (the answer stands).
    Answered,
    /// It is older than [`LINK_DAYS`] days.
    Expired,
}

/// A ticket's survey, as the survey page and the ticket page show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Survey {
    pub ticket_number: String,
    pub ticket_subject: String,
    /// 1 (poor) to 5 (excellent), once answered.
    pub rating: Option<i64>,
    pub comment: String,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answered_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl App {
    /// A new survey link for a ticket (for its "resolved" e-mail).
    pub async fn survey_url(&self, ticket_id: i64) -> Result<String, AppError> {
        let token = new_secret("");
        self.store().add_survey_link(&secret_hash(&token), ticket_id, self.now_micros()).await?;
        Ok(format!("{}/survey/{token}", self.settings().public_url.trim_end_matches('/')))
    }

    async fn survey_of(&self, ticket_id: i64) -> Result<Survey, AppError> {
        let view = self.store().ticket(ticket_id).await?;
        let answer = self.store().survey(ticket_id).await?;
        Ok(Survey {
            ticket_number: view.ticket.number.unwrap_or_default(),
            ticket_subject: view.ticket.subject,
            rating: answer.as_ref().map(|a| a.rating),
            comment: answer.as_ref().map(|a| a.comment.clone()).unwrap_or_default(),
            answered_at: answer.map(|a| ts(a.answered_at)),
        })
    }

    /// The survey a link is for, and where the link stands; an unknown link is not found.
    pub async fn survey_by_token(&self, token: &str) -> Result<(Survey, LinkState), AppError> {
        let link = self.store().survey_link(&secret_hash(token)).await?.ok_or(AppError::NotFound)?;
        let state = if link.answered_at.is_some() {
            LinkState::Answered
        } else if link.created_at <= self.link_made_after() {
            LinkState::Expired
        } else {
            LinkState::Open
        };
        Ok((self.survey_of(link.ticket_id).await?, state))
    }

    /// Links made before this instant have expired.
    fn link_made_after(&self) -> i64 {
        self.now_micros() - LINK_DAYS * DAY_MICROS
    }

    /// Answers the survey a link is for, once (an answered or expired link is a conflict);
    /// the answer replaces one given through an earlier link of the ticket.
    pub async fn answer_survey(&self, token: &str, rating: i64, comment: &str) -> Result<Survey, AppError> {
        let hash = secret_hash(token);
        let ticket = self.store().survey_link(&hash).await?.ok_or(AppError::NotFound)?.ticket_id;
        if !(1..=5).contains(&rating) {
            return Err(AppError::invalid("rating", "choose from 1 to 5"));
        }
        let comment =
            if comment.trim().is_empty() { String::new() } else { validate::text("comment", comment, 2000, true)? };
        let answer = SurveyRow { ticket_id: ticket, rating, comment, answered_at: self.now_micros() };
        if !self.store().answer_survey(&hash, self.link_made_after(), &answer).await? {
            return Err(AppError::Conflict("this link was answered already, or has expired".into()));
        }
        self.survey_of(ticket).await
    }

    /// A ticket's survey answer, for staff who see the ticket.
    pub async fn ticket_survey(&self, actor: &Actor, ticket_id: i64) -> Result<Option<Survey>, AppError> {
        if !actor.can(DeskPermission::WorkTicket) && !actor.role.sees_internal() {
            return Ok(None);
        }
        self.visible_ticket(actor, ticket_id).await?;
        let survey = self.survey_of(ticket_id).await?;
        Ok(survey.rating.is_some().then_some(survey))
    }
}

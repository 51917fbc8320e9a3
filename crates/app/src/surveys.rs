//! Satisfaction surveys: a "resolved" e-mail to the requester carries a link (a random
//! token; only its hash is kept) to a page where they rate the help from 1 to 5, without
//! signing in; staff see the answer on the ticket.

use helmdesk_domain::validate;
use helmdesk_store::surveys::SurveyRow;
use serde::Serialize;

use crate::access::Permission;
use crate::auth::{new_secret, secret_hash};
use crate::{Actor, App, AppError, ts};

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

    /// The survey a link is for; an unknown link is not found.
    pub async fn survey_by_token(&self, token: &str) -> Result<Survey, AppError> {
        let ticket = self.store().survey_link_ticket(&secret_hash(token)).await?.ok_or(AppError::NotFound)?;
        self.survey_of(ticket).await
    }

    /// Answers the survey a link is for (a later answer replaces an earlier one).
    pub async fn answer_survey(&self, token: &str, rating: i64, comment: &str) -> Result<Survey, AppError> {
        let ticket = self.store().survey_link_ticket(&secret_hash(token)).await?.ok_or(AppError::NotFound)?;
        if !(1..=5).contains(&rating) {
            return Err(AppError::invalid("rating", "choose from 1 to 5"));
        }
        let comment =
            if comment.trim().is_empty() { String::new() } else { validate::text("comment", comment, 2000, true)? };
        let answer = SurveyRow { ticket_id: ticket, rating, comment, answered_at: self.now_micros() };
        self.store().answer_survey(&answer).await?;
        self.survey_of(ticket).await
    }

    /// A ticket's survey answer, for staff who see the ticket.
    pub async fn ticket_survey(&self, actor: &Actor, ticket_id: i64) -> Result<Option<Survey>, AppError> {
        if !actor.can(Permission::WorkTicket) && !actor.role.sees_internal() {
            return Ok(None);
        }
        self.visible_ticket(actor, ticket_id).await?;
        let survey = self.survey_of(ticket_id).await?;
        Ok(survey.rating.is_some().then_some(survey))
    }
}

//! The satisfaction survey page: reached from the link in a "resolved" e-mail, without
//! signing in (the link's token is the key), a rating from 1 to 5 and a comment.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::service_desk::surveys::{LINK_DAYS, LinkState, Survey};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, invalid_text, render};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/survey/{token}", page).public().post("/survey/{token}", answer).public()
}

#[derive(Template)]
#[template(path = "service_desk/survey.html")]
struct SurveyPage {
    nav: Option<Nav>,
    survey: Survey,
    token: String,
    /// The form is shown only while the link may be answered.
    open: bool,
    /// Why the form is not shown, or what was saved.
    notice: Option<String>,
    error: Option<String>,
}

fn show(survey: Survey, token: String, state: LinkState, error: Option<String>) -> Response {
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let notice = match state {
        LinkState::Open => None,
        LinkState::Answered => Some("Thank you: your rating is saved.".to_string()),
        LinkState::Expired => Some(format!(
            "This link has expired: a rating can be given within {LINK_DAYS} days. Thank you all the same."
        )),
    };
    let page = SurveyPage { nav: None, survey, token, open: state == LinkState::Open, notice, error };
    (status, render(&page)).into_response()
}

async fn page(State(s): State<AppState>, ApiPath(token): ApiPath<String>) -> Result<Response, UiError> {
    let (survey, state) = s.app.survey_by_token(&token).await?;
    Ok(show(survey, token, state, None))
}

#[derive(Debug, Deserialize)]
struct AnswerForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

async fn answer(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, UiError> {
    let rating = form.rating.parse().unwrap_or(0);
    match s.app.answer_survey(&token, rating, &form.comment).await {
        Ok(survey) => Ok(show(survey, token, LinkState::Answered, None)),
        Err(e) => match invalid_text(&e) {
            Some(text) => {
                let (survey, state) = s.app.survey_by_token(&token).await?;
                Ok(show(survey, token, state, Some(text).filter(|_| state == LinkState::Open)))
            }
            None => Err(e.into()),
        },
    }
}

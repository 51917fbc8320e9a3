//! The satisfaction survey page: reached from the link in a "resolved" e-mail, without
//! signing in (the link's token is the key), a rating from 1 to 5 and a comment, in the
//! language the reader's browser asks for.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use helmdesk_app::service_desk::surveys::{LINK_DAYS, LinkState, Survey};
use helmdesk_domain::platform::preferences::LANGUAGES;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, invalid_text, render};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/survey/{token}", page).public().post("/survey/{token}", answer).public()
}

#[derive(Template)]
#[template(path = "service_desk/survey.html")]
struct SurveyPage {
    nav: Option<Nav>,
    /// The words of the reader's browser's language.
    tr: Tr,
    survey: Survey,
    /// The ratings, 1 (poor) to 5 (excellent), with their names and whether it is the one
    /// given.
    ratings: Vec<(i64, String, bool)>,
    token: String,
    /// The form is shown only while the link may be answered.
    open: bool,
    /// Why the form is not shown, or what was saved.
    notice: Option<String>,
    error: Option<String>,
}

/// The first language of the browser's `Accept-Language` (by preference) that the pages
/// are written in; English when none is.
fn browser_language(headers: &HeaderMap) -> Tr {
    let asked = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut ranked: Vec<(f32, &str)> = asked
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';').map(str::trim);
            let tag = pieces.next().filter(|t| !t.is_empty())?;
            let q = pieces.find_map(|p| p.strip_prefix("q=")).map_or(Some(1.0), |q| q.parse().ok())?;
            Some((q, tag))
        })
        .filter(|(q, _)| *q > 0.0)
        .collect();
    // A stable sort keeps the browser's order between equal weights.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    let code = ranked
        .into_iter()
        .find_map(|(_, tag)| LANGUAGES.iter().find(|(code, _)| *code == primary(tag)).map(|(code, _)| *code));
    Tr::new(code.unwrap_or("en"))
}

fn show(tr: Tr, survey: Survey, token: String, state: LinkState, error: Option<String>) -> Response {
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let notice = match state {
        LinkState::Open => None,
        LinkState::Answered => Some(tr.t("survey-thanks")),
        LinkState::Expired => Some(tr.t1("survey-expired", "count", LINK_DAYS)),
    };
    let names = [
        tr.t("survey-rating-1"),
        tr.t("survey-rating-2"),
        tr.t("survey-rating-3"),
        tr.t("survey-rating-4"),
        tr.t("survey-rating-5"),
    ];
    let ratings = (1..).zip(names).map(|(n, name)| (n, name, survey.rating == Some(n))).collect();
    let page = SurveyPage { nav: None, tr, survey, ratings, token, open: state == LinkState::Open, notice, error };
    (status, render(&page)).into_response()
}

async fn page(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, UiError> {
    let (survey, state) = s.app.survey_by_token(&token).await?;
    Ok(show(browser_language(&headers), survey, token, state, None))
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
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Result<Response, UiError> {
    let tr = browser_language(&headers);
    let rating = form.rating.parse().unwrap_or(0);
    match s.app.answer_survey(&token, rating, &form.comment).await {
        Ok(survey) => Ok(show(tr, survey, token, LinkState::Answered, None)),
        Err(e) => match invalid_text(&e) {
            Some(text) => {
                let (survey, state) = s.app.survey_by_token(&token).await?;
                Ok(show(tr, survey, token, state, Some(text).filter(|_| state == LinkState::Open)))
            }
            None => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> String {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
        browser_language(&headers).code()
    }

    #[test]
    fn the_survey_speaks_the_first_language_the_browser_asks_for_that_the_pages_have() {
        assert_eq!(asking("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7"), "nl");
        assert_eq!(asking("de-DE,de;q=0.9,nl;q=0.8,en;q=0.5"), "nl");
        assert_eq!(asking("en;q=0.4, NL-be;q=0.6"), "nl");
        assert_eq!(asking("fr, en;q=0.9, nl;q=0.8"), "en");
        assert_eq!(asking("nl;q=0, de"), "en");
        assert_eq!(asking("q=;;,"), "en");
        assert_eq!(browser_language(&HeaderMap::new()).code(), "en");
    }
}

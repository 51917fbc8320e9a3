//! The preview of a Markdown text as it will read once saved (the reply box's "Preview").

use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::platform::auth::UiForm;
use crate::routes::Routes;
use crate::ui::UiError;
use crate::ui::markdown;

pub(crate) fn routes() -> Routes {
    Routes::new().post("/preview", preview).signed_in()
}

#[derive(Deserialize)]
struct PreviewForm {
    #[serde(default)]
    text: String,
}

/// The text rendered and sanitised exactly as the page will show it.
async fn preview(UiForm { user: _, form }: UiForm<PreviewForm>) -> Result<Response, UiError> {
    Ok(Html(markdown::to_html(&form.text)).into_response())
}

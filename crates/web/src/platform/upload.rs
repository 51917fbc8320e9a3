//! Files sent in a multipart form, for the API and the pages.

use axum::extract::Multipart;
use axum::http::StatusCode;
use helmdesk_app::AppError;
use helmdesk_app::platform::files::NewFile;

/// Reads the files (fields `file` or `files`; a file input left empty is none) and the
/// other text fields of a multipart form.
pub async fn read_multipart(mut multipart: Multipart) -> Result<(Vec<NewFile>, Vec<(String, String)>), AppError> {
    let mut files = Vec::new();
    let mut fields = Vec::new();
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge("the upload is too large".into())
        } else {
            AppError::invalid("file", format!("the upload could not be read: {}", e.body_text()))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" || name == "files" {
            let filename = field.file_name().unwrap_or_default().to_string();
            let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
            let data = field.bytes().await.map_err(broken)?.to_vec();
            if !(filename.is_empty() && data.is_empty()) {
                let filename = if filename.is_empty() { "attachment".into() } else { filename };
                files.push(NewFile { filename, content_type, data });
            }
        } else {
            let value = field.text().await.map_err(broken)?;
            fields.push((name, value));
        }
    }
    Ok((files, fields))
}

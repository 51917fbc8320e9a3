//! Files sent in a multipart form, for the API and the pages.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::StatusCode;
use helmdesk_app::AppError;
use helmdesk_app::platform::files::NewFile;

/// Reads the files (fields `file` or `files`; a file input left empty is none) and the
/// other text fields of a multipart form.
pub async fn read_multipart(multipart: Multipart) -> Result<(Vec<NewFile>, Vec<(String, String)>), AppError> {
    let (files, fields) = read_form(multipart, false).await?;
    Ok((files.into_iter().map(|(_, f)| f).collect(), fields))
}

/// Reads the one file of an API upload (multipart field `file`) and the other text fields:
/// 422 when the body is not multipart, holds no file or more than one.
pub async fn read_one_file(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(NewFile, Vec<(String, String)>), AppError> {
    let multipart = multipart
        .map_err(|_| AppError::invalid("file", "send the file as multipart/form-data in a field named file"))?;
    let (mut files, fields) = read_multipart(multipart).await?;
    if files.len() > 1 {
        return Err(AppError::invalid("file", "send one file per request"));
    }
    let file = files.pop().ok_or_else(|| AppError::invalid("file", "a field named file is required"))?;
    Ok((file, fields))
}

/// Reads a multipart form: its files with the names of their fields, and its text fields.
/// A part is a file when it is named `file` or `files`, or, with `any_file_input`, when it
/// came from any file input (it carries a file name: a form's own file fields, such as an
/// order form's attachment fields). A file input left empty is none.
pub async fn read_form(
    mut multipart: Multipart,
    any_file_input: bool,
) -> Result<(Vec<(String, NewFile)>, Vec<(String, String)>), AppError> {
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
        let is_file = name == "file" || name == "files" || (any_file_input && field.file_name().is_some());
        if is_file {
            let filename = field.file_name().unwrap_or_default().to_string();
            let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
            let data = field.bytes().await.map_err(broken)?.to_vec();
            if !(filename.is_empty() && data.is_empty()) {
                let filename = if filename.is_empty() { "attachment".into() } else { filename };
                files.push((name, NewFile { filename, content_type, data }));
            }
        } else {
            let value = field.text().await.map_err(broken)?;
            fields.push((name, value));
        }
    }
    Ok((files, fields))
}

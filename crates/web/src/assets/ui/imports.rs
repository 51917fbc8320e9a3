//! The imports pages: choose a kind and upload a CSV file (`/imports`), its preview with
//! each row's outcome and the confirmation (`/imports/{id}`), the summary once imported,
//! and a template file for each kind. The file is kept between preview and confirmation
//! (`App::upload_import`), bound to the person who uploaded it.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::imports::{ImportKind, ImportReport, ImportUpload, RowAction};
use serde::Deserialize;

use crate::AppState;
use crate::assets::api::imports::BODY_MAX;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUpload, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Choice, Nav, NoFields, UiError, choices, invalid_text, render, render_refusable};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/imports", index)
        .requires(AssetPermission::Import)
        .post("/imports", upload)
        .body_limit(BODY_MAX)
        .requires(AssetPermission::Import)
        .get("/imports/template/{kind}", template)
        .requires(AssetPermission::Import)
        .get("/imports/{id}", show)
        .requires(AssetPermission::Import)
        .post("/imports/{id}/confirm", confirm)
        .requires(AssetPermission::Import)
}

/// A kind's name in the reader's language.
fn kind_name(tr: &Tr, kind: ImportKind) -> String {
    tr.of("imports-kind", kind.as_str())
}

/// A kind the reader may import, with its columns, for the page's list.
struct KindView {
    kind: &'static str,
    name: String,
    columns: String,
    required: String,
}

#[derive(Template)]
#[template(path = "assets/imports.html")]
struct IndexPage {
    nav: Option<Nav>,
    tr: Tr,
    kinds: Vec<KindView>,
    choices: Vec<Choice>,
    error: Option<String>,
    refused: bool,
}

fn index_page(user: &UiUser, nav: Nav, chosen: &str, error: Option<String>) -> Response {
    let tr = user.tr();
    let allowed: Vec<ImportKind> = ImportKind::ALL.iter().copied().filter(|k| k.allowed(&user.actor)).collect();
    let page = IndexPage {
        kinds: allowed
            .iter()
            .map(|k| KindView {
                kind: k.as_str(),
                name: kind_name(&tr, *k),
                columns: k.columns().join(", "),
                required: k.required().join(", "),
            })
            .collect(),
        choices: choices(allowed.iter().map(|k| (k.as_str(), kind_name(&tr, *k))), chosen),
        nav: Some(nav),
        refused: error.is_some(),
        error,
        tr,
    };
    render_refusable(&page, page.refused)
}

async fn index(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let nav = Nav::of(&s, &user, "assets").await?;
    Ok(index_page(&user, nav, "assets", None))
}

#[derive(Deserialize)]
struct UploadForm {
    #[serde(default)]
    kind: String,
}

async fn upload(
    State(s): State<AppState>,
    UiUpload { user, form, files, .. }: UiUpload<UploadForm>,
) -> Result<Response, UiError> {
    let result = async {
        let kind: ImportKind = form.kind.parse()?;
        let file = files.first().ok_or_else(|| helmdesk_app::AppError::invalid("file", "choose a CSV file"))?;
        s.app.upload_import(&user.actor, kind, &file.filename, &file.data).await
    }
    .await;
    match result {
        Ok(id) => Ok(user.confirm(&format!("/imports/{id}"), user.tr().t("imports-uploaded"))),
        Err(e) => match invalid_text(&e).or_else(|| too_large(&e)) {
            Some(text) => {
                let nav = Nav::of(&s, &user, "assets").await?;
                Ok(index_page(&user, nav, &form.kind, Some(text)))
            }
            None => Err(e.into()),
        },
    }
}

fn too_large(e: &helmdesk_app::AppError) -> Option<String> {
    match e {
        helmdesk_app::AppError::TooLarge(why) => Some(why.clone()),
        _ => None,
    }
}

/// One row's outcome as the preview shows it.
struct RowView {
    line: u64,
    action: &'static str,
    label: String,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "assets/import.html")]
struct ImportPage {
    nav: Option<Nav>,
    tr: Tr,
    upload: ImportUpload,
    kind: String,
    report: ImportReport,
    rows: Vec<RowView>,
    /// The rows shown: those with errors first, then up to 500 of the others.
    hidden: usize,
}

fn action_name(action: RowAction) -> &'static str {
    match action {
        RowAction::Create => "create",
        RowAction::Update => "update",
        RowAction::Unchanged => "unchanged",
        RowAction::Error => "error",
    }
}

async fn show(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let tr = user.tr();
    let (upload, report) = match s.app.import_upload(&user.actor, id).await? {
        u @ ImportUpload { result: Some(_), .. } => {
            let report = u.result.clone().unwrap_or_else(|| unreachable!());
            (u, report)
        }
        _ => s.app.preview_import(&user.actor, id).await?,
    };
    let mut rows: Vec<RowView> = report
        .rows
        .iter()
        .map(|r| RowView {
            line: r.line,
            action: action_name(r.action),
            label: tr.of("imports-action", action_name(r.action)),
            errors: r
                .errors
                .iter()
                .map(|e| match &e.field {
                    Some(f) => format!("{f}: {}", e.detail),
                    None => e.detail.clone(),
                })
                .collect(),
        })
        .collect();
    rows.sort_by_key(|r| (r.errors.is_empty(), r.line));
    let hidden = rows.len().saturating_sub(500);
    rows.truncate(500);
    let page = ImportPage {
        nav: Some(Nav::of(&s, &user, "assets").await?),
        kind: kind_name(&tr, upload.kind),
        upload,
        report,
        rows,
        hidden,
        tr,
    };
    Ok(render(&page))
}

async fn confirm(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let report = s.app.confirm_import(&user.actor, id).await?;
    let message = user
        .tr()
        .arg("created", report.created as i64)
        .arg("updated", report.updated as i64)
        .arg("unchanged", report.unchanged as i64)
        .arg("failed", report.failed as i64)
        .t("imports-done");
    Ok(user.confirm(&format!("/imports/{id}"), message))
}

/// A file with a kind's columns and one example row, to fill in.
async fn template(_user: UiUser, ApiPath(kind): ApiPath<ImportKind>) -> Result<Response, UiError> {
    let body = format!("{}\n{}\n", kind.columns().join(","), example(kind));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}-template.csv\"", kind.as_str())) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// An example row of each kind, in its columns' order (docs/import.md has the same).
fn example(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Assets => {
            ",SN-4821-XK,00:1b:63:84:45:e6,LAP-0042,Laptop of Ada,Laptop,,in_stock,,IT-100,2025-01-15,1299.50,EUR,Dell,PO-7781,2028-01-15,,"
        }
        ImportKind::Software => "LAP-0042,Mozilla,Firefox,128.0",
        ImportKind::Licences => {
            "Office 2024 volume,Microsoft,Office,,per_device,perpetual,25,6250.00,EUR,2025-02-01,,SoftwareOne,PO-7790,,"
        }
        ImportKind::People => "Ada Lovelace,ada@example.com,requester,,,,,,",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_example_has_a_cell_per_column() {
        for kind in ImportKind::ALL {
            assert_eq!(example(*kind).split(',').count(), kind.columns().len(), "{kind:?}");
        }
    }
}

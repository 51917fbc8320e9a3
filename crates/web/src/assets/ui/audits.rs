//! Physical audits' pages: the rounds (`/audits`) with the form that starts one, a round
//! (`/audits/{id}`) with the box a barcode scanner types into, what is still to be found,
//! and once closed its report, and the report as CSV. An asset's page offers "Confirm
//! found" in the open rounds that look for it (`hardware.rs`).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::audits::{Audit, AuditLine, AuditQuery, AuditReport, Confirmation, Confirmed, NewAudit};
use helmdesk_app::{AppError, Page};
use helmdesk_domain::assets::audits::{AuditState, Outcome};
use serde::Deserialize;

use crate::AppState;
use crate::assets::ui::hardware::{SoftwareTyped, asset_page};
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Choice, Nav, NoFields, UiError, choices_or, invalid_text, render_refusable};

/// The most lines a round's page lists in each part; the CSV has them all.
const SHOWN: usize = 200;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/audits", list)
        .requires(AssetPermission::ReadAssets)
        .post("/audits", start)
        .requires(AssetPermission::ManageAssets)
        .get("/audits/{id}", show)
        .requires(AssetPermission::ReadAssets)
        .post("/audits/{id}/confirm", confirm)
        .requires(AssetPermission::ManageAssets)
        .post("/audits/{id}/close", close)
        .requires(AssetPermission::ManageAssets)
        .get("/audits/{id}/report.csv", csv)
        .requires(AssetPermission::ReadAssets)
}

#[derive(Template)]
#[template(path = "assets/audits.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<Audit>,
    manage: bool,
    organisations: Vec<Choice>,
    locations: Vec<Choice>,
    /// What the start form was given when it was refused.
    typed_name: String,
    error: Option<String>,
}

impl ListPage {
    fn state(&self, state: &AuditState) -> String {
        self.tr.of("audit-state", state.as_str())
    }
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct StartForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    location_id: String,
}

async fn list_view(
    s: &AppState,
    user: &UiUser,
    cursor: Option<String>,
    typed: StartForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let page = s.app.list_audits(actor, &AuditQuery { cursor, ..Default::default() }).await?;
    let manage = actor.can(AssetPermission::ManageAssets);
    let (organisations, locations) = if manage {
        let orgs = s.app.list_organisations(actor).await?.into_iter().map(|o| (o.id, o.name));
        let places = s.app.locations(actor).await?.into_iter().map(|l| (l.id, l.name));
        let current_org = if typed.organisation_id.is_empty() {
            actor.organisation_id.to_string()
        } else {
            typed.organisation_id.clone()
        };
        (
            crate::ui::choices(orgs, &current_org),
            choices_or(&tr.t("audits-whole-organisation"), places, &typed.location_id),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let view = ListPage {
        nav: Some(Nav::of(s, user, "assets").await?),
        typed_name: typed.name,
        page,
        manage,
        organisations,
        locations,
        error,
        tr,
    };
    Ok(render_refusable(&view, view.error.is_some()))
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    list_view(&s, &user, p.cursor, StartForm::default(), None).await
}

async fn start(State(s): State<AppState>, UiForm { user, form }: UiForm<StartForm>) -> Result<Response, UiError> {
    let id = |field: &str, text: &str| -> Result<Option<i64>, AppError> {
        match text.trim() {
            "" => Ok(None),
            t => t.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice")),
        }
    };
    let result = async {
        let new = NewAudit {
            name: Some(form.name.clone()),
            organisation_id: id("organisation_id", &form.organisation_id)?,
            location_id: id("location_id", &form.location_id)?,
        };
        s.app.start_audit(&user.actor, &new).await
    }
    .await;
    match result {
        Ok(a) => {
            let message = user.tr().arg("name", a.name.clone()).arg("count", a.expected).t("audit-started");
            Ok(user.confirm(&format!("/audits/{}", a.id), message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => list_view(&s, &user, None, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "assets/audit.html")]
struct RoundPage {
    nav: Option<Nav>,
    tr: Tr,
    r: AuditReport,
    /// The report's parts: still to find (or not found), found elsewhere, found.
    parts: Vec<Part>,
    manage: bool,
    /// What was typed into the scan box when it was refused.
    code: String,
    error: Option<String>,
}

impl RoundPage {
    fn open(&self) -> bool {
        self.r.audit.state == AuditState::Open
    }

    fn state(&self, state: &AuditState) -> String {
        self.tr.of("audit-state", state.as_str())
    }
}

/// A part of a round's report, its first [`SHOWN`] lines.
struct Part {
    /// Its heading's id, and the message id of its title.
    id: &'static str,
    title: &'static str,
    lines: Vec<AuditLine>,
    total: usize,
    /// Whether its assets were found (the page says when and by whom).
    found: bool,
}

impl Part {
    fn of(id: &'static str, title: &'static str, mut lines: Vec<AuditLine>, found: bool) -> Part {
        let total = lines.len();
        lines.truncate(SHOWN);
        Part { id, title, lines, total, found }
    }
}

async fn round_view(
    s: &AppState,
    user: &UiUser,
    id: i64,
    code: String,
    error: Option<String>,
) -> Result<Response, UiError> {
    let mut r = s.app.audit_report(&user.actor, id).await?;
    let missing = if r.audit.state == AuditState::Open { "audit-to-find" } else { "audit-not-found" };
    let parts = vec![
        Part::of("audit-missing-h", missing, std::mem::take(&mut r.not_found), false),
        Part::of("audit-elsewhere-h", "audit-found-elsewhere-h", std::mem::take(&mut r.found_elsewhere), true),
        Part::of("audit-found-h", "audit-found-h", std::mem::take(&mut r.found), true),
    ];
    let view = RoundPage {
        parts,
        nav: Some(Nav::of(s, user, "assets").await?),
        manage: user.actor.can(AssetPermission::ManageAssets),
        tr: user.tr(),
        r,
        code,
        error,
    };
    Ok(render_refusable(&view, view.error.is_some()))
}

async fn show(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    round_view(&s, &user, id, String::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    code: String,
    /// Confirmed from the asset's page, which the answer goes back to.
    #[serde(default)]
    asset_id: Option<i64>,
}

/// What a confirmation found, said in the reader's language.
fn confirmed_text(tr: &Tr, c: &Confirmed) -> String {
    match c.outcome {
        Outcome::Found => tr.t1("audit-found", "tag", &c.tag),
        Outcome::FoundElsewhere => {
            let place = c.location.clone().unwrap_or_else(|| tr.t("audit-no-location"));
            tr.t2("audit-found-elsewhere", "tag", &c.tag, "location", place)
        }
        Outcome::AlreadyConfirmed => tr.t1("audit-already", "tag", &c.tag),
    }
}

async fn confirm(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<ConfirmForm>,
) -> Result<Response, UiError> {
    let input = match form.asset_id {
        Some(asset_id) => Confirmation { asset_id: Some(asset_id), code: None },
        None => Confirmation { code: Some(form.code.clone()), asset_id: None },
    };
    let result = s.app.confirm_in_audit(&user.actor, id, &input).await;
    let back = match form.asset_id {
        Some(asset_id) => format!("/assets/{asset_id}"),
        None => format!("/audits/{id}"),
    };
    match result {
        Ok(c) => Ok(user.confirm(&back, confirmed_text(&user.tr(), &c))),
        Err(e) => match (invalid_text(&e), form.asset_id) {
            (Some(text), Some(asset_id)) => asset_page(&s, &user, asset_id, Some(text), SoftwareTyped::default()).await,
            (Some(text), None) => round_view(&s, &user, id, form.code, Some(text)).await,
            (None, _) => Err(e.into()),
        },
    }
}

async fn close(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    match s.app.close_audit(&user.actor, id).await {
        Ok(r) => {
            let message =
                user.tr().arg("name", r.audit.name.clone()).arg("missing", r.audit.not_found).t("audit-closed");
            Ok(user.confirm(&format!("/audits/{id}"), message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => round_view(&s, &user, id, String::new(), Some(text)).await,
            None => Err(e.into()),
        },
    }
}

async fn csv(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let report = s.app.audit_report(&user.actor, id).await?;
    let body = helmdesk_app::assets::audits::report_csv(&report)?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"audit-{id}.csv\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

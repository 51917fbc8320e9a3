//! Printable asset labels: one asset's (`/assets/{id}/label`) and a sheet of the asset
//! list's current filter (`/assets/labels`), laid out by the stylesheet's print rules as
//! A4 sheets of 3 x 8 labels. Each label carries the tag, name, serial number and
//! organisation, and a QR code of the asset page's address, drawn here as SVG
//! (`api/labels.rs` serves the same code as an image).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::hardware::Asset;
use qrcode::QrCode;
use qrcode::render::svg;

use crate::AppState;
use crate::assets::ui::hardware::ListParams;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, render};

/// Labels on one printed A4 sheet (3 across, 8 down).
const PER_SHEET: usize = 24;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/assets/labels", sheet)
        .requires(AssetPermission::ReadAssets)
        .get("/assets/{id}/label", one)
        .signed_in()
}

/// The absolute address of an asset's page, from the address people reach Helmdesk at
/// (`web.public_url`, else the address it listens on).
pub(crate) fn asset_url(s: &AppState, id: i64) -> String {
    format!("{}/assets/{id}", s.app.settings().public_url.trim_end_matches('/'))
}

/// The QR code of `text`, with medium error correction (a scuffed label still reads).
fn qr_code(text: &str) -> QrCode {
    // An address always fits a QR code; were it ever too long, the code says so rather
    // than failing the page.
    QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .or_else(|_| QrCode::new(b"address too long"))
        .expect("a short text fits a QR code")
}

/// The QR code of `text` as an SVG document, black on white with its quiet zone: what
/// `GET /api/v1/assets/{id}/qr.svg` answers.
pub(crate) fn qr_svg(text: &str) -> String {
    qr_code(text)
        .render::<svg::Color>()
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .build()
}

/// A QR code for a page to draw as inline SVG: its size in modules with the quiet zone,
/// and the path of its dark modules.
pub(crate) struct Qr {
    pub(crate) size: usize,
    pub(crate) path: String,
}

/// Modules of quiet zone around a QR code.
const QUIET: usize = 4;

impl Qr {
    pub(crate) fn of(text: &str) -> Qr {
        let code = qr_code(text);
        let width = code.width();
        let colors = code.to_colors();
        let mut path = String::new();
        for (y, row) in colors.chunks(width).enumerate() {
            let mut x = 0;
            while x < width {
                let run = row[x..].iter().take_while(|c| **c == qrcode::Color::Dark).count();
                if run > 0 {
                    path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET));
                }
                x += run.max(1);
            }
        }
        Qr { size: width + 2 * QUIET, path }
    }
}

/// One label.
struct Label {
    asset: Asset,
    qr: Qr,
}

impl Label {
    fn of(s: &AppState, asset: Asset) -> Label {
        Label { qr: Qr::of(&asset_url(s, asset.id)), asset }
    }
}

#[derive(Template)]
#[template(path = "assets/labels.html")]
struct LabelsPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The labels, a sheet at a time.
    sheets: Vec<Vec<Label>>,
    /// Where "back" goes.
    back: String,
    /// The next page of the filter's labels.
    next: Option<String>,
}

fn sheets(labels: Vec<Label>) -> Vec<Vec<Label>> {
    let mut out: Vec<Vec<Label>> = Vec::new();
    for label in labels {
        match out.last_mut() {
            Some(sheet) if sheet.len() < PER_SHEET => sheet.push(label),
            _ => out.push(vec![label]),
        }
    }
    out
}

async fn one(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let asset = s.app.asset(&user.actor, id).await?;
    let tr = user.tr();
    let section = if user.actor.can(AssetPermission::ReadAssets) { "assets" } else { "my-assets" };
    let page = LabelsPage {
        nav: Some(Nav::of(&s, &user, section).await?),
        sheets: vec![vec![Label::of(&s, asset)]],
        back: format!("/assets/{id}"),
        next: None,
        tr,
    };
    Ok(render(&page))
}

async fn sheet(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, UiError> {
    let mut query = p.query()?;
    query.limit = Some(helmdesk_app::assets::hardware::PAGE_MAX);
    let page = s.app.list_assets(&user.actor, &query).await?;
    let tr = user.tr();
    let here = p.here();
    let labels = page.items.into_iter().map(|a| Label::of(&s, a)).collect();
    let view = LabelsPage {
        nav: Some(Nav::of(&s, &user, "assets").await?),
        sheets: sheets(labels),
        next: page.next_cursor.map(|c| format!("/assets/labels?{here}&cursor={c}")),
        back: format!("/assets?{here}"),
        tr,
    };
    Ok(render(&view))
}

//! The catalogue page (`/admin/assets`): asset types with their tag patterns and fields,
//! models, and locations, each with a form to add one.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::catalog::{
    AssetModel, AssetType, LOCATION_KINDS, Location, NewAssetModel, NewAssetType, NewLocation,
};
use helmdesk_domain::assets::fields::{FieldDef, FieldKind};
use serde::Deserialize;

use crate::AppState;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Choice, Nav, Outcome, UiError, choices, choices_or, form_scope, render, scope_choices};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/assets", page)
        .requires(AssetPermission::Configure)
        .post("/admin/assets/types", create_type)
        .requires(AssetPermission::Configure)
        .post("/admin/assets/models", create_model)
        .requires(AssetPermission::Configure)
        .post("/admin/assets/locations", create_location)
        .requires(AssetPermission::Configure)
}

#[derive(Template)]
#[template(path = "assets/catalog.html")]
struct CatalogPage {
    nav: Option<Nav>,
    tr: Tr,
    types: Vec<AssetType>,
    models: Vec<AssetModel>,
    /// Each location with the place it is in.
    locations: Vec<(Location, String)>,
    type_choices: Vec<Choice>,
    parent_choices: Vec<Choice>,
    kind_choices: Vec<Choice>,
    scopes: Vec<Choice>,
    outcome: Outcome,
}

impl CatalogPage {
    fn field_kind(&self, kind: &FieldKind) -> String {
        self.tr.of("asset-field-kind", kind.as_str())
    }

    fn location_kind(&self, kind: &str) -> String {
        self.tr.of("location-kind", kind)
    }
}

async fn page_view(s: &AppState, user: &UiUser, outcome: Outcome) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let types = s.app.asset_types(actor).await?;
    let locations = s.app.locations(actor).await?;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| locations.iter().find(|l| l.id == id)).map(|l| l.name.clone()).unwrap_or_default()
    };
    let page = CatalogPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        type_choices: choices(types.iter().map(|t| (t.id, t.name.clone())), ""),
        parent_choices: choices_or(
            &tr.t("location-no-parent"),
            locations.iter().filter(|l| l.kind != "room").map(|l| (l.id, l.name.clone())),
            "",
        ),
        kind_choices: choices(LOCATION_KINDS.iter().map(|k| (*k, tr.of("location-kind", k))), "site"),
        scopes: scope_choices(s, actor, None).await?,
        locations: locations.iter().map(|l| (l.clone(), name_of(l.parent_id))).collect(),
        models: s.app.asset_models(actor).await?,
        types,
        tr,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn page(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    page_view(&s, &user, Outcome::default()).await
}

#[derive(Debug, Deserialize)]
struct TypeForm {
    name: String,
    #[serde(default)]
    tag_pattern: String,
    /// One field a line: `key | label | kind`.
    #[serde(default)]
    fields: String,
    /// Days between audits; empty: the default.
    #[serde(default)]
    audit_interval_days: String,
}

/// Reads the fields typed one a line as `key | label | kind`.
fn field_lines(text: &str) -> Result<Vec<FieldDef>, helmdesk_app::AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            match parts.as_slice() {
                [key, label, kind] => {
                    Ok(FieldDef { key: key.to_string(), label: label.to_string(), kind: kind.parse()? })
                }
                _ => Err(helmdesk_app::AppError::invalid("fields", format!("{line:?}: write key | label | kind"))),
            }
        })
        .collect()
}

async fn create_type(State(s): State<AppState>, UiForm { user, form }: UiForm<TypeForm>) -> Result<Response, UiError> {
    let result = async {
        let fields = field_lines(&form.fields)?;
        let audit_interval_days = match form.audit_interval_days.trim() {
            "" => None,
            days => Some(
                days.parse()
                    .map_err(|_| helmdesk_app::AppError::invalid("audit_interval_days", "must be a number of days"))?,
            ),
        };
        let new = NewAssetType { name: form.name, tag_pattern: Some(form.tag_pattern), fields, audit_interval_days };
        s.app.create_asset_type(&user.actor, &new).await
    }
    .await;
    let outcome = Outcome::of(result, |t| user.tr().t1("asset-type-saved", "name", t.name))?;
    page_view(&s, &user, outcome).await
}

#[derive(Debug, Deserialize)]
struct ModelForm {
    manufacturer: String,
    name: String,
    type_id: i64,
    #[serde(default)]
    depreciation_months: String,
}

async fn create_model(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<ModelForm>,
) -> Result<Response, UiError> {
    let months = form.depreciation_months.trim();
    let result = match months.parse::<i64>() {
        Ok(m) => Ok(Some(m)),
        Err(_) if months.is_empty() => Ok(None),
        Err(_) => Err(helmdesk_app::AppError::invalid("depreciation_months", "must be a number of months")),
    };
    let result = match result {
        Ok(depreciation_months) => {
            let new = NewAssetModel {
                manufacturer: form.manufacturer,
                name: form.name,
                type_id: form.type_id,
                depreciation_months,
            };
            s.app.create_asset_model(&user.actor, &new).await
        }
        Err(e) => Err(e),
    };
    let outcome =
        Outcome::of(result, |m| user.tr().t1("asset-model-saved", "name", format!("{} {}", m.manufacturer, m.name)))?;
    page_view(&s, &user, outcome).await
}

#[derive(Debug, Deserialize)]
struct LocationForm {
    name: String,
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    organisation_id: Option<String>,
}

async fn create_location(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<LocationForm>,
) -> Result<Response, UiError> {
    let parent = form.parent_id.trim();
    let result = match (form_scope(form.organisation_id.as_deref()), parent.parse::<i64>().ok()) {
        (Ok(organisation_id), parent_id) if parent.is_empty() || parent_id.is_some() => {
            let new = NewLocation { name: form.name, kind: form.kind, parent_id, organisation_id };
            s.app.create_location(&user.actor, &new).await
        }
        (Err(e), _) => Err(e),
        _ => Err(helmdesk_app::AppError::invalid("parent_id", "is not a valid choice")),
    };
    let outcome = Outcome::of(result, |l| user.tr().t1("location-saved", "name", l.name))?;
    page_view(&s, &user, outcome).await
}

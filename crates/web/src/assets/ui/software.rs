//! The software pages: the catalogue (`/software`), one product with its versions, the
//! spellings counted as it and the devices it is installed on, the naming rules
//! (`/software/rules`), and the forms of an asset's software panel (drawn on the asset's
//! page by `hardware.rs`), which record software by hand and remove it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::licences::Licence;
use helmdesk_app::assets::software::{
    Installation, InstallationQuery, NamingRule, NewInstallation, NewNamingRule, SoftwareDetail, SoftwareProduct,
    SoftwareQuery,
};
use helmdesk_app::{AppError, Page};
use serde::Deserialize;

use crate::AppState;
use crate::assets::ui::hardware::{SoftwareTyped, asset_page};
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::exports::{ExportParams, download};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, NoFields, UiError, invalid_text, render, render_refusable};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/software", list)
        .requires(AssetPermission::ReadAssets)
        .get("/software/export", export)
        .requires(AssetPermission::ReadAssets)
        .get("/software/rules", rules)
        .requires(AssetPermission::ReadAssets)
        .post("/software/rules", add_rule)
        .requires(AssetPermission::Configure)
        .post("/software/rules/{id}/remove", remove_rule)
        .requires(AssetPermission::Configure)
        .get("/software/{id}", show)
        .requires(AssetPermission::ReadAssets)
        .post("/assets/{id}/software", add_installation)
        .requires(AssetPermission::ManageAssets)
        .post("/assets/{id}/software/{installation_id}/remove", remove_installation)
        .requires(AssetPermission::ManageAssets)
}

/// Where an installation came from (`Installation::source`), each named by a message
/// `software-source-<source>`.
pub(super) const SOURCES: [&str; 3] = ["agent", "manual", "import"];

/// An installation's source in the reader's language (an unknown one as stored).
pub(super) fn source_name(tr: &Tr, source: &str) -> String {
    if SOURCES.contains(&source) { tr.of("software-source", source) } else { source.to_string() }
}

#[derive(Template)]
#[template(path = "assets/software.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<SoftwareProduct>,
    q: String,
    /// The list's address without its cursor, to page on from.
    here: String,
    /// Whether the reader sets discovery up (the enrolment tokens' link).
    configure: bool,
    /// Whether the reader imports (the imports page's link).
    imports: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    cursor: Option<String>,
}

/// The catalogue, with its search, as a file.
async fn export(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<ListParams>,
    ApiQuery(f): ApiQuery<ExportParams>,
) -> Result<Response, UiError> {
    let query = SoftwareQuery { q: Some(p.q), ..Default::default() };
    Ok(download(&s.app, f.format(), s.app.export_software(&user.actor, &query)).await?)
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let query = SoftwareQuery { q: Some(p.q.clone()), cursor: p.cursor.clone(), ..Default::default() };
    let page = s.app.software(actor, &query).await?;
    let view = ListPage {
        nav: Some(Nav::of(&s, &user, "software").await?),
        here: serde_urlencoded::to_string([("q", &p.q)]).unwrap_or_default(),
        configure: actor.can(AssetPermission::Configure),
        imports: actor.can(AssetPermission::Import),
        q: p.q,
        page,
        tr: user.tr(),
    };
    Ok(render(&view))
}

#[derive(Template)]
#[template(path = "assets/software_product.html")]
struct ProductPage {
    nav: Option<Nav>,
    tr: Tr,
    p: SoftwareDetail,
    installations: Page<Installation>,
    /// Whether this is a later page of the installations (the first is linked).
    later: bool,
    /// Its licences (`licences.rs` draws their pages), and whether the reader adds them.
    licences: Vec<Licence>,
    manage: bool,
}

impl ProductPage {
    fn source(&self, source: &str) -> String {
        source_name(&self.tr, source)
    }

    /// The page's address, which its device pages follow.
    fn here(&self) -> String {
        format!("/software/{}", self.p.product.id)
    }
}

async fn show(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<InstallationQuery>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let p = s.app.software_product(actor, id).await?;
    let later = params.cursor.is_some();
    let page = ProductPage {
        nav: Some(Nav::of(&s, &user, "software").await?),
        installations: s.app.product_installations(actor, id, &params).await?,
        later,
        licences: s.app.licences(actor, Some(id)).await?,
        manage: actor.can(AssetPermission::ManageAssets),
        p,
        tr: user.tr(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "assets/software_rules.html")]
struct RulesPage {
    nav: Option<Nav>,
    tr: Tr,
    rules: Vec<NamingRule>,
    configure: bool,
    /// What the add form shows: what was typed when it was refused.
    typed: RuleForm,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RuleForm {
    #[serde(default)]
    pattern: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    product: String,
}

async fn rules_view(s: &AppState, user: &UiUser, typed: RuleForm, error: Option<String>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let page = RulesPage {
        nav: Some(Nav::of(s, user, "software").await?),
        rules: s.app.naming_rules(actor).await?,
        configure: actor.can(AssetPermission::Configure),
        typed,
        error,
        tr: user.tr(),
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn rules(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    rules_view(&s, &user, RuleForm::default(), None).await
}

async fn add_rule(State(s): State<AppState>, UiForm { user, form }: UiForm<RuleForm>) -> Result<Response, UiError> {
    let new = NewNamingRule {
        pattern: form.pattern.clone(),
        publisher: Some(form.publisher.clone()),
        product: form.product.clone(),
    };
    match s.app.add_naming_rule(&user.actor, &new).await {
        Ok((rule, renamed)) => {
            let message = user.tr().t2("software-rule-added", "product", rule.product, "count", renamed.spellings);
            Ok(user.confirm("/software/rules", message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => rules_view(&s, &user, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

async fn remove_rule(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    match s.app.remove_naming_rule(&user.actor, id).await {
        Ok(renamed) => Ok(user.confirm("/software/rules", user.tr().tn("software-rule-removed", renamed.spellings))),
        Err(e) => match invalid_text(&e) {
            Some(text) => rules_view(&s, &user, RuleForm::default(), Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
struct InstallationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    version: String,
}

/// An optional field of a form: `None` when empty.
fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

async fn add_installation(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<InstallationForm>,
) -> Result<Response, UiError> {
    let new = NewInstallation {
        name: form.name.clone(),
        publisher: optional(&form.publisher),
        version: optional(&form.version),
        installed_on: None,
    };
    match s.app.add_installation(&user.actor, id, &new).await {
        Ok(i) => {
            let message = user.tr().t2("asset-software-added", "name", i.reported_name, "product", i.product);
            Ok(user.confirm(&format!("/assets/{id}#software-h"), message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => {
                let typed = SoftwareTyped {
                    name: form.name,
                    publisher: form.publisher,
                    version: form.version,
                    ..Default::default()
                };
                asset_page(&s, &user, id, Some(text), typed).await
            }
            None => Err(e.into()),
        },
    }
}

async fn remove_installation(
    State(s): State<AppState>,
    ApiPath((id, installation_id)): ApiPath<(i64, i64)>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let name = s
        .app
        .installations_on(actor, id)
        .await?
        .into_iter()
        .find(|i| i.id == installation_id)
        .map(|i| i.reported_name)
        .ok_or(AppError::NotFound)?;
    match s.app.remove_installation(actor, id, installation_id).await {
        Ok(()) => {
            Ok(user.confirm(&format!("/assets/{id}#software-h"), user.tr().t1("asset-software-removed", "name", name)))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => asset_page(&s, &user, id, Some(text), SoftwareTyped::default()).await,
            None => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::SOURCES;
    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_source_of_an_installation_has_its_name() {
        for source in SOURCES {
            assert!(exists(&id_of("software-source", source)), "{source}");
        }
    }
}

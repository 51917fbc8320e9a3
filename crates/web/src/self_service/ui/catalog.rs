//! The service catalog's pages: the employee's catalog (`/portal/catalog`), an item's
//! order form (`/portal/catalog/{id}`, phone-friendly, conditional fields shown by
//! `static/app.js` and checked again by the server), their requests (`/portal/requests`
//! and one with its tasks). The managers' pages are `catalog_admin`'s. The order form is
//! multipart when the item has attachment fields: each takes a file (`a_<key>`), attached
//! to the request's ticket.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::AppError;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::hardware::Asset;
use helmdesk_app::platform::files::NewFile;
use helmdesk_app::self_service::access::SelfServicePermission;
use helmdesk_app::self_service::catalog::{CatalogItem, OfferedCategory};
use helmdesk_app::self_service::requests::REQUEST_SUBJECT;
use helmdesk_app::self_service::requests::{CatalogRequest, CatalogRequestQuery, NewCatalogRequest};
use helmdesk_domain::self_service::catalog::{AssetSource, FieldKind, FormField, RequestStatus, TaskStatus};

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUpload, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Nav, UiError, render, render_refusable};

pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .get("/portal/catalog", catalog)
        .requires(SelfServicePermission::UsePortal)
        .get("/portal/catalog/{id}", order_form)
        .requires(SelfServicePermission::UsePortal)
        .post("/portal/catalog/{id}", order)
        .body_limit(crate::api::upload_limit(state))
        .requires(SelfServicePermission::UsePortal)
        .get("/portal/requests", requests)
        .requires(SelfServicePermission::UsePortal)
        .get("/portal/requests/{id}", request)
        .requires(SelfServicePermission::UsePortal)
        .post("/portal/requests/{id}/hand-over", hand_over)
        .requires(AssetPermission::ManageAssets)
        .post("/portal/requests/{id}/assign-seat", assign_seat)
        .requires(AssetPermission::ManageAssets)
}

/// A request's status in the reader's language.
fn status_name(tr: &Tr, status: RequestStatus) -> String {
    tr.of("order-status", status.as_str())
}

#[derive(Template)]
#[template(path = "self_service/catalog.html")]
struct CatalogPage {
    nav: Option<Nav>,
    tr: Tr,
    categories: Vec<OfferedCategory>,
}

async fn catalog(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let page = CatalogPage {
        nav: Some(Nav::of(&s, &user, "catalog").await?),
        categories: s.app.catalog_categories_for(&user.actor).await?,
        tr: user.tr(),
    };
    Ok(render(&page))
}

/// One field of the order form as drawn.
struct FieldView {
    key: String,
    label: String,
    help: Option<String>,
    /// The input's type (`text`, `number`, `date`, `email`, `file`) or `select`.
    input: &'static str,
    required: bool,
    value: String,
    /// A select box's options: value, label, chosen.
    options: Vec<(String, String, bool)>,
    min: Option<i64>,
    max: Option<i64>,
    maxlength: Option<u32>,
    /// "Shown when": field, op, value.
    shown_when: Option<(String, String, String)>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "self_service/order.html")]
struct OrderPage {
    nav: Option<Nav>,
    tr: Tr,
    item: CatalogItem,
    fields: Vec<FieldView>,
    /// What was refused, when not one field's.
    error: Option<String>,
}

impl OrderPage {
    /// Whether the form sends files (multipart).
    fn has_files(&self) -> bool {
        self.fields.iter().any(|f| f.input == "file")
    }
}

/// The form's fields with the values typed and the error of the one refused.
fn field_views(
    tr: &Tr,
    max_mib: usize,
    fields: &[FormField],
    held: &[Asset],
    values: &HashMap<String, String>,
    error: Option<(&str, &str)>,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let value = values.get(&format!("a_{}", f.key)).cloned().unwrap_or_default();
            let mut options = Vec::new();
            let input = match f.kind {
                FieldKind::Number => "number",
                FieldKind::Date => "date",
                FieldKind::Person => "email",
                FieldKind::Choice => {
                    options.push((String::new(), tr.t("order-choose"), value.is_empty()));
                    options.extend(f.options.iter().map(|o| (o.clone(), o.clone(), *o == value)));
                    "select"
                }
                FieldKind::Asset if f.source() == AssetSource::Held => {
                    options.push((String::new(), tr.t("order-choose"), value.is_empty()));
                    options.extend(held.iter().map(|a| {
                        let id = a.id.to_string();
                        let chosen = id == value;
                        (id, format!("{} {}", a.tag, a.name), chosen)
                    }));
                    "select"
                }
                FieldKind::Asset => "number",
                FieldKind::Attachment => "file",
                FieldKind::Text => "text",
            };
            FieldView {
                key: f.key.clone(),
                label: f.label.clone(),
                help: f.help.clone().or_else(|| match f.kind {
                    FieldKind::Person => Some(tr.t("order-person-hint")),
                    FieldKind::Asset if f.source() == AssetSource::InStock => Some(tr.t("order-asset-hint")),
                    FieldKind::Attachment => Some(tr.t1("order-attachment-hint", "mib", max_mib)),
                    _ => None,
                }),
                input,
                required: f.required,
                value,
                options,
                min: f.min,
                max: f.max,
                maxlength: f.max_length,
                shown_when: f.shown_when.as_ref().map(|c| (c.field.clone(), c.op.as_str().into(), c.value.clone())),
                error: error.filter(|(k, _)| *k == f.key).map(|(_, e)| e.to_string()),
            }
        })
        .collect()
}

async fn order_page(
    s: &AppState,
    user: &UiUser,
    id: i64,
    values: HashMap<String, String>,
    refused: Option<AppError>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let item = s.app.catalog_item(actor, id).await?;
    if !item.active {
        return Err(AppError::NotFound.into());
    }
    let tr = user.tr();
    let held = s.app.my_assets(actor).await?;
    let (field_error, error) = match &refused {
        Some(AppError::Invalid(errors)) => {
            let first = &errors[0];
            let key = first.field.as_deref().and_then(|f| f.strip_prefix("answers.")).unwrap_or("");
            match item.fields.iter().any(|f| f.key == key) {
                true => (Some((key.to_string(), first.detail.clone())), None),
                false => (None, Some(first.detail.clone())),
            }
        }
        Some(AppError::TooLarge(why)) => (None, Some(why.clone())),
        Some(other) => (None, Some(other.to_string())),
        None => (None, None),
    };
    let max_mib = s.app.settings().max_attachment_bytes / (1024 * 1024);
    let error_of = field_error.as_ref().map(|(k, e)| (k.as_str(), e.as_str()));
    let fields = field_views(&tr, max_mib, &item.fields, &held, &values, error_of);
    let page = OrderPage { nav: Some(Nav::of(s, user, "catalog").await?), tr, item, fields, error };
    Ok(render_refusable(&page, refused.is_some()))
}

async fn order_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    order_page(&s, &user, id, HashMap::new(), None).await
}

/// The answers the form posted (`a_<key>`), a person named by e-mail address turned into
/// their id; attachment fields are answered by their files (`files_of`).
async fn answers_of(
    s: &AppState,
    item: &CatalogItem,
    form: &HashMap<String, String>,
) -> Result<BTreeMap<String, String>, AppError> {
    let mut answers = BTreeMap::new();
    for (name, value) in form {
        let Some(key) = name.strip_prefix("a_") else { continue };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        // An attachment field's answer is the name of the file sent with it, never text.
        if item.fields.iter().any(|f| f.key == key && f.kind == FieldKind::Attachment) {
            continue;
        }
        let person = item.fields.iter().any(|f| f.key == key && f.kind == FieldKind::Person);
        let value = match person {
            true => s
                .app
                .user_id_with_email(value)
                .await?
                .ok_or_else(|| AppError::invalid(&format!("answers.{key}"), "nobody has this e-mail address"))?
                .to_string(),
            false => value.to_string(),
        };
        answers.insert(key.to_string(), value);
    }
    Ok(answers)
}

/// The files the form posted for its attachment fields (`a_<key>`), by key.
fn files_of(field_files: Vec<(String, NewFile)>) -> Result<BTreeMap<String, NewFile>, AppError> {
    let mut files = BTreeMap::new();
    for (name, file) in field_files {
        let Some(key) = name.strip_prefix("a_") else { continue };
        let field = format!("answers.{}", key.chars().take(40).collect::<String>());
        if files.insert(key.to_string(), file).is_some() {
            return Err(AppError::invalid(&field, "attach one file"));
        }
    }
    Ok(files)
}

async fn order(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiUpload { user, form, field_files, .. }: UiUpload<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let item = s.app.catalog_item(&user.actor, id).await?;
    let result = async {
        let answers = answers_of(&s, &item, &form).await?;
        let files = files_of(field_files)?;
        let new = NewCatalogRequest { item_id: id, answers };
        s.app.order_catalog_item_with_files(&user.actor, &new, &files).await
    }
    .await;
    match result {
        Ok(r) => {
            let number = r.ticket_number.clone().unwrap_or_default();
            let message = user.tr().t2("order-ordered", "item", &r.item, "number", number);
            Ok(user.confirm(&format!("/portal/requests/{}", r.id), message))
        }
        Err(e @ (AppError::Invalid(_) | AppError::TooLarge(_))) => order_page(&s, &user, id, form, Some(e)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "self_service/requests.html")]
struct RequestsPage {
    nav: Option<Nav>,
    tr: Tr,
    requests: Vec<CatalogRequest>,
}

impl RequestsPage {
    fn status(&self, s: &RequestStatus) -> String {
        status_name(&self.tr, *s)
    }
}

async fn requests(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let q = CatalogRequestQuery { mine: Some(true), limit: Some(200), ..Default::default() };
    let page = RequestsPage {
        nav: Some(Nav::of(&s, &user, "catalog").await?),
        requests: s.app.catalog_requests(&user.actor, &q).await?.items,
        tr: user.tr(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "self_service/request.html")]
struct RequestPage {
    nav: Option<Nav>,
    tr: Tr,
    request: CatalogRequest,
    /// The answers with their fields' labels, in the form's order.
    answers: Vec<(String, String)>,
    /// Whether the reader is staff (the tasks' tickets link to the queue).
    staff: bool,
    /// Whether the reader may hand the reserved asset over.
    hands_over: bool,
    /// The request's approval drawn by the platform, when it has one the reader may see.
    approval: Option<String>,
}

impl RequestPage {
    fn status(&self) -> String {
        status_name(&self.tr, self.request.status)
    }

    fn task_status(&self, s: &TaskStatus) -> String {
        self.tr.of("order-task", s.as_str())
    }
}

async fn request(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let request = s.app.catalog_request(actor, id).await?;
    // The item may no longer be offered to the reader: its labels are then the keys.
    let fields = s.app.catalog_item(actor, request.item_id).await.map(|i| i.fields).unwrap_or_default();
    let label = |key: &str| fields.iter().find(|f| f.key == key).map_or(key.to_string(), |f| f.label.clone());
    let mut answers: Vec<(String, String)> = Vec::new();
    for f in &fields {
        if let Some(v) = request.answers.get(&f.key) {
            answers.push((f.label.clone(), v.clone()));
        }
    }
    for (k, v) in &request.answers {
        if !fields.iter().any(|f| &f.key == k) {
            answers.push((label(k), v.clone()));
        }
    }
    let page = RequestPage {
        nav: Some(Nav::of(&s, &user, "catalog").await?),
        staff: actor.can(SelfServicePermission::ReadRequests),
        hands_over: actor.can(AssetPermission::ManageAssets),
        approval: crate::platform::ui::approvals::panel(&s, &user, REQUEST_SUBJECT, id).await?,
        tr: user.tr(),
        request,
        answers,
    };
    Ok(render(&page))
}

async fn hand_over(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let request = s.app.hand_over_catalog_asset(&user.actor, id).await?;
    let message = user.tr().t1("order-handed-over", "name", &request.requester);
    Ok(user.confirm(&format!("/portal/requests/{id}"), message))
}

/// Assigns the request's reserved licence seat to its requester.
async fn assign_seat(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let request = s.app.hand_over_catalog_seat(&user.actor, id).await?;
    let message = user.tr().t1("order-seat-assigned", "name", &request.requester);
    Ok(user.confirm(&format!("/portal/requests/{id}"), message))
}

//! The stock pages: the list of consumables and accessories (`/stock`, filtered by kind, by
//! low stock and by text), one item with its movements, who holds it and the forms that
//! receive, issue, return or adjust its stock, and the form that adds or changes one. What
//! a person holds is on their devices page (`hardware.rs`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::stock::{
    Holding, Movement, MovementQuery, NewStockItem, StockItem, StockItemPatch, StockMove, StockQuery,
};
use helmdesk_app::{AppError, Page};
use helmdesk_domain::assets::stock::{MovementKind, StockKind};
use serde::Deserialize;

use crate::AppState;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, UiError, choices, choices_or, confirmed_or_again, edit_refusal, id_text, invalid_text, render,
    render_refusable,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/stock", list)
        .requires(AssetPermission::ReadAssets)
        .get("/stock/new", new_form)
        .requires(AssetPermission::ManageAssets)
        .post("/stock/new", create)
        .requires(AssetPermission::ManageAssets)
        .get("/stock/{id}", show)
        .requires(AssetPermission::ReadAssets)
        .get("/stock/{id}/edit", edit_form)
        .requires(AssetPermission::ManageAssets)
        .post("/stock/{id}/edit", update)
        .requires(AssetPermission::ManageAssets)
        .post("/stock/{id}/movements", record_movement)
        .requires(AssetPermission::ManageAssets)
}

/// A kind of stock in the reader's language.
pub(super) fn kind_name(tr: &Tr, kind: StockKind) -> String {
    tr.of("stock-kind", kind.as_str())
}

fn movement_name(tr: &Tr, kind: MovementKind) -> String {
    tr.of("stock-movement", kind.as_str())
}

#[derive(Template)]
#[template(path = "assets/stock_list.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    page: Page<StockItem>,
    q: String,
    kinds: Vec<Choice>,
    low: bool,
    manage: bool,
    /// The list's address without its cursor, to page on from.
    here: String,
}

impl ListPage {
    fn kind(&self, kind: &StockKind) -> String {
        kind_name(&self.tr, *kind)
    }
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    low: String,
    #[serde(default)]
    cursor: Option<String>,
}

async fn list(State(s): State<AppState>, user: UiUser, ApiQuery(p): ApiQuery<ListParams>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let low = !p.low.is_empty();
    let query = StockQuery {
        q: Some(p.q.clone()),
        kind: (!p.kind.is_empty()).then(|| p.kind.parse()).transpose().map_err(AppError::from)?,
        low: Some(low),
        cursor: p.cursor.clone(),
        ..Default::default()
    };
    let page = s.app.list_stock(actor, &query).await?;
    let here = serde_urlencoded::to_string([("q", &p.q), ("kind", &p.kind), ("low", &p.low)]).unwrap_or_default();
    let view = ListPage {
        nav: Some(Nav::of(&s, &user, "stock").await?),
        kinds: choices_or(
            &tr.t("stock-any-kind"),
            StockKind::ALL.iter().map(|k| (k.as_str(), kind_name(&tr, *k))),
            &p.kind,
        ),
        manage: actor.can(AssetPermission::ManageAssets),
        q: p.q,
        low,
        page,
        here,
        tr,
    };
    Ok(render(&view))
}

#[derive(Template)]
#[template(path = "assets/stock_item.html")]
struct ItemPage {
    nav: Option<Nav>,
    tr: Tr,
    item: StockItem,
    movements: Page<Movement>,
    /// Whether this is a later page of the movements (the first is linked).
    later: bool,
    holders: Vec<Holding>,
    manage: bool,
    /// The movement form refused, and what it refused.
    error: Option<(String, String)>,
}

impl ItemPage {
    fn kind(&self) -> String {
        kind_name(&self.tr, self.item.kind)
    }

    /// A kind of movement in the reader's language (named in the template or read from a
    /// movement).
    fn movement(&self, kind: impl std::borrow::Borrow<MovementKind>) -> String {
        movement_name(&self.tr, *kind.borrow())
    }

    fn accessory(&self) -> bool {
        self.item.kind == StockKind::Accessory
    }

    /// The error of the form of movements of `kind`, if that one was refused.
    fn refused(&self, kind: &str) -> Option<String> {
        self.error.as_ref().filter(|(k, _)| k == kind).map(|(_, e)| e.clone())
    }

    /// A change with its sign: `+5`, `-2`.
    fn signed(&self, change: &i64) -> String {
        format!("{change:+}")
    }
}

async fn item_page(
    s: &AppState,
    user: &UiUser,
    id: i64,
    q: MovementQuery,
    error: Option<(String, String)>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let item = s.app.stock_item(actor, id).await?;
    s.app.mark_page_notifications_read(actor, &format!("/stock/{id}")).await?;
    let later = q.cursor.is_some();
    let page = ItemPage {
        nav: Some(Nav::of(s, user, "stock").await?),
        movements: s.app.stock_movements(actor, id, &q).await?,
        holders: s.app.stock_holders(actor, id).await?,
        manage: actor.can(AssetPermission::ManageAssets),
        tr: user.tr(),
        later,
        item,
        error,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn show(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<MovementQuery>,
) -> Result<Response, UiError> {
    item_page(&s, &user, id, q, None).await
}

#[derive(Debug, Deserialize)]
struct MovementForm {
    kind: String,
    #[serde(default)]
    quantity: String,
    /// The person an issue is for, by e-mail address.
    #[serde(default)]
    email: String,
    /// The person a return is from, by id (one of the holders).
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    order_number: String,
    #[serde(default)]
    reason: String,
}

/// The movement the form describes.
async fn movement_of(s: &AppState, form: &MovementForm) -> Result<StockMove, AppError> {
    let kind: MovementKind = form.kind.parse()?;
    let quantity = form.quantity.trim().parse().map_err(|_| AppError::invalid("quantity", "must be a whole number"))?;
    let user_id = match kind {
        MovementKind::Issue => Some(
            s.app
                .user_id_with_email(form.email.trim())
                .await?
                .ok_or_else(|| AppError::invalid("email", "nobody has this e-mail address"))?,
        ),
        MovementKind::Return => {
            Some(form.user_id.parse().map_err(|_| AppError::invalid("user_id", "choose who returns it"))?)
        }
        _ => None,
    };
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(StockMove { kind, quantity, user_id, order_number: text(&form.order_number), reason: text(&form.reason) })
}

async fn record_movement(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MovementForm>,
) -> Result<Response, UiError> {
    let result = async { s.app.move_stock(&user.actor, id, &movement_of(&s, &form).await?).await }.await;
    match result {
        Ok(done) => {
            let tr = user.tr();
            let m = &done.movement;
            let what = movement_name(&tr, m.kind);
            let message = tr
                .arg("movement", what)
                .arg("change", format!("{:+}", m.change))
                .arg("name", done.item.name.clone())
                .arg("left", m.quantity_after)
                .t("stock-moved");
            Ok(user.confirm(&format!("/stock/{id}"), message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => item_page(&s, &user, id, MovementQuery::default(), Some((form.kind, text))).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "assets/stock_form.html")]
struct FormPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The item being changed; `None`: a new one.
    item: Option<StockItem>,
    /// What the form shows, by field name.
    values: HashMap<String, String>,
    kinds: Vec<Choice>,
    locations: Vec<Choice>,
    /// The organisations it may be of; empty when the reader has one.
    organisations: Vec<Choice>,
    error: Option<String>,
}

impl FormPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.item {
            Some(i) => format!("/stock/{}/edit", i.id),
            None => "/stock/new".into(),
        }
    }

    fn back(&self) -> String {
        match &self.item {
            Some(i) => format!("/stock/{}", i.id),
            None => "/stock".into(),
        }
    }
}

/// The form's values of an item.
fn values_of(i: &StockItem) -> HashMap<String, String> {
    let cost = crate::ui::amount_typed(i.unit_cost.as_ref());
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("kind", i.kind.as_str().to_string()),
        ("name", i.name.clone()),
        ("category", text(&i.category)),
        ("manufacturer", text(&i.manufacturer)),
        ("model_number", text(&i.model_number)),
        ("location_id", id_text(i.location_id)),
        ("minimum_quantity", i.minimum_quantity.to_string()),
        ("cost", cost),
        ("currency", i.unit_cost.as_ref().map(|c| c.currency.clone()).unwrap_or_else(|| "EUR".into())),
        ("supplier", text(&i.supplier)),
        ("order_number", text(&i.order_number)),
        ("notes", i.notes.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn form_view(
    s: &AppState,
    user: &UiUser,
    item: Option<StockItem>,
    values: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let current = |k: &str| values.get(k).cloned().unwrap_or_default();
    let organisations = s.app.list_organisations(actor).await?;
    let organisation = match current("organisation_id") {
        o if o.is_empty() => actor.organisation_id.to_string(),
        o => o,
    };
    let page = FormPage {
        nav: Some(Nav::of(s, user, "stock").await?),
        kinds: choices(StockKind::ALL.iter().map(|k| (k.as_str(), kind_name(&tr, *k))), &current("kind")),
        locations: choices_or(
            &tr.t("asset-no-location"),
            s.app.locations(actor).await?.into_iter().map(|l| (l.id, l.name)),
            &current("location_id"),
        ),
        organisations: if organisations.len() > 1 && item.is_none() {
            choices(organisations.into_iter().map(|o| (o.id, o.name)), &organisation)
        } else {
            Vec::new()
        },
        item,
        values,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn new_form(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let values = [("kind", "consumable"), ("quantity", "0"), ("minimum_quantity", "0"), ("currency", "EUR")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    form_view(&s, &user, None, values, None).await
}

async fn edit_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let item = s.app.stock_item(&user.actor, id).await?;
    let values = values_of(&item);
    form_view(&s, &user, Some(item), values, None).await
}

/// A text field of the form: `None` when empty.
fn optional(form: &HashMap<String, String>, name: &str) -> Option<String> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_string)
}

/// A whole number the form gives, or `None` when empty.
fn number(form: &HashMap<String, String>, name: &str) -> Result<Option<i64>, AppError> {
    optional(form, name).map(|v| v.parse().map_err(|_| AppError::invalid(name, "must be a whole number"))).transpose()
}

/// The unit cost the form gives, in minor units of its currency (a currency without an
/// amount is the form's default, not a statement).
fn cost_of(form: &HashMap<String, String>) -> Result<(Option<i64>, Option<String>), AppError> {
    let value = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    crate::ui::typed_cost("unit_cost_minor", value("cost"), value("currency"))
}

fn new_item_of(form: &HashMap<String, String>) -> Result<NewStockItem, AppError> {
    let (unit_cost_minor, currency) = cost_of(form)?;
    Ok(NewStockItem {
        kind: optional(form, "kind").map(|k| k.parse()).transpose()?,
        name: form.get("name").cloned().unwrap_or_default(),
        category: optional(form, "category"),
        manufacturer: optional(form, "manufacturer"),
        model_number: optional(form, "model_number"),
        organisation_id: number(form, "organisation_id")?,
        location_id: number(form, "location_id")?,
        quantity: number(form, "quantity")?,
        minimum_quantity: number(form, "minimum_quantity")?,
        unit_cost_minor,
        currency,
        supplier: optional(form, "supplier"),
        order_number: optional(form, "order_number"),
        notes: Some(form.get("notes").cloned().unwrap_or_default()),
    })
}

fn patch_of(form: &HashMap<String, String>) -> Result<StockItemPatch, AppError> {
    let (unit_cost_minor, currency) = cost_of(form)?;
    Ok(StockItemPatch {
        name: form.get("name").cloned(),
        category: Some(optional(form, "category")),
        manufacturer: Some(optional(form, "manufacturer")),
        model_number: Some(optional(form, "model_number")),
        location_id: Some(number(form, "location_id")?),
        minimum_quantity: Some(number(form, "minimum_quantity")?.unwrap_or(0)),
        unit_cost_minor: Some(unit_cost_minor),
        currency: Some(currency),
        supplier: Some(optional(form, "supplier")),
        order_number: Some(optional(form, "order_number")),
        notes: Some(form.get("notes").cloned().unwrap_or_default()),
    })
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let result = async { s.app.create_stock_item(&user.actor, &new_item_of(&form)?).await }.await;
    let done = |i: StockItem| (format!("/stock/{}", i.id), user.tr().t1("stock-added", "name", i.name));
    confirmed_or_again(&user, result, done, invalid_text, async |text| {
        form_view(&s, &user, None, form, Some(text)).await
    })
    .await
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let before = s.app.stock_item(actor, id).await?;
    let result = async {
        let version = form.get("version").and_then(|v| v.trim().parse().ok());
        s.app.update_stock_item(actor, id, &patch_of(&form)?, version).await
    }
    .await;
    let done = |i: StockItem| (format!("/stock/{id}"), user.tr().t1("stock-saved", "name", i.name));
    let refusal = |e: &AppError| edit_refusal(e, || user.tr().t("stock-changed-since"));
    confirmed_or_again(&user, result, done, refusal, async |text| {
        form_view(&s, &user, Some(before), form, Some(text)).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_kind_of_stock_and_movement_has_its_name() {
        for k in StockKind::ALL {
            assert!(exists(&id_of("stock-kind", k.as_str())), "{k:?}");
        }
        for m in MovementKind::ALL {
            assert!(exists(&id_of("stock-movement", m.as_str())), "{m:?}");
        }
    }
}

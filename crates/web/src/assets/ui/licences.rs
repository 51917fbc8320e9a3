//! The licence pages: the compliance overview (`/licences`: money at risk and wasted, each
//! licensed product's entitlement against its use, the licences), one licence with its
//! product's standing, the devices behind the figure and the seats people hold (given and
//! taken back there), and the form that records or changes one. The product's page lists its licences (`software.rs`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::hardware::Amount;
use helmdesk_app::assets::licences::{Compliance, ComplianceReport, Licence, LicenceSeat, NewLicence, NewLicenceSeat};
use helmdesk_app::assets::software::{Installation, InstallationQuery, SoftwareQuery};
use helmdesk_app::{Actor, AppError, Page};
use helmdesk_domain::assets::fields::day;
use helmdesk_domain::assets::licences::{Metric, Standing, Term};
use helmdesk_domain::assets::money::{Currency, Money};
use serde::Deserialize;

use crate::AppState;
use crate::assets::ui::software::source_name;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::exports::{ExportParams, download};
use crate::platform::ui::admin::person_by_email;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{
    Choice, Nav, NoFields, UiError, choices, confirmed_or_again, edit_refusal, invalid_text, render, render_refusable,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/licences", list)
        .requires(AssetPermission::ReadAssets)
        .get("/licences/export", export)
        .requires(AssetPermission::ReadAssets)
        .get("/licences/new", new_form)
        .requires(AssetPermission::ManageAssets)
        .post("/licences/new", create)
        .requires(AssetPermission::ManageAssets)
        .get("/licences/{id}", show)
        .requires(AssetPermission::ReadAssets)
        .get("/licences/{id}/edit", edit_form)
        .requires(AssetPermission::ManageAssets)
        .post("/licences/{id}/edit", update)
        .requires(AssetPermission::ManageAssets)
        .post("/licences/{id}/delete", delete)
        .requires(AssetPermission::ManageAssets)
        .post("/licences/{id}/seats", give_seat)
        .requires(AssetPermission::ManageAssets)
        .post("/licences/{id}/seats/{seat}/release", release_seat)
        .requires(AssetPermission::ManageAssets)
}

/// How many catalogue products the form offers to pick from as one types.
const PRODUCTS_OFFERED: i64 = 200;

/// Where a product stands, as the API names it; each named by a message
/// `licence-standing-<standing>`.
fn standing_str(s: Standing) -> &'static str {
    match s {
        Standing::Compliant => "compliant",
        Standing::UnderLicensed => "under_licensed",
        Standing::OverLicensed => "over_licensed",
    }
}

/// A standing's badge: its words carry the meaning, the colour repeats it.
fn standing_badge(s: Standing) -> &'static str {
    match s {
        Standing::Compliant => "s-resolved",
        Standing::UnderLicensed => "p-2",
        Standing::OverLicensed => "s-in_progress",
    }
}

fn metric_name(tr: &Tr, m: Metric) -> String {
    tr.of("licence-metric", m.as_str())
}

fn term_name(tr: &Tr, t: Term) -> String {
    tr.of("licence-term", t.as_str())
}

/// An amount for people, or a dash.
fn amount_text(a: &Option<Amount>) -> String {
    a.as_ref().map(|a| a.text.clone()).unwrap_or_else(|| "—".into())
}

/// Entitlement and use as two lanes of a small bar, in percentages of the larger: the
/// seats on top, the use below (within the seats, then beyond them).
struct SeatBar {
    entitled: f64,
    used: f64,
    /// Where the use beyond the seats starts, and how wide it is.
    over_x: f64,
    over: f64,
    /// The text alternative.
    alt: String,
}

impl SeatBar {
    fn of(tr: &Tr, c: &Compliance) -> SeatBar {
        let round = |v: f64| (v * 10.0).round() / 10.0;
        match c.entitled {
            None => SeatBar {
                entitled: 100.0,
                used: if c.used > 0 { 100.0 } else { 0.0 },
                over_x: 0.0,
                over: 0.0,
                alt: tr.t1("licences-bar-site", "used", c.used),
            },
            Some(seats) => {
                let scale = seats.max(c.used).max(1) as f64;
                let within = c.used.min(seats) as f64;
                let beyond = (c.used - seats).max(0) as f64;
                SeatBar {
                    entitled: round(seats as f64 / scale * 100.0),
                    used: round(within / scale * 100.0),
                    over_x: round(within / scale * 100.0),
                    over: round(beyond / scale * 100.0),
                    alt: tr.t2("licences-bar", "used", c.used, "entitled", seats),
                }
            }
        }
    }
}

/// One licensed product and metric as the pages draw it.
struct StandingView {
    c: Compliance,
    metric: String,
    standing: String,
    badge: &'static str,
    /// The shortfall or the unused seats, in words; a dash when neither.
    gap: String,
    at_risk: String,
    wasted: String,
    bar: SeatBar,
}

impl StandingView {
    fn of(tr: &Tr, c: Compliance) -> StandingView {
        let gap = if c.shortfall > 0 {
            tr.t1("licences-short", "count", c.shortfall)
        } else if c.unused > 0 {
            tr.t1("licences-unused-seats", "count", c.unused)
        } else {
            "—".into()
        };
        StandingView {
            metric: metric_name(tr, c.metric),
            standing: tr.of("licence-standing", standing_str(c.standing)),
            badge: standing_badge(c.standing),
            gap,
            at_risk: amount_text(&c.at_risk),
            wasted: amount_text(&c.wasted),
            bar: SeatBar::of(tr, &c),
            c,
        }
    }
}

/// A licence as a list draws it.
struct LicenceRow {
    l: Licence,
    metric: String,
    term: String,
    /// Its seats, or that it is a site licence.
    seats: String,
    cost: String,
    /// A perpetual licence whose maintenance has ended (it is still in force).
    maintenance_ended: bool,
}

impl LicenceRow {
    fn of(tr: &Tr, l: Licence, today: NaiveDate) -> LicenceRow {
        LicenceRow {
            metric: metric_name(tr, l.metric),
            term: term_name(tr, l.term),
            seats: l.seats.map(|n| n.to_string()).unwrap_or_else(|| tr.t("licences-site")),
            cost: amount_text(&l.cost),
            maintenance_ended: l.in_force && l.ends_on.is_some_and(|d| d < today),
            l,
        }
    }
}

#[derive(Template)]
#[template(path = "assets/licences.html")]
struct ListPage {
    nav: Option<Nav>,
    tr: Tr,
    at_risk: Vec<Amount>,
    wasted: Vec<Amount>,
    products: Vec<StandingView>,
    licences: Vec<LicenceRow>,
    manage: bool,
    /// Whether the reader imports (the imports page's link).
    imports: bool,
}

/// Every licence the reader sees, as a file.
async fn export(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(f): ApiQuery<ExportParams>,
) -> Result<Response, UiError> {
    Ok(download(&s.app, f.format(), s.app.export_licences(&user.actor, None)).await?)
}

async fn list(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let ComplianceReport { products, at_risk, wasted } = s.app.licence_compliance(actor).await?;
    let today = s.app.today();
    let licences = s.app.licences(actor, None).await?;
    let page = ListPage {
        nav: Some(Nav::of(&s, &user, "licences").await?),
        products: products.into_iter().map(|c| StandingView::of(&tr, c)).collect(),
        licences: licences.into_iter().map(|l| LicenceRow::of(&tr, l, today)).collect(),
        manage: actor.can(AssetPermission::ManageAssets),
        imports: actor.can(AssetPermission::Import),
        at_risk,
        wasted,
        tr,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "assets/licence.html")]
struct LicencePage {
    nav: Option<Nav>,
    tr: Tr,
    l: LicenceRow,
    /// Its product and metric's standing; `None` until it is counted.
    standing: Option<StandingView>,
    devices: Page<Installation>,
    /// Whether this is a later page of the devices (the first is linked).
    later: bool,
    manage: bool,
    /// The seats people hold, for a per-seat or per-user licence (`None` for the others).
    seats: Option<Vec<LicenceSeat>>,
    /// What was wrong with the e-mail address given a seat, with the address typed.
    seat_error: Option<(String, String)>,
}

impl LicencePage {
    fn source(&self, source: &str) -> String {
        source_name(&self.tr, source)
    }

    /// The page's address, which its device pages follow.
    fn here(&self) -> String {
        format!("/licences/{}", self.l.l.id)
    }
}

async fn show(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<InstallationQuery>,
) -> Result<Response, UiError> {
    licence_page(&s, &user, id, &params, None).await
}

/// The licence's page; with `seat_error`, the seat form refused (422) beside its input.
async fn licence_page(
    s: &AppState,
    user: &UiUser,
    id: i64,
    params: &InstallationQuery,
    seat_error: Option<(String, String)>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let l = s.app.licence(actor, id).await?;
    let later = params.cursor.is_some();
    let devices = s.app.licence_devices(actor, id, params).await?;
    let seats = match l.metric.has_personal_seats() {
        true => Some(s.app.licence_seats(actor, id).await?),
        false => None,
    };
    let standing = s.app.licence_compliance(actor).await?.products.into_iter().find(|c| c.licence_ids.contains(&id));
    let refused = seat_error.is_some();
    let page = LicencePage {
        nav: Some(Nav::of(s, user, "licences").await?),
        standing: standing.map(|c| StandingView::of(&tr, c)),
        l: LicenceRow::of(&tr, l, s.app.today()),
        devices,
        later,
        manage: actor.can(AssetPermission::ManageAssets),
        seats,
        seat_error,
        tr,
    };
    Ok(render_refusable(&page, refused))
}

#[derive(Deserialize)]
struct SeatForm {
    email: String,
}

/// Gives the person with the address typed a seat; a refusal is shown beside the form.
async fn give_seat(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<SeatForm>,
) -> Result<Response, UiError> {
    let result = async {
        let user_id = person_by_email(&s, &form.email, "email")
            .await?
            .ok_or_else(|| AppError::invalid("email", "is required"))?;
        s.app.assign_licence_seat(&user.actor, id, &NewLicenceSeat { user_id }).await
    }
    .await;
    let tr = user.tr();
    confirmed_or_again(
        &user,
        result,
        |seat| (format!("/licences/{id}"), tr.t1("licence-seat-given", "name", seat.user_name)),
        |e| match e {
            AppError::Conflict(why) => Some(why.clone()),
            e => invalid_text(e),
        },
        async |error| {
            licence_page(&s, &user, id, &InstallationQuery::default(), Some((error, form.email.clone()))).await
        },
    )
    .await
}

/// Takes a seat back from its holder.
async fn release_seat(
    State(s): State<AppState>,
    ApiPath((id, seat)): ApiPath<(i64, i64)>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let holder =
        s.app.licence_seats(&user.actor, id).await?.into_iter().find(|x| x.id == seat).ok_or(AppError::NotFound)?;
    s.app.release_licence_seat(&user.actor, seat).await?;
    Ok(user.confirm(&format!("/licences/{id}"), user.tr().t1("licence-seat-released", "name", holder.user_name)))
}

async fn delete(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let l = s.app.licence(&user.actor, id).await?;
    s.app.delete_licence(&user.actor, id).await?;
    Ok(user.confirm("/licences", user.tr().t1("licence-deleted", "name", l.name)))
}

#[derive(Template)]
#[template(path = "assets/licence_form.html")]
struct FormPage {
    nav: Option<Nav>,
    tr: Tr,
    /// The licence being changed; `None`: a new one.
    licence: Option<Licence>,
    /// What the form shows, by field name.
    values: HashMap<String, String>,
    /// The product chosen on its page (`?product_id=`): its id and name, not typed.
    fixed_product: Option<(i64, String)>,
    /// Catalogue products offered as one types: name and publisher.
    products: Vec<(String, String)>,
    /// The organisations it may be for; empty when the reader has one.
    organisations: Vec<Choice>,
    metrics: Vec<Choice>,
    terms: Vec<Choice>,
    error: Option<String>,
}

impl FormPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn action(&self) -> String {
        match &self.licence {
            Some(l) => format!("/licences/{}/edit", l.id),
            None => "/licences/new".into(),
        }
    }

    /// Where cancelling leads: the licence, the product it was for, or the list.
    fn back(&self) -> String {
        match (&self.licence, &self.fixed_product) {
            (Some(l), _) => format!("/licences/{}", l.id),
            (None, Some((id, _))) => format!("/software/{id}"),
            (None, None) => "/licences".into(),
        }
    }
}

/// The form's values of a licence.
fn values_of(l: &Licence) -> HashMap<String, String> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let amount = l
        .cost
        .as_ref()
        .and_then(|m| Some(Money { minor: m.minor, currency: Currency::parse(&m.currency).ok()? }.amount()))
        .unwrap_or_default();
    [
        ("name", l.name.clone()),
        ("product", l.product.clone()),
        ("organisation_id", l.organisation_id.to_string()),
        ("metric", l.metric.as_str().to_string()),
        ("term", l.term.as_str().to_string()),
        ("seats", l.seats.map(|n| n.to_string()).unwrap_or_default()),
        ("cost", amount),
        ("currency", l.cost.as_ref().map(|c| c.currency.clone()).unwrap_or_else(|| "EUR".into())),
        ("purchased_on", date(l.purchased_on)),
        ("ends_on", date(l.ends_on)),
        ("supplier", l.supplier.clone().unwrap_or_default()),
        ("order_number", l.order_number.clone().unwrap_or_default()),
        ("contract", l.contract.clone().unwrap_or_default()),
        ("notes", l.notes.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn form_view(
    s: &AppState,
    user: &UiUser,
    licence: Option<Licence>,
    values: HashMap<String, String>,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let current = |k: &str| values.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let fixed_product = match current("product_id").parse::<i64>() {
        Ok(id) if licence.is_none() => {
            let p = s.app.software_product(actor, id).await?.product;
            Some((p.id, p.name))
        }
        _ => None,
    };
    let products = if fixed_product.is_none() {
        let query = SoftwareQuery { limit: Some(PRODUCTS_OFFERED), ..Default::default() };
        s.app.software(actor, &query).await?.items.into_iter().map(|p| (p.name, p.publisher)).collect()
    } else {
        Vec::new()
    };
    let organisations = s.app.list_organisations(actor).await?;
    let organisation = match current("organisation_id") {
        o if o.is_empty() => actor.organisation_id.to_string(),
        o => o,
    };
    let page = FormPage {
        nav: Some(Nav::of(s, user, "licences").await?),
        organisations: if organisations.len() > 1 {
            choices(organisations.into_iter().map(|o| (o.id, o.name)), &organisation)
        } else {
            Vec::new()
        },
        metrics: choices(Metric::ALL.iter().map(|m| (m.as_str(), metric_name(&tr, *m))), &current("metric")),
        terms: choices(Term::ALL.iter().map(|t| (t.as_str(), term_name(&tr, *t))), &current("term")),
        fixed_product,
        products,
        licence,
        values,
        error,
        tr,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

#[derive(Debug, Default, Deserialize)]
struct NewParams {
    #[serde(default)]
    product_id: Option<i64>,
}

async fn new_form(
    State(s): State<AppState>,
    user: UiUser,
    ApiQuery(p): ApiQuery<NewParams>,
) -> Result<Response, UiError> {
    let mut values: HashMap<String, String> =
        [("metric", Metric::PerDevice.as_str()), ("term", Term::Perpetual.as_str()), ("currency", "EUR")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    if let Some(id) = p.product_id {
        values.insert("product_id".into(), id.to_string());
    }
    form_view(&s, &user, None, values, None).await
}

async fn edit_form(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let l = s.app.licence(&user.actor, id).await?;
    let values = values_of(&l);
    form_view(&s, &user, Some(l), values, None).await
}

/// A text field of the form: `None` when empty.
fn optional(form: &HashMap<String, String>, name: &str) -> Option<String> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The catalogue product a typed name means: the licence's own when the name is still its
/// product's, else the product of that name (of the typed publisher, when several are);
/// `None`: a product new to the catalogue.
async fn product_named(
    s: &AppState,
    actor: &Actor,
    name: &str,
    publisher: Option<&str>,
    before: Option<&Licence>,
) -> Result<Option<i64>, AppError> {
    if let Some(l) = before.filter(|l| l.product.eq_ignore_ascii_case(name)) {
        return Ok(Some(l.product_id));
    }
    let query = SoftwareQuery { q: Some(name.to_string()), limit: Some(PRODUCTS_OFFERED), ..Default::default() };
    let same: Vec<_> =
        s.app.software(actor, &query).await?.items.into_iter().filter(|p| p.name.eq_ignore_ascii_case(name)).collect();
    let of_publisher = publisher.and_then(|w| same.iter().find(|p| p.publisher.eq_ignore_ascii_case(w)));
    Ok(of_publisher.or(same.first()).map(|p| p.id))
}

/// The licence the form describes.
async fn licence_of(
    s: &AppState,
    actor: &Actor,
    form: &HashMap<String, String>,
    before: Option<&Licence>,
) -> Result<NewLicence, AppError> {
    let publisher = optional(form, "publisher");
    let (product_id, product) = match (optional(form, "product_id"), optional(form, "product")) {
        (Some(id), _) => (Some(id.parse().map_err(|_| AppError::invalid("product", "is not a valid choice"))?), None),
        (None, Some(name)) => match product_named(s, actor, &name, publisher.as_deref(), before).await? {
            Some(id) => (Some(id), None),
            None => (None, Some(name)),
        },
        (None, None) => return Err(AppError::invalid("product", "which product does it license?")),
    };
    let organisation_id = optional(form, "organisation_id")
        .map(|o| o.parse().map_err(|_| AppError::invalid("organisation_id", "is not a valid choice")))
        .transpose()?;
    let seats = optional(form, "seats")
        .map(|n| n.parse().map_err(|_| AppError::invalid("seats", "must be a whole number")))
        .transpose()?;
    let date = |name: &str| -> Result<Option<NaiveDate>, AppError> {
        Ok(optional(form, name).map(|v| day(name, &v)).transpose()?)
    };
    // A currency without an amount is the form's default, not a statement.
    let (cost_minor, currency) = match optional(form, "cost") {
        None => (None, None),
        Some(text) => {
            let code = optional(form, "currency")
                .ok_or_else(|| AppError::invalid("currency", "an amount needs its currency"))?;
            let currency = Currency::parse(&code)?;
            (Some(Money::parse("cost", &text, currency)?.minor), Some(currency.to_string()))
        }
    };
    Ok(NewLicence {
        name: form.get("name").cloned().unwrap_or_default(),
        product_id,
        product,
        publisher,
        organisation_id,
        metric: form.get("metric").map(String::as_str).unwrap_or_default().parse()?,
        term: form.get("term").map(String::as_str).unwrap_or_default().parse()?,
        seats,
        cost_minor,
        currency,
        purchased_on: date("purchased_on")?,
        ends_on: date("ends_on")?,
        supplier: optional(form, "supplier"),
        order_number: optional(form, "order_number"),
        contract: optional(form, "contract"),
        notes: Some(form.get("notes").cloned().unwrap_or_default()),
    })
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let result = async { s.app.create_licence(actor, &licence_of(&s, actor, &form, None).await?).await }.await;
    match result {
        Ok(l) => {
            let message = user.tr().t2("licence-added", "name", &l.name, "product", &l.product);
            Ok(user.confirm(&format!("/licences/{}", l.id), message))
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => form_view(&s, &user, None, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let before = s.app.licence(actor, id).await?;
    let result = async {
        let version = form.get("version").and_then(|v| v.trim().parse().ok());
        let new = licence_of(&s, actor, &form, Some(&before)).await?;
        s.app.update_licence(actor, id, &new, version).await
    }
    .await;
    match result {
        Ok(l) => Ok(user.confirm(&format!("/licences/{id}"), user.tr().t1("licence-saved", "name", l.name))),
        Err(e) => match edit_refusal(&e, || user.tr().t("licence-changed-since")) {
            Some(text) => form_view(&s, &user, Some(before), form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::ui::i18n::{exists, id_of};

    const STANDINGS: [Standing; 3] = [Standing::Compliant, Standing::UnderLicensed, Standing::OverLicensed];

    #[test]
    fn every_metric_term_and_standing_has_its_name() {
        for m in Metric::ALL {
            assert!(exists(&id_of("licence-metric", m.as_str())), "{m:?}");
        }
        for t in Term::ALL {
            assert!(exists(&id_of("licence-term", t.as_str())), "{t:?}");
        }
        for s in STANDINGS {
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json.as_str(), Some(standing_str(s)), "the API's name");
            assert!(exists(&id_of("licence-standing", standing_str(s))), "{s:?}");
        }
    }

    fn compliance(entitled: Option<i64>, used: i64) -> Compliance {
        Compliance {
            product_id: 1,
            product: "Office".into(),
            publisher: "Microsoft".into(),
            metric: Metric::PerDevice,
            licence_ids: vec![1],
            entitled,
            used,
            shortfall: entitled.map_or(0, |e| (used - e).max(0)),
            unused: entitled.map_or(0, |e| (e - used).max(0)),
            standing: Standing::Compliant,
            seat_price: None,
            at_risk: None,
            wasted: None,
            counted_at: None,
        }
    }

    #[test]
    fn a_bar_shows_the_use_beyond_the_seats_and_says_it_in_words() {
        let tr = Tr::new("en");
        let short = SeatBar::of(&tr, &compliance(Some(1), 2));
        assert_eq!((short.entitled, short.used, short.over_x, short.over), (50.0, 50.0, 50.0, 50.0));
        assert_eq!(short.alt, "2 in use of 1 licensed");
        let spare = SeatBar::of(&tr, &compliance(Some(3), 1));
        assert_eq!((spare.entitled, spare.used, spare.over), (100.0, 33.3, 0.0));
        let none = SeatBar::of(&tr, &compliance(Some(0), 0));
        assert_eq!((none.entitled, none.used, none.over), (0.0, 0.0, 0.0));
        let site = SeatBar::of(&tr, &compliance(None, 7));
        assert_eq!((site.entitled, site.used, site.over), (100.0, 100.0, 0.0));
        assert_eq!(site.alt, "7 in use, covered by a site licence");
    }
}

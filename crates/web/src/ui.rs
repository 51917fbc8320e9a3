//! The web UI: server-rendered askama templates, one stylesheet, a small script, and
//! plain forms (CSRF-checked) that post and redirect.

use crate::{assets, platform, reports, self_service, service_desk};
pub mod charts;
pub mod markdown;
pub mod theme;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use helmdesk_app::assets::hardware::Amount;
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::Role;
use helmdesk_domain::assets::money::{Currency, Money};

use crate::AppState;
use crate::error::status_and_errors;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use helmdesk_app::service_desk::access::DeskPermission;

/// What a POST left to say on the page it renders.
#[derive(Default)]
pub(crate) struct Outcome {
    pub(crate) error: Option<String>,
    pub(crate) notice: Option<String>,
}

impl Outcome {
    pub(crate) fn of<T>(result: Result<T, AppError>, notice: impl FnOnce(T) -> String) -> Result<Outcome, UiError> {
        match result {
            Ok(v) => Ok(Outcome { error: None, notice: Some(notice(v)) }),
            Err(e) => match invalid_text(&e) {
                Some(text) => Ok(Outcome { error: Some(text), notice: None }),
                None => Err(e.into()),
            },
        }
    }

    pub(crate) fn status(&self) -> StatusCode {
        if self.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }
    }
}

/// Why a page was not shown.
#[derive(Debug)]
pub enum UiError {
    /// Not signed in: go to the login page.
    Login,
    /// Go elsewhere first (e.g. to change a one-time password).
    Redirect(String),
    /// A use case refused; shown as an error page with its status.
    App(AppError),
}

impl<E: Into<AppError>> From<E> for UiError {
    fn from(e: E) -> Self {
        UiError::App(e.into())
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        match self {
            UiError::Login => Redirect::to("/login").into_response(),
            UiError::Redirect(to) => Redirect::to(&to).into_response(),
            UiError::App(e) => {
                let (status, errors) = status_and_errors(&e);
                // A 500's cause is in the log, not on the page.
                let detail = if status.is_server_error() {
                    String::new()
                } else {
                    errors.into_iter().map(|e| e.detail).collect::<Vec<_>>().join(" ")
                };
                // Drawn inside the layout, with the person's navigation, by
                // `platform::ui::errors::dress_errors`.
                (status, axum::Extension(platform::ui::errors::Failure { detail })).into_response()
            }
        }
    }
}

/// After a form's save: the confirmation `done` words, on the page it names (`(to,
/// message)`); when the use case refused the input (`refusal` says why in words:
/// [`invalid_text`], or [`edit_refusal`] for an edit form), the form again drawn by
/// `again`; other errors are error pages.
pub(crate) async fn confirmed_or_again<T>(
    user: &UiUser,
    result: Result<T, AppError>,
    done: impl FnOnce(T) -> (String, String),
    refusal: impl FnOnce(&AppError) -> Option<String>,
    again: impl AsyncFnOnce(String) -> Result<Response, UiError>,
) -> Result<Response, UiError> {
    match result {
        Ok(saved) => {
            let (to, message) = done(saved);
            Ok(user.confirm(&to, message))
        }
        Err(e) => match refusal(&e) {
            Some(text) => again(text).await,
            None => Err(e.into()),
        },
    }
}

/// Back to `to` after a save, or the form again, drawn by `again` with what was wrong when
/// the use case refused the input; other errors are error pages.
pub(crate) async fn saved_or_again<T>(
    result: Result<T, AppError>,
    to: &str,
    again: impl AsyncFnOnce(String) -> Result<Response, UiError>,
) -> Result<Response, UiError> {
    match result {
        Ok(_) => Ok(Redirect::to(to).into_response()),
        Err(e) => match invalid_text(&e) {
            Some(text) => again(text).await,
            None => Err(e.into()),
        },
    }
}

/// What a form's page should say when a use case refused its input (a broken rule or a
/// conflict); `None` for errors that deserve an error page.
pub fn invalid_text(e: &AppError) -> Option<String> {
    match e {
        AppError::Invalid(errors) => Some(
            errors
                .iter()
                .map(|e| match &e.field {
                    Some(f) => format!("{}: {}", f.replace('_', " "), e.detail),
                    None => e.detail.clone(),
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        AppError::Conflict(why) => Some(why.clone()),
        _ => None,
    }
}

/// What an edit form's page should say when its save was refused: `changed` when someone
/// saved the record since the form was opened, else as [`invalid_text`]; `None` for errors
/// that deserve an error page.
pub fn edit_refusal(e: &AppError, changed: impl FnOnce() -> String) -> Option<String> {
    match e {
        AppError::PreconditionFailed => Some(changed()),
        e => invalid_text(e),
    }
}

/// The status of a form's page drawn again after `result` was refused: 409 when someone
/// saved the record since the form was opened (or the save conflicts with another
/// record), 422 for input a rule refused.
pub fn refused_status<T>(result: &Result<T, AppError>) -> StatusCode {
    match result {
        Err(AppError::PreconditionFailed | AppError::Conflict(_)) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Renders a template; a template error is a logged 500.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// Draws a part of a page (a panel one module adds to another's page); a template that
/// fails is logged and leaves the part out.
pub fn render_part<T: Template>(part: &T) -> String {
    part.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        String::new()
    })
}

/// Draws a page that may carry what was refused: 422 when `refused`, as a form posted with
/// bad input answers, and 200 otherwise.
pub fn render_refusable<T: Template>(page: &T, refused: bool) -> Response {
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    (status, render(page)).into_response()
}

/// What the layout needs to draw the navigation for the signed-in person.
#[derive(Debug, Clone)]
pub struct Nav {
    pub name: String,
    pub role: String,
    /// Whether they may file tickets (the queue's empty state offers it).
    pub can_file: bool,
    /// The modules' links in the main navigation.
    pub links: Vec<Link>,
    pub csrf: String,
    /// The count of unread notifications for the badge ("" for none, "99+" for many).
    pub unread: String,
    pub section: &'static str,
    /// The confirmation of the action that led to this page ("Reply sent").
    pub flash: Option<String>,
    /// The reader's language.
    pub tr: platform::ui::i18n::Tr,
    /// The reader's time zone (IANA), for the dates the page's script writes ("": the
    /// browser's).
    pub time_zone: String,
    /// `light` or `dark`, or "" for the system's.
    pub theme: String,
}

/// The words `static/app.js` writes, by its name for each (the locales' `js-<name>`).
/// `%count` and `%who` are filled in by the script.
const SCRIPT_WORDS: &[&str] = &[
    "notifications",
    "notifications-unread",
    "show",
    "updated-one",
    "updated-other",
    "replied",
    "noted",
    "changed",
    "someone",
    "entries",
    "not-saved",
    "dismiss",
    "preview",
    "edit",
    "nothing-to-preview",
];

impl Nav {
    /// The script's words in the reader's language, as JSON for `<body data-words>`.
    pub fn words(&self) -> String {
        let words: std::collections::BTreeMap<&str, String> =
            SCRIPT_WORDS.iter().map(|w| (*w, self.tr.t(&format!("js-{w}")))).collect();
        serde_json::to_string(&words).unwrap_or_default()
    }

    /// The navigation of `user`, with `section` highlighted.
    pub async fn of(state: &AppState, user: &UiUser, section: &'static str) -> Result<Nav, AppError> {
        let a = &user.actor;
        let tr = user.tr();
        Ok(Nav {
            name: a.name.clone(),
            role: tr.of("role", a.role.as_str()),
            can_file: a.can(DeskPermission::CreateTicket),
            links: menu(a),
            csrf: user.csrf.clone(),
            unread: unread_label(state.app.unread_notifications(a, BADGE_MAX + 1).await?),
            section,
            flash: user.flash.clone(),
            tr,
            time_zone: a.preferences.time_zone.clone().unwrap_or_default(),
            theme: a.preferences.theme.clone().unwrap_or_default(),
        })
    }
}

/// The stylesheet as served: the written one with the chosen themes (ui/theme.rs).
static STYLESHEET: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| theme::themed(include_str!("../static/app.css")));

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        STYLESHEET.as_str(),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/app.js"),
    )
        .into_response()
}

/// The most unread notifications the badge counts; more show as "99+".
pub(crate) const BADGE_MAX: i64 = 99;

/// The badge of `count` unread notifications.
pub(crate) fn unread_label(count: i64) -> String {
    match count {
        0 => String::new(),
        1..=BADGE_MAX => count.to_string(),
        _ => format!("{BADGE_MAX}+"),
    }
}

/// Staff and auditors start at the queue, requesters (employees) at the portal.
async fn home(user: UiUser) -> Redirect {
    if user.actor.role == Role::Requester { Redirect::to("/portal") } else { Redirect::to("/tickets") }
}

/// The content security policy of the pages; a response that set its own (a download's
/// sandbox) keeps it. The headers every response carries are added by
/// [`crate::hardening::security_headers`].
async fn page_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().entry(header::CONTENT_SECURITY_POLICY).or_insert(header::HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ));
    response
}

pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .get("/static/app.css", stylesheet)
        .public()
        .get("/static/app.js", script)
        .public()
        .get("/", home)
        .signed_in()
        .merge(platform::ui::routes(state).of_module("platform"))
        .merge(assets::ui::routes(state).of_module("assets"))
        .merge(service_desk::ui::routes(state).of_module("service_desk"))
        .merge(self_service::ui::routes(state).of_module("self_service"))
        .merge(reports::ui::routes(state).of_module("reports"))
        .layer(axum::middleware::from_fn(page_headers))
        .layer(axum::middleware::from_fn(platform::ui::flash::clear_shown))
        .layer(axum::extract::DefaultBodyLimit::max(state.web.max_body_bytes))
}

/// Every module's links in the main navigation, for `actor`, in their order.
fn menu(actor: &Actor) -> Vec<Link> {
    let mut links = [
        platform::ui::menu(actor),
        assets::ui::menu(actor),
        service_desk::ui::menu(actor),
        self_service::ui::menu(actor),
        reports::ui::menu(actor),
    ]
    .concat();
    links.sort_by_key(|l| l.rank);
    links
}

/// The panels other modules add to a configuration item's page (the service desk's: its
/// open tickets), drawn for `user`. The assets module draws the page and asks here, so
/// that it names no module above it.
pub(crate) async fn ci_panels(s: &AppState, user: &UiUser, ci_id: i64) -> Result<Vec<String>, UiError> {
    Ok(service_desk::ui::ci_tickets::panel(s, user, ci_id).await?.into_iter().collect())
}

/// The panels modules add to the person's account page (the assets module's: their
/// devices), drawn for `user`, in order. The platform draws the page and asks here, so
/// that it names no module above it.
pub(crate) async fn account_panels(s: &AppState, user: &UiUser) -> Result<Vec<String>, UiError> {
    Ok(assets::ui::devices::panel(s, user).await?.into_iter().collect())
}

/// What modules add under the reply box of a ticket's page (self-service's: finding an
/// article to insert, and writing one from a resolved ticket), drawn for `user`. The
/// service desk draws the page and asks here, so that it names no module above it.
pub(crate) async fn reply_tools(
    s: &AppState,
    user: &UiUser,
    ticket_id: i64,
    resolved: bool,
) -> Result<Vec<String>, UiError> {
    Ok(self_service::ui::kb::reply_tool(s, user, ticket_id, resolved).await?.into_iter().collect())
}

/// What modules add beside the new-ticket form (self-service's: articles that match the
/// subject as it is typed), drawn for `user`.
pub(crate) fn filing_tools(user: &UiUser) -> Vec<String> {
    self_service::ui::articles::suggestion_box(user).into_iter().collect()
}

/// Every module's entries on the administration page, for `actor`, in their order.
pub(crate) fn admin_links(actor: &Actor) -> Vec<Link> {
    let mut links = [
        platform::ui::admin(actor),
        assets::ui::admin(actor),
        service_desk::ui::admin(actor),
        self_service::ui::admin(actor),
        reports::ui::admin(actor),
    ]
    .concat();
    links.sort_by_key(|l| l.rank);
    links
}

/// A link a module adds to the main navigation or the administration page, for people
/// whose role may open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where the link goes before the others (lower first).
    pub rank: u8,
    pub href: &'static str,
    /// The id of its label's message (`nav-queue`, in `locales/*/*.ftl`).
    pub label: &'static str,
    /// The id of the message that says what the page is for, on the administration page
    /// ("" in the navigation).
    pub note: &'static str,
    /// The navigation section the page belongs to, marked as the current page there.
    pub section: &'static str,
}

impl Link {
    /// A link to `href` labelled `label`, in navigation section `section`.
    pub fn new(rank: u8, href: &'static str, label: &'static str, section: &'static str) -> Link {
        Link { rank, href, label, note: "", section }
    }

    /// The link with what its page is for.
    pub fn noting(self, note: &'static str) -> Link {
        Link { note, ..self }
    }
}

/// The form of the arrows that move a rule one place in its order.
#[derive(serde::Deserialize)]
pub(crate) struct MoveForm {
    /// `up` (tried sooner) or `down`.
    pub(crate) direction: helmdesk_domain::service_desk::routing::Step,
}

/// A form with nothing but its CSRF token.
#[derive(serde::Deserialize)]
pub(crate) struct NoFields {}

/// One option of a select box.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options from (value, label) pairs, with `current` selected.
pub fn choices<V: ToString, L: ToString>(items: impl IntoIterator<Item = (V, L)>, current: &str) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(v, l)| {
            let value = v.to_string();
            Choice { selected: value == current, value, label: l.to_string() }
        })
        .collect()
}

/// The organisations a piece of configuration may belong to, for a form's select: "Every
/// organisation" (value "") for those whose organisations are all of them, then the
/// organisations the actor sees, with `current` selected (`None`: the actor's default).
pub async fn scope_choices(state: &AppState, actor: &Actor, current: Option<&str>) -> Result<Vec<Choice>, UiError> {
    let organisations = state.app.list_organisations(actor).await?.into_iter().map(|o| (o.id, o.name));
    let default = id_text(actor.default_scope());
    let current = current.unwrap_or(&default);
    Ok(if actor.whole_tree {
        choices_or(&Tr::new(actor.preferences.language()).t("scope-every-organisation"), organisations, current)
    } else {
        choices(organisations, current)
    })
}

/// The names of the organisations an actor sees, to say (in their language) what a piece
/// of configuration applies to.
pub struct ScopeNames(std::collections::HashMap<i64, String>, Tr);

impl ScopeNames {
    /// The organisations `actor` sees.
    pub async fn load(state: &AppState, actor: &Actor) -> Result<ScopeNames, UiError> {
        let names = state.app.list_organisations(actor).await?.into_iter().map(|o| (o.id, o.name)).collect();
        Ok(ScopeNames(names, Tr::new(actor.preferences.language())))
    }

    /// "Every organisation", or "Acme Labs and its subsidiaries".
    pub fn label(&self, scope: Option<i64>) -> String {
        match scope {
            None => self.1.t("scope-every-organisation"),
            Some(o) => match self.0.get(&o) {
                Some(name) => self.1.t1("scope-subtree", "name", name),
                None => self.1.t("scope-above"),
            },
        }
    }
}

/// A form's organisation field as a scope: `""` is every organisation; an absent field
/// leaves the choice to the use case (the writer's default, or the record's own).
pub fn form_scope(value: Option<&str>) -> Result<Option<Option<i64>>, AppError> {
    match value.map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(v) => {
            v.parse().map(|o| Some(Some(o))).map_err(|_| AppError::invalid("organisation_id", "is not a valid choice"))
        }
    }
}

/// An optional id as a form's text ("" for none).
pub fn id_text(id: Option<i64>) -> String {
    id.map(|v| v.to_string()).unwrap_or_default()
}

/// A form posted as its (name, value) pairs, in order: for a form that gives a name more
/// than once (checkboxes, a multiple select) or has numbered rows (`<row>-<N>-<field>`: an
/// approval chain's steps, a catalog item's fields and tasks).
pub(crate) struct Posted<'a>(pub(crate) &'a [(String, String)]);

impl<'a> Posted<'a> {
    /// The first value of `name`, "" when it was not posted.
    pub(crate) fn value(&self, name: &str) -> String {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value of `name`, in order.
    pub(crate) fn values(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }

    /// Whether a checkbox `name` was ticked (posted at all).
    pub(crate) fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// The numbered rows `<row>-0-…` to `<row>-<rows - 1>-…`, each read by `read`, in
    /// order; a row whose `keys` fields are all blank is no row (the blank rows a form
    /// offers to fill in).
    pub(crate) fn rows<T>(&self, row: &str, rows: usize, keys: &[&str], read: impl Fn(&PostedRow) -> T) -> Vec<T> {
        (0..rows)
            .map(|index| PostedRow { form: self, prefix: format!("{row}-{index}-") })
            .filter(|r| keys.iter().any(|k| !r.value(k).trim().is_empty()))
            .map(|r| read(&r))
            .collect()
    }
}

/// One numbered row of a [`Posted`] form.
pub(crate) struct PostedRow<'a> {
    form: &'a Posted<'a>,
    /// `<row>-<N>-`.
    prefix: String,
}

impl PostedRow<'_> {
    /// The value of the row's `field`, "" when it was not posted.
    pub(crate) fn value(&self, field: &str) -> String {
        self.form.value(&format!("{}{field}", self.prefix))
    }

    /// Whether the row's checkbox `field` was ticked.
    pub(crate) fn ticked(&self, field: &str) -> bool {
        self.form.ticked(&format!("{}{field}", self.prefix))
    }
}

/// Where a numbered row of a form is (`<row>-<N>-`), to name its fields in a template:
/// `at.id("key")` is `field-3-key`.
#[derive(Debug, Clone)]
pub struct RowAt {
    pub row: &'static str,
    pub index: usize,
}

impl RowAt {
    pub fn new(row: &'static str, index: usize) -> RowAt {
        RowAt { row, index }
    }

    /// The id and name of the row's `field`.
    pub fn id(&self, field: &str) -> String {
        format!("{}-{}-{field}", self.row, self.index)
    }

    /// The row's number for people, from 1.
    pub fn number(&self) -> usize {
        self.index + 1
    }
}

/// How many numbered rows a form draws for `filled` ones: those and `blank` more to fill
/// in, `max` at most.
pub(crate) fn rows_drawn(filled: usize, blank: usize, max: usize) -> usize {
    (filled + blank).min(max.max(filled))
}

/// A cost typed on a form: `amount` ("1899.00", in `currency`'s decimals, no sign) as
/// minor units with its currency, for the field `field`; none when no amount is typed (a
/// currency alone is the form's default, not a statement).
pub fn typed_cost(field: &str, amount: &str, currency: &str) -> Result<(Option<i64>, Option<String>), AppError> {
    let amount = amount.trim();
    if amount.is_empty() {
        return Ok((None, None));
    }
    let code = Some(currency.trim())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| AppError::invalid("currency", "an amount needs its currency"))?;
    let currency = Currency::parse(code)?;
    Ok((Some(Money::parse(field, amount, currency)?.minor), Some(currency.to_string())))
}

/// An amount as a form shows it to be typed again ("1899.00", without its currency), ""
/// for none.
pub fn amount_typed(amount: Option<&Amount>) -> String {
    amount
        .and_then(|a| Some(Money { minor: a.minor, currency: Currency::parse(&a.currency).ok()? }.amount()))
        .unwrap_or_default()
}

/// Options with a first "none" entry of value "".
pub fn choices_or<V: ToString, L: ToString>(
    none: &str,
    items: impl IntoIterator<Item = (V, L)>,
    current: &str,
) -> Vec<Choice> {
    let mut out = choices([("", none)], current);
    out.extend(choices(items, current));
    out
}

#[cfg(test)]
mod tests {
    use super::unread_label;

    #[test]
    fn the_unread_badge_stops_at_ninety_nine() {
        assert_eq!(unread_label(0), "");
        assert_eq!(unread_label(7), "7");
        assert_eq!(unread_label(100), "99+");
    }
}

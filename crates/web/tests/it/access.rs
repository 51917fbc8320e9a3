//! Every route the server serves, every caller (anonymous and each role), with the exact
//! answer derived from the route's declared access and its module's role matrix: let in;
//! 401 on the API and the login page for pages when signed out; 403 for a role without
//! the capability; and, for the few records of a fixture a role may not see or change
//! although the route lets it in, the 404 or 403 its module lists in its exceptions.
//!
//! This is the harness. Each module brings its fixture ([`ModuleFixture`], in
//! `<module>/access.rs`): the records its routes need, the bodies and forms of its calls
//! and its exceptions. Each module's routes are checked by a test of their own, so the
//! modules run side by side, and a served route of a module without a fixture fails
//! [`every_served_route_has_a_module_fixture`].

use crate::common;

use std::collections::BTreeSet;

use common::{Person, TestServer, UiSession};
use helmdesk_domain::Role;
use helmdesk_store::Backend;
use helmdesk_web::routes::{Access, Route};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Where a fixture's record answers other than the route's declared access says: the
/// route lets the role in, but the record is one it may not see (404) or may see but not
/// change (403). `(method, path, role, status)`.
pub type Exception = (&'static str, &'static str, &'static str, u16);

/// What a call sends.
pub enum Body {
    None,
    Json(Value),
    /// A form's fields (the harness adds the session's CSRF token).
    Form(Vec<(String, String)>),
    /// A small file, as a multipart upload (with the CSRF token on pages).
    File,
    /// A discovery agent's message, with its enrolment token as the basic-auth password
    /// (the agent's credentials, whoever the caller is).
    Agent {
        token: String,
        message: Vec<u8>,
    },
}

/// A module's part of the access test.
pub trait ModuleFixture: Sized {
    /// The module whose routes this covers (`Route::module`).
    const MODULE: &'static str;
    /// The calls whose records answer other than the declarations say.
    const EXCEPTIONS: &'static [Exception] = &[];
    /// The records the module's routes use, made once before the calls.
    async fn new(server: &TestServer) -> Self;
    /// The path `person` calls for `template` (a record of its own where the call uses one
    /// up: deleting, merging, revoking); the template itself where it names no record.
    async fn path(&self, _server: &TestServer, _method: &str, template: &str, _person: Option<&Person>) -> String {
        template.to_string()
    }
    /// What the call of `template` sends; nothing by default.
    async fn body(&self, _server: &TestServer, _method: &str, _template: &str, _person: Option<&Person>) -> Body {
        Body::None
    }
}

/// The modules that have a fixture: every module that serves routes.
pub const MODULES: [&str; 6] = ["kernel", "platform", "assets", "service_desk", "self_service", "reports"];

/// The callers: nobody, then each role's person of the fixture.
pub const CALLERS: [&str; 6] = ["anonymous", "requester", "agent", "manager", "admin", "auditor"];

/// The routes the server serves.
pub fn served(server: &TestServer) -> Vec<Route> {
    helmdesk_web::build(server.app.clone(), helmdesk_web::WebSettings::default()).1
}

#[tokio::test]
async fn every_served_route_has_a_module_fixture() {
    let server = TestServer::start(Backend::Sqlite).await;
    for route in served(&server) {
        assert!(
            MODULES.contains(&route.module),
            "{} {} is served by {}, which has no fixture",
            route.method,
            route.path,
            route.module
        );
    }
}

#[tokio::test]
async fn the_exceptions_name_served_routes_of_their_module_and_real_roles() {
    use crate::{assets, platform, reports, self_service, service_desk};
    let server = TestServer::start(Backend::Sqlite).await;
    let routes = served(&server);
    let lists = [
        (Kernel::MODULE, Kernel::EXCEPTIONS),
        (platform::access::Fixture::MODULE, platform::access::Fixture::EXCEPTIONS),
        (assets::access::Fixture::MODULE, assets::access::Fixture::EXCEPTIONS),
        (service_desk::access::Fixture::MODULE, service_desk::access::Fixture::EXCEPTIONS),
        (self_service::access::Fixture::MODULE, self_service::access::Fixture::EXCEPTIONS),
        (reports::access::Fixture::MODULE, reports::access::Fixture::EXCEPTIONS),
    ];
    assert_eq!(lists.map(|(module, _)| module), MODULES);
    for (module, exceptions) in lists {
        for (method, path, role, status) in exceptions {
            let served = routes.iter().any(|r| r.method == *method && r.path == *path && r.module == module);
            assert!(served, "{method} {path} is not a route of {module}");
            assert!(Role::ALL.iter().any(|r| r.as_str() == *role), "{role} is not a role");
            assert!(matches!(status, 403 | 404), "{method} {path}: an exception is a 403 or a 404");
        }
    }
}

#[test]
fn every_role_has_a_caller_in_the_fixture() {
    let roles: BTreeSet<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let callers: BTreeSet<&str> = CALLERS[1..].iter().copied().collect();
    assert_eq!(roles, callers, "a new role needs a person in the fixture and a place in CALLERS");
}

/// What a caller must get from a route: let in (`None`), or refused with exactly this
/// status (`SEE_OTHER`: a page that sends the caller to the login page).
pub fn expected(route: &Route, caller: &str, exceptions: &[Exception]) -> Option<StatusCode> {
    let page = !route.path.starts_with("/api/");
    let signed_out = if page { StatusCode::SEE_OTHER } else { StatusCode::UNAUTHORIZED };
    match (&route.access, caller) {
        (Access::Public, _) => None,
        (_, "anonymous") => Some(signed_out),
        (Access::Can { roles, .. }, role) if !roles.contains(&role) => Some(StatusCode::FORBIDDEN),
        _ => exceptions
            .iter()
            .find(|(m, p, r, _)| *m == route.method && *p == route.path && *r == caller)
            .map(|(_, _, _, status)| StatusCode::from_u16(*status).expect("a status")),
    }
}

pub fn who(server: &TestServer, caller: usize) -> Option<&Person> {
    let fx = &server.fx;
    [None, Some(&fx.requester), Some(&fx.agent), Some(&fx.manager), Some(&fx.admin), Some(&fx.auditor)][caller]
}

/// A name no other record of the run has.
pub fn unique(prefix: &str) -> String {
    format!("{prefix} {}", uuid_like())
}

pub fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

/// Form fields from pairs.
pub fn form(pairs: &[(&str, String)]) -> Body {
    Body::Form(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

fn file() -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt")
}

async fn call_api(server: &TestServer, person: Option<&Person>, method: &str, path: &str, body: Body) -> StatusCode {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    match body {
        Body::File => {
            let form = reqwest::multipart::Form::new().part("file", file());
            let mut req = TestServer::client().request(method, format!("{}{path}", server.base)).multipart(form);
            if let Some(p) = person {
                req = req.bearer_auth(&p.token);
            }
            req.send().await.unwrap().status()
        }
        // The status alone, without reading the body: an event stream's never ends.
        body => {
            let mut req = TestServer::client().request(method, format!("{}{path}", server.base));
            match (body, person) {
                (Body::Agent { token, message }, _) => req = req.basic_auth("agent", Some(token)).body(message),
                (Body::Json(json), Some(p)) => req = req.bearer_auth(&p.token).json(&json),
                (Body::Json(json), None) => req = req.json(&json),
                (_, Some(p)) => req = req.bearer_auth(&p.token),
                _ => {}
            }
            req.send().await.unwrap().status()
        }
    }
}

/// Signs in through the form: allowed for everyone.
async fn post_login(server: &TestServer, person: Option<&Person>) -> reqwest::Response {
    let who = person.unwrap_or(&server.fx.requester);
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = client.get(format!("{}/login", server.base)).send().await.unwrap().text().await.unwrap();
    let csrf = common::hidden(&page, "csrf").unwrap();
    client
        .post(format!("{}/login", server.base))
        .form(&[("email", who.email.as_str()), ("password", common::PASSWORD), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

/// A page's answer to `person`, and whether it sends them to sign in.
async fn call_ui(
    server: &TestServer,
    person: Option<&Person>,
    session: Option<&UiSession>,
    (method, path, route): (&str, &str, &Route),
    body: Body,
) -> reqwest::Response {
    let template = route.path.as_str();
    if template == "/login" && method == "POST" {
        return post_login(server, person).await;
    }
    let fresh;
    let session = match (template, person) {
        // Signing out ends the session: use one of its own.
        ("/logout", Some(p)) => {
            fresh = server.session(p).await;
            Some(&fresh)
        }
        _ => session,
    };
    let public_form = route.access == Access::Public && method == "POST";
    let client = match session {
        Some(s) => s.client.clone(),
        // A public form's page sets the cookie its CSRF token is checked against.
        None if public_form => {
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
        }
        None => TestServer::client(),
    };
    let url = format!("{}{path}", server.base);
    if method == "GET" {
        return client.get(url).send().await.unwrap();
    }
    let mut csrf = session.map(|s| s.csrf.clone()).unwrap_or_default();
    if public_form {
        // Posted as a browser does: from its page, whose token (a double-submit one, for
        // people who may not be signed in) it carries.
        let page = client.get(&url).send().await.unwrap().text().await.unwrap_or_default();
        if let Some(token) = common::hidden(&page, "csrf") {
            csrf = token;
        }
    }
    match body {
        Body::File => {
            let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", file());
            client.post(url).multipart(form).send().await.unwrap()
        }
        Body::Form(mut fields) => {
            fields.push(("csrf".into(), csrf));
            client.post(url).form(&fields).send().await.unwrap()
        }
        Body::None | Body::Json(_) | Body::Agent { .. } => {
            client.post(url).form(&[("csrf", csrf)]).send().await.unwrap()
        }
    }
}

/// Calls every route of `F`'s module as every caller and fails with every answer that
/// differs from the expected one.
pub async fn check<F: ModuleFixture>(backend: Backend) {
    let server = TestServer::start(backend).await;
    let routes: Vec<Route> = served(&server).into_iter().filter(|r| r.module == F::MODULE).collect();
    assert!(!routes.is_empty(), "{} serves no route", F::MODULE);
    let fixture = F::new(&server).await;
    let mut failures = Vec::new();
    for (index, caller) in CALLERS.iter().enumerate() {
        let person = who(&server, index);
        let session = match person {
            Some(p) => Some(server.session(p).await),
            None => None,
        };
        for route in &routes {
            let (method, template) = (route.method, route.path.as_str());
            let path = fixture.path(&server, method, template, person).await;
            let body = fixture.body(&server, method, template, person).await;
            let (status, to_login) = if template.starts_with("/api/") {
                (call_api(&server, person, method, &path, body).await, false)
            } else {
                let res = call_ui(&server, person, session.as_ref(), (method, &path, route), body).await;
                let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
                // The gate's way to the login page (`auth::login_url`); a login page with
                // news (signed out, a new password set) is no refusal.
                let to_login = location == "/login" || location.starts_with("/login?next=");
                (res.status(), res.status().is_redirection() && to_login)
            };
            if status.is_server_error() {
                failures.push(format!("{caller} {method} {path}: server error {status}"));
                continue;
            }
            let refused = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
            let access = &route.access;
            match expected(route, caller, F::EXCEPTIONS) {
                None if refused || to_login => failures.push(format!(
                    "{caller} {method} {path} ({access:?}) should be let in, got {status}{}",
                    if to_login { " (to login)" } else { "" }
                )),
                Some(StatusCode::SEE_OTHER) if !to_login => {
                    failures.push(format!("{caller} {method} {path} should go to the login page, got {status}"))
                }
                Some(want) if want != StatusCode::SEE_OTHER && status != want => {
                    failures.push(format!("{caller} {method} {path} ({access:?}) should get {want}, got {status}"))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{} access failures in {}:\n{}", failures.len(), F::MODULE, failures.join("\n"));
}

/// The routes the crate root serves (health, the stylesheet, the document, the home page):
/// no records.
pub struct Kernel;

impl ModuleFixture for Kernel {
    const MODULE: &'static str = "kernel";

    async fn new(_: &TestServer) -> Self {
        Kernel
    }
}

async fn kernel_routes_answer_each_caller_as_declared(backend: Backend) {
    check::<Kernel>(backend).await
}

helmdesk_store::backend_tests!(kernel_routes_answer_each_caller_as_declared);

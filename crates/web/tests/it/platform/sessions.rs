//! Signing in and out through the UI: cookies, CSRF, throttling, one-time passwords.

use crate::common;

use common::{PASSWORD, TestServer, hidden};
use helmdesk_app::platform::users::NewUserInput;
use helmdesk_domain::Role;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    logins_are_throttled_after_repeated_failures,
    the_session_cookie_is_http_only_same_site_and_rotated_at_login,
    a_form_without_its_csrf_token_is_refused_and_changes_nothing,
    a_one_time_password_must_be_changed_before_anything_else,
    api_tokens_wait_for_a_required_password_change_and_a_reset_revokes_them,
    login_never_redirects_to_another_site,
    signing_out_ends_the_session,
    a_requester_sees_their_departments_tickets_only_in_the_department_view,
);

async fn a_requester_sees_their_departments_tickets_only_in_the_department_view(backend: Backend) {
    let s = TestServer::start(backend).await;
    s.ticket(&s.fx.colleague, "Colleague's laptop").await;
    s.ticket(&s.fx.outsider, "Sales printer").await;
    s.ticket(&s.fx.requester, "My own VPN").await;
    let ui = s.session(&s.fx.requester).await;
    let (_, mine) = ui.get("/my/tickets").await;
    assert!(mine.contains("My own VPN") && !mine.contains("Colleague&#39;s laptop"));
    let (_, department) = ui.get("/my/tickets?view=department").await;
    assert!(department.contains("My own VPN") && department.contains("Colleague&#39;s laptop"));
    assert!(!department.contains("Sales printer"), "another department's ticket is shown");
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Posts the login form; returns the status, the Location and the page.
async fn login(
    s: &TestServer,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    next: &str,
) -> (StatusCode, String, String) {
    let page = client.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = client
        .post(format!("{}/login", s.base))
        .form(&[("email", email), ("password", password), ("csrf", &csrf), ("next", next)])
        .send()
        .await
        .unwrap();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status(), location, res.text().await.unwrap())
}

fn error_of(page: &str) -> &str {
    let start = page.find("role=\"alert\">").map(|i| i + 13).unwrap_or(0);
    &page[start..start + page[start..].find('<').unwrap_or(0)]
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (st1, _, wrong) = login(&s, &browser(), &s.fx.agent.email, "not the password", "/").await;
    let (st2, _, unknown) = login(&s, &browser(), "nobody@acme.example", "not the password", "/").await;
    assert_eq!(st1, StatusCode::UNAUTHORIZED);
    assert_eq!(st2, StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(&wrong), error_of(&unknown));
    assert!(!error_of(&wrong).is_empty());
}

async fn logins_are_throttled_after_repeated_failures(backend: Backend) {
    let s = TestServer::start(backend).await;
    for _ in 0..5 {
        login(&s, &browser(), &s.fx.agent.email, "guess", "/").await;
    }
    let page = browser().get(format!("{}/login", s.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let (status, _, page) = login(&s, &browser(), &s.fx.agent.email, PASSWORD, "/").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the right password is refused while it must wait");
    assert!(error_of(&page).contains("Too many attempts. Please wait"), "{}", error_of(&page));
    // Another account is not affected.
    let (status, _, _) = login(&s, &browser(), &s.fx.requester.email, PASSWORD, "/").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

async fn the_session_cookie_is_http_only_same_site_and_rotated_at_login(backend: Backend) {
    let s = TestServer::start(backend).await;
    let client = browser();
    let page = client.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = client
        .post(format!("{}/login", s.base))
        .form(&[("email", s.fx.agent.email.as_str()), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_string())
        .find(|c| c.starts_with("helmdesk_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    let first = cookie.split(';').next().unwrap().to_string();
    // Signing in again from the same browser replaces the session.
    login(&s, &client, &s.fx.agent.email, PASSWORD, "/").await;
    let old = TestServer::client().get(format!("{}/account", s.base)).header("cookie", &first).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::SEE_OTHER, "the old session still works");
    assert!(old.headers()["location"].to_str().unwrap().starts_with("/login"));
    assert_eq!(client.get(format!("{}/account", s.base)).send().await.unwrap().status(), StatusCode::OK);
}

async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let ui = s.session(&s.fx.agent).await;
    for csrf in [None, Some("forged")] {
        let mut form = vec![("subject", "CSRF"), ("impact", "low"), ("urgency", "low")];
        if let Some(c) = csrf {
            form.push(("csrf", c));
        }
        let res = ui.client.post(format!("{}/tickets/new", s.base)).form(&form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "csrf {csrf:?}");
    }
    assert!(s.app.store().ticket_counts().await.unwrap().is_empty());
    let (status, _) =
        ui.post("/tickets/new", &[("subject", "With token"), ("impact", "low"), ("urgency", "low")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

async fn a_one_time_password_must_be_changed_before_anything_else(backend: Backend) {
    let s = TestServer::start(backend).await;
    let input = NewUserInput {
        email: "new.hire@acme.example".into(),
        name: "New Hire".into(),
        role: Role::Agent,
        organisation_id: Some(s.fx.acme),
        department_id: None,
        password: None,
    };
    let (_, one_time) = s.app.create_user(None, input).await.unwrap();
    let one_time = one_time.expect("a generated password");
    let client = browser();
    let (status, location, _) = login(&s, &client, "new.hire@acme.example", &one_time, "/tickets").await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/account/password"));
    let res = client.get(format!("{}/tickets", s.base)).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/account/password");
    let page = client.get(format!("{}/account/password", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let new = "a much better passphrase";
    let res = client
        .post(format!("{}/account/password", s.base))
        .form(&[
            ("current_password", one_time.as_str()),
            ("new_password", "short"),
            ("confirm_password", "short"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = client
        .post(format!("{}/account/password", s.base))
        .form(&[
            ("current_password", one_time.as_str()),
            ("new_password", new),
            ("confirm_password", new),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, _, _) = login(&s, &browser(), "new.hire@acme.example", &one_time, "/").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the one-time password is spent");
    let fresh = browser();
    let (status, location, _) = login(&s, &fresh, "new.hire@acme.example", new, "/tickets").await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/tickets"));
}

async fn api_tokens_wait_for_a_required_password_change_and_a_reset_revokes_them(backend: Backend) {
    let s = TestServer::start(backend).await;
    let agent = &s.fx.agent;
    // An administrator resets the password (from the command line): as after a compromise,
    // the sessions end and the API tokens are revoked.
    let ui = s.session(agent).await;
    s.app.set_password(agent.id, "a fresh reset passphrase", true).await.unwrap();
    let (status, _) = s.api(Some(agent), reqwest::Method::GET, "/api/v1/me", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the token was revoked by the reset");
    let res = ui.client.get(format!("{}/account", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the session ended");
    // A token made while the password must still be changed is refused until it is.
    let actor = s.app.actor_by_id(agent.id).await.unwrap();
    let (_, secret) = s.app.create_token(&actor, "new").await.unwrap();
    let fresh = common::Person { token: secret, ..agent.clone() };
    let (status, body) = s.api(Some(&fresh), reqwest::Method::GET, "/api/v1/me", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    s.app.change_password(&actor, "a fresh reset passphrase", "the agent's own passphrase").await.unwrap();
    let (status, _) = s.api(Some(&fresh), reqwest::Method::GET, "/api/v1/me", None).await;
    assert_eq!(status, StatusCode::OK, "the person's own change keeps their tokens");
}

async fn login_never_redirects_to_another_site(backend: Backend) {
    let s = TestServer::start(backend).await;
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        // Browsers drop tabs and line breaks from a Location: this would be //evil.example/.
        "/\t/evil.example/",
        "/\n/evil.example/",
        // Control characters that cannot be in a header at all once answered 500.
        "/\u{0b}",
        "/\u{0}",
    ] {
        let (status, location, _) = login(&s, &browser(), &s.fx.agent.email, PASSWORD, next).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "next={next:?}");
        assert_eq!(location, "/", "next={next:?}");
    }
    let (_, location, _) = login(&s, &browser(), &s.fx.agent.email, PASSWORD, "/tickets?view=all").await;
    assert_eq!(location, "/tickets?view=all");
}

async fn signing_out_ends_the_session(backend: Backend) {
    let s = TestServer::start(backend).await;
    let ui = s.session(&s.fx.requester).await;
    let cookie_jar_session = ui.client.get(format!("{}/account", s.base)).send().await.unwrap();
    assert_eq!(cookie_jar_session.status(), StatusCode::OK);
    let (status, _) = ui.post("/logout", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let res = ui.client.get(format!("{}/account", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login"));
}

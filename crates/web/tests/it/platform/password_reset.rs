//! Forgotten passwords through the pages: asking answers the same for every address, the
//! mailed link sets a new password once, forms without their cookie are refused, and any
//! string in the link's place gets the page saying the link no longer works.

use crate::common;

use common::{PASSWORD, TestServer, hidden};
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(
    asking_for_a_link_answers_the_same_for_every_address,
    the_mailed_link_sets_a_new_password_once,
    a_password_form_without_its_cookie_is_refused_and_changes_nothing,
    any_string_in_the_links_place_gets_the_no_longer_works_page,
    the_login_page_offers_a_link_and_says_when_none_can_be_sent,
);

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Asks for a link for `email` through the form, in a browser of its own; the status, the
/// Location and the page the browser lands on.
async fn ask(s: &TestServer, email: &str) -> (StatusCode, String, String) {
    let client = browser();
    let page = client.get(format!("{}/password/forgot", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").expect("the form's token");
    let res = client
        .post(format!("{}/password/forgot", s.base))
        .form(&[("email", email), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    let landed = client.get(format!("{}{location}", s.base)).send().await.unwrap().text().await.unwrap();
    (status, location, landed)
}

/// The page's words, without the form's fresh token.
fn words(page: &str) -> String {
    page.lines().filter(|l| !l.contains("name=\"csrf\"")).collect::<Vec<_>>().join("\n")
}

/// Posts the new password form of `link` in `client` (which opened the link first).
async fn choose(s: &TestServer, client: &reqwest::Client, link: &str, new: &str, again: &str) -> reqwest::Response {
    let page = client.get(format!("{}{link}", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap_or_default();
    client
        .post(format!("{}{link}", s.base))
        .form(&[("new_password", new), ("confirm_password", again), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
}

/// Signs in through the login form; the status.
async fn sign_in(s: &TestServer, email: &str, password: &str) -> StatusCode {
    let client = browser();
    let page = client.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let form = [("email", email), ("password", password), ("csrf", &csrf)];
    client.post(format!("{}/login", s.base)).form(&form).send().await.unwrap().status()
}

async fn asking_for_a_link_answers_the_same_for_every_address(backend: Backend) {
    let s = TestServer::start(backend).await;
    s.send_mail().await;
    let disabled = &s.fx.outsider;
    let mut user = s.app.store().user(disabled.id).await.unwrap();
    user.active = false;
    s.app.store().update_user(&user, s.app.now_micros()).await.unwrap();

    let known = ask(&s, "Rita@Acme.example ").await;
    assert_eq!((known.0, known.1.as_str()), (StatusCode::SEE_OTHER, "/password/forgot?sent=1"));
    assert!(known.2.contains("If an account uses that address, a link to choose a new password is on its way."));
    for other in ["nobody@acme.example", disabled.email.as_str(), "agent@other.example"] {
        let answer = ask(&s, other).await;
        assert_eq!((answer.0, &answer.1), (known.0, &known.1), "{other}");
        assert_eq!(words(&answer.2), words(&known.2), "{other}");
    }
    s.run_jobs().await;
    let mails = s.app.store().outbound_list(None, 100).await.unwrap();
    let mut recipients: Vec<&str> = mails.iter().map(|m| m.recipient.as_str()).collect();
    recipients.sort();
    assert_eq!(recipients, ["agent@other.example", "rita@acme.example"], "the disabled and the unknown get none");
    assert_eq!(s.mailed_reset_links("rita@acme.example").await.len(), 1, "exactly one mail");

    // Something that is not an address is said so, whoever asks.
    let (status, _, _) = ask(&s, "not an address").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn the_mailed_link_sets_a_new_password_once(backend: Backend) {
    let s = TestServer::start(backend).await;
    s.send_mail().await;
    let rita = &s.fx.requester;
    let her_session = s.session(rita).await;
    ask(&s, &rita.email).await;
    s.run_jobs().await;
    let links = s.mailed_reset_links(&rita.email).await;
    let [link] = links.as_slice() else { panic!("one link: {links:?}") };
    assert!(link.len() > "/password/reset/".len() + 40, "{link}");

    let client = browser();
    let res = choose(&s, &client, link, "a new passphrase", "another passphrase").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("the two new passwords differ"));
    let res = choose(&s, &client, link, "short", "short").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the rules of every password");
    let res = choose(&s, &client, link, "a new passphrase", "a new passphrase").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?password_reset=1");
    let login = client.get(format!("{}/login?password_reset=1", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(login.contains("Your new password is set"), "{login}");

    assert_eq!(sign_in(&s, &rita.email, PASSWORD).await, StatusCode::UNAUTHORIZED, "the old password is gone");
    assert_eq!(sign_in(&s, &rita.email, "a new passphrase").await, StatusCode::SEE_OTHER);
    let (status, _) = her_session.get("/account").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "her other sessions ended");

    // Once: the link is spent, and says so with the way to ask again.
    let res = choose(&s, &browser(), link, "a third passphrase", "a third passphrase").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let page = res.text().await.unwrap();
    assert!(page.contains("This link no longer works") && page.contains("href=\"/password/forgot\""), "{page}");
    assert_eq!(sign_in(&s, &rita.email, "a new passphrase").await, StatusCode::SEE_OTHER, "nothing changed");
}

async fn a_password_form_without_its_cookie_is_refused_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    s.send_mail().await;
    // A page of another site posts the form: the token it guesses has no cookie beside it.
    for csrf in ["", "forged"] {
        let res = browser()
            .post(format!("{}/password/forgot", s.base))
            .form(&[("email", s.fx.requester.email.as_str()), ("csrf", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "csrf {csrf:?}");
    }
    s.run_jobs().await;
    assert!(s.app.store().outbound_list(None, 10).await.unwrap().is_empty());

    let token = s.reset_link_of(s.fx.requester.id).await;
    let link = format!("/password/reset/{token}");
    let res = browser()
        .post(format!("{}{link}", s.base))
        .form(&[("new_password", "a forged passphrase"), ("confirm_password", "a forged passphrase"), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(sign_in(&s, &s.fx.requester.email, PASSWORD).await, StatusCode::SEE_OTHER, "the password stands");
    assert_eq!(browser().get(format!("{}{link}", s.base)).send().await.unwrap().status(), StatusCode::OK);
}

async fn any_string_in_the_links_place_gets_the_no_longer_works_page(backend: Backend) {
    let s = TestServer::start(backend).await;
    // A link replaced by a newer one, the hash a link is stored as, and strings no link is.
    let replaced = s.reset_link_of(s.fx.agent.id).await;
    s.reset_link_of(s.fx.agent.id).await;
    let long = "A".repeat(5000);
    let hash = helmdesk_app::secrets::secret_hash(&replaced);
    for token in [
        replaced.as_str(),
        hash.as_str(),
        long.as_str(),
        "%FF%FE",
        "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "'%20OR%201=1%20--",
        "%E2%80%AEevil",
        "a;b",
    ] {
        let path = format!("/password/reset/{token}");
        for post in [false, true] {
            let client = browser();
            let url = format!("{}{path}", s.base);
            let res = if post {
                client.post(url).form(&[("new_password", "whatever it is"), ("confirm_password", "whatever it is")])
            } else {
                client.get(url)
            };
            let res = res.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{token} (post: {post})");
            let page = res.text().await.unwrap();
            assert!(page.contains("This link no longer works"), "{token}: {page}");
            assert!(page.contains("href=\"/password/forgot\"") && page.contains("</html>"), "{token}");
            assert!(!page.contains("<script>alert"), "{token}");
        }
    }
}

async fn the_login_page_offers_a_link_and_says_when_none_can_be_sent(backend: Backend) {
    let s = TestServer::start(backend).await;
    let login = browser().get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(login.contains("href=\"/password/forgot\""));
    let page = browser().get(format!("{}/password/forgot", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("sends no e-mail") && !page.contains("name=\"email\""), "{page}");
    s.send_mail().await;
    let page = browser().get(format!("{}/password/forgot", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"email\""), "{page}");
}

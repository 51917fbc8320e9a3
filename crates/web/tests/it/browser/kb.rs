//! The knowledge base in Chromium: an agent writes an article and submits it, a manager
//! publishes it, an employee finds it by searching, reads it on a phone-sized window and
//! says it helped; then, typing a new ticket's subject, she is offered it.

use fantoccini::Locator;
use helmdesk_store::Backend;
use serde_json::json;

use super::{Browser, browser_slot, confirmed, wait_for_path, wait_until};
use crate::common::{PASSWORD, TestServer};

async fn an_agent_publishes_an_article_that_an_employee_finds_and_is_offered(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;

    // The agent writes it and submits it for review.
    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.click(Locator::Css("nav.main a[href='/kb']")).await;
    b.click(Locator::XPath("//main//a[normalize-space()='Write an article']")).await;
    b.wait_for(Locator::Css("#kb-title-field")).await;
    b.type_into("#kb-title-field", "Connect to the VPN from home").await;
    b.type_into("#kb-summary", "Start GlobalProtect and sign in.").await;
    b.type_into("#kb-body", "<p>Open <strong>GlobalProtect</strong> and sign in.</p><script>window.__xss = 1</script>")
        .await;
    b.click(Locator::Css("#kb-visibility-field option[value=public]")).await;
    b.press("//main//form", "Write an article").await;
    confirmed(&b, "Article “Connect to the VPN from home” saved as a draft").await;
    assert!(!b.injected_script_ran().await, "the article's script never runs");
    let path = b.path().await;
    b.press("//main", "Submit for review").await;
    confirmed(&b, "is now In review").await;
    b.sign_out().await;

    // The manager publishes it.
    b.sign_in(&fx.manager.email, PASSWORD).await;
    b.goto(&path).await;
    b.press("//main", "Publish").await;
    confirmed(&b, "is now Published").await;
    b.sign_out().await;

    // The employee, on a phone, finds it, reads it and says it helped.
    b.check(b.client.set_window_size(390, 844).await, "a phone-sized window").await;
    b.sign_in(&fx.requester.email, PASSWORD).await;
    b.goto("/portal/articles").await;
    b.type_into("#portal-q", "vpn home").await;
    b.press("//main//form[@role='search']", "Search").await;
    b.click(Locator::XPath("//main//a[normalize-space()='Connect to the VPN from home']")).await;
    b.wait_for(Locator::XPath("//main//h2[normalize-space()='Was this helpful?']")).await;
    assert!(b.text("main article").await.contains("Open GlobalProtect and sign in."));
    assert!(!b.injected_script_ran().await);
    b.press("//main//form", "Yes").await;
    confirmed(&b, "Thank you for your answer").await;

    // Typing a new ticket's subject offers the article, counted as a suggestion when opened.
    b.goto("/tickets/new").await;
    b.type_into("#subject", "VPN at home").await;
    let offered =
        "const a = document.querySelector('.suggestions:not([hidden]) a'); return a ? a.getAttribute('href') : null";
    let id = path.trim_start_matches("/kb/");
    wait_until(&b, offered, json!(format!("/portal/articles/{id}?from=suggestion")), "the suggestion").await;
    b.goto(&format!("/portal/articles/{id}?from=suggestion")).await;
    wait_for_path(&b, &format!("/portal/articles/{id}")).await;
    b.close().await;
    let views = server.app.store().article(id.parse().unwrap()).await.unwrap().article.views;
    assert_eq!(views, 2, "the search's and the suggestion's");
}

helmdesk_store::backend_tests!(an_agent_publishes_an_article_that_an_employee_finds_and_is_offered);

//! The service catalog in Chromium on a phone-sized window: an employee opens the
//! catalog, picks an item, and its form shows the conditional field only once her answer
//! asks for it; ordering confirms, and her request shows its task.

use fantoccini::Locator;
use helmdesk_app::self_service::catalog::NewCatalogItem;
use helmdesk_domain::self_service::catalog::{Condition, ConditionOp, FieldKind, FormField, TaskSpec};
use helmdesk_store::Backend;
use serde_json::json;

use super::{Browser, browser_slot, confirmed, wait_until};
use crate::common::{PASSWORD, TestServer};

async fn an_employee_orders_a_mailbox_on_a_phone_and_the_form_shows_what_her_answer_needs(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let manager = server.app.actor_by_id(fx.manager.id).await.unwrap();
    let team_name = FormField {
        required: true,
        shown_when: Some(Condition { field: "kind".into(), op: ConditionOp::Equals, value: "Team".into() }),
        ..FormField::new("team_name", "Which team", FieldKind::Text)
    };
    let kind = FormField {
        required: true,
        options: vec!["Personal".into(), "Team".into()],
        ..FormField::new("kind", "Kind of mailbox", FieldKind::Choice)
    };
    let item = NewCatalogItem {
        name: "Shared mailbox".into(),
        fields: vec![kind, team_name],
        tasks: vec![TaskSpec { title: "Create the mailbox".into(), team_id: fx.team, stage: 1 }],
        ..Default::default()
    };
    server.app.create_catalog_item(&manager, &item).await.unwrap();

    let b = Browser::open(&server.base).await;
    b.check(b.client.set_window_size(390, 844).await, "narrow the window to a phone's").await;
    b.sign_in(&fx.requester.email, PASSWORD).await;
    b.goto("/portal/catalog").await;
    b.click(Locator::XPath("//main//a[normalize-space()='Shared mailbox']")).await;
    b.wait_for(Locator::Css("#a-kind")).await;
    let hidden = "return document.querySelector('[data-key=team_name]').hidden";
    wait_until(&b, hidden, json!(true), "the team's name hidden at first").await;

    let select = b.find(Locator::Css("#a-kind")).await;
    b.check(select.select_by_value("Team").await, "choose a team mailbox").await;
    wait_until(&b, hidden, json!(false), "the team's name shown for a team mailbox").await;
    b.type_into("#a-team_name", "Sales").await;
    let wide = "return document.documentElement.scrollWidth <= window.innerWidth";
    wait_until(&b, wide, json!(true), "the form fits the phone").await;
    b.press("//main//form[@data-conditional]", "Order").await;
    confirmed(&b, "Shared mailbox ordered").await;

    let page = b.text("main").await;
    assert!(page.contains("Which team") && page.contains("Sales"), "{page}");
    assert!(page.contains("Create the mailbox"), "{page}");
    b.close().await;
}

helmdesk_store::backend_tests!(an_employee_orders_a_mailbox_on_a_phone_and_the_form_shows_what_her_answer_needs);

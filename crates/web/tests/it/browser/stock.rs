//! Stock in Chromium: an agent adds toner with its minimum, receives a delivery, issues
//! cartridges until it runs low (asking for more than there is is refused and said), finds
//! it behind the list's "low stock" filter, and opens it from the notification the alert
//! left. Each action is confirmed.

use fantoccini::Locator;
use helmdesk_store::Backend;
use serde_json::json;

use super::{Browser, browser_slot, confirmed, wait_for_path, wait_until};
use crate::common::{PASSWORD, TestServer};

/// Fills the movement form `kind` with `quantity` (and the person's address) and sends it.
async fn record(b: &Browser, kind: &str, quantity: &str, email: Option<&str>) {
    let field = b.find(Locator::Css(&format!("#{kind}-quantity"))).await;
    b.check(field.clear().await, "clear the quantity").await;
    b.type_into(&format!("#{kind}-quantity"), quantity).await;
    if let Some(email) = email {
        b.type_into(&format!("#{kind}-email"), email).await;
    }
    let label = match kind {
        "receive" => "Receive",
        _ => "Issue",
    };
    b.press(&format!("//form[.//input[@name='kind' and @value='{kind}']]"), label).await;
}

async fn an_agent_runs_low_on_toner_and_is_told(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;

    b.goto("/stock").await;
    b.click(Locator::XPath("//main//a[normalize-space()='Add stock item']")).await;
    b.wait_for(Locator::Css("#stock-name")).await;
    b.type_into("#stock-name", "HP 305A black toner").await;
    b.type_into("#stock-category", "Toner").await;
    let minimum = b.find(Locator::Css("#stock-minimum")).await;
    b.check(minimum.clear().await, "clear the minimum").await;
    b.type_into("#stock-minimum", "2").await;
    b.press("//form[contains(@class, 'licence-form')]", "Add stock item").await;
    confirmed(&b, "HP 305A black toner added").await;

    record(&b, "receive", "4", None).await;
    confirmed(&b, "Receive +4: HP 305A black toner, 4 left").await;
    // More than there is: refused, said beside the form, nothing moved.
    record(&b, "issue", "9", Some(&fx.requester.email)).await;
    let alert = b.wait_for(Locator::Css("main [role=alert]")).await;
    let refusal = b.check(alert.text().await, "read the refusal").await;
    assert!(refusal.contains("only 4 in stock"), "{refusal}");
    let path = b.path().await;
    b.goto(&path.replace("/movements", "")).await;
    record(&b, "issue", "2", Some(&fx.requester.email)).await;
    confirmed(&b, "Issue -2: HP 305A black toner, 2 left").await;

    b.goto("/stock").await;
    b.click(Locator::Css("input[name=low]")).await;
    b.press("//form[@role='search']", "Show").await;
    wait_until(&b, "return location.search.includes('low=1')", json!(true), "the filtered list").await;
    let list = b.text("main table.list").await;
    assert!(list.contains("HP 305A black toner") && list.contains("Low stock"), "{list}");

    // The alert waits on the notifications page and leads to the item.
    b.goto("/notifications").await;
    b.click(Locator::XPath("//main//a[contains(., 'Low stock: HP 305A black toner (2 left, minimum 2)')]")).await;
    let agent = server.app.actor_by_id(fx.agent.id).await.unwrap();
    let id = server.app.list_stock(&agent, &Default::default()).await.unwrap().items[0].id;
    wait_for_path(&b, &format!("/stock/{id}")).await;
    assert!(b.text("main").await.contains("2 in stock"));
    b.close().await;
}

helmdesk_store::backend_tests!(an_agent_runs_low_on_toner_and_is_told);

//! An audit in Chromium: an agent prints an asset's label, starts a round of their
//! organisation, scans one asset's tag into the round's box as a barcode scanner does
//! (the tag, then Enter), is told plainly of a tag nobody has, closes the round after
//! saying yes, and reads what was not found in the report. Each action is confirmed.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use helmdesk_app::assets::hardware::NewAsset;
use helmdesk_store::Backend;

use super::{PAGE_TIMEOUT, browser_slot};
use crate::common::{PASSWORD, TestServer};

helmdesk_store::backend_tests!(an_agent_scans_assets_into_an_audit_round_and_reads_its_report);

async fn an_agent_scans_assets_into_an_audit_round_and_reads_its_report(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    server.app.default_asset_types().await.unwrap();
    let laptop = server.app.store().asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id;
    let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
    let add = |name: &str| NewAsset { name: name.into(), type_id: laptop, ..Default::default() };
    let here = server.app.create_asset(&admin, &add("Reception PC")).await.unwrap();
    let gone = server.app.create_asset(&admin, &add("Lost laptop")).await.unwrap();
    let b = super::Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;

    b.goto(&format!("/assets/{}", here.id)).await;
    b.click(Locator::LinkText("Print label")).await;
    b.wait_for(Locator::Css(".label svg[role='img']")).await;
    assert!(b.text(".label").await.contains(&here.tag));

    b.goto("/audits").await;
    b.wait_for(Locator::Css("#audit-name")).await;
    b.type_into("#audit-name", "Spring round").await;
    b.press("//main//form[@action='/audits']", "Start the round").await;
    b.wait_for(Locator::Css("#audit-code")).await;
    assert!(b.text(".flash").await.contains("Round Spring round started: 2 assets expected"));

    // A scanner types the tag and presses Enter.
    b.type_into("#audit-code", &format!("{}\n", here.tag.to_lowercase())).await;
    b.wait_for(Locator::XPath(&format!("//div[contains(@class,'flash')][contains(., '{} found')]", here.tag))).await;
    b.type_into("#audit-code", "NOPE-0001\n").await;
    let alert = b.wait_for(Locator::Css("[role='alert']")).await;
    let alert = b.check(alert.text().await, "read the refusal").await;
    assert!(alert.contains("unknown") && alert.contains("NOPE-0001"), "{alert}");

    b.press("//main//form[contains(@action,'/close')]", "Close the round").await;
    let deadline = Instant::now() + PAGE_TIMEOUT;
    while let Err(e) = b.client.accept_alert().await {
        assert!(Instant::now() < deadline, "no confirmation was asked: {e}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.wait_for(Locator::XPath(
        "//div[contains(@class,'flash')][contains(., 'Round Spring round closed: 1 asset not found')]",
    ))
    .await;
    let missing = b.text("section[aria-labelledby='audit-missing-h']").await;
    assert!(missing.contains("Not found") && missing.contains(&gone.tag), "{missing}");
    assert_eq!(b.count("#audit-code").await, 0, "a closed round takes no more");
}

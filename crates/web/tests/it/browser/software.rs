//! Software and licences in Chromium: an administrator makes an enrolment token and reads
//! it once with the agents' set-up lines; two devices report Office through it; the
//! administrator reads a device's software and inventory, finds Office in the catalogue on
//! both devices, licenses one seat from the product's page (a form without its seats is
//! refused and kept), and the licences page shows the shortfall and the money at risk; the
//! licence lists both devices; a save that lost to another's is refused with the form kept,
//! then saved; the licence is deleted. Each action is confirmed.

use fantoccini::Locator;
use helmdesk_app::assets::discovery::{AgentKind, Chassis, DeviceFacts, DeviceReport};
use helmdesk_app::assets::licences::NewLicence;
use helmdesk_app::assets::software::Reported;
use helmdesk_store::Backend;
use serde_json::json;

use super::{Browser, accept_dialog, browser_slot, wait_for_path, wait_until};
use crate::common::{PASSWORD, TestServer};

const OFFICE: &str = "Microsoft Office Professional Plus 2019";
const LICENCE: &str = "Office 2019 volume licence";

/// A laptop's inventory with Office (spelled as `office`) and Firefox on it.
fn laptop(hostname: &str, serial: &str, office: &str) -> DeviceReport {
    let software = [
        (office, "Microsoft Corporation", "16.0.10827.20138"),
        ("Mozilla Firefox 115.0.2 (x64 en-US)", "Mozilla", "115.0.2"),
    ];
    DeviceReport {
        device_id: format!("{hostname}-2026"),
        serial: Some(serial.into()),
        chassis: Chassis::Laptop,
        facts: DeviceFacts {
            hostname: Some(hostname.into()),
            os_name: Some("Microsoft Windows 11 Pro".into()),
            os_version: Some("23H2".into()),
            memory_mb: Some(16_384),
            ..Default::default()
        },
        software: software.iter().map(|(n, p, v)| Reported::new(n, p, v).unwrap()).collect(),
        ..Default::default()
    }
}

async fn an_administrator_discovers_office_on_two_devices_and_licenses_one_seat(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.admin.email, PASSWORD).await;

    // An enrolment token, shown once with the lines that set an agent up.
    b.goto("/assets/agents").await;
    b.wait_for(Locator::Css("#agent-name")).await;
    b.type_into("#agent-name", "Amsterdam office laptops").await;
    b.press("//main//form[@action='/assets/agents']", "Make token").await;
    let token = b.wait_for(Locator::Css("#agent-token")).await;
    let token = b.check(token.text().await, "read the token").await;
    assert!(token.len() >= 20, "a token: {token}");
    let issued = b.text("section[aria-labelledby='agents-issued-h']").await;
    assert!(issued.contains("Token Amsterdam office laptops made"), "{issued}");
    assert!(issued.contains("Copy the token now: it is shown this once"), "{issued}");
    assert!(issued.contains(&format!("password = {token}")), "agent.cfg's lines: {issued}");
    assert!(issued.contains("/api/v1/inventory/fusioninventory"), "{issued}");
    assert!(issued.contains("helmdesk-agent run --server"), "{issued}");
    b.goto("/assets/agents").await;
    b.wait_for(Locator::Css("table[aria-labelledby='agents-list-h']")).await;
    assert_eq!(b.count("#agent-token").await, 0, "the token is not shown again");
    assert!(!b.source().await.contains(&token), "the token is nowhere on the page again");
    assert!(b.text("table[aria-labelledby='agents-list-h']").await.contains("Amsterdam office laptops"));

    // Two laptops report with it, each spelling Office its own way; use is counted.
    let row = server.app.agent_token_of(Some(&token), None).await.unwrap();
    let first = laptop("ws-ams-001", "PF3ABC01", "Microsoft Office Professional Plus 2019 - en-us");
    let first = server.app.record_inventory(&row, AgentKind::Fusioninventory, &first).await.unwrap();
    let second = laptop("ws-ams-002", "PF3ABC02", "Microsoft Office Professional Plus 2019 (x64)");
    let second = server.app.record_inventory(&row, AgentKind::Fusioninventory, &second).await.unwrap();
    assert!(first.created && second.created && first.asset_id != second.asset_id);
    server.app.count_software_use().await.unwrap();

    // The device's page: its software and its last inventory.
    b.goto(&format!("/assets/{}", first.asset_id)).await;
    b.wait_for(Locator::Css("section[aria-labelledby='inventory-h']")).await;
    assert_eq!(b.text("main h1").await, "ws-ams-001");
    let software = b.text("section[aria-labelledby='software-h']").await;
    assert!(software.contains(OFFICE) && software.contains("Mozilla Firefox"), "{software}");
    assert!(software.contains("Microsoft Office Professional Plus 2019 - en-us"), "as reported: {software}");
    let inventory = b.text("section[aria-labelledby='inventory-h']").await;
    assert!(
        inventory.contains("FusionInventory") && inventory.contains("Microsoft Windows 11 Pro 23H2"),
        "{inventory}"
    );
    assert!(inventory.contains("16 GB"), "{inventory}");

    // The catalogue counts both spellings as one product on two devices.
    b.click(Locator::Css("nav.main a[href='/software']")).await;
    wait_for_path(&b, "/software").await;
    let product = format!("//table[contains(@class, 'list')]//tr[.//a[normalize-space()='{OFFICE}']]");
    let row = b.wait_for(Locator::XPath(&product)).await;
    let devices = b.check(row.find(Locator::Css("td[data-label='Devices']")).await, "find the devices").await;
    assert_eq!(b.check(devices.text().await, "read the devices").await, "2");
    b.click(Locator::XPath(&format!("{product}//a"))).await;
    b.wait_for(Locator::Css("section[aria-labelledby='product-licences-h']")).await;
    assert_eq!(b.text("main h1").await, OFFICE);
    assert!(b.text("section[aria-labelledby='product-licences-h']").await.contains("No licences for this product yet"));

    // One seat at 250.00 EUR, from the product's page; first without its seats.
    b.click(Locator::XPath("//section[@aria-labelledby='product-licences-h']//a[normalize-space()='Add licence']"))
        .await;
    b.wait_for(Locator::Css("#licence-name")).await;
    wait_for_path(&b, "/licences/new").await;
    assert!(b.text("form.licence-form").await.contains(OFFICE), "the product is the page's");
    b.type_into("#licence-name", LICENCE).await;
    b.type_into("#licence-cost", "250.00").await;
    let currency = b.find(Locator::Css("#licence-currency")).await;
    assert_eq!(b.check(currency.prop("value").await, "read the currency").await.as_deref(), Some("EUR"));
    b.press("//form[contains(@class, 'licence-form')]", "Add licence").await;
    let alert = b.wait_for(Locator::Css("main [role=alert]")).await;
    let refusal = b.check(alert.text().await, "read the refusal").await;
    assert!(refusal.contains("seats") && refusal.contains("how many seats"), "{refusal}");
    let name = b.find(Locator::Css("#licence-name")).await;
    assert_eq!(b.check(name.prop("value").await, "read the name").await.as_deref(), Some(LICENCE), "kept");
    let cost = b.find(Locator::Css("#licence-cost")).await;
    assert_eq!(b.check(cost.prop("value").await, "read the cost").await.as_deref(), Some("250.00"), "kept");
    assert!(b.text("form.licence-form").await.contains(OFFICE), "still the product's");
    b.type_into("#licence-seats", "1").await;
    b.press("//form[contains(@class, 'licence-form')]", "Add licence").await;
    let confirmation = b.confirmation().await;
    assert!(confirmation.contains(&format!("Licence {LICENCE} added for {OFFICE}")), "{confirmation}");
    let at_licence = "return /^\\/licences\\/\\d+$/.test(location.pathname)";
    wait_until(&b, at_licence, json!(true), "the licence's page").await;
    let licence_path = b.path().await;
    let id: i64 = licence_path.trim_start_matches("/licences/").parse().unwrap();
    assert_eq!(b.text("main h1").await, LICENCE);

    // The licences page: one short, 250.00 EUR at risk.
    b.click(Locator::Css("nav.main a[href='/licences']")).await;
    wait_for_path(&b, "/licences").await;
    let compliance = b.wait_for(Locator::Css("table[aria-labelledby='licences-compliance-h'] tbody")).await;
    let compliance = b.check(compliance.text().await, "read the compliance").await;
    for shown in [OFFICE, "Per device", "Under-licensed", "1 short", "250.00 EUR"] {
        assert!(compliance.contains(shown), "{shown} in {compliance}");
    }
    assert!(b.text("section[aria-labelledby='licences-at-risk-h']").await.contains("250.00 EUR"));
    let bar = b.find(Locator::Css("table[aria-labelledby='licences-compliance-h'] svg[role=img]")).await;
    let label = b.check(bar.attr("aria-label").await, "read the bar's text").await;
    assert_eq!(label.as_deref(), Some("2 in use of 1 licensed"));
    let listed = b.text("table[aria-labelledby='licences-list-h']").await;
    assert!(listed.contains(LICENCE) && listed.contains("250.00 EUR"), "{listed}");

    // The licence lists the devices behind the figure.
    b.click(Locator::Css(&format!("table[aria-labelledby='licences-list-h'] a[href='/licences/{id}']"))).await;
    wait_for_path(&b, &licence_path).await;
    b.wait_for(Locator::Css("table[aria-labelledby='licence-devices-h']")).await;
    assert_eq!(b.count("table[aria-labelledby='licence-devices-h'] tbody tr").await, 2);
    for asset in [first.asset_id, second.asset_id] {
        let link = format!("table[aria-labelledby='licence-devices-h'] a[href='/assets/{asset}']");
        assert_eq!(b.count(&link).await, 1, "device {asset} is listed");
    }
    let standing = b.text("section[aria-labelledby='licence-standing-h']").await;
    assert!(standing.contains("Under-licensed") && standing.contains("250.00 EUR"), "{standing}");

    // A save that lost to someone else's is refused with the form kept, then made again.
    b.click(Locator::Css(&format!("a[href='/licences/{id}/edit']"))).await;
    b.wait_for(Locator::Css("#licence-seats")).await;
    let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
    let l = server.app.licence(&admin, id).await.unwrap();
    let meanwhile = NewLicence {
        name: l.name.clone(),
        product_id: Some(l.product_id),
        product: None,
        publisher: None,
        organisation_id: Some(l.organisation_id),
        metric: l.metric,
        term: l.term,
        seats: Some(1),
        cost_minor: Some(25_000),
        currency: Some("EUR".into()),
        purchased_on: None,
        ends_on: None,
        supplier: Some("SoftwareOne".into()),
        order_number: None,
        contract: None,
        notes: None,
    };
    server.app.update_licence(&admin, id, &meanwhile, None).await.unwrap();
    let seats = b.find(Locator::Css("#licence-seats")).await;
    b.check(seats.clear().await, "clear the seats").await;
    b.type_into("#licence-seats", "2").await;
    b.press("//form[contains(@class, 'licence-form')]", "Save").await;
    let alert = b.wait_for(Locator::Css("main [role=alert]")).await;
    let refusal = b.check(alert.text().await, "read the refusal").await;
    assert!(refusal.contains("Someone changed this licence since you opened it"), "{refusal}");
    let seats = b.find(Locator::Css("#licence-seats")).await;
    assert_eq!(b.check(seats.prop("value").await, "read the seats").await.as_deref(), Some("2"), "kept");
    b.press("//form[contains(@class, 'licence-form')]", "Save").await;
    let confirmation = b.confirmation().await;
    assert!(confirmation.contains(&format!("Licence {LICENCE} saved")), "{confirmation}");
    wait_for_path(&b, &licence_path).await;
    let standing = b.text("section[aria-labelledby='licence-standing-h']").await;
    assert!(standing.contains("Compliant"), "two seats for two devices: {standing}");

    // Deleted, after the page asks.
    b.press("//div[contains(@class, 'ticket-actions')]//form", "Delete").await;
    accept_dialog(&b).await;
    // The list's address first: until it shows, the page is still the licence's, with the
    // confirmation of its save.
    wait_for_path(&b, "/licences").await;
    let confirmation = b.confirmation().await;
    assert!(confirmation.contains(&format!("Licence {LICENCE} deleted")), "{confirmation}");
    assert!(b.text("section[aria-labelledby='licences-list-h']").await.contains("No licences recorded"));
    assert!(server.app.licences(&admin, None).await.unwrap().is_empty());
    b.close().await;
}

helmdesk_store::backend_tests!(an_administrator_discovers_office_on_two_devices_and_licenses_one_seat);

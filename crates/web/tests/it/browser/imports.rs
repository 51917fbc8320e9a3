//! A CSV import in Chromium: an administrator goes from the assets list to the imports
//! page, chooses "Assets", uploads a small file, sees its preview (one row to create, one
//! with an error on its line), imports it, sees the confirmation, and finds the asset on
//! the list.

use fantoccini::Locator;
use helmdesk_store::Backend;

use super::{Browser, browser_slot, confirmed};
use crate::common::{PASSWORD, TestServer};

const FILE: &str = "tag,name,type,serial\nLAP-42,Laptop of Ada,Laptop,SN-4821-XK\nLAP-43,Toast,Toaster,SN-1\n";

async fn an_administrator_previews_and_imports_a_csv_file_of_assets(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    server.app.default_asset_types().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("laptops.csv");
    std::fs::write(&file, FILE).unwrap();
    let b = Browser::open(&server.base).await;
    b.sign_in(&server.fx.admin.email, PASSWORD).await;

    b.goto("/assets").await;
    b.click(Locator::XPath("//main//a[normalize-space()='Import from CSV']")).await;
    let kind = b.wait_for(Locator::Css("#import-kind")).await;
    b.check(kind.select_by_value("assets").await, "choose assets").await;
    b.choose_file("#import-file", &file).await;
    b.press("//form[@id='import-upload']", "Upload and preview").await;
    confirmed(&b, "File uploaded: check the preview, then import").await;
    let counts = b.text("#import-counts").await;
    assert!(counts.contains("To create or created: 1") && counts.contains("With errors, skipped: 1"), "{counts}");
    let error = b.text("tr.import-error").await;
    assert!(error.starts_with('3') && error.contains("type: no such asset type"), "line 3's error: {error}");

    b.press("//form[@id='import-confirm']", "Import the rows without errors").await;
    confirmed(&b, "Import done: 1 created, 0 updated, 0 unchanged, 1 skipped with errors").await;
    b.goto("/assets").await;
    let list = b.wait_for(Locator::Css("main table.list")).await;
    let list = b.check(list.text().await, "read the list").await;
    assert!(list.contains("LAP-42") && list.contains("Laptop of Ada") && !list.contains("Toast"), "{list}");
    b.close().await;
}

helmdesk_store::backend_tests!(an_administrator_previews_and_imports_a_csv_file_of_assets);

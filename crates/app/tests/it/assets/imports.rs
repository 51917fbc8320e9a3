//! CSV imports on both databases: a preview writes nothing, an import writes the good rows
//! once (a second run creates nothing), a device an agent reported is the asset a row
//! updates, hostile files (formulas, Windows-1252, wrong columns, too large), two
//! organisations that never touch each other's assets, people, licences and installations,
//! a kept upload confirmed once by its uploader only, and a requester refused.

use futures::TryStreamExt;
use helmdesk_app::assets::discovery::{AgentKind, Chassis, DeviceReport, NewAgentToken};
use helmdesk_app::assets::hardware::AssetQuery;
use helmdesk_app::assets::imports::{ImportKind, ImportReport, RowAction};
use helmdesk_app::platform::exports::csv_lines;
use helmdesk_app::{Actor, AppError};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};
use crate::support::people::actor;

backend_tests!(
    an_asset_file_is_previewed_then_imported_once,
    a_device_an_agent_reported_is_the_asset_a_row_updates,
    each_organisation_imports_into_its_own_and_a_requester_is_refused,
    hostile_files_are_refused_whole_or_row_by_row,
    people_licences_and_installations_are_imported_once,
    a_kept_upload_is_confirmed_once_by_its_uploader,
);

async fn manager(w: &World) -> Actor {
    actor(&w.app, "mia@acme.example", "manager", w.acme).await
}

async fn run(w: &World, who: &Actor, kind: ImportKind, file: &str, dry_run: bool) -> ImportReport {
    w.app.import_csv(who, kind, file.as_bytes(), dry_run, "test import").await.unwrap()
}

async fn assets(w: &World, who: &Actor) -> Vec<helmdesk_app::assets::hardware::Asset> {
    w.app.list_assets(who, &AssetQuery::default()).await.unwrap().items
}

const ASSETS: &str = "\u{feff}Tag;Name;Type;Serial;MAC;Cost;Currency;Colour\n\
    LAP-1;Ada's laptop;laptop;SN-1;00:1B:63:84:45:E6;1299,50;EUR;red\n\
    LAP-2;=HYPERLINK(\"http://evil\");Laptop;SN-2;;;;blue\n\
    LAP-3;Broken;Toaster;SN-3;;;;green\n";

async fn an_asset_file_is_previewed_then_imported_once(backend: Backend) {
    let w = world(backend).await;
    let mia = manager(&w).await;
    let preview = run(&w, &mia, ImportKind::Assets, ASSETS, true).await;
    assert_eq!((preview.created, preview.updated, preview.failed), (2, 0, 1));
    assert_eq!(preview.ignored_columns, vec!["Colour"]);
    let bad = preview.rows.iter().find(|r| r.action == RowAction::Error).unwrap();
    assert_eq!((bad.line, bad.errors[0].field.as_deref()), (4, Some("type")));
    assert!(assets(&w, &mia).await.is_empty(), "a preview writes nothing");

    let done = run(&w, &mia, ImportKind::Assets, ASSETS, false).await;
    assert_eq!((done.created, done.failed), (2, 1));
    let list = assets(&w, &mia).await;
    assert_eq!(list.len(), 2);
    let ada = list.iter().find(|a| a.tag == "LAP-1").unwrap();
    assert_eq!(ada.cost.as_ref().unwrap().minor, 129_950);
    let history = w.app.asset_history(&mia, ada.id).await.unwrap();
    assert!(history.iter().any(|h| h.field == "imported" && h.new_value.as_deref() == Some("test import")));

    let again = run(&w, &mia, ImportKind::Assets, ASSETS, false).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2), "a second run creates nothing");
    assert_eq!(assets(&w, &mia).await.len(), 2);

    // The formula is kept as text, and defused in an export.
    let evil = list.iter().find(|a| a.tag == "LAP-2").unwrap();
    assert!(evil.name.starts_with('='));
    let pages: Vec<Vec<_>> = w.app.export_assets(&mia, &AssetQuery::default()).try_collect().await.unwrap();
    let csv = String::from_utf8(csv_lines(&pages.concat(), true).unwrap()).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");

    // A changed cell updates the asset, found by its MAC alone.
    let change = "mac,name,type\n00-1b-63-84-45-e6,Ada's new name,Laptop\n";
    let updated = run(&w, &mia, ImportKind::Assets, change, false).await;
    assert_eq!((updated.updated, updated.rows[0].id), (1, Some(ada.id)));
}

async fn a_device_an_agent_reported_is_the_asset_a_row_updates(backend: Backend) {
    let w = world(backend).await;
    let mia = manager(&w).await;
    let new = NewAgentToken { name: "Laptops".into(), organisation_id: Some(w.acme) };
    let issued = w.app.create_agent_token(&w.admin, &new).await.unwrap();
    let token = w.app.agent_token_of(Some(&issued.token), None).await.unwrap();
    let report = DeviceReport {
        device_id: "dev-1".into(),
        uuid: Some("4C4C4544-0042".into()),
        serial: Some("CN-77".into()),
        chassis: Chassis::Laptop,
        ..Default::default()
    };
    let reported = w.app.record_inventory(&token, AgentKind::Fusioninventory, &report).await.unwrap().asset_id;
    let file = "uuid,serial,name,type,supplier\n4c4c4544-0042,,Reception laptop,Laptop,Dell\n,CN-77,Reception laptop,Laptop,Dell\n";
    let done = run(&w, &mia, ImportKind::Assets, file, false).await;
    assert_eq!(done.rows[0].id, Some(reported), "matched by UUID");
    assert_eq!(done.rows[1].id, Some(reported), "matched by serial");
    assert_eq!((done.created, done.updated, done.unchanged), (0, 1, 1));
    assert_eq!(assets(&w, &mia).await.len(), 1);
}

async fn each_organisation_imports_into_its_own_and_a_requester_is_refused(backend: Backend) {
    let w = world(backend).await;
    let mia = manager(&w).await;
    let oscar = actor(&w.app, "oscar@other.example", "manager", w.other).await;
    run(&w, &mia, ImportKind::Assets, "tag,name,type,serial\nLAP-1,Acme laptop,Laptop,SN-1\n", false).await;
    // Other Corp's file with Acme's serial adds its own asset; it cannot name Acme.
    let file = "tag,name,type,serial,organisation\nOTH-1,Other laptop,Laptop,SN-1,\nOTH-2,Sneaky,Laptop,SN-9,Acme\n";
    let done = run(&w, &oscar, ImportKind::Assets, file, false).await;
    assert_eq!((done.created, done.updated, done.failed), (1, 0, 1));
    assert_eq!(done.rows[1].errors[0].field.as_deref(), Some("organisation"));
    let acme = assets(&w, &mia).await;
    assert_eq!((acme.len(), acme[0].name.as_str()), (1, "Acme laptop"));
    assert_eq!(assets(&w, &oscar).await.len(), 1);
    for who in [&w.rita, &w.auditor, &w.other_requester] {
        let refused = w.app.import_csv(who, ImportKind::Assets, b"name\nx\n", true, "t").await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    }
    let people = w.app.import_csv(&mia, ImportKind::People, b"email\na@b.example\n", true, "t").await;
    assert!(matches!(people, Err(AppError::Forbidden(_))), "people are imported by administrators only");
}

async fn hostile_files_are_refused_whole_or_row_by_row(backend: Backend) {
    let w = world(backend).await;
    let mia = manager(&w).await;
    let latin1 = b"tag,name,type\nLAP-9,Jos\xe9's M\xfcller laptop,Laptop\n";
    let done = w.app.import_csv(&mia, ImportKind::Assets, latin1, false, "t").await.unwrap();
    assert_eq!(done.created, 1);
    assert_eq!(assets(&w, &mia).await[0].name, "José's Müller laptop");
    for (file, field) in [
        ("colour,size\nred,2\n", "file"),
        ("tag,type\nLAP-1,Laptop\n", "file"),
        ("", "file"),
        ("name,name\na,b\n", "file"),
    ] {
        match w.app.import_csv(&mia, ImportKind::Assets, file.as_bytes(), true, "t").await {
            Err(AppError::Invalid(e)) => assert_eq!(e[0].field.as_deref(), Some(field), "{file}"),
            other => panic!("{file}: {other:?}"),
        }
    }
    let huge = vec![b'x'; helmdesk_app::platform::csv_files::FILE_MAX + 1];
    assert!(matches!(w.app.import_csv(&mia, ImportKind::Assets, &huge, true, "t").await, Err(AppError::TooLarge(_))));
    let rows = "tag,name,type,purchased_on,mac,cost\nL-1,,Laptop,,,\nL-2,x,Laptop,2025-13-45,,\nL-3,x,Laptop,,zz:zz,\nL-4,x,Laptop,,,12\n";
    let report = run(&w, &mia, ImportKind::Assets, rows, false).await;
    let fields: Vec<_> = report.rows.iter().map(|r| r.errors[0].field.clone().unwrap()).collect();
    assert_eq!(fields, ["name", "purchased_on", "mac", "currency"]);
    assert_eq!(assets(&w, &mia).await.len(), 1, "no bad row was written");
}

async fn people_licences_and_installations_are_imported_once(backend: Backend) {
    let w = world(backend).await;
    let people =
        "name,email,role,organisation\nBea Boss,Bea@Acme.example,agent,Acme\nNo Mail,not-an-address,requester,\n";
    let done = run(&w, &w.admin, ImportKind::People, people, false).await;
    assert_eq!((done.created, done.failed), (1, 1));
    assert_eq!(done.rows[1].errors[0].field.as_deref(), Some("email"));
    assert_eq!(run(&w, &w.admin, ImportKind::People, people, false).await.unchanged, 1);
    let promoted = people.replace(",agent,", ",manager,");
    assert_eq!(run(&w, &w.admin, ImportKind::People, &promoted, false).await.updated, 1);
    let bea = w.app.user_id_with_email("bea@acme.example").await.unwrap().unwrap();
    assert_eq!(w.app.user(&w.admin, bea).await.unwrap().role.as_str(), "manager");

    let licences = "name,publisher,product,metric,term,seats,cost,currency\n\
        Office volume,Microsoft,Office,per_device,perpetual,25,6250.00,EUR\n\
        Bad,Microsoft,Office,per_device,subscription,5,,\n";
    let done = run(&w, &w.admin, ImportKind::Licences, licences, false).await;
    assert_eq!((done.created, done.failed), (1, 1));
    assert_eq!(done.rows[1].errors[0].field.as_deref(), Some("ends_on"));
    assert_eq!(run(&w, &w.admin, ImportKind::Licences, licences, false).await.unchanged, 1);
    let more = licences.replace(",25,", ",30,");
    assert_eq!(run(&w, &w.admin, ImportKind::Licences, &more, false).await.updated, 1);

    run(&w, &w.admin, ImportKind::Assets, "tag,name,type,serial\nLAP-1,Laptop,Laptop,SN-1\n", false).await;
    let software = "device,publisher,product,version\nLAP-1,Mozilla,Firefox,128.0\nSN-1,Mozilla,Firefox,128.0\nNOPE,Mozilla,Firefox,1\n";
    let done = run(&w, &w.admin, ImportKind::Software, software, false).await;
    assert_eq!((done.created, done.unchanged, done.failed), (1, 1, 1), "{done:?}");
    assert_eq!(done.rows[2].errors[0].field.as_deref(), Some("device"));
    assert_eq!(run(&w, &w.admin, ImportKind::Software, software, false).await.created, 0);
}

async fn a_kept_upload_is_confirmed_once_by_its_uploader(backend: Backend) {
    let w = world(backend).await;
    let mia = manager(&w).await;
    let file = b"tag,name,type\nLAP-1,Laptop,Laptop\n";
    let id = w.app.upload_import(&mia, ImportKind::Assets, "laptops.csv", file).await.unwrap();
    let (upload, preview) = w.app.preview_import(&mia, id).await.unwrap();
    assert_eq!((upload.file_name.as_str(), preview.created), ("laptops.csv", 1));
    assert!(assets(&w, &mia).await.is_empty());
    assert!(matches!(w.app.confirm_import(&w.admin, id).await, Err(AppError::NotFound)), "only its uploader");
    let done = w.app.confirm_import(&mia, id).await.unwrap();
    assert_eq!(done.created, 1);
    assert!(matches!(w.app.confirm_import(&mia, id).await, Err(AppError::Conflict(_))));
    assert_eq!(w.app.import_upload(&mia, id).await.unwrap().result, Some(done));
    let unreadable = w.app.upload_import(&mia, ImportKind::Assets, "x.csv", b"colour\nred\n").await;
    assert!(matches!(unreadable, Err(AppError::Invalid(_))));
}

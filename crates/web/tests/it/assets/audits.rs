//! Labels, audits and the account page's devices over HTTP: a label's QR code as SVG and
//! on the label pages, a round started, scanned and closed through the API and the pages
//! (each refusal said on the page), the CSV report, the overdue filter, and the person's
//! devices on their account page with the receipt button.

use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, CheckOut, NewAsset};
use helmdesk_domain::assets::lifecycle::HolderKind;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::TestServer;

backend_tests!(labels_audits_and_the_account_s_devices_work_through_the_api_and_the_pages);

async fn labels_audits_and_the_account_s_devices_work_through_the_api_and_the_pages(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    server.app.default_asset_types().await.unwrap();
    let laptop = server.app.store().asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id;
    let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
    let new = |name: &str, serial: &str| NewAsset {
        name: name.into(),
        type_id: laptop,
        details: AssetDetails { serial: Some(Some(serial.into())), ..Default::default() },
        ..Default::default()
    };
    let spare = server.app.create_asset(&admin, &new("Spare", "SN-SPARE")).await.unwrap();
    let held = server.app.create_asset(&admin, &new("Rita's laptop", "SN-HELD")).await.unwrap();
    let to = CheckOut { kind: HolderKind::Person, id: fx.requester.id, expected_return: None };
    server.app.check_out(&admin, held.id, &to, None).await.unwrap();

    // Labels: the QR code as an image, for whoever may read the asset.
    let path = format!("/api/v1/assets/{}/qr.svg", held.id);
    let (status, headers, body) = server.api_full(Some(&fx.requester), Method::GET, &path, None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/svg+xml");
    assert!(body.as_str().unwrap().contains("<svg"), "{body}");
    let other = format!("/api/v1/assets/{}/qr.svg", spare.id);
    assert_eq!(server.api(Some(&fx.requester), Method::GET, &other, None).await.0, StatusCode::NOT_FOUND);
    let agent = server.session(&fx.agent).await;
    let (status, page) = agent.get(&format!("/assets/{}/label", spare.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&spare.tag) && page.contains("SN-SPARE") && page.contains("<path d=\"M"), "{page}");
    let (_, page) = agent.get("/assets/labels?q=spare").await;
    assert!(page.contains(&spare.tag) && !page.contains(&held.tag), "the list's filter");
    let (_, page) = agent.get(&format!("/assets/{}", spare.id)).await;
    assert!(page.contains(&format!("/assets/{}/label", spare.id)), "the asset page's Print label");

    // A round through the API.
    let (status, round) = server.api(Some(&fx.agent), Method::POST, "/api/v1/audits", Some(json!({}))).await;
    assert_eq!(status, StatusCode::CREATED, "{round}");
    assert_eq!(round["expected"], 2);
    let id = round["id"].as_i64().unwrap();
    let confirm = format!("/api/v1/audits/{id}/confirmations");
    let (status, found) = server.api(Some(&fx.agent), Method::POST, &confirm, Some(json!({"code": "SN-HELD"}))).await;
    assert_eq!((status, found["outcome"].as_str()), (StatusCode::OK, Some("found")), "{found}");
    let (status, refused) = server.api(Some(&fx.agent), Method::POST, &confirm, Some(json!({"code": "NOPE"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"][0]["field"], "code");
    let (status, _) = server.api(Some(&fx.auditor), Method::POST, &confirm, Some(json!({"code": "SN-SPARE"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "auditors change nothing");
    let (status, _) = server.api(Some(&fx.requester), Method::GET, &format!("/api/v1/audits/{id}"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The page: the scan box says what it found and what it refused.
    let (_, page) = agent.get(&format!("/audits/{id}")).await;
    assert!(page.contains("id=\"audit-code\"") && page.contains(&spare.tag), "still to find: {page}");
    let (status, page) = agent.post(&format!("/audits/{id}/confirm"), &[("code", "NOPE-42")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("role=\"alert\"") && page.contains("unknown") && page.contains("value=\"NOPE-42\""),
        "{page}"
    );
    let (status, _) = agent.post(&format!("/audits/{id}/confirm"), &[("code", "SN-HELD")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/audits/{id}")).await;
    assert!(page.contains(&format!("{} was confirmed before in this round", held.tag)), "{page}");
    // From the asset's page.
    let (_, page) = agent.get(&format!("/assets/{}", spare.id)).await;
    assert!(page.contains("Confirm found"), "{page}");
    let asset_id = spare.id.to_string();
    let (status, _) = agent.post(&format!("/audits/{id}/confirm"), &[("asset_id", asset_id.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/assets/{}", spare.id)).await;
    assert!(page.contains(&format!("{} found", spare.tag)) && !page.contains("Confirm found ("), "{page}");

    let (status, report) = server.api(Some(&fx.agent), Method::POST, &format!("/api/v1/audits/{id}/close"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((report["found"].as_array().unwrap().len(), report["audit"]["state"].as_str()), (2, Some("closed")));
    let (status, csv) = agent.get(&format!("/audits/{id}/report.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("outcome,tag") && csv.contains(&spare.tag), "{csv}");
    let (_, list) = server.api(Some(&fx.auditor), Method::GET, "/api/v1/audits", None).await;
    assert_eq!(list["items"][0]["id"], id);

    // Overdue.
    let patch = AssetPatch {
        details: AssetDetails { next_audit_on: Some(Some("2000-01-01".parse().unwrap())), ..Default::default() },
        ..Default::default()
    };
    server.app.update_asset(&admin, spare.id, &patch, None).await.unwrap();
    let (_, page) = agent.get("/assets?overdue=1").await;
    assert!(page.contains(&spare.tag) && !page.contains(&held.tag), "{page}");

    // The person's devices on their account page.
    let requester = server.session(&fx.requester).await;
    let (_, page) = requester.get("/account").await;
    assert!(page.contains("Your devices") && page.contains(&held.tag) && page.contains("Confirm I received"), "{page}");
    let (status, _) = requester.post(&format!("/assets/{}/accept", held.id), &[("from", "account")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = requester.get("/account").await;
    assert!(page.contains(&format!("{} received", held.tag)) && !page.contains("Confirm I received"), "{page}");
}

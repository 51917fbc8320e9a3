//! The software and discovery pages through real forms: software recorded on an asset and
//! found in the catalogue, a naming rule that renames it, an enrolment token shown once
//! with the agent's set-up, a device's inventory on its page, and a licence's seats given,
//! refused and taken back.

use helmdesk_app::AppError;
use helmdesk_app::assets::discovery::{AgentKind, Chassis, DeviceFacts, DeviceReport, NetworkInterface, Volume};
use helmdesk_app::assets::software::Reported;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::TestServer;

backend_tests!(software_recorded_on_an_asset_is_in_the_catalogue_and_a_rule_renames_it);
backend_tests!(an_enrolment_token_is_shown_once_and_a_reported_device_shows_its_inventory);

async fn software_recorded_on_an_asset_is_in_the_catalogue_and_a_rule_renames_it(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let agent = server.session(&fx.agent).await;
    let asset = crate::assets::access::asset_for(&server, laptop_type(&server).await, None).await;

    // A name is required; what was typed stays.
    let typed = [("name", " "), ("publisher", "Mozilla Corporation"), ("version", "115.0.2")];
    let (status, page) = agent.post(&format!("/assets/{asset}/software"), &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\"") && page.contains("value=\"Mozilla Corporation\""), "{page}");

    let firefox = [("name", "Mozilla Firefox 115.0.2 (x64 en-US)"), ("publisher", "Mozilla"), ("version", "115.0.2")];
    let (status, _) = agent.post(&format!("/assets/{asset}/software"), &firefox).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/assets/{asset}")).await;
    assert!(page.contains("Mozilla Firefox 115.0.2 (x64 en-US) recorded, counted as Mozilla Firefox."), "{page}");
    let product = server.app.store().installations_on(asset).await.unwrap()[0].product_id;
    assert!(page.contains(&format!("href=\"/software/{product}\"")), "the asset links the product");

    // The device's list narrows to the words searched for.
    let (_, page) = agent.get(&format!("/assets/{asset}?software=MOZILLA+fire")).await;
    assert!(page.contains(&format!("href=\"/software/{product}\"")) && page.contains("value=\"MOZILLA fire\""));
    let (_, page) = agent.get(&format!("/assets/{asset}?software=thunderbird")).await;
    assert!(page.contains("No software on this device matches") && !page.contains(&format!("/software/{product}\"")));

    let (status, list) = agent.get("/software?q=firefox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&format!("href=\"/software/{product}\">Mozilla Firefox</a>")), "{list}");
    let (_, none) = agent.get("/software?q=thunderbird").await;
    assert!(!none.contains(&format!("/software/{product}\"")));
    let (_, page) = agent.get(&format!("/software/{product}")).await;
    assert!(page.contains("<h1>Mozilla Firefox</h1>") && page.contains("115.0.2"));
    assert!(page.contains(&format!("href=\"/assets/{asset}\"")), "the product links the device");
    assert!(page.contains("Mozilla Firefox 115.0.2 (x64 en-US)"), "the spelling is listed");

    // Reading the rules is for staff; writing them is for people who configure.
    let (status, page) = agent.get("/software/rules").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("action=\"/software/rules\""), "no form for an agent");
    let rule = [("pattern", "^mozilla firefox"), ("publisher", ""), ("product", "Firefox")];
    let (status, _) = agent.post("/software/rules", &rule).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let admin = server.session(&fx.admin).await;
    let bad = [("pattern", "(unclosed"), ("publisher", ""), ("product", "Firefox")];
    let (status, page) = admin.post("/software/rules", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\"") && page.contains("value=\"(unclosed\""), "{page}");
    let (status, _) = admin.post("/software/rules", &rule).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = admin.get("/software/rules").await;
    assert!(page.contains("names matching it count as Firefox. One spelling was renamed."), "{page}");
    assert!(page.contains("<code>^mozilla firefox</code>"));
    let renamed = server.app.store().installations_on(asset).await.unwrap()[0].product_id;
    let (_, page) = agent.get(&format!("/assets/{asset}")).await;
    assert!(page.contains(&format!("href=\"/software/{renamed}\">Firefox</a>")), "{page}");

    let rule_id = server.app.store().software_rules().await.unwrap()[0].id;
    let (status, _) = admin.post(&format!("/software/rules/{rule_id}/remove"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = admin.get("/software/rules").await;
    assert!(page.contains("Rule removed. One spelling was renamed."), "{page}");

    let installation = server.app.store().installations_on(asset).await.unwrap()[0].id;
    let (status, _) = agent.post(&format!("/assets/{asset}/software/{installation}/remove"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/assets/{asset}")).await;
    assert!(page.contains("Mozilla Firefox 115.0.2 (x64 en-US) removed.") && page.contains("No software recorded"));

    // Another organisation's agent finds neither the device's software nor its page.
    let foreign = server.session(&fx.foreign_agent).await;
    let (status, _) = foreign.post(&format!("/assets/{asset}/software"), &firefox).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn laptop_type(server: &TestServer) -> i64 {
    server.app.default_asset_types().await.unwrap();
    server.app.store().asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id
}

async fn an_enrolment_token_is_shown_once_and_a_reported_device_shows_its_inventory(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    laptop_type(&server).await;
    let manager = server.session(&fx.manager).await;

    let (status, page) = manager.get("/assets/agents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No enrolment tokens yet"));
    let all = [("name", "Amsterdam laptops"), ("organisation_id", "")];
    let mut fields: Vec<(&str, &str)> = all.to_vec();
    fields.push(("csrf", manager.csrf.as_str()));
    let res = manager.client.post(format!("{}/assets/agents", server.base)).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the token is on the page that answers, not behind a redirect");
    assert_eq!(res.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let page = res.text().await.unwrap();
    let token = page.split("id=\"agent-token\">").nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();
    assert!(token.starts_with("hdagent_"), "{page}");
    let base = server.app.settings().public_url.trim_end_matches('/').to_string();
    for line in [
        format!("server = {base}/api/v1/inventory/fusioninventory"),
        format!("password = {token}"),
        format!(
            "fusioninventory-agent --server {base}/api/v1/inventory/fusioninventory --user helmdesk --password {token} --tasks inventory"
        ),
        format!("helmdesk-agent run --server {base} --token {token}"),
    ] {
        assert!(page.contains(&line), "{line}");
    }
    let (_, page) = manager.get("/assets/agents").await;
    assert!(page.contains("Amsterdam laptops") && !page.contains(&token), "the list never shows the token");

    // A device reported with it has its inventory on its page.
    let row = server.app.agent_token_of(Some(&token), None).await.unwrap();
    let report = DeviceReport {
        device_id: "pc-amsterdam-7".into(),
        serial: Some("PF3ABC12".into()),
        chassis: Chassis::Laptop,
        facts: DeviceFacts {
            hostname: Some("pc-amsterdam-7".into()),
            os_name: Some("Ubuntu".into()),
            os_version: Some("24.04".into()),
            cpu: Some("Intel Core i7-1265U".into()),
            cpu_cores: Some(10),
            memory_mb: Some(16_384),
            volumes: vec![Volume {
                mount: "/home".into(),
                filesystem: Some("ext4".into()),
                total_mb: Some(476_940),
                free_mb: Some(102_400),
            }],
            networks: vec![NetworkInterface {
                name: "wlp0s20f3".into(),
                mac: Some("00:1a:2b:3c:4d:5e".into()),
                ipv4: Some("192.168.1.23".into()),
            }],
            ..Default::default()
        },
        software: vec![Reported::new("vim", "Debian Vim Maintainers <x@debian.org>", "2:9.0.1378-2").unwrap()],
        ..Default::default()
    };
    let recorded = server.app.record_inventory(&row, AgentKind::Fusioninventory, &report).await.unwrap();
    let agent = server.session(&fx.agent).await;
    let (status, page) = agent.get(&format!("/assets/{}", recorded.asset_id)).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "FusionInventory",
        "Ubuntu 24.04",
        "Intel Core i7-1265U, 10 cores",
        "16 GB",
        "/home",
        "100 GB",
        "00:1a:2b:3c:4d:5e",
        "192.168.1.23",
        ">vim<",
        "2:9.0.1378-2",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, list) = manager.get("/assets/agents").await;
    assert!(list.contains("data-label=\"Devices\">1</td>"), "{list}");

    let id = row.id;
    let (status, _) = manager.post(&format!("/assets/agents/{id}/revoke"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = manager.get("/assets/agents").await;
    assert!(page.contains("Token Amsterdam laptops revoked") && !page.contains("/revoke\""), "{page}");
    let refused = server.app.agent_token_of(Some(&token), None).await;
    assert!(matches!(refused, Err(AppError::Unauthenticated)), "a revoked token reports no more");

    // An auditor reads assets but does not set discovery up.
    let auditor = server.session(&fx.auditor).await;
    let (status, _) = auditor.get("/assets/agents").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

backend_tests!(a_licences_seats_are_given_refused_and_taken_back_on_its_page_and_api);

async fn a_licences_seats_are_given_refused_and_taken_back_on_its_page_and_api(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = json!({"name": "Visio team", "product": "Visio", "publisher": "Microsoft",
        "metric": "per_user", "term": "perpetual", "seats": 1});
    let (status, licence) = s.api(Some(&fx.manager), Method::POST, "/api/v1/licences", Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{licence}");
    let id = licence["id"].as_i64().unwrap();
    let agent = s.session(&fx.agent).await;

    // Nobody has this address: the page again, 422, the address kept beside the error.
    let (status, page) = agent.post(&format!("/licences/{id}/seats"), &[("email", "nobody@acme.example")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("nobody has this e-mail address") && page.contains("value=\"nobody@acme.example\""));
    // Given, confirmed, counted.
    let (status, _) = agent.post(&format!("/licences/{id}/seats"), &[("email", &fx.requester.email)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/licences/{id}")).await;
    assert!(page.contains("Seat given to") && page.contains("1 of 1 taken"), "{page}");
    // Full: the API refuses another person with 409, changing nothing.
    let other = json!({"user_id": fx.colleague.id});
    let (status, body) =
        s.api(Some(&fx.agent), Method::POST, &format!("/api/v1/licences/{id}/seats"), Some(other)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, seats) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/licences/{id}/seats"), None).await;
    assert_eq!(seats.as_array().unwrap().len(), 1);
    assert_eq!((seats[0]["user_id"].as_i64(), seats[0]["state"].as_str()), (Some(fx.requester.id), Some("assigned")));
    // Another organisation's agent and a requester neither see nor take it back.
    let seat = seats[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/licence-seats/{seat}");
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&fx.requester), Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Taken back on the page, confirmed.
    let (status, _) = agent.post(&format!("/licences/{id}/seats/{seat}/release"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/licences/{id}")).await;
    assert!(page.contains("Seat taken back from") && page.contains("0 of 1 taken"), "{page}");
}

//! Discovery over HTTP: the real FusionInventory agent (Debian's `fusioninventory-agent`)
//! reports this machine to a running server twice and it is one asset with its system and
//! packages; the enrolment-token API; and hostile bodies refused with a clear error and
//! nothing recorded (no credentials, a wrong token, a compression bomb, entity expansion,
//! an external entity, garbage).

use std::io::Write;
use std::process::Stdio;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestServer;
use helmdesk_store::Backend;

helmdesk_store::backend_tests!(
    the_fusioninventory_agent_reports_this_machine_as_one_asset,
    helmdesk_agent_reports_this_machine_with_its_use,
    hostile_reports_are_refused_and_change_nothing,
);

const ENDPOINT: &str = "/api/v1/inventory/fusioninventory";

/// The agent's program, or `None` (skipping) outside CI when it is not installed.
fn agent_program() -> Option<&'static str> {
    let program = "fusioninventory-agent";
    let found = std::process::Command::new(program).arg("--version").stdout(Stdio::null()).status().is_ok();
    match found {
        true => Some(program),
        false if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{program} is not installed; under CI=true this is a failure (scripts/test installs it)")
        }
        false => {
            eprintln!("{program} is not installed, skipping (apt-get install fusioninventory-agent)");
            None
        }
    }
}

/// Makes an enrolment token through the API as the fixture's administrator.
async fn enrol(server: &TestServer) -> String {
    let body = json!({ "name": "This machine" });
    let (status, issued) = server.api(Some(&server.fx.admin), Method::POST, "/api/v1/agent-tokens", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    issued["token"].as_str().unwrap().to_string()
}

async fn run_agent(program: &str, server: &TestServer, password: &str) -> String {
    let output = tokio::process::Command::new(program)
        .args(["--server", &format!("{}{ENDPOINT}", server.base), "--user", "helmdesk", "--password", password])
        .args(["--tasks", "inventory", "--logger", "stderr", "--no-category", "printer,process,environment"])
        .kill_on_drop(true)
        .output()
        .await
        .expect("run the agent");
    let log = String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the agent failed:\n{log}");
    log
}

async fn assets(server: &TestServer) -> Vec<Value> {
    let (_, page) = server.api(Some(&server.fx.admin), Method::GET, "/api/v1/assets?limit=200", None).await;
    page["items"].as_array().cloned().unwrap_or_default()
}

async fn the_fusioninventory_agent_reports_this_machine_as_one_asset(backend: Backend) {
    let Some(program) = agent_program() else { return };
    let server = TestServer::start(backend).await;
    let token = enrol(&server).await;
    let log = run_agent(program, &server, &token).await;
    assert!(!log.contains("[error]"), "{log}");
    let found = assets(&server).await;
    assert_eq!(found.len(), 1, "{found:?}\n{log}");
    let id = found[0]["id"].as_i64().unwrap();
    let admin = Some(&server.fx.admin);
    let (status, inventory) = server.api(admin, Method::GET, &format!("/api/v1/assets/{id}/inventory"), None).await;
    assert_eq!(status, StatusCode::OK, "{inventory}");
    assert_eq!(inventory["agent"], "fusioninventory");
    assert!(inventory["facts"]["os_name"].as_str().is_some_and(|os| !os.is_empty()), "{inventory}");
    assert!(inventory["facts"]["memory_mb"].as_i64().is_some_and(|m| m > 0), "{inventory}");
    let (_, software) = server.api(admin, Method::GET, &format!("/api/v1/assets/{id}/software"), None).await;
    let packages = software.as_array().unwrap();
    assert!(packages.len() > 50, "dpkg lists this machine's packages: {}", packages.len());
    assert!(packages.iter().any(|p| p["reported_name"] == "fusioninventory-agent"), "the agent's own package");

    // Reporting again: the same asset, one more report, nothing added twice.
    run_agent(program, &server, &token).await;
    let again = assets(&server).await;
    assert_eq!(again.len(), 1, "{again:?}");
    let (_, inventory) = server.api(admin, Method::GET, &format!("/api/v1/assets/{id}/inventory"), None).await;
    assert_eq!(inventory["reports"], 2);
    let (_, software) = server.api(admin, Method::GET, &format!("/api/v1/assets/{id}/software"), None).await;
    assert_eq!(software.as_array().unwrap().len(), packages.len());

    // A revoked token is refused: the agent says so and nothing changes.
    let (_, tokens) = server.api(admin, Method::GET, "/api/v1/agent-tokens", None).await;
    assert_eq!(tokens[0]["devices"], 1);
    assert!(!tokens.to_string().contains(&token), "the list never shows the token");
    let revoke = format!("/api/v1/agent-tokens/{}", tokens[0]["id"]);
    assert_eq!(server.api(admin, Method::DELETE, &revoke, None).await.0, StatusCode::OK);
    let log = run_agent(program, &server, &token).await;
    assert!(log.contains("authentication required"), "{log}");
    let (_, inventory) = server.api(admin, Method::GET, &format!("/api/v1/assets/{id}/inventory"), None).await;
    assert_eq!(inventory["reports"], 2);
}

/// Helmdesk's own agent collects this machine and reports it twice: one asset, its system,
/// packages and use; a wrong token and a malformed report are refused.
async fn helmdesk_agent_reports_this_machine_with_its_use(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = enrol(&server).await;
    let report = tokio::task::spawn_blocking(helmdesk_agent::collect).await.unwrap().unwrap();
    assert!(report.packages.len() > 50, "dpkg lists this machine's packages");
    let client = TestServer::client();
    let first = helmdesk_agent::send(&client, &server.base, &token, &report).await.unwrap();
    assert!(first.created);
    assert_eq!(first.report_every_secs, 3600);
    let again = helmdesk_agent::send(&client, &server.base, &token, &report).await.unwrap();
    assert_eq!((again.asset_id, again.created), (first.asset_id, false));
    let admin = Some(&server.fx.admin);
    let (_, inventory) =
        server.api(admin, Method::GET, &format!("/api/v1/assets/{}/inventory", first.asset_id), None).await;
    assert_eq!(inventory["agent"], "helmdesk-agent");
    assert_eq!(inventory["reports"], 2);
    assert!(inventory["facts"]["usage"]["memory_percent"].as_f64().is_some(), "{inventory}");
    let (_, software) =
        server.api(admin, Method::GET, &format!("/api/v1/assets/{}/software", first.asset_id), None).await;
    assert_eq!(software.as_array().unwrap().len(), report.packages.len());

    let wrong = helmdesk_agent::send(&client, &server.base, "hdagent_wrong", &report).await.unwrap_err();
    assert!(wrong.to_string().contains("401"), "{wrong}");
    let response = client
        .post(format!("{}/api/v1/inventory/agent", server.base))
        .bearer_auth(&token)
        .body(r#"{"device_id": "x", "unknown": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("unknown field"));
    assert_eq!(assets(&server).await.len(), 1, "nothing more was recorded");
}

async fn post(server: &TestServer, password: Option<&str>, body: Vec<u8>) -> (StatusCode, Option<String>, String) {
    let mut request = TestServer::client().post(format!("{}{ENDPOINT}", server.base)).body(body);
    if let Some(p) = password {
        request = request.basic_auth("anyone", Some(p));
    }
    let response = request.send().await.unwrap();
    let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_string());
    (response.status(), challenge, response.text().await.unwrap())
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

async fn hostile_reports_are_refused_and_change_nothing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = enrol(&server).await;
    let prolog = b"<REQUEST><DEVICEID>pc-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>".to_vec();

    let (status, challenge, _) = post(&server, None, prolog.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(challenge.as_deref(), Some("Basic realm=\"Helmdesk inventory\""));
    let (status, _, _) = post(&server, Some("hdagent_not-a-token"), prolog.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A bearer API token is not an enrolment token.
    let (status, _, _) = post(&server, Some(&server.fx.admin.token), prolog.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _, reply) = post(&server, Some(&token), zlib(&prolog)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert!(reply.contains("<RESPONSE>SEND</RESPONSE>"), "{reply}");

    let bomb = zlib(&vec![b'<'; 40 << 20]);
    let entities = br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><REQUEST><CONTENT><HARDWARE><NAME>&b;</NAME></HARDWARE></CONTENT><DEVICEID>x</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>"#;
    let external = br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT><DEVICEID>x</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>"#;
    let injection = br#"<REQUEST><CONTENT><HARDWARE><NAME>x</NAME></HARDWARE></CONTENT><DEVICEID>x'); DELETE FROM assets;--</DEVICEID><QUERY>NETDISCOVERY</QUERY></REQUEST>"#;
    for (body, status, says) in [
        (bomb, StatusCode::PAYLOAD_TOO_LARGE, "inflates to more than"),
        (entities.to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "document type"),
        (external.to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "document type"),
        (injection.to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "NETDISCOVERY"),
        (b"\x78\x9cnot zlib at all".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "cannot be inflated"),
        (b"{\"json\": true}".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "neither XML"),
        (vec![b'x'; 9 << 20], StatusCode::PAYLOAD_TOO_LARGE, ""),
    ] {
        let (got, _, reply) = post(&server, Some(&token), body).await;
        assert_eq!(got, status, "{reply}");
        assert!(reply.contains(says), "{says}: {reply}");
    }
    assert!(assets(&server).await.is_empty(), "nothing was recorded");

    // Only administrators and managers make tokens; agents and requesters may not.
    for who in [&server.fx.agent, &server.fx.requester] {
        let (status, _) =
            server.api(Some(who), Method::POST, "/api/v1/agent-tokens", Some(json!({ "name": "x" }))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

//! The employee's whole journey in Chromium, with real mail (postfix and dovecot on
//! loopback): Ella finds the laptop from the portal's search on her phone and orders it;
//! her manager approves by the link in the mail postfix delivered to his mailbox (and the
//! link works once); the department head approves in the portal; the fulfilment tasks
//! appear in the agents' queue stage by stage; when the last is done the request resolves;
//! Ella rates it from the link in the "resolved" mail; and the dashboard's figures count it.

use std::sync::Arc;
use std::time::Duration;

use fantoccini::Locator;
use helmdesk_app::AppSettings;
use helmdesk_app::platform::mail::{MailSettings, OutgoingServer, Security};
use helmdesk_store::Backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Browser, browser_slot, confirmed, wait_for_path};
use crate::common::{PASSWORD, Person, TestServer, person};
use crate::mailserver::MailServer;

/// The address the mails' links start with; the test opens their paths on its server.
const PUBLIC: &str = "http://helmdesk.test";
/// How long postfix gets to deliver a message.
const DELIVERY: Duration = Duration::from_secs(30);

/// Runs every job that is due, sending mail through postfix, until none is left.
async fn run_every_job(server: &TestServer) {
    loop {
        let now = server.app.now_micros();
        let Some(job) = server.app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else { break };
        if let Err(e) = server.app.run_job(&job).await {
            panic!("job {} ({}) failed: {e}", job.id, job.kind);
        }
        server.app.store().complete_job(job.id, "test", now).await.unwrap();
    }
}

/// The path of the first link starting `PUBLIC{prefix}` in the newest message of `user`'s
/// mailbox that has one, waiting for it to be delivered.
async fn mailed_path(mail: &Arc<MailServer>, user: &'static str, prefix: &'static str) -> String {
    let mail = mail.clone();
    tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + DELIVERY;
        loop {
            let found = mail.messages(user).iter().rev().find_map(|raw| link_in(raw, prefix));
            if let Some(path) = found {
                return path;
            }
            assert!(std::time::Instant::now() < deadline, "no {prefix} link reached {user}:\n{}", mail.logs());
            std::thread::sleep(Duration::from_millis(100));
        }
    })
    .await
    .unwrap()
}

/// The path of the link starting `PUBLIC{prefix}` in a raw message's text, decoded as a
/// mail reader would.
fn link_in(raw: &[u8], prefix: &str) -> Option<String> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let text = message.body_text(0)?;
    let at = text.find(&format!("{PUBLIC}{prefix}"))? + PUBLIC.len();
    Some(text[at..].chars().take_while(|c| !c.is_whitespace()).collect())
}

/// Ella of Finance, her manager Mark and the department's head Hana, each with a mailbox;
/// the "Hardware" chain (manager, then the head over 1,000) and a laptop that uses it,
/// fulfilled in two stages by the fixture's team.
struct Setup {
    ella: Person,
    hana: Person,
    laptop: i64,
}

async fn set_up(server: &TestServer, mail: &MailServer) -> Setup {
    let fx = &server.fx;
    for user in ["ella", "mark", "hana", "desk"] {
        mail.add_user(user, &format!("{user} mail password"));
    }
    let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
    let outgoing = OutgoingServer {
        host: "localhost".into(),
        port: mail.submission_port(),
        security: Security::Starttls,
        username: "desk".into(),
        password: Some("desk mail password".into()),
        password_set: false,
        from_address: "desk@helmdesk.test".into(),
        from_name: "IT".into(),
    };
    let settings = MailSettings { outgoing: Some(outgoing), ..MailSettings::default() };
    server.app.set_mail_settings(&admin, settings).await.unwrap();

    let ella = person(&server.app, "ella@helmdesk.test", "requester", fx.acme, Some(fx.finance)).await;
    let mark = person(&server.app, "mark@helmdesk.test", "requester", fx.acme, Some(fx.finance)).await;
    let hana = person(&server.app, "hana@helmdesk.test", "requester", fx.acme, Some(fx.finance)).await;
    as_admin(server, Method::PATCH, &format!("/api/v1/users/{}", ella.id), json!({"manager_id": mark.id})).await;
    as_admin(server, Method::PATCH, &format!("/api/v1/departments/{}", fx.finance), json!({"head_id": hana.id})).await;
    let chain = json!({"organisation_id": fx.acme, "name": "Hardware", "steps": [
        {"name": "Manager", "approver": "manager", "rule": "any", "time_limit_hours": 48},
        {"name": "Department head", "approver": "department_head", "rule": "any",
         "condition": {"fact": "cost", "op": "gt", "value": "1000"}}]});
    let chain = as_admin(server, Method::POST, "/api/v1/approval-chains", chain).await;
    let laptop = json!({
        "name": "New laptop", "description": "A laptop for work, with its charger and bag",
        "cost_minor": 189_900, "currency": "EUR", "delivery_days": 5, "approval_chain_id": chain["id"],
        "fields": [{"key": "model", "label": "Model", "kind": "choice", "required": true,
                    "options": ["Standard", "Developer"]}],
        "tasks": [{"title": "Prepare the laptop", "team_id": fx.team, "stage": 1},
                  {"title": "Hand the laptop over", "team_id": fx.team, "stage": 2}],
    });
    let laptop = as_admin(server, Method::POST, "/api/v1/catalog/items", laptop).await;
    Setup { ella, hana, laptop: laptop["id"].as_i64().unwrap() }
}

/// Calls the API as the fixture's administrator; the answer, which must be a success.
async fn as_admin(server: &TestServer, method: Method, path: &str, body: Value) -> Value {
    let (status, body) = server.api(Some(&server.fx.admin), method, path, Some(body)).await;
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// The request as the API shows it to its requester.
async fn request(server: &TestServer, who: &Person, id: i64) -> Value {
    let (status, body) = server.api(Some(who), Method::GET, &format!("/api/v1/catalog/requests/{id}"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The agent resolves the task ticket of `stage` through the API, after seeing it in the
/// team's queue; then the jobs move the request on.
async fn agent_does_stage(server: &TestServer, b: &Browser, ella: &Person, request_id: i64, stage: i64) {
    let r = request(server, ella, request_id).await;
    let task = r["tasks"].as_array().unwrap().iter().find(|t| t["stage"] == stage).expect("the stage's task").clone();
    let ticket = task["ticket_id"].as_i64().expect("the task is a ticket now");
    b.goto(&format!("/tickets?view=open&team_id={}", server.fx.team)).await;
    let link = b.wait_for(Locator::Css(&format!("table.list a[href='/tickets/{ticket}']"))).await;
    let subject = b.check(link.text().await, "read the task's subject").await;
    assert!(subject.starts_with(task["title"].as_str().unwrap()), "{subject}");
    let done = json!({"status": "resolved", "resolution_note": "Done"});
    let (status, body) =
        server.api(Some(&server.fx.agent), Method::PATCH, &format!("/api/v1/tickets/{ticket}"), Some(done)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    run_every_job(server).await;
}

async fn an_employee_orders_a_laptop_that_two_people_approve_and_rates_its_delivery(backend: Backend) {
    let _browser = browser_slot().await;
    let Some(mail) = MailServer::start(None) else { return };
    let mail = Arc::new(mail);
    let settings =
        AppSettings { public_url: PUBLIC.into(), mail_ca_file: Some(mail.ca_pem()), ..AppSettings::default() };
    let server = TestServer::start_with(backend, settings).await;
    let Setup { ella, hana, laptop } = set_up(&server, &mail).await;
    let b = Browser::open(&server.base).await;

    // On her phone, Ella lands on the portal, finds the laptop by searching, and orders it.
    b.check(b.client.set_window_size(390, 844).await, "narrow the window to a phone's").await;
    b.sign_in(&ella.email, PASSWORD).await;
    assert_eq!(b.path().await, "/portal", "an employee starts at the portal");
    b.type_into("#portal-q", "laptop").await;
    b.press("//main//form[@role='search']", "Search").await;
    b.click(Locator::Css(&format!(".portal-results a[href='/portal/catalog/{laptop}']"))).await;
    let model = b.wait_for(Locator::Css("#a-model")).await;
    b.check(model.select_by_value("Developer").await, "choose the developer's model").await;
    b.press("//main//form[@data-conditional]", "Order").await;
    confirmed(&b, "New laptop ordered").await;
    let request_id: i64 = b.path().await.rsplit('/').next().unwrap().parse().expect("the request's page");
    assert!(b.text("main").await.contains("Awaiting approval"));
    let fits = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(b.check(b.client.execute(fits, Vec::new()).await, "measure the page").await, json!(true));
    b.check(b.client.set_window_size(1280, 900).await, "widen the window").await;
    b.sign_out().await;

    // Her manager approves by the link that postfix delivered to his mailbox, signed out.
    run_every_job(&server).await;
    let link = mailed_path(&mail, "mark", "/approvals/link/").await;
    b.goto(&link).await;
    b.wait_for(Locator::Css("button[name=decision][value=approved]")).await;
    assert!(b.text("main").await.contains("New laptop"));
    b.type_into("textarea[name=comment]", "Her old one is five years old").await;
    b.click(Locator::Css("button[name=decision][value=approved]")).await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.starts_with("Approved"));
    // The link works once.
    b.goto(&link).await;
    b.wait_for(Locator::Css("main h1")).await;
    assert_eq!(b.count("button[name=decision]").await, 0, "a used link offers no form");

    // The head of Finance sees it waiting on her portal and approves it there.
    run_every_job(&server).await;
    b.sign_in(&hana.email, PASSWORD).await;
    let waiting = b.wait_for(Locator::Css("#portal-approvals-h + ul a")).await;
    b.check(waiting.click().await, "open the approval").await;
    b.wait_for(Locator::Css("button[name=decision][value=approved]")).await;
    assert!(b.text("main").await.contains("Her old one is five years old"), "the manager's decision shows");
    b.click(Locator::Css("button[name=decision][value=approved]")).await;
    confirmed(&b, "Approved").await;
    b.sign_out().await;
    run_every_job(&server).await;
    assert_eq!(request(&server, &ella, request_id).await["status"], "in_fulfilment");

    // The agents find the tasks in their queue, stage by stage.
    b.sign_in(&server.fx.agent.email, PASSWORD).await;
    agent_does_stage(&server, &b, &ella, request_id, 1).await;
    agent_does_stage(&server, &b, &ella, request_id, 2).await;
    let done = request(&server, &ella, request_id).await;
    assert_eq!(done["status"], "fulfilled", "{done}");
    b.sign_out().await;

    // Ella rates it from the "resolved" mail.
    let survey = mailed_path(&mail, "ella", "/survey/").await;
    b.goto(&survey).await;
    b.click(Locator::Css("input[name=rating][value='5']")).await;
    b.type_into("#comment", "Ready in two days").await;
    b.press("//main//form", "Send").await;
    b.wait_for(Locator::Css("main .notice")).await;

    // The manager's dashboard counts the answer.
    b.sign_in(&server.fx.manager.email, PASSWORD).await;
    b.goto("/dashboard").await;
    wait_for_path(&b, "/dashboard").await;
    let csat = b.text("section[aria-labelledby=h-csat]").await;
    assert!(csat.contains("100"), "one satisfied answer: {csat}");
    let requests = b.text("section[aria-labelledby=h-requests-item]").await;
    assert!(requests.contains("New laptop"), "the request counts for its item: {requests}");
    let steps = b.text("section[aria-labelledby=h-approval-steps]").await;
    assert!(steps.contains("Manager") && steps.contains("Department head"), "both steps' times: {steps}");
    let fulfilled = b.text("section[aria-labelledby=h-fulfilment]").await;
    assert!(fulfilled.contains("New laptop"), "its fulfilment time: {fulfilled}");
    b.close().await;
}

helmdesk_store::backend_tests!(an_employee_orders_a_laptop_that_two_people_approve_and_rates_its_delivery);

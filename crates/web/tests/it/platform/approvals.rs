//! The approvals pages and API: an administrator makes a chain on its form, heads and
//! cost centres on the organisations page; a requester's approval is answered by the
//! link mailed to her manager (anonymously, once, never by someone else signed in), then
//! in the portal by the department head; the API lists and decides.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Person, TestServer};
use helmdesk_app::platform::approvals::ApprovalStart;
use helmdesk_store::Backend;

helmdesk_store::backend_tests!(
    an_approval_is_answered_by_mailed_link_then_in_the_portal,
    chains_are_made_on_their_form
);

const PUBLIC: &str = "http://helmdesk.test";

/// Starts an approval of the requester's with chain `chain`; returns its id.
async fn start(server: &TestServer, chain: i64, subject: i64) -> i64 {
    let fx = &server.fx;
    let start = ApprovalStart {
        organisation_id: fx.acme,
        subject_kind: "web_test".into(),
        subject_id: subject,
        title: "A new laptop".into(),
        link: "/my/tickets".into(),
        requester_id: fx.requester.id,
        department_id: None,
        cost_centre_id: None,
        facts: serde_json::from_value(json!({"cost": 1899})).unwrap(),
        chain_id: chain,
        decided_job: "web_test.decided".into(),
    };
    let mut tx = server.app.store().begin().await.unwrap();
    let id = server.app.start_approval(&mut tx, start).await.unwrap().id;
    tx.commit().await.unwrap();
    run_approval_jobs(server).await;
    id
}

/// Runs the approval jobs that are due (the record's own job is only completed).
async fn run_approval_jobs(server: &TestServer) {
    loop {
        let now = server.app.now_micros();
        let Some(job) = server.app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else { break };
        if job.kind.starts_with("approvals.") {
            server.app.run_job(&job).await.unwrap();
        }
        server.app.store().complete_job(job.id, "test", now).await.unwrap();
    }
}

/// The path of the newest approval link mailed to `who`.
async fn mailed_link(server: &TestServer, who: &Person) -> String {
    let mut mails = server.app.store().outbound_list(None, 1000).await.unwrap();
    mails.retain(|m| m.recipient == who.email && m.event == "approval_request");
    let text = &mails.first().expect("an approval mail").body_text;
    let at = text.find(&format!("{PUBLIC}/approvals/link/")).expect("a link in the mail") + PUBLIC.len();
    text[at..].chars().take_while(|c| !c.is_whitespace()).collect()
}

async fn an_approval_is_answered_by_mailed_link_then_in_the_portal(backend: Backend) {
    let settings = helmdesk_app::AppSettings { public_url: PUBLIC.into(), ..Default::default() };
    let server = TestServer::start_with(backend, settings).await;
    server.send_mail().await;
    let fx = &server.fx;
    let admin = server.session(&fx.admin).await;
    // The manager manages the requester; the agent heads Finance.
    let (status, body) = server
        .api(
            Some(&fx.admin),
            Method::PATCH,
            &format!("/api/v1/users/{}", fx.requester.id),
            Some(json!({"manager_id": fx.manager.id})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, page) = admin
        .post(&format!("/admin/departments/{}", fx.finance), &[("name", "Finance"), ("head_email", &fx.agent.email)])
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Department Finance was saved."), "a confirmation");
    let (status, page) = admin
        .post(
            &format!("/admin/departments/{}", fx.finance),
            &[("name", "Finance"), ("head_email", "nobody@acme.example")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("nobody has this e-mail address"), "the error beside the form");
    let chain = json!({"organisation_id": fx.acme, "name": "Hardware", "steps": [
        {"name": "Manager", "approver": "manager", "rule": "any", "time_limit_hours": 48},
        {"name": "Department head", "approver": "department_head", "rule": "any",
         "condition": {"fact": "cost", "op": "gt", "value": "1000"}}]});
    let (status, chain) = server.api(Some(&fx.admin), Method::POST, "/api/v1/approval-chains", Some(chain)).await;
    assert_eq!(status, StatusCode::CREATED, "{chain}");
    let id = start(&server, chain["id"].as_i64().unwrap(), 1).await;

    // The manager's link, opened without signing in: the approval and its form.
    let link = mailed_link(&server, &fx.manager).await;
    let anonymous = reqwest::Client::new();
    let page = anonymous.get(format!("{}{link}", server.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("A new laptop") && page.contains("name=\"decision\""), "{page}");
    // Someone else signed in may not use it.
    let agent = server.session(&fx.agent).await;
    let (status, _) = agent.get(&link).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = agent.post(&link, &[("decision", "approved")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let answer = [("decision", "approved"), ("comment", "Yes, hers is five years old")];
    let done = anonymous.post(format!("{}{link}", server.base)).form(&answer).send().await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("Approved: A new laptop"), "a confirmation");
    let replay = anonymous.post(format!("{}{link}", server.base)).form(&answer).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::CONFLICT, "a link works once");
    assert!(replay.text().await.unwrap().contains("no longer works"));
    run_approval_jobs(&server).await;

    // The head answers in the portal.
    let (status, page) = agent.get("/approvals").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/approvals/{id}")), "waiting for the head");
    let (status, page) = agent.get(&format!("/approvals/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Yes, hers is five years old") && page.contains("by e-mail"), "every decision, and how");
    let (status, _) = agent.post(&format!("/approvals/{id}/decision"), &[("decision", "approved")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = server.api(Some(&fx.requester), Method::GET, &format!("/api/v1/approvals/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "approved");
    assert_eq!(body["steps"][0]["approvers"][0]["via"], "mail");
    assert_eq!(body["steps"][1]["approvers"][0]["via"], "portal");
    // Another organisation's agent does not see it; the requester could not decide it.
    let (status, _) = server.api(Some(&fx.foreign_agent), Method::GET, &format!("/api/v1/approvals/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let decision = json!({"decision": "rejected"});
    let (status, _) = server
        .api(Some(&fx.requester), Method::POST, &format!("/api/v1/approvals/{id}/decision"), Some(decision))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "it has ended");
}

async fn chains_are_made_on_their_form(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let manager = server.session(&fx.manager).await;
    let org = fx.acme.to_string();
    let bad = [
        ("organisation_id", org.as_str()),
        ("name", "Software"),
        ("step-0-name", "Named"),
        ("step-0-approver", "person"),
        ("step-0-person", "nobody@acme.example"),
        ("step-0-rule", "any"),
    ];
    let (status, page) = manager.post("/admin/approval-chains", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("nobody has this e-mail address") && page.contains("value=\"Software\""),
        "input kept: {page}"
    );
    let good = [
        ("organisation_id", org.as_str()),
        ("name", "Software"),
        ("step-0-name", "Manager"),
        ("step-0-approver", "manager"),
        ("step-0-rule", "any"),
        ("step-1-name", "Licences"),
        ("step-1-approver", "team"),
        ("step-1-team", &fx.team.to_string()),
        ("step-1-rule", "majority"),
        ("step-1-fact", "cost"),
        ("step-1-op", "ge"),
        ("step-1-value", "500"),
        ("step-1-limit", "24"),
    ];
    let (status, _) = manager.post("/admin/approval-chains", &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, chains) = server.api(Some(&fx.manager), Method::GET, "/api/v1/approval-chains", None).await;
    let chain = &chains[0];
    assert_eq!(chain["steps"][1]["approver_id"], fx.team);
    assert_eq!(chain["steps"][1]["condition"]["op"], "ge");
    let (status, page) = manager.get(&format!("/admin/approval-chains/{}", chain["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"Licences\""));
    let (status, _) = server.session(&fx.agent).await.get("/admin/approval-chains").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

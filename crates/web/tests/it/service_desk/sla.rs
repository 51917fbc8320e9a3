//! The SLA API: calendars, policies, a ticket's `sla` and its explanation, with hostile
//! input and other organisations' ids.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    calendars_and_policies_are_managed_through_the_api,
    bad_calendars_and_policies_are_refused_and_change_nothing,
    a_ticket_carries_its_sla_and_explains_it,
    managers_set_up_service_levels_in_the_admin_pages_and_agents_see_them_on_tickets,
);

fn office() -> Value {
    json!({
        "name": "Office <b>hours</b>' OR 1=1 --",
        "time_zone": "Europe/Amsterdam",
        "week": {"monday": ["08:00-12:00", "13:00-17:00"], "tuesday": ["08:00-17:00"], "wednesday": ["08:00-17:00"],
                 "thursday": ["08:00-17:00"], "friday": ["08:00-17:00"]},
        "holidays": [{"name": "Christmas Day", "kind": "yearly", "month": 12, "day": 25},
                     {"name": "Winter break", "kind": "range", "from": "2026-12-28", "to": "2026-12-31"}]
    })
}

fn standard(calendar: i64) -> Value {
    let targets: Vec<Value> =
        (1..=5).map(|p| json!({"priority": p, "response_minutes": 240, "resolution_minutes": 960})).collect();
    json!({
        "name": "Standard",
        "calendar_id": calendar,
        "targets": targets,
        "escalations": [{"clock": "resolution", "after_minutes": 30, "notify": ["assignee", "team_lead"], "raise_priority": true}]
    })
}

async fn calendars_and_policies_are_managed_through_the_api(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let (status, cal) = s.api(Some(&fx.manager), Method::POST, "/api/v1/calendars", Some(office())).await;
    assert_eq!(status, StatusCode::CREATED, "{cal}");
    assert_eq!(cal["name"], "Office <b>hours</b>' OR 1=1 --", "names are stored as text");
    assert_eq!(cal["week"]["monday"], json!(["08:00-12:00", "13:00-17:00"]));
    assert_eq!(cal["holidays"][1]["kind"], "range");
    let id = cal["id"].as_i64().unwrap();
    assert_eq!(cal["organisation_id"], fx.acme, "a manager's calendar is their organisation's");
    // A policy for every organisation may not count in a calendar of Acme's.
    let (status, body) = s.api(Some(&fx.admin), Method::POST, "/api/v1/sla-policies", Some(standard(id))).await;
    assert_eq!((status, &body["errors"][0]["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("calendar_id")));
    let mut for_acme = standard(id);
    for_acme["organisation_id"] = json!(fx.acme);
    let (status, policy) = s.api(Some(&fx.admin), Method::POST, "/api/v1/sla-policies", Some(for_acme)).await;
    assert_eq!(status, StatusCode::CREATED, "{policy}");
    assert_eq!(policy["warn_percent"], 75);
    assert_eq!(policy["escalations"][0]["notify"], json!(["assignee", "team_lead"]));
    let policy_id = policy["id"].as_i64().unwrap();

    let (status, list) = s.api(Some(&fx.agent), Method::GET, "/api/v1/sla-policies", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = s.api(Some(&fx.auditor), Method::GET, &format!("/api/v1/calendars/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s.api(Some(&fx.requester), Method::GET, "/api/v1/calendars", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.api(Some(&fx.agent), Method::POST, "/api/v1/calendars", Some(office())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let mut renamed = office();
    renamed["name"] = json!("Office hours");
    let (status, cal) =
        s.api(Some(&fx.manager), Method::PATCH, &format!("/api/v1/calendars/{id}"), Some(renamed)).await;
    assert_eq!((status, cal["name"].as_str()), (StatusCode::OK, Some("Office hours")));
    // A calendar in use cannot go; a policy nobody was measured against can.
    let (status, _) = s.api(Some(&fx.manager), Method::DELETE, &format!("/api/v1/calendars/{id}"), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let path = format!("/api/v1/sla-policies/{policy_id}");
    let (status, _) = s.api(Some(&fx.manager), Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.api(Some(&fx.manager), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn bad_calendars_and_policies_are_refused_and_change_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let mut bad_calendars = Vec::new();
    for (field, value) in [
        ("time_zone", json!("Europe/Atlantis")),
        ("time_zone", json!("../../etc/passwd")),
        ("week", json!({"monday": ["17:00-08:00"]})),
        ("week", json!({"monday": ["08:00-12:00", "11:00-13:00"]})),
        ("week", json!({"monday": ["8 to 5"]})),
        ("week", json!({"funday": ["08:00-17:00"]})),
        ("holidays", json!([{"kind": "yearly", "month": 2, "day": 30}])),
        ("holidays", json!([{"kind": "range", "from": "2026-12-31", "to": "2026-12-01"}])),
        ("name", json!("")),
        ("name", json!("x".repeat(10_000))),
    ] {
        let mut body = office();
        body[field] = value;
        bad_calendars.push(body);
    }
    for body in bad_calendars {
        let (status, reply) = s.api(Some(&fx.manager), Method::POST, "/api/v1/calendars", Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {reply}");
        assert!(reply["errors"][0]["detail"].is_string(), "{reply}");
    }
    let (_, list) = s.api(Some(&fx.manager), Method::GET, "/api/v1/calendars", None).await;
    assert_eq!(list, json!([]), "nothing was created");

    let (_, cal) = s.api(Some(&fx.admin), Method::POST, "/api/v1/calendars", Some(office())).await;
    let calendar = cal["id"].as_i64().unwrap();
    for (field, value) in [
        ("calendar_id", json!(999_999)),
        ("priority", json!(9)),
        ("organisation_id", json!(s.fx.other_corp)),
        ("category_id", json!(-1)),
        ("targets", json!([])),
        ("targets", json!([{"priority": 3, "response_minutes": 0, "resolution_minutes": 60}])),
        (
            "targets",
            json!([{"priority": 3, "response_minutes": 10, "resolution_minutes": 60}, {"priority": 3, "response_minutes": 10, "resolution_minutes": 60}]),
        ),
        ("warn_percent", json!(100)),
        ("escalations", json!([{"clock": "resolution", "after_minutes": 10}])),
        ("escalations", json!([{"clock": "resolution", "reassign_user_id": s.fx.requester.id}])),
        ("escalations", json!([{"clock": "resolution", "after_minutes": -5, "notify": ["team"]}])),
        ("escalations", json!([{"clock": "lunch", "notify": ["team"]}])),
    ] {
        let mut body = standard(calendar);
        body[field] = value;
        // The manager of Acme cannot aim a policy at Other Corp; the administrator could.
        let who = if field == "organisation_id" { &fx.manager } else { &fx.admin };
        let (status, reply) = s.api(Some(who), Method::POST, "/api/v1/sla-policies", Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {reply}");
    }
    let mut unknown = standard(calendar);
    unknown["surprise"] = json!(true);
    let (status, _) = s.api(Some(&fx.admin), Method::POST, "/api/v1/sla-policies", Some(unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, "/api/v1/sla-policies", None).await;
    assert_eq!(list, json!([]), "nothing was created");
}

async fn a_ticket_carries_its_sla_and_explains_it(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let (_, cal) = s.api(Some(&fx.manager), Method::POST, "/api/v1/calendars", Some(office())).await;
    let (_, policy) = s
        .api(Some(&fx.manager), Method::POST, "/api/v1/sla-policies", Some(standard(cal["id"].as_i64().unwrap())))
        .await;
    let ticket = s.ticket(&fx.requester, "The VPN drops every hour").await;
    let sla = &ticket["sla"];
    assert_eq!(sla["policy_id"], policy["id"]);
    assert!(["running", "warning"].contains(&sla["state"].as_str().unwrap()), "{sla}");
    for field in ["response_due", "resolution_due"] {
        let due = sla[field].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(due).is_ok(), "{field} is RFC 3339: {due}");
    }
    assert_eq!(ticket["priority"], 3);
    assert!(ticket["created_at"].is_string() && ticket["resolved_at"].is_null() && ticket["closed_at"].is_null());

    let path = format!("/api/v1/tickets/{}/sla", ticket["id"]);
    let (status, _) = s.api(Some(&fx.requester), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "how the service level is computed is the desk's business");
    let (status, explained) = s.api(Some(&fx.agent), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{explained}");
    assert_eq!(explained["policy"]["name"], "Standard");
    assert_eq!(explained["calendar"]["time_zone"], "Europe/Amsterdam");
    let clocks = explained["clocks"].as_array().unwrap();
    assert_eq!(clocks.len(), 2);
    assert_eq!(clocks[0]["target_minutes"], 240);
    assert!(clocks[0]["steps"].as_array().unwrap().iter().any(|s| s["kind"] == "counted"));
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation's agent may not see it");
}

async fn managers_set_up_service_levels_in_the_admin_pages_and_agents_see_them_on_tickets(backend: Backend) {
    let s = TestServer::start(backend).await;
    let manager = s.session(&s.fx.manager).await;
    let (status, page) = manager.get("/admin/calendars/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Europe/Amsterdam"), "the time zones are offered");
    let calendar = [
        ("name", "Office <script>alert(1)</script>"),
        ("time_zone", "Europe/Amsterdam"),
        ("monday", "08:00-12:00, 13:00-17:00"),
        ("tuesday", "08:00-17:00"),
        ("wednesday", "08:00-17:00"),
        ("thursday", "08:00-17:00"),
        ("friday", "08:00-17:00"),
        ("holidays", "every 12-25 Christmas Day\n2026-12-28..2026-12-31 Winter break"),
    ];
    let (status, _) = manager.post("/admin/calendars", &calendar).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, overview) = manager.get("/admin/sla").await;
    assert!(overview.contains("Office &#60;script&#62;") || overview.contains("Office &lt;script&gt;"), "escaped");
    assert!(!overview.contains("<script>alert(1)"));
    assert!(overview.contains("Mon 08:00-12:00, 13:00-17:00; Tue–Fri 08:00-17:00"), "the week is summarised");

    // A mistake shows the form again with what was wrong, and saves nothing.
    let mut wrong = calendar.to_vec();
    wrong[2] = ("monday", "9 to 5");
    let (status, page) = manager.post("/admin/calendars", &wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("monday") && page.contains("9 to 5"), "the error names the day and keeps the input");

    let (_, calendars) = s.api(Some(&s.fx.manager), Method::GET, "/api/v1/calendars", None).await;
    let calendar_id = calendars[0]["id"].to_string();
    let policy = [
        ("name", "Standard"),
        ("calendar_id", calendar_id.as_str()),
        ("warn_percent", "75"),
        ("p3_response", "4h"),
        ("p3_resolution", "2h 30m"),
        ("level1_clock", "resolution"),
        ("level1_after", "30m"),
        ("level1_notify", "team_lead"),
        ("level1_raise", "on"),
        ("active", "on"),
    ];
    let (status, page) = manager.post("/admin/sla-policies", &policy).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, policies) = s.api(Some(&s.fx.manager), Method::GET, "/api/v1/sla-policies", None).await;
    assert_eq!(policies[0]["targets"], json!([{"priority": 3, "response_minutes": 240, "resolution_minutes": 150}]));
    assert_eq!(policies[0]["escalations"][0]["after_minutes"], 30);

    let ticket = s.ticket(&s.fx.requester, "Cannot print").await;
    let agent = s.session(&s.fx.agent).await;
    let (_, page) = agent.get(&format!("/tickets/{}", ticket["id"])).await;
    assert!(page.contains("Service level"), "the ticket shows its SLA");
    assert!(page.contains("Standard"), "and the policy");
    assert!(page.contains("How these times were computed"));
    assert!(page.contains("counted"), "with the steps");

    // Resolving with a code and a note from the ticket page.
    let version = ticket["version"].to_string();
    let form = [
        ("version", version.as_str()),
        ("status", "resolved"),
        ("resolution_code", "workaround"),
        ("resolution_note", "Restarted the spooler"),
    ];
    let (status, _) = agent.post(&format!("/tickets/{}/update", ticket["id"]), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, t) = s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets/{}", ticket["id"]), None).await;
    assert_eq!((t["status"].as_str(), t["resolution_code"].as_str()), (Some("resolved"), Some("workaround")));
    assert_eq!(t["resolution_note"], "Restarted the spooler");
    assert_eq!(t["sla"]["state"], "met");
}

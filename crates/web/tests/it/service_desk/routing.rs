//! Routing through the API and the UI: assignment rules (who may manage them, bad input,
//! reordering), tickets filed through the API being routed, agents marking themselves
//! away, team leads, and the admin pages with hostile names.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    managers_and_administrators_manage_rules_and_staff_read_them,
    bad_rules_are_refused_with_422_and_change_nothing,
    tickets_filed_through_the_api_are_routed_and_agents_away_are_skipped,
    away_is_set_by_agents_for_themselves_and_by_managers_for_their_organisations,
    team_leads_are_set_and_shown_through_the_teams_api,
    the_routing_admin_page_lists_moves_edits_and_escapes_rules,
);

fn vpn_rule(team: i64) -> Value {
    json!({"name": "VPN", "keywords": ["vpn", "tunnel"], "team_id": team, "method": "round_robin", "kind": "incident"})
}

fn names_and_positions(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["position"].as_i64().unwrap()))
        .collect()
}

async fn managers_and_administrators_manage_rules_and_staff_read_them(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let path = "/api/v1/assignment-rules";
    let (status, vpn) = s.api(Some(&fx.manager), Method::POST, path, Some(vpn_rule(fx.team))).await;
    assert_eq!(status, StatusCode::CREATED, "{vpn}");
    for (field, value) in [
        ("name", json!("VPN")),
        ("position", json!(1)),
        ("active", json!(true)),
        ("kind", json!("incident")),
        ("category_id", Value::Null),
        // A manager's rule belongs to their organisation unless they name one of its own.
        ("organisation_id", json!(fx.acme)),
        ("keywords", json!(["vpn", "tunnel"])),
        ("team_id", json!(fx.team)),
        ("method", json!("round_robin")),
    ] {
        assert_eq!(vpn[field], value, "{field} in {vpn}");
    }
    let vpn_id = vpn["id"].as_i64().unwrap();
    let hardware = json!({"name": "Hardware", "category_id": fx.category, "organisation_id": fx.acme,
        "keywords": "Printer, toner", "team_id": fx.team, "method": "least_loaded"});
    let (status, hw) = s.api(Some(&fx.admin), Method::POST, path, Some(hardware)).await;
    assert_eq!(status, StatusCode::CREATED, "{hw}");
    assert_eq!((hw["position"].as_i64(), &hw["keywords"]), (Some(2), &json!(["printer", "toner"])));
    // A rule for every organisation needs a team that serves every organisation: the
    // fixture's team serves Acme (and Labs) only.
    let global = json!({"name": "Catch-all", "team_id": fx.team, "method": "team", "position": 1});
    let (status, body) = s.api(Some(&fx.admin), Method::POST, path, Some(global)).await;
    assert_eq!((status, &body["errors"][0]["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("team_id")));
    let first =
        json!({"name": "Catch-all", "team_id": fx.team, "method": "team", "position": 1, "organisation_id": fx.acme});
    let (status, _) = s.api(Some(&fx.admin), Method::POST, path, Some(first)).await;
    assert_eq!(status, StatusCode::CREATED);

    for reader in [&fx.agent, &fx.auditor, &fx.manager] {
        let (status, list) = s.api(Some(reader), Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK);
        let expected = [("Catch-all".to_string(), 1), ("VPN".to_string(), 2), ("Hardware".to_string(), 3)];
        assert_eq!(names_and_positions(&list), expected);
    }
    // Rules of Acme are not shown to an agent of Other Corp.
    let (_, list) = s.api(Some(&fx.foreign_agent), Method::GET, path, None).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let hw_path = format!("{path}/{}", hw["id"]);
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::GET, &hw_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Only managers and administrators change rules.
    let (status, _) = s.api(Some(&fx.agent), Method::POST, path, Some(vpn_rule(fx.team))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let vpn_path = format!("{path}/{vpn_id}");
    let (status, _) = s.api(Some(&fx.agent), Method::PATCH, &vpn_path, Some(json!({"active": false}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.api(Some(&fx.auditor), Method::DELETE, &vpn_path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (method, body) in [(Method::GET, None), (Method::POST, Some(vpn_rule(fx.team)))] {
        let (status, _) = s.api(Some(&fx.requester), method.clone(), path, body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "requester {method}");
        let (status, _) = s.api(None, method.clone(), path, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {method}");
    }

    // Reordering: the last rule moves to the top; a position past the end goes last.
    let (status, moved) = s.api(Some(&fx.manager), Method::PATCH, &hw_path, Some(json!({"position": 1}))).await;
    assert_eq!((status, moved["position"].as_i64()), (StatusCode::OK, Some(1)));
    assert_eq!(moved["keywords"], json!(["printer", "toner"]), "a move changes nothing else");
    let (_, moved) = s.api(Some(&fx.manager), Method::PATCH, &vpn_path, Some(json!({"position": 99}))).await;
    assert_eq!(moved["position"], 3);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, path, None).await;
    let expected = [("Hardware".to_string(), 1), ("Catch-all".to_string(), 2), ("VPN".to_string(), 3)];
    assert_eq!(names_and_positions(&list), expected);

    // Clearing conditions with null, replacing keywords with a text.
    let change = json!({"kind": null, "keywords": "VPN,  ipsec", "method": "least_loaded", "active": false});
    let (status, vpn) = s.api(Some(&fx.manager), Method::PATCH, &vpn_path, Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{vpn}");
    assert_eq!((&vpn["kind"], &vpn["keywords"]), (&Value::Null, &json!(["vpn", "ipsec"])));
    assert_eq!((&vpn["method"], &vpn["active"], &vpn["name"]), (&json!("least_loaded"), &json!(false), &json!("VPN")));

    let (status, _) = s.api(Some(&fx.manager), Method::DELETE, &hw_path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.api(Some(&fx.manager), Method::GET, &hw_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&fx.manager), Method::DELETE, &hw_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, path, None).await;
    assert_eq!(names_and_positions(&list), [("Catch-all".to_string(), 1), ("VPN".to_string(), 2)]);
}

async fn bad_rules_are_refused_with_422_and_change_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let path = "/api/v1/assignment-rules";
    for (field, value) in [
        ("team_id", json!(999_999)),
        ("team_id", json!("Service Desk")),
        ("method", json!("random")),
        ("method", json!("Round_Robin")),
        ("kind", json!("outage")),
        ("category_id", json!(-1)),
        ("organisation_id", json!(999_999)),
        ("organisation_id", json!(fx.other_corp)),
        ("position", json!(0)),
        ("name", json!("")),
        ("name", json!("x".repeat(500))),
        ("name", json!("two\nlines")),
        ("keywords", json!(["x".repeat(101)])),
        ("keywords", json!((0..51).map(|i| format!("k{i}")).collect::<Vec<_>>())),
        ("keywords", json!(7)),
        ("surprise", json!(true)),
    ] {
        let mut body = vpn_rule(fx.team);
        body[field] = value;
        let (status, reply) = s.api(Some(&fx.manager), Method::POST, path, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {reply}");
        assert!(reply["errors"][0]["detail"].is_string(), "{reply}");
        let named = ["team_id", "category_id", "organisation_id", "position", "name", "keywords"];
        if named.contains(&field) && reply["errors"][0]["code"] == "invalid" {
            assert_eq!(reply["errors"][0]["field"], field, "{reply}");
        }
    }
    let mut missing = vpn_rule(fx.team);
    missing.as_object_mut().unwrap().remove("team_id");
    let (status, _) = s.api(Some(&fx.manager), Method::POST, path, Some(missing)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, path, None).await;
    assert_eq!(list, json!([]), "nothing was created");

    let (_, rule) = s.api(Some(&fx.manager), Method::POST, path, Some(vpn_rule(fx.team))).await;
    let rule_path = format!("{path}/{}", rule["id"]);
    let (status, _) = s.api(Some(&fx.manager), Method::POST, path, Some(vpn_rule(fx.team))).await;
    assert_eq!(status, StatusCode::CONFLICT, "names are unique");
    for bad in [json!({"team_id": 999_999}), json!({"method": "random"}), json!({"position": -3}), json!({"name": " "})]
    {
        let (status, reply) = s.api(Some(&fx.manager), Method::PATCH, &rule_path, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {reply}");
    }
    let (_, after) = s.api(Some(&fx.manager), Method::GET, &rule_path, None).await;
    assert_eq!(after, rule, "a refused change changes nothing");
    for bad_id in ["999999", "abc", "-1"] {
        let (status, _) = s.api(Some(&fx.manager), Method::PATCH, &format!("{path}/{bad_id}"), Some(json!({}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad_id}");
    }
}

async fn tickets_filed_through_the_api_are_routed_and_agents_away_are_skipped(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let (status, _) = s.api(Some(&fx.manager), Method::POST, "/api/v1/assignment-rules", Some(vpn_rule(fx.team))).await;
    assert_eq!(status, StatusCode::CREATED);

    let t = s.ticket(&fx.requester, "The VPN keeps dropping").await;
    assert_eq!((t["team_id"].as_i64(), t["assignee_id"].as_i64()), (Some(fx.team), Some(fx.agent.id)), "{t}");
    assert_eq!((t["team_name"].as_str(), t["status"].as_str()), (Some("Service Desk"), Some("assigned")));
    let (_, history) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{}/history", t["id"]), None).await;
    let routed: Vec<&Value> = history.as_array().unwrap().iter().filter(|h| h["field"] == "routed").collect();
    assert_eq!(routed.len(), 1, "{history}");
    assert_eq!(routed[0]["new_value"], "VPN");
    let agent = s.session(&fx.agent).await;
    let (_, page) = agent.get(&format!("/tickets/{}", t["id"])).await;
    assert!(page.contains("routed by rule “VPN”"), "the ticket page says which rule routed it");

    let unrelated = s.ticket(&fx.requester, "Printer out of toner").await;
    assert_eq!((unrelated["team_id"].as_i64(), unrelated["assignee_id"].as_i64()), (None, None));

    // The only member marks himself away: the next VPN ticket stays with the team.
    let me = format!("/api/v1/users/{}", fx.agent.id);
    let (status, user) = s.api(Some(&fx.agent), Method::PATCH, &me, Some(json!({"away": true}))).await;
    assert_eq!((status, &user["away"]), (StatusCode::OK, &json!(true)), "{user}");
    let t = s.ticket(&fx.requester, "vpn again").await;
    assert_eq!((t["team_id"].as_i64(), t["assignee_id"].as_i64()), (Some(fx.team), None));
    assert_eq!(t["status"], "new");

    // A team given at filing is kept as it is.
    let body = json!({"subject": "VPN for the desk", "team_id": fx.team});
    let (status, t) = s.api(Some(&fx.manager), Method::POST, "/api/v1/tickets", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, history) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{}/history", t["id"]), None).await;
    assert!(history.as_array().unwrap().iter().all(|h| h["field"] != "routed"), "{history}");
}

async fn away_is_set_by_agents_for_themselves_and_by_managers_for_their_organisations(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let user = |p: &common::Person| format!("/api/v1/users/{}", p.id);
    let away = || Some(json!({"away": true}));
    let (status, _) = s.api(Some(&fx.agent), Method::PATCH, &user(&fx.manager), away()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an agent marks only themselves");
    let (status, _) =
        s.api(Some(&fx.agent), Method::PATCH, &user(&fx.agent), Some(json!({"away": true, "role": "admin"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "and changes nothing else");
    let (status, _) = s.api(Some(&fx.requester), Method::PATCH, &user(&fx.requester), away()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "requesters are never routed tickets");
    let (status, _) = s.api(Some(&fx.requester), Method::PATCH, &user(&fx.agent), away()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the route refuses requesters, whoever they name");
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::PATCH, &user(&fx.agent), away()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "other organisations' people are not found");
    let (status, _) = s.api(Some(&fx.manager), Method::PATCH, &user(&fx.foreign_agent), away()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&fx.manager), Method::PATCH, &user(&fx.agent), Some(json!({"away": "yes"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, agent) = s.api(Some(&fx.agent), Method::GET, "/api/v1/me", None).await;
    assert_eq!((&agent["away"], &agent["role"]), (&json!(false), &json!("agent")), "nothing changed");

    let (status, agent) = s.api(Some(&fx.manager), Method::PATCH, &user(&fx.labs_agent), away()).await;
    assert_eq!((status, &agent["away"]), (StatusCode::OK, &json!(true)), "a subsidiary is in the manager's scope");
    let (status, agent) =
        s.api(Some(&fx.admin), Method::PATCH, &user(&fx.labs_agent), Some(json!({"away": false}))).await;
    assert_eq!((status, &agent["away"]), (StatusCode::OK, &json!(false)));
    let (status, renamed) =
        s.api(Some(&fx.admin), Method::PATCH, &user(&fx.agent), Some(json!({"name": "Agnes"}))).await;
    assert_eq!((status, &renamed["name"], &renamed["away"]), (StatusCode::OK, &json!("Agnes"), &json!(false)));

    // The account page's toggle.
    let session = s.session(&fx.agent).await;
    let (_, page) = session.get("/account").await;
    assert!(page.contains("I&#39;m away") || page.contains("I'm away"), "staff see the toggle");
    let (status, page) = session.post("/account/away", &[("away", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("You are marked away"));
    let (_, me) = s.api(Some(&fx.agent), Method::GET, "/api/v1/me", None).await;
    assert_eq!(me["away"], true);
    let (_, _) = session.post("/account/away", &[("away", "false")]).await;
    let (_, me) = s.api(Some(&fx.agent), Method::GET, "/api/v1/me", None).await;
    assert_eq!(me["away"], false);
    let requester = s.session(&fx.requester).await;
    let (_, page) = requester.get("/account").await;
    assert!(!page.contains("/account/away"), "requesters have no toggle");
    let (status, _) = requester.post("/account/away", &[("away", "true")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The routing page: a manager marks staff of their organisations away and back.
    let manager = s.session(&fx.manager).await;
    let (_, page) = manager.get("/admin/routing").await;
    let toggle = format!("/admin/routing/away/{}", fx.agent.id);
    assert!(page.contains("Who is away") && page.contains(&toggle), "{page}");
    assert!(!page.contains(&format!("/admin/routing/away/{}", fx.foreign_agent.id)), "only their own staff");
    let (status, _) = manager.post(&toggle, &[("away", "true")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, me) = s.api(Some(&fx.agent), Method::GET, "/api/v1/me", None).await;
    assert_eq!(me["away"], true);
    let (_, page) = manager.get("/admin/routing?saved=away").await;
    assert!(page.contains("Mark back") && page.contains("Saved: routing gives no new tickets"), "{page}");
    let (status, _) = manager.post(&format!("/admin/routing/away/{}", fx.foreign_agent.id), &[("away", "true")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "other organisations' people are not found");
    let (status, _) = session.post(&format!("/admin/routing/away/{}", fx.manager.id), &[("away", "true")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "agents do not mark others");
    manager.post(&toggle, &[("away", "false")]).await;
    let (_, me) = s.api(Some(&fx.agent), Method::GET, "/api/v1/me", None).await;
    assert_eq!(me["away"], false);
}

async fn team_leads_are_set_and_shown_through_the_teams_api(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let team = format!("/api/v1/teams/{}", fx.team);
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &team, None).await;
    assert_eq!(t["lead_id"], Value::Null, "{t}");
    let body = json!({"name": "Service Desk", "member_ids": [fx.agent.id], "lead_id": fx.manager.id});
    let (status, t) = s.api(Some(&fx.manager), Method::PATCH, &team, Some(body)).await;
    assert_eq!((status, t["lead_id"].as_i64()), (StatusCode::OK, Some(fx.manager.id)), "{t}");
    let (_, t) = s.api(Some(&fx.auditor), Method::GET, &team, None).await;
    assert_eq!(t["lead_id"].as_i64(), Some(fx.manager.id));
    let keep = json!({"name": "Service Desk", "member_ids": [fx.agent.id]});
    let (_, t) = s.api(Some(&fx.manager), Method::PATCH, &team, Some(keep)).await;
    assert_eq!(t["lead_id"].as_i64(), Some(fx.manager.id), "absent keeps the lead");
    for bad in [json!(fx.requester.id), json!(999_999), json!("boss")] {
        let body = json!({"name": "Service Desk", "member_ids": [fx.agent.id], "lead_id": bad});
        let (status, reply) = s.api(Some(&fx.manager), Method::PATCH, &team, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {reply}");
    }
    let (_, t) = s.api(Some(&fx.manager), Method::GET, &team, None).await;
    assert_eq!(t["lead_id"].as_i64(), Some(fx.manager.id), "refused changes change nothing");
    let clear = json!({"name": "Service Desk", "member_ids": [fx.agent.id], "lead_id": null});
    let (_, t) = s.api(Some(&fx.manager), Method::PATCH, &team, Some(clear)).await;
    assert_eq!(t["lead_id"], Value::Null);
    let new = json!({"name": "Network", "lead_id": fx.agent.id});
    let (status, t) = s.api(Some(&fx.admin), Method::POST, "/api/v1/teams", Some(new)).await;
    assert_eq!((status, t["lead_id"].as_i64()), (StatusCode::CREATED, Some(fx.agent.id)));

    // The team page picks the lead.
    let manager = s.session(&fx.manager).await;
    let lead = fx.agent.id.to_string();
    let form = [("name", "Service Desk"), ("member", lead.as_str()), ("lead_id", lead.as_str())];
    let (status, page) = manager.post(&format!("/admin/teams/{}", fx.team), &form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("<option value=\"{lead}\" selected>")), "the page shows the lead");
    let (_, t) = s.api(Some(&fx.manager), Method::GET, &team, None).await;
    assert_eq!(t["lead_id"].as_i64(), Some(fx.agent.id));
}

async fn the_routing_admin_page_lists_moves_edits_and_escapes_rules(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let manager = s.session(&fx.manager).await;
    let team = fx.team.to_string();
    let hostile = "<script>alert(1)</script> VPN";
    let rule = [
        ("name", hostile),
        ("team_id", team.as_str()),
        ("method", "round_robin"),
        ("keywords", "vpn, <b>tunnel</b>"),
        ("active", "on"),
    ];
    let (status, page) = manager.post("/admin/routing", &rule).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let second = [("name", "Everything else"), ("team_id", team.as_str()), ("method", "team"), ("active", "on")];
    let (status, _) = manager.post("/admin/routing", &second).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = manager.get("/admin/routing").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<script>alert(1)") && !page.contains("<b>tunnel"), "names and keywords are escaped");
    assert!(page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"), "{page}");
    assert!(page.contains("Round robin") && page.contains("Team only"));

    let (_, list) = s.api(Some(&fx.manager), Method::GET, "/api/v1/assignment-rules", None).await;
    let (first, last) = (list[0]["id"].as_i64().unwrap(), list[1]["id"].as_i64().unwrap());
    assert_eq!(list[0]["keywords"], json!(["vpn", "<b>tunnel</b>"]));
    let (status, _) = manager.post(&format!("/admin/routing/{last}/move"), &[("direction", "up")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, "/api/v1/assignment-rules", None).await;
    assert_eq!((list[0]["id"].as_i64(), list[1]["id"].as_i64()), (Some(last), Some(first)));
    let (status, _) = manager.post(&format!("/admin/routing/{last}/move"), &[("direction", "sideways")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A mistake shows the form again with what was wrong and the input kept.
    let bad = [("name", "Broken"), ("team_id", "999999"), ("method", "least_loaded"), ("keywords", "printer")];
    let (status, page) = manager.post(&format!("/admin/routing/{first}"), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("team id: no such team") && page.contains("value=\"printer\""), "{page}");
    let edit = [("name", "VPN"), ("team_id", team.as_str()), ("method", "least_loaded"), ("keywords", "printer")];
    let (status, _) = manager.post(&format!("/admin/routing/{first}"), &edit).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, rule) = s.api(Some(&fx.manager), Method::GET, &format!("/api/v1/assignment-rules/{first}"), None).await;
    assert_eq!(
        (&rule["name"], &rule["method"], &rule["active"]),
        (&json!("VPN"), &json!("least_loaded"), &json!(false))
    );
    assert_eq!(rule["position"], 2, "editing keeps the place");
    let (_, page) = manager.get(&format!("/admin/routing/{first}")).await;
    assert!(page.contains("value=\"printer\"") && page.contains("<option value=\"least_loaded\" selected>"));

    let (status, _) = manager.post(&format!("/admin/routing/{last}/delete"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = s.api(Some(&fx.manager), Method::GET, "/api/v1/assignment-rules", None).await;
    assert_eq!(names_and_positions(&list), [("VPN".to_string(), 1)]);

    let agent = s.session(&fx.agent).await;
    let (status, _) = agent.get("/admin/routing").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = agent.post("/admin/routing", &second).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, index) = manager.get("/admin").await;
    assert!(index.contains("href=\"/admin/routing\""));
}

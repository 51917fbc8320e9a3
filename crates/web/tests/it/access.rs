//! Every route the server serves, every caller (anonymous and each role), with the exact
//! answer derived from the route's declared access and its module's role matrix: let in;
//! 401 on the API and the login page for pages when signed out; 403 for a role without
//! the capability; and, for the few records of the fixture a role may not see or change
//! although the route lets it in, the 404 or 403 listed in `RECORDS`.

use crate::common;

use std::collections::BTreeSet;

use common::{Person, TestServer, UiSession};
use helmdesk_domain::Role;
use helmdesk_store::{Backend, backend_tests};
use helmdesk_web::routes::{Access, Route};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Where the fixture's record answers other than the route's declared access says: the
/// route lets the role in, but the record is one it may not see (404) or may see but not
/// change (403). Everything else is derived from the routes' declarations and their
/// modules' matrices.
const RECORDS: &[(&str, &str, &str, u16)] = &[
    // A view the manager shares with staff: requesters do not see it; staff who did not
    // write it may use it, not change it.
    ("GET", "/api/v1/views/{id}", "requester", 404),
    ("PATCH", "/api/v1/views/{id}", "requester", 404),
    ("PATCH", "/api/v1/views/{id}", "agent", 403),
    ("PATCH", "/api/v1/views/{id}", "auditor", 403),
    ("DELETE", "/api/v1/views/{id}", "requester", 404),
    ("DELETE", "/api/v1/views/{id}", "agent", 403),
    ("DELETE", "/api/v1/views/{id}", "auditor", 403),
    ("POST", "/tickets/views/{id}/delete", "requester", 404),
    ("POST", "/tickets/views/{id}/delete", "agent", 403),
    ("POST", "/tickets/views/{id}/delete", "auditor", 403),
];

/// The callers: nobody, then each role's person of the fixture.
const CALLERS: [&str; 6] = ["anonymous", "requester", "agent", "manager", "admin", "auditor"];

backend_tests!(every_route_answers_each_caller_as_its_declaration_says);

#[tokio::test]
async fn the_record_exceptions_name_served_routes_and_real_roles() {
    let server = TestServer::start(Backend::Sqlite).await;
    let (_, routes) = helmdesk_web::build(server.app.clone(), helmdesk_web::WebSettings::default());
    for (method, path, role, status) in RECORDS {
        assert!(routes.iter().any(|r| r.method == *method && r.path == *path), "{method} {path} is not served");
        assert!(Role::ALL.iter().any(|r| r.as_str() == *role), "{role} is not a role");
        assert!(matches!(status, 403 | 404), "{method} {path}: an exception is a 403 or a 404");
    }
}

#[test]
fn every_role_has_a_caller_in_the_fixture() {
    let roles: BTreeSet<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let callers: BTreeSet<&str> = CALLERS[1..].iter().copied().collect();
    assert_eq!(roles, callers, "a new role needs a person in the fixture and a place in CALLERS");
}

/// What a caller must get from a route: let in (`None`), or refused with exactly this
/// status (`SEE_OTHER`: a page that sends the caller to the login page).
fn expected(route: &Route, caller: &str) -> Option<StatusCode> {
    let page = !route.path.starts_with("/api/");
    let signed_out = if page { StatusCode::SEE_OTHER } else { StatusCode::UNAUTHORIZED };
    match (&route.access, caller) {
        (Access::Public, _) => None,
        (_, "anonymous") => Some(signed_out),
        (Access::Can { roles, .. }, role) if !roles.contains(&role) => Some(StatusCode::FORBIDDEN),
        _ => RECORDS
            .iter()
            .find(|(m, p, r, _)| *m == route.method && *p == route.path && *r == caller)
            .map(|(_, _, _, status)| StatusCode::from_u16(*status).expect("a status")),
    }
}

struct Ids {
    ticket: i64,
    /// A major incident, so that stakeholder updates can be posted.
    major: i64,
    /// A shared canned response.
    canned: i64,
    attachment: i64,
    calendar: i64,
    policy: i64,
    rule: i64,
}

fn who(server: &TestServer, role: usize) -> Option<&Person> {
    let fx = &server.fx;
    [None, Some(&fx.requester), Some(&fx.agent), Some(&fx.manager), Some(&fx.admin), Some(&fx.auditor)][role]
}

/// A fresh token of `person` (or of the requester, for anonymous callers).
async fn fresh_token(server: &TestServer, person: Option<&Person>) -> i64 {
    let owner = person.unwrap_or(&server.fx.requester);
    let actor = server.app.actor_by_id(owner.id).await.unwrap();
    server.app.create_token(&actor, "to revoke").await.unwrap().0.id
}

/// A calendar and a policy counting in it, made by the fixture's manager.
async fn sla_records(server: &TestServer) -> (i64, i64) {
    let manager = server.app.actor_by_id(server.fx.manager.id).await.unwrap();
    let calendar: helmdesk_app::service_desk::sla::CalendarInput = serde_json::from_value(calendar_body()).unwrap();
    let calendar = server.app.create_calendar(&manager, calendar).await.unwrap().id;
    let policy: helmdesk_app::service_desk::sla::SlaPolicyInput =
        serde_json::from_value(policy_body(calendar)).unwrap();
    (calendar, server.app.create_sla_policy(&manager, policy).await.unwrap().id)
}

/// A fresh view the manager shares with all staff.
async fn shared_view(server: &TestServer) -> i64 {
    let manager = server.app.actor_by_id(server.fx.manager.id).await.unwrap();
    let view: helmdesk_app::service_desk::views::NewView = serde_json::from_value(view_body()).unwrap();
    server.app.create_view(&manager, view).await.unwrap().id
}

/// An automation rule of its own, made by the fixture's manager.
async fn automation_record(server: &TestServer) -> i64 {
    let manager = server.app.actor_by_id(server.fx.manager.id).await.unwrap();
    let input = serde_json::from_value(automation_body()).unwrap();
    server.app.create_automation_rule(&manager, input).await.unwrap().id
}

fn automation_body() -> Value {
    json!({"name": unique("Rule"), "trigger": "created", "active": false,
           "actions": [{"type": "add_comment", "body": "Thanks", "internal": true}]})
}

/// A mailbox of its own, made by the fixture's administrator.
async fn mailbox_record(server: &TestServer) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let input = serde_json::from_value(mailbox_body()).unwrap();
    server.app.create_mailbox(&admin, input).await.unwrap().id
}

/// A webhook of its own to a closed port on this machine (allowed by the settings), made
/// by the fixture's administrator: a test delivery fails at once.
async fn webhook_record(server: &TestServer) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let settings = serde_json::from_value(webhook_settings_body()).unwrap();
    server.app.set_webhook_settings(&admin, settings).await.unwrap();
    let input = serde_json::from_value(webhook_body()).unwrap();
    server.app.create_webhook(&admin, input).await.unwrap().id
}

fn webhook_body() -> Value {
    json!({"name": unique("Webhook"), "url": "http://127.0.0.1:1/hook", "events": ["ticket.created"], "secret": "s"})
}

fn webhook_settings_body() -> Value {
    json!({"allowed_hosts": ["127.0.0.1"]})
}

fn mailbox_body() -> Value {
    json!({"name": unique("Mailbox"), "address": "support@acme.example", "host": "imap.acme.example",
           "username": "support", "password": "secret", "active": false})
}

fn view_body() -> Value {
    json!({"name": unique("View"), "query": "status=open", "shared": true})
}

/// A major incident of the requester, and a shared canned response made by the manager.
async fn queue_records(server: &TestServer) -> (i64, i64) {
    let manager = server.app.actor_by_id(server.fx.manager.id).await.unwrap();
    let major = server.ticket(&server.fx.requester, "Everything is down").await["id"].as_i64().unwrap();
    let patch = serde_json::from_value(json!({"major_incident": true})).unwrap();
    server.app.update_ticket(&manager, major, patch, None).await.unwrap();
    let input = serde_json::from_value(json!({"title": "Shared", "body": "Hello", "shared": true})).unwrap();
    (major, server.app.create_canned_response(&manager, input).await.unwrap().id)
}

/// An assignment rule to the fixture's team, made by the fixture's manager.
async fn rule_record(server: &TestServer) -> i64 {
    let manager = server.app.actor_by_id(server.fx.manager.id).await.unwrap();
    let rule: helmdesk_app::service_desk::routing::AssignmentRuleInput =
        serde_json::from_value(rule_body(server)).unwrap();
    server.app.create_assignment_rule(&manager, rule).await.unwrap().id
}

fn rule_body(server: &TestServer) -> Value {
    json!({"name": unique("Rule"), "team_id": server.fx.team, "method": "round_robin", "keywords": ["access"]})
}

fn calendar_body() -> Value {
    json!({"name": unique("Calendar"), "time_zone": "Europe/Amsterdam", "week": {"monday": ["08:00-17:00"]}})
}

fn policy_body(calendar: i64) -> Value {
    json!({"name": unique("Policy"), "calendar_id": calendar, "targets": [{"priority": 3, "response_minutes": 60, "resolution_minutes": 480}]})
}

async fn path_for(server: &TestServer, ids: &Ids, method: &str, path: &str, person: Option<&Person>) -> String {
    let fx = &server.fx;
    let sla_paths = ["/api/v1/calendars/", "/api/v1/sla-policies/", "/admin/calendars/", "/admin/sla-policies/"];
    let rule_paths = ["/api/v1/assignment-rules/", "/admin/routing/"];
    let id = if path.starts_with("/admin/routing/away/") {
        fx.agent.id
    } else if rule_paths.iter().any(|p| path.starts_with(p)) && !path.ends_with("/new") {
        // Deleting needs a record of its own each time.
        if method == "DELETE" || path.ends_with("/delete") { rule_record(server).await } else { ids.rule }
    } else if sla_paths.iter().any(|p| path.starts_with(p)) && !path.ends_with("/new") {
        // Deleting needs a record of its own each time.
        let deleting = method == "DELETE" || path.ends_with("/delete");
        let (calendar, policy) = if deleting { sla_records(server).await } else { (ids.calendar, ids.policy) };
        match (path.contains("calendars"), deleting) {
            (true, true) => {
                server.app.store().delete_sla_policy(policy).await.unwrap();
                calendar
            }
            (true, false) => calendar,
            (false, _) => policy,
        }
    } else if path.contains("/views/") {
        shared_view(server).await
    } else if path.starts_with("/api/v1/automation-rules/") || path.starts_with("/admin/automation/") {
        automation_record(server).await
    } else if path.starts_with("/api/v1/mail/mailboxes/") || path.starts_with("/admin/mail/mailboxes/") {
        mailbox_record(server).await
    } else if path.starts_with("/api/v1/mail/inbound/") || path.starts_with("/admin/mail/inbound/") {
        let raw = b"From: someone@customer.example\r\nSubject: hi\r\n\r\nhello\r\n";
        server.app.receive_mail(Default::default(), raw).await.unwrap().unwrap()
    } else if (path.starts_with("/api/v1/webhooks/") || path.starts_with("/admin/webhooks/")) && path.contains("{id}") {
        webhook_record(server).await
    } else if path.starts_with("/api/v1/users/") {
        fx.agent.id
    } else if path.starts_with("/admin/users/") {
        fx.colleague.id
    } else if path.contains("/teams/") {
        fx.team
    } else if path.contains("/categories/") {
        fx.category
    } else if path.contains("/organisations/") {
        fx.labs
    } else if path.contains("/attachments/{id}") && !path.contains("tickets") {
        ids.attachment
    } else if path.starts_with("/canned-responses/{id}") || path.contains("/api/v1/canned-responses/{id}") {
        own_canned_response(server, ids, person).await
    } else if path.contains("/major-updates") {
        ids.major
    } else if path.ends_with("/merge") {
        // Each merge closes a ticket of its own.
        server.ticket(&fx.requester, "To merge").await["id"].as_i64().unwrap()
    } else if path.contains("/admin/tokens/") {
        fresh_token(server, Some(&fx.requester)).await
    } else if path.contains("/tokens/") {
        fresh_token(server, person).await
    } else {
        ids.ticket
    };
    let me = person.unwrap_or(&fx.requester).id;
    let mut path = path
        .replace("{id}", &id.to_string())
        .replace("{canned_id}", &ids.canned.to_string())
        .replace("{event}", "reply")
        .replace("{language}", "de");
    if path.contains("{link_id}") {
        path = path.replace("{link_id}", &fresh_link(server, id).await.to_string());
    }
    if path.contains("{token}") {
        let url = server.app.survey_url(ids.ticket).await.unwrap();
        path = path.replace("{token}", url.rsplit('/').next().unwrap());
    }
    if path.contains("{user_id}") {
        // Stopping watching needs someone watching: the caller.
        server.app.store().add_watcher(id, me, server.app.now_micros()).await.unwrap();
        path = path.replace("{user_id}", &me.to_string());
    }
    path
}

/// A link of the ticket to a change of its own, made by the fixture's agent.
async fn fresh_link(server: &TestServer, ticket: i64) -> i64 {
    let agent = server.app.actor_by_id(server.fx.agent.id).await.unwrap();
    let input =
        serde_json::from_value(json!({"kind": "caused_by_change", "change_ref": format!("CHG-{}", uuid_like())}));
    server.app.add_link(&agent, ticket, input.unwrap()).await.unwrap().id
}

/// A canned response staff `person` may change (their own); the shared one for others.
async fn own_canned_response(server: &TestServer, ids: &Ids, person: Option<&Person>) -> i64 {
    let Some(p) = person.filter(|p| matches!(p.role, "agent" | "manager" | "admin")) else {
        return ids.canned;
    };
    let actor = server.app.actor_by_id(p.id).await.unwrap();
    let input = serde_json::from_value(json!({"title": unique("Mine"), "body": "Hello {{requester.name}}"})).unwrap();
    server.app.create_canned_response(&actor, input).await.unwrap().id
}

fn unique(prefix: &str) -> String {
    format!("{prefix} {}", uuid_like())
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

fn api_body(method: &str, path: &str, server: &TestServer, ids: &Ids) -> Option<Value> {
    let fx = &server.fx;
    match (method, path) {
        ("POST", "/api/v1/calendars") => Some(calendar_body()),
        ("PATCH", p) if p.contains("/calendars/") => Some(calendar_body()),
        ("POST", "/api/v1/sla-policies") => Some(policy_body(ids.calendar)),
        ("PATCH", p) if p.contains("/sla-policies/") => Some(policy_body(ids.calendar)),
        ("POST", "/api/v1/assignment-rules") => Some(rule_body(server)),
        ("PATCH", p) if p.contains("/assignment-rules/") => Some(json!({"keywords": ["vpn"]})),
        ("PATCH", "/api/v1/users/{id}") => Some(json!({"away": true})),
        ("POST", "/api/v1/teams") => Some(json!({"name": unique("Team")})),
        ("PATCH", p) if p.contains("/teams/") => Some(json!({"name": "Service Desk", "member_ids": [fx.agent.id]})),
        ("POST", "/api/v1/categories") => Some(json!({"name": unique("Category")})),
        ("PATCH", p) if p.contains("/categories/") => Some(json!({"name": "Hardware"})),
        ("POST", "/api/v1/tickets") => Some(json!({"subject": "Access test"})),
        ("PATCH", p) if p.contains("/tickets/") => Some(json!({"urgency": "high"})),
        ("POST", p) if p.ends_with("/comments") => Some(json!({"body": "hello"})),
        ("POST", "/api/v1/tokens") => Some(json!({"name": "another"})),
        ("POST", "/api/v1/views") => Some(json!({"name": unique("View"), "query": "status=open"})),
        ("PATCH", p) if p.contains("/views/") => Some(view_body()),
        ("POST", "/api/v1/tickets/bulk") => Some(json!({"ids": [ids.ticket], "patch": {"urgency": "high"}})),
        ("POST", p) if p.ends_with("/links") => {
            Some(json!({"kind": "caused_by_change", "change_ref": format!("CHG-{}", uuid_like())}))
        }
        ("POST", p) if p.ends_with("/merge") => Some(json!({"into_id": ids.ticket})),
        ("POST", p) if p.ends_with("/major-updates") => Some(json!({"body": "Still investigating"})),
        ("POST", p) if p.ends_with("/time-entries") => Some(json!({"duration": "15m", "note": "triage"})),
        ("POST", "/api/v1/canned-responses") => Some(json!({"title": unique("Canned"), "body": "Hi"})),
        ("PATCH", p) if p.contains("/canned-responses/") => Some(json!({"title": unique("Renamed")})),
        ("PUT", "/api/v1/mail/settings") => Some(json!({})),
        ("PUT", p) | ("POST", p) if p.starts_with("/api/v1/notification-templates/") => Some(
            json!({"subject": "[{{ticket.number}}] {{ticket.subject}}", "body_text": "Hallo", "body_html": "<p>Hallo</p>"}),
        ),
        ("PUT", "/api/v1/me/notification-preferences") => Some(json!({"language": "en", "email_events": ["reply"]})),
        ("POST", "/api/v1/automation-rules") | ("PUT", "/api/v1/automation-rules/{id}") => Some(automation_body()),
        ("POST", p) if p.starts_with("/api/v1/automation-rules/") && p.ends_with("/move") => {
            Some(json!({"position": 1}))
        }
        ("POST", "/api/v1/webhooks") => Some(webhook_body()),
        ("PATCH", "/api/v1/webhooks/{id}") => Some(json!({"events": ["ticket.resolved"]})),
        ("PUT", "/api/v1/webhooks/settings") => Some(webhook_settings_body()),
        ("POST", "/api/v1/mail/mailboxes") | ("PUT", "/api/v1/mail/mailboxes/{id}") => Some(mailbox_body()),
        _ => None,
    }
}

async fn call_api(
    server: &TestServer,
    ids: &Ids,
    person: Option<&Person>,
    method: &str,
    path: &str,
    template: &str,
) -> StatusCode {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    if template.ends_with("/attachments") && method == Method::POST {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"));
        let mut req = TestServer::client().post(format!("{}{path}", server.base)).multipart(form);
        if let Some(p) = person {
            req = req.bearer_auth(&p.token);
        }
        return req.send().await.unwrap().status();
    }
    let body = if template.ends_with("/watchers") && method == Method::POST {
        Some(json!({"user_id": person.unwrap_or(&server.fx.requester).id}))
    } else {
        api_body(method.as_str(), template, server, ids)
    };
    server.api(person, method.clone(), path, body).await.0
}

async fn ui_form(server: &TestServer, ids: &Ids, template: &str) -> Vec<(String, String)> {
    let fx = &server.fx;
    let f = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    match template {
        "/account/password" => f(&[
            ("current_password", "wrong".into()),
            ("new_password", "x".repeat(12)),
            ("confirm_password", "x".repeat(12)),
        ]),
        "/account/tokens" => f(&[("name", "ui token".into())]),
        "/tickets/bulk" => {
            f(&[("ids", ids.ticket.to_string()), ("action", "assign:none".into()), ("back", "/tickets".into())])
        }
        "/tickets/views" => f(&[("name", unique("View")), ("query", "status=open".into())]),
        "/account/away" => f(&[("away", "true".into())]),
        // Back, not away: the agent stays available to the rest of the table.
        "/admin/routing/away/{id}" => f(&[("away", "false".into())]),
        "/admin/routing" | "/admin/routing/{id}" => f(&[
            ("name", unique("Rule")),
            ("team_id", fx.team.to_string()),
            ("method", "least_loaded".into()),
            ("keywords", "printer, toner".into()),
            ("active", "on".into()),
        ]),
        "/admin/routing/{id}/move" => f(&[("direction", "down".into())]),
        "/tickets/new" => {
            f(&[("subject", "From the form".into()), ("impact", "low".into()), ("urgency", "low".into())])
        }
        "/tickets/{id}/comments" => f(&[("body", "a reply".into()), ("visibility", "public".into())]),
        "/tickets/{id}/update" => {
            let version = server.app.store().ticket(ids.ticket).await.unwrap().ticket.version;
            f(&[("version", version.to_string()), ("urgency", "high".into())])
        }
        "/tickets/{id}/links" => f(&[("kind", "caused_by_change".into()), ("target", format!("CHG-{}", uuid_like()))]),
        "/tickets/{id}/merge" => f(&[("into", ids.ticket.to_string())]),
        "/tickets/{id}/major-updates" => f(&[("body", "Still investigating".into())]),
        "/tickets/{id}/time-entries" => f(&[("duration", "15m".into()), ("note", "triage".into())]),
        "/canned-responses" | "/canned-responses/{id}" => f(&[("title", unique("Canned")), ("body", "Hi".into())]),
        "/admin/users" => f(&[
            ("email", format!("{}@acme.example", uuid_like())),
            ("name", "New Person".into()),
            ("role", "requester".into()),
            ("organisation_id", fx.acme.to_string()),
        ]),
        "/admin/users/{id}" => f(&[
            ("name", "colin".into()),
            ("role", "requester".into()),
            ("organisation_id", fx.acme.to_string()),
            ("department_id", fx.finance.to_string()),
            ("active", "on".into()),
        ]),
        "/admin/teams" => f(&[("name", unique("Team"))]),
        "/admin/webhooks" | "/admin/webhooks/{id}" => f(&[
            ("name", unique("Webhook")),
            ("url", "http://127.0.0.1:1/hook".into()),
            ("format", "slack".into()),
            ("events", "ticket.created".into()),
            ("events", "ticket.resolved".into()),
            ("active", "on".into()),
        ]),
        "/admin/webhooks/settings" => f(&[("allowed_hosts", "127.0.0.1".into())]),
        "/admin/automation/{id}/move" => f(&[("direction", "up".into())]),
        "/admin/automation" | "/admin/automation/{id}" => f(&[
            ("name", unique("Rule")),
            ("trigger", "created".into()),
            ("comment", "Thanks".into()),
            ("comment_internal", "on".into()),
        ]),
        "/admin/notifications/{event}/{language}" => f(&[
            ("subject", "[{{ticket.number}}] {{ticket.subject}}".into()),
            ("body_text", "Hallo".into()),
            ("body_html", "<p>Hallo</p>".into()),
            ("action", "save".into()),
        ]),
        "/account/notifications" => f(&[("language", "en".into()), ("event", "reply".into())]),
        "/survey/{token}" => f(&[("rating", "4".into()), ("comment", "Quick and kind".into())]),
        "/admin/mail/settings" => f(&[
            ("requester_policy", "allow".into()),
            ("max_message_mib", "25".into()),
            ("flood_limit_per_hour", "30".into()),
        ]),
        "/admin/mail/mailboxes" | "/admin/mail/mailboxes/{id}" => f(&[
            ("name", unique("Mailbox")),
            ("address", "support@acme.example".into()),
            ("host", "imap.acme.example".into()),
            ("port", "993".into()),
            ("security", "tls".into()),
            ("username", "support".into()),
            ("password", "secret".into()),
            ("folder", "INBOX".into()),
            ("poll_secs", "60".into()),
        ]),
        "/admin/teams/{id}" => f(&[("name", "Service Desk".into()), ("member", fx.agent.id.to_string())]),
        "/admin/organisations" => f(&[("name", unique("Org"))]),
        "/admin/organisations/{id}" => f(&[("name", "Acme Labs".into()), ("parent_id", fx.acme.to_string())]),
        "/admin/departments" => f(&[("name", unique("Dept")), ("organisation_id", fx.acme.to_string())]),
        "/admin/categories" => f(&[("name", unique("Category"))]),
        "/admin/calendars" | "/admin/calendars/{id}" => f(&[
            ("name", unique("Calendar")),
            ("time_zone", "Europe/Amsterdam".into()),
            ("monday", "08:00-12:00, 13:00-17:00".into()),
            ("holidays", "every 12-25 Christmas Day".into()),
        ]),
        "/admin/sla-policies" | "/admin/sla-policies/{id}" => f(&[
            ("name", unique("Policy")),
            ("calendar_id", ids.calendar.to_string()),
            ("warn_percent", "75".into()),
            ("p3_response", "1h".into()),
            ("p3_resolution", "8h".into()),
            ("active", "on".into()),
        ]),
        "/admin/categories/{id}" => f(&[("name", "Hardware".into()), ("active", "on".into())]),
        _ => Vec::new(),
    }
}

/// Signs in through the form: allowed for everyone.
async fn post_login(server: &TestServer, person: Option<&Person>) -> reqwest::Response {
    let who = person.unwrap_or(&server.fx.requester);
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = client.get(format!("{}/login", server.base)).send().await.unwrap().text().await.unwrap();
    let csrf = common::hidden(&page, "csrf").unwrap();
    client
        .post(format!("{}/login", server.base))
        .form(&[("email", who.email.as_str()), ("password", common::PASSWORD), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

async fn call_ui(
    server: &TestServer,
    ids: &Ids,
    person: Option<&Person>,
    session: Option<&UiSession>,
    method: &str,
    path: &str,
    template: &str,
) -> reqwest::Response {
    if template == "/login" && method == "POST" {
        return post_login(server, person).await;
    }
    let fresh;
    let session = match (template, person) {
        // Signing out ends the session: use one of its own.
        ("/logout", Some(p)) => {
            fresh = server.session(p).await;
            Some(&fresh)
        }
        _ => session,
    };
    let client = session.map(|s| s.client.clone()).unwrap_or_else(TestServer::client);
    let url = format!("{}{path}", server.base);
    if method == "GET" {
        return client.get(url).send().await.unwrap();
    }
    let csrf = session.map(|s| s.csrf.clone()).unwrap_or_default();
    if template == "/tickets/{id}/attachments" {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"));
        return client.post(url).multipart(form).send().await.unwrap();
    }
    let mut fields = ui_form(server, ids, template).await;
    fields.push(("csrf".into(), csrf));
    client.post(url).form(&fields).send().await.unwrap()
}

async fn every_route_answers_each_caller_as_its_declaration_says(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (_, routes) = helmdesk_web::build(server.app.clone(), helmdesk_web::WebSettings::default());
    let ticket = server.ticket(&server.fx.requester, "Visible to every role").await["id"].as_i64().unwrap();
    let actor = server.app.actor_by_id(server.fx.requester.id).await.unwrap();
    let attachment = server.app.add_attachment(&actor, ticket, None, "log.txt", "text/plain", b"log").await.unwrap().id;
    let (calendar, policy) = sla_records(&server).await;
    let (major, canned) = queue_records(&server).await;
    let rule = rule_record(&server).await;
    let ids = Ids { ticket, major, canned, attachment, calendar, policy, rule };
    let mut failures = Vec::new();
    for (index, caller) in CALLERS.iter().enumerate() {
        let person = who(&server, index);
        let session = match person {
            Some(p) => Some(server.session(p).await),
            None => None,
        };
        for route in &routes {
            let (method, template) = (route.method, route.path.as_str());
            let path = path_for(&server, &ids, method, template, person).await;
            let (status, to_login) = if template.starts_with("/api/") {
                (call_api(&server, &ids, person, method, &path, template).await, false)
            } else {
                let res = call_ui(&server, &ids, person, session.as_ref(), method, &path, template).await;
                let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
                let signed_out = location.contains("signed_out");
                (res.status(), res.status().is_redirection() && location.starts_with("/login") && !signed_out)
            };
            if status.is_server_error() {
                failures.push(format!("{caller} {method} {path}: server error {status}"));
                continue;
            }
            let refused = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
            let access = &route.access;
            match expected(route, caller) {
                None if refused || to_login => failures.push(format!(
                    "{caller} {method} {path} ({access:?}) should be let in, got {status}{}",
                    if to_login { " (to login)" } else { "" }
                )),
                Some(StatusCode::SEE_OTHER) if !to_login => {
                    failures.push(format!("{caller} {method} {path} should go to the login page, got {status}"))
                }
                Some(want) if want != StatusCode::SEE_OTHER && status != want => {
                    failures.push(format!("{caller} {method} {path} ({access:?}) should get {want}, got {status}"))
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{} access failures:\n{}", failures.len(), failures.join("\n"));
}

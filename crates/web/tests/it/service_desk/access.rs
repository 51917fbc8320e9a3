//! The service desk's part of the access test (`crate::access`): tickets and what hangs
//! on them, views, canned responses, SLA calendars and policies, routing and automation.

use serde_json::{Value, json};

use crate::access::{Body, Exception, ModuleFixture, form, unique, uuid_like};
use crate::common::{Person, TestServer};

async fn the_service_desk_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_service_desk_routes_answer_each_caller_as_declared);

/// The records the calls share.
pub struct Fixture {
    /// The ticket every role may open.
    pub ticket: i64,
    /// A major incident, so that stakeholder updates can be posted.
    major: i64,
    /// A shared canned response.
    canned: i64,
    attachment: i64,
    calendar: i64,
    policy: i64,
    rule: i64,
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "service_desk";

    /// A view the manager shares with staff: requesters do not see it; staff who did not
    /// write it may use it, not change it.
    const EXCEPTIONS: &'static [Exception] = &[
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

    async fn new(server: &TestServer) -> Self {
        let ticket = server.ticket(&server.fx.requester, "Visible to every role").await["id"].as_i64().unwrap();
        let actor = server.app.actor_by_id(server.fx.requester.id).await.unwrap();
        let attachment =
            server.app.add_attachment(&actor, ticket, None, "log.txt", "text/plain", b"log").await.unwrap().id;
        let (calendar, policy) = sla_records(server).await;
        let (major, canned) = queue_records(server).await;
        let rule = rule_record(server).await;
        Fixture { ticket, major, canned, attachment, calendar, policy, rule }
    }

    async fn path(&self, server: &TestServer, method: &str, template: &str, person: Option<&Person>) -> String {
        let id = self.record(server, method, template, person).await;
        let me = person.unwrap_or(&server.fx.requester).id;
        let mut path = template.replace("{id}", &id.to_string()).replace("{canned_id}", &self.canned.to_string());
        if path.contains("{link_id}") {
            path = path.replace("{link_id}", &fresh_link(server, id).await.to_string());
        }
        if path.contains("{token}") {
            let url = server.app.survey_url(self.ticket).await.unwrap();
            path = path.replace("{token}", url.rsplit('/').next().unwrap());
        }
        if path.contains("{user_id}") {
            // Stopping watching needs someone watching: the caller.
            server.app.store().add_watcher(id, me, server.app.now_micros()).await.unwrap();
            path = path.replace("{user_id}", &me.to_string());
        }
        path
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, person: Option<&Person>) -> Body {
        if template.ends_with("/attachments") && method == "POST" {
            return Body::File;
        }
        if template.starts_with("/api/") {
            if template.ends_with("/watchers") && method == "POST" {
                return Body::Json(json!({"user_id": person.unwrap_or(&server.fx.requester).id}));
            }
            return self.api_body(server, method, template).map_or(Body::None, Body::Json);
        }
        self.ui_form(server, template).await
    }
}

impl Fixture {
    /// The record `{id}` stands for in `template`.
    async fn record(&self, server: &TestServer, method: &str, template: &str, person: Option<&Person>) -> i64 {
        let fx = &server.fx;
        let sla_paths = ["/api/v1/calendars/", "/api/v1/sla-policies/", "/admin/calendars/", "/admin/sla-policies/"];
        let rule_paths = ["/api/v1/assignment-rules/", "/admin/routing/"];
        // Deleting needs a record of its own each time.
        let deleting = method == "DELETE" || template.ends_with("/delete");
        if template.starts_with("/admin/routing/away/") {
            fx.agent.id
        } else if rule_paths.iter().any(|p| template.starts_with(p)) && !template.ends_with("/new") {
            if deleting { rule_record(server).await } else { self.rule }
        } else if sla_paths.iter().any(|p| template.starts_with(p)) && !template.ends_with("/new") {
            let (calendar, policy) = if deleting { sla_records(server).await } else { (self.calendar, self.policy) };
            match (template.contains("calendars"), deleting) {
                (true, true) => {
                    server.app.store().delete_sla_policy(policy).await.unwrap();
                    calendar
                }
                (true, false) => calendar,
                (false, _) => policy,
            }
        } else if template.contains("/views/") {
            shared_view(server).await
        } else if template.starts_with("/api/v1/automation-rules/") || template.starts_with("/admin/automation/") {
            automation_record(server).await
        } else if template.contains("/categories/") {
            fx.category
        } else if template.contains("/attachments/{id}") && !template.contains("tickets") {
            self.attachment
        } else if template.starts_with("/canned-responses/{id}") || template.contains("/api/v1/canned-responses/{id}") {
            self.own_canned_response(server, person).await
        } else if template.contains("/major-updates") {
            self.major
        } else if template.ends_with("/merge") {
            // Each merge closes a ticket of its own.
            server.ticket(&fx.requester, "To merge").await["id"].as_i64().unwrap()
        } else {
            self.ticket
        }
    }

    /// A canned response staff `person` may change (their own); the shared one for others.
    async fn own_canned_response(&self, server: &TestServer, person: Option<&Person>) -> i64 {
        let Some(p) = person.filter(|p| matches!(p.role, "agent" | "manager" | "admin")) else {
            return self.canned;
        };
        let actor = server.app.actor_by_id(p.id).await.unwrap();
        let input =
            serde_json::from_value(json!({"title": unique("Mine"), "body": "Hello {{requester.name}}"})).unwrap();
        server.app.create_canned_response(&actor, input).await.unwrap().id
    }

    fn api_body(&self, server: &TestServer, method: &str, template: &str) -> Option<Value> {
        match (method, template) {
            ("POST", "/api/v1/calendars") => Some(calendar_body()),
            ("PATCH", p) if p.contains("/calendars/") => Some(calendar_body()),
            ("POST", "/api/v1/sla-policies") => Some(policy_body(self.calendar)),
            ("PATCH", p) if p.contains("/sla-policies/") => Some(policy_body(self.calendar)),
            ("POST", "/api/v1/assignment-rules") => Some(rule_body(server)),
            ("PATCH", p) if p.contains("/assignment-rules/") => Some(json!({"keywords": ["vpn"]})),
            ("POST", "/api/v1/categories") => Some(json!({"name": unique("Category")})),
            ("PATCH", p) if p.contains("/categories/") => Some(json!({"name": "Hardware"})),
            ("POST", "/api/v1/tickets") => Some(json!({"subject": "Access test"})),
            ("PATCH", p) if p.contains("/tickets/") => Some(json!({"urgency": "high"})),
            ("POST", p) if p.ends_with("/comments") => Some(json!({"body": "hello"})),
            ("POST", "/api/v1/views") => Some(json!({"name": unique("View"), "query": "status=open"})),
            ("PATCH", p) if p.contains("/views/") => Some(view_body()),
            ("POST", "/api/v1/tickets/bulk") => Some(json!({"ids": [self.ticket], "patch": {"urgency": "high"}})),
            ("POST", p) if p.ends_with("/links") => {
                Some(json!({"kind": "caused_by_change", "change_ref": format!("CHG-{}", uuid_like())}))
            }
            ("POST", p) if p.ends_with("/merge") => Some(json!({"into_id": self.ticket})),
            ("POST", p) if p.ends_with("/major-updates") => Some(json!({"body": "Still investigating"})),
            ("POST", p) if p.ends_with("/time-entries") => Some(json!({"duration": "15m", "note": "triage"})),
            ("POST", "/api/v1/canned-responses") => Some(json!({"title": unique("Canned"), "body": "Hi"})),
            ("PATCH", p) if p.contains("/canned-responses/") => Some(json!({"title": unique("Renamed")})),
            ("POST", "/api/v1/automation-rules") | ("PUT", "/api/v1/automation-rules/{id}") => Some(automation_body()),
            ("POST", p) if p.starts_with("/api/v1/automation-rules/") && p.ends_with("/move") => {
                Some(json!({"position": 1}))
            }
            _ => None,
        }
    }

    async fn ui_form(&self, server: &TestServer, template: &str) -> Body {
        let fx = &server.fx;
        match template {
            "/tickets/bulk" => {
                form(&[("ids", self.ticket.to_string()), ("action", "assign:none".into()), ("back", "/tickets".into())])
            }
            "/tickets/views" => form(&[("name", unique("View")), ("query", "status=open".into())]),
            // Back, not away: the agent stays available to the rest of the table.
            "/admin/routing/away/{id}" => form(&[("away", "false".into())]),
            "/admin/routing" | "/admin/routing/{id}" => form(&[
                ("name", unique("Rule")),
                ("team_id", fx.team.to_string()),
                ("method", "least_loaded".into()),
                ("keywords", "printer, toner".into()),
                ("active", "on".into()),
            ]),
            "/admin/routing/{id}/move" => form(&[("direction", "down".into())]),
            "/tickets/new" => {
                form(&[("subject", "From the form".into()), ("impact", "low".into()), ("urgency", "low".into())])
            }
            "/tickets/{id}/comments" => form(&[("body", "a reply".into()), ("visibility", "public".into())]),
            "/tickets/{id}/update" => {
                let version = server.app.store().ticket(self.ticket).await.unwrap().ticket.version;
                form(&[("version", version.to_string()), ("urgency", "high".into())])
            }
            "/tickets/{id}/links" => {
                form(&[("kind", "caused_by_change".into()), ("target", format!("CHG-{}", uuid_like()))])
            }
            "/tickets/{id}/merge" => form(&[("into", self.ticket.to_string())]),
            "/tickets/{id}/major-updates" => form(&[("body", "Still investigating".into())]),
            "/tickets/{id}/time-entries" => form(&[("duration", "15m".into()), ("note", "triage".into())]),
            "/canned-responses" | "/canned-responses/{id}" => {
                form(&[("title", unique("Canned")), ("body", "Hi".into())])
            }
            "/admin/automation/{id}/move" => form(&[("direction", "up".into())]),
            "/admin/automation" | "/admin/automation/{id}" => form(&[
                ("name", unique("Rule")),
                ("trigger", "created".into()),
                ("comment", "Thanks".into()),
                ("comment_internal", "on".into()),
            ]),
            "/survey/{token}" => form(&[("rating", "4".into()), ("comment", "Quick and kind".into())]),
            "/admin/categories" => form(&[("name", unique("Category"))]),
            "/admin/categories/{id}" => form(&[("name", "Hardware".into()), ("active", "on".into())]),
            "/admin/calendars" | "/admin/calendars/{id}" => form(&[
                ("name", unique("Calendar")),
                ("time_zone", "Europe/Amsterdam".into()),
                ("monday", "08:00-12:00, 13:00-17:00".into()),
                ("holidays", "every 12-25 Christmas Day".into()),
            ]),
            "/admin/sla-policies" | "/admin/sla-policies/{id}" => form(&[
                ("name", unique("Policy")),
                ("calendar_id", self.calendar.to_string()),
                ("warn_percent", "75".into()),
                ("p3_response", "1h".into()),
                ("p3_resolution", "8h".into()),
                ("active", "on".into()),
            ]),
            _ => Body::None,
        }
    }
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

/// A link of the ticket to a change of its own, made by the fixture's agent.
async fn fresh_link(server: &TestServer, ticket: i64) -> i64 {
    let agent = server.app.actor_by_id(server.fx.agent.id).await.unwrap();
    let input =
        serde_json::from_value(json!({"kind": "caused_by_change", "change_ref": format!("CHG-{}", uuid_like())}));
    server.app.add_link(&agent, ticket, input.unwrap()).await.unwrap().id
}

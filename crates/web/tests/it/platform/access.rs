//! The platform's part of the access test (`crate::access`): people, teams,
//! organisations, tokens, mail, notification templates and webhooks.

use serde_json::{Value, json};

use crate::access::{Body, ModuleFixture, form, unique, uuid_like};
use crate::common::{self, Person, TestServer};

async fn the_platform_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_platform_routes_answer_each_caller_as_declared);

/// The platform's records are made afresh for the calls that use them; up front only
/// someone who forgets their password, whose links the password pages use (and who sets
/// a new password once per caller).
pub struct Fixture {
    forgetful: i64,
    /// An approval chain of Acme with one step asking a named person.
    chain: i64,
    /// A cost centre of Acme.
    cost_centre: i64,
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "platform";

    async fn new(server: &TestServer) -> Self {
        let fx = &server.fx;
        let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
        let chain = serde_json::from_value(json!({"organisation_id": fx.acme, "name": "Access",
            "steps": [{"name": "Requester", "approver": "person", "approver_id": fx.requester.id, "rule": "any"}]}))
        .unwrap();
        let chain = server.app.create_approval_chain(&admin, chain).await.unwrap().id;
        let centre =
            serde_json::from_value(json!({"organisation_id": fx.acme, "code": "CC-1", "name": "Finance"})).unwrap();
        Fixture {
            forgetful: common::person(&server.app, "forgetful@acme.example", "agent", server.fx.acme, None).await.id,
            chain,
            cost_centre: server.app.create_cost_centre(&admin, centre).await.unwrap().id,
        }
    }

    async fn path(&self, server: &TestServer, _: &str, template: &str, person: Option<&Person>) -> String {
        let fx = &server.fx;
        match template {
            "/password/reset/{token}" => {
                return template.replace("{token}", &server.reset_link_of(self.forgetful).await);
            }
            // The form is offered while mail can be sent (the mail settings' calls change them).
            "/password/forgot" => server.send_mail().await,
            _ => {}
        }
        let id = if template.ends_with("/decision") {
            // An approval that asks the caller, so that each may answer it.
            self.approval_asking(server, person.unwrap_or(&fx.requester)).await
        } else if template.contains("/approvals/{id}") {
            self.approval_asking(server, &fx.requester).await
        } else if template.contains("/approval-chains/{id}") {
            self.chain
        } else if template.contains("delegations/{id}") {
            delegation_of(server, person.unwrap_or(&fx.requester)).await
        } else if template.contains("/departments/{id}") {
            fx.finance
        } else if template.contains("/cost-centres/{id}") {
            self.cost_centre
        } else if template.starts_with("/api/v1/mail/mailboxes/") || template.starts_with("/admin/mail/mailboxes/") {
            mailbox_record(server).await
        } else if template.starts_with("/api/v1/mail/inbound/") || template.starts_with("/admin/mail/inbound/") {
            let raw = b"From: someone@customer.example\r\nSubject: hi\r\n\r\nhello\r\n";
            server.app.receive_mail(Default::default(), raw).await.unwrap().unwrap()
        } else if template.contains("/webhooks/{id}") {
            webhook_record(server).await
        } else if template.starts_with("/api/v1/users/") {
            fx.agent.id
        } else if template.starts_with("/admin/users/") {
            fx.colleague.id
        } else if template.contains("/teams/") {
            fx.team
        } else if template.contains("/organisations/") {
            fx.labs
        } else if template.contains("/admin/tokens/") {
            fresh_token(server, Some(&fx.requester)).await
        } else if template.contains("/tokens/") {
            fresh_token(server, person).await
        } else {
            0
        };
        template
            .replace("{id}", &id.to_string())
            .replace("{event}", "reply")
            .replace("{language}", "de")
            .replace("{token}", "not-a-link-we-sent")
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _: Option<&Person>) -> Body {
        if template.starts_with("/api/") {
            return api_body(server, method, template).map_or(Body::None, Body::Json);
        }
        ui_form(server, template)
    }
}

impl Fixture {
    /// A new approval of the colleague's, whose one step asks `person`.
    async fn approval_asking(&self, server: &TestServer, person: &Person) -> i64 {
        let fx = &server.fx;
        let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
        let chain = serde_json::from_value(json!({"organisation_id": fx.acme, "name": unique("Chain"),
            "steps": [{"name": "Asked", "approver": "person", "approver_id": person.id, "rule": "any"}]}))
        .unwrap();
        let chain = server.app.create_approval_chain(&admin, chain).await.unwrap().id;
        let start = helmdesk_app::platform::approvals::ApprovalStart {
            organisation_id: fx.acme,
            subject_kind: "access_test".into(),
            subject_id: chain,
            title: "Access".into(),
            link: "/approvals".into(),
            requester_id: fx.colleague.id,
            department_id: None,
            cost_centre_id: None,
            facts: Default::default(),
            chain_id: chain,
            decided_job: "access.decided".into(),
        };
        let mut tx = server.app.store().begin().await.unwrap();
        let id = server.app.start_approval(&mut tx, start).await.unwrap().id;
        tx.commit().await.unwrap();
        id
    }
}

/// A delegation of `person`'s approvals to someone else, to end.
async fn delegation_of(server: &TestServer, person: &Person) -> i64 {
    let actor = server.app.actor_by_id(person.id).await.unwrap();
    let other = if person.id == server.fx.admin.id { &server.fx.manager } else { &server.fx.admin };
    let now = server.app.now();
    let input = helmdesk_app::platform::approvals::DelegationInput {
        delegate_id: other.id,
        starts_at: now,
        ends_at: now + chrono::Duration::days(3),
    };
    server.app.delegate_approvals(&actor, input).await.unwrap().id
}

/// A fresh token of `person` (or of the requester, for anonymous callers).
async fn fresh_token(server: &TestServer, person: Option<&Person>) -> i64 {
    let owner = person.unwrap_or(&server.fx.requester);
    let actor = server.app.actor_by_id(owner.id).await.unwrap();
    server.app.create_token(&actor, "to revoke").await.unwrap().0.id
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

fn api_body(server: &TestServer, method: &str, template: &str) -> Option<Value> {
    let fx = &server.fx;
    match (method, template) {
        ("PATCH", "/api/v1/users/{id}") => Some(json!({"away": true})),
        ("POST", "/api/v1/teams") => Some(json!({"name": unique("Team")})),
        ("PATCH", p) if p.contains("/teams/") => Some(json!({"name": "Service Desk", "member_ids": [fx.agent.id]})),
        ("POST", "/api/v1/tokens") => Some(json!({"name": "another"})),
        ("PUT", "/api/v1/mail/settings") => Some(json!({})),
        ("PUT", p) | ("POST", p) if p.starts_with("/api/v1/notification-templates/") => Some(
            json!({"subject": "[{{ticket.number}}] {{ticket.subject}}", "body_text": "Hallo", "body_html": "<p>Hallo</p>"}),
        ),
        ("PUT", "/api/v1/me/notification-preferences") => Some(json!({"language": "en", "email_events": ["reply"]})),
        ("POST", "/api/v1/webhooks") => Some(webhook_body()),
        ("PATCH", "/api/v1/webhooks/{id}") => Some(json!({"events": ["ticket.resolved"]})),
        ("PUT", "/api/v1/webhooks/settings") => Some(webhook_settings_body()),
        ("POST", "/api/v1/mail/mailboxes") | ("PUT", "/api/v1/mail/mailboxes/{id}") => Some(mailbox_body()),
        ("POST", "/api/v1/approvals/{id}/decision") => Some(json!({"decision": "approved", "comment": "ok"})),
        ("POST", "/api/v1/approval-chains") | ("PUT", "/api/v1/approval-chains/{id}") => Some(json!({
            "organisation_id": fx.acme, "name": if method == "POST" { unique("Chain") } else { "Access".into() },
            "steps": [{"name": "Manager", "approver": "manager", "rule": "any", "time_limit_hours": 48}]})),
        ("POST", "/api/v1/approval-delegations") => Some(json!({"delegate_id": fx.manager.id,
            "starts_at": "2030-01-01T00:00:00Z", "ends_at": "2030-01-08T00:00:00Z"})),
        ("PATCH", "/api/v1/departments/{id}") => Some(json!({"name": "Finance"})),
        ("POST", "/api/v1/cost-centres") => {
            Some(json!({"organisation_id": fx.acme, "code": unique("CC"), "name": "Costs"}))
        }
        ("PUT", "/api/v1/cost-centres/{id}") => {
            Some(json!({"organisation_id": fx.acme, "code": "CC-1", "name": "Finance"}))
        }
        _ => None,
    }
}

fn ui_form(server: &TestServer, template: &str) -> Body {
    let fx = &server.fx;
    match template {
        "/account/password" => form(&[
            ("current_password", "wrong".into()),
            ("new_password", "x".repeat(12)),
            ("confirm_password", "x".repeat(12)),
        ]),
        "/account/tokens" => form(&[("name", "ui token".into())]),
        "/password/forgot" => form(&[("email", "forgetful@acme.example".into())]),
        "/password/reset/{token}" => {
            form(&[("new_password", "a new passphrase".into()), ("confirm_password", "a new passphrase".into())])
        }
        "/account/away" => form(&[("away", "true".into())]),
        "/admin/users" => form(&[
            ("email", format!("{}@acme.example", uuid_like())),
            ("name", "New Person".into()),
            ("role", "requester".into()),
            ("organisation_id", fx.acme.to_string()),
        ]),
        "/admin/users/{id}" => form(&[
            ("name", "colin".into()),
            ("role", "requester".into()),
            ("organisation_id", fx.acme.to_string()),
            ("department_id", fx.finance.to_string()),
            ("active", "on".into()),
        ]),
        "/admin/teams" => form(&[("name", unique("Team"))]),
        "/admin/teams/{id}" => form(&[("name", "Service Desk".into()), ("member", fx.agent.id.to_string())]),
        "/admin/webhooks" | "/admin/webhooks/{id}" => form(&[
            ("name", unique("Webhook")),
            ("url", "http://127.0.0.1:1/hook".into()),
            ("format", "slack".into()),
            ("events", "ticket.created".into()),
            ("events", "ticket.resolved".into()),
            ("active", "on".into()),
        ]),
        "/admin/webhooks/settings" => form(&[("allowed_hosts", "127.0.0.1".into())]),
        "/admin/notifications/{event}/{language}" => form(&[
            ("subject", "[{{ticket.number}}] {{ticket.subject}}".into()),
            ("body_text", "Hallo".into()),
            ("body_html", "<p>Hallo</p>".into()),
            ("action", "save".into()),
        ]),
        "/account/notifications" => form(&[("language", "en".into()), ("event", "reply".into())]),
        "/admin/mail/settings" => form(&[
            ("requester_policy", "allow".into()),
            ("max_message_mib", "25".into()),
            ("flood_limit_per_hour", "30".into()),
        ]),
        "/admin/mail/mailboxes" | "/admin/mail/mailboxes/{id}" => form(&[
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
        "/admin/organisations" => form(&[("name", unique("Org"))]),
        "/admin/organisations/{id}" => form(&[("name", "Acme Labs".into()), ("parent_id", fx.acme.to_string())]),
        "/admin/departments" => form(&[("name", unique("Dept")), ("organisation_id", fx.acme.to_string())]),
        "/admin/departments/{id}" => form(&[("name", "Finance".into()), ("head_email", "manager@acme.example".into())]),
        "/admin/cost-centres" => {
            form(&[("code", unique("CC")), ("name", "Costs".into()), ("organisation_id", fx.acme.to_string())])
        }
        "/admin/cost-centres/{id}" => {
            form(&[("code", "CC-1".into()), ("name", "Finance".into()), ("organisation_id", fx.acme.to_string())])
        }
        "/approvals/{id}/decision" | "/approvals/link/{token}" => form(&[("decision", "approved".into())]),
        "/approvals/delegations" => form(&[
            ("delegate_email", "manager@acme.example".into()),
            ("from", "2030-01-01".into()),
            ("until", "2030-01-07".into()),
        ]),
        "/admin/approval-chains" | "/admin/approval-chains/{id}" => form(&[
            ("organisation_id", fx.acme.to_string()),
            ("name", unique("Chain")),
            ("step-0-name", "Manager".into()),
            ("step-0-approver", "manager".into()),
            ("step-0-rule", "any".into()),
        ]),
        _ => Body::None,
    }
}

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
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "platform";

    async fn new(server: &TestServer) -> Self {
        Fixture {
            forgetful: common::person(&server.app, "forgetful@acme.example", "agent", server.fx.acme, None).await.id,
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
        let id = if template.starts_with("/api/v1/mail/mailboxes/") || template.starts_with("/admin/mail/mailboxes/") {
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
        template.replace("{id}", &id.to_string()).replace("{event}", "reply").replace("{language}", "de")
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _: Option<&Person>) -> Body {
        if template.starts_with("/api/") {
            return api_body(server, method, template).map_or(Body::None, Body::Json);
        }
        ui_form(server, template)
    }
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
        _ => Body::None,
    }
}

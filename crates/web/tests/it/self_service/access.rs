//! Self-service's part of the access test (`crate::access`): a published public article
//! of Acme that every Acme caller reads, a fresh draft for each change or move (so that no
//! call takes the shared one out of the readers' sight), and the requester's ticket the
//! agents insert articles into and write drafts from.

use helmdesk_app::self_service::kb::NewArticle;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use serde_json::json;

use crate::access::{Body, ModuleFixture, form, unique};
use crate::common::{Person, TestServer};

async fn the_self_service_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_self_service_routes_answer_each_caller_as_declared);

pub struct Fixture {
    /// Published and public, of Acme.
    pub article: i64,
    /// The requester's ticket, in Acme.
    pub ticket: i64,
}

/// A draft of Acme, written by the administrator; published and public when `publish`.
pub async fn article(server: &TestServer, publish: bool) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let new = NewArticle {
        title: unique("Connect to the VPN"),
        summary: Some("Start the client and sign in.".into()),
        body: "<p>Start the <strong>VPN</strong> client and sign in with your badge.</p>".into(),
        language: Some("en".into()),
        visibility: Some(ArticleVisibility::Public),
        ..Default::default()
    };
    let id = server.app.create_article(&admin, &new).await.unwrap().id;
    if publish {
        server.app.move_article(&admin, id, ArticleState::Published).await.unwrap();
    }
    id
}

/// Whether a call of `template` changes or moves its article.
fn changes(method: &str, template: &str) -> bool {
    matches!((method, template), ("PATCH", _) | ("POST", "/kb/{id}/edit") | ("POST", "/kb/{id}/state"))
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "self_service";

    async fn new(server: &TestServer) -> Self {
        let ticket = server.ticket(&server.fx.requester, "VPN drops").await["id"].as_i64().unwrap();
        Fixture { article: article(server, true).await, ticket }
    }

    async fn path(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> String {
        let id = if changes(method, template) { article(server, false).await } else { self.article };
        match template {
            "/kb/insert" | "/portal/suggestions" | "/portal/articles" => format!("{template}?q=vpn"),
            _ => template.replace("{ticket}", &self.ticket.to_string()).replace("{id}", &id.to_string()),
        }
    }

    async fn body(&self, _server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> Body {
        if method == "GET" {
            return Body::None;
        }
        match template {
            "/api/v1/articles" => Body::Json(json!({"title": unique("Printer"), "body": "<p>Turn it off and on.</p>"})),
            "/api/v1/articles/{id}" => Body::Json(json!({"summary": "Shorter", "state": "in_review"})),
            "/api/v1/articles/{id}/feedback" => Body::Json(json!({"helpful": true, "comment": "Thanks"})),
            "/api/v1/article-categories" => Body::Json(json!({"name": unique("Network")})),
            "/kb/new" | "/kb/{id}/edit" => {
                form(&[("title", unique("Wi-Fi")), ("body", "<p>Choose Acme-Staff.</p>".into())])
            }
            "/kb/{id}/state" => form(&[("to", "in_review".into())]),
            "/kb/{id}/used" => form(&[("ticket_id", self.ticket.to_string())]),
            "/kb/categories" => form(&[("name", unique("Hardware"))]),
            "/portal/articles/{id}/feedback" => form(&[("helpful", "yes".into()), ("comment", "Clear".into())]),
            _ => form(&[]),
        }
    }
}

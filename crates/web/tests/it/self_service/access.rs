//! Self-service's part of the access test (`crate::access`): a catalog item of Acme
//! offered to everyone in it (an optional text field and an optional file, one task for
//! the fixture's team),
//! which the managers' form saves as it is, a category of Acme's catalog, and a request
//! the requester ordered, which Acme's staff and auditor read too; a
//! published public article of Acme that every Acme caller reads, a fresh draft for each
//! change or move (so that no call takes the shared one out of the readers' sight), a
//! file attached to the published article (a fresh one for each removal), and the
//! requester's ticket the agents insert articles into and write drafts from.

use helmdesk_app::platform::files::NewFile;
use helmdesk_app::self_service::catalog::{NewCatalogCategory, NewCatalogItem};
use helmdesk_app::self_service::kb::NewArticle;
use helmdesk_app::self_service::requests::NewCatalogRequest;
use helmdesk_domain::self_service::catalog::{FieldKind, FormField, TaskSpec};
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use serde_json::json;

use crate::access::{Body, ModuleFixture, form, unique};
use crate::common::{Person, TestServer};

async fn the_self_service_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_self_service_routes_answer_each_caller_as_declared);

pub struct Fixture {
    /// An item of Acme, offered to all of it.
    pub item: i64,
    /// The requester's request of `item`.
    pub request: i64,
    /// A category of Acme's catalog.
    pub category: i64,
    /// Published and public, of Acme.
    pub article: i64,
    /// A file attached to `article`.
    pub attachment: i64,
    /// The requester's ticket, in Acme.
    pub ticket: i64,
}

/// An item of Acme with a note to fill in, a photo to attach and one task for the
/// fixture's team.
pub fn item(server: &TestServer) -> NewCatalogItem {
    NewCatalogItem {
        name: unique("Headset"),
        description: Some("A headset for calls".into()),
        fields: vec![
            FormField::new("note", "Note", FieldKind::Text),
            FormField::new("photo", "Photo", FieldKind::Attachment),
        ],
        tasks: vec![TaskSpec { title: "Hand it over".into(), team_id: server.fx.team, stage: 1 }],
        delivery_days: Some(2),
        ..Default::default()
    }
}

/// The item form as the fixture's item is: its note and its task (the form saves it as
/// it was, so that the callers after order it the same way).
fn item_form(server: &TestServer) -> Body {
    form(&[
        ("name", unique("Headset")),
        ("description", "A headset for calls".into()),
        ("delivery_days", "2".into()),
        ("active", "on".into()),
        ("field-0-key", "note".into()),
        ("field-0-label", "Note".into()),
        ("field-0-kind", "text".into()),
        ("field-1-key", "photo".into()),
        ("field-1-label", "Photo".into()),
        ("field-1-kind", "attachment".into()),
        ("task-0-title", "Hand it over".into()),
        ("task-0-team", server.fx.team.to_string()),
        ("task-0-stage", "1".into()),
    ])
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

/// A file the administrator attaches to `article`.
pub async fn attachment(server: &TestServer, article: i64) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let file =
        NewFile { filename: "vpn-guide.pdf".into(), content_type: "application/pdf".into(), data: b"%PDF".to_vec() };
    server.app.add_article_attachment(&admin, article, &file).await.unwrap().id
}

/// Whether a call of `template` changes or moves its article.
fn changes(method: &str, template: &str) -> bool {
    matches!(
        (method, template),
        ("PATCH", "/api/v1/articles/{id}") | ("POST", "/kb/{id}/edit") | ("POST", "/kb/{id}/state")
    )
}

/// Whether `template` is one of the catalog's.
fn of_catalog(template: &str) -> bool {
    template.contains("/catalog") || template.contains("/requests")
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "self_service";

    async fn new(server: &TestServer) -> Self {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let item = server.app.create_catalog_item(&admin, &item(server)).await.unwrap().id;
        let requester = server.app.actor_by_id(server.fx.requester.id).await.unwrap();
        let order = NewCatalogRequest { item_id: item, answers: [("note".into(), "Blue".into())].into() };
        let request = server.app.order_catalog_item(&requester, &order).await.unwrap().id;
        let ticket = server.ticket(&server.fx.requester, "VPN drops").await["id"].as_i64().unwrap();
        let category = NewCatalogCategory { name: unique("Phones"), organisation_id: None };
        let category = server.app.create_catalog_category(&admin, &category).await.unwrap().id;
        let article = article(server, true).await;
        let attachment = attachment(server, article).await;
        Fixture { item, request, category, article, attachment, ticket }
    }

    async fn path(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> String {
        if of_catalog(template) {
            let id = match template {
                t if t.contains("requests/{id}") => self.request,
                t if t.contains("categories/{id}") => self.category,
                _ => self.item,
            };
            return template.replace("{id}", &id.to_string());
        }
        if template.contains("attachments/{id}") {
            // An attachment's own routes: the shared one to read, a fresh one to remove.
            let id = if method == "GET" { self.attachment } else { attachment(server, self.article).await };
            return template.replace("{id}", &id.to_string());
        }
        let id = if changes(method, template) { article(server, false).await } else { self.article };
        match template {
            "/kb/insert" | "/portal/suggestions" | "/portal/articles" | "/portal" | "/api/v1/portal/search" => {
                format!("{template}?q=vpn")
            }
            _ => template.replace("{ticket}", &self.ticket.to_string()).replace("{id}", &id.to_string()),
        }
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> Body {
        if method == "GET" {
            return Body::None;
        }
        if of_catalog(template) {
            return match (method, template) {
                ("POST", "/api/v1/catalog/items") => Body::Json(json!({
                    "name": unique("Mailbox"),
                    "tasks": [{"title": "Create it", "team_id": server.fx.team, "stage": 1}],
                })),
                ("PATCH", "/api/v1/catalog/items/{id}") => Body::Json(json!({"description": unique("Now")})),
                ("POST", "/api/v1/catalog/requests") => {
                    Body::Json(json!({"item_id": self.item, "answers": {"note": "Red"}}))
                }
                ("POST", "/portal/catalog/{id}") => form(&[("a_note", "Green".to_string())]),
                ("POST", "/api/v1/catalog/categories") => Body::Json(json!({"name": unique("Software")})),
                ("POST", "/admin/catalog/categories") => form(&[("name", unique("Furniture"))]),
                ("POST", "/admin/catalog/new" | "/admin/catalog/{id}") => item_form(server),
                _ => Body::None,
            };
        }
        match template {
            "/api/v1/articles" => Body::Json(json!({"title": unique("Printer"), "body": "<p>Turn it off and on.</p>"})),
            "/api/v1/articles/{id}" => Body::Json(json!({"summary": "Shorter", "state": "in_review"})),
            "/api/v1/articles/{id}/feedback" => Body::Json(json!({"helpful": true, "comment": "Thanks"})),
            "/api/v1/article-categories" => Body::Json(json!({"name": unique("Network")})),
            "/api/v1/articles/{id}/attachments" | "/kb/{id}/attachments" => Body::File,
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

//! Self-service's part of the access test (`crate::access`): a catalog item of Acme
//! offered to everyone in it (one optional text field, one task for the fixture's team),
//! and a request the requester ordered, which Acme's staff and auditor read too.

use helmdesk_app::self_service::catalog::NewCatalogItem;
use helmdesk_app::self_service::requests::NewCatalogRequest;
use helmdesk_domain::self_service::catalog::{FieldKind, FormField, TaskSpec};
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
}

/// An item of Acme with a note to fill in and one task for the fixture's team.
pub fn item(server: &TestServer) -> NewCatalogItem {
    NewCatalogItem {
        name: unique("Headset"),
        description: Some("A headset for calls".into()),
        fields: vec![FormField::new("note", "Note", FieldKind::Text)],
        tasks: vec![TaskSpec { title: "Hand it over".into(), team_id: server.fx.team, stage: 1 }],
        delivery_days: Some(2),
        ..Default::default()
    }
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "self_service";

    async fn new(server: &TestServer) -> Self {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let item = server.app.create_catalog_item(&admin, &item(server)).await.unwrap().id;
        let requester = server.app.actor_by_id(server.fx.requester.id).await.unwrap();
        let order = NewCatalogRequest { item_id: item, answers: [("note".into(), "Blue".into())].into() };
        let request = server.app.order_catalog_item(&requester, &order).await.unwrap().id;
        Fixture { item, request }
    }

    async fn path(&self, _server: &TestServer, _method: &str, template: &str, _person: Option<&Person>) -> String {
        let id = if template.contains("requests/{id}") { self.request } else { self.item };
        template.replace("{id}", &id.to_string())
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> Body {
        match (method, template) {
            ("POST", "/api/v1/catalog/items") => Body::Json(json!({
                "name": unique("Mailbox"),
                "tasks": [{"title": "Create it", "team_id": server.fx.team, "stage": 1}],
            })),
            ("PATCH", "/api/v1/catalog/items/{id}") => Body::Json(json!({"description": unique("Now")})),
            ("POST", "/api/v1/catalog/requests") => {
                Body::Json(json!({"item_id": self.item, "answers": {"note": "Red"}}))
            }
            ("POST", "/portal/catalog/{id}") => form(&[("a_note", "Green".to_string())]),
            _ => Body::None,
        }
    }
}

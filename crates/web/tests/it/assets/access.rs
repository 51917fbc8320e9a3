//! The assets module's part of the access test (`crate::access`): an asset in stock, an
//! asset the requester holds (which they may read), a fresh asset for each acceptance
//! (held by the caller), an asset type and a location; a business service in the CMDB,
//! with a fresh relationship and a fresh user of the service for each removal.

use helmdesk_app::Actor;
use helmdesk_app::assets::catalog::{NewAssetType, NewLocation};
use helmdesk_app::assets::cmdb::{NewCi, NewConsumer, NewRelation};
use helmdesk_app::assets::hardware::{CheckOut, NewAsset};
use helmdesk_domain::assets::cmdb::{CiClass, RelationKind};
use helmdesk_domain::assets::lifecycle::HolderKind;
use serde_json::json;

use crate::access::{Body, Exception, ModuleFixture, form, unique};
use crate::common::{Person, TestServer};

async fn the_assets_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_assets_routes_answer_each_caller_as_declared);

/// The records the calls share.
pub struct Fixture {
    /// In stock, of Acme.
    pub asset: i64,
    /// Checked out to the requester.
    pub held: i64,
    /// An asset type of the fixture's own.
    pub kind: i64,
    pub location: i64,
    /// A server of Acme with an application on it, which a business service needs.
    pub server: i64,
    /// That business service, used by a department.
    pub service: i64,
}

/// Adds an asset of `type_id` for the administrator; checked out to `holder` when given.
pub async fn asset_for(server: &TestServer, type_id: i64, holder: Option<i64>) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let new = NewAsset { name: unique("Laptop"), type_id, ..Default::default() };
    let asset = server.app.create_asset(&admin, &new).await.unwrap();
    if let Some(person) = holder {
        let to = CheckOut { kind: HolderKind::Person, id: person, expected_return: None };
        server.app.check_out(&admin, asset.id, &to, None).await.unwrap();
    }
    asset.id
}

/// Adds a configuration item of `class` for the administrator.
async fn ci(admin: &Actor, server: &TestServer, class: CiClass) -> i64 {
    server.app.create_ci(admin, &NewCi::new(&unique("Item"), class)).await.unwrap().id
}

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "assets";

    /// Asset types and models apply to every organisation: the fixture's manager, whose
    /// organisations are not all of them, may not write them.
    const EXCEPTIONS: &'static [Exception] = &[
        ("POST", "/api/v1/asset-types", "manager", 403),
        ("PUT", "/api/v1/asset-types/{id}", "manager", 403),
        ("POST", "/api/v1/asset-models", "manager", 403),
        ("POST", "/admin/assets/types", "manager", 403),
        ("POST", "/admin/assets/models", "manager", 403),
    ];

    async fn new(server: &TestServer) -> Self {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let kind = NewAssetType { name: unique("Kind"), tag_pattern: Some("K-#####".into()), fields: Vec::new() };
        let kind = server.app.create_asset_type(&admin, &kind).await.unwrap().id;
        let site = NewLocation { name: unique("Site"), kind: "site".into(), parent_id: None, organisation_id: None };
        let location = server.app.create_location(&admin, &site).await.unwrap().id;
        let asset = asset_for(server, kind, None).await;
        let held = asset_for(server, kind, Some(server.fx.requester.id)).await;
        let service = ci(&admin, server, CiClass::BusinessService).await;
        let application = ci(&admin, server, CiClass::Application).await;
        let host = ci(&admin, server, CiClass::Hardware).await;
        for (source, kind, target) in
            [(application, RelationKind::RunsOn, host), (service, RelationKind::DependsOn, application)]
        {
            let new = NewRelation { kind, target_id: target };
            server.app.add_ci_relation(&admin, source, &new).await.unwrap();
        }
        let users = NewConsumer { department_id: Some(server.fx.finance), user_id: None };
        server.app.add_ci_consumer(&admin, service, &users).await.unwrap();
        Fixture { asset, held, kind, location, server: host, service }
    }

    async fn path(&self, server: &TestServer, _method: &str, template: &str, person: Option<&Person>) -> String {
        let me = person.unwrap_or(&server.fx.requester).id;
        if template.contains("/cis/") {
            return self.ci_path(server, template).await;
        }
        let id = if template.contains("/asset-types/") {
            self.kind
        } else if template.ends_with("/accept") {
            // Accepting needs an asset of one's own, not yet accepted.
            asset_for(server, self.kind, Some(me)).await
        } else if me == server.fx.requester.id {
            self.held
        } else {
            self.asset
        };
        template.replace("{id}", &id.to_string())
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> Body {
        if method == "GET" {
            return Body::None;
        }
        if template.starts_with("/api/") {
            let json = match template {
                "/api/v1/assets" => json!({"name": unique("Laptop"), "type_id": self.kind}),
                "/api/v1/assets/{id}" => json!({"name": unique("Renamed")}),
                "/api/v1/assets/{id}/checkout" => json!({"kind": "location", "id": self.location}),
                "/api/v1/assets/{id}/state" => json!({"state": "in_repair"}),
                "/api/v1/asset-types" => json!({"name": unique("Type"), "tag_pattern": "T-####"}),
                "/api/v1/asset-types/{id}" => json!({"name": unique("Kind"), "tag_pattern": "K-#####"}),
                "/api/v1/asset-models" => {
                    json!({"manufacturer": "Dell", "name": unique("Model"), "type_id": self.kind})
                }
                "/api/v1/locations" => json!({"name": unique("Site"), "kind": "site"}),
                "/api/v1/cis" => json!({"name": unique("Item"), "class": "application"}),
                "/api/v1/cis/{id}" => json!({"name": unique("Renamed")}),
                "/api/v1/cis/{id}/relations" => json!({"kind": "depends_on", "target_id": self.service}),
                "/api/v1/cis/{id}/consumers" => json!({"user_id": server.fx.agent.id}),
                _ => return Body::None,
            };
            return Body::Json(json);
        }
        match template {
            "/assets" => form(&[("name", unique("Laptop")), ("type_id", self.kind.to_string())]),
            "/assets/{id}/edit" => form(&[("name", unique("Renamed")), ("type_id", self.kind.to_string())]),
            "/assets/{id}/checkout" => form(&[
                ("kind", "location".into()),
                ("location_id", self.location.to_string()),
                ("version", "1".into()),
            ]),
            "/assets/{id}/checkin" => form(&[("version", "1".into())]),
            "/assets/{id}/state" => form(&[("state", "in_repair".into()), ("version", "1".into())]),
            "/admin/assets/types" => form(&[("name", unique("Type")), ("tag_pattern", "T-####".into())]),
            "/admin/assets/models" => {
                form(&[("manufacturer", "Dell".into()), ("name", unique("Model")), ("type_id", self.kind.to_string())])
            }
            "/admin/assets/locations" => form(&[("name", unique("Site")), ("kind", "site".into())]),
            "/cis" => form(&[("name", unique("Item")), ("class", "application".into())]),
            "/cis/{id}/edit" => form(&[("name", unique("Renamed")), ("class", "hardware".into())]),
            "/cis/{id}/relations" => form(&[("kind", "depends_on".into()), ("target", format!("#{}", self.service))]),
            "/cis/{id}/consumers" => form(&[("email", server.fx.agent.email.clone())]),
            _ => form(&[]),
        }
    }
}

impl Fixture {
    /// A CMDB path: the server (whose page draws its impact), or for a service's users the
    /// business service; with a fresh relationship or user of it to remove.
    async fn ci_path(&self, server: &TestServer, template: &str) -> String {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let id = if template.contains("/consumers") || template.contains("{relation_id}") {
            self.service
        } else {
            self.server
        };
        let mut path = template.replace("{id}", &id.to_string());
        if template.contains("{relation_id}") {
            let other = ci(&admin, server, CiClass::Application).await;
            let new = NewRelation { kind: RelationKind::DependsOn, target_id: other };
            let relation = server.app.add_ci_relation(&admin, self.service, &new).await.unwrap();
            path = path.replace("{relation_id}", &relation.id.to_string());
        }
        if template.contains("{consumer_id}") {
            let s = server.app.store();
            let mut tx = s.begin().await.unwrap();
            let org = admin.organisation_id;
            let department = s.create_department(&mut tx, org, &unique("Dept"), 0).await.unwrap().id;
            tx.commit().await.unwrap();
            let new = NewConsumer { department_id: Some(department), user_id: None };
            let consumer = server.app.add_ci_consumer(&admin, self.service, &new).await.unwrap();
            path = path.replace("{consumer_id}", &consumer.id.to_string());
        }
        path
    }
}

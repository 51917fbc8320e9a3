//! The assets module's part of the access test (`crate::access`): an asset in stock, an
//! asset the requester holds (which they may read), a fresh asset for each acceptance
//! (held by the caller), an asset type and a location; a business service in the CMDB,
//! with a fresh relationship and a fresh user of the service for each removal; a software
//! product installed on the asset in stock, with a fresh installation, naming rule and
//! enrolment token for each removal or revocation; a licence of that product, with a fresh
//! one for each deletion; an audit round that expects the asset in stock, with a fresh
//! one for each closing; an accessory in stock, with plenty to receive and issue; a CSV
//! file of the caller's own for each import page.

use helmdesk_app::Actor;
use helmdesk_app::assets::audits::NewAudit;
use helmdesk_app::assets::catalog::{NewAssetType, NewLocation};
use helmdesk_app::assets::cmdb::{NewCi, NewConsumer, NewRelation};
use helmdesk_app::assets::discovery::{AgentKind, DeviceReport, NewAgentToken};
use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, CheckOut, NewAsset};
use helmdesk_app::assets::licences::{NewLicence, NewLicenceSeat};
use helmdesk_app::assets::software::{NewInstallation, NewNamingRule};
use helmdesk_app::assets::stock::NewStockItem;
use helmdesk_domain::assets::cmdb::{CiClass, RelationKind};
use helmdesk_domain::assets::licences::{Metric, Term};
use helmdesk_domain::assets::lifecycle::HolderKind;
use helmdesk_domain::assets::stock::StockKind;
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
    /// A software product, installed on `asset`.
    pub product: i64,
    /// An enrolment token of Acme, with which `asset` and `held` have reported.
    pub agent_token: String,
    /// A licence of `product`, for the administrator's organisation.
    pub licence: i64,
    /// An open audit round of the administrator's organisation, which expects `asset`.
    pub audit: i64,
    /// `asset`'s tag, which confirmations scan.
    pub tag: String,
    /// An accessory of the administrator's organisation, with a thousand in stock.
    pub stock: i64,
}

/// Starts an audit round of the administrator's organisation.
async fn audit(server: &TestServer) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let new = NewAudit { name: Some(unique("Round")), ..Default::default() };
    server.app.start_audit(&admin, &new).await.unwrap().id
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

/// Records a fresh piece of software on `asset` for the administrator.
async fn installation(server: &TestServer, asset: i64) -> helmdesk_app::assets::software::Installation {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let new = NewInstallation { name: unique("App"), publisher: None, version: Some("1.0".into()), installed_on: None };
    server.app.add_installation(&admin, asset, &new).await.unwrap()
}

/// Gives `asset` a serial and has an agent report it, so that it has an inventory.
async fn reported(server: &TestServer, token: &str, asset: i64) {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let serial = unique("SN").replace(' ', "-");
    let details = AssetDetails { serial: Some(Some(serial.clone())), ..Default::default() };
    server.app.update_asset(&admin, asset, &AssetPatch { details, ..Default::default() }, None).await.unwrap();
    let token = server.app.agent_token_of(Some(token), None).await.unwrap();
    let report = DeviceReport { device_id: serial.clone(), serial: Some(serial), ..Default::default() };
    server.app.record_inventory(&token, AgentKind::Fusioninventory, &report).await.unwrap();
}

/// Records a per-device licence of `product` for the administrator.
async fn licence(server: &TestServer, product: i64) -> i64 {
    licence_of(server, product, Metric::PerDevice).await
}

/// A per-user licence of `product` whose seat the requester holds: the licence and the seat.
async fn seat(server: &TestServer, product: i64) -> (i64, i64) {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let licence = licence_of(server, product, Metric::PerUser).await;
    let to = NewLicenceSeat { user_id: server.fx.requester.id };
    (licence, server.app.assign_licence_seat(&admin, licence, &to).await.unwrap().id)
}

async fn licence_of(server: &TestServer, product: i64, metric: Metric) -> i64 {
    let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
    let new = NewLicence {
        name: unique("Licence"),
        product_id: Some(product),
        product: None,
        publisher: None,
        organisation_id: None,
        metric,
        term: Term::Perpetual,
        seats: Some(5),
        cost_minor: Some(50_000),
        currency: Some("EUR".into()),
        purchased_on: None,
        ends_on: None,
        supplier: None,
        order_number: None,
        contract: None,
        notes: None,
    };
    server.app.create_licence(&admin, &new).await.unwrap().id
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
        // Naming rules name the software of every organisation.
        ("POST", "/software/rules", "manager", 403),
        ("POST", "/software/rules/{id}/remove", "manager", 403),
        ("POST", "/api/v1/software-rules", "manager", 403),
        ("DELETE", "/api/v1/software-rules/{id}", "manager", 403),
    ];

    async fn new(server: &TestServer) -> Self {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let kind = NewAssetType {
            name: unique("Kind"),
            tag_pattern: Some("K-#####".into()),
            fields: Vec::new(),
            audit_interval_days: None,
        };
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
        let product = installation(server, asset).await.product_id;
        let token = NewAgentToken { name: unique("Agents"), organisation_id: Some(server.fx.acme) };
        let agent_token = server.app.create_agent_token(&admin, &token).await.unwrap().token;
        for id in [asset, held] {
            reported(server, &agent_token, id).await;
        }
        let licence = licence(server, product).await;
        let tag = server.app.asset(&admin, asset).await.unwrap().tag;
        let audit = audit(server).await;
        let headsets = NewStockItem {
            kind: Some(StockKind::Accessory),
            name: unique("Headset"),
            quantity: Some(1000),
            ..Default::default()
        };
        let stock = server.app.create_stock_item(&admin, &headsets).await.unwrap().id;
        Fixture { asset, held, kind, location, server: host, service, product, agent_token, licence, audit, tag, stock }
    }

    async fn path(&self, server: &TestServer, method: &str, template: &str, person: Option<&Person>) -> String {
        let me = person.unwrap_or(&server.fx.requester).id;
        if template.contains("{kind}") {
            return template.replace("{kind}", "assets");
        }
        if template.starts_with("/imports/{id}") {
            // A file of the caller's own, previewed or confirmed once.
            let actor = server.app.actor_by_id(me).await.unwrap();
            let file = format!("tag,name,type\n{},Laptop,Laptop\n", unique("IMP"));
            let kind = helmdesk_app::assets::imports::ImportKind::Assets;
            let id = server.app.upload_import(&actor, kind, "laptops.csv", file.as_bytes()).await.unwrap_or(0);
            return template.replace("{id}", &id.to_string());
        }
        if template.contains("{seat}") || template == "/api/v1/licence-seats/{id}" {
            // Taking a seat back takes a seat of its own.
            let (licence, seat) = seat(server, self.product).await;
            let path = template.replace("{seat}", &seat.to_string());
            let id = if template.contains("{seat}") { licence } else { seat };
            return path.replace("{id}", &id.to_string());
        }
        if template.contains("licences/{id}") {
            // A deletion takes a licence of its own; the other calls share the fixture's.
            let gone = method == "DELETE" || template.ends_with("/delete");
            let id = if gone { licence(server, self.product).await } else { self.licence };
            return template.replace("{id}", &id.to_string());
        }
        if template.contains("stock-items/{id}") || template.contains("/stock/{id}") {
            return template.replace("{id}", &self.stock.to_string());
        }
        if template.contains("/cis/") {
            return self.ci_path(server, template).await;
        }
        if template.contains("audits/{id}") {
            // Closing takes a round of its own; the other calls share the fixture's.
            let id = if template.ends_with("/close") { audit(server).await } else { self.audit };
            return template.replace("{id}", &id.to_string());
        }
        if let Some(path) = self.discovery_path(server, template).await {
            return path;
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
        let mut path = template.replace("{id}", &id.to_string());
        if template.contains("{installation_id}") {
            path = path.replace("{installation_id}", &installation(server, id).await.id.to_string());
        }
        path
    }

    async fn body(&self, server: &TestServer, method: &str, template: &str, _person: Option<&Person>) -> Body {
        if method == "GET" {
            return Body::None;
        }
        if template == "/api/v1/inventory/fusioninventory" {
            let message = format!("<REQUEST><DEVICEID>{}</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>", unique("pc"));
            return Body::Agent { token: self.agent_token.clone(), message: message.into_bytes() };
        }
        if template == "/api/v1/inventory/agent" {
            let report = json!({ "device_id": unique("pc"), "packages": [{ "name": "bash", "version": "5.2" }] });
            return Body::Agent { token: self.agent_token.clone(), message: report.to_string().into_bytes() };
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
                "/api/v1/audits" => json!({"name": unique("Round")}),
                "/api/v1/audits/{id}/confirmations" => json!({"code": self.tag}),
                "/api/v1/cis" => json!({"name": unique("Item"), "class": "application"}),
                "/api/v1/cis/{id}" => json!({"name": unique("Renamed")}),
                "/api/v1/cis/{id}/relations" => json!({"kind": "depends_on", "target_id": self.service}),
                "/api/v1/cis/{id}/consumers" => json!({"user_id": server.fx.agent.id}),
                "/api/v1/software-rules" => {
                    json!({"pattern": format!("^{}", unique("Suite")), "product": unique("Suite")})
                }
                "/api/v1/assets/{id}/software" => json!({"name": unique("App"), "version": "2.0"}),
                "/api/v1/agent-tokens" => json!({"name": unique("Agents")}),
                "/api/v1/stock-items" => json!({"kind": "consumable", "name": unique("Toner"), "quantity": 5}),
                "/api/v1/stock-items/{id}" => json!({"name": unique("Headset"), "minimum_quantity": 2}),
                "/api/v1/stock-items/{id}/movements" => json!({"kind": "receive", "quantity": 1}),
                "/api/v1/licences/{id}/seats" => json!({"user_id": server.fx.requester.id}),
                "/api/v1/licences" | "/api/v1/licences/{id}" => json!({
                    "name": unique("Licence"), "product_id": self.product, "metric": "per_device",
                    "term": "perpetual", "seats": 10
                }),
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
            "/software/rules" => form(&[("pattern", format!("^{}", unique("Suite"))), ("product", unique("Suite"))]),
            "/assets/{id}/software" => form(&[("name", unique("App")), ("version", "2.0".into())]),
            "/assets/agents" => form(&[("name", unique("Agents"))]),
            "/audits" => form(&[("name", unique("Round"))]),
            "/audits/{id}/confirm" => form(&[("code", self.tag.clone())]),
            "/stock/new" => form(&[("kind", "consumable".into()), ("name", unique("Toner")), ("quantity", "5".into())]),
            "/stock/{id}/edit" => form(&[("name", unique("Headset")), ("minimum_quantity", "2".into())]),
            "/stock/{id}/movements" => form(&[("kind", "receive".into()), ("quantity", "1".into())]),
            "/licences/{id}/seats" => form(&[("email", server.fx.requester.email.clone())]),
            "/licences/new" | "/licences/{id}/edit" => form(&[
                ("name", unique("Licence")),
                ("product_id", self.product.to_string()),
                ("metric", "per_device".into()),
                ("term", "perpetual".into()),
                ("seats", "5".into()),
                ("cost", "500.00".into()),
                ("currency", "EUR".into()),
            ]),
            _ => form(&[]),
        }
    }
}

impl Fixture {
    /// A software or discovery path: the product, or a fresh naming rule or enrolment token
    /// (of Acme) to remove or revoke; `None` for other paths.
    async fn discovery_path(&self, server: &TestServer, template: &str) -> Option<String> {
        let admin = server.app.actor_by_id(server.fx.admin.id).await.unwrap();
        let id = if template.contains("/software/{id}") {
            self.product
        } else if template.contains("rules/{id}") {
            let new =
                NewNamingRule { pattern: format!("^{}", unique("Rule")), publisher: None, product: unique("Rule") };
            server.app.add_naming_rule(&admin, &new).await.unwrap().0.id
        } else if template.contains("agents/{id}") || template.contains("agent-tokens/{id}") {
            let new = NewAgentToken { name: unique("Agents"), organisation_id: Some(server.fx.acme) };
            server.app.create_agent_token(&admin, &new).await.unwrap().agent_token.id
        } else {
            return None;
        };
        Some(template.replace("{id}", &id.to_string()))
    }

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

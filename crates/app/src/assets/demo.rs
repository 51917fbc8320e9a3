//! The assets module's part of the demo: models of well-known makes, the head office and
//! the lab, a laptop (and for some a monitor and a phone) for every person, servers,
//! switches and printers, a few assets in stock, in repair and retired, and the CMDB of
//! the servers, the applications on them and the business services they carry; the
//! laptops' inventories as a discovery agent reports them, licences of their software, and
//! a store room of consumables and accessories.

use chrono::{Days, NaiveDate};
use helmdesk_domain::assets::cmdb::RelationKind;
use helmdesk_domain::assets::licences::Metric;
use helmdesk_domain::assets::stock::{MovementKind, StockKind};
use helmdesk_store::assets::cmdb::{CiRow, NewRelationRow};
use helmdesk_store::assets::hardware::{AssetFilter, AssetRow};
use helmdesk_store::assets::history::Change;
use helmdesk_store::assets::licences::LicenceRow;
use helmdesk_store::assets::stock::{NewMovement, StockItemRow};

use crate::assets::audits::{Confirmation, NewAudit};
use crate::assets::discovery::{AgentKind, Chassis, DeviceFacts, DeviceReport, NetworkInterface};
use crate::assets::software::Reported;
use crate::platform::demo::DemoPeople;
use crate::{App, AppError};

/// (manufacturer, model, type, useful life in months, cost in cents).
const MODELS: &[(&str, &str, &str, i64, i64)] = &[
    ("Dell", "Latitude 7440", "Laptop", 36, 145_000),
    ("Lenovo", "ThinkPad T14 Gen 4", "Laptop", 36, 132_500),
    ("Apple", "MacBook Pro 14 M3", "Laptop", 48, 219_900),
    ("Dell", "P2723D", "Monitor", 60, 32_900),
    ("Apple", "iPhone 15", "Phone", 24, 96_900),
    ("Dell", "PowerEdge R750", "Server", 60, 1_240_000),
    ("Cisco", "Catalyst 9300-48P", "Network device", 84, 870_000),
    ("HP", "LaserJet Enterprise M611", "Printer", 60, 118_000),
];

/// A demo stock item: kind, name, category, manufacturer, in stock, minimum, unit cost in
/// cents, and how many people were handed one.
type DemoStock = (StockKind, &'static str, &'static str, &'static str, i64, i64, i64, usize);

const STOCK: &[DemoStock] = &[
    (StockKind::Consumable, "HP 305A black toner", "Toner", "HP", 3, 5, 4_999, 0),
    (StockKind::Consumable, "A4 paper, box of 5 reams", "Paper", "Navigator", 40, 10, 2_450, 0),
    (StockKind::Consumable, "AA batteries, pack of 4", "Batteries", "Duracell", 24, 6, 599, 0),
    (StockKind::Accessory, "Logitech MX Master 3S mouse", "Mice", "Logitech", 12, 4, 9_999, 3),
    (StockKind::Accessory, "Jabra Evolve2 65 headset", "Headsets", "Jabra", 6, 2, 21_900, 2),
    (StockKind::Accessory, "Dell WD19S docking station", "Docking stations", "Dell", 3, 2, 18_900, 1),
    (StockKind::Accessory, "USB-C to HDMI cable", "Cables", "Belkin", 25, 5, 1_999, 0),
];

/// Whether the assets module holds data (then the demo is not loaded).
impl App {
    pub(crate) async fn assets_have_data(&self) -> Result<bool, AppError> {
        Ok(!self.store().locations().await?.is_empty())
    }

    /// The demo's catalogue and assets, held by the demo's people.
    pub(crate) async fn demo_assets(&self, people: &DemoPeople) -> Result<usize, AppError> {
        let store = self.store();
        let now = self.now_micros();
        self.default_asset_types().await?;
        let types = store.asset_types().await?;
        let type_id = |name: &str| types.iter().find(|t| t.name == name).map(|t| t.id).ok_or(AppError::NotFound);
        let mut models = Vec::new();
        for (maker, name, kind, life, cost) in MODELS {
            let maker = store.manufacturer_named(maker, now).await?;
            let model = store.create_asset_model(maker.id, type_id(kind)?, name, Some(*life), now).await?;
            models.push((model, *kind, *life, *cost));
        }
        let org = self.default_organisation().await?;
        let site = store.create_location("Amsterdam head office", "site", None, None, now).await?.id;
        let building = store.create_location("Main building", "building", Some(site), None, now).await?.id;
        let server_room = store.create_location("Server room 0.12", "room", Some(building), None, now).await?.id;
        let store_room = store.create_location("IT store room 1.04", "room", Some(building), None, now).await?.id;
        let floors: Vec<i64> = [
            store.create_location("Floor 2 open office", "room", Some(building), None, now).await?.id,
            store.create_location("Floor 3 open office", "room", Some(building), None, now).await?.id,
        ]
        .to_vec();
        let today = self.today();
        let creator = people.agents[0].0;
        let mut made = 0;
        let add = async |model: usize, name: String, state: &str, holder: Holder, org: i64, age_days: u64, i: usize| {
            let (m, kind, life, cost) = &models[model];
            let purchased = today.checked_sub_days(Days::new(age_days)).unwrap_or(today);
            let row = AssetRow {
                name,
                organisation_id: org,
                type_id: m.type_id,
                model_id: Some(m.id),
                serial: Some(format!("{}{:07}", &m.manufacturer_name[..2].to_uppercase(), 4_310_000 + i * 37)),
                state: state.into(),
                location_id: Some(holder.location.unwrap_or(store_room)),
                purchased_on: Some(iso(purchased)),
                cost_minor: Some(*cost),
                currency: Some("EUR".into()),
                residual_minor: Some(0),
                depreciation_months: Some(*life),
                supplier: Some(if *kind == "Server" { "Dell Technologies" } else { "Bechtle" }.into()),
                order_number: Some(format!("PO-{}", 24_000 + i)),
                warranty_end: purchased.checked_add_months(chrono::Months::new(36)).map(iso),
                end_of_life: purchased.checked_add_months(chrono::Months::new(*life as u32)).map(iso),
                holder_kind: holder.kind.map(str::to_string),
                holder_user_id: holder.user,
                holder_location_id: holder.place,
                holder_asset_id: holder.asset,
                checked_out_at: holder.kind.map(|_| now - age_days as i64 * 86_400_000_000 / 2),
                accepted_at: holder
                    .user
                    .filter(|_| !i.is_multiple_of(3))
                    .map(|_| now - age_days as i64 * 86_400_000_000 / 3),
                fields: fields_of(kind, i),
                created_by: creator,
                created_at: now,
                updated_at: now,
                version: 1,
                ..Default::default()
            };
            let line = Change::created(state);
            let pattern = types.iter().find(|t| t.id == m.type_id).and_then(|t| t.tag_pattern.clone());
            let pattern = pattern.and_then(|p| helmdesk_domain::assets::tags::TagPattern::parse(&p).ok());
            let saved =
                store.create_asset(&row, |n| pattern.map(|p| p.tag(n as u64)).unwrap_or_default(), &[line]).await?;
            Ok::<i64, AppError>(saved.id)
        };
        for (i, (user, user_org, _)) in people.requesters.iter().enumerate() {
            let place = floors[i % floors.len()];
            let person = Holder { kind: Some("person"), user: Some(*user), location: Some(place), ..Holder::default() };
            let laptop = add(
                i % 3,
                format!("Laptop {}", i + 1),
                "deployed",
                person.clone(),
                *user_org,
                30 + (i as u64 * 53) % 1_200,
                i,
            )
            .await?;
            made += 1;
            if i.is_multiple_of(2) {
                let on =
                    Holder { kind: Some("asset"), asset: Some(laptop), location: Some(place), ..Holder::default() };
                add(3, format!("Monitor {}", i + 1), "deployed", on, *user_org, 200 + i as u64 * 11, i).await?;
                made += 1;
            }
            if i % 4 == 1 {
                add(4, format!("Phone {}", i + 1), "deployed", person, *user_org, 90 + i as u64 * 7, i).await?;
                made += 1;
            }
        }
        for (i, agent) in people.agents.iter().enumerate() {
            let person =
                Holder { kind: Some("person"), user: Some(agent.0), location: Some(floors[0]), ..Holder::default() };
            add(2 - i % 2, format!("Laptop {}", agent.1), "deployed", person, org, 100 + i as u64 * 41, 500 + i)
                .await?;
            made += 1;
        }
        let rack = Holder {
            kind: Some("location"),
            place: Some(server_room),
            location: Some(server_room),
            ..Holder::default()
        };
        let mut infrastructure = Vec::new();
        for (i, name) in
            ["app-prod-01", "app-prod-02", "db-prod-01", "db-prod-02", "backup-01", "hypervisor-01"].iter().enumerate()
        {
            let id = add(5, name.to_string(), "deployed", rack.clone(), org, 400 + i as u64 * 90, 600 + i).await?;
            infrastructure.push((*name, id));
            made += 1;
        }
        for (i, name) in ["core-switch-a", "core-switch-b", "floor2-switch", "floor3-switch"].iter().enumerate() {
            let id = add(6, name.to_string(), "deployed", rack.clone(), org, 700 + i as u64 * 30, 620 + i).await?;
            infrastructure.push((*name, id));
            made += 1;
        }
        self.demo_cmdb(org, people, &infrastructure).await?;
        let laptops = types.iter().find(|t| t.name == "Laptop").map(|t| t.id);
        for (i, floor) in floors.iter().enumerate() {
            let there =
                Holder { kind: Some("location"), place: Some(*floor), location: Some(*floor), ..Holder::default() };
            add(7, format!("Printer floor {}", i + 2), "deployed", there, org, 500 + i as u64 * 60, 640 + i).await?;
            made += 1;
        }
        for (i, state) in
            ["in_stock", "in_stock", "in_stock", "in_stock", "ordered", "in_repair", "retired", "disposed"]
                .iter()
                .enumerate()
        {
            add(i % 3, format!("Spare laptop {}", i + 1), state, Holder::default(), org, 20 + i as u64 * 200, 660 + i)
                .await?;
            made += 1;
        }
        if let Some(laptops) = laptops {
            self.demo_software(org, people, laptops).await?;
        }
        self.demo_audits(creator, server_room, building).await?;
        self.demo_stock(org, people, store_room).await?;
        Ok(made)
    }

    /// A closed audit of the server room that missed one server, and an open one of the
    /// main building with its first assets confirmed.
    async fn demo_audits(&self, auditor: i64, server_room: i64, building: i64) -> Result<(), AppError> {
        let actor = self.actor_by_id(auditor).await?;
        let rounds = [("Server room, last quarter", server_room, usize::MAX, 1), ("Main building", building, 3, 0)];
        for (name, place, confirm, skip) in rounds {
            let new = NewAudit { name: Some(name.into()), location_id: Some(place), ..Default::default() };
            let round = self.start_audit(&actor, &new).await?;
            let waiting = self.audit_report(&actor, round.id).await?.not_found;
            for line in waiting.iter().skip(skip).take(confirm) {
                let found = Confirmation { asset_id: Some(line.asset_id), code: None };
                self.confirm_in_audit(&actor, round.id, &found).await?;
            }
            if skip > 0 {
                self.close_audit(&actor, round.id).await?;
            }
        }
        Ok(())
    }

    /// The demo's store room: toner, paper and batteries, mice, headsets, docking stations
    /// and cables, some handed to people, the toner and the docking stations low.
    async fn demo_stock(&self, org: i64, people: &DemoPeople, store_room: i64) -> Result<(), AppError> {
        let store = self.store();
        let now = self.now_micros();
        let creator = people.agents[0].0;
        for (i, &(kind, name, category, maker, quantity, minimum, cost, handed)) in STOCK.iter().enumerate() {
            let row = StockItemRow {
                kind: kind.as_str().into(),
                name: name.into(),
                category: Some(category.into()),
                manufacturer: Some(maker.into()),
                organisation_id: org,
                location_id: Some(store_room),
                quantity,
                minimum_quantity: minimum,
                cost_minor: Some(cost),
                currency: Some("EUR".into()),
                supplier: Some("Bechtle".into()),
                order_number: Some(format!("PO-{}", 25_100 + i)),
                created_by: Some(creator),
                created_at: now,
                updated_at: now,
                version: 1,
                ..Default::default()
            };
            let receipt = NewMovement {
                kind: MovementKind::Receive.as_str().into(),
                change: quantity,
                order_number: row.order_number.clone(),
                actor_id: Some(creator),
                created_at: now,
                ..Default::default()
            };
            let item = store.create_stock_item(&row, Some(&receipt)).await?;
            for (user, ..) in people.requesters.iter().take(handed) {
                let issue = NewMovement {
                    item_id: item.id,
                    kind: MovementKind::Issue.as_str().into(),
                    change: -1,
                    held: true,
                    user_id: Some(*user),
                    actor_id: Some(creator),
                    created_at: now,
                    ..Default::default()
                };
                store.move_stock(&issue, |_| Vec::new()).await?;
            }
        }
        Ok(())
    }

    /// The demo's discovery: every deployed laptop reported by a FusionInventory agent
    /// (with a token nobody holds), its system and software (Office spelled several ways,
    /// one French edition renamed by a naming rule), and licences that leave Office short,
    /// Acrobat Pro with unused seats and Zoom covered by a subscription.
    async fn demo_software(&self, org: i64, people: &DemoPeople, laptop_type: i64) -> Result<(), AppError> {
        let store = self.store();
        let now = self.now_micros();
        let creator = people.agents[0].0;
        let secret = crate::platform::auth::new_secret("hdagent_");
        let hash = crate::secrets::secret_hash(&secret);
        let token = store.create_agent_token("Demo: office laptops", &hash, org, creator, now).await?;
        let rule =
            ("^Microsoft Office Professionnel Plus 2019", "Microsoft", "Microsoft Office Professional Plus 2019");
        store.create_software_rule(rule.0, Some(rule.1), rule.2, creator, now).await?;
        let filter = AssetFilter {
            type_id: Some(laptop_type),
            state: Some("deployed".into()),
            limit: 1_000,
            ..Default::default()
        };
        let laptops = store.assets(&filter).await?;
        for (i, laptop) in laptops.iter().enumerate() {
            let a = &laptop.asset;
            let report = DeviceReport {
                device_id: format!("{}-2026-11-30-08-00-00", a.tag.to_lowercase()),
                uuid: Some(format!("4C4C4544-0042-3510-8057-{:012X}", 0xB7C0_4F4A_0000u64 + a.id as u64)),
                serial: a.serial.clone(),
                chassis: Chassis::Laptop,
                facts: DeviceFacts {
                    hostname: Some(a.tag.to_lowercase()),
                    os_name: Some("Microsoft Windows 11 Pro".into()),
                    os_version: Some("10.0.22631".into()),
                    arch: Some("x86_64".into()),
                    manufacturer: laptop.manufacturer_name.clone(),
                    model: laptop.model_name.clone(),
                    cpu: Some("13th Gen Intel(R) Core(TM) i7-1365U".into()),
                    cpu_cores: Some(10),
                    memory_mb: Some([8_192, 16_384, 16_384, 32_768][i % 4]),
                    networks: vec![NetworkInterface {
                        name: "Intel(R) Wi-Fi 6E AX211".into(),
                        mac: Some(format!(
                            "8c:8d:28:{:02x}:{:02x}:{:02x}",
                            (a.id >> 16) & 0xff,
                            (a.id >> 8) & 0xff,
                            a.id & 0xff
                        )),
                        ipv4: Some(format!("10.20.{}.{}", 2 + i / 200, 10 + i % 200)),
                    }],
                    ..Default::default()
                },
                software: demo_packages(i),
            };
            self.record_inventory(&token, AgentKind::Fusioninventory, &report).await?;
        }
        let office = laptops.len().saturating_sub(3) as i64;
        let licences = [
            (
                "Office 2019 volume licence",
                "Microsoft Office Professional Plus 2019",
                "Microsoft",
                Metric::PerDevice,
                office,
                29_900,
                None,
            ),
            ("Acrobat Pro team licence", "Adobe Acrobat Pro DC", "Adobe", Metric::PerUser, 22, 23_988, Some(400)),
            (
                "Zoom Workplace Business",
                "Zoom Workplace",
                "Zoom Video Communications",
                Metric::PerUser,
                250,
                15_990,
                Some(200),
            ),
        ];
        let today = self.today();
        for (name, product, publisher, metric, seats, seat_cost, renews_in_days) in licences {
            let product_id = {
                let mut tx = store.begin().await?;
                let key = (publisher.to_string(), product.to_string());
                let ids = store.product_ids(&mut tx, std::slice::from_ref(&key), now).await?;
                tx.commit().await?;
                ids[&key]
            };
            let row = LicenceRow {
                organisation_id: org,
                product_id,
                name: name.into(),
                metric: metric.as_str().into(),
                term: if renews_in_days.is_some() { "subscription" } else { "perpetual" }.into(),
                seats: Some(seats),
                cost_minor: Some(seat_cost * seats),
                currency: Some("EUR".into()),
                purchased_on: today.checked_sub_days(Days::new(300)).map(iso),
                ends_on: renews_in_days.and_then(|d| today.checked_add_days(Days::new(d))).map(iso),
                supplier: Some("SoftwareOne".into()),
                order_number: Some(format!("PO-{}", 31_000 + seats)),
                created_by: Some(creator),
                created_at: now,
                updated_at: now,
                version: 1,
                ..Default::default()
            };
            store.create_licence(&row).await?;
        }
        self.count_software_use().await
    }
}

/// The software of the demo's `i`th laptop: what every laptop has, Office spelled as the
/// installer of its language does, and a few applications on some.
fn demo_packages(i: usize) -> Vec<Reported> {
    let office = [
        "Microsoft Office Professional Plus 2019 - en-us",
        "Microsoft Office Professional Plus 2019 - nl-nl",
        "Microsoft Office Professional Plus 2019 (x64)",
        "Microsoft Office Professionnel Plus 2019 - fr-fr",
    ][i % 4];
    let mut list = vec![
        (office, "Microsoft Corporation", "16.0.10827.20138"),
        ("Microsoft Teams", "Microsoft Corporation", "24295.605.3225.8804"),
        ("Mozilla Firefox 128.5.1 (x64 en-US)", "Mozilla", "128.5.1"),
        ("Google Chrome", "Google LLC", "131.0.6778.86"),
        ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"),
        ("Zoom Workplace", "Zoom Video Communications, Inc.", "6.2.11"),
    ];
    list.push(if i.is_multiple_of(3) {
        ("Adobe Acrobat Pro DC", "Adobe Inc.", "24.004.20220")
    } else {
        ("Adobe Acrobat Reader DC", "Adobe Inc.", "24.004.20220")
    });
    if i.is_multiple_of(5) {
        list.push(("Microsoft Visio Professional 2019 - en-us", "Microsoft Corporation", "16.0.10827.20138"));
    }
    if i.is_multiple_of(7) {
        list.push(("Python 3.12.7 (64-bit)", "Python Software Foundation", "3.12.7150.0"));
    }
    list.into_iter().filter_map(|(n, p, v)| Reported::new(n, p, v)).collect()
}

/// The demo's configuration items besides the servers and switches: (name, class,
/// criticality of a business service).
const ITEMS: &[(&str, &str, Option<&str>)] = &[
    ("payroll-db (PostgreSQL 16)", "database", None),
    ("crm-db (SQL Server 2022)", "database", None),
    ("Payroll (AFAS Profit)", "application", None),
    ("CRM (Dynamics 365)", "application", None),
    ("Intranet (SharePoint)", "application", None),
    ("Mail gateway (Postfix)", "application", None),
    ("Payroll", "business_service", Some("critical")),
    ("E-mail", "business_service", Some("critical")),
    ("Customer relations", "business_service", Some("high")),
    ("Intranet", "business_service", Some("medium")),
];

/// "source kind target" among the demo's items, by name.
const RELATIONS: &[(&str, &str, &str)] = &[
    ("app-prod-01", "hosted_in", "hypervisor-01"),
    ("app-prod-02", "hosted_in", "hypervisor-01"),
    ("hypervisor-01", "connected_to", "core-switch-a"),
    ("db-prod-01", "connected_to", "core-switch-a"),
    ("db-prod-02", "connected_to", "core-switch-b"),
    ("backup-01", "connected_to", "core-switch-b"),
    ("payroll-db (PostgreSQL 16)", "runs_on", "db-prod-01"),
    ("crm-db (SQL Server 2022)", "runs_on", "db-prod-02"),
    ("Payroll (AFAS Profit)", "runs_on", "app-prod-01"),
    ("Payroll (AFAS Profit)", "depends_on", "payroll-db (PostgreSQL 16)"),
    ("CRM (Dynamics 365)", "runs_on", "app-prod-02"),
    ("crm-db (SQL Server 2022)", "used_by", "CRM (Dynamics 365)"),
    ("Intranet (SharePoint)", "runs_on", "app-prod-02"),
    ("Mail gateway (Postfix)", "runs_on", "app-prod-01"),
    ("Payroll", "depends_on", "Payroll (AFAS Profit)"),
    ("Customer relations", "depends_on", "CRM (Dynamics 365)"),
    ("Intranet", "depends_on", "Intranet (SharePoint)"),
    ("E-mail", "depends_on", "Mail gateway (Postfix)"),
];

impl App {
    /// The demo's CMDB: an item for each server and core switch (standing for its asset),
    /// databases, applications and business services, how they depend on each other, and
    /// the departments that use each service.
    async fn demo_cmdb(&self, org: i64, people: &DemoPeople, assets: &[(&str, i64)]) -> Result<(), AppError> {
        let store = self.store();
        let now = self.now_micros();
        let creator = people.agents[0].0;
        let mut ids = std::collections::HashMap::new();
        let hardware = assets.iter().filter(|(name, _)| !name.starts_with("floor")).map(|(name, asset)| {
            let class = if name.contains("switch") { "network_component" } else { "hardware" };
            (*name, class, None, Some(*asset))
        });
        let others = ITEMS.iter().map(|(name, class, criticality)| (*name, *class, *criticality, None));
        for (name, class, criticality, asset_id) in hardware.chain(others) {
            let row = CiRow {
                name: name.into(),
                class: class.into(),
                organisation_id: org,
                asset_id,
                criticality: criticality.map(str::to_string),
                owner_user_id: Some(creator),
                created_by: Some(creator),
                created_at: now,
                updated_at: now,
                version: 1,
                ..Default::default()
            };
            ids.insert(name, store.create_ci(&row, &[Change::created(class)]).await?.id);
        }
        for (source_name, kind, target_name) in RELATIONS {
            let (source, target) = (ids[source_name], ids[target_name]);
            let kind: RelationKind = kind.parse()?;
            let (dependant_id, provider_id) = kind.dependant_and_provider(source, target);
            let row = NewRelationRow {
                source_id: source,
                kind: kind.as_str().into(),
                target_id: target,
                dependant_id,
                provider_id,
                created_by: Some(creator),
                created_at: now,
            };
            let line = Change {
                field: "relation".into(),
                old_value: None,
                new_value: Some(kind.sentence(source_name, target_name)),
            };
            store.add_ci_relation(&row, &line, &line).await?;
        }
        let mut departments: Vec<i64> = people.requesters.iter().filter(|r| r.1 == org).map(|r| r.2).collect();
        departments.sort_unstable();
        departments.dedup();
        for (i, service) in ["Payroll", "E-mail", "Customer relations", "Intranet"].iter().enumerate() {
            for department in departments.iter().skip(i % 2).step_by(if i == 1 { 1 } else { 2 }) {
                let name = store.department(*department).await?.name;
                let line = Change { field: "used_by".into(), old_value: None, new_value: Some(name) };
                store.add_ci_consumer(ids[service], Some(*department), None, Some(creator), now, &line).await?;
            }
        }
        Ok(())
    }
}

/// Who or what a demo asset is with, and where it is.
#[derive(Clone, Default)]
struct Holder {
    kind: Option<&'static str>,
    user: Option<i64>,
    place: Option<i64>,
    asset: Option<i64>,
    location: Option<i64>,
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Plausible values of the type's own fields (the migration's default fields).
fn fields_of(kind: &str, i: usize) -> String {
    let ram = [8, 16, 16, 32][i % 4];
    match kind {
        "Laptop" => format!(r#"{{"cpu":"Intel Core i7-1365U","disk_gb":"512","ram_gb":"{ram}"}}"#),
        "Server" => format!(
            r#"{{"cpu":"2x Intel Xeon Gold 6338","ram_gb":"512","rack_unit":"R{}-U{}"}}"#,
            1 + i % 2,
            10 + i % 30
        ),
        "Monitor" => r#"{"size_in":"27"}"#.into(),
        "Network device" => r#"{"firmware":"IOS XE 17.9.4","ports":"48"}"#.into(),
        "Printer" => r#"{"colour":"no"}"#.into(),
        _ => "{}".into(),
    }
}

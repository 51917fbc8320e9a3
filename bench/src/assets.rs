//! The assets module's part of the seed: hardware assets of every default type in every
//! lifecycle state (deployed ones held by requesters), and a CMDB whose core item has a
//! known number of dependants, the rest of the relationships spread over the other items.
//!
//! Rows go in through multi-row statements in one transaction per batch, as the tickets
//! do; relationships that happen to repeat are skipped (`ON CONFLICT DO NOTHING`).
//!
//! Software ([`seed_software`]): a catalogue of products, some spelled several ways as
//! installers do, installed on the seeded assets with Zipf-like popularity (the first
//! products on nearly every device, the last on a hundred), licences of the popular ones
//! with every metric and term, some short and some over, their use counted once as the
//! reconciliation job does, and an enrolment token for the load programs' agents.

use std::time::Instant;

use anyhow::Context;
use helmdesk_app::App;
use helmdesk_app::secrets::secret_hash;
use helmdesk_domain::assets::cmdb::RelationKind;
use helmdesk_domain::assets::search::terms;
use helmdesk_domain::assets::software::normalise;
use helmdesk_store::assets::licences::LicenceRow;
use helmdesk_store::{Arg, Sql, Store};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Rows per transaction.
const BATCH: usize = 5_000;

/// How many of what to seed.
#[derive(Debug, Clone, Copy)]
pub struct AssetsPlan {
    pub assets: usize,
    pub cis: usize,
    pub relations: usize,
    /// The core item's dependants (transitively), at most `cis - 1`.
    pub core_dependants: usize,
}

/// What the seed made, for `load` to aim at.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AssetsManifest {
    pub assets: i64,
    pub cis: i64,
    pub relations: i64,
    pub asset_type_ids: Vec<i64>,
    /// A word of many assets' names, and a tag prefix few share.
    pub asset_name_word: String,
    pub asset_tag_prefix: String,
    /// The item with `core_dependants` dependants.
    pub core_ci_id: i64,
    pub core_dependants: i64,
    /// A few other items, to open.
    pub ci_ids: Vec<i64>,
    /// The software, licences and enrolment token seeded, if any (`--installations`).
    #[serde(default)]
    pub software: Option<SoftwareManifest>,
    /// The location of every [`AUDIT_STRIDE`]-th asset (`BEN-0000000`, `BEN-0000010`, ...;
    /// none on order), for a physical audit's round, and how many assets it holds.
    #[serde(default)]
    pub audit_location_id: Option<i64>,
    #[serde(default)]
    pub audit_assets: i64,
    #[serde(default)]
    pub audit_stride: i64,
    /// Consumables and accessories with their movements and holders.
    #[serde(default)]
    pub stock: Option<StockManifest>,
    /// A CSV file of the first [`IMPORT_ROWS`] seeded assets as an asset import reads them
    /// (every row matches its asset unchanged), next to the manifest: its name and rows.
    #[serde(default)]
    pub import_csv: Option<String>,
    #[serde(default)]
    pub import_rows: i64,
    /// The file's text, for the seed to write.
    #[serde(skip)]
    pub import_csv_text: String,
    /// Assets with an expected return, and with an end of life (the seed's warranty ends
    /// are on most), for the reminders.
    #[serde(default)]
    pub expected_returns: i64,
    #[serde(default)]
    pub ends_of_life: i64,
    /// Seconds of `App::send_asset_reminders` after the seed, twice, and the notifications
    /// each run wrote (the second: none).
    #[serde(default)]
    pub reminders_seconds: Vec<f64>,
    #[serde(default)]
    pub reminders_sent: Vec<usize>,
}

/// Every this many-th asset is in the audited location.
pub const AUDIT_STRIDE: usize = 10;

/// Rows of the import file.
pub const IMPORT_ROWS: usize = 10_000;

/// Stock items seeded.
const STOCK_ITEMS: usize = 400;

/// Movements of each stock item.
const STOCK_MOVEMENTS: usize = 20;

/// What the stock seed made.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StockManifest {
    pub items: i64,
    pub movements: i64,
    pub holdings: i64,
    /// Some items, to read the movements of.
    pub item_ids: Vec<i64>,
    /// Words for the list's search, from many items to none.
    pub search_words: Vec<String>,
}

/// Inserts `rows` into `table` in batches of [`BATCH`], each batch one transaction.
async fn insert(store: &Store, table: &str, columns: &[&str], rows: Vec<Vec<Arg>>, tail: &str) -> anyhow::Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Arg>> = rows.by_ref().take(BATCH).collect();
        let mut tx = store.begin().await?;
        for sql in Sql::insert_many(table, columns, batch, tail) {
            sql.execute(&mut tx).await.with_context(|| format!("insert into {table}"))?;
        }
        tx.commit().await?;
    }
    Ok(())
}

const TERM_COLUMNS: [&str; 3] = ["kind", "term", "record_id"];

/// The search index's rows for record `id` of `kind` with these texts.
fn term_rows_of<'a>(kind: &str, id: i64, texts: impl IntoIterator<Item = &'a str>) -> Vec<Vec<Arg>> {
    terms(texts).into_iter().map(|t| vec![Arg::from(kind), Arg::from(t), Arg::from(id)]).collect()
}

/// The largest id of `table` (0 when empty).
async fn max_id(store: &Store, table: &str) -> anyhow::Result<i64> {
    let max: Option<i64> = Sql::new(format!("SELECT MAX(id) FROM {table}")).scalar(store.db()).await?;
    Ok(max.unwrap_or(0))
}

/// Seeds the plan's assets and CMDB for `organisations` (the first is the root), held by
/// `holders` (requesters), created by `creator`, at `now`.
pub async fn seed(
    app: &App,
    plan: AssetsPlan,
    organisations: &[i64],
    holders: &[(i64, i64)],
    creator: i64,
    now: i64,
    seed: u64,
) -> anyhow::Result<AssetsManifest> {
    let store = app.store();
    let mut rng = StdRng::seed_from_u64(seed);
    app.default_asset_types().await?;
    let types = store.asset_types().await?;
    let type_ids: Vec<i64> = types.iter().map(|t| t.id).collect();
    let states = ["in_stock", "deployed", "deployed", "deployed", "deployed", "in_repair", "retired", "ordered"];
    let columns = [
        "tag",
        "name",
        "organisation_id",
        "type_id",
        "serial",
        "state",
        "holder_kind",
        "holder_user_id",
        "checked_out_at",
        "purchased_on",
        "cost_minor",
        "currency",
        "warranty_end",
        "fields",
        "notes",
        "created_by",
        "created_at",
        "updated_at",
        "location_id",
        "expected_return",
        "end_of_life",
    ];
    let first_asset = max_id(store, "assets").await? + 1;
    let audited_place = audit_location(store, now).await?;
    let today = chrono::DateTime::from_timestamp_micros(now).unwrap_or_default().date_naive();
    // A day `offset` days from today.
    let day = |offset: i64| (today + chrono::TimeDelta::days(offset)).format("%Y-%m-%d").to_string();
    let mut csv = String::from("tag,name,type,serial,purchased_on,cost,currency,warranty_end,end_of_life\n");
    let (mut audit_assets, mut expected_returns, mut ends_of_life) = (0, 0, 0);
    let mut rows = Vec::with_capacity(plan.assets);
    let mut term_rows = Vec::new();
    for i in 0..plan.assets {
        let kind = &types[i % types.len()];
        let mut state = *states.choose(&mut rng).unwrap_or(&"in_stock");
        let audited = i % AUDIT_STRIDE == 0;
        if audited && state == "ordered" {
            // A round does not look for assets on order.
            state = "in_stock";
        }
        let holder = (state == "deployed").then(|| holders.choose(&mut rng).copied()).flatten();
        let organisation = holder.map(|h| h.1).unwrap_or(organisations[i % organisations.len()]);
        let year = 2019 + (i % 7);
        let (tag, name) = (format!("BEN-{i:07}"), format!("{} {}", kind.name, i + 1));
        let serial = format!("SN{:010}", rng.random_range(0..10_000_000_000u64));
        // Reminders: some held assets due back within a month either side of today, and a
        // tenth of all at their end of life within a year either side.
        let expected_return = (holder.is_some() && i % 10 == 3).then(|| day((i / 10 % 61) as i64 - 30));
        let end_of_life = (i % 10 == 5).then(|| day((i / 10 % 731) as i64 - 365));
        let (purchased_on, warranty_end) = (
            format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            format!("{}-{:02}-{:02}", year + 3, 1 + i % 12, 1 + i % 28),
        );
        let cost: i64 = rng.random_range(20_000..400_000i64);
        if i < IMPORT_ROWS {
            csv.push_str(&format!(
                "{tag},{},{},{serial},{purchased_on},{}.{:02},EUR,{warranty_end},{}\n",
                quoted(&name),
                quoted(&kind.name),
                cost / 100,
                cost % 100,
                end_of_life.clone().unwrap_or_default()
            ));
        }
        audit_assets += i64::from(audited);
        expected_returns += i64::from(expected_return.is_some());
        ends_of_life += i64::from(end_of_life.is_some());
        term_rows.extend(term_rows_of("asset", first_asset + i as i64, [tag.as_str(), serial.as_str(), name.as_str()]));
        rows.push(vec![
            Arg::from(tag),
            Arg::from(name),
            Arg::from(organisation),
            Arg::from(kind.id),
            Arg::from(serial),
            Arg::from(if holder.is_some() { state } else { "in_stock" }),
            Arg::from(holder.map(|_| "person".to_string())),
            Arg::from(holder.map(|h| h.0)),
            Arg::from(holder.map(|_| now)),
            Arg::from(purchased_on),
            Arg::from(cost),
            Arg::from("EUR"),
            Arg::from(warranty_end),
            Arg::from("{}"),
            Arg::from(""),
            Arg::from(creator),
            Arg::from(now),
            Arg::from(now),
            Arg::from(audited.then_some(audited_place)),
            Arg::from(expected_return),
            Arg::from(end_of_life),
        ]);
    }
    insert(store, "assets", &columns, rows, "").await?;
    insert(store, "asset_terms", &TERM_COLUMNS, term_rows, "").await?;

    let first_ci = max_id(store, "cis").await? + 1;
    let core = plan.core_dependants.min(plan.cis.saturating_sub(1));
    // The core item, its dependants in three levels (servers on it, applications on the
    // servers, business services over the applications), then everything else.
    let servers = (core / 50).max(1).min(core);
    let services = (core / 200).min(core - servers);
    let applications = core - servers - services;
    let class_of = |n: usize| -> &'static str {
        match n {
            0 => "hardware",
            n if n <= servers => "hardware",
            n if n <= servers + applications => ["application", "database", "software_instance"][n % 3],
            n if n <= core => "business_service",
            n => ["hardware", "application", "database", "network_component", "software_instance", "other"][n % 6],
        }
    };
    let mut rows = Vec::with_capacity(plan.cis);
    let mut term_rows = Vec::new();
    for n in 0..plan.cis {
        let class = class_of(n);
        let name = if n == 0 { "core-san-01".to_string() } else { format!("{class}-{n:06}") };
        term_rows.extend(term_rows_of("ci", first_ci + n as i64, [name.as_str()]));
        rows.push(vec![
            Arg::from(name),
            Arg::from(class),
            Arg::from(organisations[0]),
            Arg::from((class == "business_service").then(|| "high".to_string())),
            Arg::from(""),
            Arg::from(creator),
            Arg::from(now),
            Arg::from(now),
        ]);
    }
    let columns =
        ["name", "class", "organisation_id", "criticality", "description", "created_by", "created_at", "updated_at"];
    insert(store, "cis", &columns, rows, "").await?;
    insert(store, "asset_terms", &TERM_COLUMNS, term_rows, "").await?;

    let id = |n: usize| first_ci + n as i64;
    let mut edges: Vec<(i64, RelationKind, i64)> = Vec::with_capacity(plan.relations);
    for n in 1..=servers {
        edges.push((id(n), RelationKind::HostedIn, id(0)));
    }
    for n in servers + 1..=servers + applications {
        edges.push((id(n), RelationKind::RunsOn, id(rng.random_range(1..=servers))));
    }
    for n in servers + applications + 1..=core {
        for _ in 0..20 {
            edges.push((id(n), RelationKind::DependsOn, id(rng.random_range(servers + 1..=servers + applications))));
        }
    }
    // The rest: among the other items only, so that the core's dependants stay as planned.
    let rest = (core + 1)..plan.cis;
    let kinds = [
        RelationKind::RunsOn,
        RelationKind::DependsOn,
        RelationKind::ConnectedTo,
        RelationKind::HostedIn,
        RelationKind::UsedBy,
    ];
    while edges.len() < plan.relations && rest.len() > 1 {
        let (a, b) = (rng.random_range(rest.clone()), rng.random_range(rest.clone()));
        if a != b {
            edges.push((id(a), *kinds.choose(&mut rng).unwrap_or(&RelationKind::DependsOn), id(b)));
        }
    }
    let rows = edges
        .into_iter()
        .map(|(source, kind, target)| {
            let (dependant, provider) = kind.dependant_and_provider(source, target);
            vec![
                Arg::from(source),
                Arg::from(kind.as_str()),
                Arg::from(target),
                Arg::from(dependant),
                Arg::from(provider),
                Arg::from(creator),
                Arg::from(now),
            ]
        })
        .collect();
    let columns = ["source_id", "kind", "target_id", "dependant_id", "provider_id", "created_by", "created_at"];
    insert(store, "ci_relations", &columns, rows, "ON CONFLICT DO NOTHING").await?;
    let stock = seed_stock(store, organisations, holders, creator, now, &mut rng).await?;

    let count = |table: &'static str| async move {
        Sql::new(format!("SELECT COUNT(*) FROM {table}")).scalar::<i64>(store.db()).await
    };
    Ok(AssetsManifest {
        assets: count("assets").await?,
        cis: count("cis").await?,
        relations: count("ci_relations").await?,
        asset_type_ids: type_ids,
        asset_name_word: "laptop".into(),
        asset_tag_prefix: "BEN-00123".into(),
        core_ci_id: id(0),
        core_dependants: core as i64,
        ci_ids: (0..20)
            .map(|k| core + 1 + k * plan.cis.saturating_sub(core + 1) / 20)
            .filter(|n| *n < plan.cis)
            .map(id)
            .collect(),
        software: None,
        audit_location_id: Some(audited_place),
        audit_assets,
        audit_stride: AUDIT_STRIDE as i64,
        stock: Some(stock),
        import_csv: None,
        import_rows: plan.assets.min(IMPORT_ROWS) as i64,
        import_csv_text: csv,
        expected_returns,
        ends_of_life,
        reminders_seconds: Vec::new(),
        reminders_sent: Vec::new(),
    })
}

/// A CSV cell in quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The place whose assets a physical audit's round looks for.
async fn audit_location(store: &Store, now: i64) -> anyhow::Result<i64> {
    let sql = "INSERT INTO locations (name, kind, created_at) VALUES ('Bench warehouse', 'site', $1) RETURNING id";
    let mut tx = store.begin().await?;
    let id = Sql::new(sql).bind(now).scalar(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}

const CONSUMABLES: &[(&str, &str)] = &[
    ("Toner cartridge", "Printing"),
    ("Ink cartridge", "Printing"),
    ("Drum unit", "Printing"),
    ("Paper A4 box", "Paper"),
    ("Batteries AA pack", "Batteries"),
    ("Batteries AAA pack", "Batteries"),
    ("Label tape", "Labels"),
    ("Cleaning wipes", "Cleaning"),
];
const ACCESSORIES: &[(&str, &str)] = &[
    ("USB-C dock", "Docking"),
    ("Wireless mouse", "Input"),
    ("Keyboard", "Input"),
    ("Headset", "Audio"),
    ("Webcam", "Video"),
    ("Monitor arm", "Furniture"),
    ("Laptop bag", "Bags"),
    ("USB-C charger", "Power"),
    ("HDMI cable", "Cables"),
    ("Presenter", "Input"),
];
const STOCK_MAKERS: &[&str] = &["HP", "Logitech", "Dell", "Jabra", "Brother", "Lenovo", "Anker", "Epson"];

/// [`STOCK_ITEMS`] consumables and accessories of the organisations, each with
/// [`STOCK_MOVEMENTS`] movements (a first receipt, then issues to the holders, returns and
/// receipts), the accessories held by the people they were issued to; some low.
async fn seed_stock(
    store: &Store,
    organisations: &[i64],
    holders: &[(i64, i64)],
    creator: i64,
    now: i64,
    rng: &mut StdRng,
) -> anyhow::Result<StockManifest> {
    let first = max_id(store, "stock_items").await? + 1;
    let (mut items, mut movements, mut holdings) = (Vec::new(), Vec::new(), Vec::new());
    let hour = 3_600_000_000i64;
    for k in 0..STOCK_ITEMS {
        let id = first + k as i64;
        let accessory = k % 2 == 0;
        let (base, category) =
            if accessory { ACCESSORIES[k / 2 % ACCESSORIES.len()] } else { CONSUMABLES[k / 2 % CONSUMABLES.len()] };
        let maker = STOCK_MAKERS[k % STOCK_MAKERS.len()];
        let mut quantity = 0i64;
        let mut held: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
        for m in 0..STOCK_MOVEMENTS {
            let at = now - (STOCK_MOVEMENTS - m) as i64 * 24 * hour;
            let person = holders.choose(rng).map(|h| h.0);
            let returned = held.keys().next().copied().filter(|_| accessory && m % 5 == 4);
            let (kind, change, user) = match (m, returned) {
                (0, _) => ("receive", rng.random_range(40..120i64), None),
                (_, Some(user)) => ("return", 1, Some(user)),
                _ if m % 7 == 6 => ("receive", rng.random_range(10..40i64), None),
                _ => ("issue", -rng.random_range(1..=3i64).min(quantity), person),
            };
            if change == 0 {
                continue;
            }
            quantity += change;
            if accessory && let Some(user) = user {
                let h = held.entry(user).or_default();
                *h -= change;
                if *h <= 0 {
                    held.remove(&user);
                }
            }
            movements.push(vec![
                Arg::from(id),
                Arg::from(kind),
                Arg::from(change),
                Arg::from(quantity),
                Arg::from(user),
                Arg::from((kind == "receive").then(|| format!("PO-S{}", 10_000 + k * 100 + m))),
                Arg::from(creator),
                Arg::from(at),
            ]);
        }
        holdings.extend(
            held.into_iter().map(|(user, q)| vec![Arg::from(id), Arg::from(user), Arg::from(q), Arg::from(now)]),
        );
        let minimum = rng.random_range(5..40i64);
        items.push(vec![
            Arg::from(if accessory { "accessory" } else { "consumable" }),
            Arg::from(format!("{maker} {base} {}", 100 + k)),
            Arg::from(category),
            Arg::from(maker),
            Arg::from(format!("{}-{}", &maker[..2].to_uppercase(), 1000 + k * 7)),
            Arg::from(organisations[k % organisations.len()]),
            Arg::from(quantity),
            Arg::from(minimum),
            Arg::from(rng.random_range(500..20_000i64)),
            Arg::from("EUR"),
            Arg::from(["Bechtle", "Insight", "Amazon Business", "Office Depot"][k % 4]),
            Arg::from(""),
            Arg::from(creator),
            Arg::from(now),
            Arg::from(now),
        ]);
    }
    let counts = (items.len() as i64, movements.len() as i64, holdings.len() as i64);
    let columns = [
        "kind",
        "name",
        "category",
        "manufacturer",
        "model_number",
        "organisation_id",
        "quantity",
        "minimum_quantity",
        "cost_minor",
        "currency",
        "supplier",
        "notes",
        "created_by",
        "created_at",
        "updated_at",
    ];
    insert(store, "stock_items", &columns, items, "").await?;
    let columns = ["item_id", "kind", "change", "quantity_after", "user_id", "order_number", "actor_id", "created_at"];
    insert(store, "stock_movements", &columns, movements, "").await?;
    insert(store, "stock_holdings", &["item_id", "user_id", "quantity", "since"], holdings, "").await?;
    Ok(StockManifest {
        items: counts.0,
        movements: counts.1,
        holdings: counts.2,
        item_ids: (0..20).map(|k| first + (k * STOCK_ITEMS / 20) as i64).collect(),
        search_words: ["headset", "toner", "logitech", "usb", "zz-none"].map(String::from).to_vec(),
    })
}

/// How much software to seed on the assets seeded just before.
#[derive(Debug, Clone, Copy)]
pub struct SoftwarePlan {
    /// Products in the catalogue (about: a few spellings may clean to one product).
    pub products: usize,
    /// Installations over all the seeded assets, exactly.
    pub installations: usize,
    pub licences: usize,
}

/// What the software seed made, for `load` and `agents` to aim at.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SoftwareManifest {
    pub products: i64,
    pub spellings: i64,
    pub installations: i64,
    pub licences: i64,
    /// Seconds to write the installations, and for counting every licensed product's use
    /// (`App::count_software_use`, the `licences.reconcile` job) after the seed, twice.
    pub installations_seconds: f64,
    pub reconcile_seconds: Vec<f64>,
    /// An enrolment token of the root organisation (a bench secret), for inventories.
    pub agent_token: String,
    /// Every spelling as (name, publisher, a version), the most installed products first.
    pub packages: Vec<[String; 3]>,
    /// Words of product names for catalogue searches, from many products to few.
    pub search_words: Vec<String>,
}

/// Products everybody knows, spelled as Windows' uninstall keys spell them: the most
/// installed come first.
const KNOWN: &[(&str, &str)] = &[
    ("Microsoft Edge", "Microsoft Corporation"),
    ("Google Chrome", "Google LLC"),
    ("Microsoft Office Professional Plus 2019", "Microsoft Corporation"),
    ("Microsoft Teams", "Microsoft Corporation"),
    ("Microsoft Visual C++ 2015-2022 Redistributable", "Microsoft Corporation"),
    ("Adobe Acrobat Reader DC", "Adobe Inc."),
    ("7-Zip", "Igor Pavlov"),
    ("Zoom Workplace", "Zoom Video Communications, Inc."),
    ("Mozilla Firefox", "Mozilla"),
    ("CrowdStrike Windows Sensor", "CrowdStrike, Inc."),
    ("Cisco Secure Client", "Cisco Systems, Inc."),
    ("Microsoft OneDrive", "Microsoft Corporation"),
    ("Notepad++", "Notepad++ Team"),
    ("VLC media player", "VideoLAN"),
    ("Adobe Acrobat Pro DC", "Adobe Inc."),
    ("Slack", "Slack Technologies Inc."),
    ("Microsoft Visio Professional 2019", "Microsoft Corporation"),
    ("Microsoft Project Professional 2019", "Microsoft Corporation"),
    ("Git", "The Git Development Community"),
    ("Python", "Python Software Foundation"),
    ("Visual Studio Code", "Microsoft Corporation"),
    ("AutoCAD LT 2024", "Autodesk, Inc."),
    ("Citrix Workspace", "Cloud Software Group, Inc."),
    ("KeePass Password Safe", "Dominik Reichl"),
    ("WinSCP", "Martin Prikryl"),
    ("PuTTY", "Simon Tatham"),
    ("Tableau Desktop", "Tableau Software, LLC"),
    ("SAP GUI for Windows", "SAP SE"),
    ("Snagit", "TechSmith Corporation"),
    ("Power BI Desktop", "Microsoft Corporation"),
];
const VENDORS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Litware",
    "Wingtip",
    "Proseware",
    "Woodgrove",
    "Lucerne",
    "Coho",
    "Fourth Coffee",
    "Humongous",
    "Trey Research",
    "VanArsdel",
    "Blue Yonder",
    "Alpine",
    "Datum",
    "Graphic Design Institute",
    "Relecloud",
    "Southridge",
    "Wide World",
    "Bellows",
    "Consolidated Messenger",
    "Adatum",
    "First Up",
    "Lamna",
    "Nod Publishers",
    "Liberty Delightful",
    "School of Fine Art",
    "Margie's Travel",
];
const AREAS: &[&str] = &[
    "Data", "Cloud", "Secure", "Smart", "Remote", "Print", "PDF", "Backup", "Network", "Asset", "Desktop", "Mail",
    "Sync", "Media", "Code", "Label", "Scan", "Report", "Vault", "Office",
];
const KINDS: &[&str] = &[
    "Studio",
    "Agent",
    "Client",
    "Manager",
    "Viewer",
    "Editor",
    "Monitor",
    "Connector",
    "Suite",
    "Toolkit",
    "Assistant",
    "Service",
    "Console",
    "Designer",
    "Runtime",
    "Updater",
];
const LEGAL: &[&str] = &["Ltd.", "Inc.", "Corporation", "GmbH", "B.V.", "LLC"];

/// A product of the catalogue with its spellings (name, publisher) and its versions.
struct Made {
    publisher: String,
    name: String,
    spellings: Vec<(String, String)>,
    version: String,
}

/// The catalogue: `n` products, the known ones first, then made-up ones, each spelled
/// once as it is and, one in three, a few more ways that clean to the same product
/// (architecture, language, a version in the name, the publisher's legal form).
fn catalogue(n: usize, rng: &mut StdRng) -> Vec<Made> {
    let mut out: Vec<Made> = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    let mut bases: Vec<(String, String)> = KNOWN.iter().map(|(n, p)| (n.to_string(), p.to_string())).collect();
    'made: for area in AREAS {
        for kind in KINDS {
            for (v, vendor) in VENDORS.iter().enumerate() {
                if bases.len() >= n * 2 {
                    break 'made;
                }
                let legal = LEGAL[(v + kind.len()) % LEGAL.len()];
                bases.push((format!("{vendor} {area} {kind}"), format!("{vendor} {legal}")));
            }
        }
    }
    // Shuffle the made-up products so that every vendor, area and kind has some popular
    // products and some rare ones.
    let mut made_up = bases.split_off(KNOWN.len().min(bases.len()));
    made_up.shuffle(rng);
    bases.extend(made_up);
    for (i, (name, publisher)) in bases.into_iter().enumerate() {
        if out.len() >= n {
            break;
        }
        let product = normalise(&name, &publisher, &[]);
        if !seen.insert((product.publisher.to_lowercase(), product.name.to_lowercase())) {
            continue;
        }
        let version = format!("{}.{}.{}", 1 + i % 24, (i * 7) % 10, (i * 37) % 1000);
        let mut spellings = vec![(name.clone(), publisher.clone())];
        if i % 3 == 0 {
            let bare = product.publisher.clone();
            for (k, (n2, p2)) in [
                (format!("{name} (x64)"), publisher.clone()),
                (format!("{name} - en-us"), publisher.clone()),
                (format!("{name} {version}"), bare.clone()),
                (format!("{name} - nl-nl"), publisher.clone()),
                (name.clone(), bare),
            ]
            .into_iter()
            .enumerate()
            {
                // Two to five spellings in all.
                if k > 1 + i % 4 {
                    break;
                }
                if normalise(&n2, &p2, &[]) == product && !spellings.contains(&(n2.clone(), p2.clone())) {
                    spellings.push((n2, p2));
                }
            }
        }
        out.push(Made { publisher: product.publisher, name: product.name, spellings, version });
    }
    out
}

/// The chance that a device has the product of popularity rank `r` (0 first): `c / (r + 1)`
/// at most 0.95, with `c` such that a device has `mean` products on average.
fn popularity(products: usize, mean: f64) -> Vec<f64> {
    let at = |c: f64| -> Vec<f64> { (0..products).map(|r| (c / (r as f64 + 1.0)).min(0.95)).collect() };
    let (mut low, mut high) = (0.0, products as f64);
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if at(mid).iter().sum::<f64>() < mean {
            low = mid;
        } else {
            high = mid;
        }
    }
    at(high)
}

/// Seeds a software catalogue, `plan.installations` installations on the assets (written `BATCH` * 4 to a transaction), licences of the popular products
/// (organisation `root` and its subsidiaries `organisations`) and an enrolment token of
/// `root`. Their use is not counted yet: the caller times that after vacuuming.
pub async fn seed_software(
    app: &App,
    plan: SoftwarePlan,
    root: i64,
    organisations: &[i64],
    creator: i64,
    seed: u64,
) -> anyhow::Result<SoftwareManifest> {
    let store = app.store();
    let now = app.now_micros();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x50f7);
    let made = catalogue(plan.products, &mut rng);
    let rows = made.iter().map(|m| vec![Arg::from(&m.publisher), Arg::from(&m.name), Arg::from(now)]).collect();
    insert(store, "software_products", &["publisher", "name", "created_at"], rows, "").await?;
    let products: Vec<(i64, String, String)> =
        Sql::new("SELECT id, publisher, name FROM software_products").fetch_all(store.db()).await?;
    let product_id: std::collections::HashMap<(String, String), i64> =
        products.into_iter().map(|(id, p, n)| ((p.to_lowercase(), n.to_lowercase()), id)).collect();
    let ids: Vec<i64> = made
        .iter()
        .map(|m| product_id.get(&(m.publisher.to_lowercase(), m.name.to_lowercase())).copied())
        .collect::<Option<Vec<i64>>>()
        .context("a seeded product was not found again")?;
    let rows = made
        .iter()
        .zip(&ids)
        .flat_map(|(m, id)| {
            m.spellings.iter().map(move |(n, p)| vec![Arg::from(n), Arg::from(p), Arg::from(*id), Arg::from(now)])
        })
        .collect();
    insert(store, "software_spellings", &["name", "publisher", "product_id", "created_at"], rows, "").await?;
    let spellings: Vec<(i64, String, String)> =
        Sql::new("SELECT id, name, publisher FROM software_spellings").fetch_all(store.db()).await?;
    let spelling_id: std::collections::HashMap<(String, String), i64> =
        spellings.into_iter().map(|(id, n, p)| ((n, p), id)).collect();
    // Each product's spellings' ids, its first spelling (as it is) the most common.
    let spelled: Vec<Vec<i64>> =
        made.iter().map(|m| m.spellings.iter().filter_map(|s| spelling_id.get(s).copied()).collect()).collect();

    // Who has what: a list of product ranks per device, then trimmed or topped up to the
    // planned total.
    let (first, last): (Option<i64>, Option<i64>) =
        Sql::new("SELECT MIN(id), MAX(id) FROM assets").fetch_one(store.db()).await?;
    let assets = first.unwrap_or(1)..last.map(|l| l + 1).unwrap_or(1);
    let devices = (assets.end - assets.start).max(0) as usize;
    let started = Instant::now();
    let mean = plan.installations as f64 / devices.max(1) as f64;
    let chance = popularity(made.len(), mean);
    let mut has: Vec<Vec<u16>> = (0..devices)
        .map(|_| (0..made.len()).filter(|r| rng.random::<f64>() < chance[*r]).map(|r| r as u16).collect())
        .collect();
    let mut total: usize = has.iter().map(Vec::len).sum();
    while total > plan.installations {
        let d = rng.random_range(0..devices);
        if has[d].pop().is_some() {
            total -= 1;
        }
    }
    let zipf: Vec<f64> = chance
        .iter()
        .scan(0.0, |acc, p| {
            *acc += p;
            Some(*acc)
        })
        .collect();
    let tries_max = plan.installations.saturating_mul(4) + 1000;
    let mut tries = 0;
    while total < plan.installations && devices > 0 && tries < tries_max {
        tries += 1;
        let d = rng.random_range(0..devices);
        let x = rng.random::<f64>() * zipf.last().copied().unwrap_or(0.0);
        let r = zipf.partition_point(|c| *c < x).min(made.len() - 1) as u16;
        if !has[d].contains(&r) {
            has[d].push(r);
            total += 1;
        }
    }
    let columns = ["asset_id", "spelling_id", "product_id", "version", "source", "created_at", "seen_at"];
    let mut rows = Vec::with_capacity(BATCH * 4);
    let mut written = 0usize;
    for (d, ranks) in has.iter().enumerate() {
        let asset = assets.start + d as i64;
        for &r in ranks {
            let r = usize::from(r);
            let choices = &spelled[r];
            let spelling = if choices.len() == 1 || rng.random_bool(0.6) {
                choices[0]
            } else {
                choices[rng.random_range(0..choices.len())]
            };
            // Most devices have the current version; some the one before.
            let version = if rng.random_bool(0.8) { made[r].version.clone() } else { format!("{}.1", made[r].version) };
            rows.push(vec![
                Arg::from(asset),
                Arg::from(spelling),
                Arg::from(ids[r]),
                Arg::from(version),
                Arg::from("agent"),
                Arg::from(now),
                Arg::from(now),
            ]);
        }
        if rows.len() >= BATCH * 4 || d + 1 == has.len() {
            written += rows.len();
            let batch = std::mem::take(&mut rows);
            let mut tx = store.begin().await?;
            for sql in Sql::insert_many("installations", &columns, batch, "") {
                sql.execute(&mut tx).await.context("insert into installations")?;
            }
            tx.commit().await?;
            if d % 20_000 < ranks.len().max(1) || d + 1 == has.len() {
                println!(
                    "software: {written} installations on {} devices ({:.1}s)",
                    d + 1,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    let installations_seconds = started.elapsed().as_secs_f64();

    // Licences of the popular products: every metric and term; some short, some over,
    // some subscriptions ended; most of the root organisation (covering all), some of a
    // subsidiary.
    let today = chrono::Utc::now().date_naive();
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let metrics = ["per_device", "per_user", "per_seat", "site"];
    let mut licences = 0;
    for k in 0..plan.licences {
        let r = (k * 3 / 4).min(made.len().saturating_sub(1));
        if made.is_empty() {
            break;
        }
        let metric = metrics[k % metrics.len()];
        let subscription = k % 3 == 0;
        let ends_on = if subscription {
            // One subscription in three has run out; the others renew within the year.
            Some(if k % 9 == 0 {
                today - chrono::Days::new(30)
            } else {
                today + chrono::Days::new(30 + (k as u64 * 11) % 330)
            })
        } else if k % 2 == 0 {
            Some(today + chrono::Days::new(200))
        } else {
            None
        };
        let organisation =
            if k % 5 == 4 && organisations.len() > 1 { organisations[1 + k % (organisations.len() - 1)] } else { root };
        let expected = (chance[r] * devices as f64).round() as i64;
        let share = [0.8, 1.25, 1.0, 0.5, 2.0, 0.95][k % 6];
        let seats = (metric != "site").then(|| ((expected as f64 * share) as i64).max(1));
        let price = 1_000 + (k as i64 * 1_733) % 40_000;
        let currency = if k % 7 == 6 { "USD" } else { "EUR" };
        let row = LicenceRow {
            organisation_id: organisation,
            product_id: ids[r],
            name: format!("{} {} licence {}", made[r].name, metric.replace('_', " "), k + 1),
            metric: metric.into(),
            term: if subscription { "subscription" } else { "perpetual" }.into(),
            seats,
            cost_minor: Some(price * seats.unwrap_or(1_000)),
            currency: Some(currency.into()),
            purchased_on: Some(iso(today - chrono::Days::new(400))),
            ends_on: ends_on.map(iso),
            supplier: Some(["SoftwareOne", "Insight", "Bechtle", "Crayon"][k % 4].into()),
            order_number: Some(format!("PO-{}", 40_000 + k)),
            contract: (k % 2 == 0).then(|| format!("EA-{}", 7_000 + k / 2)),
            notes: String::new(),
            version: 1,
            created_by: Some(creator),
            created_at: now,
            updated_at: now,
            ..Default::default()
        };
        store.create_licence(&row).await?;
        licences += 1;
    }
    let secret = format!("hdagent_bench{:032x}", rng.random::<u128>());
    store.create_agent_token("Bench agents", &secret_hash(&secret), root, creator, now).await?;

    let packages =
        made.iter().flat_map(|m| m.spellings.iter().map(|(n, p)| [n.clone(), p.clone(), m.version.clone()])).collect();
    let count = |table: &'static str| async move {
        Sql::new(format!("SELECT COUNT(*) FROM {table}")).scalar::<i64>(store.db()).await
    };
    Ok(SoftwareManifest {
        products: count("software_products").await?,
        spellings: count("software_spellings").await?,
        installations: count("installations").await?,
        licences,
        installations_seconds,
        reconcile_seconds: Vec::new(),
        agent_token: secret,
        packages,
        search_words: ["microsoft", "contoso", "studio", "data", "pdf", "chrome", "vault agent", "zz-none"]
            .map(String::from)
            .to_vec(),
    })
}

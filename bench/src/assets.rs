//! The assets module's part of the seed: hardware assets of every default type in every
//! lifecycle state (deployed ones held by requesters), and a CMDB whose core item has a
//! known number of dependants, the rest of the relationships spread over the other items.
//!
//! Rows go in through multi-row statements in one transaction per batch, as the tickets
//! do; relationships that happen to repeat are skipped (`ON CONFLICT DO NOTHING`).

use anyhow::Context;
use helmdesk_app::App;
use helmdesk_domain::assets::cmdb::RelationKind;
use helmdesk_domain::assets::search::terms;
use helmdesk_store::{Arg, Sql, Store};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
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
    ];
    let first_asset = max_id(store, "assets").await? + 1;
    let mut rows = Vec::with_capacity(plan.assets);
    let mut term_rows = Vec::new();
    for i in 0..plan.assets {
        let kind = &types[i % types.len()];
        let state = *states.choose(&mut rng).unwrap_or(&"in_stock");
        let holder = (state == "deployed").then(|| holders.choose(&mut rng).copied()).flatten();
        let organisation = holder.map(|h| h.1).unwrap_or(organisations[i % organisations.len()]);
        let year = 2019 + (i % 7);
        let (tag, name) = (format!("BEN-{i:07}"), format!("{} {}", kind.name, i + 1));
        let serial = format!("SN{:010}", rng.random_range(0..10_000_000_000u64));
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
            Arg::from(format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            Arg::from(rng.random_range(20_000..400_000i64)),
            Arg::from("EUR"),
            Arg::from(format!("{}-{:02}-{:02}", year + 3, 1 + i % 12, 1 + i % 28)),
            Arg::from("{}"),
            Arg::from(""),
            Arg::from(creator),
            Arg::from(now),
            Arg::from(now),
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
    })
}

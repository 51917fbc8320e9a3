//! `seed`: fills a fresh, migrated Helmdesk database with a service desk's history.
//!
//! Several organisations with departments, ten teams of agents, twenty thousand
//! requesters, categories, SLA calendars and policies, and N tickets (default one million)
//! filed over the last `--days` days: most closed, a backlog of open ones (more among the
//! recent), priorities from impact and urgency, each with its story (history lines,
//! replies, internal notes, answers; about four of each on average) and its SLA clocks set
//! by the application's own rules. A few open tickets have 50 comments. The search index
//! is written with each batch. Finally the application's SLA sweep runs once, so that the
//! server starts in a steady state (breaches marked, escalations applied).
//!
//! Tickets go in through `Store::seed_tickets`, thousands per transaction in multi-row
//! statements, while the next batch is generated. A manifest (accounts, ids, search words)
//! is written for the `load` program.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use helmdesk_app::service_desk::search::TicketListParams;
use helmdesk_app::service_desk::sla::{CalendarInput, SlaPolicyInput};
use helmdesk_app::{App, AppSettings};
use helmdesk_bench::Manifest;
use helmdesk_bench::assets::{AssetsPlan, SoftwarePlan};
use helmdesk_bench::portal::{PortalManifest, PortalPlan};
use helmdesk_bench::text::{self, CATEGORIES, TEAMS, Voice, Zipf};
use helmdesk_domain::{Level, PriorityMatrix, SystemClock, TicketStatus};
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::service_desk::seeding::{SeedBatch, SeedComment, SeedHistory};
use helmdesk_store::service_desk::tickets::{NewHistory, TicketRow};
use helmdesk_store::{PoolOptions, Store};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use tokio::sync::mpsc;

const MINUTE: i64 = 60_000_000;
const DAY: i64 = 1440 * MINUTE;

/// Fill a fresh Helmdesk database with tickets for benchmarks.
#[derive(Parser)]
struct Args {
    /// sqlite://PATH or postgres://USER@HOST/DB (migrated here if needed; must have no tickets).
    #[arg(long, env = "HELMDESK_DATABASE_URL")]
    database_url: String,
    /// Where SQLite keeps attachments (none are made).
    #[arg(long, default_value = "bench-data")]
    data_dir: PathBuf,
    /// How many tickets.
    #[arg(long, default_value_t = 1_000_000)]
    tickets: usize,
    /// Over how many days they were filed, up to now.
    #[arg(long, default_value_t = 1000)]
    days: i64,
    /// Tickets per transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
    /// How many requesters.
    #[arg(long, default_value_t = 20_000)]
    requesters: usize,
    /// The password of every staff account.
    #[arg(long, default_value = "bench-password-1")]
    password: String,
    /// Where to write the manifest for `load`.
    #[arg(long, default_value = "bench-manifest.json")]
    manifest: PathBuf,
    /// Leave the SLA sweep to the server.
    #[arg(long)]
    skip_sweep: bool,
    /// How many hardware assets.
    #[arg(long, default_value_t = 0)]
    assets: usize,
    /// How many configuration items.
    #[arg(long, default_value_t = 0)]
    cis: usize,
    /// How many relationships between them.
    #[arg(long, default_value_t = 0)]
    relations: usize,
    /// How many software installations over the assets (about 20 a device by default; 0:
    /// no software, licences or enrolment token).
    #[arg(long, default_value_t = 2_000_000)]
    installations: usize,
    /// How many products in the software catalogue.
    #[arg(long, default_value_t = 2_000)]
    software_products: usize,
    /// How many licences, of the most installed products.
    #[arg(long, default_value_t = 50)]
    licences: usize,
    /// How many items depend (transitively) on the core item.
    #[arg(long, default_value_t = 10_000)]
    core_dependants: usize,
    /// How many knowledge-base articles (published; one in ten also in Dutch; 0: no
    /// knowledge base, catalog or portal employee).
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// How many views of the articles, the first read most.
    #[arg(long, default_value_t = 20_000)]
    article_views: usize,
    /// Random seed.
    #[arg(long, default_value_t = 20261122)]
    seed: u64,
}

/// The portal's employee: a requester of a subsidiary with a password, who files about
/// one ticket in 500 (2,000 of a million; the others file about 50 each).
const PORTAL_EMPLOYEE: &str = "employee@bench.example";
const PORTAL_EMPLOYEE_SHARE: f64 = 0.002;

/// Who and what the tickets refer to.
struct Directory {
    /// (user, organisation, department); the portal's employee is among them.
    requesters: Vec<(i64, i64, i64)>,
    /// The portal's employee, as in `requesters`.
    employee: (i64, i64, i64),
    admin: i64,
    organisations: Vec<i64>,
    agents: Vec<i64>,
    agent_email: String,
    agent_id: i64,
    teams: Vec<i64>,
    members: Vec<Vec<i64>>,
    categories: Vec<i64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let options = PoolOptions { max_connections: 4, ..Default::default() };
    let store = Store::open(&args.database_url, &args.data_dir, &options)
        .await
        .with_context(|| format!("cannot open {}", helmdesk_store::redact_url(&args.database_url)))?;
    store.migrate().await?;
    if store.ticket_counts().await?.iter().any(|(_, n)| *n > 0) {
        bail!("the database already has tickets: seed a fresh one");
    }
    store.prepare_bulk_load().await?;
    let app = App::new(store.clone(), Arc::new(SystemClock), AppSettings::default());
    let now = app.now_micros();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let directory = directory(&app, &args, &mut rng, now).await?;
    println!(
        "directory: {} agents in {} teams, {} requesters, {} categories ({:.1}s)",
        directory.agents.len(),
        directory.teams.len(),
        directory.requesters.len(),
        directory.categories.len(),
        started.elapsed().as_secs_f64()
    );

    let directory = Arc::new(directory);
    let (sender, mut batches) = mpsc::channel::<(SeedBatch, Vec<usize>)>(2);
    let generator = tokio::spawn(generate(app.clone(), directory.clone(), GenerateOptions::of(&args, now), sender));
    let (mut tickets, mut comments, mut history, mut open) = (0usize, 0usize, 0usize, 0usize);
    let mut employee_tickets = 0;
    let mut heavy_ids = Vec::new();
    let load_started = Instant::now();
    let mut last_report = Instant::now();
    while let Some((batch, heavy)) = batches.recv().await {
        let n = batch.tickets.len();
        comments += batch.comments.len();
        history += batch.history.len();
        open += batch.tickets.iter().filter(|t| t.resolved_at.is_none() && t.closed_at.is_none()).count();
        employee_tickets += batch.tickets.iter().filter(|t| t.requester_id == directory.employee.0).count();
        let ids = store.seed_tickets(batch).await?;
        heavy_ids.extend(heavy.iter().map(|i| ids[*i]));
        tickets += n;
        if last_report.elapsed().as_secs_f64() >= 5.0 || tickets == args.tickets {
            last_report = Instant::now();
            let rate = tickets as f64 / load_started.elapsed().as_secs_f64();
            let eta = (args.tickets - tickets) as f64 / rate;
            println!(
                "tickets: {tickets}/{} ({:.1}%), {comments} comments, {history} history lines; {rate:.0} tickets/s, {eta:.0}s to go; load {}",
                args.tickets,
                100.0 * tickets as f64 / args.tickets as f64,
                loadavg()
            );
        }
    }
    generator.await??;
    let portal = if args.articles > 0 { Some(portal(&app, &args, &directory, employee_tickets).await?) } else { None };
    println!("tickets written in {:.1}s; finishing (checkpoint / ANALYZE)", load_started.elapsed().as_secs_f64());
    store.finish_bulk_load().await?;
    if !args.skip_sweep {
        let sweep_started = Instant::now();
        println!("running the SLA sweep over the open tickets...");
        let swept = app.sla_sweep().await?;
        println!("SLA sweep: {swept} tickets in {:.1}s", sweep_started.elapsed().as_secs_f64());
    }
    // Setting up calendars and policies queued a recomputation of the open tickets'
    // clocks: run what is queued here, as a server's worker would, so that the server
    // starts with an empty queue rather than spend the benchmark's first minutes on it.
    let jobs_started = Instant::now();
    let hour = 3_600_000_000;
    while let Some(job) = store.claim_job("seed", app.now_micros(), app.now_micros() + hour).await? {
        app.run_job(&job).await?;
        store.complete_job(job.id, "seed", app.now_micros()).await?;
        println!("job {} ({}) done after {:.1}s", job.id, job.kind, jobs_started.elapsed().as_secs_f64());
    }
    let assets = if args.assets + args.cis > 0 {
        let assets_started = Instant::now();
        let plan = AssetsPlan {
            assets: args.assets,
            cis: args.cis,
            relations: args.relations,
            core_dependants: args.core_dependants,
        };
        let holders: Vec<(i64, i64)> = directory.requesters.iter().map(|r| (r.0, r.1)).collect();
        let organisations = &directory.organisations;
        let mut made =
            helmdesk_bench::assets::seed(&app, plan, organisations, &holders, directory.agent_id, now, args.seed)
                .await?;
        println!(
            "assets: {} assets, {} configuration items, {} relationships in {:.1}s",
            made.assets,
            made.cis,
            made.relations,
            assets_started.elapsed().as_secs_f64()
        );
        if args.installations > 0 && made.assets > 0 {
            let plan = SoftwarePlan {
                products: args.software_products.clamp(1, u16::MAX as usize),
                installations: args.installations,
                licences: args.licences,
            };
            let root = app.default_organisation().await?;
            let software =
                helmdesk_bench::assets::seed_software(&app, plan, root, organisations, directory.agent_id, args.seed)
                    .await?;
            println!(
                "software: {} products, {} spellings, {} installations ({:.1}s), {} licences",
                software.products,
                software.spellings,
                software.installations,
                software.installations_seconds,
                software.licences
            );
            made.software = Some(software);
        }
        store.finish_bulk_load().await?;
        if let Some(software) = &mut made.software {
            // What the `licences.reconcile` job costs, cold after the vacuum, then again.
            for _ in 0..2 {
                let counted = Instant::now();
                app.count_software_use().await?;
                software.reconcile_seconds.push(counted.elapsed().as_secs_f64());
            }
            println!("licences: use counted in {:?} s (twice)", software.reconcile_seconds);
        }
        // What the `assets.reminders` job costs over every asset: the second run finds
        // every reminder sent already.
        for _ in 0..2 {
            let run = Instant::now();
            made.reminders_sent.push(app.send_asset_reminders().await?);
            made.reminders_seconds.push(run.elapsed().as_secs_f64());
        }
        println!(
            "reminders: {} and {} notifications in {:?} s ({} expected returns, {} ends of life)",
            made.reminders_sent[0],
            made.reminders_sent[1],
            made.reminders_seconds,
            made.expected_returns,
            made.ends_of_life
        );
        let csv = args.manifest.with_file_name("assets-import.csv");
        std::fs::write(&csv, &made.import_csv_text).with_context(|| format!("cannot write {}", csv.display()))?;
        made.import_csv = Some("assets-import.csv".into());
        Some(made)
    } else {
        None
    };
    let seconds = started.elapsed().as_secs_f64();
    let manifest = Manifest {
        assets,
        portal,
        backend: format!("{:?}", store.backend()).to_lowercase(),
        tickets: tickets as i64,
        comments: comments as i64,
        history: history as i64,
        open_tickets: open as i64,
        seeded_at: chrono::Utc::now().to_rfc3339(),
        seconds,
        password: args.password.clone(),
        agent_email: directory.agent_email.clone(),
        agent_id: directory.agent_id,
        agent_ids: directory.agents.clone(),
        team_ids: directory.teams.clone(),
        category_ids: directory.categories.clone(),
        requester_ids: directory.requesters.iter().step_by(40).map(|r| r.0).collect(),
        heavy_ticket_ids: heavy_ids,
        frequent_word: text::FREQUENT_WORD.into(),
        common_word: text::COMMON_WORD.into(),
        rare_word: text::RARE[0].into(),
        two_words: text::TWO_WORDS.into(),
    };
    std::fs::write(&args.manifest, serde_json::to_string_pretty(&manifest)?)
        .with_context(|| format!("cannot write {}", args.manifest.display()))?;
    println!(
        "seeded {tickets} tickets ({open} open), {comments} comments, {history} history lines in {seconds:.0}s; manifest: {}",
        args.manifest.display()
    );
    store.close().await;
    Ok(())
}

/// The knowledge base and the catalog, and the portal's employee with some numbers of her
/// tickets.
async fn portal(app: &App, args: &Args, d: &Directory, employee_tickets: usize) -> anyhow::Result<PortalManifest> {
    let started = Instant::now();
    let plan = PortalPlan { articles: args.articles, views: args.article_views };
    let (articles, translations, catalog_items) =
        helmdesk_bench::portal::seed(app, &plan, d.admin, &d.organisations, args.seed).await?;
    let employee = app.actor_by_id(d.employee.0).await?;
    let mine = TicketListParams { requester_id: Some(employee.id), limit: Some(20), ..Default::default() };
    let ticket_numbers =
        app.list_tickets(&employee, &mine.to_query()?).await?.items.into_iter().map(|t| t.number).collect();
    Ok(PortalManifest {
        articles,
        translations,
        views: plan.views,
        catalog_items,
        requester_email: PORTAL_EMPLOYEE.into(),
        requester_tickets: employee_tickets,
        ticket_numbers,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The one-minute load average, as /proc/loadavg tells it.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().next().unwrap_or("?").to_string()
}

const SUBSIDIARIES: &[&str] =
    &["Northwind Retail", "Northwind Logistics", "Northwind Labs", "Northwind Finance", "Northwind Health"];
const DEPARTMENTS: &[&str] = &["Finance", "Sales", "Human Resources", "Operations", "Marketing", "Legal", "Warehouse"];
const FIRST_NAMES: &[&str] = &[
    "Emma", "Noah", "Olivia", "Liam", "Ava", "Lucas", "Mia", "Ethan", "Sofia", "Mason", "Isla", "Leo", "Zoe", "Elias",
    "Grace", "Hugo", "Nora", "Oscar", "Ruby", "Felix", "Hannah", "Arthur", "Julia", "Max", "Alice", "Theo", "Clara",
    "Adam", "Eva", "Daniel", "Lily", "Samir", "Ines", "Paul", "Freya", "Marco", "Anna", "Victor", "Maya", "Omar",
];
const LAST_NAMES: &[&str] = &[
    "Clarke", "Fischer", "Rossi", "Dubois", "Jensen", "Moreau", "Kowalski", "Brown", "Garcia", "Wright", "Murphy",
    "Schmidt", "Laurent", "Nilsson", "Kelly", "Lambert", "Andersen", "Petit", "Evans", "Wagner", "Lee", "Simon",
    "Costa", "Hoffmann", "Bernard", "Young", "Weber", "Kaya", "Horvat", "Price", "Chen", "Haddad", "Ferreira",
];

fn person_name(rng: &mut StdRng) -> String {
    format!(
        "{} {}",
        FIRST_NAMES.choose(rng).copied().unwrap_or("Alex"),
        LAST_NAMES.choose(rng).copied().unwrap_or("Smith")
    )
}

/// Organisations, departments, people, teams, categories and service levels.
async fn directory(app: &App, args: &Args, rng: &mut StdRng, now: i64) -> anyhow::Result<Directory> {
    let store = app.store();
    let hash = helmdesk_app::platform::auth::hash_password(&args.password).await?;
    let root = app.default_organisation().await?;
    store.update_organisation(root, "Northwind Group", None).await?;
    let mut tx = store.begin().await?;
    let mut organisations = vec![root];
    for name in SUBSIDIARIES {
        organisations.push(store.create_organisation(&mut tx, name, Some(root), now).await?.id);
    }
    let mut departments = Vec::new();
    for org in &organisations {
        for name in DEPARTMENTS {
            departments.push((*org, store.create_department(&mut tx, *org, name, now).await?.id));
        }
    }
    let staff = |email: String, name: String, role: &str| NewUser {
        email,
        name,
        role: role.into(),
        organisation_id: root,
        department_id: None,
        password_hash: Some(hash.clone()),
        must_change_password: false,
    };
    let admin =
        store.insert_user(&mut tx, &staff("admin@bench.example".into(), "Bench Admin".into(), "admin"), now).await?;
    let mut managers = Vec::new();
    for n in 1..=4 {
        let user = staff(format!("manager{n}@bench.example"), person_name(rng), "manager");
        managers.push(store.insert_user(&mut tx, &user, now).await?.id);
    }
    let agent_email = "agent@bench.example".to_string();
    let mut agents = Vec::new();
    for n in 0..60 {
        let email = if n == 0 { agent_email.clone() } else { format!("agent{n}@bench.example") };
        agents.push(store.insert_user(&mut tx, &staff(email, person_name(rng), "agent"), now).await?.id);
    }
    let mut requesters = Vec::with_capacity(args.requesters);
    // The first subsidiary's first department.
    let employee_at = DEPARTMENTS.len().min(args.requesters.saturating_sub(1));
    for n in 0..args.requesters {
        let (org, dept) = departments[n % departments.len()];
        let employee = n == employee_at;
        let user = NewUser {
            email: if employee { PORTAL_EMPLOYEE.into() } else { format!("user{n}@org{org}.example") },
            name: person_name(rng),
            role: "requester".into(),
            organisation_id: org,
            department_id: Some(dept),
            password_hash: employee.then(|| hash.clone()),
            must_change_password: false,
        };
        requesters.push((store.insert_user(&mut tx, &user, now).await?.id, org, dept));
    }
    // Six agents a team; the first agent (the benchmark's) also works first line.
    let mut teams = Vec::new();
    let mut members = Vec::new();
    for (i, (name, description)) in TEAMS.iter().enumerate() {
        let mut team: Vec<i64> = agents[i * 6..(i + 1) * 6].to_vec();
        if i == 0 {
            team.push(agents[6]);
        } else if i == 1 {
            team.push(agents[0]);
        }
        teams.push(store.create_team(&mut tx, None, name, description, &team, now).await?.id);
        members.push(team);
    }
    let mut categories = Vec::new();
    for c in CATEGORIES {
        categories.push(store.create_category(&mut tx, c.name, c.description, now).await?.id);
    }
    tx.commit().await?;
    for (team, team_members) in teams.iter().zip(&members) {
        store.set_team_lead(*team, team_members.first().copied()).await?;
    }
    service_levels(app, admin.id, &managers).await?;
    Ok(Directory {
        employee: requesters[employee_at],
        requesters,
        admin: admin.id,
        organisations,
        agent_id: agents[0],
        agents,
        agent_email,
        teams,
        members,
        categories,
    })
}

const CALENDARS: &str = r#"[
  {"name": "Office hours (Amsterdam)", "time_zone": "Europe/Amsterdam",
   "week": {"monday": ["08:00-12:30", "13:00-18:00"], "tuesday": ["08:00-12:30", "13:00-18:00"],
            "wednesday": ["08:00-12:30", "13:00-18:00"], "thursday": ["08:00-12:30", "13:00-18:00"],
            "friday": ["08:00-12:30", "13:00-17:00"]},
   "holidays": [{"name": "New Year's Day", "kind": "yearly", "month": 1, "day": 1},
                {"name": "King's Day", "kind": "yearly", "month": 4, "day": 27},
                {"name": "Liberation Day", "kind": "yearly", "month": 5, "day": 5},
                {"name": "Christmas", "kind": "range", "from": "2025-12-24", "to": "2026-01-01"},
                {"name": "Christmas Day", "kind": "yearly", "month": 12, "day": 25},
                {"name": "Boxing Day", "kind": "yearly", "month": 12, "day": 26}]},
  {"name": "Around the clock", "time_zone": "UTC",
   "week": {"monday": ["00:00-24:00"], "tuesday": ["00:00-24:00"], "wednesday": ["00:00-24:00"], "thursday": ["00:00-24:00"],
            "friday": ["00:00-24:00"], "saturday": ["00:00-24:00"], "sunday": ["00:00-24:00"]}}
]"#;

/// Three policies: a standard one in office hours, service requests, critical incidents
/// around the clock; breaches notify the assignee and the team lead, later the managers.
async fn service_levels(app: &App, admin: i64, _managers: &[i64]) -> anyhow::Result<()> {
    let admin = app.actor_by_id(admin).await?;
    let calendars: Vec<CalendarInput> = serde_json::from_str(CALENDARS)?;
    let mut ids = Vec::new();
    for c in calendars {
        ids.push(app.create_calendar(&admin, c).await?.id);
    }
    let escalations = r#"[{"clock": "resolution", "after_minutes": 0, "notify": ["assignee", "team_lead"]},
                          {"clock": "resolution", "after_minutes": 480, "notify": ["managers"]}]"#;
    let policies = format!(
        r#"[{{"name": "Standard", "calendar_id": {office}, "warn_percent": 75, "escalations": {escalations},
             "targets": [{{"priority": 1, "response_minutes": 30, "resolution_minutes": 240}},
                         {{"priority": 2, "response_minutes": 60, "resolution_minutes": 480}},
                         {{"priority": 3, "response_minutes": 240, "resolution_minutes": 1200}},
                         {{"priority": 4, "response_minutes": 480, "resolution_minutes": 2400}},
                         {{"priority": 5, "response_minutes": 960, "resolution_minutes": 4800}}]}},
            {{"name": "Service requests", "calendar_id": {office}, "kind": "service_request", "warn_percent": 80,
             "escalations": [{{"clock": "resolution", "notify": ["assignee"]}}],
             "targets": [{{"priority": 1, "response_minutes": 240, "resolution_minutes": 1440}},
                         {{"priority": 2, "response_minutes": 480, "resolution_minutes": 2400}},
                         {{"priority": 3, "response_minutes": 480, "resolution_minutes": 3000}},
                         {{"priority": 4, "response_minutes": 960, "resolution_minutes": 4800}},
                         {{"priority": 5, "response_minutes": 960, "resolution_minutes": 9600}}]}},
            {{"name": "Critical incidents (24x7)", "calendar_id": {always}, "priority": 1, "kind": "incident",
             "warn_percent": 50, "escalations": {escalations},
             "targets": [{{"priority": 1, "response_minutes": 15, "resolution_minutes": 240}}]}}]"#,
        office = ids[0],
        always = ids[1],
    );
    let policies: Vec<SlaPolicyInput> = serde_json::from_str(&policies)?;
    for p in policies {
        app.create_sla_policy(&admin, p).await?;
    }
    Ok(())
}

/// What the generator needs from the arguments.
struct GenerateOptions {
    tickets: usize,
    batch: usize,
    days: i64,
    now: i64,
    seed: u64,
}

impl GenerateOptions {
    fn of(args: &Args, now: i64) -> GenerateOptions {
        GenerateOptions {
            tickets: args.tickets,
            batch: args.batch.max(1),
            days: args.days.max(1),
            now,
            seed: args.seed,
        }
    }
}

/// Positions of the tickets that get 50 comments: twenty open ones among the recent.
fn heavy_positions(n: usize) -> Vec<usize> {
    let count = 20.min(n);
    let recent = (n / 50).max(count);
    (0..count).map(|k| n - 1 - k * recent / count).collect()
}

/// Generates the tickets in order of filing, a batch at a time, with the positions (in
/// the batch) of tickets with 50 comments.
async fn generate(
    app: App,
    directory: Arc<Directory>,
    options: GenerateOptions,
    batches: mpsc::Sender<(SeedBatch, Vec<usize>)>,
) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(options.seed ^ 0x5eed);
    let zipf = Zipf::default();
    let heavy = heavy_positions(options.tickets);
    let end = options.now - 10 * MINUTE;
    let start = end - options.days * DAY;
    let step = (end - start) / options.tickets.max(1) as i64;
    let mut batch = SeedBatch::default();
    let mut heavy_in_batch = Vec::new();
    for i in 0..options.tickets {
        let created = start + i as i64 * step + rng.random_range(0..step.max(1));
        let is_heavy = heavy.contains(&i);
        if is_heavy {
            heavy_in_batch.push(batch.tickets.len());
        }
        let mut story = story(&mut rng, &zipf, &directory, created, options.now, is_heavy);
        app.replay_clocks(&mut story.ticket, story.still_since).await?;
        let position = batch.tickets.len();
        batch.tickets.push(story.ticket);
        batch.comments.extend(story.comments.into_iter().map(|mut c| {
            c.ticket = position;
            c
        }));
        batch.history.extend(story.history.into_iter().map(|mut h| {
            h.ticket = position;
            h
        }));
        if batch.tickets.len() == options.batch || i + 1 == options.tickets {
            let full = std::mem::take(&mut batch);
            if batches.send((full, std::mem::take(&mut heavy_in_batch))).await.is_err() {
                bail!("the writer stopped");
            }
        }
    }
    Ok(())
}

/// One ticket's life: the row as it stands now, its comments and history lines (at
/// position 0; the caller places them), and since when its clocks stand still.
struct Story {
    ticket: TicketRow,
    comments: Vec<SeedComment>,
    history: Vec<SeedHistory>,
    still_since: Option<i64>,
}

const LEVELS: &[(Level, u32)] = &[(Level::High, 10), (Level::Medium, 40), (Level::Low, 50)];
const RESOLUTION_CODES: &[&str] =
    &["fixed", "fixed", "fixed", "workaround", "no_fault_found", "user_error", "duplicate"];

fn level(rng: &mut StdRng) -> Level {
    let roll = rng.random_range(0..100);
    let mut acc = 0;
    for (level, weight) in LEVELS {
        acc += weight;
        if roll < acc {
            return *level;
        }
    }
    Level::Low
}

fn story(rng: &mut StdRng, zipf: &Zipf, d: &Directory, created: i64, now: i64, heavy: bool) -> Story {
    let age = now - created;
    let c = rng.random_range(0..CATEGORIES.len());
    let category = &CATEGORIES[c];
    let request = rng.random_bool(0.3);
    let rare = rng.random_bool(f64::from(text::RARE_PER_MILLION) * text::RARE.len() as f64 / 1e6);
    let (subject, description) = text::ticket(rng, zipf, category, request, rare);
    let (requester, org, dept) = if rng.random_bool(PORTAL_EMPLOYEE_SHARE) {
        d.employee
    } else {
        d.requesters.choose(rng).copied().unwrap_or((0, 0, 0))
    };
    let (impact, urgency) = (level(rng), level(rng));
    let priority = PriorityMatrix::ITIL.priority(impact, urgency);
    // A fifth stays with first line; the rest go to the category's team.
    let team = if rng.random_bool(0.2) { 0 } else { category.team };

    // Open: a backlog of old tickets, most of the very recent ones.
    let open_share = if age < 30 * DAY { 0.7 - 0.6 * age as f64 / (30 * DAY) as f64 } else { 0.05 };
    let response = [5, 15, 30, 45, 60, 90, 120, 180, 240, 360, 600, 1440].choose(rng).copied().unwrap_or(60) * MINUTE;
    let work = [60, 180, 360, 720, 1440, 2880, 4320, 7200, 10080, 20160].choose(rng).copied().unwrap_or(1440) * MINUTE;
    let latest = now - MINUTE;
    let responded = created + response;
    let resolved = created + response.max(work);
    let status = if heavy {
        TicketStatus::InProgress
    } else if rng.random_bool(open_share) || resolved >= latest {
        match rng.random_range(0..100) {
            0..15 => TicketStatus::New,
            15..35 => TicketStatus::Assigned,
            35..75 => TicketStatus::InProgress,
            _ => TicketStatus::Pending,
        }
    } else if rng.random_bool(0.03) {
        TicketStatus::Cancelled
    } else if resolved + 7 * DAY < latest {
        TicketStatus::Closed
    } else {
        TicketStatus::Resolved
    };
    let status = if status != TicketStatus::New && responded >= latest { TicketStatus::New } else { status };
    let done = matches!(status, TicketStatus::Resolved | TicketStatus::Closed);
    let assigned = status != TicketStatus::New && status != TicketStatus::Cancelled;
    let members = &d.members[team];
    let assignee = assigned.then(|| members.choose(rng).copied().unwrap_or(d.agents[0]));
    let worked = ((responded + resolved) / 2).min(latest);
    let resolved_at = done.then_some(resolved);
    let closed_at = match status {
        TicketStatus::Closed => Some(resolved + 7 * DAY),
        TicketStatus::Cancelled => Some(responded.min(latest)),
        _ => None,
    };

    let line = |field: &str, old: Option<&str>, new: Option<&str>| NewHistory {
        field: field.into(),
        old_value: old.map(str::to_string),
        new_value: new.map(str::to_string),
    };
    let mut history = vec![SeedHistory {
        ticket: 0,
        actor_id: Some(requester),
        line: line("created", None, None),
        created_at: created,
    }];
    let mut push = |actor: Option<i64>, at: i64, l: NewHistory| {
        history.push(SeedHistory { ticket: 0, actor_id: actor, line: l, created_at: at })
    };
    let mut state = "new";
    if let Some(a) = assignee {
        push(Some(a), responded, line("assignee", None, Some(&format!("user {a}"))));
        push(Some(a), responded, line("status", Some(state), Some("assigned")));
        state = "assigned";
        if status != TicketStatus::Assigned {
            push(Some(a), worked, line("status", Some(state), Some("in_progress")));
            state = "in_progress";
        }
        if status == TicketStatus::Pending {
            push(Some(a), worked, line("status", Some(state), Some("pending")));
        }
    }
    if let Some(at) = resolved_at {
        push(assignee, at, line("status", Some(state), Some("resolved")));
        state = "resolved";
    }
    if let Some(at) = closed_at {
        push(assignee.or(Some(requester)), at, line("status", Some(state), Some(status.as_str())));
    }

    // Comments between the first response and the resolution (or now).
    let n_comments = if heavy {
        50
    } else if assignee.is_none() {
        usize::from(rng.random_bool(0.3))
    } else {
        rng.random_range(2..=7)
    };
    let from = if assignee.is_some() { responded } else { created + MINUTE };
    let until = resolved_at.unwrap_or(latest).max(from + MINUTE);
    let mut comments = Vec::with_capacity(n_comments);
    for k in 0..n_comments {
        let at = from + (until - from) * k as i64 / n_comments as i64;
        let voice = match (assignee, k % 3) {
            (None, _) => Voice::Answer,
            (Some(_), 0) => Voice::Reply,
            (Some(_), 1) => Voice::Answer,
            _ if rng.random_bool(0.5) => Voice::Note,
            _ => Voice::Reply,
        };
        let author = match (voice, assignee) {
            (Voice::Answer, _) | (_, None) => requester,
            (_, Some(a)) => a,
        };
        comments.push(SeedComment {
            ticket: 0,
            author_id: author,
            body: text::comment(rng, zipf, voice),
            internal: voice == Voice::Note,
            created_at: at,
        });
    }
    let last_comment = comments.last().map(|c| c.created_at).unwrap_or(created);
    let updated_at = history.iter().map(|h| h.created_at).max().unwrap_or(created).max(last_comment);

    let ticket = TicketRow {
        kind: if request { "service_request" } else { "incident" }.into(),
        subject,
        description,
        requester_id: requester,
        organisation_id: org,
        department_id: Some(dept),
        category_id: Some(d.categories[c]),
        impact: impact.as_str().into(),
        urgency: urgency.as_str().into(),
        priority: i64::from(priority),
        status: status.as_str().into(),
        team_id: Some(d.teams[team]),
        assignee_id: assignee,
        version: 1 + history.len() as i64 + comments.len() as i64,
        created_by: requester,
        created_at: created,
        updated_at,
        resolved_at,
        closed_at,
        first_response_at: assignee.map(|_| responded).or(resolved_at),
        resolution_code: resolved_at.map(|_| RESOLUTION_CODES.choose(rng).copied().unwrap_or("fixed").to_string()),
        resolution_note: resolved_at.map(|_| text::comment(rng, zipf, Voice::Reply)),
        reopen_count: i64::from(done && rng.random_bool(0.03)),
        time_spent_minutes: if assigned { rng.random_range(5..240) } else { 0 },
        ..Default::default()
    };
    let still_since = match status {
        TicketStatus::Pending => Some(worked),
        _ => resolved_at.or(closed_at),
    };
    Story { ticket, comments, history, still_since }
}

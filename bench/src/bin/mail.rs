//! `mail`: mail in and out on a fresh database, without a mail server.
//!
//! 1. Parsing alone: `helmdesk_mail::inbound::read` over every file of the hostile corpus
//!    (crates/app/tests/fixtures/mail) and over typical generated messages (plain text, an
//!    HTML alternative and a 200 KB attachment): per-message time and MB/s.
//! 2. Mail in end to end, on a fresh database of the chosen backend: N messages from a few
//!    hundred senders (new requesters, admitted by the policy `allow`, no flood limit),
//!    half of them replies that thread onto earlier tickets by `In-Reply-To`. First every
//!    message is received (`App::receive_mail`: the raw message stored and its job queued,
//!    what an SMTP client waits for before `250`) by a few concurrent deliveries, then the
//!    queue is worked off by W workers in the job runner's loop (claim, run, complete).
//! 3. Mail out queueing: with an outgoing server configured (nothing is sent; `mail.send`
//!    jobs are never run), the `notifications.mail` jobs of step 2 run again and turn the
//!    notifications into queued outbound messages.
//! 4. The process's peak resident memory (VmHWM).
//!
//! Beside the figures, to tell what limits them: the cost of a statement round trip in a
//! write transaction, the CPU use of the machine and of this process during each step (from
//! /proc), processing times by kind of message (new ticket or reply, with an attachment or
//! not), the time the job queue itself takes (`claim_job`, `complete_job`), and with
//! `--count-statements` the SQL statements per message.
//!
//! On SQLite the write-ahead log is checkpointed beside the writer every 500 ms, as a
//! server does. A PostgreSQL scratch database `helmdesk_bench_mail_<pid>` is created and
//! dropped; a SQLite one lives in a scratch directory that is removed at the end.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use clap::Parser;
use hdrhistogram::Histogram;
use helmdesk_app::platform::mail::inbound::MailSource;
use helmdesk_app::platform::mail::{MailSettings, OutgoingServer, Security};
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_bench::text::{self, CATEGORIES, Voice, Zipf};
use helmdesk_domain::SystemClock;
use helmdesk_domain::platform::mail::REPLY_MARKER;
use helmdesk_mail::inbound::Limits;
use helmdesk_store::db::CHECKPOINT_INTERVAL;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::notifications::MAIL_JOB;
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::{Backend, Db, PoolOptions, Sql, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A claimed job's lease, as the job runner's default.
const LEASE_MICROS: i64 = 300 * 1_000_000;
/// A reply answers a message at least this many places before it in the queue, so that
/// the original is filed before the reply is processed, whatever the workers' order.
const REPLY_GAP: usize = 100;

/// Measure mail in and out on a fresh database.
#[derive(Parser)]
struct Args {
    /// `sqlite` or `postgres`.
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// The PostgreSQL server's maintenance database; a scratch database is made beside it.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres_url: String,
    /// Where the SQLite scratch directory is made (removed at the end).
    #[arg(long)]
    scratch_dir: Option<PathBuf>,
    /// Messages received and processed.
    #[arg(long, default_value_t = 5000)]
    messages: usize,
    /// Distinct senders (each becomes a requester with their first message).
    #[arg(long, default_value_t = 200)]
    senders: usize,
    /// Concurrent deliveries while receiving (SMTP sessions at once).
    #[arg(long, default_value_t = 4)]
    receivers: usize,
    /// Job workers processing the queue.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// One message in this many carries an attachment (0: none).
    #[arg(long, default_value_t = 10)]
    attachment_every: usize,
    /// Size of that attachment, in bytes (before base64).
    #[arg(long, default_value_t = 200_000)]
    attachment_bytes: usize,
    /// Times each corpus file is parsed.
    #[arg(long, default_value_t = 10)]
    parse_rounds: usize,
    /// Typical messages (with the attachment) parsed.
    #[arg(long, default_value_t = 200)]
    parse_typical: usize,
    /// The hostile corpus.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/app/tests/fixtures/mail"))]
    corpus: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 20261204)]
    seed: u64,
    /// Count the SQL statements each step runs (sqlx's statement log, counted, not
    /// printed; it costs a little time, so the figures of such a run are not the ones to
    /// write down).
    #[arg(long)]
    count_statements: bool,
}

/// One row of the report.
struct Row {
    step: String,
    count: u64,
    seconds: f64,
    rate: String,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    note: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.count_statements {
        use tracing_subscriber::layer::SubscriberExt;
        let only_statements = tracing_subscriber::filter::filter_fn(|m| m.target() == "sqlx::query");
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::Layer::with_filter(StatementCounter, only_statements));
        tracing::subscriber::set_global_default(subscriber)?;
    }
    if args.messages == 0 || args.senders == 0 || args.workers == 0 || args.receivers == 0 {
        bail!("--messages, --senders, --workers and --receivers must be at least 1");
    }
    let backend = match args.database.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        other => bail!("unknown database {other}: use sqlite or postgres"),
    };
    println!(
        "mail benchmark on {}: {} messages from {} senders, {} receivers, {} workers, {} processors, load {:.2}",
        args.database,
        args.messages,
        args.senders,
        args.receivers,
        args.workers,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg()
    );
    let mut rows = parse_alone(&args)?;
    let scratch = Scratch::create(backend, &args).await?;
    let outcome = end_to_end(&args, &scratch).await;
    scratch.remove().await;
    rows.extend(outcome?);
    let peak = proc_status_mib("VmHWM:").unwrap_or(0.0);
    print_table(&args, &rows, peak);
    Ok(())
}

/// Step 1: the parser alone, over the corpus and over typical messages.
fn parse_alone(args: &Args) -> anyhow::Result<Vec<Row>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.corpus)
        .with_context(|| format!("cannot read the corpus {}", args.corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .eml files in {}", args.corpus.display());
    }
    let corpus: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| Ok((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), std::fs::read(p)?)))
        .collect::<std::io::Result<_>>()?;
    let rounds = args.parse_rounds.max(1);
    let mut all = nanos_histogram();
    let mut per_file = Vec::new();
    let (mut bytes, mut busy) = (0u64, Duration::ZERO);
    for (name, raw) in &corpus {
        let mut h = nanos_histogram();
        for _ in 0..rounds {
            let started = Instant::now();
            let read = helmdesk_mail::inbound::read(raw, Limits::default());
            let took = started.elapsed();
            std::hint::black_box(&read);
            let _ = h.record(took.as_nanos().max(1) as u64);
            busy += took;
            bytes += raw.len() as u64;
        }
        let _ = all.add(&h);
        per_file.push((h.value_at_quantile(0.5), name.clone(), raw.len()));
    }
    per_file.sort_by_key(|f| std::cmp::Reverse(f.0));
    let slowest: Vec<String> = per_file
        .iter()
        .take(3)
        .map(|(ns, name, size)| format!("{name} ({} KB) {:.2} ms", size / 1000, *ns as f64 / 1e6))
        .collect();
    println!(
        "parse corpus: {} files x {rounds}, {:.1} MB in {:.3}s ({:.0} MB/s), p50 {:.3} p99 {:.3} max {:.3} ms; slowest (median): {}",
        corpus.len(),
        bytes as f64 / 1e6,
        busy.as_secs_f64(),
        bytes as f64 / 1e6 / busy.as_secs_f64().max(1e-9),
        ms_of_ns(all.value_at_quantile(0.5)),
        ms_of_ns(all.value_at_quantile(0.99)),
        ms_of_ns(all.max()),
        slowest.join(", ")
    );
    let mut rows = vec![Row {
        step: format!("parse the hostile corpus ({} files × {rounds})", corpus.len()),
        count: all.len(),
        seconds: busy.as_secs_f64(),
        rate: format!("{:.0} MB/s", bytes as f64 / 1e6 / busy.as_secs_f64().max(1e-9)),
        p50_ms: ms_of_ns(all.value_at_quantile(0.5)),
        p99_ms: ms_of_ns(all.value_at_quantile(0.99)),
        max_ms: ms_of_ns(all.max()),
        note: format!("slowest: {}", slowest.join("; ")),
    }];

    let plan = plan(args.parse_typical.max(1), args.senders, args.seed);
    let zipf = Zipf::default();
    let mut typical = nanos_histogram();
    let (mut bytes, mut busy) = (0u64, Duration::ZERO);
    let mut attachments = 0usize;
    for i in 0..plan.len() {
        let raw = message(i, &plan, args.seed, &zipf, Some(args.attachment_bytes));
        let started = Instant::now();
        let read = helmdesk_mail::inbound::read(&raw, Limits::default());
        let took = started.elapsed();
        attachments += read.map(|m| m.files.len()).unwrap_or(0);
        let _ = typical.record(took.as_nanos().max(1) as u64);
        busy += took;
        bytes += raw.len() as u64;
    }
    if attachments != plan.len() {
        bail!("typical messages: {attachments} attachments read from {} messages", plan.len());
    }
    let size_kb = bytes as f64 / plan.len() as f64 / 1000.0;
    println!(
        "parse typical: {} messages of {size_kb:.0} KB, {:.0} MB/s, p50 {:.3} p99 {:.3} max {:.3} ms",
        plan.len(),
        bytes as f64 / 1e6 / busy.as_secs_f64().max(1e-9),
        ms_of_ns(typical.value_at_quantile(0.5)),
        ms_of_ns(typical.value_at_quantile(0.99)),
        ms_of_ns(typical.max())
    );
    rows.push(Row {
        step: format!("parse a typical message (text + HTML + {} KB attachment)", args.attachment_bytes / 1000),
        count: typical.len(),
        seconds: busy.as_secs_f64(),
        rate: format!("{:.0} MB/s", bytes as f64 / 1e6 / busy.as_secs_f64().max(1e-9)),
        p50_ms: ms_of_ns(typical.value_at_quantile(0.5)),
        p99_ms: ms_of_ns(typical.value_at_quantile(0.99)),
        max_ms: ms_of_ns(typical.max()),
        note: format!("{size_kb:.0} KB raw each"),
    });
    Ok(rows)
}

/// A throw-away database: a PostgreSQL database of its own, or a SQLite directory.
struct Scratch {
    url: String,
    dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl Scratch {
    async fn create(backend: Backend, args: &Args) -> anyhow::Result<Scratch> {
        let pid = std::process::id();
        let dir =
            args.scratch_dir.clone().unwrap_or_else(std::env::temp_dir).join(format!("helmdesk_bench_mail_{pid}"));
        std::fs::create_dir_all(&dir)?;
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.join("helmdesk.db").display());
                Ok(Scratch { url, dir, postgres: None })
            }
            Backend::Postgres => {
                let name = format!("helmdesk_bench_mail_{pid}");
                let admin = args.postgres_url.clone();
                let db = Db::connect(&admin, &PoolOptions { max_connections: 1, ..Default::default() })
                    .await
                    .with_context(|| format!("cannot connect to {}", helmdesk_store::redact_url(&admin)))?;
                Sql::new(format!("CREATE DATABASE {name}")).execute(&db).await?;
                db.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                Ok(Scratch { url: format!("{base}/{name}"), dir, postgres: Some((admin, name)) })
            }
        }
    }

    async fn remove(&self) {
        if let Some((admin, name)) = &self.postgres {
            match Db::connect(admin, &PoolOptions { max_connections: 1, ..Default::default() }).await {
                Ok(db) => {
                    if let Err(e) = Sql::new(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&db).await
                    {
                        eprintln!("could not drop the scratch database {name}: {e}");
                    }
                    db.close().await;
                }
                Err(e) => eprintln!("could not drop the scratch database {name}: {e}"),
            }
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!("could not remove {}: {e}", self.dir.display());
        }
    }
}

/// Steps 2 and 3 on the scratch database.
async fn end_to_end(args: &Args, scratch: &Scratch) -> anyhow::Result<Vec<Row>> {
    let store = Store::open(&scratch.url, &scratch.dir.join("data"), &PoolOptions::default()).await?;
    store.migrate().await?;
    store.refresh_statistics().await?;
    let app = App::new(store.clone(), Arc::new(SystemClock), AppSettings::default());
    let admin = desk(&app).await?;
    let checkpoints = Checkpoints::start(&store);
    let result = match round_trips(&store).await {
        Ok(row) => mail_in_and_out(args, &app, &admin).await.map(|rows| std::iter::once(row).chain(rows).collect()),
        Err(e) => Err(e),
    };
    checkpoints.stop().await;
    store.close().await;
    result
}

/// The cost of one statement that does nothing (`SELECT 1`) inside a write transaction
/// (on SQLite: on the single writer connection), what each statement of a job pays
/// beside its own work.
async fn round_trips(store: &Store) -> anyhow::Result<Row> {
    const N: u64 = 2000;
    let mut h = micros_histogram();
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for _ in 0..N {
        let sent = Instant::now();
        let one: i32 = Sql::new("SELECT 1").scalar(&mut tx).await?;
        let _ = h.record(sent.elapsed().as_micros().max(1) as u64);
        std::hint::black_box(one);
    }
    tx.commit().await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "round trip: {N} x SELECT 1 in a transaction: p50 {:.3} p99 {:.3} max {:.3} ms",
        ms_of_us(h.value_at_quantile(0.5)),
        ms_of_us(h.value_at_quantile(0.99)),
        ms_of_us(h.max())
    );
    Ok(Row {
        step: "round trip: `SELECT 1` in a write transaction".into(),
        count: h.len(),
        seconds,
        rate: format!("{:.0}/s", N as f64 / seconds),
        p50_ms: ms_of_us(h.value_at_quantile(0.5)),
        p99_ms: ms_of_us(h.value_at_quantile(0.99)),
        max_ms: ms_of_us(h.max()),
        note: "one statement's cost beside its own work".into(),
    })
}

/// Like the app tests' desk: an organisation, an administrator and an agent, mail from
/// anyone admitted and no flood limit. Returns the administrator.
async fn desk(app: &App) -> anyhow::Result<Actor> {
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await?;
    let org = s.create_organisation(&mut tx, "Customers", None, now).await?.id;
    tx.commit().await?;
    let person = |email: &str, role: &str| NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap_or_default().into(),
        role: role.into(),
        organisation_id: org,
        department_id: None,
        password_hash: None,
        must_change_password: false,
    };
    let admin = s.create_user(&person("admin@helmdesk.test", "admin"), now).await?.id;
    s.create_user(&person("agent@helmdesk.test", "agent"), now).await?;
    let admin = app.actor_by_id(admin).await?;
    app.set_mail_settings(&admin, MailSettings { flood_limit_per_hour: 0, ..MailSettings::default() }).await?;
    Ok(admin)
}

async fn mail_in_and_out(args: &Args, app: &App, admin: &Actor) -> anyhow::Result<Vec<Row>> {
    let n = args.messages;
    let plan = Arc::new(plan(n, args.senders, args.seed));
    let replies = plan.iter().filter(|p| p.reply_to.is_some()).count();
    let fresh = n - replies;
    let mut rows = Vec::new();

    // Phase A: receive every message (stored raw, job queued).
    let load_before = loadavg();
    let cpu = Cpu::now();
    let statements = STATEMENTS.load(Ordering::Relaxed);
    let next = Arc::new(AtomicUsize::new(0));
    let raw_bytes = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.receivers {
        let (app, plan, next, raw_bytes) = (app.clone(), plan.clone(), next.clone(), raw_bytes.clone());
        let (seed, every, size) = (args.seed, args.attachment_every, args.attachment_bytes);
        tasks.push(tokio::spawn(async move {
            let zipf = Zipf::default();
            let mut h = micros_histogram();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= plan.len() {
                    return Ok::<_, anyhow::Error>(h);
                }
                let attachment = (every > 0 && i % every == every - 1).then_some(size);
                let raw = message(i, &plan, seed, &zipf, attachment);
                raw_bytes.fetch_add(raw.len(), Ordering::Relaxed);
                let sent = Instant::now();
                let stored = app.receive_mail(MailSource::default(), &raw).await?;
                let _ = h.record(sent.elapsed().as_micros().max(1) as u64);
                if stored.is_none() {
                    bail!("message {i} was taken for a duplicate");
                }
            }
        }));
    }
    let mut received = micros_histogram();
    for t in tasks {
        let _ = received.add(&t.await??);
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = raw_bytes.load(Ordering::Relaxed) as f64 / 1e6;
    let cpu_a = cpu.since() + &statements_per(args, statements, n as u64, "message");
    println!(
        "receive: {n} messages ({mb:.0} MB) in {seconds:.1}s: {:.0}/s, p50 {:.1} p99 {:.1} max {:.1} ms, load {load_before:.2}->{:.2}, rss {:.0} MiB, {}",
        n as f64 / seconds,
        ms_of_us(received.value_at_quantile(0.5)),
        ms_of_us(received.value_at_quantile(0.99)),
        ms_of_us(received.max()),
        loadavg(),
        proc_status_mib("VmRSS:").unwrap_or(0.0),
        cpu_a
    );
    let p99 = ms_of_us(received.value_at_quantile(0.99));
    rows.push(Row {
        step: format!("receive: store raw + queue ({} concurrent)", args.receivers),
        count: received.len(),
        seconds,
        rate: format!("{:.0} msg/s", n as f64 / seconds),
        p50_ms: ms_of_us(received.value_at_quantile(0.5)),
        p99_ms: p99,
        max_ms: ms_of_us(received.max()),
        note: format!("{mb:.0} MB; {}; target p99 < 50 ms: {}", cpu_a, if p99 < 50.0 { "met" } else { "**missed**" }),
    });

    // Phase B: the workers work the queue off.
    let load_before = loadavg();
    let cpu = Cpu::now();
    let statements = STATEMENTS.load(Ordering::Relaxed);
    let started = Instant::now();
    let drained = drain(app, args.workers, None, None).await?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu_b = cpu.since() + &statements_per(args, statements, n as u64, "message");
    for (kind, k) in &drained.kinds {
        println!(
            "  {kind}: {} jobs, {} errors, busy {:.1}s, p50 {:.1} p99 {:.1} max {:.1} ms",
            k.jobs,
            k.errors,
            k.busy.as_secs_f64(),
            ms_of_us(k.hist.value_at_quantile(0.5)),
            ms_of_us(k.hist.value_at_quantile(0.99)),
            ms_of_us(k.hist.max())
        );
    }
    let processed = drained.kinds.get(helmdesk_app::platform::mail::PROCESS_JOB).map_or(0, |k| k.jobs);
    let db = app.store().db();
    let count = |sql: &str| Sql::new(sql.to_string());
    let tickets: i64 = count("SELECT COUNT(*) FROM tickets").scalar(db).await?;
    let threaded: i64 =
        count("SELECT COUNT(*) FROM inbound_mail WHERE outcome LIKE 'added as a reply%'").scalar(db).await?;
    let done: i64 = count("SELECT COUNT(*) FROM inbound_mail WHERE status = 'processed'").scalar(db).await?;
    let requesters: i64 = count("SELECT COUNT(*) FROM users WHERE role = 'requester'").scalar(db).await?;
    let waiting: i64 = count("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')").scalar(db).await?;
    let statuses = app.store().inbound_counts().await?;
    let checked = done as usize == n && tickets as usize == fresh && threaded as usize == replies && waiting == 0;
    println!(
        "process: {processed} messages in {seconds:.1}s: {:.0}/s; {tickets} tickets (expected {fresh}), {threaded} threaded replies (expected {replies}), {requesters} requesters, inbound {statuses:?}, {waiting} jobs left, load {load_before:.2}->{:.2}, rss {:.0} MiB, {cpu_b}: {}",
        processed as f64 / seconds,
        loadavg(),
        proc_status_mib("VmRSS:").unwrap_or(0.0),
        if checked { "check ok" } else { "CHECK FAILED" }
    );
    let rate = processed as f64 / seconds;
    breakdown(app, &drained.process_times).await?;
    println!("  queue: {}", drained.queue_cost());
    let process = drained.kinds.get(helmdesk_app::platform::mail::PROCESS_JOB);
    rows.push(Row {
        step: format!("process: `mail.process` jobs ({} workers)", args.workers),
        count: processed,
        seconds,
        rate: format!("{rate:.0} msg/s"),
        p50_ms: process.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.5))),
        p99_ms: process.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.99))),
        max_ms: process.map_or(0.0, |k| ms_of_us(k.hist.max())),
        note: format!(
            "{tickets} tickets, {threaded} threaded replies, {requesters} new requesters: {}; {cpu_b}; target ≥ 50 msg/s: {}",
            if checked { "as expected" } else { "**not as expected**" },
            if rate >= 50.0 { "met" } else { "**missed**" }
        ),
    });
    for (kind, k) in drained.kinds.iter().filter(|(kind, _)| kind.as_str() != helmdesk_app::platform::mail::PROCESS_JOB)
    {
        rows.push(Row {
            step: format!("… of which `{kind}` (no outgoing server)"),
            count: k.jobs,
            seconds: k.busy.as_secs_f64(),
            rate: String::new(),
            p50_ms: ms_of_us(k.hist.value_at_quantile(0.5)),
            p99_ms: ms_of_us(k.hist.value_at_quantile(0.99)),
            max_ms: ms_of_us(k.hist.max()),
            note: "time in the job; the rate above includes these".into(),
        });
    }
    if !checked {
        bail!("mail in did not end as expected");
    }

    // Step 3: an outgoing server, and the notification jobs again.
    let outgoing = OutgoingServer {
        host: "smtp.bench.invalid".into(),
        port: 587,
        security: Security::Starttls,
        username: String::new(),
        password: None,
        password_set: false,
        from_address: "support@helmdesk.test".into(),
        from_name: "Support".into(),
    };
    let settings = MailSettings { flood_limit_per_hour: 0, outgoing: Some(outgoing), ..MailSettings::default() };
    app.set_mail_settings(admin, settings).await?;
    let at = app.now_micros();
    let jobs: Vec<NewJob> = drained
        .mail_payloads
        .iter()
        .map(|p| Ok(NewJob::now(MAIL_JOB, serde_json::from_str(p)?, at)))
        .collect::<anyhow::Result<_>>()?;
    app.store().enqueue_now(&jobs, at).await?;
    let notifications: usize = drained
        .mail_payloads
        .iter()
        .filter_map(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .map(|v| v["ids"].as_array().map_or(0, Vec::len))
        .sum();
    let load_before = loadavg();
    let cpu = Cpu::now();
    let statements = STATEMENTS.load(Ordering::Relaxed);
    let started = Instant::now();
    let queued_out = drain(app, args.workers, Some(at), Some(MAIL_JOB)).await?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu_out = cpu.since();
    let statements_out = STATEMENTS.load(Ordering::Relaxed) - statements;
    let outbound: i64 = count("SELECT COUNT(*) FROM outbound_mail WHERE status = 'queued'").scalar(db).await?;
    let cpu_out = match args.count_statements {
        true => format!(
            "{cpu_out}, {statements_out} SQL statements ({:.1} per message queued)",
            statements_out as f64 / outbound.max(1) as f64
        ),
        false => cpu_out,
    };
    let sends: i64 =
        count("SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND status = 'queued'").scalar(db).await?;
    let k = queued_out.kinds.get(MAIL_JOB);
    let ran = k.map_or(0, |k| k.jobs);
    let errors = k.map_or(0, |k| k.errors);
    println!(
        "queue out: {ran} notifications.mail jobs ({notifications} notifications, {errors} errors) queued {outbound} messages ({sends} mail.send jobs, not run) in {seconds:.1}s: {:.0} messages/s, job p50 {:.1} p99 {:.1} max {:.1} ms, {} other jobs left alone, load {load_before:.2}->{:.2}, {cpu_out}",
        outbound as f64 / seconds,
        k.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.5))),
        k.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.99))),
        k.map_or(0.0, |k| ms_of_us(k.hist.max())),
        queued_out.foreign,
        loadavg()
    );
    println!("  queue: {}", queued_out.queue_cost());
    rows.push(Row {
        step: format!("queue out: `notifications.mail` jobs ({} workers)", args.workers),
        count: ran,
        seconds,
        rate: format!("{:.0} msg/s", outbound as f64 / seconds),
        p50_ms: k.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.5))),
        p99_ms: k.map_or(0.0, |k| ms_of_us(k.hist.value_at_quantile(0.99))),
        max_ms: k.map_or(0.0, |k| ms_of_us(k.hist.max())),
        note: format!(
            "{outbound} messages queued with {sends} `mail.send` jobs (not run), from {notifications} notifications; {cpu_out}"
        ),
    });
    if errors > 0 || outbound == 0 || outbound != sends {
        bail!("mail out did not end as expected");
    }
    Ok(rows)
}

/// What a drain of the queue did, per job kind.
#[derive(Default)]
struct Drained {
    kinds: BTreeMap<String, KindStats>,
    /// The payloads of the `notifications.mail` jobs run.
    mail_payloads: Vec<String>,
    /// Jobs of another kind claimed and given back (only with `only`).
    foreign: u64,
    /// Each `mail.process` job run: the message's id and the job's time in microseconds.
    process_times: Vec<(i64, u64)>,
    /// Microseconds of each `claim_job` that returned a job, and of each `complete_job`.
    claim_us: Vec<u64>,
    complete_us: Vec<u64>,
}

impl Drained {
    /// The job queue's own cost: claiming and completing, as text.
    fn queue_cost(&self) -> String {
        let summary = |what: &str, us: &[u64]| {
            let mut h = micros_histogram();
            for v in us {
                let _ = h.record((*v).max(1));
            }
            format!(
                "{what} p50 {:.2} p99 {:.2} ms ({:.1}s in all)",
                ms_of_us(h.value_at_quantile(0.5)),
                ms_of_us(h.value_at_quantile(0.99)),
                us.iter().sum::<u64>() as f64 / 1e6
            )
        };
        format!("{}, {}", summary("claim_job", &self.claim_us), summary("complete_job", &self.complete_us))
    }
}

struct KindStats {
    jobs: u64,
    errors: u64,
    busy: Duration,
    hist: Histogram<u64>,
}

/// Works the queue off with `workers` workers in the job runner's loop (claim, run,
/// complete; a failure is retried at once), until it is empty and no worker holds a job.
/// `at`: claim as of this instant (jobs queued later are not due); `only`: run only jobs of
/// this kind, giving any other back.
async fn drain(app: &App, workers: usize, at: Option<i64>, only: Option<&'static str>) -> anyhow::Result<Drained> {
    let holding = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(Mutex::new(Drained::default()));
    let mut tasks = Vec::new();
    for w in 0..workers {
        let (app, holding, total) = (app.clone(), holding.clone(), total.clone());
        tasks.push(tokio::spawn(async move {
            let worker = format!("bench-{w}");
            let mut mine = Drained::default();
            let store = app.store();
            loop {
                holding.fetch_add(1, Ordering::SeqCst);
                let now = at.unwrap_or_else(|| app.now_micros());
                let claiming = Instant::now();
                let job = match store.claim_job(&worker, now, app.now_micros() + LEASE_MICROS).await {
                    Ok(Some(job)) => {
                        mine.claim_us.push(claiming.elapsed().as_micros() as u64);
                        job
                    }
                    Ok(None) => {
                        if holding.fetch_sub(1, Ordering::SeqCst) == 1 {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(2)).await;
                        continue;
                    }
                    Err(e) => {
                        holding.fetch_sub(1, Ordering::SeqCst);
                        return Err(anyhow::Error::from(e));
                    }
                };
                if only.is_some_and(|kind| kind != job.kind) {
                    store.release_job(job.id, &worker).await?;
                    mine.foreign += 1;
                    holding.fetch_sub(1, Ordering::SeqCst);
                    break;
                }
                let started = Instant::now();
                let outcome = app.run_job(&job).await;
                let took = started.elapsed();
                let now = app.now_micros();
                match &outcome {
                    Ok(()) => {
                        let completing = Instant::now();
                        store.complete_job(job.id, &worker, now).await?;
                        mine.complete_us.push(completing.elapsed().as_micros() as u64);
                    }
                    Err(e) => {
                        if mine.kinds.get(&job.kind).is_none_or(|k| k.errors == 0) {
                            eprintln!("{} job {} failed: {e}", job.kind, job.id);
                        }
                        let retry = (job.attempts < job.max_attempts).then_some(now);
                        store.fail_job(job.id, &worker, &e.to_string(), retry, now).await?;
                    }
                }
                holding.fetch_sub(1, Ordering::SeqCst);
                if job.kind == MAIL_JOB && outcome.is_ok() {
                    mine.mail_payloads.push(job.payload.clone());
                }
                if job.kind == helmdesk_app::platform::mail::PROCESS_JOB {
                    let id = serde_json::from_str::<serde_json::Value>(&job.payload)?["id"].as_i64().unwrap_or(0);
                    mine.process_times.push((id, took.as_micros() as u64));
                }
                let k = mine.kinds.entry(job.kind.clone()).or_insert_with(|| KindStats {
                    jobs: 0,
                    errors: 0,
                    busy: Duration::ZERO,
                    hist: micros_histogram(),
                });
                k.busy += took;
                let _ = k.hist.record(took.as_micros().max(1) as u64);
                if outcome.is_ok() {
                    k.jobs += 1;
                } else {
                    k.errors += 1;
                }
            }
            let mut total = total.lock().map_err(|_| anyhow::anyhow!("a worker panicked"))?;
            for (kind, k) in mine.kinds {
                match total.kinds.get_mut(&kind) {
                    Some(t) => {
                        t.jobs += k.jobs;
                        t.errors += k.errors;
                        t.busy += k.busy;
                        let _ = t.hist.add(&k.hist);
                    }
                    None => {
                        total.kinds.insert(kind, k);
                    }
                }
            }
            total.mail_payloads.extend(mine.mail_payloads);
            total.foreign += mine.foreign;
            total.process_times.extend(mine.process_times);
            total.claim_us.extend(mine.claim_us);
            total.complete_us.extend(mine.complete_us);
            Ok::<(), anyhow::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let drained = std::mem::take(&mut *total.lock().map_err(|_| anyhow::anyhow!("a worker panicked"))?);
    Ok(drained)
}

/// Processing times by what became of the message: a new ticket or a reply, with an
/// attachment (over 100 KB) or without.
async fn breakdown(app: &App, times: &[(i64, u64)]) -> anyhow::Result<()> {
    let rows: Vec<(i64, Option<String>, i64)> =
        Sql::new("SELECT id, outcome, size_bytes FROM inbound_mail").fetch_all(app.store().db()).await?;
    let what: std::collections::HashMap<i64, String> = rows
        .into_iter()
        .map(|(id, outcome, size)| {
            let kind = if outcome.unwrap_or_default().starts_with("added as a reply") { "reply" } else { "new ticket" };
            let attached = if size > 100_000 { " with attachment" } else { "" };
            (id, format!("{kind}{attached}"))
        })
        .collect();
    let mut groups: BTreeMap<&str, Histogram<u64>> = BTreeMap::new();
    for (id, us) in times {
        let group = what.get(id).map_or("unknown", String::as_str);
        let _ = groups.entry(group).or_insert_with(micros_histogram).record((*us).max(1));
    }
    for (group, h) in groups {
        println!(
            "  mail.process, {group}: {} jobs, mean {:.2} p50 {:.2} p99 {:.2} max {:.1} ms",
            h.len(),
            h.mean() / 1000.0,
            ms_of_us(h.value_at_quantile(0.5)),
            ms_of_us(h.value_at_quantile(0.99)),
            ms_of_us(h.max())
        );
    }
    Ok(())
}

/// SQL statements run so far, when counted (`--count-statements`).
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Counts sqlx's statement log events.
struct StatementCounter;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for StatementCounter {
    fn on_event(&self, _: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        STATEMENTS.fetch_add(1, Ordering::Relaxed);
    }
}

/// Statements since `from`, per `per` items, as text (empty when not counted).
fn statements_per(args: &Args, from: u64, per: u64, what: &str) -> String {
    if !args.count_statements {
        return String::new();
    }
    let n = STATEMENTS.load(Ordering::Relaxed) - from;
    format!(", {n} SQL statements ({:.1} per {what})", n as f64 / per.max(1) as f64)
}

/// CPU time so far: the machine's (all processors, from /proc/stat) and this process's.
struct Cpu {
    machine_busy: u64,
    machine_idle: u64,
    machine_iowait: u64,
    own: u64,
    at: Instant,
}

impl Cpu {
    fn now() -> Cpu {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let ticks: Vec<u64> =
            stat.lines().next().unwrap_or_default().split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        let field = |i: usize| ticks.get(i).copied().unwrap_or(0);
        // user nice system idle iowait irq softirq steal
        let machine_busy = field(0) + field(1) + field(2) + field(5) + field(6) + field(7);
        let own_stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // After the command name in parentheses: state (field 3) ... utime (14), stime (15).
        let rest = own_stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<u64> = rest.split_whitespace().map(|v| v.parse().unwrap_or(0)).collect();
        let own = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
        Cpu { machine_busy, machine_idle: field(3), machine_iowait: field(4), own, at: Instant::now() }
    }

    /// CPU use since this snapshot, in percent of one processor (clock ticks of 10 ms).
    fn since(&self) -> String {
        let now = Cpu::now();
        let wall_ticks = (self.at.elapsed().as_secs_f64() * 100.0).max(1e-9);
        let pct = |ticks: u64| ticks as f64 / wall_ticks * 100.0;
        format!(
            "CPU: machine {:.0} % busy, {:.0} % iowait, {:.0} % idle (of {} %), bench process {:.0} %",
            pct(now.machine_busy.saturating_sub(self.machine_busy)),
            pct(now.machine_iowait.saturating_sub(self.machine_iowait)),
            pct(now.machine_idle.saturating_sub(self.machine_idle)),
            100 * std::thread::available_parallelism().map_or(1, |n| n.get()),
            pct(now.own.saturating_sub(self.own))
        )
    }
}

/// SQLite's write-ahead log copied into the database beside the writer, as a server does.
struct Checkpoints {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Checkpoints {
    fn start(store: &Store) -> Checkpoints {
        let stop = Arc::new(AtomicBool::new(false));
        let (store, flag) = (store.clone(), stop.clone());
        let task = tokio::spawn(async move {
            if store.backend() != Backend::Sqlite {
                return;
            }
            while !flag.load(Ordering::Relaxed) {
                if let Err(e) = store.checkpoint().await {
                    eprintln!("checkpoint: {e}");
                }
                tokio::time::sleep(CHECKPOINT_INTERVAL).await;
            }
        });
        Checkpoints { stop, task }
    }

    async fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
    }
}

/// Who sends message i, and which earlier message it answers.
#[derive(Clone, Copy)]
struct Planned {
    sender: usize,
    reply_to: Option<usize>,
}

/// N messages: the first [`REPLY_GAP`] new, then half of all N replies spread evenly over
/// the rest, each answering a new message of its sender at least [`REPLY_GAP`] before it.
fn plan(n: usize, senders: usize, seed: u64) -> Vec<Planned> {
    let mut rng = StdRng::seed_from_u64(seed);
    let replies = if n > REPLY_GAP { (n / 2).min(n - REPLY_GAP) } else { 0 };
    let rest = n.saturating_sub(REPLY_GAP).max(1);
    let mut plan: Vec<Planned> = Vec::with_capacity(n);
    // The new messages so far, in order.
    let mut fresh: Vec<usize> = Vec::new();
    for i in 0..n {
        let k = i.saturating_sub(REPLY_GAP);
        let is_reply = i >= REPLY_GAP && (k + 1) * replies / rest > k * replies / rest;
        let p = if is_reply {
            // A new message old enough; its sender answers it.
            let eligible = fresh.partition_point(|&j| j + REPLY_GAP <= i);
            let j = fresh[rng.random_range(0..eligible.max(1))];
            Planned { sender: plan[j].sender, reply_to: Some(j) }
        } else {
            let sender = rng.random_range(0..senders);
            fresh.push(i);
            Planned { sender, reply_to: None }
        };
        plan.push(p);
    }
    plan
}

const FIRST: &[&str] =
    &["Anna", "Ben", "Chloé", "David", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena"];
const LAST: &[&str] =
    &["Meyer", "Okafor", "Dubois", "Svensson", "Yilmaz", "Tanaka", "Rossi", "Novak", "García", "Smith"];

fn sender(k: usize) -> (String, String) {
    let name = format!("{} {}", FIRST[k % FIRST.len()], LAST[(k / FIRST.len()) % LAST.len()]);
    (name, format!("user{k:04}@customer{}.example", k % 7))
}

fn message_id(i: usize, seed: u64) -> String {
    format!("bench.{seed}.{i}@mail.customer.example")
}

/// The subject and text of new message `j` (the same whenever asked).
fn new_text(j: usize, seed: u64, zipf: &Zipf) -> (String, String) {
    let mut rng = StdRng::seed_from_u64(seed ^ mix(j as u64));
    let c = rng.random_range(0..CATEGORIES.len());
    let request = rng.random_bool(0.3);
    text::ticket(&mut rng, zipf, &CATEGORIES[c], request, false)
}

/// Message `i` of the plan as received: a plain text and an HTML alternative, a reply
/// quoting the notification it answers, and maybe an attachment of `attachment` bytes.
fn message(i: usize, plan: &[Planned], seed: u64, zipf: &Zipf, attachment: Option<usize>) -> Vec<u8> {
    let p = plan[i];
    let (name, address) = sender(p.sender);
    let mut rng = StdRng::seed_from_u64(seed ^ mix(i as u64 + (1 << 40)));
    let date = chrono::Utc::now().to_rfc2822();
    let (subject, text, thread) = match p.reply_to {
        None => {
            let (subject, description) = new_text(i, seed, zipf);
            (
                subject,
                format!("Hello,\n\n{description}\n\nBest regards,\n{name}\nCustomer IT, building {}", i % 9),
                None,
            )
        }
        Some(j) => {
            let (subject, description) = new_text(j, seed, zipf);
            let answer = text::comment(&mut rng, zipf, Voice::Answer);
            let quoted: String = wrap(&description, 72).lines().map(|l| format!("> {l}\n")).collect();
            let text = format!(
                "{answer}\n\n{name}\n\nOn {date}, Support <support@helmdesk.test> wrote:\n> {REPLY_MARKER}\n>\n> We received your request.\n>\n{quoted}"
            );
            (format!("Re: {subject}"), text, Some(message_id(j, seed)))
        }
    };
    let mut out = String::with_capacity(8 * 1024 + attachment.map_or(0, |n| n * 4 / 3 + n / 38));
    out.push_str(&format!(
        "Return-Path: <{address}>\r\nReceived: from mx.customer{}.example (mx.customer.example [192.0.2.{}])\r\n\tby mail.helmdesk.test with ESMTPS; {date}\r\n",
        p.sender % 7,
        1 + p.sender % 250
    ));
    out.push_str(&format!("From: \"{name}\" <{address}>\r\nTo: IT Support <support@helmdesk.test>\r\n"));
    out.push_str(&format!("Subject: {subject}\r\nDate: {date}\r\nMessage-ID: <{}>\r\n", message_id(i, seed)));
    if let Some(t) = &thread {
        out.push_str(&format!("In-Reply-To: <{t}>\r\nReferences: <{t}>\r\n"));
    }
    out.push_str("MIME-Version: 1.0\r\nX-Mailer: Benchmark Mail 1.0\r\n");
    let alt = format!("alt-{i}-{seed}");
    let mixed = format!("mixed-{i}-{seed}");
    if attachment.is_some() {
        out.push_str(&format!("Content-Type: multipart/mixed; boundary=\"{mixed}\"\r\n\r\n--{mixed}\r\n"));
    }
    out.push_str(&format!("Content-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n"));
    out.push_str(&format!(
        "--{alt}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        wrap(&text, 76).replace('\n', "\r\n")
    ));
    let html: String =
        text.split("\n\n").map(|para| format!("<p>{}</p>\r\n", escape(para).replace('\n', "<br>\r\n"))).collect();
    out.push_str(&format!(
        "--{alt}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<html><head><meta charset=\"utf-8\"><style>p {{ margin: 0 0 1em; font-family: Calibri, sans-serif; }}</style></head><body>\r\n{html}</body></html>\r\n--{alt}--\r\n"
    ));
    if let Some(size) = attachment {
        let mut data = vec![0u8; size];
        rng.fill(&mut data[..]);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
        out.push_str(&format!(
            "\r\n--{mixed}\r\nContent-Type: image/png; name=\"screenshot-{i}.png\"\r\nContent-Disposition: attachment; filename=\"screenshot-{i}.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        ));
        for line in encoded.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            out.push_str("\r\n");
        }
        out.push_str(&format!("--{mixed}--\r\n"));
    }
    out.into_bytes()
}

/// Lines of at most about `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for (w, word) in line.split(' ').enumerate() {
            if w > 0 {
                if len + 1 + word.chars().count() > width {
                    out.push('\n');
                    len = 0;
                } else {
                    out.push(' ');
                    len += 1;
                }
            }
            out.push_str(word);
            len += word.chars().count();
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A well-mixed 64-bit number from `i` (splitmix64).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn micros_histogram() -> Histogram<u64> {
    // Microseconds from 1 us to 10 min, three significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}

fn nanos_histogram() -> Histogram<u64> {
    // Nanoseconds from 1 ns to 60 s, three significant digits.
    Histogram::new_with_bounds(1, 60_000_000_000, 3).expect("valid histogram bounds")
}

fn ms_of_us(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn ms_of_ns(ns: u64) -> f64 {
    ns as f64 / 1e6
}

/// The one-minute load average.
fn loadavg() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

/// A `Vm...:` line of this process's /proc status, in MiB.
fn proc_status_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024.0)
}

/// Milliseconds with three significant digits or one decimal, whichever is longer.
fn fmt_ms(ms: f64) -> String {
    match ms {
        ms if ms < 1.0 => format!("{ms:.3}"),
        ms if ms < 10.0 => format!("{ms:.2}"),
        ms => format!("{ms:.1}"),
    }
}

fn print_table(args: &Args, rows: &[Row], peak: f64) {
    let attachments = match args.attachment_every {
        0 => "no attachments".to_string(),
        every => format!("one in {every} with a {} KB attachment", args.attachment_bytes / 1000),
    };
    println!(
        "\nmail in and out on {}: {} messages from {} senders, {attachments}\n",
        args.database, args.messages, args.senders
    );
    println!("| step | count | seconds | rate | p50 ms | p99 ms | max ms | note |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for r in rows {
        println!(
            "| {} | {} | {:.2} | {} | {} | {} | {} | {} |",
            r.step,
            r.count,
            r.seconds,
            r.rate,
            fmt_ms(r.p50_ms),
            fmt_ms(r.p99_ms),
            fmt_ms(r.max_ms),
            r.note
        );
    }
    println!("\npeak RSS of this process (VmHWM): {peak:.0} MiB");
}

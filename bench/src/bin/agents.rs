//! `agents`: a fleet of FusionInventory agents reporting to a running `helmdesk serve` at
//! once, as on the morning everybody's laptop starts (issue 16: 10,000 agents within five
//! minutes, none lost, the server under 300 MB).
//!
//! Each agent runs as the real one does: a `PROLOG` without credentials (answered 401
//! with a `Basic` challenge), again with the enrolment token as password (answered
//! `SEND`), then its `INVENTORY`, zlib-compressed: its own device id, host name, UUID,
//! serial number and hardware address, and 300 to 800 packages of the seeded catalogue
//! (the most installed on most devices), so each is a new asset. The messages are made
//! before the clock starts; `--concurrency` agents report at a time. Afterwards the
//! database is asked how many of the run's devices have an inventory and how many
//! installations they have: every agent's device, and every package it sent, must be
//! there. The server's resident memory is sampled from /proc every 100 ms and its peak
//! (`VmHWM`) read at the end.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use hdrhistogram::Histogram;
use helmdesk_bench::Manifest;
use helmdesk_bench::inventory::{self, Device, Package};
use helmdesk_store::{PoolOptions, Sql, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use tokio::sync::Mutex;

/// Report as a fleet of FusionInventory agents and check that nothing was lost.
#[derive(Parser)]
struct Args {
    /// The server, on this machine.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// The manifest `seed` wrote (its enrolment token and catalogue).
    #[arg(long, default_value = "bench-manifest.json")]
    manifest: PathBuf,
    /// The server's database, to count what arrived.
    #[arg(long, env = "HELMDESK_DATABASE_URL")]
    database_url: String,
    #[arg(long, env = "HELMDESK_DATA_DIR", default_value = "bench-data")]
    data_dir: PathBuf,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    server_pid: Option<u32>,
    /// How many agents.
    #[arg(long, default_value_t = 10_000)]
    agents: usize,
    /// Agents reporting at a time.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Fewest and most packages an agent reports.
    #[arg(long, default_value_t = 300)]
    min_packages: usize,
    #[arg(long, default_value_t = 800)]
    max_packages: usize,
    /// Random seed.
    #[arg(long, default_value_t = 20261208)]
    seed: u64,
    /// Also write the outcome as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// One agent's messages, made before the clock starts.
struct Agent {
    prolog: Vec<u8>,
    inventory: Vec<u8>,
    packages: usize,
}

#[derive(Default)]
struct Tally {
    prolog: Option<Histogram<u64>>,
    inventory: Option<Histogram<u64>>,
    failures: Vec<String>,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let manifest: Manifest = serde_json::from_str(
        &std::fs::read_to_string(&args.manifest).with_context(|| format!("cannot read {}", args.manifest.display()))?,
    )?;
    let base = args.base_url.trim_end_matches('/').to_string();
    if !(base.starts_with("http://127.") || base.starts_with("http://localhost")) {
        bail!("the agents only report to a server on this machine (http://127.x.x.x or http://localhost)");
    }
    let software = manifest
        .assets
        .as_ref()
        .and_then(|a| a.software.clone())
        .context("the manifest has no software: seed with --installations")?;
    let catalogue: Vec<Package> = software
        .packages
        .iter()
        .map(|[n, p, v]| Package { name: n.clone(), publisher: p.clone(), version: v.clone() })
        .collect();
    let (least, most) = (args.min_packages.max(1), args.max_packages.max(args.min_packages.max(1)));
    let catalogue = padded(catalogue, most);
    let chance = popularity(catalogue.len(), (least + most) as f64 / 2.0);
    // A run's own numbers: its devices are new to the database even after other runs.
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() % 100_000;
    let prefix = format!("bench-agent-{run:05}-");

    let making = Instant::now();
    let catalogue = Arc::new(catalogue);
    let chance = Arc::new(chance);
    let seed = args.seed;
    let count = args.agents;
    let agents: Vec<Agent> = tokio::task::spawn_blocking({
        let prefix = prefix.clone();
        move || {
            (0..count)
                .map(|i| {
                    let mut rng = StdRng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ run);
                    let n = rng.random_range(least..=most);
                    let packages = pick(&mut rng, &catalogue, &chance, n);
                    let device = device(&prefix, run, i, &mut rng);
                    Agent {
                        prolog: inventory::prolog(&device.device_id),
                        inventory: inventory::inventory(&device, &packages),
                        packages: packages.len(),
                    }
                })
                .collect()
        }
    })
    .await?;
    let sent_packages: usize = agents.iter().map(|a| a.packages).sum();
    let bytes: usize = agents.iter().map(|a| a.inventory.len()).sum();
    println!(
        "{} agents ({prefix}*): {sent_packages} packages ({:.0} a device), {:.1} MB of compressed inventories, made in {:.1}s",
        agents.len(),
        sent_packages as f64 / agents.len().max(1) as f64,
        bytes as f64 / 1e6,
        making.elapsed().as_secs_f64()
    );

    let store =
        Store::open(&args.database_url, &args.data_dir, &PoolOptions { max_connections: 1, ..Default::default() })
            .await
            .with_context(|| format!("cannot open {}", helmdesk_store::redact_url(&args.database_url)))?;
    let assets_before: i64 = Sql::new("SELECT COUNT(*) FROM assets").scalar(store.db()).await?;
    let rss_at_start = args.server_pid.and_then(|pid| proc_status_mib(pid, "VmRSS:"));

    let load_before = loadavg();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_rss(args.server_pid, stop.clone());
    let client = reqwest::Client::builder().timeout(Duration::from_secs(120)).build()?;
    let url = format!("{base}/api/v1/inventory/fusioninventory");
    let auth = inventory::basic_auth(&software.agent_token);
    let agents = Arc::new(agents);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (client, url, auth, agents, next, done, tally) =
            (client.clone(), url.clone(), auth.clone(), agents.clone(), next.clone(), done.clone(), tally.clone());
        workers.push(tokio::spawn(async move {
            let (mut prologs, mut inventories) = (histogram(), histogram());
            let mut failures = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(agent) = agents.get(i) else { break };
                match report(&client, &url, &auth, agent, &mut prologs, &mut inventories).await {
                    Ok(()) => {}
                    Err(e) => failures.push(format!("agent {i}: {e}")),
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(1000) {
                    println!(
                        "  {n} agents reported after {:.1}s; load {:.2}",
                        started.elapsed().as_secs_f64(),
                        loadavg()
                    );
                }
            }
            let mut t = tally.lock().await;
            t.prolog.get_or_insert_with(histogram).add(&prologs).ok();
            t.inventory.get_or_insert_with(histogram).add(&inventories).ok();
            t.failures.extend(failures);
        }));
    }
    for w in workers {
        w.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let rss_sampled = sampler.await.unwrap_or(0.0);
    let peak = args.server_pid.and_then(|pid| proc_status_mib(pid, "VmHWM:"));
    let load_after = loadavg();
    let tally = tally.lock().await;

    // What arrived: the run's devices with an inventory, and their installations.
    let pattern = format!("{prefix}%");
    let devices: i64 = Sql::new("SELECT COUNT(*) FROM asset_inventories WHERE device_id LIKE $1")
        .bind(&pattern)
        .scalar(store.db())
        .await?;
    let installed: i64 = Sql::new(
        "SELECT COUNT(*) FROM installations i JOIN asset_inventories v ON v.asset_id = i.asset_id WHERE v.device_id LIKE $1",
    )
    .bind(&pattern)
    .scalar(store.db())
    .await?;
    let assets_after: i64 = Sql::new("SELECT COUNT(*) FROM assets").scalar(store.db()).await?;
    let counts_jobs: i64 = Sql::new("SELECT COUNT(*) FROM jobs WHERE kind = 'licences.reconcile' AND created_at >= $1")
        .bind(chrono::Utc::now().timestamp_micros() - (seconds * 1e6) as i64 - 1_000_000)
        .scalar(store.db())
        .await?;
    store.close().await;

    let ms =
        |h: &Option<Histogram<u64>>, q: f64| h.as_ref().map(|h| h.value_at_quantile(q) as f64 / 1000.0).unwrap_or(0.0);
    let failures = tally.failures.len();
    let lost_devices = args.agents as i64 - devices;
    let lost_packages = sent_packages as i64 - installed;
    println!("\n{} agents, {} at a time, on {}", args.agents, args.concurrency, manifest.backend);
    println!(
        "wall time {seconds:.1}s ({:.1} agents/s; target: within 300 s): {}",
        args.agents as f64 / seconds,
        if seconds <= 300.0 { "met" } else { "**missed**" }
    );
    println!(
        "PROLOG p50 {:.1} / p99 {:.1} ms; INVENTORY p50 {:.1} / p95 {:.1} / p99 {:.1} / max {:.1} ms",
        ms(&tally.prolog, 0.5),
        ms(&tally.prolog, 0.99),
        ms(&tally.inventory, 0.5),
        ms(&tally.inventory, 0.95),
        ms(&tally.inventory, 0.99),
        ms(&tally.inventory, 1.0)
    );
    println!(
        "failed requests: {failures}; devices with an inventory: {devices} of {} ({lost_devices} lost); installations: {installed} of {sent_packages} sent ({lost_packages} lost); assets {assets_before} -> {assets_after}: {}",
        args.agents,
        if failures == 0 && lost_devices == 0 && lost_packages == 0 { "none lost" } else { "**LOST SOME**" }
    );
    for f in tally.failures.iter().take(10) {
        println!("  {f}");
    }
    let target_mib = 300.0 * 1_000_000.0 / 1_048_576.0;
    println!(
        "server memory: {} MiB at start, highest sample {rss_sampled:.0} MiB, peak (VmHWM) {} MiB (target < 300 MB: {})",
        rss_at_start.map(|r| format!("{r:.0}")).unwrap_or("?".into()),
        peak.map(|p| format!("{p:.0}")).unwrap_or("?".into()),
        if peak.unwrap_or(rss_sampled) < target_mib { "met" } else { "**missed**" }
    );
    println!("licence counts queued during the run: {counts_jobs}; load {load_before:.2} -> {load_after:.2}");
    if let Some(path) = &args.json {
        let doc = serde_json::json!({
            "backend": manifest.backend,
            "agents": args.agents,
            "concurrency": args.concurrency,
            "seconds": seconds,
            "packages_sent": sent_packages,
            "devices_with_inventory": devices,
            "installations": installed,
            "failures": failures,
            "prolog_p50_ms": ms(&tally.prolog, 0.5),
            "prolog_p99_ms": ms(&tally.prolog, 0.99),
            "inventory_p50_ms": ms(&tally.inventory, 0.5),
            "inventory_p95_ms": ms(&tally.inventory, 0.95),
            "inventory_p99_ms": ms(&tally.inventory, 0.99),
            "inventory_max_ms": ms(&tally.inventory, 1.0),
            "server_rss_start_mib": rss_at_start,
            "server_rss_sampled_mib": rss_sampled,
            "server_peak_rss_mib": peak,
            "licence_counts_queued": counts_jobs,
            "load_before": load_before,
            "load_after": load_after,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)?;
    }
    if failures > 0 || lost_devices != 0 || lost_packages != 0 {
        bail!("some reports were lost");
    }
    Ok(())
}

/// One agent's run: the challenge, the prolog, the inventory.
async fn report(
    client: &reqwest::Client,
    url: &str,
    auth: &str,
    agent: &Agent,
    prologs: &mut Histogram<u64>,
    inventories: &mut Histogram<u64>,
) -> anyhow::Result<()> {
    let post = |body: &[u8]| client.post(url).header(CONTENT_TYPE, "application/x-compress-zlib").body(body.to_vec());
    let challenge = post(&agent.prolog).send().await?;
    if challenge.status() != StatusCode::UNAUTHORIZED {
        bail!("the prolog without credentials was answered {}", challenge.status());
    }
    let sent = Instant::now();
    let res = post(&agent.prolog).header(AUTHORIZATION, auth).send().await?;
    let (status, text) = (res.status(), res.text().await?);
    if !status.is_success() || !text.contains("SEND") {
        bail!("prolog: {status}: {}", text.chars().take(200).collect::<String>());
    }
    let _ = prologs.record(sent.elapsed().as_micros() as u64);
    let sent = Instant::now();
    let res = post(&agent.inventory).header(AUTHORIZATION, auth).send().await?;
    let (status, text) = (res.status(), res.text().await?);
    if !status.is_success() {
        bail!("inventory: {status}: {}", text.chars().take(200).collect::<String>());
    }
    let _ = inventories.record(sent.elapsed().as_micros() as u64);
    Ok(())
}

/// The catalogue with made-up packages after it when it has fewer than `n`.
fn padded(mut catalogue: Vec<Package>, n: usize) -> Vec<Package> {
    let mut k = catalogue.len();
    while catalogue.len() < n + n / 2 {
        k += 1;
        catalogue.push(Package {
            name: format!("Bench Agent Package {k}"),
            publisher: "Bench Software GmbH".into(),
            version: "2.0".into(),
        });
    }
    catalogue
}

/// The chance that a device has the package of rank `r`: `c / (r + 1)`, at most 0.97, with
/// `c` such that a device has `mean` on average.
fn popularity(n: usize, mean: f64) -> Vec<f64> {
    let at = |c: f64| -> Vec<f64> { (0..n).map(|r| (c / (r as f64 + 1.0)).min(0.97)).collect() };
    let (mut low, mut high) = (0.0, n as f64 * 2.0);
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

/// `n` distinct packages, the popular ones on most devices.
fn pick(rng: &mut StdRng, catalogue: &[Package], chance: &[f64], n: usize) -> Vec<Package> {
    let mut chosen: Vec<usize> = (0..catalogue.len()).filter(|r| rng.random::<f64>() < chance[*r]).collect();
    while chosen.len() > n {
        chosen.swap_remove(rng.random_range(0..chosen.len()));
    }
    while chosen.len() < n {
        let r = rng.random_range(0..catalogue.len());
        if !chosen.contains(&r) {
            chosen.push(r);
        }
    }
    chosen.into_iter().map(|r| catalogue[r].clone()).collect()
}

/// Agent `i`'s device: its own UUID, serial number and (universally administered)
/// hardware address.
fn device(prefix: &str, run: u64, i: usize, rng: &mut StdRng) -> Device {
    let host = format!("{prefix}{i:05}");
    let tail = ((run & 0x3fff) << 18) | (i as u64 & 0x3_ffff);
    let mac = format!(
        "00:1b:{:02x}:{:02x}:{:02x}:{:02x}",
        (tail >> 24) & 0xff,
        (tail >> 16) & 0xff,
        (tail >> 8) & 0xff,
        tail & 0xff
    );
    Device {
        device_id: format!("{host}-2026-12-08-08-00-00"),
        uuid: Some(format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            rng.random::<u32>(),
            rng.random::<u16>(),
            rng.random::<u16>(),
            rng.random::<u16>(),
            (run << 20) | i as u64
        )),
        serial: Some(format!("AGT{run:05}{i:06}")),
        mac: Some(mac),
        hostname: host,
        laptop: !i.is_multiple_of(4),
    }
}

/// The one-minute load average.
fn loadavg() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

/// A `Vm...:` line of /proc/PID/status, in MiB.
fn proc_status_mib(pid: u32, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024.0)
}

/// Samples the server's resident memory every 100 ms until stopped; the highest, in MiB.
fn sample_rss(pid: Option<u32>, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<f64> {
    tokio::spawn(async move {
        let mut peak: f64 = 0.0;
        let Some(pid) = pid else { return 0.0 };
        while !stop.load(Ordering::Relaxed) {
            peak = peak.max(proc_status_mib(pid, "VmRSS:").unwrap_or(0.0));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        peak
    })
}

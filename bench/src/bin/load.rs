//! `load`: drives a running `helmdesk serve` over HTTP and reports, per scenario,
//! throughput and latency percentiles (p50, p95, p99, max) from an HDR histogram, the
//! server's resident memory (sampled from /proc every 100 ms) and the machine's load.
//!
//! Each scenario runs N clients in a closed loop (a client sends its next request when
//! the previous answer has been read in full) for a warm-up, whose requests are not
//! counted, then for the measured duration. The dashboard and the KPI API are measured
//! as single requests one after another, each latency reported. Requests go only to the
//! given base URL (a server on this machine), and every loop ends by itself.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use hdrhistogram::Histogram;
use helmdesk_bench::assets::{AssetsManifest, SoftwareManifest, StockManifest};
use helmdesk_bench::inventory::{self, Device, Package};
use helmdesk_bench::portal::PortalManifest;
use helmdesk_bench::text::{self, CATEGORIES, Zipf};
use helmdesk_bench::zlib::{self, Piece};
use helmdesk_bench::{Manifest, Outcome};
use rand::SeedableRng;
use rand::rngs::StdRng;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};

/// Drive a running Helmdesk server and report latencies.
#[derive(Parser)]
struct Args {
    /// The server, on this machine.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// The manifest `seed` wrote.
    #[arg(long, default_value = "bench-manifest.json")]
    manifest: PathBuf,
    /// An API token of the manifest's agent (`helmdesk token create`).
    #[arg(long, env = "BENCH_TOKEN", hide_env_values = true)]
    token: String,
    /// An API token of the seed's administrator, for the CSV import's preview (without it
    /// that scenario is left out).
    #[arg(long, env = "BENCH_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// An API token of the portal's employee, for the portal's search (without it those
    /// scenarios are left out).
    #[arg(long, env = "BENCH_REQUESTER_TOKEN", hide_env_values = true)]
    requester_token: Option<String>,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Warm-up seconds per scenario (not counted).
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Concurrent clients filing tickets.
    #[arg(long, default_value_t = 32)]
    write_clients: usize,
    /// Concurrent clients of the read scenarios.
    #[arg(long, default_value_t = 4)]
    read_clients: usize,
    /// Single requests per dashboard/KPI scenario (after one not counted).
    #[arg(long, default_value_t = 5)]
    single_runs: usize,
    /// Run only these scenarios (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Also write the outcomes as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Live event streams (`GET /api/v1/events`, the agent's token) held open and read
    /// while the scenarios run, as open pages would.
    #[arg(long, default_value_t = 0)]
    live_listeners: usize,
}

/// Makes the `i`-th request of a scenario.
type MakeRequest = Arc<dyn Fn(u64) -> reqwest::RequestBuilder + Send + Sync>;

/// Makes a scenario's requests: GETs of the path made from the request's number.
type Vary<'a> = dyn Fn(&reqwest::Client, Box<dyn Fn(u64) -> String + Send + Sync>) -> MakeRequest + 'a;

/// What a scenario must achieve.
#[derive(Clone, Copy)]
enum Target {
    /// p99 under this many milliseconds.
    P99(f64),
    /// At least this many requests a second, and p99 under this many milliseconds.
    Rate(f64, f64),
    /// Every counted request under this many milliseconds.
    Max(f64),
}

impl Target {
    fn describe(self) -> String {
        match self {
            Target::P99(ms) => format!("p99 < {ms} ms"),
            Target::Rate(rate, ms) => format!("≥ {rate}/s, p99 < {ms} ms"),
            Target::Max(ms) => format!("each < {ms} ms"),
        }
    }

    fn met(self, o: &Outcome) -> bool {
        o.errors == 0
            && match self {
                Target::P99(ms) => o.p99_ms < ms,
                Target::Rate(rate, ms) => o.per_second >= rate && o.p99_ms < ms,
                Target::Max(ms) => o.max_ms < ms,
            }
    }
}

struct Scenario {
    name: &'static str,
    request: String,
    /// `None`: single requests one after another.
    clients: Option<usize>,
    target: Target,
    make: MakeRequest,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let manifest: Manifest = serde_json::from_str(
        &std::fs::read_to_string(&args.manifest).with_context(|| format!("cannot read {}", args.manifest.display()))?,
    )?;
    let base = args.base_url.trim_end_matches('/').to_string();
    if !(base.starts_with("http://127.") || base.starts_with("http://localhost")) {
        bail!("the load driver only targets a server on this machine (http://127.x.x.x or http://localhost)");
    }
    let api = bearer_client(&args.token, 60)?;
    let ui = login(&base, &manifest.agent_email, &manifest.password).await?;
    let prepared = prepare(&base, &manifest, &api, &args).await?;
    let scenarios = scenarios(&base, &manifest, &api, &ui, &args, &prepared);
    let heard = listen(&base, &args).await?;

    let mut outcomes = Vec::new();
    for s in scenarios.iter().filter(|s| wanted(&args, s.name)) {
        check(s).await?;
        let outcome = match s.clients {
            Some(clients) => closed_loop(s, clients, &args).await,
            None => one_by_one(s, &args).await,
        };
        println!(
            "{:<24} {:>4} clients {:>7} requests {:>8.1}/s  p50 {:>7.1} p95 {:>7.1} p99 {:>7.1} max {:>7.1} ms  errors {}  rss {:.0} MiB  load {:.2}->{:.2}  {}",
            outcome.scenario,
            outcome.clients,
            outcome.requests,
            outcome.per_second,
            outcome.p50_ms,
            outcome.p95_ms,
            outcome.p99_ms,
            outcome.max_ms,
            outcome.errors,
            outcome.server_rss_mib,
            outcome.load_before,
            outcome.load_after,
            if outcome.met { "met" } else { "MISSED" }
        );
        outcomes.push(outcome);
    }
    let peak = args.server_pid.and_then(|pid| proc_status_mib(pid, "VmHWM:"));
    if args.live_listeners > 0 {
        let heard = heard.load(Ordering::Relaxed);
        println!(
            "live listeners: {}, ticket events heard: {heard} ({} each)",
            args.live_listeners,
            heard / args.live_listeners as u64
        );
    }
    print_table(&manifest, &outcomes, peak);
    if let Some(path) = &args.json {
        let doc = serde_json::json!({ "manifest": manifest, "outcomes": outcomes, "server_peak_rss_mib": peak });
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)?;
    }
    Ok(())
}

/// Whether the run includes scenario `name`.
fn wanted(args: &Args, name: &str) -> bool {
    args.only.is_empty() || args.only.iter().any(|o| o == name)
}

/// What some scenarios need made before they run: an open round of a physical audit
/// (started once, timed), and the import's file with a client of the administrator's.
#[derive(Default)]
struct Prepared {
    audit_id: Option<i64>,
    import: Option<(reqwest::Client, Arc<Vec<u8>>)>,
    /// The portal's employee: her API client (token) and her signed-in session.
    employee: Option<(reqwest::Client, reqwest::Client)>,
}

/// A client that sends `Authorization: Bearer TOKEN` and gives up after `timeout` seconds.
fn bearer_client(token: &str, timeout: u64) -> anyhow::Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {token}"))?);
    Ok(reqwest::Client::builder().default_headers(headers).timeout(Duration::from_secs(timeout)).build()?)
}

async fn prepare(base: &str, m: &Manifest, api: &reqwest::Client, args: &Args) -> anyhow::Result<Prepared> {
    let mut prepared = Prepared::default();
    let requester_token = args.requester_token.as_deref().filter(|t| !t.is_empty());
    if let (Some(p), Some(token)) = (&m.portal, requester_token) {
        let session = login(base, &p.requester_email, &m.password).await?;
        prepared.employee = Some((bearer_client(token, 60)?, session));
    }
    let Some(a) = &m.assets else { return Ok(prepared) };
    if let Some(location) = a.audit_location_id.filter(|_| wanted(args, "audit_confirm")) {
        let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let body = serde_json::json!({ "name": format!("Bench round {run}"), "location_id": location });
        let started = Instant::now();
        let res = api.post(format!("{base}/api/v1/audits")).json(&body).send().await?;
        let status = res.status();
        let doc: serde_json::Value = res.json().await.context("starting the round: no JSON")?;
        if !status.is_success() {
            bail!("starting the round: {status}: {doc}");
        }
        let id = doc.get("id").and_then(|v| v.as_i64()).context("starting the round: no id")?;
        println!(
            "audit_confirm: round {id} started in {:.0} ms, expecting {} assets",
            started.elapsed().as_secs_f64() * 1000.0,
            doc.get("expected").unwrap_or(&serde_json::Value::Null)
        );
        prepared.audit_id = Some(id);
    }
    if let (Some(file), Some(token)) = (&a.import_csv, &args.admin_token)
        && wanted(args, "import_preview_10k")
    {
        let path = args.manifest.with_file_name(file);
        let csv = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        prepared.import = Some((bearer_client(token, 120)?, Arc::new(csv)));
    }
    Ok(prepared)
}

/// Opens `--live-listeners` event streams and reads them in the background for as long as
/// the program runs; returns the count of `ticket` events they heard.
async fn listen(base: &str, args: &Args) -> anyhow::Result<Arc<AtomicU64>> {
    let heard = Arc::new(AtomicU64::new(0));
    // No overall timeout: a stream is read for the whole run.
    let client = reqwest::Client::new();
    for _ in 0..args.live_listeners {
        let mut response = client.get(format!("{base}/api/v1/events")).bearer_auth(&args.token).send().await?;
        if !response.status().is_success() {
            bail!("GET /api/v1/events answered {}", response.status());
        }
        let heard = heard.clone();
        tokio::spawn(async move {
            while let Ok(Some(chunk)) = response.chunk().await {
                let events = chunk.windows(13).filter(|w| *w == b"event: ticket").count();
                heard.fetch_add(events as u64, Ordering::Relaxed);
            }
        });
    }
    Ok(heard)
}

/// Signs the manifest's agent in through the login form; the client keeps the cookies.
async fn login(base: &str, email: &str, password: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let page = client.get(format!("{base}/login")).send().await?.text().await?;
    let csrf = hidden(&page, "csrf").context("no csrf field on the login page")?;
    let res = client
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password), ("csrf", csrf.as_str()), ("next", "/")])
        .send()
        .await?;
    if res.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("signing in as {email} failed: {}", res.status());
    }
    Ok(client)
}

/// The value of the first hidden input named `name`.
fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// A well-mixed 64-bit number from `i` (splitmix64), to vary requests deterministically.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn nth<T: Copy>(list: &[T], i: u64) -> T {
    list[(mix(i) % list.len() as u64) as usize]
}

fn scenarios(
    base: &str,
    m: &Manifest,
    api: &reqwest::Client,
    ui: &reqwest::Client,
    args: &Args,
    prepared: &Prepared,
) -> Vec<Scenario> {
    let reads = Some(args.read_clients);
    let get = |client: &reqwest::Client, path: String| {
        let client = client.clone();
        let url = format!("{base}{path}");
        Arc::new(move |_| client.get(&url)) as MakeRequest
    };
    let vary = |client: &reqwest::Client, make: Box<dyn Fn(u64) -> String + Send + Sync>| {
        let client = client.clone();
        let base = base.to_string();
        Arc::new(move |i| client.get(format!("{base}{}", make(i)))) as MakeRequest
    };
    let teams = m.team_ids.clone();
    let agents = m.agent_ids.clone();
    let heavy = m.heavy_ticket_ids.clone();
    let create_target = if m.backend == "sqlite" { Target::Rate(2000.0, 50.0) } else { Target::P99(50.0) };
    let search = |name: &'static str, words: &str| {
        let path = format!("/api/v1/tickets?q={}", words.replace(' ', "+"));
        Scenario {
            name,
            request: format!("GET {path}"),
            clients: reads,
            target: Target::P99(50.0),
            make: get(api, path),
        }
    };
    let mut all = vec![
        Scenario {
            name: "create",
            request: "POST /api/v1/tickets".into(),
            clients: Some(args.write_clients),
            target: create_target,
            make: create_ticket(base, api, m),
        },
        Scenario {
            name: "list_open_team_priority",
            request: "GET /api/v1/tickets?status=open&team_id=T&priority=P".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: vary(
                api,
                Box::new(move |i| {
                    format!("/api/v1/tickets?status=open&team_id={}&priority={}", nth(&teams, i), 1 + mix(i + 7) % 5)
                }),
            ),
        },
        Scenario {
            name: "list_assignee",
            request: "GET /api/v1/tickets?assignee_id=A".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: vary(api, Box::new(move |i| format!("/api/v1/tickets?assignee_id={}", nth(&agents, i)))),
        },
        Scenario {
            name: "list_updated",
            request: "GET /api/v1/tickets?sort=-updated_at".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: get(api, "/api/v1/tickets?sort=-updated_at".into()),
        },
        Scenario {
            name: "list_breaching_soon",
            request: "GET /api/v1/tickets?sla=breaching_soon&sort=due".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: get(api, "/api/v1/tickets?sla=breaching_soon&sort=due".into()),
        },
        Scenario {
            name: "queue_page",
            request: "GET /tickets (session)".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: get(ui, "/tickets".into()),
        },
        Scenario {
            name: "queue_page_team_open",
            request: "GET /tickets?view=open&team_id=T (session)".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: {
                let teams = m.team_ids.clone();
                vary(ui, Box::new(move |i| format!("/tickets?view=open&team_id={}", nth(&teams, i))))
            },
        },
        Scenario {
            name: "queue_tab_counts",
            request: "GET /tickets/count?view=V (each tab, session)".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: vary(
                ui,
                Box::new(|i| {
                    format!("/tickets/count?view={}", nth(&["mine", "unassigned", "breaching", "open", "all"], i))
                }),
            ),
        },
        search("search_frequent", &m.frequent_word),
        search("search_common", &m.common_word),
        search("search_rare", &m.rare_word),
        search("search_two_words", &m.two_words),
        Scenario {
            name: "ticket_page_50_comments",
            request: "GET /tickets/{id} (50 comments, session)".into(),
            clients: reads,
            target: Target::P99(30.0),
            make: vary(ui, Box::new(move |i| format!("/tickets/{}", nth(&heavy, i)))),
        },
        Scenario {
            name: "dashboard",
            request: "GET /dashboard (session)".into(),
            clients: None,
            target: Target::Max(300.0),
            make: get(ui, "/dashboard".into()),
        },
        Scenario {
            name: "kpis_api",
            request: "GET /api/v1/kpis".into(),
            clients: None,
            target: Target::Max(300.0),
            make: get(api, "/api/v1/kpis".into()),
        },
    ];
    if let (Some(p), Some((api, ui))) = (&m.portal, &prepared.employee) {
        all.extend(portal_scenarios(m, p, reads, &get, &vary, api, ui));
    }
    if let Some(a) = &m.assets {
        all.extend(asset_scenarios(a, reads, &get, &vary, api, ui));
        if let Some(sw) = &a.software {
            all.extend(software_scenarios(base, sw, reads, &get, &vary, api, ui));
        }
        if let Some(stock) = &a.stock {
            all.extend(stock_scenarios(stock, reads, &vary, api, ui));
        }
        all.extend(audit_and_import_scenarios(base, a, reads, api, prepared));
    }
    all
}

/// The portal, as its employee: the search over the articles, the catalog and her own
/// tickets (`GET /api/v1/portal/search`) with the ticket searches' words, a ticket's number
/// and a word being typed, the search's page and the portal's home.
fn portal_scenarios(
    m: &Manifest,
    p: &PortalManifest,
    reads: Option<usize>,
    get: &dyn Fn(&reqwest::Client, String) -> MakeRequest,
    vary: &Vary<'_>,
    api: &reqwest::Client,
    ui: &reqwest::Client,
) -> Vec<Scenario> {
    let search = |name: &'static str, words: &str| {
        let path = format!("/api/v1/portal/search?q={}", words.replace(' ', "+"));
        Scenario {
            name,
            request: format!("GET {path}"),
            clients: reads,
            target: Target::P99(50.0),
            make: get(api, path),
        }
    };
    let numbers = p.ticket_numbers.clone();
    let mut all = vec![
        search("portal_search_frequent", &m.frequent_word),
        search("portal_search_common", &m.common_word),
        search("portal_search_rare", &m.rare_word),
        search("portal_search_two_words", &m.two_words),
        search("portal_search_typing", "vpn disc"),
        Scenario {
            name: "portal_page_search",
            request: format!("GET /portal?q={} (session)", m.common_word),
            clients: reads,
            target: Target::P99(50.0),
            make: get(ui, format!("/portal?q={}", m.common_word)),
        },
        Scenario {
            name: "portal_home",
            request: "GET /portal (session)".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: get(ui, "/portal".into()),
        },
    ];
    if !numbers.is_empty() {
        all.push(Scenario {
            name: "portal_search_number",
            request: "GET /api/v1/portal/search?q=N (her tickets' numbers)".into(),
            clients: reads,
            target: Target::P99(50.0),
            make: vary(api, Box::new(move |i| format!("/api/v1/portal/search?q={}", nth_str(&numbers, i)))),
        });
    }
    all
}

/// Consumables and accessories: the list page, the API's search, an item's movements.
fn stock_scenarios(
    st: &StockManifest,
    reads: Option<usize>,
    vary: &Vary<'_>,
    api: &reqwest::Client,
    ui: &reqwest::Client,
) -> Vec<Scenario> {
    let (words, items) = (st.search_words.clone(), st.item_ids.clone());
    let scenario =
        |name, request: String, make| Scenario { name, request, clients: reads, target: Target::P99(30.0), make };
    vec![
        scenario(
            "stock_page",
            format!("GET /stock (session, {} items)", st.items),
            vary(ui, Box::new(|_| "/stock".into())),
        ),
        scenario(
            "stock_search",
            "GET /api/v1/stock-items?q=W (words of many items to none)".into(),
            vary(api, Box::new(move |i| format!("/api/v1/stock-items?q={}", nth_str(&words, i)))),
        ),
        scenario(
            "stock_movements",
            format!("GET /api/v1/stock-items/{{id}}/movements ({} movements an item)", st.movements / st.items.max(1)),
            vary(api, Box::new(move |i| format!("/api/v1/stock-items/{}/movements", nth(&items, i)))),
        ),
    ]
}

fn nth_str(list: &[String], i: u64) -> &str {
    &list[(mix(i) % list.len() as u64) as usize]
}

/// A physical audit's confirmations by tag in the round `prepare` started (each request
/// another expected asset, in turn), and the preview of an import of 10,000 assets, each
/// row its asset unchanged (single requests one after another, as the administrator).
fn audit_and_import_scenarios(
    base: &str,
    a: &AssetsManifest,
    reads: Option<usize>,
    api: &reqwest::Client,
    prepared: &Prepared,
) -> Vec<Scenario> {
    let mut out = Vec::new();
    if let Some(id) = prepared.audit_id {
        let (client, url) = (api.clone(), format!("{base}/api/v1/audits/{id}/confirmations"));
        let (stride, expected) = (a.audit_stride.max(1) as u64, a.audit_assets.max(1) as u64);
        out.push(Scenario {
            name: "audit_confirm",
            request: format!("POST /api/v1/audits/{{id}}/confirmations (by tag; {expected} expected)"),
            clients: reads,
            target: Target::P99(50.0),
            make: Arc::new(move |i| {
                client.post(&url).json(&serde_json::json!({ "code": format!("BEN-{:07}", (i % expected) * stride) }))
            }),
        });
    }
    if let Some((client, csv)) = &prepared.import {
        let (client, csv) = (client.clone(), csv.clone());
        let url = format!("{base}/api/v1/imports/assets?dry_run=true");
        out.push(Scenario {
            name: "import_preview_10k",
            request: format!(
                "POST /api/v1/imports/assets?dry_run=true ({} rows, {} KB)",
                a.import_rows,
                csv.len() / 1024
            ),
            clients: None,
            target: Target::Max(10_000.0),
            make: Arc::new(move |_| client.post(&url).header(CONTENT_TYPE, "text/csv").body(csv.as_ref().clone())),
        });
    }
    out
}

/// Software, licences and discovery, when the seed made them: the compliance of every
/// licensed product (API and page), catalogue searches, and FusionInventory inventories of
/// 2,000 packages, each from a device never seen (a new asset) with 4 clients and with one.
fn software_scenarios(
    base: &str,
    sw: &SoftwareManifest,
    reads: Option<usize>,
    get: &dyn Fn(&reqwest::Client, String) -> MakeRequest,
    vary: &Vary<'_>,
    api: &reqwest::Client,
    ui: &reqwest::Client,
) -> Vec<Scenario> {
    let words = sw.search_words.clone();
    let scenario =
        |name, request: &str, clients, target, make| Scenario { name, request: request.into(), clients, target, make };
    let inventory = inventory_2000(base, sw);
    vec![
        scenario(
            "licence_compliance",
            &format!("GET /api/v1/licences/compliance ({} licences)", sw.licences),
            reads,
            Target::P99(100.0),
            get(api, "/api/v1/licences/compliance".into()),
        ),
        scenario("licences_page", "GET /licences (session)", reads, Target::P99(100.0), get(ui, "/licences".into())),
        scenario(
            "software_search",
            "GET /api/v1/software?q=W (product words, many to none)",
            reads,
            Target::P99(30.0),
            vary(
                api,
                Box::new(move |i| {
                    format!("/api/v1/software?q={}", words[(mix(i) % words.len() as u64) as usize].replace(' ', "+"))
                }),
            ),
        ),
        scenario(
            "inventory_2000",
            "POST /api/v1/inventory/fusioninventory (2,000 packages, zlib, a new device each)",
            reads,
            Target::P99(50.0),
            inventory.clone(),
        ),
        scenario("inventory_2000_single", "the same, one client", Some(1), Target::P99(50.0), inventory),
    ]
}

/// Inventories of 2,000 packages as a FusionInventory agent sends them: the seed's
/// spellings, most installed first (nearly all known), eight the catalogue learns from
/// the first request, and two new in every request; a new device id and host name each
/// time (no UUID, serial or hardware address, so each is a new asset). The 1,998 fixed
/// packages are compressed once; each request compresses only its head and tail.
fn inventory_2000(base: &str, sw: &SoftwareManifest) -> MakeRequest {
    let mut packages: Vec<Package> = sw
        .packages
        .iter()
        .take(1_990)
        .map(|[n, p, v]| Package { name: n.clone(), publisher: p.clone(), version: v.clone() })
        .collect();
    let mut k = 0;
    while packages.len() < 1_998 {
        k += 1;
        packages.push(Package {
            name: format!("Bench Inventory Tool {k}"),
            publisher: "Bench Software GmbH".into(),
            version: format!("1.{k}"),
        });
    }
    let software = Arc::new(Piece::new(inventory::softwares(&packages).into_bytes()));
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    println!(
        "inventory_2000: {} fixed packages, {} bytes compressed (run {run})",
        packages.len(),
        software.packed_len()
    );
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap_or_default();
    let url = format!("{base}/api/v1/inventory/fusioninventory");
    let auth = inventory::basic_auth(&sw.agent_token);
    Arc::new(move |i| {
        let host = format!("bench-inv-{run}-{i}");
        let device = Device {
            device_id: format!("{host}-2026-12-08-09-00-00"),
            hostname: host,
            uuid: None,
            serial: None,
            mac: None,
            laptop: i % 3 != 0,
        };
        // Two packages no device reported before.
        let fresh: Vec<Package> = (0..2)
            .map(|k| Package {
                name: format!("Bench In-house Tool {run}-{i}-{k}"),
                publisher: "Northwind IT".into(),
                version: "0.9".into(),
            })
            .collect();
        let head = format!("{}{}", inventory::inventory_head(&device), inventory::softwares(&fresh));
        let body = zlib::stitch(head.as_bytes(), &software, inventory::inventory_tail(&device.device_id).as_bytes());
        client
            .post(&url)
            .header(AUTHORIZATION, auth.as_str())
            .header(CONTENT_TYPE, "application/x-compress-zlib")
            .body(body)
    })
}

/// The assets module's scenarios, when the seed made assets and a CMDB: the asset list
/// filtered and searched (API and page), the configuration items searched, and impact
/// analysis of the core item (API and page).
fn asset_scenarios(
    a: &AssetsManifest,
    reads: Option<usize>,
    get: &dyn Fn(&reqwest::Client, String) -> MakeRequest,
    vary: &Vary<'_>,
    api: &reqwest::Client,
    ui: &reqwest::Client,
) -> Vec<Scenario> {
    let types = a.asset_type_ids.clone();
    let page_types = a.asset_type_ids.clone();
    let impact = format!("/api/v1/cis/{}/impact", a.core_ci_id);
    let page = format!("/cis/{}", a.core_ci_id);
    let scenario =
        |name, request: &str, target, make| Scenario { name, request: request.into(), clients: reads, target, make };
    vec![
        scenario(
            "asset_list_filtered",
            "GET /api/v1/assets?state=deployed&type_id=T",
            Target::P99(30.0),
            vary(api, Box::new(move |i| format!("/api/v1/assets?state=deployed&type_id={}", nth(&types, i)))),
        ),
        scenario(
            "asset_search_tag",
            "GET /api/v1/assets?q=BEN-00NNN (a tag's start)",
            Target::P99(30.0),
            vary(api, Box::new(|i| format!("/api/v1/assets?q=BEN-00{:03}", mix(i) % 1000))),
        ),
        scenario(
            "asset_search_name",
            "GET /api/v1/assets?q=laptop+NNNN (words of the name)",
            Target::P99(30.0),
            vary(api, Box::new(|i| format!("/api/v1/assets?q=laptop+{}", 1 + mix(i) % 9999))),
        ),
        scenario(
            "assets_page",
            "GET /assets?state=deployed&type_id=T (session)",
            Target::P99(30.0),
            vary(ui, Box::new(move |i| format!("/assets?state=deployed&type_id={}", nth(&page_types, i)))),
        ),
        scenario(
            "ci_search",
            "GET /api/v1/cis?q=application-0NNNN",
            Target::P99(30.0),
            vary(api, Box::new(|i| format!("/api/v1/cis?q=application-0{:04}", mix(i) % 10_000))),
        ),
        scenario(
            "ci_impact_core",
            &format!("GET {impact} ({} dependants)", a.core_dependants),
            Target::P99(100.0),
            get(api, impact.clone()),
        ),
        scenario(
            "ci_page_core",
            &format!("GET {page} (session, graph and list)"),
            Target::P99(100.0),
            get(ui, page.clone()),
        ),
    ]
}

/// Files tickets on behalf of the manifest's requesters, with generated text.
fn create_ticket(base: &str, api: &reqwest::Client, m: &Manifest) -> MakeRequest {
    let client = api.clone();
    let url = format!("{base}/api/v1/tickets");
    let requesters = m.requester_ids.clone();
    let categories = m.category_ids.clone();
    let zipf = Arc::new(Zipf::default());
    Arc::new(move |i| {
        let mut rng = StdRng::seed_from_u64(mix(i));
        let c = (mix(i + 1) % CATEGORIES.len() as u64) as usize;
        let (subject, description) = text::ticket(&mut rng, &zipf, &CATEGORIES[c], mix(i + 2) % 10 < 3, false);
        let levels = ["high", "medium", "medium", "low", "low"];
        let body = serde_json::json!({
            "subject": subject,
            "description": description,
            "requester_id": nth(&requesters, i),
            "category_id": categories.get(c).copied(),
            "impact": nth(&levels, i + 3),
            "urgency": nth(&levels, i + 4),
        });
        client.post(&url).json(&body)
    })
}

/// One request before measuring: it must succeed; list answers say how many items came.
async fn check(s: &Scenario) -> anyhow::Result<()> {
    let res = (s.make)(0).send().await.with_context(|| format!("{}: request failed", s.name))?;
    let status = res.status();
    let body = res.text().await?;
    if !status.is_success() {
        bail!("{}: {status}: {}", s.name, body.chars().take(300).collect::<String>());
    }
    if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&body) {
        if let Some(items) = doc.get("items").and_then(|i| i.as_array()) {
            println!("{:<24} first page: {} items", s.name, items.len());
        }
        let counts: Vec<String> = ["created", "updated", "unchanged", "failed", "outcome"]
            .iter()
            .filter_map(|k| doc.get(*k).map(|v| format!("{k} {v}")))
            .collect();
        if !counts.is_empty() {
            println!("{:<24} first answer: {}", s.name, counts.join(", "));
        }
    }
    Ok(())
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

/// Samples the server's resident memory every 100 ms until stopped; the highest, in KiB.
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

fn new_histogram() -> Histogram<u64> {
    // Microseconds from 1 us to 60 s, three significant digits.
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

fn summarise(s: &Scenario, clients: usize, h: &Histogram<u64>, errors: u64, seconds: f64) -> Outcome {
    let ms = |us: u64| us as f64 / 1000.0;
    Outcome {
        scenario: s.name.into(),
        request: s.request.clone(),
        clients,
        requests: h.len(),
        errors,
        seconds,
        per_second: h.len() as f64 / seconds.max(1e-9),
        p50_ms: ms(h.value_at_quantile(0.50)),
        p95_ms: ms(h.value_at_quantile(0.95)),
        p99_ms: ms(h.value_at_quantile(0.99)),
        max_ms: ms(h.max()),
        target: s.target.describe(),
        met: false,
        load_before: 0.0,
        load_after: 0.0,
        server_rss_mib: 0.0,
    }
}

/// N clients in a closed loop: warm-up, then the measured window.
async fn closed_loop(s: &Scenario, clients: usize, args: &Args) -> Outcome {
    let load_before = loadavg();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_rss(args.server_pid, stop.clone());
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(args.warmup);
    let end = measure_from + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let make = s.make.clone();
        let errors = errors.clone();
        let name = s.name;
        tasks.push(tokio::spawn(async move {
            let mut h = new_histogram();
            let mut i = c as u64 + 1;
            while Instant::now() < end {
                let sent = Instant::now();
                let ok = match make(i).send().await {
                    Ok(res) => {
                        let status = res.status();
                        let body = res.bytes().await;
                        if !status.is_success() && sent >= measure_from && errors.load(Ordering::Relaxed) == 0 {
                            let text = body.map(|b| String::from_utf8_lossy(&b).chars().take(200).collect::<String>());
                            eprintln!("{name}: {status}: {}", text.unwrap_or_default());
                        }
                        status.is_success()
                    }
                    Err(e) => {
                        if sent >= measure_from && errors.load(Ordering::Relaxed) == 0 {
                            eprintln!("{name}: {e}");
                        }
                        false
                    }
                };
                if sent >= measure_from && Instant::now() <= end {
                    let _ = h.record(sent.elapsed().as_micros() as u64);
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                i += clients as u64;
            }
            h
        }));
    }
    let mut total = new_histogram();
    for t in tasks {
        if let Ok(h) = t.await {
            let _ = total.add(&h);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let rss = sampler.await.unwrap_or(0.0);
    let mut o = summarise(s, clients, &total, errors.load(Ordering::Relaxed), args.seconds as f64);
    o.load_before = load_before;
    o.load_after = loadavg();
    o.server_rss_mib = rss;
    o.met = s.target.met(&o);
    o
}

/// Single requests one after another: one not counted, then `single_runs`, each printed.
async fn one_by_one(s: &Scenario, args: &Args) -> Outcome {
    let load_before = loadavg();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_rss(args.server_pid, stop.clone());
    let mut h = new_histogram();
    let mut errors = 0;
    let mut each = Vec::new();
    let started = Instant::now();
    for i in 0..=args.single_runs {
        let sent = Instant::now();
        let ok = match (s.make)(i as u64).send().await {
            Ok(res) => res.status().is_success() && res.bytes().await.is_ok(),
            Err(_) => false,
        };
        let us = sent.elapsed().as_micros() as u64;
        each.push(format!("{:.0}", us as f64 / 1000.0));
        if i > 0 {
            let _ = h.record(us);
            errors += u64::from(!ok);
        }
    }
    println!("{:<24} each (ms, first not counted): {}", s.name, each.join(", "));
    stop.store(true, Ordering::Relaxed);
    let rss = sampler.await.unwrap_or(0.0);
    let mut o = summarise(s, 1, &h, errors, started.elapsed().as_secs_f64());
    o.load_before = load_before;
    o.load_after = loadavg();
    o.server_rss_mib = rss;
    o.met = s.target.met(&o);
    o
}

fn print_table(m: &Manifest, outcomes: &[Outcome], peak: Option<f64>) {
    println!(
        "\n{} tickets ({} open), {} comments, {} history lines on {}\n",
        m.tickets, m.open_tickets, m.comments, m.history, m.backend
    );
    println!(
        "| scenario | request | clients | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | target | met | load |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
    for o in outcomes {
        println!(
            "| {} | `{}` | {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} | {} | {:.1}→{:.1} |",
            o.scenario,
            o.request,
            o.clients,
            o.per_second,
            o.p50_ms,
            o.p95_ms,
            o.p99_ms,
            o.max_ms,
            o.errors,
            o.target,
            if o.met { "yes" } else { "**no**" },
            o.load_before,
            o.load_after
        );
    }
    let sampled = outcomes.iter().map(|o| o.server_rss_mib).fold(0.0, f64::max);
    match peak {
        Some(peak) => println!(
            "\nserver memory: peak RSS (VmHWM) {peak:.0} MiB, highest sample under load {sampled:.0} MiB (target < 300 MB: {})",
            if peak < 300.0 * 1_000_000.0 / 1_048_576.0 { "met" } else { "**missed**" }
        ),
        None => println!("\nserver memory: not measured (no --server-pid)"),
    }
}

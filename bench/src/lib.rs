//! Helmdesk's benchmark programs (not tests): `seed` fills a fresh database with a service
//! desk's worth of tickets, `load` drives a running `helmdesk serve` over HTTP and reports
//! throughput and latency percentiles. `bench/run.sh` runs both for one backend; the
//! results are written down in `docs/benchmarks.md`.
//!
//! This library holds what the two share: the [`Manifest`] the seed leaves for the load
//! driver (accounts, ids, search words), the [`text`] generator, the [`assets`]
//! module's seed (hardware, a CMDB, software and licences), the [`portal`]'s (articles and
//! the catalog), and the FusionInventory
//! messages ([`inventory`], compressed by [`zlib`]) that `load` and `agents` send.

pub mod assets;
pub mod inventory;
pub mod portal;
pub mod text;
pub mod zlib;

use serde::{Deserialize, Serialize};

/// What `seed` made, for `load` to aim at: written next to the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub tickets: i64,
    pub comments: i64,
    pub history: i64,
    pub open_tickets: i64,
    /// When the seed ran (RFC 3339) and how long it took, in seconds.
    pub seeded_at: String,
    pub seconds: f64,
    /// The password of every staff account.
    pub password: String,
    /// An agent of the root organisation (sees every ticket), member of the first teams,
    /// with tickets assigned like every other agent.
    pub agent_email: String,
    pub agent_id: i64,
    pub agent_ids: Vec<i64>,
    pub team_ids: Vec<i64>,
    pub category_ids: Vec<i64>,
    /// Some requesters, to file tickets for.
    pub requester_ids: Vec<i64>,
    /// Open tickets with 50 comments each.
    pub heavy_ticket_ids: Vec<i64>,
    /// Search words: in most tickets, in a few percent, in a few dozen, and two that
    /// often occur together.
    pub frequent_word: String,
    pub common_word: String,
    pub rare_word: String,
    pub two_words: String,
    /// The assets and CMDB seeded, if any (`--assets`, `--cis`).
    #[serde(default)]
    pub assets: Option<assets::AssetsManifest>,
    /// The knowledge base, the catalog and the portal's employee, if seeded (`--articles`).
    #[serde(default)]
    pub portal: Option<portal::PortalManifest>,
}

/// Percentile summary of one measured scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub scenario: String,
    pub request: String,
    pub clients: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The target, as text (e.g. `p99 < 50 ms`), and whether it was met.
    pub target: String,
    pub met: bool,
    /// /proc/loadavg's one-minute figure before and after the scenario.
    pub load_before: f64,
    pub load_after: f64,
    /// The server's resident memory during the scenario (highest sample) in MiB.
    pub server_rss_mib: f64,
}

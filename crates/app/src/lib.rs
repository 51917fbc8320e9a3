//! Helmdesk use cases: the only layer the web handlers, the CLI and the jobs call.
//!
//! Every use case takes the [`Actor`] it acts for and enforces what that actor's role and
//! organisation allow before it reads or writes anything; records an actor may not see are
//! reported as not found, so their existence does not leak. Inputs are validated here with
//! the rules of `domain`, and errors are one [`AppError`] that the web layer maps once.

pub mod assets;
pub mod cache;
pub mod demo;
pub mod error;
pub mod health;
pub mod idempotency;
pub mod jobs;
pub mod operations;
pub mod platform;
pub mod reports;
pub mod secrets;
pub mod self_service;
pub mod service_desk;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use helmdesk_domain::{Clock, PriorityMatrix};
pub use helmdesk_store as store;
use helmdesk_store::Store;
use platform::auth;
use service_desk::{filing, routing, sla};

pub use error::{AppError, FieldError, NamedInInput};
pub use platform::access::Actor;

/// Settings the use cases need; part of the program's one settings struct.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppSettings {
    /// Impact x urgency to priority; rows impact high/medium/low, columns urgency.
    pub priority_matrix: PriorityMatrix,
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// A session ends this many hours after login, whatever its activity.
    pub session_absolute_hours: i64,
    /// Largest attachment accepted, in bytes: a ticket's, an article's, an order form's file.
    pub max_attachment_bytes: usize,
    /// Login attempts one account may make from one address before each further attempt
    /// must wait, twice as long as the one before (1 s, 2 s, 4 s ...); an address may make
    /// four times as many over all accounts, an account ten times as many from all
    /// addresses.
    pub login_max_failures: i64,
    /// The longest such wait, in minutes. Attempts are forgotten after a day without one.
    pub login_lockout_minutes: i64,
    /// A link to choose a new password (sent to someone who forgot theirs) works this many
    /// minutes, once.
    pub password_reset_minutes: i64,
    /// Password checks that run at once (each holds argon2's 19 MiB while it runs); more
    /// wait their turn for a few seconds, then are refused (429). 0: one per processor.
    pub password_hashing_slots: usize,
    /// The codes a resolved ticket may carry (how it was resolved).
    pub resolution_codes: Vec<String>,
    /// Resolved tickets are closed after this many days (0: never); until then a reply of
    /// the requester reopens them.
    pub auto_close_days: i64,
    /// Days between physical audits of an asset whose type sets none (an audit sets the
    /// asset's next one this far ahead).
    pub audit_interval_days: i64,
    /// The person holding an asset and its managers are reminded this many days before
    /// its expected return (and again once it is overdue).
    pub asset_return_reminder_days: u32,
    /// An asset's managers are reminded this many days before its warranty ends.
    pub asset_warranty_reminder_days: u32,
    /// An asset's managers are reminded this many days before its end of life.
    pub asset_end_of_life_reminder_days: u32,
    /// The IANA time zone KPI reports count days in (e.g. `Europe/Berlin`); default `UTC`.
    pub reports_time_zone: chrono_tz::Tz,
    /// A PEM file of a private CA that mail servers' certificates may be signed by (beside
    /// the public roots); certificates are always verified.
    pub mail_ca_file: Option<std::path::PathBuf>,
    /// The address people reach Helmdesk at, for links in e-mails (from `web.public_url`).
    #[serde(skip)]
    pub public_url: String,
    /// The key that seals stored passwords (from `secret_key` or the data directory's
    /// `secret.key`); a random one when none is given (tests).
    #[serde(skip)]
    pub secret_key: Option<secrets::SecretKey>,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            priority_matrix: PriorityMatrix::ITIL,
            session_idle_minutes: 12 * 60,
            session_absolute_hours: 7 * 24,
            max_attachment_bytes: 25 * 1024 * 1024,
            login_max_failures: 5,
            login_lockout_minutes: 15,
            password_reset_minutes: 30,
            password_hashing_slots: 0,
            resolution_codes: [
                "fixed",
                "workaround",
                "no_fault_found",
                "duplicate",
                "user_error",
                "withdrawn",
                "other",
            ]
            .map(String::from)
            .to_vec(),
            auto_close_days: 7,
            audit_interval_days: helmdesk_domain::assets::audits::DEFAULT_INTERVAL_DAYS,
            asset_return_reminder_days: 3,
            asset_warranty_reminder_days: 30,
            asset_end_of_life_reminder_days: 90,
            reports_time_zone: chrono_tz::UTC,
            mail_ca_file: None,
            public_url: "http://127.0.0.1:8080".into(),
            secret_key: None,
        }
    }
}

/// The application: the store, the clock and the settings, shared by every caller.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    settings: Arc<AppSettings>,
    sla: Arc<cache::Cached<sla::SlaConfig>>,
    organisations: Arc<cache::Cached<Vec<helmdesk_store::platform::orgs::OrganisationRow>>>,
    routing: Arc<cache::Cached<routing::RoutingConfig>>,
    filer: Arc<filing::Filer>,
    secret_key: secrets::SecretKey,
    /// Whether any event rule or webhook listens for ticket events.
    listeners: Arc<cache::Cached<bool>>,
    /// Every password check and hash of this node, with bounded memory.
    hasher: Arc<auth::Hasher>,
    /// What just changed, for live pages ([`platform::live`]).
    live: Arc<platform::live::Live>,
}

impl App {
    /// Builds the application over an opened, migrated store.
    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: AppSettings) -> App {
        let secret_key = settings.secret_key.clone().unwrap_or_else(secrets::SecretKey::generate);
        let slots = match settings.password_hashing_slots {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        App {
            hasher: Arc::new(auth::Hasher::new(slots)),
            secret_key,
            store,
            clock,
            settings: Arc::new(settings),
            sla: Arc::default(),
            organisations: Arc::default(),
            routing: Arc::default(),
            filer: Arc::default(),
            listeners: Arc::default(),
            live: Arc::default(),
        }
    }

    /// This node's copy of the SLA calendars and policies.
    fn sla_cache(&self) -> &cache::Cached<sla::SlaConfig> {
        &self.sla
    }

    /// This node's copy of the assignment rules.
    fn routing_cache(&self) -> &cache::Cached<routing::RoutingConfig> {
        &self.routing
    }

    /// The store, for the jobs runner, health checks and metrics.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The settings in force.
    pub fn settings(&self) -> &AppSettings {
        &self.settings
    }

    /// Now, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Now in stored form (microseconds).
    pub fn now_micros(&self) -> i64 {
        self.clock.now().timestamp_micros()
    }
}

/// A page of results and the cursor of the next page, if there is one.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Encodes a keyset position as an opaque cursor.
pub fn encode_cursor(id: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("id:{id}"))
}

/// Decodes a cursor made by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> Result<i64, AppError> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("id:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| AppError::invalid("cursor", "is not a cursor this server gave out"))
}

/// A stored timestamp as an instant.
pub fn ts(micros: i64) -> DateTime<Utc> {
    helmdesk_store::from_micros(micros)
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn double_option<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

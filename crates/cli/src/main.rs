//! The `helmdesk` binary: `serve` runs the web UI, the API and the background workers in
//! one process; the other commands administer the same database from the shell.

mod settings;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use helmdesk_app::platform::users::NewUserInput;
use helmdesk_app::{App, AppError};
use helmdesk_domain::{Role, SystemClock};
use helmdesk_store::{PoolOptions, Store};
use settings::{Overrides, Settings};
use tokio::sync::watch;

/// Helmdesk: the IT service desk, assets, changes and everything else an IT department
/// runs on, in one program.
#[derive(Parser)]
#[command(name = "helmdesk", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Args, Clone)]
struct Global {
    /// Directory of the SQLite database and the attachments [default: ./helmdesk-data]
    #[arg(long, global = true, env = "HELMDESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER:PASSWORD@HOST/DB [default: SQLite in the data directory]
    #[arg(long, global = true, env = "HELMDESK_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Settings file [default: helmdesk.toml in the working or the data directory]
    #[arg(long, global = true, env = "HELMDESK_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web UI, the API and the background workers.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<String>,
        /// Load a demo organisation (people, teams, a few hundred tickets) on first start.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the database schema.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage the enrolment tokens discovery agents report with.
    #[command(subcommand, name = "agent-token")]
    AgentToken(AgentTokenCommand),
    /// Show the settings in force.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Write a consistent snapshot of the database and the attachments to FILE (safe while
    /// the server runs).
    Backup {
        /// The archive to write (.tar.gz).
        file: PathBuf,
    },
    /// Load a backup into an empty database, on either backend (e.g. to move from SQLite to
    /// PostgreSQL).
    Restore {
        /// The archive written by `helmdesk backup`.
        file: PathBuf,
    },
    /// Import tickets from another service desk.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import a ServiceNow incident audit export (CSV, or CSV compressed with xz): one
    /// ticket per incident in its final state with its history rebuilt from the update
    /// rows; people, groups and categories created as needed. Running it again creates no
    /// duplicates. Bad rows are reported with their line number and the rest imports.
    Servicenow {
        /// The export (`.csv` or `.csv.xz`).
        file: PathBuf,
        /// Organisation of the imported tickets and people (created when missing).
        #[arg(long, default_value = helmdesk_app::service_desk::imports::DEFAULT_ORGANISATION)]
        organisation: String,
    },
    /// Import the BPI Challenge 2014 dataset of Rabobank Group ICT from DIR
    /// (Detail_Incident.csv and Detail_Change.csv, or the same compressed with xz): the
    /// configuration items both files name, with their type, subtype and service component
    /// (a business service that depends on them), and the incidents as tickets with their
    /// affected and caused-by item, priority, times and closure code. Running it again
    /// creates no duplicates. Bad rows are reported with their line number.
    Bpi2014 {
        /// The dataset's directory.
        dir: PathBuf,
        /// Organisation of the imported items and tickets (created when missing).
        #[arg(long, default_value = helmdesk_app::service_desk::imports::bpi2014::DEFAULT_ORGANISATION)]
        organisation: String,
        /// The time zone the files' times are written in.
        #[arg(long, default_value_t = helmdesk_app::service_desk::imports::bpi2014::DEFAULT_TIME_ZONE)]
        time_zone: chrono_tz::Tz,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. Without --password-stdin a one-time password is printed, to be changed
    /// at first sign-in.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// requester, agent, manager, admin or auditor
        #[arg(long)]
        role: Role,
        /// Name of the user's organisation [default: the first one]
        #[arg(long)]
        organisation: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (ends their sessions).
    Passwd {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum AgentTokenCommand {
    /// Create an enrolment token and print it once (only its hash is stored): the password
    /// of FusionInventory agents (`--user` any name) and the `--token` of helmdesk-agent.
    Create {
        /// A label to recognise the token by, e.g. "Amsterdam laptops".
        #[arg(long)]
        name: String,
        /// The organisation reported devices belong to [default: the first administrator's]
        #[arg(long)]
        organisation: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it once (only its hash is stored).
    Create {
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the settings in force, secrets hidden.
    Print,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
        _ => None,
    };
    let overrides =
        Overrides { data_dir: cli.global.data_dir.clone(), database_url: cli.global.database_url.clone(), listen };
    let settings = Settings::load(cli.global.config.as_deref(), &overrides)?;
    init_logging(&settings, matches!(cli.command, Command::Serve { .. }));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(cli.command, settings))
}

fn init_logging(settings: &Settings, serving: bool) {
    // Outside `serve`, sqlx's slow-statement warnings (an import's big batches) would bury the output.
    let default = if serving { settings.log.as_str() } else { "warn,sqlx=error" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("HELMDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if settings.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open(settings: &Settings) -> anyhow::Result<App> {
    let url = settings.database_url();
    let options = PoolOptions { max_connections: settings.max_connections, ..Default::default() };
    let store = Store::open(&url, &settings.data_dir, &options)
        .await
        .with_context(|| format!("could not open the database {}", helmdesk_store::redact_url(&url)))?;
    store.migrate().await.context("could not migrate the database")?;
    store.refresh_statistics().await.context("could not analyse the database")?;
    Ok(App::new(store, Arc::new(SystemClock), settings.app_settings()?))
}

fn read_password(from_stdin: bool) -> anyhow::Result<Option<String>> {
    if !from_stdin {
        return Ok(None);
    }
    if std::io::stdin().is_terminal() {
        eprint!("Password: ");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(Some(password))
}

/// Turns a use-case error into a message for the shell.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(errors) => {
            let lines: Vec<String> =
                errors.into_iter().map(|e| format!("{}: {}", e.field.unwrap_or_default(), e.detail)).collect();
            anyhow::anyhow!("{}", lines.join("\n"))
        }
        AppError::NotFound => anyhow::anyhow!("no such user"),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, .. } => serve(settings, demo).await,
        Command::Migrate => {
            let app = open(&settings).await?;
            println!("The database {} is up to date.", helmdesk_store::redact_url(&settings.database_url()));
            app.close().await;
            Ok(())
        }
        Command::User(UserCommand::Add { email, name, role, organisation, password_stdin }) => {
            let app = open(&settings).await?;
            let organisation_id = match organisation {
                Some(org) => Some(
                    app.organisation_id_named(&org).await?.with_context(|| format!("no organisation named {org:?}"))?,
                ),
                None => None,
            };
            let input = NewUserInput {
                email,
                name,
                role,
                organisation_id,
                department_id: None,
                password: read_password(password_stdin)?,
            };
            let (user, one_time) = app.create_user(None, input).await.map_err(explain)?;
            println!("Added {} <{}> as {}.", user.name, user.email, user.role);
            if let Some(p) = one_time {
                println!("One-time password: {p}\n(They will choose their own at first sign-in.)");
            }
            Ok(())
        }
        Command::User(UserCommand::Passwd { email, password_stdin }) => {
            let app = open(&settings).await?;
            match read_password(password_stdin)? {
                Some(p) => {
                    app.set_password_by_email(&email, &p).await.map_err(explain)?;
                    println!("Password changed for {email}; their sessions were ended and their API tokens revoked.");
                }
                None => {
                    let user_id = app.user_id_with_email(&email).await?.context("no such user")?;
                    let p = helmdesk_app::platform::auth::one_time_password();
                    app.set_password(user_id, &p, true).await.map_err(explain)?;
                    println!("One-time password for {email}: {p}\n(They will choose their own at next sign-in.)");
                }
            }
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, name }) => {
            let app = open(&settings).await?;
            let (token, secret) = app.create_token_for_email(&email, &name).await.map_err(explain)?;
            eprintln!("Token {:?} (id {}) created for {email}. It is shown only now:", token.name, token.id);
            println!("{secret}");
            Ok(())
        }
        Command::AgentToken(AgentTokenCommand::Create { name, organisation }) => {
            let app = open(&settings).await?;
            let issued = app.create_agent_token_here(&name, organisation.as_deref()).await.map_err(explain)?;
            let t = &issued.agent_token;
            eprintln!(
                "Enrolment token {:?} (id {}) created for {}. It is shown only now. Point agents at \
                 <server>/api/v1/inventory/fusioninventory with any --user and this as --password:",
                t.name, t.id, t.organisation
            );
            println!("{}", issued.token);
            Ok(())
        }
        Command::Config(ConfigCommand::Print) => {
            print!("{}", settings.redacted_toml()?);
            Ok(())
        }
        Command::Backup { file } => {
            let app = open(&settings).await?;
            let tmp = file.with_extension("partial");
            let out = std::io::BufWriter::new(
                std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?,
            );
            let summary = app.backup(out, env!("CARGO_PKG_VERSION")).await?;
            std::fs::rename(&tmp, &file)?;
            let rows: u64 = summary.rows.values().sum();
            println!(
                "Backed up {rows} rows in {} tables and {} attachments to {}.",
                summary.rows.len(),
                summary.blobs,
                file.display()
            );
            Ok(())
        }
        Command::Import(ImportCommand::Servicenow { file, organisation }) => {
            let app = open(&settings).await?;
            let summary = import_servicenow(&app, &file, organisation).await;
            app.close().await;
            summary
        }
        Command::Import(ImportCommand::Bpi2014 { dir, organisation, time_zone }) => {
            let app = open(&settings).await?;
            let summary = import_bpi2014(&app, &dir, organisation, time_zone).await;
            app.close().await;
            summary
        }
        Command::Restore { file } => {
            let app = open(&settings).await?;
            let input = std::io::BufReader::new(
                std::fs::File::open(&file).with_context(|| format!("cannot read {}", file.display()))?,
            );
            let summary = app.restore(input).await.context("restore failed; the database was left unchanged")?;
            let rows: u64 = summary.rows.values().sum();
            println!(
                "Restored {rows} rows and {} attachments into {}.",
                summary.blobs,
                helmdesk_store::redact_url(&settings.database_url())
            );
            Ok(())
        }
    }
}

/// `import servicenow`: reads the export with a progress bar over its bytes, then writes
/// it with one over its incidents; bad rows go to standard error as they are found.
async fn import_servicenow(app: &App, file: &std::path::Path, organisation: String) -> anyhow::Result<()> {
    use helmdesk_app::service_desk::imports::ImportOptions;
    use helmdesk_app::service_desk::imports::servicenow;
    use indicatif::ProgressBar;

    let started = std::time::Instant::now();
    let input = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let reading = ProgressBar::new(size)
        .with_style(progress_style("Reading   [{bar:40}] {bytes}/{total_bytes} {msg}"))
        .with_message("0 rows");
    let matrix = app.settings().priority_matrix;
    let bar = reading.clone();
    let export = tokio::task::spawn_blocking(move || {
        servicenow::read_export(
            bar.wrap_read(input),
            &matrix,
            |bad| report_bad_row(&bar, bad),
            |rows| bar.set_message(format!("{rows} rows")),
        )
    })
    .await?
    .with_context(|| format!("cannot import {}", file.display()))?;
    reading.finish_and_clear();
    let writing = ProgressBar::new(export.incidents.len() as u64)
        .with_style(progress_style("Importing [{bar:40}] {pos}/{len} incidents ({eta} left)"));
    let options = ImportOptions { organisation };
    let summary = app
        .import_servicenow(None, export, &options, |bad| report_bad_row(&writing, bad), follow(&writing))
        .await
        .map_err(explain)?;
    writing.finish_and_clear();
    println!(
        "Imported {}: {} incidents created, {} updated, {} unchanged; {} of {} rows rejected; {:.1} s.",
        file.display(),
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.rejected_rows,
        summary.rows,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prints a row an import refused, above its progress bar.
fn report_bad_row(bar: &indicatif::ProgressBar, bad: &helmdesk_app::service_desk::imports::BadRow) {
    bar.suspend(|| eprintln!("line {}: {}", bad.line, bad.reason));
}

/// Moves `bar` to where an import says it is: (records written, records to write).
fn follow(bar: &indicatif::ProgressBar) -> impl FnMut(u64, u64) + '_ {
    move |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    }
}

/// An import's progress bar drawn with `template`.
fn progress_style(template: &str) -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// `import bpi2014`: reads both files with a progress bar over their bytes, then writes
/// the items and incidents with one over the records; bad rows go to standard error as
/// they are found.
async fn import_bpi2014(
    app: &App,
    dir: &std::path::Path,
    organisation: String,
    time_zone: chrono_tz::Tz,
) -> anyhow::Result<()> {
    use helmdesk_app::service_desk::imports::{ImportOptions, bpi2014};
    use indicatif::ProgressBar;

    let started = std::time::Instant::now();
    let (incidents, changes) = bpi2014::files_in(dir)?;
    let open =
        |path: &std::path::Path| std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()));
    let (incidents, changes) = (open(&incidents)?, open(&changes)?);
    let size = [&incidents, &changes].iter().map(|f| f.metadata().map(|m| m.len()).unwrap_or(0)).sum();
    let reading = ProgressBar::new(size)
        .with_style(progress_style("Reading   [{bar:40}] {bytes}/{total_bytes} {msg}"))
        .with_message("0 rows");
    let bar = reading.clone();
    let dataset = tokio::task::spawn_blocking(move || {
        bpi2014::read(
            bar.wrap_read(incidents),
            bar.wrap_read(changes),
            time_zone,
            |bad| report_bad_row(&bar, bad),
            |rows| bar.set_message(format!("{rows} rows")),
        )
    })
    .await?
    .with_context(|| format!("cannot import {}", dir.display()))?;
    reading.finish_and_clear();
    let writing =
        ProgressBar::new(0).with_style(progress_style("Importing [{bar:40}] {pos}/{len} records ({eta} left)"));
    let options = ImportOptions { organisation };
    let summary = app
        .import_bpi2014(None, dataset, &options, |bad| report_bad_row(&writing, bad), follow(&writing))
        .await
        .map_err(explain)?;
    writing.finish_and_clear();
    let t = &summary.tickets;
    println!(
        "Imported {}: {} configuration items and business services created, {} found; {} dependencies created; {} incidents created, {} updated, {} unchanged; {} of {} rows rejected; {:.1} s.",
        dir.display(),
        summary.items_created,
        summary.items_found,
        summary.relations_created,
        t.created,
        t.updated,
        t.unchanged,
        t.rejected_rows,
        t.rows,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let app = open(&settings).await?;
    if let Some((email, password)) = app.bootstrap_admin().await.map_err(explain)? {
        println!(
            "\n  ┌─ Helmdesk has no administrator yet, so one was created ─────────────\n  │  e-mail:             {email}\n  │  one-time password:  {password}\n  │  You will choose your own password at first sign-in. Shown only once.\n  └──────────────────────────────────────────────────────────────────────\n"
        );
    }
    app.default_asset_types().await.map_err(explain)?;
    app.index_unindexed_assets().await.map_err(explain)?;
    if demo {
        let loaded = app.load_demo().await.map_err(explain)?;
        if loaded > 0 {
            println!(
                "Demo organisation loaded: {loaded} tickets. Sign in as alex.morgan@acme.example (manager), priya.shah@acme.example (agent),\nemma.clarke@acme.example (requester) or audrey.quinn@acme.example (auditor), password {:?}.",
                helmdesk_app::platform::demo::DEMO_PASSWORD
            );
        }
    }
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let address = listener.local_addr()?;
    println!(
        "Helmdesk is running at http://{address}/ (database: {})",
        helmdesk_store::redact_url(&settings.database_url())
    );
    let (stop_jobs, jobs_shutdown) = watch::channel(false);
    if let Some(address) = &settings.smtp_listen {
        start_smtp_receiver(&app, address, jobs_shutdown.clone()).await?;
    }
    let jobs = tokio::spawn(helmdesk_jobs::run(app.clone(), settings.jobs.clone(), jobs_shutdown));
    // Live updates between the nodes of one PostgreSQL database (nothing to start on SQLite).
    app.start_live().await;
    let router = helmdesk_web::router(app.clone(), settings.web.clone());
    let live = app.clone();
    // Open live streams never end by themselves: they end when shutdown begins, so that the
    // server can finish its other requests and stop.
    let stopping = async move {
        shutdown_signal().await;
        live.live().close();
    };
    helmdesk_web::serve(listener, router, stopping).await?;
    tracing::info!("no longer accepting requests; letting running jobs finish");
    let _ = stop_jobs.send(true);
    if tokio::time::timeout(Duration::from_secs(settings.shutdown_grace_secs), jobs).await.is_err() {
        tracing::warn!("jobs did not finish in time; their leases will expire and they will run again");
    }
    app.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The largest message the SMTP receiver takes in; the administrator's smaller limit is
/// applied when the message is stored (a larger one is recorded as failed, without content).
const SMTP_MAX_BYTES: usize = 100 * 1024 * 1024;

/// Starts the built-in SMTP receiver that a mail server relays support mail to.
async fn start_smtp_receiver(app: &App, address: &str, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    use helmdesk_mail::receiver::{ReceiverSettings, serve};
    let listener =
        tokio::net::TcpListener::bind(address).await.with_context(|| format!("cannot listen for SMTP on {address}"))?;
    println!("SMTP receiver listening on {}", listener.local_addr()?);
    let settings = ReceiverSettings { hostname: hostname(), max_bytes: SMTP_MAX_BYTES, max_connections: 32 };
    tokio::spawn(serve(listener, settings, app.smtp_delivery(), shutdown));
    Ok(())
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").map(|s| s.trim().to_string()).unwrap_or_else(|_| "helmdesk".into())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested");
}

//! Test support: a fresh, migrated database per test, on either backend.
//!
//! `HELMDESK_TEST_POSTGRES_URL` names the PostgreSQL server used to create throw-away
//! databases (default `postgres://postgres@127.0.0.1:5432/postgres`). Every test gets its
//! own database, dropped when the [`TestDatabase`] is. Migrating from scratch for each of
//! hundreds of tests costs minutes, so each is a copy of a template migrated once: on
//! SQLite a file made once per process, on PostgreSQL a database named after the
//! migrations it holds (`CREATE DATABASE ... TEMPLATE`), shared by the test processes and
//! made under an advisory lock.
//!
//! A PostgreSQL test database is dropped behind the tests' backs: `DROP DATABASE` waits
//! for a checkpoint (2 s on the CI machine, longer than most tests), and drops made side
//! by side share one, so a thread of the process drops whatever has ended since its last
//! round, all at once, while the next tests run. Those it had no time for before the
//! process ended carry its process id in their names (`helmdesk_test_p<pid>_...`), and
//! the next test process drops them.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::{Backend, Db, PoolOptions, Sql, Store, StoreError};

/// The advisory lock that guards the PostgreSQL template: taken exclusively to make or
/// upgrade it, shared to copy it.
const TEMPLATE_LOCK: i64 = 0x68656c6d_6465736b;

/// The migrations of `backend`, as a short fingerprint (versions and checksums).
fn migrations_fingerprint(backend: Backend) -> String {
    let migrator = match backend {
        Backend::Sqlite => &crate::SQLITE_MIGRATIONS,
        Backend::Postgres => &crate::POSTGRES_MIGRATIONS,
    };
    let mut hash = Sha256::new();
    for m in migrator.iter() {
        hash.update(m.version.to_be_bytes());
        hash.update(&m.checksum);
    }
    hex::encode(&hash.finalize()[..8])
}

/// The SQLite template of this process: a migrated database file, made once.
async fn sqlite_template() -> Result<&'static PathBuf, StoreError> {
    static TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| async {
            // Kept for the life of the process; the operating system's temporary directory
            // is cleaned of it afterwards.
            let dir = tempfile::Builder::new().prefix("helmdesk-template-").tempdir()?.keep();
            let store =
                Store::open(&format!("sqlite://{}", dir.join("build.db").display()), &dir, &PoolOptions::default())
                    .await?;
            store.migrate().await?;
            let file = dir.join("template.db");
            // One self-contained file, without a write-ahead log beside it.
            Sql::new(format!("VACUUM INTO '{}'", file.display().to_string().replace('\'', "''")))
                .execute(store.db())
                .await?;
            store.close().await;
            Ok::<_, StoreError>(file)
        })
        .await
}

/// The PostgreSQL template for the migrations of this build, made or upgraded once per
/// process under the exclusive advisory lock; other templates (of older migrations) are
/// dropped on the way once they are a day old.
async fn postgres_template() -> Result<&'static String, StoreError> {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| async {
            let name = format!("helmdesk_template_{}", migrations_fingerprint(Backend::Postgres));
            let admin =
                Db::connect(&postgres_admin_url(), &PoolOptions { max_connections: 1, ..Default::default() }).await?;
            let mut tx = admin.begin().await?;
            Sql::new("SELECT pg_advisory_xact_lock($1)").bind(TEMPLATE_LOCK).execute(&mut tx).await?;
            // Templates of other migrations are dropped once a day old: younger ones may be
            // another checkout's, whose tests run beside these on the same server.
            let stale: Vec<(String,)> = Sql::new(
                "SELECT datname FROM pg_database WHERE datname LIKE 'helmdesk\\_template\\_%' AND datname <> $1
                   AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - INTERVAL '1 day'",
            )
            .bind(name.as_str())
            .fetch_all(&mut tx)
            .await?;
            let exists: Option<(i64,)> = Sql::new("SELECT 1::BIGINT FROM pg_database WHERE datname = $1")
                .bind(name.as_str())
                .fetch_optional(&mut tx)
                .await?;
            // CREATE and DROP DATABASE cannot run inside a transaction: the lock is held by
            // this transaction while a second connection does them.
            let side =
                Db::connect(&postgres_admin_url(), &PoolOptions { max_connections: 1, ..Default::default() }).await?;
            for (old,) in stale {
                Sql::new(format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)")).execute(&side).await?;
            }
            if exists.is_none() {
                Sql::new(format!("CREATE DATABASE {name}")).execute(&side).await?;
            }
            drop_databases_of_ended_processes(&side).await?;
            side.close().await;
            let store = Store::open(&database_url(&name), std::path::Path::new("."), &PoolOptions::default()).await?;
            store.migrate().await?;
            store.close().await;
            tx.commit().await?;
            admin.close().await;
            Ok::<_, StoreError>(name)
        })
        .await
}

/// The start of the names of this process's test databases.
fn test_database_prefix(pid: u32) -> String {
    format!("helmdesk_test_p{pid}_")
}

/// Drops the test databases that processes of this machine left behind when they ended.
/// Runs where the process ids can be checked (`/proc`), with the template's lock held.
async fn drop_databases_of_ended_processes(db: &Db) -> Result<(), StoreError> {
    if !std::path::Path::new("/proc/self").exists() {
        return Ok(());
    }
    let names: Vec<(String,)> =
        Sql::new("SELECT datname FROM pg_database WHERE datname LIKE 'helmdesk\\_test\\_p%'").fetch_all(db).await?;
    let ended = names.into_iter().map(|(name,)| name).filter(|name| {
        let pid = name.trim_start_matches("helmdesk_test_p").split('_').next().and_then(|p| p.parse::<u32>().ok());
        pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists())
    });
    drop_databases(ended.collect()).await
}

/// Drops databases side by side (eight at a time), so that they share their checkpoints.
async fn drop_databases(names: Vec<String>) -> Result<(), StoreError> {
    if names.is_empty() {
        return Ok(());
    }
    let options = PoolOptions { max_connections: names.len().min(8) as u32, ..Default::default() };
    let db = Db::connect(&postgres_admin_url(), &options).await?;
    let pool = &db;
    let drops = names.iter().map(|name| async move {
        Sql::new(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(pool).await
    });
    let dropped = futures::future::join_all(drops).await;
    db.close().await;
    dropped.into_iter().try_for_each(|d| d.map(|_| ()))
}

/// Hands a test database to the process's dropper thread (started with the first).
fn drop_in_background(name: String) {
    static DROPPER: Mutex<Option<Sender<String>>> = Mutex::new(None);
    let mut dropper = DROPPER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let sender = dropper.get_or_insert_with(|| {
        let (sender, names) = channel::<String>();
        std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            // Each round drops what ended while the one before ran.
            while let Ok(first) = names.recv() {
                let round: Vec<String> = std::iter::once(first).chain(names.try_iter()).collect();
                let _ = rt.block_on(drop_databases(round));
            }
        });
        sender
    });
    let _ = sender.send(name);
}

/// The URL of database `name` on the test server.
fn database_url(name: &str) -> String {
    let admin = postgres_admin_url();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{name}")
}

/// The server under which per-test PostgreSQL databases are created.
pub fn postgres_admin_url() -> String {
    std::env::var("HELMDESK_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A throw-away database and data directory.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    dir: tempfile::TempDir,
    pg_name: Option<String>,
}

impl TestDatabase {
    /// A fresh database on `backend` with every migration applied (no rows).
    pub async fn new(backend: Backend) -> Result<TestDatabase, StoreError> {
        let dir = tempfile::tempdir()?;
        match backend {
            Backend::Sqlite => {
                let file = dir.path().join("helmdesk.db");
                std::fs::copy(sqlite_template().await?, &file)?;
                let url = format!("sqlite://{}", file.display());
                Ok(TestDatabase { url, backend, dir, pg_name: None })
            }
            Backend::Postgres => {
                let template = postgres_template().await?;
                let name = format!("{}{}", test_database_prefix(std::process::id()), uuid::Uuid::new_v4().simple());
                let admin =
                    Db::connect(&postgres_admin_url(), &PoolOptions { max_connections: 1, ..Default::default() })
                        .await?;
                // Copies wait while the template is being made or upgraded (the exclusive
                // lock), and share it with one another.
                Sql::new("SELECT pg_advisory_lock_shared($1)").bind(TEMPLATE_LOCK).execute(&admin).await?;
                let created = Sql::new(format!("CREATE DATABASE {name} TEMPLATE {template}")).execute(&admin).await;
                Sql::new("SELECT pg_advisory_unlock_shared($1)").bind(TEMPLATE_LOCK).execute(&admin).await?;
                created?;
                // A test's commits need not wait for the disk: a throw-away database loses
                // nothing it needs in a crash, and each commit saves a flush of the log
                // (3 ms on the CI machine; a test makes dozens).
                Sql::new(format!("ALTER DATABASE {name} SET synchronous_commit = off")).execute(&admin).await?;
                admin.close().await;
                Ok(TestDatabase { url: database_url(&name), backend, dir, pg_name: Some(name) })
            }
        }
    }

    /// The data directory (attachments with SQLite).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Opens the store (migrating it, which finds nothing left to do).
    pub async fn store(&self) -> Result<Store, StoreError> {
        let store = Store::open(&self.url, &self.data_dir(), &PoolOptions::default()).await?;
        store.migrate().await?;
        Ok(store)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        drop_in_background(name);
    }
}

/// Generates one `#[tokio::test]` per backend for each named async test function taking a
/// [`Backend`]: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::Backend::Postgres).await
            }
        }
    )*};
}

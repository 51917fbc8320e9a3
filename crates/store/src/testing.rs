//! Test support: a fresh, migrated database per test, on either backend.
//!
//! `HELMDESK_TEST_POSTGRES_URL` names the PostgreSQL server used to create throw-away
//! databases (default `postgres://postgres@127.0.0.1:5432/postgres`). Every test gets its
//! own database, dropped when the [`TestDatabase`] is. Migrating from scratch for each of
//! hundreds of tests costs minutes, so each is a copy of a template migrated once: on
//! SQLite a file made once per process, on PostgreSQL a database named after the
//! migrations it holds (`CREATE DATABASE ... TEMPLATE`), shared by the test processes and
//! made under an advisory lock.

use std::path::PathBuf;

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
                let name = format!("helmdesk_test_{}", uuid::Uuid::new_v4().simple());
                let admin =
                    Db::connect(&postgres_admin_url(), &PoolOptions { max_connections: 1, ..Default::default() })
                        .await?;
                // Copies wait while the template is being made or upgraded (the exclusive
                // lock), and share it with one another.
                Sql::new("SELECT pg_advisory_lock_shared($1)").bind(TEMPLATE_LOCK).execute(&admin).await?;
                let created = Sql::new(format!("CREATE DATABASE {name} TEMPLATE {template}")).execute(&admin).await;
                Sql::new("SELECT pg_advisory_unlock_shared($1)").bind(TEMPLATE_LOCK).execute(&admin).await?;
                admin.close().await;
                created?;
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
        // Drop runs outside async; a short-lived runtime on its own thread does the cleanup.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let db = crate::Db::connect(
                    &postgres_admin_url(),
                    &PoolOptions { max_connections: 1, ..Default::default() },
                )
                .await
                .ok()?;
                let _ = crate::Sql::new(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&db).await;
                db.close().await;
                Some(())
            })
        })
        .join();
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

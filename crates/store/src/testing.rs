//! Test support: a fresh, migrated database per test, on either backend.
//!
//! `HELMDESK_TEST_POSTGRES_URL` names the PostgreSQL server used to create throw-away
//! databases (default `postgres://postgres@127.0.0.1:5432/postgres`). Every test gets its
//! own database, dropped when the [`TestDatabase`] is.

use std::path::PathBuf;

use crate::{Backend, PoolOptions, Store, StoreError};

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
    /// Creates an empty database on `backend`.
    pub async fn new(backend: Backend) -> Result<TestDatabase, StoreError> {
        let dir = tempfile::tempdir()?;
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("helmdesk.db").display());
                Ok(TestDatabase { url, backend, dir, pg_name: None })
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("helmdesk_test_{}", uuid::Uuid::new_v4().simple());
                let db = crate::Db::connect(&admin, &PoolOptions { max_connections: 2, ..Default::default() }).await?;
                crate::Sql::new(format!("CREATE DATABASE {name}")).execute(&db).await?;
                db.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                let url = format!("{base}/{name}");
                Ok(TestDatabase { url, backend, dir, pg_name: Some(name) })
            }
        }
    }

    /// The data directory (attachments with SQLite).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Opens and migrates the store.
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

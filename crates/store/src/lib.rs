//! Helmdesk persistence: every SQL statement lives here.
//!
//! [`Store`] wraps a [`db::Db`] (SQLite or PostgreSQL, chosen by URL) and the place
//! attachment contents live. Its methods are use-case sized and own their transaction;
//! methods that take a `&mut Tx` let `app` group several writes (a business write and the
//! jobs it enqueues) into one. Migrations are embedded, one tree per backend with the same
//! numbering, and `tests/it/schema_parity.rs` checks the two trees describe the same tables.

pub mod assets;
pub mod backup;
pub mod blobs;
pub mod db;
pub mod idempotency;
pub mod jobs;
pub mod live;
pub mod platform;
pub mod reports;
pub mod self_service;
pub mod service_desk;
pub mod testing;

use std::path::PathBuf;

pub use db::{Arg, Backend, Db, On, PoolOptions, Sql, Tx, from_micros, micros, redact_url};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; carries the constraint or column.
    #[error("already exists: {0}")]
    Conflict(String),
    /// A foreign key refused the write: the referenced record does not exist or is in use.
    #[error("a referenced record does not exist or is still in use: {0}")]
    Reference(String),
    /// A conditional write found the record changed since it was read.
    #[error("the record was changed by someone else")]
    Stale,
    /// The database URL is unusable.
    #[error("{0}")]
    Url(String),
    /// A backup or restore could not proceed (e.g. the target is not empty).
    #[error("{0}")]
    Refused(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("encoding error: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Conflict(d.constraint().map(str::to_string).unwrap_or_else(|| d.message().to_string()))
            }
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                StoreError::Reference(d.constraint().map(str::to_string).unwrap_or_else(|| d.message().to_string()))
            }
            _ => StoreError::Database(e),
        }
    }
}

/// Where attachment contents are kept.
#[derive(Debug, Clone)]
pub enum BlobPlace {
    /// Files under a directory, named by their SHA-256 (SQLite: the data directory).
    Files(PathBuf),
    /// The `blobs` table, so every node sharing the database can read them (PostgreSQL).
    Database,
}

/// The persistence layer.
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    blobs: BlobPlace,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The indexes SQLite's statistics know nothing of (those of empty tables among them).
const UNANALYSED_INDEXES: &str = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)";

impl Store {
    /// Opens the database at `url`. Attachments go under `data_dir/attachments` with SQLite
    /// and into the database with PostgreSQL. Does not migrate: call [`Store::migrate`].
    pub async fn open(url: &str, data_dir: &std::path::Path, options: &PoolOptions) -> Result<Store, StoreError> {
        if Backend::of_url(url)? == Backend::Sqlite {
            std::fs::create_dir_all(data_dir)?;
        }
        let db = Db::connect(url, options).await?;
        let blobs = match db.backend() {
            Backend::Sqlite => BlobPlace::Files(data_dir.join("attachments")),
            Backend::Postgres => BlobPlace::Database,
        };
        Ok(Store { db, blobs })
    }

    /// Applies every pending migration of this backend's tree.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Keeps SQLite's query planner statistics current, so that it knows, say, that an
    /// organisation filter matches most tickets and reading them in `updated_at` order
    /// beats sorting them all. A database of some size that was never analysed is analysed
    /// (sampling at most 1,000 rows per index, so seconds at a million tickets); after
    /// that `PRAGMA optimize` re-analyses only tables that have changed much, and an index
    /// a migration added since is analysed alone (the planner passes over an index it has
    /// no statistics for). Run at start and by housekeeping. PostgreSQL's autovacuum keeps
    /// its own statistics.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(());
        }
        let analysed: i64 =
            Sql::new("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar(self.db()).await?;
        let sizable: i64 =
            Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM tickets LIMIT 1000) AS sample").scalar(self.db()).await?;
        let mut tx = self.begin().await?;
        Sql::new("PRAGMA analysis_limit = 1000").execute(&mut tx).await?;
        if analysed == 0 {
            if sizable >= 1000 {
                Sql::new("ANALYZE").execute(&mut tx).await?;
            }
        } else {
            for (index,) in Sql::new(UNANALYSED_INDEXES).fetch_all::<(String,)>(&mut tx).await? {
                Sql::new(format!("ANALYZE \"{}\"", index.replace('"', "\"\""))).execute(&mut tx).await?;
            }
        }
        Sql::new("PRAGMA optimize = 0x10002").execute(&mut tx).await?;
        tx.commit().await
    }

    /// Copies SQLite's write-ahead log into the database file beside the writer (see
    /// [`Db::checkpoint`]); nothing on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.db.checkpoint().await
    }

    /// The pool, for queries of this crate's modules.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Which database engine is in use.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Starts a transaction for several writes that must land together.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        self.db.begin().await
    }

    /// Runs a statement that writes and returns a row (`... RETURNING *`) in a transaction
    /// of its own. (Outside a transaction, fetches go to SQLite's read-only pool.)
    pub async fn write_returning<T: db::Record>(&self, sql: Sql) -> Result<T, StoreError> {
        let mut tx = self.begin().await?;
        let row = sql.fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        Sql::new("SELECT 1").scalar::<i32>(&self.db).await.map(|_| ())
    }

    /// Closes the pools.
    pub async fn close(&self) {
        self.db.close().await
    }
}

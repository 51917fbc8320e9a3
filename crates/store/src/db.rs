//! The two backends behind one query code path.
//!
//! A query is written once as portable SQL (`$1` placeholders, `RETURNING`, `ON CONFLICT`)
//! in an [`Sql`] value that owns its arguments, and runs on whichever backend the URL
//! chose. Rows decode into any type that derives `sqlx::FromRow` for both row types
//! ([`Record`]). SQLite gets a one-connection writer pool (writes are serial in SQLite
//! anyway; one writer avoids `SQLITE_BUSY` between our own transactions), a reader pool
//! and a connection that checkpoints the write-ahead log beside the writer
//! ([`Db::checkpoint`]); PostgreSQL gets one pool.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::StoreError;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to one of the two backends.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool, checkpointer: SqlitePool },
    Postgres(PgPool),
}

/// An open transaction on one of the two backends. Dropped without [`Tx::commit`], it
/// rolls back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A row type that decodes from both backends.
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// Pool sizes and timeouts.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Connections for PostgreSQL, and for SQLite readers.
    pub max_connections: u32,
    /// How long to wait for a connection or a lock.
    pub acquire_timeout: Duration,
}

/// How many pages the SQLite write-ahead log may hold before the writer copies them into
/// the database file itself, at the end of a commit (SQLite's default is 1,000). A server
/// checkpoints beside the writer every [`CHECKPOINT_INTERVAL`], so the writer does it only
/// when that falls behind, or where nothing else checkpoints (the command line).
const WAL_AUTOCHECKPOINT_PAGES: u32 = 8192;

/// How often a server copies the SQLite write-ahead log into the database file.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(500);

impl Default for PoolOptions {
    fn default() -> Self {
        Self { max_connections: 16, acquire_timeout: Duration::from_secs(10) }
    }
}

/// How many SQLite readers a pool opens: at most `max_connections`, and no more than two
/// per processor. A SQLite query runs on the caller's processor, so further readers only
/// wait for one, each with its own page cache (sixteen readers on two cores filed and
/// listed no faster than four).
fn sqlite_readers(max_connections: u32) -> u32 {
    let processors = std::thread::available_parallelism().map_or(4, |n| n.get() as u32);
    max_connections.min(2 * processors).max(1)
}

impl Db {
    /// Opens the database a URL names: `sqlite://PATH` (created if missing) or
    /// `postgres://...`. Any other scheme is an error.
    pub async fn connect(url: &str, options: &PoolOptions) -> Result<Db, StoreError> {
        match Backend::of_url(url)? {
            Backend::Sqlite => {
                let connect = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(options.acquire_timeout);
                // Page caches: 32 MB for the one writer, 8 MB for each reader, so that
                // sixteen readers stay within a server's memory budget; the kernel's
                // page cache holds the rest of the file for all of them. Readers' sorts
                // larger than that spill to temporary files (temp_store stays at its
                // default): held in memory, sorting a large result grew the server by
                // hundreds of MB. The writer keeps its temporary data in memory: that is
                // mostly statement journals (a multi-row insert of a batch of tickets
                // touches hundreds of pages), which went to a file a page at a time and
                // took a sixth of the writer's time.
                let write = SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(
                        connect
                            .clone()
                            .pragma("cache_size", "-32000")
                            .pragma("temp_store", "memory")
                            .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string())
                            .pragma("journal_size_limit", (64 * 1024 * 1024).to_string()),
                    )
                    .await?;
                let checkpointer = SqlitePoolOptions::new()
                    .max_connections(1)
                    .min_connections(0)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_lazy_with(connect.clone().pragma("cache_size", "-1000"));
                let read = SqlitePoolOptions::new()
                    .max_connections(sqlite_readers(options.max_connections))
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect.read_only(true).pragma("cache_size", "-8000"))
                    .await?;
                Ok(Db::Sqlite { read, write, checkpointer })
            }
            Backend::Postgres => {
                let connect = PgConnectOptions::from_str(url)?.application_name("helmdesk");
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections.max(2))
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect)
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    /// The engine behind this pool.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a read-write transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a read-only transaction that sees one consistent snapshot of the whole
    /// database (for backups), without blocking writers.
    pub async fn begin_snapshot(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { read, .. } => {
                let mut tx = read.begin().await?;
                // A WAL read transaction starts at its first read; pin the snapshot now.
                sqlx::query("SELECT 1 FROM sqlite_master LIMIT 1").execute(&mut *tx).await?;
                Tx::Sqlite(tx)
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
                Tx::Postgres(tx)
            }
        })
    }

    /// Copies the pages SQLite's write-ahead log holds into the database file, on a
    /// connection of its own, so that the writer's commits do not wait for it (a commit
    /// that checkpoints copies thousands of pages and syncs the file twice). A passive
    /// checkpoint: it neither waits for nor blocks readers and the writer. PostgreSQL
    /// checkpoints by itself.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if let Db::Sqlite { checkpointer, .. } = self {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(checkpointer).await?;
        }
        Ok(())
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write, checkpointer } => {
                read.close().await;
                write.close().await;
                checkpointer.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Backend {
    /// The backend a database URL names.
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Url(format!(
                "unsupported database URL {:?}: use sqlite://PATH or postgres://...",
                redact_url(url)
            )))
        }
    }
}

/// The URL with any password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Tx {
    /// Makes the transaction's writes durable.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// The engine of this transaction.
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// One bound value. Each variant carries its SQL type even when NULL, which PostgreSQL
/// needs to plan the statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($($t:ty => $variant:ident($conv:expr)),* $(,)?) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg { Arg::$variant(Some($conv(v))) }
        }
        impl From<Option<$t>> for Arg {
            fn from(v: Option<$t>) -> Arg { Arg::$variant(v.map($conv)) }
        }
    )*};
}

arg_from!(
    i64 => Int(|v| v),
    &i64 => Int(|v: &i64| *v),
    i32 => Int(i64::from),
    u8 => Int(i64::from),
    bool => Bool(|v| v),
    String => Text(|v| v),
    &str => Text(str::to_string),
    &String => Text(|v: &String| v.clone()),
    Vec<u8> => Bytes(|v| v),
);

/// A statement and its arguments, runnable on either backend.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
    /// Every `$N` in the text is a placeholder, each used once and in order, so SQLite may
    /// run it with anonymous `?` placeholders (see [`Sql::values_many`]).
    positional: bool,
}

/// Where a statement runs: a pool (reads go to the reader pool) or an open transaction.
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl On<'_> {
    /// The same place, for one more statement.
    pub fn reborrow(&mut self) -> On<'_> {
        match self {
            On::Db(db) => On::Db(db),
            On::Tx(tx) => On::Tx(tx),
        }
    }
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(db: &'a Db) -> Self {
        On::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_deref()),
                Arg::Bool(v) => q.bind(*v),
                Arg::Bytes(v) => q.bind(v.as_deref()),
            };
        }
        q
    }};
}

macro_rules! build {
    (query_as, $db:ty, $text:expr) => {
        sqlx::query_as::<$db, _>($text)
    };
    (query, $db:ty, $text:expr) => {
        sqlx::query::<$db>($text)
    };
}

/// Runs `$run(query, executor)` with the query built for the backend `$on` holds.
/// `$reads` picks the SQLite pool used outside a transaction.
macro_rules! dispatch {
    ($self:ident, $on:expr, $build:ident, $pool:ident, |$q:ident, $ex:ident| $run:expr) => {
        match $on.into() {
            On::Db(Db::Sqlite { $pool, .. }) => {
                let text = $self.sqlite_text();
                let $q = bind_all!(build!($build, Sqlite, &text), &$self.args);
                let $ex = $pool;
                $run
            }
            On::Db(Db::Postgres(pool)) => {
                let $q = bind_all!(build!($build, Postgres, &$self.text), &$self.args);
                let $ex = pool;
                $run
            }
            On::Tx(Tx::Sqlite(tx)) => {
                let text = $self.sqlite_text();
                let $q = bind_all!(build!($build, Sqlite, &text), &$self.args);
                let $ex = &mut **tx;
                $run
            }
            On::Tx(Tx::Postgres(tx)) => {
                let $q = bind_all!(build!($build, Postgres, &$self.text), &$self.args);
                let $ex = &mut **tx;
                $run
            }
        }
    };
}

impl Sql {
    /// A statement with no arguments yet.
    pub fn new(text: impl Into<String>) -> Sql {
        Sql { text: text.into(), args: Vec::new(), positional: false }
    }

    /// Appends an argument; it becomes `$N` where N is its position.
    pub fn bind(mut self, arg: impl Into<Arg>) -> Sql {
        self.args.push(arg.into());
        self
    }

    /// Appends an argument and returns its placeholder (`$N`), for SQL built piece by piece.
    pub fn arg(&mut self, arg: impl Into<Arg>) -> String {
        self.positional = false;
        self.args.push(arg.into());
        format!("${}", self.args.len())
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.positional = false;
        self.text.push_str(text);
        self
    }

    /// The statement text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The arguments bound so far, in order.
    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// The text SQLite runs. SQLite looks `$N` parameters up by name in a list, once when
    /// parsing and once more when binding (sqlx asks each parameter's name), which is
    /// quadratic in their number: a 30,000-argument insert spends seconds there. Anonymous
    /// `?` parameters are numbered as they come, so statements whose placeholders are
    /// used once and in order run with those.
    fn sqlite_text(&self) -> std::borrow::Cow<'_, str> {
        if !self.positional {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        let mut chars = self.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('?');
            } else {
                out.push(c);
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// All rows.
    pub async fn fetch_all<'a, T: Record>(&self, on: impl Into<On<'a>>) -> Result<Vec<T>, StoreError> {
        Ok(dispatch!(self, on, query_as, read, |q, ex| q.fetch_all(ex).await)?)
    }

    /// The first row, if any.
    pub async fn fetch_optional<'a, T: Record>(&self, on: impl Into<On<'a>>) -> Result<Option<T>, StoreError> {
        Ok(dispatch!(self, on, query_as, read, |q, ex| q.fetch_optional(ex).await)?)
    }

    /// Exactly one row; none is [`StoreError::NotFound`].
    pub async fn fetch_one<'a, T: Record>(&self, on: impl Into<On<'a>>) -> Result<T, StoreError> {
        self.fetch_optional(on).await?.ok_or(StoreError::NotFound)
    }

    /// A single value from the first column of the first row.
    pub async fn scalar<'a, T>(&self, on: impl Into<On<'a>>) -> Result<T, StoreError>
    where
        (T,): Record,
    {
        Ok(self.fetch_one::<(T,)>(on).await?.0)
    }

    /// Runs a statement outside or inside a transaction; returns the rows it touched.
    pub async fn execute<'a>(&self, on: impl Into<On<'a>>) -> Result<u64, StoreError> {
        let done = dispatch!(self, on, query, write, |q, ex| q.execute(ex).await.map(|r| r.rows_affected()))?;
        Ok(done)
    }
}

/// Most arguments one statement binds: under both SQLite's limit (32,766) and
/// PostgreSQL's (65,535).
const MAX_ARGS: usize = 30_000;

impl Sql {
    /// `INSERT INTO table (columns) VALUES (..), (..), ...` for `rows` (each the arguments
    /// of one row, in column order), as few statements as the argument limits allow; `tail`
    /// ends each (e.g. `RETURNING *`).
    /// `INSERT INTO table (columns) VALUES ($1, ...) RETURNING *`, with `args` bound in the
    /// columns' order.
    pub fn insert_returning(table: &str, columns: &[&str], args: Vec<Arg>) -> Sql {
        let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
        let sql = Sql::new(format!(
            "INSERT INTO {table} ({}) VALUES ({}) RETURNING *",
            columns.join(", "),
            placeholders.join(", ")
        ));
        args.into_iter().fold(sql, Sql::bind)
    }

    /// `UPDATE table SET columns... , version = version + 1 WHERE id = .. AND version = ..
    /// RETURNING *`: a save that finds no row when someone saved `id` since `version`.
    pub fn update_versioned(table: &str, columns: &[&str], args: Vec<Arg>, id: i64, version: i64) -> Sql {
        let sets: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
        let n = columns.len();
        let sql = Sql::new(format!(
            "UPDATE {table} SET {}, version = version + 1 WHERE id = ${} AND version = ${} RETURNING *",
            sets.join(", "),
            n + 1,
            n + 2
        ));
        args.into_iter().fold(sql, Sql::bind).bind(id).bind(version)
    }

    pub fn insert_many(table: &str, columns: &[&str], rows: Vec<Vec<Arg>>, tail: &str) -> Vec<Sql> {
        Sql::values_many(&format!("INSERT INTO {table} ({}) ", columns.join(", ")), columns.len(), rows, tail)
    }

    /// `head VALUES (..), (..), ... tail` for `rows` of `width` arguments each, as few
    /// statements as the argument limits allow.
    pub fn values_many(head: &str, width: usize, rows: Vec<Vec<Arg>>, tail: &str) -> Vec<Sql> {
        let per_statement = (MAX_ARGS / width.max(1)).max(1);
        let mut out = Vec::new();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let mut sql = Sql::new(format!("{head}VALUES "));
            for (i, row) in rows.by_ref().take(per_statement).enumerate() {
                let placeholders: Vec<String> = row.into_iter().map(|a| sql.arg(a)).collect();
                sql.push(if i == 0 { "(" } else { ", (" }).push(&placeholders.join(", ")).push(")");
            }
            if !tail.is_empty() {
                sql.push(" ").push(tail);
            }
            // Only the VALUES lists hold placeholders, each once and in order.
            sql.positional = !head.contains('$') && !tail.contains('$');
            out.push(sql);
        }
        out
    }
}

/// Most values one `IN (...)` list binds (well under both backends' argument limits).
pub(crate) const IN_CHUNK: usize = 5_000;

/// The ids of the records of `table` whose unique text column `key` holds one of `keys`,
/// by key, within `tx`.
pub(crate) async fn ids_by_key(
    tx: &mut Tx,
    table: &str,
    key: &str,
    keys: &[String],
) -> Result<std::collections::HashMap<String, i64>, StoreError> {
    let mut ids = std::collections::HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(IN_CHUNK) {
        let mut sql = Sql::new(format!("SELECT {key}, id FROM {table} WHERE {key} IN ("));
        let params: Vec<String> = chunk.iter().map(|k| sql.arg(k.as_str())).collect();
        sql.push(&params.join(", ")).push(")");
        ids.extend(sql.fetch_all::<(String, i64)>(&mut *tx).await?);
    }
    Ok(ids)
}

/// Microseconds since the Unix epoch: how every timestamp is stored.
pub fn micros(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_micros()
}

/// The instant a stored timestamp names.
pub fn from_micros(us: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_micros(us).unwrap_or_default()
}

impl Sql {
    /// Raw SQLite rows, for code that decodes columns by position (backup).
    pub(crate) async fn raw_sqlite(&self, conn: &mut sqlx::SqliteConnection) -> Result<Vec<SqliteRow>, StoreError> {
        Ok(bind_all!(sqlx::query::<Sqlite>(&self.text), &self.args).fetch_all(conn).await?)
    }

    /// Raw PostgreSQL rows, for code that decodes columns by position (backup).
    pub(crate) async fn raw_postgres(&self, conn: &mut sqlx::PgConnection) -> Result<Vec<PgRow>, StoreError> {
        Ok(bind_all!(sqlx::query::<Postgres>(&self.text), &self.args).fetch_all(conn).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_readers_are_at_most_two_per_processor_and_at_least_one() {
        let processors = std::thread::available_parallelism().map_or(4, |n| n.get() as u32);
        assert_eq!(sqlite_readers(1_000), 2 * processors);
        assert_eq!(sqlite_readers(1), 1);
        assert_eq!(sqlite_readers(0), 1);
    }

    #[test]
    fn passwords_are_hidden_in_redacted_urls() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn many_rows_are_inserted_in_as_few_statements_as_the_limits_allow() {
        let rows = |n: usize| (0..n).map(|i| vec![Arg::from(i as i64), Arg::from("x")]).collect::<Vec<_>>();
        let one = Sql::insert_many("t", &["a", "b"], rows(3), "RETURNING *");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].text(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6) RETURNING *");
        let inner = Sql::values_many("SELECT a FROM (", 2, rows(1), ") AS v(a, b)");
        assert_eq!(inner[0].text(), "SELECT a FROM (VALUES ($1, $2) ) AS v(a, b)");
        let many = Sql::insert_many("t", &["a", "b"], rows(MAX_ARGS), "");
        assert_eq!(many.len(), 2);
        assert!(many.iter().all(|s| s.args.len() <= MAX_ARGS));
        assert!(Sql::insert_many("t", &["a"], Vec::new(), "").is_empty());
    }

    #[test]
    fn sqlite_runs_multi_row_statements_with_anonymous_placeholders() {
        let rows = (0..11).map(|i| vec![Arg::from(i as i64), Arg::from("$1 stays a value")]).collect::<Vec<_>>();
        let sql = Sql::insert_many("t", &["a", "b"], rows, "ON CONFLICT (a) DO NOTHING").remove(0);
        assert_eq!(sql.sqlite_text().matches('?').count(), 22);
        assert!(!sql.sqlite_text().contains('$'));
        assert!(sql.sqlite_text().starts_with("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"));
        assert_eq!(sql.args()[21], Arg::from("$1 stays a value"), "arguments are not text");
        let written = Sql::new("UPDATE t SET a = $1 WHERE a = $1").bind(1i64);
        assert_eq!(written.sqlite_text(), "UPDATE t SET a = $1 WHERE a = $1", "only statements built for it");
        let tail = Sql::values_many("SELECT * FROM (", 1, vec![vec![Arg::from(1i64)]], ") v WHERE x = $9");
        assert_eq!(tail[0].sqlite_text(), tail[0].text(), "a placeholder outside the lists keeps its name");
    }

    #[test]
    fn an_unknown_url_scheme_is_an_error() {
        assert!(Backend::of_url("mysql://x").is_err());
        assert!(Backend::of_url("x.db").is_err());
        assert_eq!(Backend::of_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgresql://h/db").unwrap(), Backend::Postgres);
    }
}

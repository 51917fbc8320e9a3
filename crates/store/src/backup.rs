//! Backup and restore: a consistent snapshot of every table and blob in a portable
//! archive, restorable into an empty database of either backend.
//!
//! The archive is a gzip'd tar: `manifest.json` (format, version, backend, tables and
//! columns), then `tables/NAME/NNNNNN.jsonl` chunks (one JSON array per row, values in
//! the manifest's column order), then `blobs/SHA256` files. Tables are read inside one
//! snapshot transaction, so a backup taken while the server writes is consistent; blobs
//! are immutable and content-addressed, so reading them after the snapshot is safe.
//! Restore loads every table in one transaction with foreign keys deferred, then resets
//! PostgreSQL's identity sequences.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;

use crate::db::Tx;
use crate::{Arg, Backend, Db, Sql, Store, StoreError};

/// The archive format this code writes and reads.
pub const FORMAT: u32 = 1;
const CHUNK_ROWS: i64 = 5_000;

/// The storage class of a column, the same on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Int,
    Text,
    Bool,
    Bytes,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
    pub nullable: bool,
}

/// Every table (but the migration ledger and the derived `search_*` indexes) and its
/// columns, in column order.
pub type Schema = BTreeMap<String, Vec<Column>>;

/// What an archive holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub helmdesk_version: String,
    pub backend: String,
    pub created_at: i64,
    pub tables: BTreeMap<String, Vec<Column>>,
    pub rows: BTreeMap<String, u64>,
    pub blobs: u64,
}

#[derive(sqlx::FromRow)]
struct ColumnInfo {
    table_name: String,
    column_name: String,
    data_type: String,
    nullable: bool,
}

/// Reads the schema of the database behind `tx`.
pub async fn describe(tx: &mut Tx) -> Result<Schema, StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, UPPER(p.type) AS data_type,
                    (p.\"notnull\" = 0 AND p.pk = 0) AS nullable
             FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'
               AND m.name NOT LIKE 'search!_%' ESCAPE '!'
             ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, UPPER(data_type) AS data_type,
                    (is_nullable = 'YES') AS nullable
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'
               AND table_name NOT LIKE 'search!_%' ESCAPE '!'
             ORDER BY table_name, ordinal_position"
        }
    };
    let infos: Vec<ColumnInfo> = Sql::new(sql).fetch_all(&mut *tx).await?;
    let mut schema = Schema::new();
    for info in infos {
        let kind = match info.data_type.as_str() {
            "INTEGER" | "BIGINT" | "INT8" | "SMALLINT" => ColumnKind::Int,
            "TEXT" => ColumnKind::Text,
            "BOOLEAN" => ColumnKind::Bool,
            "BLOB" | "BYTEA" => ColumnKind::Bytes,
            other => {
                return Err(StoreError::Refused(format!(
                    "unexpected column type {other} in {}.{}",
                    info.table_name, info.column_name
                )));
            }
        };
        schema.entry(info.table_name).or_default().push(Column {
            name: info.column_name,
            kind,
            nullable: info.nullable,
        });
    }
    Ok(schema)
}

/// What a backup or restore did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub rows: BTreeMap<String, u64>,
    pub blobs: u64,
}

impl Store {
    /// The schema of this database.
    pub async fn schema(&self) -> Result<Schema, StoreError> {
        let mut tx = self.db().begin_snapshot().await?;
        describe(&mut tx).await
    }

    /// Writes a consistent archive of the whole database and its blobs to `out`.
    pub async fn backup<W: Write>(&self, out: W, version: &str, now: i64) -> Result<Summary, StoreError> {
        let gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
        let mut archive = tar::Builder::new(gz);
        let mut tx = self.db().begin_snapshot().await?;
        let schema = describe(&mut tx).await?;
        let mut summary = Summary::default();
        let mut chunks = Vec::new();
        for (table, columns) in &schema {
            let copied: Vec<&Column> = columns.iter().filter(|c| c.kind != ColumnKind::Bytes).collect();
            let count = dump_table(&mut tx, table, &copied, |n, body| {
                chunks.push((format!("tables/{table}/{n:06}.jsonl"), body));
                Ok(())
            })
            .await?;
            summary.rows.insert(table.clone(), count);
        }
        let shas: Vec<(String,)> = Sql::new("SELECT sha256 FROM blobs ORDER BY sha256").fetch_all(&mut tx).await?;
        drop(tx);
        summary.blobs = shas.len() as u64;
        let manifest = Manifest {
            format: FORMAT,
            helmdesk_version: version.to_string(),
            backend: format!("{:?}", self.backend()).to_lowercase(),
            created_at: now,
            tables: schema.clone(),
            rows: summary.rows.clone(),
            blobs: summary.blobs,
        };
        append(&mut archive, "manifest.json", &serde_json::to_vec_pretty(&manifest)?)?;
        for (path, body) in chunks {
            append(&mut archive, &path, &body)?;
        }
        for (sha,) in shas {
            let data = self.blob(&sha).await?;
            append(&mut archive, &format!("blobs/{sha}"), &data)?;
        }
        archive.into_inner()?.finish()?.flush()?;
        Ok(summary)
    }

    /// Loads an archive into this database, which must be empty (migrated, no rows).
    pub async fn restore<R: Read>(&self, input: R) -> Result<Summary, StoreError> {
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(input));
        let mut tx = self.begin().await?;
        let schema = describe(&mut tx).await?;
        ensure_empty(&mut tx, &schema).await?;
        match tx.backend() {
            Backend::Sqlite => Sql::new("PRAGMA defer_foreign_keys = ON").execute(&mut tx).await?,
            Backend::Postgres => Sql::new("SET CONSTRAINTS ALL DEFERRED").execute(&mut tx).await?,
        };
        let mut manifest: Option<Manifest> = None;
        let mut summary = Summary::default();
        for entry in archive.entries()? {
            let mut entry = entry?;
            let path = entry.path()?.to_string_lossy().into_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body)?;
            if path == "manifest.json" {
                let m: Manifest = serde_json::from_slice(&body)?;
                check_manifest(&m, &schema)?;
                manifest = Some(m);
                continue;
            }
            let m = manifest
                .as_ref()
                .ok_or_else(|| StoreError::Refused("the archive does not start with manifest.json".into()))?;
            if let Some(rest) = path.strip_prefix("tables/") {
                let table = rest.split('/').next().unwrap_or_default();
                let columns =
                    m.tables.get(table).ok_or_else(|| StoreError::Refused(format!("{path}: table not in manifest")))?;
                let target = &schema[table];
                let n = load_chunk(&mut tx, table, columns, target, &body).await?;
                *summary.rows.entry(table.to_string()).or_default() += n;
            } else if let Some(sha) = path.strip_prefix("blobs/") {
                self.restore_blob_in(&mut tx, sha, &body).await?;
                summary.blobs += 1;
            } else {
                return Err(StoreError::Refused(format!("unexpected entry {path:?} in the archive")));
            }
        }
        let m = manifest.ok_or_else(|| StoreError::Refused("the archive has no manifest.json".into()))?;
        for (table, expected) in &m.rows {
            let got = summary.rows.get(table).copied().unwrap_or(0);
            if got != *expected {
                return Err(StoreError::Refused(format!(
                    "table {table}: the archive holds {got} rows, its manifest says {expected}"
                )));
            }
        }
        if summary.blobs != m.blobs {
            return Err(StoreError::Refused(format!(
                "the archive holds {} blobs, its manifest says {}",
                summary.blobs, m.blobs
            )));
        }
        if tx.backend() == Backend::Postgres {
            reset_identities(&mut tx, &schema).await?;
        }
        tx.commit().await?;
        self.reindex_all(|_, _| {}).await?;
        self.reindex_articles().await?;
        Ok(summary)
    }

    async fn restore_blob_in(&self, tx: &mut Tx, sha: &str, data: &[u8]) -> Result<(), StoreError> {
        match &self.blobs {
            crate::BlobPlace::Files(_) => self.restore_blob(sha, data).await,
            crate::BlobPlace::Database => {
                if crate::blobs::sha256_hex(data) != sha {
                    return Err(StoreError::Refused(format!("blob {sha:?} does not match its content")));
                }
                Sql::new("UPDATE blobs SET data = $1 WHERE sha256 = $2")
                    .bind(data.to_vec())
                    .bind(sha)
                    .execute(tx)
                    .await?;
                Ok(())
            }
        }
    }
}

fn append<W: Write>(archive: &mut tar::Builder<W>, path: &str, body: &[u8]) -> Result<(), StoreError> {
    let mut header = tar::Header::new_gnu();
    header.set_size(body.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    archive.append_data(&mut header, path, body)?;
    Ok(())
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Reads a table in chunks, handing each chunk's JSON lines to `sink`; returns the row count.
async fn dump_table(
    tx: &mut Tx,
    table: &str,
    columns: &[&Column],
    mut sink: impl FnMut(usize, Vec<u8>) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let list: Vec<String> = columns.iter().map(|c| quote(&c.name)).collect();
    let keyset = columns.iter().any(|c| c.name == "id" && c.kind == ColumnKind::Int);
    let order = list.join(", ");
    let (mut last_id, mut offset, mut total, mut chunk) = (i64::MIN, 0i64, 0u64, 0usize);
    loop {
        let sql = if keyset {
            Sql::new(format!("SELECT {order} FROM {} WHERE id > $1 ORDER BY id LIMIT $2", quote(table)))
                .bind(last_id)
                .bind(CHUNK_ROWS)
        } else {
            Sql::new(format!("SELECT {order} FROM {} ORDER BY {order} LIMIT $1 OFFSET $2", quote(table)))
                .bind(CHUNK_ROWS)
                .bind(offset)
        };
        let rows = fetch_values(tx, &sql, columns).await?;
        if rows.is_empty() {
            break;
        }
        let mut body = Vec::new();
        for row in &rows {
            serde_json::to_writer(&mut body, row)?;
            body.push(b'\n');
        }
        if keyset {
            let id_index = columns.iter().position(|c| c.name == "id").unwrap_or(0);
            last_id = rows.last().and_then(|r| r[id_index].as_i64()).unwrap_or(i64::MAX);
        }
        offset += rows.len() as i64;
        total += rows.len() as u64;
        chunk += 1;
        sink(chunk, body)?;
        if (rows.len() as i64) < CHUNK_ROWS {
            break;
        }
    }
    Ok(total)
}

macro_rules! row_values {
    ($row:expr, $columns:expr) => {{
        let mut values = Vec::with_capacity($columns.len());
        for (i, c) in $columns.iter().enumerate() {
            values.push(
                match c.kind {
                    ColumnKind::Int => $row.try_get::<Option<i64>, _>(i)?.map(Value::from),
                    ColumnKind::Text => $row.try_get::<Option<String>, _>(i)?.map(Value::from),
                    ColumnKind::Bool => $row.try_get::<Option<bool>, _>(i)?.map(Value::from),
                    ColumnKind::Bytes => None,
                }
                .unwrap_or(Value::Null),
            );
        }
        values
    }};
}

/// Runs a SELECT and returns each row as JSON values, decoded by column kind.
async fn fetch_values(tx: &mut Tx, sql: &Sql, columns: &[&Column]) -> Result<Vec<Vec<Value>>, StoreError> {
    let mut out = Vec::new();
    match tx {
        Tx::Sqlite(t) => {
            for row in sql.raw_sqlite(t).await? {
                out.push(row_values!(row, columns));
            }
        }
        Tx::Postgres(t) => {
            for row in sql.raw_postgres(t).await? {
                out.push(row_values!(row, columns));
            }
        }
    }
    Ok(out)
}

async fn ensure_empty(tx: &mut Tx, schema: &Schema) -> Result<(), StoreError> {
    for table in schema.keys() {
        let n: i64 = Sql::new(format!("SELECT COUNT(*) FROM {}", quote(table))).scalar(&mut *tx).await?;
        if n > 0 {
            return Err(StoreError::Refused(format!(
                "restore needs an empty database, but table {table} has {n} rows"
            )));
        }
    }
    Ok(())
}

fn check_manifest(m: &Manifest, schema: &Schema) -> Result<(), StoreError> {
    if m.format != FORMAT {
        return Err(StoreError::Refused(format!(
            "archive format {} is not supported (this version reads {FORMAT})",
            m.format
        )));
    }
    for (table, columns) in &m.tables {
        let target = schema.get(table).ok_or_else(|| {
            StoreError::Refused(format!(
                "the archive has table {table}, which this database lacks: upgrade Helmdesk first"
            ))
        })?;
        for c in columns {
            if !target.iter().any(|t| t.name == c.name) {
                return Err(StoreError::Refused(format!(
                    "the archive has column {table}.{}, which this database lacks",
                    c.name
                )));
            }
        }
    }
    Ok(())
}

/// Inserts one chunk of rows, in batches that stay under both backends' parameter limits.
async fn load_chunk(
    tx: &mut Tx,
    table: &str,
    columns: &[Column],
    target: &[Column],
    body: &[u8],
) -> Result<u64, StoreError> {
    let copied: Vec<&Column> = columns.iter().filter(|c| c.kind != ColumnKind::Bytes).collect();
    let kinds: Vec<ColumnKind> =
        copied.iter().map(|c| target.iter().find(|t| t.name == c.name).map(|t| t.kind).unwrap_or(c.kind)).collect();
    let names: Vec<String> = copied.iter().map(|c| quote(&c.name)).collect();
    let per_batch = (30_000 / copied.len().max(1)).clamp(1, 500);
    let rows: Vec<Vec<Value>> =
        body.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(serde_json::from_slice).collect::<Result<_, _>>()?;
    for batch in rows.chunks(per_batch) {
        let mut sql = Sql::new(format!("INSERT INTO {} ({}) VALUES ", quote(table), names.join(", ")));
        let mut tuples = Vec::with_capacity(batch.len());
        for row in batch {
            if row.len() != kinds.len() {
                return Err(StoreError::Refused(format!(
                    "table {table}: a row has {} values for {} columns",
                    row.len(),
                    kinds.len()
                )));
            }
            let params: Vec<String> = row.iter().zip(&kinds).map(|(v, k)| sql.arg(to_arg(v, *k))).collect();
            tuples.push(format!("({})", params.join(", ")));
        }
        sql.push(&tuples.join(", "));
        sql.execute(&mut *tx).await?;
    }
    Ok(rows.len() as u64)
}

fn to_arg(v: &Value, kind: ColumnKind) -> Arg {
    match kind {
        ColumnKind::Int => Arg::Int(v.as_i64().or_else(|| v.as_bool().map(i64::from))),
        ColumnKind::Bool => Arg::Bool(v.as_bool().or_else(|| v.as_i64().map(|n| n != 0))),
        ColumnKind::Text => Arg::Text(v.as_str().map(str::to_string)),
        ColumnKind::Bytes => Arg::Bytes(None),
    }
}

async fn reset_identities(tx: &mut Tx, schema: &Schema) -> Result<(), StoreError> {
    for (table, columns) in schema {
        if columns.iter().any(|c| c.name == "id" && c.kind == ColumnKind::Int) {
            Sql::new(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {}), false)",
                quote(table)
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// Counts rows per table, for comparing two databases.
pub async fn row_counts(db: &Db) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut tx = db.begin_snapshot().await?;
    let schema = describe(&mut tx).await?;
    let mut out = BTreeMap::new();
    for table in schema.keys() {
        let n: i64 = Sql::new(format!("SELECT COUNT(*) FROM {}", quote(table))).scalar(&mut tx).await?;
        out.insert(table.clone(), n);
    }
    Ok(out)
}

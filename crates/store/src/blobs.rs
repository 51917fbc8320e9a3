//! Content-addressed blobs: files and other contents named by the SHA-256 of their bytes.
//!
//! A blob is written before the row that refers to it, so a committed row always has its
//! content. With SQLite the bytes are files under the data directory
//! (`attachments/ab/abcdef...`), synced before the row commits; with PostgreSQL they live
//! in the `blobs` table, where every node can read them.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{BlobPlace, Sql, Store, StoreError};

/// The SHA-256 of `data`, in lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where the file of blob `sha` lives under `dir`.
fn blob_path(dir: &Path, sha: &str) -> PathBuf {
    dir.join(&sha[..2]).join(sha)
}

impl Store {
    /// Stores `data` once under its hash and returns the hash.
    pub async fn put_blob(&self, data: &[u8], now: i64) -> Result<String, StoreError> {
        let sha = sha256_hex(data);
        match &self.blobs {
            BlobPlace::Files(dir) => {
                write_blob_file(dir, &sha, data).await?;
                Sql::new("INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, NULL, $3) ON CONFLICT (sha256) DO NOTHING")
                    .bind(sha.as_str())
                    .bind(data.len() as i64)
                    .bind(now)
                    .execute(self.db())
                    .await?;
            }
            BlobPlace::Database => {
                Sql::new("INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING")
                    .bind(sha.as_str())
                    .bind(data.len() as i64)
                    .bind(data.to_vec())
                    .bind(now)
                    .execute(self.db())
                    .await?;
            }
        }
        Ok(sha)
    }

    /// Writes the bytes of a blob whose row already exists (restore).
    pub async fn restore_blob(&self, sha: &str, data: &[u8]) -> Result<(), StoreError> {
        if !is_sha256_hex(sha) || sha256_hex(data) != sha {
            return Err(StoreError::Refused(format!("blob {sha:?} does not match its content")));
        }
        match &self.blobs {
            BlobPlace::Files(dir) => write_blob_file(dir, sha, data).await,
            BlobPlace::Database => {
                Sql::new("UPDATE blobs SET data = $1 WHERE sha256 = $2")
                    .bind(data.to_vec())
                    .bind(sha)
                    .execute(self.db())
                    .await?;
                Ok(())
            }
        }
    }

    /// The bytes of a blob.
    pub async fn blob(&self, sha: &str) -> Result<Vec<u8>, StoreError> {
        if !is_sha256_hex(sha) {
            return Err(StoreError::NotFound);
        }
        match &self.blobs {
            BlobPlace::Files(dir) => match tokio::fs::read(blob_path(dir, sha)).await {
                Ok(data) => Ok(data),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::NotFound),
                Err(e) => Err(e.into()),
            },
            BlobPlace::Database => {
                let data: Option<Vec<u8>> =
                    Sql::new("SELECT data FROM blobs WHERE sha256 = $1").bind(sha).scalar(self.db()).await?;
                data.ok_or(StoreError::NotFound)
            }
        }
    }
}

/// Writes a blob file durably: a temporary file, synced, then renamed into place.
async fn write_blob_file(dir: &Path, sha: &str, data: &[u8]) -> Result<(), StoreError> {
    let path = blob_path(dir, sha);
    if tokio::fs::try_exists(&path).await? {
        return Ok(());
    }
    let parent = path.parent().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
    let data = data.to_vec();
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&parent)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&parent)?;
        tmp.write_all(&data)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        std::fs::File::open(&parent)?.sync_all()
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))??;
    Ok(())
}

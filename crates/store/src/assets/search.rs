//! The terms assets and configuration items are searched by (`asset_terms`; the terms
//! themselves come from `domain::assets::search`): written with each record, read as one
//! index range per search word.

use helmdesk_domain::assets::search::{after_prefix, terms};

use crate::db::Arg;
use crate::{Sql, Store, StoreError, Tx};

/// Whose terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsOf {
    Asset,
    Ci,
}

impl TermsOf {
    fn as_str(self) -> &'static str {
        match self {
            TermsOf::Asset => "asset",
            TermsOf::Ci => "ci",
        }
    }
}

/// Replaces the terms of record `id` with those of `texts`, within `tx`.
pub(crate) async fn write_terms<'a>(
    tx: &mut Tx,
    of: TermsOf,
    id: i64,
    texts: impl IntoIterator<Item = &'a str>,
) -> Result<(), StoreError> {
    Sql::new("DELETE FROM asset_terms WHERE kind = $1 AND record_id = $2")
        .bind(of.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let rows = terms(texts).into_iter().map(|t| vec![Arg::from(of.as_str()), Arg::from(t), Arg::from(id)]).collect();
    for sql in Sql::insert_many("asset_terms", &["kind", "term", "record_id"], rows, "") {
        sql.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Appends, for each of `words`, that the record in `id_column` has a term starting with
/// it.
pub(crate) fn push_words(sql: &mut Sql, of: TermsOf, id_column: &str, words: &[String]) {
    for word in words {
        let kind = sql.arg(of.as_str());
        let from = sql.arg(word.as_str());
        let to = sql.arg(after_prefix(word));
        sql.push(&format!(
            " AND {id_column} IN (SELECT record_id FROM asset_terms WHERE kind = {kind} AND term >= {from} AND term < {to})"
        ));
    }
}

impl Store {
    /// Indexes the assets and items that have no terms yet (made before the index
    /// existed), a thousand at a time; returns how many.
    pub async fn index_unindexed_terms(&self) -> Result<usize, StoreError> {
        let mut done = 0;
        for (of, select) in [
            (TermsOf::Asset, "SELECT id, tag, COALESCE(serial, ''), name FROM assets"),
            (TermsOf::Ci, "SELECT id, name, '', '' FROM cis"),
        ] {
            loop {
                let rows: Vec<(i64, String, String, String)> = Sql::new(format!(
                    "{select} WHERE id NOT IN (SELECT record_id FROM asset_terms WHERE kind = $1) ORDER BY id LIMIT 1000"
                ))
                .bind(of.as_str())
                .fetch_all(self.db())
                .await?;
                if rows.is_empty() {
                    break;
                }
                let mut tx = self.begin().await?;
                for (id, a, b, c) in &rows {
                    write_terms(&mut tx, of, *id, [a.as_str(), b.as_str(), c.as_str()]).await?;
                }
                tx.commit().await?;
                done += rows.len();
            }
        }
        Ok(done)
    }
}

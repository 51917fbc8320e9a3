//! The terms assets and configuration items are searched by (`asset_terms`; the terms
//! themselves come from `domain::assets::search`): written with each record, read as one
//! index range per search word.

use std::collections::BTreeSet;

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
    insert_terms(tx, of, [(id, terms(texts))]).await
}

/// Writes the terms of records that have none yet, each `(record id, its terms)`, within
/// `tx`, in as few statements as the argument limits allow.
pub(crate) async fn insert_terms(
    tx: &mut Tx,
    of: TermsOf,
    records: impl IntoIterator<Item = (i64, BTreeSet<String>)>,
) -> Result<(), StoreError> {
    let rows = records
        .into_iter()
        .flat_map(|(id, terms)| {
            terms.into_iter().map(move |t| vec![Arg::from(of.as_str()), Arg::from(t), Arg::from(id)])
        })
        .collect();
    for sql in Sql::insert_many("asset_terms", &["kind", "term", "record_id"], rows, "") {
        sql.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Appends that the record in `id_column` has, for each of `words`, a term starting with
/// it: one set of ids per word, intersected, so that a frequent word ("laptop") costs
/// only its index range, never a probe per record.
pub(crate) fn push_words(sql: &mut Sql, of: TermsOf, id_column: &str, words: &[String]) {
    if words.is_empty() {
        return;
    }
    let sets: Vec<String> = words
        .iter()
        .map(|word| {
            let kind = sql.arg(of.as_str());
            let from = sql.arg(word.as_str());
            let to = sql.arg(after_prefix(word));
            format!("SELECT record_id FROM asset_terms WHERE kind = {kind} AND term >= {from} AND term < {to}")
        })
        .collect();
    sql.push(&format!(" AND {id_column} IN ({})", sets.join(" INTERSECT ")));
}

impl Store {
    /// Indexes the assets and items that have no terms yet (made before the index
    /// existed), a thousand at a time; returns how many.
    pub async fn index_unindexed_terms(&self) -> Result<usize, StoreError> {
        let mut done = 0;
        for (of, select) in [
            (TermsOf::Asset, "SELECT r.id, r.tag, COALESCE(r.serial, ''), r.name FROM assets r"),
            (TermsOf::Ci, "SELECT r.id, r.name, '', '' FROM cis r"),
        ] {
            loop {
                // NOT EXISTS, one index probe a record: PostgreSQL runs a NOT IN over more ids
                // than its work memory holds as a nested loop (minutes at 100,000 assets).
                let rows: Vec<(i64, String, String, String)> = Sql::new(format!(
                    "{select} WHERE NOT EXISTS (SELECT 1 FROM asset_terms t WHERE t.kind = $1 AND t.record_id = r.id)
                     ORDER BY r.id LIMIT 1000"
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

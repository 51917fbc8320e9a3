//! Configuration items, their typed relationships (with which end depends on the other
//! written out), the departments and people who use a business service, and the walk
//! from one item to everything that depends on it.

use helmdesk_domain::assets::search::words;

use std::collections::HashMap;

use helmdesk_domain::assets::search::terms;

use crate::assets::history::{Change, HistoryOf, insert_history, insert_history_lines};
use crate::assets::search::{TermsOf, insert_terms, push_words, write_terms};
use crate::db::{Arg, ids_by_key};
use crate::platform::users::push_in;
use crate::{Backend, Sql, Store, StoreError};

/// A configuration item as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct CiRow {
    pub id: i64,
    pub name: String,
    pub class: String,
    pub organisation_id: i64,
    pub asset_id: Option<i64>,
    pub source_type: Option<String>,
    pub source_subtype: Option<String>,
    pub external_ref: Option<String>,
    pub criticality: Option<String>,
    pub owner_user_id: Option<i64>,
    pub description: String,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An item with the names of what it refers to, for display.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CiView {
    #[sqlx(flatten)]
    pub ci: CiRow,
    pub organisation_name: String,
    pub asset_tag: Option<String>,
    pub owner_name: Option<String>,
}

/// Which items a list shows, newest first, a page after `before` (an id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CiFilter {
    /// The organisations whose items may be listed (`None`: all).
    pub organisations: Option<Vec<i64>>,
    pub class: Option<String>,
    /// Words that each start a term of the name (`domain::assets::search`).
    pub search: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// A relationship to write: "source kind target", dependant and provider worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRelationRow {
    pub source_id: i64,
    pub kind: String,
    pub target_id: i64,
    pub dependant_id: i64,
    pub provider_id: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

/// A stored relationship with both ends named.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RelationView {
    pub id: i64,
    pub source_id: i64,
    pub kind: String,
    pub target_id: i64,
    pub created_at: i64,
    pub source_name: String,
    pub source_class: String,
    pub source_organisation_id: i64,
    pub target_name: String,
    pub target_class: String,
    pub target_organisation_id: i64,
}

/// An item reached from the failing one, with the edge it was reached by.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ImpactEdgeRow {
    pub dependant_id: i64,
    pub provider_id: i64,
    pub name: String,
    pub class: String,
    pub organisation_id: i64,
    pub criticality: Option<String>,
}

/// A department or person who uses a business service.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConsumerRow {
    pub id: i64,
    pub ci_id: i64,
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
    /// The department's or the person's name.
    pub name: String,
    /// The person's organisation, or the department's.
    pub organisation_id: i64,
}

const VIEW_SELECT: &str = "SELECT c.*, o.name AS organisation_name, a.tag AS asset_tag, u.name AS owner_name
    FROM cis c
    JOIN organisations o ON o.id = c.organisation_id
    LEFT JOIN assets a ON a.id = c.asset_id
    LEFT JOIN users u ON u.id = c.owner_user_id";

const RELATION_SELECT: &str = "SELECT r.id, r.source_id, r.kind, r.target_id, r.created_at,
        s.name AS source_name, s.class AS source_class, s.organisation_id AS source_organisation_id,
        t.name AS target_name, t.class AS target_class, t.organisation_id AS target_organisation_id
    FROM ci_relations r JOIN cis s ON s.id = r.source_id JOIN cis t ON t.id = r.target_id";

/// The items that depend on `$1`, transitively (itself included); `UNION` drops what a
/// cycle brings back, so the walk ends.
const IMPACTED: &str = "WITH RECURSIVE impacted(id) AS (
        SELECT CAST($1 AS BIGINT)
        UNION
        SELECT r.dependant_id FROM ci_relations r JOIN impacted i ON r.provider_id = i.id
    )";

const CONSUMER_SELECT: &str = "SELECT k.id, k.ci_id, k.department_id, k.user_id,
        COALESCE(d.name, u.name) AS name, COALESCE(d.organisation_id, u.organisation_id) AS organisation_id
    FROM ci_consumers k LEFT JOIN departments d ON d.id = k.department_id LEFT JOIN users u ON u.id = k.user_id";

/// The columns a save writes, in the order [`writable_args`] gives their values.
const WRITABLE: &[&str] = &[
    "name",
    "class",
    "organisation_id",
    "asset_id",
    "source_type",
    "source_subtype",
    "external_ref",
    "criticality",
    "owner_user_id",
    "description",
    "updated_at",
];

fn writable_args(c: &CiRow) -> Vec<Arg> {
    vec![
        Arg::from(&c.name),
        Arg::from(&c.class),
        Arg::from(c.organisation_id),
        Arg::from(c.asset_id),
        Arg::from(c.source_type.clone()),
        Arg::from(c.source_subtype.clone()),
        Arg::from(c.external_ref.clone()),
        Arg::from(c.criticality.clone()),
        Arg::from(c.owner_user_id),
        Arg::from(&c.description),
        Arg::from(c.updated_at),
    ]
}

impl Store {
    /// Adds an item with its creation in the history, in one transaction. An asset that
    /// already has an item, or an external reference already used, is a conflict.
    pub async fn create_ci(&self, new: &CiRow, changes: &[Change]) -> Result<CiRow, StoreError> {
        let mut tx = self.begin().await?;
        let mut columns = WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let mut args = writable_args(new);
        args.extend([Arg::from(new.created_by), Arg::from(new.created_at)]);
        let saved: CiRow = Sql::insert_returning("cis", &columns, args).fetch_one(&mut tx).await?;
        write_terms(&mut tx, TermsOf::Ci, saved.id, [saved.name.as_str()]).await?;
        insert_history(&mut tx, HistoryOf::Ci, saved.id, saved.created_by, changes, saved.created_at).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Finds the items whose external references `rows` carry and creates the others,
    /// each with its search terms and a "created" history line, in one transaction (an
    /// import's items, all made by `actor_id` at their `created_at`). Rows without an
    /// external reference are ignored. Returns every row's id by external reference and
    /// how many were created.
    pub async fn ensure_cis(&self, rows: &[CiRow]) -> Result<(HashMap<String, i64>, usize), StoreError> {
        let mut tx = self.begin().await?;
        let keys: Vec<String> = rows.iter().filter_map(|r| r.external_ref.clone()).collect();
        let mut ids = ids_by_key(&mut tx, "cis", "external_ref", &keys).await?;
        let new: Vec<&CiRow> =
            rows.iter().filter(|r| r.external_ref.as_ref().is_some_and(|k| !ids.contains_key(k))).collect();
        let mut columns = WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let values = new
            .iter()
            .map(|r| {
                let mut args = writable_args(r);
                args.extend([Arg::from(r.created_by), Arg::from(r.created_at)]);
                args
            })
            .collect();
        for sql in Sql::insert_many("cis", &columns, values, "ON CONFLICT (external_ref) DO NOTHING") {
            sql.execute(&mut tx).await?;
        }
        let new_keys: Vec<String> = new.iter().filter_map(|r| r.external_ref.clone()).collect();
        let created = ids_by_key(&mut tx, "cis", "external_ref", &new_keys).await?;
        let made: Vec<(i64, &CiRow, Change)> = new
            .iter()
            .filter_map(|r| Some((*created.get(r.external_ref.as_deref()?)?, *r, Change::created(&r.class))))
            .collect();
        insert_terms(&mut tx, TermsOf::Ci, made.iter().map(|(id, r, _)| (*id, terms([r.name.as_str()])))).await?;
        let lines = made.iter().map(|(id, r, line)| (*id, r.created_by, line, r.created_at));
        insert_history_lines(&mut tx, HistoryOf::Ci, lines).await?;
        tx.commit().await?;
        let count = created.len();
        ids.extend(created);
        Ok((ids, count))
    }

    /// Adds the relationships among `relations` that do not exist yet, in one transaction,
    /// without history lines (an import's, whose items were just made); returns how many
    /// were added.
    pub async fn ensure_ci_relations(&self, relations: &[NewRelationRow]) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let rows = relations
            .iter()
            .map(|r| {
                vec![
                    Arg::from(r.source_id),
                    Arg::from(&r.kind),
                    Arg::from(r.target_id),
                    Arg::from(r.dependant_id),
                    Arg::from(r.provider_id),
                    Arg::from(r.created_by),
                    Arg::from(r.created_at),
                ]
            })
            .collect();
        let columns = ["source_id", "kind", "target_id", "dependant_id", "provider_id", "created_by", "created_at"];
        let mut added = 0;
        for sql in
            Sql::insert_many("ci_relations", &columns, rows, "ON CONFLICT (source_id, kind, target_id) DO NOTHING")
        {
            added += sql.execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Saves an item's new state if it is still at `expected_version`, with its history
    /// lines, in one transaction. A changed item is [`StoreError::Stale`].
    pub async fn save_ci(
        &self,
        c: &CiRow,
        expected_version: i64,
        actor_id: Option<i64>,
        changes: &[Change],
    ) -> Result<CiRow, StoreError> {
        let mut tx = self.begin().await?;
        let sql = Sql::update_versioned("cis", WRITABLE, writable_args(c), c.id, expected_version);
        let saved: Option<CiRow> = sql.fetch_optional(&mut tx).await?;
        let saved = saved.ok_or(StoreError::Stale)?;
        write_terms(&mut tx, TermsOf::Ci, c.id, [saved.name.as_str()]).await?;
        insert_history(&mut tx, HistoryOf::Ci, c.id, actor_id, changes, c.updated_at).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// One item with its names.
    pub async fn ci(&self, id: i64) -> Result<CiView, StoreError> {
        Sql::new(format!("{VIEW_SELECT} WHERE c.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// A page of items, newest first.
    pub async fn cis(&self, filter: &CiFilter) -> Result<Vec<CiView>, StoreError> {
        let mut sql = Sql::new(format!("{VIEW_SELECT} WHERE 1 = 1"));
        if let Some(orgs) = &filter.organisations {
            push_in(&mut sql, "c.organisation_id", orgs);
        }
        if let Some(class) = &filter.class {
            let p = sql.arg(class);
            sql.push(&format!(" AND c.class = {p}"));
        }
        if let Some(id) = filter.before {
            let p = sql.arg(id);
            sql.push(&format!(" AND c.id < {p}"));
        }
        if let Some(search) = &filter.search {
            push_words(&mut sql, TermsOf::Ci, "c.id", &words(search));
        }
        let limit = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY c.id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// The ids of the items named `name` (in any case) within `organisations` (`None`:
    /// all), at most `limit`.
    pub async fn ci_ids_named(
        &self,
        name: &str,
        organisations: Option<&[i64]>,
        limit: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut sql = Sql::new("SELECT id FROM cis WHERE lower(name) = lower($1)").bind(name);
        if let Some(orgs) = organisations {
            push_in(&mut sql, "organisation_id", orgs);
        }
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY id LIMIT {p}"));
        let rows: Vec<(i64,)> = sql.fetch_all(self.db()).await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The item that stands for an asset, if any.
    pub async fn ci_of_asset(&self, asset_id: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> =
            Sql::new("SELECT id FROM cis WHERE asset_id = $1").bind(asset_id).fetch_optional(self.db()).await?;
        Ok(row.map(|r| r.0))
    }

    /// An item's relationships, both ways, oldest first.
    pub async fn ci_relations(&self, ci_id: i64) -> Result<Vec<RelationView>, StoreError> {
        Sql::new(format!("{RELATION_SELECT} WHERE r.source_id = $1 OR r.target_id = $1 ORDER BY r.id"))
            .bind(ci_id)
            .fetch_all(self.db())
            .await
    }

    /// One relationship.
    pub async fn ci_relation(&self, id: i64) -> Result<RelationView, StoreError> {
        Sql::new(format!("{RELATION_SELECT} WHERE r.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// Adds a relationship with a history line on each end, in one transaction. The same
    /// relationship twice is a conflict.
    pub async fn add_ci_relation(
        &self,
        r: &NewRelationRow,
        source_line: &Change,
        target_line: &Change,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = Sql::new(
            "INSERT INTO ci_relations (source_id, kind, target_id, dependant_id, provider_id, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(r.source_id)
        .bind(&r.kind)
        .bind(r.target_id)
        .bind(r.dependant_id)
        .bind(r.provider_id)
        .bind(r.created_by)
        .bind(r.created_at)
        .scalar(&mut tx)
        .await?;
        let lines = [(r.source_id, source_line), (r.target_id, target_line)];
        for (ci, line) in lines {
            insert_history(&mut tx, HistoryOf::Ci, ci, r.created_by, std::slice::from_ref(line), r.created_at).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Removes a relationship with a history line on each end, in one transaction.
    pub async fn remove_ci_relation(
        &self,
        r: &RelationView,
        actor_id: Option<i64>,
        at: i64,
        source_line: &Change,
        target_line: &Change,
    ) -> Result<(), StoreError> {
        self.delete_noting(
            "ci_relations",
            r.id,
            &[(r.source_id, source_line), (r.target_id, target_line)],
            actor_id,
            at,
        )
        .await
    }

    /// Deletes row `id` of `table` and writes each (item, line) of `lines` to the item's
    /// history, in one transaction; a row already gone is not found.
    async fn delete_noting(
        &self,
        table: &str,
        id: i64,
        lines: &[(i64, &Change)],
        actor_id: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let gone = Sql::new(format!("DELETE FROM {table} WHERE id = $1")).bind(id).execute(&mut tx).await?;
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        for (ci, line) in lines {
            insert_history(&mut tx, HistoryOf::Ci, *ci, actor_id, std::slice::from_ref(*line), at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every dependency inside what depends on `root` (transitively): one row per edge
    /// whose provider is `root` or one of its dependants, with the dependant's facts.
    pub async fn impact_edges(&self, root: i64) -> Result<Vec<ImpactEdgeRow>, StoreError> {
        // From the walk's items to their relationships: SQLite would otherwise scan every
        // relationship and probe the walk (a second at 500,000), so its CROSS JOIN keeps
        // this order; PostgreSQL plans it well by itself.
        let join = match self.backend() {
            Backend::Sqlite => "CROSS JOIN",
            Backend::Postgres => "JOIN",
        };
        Sql::new(format!(
            "{IMPACTED}
             SELECT r.dependant_id, r.provider_id, c.name, c.class, c.organisation_id, c.criticality
             FROM impacted i {join} ci_relations r ON r.provider_id = i.id JOIN cis c ON c.id = r.dependant_id"
        ))
        .bind(root)
        .fetch_all(self.db())
        .await
    }

    /// The departments and people who use any of `services`.
    pub async fn consumers_of(&self, services: &[i64]) -> Result<Vec<ConsumerRow>, StoreError> {
        let mut sql = Sql::new(format!("{CONSUMER_SELECT} WHERE 1 = 1"));
        push_in(&mut sql, "k.ci_id", services);
        sql.push(" ORDER BY name, k.id");
        sql.fetch_all(self.db()).await
    }

    /// Who uses a business service.
    pub async fn ci_consumers(&self, ci_id: i64) -> Result<Vec<ConsumerRow>, StoreError> {
        Sql::new(format!("{CONSUMER_SELECT} WHERE k.ci_id = $1 ORDER BY name, k.id"))
            .bind(ci_id)
            .fetch_all(self.db())
            .await
    }

    /// One consumer.
    pub async fn ci_consumer(&self, id: i64) -> Result<ConsumerRow, StoreError> {
        Sql::new(format!("{CONSUMER_SELECT} WHERE k.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// Adds a department or a person (exactly one is set) to a service's users, with a
    /// history line. The same one twice is a conflict.
    pub async fn add_ci_consumer(
        &self,
        ci_id: i64,
        department_id: Option<i64>,
        user_id: Option<i64>,
        actor_id: Option<i64>,
        at: i64,
        line: &Change,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = Sql::new(
            "INSERT INTO ci_consumers (ci_id, department_id, user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(ci_id)
        .bind(department_id)
        .bind(user_id)
        .bind(at)
        .scalar(&mut tx)
        .await?;
        insert_history(&mut tx, HistoryOf::Ci, ci_id, actor_id, std::slice::from_ref(line), at).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes one of a service's users, with a history line.
    pub async fn remove_ci_consumer(
        &self,
        c: &ConsumerRow,
        actor_id: Option<i64>,
        at: i64,
        line: &Change,
    ) -> Result<(), StoreError> {
        self.delete_noting("ci_consumers", c.id, &[(c.ci_id, line)], actor_id, at).await
    }
}

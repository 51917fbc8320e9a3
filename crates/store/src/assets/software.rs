//! The software catalogue: products, the spellings devices report and the product each
//! counts as, administrators' naming rules, and the installations on each device.

use std::collections::HashMap;

use crate::db::Arg;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError, Tx};

/// A product of a publisher.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub publisher: String,
    pub name: String,
    pub created_at: i64,
}

/// An administrator's naming rule.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub position: i64,
    pub pattern: String,
    pub publisher: Option<String>,
    pub product: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

/// A name and publisher as reported, and the product it counts as.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpellingRow {
    pub id: i64,
    pub name: String,
    pub publisher: String,
    pub product_id: i64,
}

/// An installation with its spelling, product and device.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct InstallationView {
    pub id: i64,
    pub asset_id: i64,
    pub product_id: i64,
    pub version: String,
    pub source: String,
    pub installed_on: Option<String>,
    pub created_at: i64,
    pub seen_at: i64,
    pub reported_name: String,
    pub reported_publisher: String,
    pub product_name: String,
    pub product_publisher: String,
    pub asset_tag: String,
    pub asset_name: String,
    pub organisation_id: i64,
}

/// How many installations and devices a product has (within the organisations asked).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ProductCount {
    pub product_id: i64,
    pub installations: i64,
    pub devices: i64,
}

/// A product's use in one organisation, as the count job last counted it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UsageRow {
    pub product_id: i64,
    pub organisation_id: i64,
    pub installations: i64,
    pub devices: i64,
    /// The people holding the devices.
    pub users: i64,
    pub computed_at: i64,
}

/// An installation to write: the spelling and product it counts as, and its version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Installed {
    pub spelling_id: i64,
    pub product_id: i64,
    pub version: String,
}

/// Where an installation recorded by hand or imported comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    /// `manual` or `import`.
    pub source: &'a str,
    /// The day it was installed, when known (ISO).
    pub installed_on: Option<&'a str>,
    pub created_by: i64,
}

/// What an agent's report changed in a device's installations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InstallationChanges {
    pub added: usize,
    pub removed: usize,
    pub updated: usize,
}

impl InstallationChanges {
    pub fn is_empty(&self) -> bool {
        self.added + self.removed + self.updated == 0
    }
}

const INSTALLATION_VIEW: &str = "SELECT i.id, i.asset_id, i.product_id, i.version, i.source, i.installed_on,
        i.created_at, i.seen_at, s.name AS reported_name, s.publisher AS reported_publisher,
        p.name AS product_name, p.publisher AS product_publisher, a.tag AS asset_tag, a.name AS asset_name,
        a.organisation_id
     FROM installations i JOIN software_spellings s ON s.id = i.spelling_id
     JOIN software_products p ON p.id = i.product_id JOIN assets a ON a.id = i.asset_id";

/// Filters of the catalogue's list.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Held in the product's or publisher's name (any case).
    pub search: Option<String>,
    /// After this product, in name order.
    pub after: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// The naming rules, in the order they are tried.
    pub async fn software_rules(&self) -> Result<Vec<RuleRow>, StoreError> {
        Sql::new("SELECT * FROM software_rules ORDER BY position, id").fetch_all(self.db()).await
    }

    /// Adds a naming rule after the others.
    pub async fn create_software_rule(
        &self,
        pattern: &str,
        publisher: Option<&str>,
        product: &str,
        created_by: i64,
        now: i64,
    ) -> Result<RuleRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO software_rules (position, pattern, publisher, product, created_by, created_at)
                 VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM software_rules), $1, $2, $3, $4, $5) RETURNING *",
            )
            .bind(pattern)
            .bind(publisher)
            .bind(product)
            .bind(created_by)
            .bind(now),
        )
        .await
    }

    /// Removes a naming rule; an unknown one is not found.
    pub async fn delete_software_rule(&self, id: i64) -> Result<(), StoreError> {
        let done = Sql::new("DELETE FROM software_rules WHERE id = $1").bind(id).execute(self.db()).await?;
        if done == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Every spelling, for naming them again after the rules changed.
    pub async fn software_spellings(&self) -> Result<Vec<SpellingRow>, StoreError> {
        Sql::new("SELECT id, name, publisher, product_id FROM software_spellings ORDER BY id")
            .fetch_all(self.db())
            .await
    }

    /// Counts spelling `id` as product `product_id` from now on, with its installations;
    /// products no spelling counts as any more go.
    pub async fn rename_spelling(&self, id: i64, product_id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let sql = Sql::new("UPDATE software_spellings SET product_id = $1 WHERE id = $2").bind(product_id).bind(id);
        sql.execute(&mut tx).await?;
        let sql = Sql::new("UPDATE installations SET product_id = $1 WHERE spelling_id = $2").bind(product_id).bind(id);
        sql.execute(&mut tx).await?;
        tx.commit().await
    }

    /// Removes the products no spelling counts as and no licence is for.
    pub async fn delete_unused_products(&self) -> Result<u64, StoreError> {
        Sql::new(
            "DELETE FROM software_products WHERE NOT EXISTS
             (SELECT 1 FROM software_spellings s WHERE s.product_id = software_products.id)
             AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.product_id = software_products.id)",
        )
        .execute(self.db())
        .await
    }

    /// The id of each product in `products` (publisher, name), made when new: any case of
    /// a name already there is that product.
    pub async fn product_ids(
        &self,
        tx: &mut Tx,
        products: &[(String, String)],
        now: i64,
    ) -> Result<HashMap<(String, String), i64>, StoreError> {
        let key = |publisher: &str, name: &str| (publisher.to_lowercase(), name.to_lowercase());
        let mut found = HashMap::new();
        for chunk in products.chunks(1000) {
            let rows = chunk.iter().map(|(p, n)| vec![Arg::from(p), Arg::from(n), Arg::from(now)]).collect();
            for sql in Sql::insert_many(
                "software_products",
                &["publisher", "name", "created_at"],
                rows,
                "ON CONFLICT DO NOTHING",
            ) {
                sql.execute(&mut *tx).await?;
            }
            let names: Vec<String> = chunk.iter().map(|(_, n)| n.to_lowercase()).collect();
            let mut sql = Sql::new("SELECT * FROM software_products WHERE 1 = 1");
            push_in(&mut sql, "lower(name)", &names);
            for row in sql.fetch_all::<ProductRow>(&mut *tx).await? {
                found.insert(key(&row.publisher, &row.name), row.id);
            }
        }
        Ok(products.iter().filter_map(|(p, n)| Some(((p.clone(), n.clone()), *found.get(&key(p, n))?))).collect())
    }

    /// The spellings of `names` (name, publisher) already known.
    pub async fn spellings_of(
        &self,
        tx: &mut Tx,
        names: &[(String, String)],
    ) -> Result<HashMap<(String, String), SpellingRow>, StoreError> {
        let mut out = HashMap::new();
        for chunk in names.chunks(1000) {
            let just_names: Vec<String> = chunk.iter().map(|(n, _)| n.clone()).collect();
            let mut sql = Sql::new("SELECT id, name, publisher, product_id FROM software_spellings WHERE 1 = 1");
            push_in(&mut sql, "name", &just_names);
            for row in sql.fetch_all::<SpellingRow>(&mut *tx).await? {
                out.insert((row.name.clone(), row.publisher.clone()), row);
            }
        }
        Ok(out)
    }

    /// Records new spellings (name, publisher, product id); ones another writer recorded
    /// meanwhile are kept as they are.
    pub async fn add_spellings(
        &self,
        tx: &mut Tx,
        spellings: &[(String, String, i64)],
        now: i64,
    ) -> Result<(), StoreError> {
        let rows = spellings
            .iter()
            .map(|(n, p, product)| vec![Arg::from(n), Arg::from(p), Arg::from(*product), Arg::from(now)])
            .collect();
        let columns = ["name", "publisher", "product_id", "created_at"];
        for sql in Sql::insert_many("software_spellings", &columns, rows, "ON CONFLICT DO NOTHING") {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Makes what an agent reported the device's agent installations: new ones added,
    /// versions updated, ones no longer reported removed. Installations a person added
    /// stay (their version follows the report).
    pub async fn replace_agent_installations(
        &self,
        tx: &mut Tx,
        asset_id: i64,
        reported: &[Installed],
        now: i64,
    ) -> Result<InstallationChanges, StoreError> {
        let sql =
            Sql::new("SELECT id, spelling_id, version, source FROM installations WHERE asset_id = $1").bind(asset_id);
        let existing: Vec<(i64, i64, String, String)> = sql.fetch_all(&mut *tx).await?;
        let by_spelling: HashMap<i64, &Installed> = reported.iter().map(|r| (r.spelling_id, r)).collect();
        let mut changes = InstallationChanges::default();
        let mut gone = Vec::new();
        let mut known = std::collections::HashSet::new();
        for (id, spelling_id, version, source) in &existing {
            known.insert(*spelling_id);
            match by_spelling.get(spelling_id) {
                None if source == "agent" => gone.push(*id),
                None => {}
                Some(r) if r.version != *version => {
                    let sql = Sql::new("UPDATE installations SET version = $1, seen_at = $2 WHERE id = $3")
                        .bind(&r.version)
                        .bind(now)
                        .bind(*id);
                    sql.execute(&mut *tx).await?;
                    changes.updated += 1;
                }
                Some(_) => {}
            }
        }
        for chunk in gone.chunks(1000) {
            let mut sql = Sql::new("DELETE FROM installations WHERE 1 = 1");
            push_in(&mut sql, "id", chunk);
            changes.removed += sql.execute(&mut *tx).await? as usize;
        }
        let fresh: Vec<Vec<Arg>> = by_spelling
            .values()
            .filter(|r| !known.contains(&r.spelling_id))
            .map(|r| {
                vec![
                    Arg::from(asset_id),
                    Arg::from(r.spelling_id),
                    Arg::from(r.product_id),
                    Arg::from(&r.version),
                    Arg::from("agent"),
                    Arg::from(now),
                    Arg::from(now),
                ]
            })
            .collect();
        changes.added = fresh.len();
        let columns = ["asset_id", "spelling_id", "product_id", "version", "source", "created_at", "seen_at"];
        for sql in Sql::insert_many("installations", &columns, fresh, "") {
            sql.execute(&mut *tx).await?;
        }
        // The rows just added or updated carry `now` already: each row is written once.
        Sql::new("UPDATE installations SET seen_at = $1 WHERE asset_id = $2 AND source = 'agent' AND seen_at <> $1")
            .bind(now)
            .bind(asset_id)
            .execute(&mut *tx)
            .await?;
        Ok(changes)
    }

    /// Records an installation typed by a person or imported; the same spelling on the
    /// same device twice is a conflict.
    pub async fn add_installation(
        &self,
        tx: &mut Tx,
        asset_id: i64,
        installed: &Installed,
        origin: &Origin<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        Sql::new(
            "INSERT INTO installations (asset_id, spelling_id, product_id, version, source, installed_on, created_by,
                 created_at, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(asset_id)
        .bind(installed.spelling_id)
        .bind(installed.product_id)
        .bind(&installed.version)
        .bind(origin.source)
        .bind(origin.installed_on)
        .bind(origin.created_by)
        .bind(now)
        .scalar(&mut *tx)
        .await
    }

    /// One installation.
    pub async fn installation(&self, id: i64) -> Result<InstallationView, StoreError> {
        Sql::new(format!("{INSTALLATION_VIEW} WHERE i.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// Removes an installation.
    pub async fn delete_installation(&self, tx: &mut Tx, id: i64) -> Result<(), StoreError> {
        let done = Sql::new("DELETE FROM installations WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if done == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// What is installed on a device, by product name.
    pub async fn installations_on(&self, asset_id: i64) -> Result<Vec<InstallationView>, StoreError> {
        Sql::new(format!("{INSTALLATION_VIEW} WHERE i.asset_id = $1 ORDER BY lower(p.name), i.id"))
            .bind(asset_id)
            .fetch_all(self.db())
            .await
    }

    /// A page of a product's installations within `organisations` (`None`: all), newest
    /// device first, before device `before`.
    pub async fn installations_of(
        &self,
        product_id: i64,
        organisations: Option<&[i64]>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<InstallationView>, StoreError> {
        let mut sql = Sql::new(format!("{INSTALLATION_VIEW} WHERE i.product_id = $1")).bind(product_id);
        if let Some(orgs) = organisations {
            push_in(&mut sql, "a.organisation_id", orgs);
        }
        if let Some(before) = before {
            let p = sql.arg(before);
            sql.push(&format!(" AND i.asset_id < {p}"));
        }
        let limit = sql.arg(limit);
        sql.push(&format!(" ORDER BY i.asset_id DESC, i.id LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// One product.
    pub async fn software_product(&self, id: i64) -> Result<ProductRow, StoreError> {
        Sql::new("SELECT * FROM software_products WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// A page of the catalogue, by name.
    pub async fn software_products(&self, filter: &ProductFilter) -> Result<Vec<ProductRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM software_products p WHERE 1 = 1");
        if let Some(search) = &filter.search {
            let held = format!("%{}%", search.to_lowercase().replace('!', "!!").replace('%', "!%").replace('_', "!_"));
            let p = sql.arg(held);
            sql.push(&format!(" AND (lower(p.name) LIKE {p} ESCAPE '!' OR lower(p.publisher) LIKE {p} ESCAPE '!')"));
        }
        if let Some(after) = filter.after {
            let p = sql.arg(after);
            sql.push(&format!(
                " AND (lower(p.name), p.id) > (SELECT lower(name), id FROM software_products WHERE id = {p})"
            ));
        }
        let limit = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY lower(p.name), p.id LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// How many installations and devices each of `products` has within `organisations`
    /// (`None`: all).
    pub async fn product_counts(
        &self,
        products: &[i64],
        organisations: Option<&[i64]>,
    ) -> Result<Vec<ProductCount>, StoreError> {
        let mut sql = Sql::new(
            "SELECT i.product_id, COUNT(*) AS installations, COUNT(DISTINCT i.asset_id) AS devices
             FROM installations i",
        );
        if let Some(orgs) = organisations {
            sql.push(" JOIN assets a ON a.id = i.asset_id WHERE 1 = 1");
            push_in(&mut sql, "a.organisation_id", orgs);
        } else {
            sql.push(" WHERE 1 = 1");
        }
        push_in(&mut sql, "i.product_id", products);
        sql.push(" GROUP BY i.product_id");
        sql.fetch_all(self.db()).await
    }

    /// How many installations and devices each of `products` had within `organisations`
    /// (`None`: all) at the last count: what the catalogue lists, read from
    /// `software_usage` and not counted per request.
    pub async fn counted_product_use(
        &self,
        products: &[i64],
        organisations: Option<&[i64]>,
    ) -> Result<Vec<ProductCount>, StoreError> {
        let mut sql = Sql::new(
            "SELECT product_id, CAST(SUM(installations) AS BIGINT) AS installations, CAST(SUM(devices) AS BIGINT) AS devices
             FROM software_usage WHERE 1 = 1",
        );
        push_in(&mut sql, "product_id", products);
        if let Some(orgs) = organisations {
            push_in(&mut sql, "organisation_id", orgs);
        }
        sql.push(" GROUP BY product_id");
        sql.fetch_all(self.db()).await
    }

    /// Counts the use of every product (of `products` only, when given) in each
    /// organisation again: counted by a read (which on SQLite does not hold the one writer,
    /// so inventories go on being written, each queueing the next count), then written in
    /// one short transaction.
    pub async fn refresh_software_usage(&self, products: Option<&[i64]>, now: i64) -> Result<(), StoreError> {
        let mut count = Sql::new(
            "SELECT i.product_id, a.organisation_id, COUNT(*), COUNT(DISTINCT i.asset_id), COUNT(DISTINCT a.holder_user_id)
             FROM installations i JOIN assets a ON a.id = i.asset_id WHERE 1 = 1",
        );
        let mut delete = Sql::new("DELETE FROM software_usage WHERE 1 = 1");
        if let Some(products) = products {
            push_in(&mut count, "i.product_id", products);
            push_in(&mut delete, "product_id", products);
        }
        count.push(" GROUP BY i.product_id, a.organisation_id");
        let counted: Vec<(i64, i64, i64, i64, i64)> = count.fetch_all(self.db()).await?;
        let rows = counted
            .into_iter()
            .map(|(product, organisation, installations, devices, users)| {
                [product, organisation, installations, devices, users, now].map(Arg::from).to_vec()
            })
            .collect();
        let columns = ["product_id", "organisation_id", "installations", "devices", "users", "computed_at"];
        // Two counts at once (two workers) each write every row: the later one's stand.
        let upsert = "ON CONFLICT (product_id, organisation_id) DO UPDATE SET
             installations = excluded.installations, devices = excluded.devices, users = excluded.users,
             computed_at = excluded.computed_at";
        let mut tx = self.begin().await?;
        delete.execute(&mut tx).await?;
        for insert in Sql::insert_many("software_usage", &columns, rows, upsert) {
            insert.execute(&mut tx).await?;
        }
        tx.commit().await
    }

    /// The use of `products` at the last count, per organisation.
    pub async fn software_usage(&self, products: &[i64]) -> Result<Vec<UsageRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM software_usage WHERE 1 = 1");
        push_in(&mut sql, "product_id", products);
        sql.fetch_all(self.db()).await
    }

    /// A product's versions as reported, with how many installations have each, within
    /// `organisations` (`None`: all).
    pub async fn product_versions(
        &self,
        product_id: i64,
        organisations: Option<&[i64]>,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut sql = Sql::new("SELECT i.version, COUNT(*) FROM installations i JOIN assets a ON a.id = i.asset_id WHERE i.product_id = $1")
            .bind(product_id);
        if let Some(orgs) = organisations {
            push_in(&mut sql, "a.organisation_id", orgs);
        }
        sql.push(" GROUP BY i.version");
        sql.fetch_all(self.db()).await
    }

    /// The spellings counted as a product, for its page.
    pub async fn spellings_of_product(&self, product_id: i64) -> Result<Vec<SpellingRow>, StoreError> {
        Sql::new("SELECT id, name, publisher, product_id FROM software_spellings WHERE product_id = $1 ORDER BY name LIMIT 200")
            .bind(product_id)
            .fetch_all(self.db())
            .await
    }
}

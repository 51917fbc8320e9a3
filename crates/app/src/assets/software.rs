//! The software catalogue and what is installed where: products (publisher and name),
//! the spellings devices report and the product each counts as (domain::assets::software),
//! administrators' naming rules, and installations from discovery or typed by hand. The
//! catalogue is every organisation's; installations are seen with their devices.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use helmdesk_domain::assets::software::{self, Rule, normal_version};
use helmdesk_domain::validate;
use helmdesk_store::Tx;
use helmdesk_store::assets::history::{Change, HistoryOf, insert_history};
use helmdesk_store::assets::software::{InstallationView, Installed, Origin, ProductFilter, ProductRow, RuleRow};
use helmdesk_store::jobs::NewJob;
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::hardware::{cut_page, page_limit, search_text};
use crate::{Actor, App, AppError, Page, decode_cursor, ts};

/// Longest reported name, publisher or version kept, in characters.
pub const NAME_MAX: usize = 200;

/// A product in the catalogue, with how many installations and devices the reader sees.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SoftwareProduct {
    pub id: i64,
    /// Empty when nothing says who publishes it.
    pub publisher: String,
    pub name: String,
    pub installations: i64,
    pub devices: i64,
}

/// A version of a product (its dotted numbers: "1:2.6-3" is "2.6") and how many
/// installations have it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionCount {
    pub version: String,
    pub installations: i64,
}

/// A way devices spell a product.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Spelling {
    pub name: String,
    pub publisher: String,
}

/// A product with its versions and the spellings counted as it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SoftwareDetail {
    #[serde(flatten)]
    pub product: SoftwareProduct,
    pub versions: Vec<VersionCount>,
    /// Up to 200 of them.
    pub spellings: Vec<Spelling>,
}

/// Software installed on a device.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Installation {
    pub id: i64,
    pub asset_id: i64,
    pub asset_tag: String,
    pub asset_name: String,
    pub product_id: i64,
    pub product: String,
    pub publisher: String,
    /// The name as the device or person reported it.
    pub reported_name: String,
    /// As reported.
    pub version: String,
    /// `agent`: reported by discovery (its next report replaces it); `manual` or `import`:
    /// kept until removed.
    pub source: String,
    pub installed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// When it was last reported (or added).
    pub seen_at: DateTime<Utc>,
}

impl From<InstallationView> for Installation {
    fn from(v: InstallationView) -> Installation {
        Installation {
            id: v.id,
            asset_id: v.asset_id,
            asset_tag: v.asset_tag,
            asset_name: v.asset_name,
            product_id: v.product_id,
            product: v.product_name,
            publisher: v.product_publisher,
            reported_name: v.reported_name,
            version: v.version,
            source: v.source,
            installed_on: v.installed_on.and_then(|d| d.parse().ok()),
            created_at: ts(v.created_at),
            seen_at: ts(v.seen_at),
        }
    }
}

/// Software to record on a device by hand.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInstallation {
    /// As it is called on the device; the catalogue names the product it counts as.
    pub name: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub installed_on: Option<NaiveDate>,
}

/// A naming rule: reported names matching `pattern` count as `product`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NamingRule {
    pub id: i64,
    /// Rules are tried in this order; the first that matches names the product.
    pub position: i64,
    /// A regular expression, matched without regard to case.
    pub pattern: String,
    /// Null: the publisher the device reported.
    pub publisher: Option<String>,
    pub product: String,
    pub created_at: DateTime<Utc>,
}

impl From<RuleRow> for NamingRule {
    fn from(r: RuleRow) -> NamingRule {
        NamingRule {
            id: r.id,
            position: r.position,
            pattern: r.pattern,
            publisher: r.publisher,
            product: r.product,
            created_at: ts(r.created_at),
        }
    }
}

/// A naming rule to add.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNamingRule {
    /// A regular expression of the reported name, e.g. `^Microsoft Office Professionnel Plus 2019`.
    pub pattern: String,
    #[serde(default)]
    pub publisher: Option<String>,
    pub product: String,
}

/// What a change of the rules did to the catalogue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Renamed {
    /// Spellings now counted as another product.
    pub spellings: usize,
}

/// Which products to list, by name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SoftwareQuery {
    /// Held in the product's or publisher's name.
    pub q: Option<String>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A page of a product's installations.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstallationQuery {
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// A name, publisher and version as reported, cut to [`NAME_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub name: String,
    pub publisher: String,
    pub version: String,
}

impl Reported {
    /// Trims and shortens; `None` when there is no name.
    pub fn new(name: &str, publisher: &str, version: &str) -> Option<Reported> {
        let cut = |s: &str| s.trim().chars().take(NAME_MAX).collect::<String>();
        let name = cut(name);
        (!name.is_empty()).then(|| Reported { name, publisher: cut(publisher), version: cut(version) })
    }
}

/// The catalogue's naming: the administrators' rules, compiled.
pub(crate) struct Naming(Vec<Rule>);

impl Naming {
    fn product(&self, name: &str, publisher: &str) -> (String, String) {
        let p = software::normalise(name, publisher, &self.0);
        (p.publisher, p.name)
    }
}

impl App {
    /// The naming rules, compiled (a stored rule that no longer compiles is skipped).
    pub(crate) async fn naming(&self) -> Result<Naming, AppError> {
        let rules = self.store().software_rules().await?;
        Ok(Naming(
            rules.iter().filter_map(|r| Rule::new(&r.pattern, r.publisher.as_deref(), &r.product).ok()).collect(),
        ))
    }

    /// The spelling and product of each reported name, recording new ones, within `tx`.
    pub(crate) async fn installed(
        &self,
        tx: &mut Tx,
        naming: &Naming,
        reported: &[Reported],
    ) -> Result<Vec<Installed>, AppError> {
        let now = self.now_micros();
        let names: Vec<(String, String)> = reported.iter().map(|r| (r.name.clone(), r.publisher.clone())).collect();
        let mut known = self.store().spellings_of(tx, &names).await?;
        let missing: Vec<&(String, String)> = names.iter().filter(|n| !known.contains_key(*n)).collect();
        if !missing.is_empty() {
            let products: HashMap<&(String, String), (String, String)> =
                missing.iter().map(|n| (*n, naming.product(&n.0, &n.1))).collect();
            let mut wanted: Vec<(String, String)> = products.values().cloned().collect();
            wanted.sort();
            wanted.dedup();
            let ids = self.store().product_ids(tx, &wanted, now).await?;
            let fresh: Vec<(String, String, i64)> =
                missing.iter().filter_map(|n| Some((n.0.clone(), n.1.clone(), *ids.get(&products[*n])?))).collect();
            self.store().add_spellings(tx, &fresh, now).await?;
            let owned: Vec<(String, String)> = missing.into_iter().cloned().collect();
            known.extend(self.store().spellings_of(tx, &owned).await?);
        }
        Ok(reported
            .iter()
            .filter_map(|r| {
                let s = known.get(&(r.name.clone(), r.publisher.clone()))?;
                Some(Installed { spelling_id: s.id, product_id: s.product_id, version: r.version.clone() })
            })
            .collect())
    }

    /// A page of the catalogue, by name, with the installations the actor sees.
    pub async fn software(&self, actor: &Actor, q: &SoftwareQuery) -> Result<Page<SoftwareProduct>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let limit = page_limit(q.limit)?;
        let filter = ProductFilter {
            search: search_text(&q.q)?.map(str::to_string),
            after: q.cursor.as_deref().map(decode_cursor).transpose()?,
            limit: limit + 1,
        };
        let mut rows = self.store().software_products(&filter).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.id);
        // The counts of the last count job: counting here would read every installation
        // of every product on the page, on every request.
        let items = self.with_counts(actor, rows, Counted::Last).await?;
        Ok(Page { items, next_cursor })
    }

    async fn with_counts(
        &self,
        actor: &Actor,
        rows: Vec<ProductRow>,
        counted: Counted,
    ) -> Result<Vec<SoftwareProduct>, AppError> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let scope = actor.organisation_scope();
        let counts = match counted {
            Counted::Last => self.store().counted_product_use(&ids, scope.as_deref()).await?,
            Counted::Now => self.store().product_counts(&ids, scope.as_deref()).await?,
        };
        let counts: HashMap<i64, (i64, i64)> =
            counts.into_iter().map(|c| (c.product_id, (c.installations, c.devices))).collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let (installations, devices) = counts.get(&r.id).copied().unwrap_or_default();
                SoftwareProduct { id: r.id, publisher: r.publisher, name: r.name, installations, devices }
            })
            .collect())
    }

    /// A product with its versions (installations the actor sees) and spellings.
    pub async fn software_product(&self, actor: &Actor, id: i64) -> Result<SoftwareDetail, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let row = self.store().software_product(id).await?;
        let product = self.with_counts(actor, vec![row], Counted::Now).await?.remove(0);
        let scope = actor.organisation_scope();
        let mut versions: BTreeMap<String, i64> = BTreeMap::new();
        for (version, n) in self.store().product_versions(id, scope.as_deref()).await? {
            *versions.entry(normal_version(&version)).or_default() += n;
        }
        let mut versions: Vec<VersionCount> =
            versions.into_iter().map(|(version, installations)| VersionCount { version, installations }).collect();
        versions.sort_by(|a, b| b.installations.cmp(&a.installations).then_with(|| a.version.cmp(&b.version)));
        let spellings = self.store().spellings_of_product(id).await?;
        let spellings = spellings.into_iter().map(|s| Spelling { name: s.name, publisher: s.publisher }).collect();
        Ok(SoftwareDetail { product, versions, spellings })
    }

    /// A page of a product's installations on devices the actor sees, newest device first.
    pub async fn product_installations(
        &self,
        actor: &Actor,
        id: i64,
        q: &InstallationQuery,
    ) -> Result<Page<Installation>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        self.store().software_product(id).await?;
        let limit = page_limit(q.limit)?;
        let before = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let scope = actor.organisation_scope();
        let mut rows = self.store().installations_of(id, scope.as_deref(), before, limit + 1).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.asset_id);
        Ok(Page { items: rows.into_iter().map(Installation::from).collect(), next_cursor })
    }

    /// What is installed on a device the actor may read.
    pub async fn installations_on(&self, actor: &Actor, asset_id: i64) -> Result<Vec<Installation>, AppError> {
        actor.readable_asset(self.store().asset(asset_id).await?.asset)?;
        Ok(self.store().installations_on(asset_id).await?.into_iter().map(Installation::from).collect())
    }

    /// Records software on a device by hand, with a line in its history.
    pub async fn add_installation(
        &self,
        actor: &Actor,
        asset_id: i64,
        new: &NewInstallation,
    ) -> Result<Installation, AppError> {
        actor.writable_asset(self.store().asset(asset_id).await?.asset)?;
        let name = validate::name("name", &new.name)?;
        let publisher = optional_short("publisher", &new.publisher)?;
        let version = optional_short("version", &new.version)?;
        let reported =
            Reported::new(&name, &publisher, &version).ok_or_else(|| AppError::invalid("name", "is required"))?;
        let naming = self.naming().await?;
        let mut tx = self.store().begin().await?;
        let installed = self.installed(&mut tx, &naming, std::slice::from_ref(&reported)).await?;
        let installed = installed.first().ok_or_else(|| AppError::Internal("the spelling was not recorded".into()))?;
        let installed_on = new.installed_on.map(|d| d.format("%Y-%m-%d").to_string());
        let origin = Origin { source: "manual", installed_on: installed_on.as_deref(), created_by: actor.id };
        let now = self.now_micros();
        let id =
            self.store().add_installation(&mut tx, asset_id, installed, &origin, now).await.map_err(|e| match e {
                helmdesk_store::StoreError::Conflict(_) => {
                    AppError::invalid("name", "this software is recorded on the device already")
                }
                other => other.into(),
            })?;
        software_line(&mut tx, asset_id, actor, None, Some(installed_text(&reported)), now).await?;
        tx.commit().await?;
        self.software_needs_counting().await?;
        Ok(self.store().installation(id).await?.into())
    }

    /// Removes software recorded on a device, with a line in its history. An agent's
    /// installation comes back with its next report if the software is still there.
    pub async fn remove_installation(&self, actor: &Actor, asset_id: i64, id: i64) -> Result<(), AppError> {
        actor.writable_asset(self.store().asset(asset_id).await?.asset)?;
        let row = self.store().installation(id).await?;
        if row.asset_id != asset_id {
            return Err(AppError::NotFound);
        }
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        self.store().delete_installation(&mut tx, id).await?;
        let reported = Reported { name: row.reported_name, publisher: row.reported_publisher, version: row.version };
        software_line(&mut tx, asset_id, actor, Some(installed_text(&reported)), None, now).await?;
        tx.commit().await?;
        self.software_needs_counting().await
    }

    /// The naming rules, in the order they are tried.
    pub async fn naming_rules(&self, actor: &Actor) -> Result<Vec<NamingRule>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        Ok(self.store().software_rules().await?.into_iter().map(NamingRule::from).collect())
    }

    /// Adds a naming rule after the others and names every spelling again.
    pub async fn add_naming_rule(&self, actor: &Actor, new: &NewNamingRule) -> Result<(NamingRule, Renamed), AppError> {
        actor.require(AssetPermission::Configure)?;
        actor.require_scope(None)?;
        let pattern = new.pattern.trim();
        software::compile(pattern).map_err(|e| AppError::invalid("pattern", e.to_string()))?;
        let product = validate::name("product", &new.product)?;
        let publisher = optional_short("publisher", &new.publisher)?;
        let publisher = (!publisher.is_empty()).then_some(publisher);
        let row = self
            .store()
            .create_software_rule(pattern, publisher.as_deref(), &product, actor.id, self.now_micros())
            .await?;
        let renamed = self.rename_spellings().await?;
        Ok((row.into(), renamed))
    }

    /// Removes a naming rule and names every spelling again.
    pub async fn remove_naming_rule(&self, actor: &Actor, id: i64) -> Result<Renamed, AppError> {
        actor.require(AssetPermission::Configure)?;
        actor.require_scope(None)?;
        self.store().delete_software_rule(id).await?;
        self.rename_spellings().await
    }

    /// Names every spelling by the rules as they are now; products no spelling counts as
    /// any more go.
    async fn rename_spellings(&self) -> Result<Renamed, AppError> {
        let naming = self.naming().await?;
        let spellings = self.store().software_spellings().await?;
        let wanted: Vec<(i64, i64, (String, String))> =
            spellings.iter().map(|s| (s.id, s.product_id, naming.product(&s.name, &s.publisher))).collect();
        let mut products: Vec<(String, String)> = wanted.iter().map(|w| w.2.clone()).collect();
        products.sort();
        products.dedup();
        let mut tx = self.store().begin().await?;
        let ids = self.store().product_ids(&mut tx, &products, self.now_micros()).await?;
        tx.commit().await?;
        let (mut renamed, mut moved) = (0, Vec::new());
        for (spelling, current, product) in &wanted {
            let Some(&id) = ids.get(product) else { continue };
            if id != *current {
                self.store().rename_spelling(*spelling, id).await?;
                moved.extend([*current, id]);
                renamed += 1;
            }
        }
        // The products that lost or gained installations are counted at once, so that the
        // catalogue shows the rule's effect without waiting for the count job.
        moved.sort_unstable();
        moved.dedup();
        if !moved.is_empty() {
            self.store().refresh_software_usage(Some(&moved), self.now_micros()).await?;
        }
        self.store().delete_unused_products().await?;
        Ok(Renamed { spellings: renamed })
    }
}

/// Writes a "software" line in the history of `asset_id`, by `actor`, within `tx`.
async fn software_line(
    tx: &mut Tx,
    asset_id: i64,
    actor: &Actor,
    old_value: Option<String>,
    new_value: Option<String>,
    now: i64,
) -> Result<(), AppError> {
    let line = Change { field: "software".into(), old_value, new_value };
    Ok(insert_history(tx, HistoryOf::Asset, asset_id, Some(actor.id), &[line], now).await?)
}

/// "Name version" for a history line.
pub(crate) fn installed_text(r: &Reported) -> String {
    if r.version.is_empty() { r.name.clone() } else { format!("{} {}", r.name, r.version) }
}

/// An optional short text: trimmed, at most [`NAME_MAX`] characters, empty when absent.
fn optional_short(field: &str, value: &Option<String>) -> Result<String, AppError> {
    let value = value.as_deref().unwrap_or_default().trim();
    if value.chars().count() > NAME_MAX {
        return Err(AppError::invalid(field, format!("must be at most {NAME_MAX} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "must be one line of text"));
    }
    Ok(value.to_string())
}

/// Which counts of a product's use to give.
#[derive(Debug, Clone, Copy)]
enum Counted {
    /// The last count job's (a minute behind the inventories at most, and fast).
    Last,
    /// Counted now, over the installations.
    Now,
}

/// The job that counts the use of every product (its kind keeps the name it had when it
/// counted only the licensed ones, for jobs already queued).
pub const COUNT_JOB: &str = "licences.reconcile";

/// How long a queued count waits for more changes to count with them.
const COUNT_DELAY_MICROS: i64 = 60_000_000;

impl App {
    /// Counts the use of every product again (the [`COUNT_JOB`]): what the catalogue lists
    /// and licence compliance compares with the entitlements.
    pub async fn count_software_use(&self) -> Result<(), AppError> {
        Ok(self.store().refresh_software_usage(None, self.now_micros()).await?)
    }

    /// Queues a count of every product's use a minute from now, unless one is queued
    /// already: the reports of a fleet share one count.
    pub(crate) async fn software_needs_counting(&self) -> Result<(), AppError> {
        let now = self.now_micros();
        let job = NewJob { run_at: now + COUNT_DELAY_MICROS, ..NewJob::now(COUNT_JOB, serde_json::json!({}), now) };
        self.store().enqueue_unless_queued(&job, now).await?;
        Ok(())
    }
}

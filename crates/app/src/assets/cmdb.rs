//! The configuration management database: configuration items (optionally standing for an
//! asset), typed relationships with direction and history, the departments and people who
//! use a business service, and impact analysis: from any item, everything that depends on
//! it up to the business services and the people who use them. Everyone sees only the
//! items of their organisations; the walk goes through the others without showing them.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use helmdesk_domain::assets::cmdb::{self, CiClass, Criticality, Dependency, RelationKind};
use helmdesk_domain::validate::{self, BODY_MAX};
use helmdesk_store::StoreError;
use helmdesk_store::assets::cmdb::{CiFilter, CiRow, CiView, ConsumerRow, NewRelationRow, RelationView};
use helmdesk_store::assets::history::{Change, HistoryOf};
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::hardware::{cut_page, page_limit, search_text};
use crate::assets::history::{AssetHistoryEntry, Changes};
use crate::{Actor, App, AppError, NamedInInput, Page, decode_cursor, ts};

/// A configuration item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Ci {
    pub id: i64,
    pub name: String,
    pub class: CiClass,
    pub organisation_id: i64,
    pub organisation: String,
    /// The asset it stands for (a server's item and the server itself).
    pub asset_id: Option<i64>,
    pub asset_tag: Option<String>,
    /// The type an import named it with, as the source wrote it.
    pub source_type: Option<String>,
    pub source_subtype: Option<String>,
    /// The import's identifier of it.
    pub external_ref: Option<String>,
    /// For a business service: how much it matters.
    pub criticality: Option<Criticality>,
    /// Who answers for it.
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub description: String,
    /// Send as `If-Match` to change it only if nobody else has.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Ci {
    fn new(v: CiView) -> Result<Ci, AppError> {
        let c = v.ci;
        Ok(Ci {
            id: c.id,
            name: c.name,
            class: c.class.parse().map_err(AppError::stored)?,
            organisation_id: c.organisation_id,
            organisation: v.organisation_name,
            asset_id: c.asset_id,
            asset_tag: v.asset_tag,
            source_type: c.source_type,
            source_subtype: c.source_subtype,
            external_ref: c.external_ref,
            criticality: c.criticality.as_deref().map(str::parse).transpose().map_err(AppError::stored)?,
            owner_id: c.owner_user_id,
            owner: v.owner_name,
            description: c.description,
            version: c.version,
            created_at: ts(c.created_at),
            updated_at: ts(c.updated_at),
        })
    }
}

/// A configuration item to add.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCi {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    pub class: CiClass,
    /// Absent: the creator's organisation.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub asset_id: Option<i64>,
    #[serde(default)]
    pub criticality: Option<Criticality>,
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub description: Option<String>,
}

impl NewCi {
    /// An item of `class` named `name`, in the creator's organisation, with nothing else set.
    pub fn new(name: &str, class: CiClass) -> NewCi {
        NewCi {
            name: name.into(),
            class,
            organisation_id: None,
            asset_id: None,
            criticality: None,
            owner_id: None,
            description: None,
        }
    }
}

/// Changes to a configuration item; absent fields stay and `null` clears one.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CiPatch {
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    #[serde(default)]
    pub class: Option<CiClass>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub asset_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<Criticality>)]
    pub criticality: Option<Option<Criticality>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<Option<i64>>,
    #[serde(default)]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub description: Option<String>,
}

/// Which items to list, newest first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CiQuery {
    /// Words the name holds.
    pub q: Option<String>,
    pub class: Option<CiClass>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

/// An item named in a relationship or an impact.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CiRef {
    pub id: i64,
    pub name: String,
    pub class: CiClass,
}

/// "source kind target": "payroll app runs on srv-01".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Relation {
    pub id: i64,
    pub kind: RelationKind,
    pub source: CiRef,
    pub target: CiRef,
    pub created_at: DateTime<Utc>,
}

/// A relationship from the item in the path to another.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRelation {
    pub kind: RelationKind,
    /// The other item: "this kind target".
    pub target_id: i64,
}

/// A department or person who uses a business service.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Consumer {
    pub id: i64,
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
}

/// A department or a person (exactly one) to add to a service's users.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsumer {
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// An item that fails when the analysed one does.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImpactedCi {
    pub id: i64,
    pub name: String,
    pub class: CiClass,
    pub criticality: Option<Criticality>,
    /// Dependencies away from the analysed item (1: depends on it directly).
    pub depth: u32,
}

/// One dependency among the analysed item and what it impacts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ImpactEdge {
    pub dependant_id: i64,
    pub provider_id: i64,
}

/// A department or a person who uses an impacted business service.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AffectedParty {
    pub id: i64,
    pub name: String,
    /// The impacted business services they use.
    pub services: Vec<i64>,
}

/// What breaks when an item goes down.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Impact {
    pub root: CiRef,
    /// Everything that depends on it, directly or not, nearest first.
    pub items: Vec<ImpactedCi>,
    /// The impacted business services (among `items`, or the root itself), most critical
    /// first.
    pub business_services: Vec<ImpactedCi>,
    pub departments: Vec<AffectedParty>,
    pub people: Vec<AffectedParty>,
    /// The dependencies between the root and the items, to draw the graph.
    pub edges: Vec<ImpactEdge>,
}

/// How critical, as a number that sorts: low 0 to critical 3.
fn criticality_rank(c: Criticality) -> usize {
    Criticality::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

fn class_of(text: &str) -> Result<CiClass, AppError> {
    text.parse().map_err(AppError::stored)
}

impl Relation {
    fn new(r: RelationView) -> Result<Relation, AppError> {
        Ok(Relation {
            id: r.id,
            kind: r.kind.parse().map_err(AppError::stored)?,
            source: CiRef { id: r.source_id, name: r.source_name, class: class_of(&r.source_class)? },
            target: CiRef { id: r.target_id, name: r.target_name, class: class_of(&r.target_class)? },
            created_at: ts(r.created_at),
        })
    }

    /// How the history of both ends says it: "payroll-app runs on srv-01".
    fn sentence(&self) -> String {
        self.kind.sentence(&self.source.name, &self.target.name)
    }
}

impl From<ConsumerRow> for Consumer {
    fn from(c: ConsumerRow) -> Self {
        Consumer { id: c.id, department_id: c.department_id, user_id: c.user_id, name: c.name }
    }
}

/// An external reference or an asset already used by another item, said as a field error.
fn ci_conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(what) if what.contains("asset") => {
            AppError::invalid("asset_id", "another configuration item stands for this asset")
        }
        other => other.into(),
    }
}

impl Actor {
    /// `ci` if the actor may read it: staff and auditors of its organisation; not found for
    /// everyone else, so that it does not show it exists.
    pub fn readable_ci(&self, ci: CiRow) -> Result<CiRow, AppError> {
        if self.can(AssetPermission::ReadAssets) && self.sees_organisation(ci.organisation_id) {
            Ok(ci)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// `ci` if the actor may change it: staff of its organisation.
    pub fn writable_ci(&self, ci: CiRow) -> Result<CiRow, AppError> {
        let ci = self.readable_ci(ci)?;
        self.require(AssetPermission::ManageAssets)?;
        Ok(ci)
    }
}

impl App {
    /// A configuration item the actor may read.
    pub async fn ci(&self, actor: &Actor, id: i64) -> Result<Ci, AppError> {
        let view = self.store().ci(id).await?;
        actor.readable_ci(view.ci.clone())?;
        Ci::new(view)
    }

    /// A page of the items the actor may read, newest first.
    pub async fn list_cis(&self, actor: &Actor, q: &CiQuery) -> Result<Page<Ci>, AppError> {
        actor.require(AssetPermission::ReadAssets)?;
        let limit = page_limit(q.limit)?;
        let filter = CiFilter {
            organisations: actor.organisation_scope(),
            class: q.class.map(|c| c.as_str().to_string()),
            search: search_text(&q.q)?.map(str::to_string),
            before: q.cursor.as_deref().map(decode_cursor).transpose()?,
            limit: limit + 1,
        };
        let mut rows = self.store().cis(&filter).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.ci.id);
        let items = rows.into_iter().map(Ci::new).collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// The id of the item the actor may read named `name` (in any case), or `#id`; a name
    /// several items have, or none, is a mistake in the input named `field`.
    pub async fn ci_id_by_name(&self, actor: &Actor, field: &str, name: &str) -> Result<i64, AppError> {
        let name = name.trim();
        if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            let row = self.store().ci(id).await.named_in(field, "no configuration item has this number")?.ci;
            return actor
                .readable_ci(row)
                .map(|c| c.id)
                .map_err(|_| AppError::invalid(field, "no configuration item has this number"));
        }
        let scope = actor.organisation_scope();
        match self.store().ci_ids_named(name, scope.as_deref(), 2).await?.as_slice() {
            [id] => Ok(*id),
            [] => Err(AppError::invalid(field, "no configuration item has this name")),
            _ => Err(AppError::invalid(field, "several configuration items have this name: type its number, as #123")),
        }
    }

    /// The item that stands for an asset, if the actor may read both.
    pub async fn ci_of_asset(&self, actor: &Actor, asset_id: i64) -> Result<Option<i64>, AppError> {
        if !actor.can(AssetPermission::ReadAssets) {
            return Ok(None);
        }
        let Some(id) = self.store().ci_of_asset(asset_id).await? else { return Ok(None) };
        Ok(actor.readable_ci(self.store().ci(id).await?.ci).ok().map(|c| c.id))
    }

    /// Adds a configuration item.
    pub async fn create_ci(&self, actor: &Actor, new: &NewCi) -> Result<Ci, AppError> {
        actor.require(AssetPermission::ManageAssets)?;
        let organisation_id = new.organisation_id.unwrap_or(actor.organisation_id);
        if !actor.sees_organisation(organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation among yours"));
        }
        let now = self.now_micros();
        let blank = CiRow {
            class: new.class.as_str().into(),
            organisation_id,
            created_by: Some(actor.id),
            created_at: now,
            updated_at: now,
            version: 1,
            ..Default::default()
        };
        let patch = CiPatch {
            name: Some(new.name.clone()),
            class: None,
            asset_id: new.asset_id.map(Some),
            criticality: new.criticality.map(Some),
            owner_id: new.owner_id.map(Some),
            description: new.description.clone(),
        };
        let row = self.apply_ci_patch(actor, blank, &patch, &mut Changes::default()).await?;
        let saved = self.store().create_ci(&row, &[Change::created(new.class.as_str())]).await.map_err(ci_conflict)?;
        Ci::new(self.store().ci(saved.id).await?)
    }

    /// Changes a configuration item; `if_version` makes it conditional.
    pub async fn update_ci(
        &self,
        actor: &Actor,
        id: i64,
        patch: &CiPatch,
        if_version: Option<i64>,
    ) -> Result<Ci, AppError> {
        let before = actor.writable_ci(self.store().ci(id).await?.ci)?;
        if if_version.is_some_and(|v| v != before.version) {
            return Err(AppError::PreconditionFailed);
        }
        let mut changes = Changes::default();
        let mut row = self.apply_ci_patch(actor, before.clone(), patch, &mut changes).await?;
        if !changes.0.is_empty() {
            row.updated_at = self.now_micros();
            self.store().save_ci(&row, before.version, Some(actor.id), &changes.0).await.map_err(ci_conflict)?;
        }
        Ci::new(self.store().ci(id).await?)
    }

    /// The item with `p` applied, each change recorded.
    async fn apply_ci_patch(
        &self,
        actor: &Actor,
        mut row: CiRow,
        p: &CiPatch,
        changes: &mut Changes,
    ) -> Result<CiRow, AppError> {
        let before = row.clone();
        if let Some(name) = &p.name {
            row.name = validate::name("name", name)?;
            changes.record("name", Some(before.name.clone()), Some(row.name.clone()));
        }
        if let Some(class) = p.class {
            row.class = class.as_str().into();
            changes.record("class", Some(before.class.clone()), Some(row.class.clone()));
        }
        if let Some(asset) = p.asset_id.filter(|a| *a != before.asset_id) {
            let tag = match asset {
                Some(id) => {
                    let a = self.store().asset(id).await.named_in("asset_id", "no such asset")?.asset;
                    let a = actor.readable_asset(a).map_err(|_| AppError::invalid("asset_id", "no such asset"))?;
                    if a.organisation_id != row.organisation_id {
                        return Err(AppError::invalid("asset_id", "that asset is not of the item's organisation"));
                    }
                    Some(a.tag)
                }
                None => None,
            };
            let old_tag = match before.asset_id {
                Some(id) => Some(self.store().asset(id).await?.asset.tag),
                None => None,
            };
            row.asset_id = asset;
            changes.record("asset", old_tag, tag);
        }
        if let Some(criticality) = p.criticality {
            row.criticality = criticality.map(|c| c.as_str().to_string());
            changes.record("criticality", before.criticality.clone(), row.criticality.clone());
        }
        if let Some(owner) = p.owner_id.filter(|o| *o != before.owner_user_id) {
            let name = match owner {
                Some(id) => {
                    let user = self.store().user(id).await.named_in("owner_id", "no such person")?;
                    if !user.active || !actor.sees_organisation(user.organisation_id) {
                        return Err(AppError::invalid("owner_id", "no such person"));
                    }
                    Some(user.name)
                }
                None => None,
            };
            let old = match before.owner_user_id {
                Some(id) => Some(self.store().user(id).await?.name),
                None => None,
            };
            row.owner_user_id = owner;
            changes.record("owner", old, name);
        }
        if let Some(description) = &p.description {
            row.description = validate::optional_text("description", description, BODY_MAX)?;
            changes.record("description", Some(before.description.clone()), Some(row.description.clone()));
        }
        Ok(row)
    }

    /// An item's history, oldest first: its changes, its relationships and users added and
    /// removed.
    pub async fn ci_history(&self, actor: &Actor, id: i64) -> Result<Vec<AssetHistoryEntry>, AppError> {
        actor.readable_ci(self.store().ci(id).await?.ci)?;
        Ok(self.store().record_history(HistoryOf::Ci, id).await?.into_iter().map(AssetHistoryEntry::from).collect())
    }

    /// An item's relationships both ways, with the other items the actor may read.
    pub async fn ci_relations(&self, actor: &Actor, id: i64) -> Result<Vec<Relation>, AppError> {
        actor.readable_ci(self.store().ci(id).await?.ci)?;
        self.store()
            .ci_relations(id)
            .await?
            .into_iter()
            .filter(|r| {
                actor.sees_organisation(r.source_organisation_id) && actor.sees_organisation(r.target_organisation_id)
            })
            .map(Relation::new)
            .collect()
    }

    /// Relates item `id` to another: "id kind target".
    pub async fn add_ci_relation(&self, actor: &Actor, id: i64, new: &NewRelation) -> Result<Relation, AppError> {
        let source = actor.writable_ci(self.store().ci(id).await?.ci)?;
        let unknown = || AppError::invalid("target_id", "no such configuration item");
        let target = self.store().ci(new.target_id).await.named_in("target_id", "no such configuration item")?.ci;
        let target = actor.readable_ci(target).map_err(|_| unknown())?;
        if target.id == source.id {
            return Err(AppError::invalid("target_id", "an item cannot relate to itself"));
        }
        let (dependant_id, provider_id) = new.kind.dependant_and_provider(source.id, target.id);
        let row = NewRelationRow {
            source_id: source.id,
            kind: new.kind.as_str().into(),
            target_id: target.id,
            dependant_id,
            provider_id,
            created_by: Some(actor.id),
            created_at: self.now_micros(),
        };
        let relation = Relation {
            id: 0,
            kind: new.kind,
            source: CiRef { id: source.id, name: source.name, class: class_of(&source.class)? },
            target: CiRef { id: target.id, name: target.name, class: class_of(&target.class)? },
            created_at: ts(row.created_at),
        };
        let line = Change { field: "relation".into(), old_value: None, new_value: Some(relation.sentence()) };
        let id = self.store().add_ci_relation(&row, &line, &line).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::invalid("target_id", "these items are already related this way"),
            other => other.into(),
        })?;
        Ok(Relation { id, ..relation })
    }

    /// Removes relationship `relation_id` of item `id`.
    pub async fn remove_ci_relation(&self, actor: &Actor, id: i64, relation_id: i64) -> Result<(), AppError> {
        actor.writable_ci(self.store().ci(id).await?.ci)?;
        let view = self.store().ci_relation(relation_id).await?;
        if view.source_id != id && view.target_id != id {
            return Err(AppError::NotFound);
        }
        let relation = Relation::new(view.clone())?;
        let line = Change { field: "relation".into(), old_value: Some(relation.sentence()), new_value: None };
        self.store().remove_ci_relation(&view, Some(actor.id), self.now_micros(), &line, &line).await?;
        Ok(())
    }

    /// Who uses a business service, among the departments and people the actor sees.
    pub async fn ci_consumers(&self, actor: &Actor, id: i64) -> Result<Vec<Consumer>, AppError> {
        actor.readable_ci(self.store().ci(id).await?.ci)?;
        let rows = self.store().ci_consumers(id).await?;
        Ok(rows.into_iter().filter(|c| actor.sees_organisation(c.organisation_id)).map(Consumer::from).collect())
    }

    /// Adds a department or a person to a business service's users.
    pub async fn add_ci_consumer(&self, actor: &Actor, id: i64, new: &NewConsumer) -> Result<Consumer, AppError> {
        let ci = actor.writable_ci(self.store().ci(id).await?.ci)?;
        if ci.class != CiClass::BusinessService.as_str() {
            return Err(AppError::invalid("user_id", "only a business service has users"));
        }
        let (name, organisation_id) = match (new.department_id, new.user_id) {
            (Some(d), None) => {
                let d = self.store().department(d).await.named_in("department_id", "no such department")?;
                (d.name, d.organisation_id)
            }
            (None, Some(u)) => {
                let u = self.store().user(u).await.named_in("user_id", "no such person")?;
                (u.name, u.organisation_id)
            }
            _ => return Err(AppError::invalid("user_id", "name a department or a person, one of the two")),
        };
        if !actor.sees_organisation(organisation_id) {
            let field = if new.user_id.is_some() { "user_id" } else { "department_id" };
            return Err(AppError::invalid(field, "no such department or person among your organisations"));
        }
        let line = Change { field: "used_by".into(), old_value: None, new_value: Some(name) };
        let at = self.now_micros();
        let added =
            self.store().add_ci_consumer(id, new.department_id, new.user_id, Some(actor.id), at, &line).await.map_err(
                |e| match e {
                    StoreError::Conflict(_) => AppError::invalid("user_id", "they use this service already"),
                    other => other.into(),
                },
            )?;
        Ok(self.store().ci_consumer(added).await?.into())
    }

    /// Removes one of a business service's users.
    pub async fn remove_ci_consumer(&self, actor: &Actor, id: i64, consumer_id: i64) -> Result<(), AppError> {
        actor.writable_ci(self.store().ci(id).await?.ci)?;
        let consumer = self.store().ci_consumer(consumer_id).await?;
        if consumer.ci_id != id || !actor.sees_organisation(consumer.organisation_id) {
            return Err(AppError::NotFound);
        }
        let line = Change { field: "used_by".into(), old_value: Some(consumer.name.clone()), new_value: None };
        self.store().remove_ci_consumer(&consumer, Some(actor.id), self.now_micros(), &line).await?;
        Ok(())
    }

    /// What depends on item `id`, transitively, up to the business services and the
    /// departments and people who use them. Items of organisations the actor does not see
    /// are walked through but not shown.
    pub async fn ci_impact(&self, actor: &Actor, id: i64) -> Result<Impact, AppError> {
        let root = actor.readable_ci(self.store().ci(id).await?.ci)?;
        let rows = self.store().impact_edges(id).await?;
        let dependencies: Vec<Dependency> =
            rows.iter().map(|r| Dependency { dependant: r.dependant_id, provider: r.provider_id }).collect();
        let facts: BTreeMap<i64, _> = rows.iter().map(|r| (r.dependant_id, r)).collect();
        let mut items = Vec::new();
        for reached in cmdb::impact(id, &dependencies) {
            let r = facts[&reached.id];
            if !actor.sees_organisation(r.organisation_id) {
                continue;
            }
            items.push(ImpactedCi {
                id: r.dependant_id,
                name: r.name.clone(),
                class: class_of(&r.class)?,
                criticality: r.criticality.as_deref().map(str::parse).transpose().map_err(AppError::stored)?,
                depth: reached.depth,
            });
        }
        let root_ref = CiRef { id: root.id, name: root.name.clone(), class: class_of(&root.class)? };
        let shown: HashSet<i64> = items.iter().map(|i| i.id).chain([id]).collect();
        let mut edges: Vec<ImpactEdge> = dependencies
            .iter()
            .filter(|d| shown.contains(&d.dependant) && shown.contains(&d.provider) && d.dependant != id)
            .map(|d| ImpactEdge { dependant_id: d.dependant, provider_id: d.provider })
            .collect();
        edges.sort_by_key(|e| (e.provider_id, e.dependant_id));
        edges.dedup();
        let mut business_services: Vec<ImpactedCi> =
            items.iter().filter(|i| i.class == CiClass::BusinessService).cloned().collect();
        if root_ref.class == CiClass::BusinessService {
            let criticality = root.criticality.as_deref().map(str::parse).transpose().map_err(AppError::stored)?;
            business_services
                .insert(0, ImpactedCi { id, name: root.name, class: root_ref.class, criticality, depth: 0 });
        }
        business_services.sort_by_key(|s| (std::cmp::Reverse(s.criticality.map(criticality_rank)), s.depth, s.id));
        let service_ids: Vec<i64> = business_services.iter().map(|s| s.id).collect();
        let (departments, people) = self.affected_parties(actor, &service_ids).await?;
        Ok(Impact { root: root_ref, items, business_services, departments, people, edges })
    }

    /// The business services that fail with item `id` (itself, if it is one), most critical
    /// first: what a ticket naming the item puts at risk.
    pub async fn services_of_ci(&self, actor: &Actor, id: i64) -> Result<Vec<ImpactedCi>, AppError> {
        Ok(self.ci_impact(actor, id).await?.business_services)
    }

    /// The departments and people (of the actor's organisations) who use `services`.
    async fn affected_parties(
        &self,
        actor: &Actor,
        services: &[i64],
    ) -> Result<(Vec<AffectedParty>, Vec<AffectedParty>), AppError> {
        let mut departments: BTreeMap<i64, AffectedParty> = BTreeMap::new();
        let mut people: BTreeMap<i64, AffectedParty> = BTreeMap::new();
        for c in self.store().consumers_of(services).await? {
            if !actor.sees_organisation(c.organisation_id) {
                continue;
            }
            let (map, id) = match (c.department_id, c.user_id) {
                (Some(d), _) => (&mut departments, d),
                (None, Some(u)) => (&mut people, u),
                _ => continue,
            };
            map.entry(id)
                .or_insert_with(|| AffectedParty { id, name: c.name.clone(), services: Vec::new() })
                .services
                .push(c.ci_id);
        }
        let by_name = |m: BTreeMap<i64, AffectedParty>| {
            let mut v: Vec<AffectedParty> = m.into_values().collect();
            v.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            v
        };
        Ok((by_name(departments), by_name(people)))
    }
}

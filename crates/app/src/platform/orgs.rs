//! Organisations and departments.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use helmdesk_domain::validate;
use helmdesk_store::platform::orgs::{CostCentreRow, DepartmentRow, OrganisationRow};
use serde::Deserialize;

use crate::platform::access::Permission;
use crate::{Actor, App, AppError, NamedInInput, ts};

/// An organisation; with a parent it is a subsidiary.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<OrganisationRow> for Organisation {
    fn from(r: OrganisationRow) -> Self {
        Organisation { id: r.id, name: r.name, parent_id: r.parent_id, created_at: ts(r.created_at) }
    }
}

/// A department of an organisation.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Department {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    /// Who heads it: the approver named "the department head".
    pub head_id: Option<i64>,
    /// The cost centre it books to: its owner approves as "the cost-centre owner".
    pub cost_centre_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<DepartmentRow> for Department {
    fn from(r: DepartmentRow) -> Self {
        Department {
            id: r.id,
            organisation_id: r.organisation_id,
            name: r.name,
            head_id: r.head_id,
            cost_centre_id: r.cost_centre_id,
            created_at: ts(r.created_at),
        }
    }
}

/// A cost centre of an organisation.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CostCentre {
    pub id: i64,
    pub organisation_id: i64,
    /// Its code in the organisation's books, unique in the organisation (`CC-4100`).
    pub code: String,
    pub name: String,
    /// Who owns its budget: the approver named "the cost-centre owner".
    pub owner_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<CostCentreRow> for CostCentre {
    fn from(r: CostCentreRow) -> Self {
        CostCentre {
            id: r.id,
            organisation_id: r.organisation_id,
            code: r.code,
            name: r.name,
            owner_id: r.owner_id,
            created_at: ts(r.created_at),
        }
    }
}

/// Changes to a department; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentUpdate {
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    /// Its head (`null`: none): an active person of its organisation or one above it.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub head_id: Option<Option<i64>>,
    /// Its cost centre (`null`: none), of its organisation or one above it.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub cost_centre_id: Option<Option<i64>>,
}

/// A cost centre to create, or its new values.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostCentreInput {
    pub organisation_id: i64,
    /// 1 to 40 characters, no spaces at either end.
    pub code: String,
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// Its owner: an active person of its organisation or one above it.
    #[serde(default)]
    pub owner_id: Option<i64>,
}

/// Someone an import row adds or changes, as the row leaves them: checked as a department's
/// head or a cost centre's owner before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlannedPerson {
    /// [`PlannedPerson::NOT_ADDED`] for someone the row adds.
    pub id: i64,
    pub active: bool,
    pub organisation_id: i64,
}

impl PlannedPerson {
    /// The id of someone not added yet: no stored person has it (ids start at 1).
    pub const NOT_ADDED: i64 = 0;
}

/// An organisation to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// A department to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInput {
    pub organisation_id: i64,
    pub name: String,
}

/// An organisation and all its subsidiaries, at any depth, in id order.
pub fn subtree_of(organisations: &[OrganisationRow], root: i64) -> Vec<i64> {
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        for o in organisations.iter().filter(|o| o.parent_id == Some(parent)) {
            if !found.contains(&o.id) {
                found.push(o.id);
            }
        }
        i += 1;
    }
    found.sort_unstable();
    found
}

/// An organisation and every organisation above it, nearest first: those whose subtree
/// holds it.
pub fn ancestors_of(organisations: &[OrganisationRow], id: i64) -> Vec<i64> {
    let mut found = vec![id];
    let mut current = id;
    while let Some(parent) = organisations.iter().find(|o| o.id == current).and_then(|o| o.parent_id) {
        if found.contains(&parent) {
            break;
        }
        found.push(parent);
        current = parent;
    }
    found
}

impl App {
    /// The id of the organisation named `name`, for the operator's commands (whoever runs
    /// the CLI owns the database: there is no actor).
    pub async fn organisation_id_named(&self, name: &str) -> Result<Option<i64>, AppError> {
        Ok(self.store().organisation_by_name(name).await?.map(|o| o.id))
    }

    /// Every organisation: this node's copy, at most [`crate::cache::TTL`] old (every
    /// request needs the tree to know what its actor may see).
    pub async fn organisation_tree(&self) -> Result<Arc<Vec<OrganisationRow>>, AppError> {
        if let Some(tree) = self.organisations.fresh() {
            return Ok(tree);
        }
        let tree = Arc::new(self.store().list_organisations().await?);
        self.organisations.put(tree.clone());
        Ok(tree)
    }

    /// An organisation and its subsidiaries, from this node's copy of the tree.
    pub async fn subtree(&self, id: i64) -> Result<Vec<i64>, AppError> {
        Ok(subtree_of(&self.organisation_tree().await?, id))
    }

    /// The organisations the actor may see.
    pub async fn list_organisations(&self, actor: &Actor) -> Result<Vec<Organisation>, AppError> {
        let rows = self.store().list_organisations().await?;
        Ok(rows.into_iter().filter(|o| actor.sees_organisation(o.id)).map(Organisation::from).collect())
    }

    /// Creates an organisation (administrators).
    pub async fn create_organisation(&self, actor: &Actor, input: OrganisationInput) -> Result<Organisation, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        if let Some(p) = input.parent_id {
            self.store().organisation(p).await.named_in("parent_id", "no such organisation")?;
        }
        let mut tx = self.store().begin().await?;
        let row = self.store().create_organisation(&mut tx, &name, input.parent_id, self.now_micros()).await?;
        tx.commit().await?;
        self.organisations.clear();
        Ok(row.into())
    }

    /// Renames an organisation or moves it; it cannot become its own ancestor.
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        id: i64,
        input: OrganisationInput,
    ) -> Result<Organisation, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        if let Some(p) = input.parent_id {
            let subtree = self.store().organisation_subtree(id).await?;
            if subtree.contains(&p) {
                return Err(AppError::invalid(
                    "parent_id",
                    "an organisation cannot be a subsidiary of itself or of its own subsidiary",
                ));
            }
            self.store().organisation(p).await.named_in("parent_id", "no such organisation")?;
        }
        let row = self.store().update_organisation(id, &name, input.parent_id).await?;
        self.organisations.clear();
        Ok(row.into())
    }

    /// The departments of the organisations the actor may see.
    pub async fn list_departments(&self, actor: &Actor) -> Result<Vec<Department>, AppError> {
        let rows = self.store().list_departments().await?;
        Ok(rows.into_iter().filter(|d| actor.sees_organisation(d.organisation_id)).map(Department::from).collect())
    }

    /// Creates a department (administrators).
    pub async fn create_department(&self, actor: &Actor, input: DepartmentInput) -> Result<Department, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        self.store().organisation(input.organisation_id).await.named_in("organisation_id", "no such organisation")?;
        let mut tx = self.store().begin().await?;
        let row = self.store().create_department(&mut tx, input.organisation_id, &name, self.now_micros()).await?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// Renames a department, or sets its head or cost centre (administrators of its
    /// organisation).
    pub async fn update_department(
        &self,
        actor: &Actor,
        id: i64,
        update: DepartmentUpdate,
    ) -> Result<Department, AppError> {
        let after = self.planned_department(actor, id, &update, None).await?;
        Ok(self.store().update_department(id, &after.name, after.head_id, after.cost_centre_id).await?.into())
    }

    /// Department `id` as `update` would leave it, checked as [`App::update_department`]
    /// checks it; nothing is written. `planned` is someone an import row adds or changes,
    /// checked as the row leaves them wherever they are named.
    pub(crate) async fn planned_department(
        &self,
        actor: &Actor,
        id: i64,
        update: &DepartmentUpdate,
        planned: Option<PlannedPerson>,
    ) -> Result<DepartmentRow, AppError> {
        actor.require(Permission::Administer)?;
        let mut row = self.store().department(id).await?;
        if !actor.sees_organisation(row.organisation_id) {
            return Err(AppError::NotFound);
        }
        if let Some(n) = &update.name {
            row.name = validate::name("name", n)?;
        }
        row.head_id = update.head_id.unwrap_or(row.head_id);
        if let Some(head) = row.head_id {
            self.check_approver_of(row.organisation_id, head, "head_id", planned).await?;
        }
        row.cost_centre_id = update.cost_centre_id.unwrap_or(row.cost_centre_id);
        if let Some(cc) = row.cost_centre_id {
            let centre = self.store().cost_centre(cc).await.named_in("cost_centre_id", "no such cost centre")?;
            if !self
                .organisation_tree()
                .await
                .map(|t| ancestors_of(&t, row.organisation_id))?
                .contains(&centre.organisation_id)
            {
                return Err(AppError::invalid("cost_centre_id", "belongs to another organisation"));
            }
        }
        Ok(row)
    }

    /// Refuses `user_id` as an approver for organisation `organisation_id` (a head or an
    /// owner): someone unknown, inactive, or of an organisation that neither is it nor
    /// is above it. When `user_id` is `planned`'s, they are checked as planned.
    async fn check_approver_of(
        &self,
        organisation_id: i64,
        user_id: i64,
        field: &str,
        planned: Option<PlannedPerson>,
    ) -> Result<(), AppError> {
        let person = match planned.filter(|p| p.id == user_id) {
            Some(p) => p,
            None => {
                let user = self.store().user(user_id).await.named_in(field, "no such person")?;
                PlannedPerson { id: user.id, active: user.active, organisation_id: user.organisation_id }
            }
        };
        if !person.active {
            return Err(AppError::invalid(field, "is not active"));
        }
        let tree = self.organisation_tree().await?;
        if !ancestors_of(&tree, organisation_id).contains(&person.organisation_id) {
            return Err(AppError::invalid(field, "belongs to another organisation"));
        }
        Ok(())
    }

    /// The cost centres of the organisations the actor may see.
    pub async fn list_cost_centres(&self, actor: &Actor) -> Result<Vec<CostCentre>, AppError> {
        let rows = self.store().list_cost_centres().await?;
        Ok(rows.into_iter().filter(|c| actor.sees_organisation(c.organisation_id)).map(CostCentre::from).collect())
    }

    /// Creates a cost centre (administrators).
    pub async fn create_cost_centre(&self, actor: &Actor, input: CostCentreInput) -> Result<CostCentre, AppError> {
        let (code, name) = self.checked_cost_centre(actor, &input, None).await?;
        let now = self.now_micros();
        let row = self.store().create_cost_centre(input.organisation_id, &code, &name, input.owner_id, now).await;
        Ok(row.map_err(cost_centre_conflict)?.into())
    }

    /// Changes a cost centre's code, name or owner (administrators); it stays in its
    /// organisation.
    pub async fn update_cost_centre(
        &self,
        actor: &Actor,
        id: i64,
        input: CostCentreInput,
    ) -> Result<CostCentre, AppError> {
        let after = self.planned_cost_centre(actor, id, &input, None).await?;
        let row = self.store().update_cost_centre(id, &after.code, &after.name, after.owner_id).await;
        Ok(row.map_err(cost_centre_conflict)?.into())
    }

    /// Cost centre `id` as `input` would leave it, checked as [`App::update_cost_centre`]
    /// checks it (but for a code another of its organisation has, which only the write
    /// finds); nothing is written. `planned` is someone an import row adds or changes,
    /// checked as the row leaves them when they are the owner.
    pub(crate) async fn planned_cost_centre(
        &self,
        actor: &Actor,
        id: i64,
        input: &CostCentreInput,
        planned: Option<PlannedPerson>,
    ) -> Result<CostCentreRow, AppError> {
        let mut row = self.store().cost_centre(id).await?;
        if !actor.sees_organisation(row.organisation_id) {
            return Err(AppError::NotFound);
        }
        if input.organisation_id != row.organisation_id {
            return Err(AppError::invalid("organisation_id", "a cost centre stays in its organisation"));
        }
        (row.code, row.name) = self.checked_cost_centre(actor, input, planned).await?;
        row.owner_id = input.owner_id;
        Ok(row)
    }

    /// A cost centre's code and name, checked with its organisation and owner.
    async fn checked_cost_centre(
        &self,
        actor: &Actor,
        input: &CostCentreInput,
        planned: Option<PlannedPerson>,
    ) -> Result<(String, String), AppError> {
        actor.require(Permission::Administer)?;
        let code = validate::text("code", &input.code, 40, false)?;
        let name = validate::name("name", &input.name)?;
        self.store().organisation(input.organisation_id).await.named_in("organisation_id", "no such organisation")?;
        if !actor.sees_organisation(input.organisation_id) {
            return Err(AppError::invalid("organisation_id", "no such organisation"));
        }
        if let Some(owner) = input.owner_id {
            self.check_approver_of(input.organisation_id, owner, "owner_id", planned).await?;
        }
        Ok((code.trim().to_string(), name))
    }
}

/// A cost centre's code taken already in its organisation, said on its field.
fn cost_centre_conflict(e: helmdesk_store::StoreError) -> AppError {
    match e {
        helmdesk_store::StoreError::Conflict(_) => {
            AppError::invalid("code", "another cost centre of the organisation has this code")
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtree_holds_every_subsidiary_at_any_depth() {
        let org = |id, parent_id| OrganisationRow { id, name: format!("o{id}"), parent_id, created_at: 0 };
        let tree = [org(1, None), org(2, Some(1)), org(3, Some(2)), org(4, None), org(5, Some(4)), org(6, Some(1))];
        assert_eq!(subtree_of(&tree, 1), [1, 2, 3, 6]);
        assert_eq!(subtree_of(&tree, 2), [2, 3]);
        assert_eq!(subtree_of(&tree, 5), [5]);
        let looped = [org(1, Some(2)), org(2, Some(1))];
        assert_eq!(subtree_of(&looped, 1), [1, 2], "a cycle in the data ends the walk");
    }

    #[test]
    fn ancestors_run_from_an_organisation_up_to_its_root() {
        let org = |id, parent_id| OrganisationRow { id, name: format!("o{id}"), parent_id, created_at: 0 };
        let tree = [org(1, None), org(2, Some(1)), org(3, Some(2)), org(4, None)];
        assert_eq!(ancestors_of(&tree, 3), [3, 2, 1]);
        assert_eq!(ancestors_of(&tree, 4), [4]);
        assert_eq!(ancestors_of(&tree, 9), [9], "an unknown organisation is its own only ancestor");
        let looped = [org(1, Some(2)), org(2, Some(1))];
        assert_eq!(ancestors_of(&looped, 1), [1, 2], "a cycle in the data ends the walk");
        for o in &tree {
            for a in ancestors_of(&tree, o.id) {
                assert!(subtree_of(&tree, a).contains(&o.id), "{a} is above {}", o.id);
            }
        }
    }
}

//! Who may see and change assets. Staff and auditors see the assets of their
//! organisation's subtree (administrators every organisation's), like tickets; requesters
//! see only the assets they hold, on their account page.

use helmdesk_domain::Role;

use crate::platform::access::{Capability, scoped};
use crate::platform::orgs::ancestors_of;
use crate::{Actor, App, AppError};
use helmdesk_store::assets::catalog::LocationRow;
use helmdesk_store::assets::hardware::AssetRow;

/// The assets module's capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetPermission {
    /// Read assets, their history and the catalogue.
    ReadAssets,
    /// Add and change assets, check them out and in.
    ManageAssets,
    /// Set the catalogue up: asset types and their fields, models, locations.
    Configure,
    /// Import assets, installations and licences from CSV files (people: administrators).
    Import,
}

impl Capability for AssetPermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (AssetPermission::ReadAssets, &[Agent, Manager, Admin, Auditor]),
            (AssetPermission::ManageAssets, &[Agent, Manager, Admin]),
            (AssetPermission::Configure, &[Manager, Admin]),
            (AssetPermission::Import, &[Manager, Admin]),
        ]
    };
}

scoped!(LocationRow);

impl Actor {
    /// `asset` if the actor may read it: staff and auditors of its organisation, and the
    /// person holding it; not found for everyone else, so that it does not show it exists.
    pub fn readable_asset(&self, asset: AssetRow) -> Result<AssetRow, AppError> {
        let staff = self.can(AssetPermission::ReadAssets) && self.sees_organisation(asset.organisation_id);
        if staff || asset.holder_user_id == Some(self.id) { Ok(asset) } else { Err(AppError::NotFound) }
    }

    /// `asset` if the actor may change it: staff of its organisation.
    pub fn writable_asset(&self, asset: AssetRow) -> Result<AssetRow, AppError> {
        let asset = self.readable_asset(asset)?;
        self.require(AssetPermission::ManageAssets)?;
        if !self.sees_organisation(asset.organisation_id) {
            return Err(AppError::NotFound);
        }
        Ok(asset)
    }
}

/// Who manages the assets of each organisation: the active people whose role may change
/// assets and whose organisations hold it (administrators hold every one). Read once, then
/// answered per organisation from memory, so a job over many assets asks the store once.
pub(crate) struct Managers {
    people: Vec<(i64, Role, i64)>,
    tree: std::sync::Arc<Vec<helmdesk_store::platform::orgs::OrganisationRow>>,
    known: std::collections::HashMap<i64, Vec<i64>>,
}

impl Managers {
    /// The managers of every organisation, as they are now.
    pub(crate) async fn load(app: &App) -> Result<Managers, AppError> {
        let roles: Vec<&str> = AssetPermission::ManageAssets.roles().iter().map(|r| r.as_str()).collect();
        let people = app
            .store()
            .active_users_with_roles(&roles)
            .await?
            .into_iter()
            .filter_map(|u| Some((u.id, u.role.parse().ok()?, u.organisation_id)))
            .collect();
        Ok(Managers { people, tree: app.organisation_tree().await?, known: Default::default() })
    }

    /// The ids of the people who manage `organisation_id`'s assets (those who see it).
    pub(crate) fn of(&mut self, organisation_id: i64) -> &[i64] {
        let (people, tree) = (&self.people, &self.tree);
        self.known.entry(organisation_id).or_insert_with(|| {
            let above = ancestors_of(tree, organisation_id);
            people
                .iter()
                .filter(|(_, role, org)| role.sees_all_organisations() || above.contains(org))
                .map(|(id, ..)| *id)
                .collect()
        })
    }
}

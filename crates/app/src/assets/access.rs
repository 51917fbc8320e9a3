//! Who may see and change assets. Staff and auditors see the assets of their
//! organisation's subtree (administrators every organisation's), like tickets; requesters
//! see only the assets they hold, on their account page.

use helmdesk_domain::Role;

use crate::platform::access::{Capability, scoped};
use crate::{Actor, AppError};
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

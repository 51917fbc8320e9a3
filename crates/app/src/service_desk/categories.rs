//! Ticket categories.

use helmdesk_domain::validate;
use helmdesk_store::service_desk::categories::CategoryRow;
use serde::Deserialize;

use crate::service_desk::access::DeskPermission;
use crate::{Actor, App, AppError};

/// A category tickets are filed under.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Inactive categories are kept on old tickets but offered no more.
    pub active: bool,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category { id: r.id, name: r.name, description: r.description, active: r.active }
    }
}

/// A category to create or its new state.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl App {
    /// Every category (everyone: requesters pick one when filing).
    pub async fn list_categories(&self) -> Result<Vec<Category>, AppError> {
        Ok(self.store().list_categories().await?.into_iter().map(Category::from).collect())
    }

    /// Creates a category (managers and administrators).
    pub async fn create_category(&self, actor: &Actor, input: CategoryInput) -> Result<Category, AppError> {
        actor.require(DeskPermission::Configure)?;
        let name = validate::name("name", &input.name)?;
        let description: String = input.description.trim().chars().take(2000).collect();
        let mut tx = self.store().begin().await?;
        let row = self.store().create_category(&mut tx, &name, &description, self.now_micros()).await?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// Changes a category (managers and administrators).
    pub async fn update_category(&self, actor: &Actor, id: i64, input: CategoryInput) -> Result<Category, AppError> {
        actor.require(DeskPermission::Configure)?;
        let name = validate::name("name", &input.name)?;
        let description: String = input.description.trim().chars().take(2000).collect();
        Ok(self.store().update_category(id, &name, &description, input.active).await?.into())
    }
}

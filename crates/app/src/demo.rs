//! The demo (`serve --demo`): each module's part, in the order of the modules, into a
//! fresh database only.

use crate::{App, AppError};

impl App {
    /// Loads the demo organisation unless the database already holds data. Returns the
    /// number of tickets created.
    pub async fn load_demo(&self) -> Result<usize, AppError> {
        if self.platform_has_data().await? || self.assets_have_data().await? || self.service_desk_has_data().await? {
            tracing::info!("demo data not loaded: the database already has data");
            return Ok(0);
        }
        let people = self.demo_people().await?;
        self.demo_assets(&people).await?;
        let tickets = self.demo_service_desk(&people).await?;
        self.demo_self_service(&people).await?;
        Ok(tickets)
    }
}

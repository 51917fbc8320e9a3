//! The assets module's panel on a person's account page: the devices checked out to them,
//! with the button that confirms receipt of one not yet accepted, and a link to
//! `/my/assets` (`crate::ui::account_panels` adds it to the page, which the platform draws).

use askama::Template;
use helmdesk_app::assets::hardware::Asset;

use crate::AppState;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::ui::{UiError, render_part};

#[derive(Template)]
#[template(path = "assets/_devices.html")]
struct Panel {
    tr: Tr,
    csrf: String,
    assets: Vec<Asset>,
}

/// The panel, drawn: every signed-in person has one, empty or not.
pub(crate) async fn panel(s: &AppState, user: &UiUser) -> Result<Option<String>, UiError> {
    let assets = s.app.my_assets(&user.actor).await?;
    let panel = Panel { tr: user.tr(), csrf: user.csrf.clone(), assets };
    Ok(Some(render_part(&panel)))
}

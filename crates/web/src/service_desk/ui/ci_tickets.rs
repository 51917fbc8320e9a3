//! The service desk's panel on a configuration item's page: the open tickets that name
//! the item, for staff and auditors (`crate::ui::ci_panels` adds it to the page).

use askama::Template;
use helmdesk_app::service_desk::access::DeskPermission;
use helmdesk_app::service_desk::search::TicketQuery;
use helmdesk_app::service_desk::tickets::Ticket;
use helmdesk_domain::TicketStatus;

use crate::AppState;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::service_desk::ui::labels;
use crate::ui::{UiError, render_part};

/// How many open tickets the panel lists; the queue's link shows them all.
const SHOWN: i64 = 20;

#[derive(Template)]
#[template(path = "service_desk/_ci_tickets.html")]
struct Panel {
    tr: Tr,
    ci_id: i64,
    tickets: Vec<Ticket>,
    more: bool,
}

impl Panel {
    fn status(&self, status: &TicketStatus) -> String {
        labels::status(&self.tr, *status)
    }
}

/// The panel, drawn; `None` for someone who does not read the desk's internals.
pub(crate) async fn panel(s: &AppState, user: &UiUser, ci_id: i64) -> Result<Option<String>, UiError> {
    if !user.actor.can(DeskPermission::ReadInternals) {
        return Ok(None);
    }
    let query = TicketQuery {
        ci_id: Some(ci_id),
        statuses: TicketStatus::ALL.iter().copied().filter(|st| st.is_open()).collect(),
        limit: SHOWN,
        ..Default::default()
    };
    let page = s.app.list_tickets(&user.actor, &query).await?;
    let panel = Panel { tr: user.tr(), ci_id, more: page.next_cursor.is_some(), tickets: page.items };
    Ok(Some(render_part(&panel)))
}

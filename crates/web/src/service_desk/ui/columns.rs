//! The ticket lists' columns and density, as each person chooses them (`POST
//! /tickets/columns`, remembered in a cookie for each list, like the conversation's
//! order): which columns show, in a fixed order, and whether rows are comfortable or
//! compact. The number and the subject always show.

use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use helmdesk_app::service_desk::search::TicketListParams;
use serde::Deserialize;

use crate::platform::auth::{UiForm, safe_next};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::UiError;

pub(crate) fn routes() -> Routes {
    Routes::new().post("/tickets/columns", choose).signed_in()
}

/// A column of the ticket lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Number,
    Subject,
    Kind,
    Requester,
    Organisation,
    Category,
    Status,
    Priority,
    Sla,
    Team,
    Assignee,
    Created,
    Updated,
}

impl Column {
    /// Every column, in the order they show.
    pub const ALL: [Column; 13] = [
        Column::Number,
        Column::Subject,
        Column::Kind,
        Column::Requester,
        Column::Organisation,
        Column::Category,
        Column::Status,
        Column::Priority,
        Column::Sla,
        Column::Team,
        Column::Assignee,
        Column::Created,
        Column::Updated,
    ];

    /// The name forms and cookies use.
    pub fn key(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Subject => "subject",
            Column::Kind => "kind",
            Column::Requester => "requester",
            Column::Organisation => "organisation",
            Column::Category => "category",
            Column::Status => "status",
            Column::Priority => "priority",
            Column::Sla => "sla",
            Column::Team => "team",
            Column::Assignee => "assignee",
            Column::Created => "created",
            Column::Updated => "updated",
        }
    }

    /// Its heading's message id.
    pub fn label(self) -> &'static str {
        match self {
            Column::Number => "column-number",
            Column::Subject => "column-subject",
            Column::Kind => "column-kind",
            Column::Requester => "column-requester",
            Column::Organisation => "column-organisation",
            Column::Category => "column-category",
            Column::Status => "column-status",
            Column::Priority => "column-priority",
            Column::Sla => "column-sla",
            Column::Team => "column-team",
            Column::Assignee => "column-assignee",
            Column::Created => "column-created",
            Column::Updated => "column-updated",
        }
    }

    /// Shown whatever is chosen.
    pub fn fixed(self) -> bool {
        matches!(self, Column::Number | Column::Subject)
    }

    /// The sort its heading picks, then picks on a second click.
    pub fn sorts(self) -> Option<(&'static str, &'static str)> {
        match self {
            Column::Number | Column::Created => Some(("created_at", "-created_at")),
            Column::Priority => Some(("priority", "-priority")),
            Column::Sla => Some(("due", "-due")),
            Column::Updated => Some(("-updated_at", "updated_at")),
            _ => None,
        }
    }

    fn parse(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Which list a choice is for: the queue and "my tickets" are chosen apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum List {
    Queue,
    Mine,
}

impl List {
    fn cookie(self) -> &'static str {
        match self {
            List::Queue => "helmdesk_columns_queue",
            List::Mine => "helmdesk_columns_mine",
        }
    }

    /// The columns shown before a person chooses.
    fn defaults(self) -> &'static [Column] {
        use Column::*;
        match self {
            List::Queue => &[Number, Subject, Requester, Status, Priority, Sla, Team, Assignee, Updated],
            List::Mine => &[Number, Subject, Status, Priority, Sla, Team, Assignee, Updated],
        }
    }
}

/// The cookie that remembers compact rows.
const DENSITY_COOKIE: &str = "helmdesk_density";

/// How a person sees a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    pub columns: Vec<Column>,
    pub compact: bool,
}

impl Layout {
    /// The layout `jar` remembers for `list`, or its defaults.
    pub fn of(jar: &CookieJar, list: List) -> Layout {
        let chosen = jar.get(list.cookie()).map(|c| parse_columns(c.value().split(',')));
        Layout {
            columns: chosen.unwrap_or_else(|| list.defaults().to_vec()),
            compact: jar.get(DENSITY_COOKIE).is_some_and(|c| c.value() == "compact"),
        }
    }

    pub fn shows(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }
}

/// The columns named, known ones only, in their own order, with the fixed ones.
fn parse_columns<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<Column> {
    let named: Vec<Column> = keys.filter_map(Column::parse).collect();
    Column::ALL.into_iter().filter(|c| c.fixed() || named.contains(c)).collect()
}

/// A heading of a list: its column, and for a sorting column the list sorted by it and
/// the `aria-sort` it has now.
pub(crate) struct Heading {
    pub column: Column,
    /// Its words in the reader's language.
    pub label: String,
    pub sort: Option<(String, &'static str)>,
}

/// The headings of `layout` in `tr`'s words, sorting links made by `sorted` (a sort to the list's address).
pub(crate) fn headings(layout: &Layout, tr: &Tr, current: &str, sorted: impl Fn(&str) -> String) -> Vec<Heading> {
    layout
        .columns
        .iter()
        .map(|&column| Heading {
            column,
            label: tr.t(column.label()),
            sort: column.sorts().map(|(first, second)| {
                let next = if current == first { second } else { first };
                let state = match current {
                    c if c == first || c == second => match c.starts_with('-') {
                        true => "descending",
                        false => "ascending",
                    },
                    _ => "none",
                };
                (sorted(next), state)
            }),
        })
        .collect()
}

/// A list's address sorted by `sort`, keeping the rest of `own`.
pub(crate) fn sorted_params(own: &TicketListParams, sort: &str) -> TicketListParams {
    TicketListParams { sort: Some(sort.to_string()), cursor: None, limit: None, ..own.clone() }
}

/// Remembers the columns and density chosen for a list and goes back to it.
async fn choose(UiForm { user, form }: UiForm<Vec<(String, String)>>) -> Result<Response, UiError> {
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let list = match value("list") {
        Some("mine") => List::Mine,
        Some("queue") => List::Queue,
        _ => return Err(helmdesk_app::AppError::invalid("list", "must be queue or mine").into()),
    };
    let columns = parse_columns(form.iter().filter(|(k, _)| k == "column").map(|(_, v)| v.as_str()));
    let keys: Vec<&str> = columns.iter().map(|c| c.key()).collect();
    let density = if value("density") == Some("compact") { "compact" } else { "comfortable" };
    let fallback = if list == List::Mine { "/my/tickets" } else { "/tickets" };
    let back = safe_next(value("back").unwrap_or(fallback));
    let back = if back == "/" { fallback.to_string() } else { back };
    let jar =
        CookieJar::new().add(remembered(list.cookie(), keys.join(","))).add(remembered(DENSITY_COOKIE, density.into()));
    let message = user.tr().t("columns-saved");
    Ok((jar, user.confirm(&back, message)).into_response())
}

fn remembered(name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).permanent().build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_columns_keep_their_own_order_and_the_fixed_ones() {
        let columns = parse_columns(["updated", "status", "bogus", "<script>", "status"].into_iter());
        assert_eq!(columns, vec![Column::Number, Column::Subject, Column::Status, Column::Updated]);
        assert_eq!(parse_columns(std::iter::empty()), vec![Column::Number, Column::Subject]);
    }

    #[test]
    fn a_heading_sorts_one_way_then_the_other() {
        let layout = Layout { columns: vec![Column::Number, Column::Subject, Column::Updated], compact: false };
        let h = headings(&layout, &Tr::new("en"), "-updated_at", |s| format!("?sort={s}"));
        assert_eq!(h[2].label, "Updated");
        assert!(h[1].sort.is_none(), "the subject does not sort");
        assert_eq!(h[2].sort, Some(("?sort=updated_at".into(), "descending")));
        assert_eq!(h[0].sort, Some(("?sort=created_at".into(), "none")));
    }
}

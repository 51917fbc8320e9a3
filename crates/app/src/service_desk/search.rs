//! Ticket lists: the query language shared by the API, the queue page, saved views and
//! exports (a URL query string: `q=vpn&status=open&sla=breaching_soon&sort=due`), its
//! validation, keyset pages in any sort order, and bounded counts.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use helmdesk_domain::service_desk::search::{Sort, search_words};
use helmdesk_domain::{Role, TicketKind, TicketStatus};
use helmdesk_store::micros;
use helmdesk_store::service_desk::search::{After, Range, SlaFilter, TicketFilter, sort_key};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::service_desk::tickets::{Ticket, parse_statuses};
use crate::{Actor, App, AppError, Page};

/// Counts stop here: "10,000+" is as useful as the exact figure, and costs a bounded read.
pub const COUNT_CAP: i64 = 10_000;
/// The "breaching soon" window when none is given, in minutes.
pub const DUE_WITHIN_DEFAULT: i64 = 60;

/// Filters, order and page of a ticket list, as query-string parameters. A saved view
/// stores exactly these parameters.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketListParams {
    /// Search text: every word must occur in the subject, the description or a comment
    /// (requesters: public replies only); the last word may be the start of a word. A
    /// ticket's number (`INC-000247`, `#247` or `247`) finds that ticket alone, when the
    /// caller may see it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Comma-separated statuses (`new,assigned`), or `open` for every open status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Comma-separated priorities, 1 (critical) to 5 (planning): `1,2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TicketKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<i64>,
    /// Only tickets nobody is assigned to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester_id: Option<i64>,
    /// An organisation; its sub-organisations' tickets are included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Tickets naming this configuration item (staff and auditors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_id: Option<i64>,
    /// SLA state: `breached`, `warning`, `breaching_soon` (not breached, and past the
    /// warning time or due within `due_within` minutes), `paused`, `met` or `none` (no
    /// policy applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<String>,
    /// The "breaching soon" window in minutes (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 10080)]
    pub due_within: Option<i64>,
    /// Filed at or after: RFC 3339, or a date (`2026-11-01`, midnight UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<String>,
    /// Filed before: RFC 3339, or a date (the whole day is included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_to: Option<String>,
    /// `created_at`, `updated_at`, `priority` or `due` (the resolution due time), with `-`
    /// in front for descending. Default `-created_at` (newest first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// The `next_cursor` of the previous page (valid with the same sort only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

impl TicketListParams {
    /// Parses a query string; empty values (a form's "any") count as absent.
    pub fn from_query_string(text: &str) -> Result<TicketListParams, AppError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(text).map_err(|_| AppError::invalid("query", "is not a URL query string"))?;
        let kept: Vec<(String, String)> = pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
        let clean = serde_urlencoded::to_string(kept).unwrap_or_default();
        serde_urlencoded::from_str(&clean).map_err(|e| AppError::invalid("query", e.to_string()))
    }

    /// The query string of these parameters, without the page (a view's definition).
    pub fn to_query_string(&self) -> String {
        let without_page = TicketListParams { cursor: None, limit: None, ..self.clone() };
        serde_urlencoded::to_string(&without_page).unwrap_or_default()
    }

    /// The validated query.
    pub fn to_query(&self) -> Result<TicketQuery, AppError> {
        let sort = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => s.parse::<Sort>()?,
            None => Sort::default(),
        };
        let due_within = self.due_within.unwrap_or(DUE_WITHIN_DEFAULT);
        if !(1..=10_080).contains(&due_within) {
            return Err(AppError::invalid("due_within", "must be between 1 and 10080 minutes"));
        }
        Ok(TicketQuery {
            text: self.q.clone().unwrap_or_default(),
            statuses: parse_statuses(self.status.as_deref().unwrap_or(""))?,
            priorities: parse_priorities(self.priority.as_deref().unwrap_or(""))?,
            kind: self.kind,
            team_id: self.team_id,
            assignee_id: self.assignee_id,
            unassigned: self.unassigned.unwrap_or(false),
            requester_id: self.requester_id,
            organisation_id: self.organisation_id,
            category_id: self.category_id,
            ci_id: self.ci_id,
            sla: self.sla.as_deref().filter(|s| !s.is_empty()).map(parse_sla).transpose()?,
            due_within_minutes: due_within,
            created: range("created", &self.created_from, &self.created_to)?,
            updated: range("updated", &self.updated_from, &self.updated_to)?,
            resolved: range("resolved", &self.resolved_from, &self.resolved_to)?,
            sort,
            cursor: self.cursor.clone().filter(|c| !c.is_empty()),
            limit: self.limit.unwrap_or(50),
        })
    }
}

/// An SLA state to filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    Breached,
    Warning,
    BreachingSoon,
    Paused,
    Met,
    NoPolicy,
}

fn parse_sla(text: &str) -> Result<SlaState, AppError> {
    Ok(match text {
        "breached" => SlaState::Breached,
        "warning" => SlaState::Warning,
        "breaching_soon" => SlaState::BreachingSoon,
        "paused" => SlaState::Paused,
        "met" => SlaState::Met,
        "none" => SlaState::NoPolicy,
        _ => {
            return Err(AppError::invalid(
                "sla",
                "must be one of breached, warning, breaching_soon, paused, met, none",
            ));
        }
    })
}

/// Parses a comma-separated priority list.
fn parse_priorities(text: &str) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<u8>() {
            Ok(p) if (1..=5).contains(&p) => out.push(p),
            _ => return Err(AppError::invalid("priority", "must be priorities between 1 and 5, comma-separated")),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// An instant from RFC 3339 or a date; a date as the end of a range means the day after.
fn instant(field: &str, text: &str, end: bool) -> Result<DateTime<Utc>, AppError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "must be a date (2026-11-01) or an RFC 3339 time"))?;
    let day = if end { day + Duration::days(1) } else { day };
    Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn range(name: &str, from: &Option<String>, to: &Option<String>) -> Result<Range, AppError> {
    let parse = |suffix: &str, text: &Option<String>, end: bool| {
        text.as_deref()
            .filter(|t| !t.is_empty())
            .map(|t| instant(&format!("{name}_{suffix}"), t, end).map(micros))
            .transpose()
    };
    let range = Range { from: parse("from", from, false)?, to: parse("to", to, true)? };
    if let (Some(f), Some(t)) = (range.from, range.to)
        && f >= t
    {
        return Err(AppError::invalid(&format!("{name}_to"), "must be after the start of the range"));
    }
    Ok(range)
}

/// A validated ticket list query.
#[derive(Debug, Clone, Default)]
pub struct TicketQuery {
    pub text: String,
    pub statuses: Vec<TicketStatus>,
    pub priorities: Vec<u8>,
    pub kind: Option<TicketKind>,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub unassigned: bool,
    pub requester_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub category_id: Option<i64>,
    pub ci_id: Option<i64>,
    pub sla: Option<SlaState>,
    pub due_within_minutes: i64,
    pub created: Range,
    pub updated: Range,
    pub resolved: Range,
    pub sort: Sort,
    pub cursor: Option<String>,
    pub limit: i64,
}

/// Encodes a keyset position (sort key and id) as an opaque cursor.
fn encode_position(key: i64, id: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("k:{key}:{id}"))
}

/// Decodes a cursor made by [`encode_position`].
fn decode_position(cursor: &str) -> Result<After, AppError> {
    use base64::Engine;
    let invalid = || AppError::invalid("cursor", "is not a cursor this server gave out");
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let mut parts = text.strip_prefix("k:").ok_or_else(invalid)?.splitn(2, ':');
    let mut number = || parts.next().and_then(|n| n.parse::<i64>().ok()).ok_or_else(invalid);
    Ok(After { key: number()?, id: number()? })
}

impl App {
    /// The store filter of a query as `actor` may run it.
    pub(crate) async fn ticket_filter(&self, actor: &Actor, q: &TicketQuery) -> Result<TicketFilter, AppError> {
        let now = self.now();
        let organisation_ids = match q.organisation_id {
            Some(id) => Some(self.subtree(id).await?),
            None => None,
        };
        let sla = q.sla.map(|s| match s {
            SlaState::Breached => SlaFilter::Breached,
            SlaState::Warning => SlaFilter::Warning,
            SlaState::BreachingSoon => {
                SlaFilter::BreachingSoon { until: micros(now + Duration::minutes(q.due_within_minutes)) }
            }
            SlaState::Paused => SlaFilter::Paused,
            SlaState::Met => SlaFilter::Met,
            SlaState::NoPolicy => SlaFilter::NoPolicy,
        });
        Ok(TicketFilter {
            visibility: actor.visibility(),
            words: search_words(&q.text),
            search_internal: actor.role != Role::Requester,
            statuses: q.statuses.iter().map(|s| s.as_str().to_string()).collect(),
            priorities: q.priorities.iter().map(|p| i64::from(*p)).collect(),
            kind: q.kind.map(|k| k.as_str().to_string()),
            team_id: q.team_id,
            assignee_id: if q.unassigned { Some(None) } else { q.assignee_id.map(Some) },
            requester_id: q.requester_id,
            organisation_ids,
            category_id: q.category_id,
            // Which item a ticket names is for staff: a requester's filter is ignored.
            ci_id: q.ci_id.filter(|_| actor.role.sees_internal()),
            sla,
            created: q.created,
            updated: q.updated,
            resolved: q.resolved,
            now: micros(now),
            sort: q.sort,
            after: q.cursor.as_deref().map(decode_position).transpose()?,
            limit: q.limit.clamp(1, 200),
        })
    }

    /// The ticket a search text names by its number (`INC-000247`, `#247`, `247`), when
    /// the actor may see it: the search finds that ticket, whatever the other filters.
    async fn searched_number(&self, actor: &Actor, q: &TicketQuery) -> Result<Option<i64>, AppError> {
        if q.text.trim().is_empty() {
            return Ok(None);
        }
        self.ticket_named_by(actor, &q.text).await
    }

    /// A page of the tickets the actor may see that match the query, in its order.
    pub async fn list_tickets(&self, actor: &Actor, q: &TicketQuery) -> Result<Page<Ticket>, AppError> {
        if let Some(id) = self.searched_number(actor, q).await? {
            let items = if q.cursor.is_some() { Vec::new() } else { vec![self.ticket(actor, id).await?] };
            return Ok(Page { items, next_cursor: None });
        }
        let mut filter = self.ticket_filter(actor, q).await?;
        let limit = filter.limit;
        filter.limit += 1;
        let mut rows = self.store().list_tickets(&filter).await?;
        let next_cursor = (rows.len() as i64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last().map(|r| encode_position(sort_key(filter.sort, &r.ticket), r.ticket.id)).unwrap_or_default()
        });
        let now = self.now();
        Ok(Page { items: rows.into_iter().map(|r| Ticket::new(r, now, actor)).collect(), next_cursor })
    }

    /// How many tickets the actor may see match the query, up to [`COUNT_CAP`].
    pub async fn count_tickets(&self, actor: &Actor, q: &TicketQuery) -> Result<TicketCount, AppError> {
        if self.searched_number(actor, q).await?.is_some() {
            return Ok(TicketCount { count: 1, more: false });
        }
        let filter = self.ticket_filter(actor, q).await?;
        let count = self.store().count_tickets(&filter, COUNT_CAP + 1).await?;
        Ok(TicketCount { count: count.min(COUNT_CAP), more: count > COUNT_CAP })
    }
}

/// How many tickets match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TicketCount {
    /// The number of matching tickets, at most 10,000.
    pub count: i64,
    /// More than `count` tickets match (the count stopped at 10,000).
    pub more: bool,
}

impl TicketCount {
    /// "1,234" or "10,000+".
    pub fn label(&self) -> String {
        let digits = self.count.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if self.more {
            out.push('+');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_drop_empty_values_and_read_every_filter() {
        let p = TicketListParams::from_query_string("q=vpn+down&status=open&priority=2,1&team_id=&sla=breaching_soon")
            .unwrap();
        assert_eq!(p.q.as_deref(), Some("vpn down"));
        assert_eq!(p.team_id, None);
        let q = p.to_query().unwrap();
        assert_eq!(q.priorities, [1, 2]);
        assert_eq!(q.statuses.len(), 4);
        assert_eq!(q.sla, Some(SlaState::BreachingSoon));
        assert_eq!(TicketListParams::from_query_string(&p.to_query_string()).unwrap(), p);
    }

    #[test]
    fn bad_filters_name_their_field() {
        let field = |text: &str| match TicketListParams::from_query_string(text).and_then(|p| p.to_query()) {
            Err(AppError::Invalid(errors)) => errors[0].field.clone().unwrap_or_default(),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(field("priority=9"), "priority");
        assert_eq!(field("sla=late"), "sla");
        assert_eq!(field("sort=name"), "sort");
        assert_eq!(field("created_from=yesterday"), "created_from");
        assert_eq!(field("created_from=2026-11-02&created_to=2026-11-01"), "created_to");
        assert_eq!(field("due_within=0"), "due_within");
    }

    #[test]
    fn a_date_range_includes_the_whole_last_day() {
        let r = range("created", &Some("2026-11-01".into()), &Some("2026-11-01".into())).unwrap();
        assert_eq!(r.to.unwrap() - r.from.unwrap(), 86_400_000_000);
    }

    #[test]
    fn cursors_carry_the_sort_key_and_refuse_forgeries() {
        let after = decode_position(&encode_position(-5, 42)).unwrap();
        assert_eq!((after.key, after.id), (-5, 42));
        assert!(decode_position("garbage").is_err());
        assert!(decode_position(&crate::encode_cursor(3)).is_err());
    }

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(TicketCount { count: 1234, more: false }.label(), "1,234");
        assert_eq!(TicketCount { count: 10_000, more: true }.label(), "10,000+");
        assert_eq!(TicketCount { count: 7, more: false }.label(), "7");
    }
}

//! The employees' portal: one search over the articles they may read, the catalog items
//! offered to them and their own tickets; and what its home page shows them (popular
//! articles, the catalog's categories, their requests and tickets, the approvals waiting
//! for them and the devices they hold).

use chrono::{DateTime, Utc};
use helmdesk_domain::TicketStatus;
use helmdesk_domain::service_desk::search::search_words;
use serde::Serialize;

use crate::assets::hardware::Asset;
use crate::platform::approvals::{Approval, ApprovalPermission};
use crate::self_service::access::SelfServicePermission;
use crate::self_service::catalog::{CatalogItem, OfferedCategory};
use crate::self_service::kb::ArticleHit;
use crate::self_service::requests::CatalogRequest;
use crate::service_desk::search::TicketListParams;
use crate::service_desk::tickets::Ticket;
use crate::{Actor, App, AppError};

/// The longest search text, in characters.
pub const SEARCH_TEXT_MAX: usize = 200;
/// The most results of each kind a search returns.
pub const HITS_PER_KIND_MAX: i64 = 20;
/// How many entries each list of the portal's home shows.
const HOME_LIST: usize = 8;

/// What a search result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PortalHitKind {
    /// A catalog item the caller may order.
    CatalogItem,
    /// A published article the caller may read.
    Article,
    /// One of the caller's own tickets.
    Ticket,
}

/// One result of the portal's search.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PortalHit {
    pub kind: PortalHitKind,
    /// The item's, article's or ticket's id.
    pub id: i64,
    /// The item's name, the article's title, the ticket's subject.
    pub title: String,
    /// The item's description, the article's summary or start, empty for a ticket.
    pub summary: String,
    /// Its page on this site.
    pub link: String,
    /// The category of an item or article (null without one, and for tickets).
    pub category: Option<String>,
    /// A ticket's number (`INC-000247`); null for the others.
    pub number: Option<String>,
    /// A ticket's status; null for the others.
    pub status: Option<TicketStatus>,
}

impl PortalHit {
    fn of_item(i: &CatalogItem) -> PortalHit {
        PortalHit {
            kind: PortalHitKind::CatalogItem,
            id: i.id,
            title: i.name.clone(),
            summary: i.description.clone(),
            link: format!("/portal/catalog/{}", i.id),
            category: i.category.clone(),
            number: None,
            status: None,
        }
    }

    fn of_article(a: ArticleHit) -> PortalHit {
        PortalHit {
            kind: PortalHitKind::Article,
            link: format!("/portal/articles/{}?from=search", a.id),
            id: a.id,
            title: a.title,
            summary: a.summary,
            category: a.category,
            number: None,
            status: None,
        }
    }

    fn of_ticket(t: Ticket) -> PortalHit {
        PortalHit {
            kind: PortalHitKind::Ticket,
            link: format!("/tickets/{}", t.id),
            id: t.id,
            title: t.subject,
            summary: String::new(),
            category: None,
            number: Some(t.number),
            status: Some(t.status),
        }
    }
}

/// One of the caller's requests or open tickets, on the portal's home.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PortalRequest {
    /// What was ordered, or the ticket's subject.
    pub title: String,
    /// The request's or ticket's page.
    pub link: String,
    /// The ticket's number (a request's ticket), when there is one.
    pub number: Option<String>,
    /// The request's status (`awaiting_approval`, `in_fulfilment` ...) or the ticket's.
    pub status: String,
    /// A catalog request (its status is a request's), not a ticket.
    pub ordered: bool,
    /// When it is expected: a request's delivery date, a ticket's resolution due time.
    pub expected_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What the portal's home shows its reader.
#[derive(Debug, Clone)]
pub struct PortalHome {
    pub popular: Vec<ArticleHit>,
    pub categories: Vec<OfferedCategory>,
    /// Their catalog requests and their open tickets, newest first.
    pub requests: Vec<PortalRequest>,
    pub approvals: Vec<Approval>,
    pub devices: Vec<Asset>,
}

/// Whether every word of `words` occurs in the item's name, description or category.
fn item_matches(item: &CatalogItem, words: &[String]) -> bool {
    let text =
        format!("{} {} {}", item.name, item.description, item.category.as_deref().unwrap_or_default()).to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

/// The caller's requests and tickets in one list, newest first: a ticket that is a
/// request's own appears once, as the request.
fn requests_and_tickets(requests: Vec<CatalogRequest>, tickets: Vec<Ticket>) -> Vec<PortalRequest> {
    let request_tickets: Vec<i64> = requests.iter().map(|r| r.ticket_id).collect();
    let mut all: Vec<PortalRequest> = requests
        .into_iter()
        .map(|r| PortalRequest {
            title: r.item,
            link: format!("/portal/requests/{}", r.id),
            number: r.ticket_number,
            status: r.status.as_str().to_string(),
            ordered: true,
            expected_at: r.expected_at,
            created_at: r.created_at,
        })
        .chain(tickets.into_iter().filter(|t| !request_tickets.contains(&t.id)).map(|t| PortalRequest {
            link: format!("/tickets/{}", t.id),
            number: Some(t.number),
            status: t.status.as_str().to_string(),
            ordered: false,
            expected_at: t.sla.resolution_due,
            created_at: t.created_at,
            title: t.subject,
        }))
        .collect();
    all.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    all.truncate(HOME_LIST);
    all
}

impl App {
    /// The portal's search: up to `limit` (1 to 20) results of each kind in one list, the
    /// catalog items the caller may order first (every word in the name, description or
    /// category), then the published articles they may read (full-text, best first), then
    /// their own tickets (every word in the subject, description or a public reply, or a
    /// ticket's number; newest first). An empty text finds nothing.
    pub async fn portal_search(&self, actor: &Actor, text: &str, limit: i64) -> Result<Vec<PortalHit>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let text = text.trim();
        if text.chars().count() > SEARCH_TEXT_MAX {
            return Err(AppError::invalid("q", format!("must be at most {SEARCH_TEXT_MAX} characters")));
        }
        if !(1..=HITS_PER_KIND_MAX).contains(&limit) {
            return Err(AppError::invalid("limit", format!("must be between 1 and {HITS_PER_KIND_MAX}")));
        }
        let words = search_words(text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let items = self.offered_catalog_items(actor).await?;
        let mut hits: Vec<PortalHit> =
            items.iter().filter(|i| item_matches(i, &words)).take(limit as usize).map(PortalHit::of_item).collect();
        hits.extend(self.search_articles(actor, text, limit).await?.into_iter().map(PortalHit::of_article));
        hits.extend(self.own_tickets(actor, Some(text), None, limit).await?.into_iter().map(PortalHit::of_ticket));
        Ok(hits)
    }

    /// The caller's own tickets matching `text` and `status`, newest first. A ticket's
    /// number finds that ticket whoever filed it: only the caller's own are kept.
    async fn own_tickets(
        &self,
        actor: &Actor,
        text: Option<&str>,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Ticket>, AppError> {
        let params = TicketListParams {
            q: text.map(str::to_string),
            status: status.map(str::to_string),
            requester_id: Some(actor.id),
            limit: Some(limit),
            ..Default::default()
        };
        let page = self.list_tickets(actor, &params.to_query()?).await?;
        Ok(page.items.into_iter().filter(|t| t.requester_id == actor.id).collect())
    }

    /// What the portal's home shows the caller.
    pub async fn portal_home(&self, actor: &Actor) -> Result<PortalHome, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let limit = HOME_LIST as i64;
        let requests = requests_and_tickets(
            self.my_catalog_requests(actor, limit).await?,
            self.own_tickets(actor, None, Some("open"), limit * 2).await?,
        );
        let approvals =
            if actor.can(ApprovalPermission::UseApprovals) { self.approvals_waiting(actor).await? } else { Vec::new() };
        Ok(PortalHome {
            popular: self.popular_articles(actor, 6).await?,
            categories: self.catalog_categories_for(actor).await?,
            requests,
            approvals,
            devices: self.my_assets(actor).await?,
        })
    }
}

//! The KPIs' self-service figures for a period: deflections, article views and
//! helpfulness, catalog requests by item, approval times per step and fulfilment times.
//!
//! Requests and approvals count when their organisation is one the KPIs count (what the
//! reader sees, narrowed by the organisation filter); views and answers when the article
//! is one the reader may read (`Actor::article_organisations`: their organisations, those
//! above them and global articles) and the person who viewed or answered is of an
//! organisation the KPIs count (every view, anonymous ones included, for readers of every
//! organisation without a filter). The team and kind filters are the tickets': they do not
//! narrow these figures. Durations are wall-clock seconds.

use std::collections::BTreeMap;

use helmdesk_domain::reports::kpis;
use helmdesk_store::StoreError;
use helmdesk_store::reports::self_service::{
    ApprovalStepGroup, ArticleFeedbackGroup, ArticleViewsGroup, ItemRequestsGroup, SelfServiceScope,
};

use crate::self_service::access::SelfServicePermission;
use crate::self_service::requests::REQUEST_SUBJECT;
use crate::{Actor, App};

/// The most viewed articles listed.
pub const TOP_ARTICLES: usize = 10;

/// Self-service in the period.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct SelfServiceFigures {
    /// Tickets avoided: article views (`kb_views`) made in the period from the new-ticket
    /// form's suggestion (`source = suggestion`) by a person who filed no ticket within 30
    /// minutes after. Views less than 30 minutes before `period.as_of` are not judged yet
    /// and not counted.
    pub deflections: i64,
    /// Article views made in the period (`kb_views.created_at`), from any source: the
    /// article's page, search and the suggestions.
    pub article_views: i64,
    /// "Was this helpful?" answers (`kb_feedback`, one per person and article, changeable)
    /// last given in the period (`updated_at`) that said yes.
    pub helpful: i64,
    /// Those answers that said no.
    pub not_helpful: i64,
    /// `helpful / (helpful + not_helpful)` in percent, 0 to 100; null without answers.
    #[schema(minimum = 0, maximum = 100)]
    pub helpful_percent: Option<f64>,
    /// Up to 10 articles, most viewed in the period first (then by id).
    pub top_articles: Vec<TopArticle>,
    /// Per catalog item with a request ordered, approved or finished in the period, most
    /// ordered first (then by name).
    pub requests_by_item: Vec<ItemRequests>,
    /// Per step of the catalog requests' approval chains with a decision in the period:
    /// by chain name, then position.
    pub approval_steps: Vec<ApprovalStepFigures>,
    /// Per catalog item with a request delivered in the period, most delivered first (then
    /// by name).
    pub fulfilment: Vec<ItemFulfilment>,
}

/// One article's views and helpfulness in the period.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct TopArticle {
    pub id: i64,
    pub title: String,
    /// Views made in the period.
    pub views: i64,
    /// Of those, deflections (see `SelfServiceFigures.deflections`).
    pub deflections: i64,
    /// Answers last given in the period that it helped.
    pub helpful: i64,
    /// Answers last given in the period that it did not.
    pub not_helpful: i64,
}

/// One catalog item's requests in the period, each counted by its own moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ItemRequests {
    pub item_id: i64,
    /// The item's name now.
    pub item_name: String,
    /// Requests ordered in the period (`created_at`).
    pub ordered: i64,
    /// Requests approved in the period (`approved_at`; an item without an approval chain
    /// is approved when ordered).
    pub approved: i64,
    /// Requests rejected in the period (`status = rejected`, `finished_at`).
    pub rejected: i64,
    /// Requests delivered in the period: fulfilled, their last task done
    /// (`status = fulfilled`, `finished_at`).
    pub delivered: i64,
}

/// How long one step of an approval chain took to decide.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ApprovalStepFigures {
    /// The chain's name when the approval started.
    pub chain_name: String,
    /// The step's place in its chain, from 0 (as `position` of an approval's steps).
    pub position: i64,
    /// The step's name when the approval started.
    pub step_name: String,
    /// Steps decided in the period (`approval_steps.ended_at`): approved or rejected by
    /// the people asked. Skipped and expired steps, and steps rejected because nobody
    /// could be asked, are no decisions.
    pub decisions: i64,
    /// Of those, approved.
    pub approved: i64,
    /// Of those, rejected.
    pub rejected: i64,
    /// Mean seconds from the step's start (`started_at`, when its approvers were asked) to
    /// its decision (`ended_at`).
    pub mean_seconds: Option<f64>,
    /// Median of those seconds (the mean of the two middle values for an even count).
    pub median_seconds: Option<f64>,
}

/// How long one catalog item's requests took to deliver.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ItemFulfilment {
    pub item_id: i64,
    /// The item's name now.
    pub item_name: String,
    /// Requests delivered in the period (fulfilled, `finished_at` in the period).
    pub delivered: i64,
    /// Mean seconds from approval (`approved_at`; `created_at` when there was none) to
    /// delivery (`finished_at`).
    pub mean_seconds: Option<f64>,
    /// Median of those seconds (the mean of the two middle values for an even count).
    pub median_seconds: Option<f64>,
}

/// The mean and median seconds of durations in microseconds.
fn mean_and_median(micros: &mut [i64]) -> (Option<f64>, Option<f64>) {
    (kpis::mean(micros).map(|m| m / 1e6), kpis::median(micros).map(|m| m / 1e6))
}

impl App {
    /// The self-service figures of `[start, end)` for `actor`, counted in the KPIs'
    /// organisations `organisations` (`None`: every one), as of `now`. The caller has
    /// checked the actor may read reports.
    pub(crate) async fn self_service_figures(
        &self,
        actor: &Actor,
        organisations: Option<Vec<i64>>,
        (start, end): (i64, i64),
        now: i64,
    ) -> Result<SelfServiceFigures, StoreError> {
        let scope = SelfServiceScope {
            organisations,
            article_organisations: actor.article_organisations(),
            public_articles_only: !actor.can(SelfServicePermission::ReadArticles),
        };
        let store = self.store();
        let (views, feedback, requests, steps) = tokio::try_join!(
            store.kpi_article_views(&scope, start, end, now),
            store.kpi_article_feedback(&scope, start, end),
            store.kpi_catalog_requests(&scope, start, end),
            store.kpi_approval_steps(&scope, REQUEST_SUBJECT, start, end),
        )?;
        Ok(figures(views, feedback, requests, steps))
    }
}

/// The figures from the grouped records.
fn figures(
    views: Vec<ArticleViewsGroup>,
    feedback: Vec<ArticleFeedbackGroup>,
    requests: Vec<ItemRequestsGroup>,
    steps: Vec<ApprovalStepGroup>,
) -> SelfServiceFigures {
    let answers: BTreeMap<i64, (i64, i64)> =
        feedback.iter().map(|f| (f.article_id, (f.helpful, f.not_helpful))).collect();
    let (helpful, not_helpful) = answers.values().fold((0, 0), |t, a| (t.0 + a.0, t.1 + a.1));
    let mut top: Vec<TopArticle> = views
        .iter()
        .map(|v| {
            let (helpful, not_helpful) = answers.get(&v.article_id).copied().unwrap_or_default();
            TopArticle {
                id: v.article_id,
                title: v.title.clone(),
                views: v.views,
                deflections: v.deflections,
                helpful,
                not_helpful,
            }
        })
        .collect();
    top.sort_by(|a, b| b.views.cmp(&a.views).then(a.id.cmp(&b.id)));
    top.truncate(TOP_ARTICLES);

    let mut requests_by_item: Vec<ItemRequests> = requests
        .iter()
        .map(|r| ItemRequests {
            item_id: r.item_id,
            item_name: r.item_name.clone(),
            ordered: r.ordered,
            approved: r.approved,
            rejected: r.rejected,
            delivered: r.delivered,
        })
        .collect();
    requests_by_item.sort_by(|a, b| b.ordered.cmp(&a.ordered).then_with(|| a.item_name.cmp(&b.item_name)));
    let mut fulfilment: Vec<ItemFulfilment> = requests
        .into_iter()
        .filter(|r| r.delivered > 0)
        .map(|mut r| {
            let (mean_seconds, median_seconds) = mean_and_median(&mut r.fulfilment.0);
            ItemFulfilment {
                item_id: r.item_id,
                item_name: r.item_name,
                delivered: r.delivered,
                mean_seconds,
                median_seconds,
            }
        })
        .collect();
    fulfilment.sort_by(|a, b| b.delivered.cmp(&a.delivered).then_with(|| a.item_name.cmp(&b.item_name)));

    let mut approval_steps: Vec<ApprovalStepFigures> = steps
        .into_iter()
        .map(|mut s| {
            let (mean_seconds, median_seconds) = mean_and_median(&mut s.durations.0);
            ApprovalStepFigures {
                chain_name: s.chain_name,
                position: s.position,
                step_name: s.step_name,
                decisions: s.approved + s.rejected,
                approved: s.approved,
                rejected: s.rejected,
                mean_seconds,
                median_seconds,
            }
        })
        .collect();
    approval_steps
        .sort_by(|a, b| (&a.chain_name, a.position, &a.step_name).cmp(&(&b.chain_name, b.position, &b.step_name)));

    SelfServiceFigures {
        deflections: views.iter().map(|v| v.deflections).sum(),
        article_views: views.iter().map(|v| v.views).sum(),
        helpful,
        not_helpful,
        helpful_percent: kpis::share(helpful, helpful + not_helpful).map(|s| s * 100.0),
        top_articles: top,
        requests_by_item,
        approval_steps,
        fulfilment,
    }
}

//! The reads behind the KPIs' self-service figures: article views (with deflections) and
//! "was this helpful?" answers per article, catalog requests per item, and the decided
//! steps of approvals per chain and step. Each reads the records whose moment lies in the
//! period `[start, end)` and groups them in SQL; durations come back as one list per
//! group ([`IntList`]) for the medians.
//!
//! Views are read by their time (`kb_views_created`, migration 0040: the views' table is
//! self-service's largest); requests, steps and answers are read from their tables,
//! which grow with orders and answers, not with every page opened.

use crate::platform::users::push_in;
use crate::reports::kpis::IntList;
use crate::self_service::kb::{DEFLECTION_WINDOW, deflected, push_article_organisations};
use crate::{Sql, Store, StoreError};

/// Whose records the self-service figures count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SelfServiceScope {
    /// Requests and approvals of these organisations, and views and answers of people of
    /// these organisations (`None`: every one, anonymous views included).
    pub organisations: Option<Vec<i64>>,
    /// Only articles of these organisations, global ones always (`None`: every article).
    pub article_organisations: Option<Vec<i64>>,
    /// Only published public articles.
    pub public_articles_only: bool,
}

/// The views of one article in a period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ArticleViewsGroup {
    pub article_id: i64,
    pub title: String,
    /// Views made in the period, from any source.
    pub views: i64,
    /// Of those, deflections: opened from a suggestion, with no ticket filed by the same
    /// person within [`DEFLECTION_WINDOW`]; views too recent to tell are not counted.
    pub deflections: i64,
}

/// The "was this helpful?" answers about one article last given in a period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ArticleFeedbackGroup {
    pub article_id: i64,
    pub helpful: i64,
    pub not_helpful: i64,
}

/// The requests of one catalog item that were ordered, approved or finished in a period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ItemRequestsGroup {
    pub item_id: i64,
    pub item_name: String,
    /// `created_at` in the period.
    pub ordered: i64,
    /// `approved_at` in the period.
    pub approved: i64,
    /// Rejected, `finished_at` in the period.
    pub rejected: i64,
    /// Fulfilled, `finished_at` in the period.
    pub delivered: i64,
    /// Per delivered request, microseconds from `approved_at` (`created_at` without one)
    /// to `finished_at`.
    #[sqlx(try_from = "String")]
    pub fulfilment: IntList,
}

/// The steps of one chain and position decided in a period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovalStepGroup {
    /// The chain's name when the approval started (copied into the approval).
    pub chain_name: String,
    /// The step's place in its chain, from 0.
    pub position: i64,
    pub step_name: String,
    pub approved: i64,
    pub rejected: i64,
    /// Per step, microseconds from its start to its decision.
    #[sqlx(try_from = "String")]
    pub durations: IntList,
}

impl SelfServiceScope {
    /// Joins the person of a view or answer (`person`, e.g. `v.user_id`) as `u` when
    /// people are narrowed to organisations; pushed before `WHERE`.
    fn join_person(&self, sql: &mut Sql, person: &str) {
        if self.organisations.is_some() {
            sql.push(&format!(" JOIN users u ON u.id = {person}"));
        }
    }

    /// The conditions on the person `u` and the article `a`.
    fn push_article_and_person(&self, sql: &mut Sql) {
        if let Some(orgs) = &self.organisations {
            push_in(sql, "u.organisation_id", orgs);
        }
        if let Some(orgs) = &self.article_organisations {
            push_article_organisations(sql, orgs);
        }
        if self.public_articles_only {
            sql.push(" AND a.state = 'published' AND a.visibility = 'public'");
        }
    }

    /// The condition on a record's organisation column.
    fn push_organisation(&self, sql: &mut Sql, column: &str) {
        if let Some(orgs) = &self.organisations {
            push_in(sql, column, orgs);
        }
    }
}

impl Store {
    /// The views made in `[start, end)` per article, with its deflections judged at `now`.
    pub async fn kpi_article_views(
        &self,
        scope: &SelfServiceScope,
        start: i64,
        end: i64,
        now: i64,
    ) -> Result<Vec<ArticleViewsGroup>, StoreError> {
        article_views_sql(scope, start, end, now).fetch_all(self.db()).await
    }

    /// The "was this helpful?" answers last given (`updated_at`) in `[start, end)`, per
    /// article: one per person and article, as it now stands.
    pub async fn kpi_article_feedback(
        &self,
        scope: &SelfServiceScope,
        start: i64,
        end: i64,
    ) -> Result<Vec<ArticleFeedbackGroup>, StoreError> {
        let mut sql = Sql::new(
            "SELECT f.article_id,
                    CAST(SUM(CASE WHEN f.helpful THEN 1 ELSE 0 END) AS BIGINT) AS helpful,
                    CAST(SUM(CASE WHEN f.helpful THEN 0 ELSE 1 END) AS BIGINT) AS not_helpful
             FROM kb_feedback f JOIN kb_articles a ON a.id = f.article_id",
        );
        scope.join_person(&mut sql, "f.user_id");
        let (a, b) = (sql.arg(start), sql.arg(end));
        sql.push(&format!(" WHERE f.updated_at >= {a} AND f.updated_at < {b}"));
        scope.push_article_and_person(&mut sql);
        sql.push(" GROUP BY f.article_id");
        sql.fetch_all(self.db()).await
    }

    /// Per catalog item, its requests ordered, approved, rejected and delivered in
    /// `[start, end)`, each counted by its own moment, with the delivered ones' times.
    pub async fn kpi_catalog_requests(
        &self,
        scope: &SelfServiceScope,
        start: i64,
        end: i64,
    ) -> Result<Vec<ItemRequestsGroup>, StoreError> {
        let mut sql = Sql::new("");
        let (a, b) = (sql.arg(start), sql.arg(end));
        let within = |column: &str| format!("({column} >= {a} AND {column} < {b})");
        let (created, approved, finished) = (within("r.created_at"), within("r.approved_at"), within("r.finished_at"));
        let delivered = format!("r.status = 'fulfilled' AND {finished}");
        sql.push(&format!(
            "SELECT r.item_id, i.name AS item_name,
                    CAST(SUM(CASE WHEN {created} THEN 1 ELSE 0 END) AS BIGINT) AS ordered,
                    CAST(SUM(CASE WHEN {approved} THEN 1 ELSE 0 END) AS BIGINT) AS approved,
                    CAST(SUM(CASE WHEN r.status = 'rejected' AND {finished} THEN 1 ELSE 0 END) AS BIGINT) AS rejected,
                    CAST(SUM(CASE WHEN {delivered} THEN 1 ELSE 0 END) AS BIGINT) AS delivered,
                    COALESCE(string_agg(CASE WHEN {delivered}
                        THEN CAST(r.finished_at - COALESCE(r.approved_at, r.created_at) AS TEXT) END, ','), '')
                        AS fulfilment
             FROM catalog_requests r JOIN catalog_items i ON i.id = r.item_id
             WHERE ({created} OR {approved} OR {finished})"
        ));
        scope.push_organisation(&mut sql, "r.organisation_id");
        sql.push(" GROUP BY r.item_id, i.name");
        sql.fetch_all(self.db()).await
    }

    /// The steps of approvals of `subject_kind` records decided (approved or rejected by
    /// the people asked, after starting) in `[start, end)`, per chain name, position and
    /// step name, with each one's time from start to decision. Steps skipped, expired or
    /// rejected because nobody could be asked are no decisions.
    pub async fn kpi_approval_steps(
        &self,
        scope: &SelfServiceScope,
        subject_kind: &str,
        start: i64,
        end: i64,
    ) -> Result<Vec<ApprovalStepGroup>, StoreError> {
        let mut sql = Sql::new(
            "SELECT ap.chain_name, s.position, s.name AS step_name,
                    CAST(SUM(CASE WHEN s.state = 'approved' THEN 1 ELSE 0 END) AS BIGINT) AS approved,
                    CAST(SUM(CASE WHEN s.state = 'rejected' THEN 1 ELSE 0 END) AS BIGINT) AS rejected,
                    string_agg(CAST(s.ended_at - s.started_at AS TEXT), ',') AS durations
             FROM approval_steps s JOIN approvals ap ON ap.id = s.approval_id",
        );
        let (a, b, kind) = (sql.arg(start), sql.arg(end), sql.arg(subject_kind));
        sql.push(&format!(
            " WHERE s.ended_at >= {a} AND s.ended_at < {b} AND s.state IN ('approved', 'rejected')
                AND s.started_at IS NOT NULL AND ap.subject_kind = {kind}"
        ));
        scope.push_organisation(&mut sql, "ap.organisation_id");
        sql.push(" GROUP BY ap.chain_name, s.position, s.name");
        sql.fetch_all(self.db()).await
    }
}

/// The unary plus on the views' article keeps SQLite (which has no statistics unless
/// someone runs ANALYZE) from reading a scoped reader's articles first and then every view
/// of each, whatever its time; PostgreSQL reads it as the same number.
fn article_views_sql(scope: &SelfServiceScope, start: i64, end: i64, now: i64) -> Sql {
    let mut sql = Sql::new("");
    let (judged, window) = (sql.arg(now - DEFLECTION_WINDOW), sql.arg(DEFLECTION_WINDOW));
    sql.push(&format!(
        "SELECT v.article_id, a.title, COUNT(*) AS views,
                CAST(SUM(CASE WHEN v.created_at <= {judged} AND {} THEN 1 ELSE 0 END) AS BIGINT) AS deflections
         FROM kb_views v JOIN kb_articles a ON a.id = +v.article_id",
        deflected(&window)
    ));
    scope.join_person(&mut sql, "v.user_id");
    let (a, b) = (sql.arg(start), sql.arg(end));
    sql.push(&format!(" WHERE v.created_at >= {a} AND v.created_at < {b}"));
    scope.push_article_and_person(&mut sql);
    sql.push(" GROUP BY v.article_id, a.title");
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backend;
    use crate::testing::TestDatabase;

    /// A period's views are read from the views' index by their time, whatever the scope,
    /// never by a scan of the views' table.
    #[tokio::test]
    async fn the_views_of_a_period_are_read_by_their_time() {
        let db = TestDatabase::new(Backend::Sqlite).await.unwrap();
        let store = db.store().await.unwrap();
        let scopes = [
            SelfServiceScope::default(),
            SelfServiceScope {
                organisations: Some(vec![1, 2]),
                article_organisations: Some(vec![1]),
                public_articles_only: true,
            },
        ];
        for scope in &scopes {
            let sql = article_views_sql(scope, 0, 1, 2);
            let mut explain = Sql::new(format!("EXPLAIN QUERY PLAN {}", sql.text()));
            for arg in sql.args() {
                explain = explain.bind(arg.clone());
            }
            let steps: Vec<(i64, i64, i64, String)> = explain.fetch_all(store.db()).await.unwrap();
            let plan: Vec<String> = steps.into_iter().map(|s| s.3).collect();
            let plan = plan.join("\n");
            assert!(plan.contains("USING COVERING INDEX kb_views_created (created_at>? AND created_at<?)"), "{plan}");
            assert!(!plan.contains("SCAN v"), "{plan}");
        }
    }
}

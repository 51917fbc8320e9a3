//! The dashboard's self-service panel: tickets avoided and article views, the share of
//! "was this helpful?" answers that said yes, the most viewed articles, catalog requests by
//! item, and approval and fulfilment times, each chart with its data table. The figures
//! are `Kpis::self_service`; their definitions are on its API types.

use helmdesk_app::reports::self_service::{ApprovalStepFigures, SelfServiceFigures, TopArticle};

use crate::platform::ui::i18n::Tr;
use crate::ui::charts::{BarChart, Legend, Meter, RowData, Segment, Words};

use super::dashboard::{TimePanel, Times, count_chart, times_panel};

/// What the panel draws.
pub(super) struct SelfServicePanel {
    /// The share of answers that found an article helpful.
    pub(super) helpful: Meter,
    /// Views and answers of the most viewed articles.
    pub(super) articles: BarChart,
    pub(super) requests: BarChart,
    /// Approval time per chain and step, then fulfilment time per item.
    pub(super) times: Vec<TimePanel>,
}

/// A chart lane of one count.
fn lane(n: i64, class: &str, name: &str) -> Vec<Segment> {
    vec![Segment::new(n as f64, class, name)]
}

/// Legend entries from (class, label) pairs.
fn legend(entries: &[(&str, &str)]) -> Vec<Legend> {
    entries.iter().map(|(class, label)| Legend { class: class.to_string(), label: label.to_string() }).collect()
}

/// Each article's views, and its answers stacked helpful then not.
fn articles_chart(top: &[TopArticle], tr: &Tr, words: &Words) -> BarChart {
    let (views, helpful, not_helpful) =
        (tr.t("dashboard-views"), tr.t("dashboard-helpful"), tr.t("dashboard-not-helpful"));
    let rows = top
        .iter()
        .map(|a| RowData {
            label: a.title.clone(),
            lanes: vec![
                lane(a.views, "c-views", &views),
                [lane(a.helpful, "c-helpful", &helpful), lane(a.not_helpful, "c-unhelpful", &not_helpful)].concat(),
            ],
        })
        .collect();
    let legend =
        legend(&[("c-views", views.as_str()), ("c-helpful", helpful.as_str()), ("c-unhelpful", not_helpful.as_str())]);
    count_chart("top-articles", &tr.t("dashboard-top-articles"), rows, legend, words)
}

/// Each item's requests ordered, approved, rejected and delivered, side by side.
fn requests_chart(f: &SelfServiceFigures, tr: &Tr, words: &Words) -> BarChart {
    let kinds = [
        ("c-ordered", tr.t("dashboard-ordered")),
        ("c-approved", tr.t("dashboard-approved")),
        ("c-rejected", tr.t("dashboard-rejected")),
        ("c-delivered", tr.t("dashboard-delivered")),
    ];
    let rows = f
        .requests_by_item
        .iter()
        .map(|r| RowData {
            label: r.item_name.clone(),
            lanes: [r.ordered, r.approved, r.rejected, r.delivered]
                .into_iter()
                .zip(&kinds)
                .map(|(n, (class, name))| lane(n, class, name))
                .collect(),
        })
        .collect();
    let legend = legend(&kinds.iter().map(|(c, l)| (*c, l.as_str())).collect::<Vec<_>>());
    count_chart("requests-item", &tr.t("dashboard-requests-item"), rows, legend, words)
}

/// "Hardware: 1. Manager" for the first step (position 0).
fn step_name(tr: &Tr, s: &ApprovalStepFigures) -> String {
    tr.arg("chain", s.chain_name.clone())
        .arg("position", s.position + 1)
        .arg("step", s.step_name.clone())
        .t("dashboard-chain-step")
}

/// The panel from the figures.
pub(super) fn panel(f: &SelfServiceFigures, tr: &Tr, words: &Words) -> SelfServicePanel {
    let answers = f.helpful + f.not_helpful;
    let helpful = Meter::new(
        "helpful",
        &tr.t("dashboard-helpful-share"),
        f.helpful_percent.map(|p| p / 100.0),
        tr.arg("helpful", f.helpful).arg("answers", answers).t("dashboard-helpful-detail"),
        "c-helpful",
        words,
    );
    let steps = f
        .approval_steps
        .iter()
        .map(|s| Times { label: step_name(tr, s), count: s.decisions, mean: s.mean_seconds, median: s.median_seconds })
        .collect();
    let items = f
        .fulfilment
        .iter()
        .map(|i| Times {
            label: i.item_name.clone(),
            count: i.delivered,
            mean: i.mean_seconds,
            median: i.median_seconds,
        })
        .collect();
    let times = vec![
        times_panel(
            ("approval-steps", &tr.t("dashboard-approval-steps")),
            (tr.t("dashboard-step"), tr.t("dashboard-decisions")),
            steps,
            tr,
            words,
        ),
        times_panel(
            ("fulfilment", &tr.t("dashboard-fulfilment")),
            (tr.t("dashboard-item"), tr.t("dashboard-delivered")),
            items,
            tr,
            words,
        ),
    ];
    SelfServicePanel {
        helpful,
        articles: articles_chart(&f.top_articles, tr, words),
        requests: requests_chart(f, tr, words),
        times,
    }
}

#[cfg(test)]
mod tests {
    use helmdesk_app::reports::self_service::ApprovalStepFigures;

    use super::{Tr, step_name};

    #[test]
    fn a_step_is_named_by_its_chain_and_place_in_every_language() {
        let step = ApprovalStepFigures {
            chain_name: "Hardware".into(),
            position: 1,
            step_name: "Over 1,000".into(),
            decisions: 1,
            approved: 1,
            rejected: 0,
            mean_seconds: None,
            median_seconds: None,
        };
        assert_eq!(step_name(&Tr::new("en"), &step), "Hardware: 2. Over 1,000", "counted from 1");
        assert_eq!(step_name(&Tr::new("nl"), &step), "Hardware: 2. Over 1,000");
        let (en, nl) = (Tr::new("en"), Tr::new("nl"));
        let detail = |tr: &Tr, answers: i64| tr.arg("helpful", 1).arg("answers", answers).t("dashboard-helpful-detail");
        assert_eq!(detail(&en, 1), "1 of 1 answer said the article helped");
        assert_eq!(detail(&nl, 3), "1 van de 3 antwoorden vond het artikel nuttig");
        assert_eq!(en.tn("dashboard-deflections-count", 2), "2 tickets avoided");
        assert_eq!(nl.tn("dashboard-views-count", 1), "1 weergave van een artikel");
    }
}

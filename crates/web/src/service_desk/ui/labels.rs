//! The names people read for the service desk's values (a ticket's status, priority,
//! impact, urgency and kind, a routing method, an SLA clock and its state) in the
//! reader's language, from `locales/*/service_desk.ftl`. Every page that shows one asks
//! here, so a value is called the same on every page; the domain's `label()`s are English
//! and stay for the API and the logs.

use helmdesk_domain::service_desk::routing::RoutingMethod;
use helmdesk_domain::service_desk::sla::{ClockKind, ClockState};
use helmdesk_domain::{Level, TicketKind, TicketStatus};

use crate::platform::ui::i18n::Tr;

/// A ticket's status: "In progress".
pub fn status(tr: &Tr, status: TicketStatus) -> String {
    match status {
        TicketStatus::New => tr.t("status-new"),
        TicketStatus::Assigned => tr.t("status-assigned"),
        TicketStatus::InProgress => tr.t("status-in-progress"),
        TicketStatus::Pending => tr.t("status-pending"),
        TicketStatus::Resolved => tr.t("status-resolved"),
        TicketStatus::Closed => tr.t("status-closed"),
        TicketStatus::Cancelled => tr.t("status-cancelled"),
    }
}

/// A priority number (1 critical to 5 planning; beyond is planning): "P2 High".
pub fn priority(tr: &Tr, priority: u8) -> String {
    match priority {
        1 => tr.t("priority-1"),
        2 => tr.t("priority-2"),
        3 => tr.t("priority-3"),
        4 => tr.t("priority-4"),
        _ => tr.t("priority-5"),
    }
}

/// A ticket's impact: "High".
pub fn impact(tr: &Tr, level: Level) -> String {
    match level {
        Level::High => tr.t("impact-high"),
        Level::Medium => tr.t("impact-medium"),
        Level::Low => tr.t("impact-low"),
    }
}

/// A ticket's urgency: "High".
pub fn urgency(tr: &Tr, level: Level) -> String {
    match level {
        Level::High => tr.t("urgency-high"),
        Level::Medium => tr.t("urgency-medium"),
        Level::Low => tr.t("urgency-low"),
    }
}

/// A ticket's kind: "Service request".
pub fn kind(tr: &Tr, kind: TicketKind) -> String {
    match kind {
        TicketKind::Incident => tr.t("kind-incident"),
        TicketKind::ServiceRequest => tr.t("kind-service-request"),
    }
}

/// How an assignment rule picks the person: "Round robin".
pub fn routing_method(tr: &Tr, method: RoutingMethod) -> String {
    match method {
        RoutingMethod::Team => tr.t("routing-method-team"),
        RoutingMethod::RoundRobin => tr.t("routing-method-round-robin"),
        RoutingMethod::LeastLoaded => tr.t("routing-method-least-loaded"),
    }
}

/// An SLA clock: "First response".
pub fn clock(tr: &Tr, clock: ClockKind) -> String {
    match clock {
        ClockKind::Response => tr.t("sla-clock-response"),
        ClockKind::Resolution => tr.t("sla-clock-resolution"),
    }
}

/// Where an SLA clock stands: "Due soon".
pub fn clock_state(tr: &Tr, state: ClockState) -> String {
    match state {
        ClockState::Running => tr.t("sla-state-running"),
        ClockState::Warning => tr.t("sla-state-warning"),
        ClockState::Paused => tr.t("sla-state-paused"),
        ClockState::Met => tr.t("sla-state-met"),
        ClockState::Breached => tr.t("sla-state-breached"),
    }
}

/// Every status as (value, name), in the workflow's order, for a select box.
pub fn statuses(tr: &Tr) -> Vec<(&'static str, String)> {
    TicketStatus::ALL.iter().map(|s| (s.as_str(), status(tr, *s))).collect()
}

/// Every priority as (value, name), most urgent first, for a select box.
pub fn priorities(tr: &Tr) -> Vec<(u8, String)> {
    (1..=5u8).map(|p| (p, priority(tr, p))).collect()
}

/// Every impact as (value, name), highest first, for a select box.
pub fn impacts(tr: &Tr) -> Vec<(&'static str, String)> {
    Level::ALL.iter().map(|l| (l.as_str(), impact(tr, *l))).collect()
}

/// Every urgency as (value, name), highest first, for a select box.
pub fn urgencies(tr: &Tr) -> Vec<(&'static str, String)> {
    Level::ALL.iter().map(|l| (l.as_str(), urgency(tr, *l))).collect()
}

/// Every kind as (value, name), for a select box.
pub fn kinds(tr: &Tr) -> Vec<(&'static str, String)> {
    TicketKind::ALL.iter().map(|k| (k.as_str(), kind(tr, *k))).collect()
}

/// A page that names the service desk's values in its reader's words: the templates call
/// `self.status(..)`, `self.priority(..)` ... through these.
pub trait Named {
    /// The reader's words.
    fn words(&self) -> &Tr;

    /// A status's name.
    fn status(&self, value: &TicketStatus) -> String {
        status(self.words(), *value)
    }

    /// A priority's name.
    fn priority(&self, value: &u8) -> String {
        priority(self.words(), *value)
    }

    /// A kind's name.
    fn kind(&self, value: &TicketKind) -> String {
        kind(self.words(), *value)
    }

    /// An impact's name.
    fn impact(&self, value: &Level) -> String {
        impact(self.words(), *value)
    }

    /// An urgency's name.
    fn urgency(&self, value: &Level) -> String {
        urgency(self.words(), *value)
    }

    /// An SLA clock's state.
    fn sla_state(&self, value: &ClockState) -> String {
        clock_state(self.words(), *value)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use helmdesk_domain::platform::preferences::LANGUAGES;

    use super::*;

    /// Whether `names` are as many different names as values.
    fn distinct(names: &[String]) -> bool {
        names.iter().collect::<BTreeSet<_>>().len() == names.len()
    }

    #[test]
    fn every_value_has_its_own_name_in_every_language() {
        for (code, _) in LANGUAGES {
            let tr = Tr::new(code);
            let names: Vec<Vec<String>> = vec![
                statuses(&tr).into_iter().map(|(_, n)| n).collect(),
                priorities(&tr).into_iter().map(|(_, n)| n).collect(),
                impacts(&tr).into_iter().map(|(_, n)| n).collect(),
                urgencies(&tr).into_iter().map(|(_, n)| n).collect(),
                kinds(&tr).into_iter().map(|(_, n)| n).collect(),
                RoutingMethod::ALL.iter().map(|m| routing_method(&tr, *m)).collect(),
                ClockKind::ALL.iter().map(|c| clock(&tr, *c)).collect(),
                [ClockState::Running, ClockState::Warning, ClockState::Paused, ClockState::Met, ClockState::Breached]
                    .iter()
                    .map(|s| clock_state(&tr, *s))
                    .collect(),
            ];
            for list in names {
                assert!(distinct(&list) && list.iter().all(|n| !n.is_empty()), "{code}: {list:?}");
            }
        }
    }

    #[test]
    fn values_are_named_in_the_readers_language() {
        assert_eq!(status(&Tr::new("en"), TicketStatus::InProgress), "In progress");
        assert_eq!(status(&Tr::new("nl"), TicketStatus::InProgress), "In behandeling");
        assert_eq!(priority(&Tr::new("nl"), 1), "P1 Kritiek");
        assert_eq!(urgency(&Tr::new("nl"), Level::Low), "Laag");
        // English names are the domain's, which the API and the tests read.
        let en = Tr::new("en");
        for s in TicketStatus::ALL {
            assert_eq!(status(&en, *s), s.label());
        }
        for p in 1..=5 {
            assert_eq!(priority(&en, p), helmdesk_domain::service_desk::tickets::priority_label(p));
        }
        for k in TicketKind::ALL {
            assert_eq!(kind(&en, *k), k.label());
        }
        for m in RoutingMethod::ALL {
            assert_eq!(routing_method(&en, *m), m.label());
        }
    }

    #[test]
    fn counts_choose_their_plural_in_each_language() {
        let (en, nl) = (Tr::new("en"), Tr::new("nl"));
        assert_eq!(en.t1("reply-sent-files", "count", 1), "Reply sent with 1 file");
        assert_eq!(en.t1("reply-sent-files", "count", 3), "Reply sent with 3 files");
        assert_eq!(nl.t1("reply-sent-files", "count", 1), "Antwoord verstuurd met 1 bestand");
        assert_eq!(nl.t1("automation-actions", "count", 2), "2 acties");
        // Text that only looks like a number stays as written.
        assert_eq!(en.t1("new-ticket-filed", "number", "007"), "Ticket 007 filed");
    }
}

//! Automation rules: "when (an event) if (conditions) then (actions)". This module holds
//! what a rule is and whether its conditions hold for a ticket; `app::automation` runs the
//! actions through the ordinary use cases.
//!
//! Rules cannot loop without bound: a change a rule makes is an event that runs rules
//! again only up to [`MAX_DEPTH`] steps deep, and a rule runs at most once in one chain
//! ([`Chain`]).

use serde::{Deserialize, Serialize};

use crate::service_desk::tickets::{TicketKind, TicketStatus};
use crate::validate::text_enum;

pub use crate::platform::chain::{Chain, MAX_DEPTH};

text_enum!(
    /// What starts a rule.
    Trigger, "trigger" {
        /// A ticket was filed.
        Created = "created",
        /// A ticket's status, assignee, priority or team changed.
        Updated = "updated",
        /// A public reply was added.
        Replied = "replied",
        /// Time passed: checked every few minutes against each open ticket (with
        /// `hours_in_status` or `hours_since_update`).
        Time = "time",
    }
);

/// Who made the change that started a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The ticket's requester (or anyone who is not staff).
    Requester,
    /// An agent, manager or administrator.
    Staff,
}

/// What must hold for a rule to act; every condition set must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    /// Any of these statuses.
    pub statuses: Vec<TicketStatus>,
    /// Any of these priorities (1 to 5).
    pub priorities: Vec<i64>,
    pub kind: Option<TicketKind>,
    pub team_id: Option<i64>,
    pub category_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// True: nobody is assigned; false: someone is.
    pub unassigned: Option<bool>,
    /// The requester's mail domain, e.g. `example.com`.
    pub requester_domain: Option<String>,
    /// Any of these words in the subject, as whole words in any case.
    pub subject_words: Vec<String>,
    /// Who made the change (event rules).
    pub by: Option<By>,
    /// The ticket has had its status at least this many hours (time rules).
    pub hours_in_status: Option<i64>,
    /// Nothing has changed on the ticket for at least this many hours (time rules).
    pub hours_since_update: Option<i64>,
}

/// What a rule does, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Moves the ticket to a status (a resolution code is set when resolving).
    SetStatus { status: TicketStatus },
    /// Sets the urgency (and so the priority).
    SetUrgency { urgency: crate::service_desk::tickets::Level },
    /// Gives the ticket to a team.
    SetTeam { team_id: i64 },
    /// Gives the ticket to someone (staff who see it).
    Assign { user_id: i64 },
    /// Makes someone a watcher.
    AddWatcher { user_id: i64 },
    /// Adds a public reply or an internal note; `{{ticket.number}}` and the other
    /// placeholders of canned responses are filled in.
    AddComment { body: String, internal: bool },
    /// Tells people in the app (and by mail, as their notification settings say).
    Notify { to: Audience, message: String },
    /// Calls an outbound webhook.
    CallWebhook { webhook_id: i64 },
}

/// Whom a [`Action::Notify`] tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Requester,
    Assignee,
    /// The members of the ticket's team.
    Team,
}

/// What a rule may look at about a ticket and the change that started it.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub status: Option<TicketStatus>,
    pub priority: i64,
    pub kind: Option<TicketKind>,
    pub team_id: Option<i64>,
    pub category_id: Option<i64>,
    pub organisation_id: i64,
    pub assignee_id: Option<i64>,
    pub requester_email: String,
    pub subject: String,
    /// Who made the change, for event rules.
    pub by: Option<By>,
    pub hours_in_status: i64,
    pub hours_since_update: i64,
}

impl Conditions {
    /// Whether every condition set holds for `f`.
    pub fn hold(&self, f: &Facts) -> bool {
        let any = |list: &[TicketStatus]| list.is_empty() || f.status.is_some_and(|s| list.contains(&s));
        any(&self.statuses)
            && (self.priorities.is_empty() || self.priorities.contains(&f.priority))
            && self.kind.is_none_or(|k| f.kind == Some(k))
            && self.team_id.is_none_or(|t| f.team_id == Some(t))
            && self.category_id.is_none_or(|c| f.category_id == Some(c))
            && self.organisation_id.is_none_or(|o| f.organisation_id == o)
            && self.unassigned.is_none_or(|u| u == f.assignee_id.is_none())
            && self
                .requester_domain
                .as_deref()
                .is_none_or(|d| domain_of(&f.requester_email).eq_ignore_ascii_case(d.trim()))
            && (self.subject_words.is_empty() || self.subject_words.iter().any(|w| has_word(&f.subject, w)))
            && self.by.is_none_or(|b| f.by == Some(b))
            && self.hours_in_status.is_none_or(|h| f.hours_in_status >= h)
            && self.hours_since_update.is_none_or(|h| f.hours_since_update >= h)
    }

    /// Whether these conditions can tell when a time rule is due.
    pub fn has_time(&self) -> bool {
        self.hours_in_status.is_some() || self.hours_since_update.is_some()
    }
}

fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
}

/// Whether `word` is in `text` as a whole word, in any case.
fn has_word(text: &str, word: &str) -> bool {
    let word = word.trim().to_lowercase();
    !word.is_empty() && text.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            status: Some(TicketStatus::Pending),
            priority: 3,
            kind: Some(TicketKind::Incident),
            team_id: Some(2),
            organisation_id: 1,
            requester_email: "ann@customer.example".into(),
            subject: "VPN drops every hour".into(),
            by: Some(By::Requester),
            hours_in_status: 80,
            hours_since_update: 80,
            ..Default::default()
        }
    }

    #[test]
    fn every_condition_set_must_hold() {
        assert!(Conditions::default().hold(&facts()));
        let c = Conditions {
            statuses: vec![TicketStatus::Pending],
            requester_domain: Some("Customer.Example".into()),
            subject_words: vec!["vpn".into(), "printer".into()],
            hours_in_status: Some(72),
            unassigned: Some(true),
            ..Default::default()
        };
        assert!(c.hold(&facts()));
        assert!(!Conditions { hours_in_status: Some(168), ..c.clone() }.hold(&facts()));
        assert!(!Conditions { subject_words: vec!["vp".into()], ..c.clone() }.hold(&facts()));
        assert!(!Conditions { by: Some(By::Staff), ..c.clone() }.hold(&facts()));
        assert!(!Conditions { unassigned: Some(false), ..c }.hold(&facts()));
    }

    #[test]
    fn actions_read_as_tagged_json() {
        let a: Vec<Action> = serde_json::from_str(
            r#"[{"type":"set_status","status":"resolved"},{"type":"add_comment","body":"Hi {{requester.name}}","internal":false}]"#,
        )
        .unwrap();
        assert_eq!(a[0], Action::SetStatus { status: TicketStatus::Resolved });
        assert!(serde_json::from_str::<Vec<Action>>(r#"[{"type":"drop_table"}]"#).is_err());
    }
}

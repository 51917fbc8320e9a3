//! Routing of new tickets: which assignment rule takes a ticket, and who in the rule's team
//! gets it.
//!
//! Rules are tried in order of position (ties to the lowest id); the first active rule
//! whose every set condition matches wins. The conditions are the ticket's kind, its
//! category, its organisation (the rule's organisation or any of its subsidiaries) and
//! keywords (any one of them, case-insensitive, as a whole word, in the subject or the
//! description). The rule sends the ticket to its team and, by its method, to a member:
//!
//! - `team`: to nobody; the team picks it up;
//! - `round_robin`: to the member assigned least recently (never assigned first, ties to
//!   the lowest user id);
//! - `least_loaded`: to the member with the fewest open tickets (ties to the one assigned
//!   least recently, then to the lowest user id).
//!
//! Members who are away, inactive, not staff, or cannot see the ticket's organisation are
//! skipped; when nobody is left the ticket stays with the team, unassigned.

use crate::service_desk::tickets::TicketKind;
use crate::validate::RuleError;
use crate::validate::text_enum;

text_enum!(
    /// How a rule picks the person within its team.
    RoutingMethod, "method" {
        /// The team only; nobody is assigned.
        Team = "team",
        /// The member assigned least recently.
        RoundRobin = "round_robin",
        /// The member with the fewest open tickets.
        LeastLoaded = "least_loaded",
    }
);

text_enum!(
    /// A move of a rule one place in the order rules are tried in (assignment and
    /// automation rules alike).
    Step, "direction" {
        /// Tried one place sooner (the first stays first).
        Up = "up",
        /// Tried one place later (the last stays last).
        Down = "down",
    }
);

impl Step {
    /// The position a rule at `position` moves to (1 is first; a position past the end
    /// puts it last).
    pub fn from(self, position: i64) -> i64 {
        match self {
            Step::Up => (position - 1).max(1),
            Step::Down => position + 1,
        }
    }
}

impl RoutingMethod {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            RoutingMethod::Team => "Team only",
            RoutingMethod::RoundRobin => "Round robin",
            RoutingMethod::LeastLoaded => "Least loaded",
        }
    }

    /// Whether the method assigns someone (and so needs the team's members).
    pub fn picks_member(self) -> bool {
        self != RoutingMethod::Team
    }
}

/// Most keywords one rule may have.
pub const KEYWORDS_MAX: usize = 50;
/// Longest keyword, in characters.
pub const KEYWORD_MAX: usize = 100;

/// An assignment rule as the matching uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: i64,
    pub name: String,
    /// Rules are tried in ascending position.
    pub position: i64,
    pub active: bool,
    pub kind: Option<TicketKind>,
    pub category_id: Option<i64>,
    /// Matches tickets of this organisation and of its subsidiaries.
    pub organisation_id: Option<i64>,
    /// Lower-case; any one matches. Empty: no keyword condition.
    pub keywords: Vec<String>,
    pub team_id: i64,
    pub method: RoutingMethod,
}

/// What a rule is matched against.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub kind: TicketKind,
    pub category_id: Option<i64>,
    /// The ticket's organisation and every organisation above it.
    pub organisations: &'a [i64],
    /// The subject and description, lower-cased ([`Facts::text_of`]).
    pub text: &'a str,
}

impl Facts<'_> {
    /// The text keywords are looked for in: subject and description, lower-cased.
    pub fn text_of(subject: &str, description: &str) -> String {
        format!("{}\n{}", subject.to_lowercase(), description.to_lowercase())
    }
}

impl Rule {
    /// Whether the rule is active and every condition it sets holds for the ticket.
    pub fn matches(&self, f: &Facts<'_>) -> bool {
        self.active
            && self.kind.is_none_or(|k| k == f.kind)
            && self.category_id.is_none_or(|c| Some(c) == f.category_id)
            && self.organisation_id.is_none_or(|o| f.organisations.contains(&o))
            && (self.keywords.is_empty() || self.keywords.iter().any(|k| contains_word(f.text, k)))
    }
}

/// The rule that routes a ticket: the first active match by position, ties to the lowest id.
pub fn choose<'r>(rules: &'r [Rule], facts: &Facts<'_>) -> Option<&'r Rule> {
    rules.iter().filter(|r| r.matches(facts)).min_by_key(|r| (r.position, r.id))
}

/// Whether `word` occurs in `text` as a whole word: not preceded or followed by a letter or
/// digit where the word itself begins or ends with one (so `vpn` is found in "the VPN is
/// down" but not in "vpnclient", and `c++` in "c++ build"). Both are lower-case already.
pub fn contains_word(text: &str, word: &str) -> bool {
    let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) else {
        return false;
    };
    let apart = |c: Option<char>, edge: char| !edge.is_alphanumeric() || c.is_none_or(|c| !c.is_alphanumeric());
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        if apart(text[..start].chars().next_back(), first) && apart(text[end..].chars().next(), last) {
            return true;
        }
        from = start + first.len_utf8();
    }
    false
}

/// Reads a comma-separated keyword list: trimmed, lower-cased, without empties and
/// duplicates, at most [`KEYWORDS_MAX`] of at most [`KEYWORD_MAX`] characters each.
pub fn parse_keywords(text: &str) -> Result<Vec<String>, RuleError> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part.chars().any(char::is_control) {
            return Err(RuleError::invalid("keywords", "must not contain control characters"));
        }
        if part.chars().count() > KEYWORD_MAX {
            return Err(RuleError::invalid("keywords", format!("a keyword may be at most {KEYWORD_MAX} characters")));
        }
        let keyword = part.to_lowercase();
        if !out.contains(&keyword) {
            out.push(keyword);
        }
    }
    if out.len() > KEYWORDS_MAX {
        return Err(RuleError::invalid("keywords", format!("at most {KEYWORDS_MAX} keywords")));
    }
    Ok(out)
}

/// A member of a rule's team, as the choice of an assignee sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    /// Active staff and not away.
    pub available: bool,
    /// Their organisation; they see it and its subsidiaries.
    pub organisation_id: i64,
    /// Sees every organisation (administrators).
    pub sees_all: bool,
    /// Open tickets assigned to them.
    pub open_tickets: i64,
    /// When routing last gave them a ticket (microseconds), if ever.
    pub last_assigned_at: Option<i64>,
}

impl Member {
    /// Whether they may get a ticket of the first of `organisations` (the ticket's
    /// organisation and those above it).
    pub fn can_take(&self, organisations: &[i64]) -> bool {
        self.available && (self.sees_all || organisations.contains(&self.organisation_id))
    }
}

/// The user a method picks among `members` for a ticket of `organisations` (see
/// [`Member::can_take`]); `None` for the `team` method or when nobody can take it.
pub fn pick(method: RoutingMethod, members: &[Member], organisations: &[i64]) -> Option<i64> {
    let eligible = members.iter().filter(|m| m.can_take(organisations));
    let chosen = match method {
        RoutingMethod::Team => None,
        RoutingMethod::RoundRobin => eligible.min_by_key(|m| (m.last_assigned_at, m.user_id)),
        RoutingMethod::LeastLoaded => eligible.min_by_key(|m| (m.open_tickets, m.last_assigned_at, m.user_id)),
    };
    chosen.map(|m| m.user_id)
}

/// A team's members while tickets are handed out one after another: each pick counts as
/// an open ticket and a later assignment time than any before, so the next pick sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    pub members: Vec<Member>,
}

impl Rotation {
    /// Picks the member for one ticket at instant `now` (microseconds) and records the
    /// assignment. Returns the user and the assignment time to store: `now`, or just after
    /// the team's latest one when that is not earlier (so two picks in the same instant
    /// still take turns).
    pub fn assign(&mut self, method: RoutingMethod, organisations: &[i64], now: i64) -> Option<(i64, i64)> {
        let user = pick(method, &self.members, organisations)?;
        let latest = self.members.iter().filter_map(|m| m.last_assigned_at).max();
        let at = latest.map_or(now, |l| now.max(l + 1));
        let member = self.members.iter_mut().find(|m| m.user_id == user)?;
        member.last_assigned_at = Some(at);
        member.open_tickets += 1;
        Some((user, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_moves_a_rule_one_place_and_never_above_the_first() {
        assert_eq!(Step::Up.from(3), 2);
        assert_eq!(Step::Up.from(1), 1);
        assert_eq!(Step::Down.from(3), 4);
        assert!("sideways".parse::<Step>().is_err());
        assert_eq!("down".parse::<Step>().unwrap(), Step::Down);
    }
    use proptest::prelude::*;

    fn rule(id: i64, position: i64) -> Rule {
        Rule {
            id,
            name: format!("rule {id}"),
            position,
            active: true,
            kind: None,
            category_id: None,
            organisation_id: None,
            keywords: Vec::new(),
            team_id: 1,
            method: RoutingMethod::Team,
        }
    }

    fn facts<'a>(organisations: &'a [i64], text: &'a str) -> Facts<'a> {
        Facts { kind: TicketKind::Incident, category_id: Some(7), organisations, text }
    }

    fn member(user_id: i64) -> Member {
        Member {
            user_id,
            available: true,
            organisation_id: 1,
            sees_all: false,
            open_tickets: 0,
            last_assigned_at: None,
        }
    }

    #[test]
    fn the_first_matching_rule_by_position_wins_whatever_its_id() {
        let text = Facts::text_of("VPN down", "");
        let rules = [rule(1, 3), Rule { kind: Some(TicketKind::ServiceRequest), ..rule(2, 1) }, rule(3, 2)];
        assert_eq!(choose(&rules, &facts(&[1], &text)).map(|r| r.id), Some(3));
        let tied = [rule(9, 1), rule(4, 1)];
        assert_eq!(choose(&tied, &facts(&[1], &text)).map(|r| r.id), Some(4));
    }

    #[test]
    fn an_inactive_rule_never_matches() {
        let text = Facts::text_of("anything", "");
        let rules = [Rule { active: false, ..rule(1, 1) }, rule(2, 2)];
        assert_eq!(choose(&rules, &facts(&[1], &text)).map(|r| r.id), Some(2));
        assert!(choose(&rules[..1], &facts(&[1], &text)).is_none());
    }

    #[test]
    fn every_set_condition_must_hold() {
        let text = Facts::text_of("Printer jam on floor 2", "");
        let full = Rule {
            kind: Some(TicketKind::Incident),
            category_id: Some(7),
            organisation_id: Some(1),
            keywords: vec!["printer".into()],
            ..rule(1, 1)
        };
        assert!(full.matches(&facts(&[5, 1], &text)), "a subsidiary's ticket matches its parent's rule");
        assert!(!full.matches(&facts(&[2], &text)), "another organisation");
        assert!(!Rule { category_id: Some(8), ..full.clone() }.matches(&facts(&[1], &text)));
        assert!(!Rule { kind: Some(TicketKind::ServiceRequest), ..full.clone() }.matches(&facts(&[1], &text)));
        let no_category = Facts { category_id: None, ..facts(&[1], &text) };
        assert!(!full.matches(&no_category));
        assert!(!Rule { keywords: vec!["scanner".into()], ..full }.matches(&facts(&[1], &text)));
    }

    #[test]
    fn keywords_match_whole_words_in_any_case_in_subject_or_description() {
        let text = Facts::text_of("Cannot connect", "The VPN client says: Timeout.");
        assert!(contains_word(&text, "vpn"));
        assert!(contains_word(&text, "vpn client"));
        assert!(contains_word(&text, "timeout"));
        assert!(contains_word(&text, "cannot"));
        assert!(!contains_word(&text, "connection"));
        assert!(!contains_word(&Facts::text_of("vpnclient broken", ""), "vpn"));
        assert!(!contains_word(&Facts::text_of("openvpn broken", ""), "vpn"));
        assert!(contains_word(&Facts::text_of("my c++ build", ""), "c++"));
        assert!(contains_word(&Facts::text_of("vpnvpn vpn", ""), "vpn"), "a later occurrence counts");
        assert!(contains_word(&Facts::text_of("Über-Drucker kaputt", ""), "über"));
        assert!(!contains_word("anything", ""));
    }

    #[test]
    fn keyword_lists_are_trimmed_lowercased_and_deduplicated() {
        assert_eq!(parse_keywords(" VPN, printer jam ,,vpn ").unwrap(), ["vpn", "printer jam"]);
        assert!(parse_keywords("").unwrap().is_empty());
        assert!(parse_keywords(&"x".repeat(KEYWORD_MAX + 1)).is_err());
        assert!(parse_keywords("a\u{0}b").is_err());
        let many: Vec<String> = (0..=KEYWORDS_MAX).map(|i| format!("k{i}")).collect();
        assert!(parse_keywords(&many.join(",")).is_err());
    }

    #[test]
    fn round_robin_takes_turns_and_starts_with_those_never_assigned() {
        let mut team = Rotation {
            members: vec![
                Member { last_assigned_at: Some(50), ..member(1) },
                member(3),
                Member { available: false, ..member(2) },
                member(4),
            ],
        };
        let picks: Vec<i64> = (0..5).map(|_| team.assign(RoutingMethod::RoundRobin, &[1], 100).unwrap().0).collect();
        assert_eq!(picks, [3, 4, 1, 3, 4]);
        assert_eq!(team.members[1].last_assigned_at, Some(103), "picks in one instant still take turns");
    }

    #[test]
    fn least_loaded_takes_the_fewest_open_tickets_then_the_least_recent() {
        let members = [
            Member { open_tickets: 2, ..member(1) },
            Member { open_tickets: 1, last_assigned_at: Some(20), ..member(2) },
            Member { open_tickets: 1, last_assigned_at: Some(10), ..member(3) },
            Member { open_tickets: 0, available: false, ..member(4) },
        ];
        assert_eq!(pick(RoutingMethod::LeastLoaded, &members, &[1]), Some(3));
        let mut team = Rotation { members: members.to_vec() };
        let picks: Vec<i64> = (0..4).map(|_| team.assign(RoutingMethod::LeastLoaded, &[1], 30).unwrap().0).collect();
        assert_eq!(picks, [3, 2, 1, 3], "never assigned goes before assigned at equal load");
    }

    #[test]
    fn nobody_is_picked_for_the_team_method_or_without_a_member_who_can_take_it() {
        let members = [member(1), Member { organisation_id: 9, ..member(2) }];
        assert_eq!(pick(RoutingMethod::Team, &members, &[1]), None);
        assert_eq!(pick(RoutingMethod::RoundRobin, &members[1..], &[1]), None, "cannot see the organisation");
        let admin = Member { organisation_id: 9, sees_all: true, ..member(2) };
        assert_eq!(pick(RoutingMethod::RoundRobin, &[admin], &[1]), Some(2));
        assert_eq!(pick(RoutingMethod::LeastLoaded, &[], &[1]), None);
        assert_eq!(Rotation::default().assign(RoutingMethod::RoundRobin, &[1], 1), None);
    }

    #[test]
    fn methods_read_and_write_their_stored_names() {
        for m in RoutingMethod::ALL {
            assert_eq!(m.as_str().parse::<RoutingMethod>().unwrap(), *m);
        }
        assert!("random".parse::<RoutingMethod>().is_err());
    }

    fn members() -> impl Strategy<Value = Vec<Member>> {
        prop::collection::vec((any::<bool>(), 0i64..5, prop::option::of(0i64..1000)), 1..8).prop_map(|specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(i, (available, open_tickets, last_assigned_at))| Member {
                    available,
                    open_tickets,
                    last_assigned_at,
                    ..member(i as i64 + 1)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn round_robin_spreads_tickets_evenly_and_never_to_someone_away(
            members in members(),
            calls in 0usize..60,
            now in 0i64..2000,
        ) {
            let mut team = Rotation { members: members.clone() };
            let mut counts = std::collections::BTreeMap::new();
            for _ in 0..calls {
                match team.assign(RoutingMethod::RoundRobin, &[1], now) {
                    Some((user, _)) => *counts.entry(user).or_insert(0usize) += 1,
                    None => prop_assert!(members.iter().all(|m| !m.available)),
                }
            }
            let available: Vec<i64> = members.iter().filter(|m| m.available).map(|m| m.user_id).collect();
            prop_assert!(counts.keys().all(|u| available.contains(u)), "someone away got a ticket");
            if !available.is_empty() {
                let per: Vec<usize> = available.iter().map(|u| counts.get(u).copied().unwrap_or(0)).collect();
                let (lo, hi) = (per.iter().min().copied().unwrap_or(0), per.iter().max().copied().unwrap_or(0));
                prop_assert!(hi - lo <= 1, "uneven: {per:?}");
            }
        }

        #[test]
        fn least_loaded_always_gives_the_ticket_to_someone_with_the_fewest(
            members in members(),
            calls in 0usize..30,
        ) {
            let mut team = Rotation { members };
            for _ in 0..calls {
                let fewest = team.members.iter().filter(|m| m.available).map(|m| m.open_tickets).min();
                let before = team.members.clone();
                let picked = team.assign(RoutingMethod::LeastLoaded, &[1], 5);
                match (picked, fewest) {
                    (Some((user, _)), Some(fewest)) => {
                        let m = before.iter().find(|m| m.user_id == user).unwrap();
                        prop_assert!(m.available);
                        prop_assert_eq!(m.open_tickets, fewest);
                    }
                    (None, None) => {}
                    other => prop_assert!(false, "picked {:?}", other),
                }
            }
        }
    }
}

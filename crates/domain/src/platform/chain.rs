//! The rule-made changes that led to a change. Rules (automation today) act on events,
//! and what they change is an event again: a chain keeps that from looping without bound.

use serde::{Deserialize, Serialize};

/// How many rule-made changes may follow one another from a single event.
pub const MAX_DEPTH: u8 = 3;

/// The rule-made changes that led to a change: how many, and by which rules. A rule acts
/// at most once in a chain, and a chain is at most [`MAX_DEPTH`] long.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    pub depth: u8,
    pub rules: Vec<i64>,
}

impl Chain {
    /// Whether `rule` may act after this chain.
    pub fn admits(&self, rule: i64) -> bool {
        self.depth < MAX_DEPTH && !self.rules.contains(&rule)
    }

    /// The chain after `rule` acted.
    pub fn then(&self, rule: i64) -> Chain {
        let mut rules = self.rules.clone();
        rules.push(rule);
        Chain { depth: self.depth + 1, rules }
    }
}

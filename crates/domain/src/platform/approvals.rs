//! Approval chains: who approves a step, by which rule it is decided, when a step applies
//! (a condition on the record's facts) and what a step's decisions add up to. The engine
//! that runs them is `app::platform::approvals`; docs/approvals.md says it for people.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::validate::{RuleError, text_enum};

/// The most steps a chain has.
pub const STEPS_MAX: usize = 20;
/// The longest time limit and reminder interval of a step, in hours (a year).
pub const HOURS_MAX: i64 = 24 * 366;
/// The longest comment on a decision.
pub const COMMENT_MAX: usize = 2_000;

text_enum!(
    /// Who is asked in a step.
    ApproverKind, "approver" {
        /// A named person (`approver_id`).
        Person = "person",
        /// The requester's manager.
        Manager = "manager",
        /// The head of the requester's department.
        DepartmentHead = "department_head",
        /// The owner of the record's cost centre (else the requester's department's).
        CostCentreOwner = "cost_centre_owner",
        /// The members of a team (`approver_id`).
        Team = "team",
    }
);

impl ApproverKind {
    /// Whether the step names its approver by id (a person or a team).
    pub fn names_someone(self) -> bool {
        matches!(self, ApproverKind::Person | ApproverKind::Team)
    }
}

text_enum!(
    /// How a step's approvers' decisions decide it.
    Rule, "rule" {
        /// The first decision decides.
        Any = "any",
        /// Everyone must approve; one rejection rejects.
        All = "all",
        /// More than half decide either way.
        Majority = "majority",
    }
);

text_enum!(
    /// A condition's comparison.
    Comparison, "condition_op" {
        /// Greater than.
        Gt = "gt",
        /// Greater than or equal to.
        Ge = "ge",
        /// Less than.
        Lt = "lt",
        /// Less than or equal to.
        Le = "le",
        /// Equal to.
        Eq = "eq",
        /// Not equal to.
        Ne = "ne",
    }
);

text_enum!(
    /// Where an approval stands.
    ApprovalState, "state" {
        /// A step waits for decisions.
        Pending = "pending",
        /// Every step that applied approved.
        Approved = "approved",
        /// A step rejected (or its time ran out): the chain ended there.
        Rejected = "rejected",
        /// The record no longer needs it.
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Where one step of an approval stands.
    StepState, "state" {
        /// An earlier step is still running.
        Waiting = "waiting",
        /// Its approvers are asked.
        Pending = "pending",
        /// Approved by its rule.
        Approved = "approved",
        /// Rejected by its rule.
        Rejected = "rejected",
        /// Its condition did not hold, or the chain ended before it.
        Skipped = "skipped",
        /// Nobody decided within its time limit.
        Expired = "expired",
    }
);

text_enum!(
    /// One approver's answer.
    Decision, "decision" {
        /// Yes.
        Approved = "approved",
        /// No.
        Rejected = "rejected",
    }
);

text_enum!(
    /// How a decision was given.
    Via, "via" {
        /// The portal's pages.
        Portal = "portal",
        /// The API.
        Api = "api",
        /// The single-use link of an e-mail.
        Mail = "mail",
    }
);

/// When a step applies: `fact` compared with `value`. Numbers compare as numbers; text only
/// by equality.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub fact: String,
    pub op: Comparison,
    pub value: String,
}

/// The facts a record gives its approval (`{"cost": 1499.0, "item": "New laptop"}`).
pub type Facts = BTreeMap<String, Value>;

impl Condition {
    /// Whether the condition holds for `facts`. A fact the record does not have never
    /// holds, except for `ne`.
    pub fn holds(&self, facts: &Facts) -> bool {
        let Some(fact) = facts.get(&self.fact) else { return self.op == Comparison::Ne };
        let wanted = self.value.trim();
        match (fact.as_f64(), wanted.parse::<f64>()) {
            (Some(have), Ok(want)) => match self.op {
                Comparison::Gt => have > want,
                Comparison::Ge => have >= want,
                Comparison::Lt => have < want,
                Comparison::Le => have <= want,
                Comparison::Eq => have == want,
                Comparison::Ne => have != want,
            },
            _ => {
                let have = match fact {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match self.op {
                    Comparison::Eq => have.eq_ignore_ascii_case(wanted),
                    Comparison::Ne => !have.eq_ignore_ascii_case(wanted),
                    _ => false,
                }
            }
        }
    }
}

/// What a step's decisions add up to under `rule`, with `asked` approvers: `None` while
/// it is still open.
pub fn outcome(rule: Rule, asked: usize, approved: usize, rejected: usize) -> Option<Decision> {
    match rule {
        Rule::Any if rejected > 0 => Some(Decision::Rejected),
        Rule::Any if approved > 0 => Some(Decision::Approved),
        Rule::All if rejected > 0 => Some(Decision::Rejected),
        Rule::All if approved >= asked => Some(Decision::Approved),
        Rule::Majority if approved * 2 > asked => Some(Decision::Approved),
        // Approval needs more than half: once that many can no longer approve, it is lost.
        Rule::Majority if (asked - rejected.min(asked)) * 2 <= asked => Some(Decision::Rejected),
        _ => None,
    }
}

/// A step as a chain defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDefinition {
    pub name: String,
    pub approver: ApproverKind,
    pub approver_id: Option<i64>,
    pub rule: Rule,
    pub condition: Option<Condition>,
    pub time_limit_hours: Option<i64>,
    pub reminder_hours: Option<i64>,
}

impl StepDefinition {
    /// The step's own rules, each broken one named by its field (`steps[2].approver_id`).
    pub fn check(&self, index: usize) -> Result<(), RuleError> {
        let field = |name: &str| format!("steps[{index}].{name}");
        let bad = |name: &str, detail: &str| Err(RuleError::invalid(field(name), detail));
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            return bad("name", "must be 1 to 200 characters");
        }
        if self.approver.names_someone() != self.approver_id.is_some() {
            return if self.approver.names_someone() {
                bad("approver_id", "names the person or team who approves")
            } else {
                bad("approver_id", "is only for a person or a team")
            };
        }
        for (name, hours) in [("time_limit_hours", self.time_limit_hours), ("reminder_hours", self.reminder_hours)] {
            if hours.is_some_and(|h| !(1..=HOURS_MAX).contains(&h)) {
                return bad(name, &format!("must be 1 to {HOURS_MAX} hours"));
            }
        }
        if let Some(c) = &self.condition {
            let fact_ok = !c.fact.is_empty()
                && c.fact.len() <= 64
                && c.fact.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.');
            if !fact_ok {
                return bad("condition.fact", "is a fact's name: letters, digits, '_' and '.', at most 64");
            }
            if c.value.chars().count() > 200 {
                return bad("condition.value", "is at most 200 characters");
            }
            let numeric = matches!(c.op, Comparison::Gt | Comparison::Ge | Comparison::Lt | Comparison::Le);
            if numeric && c.value.trim().parse::<f64>().map_or(true, |v| !v.is_finite()) {
                return bad("condition.value", "must be a number for this comparison");
            }
        }
        Ok(())
    }
}

/// A chain's steps, checked: one to [`STEPS_MAX`].
pub fn check_steps(steps: &[StepDefinition]) -> Result<(), RuleError> {
    if steps.is_empty() || steps.len() > STEPS_MAX {
        return Err(RuleError::invalid("steps", format!("a chain has 1 to {STEPS_MAX} steps")));
    }
    steps.iter().enumerate().try_for_each(|(i, s)| s.check(i))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn facts(v: Value) -> Facts {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn any_is_decided_by_the_first_answer() {
        assert_eq!(outcome(Rule::Any, 3, 0, 0), None);
        assert_eq!(outcome(Rule::Any, 3, 1, 0), Some(Decision::Approved));
        assert_eq!(outcome(Rule::Any, 3, 0, 1), Some(Decision::Rejected));
    }

    #[test]
    fn all_needs_everyone_and_one_no_ends_it() {
        assert_eq!(outcome(Rule::All, 3, 2, 0), None);
        assert_eq!(outcome(Rule::All, 3, 3, 0), Some(Decision::Approved));
        assert_eq!(outcome(Rule::All, 3, 2, 1), Some(Decision::Rejected));
    }

    #[test]
    fn a_majority_is_more_than_half_either_way() {
        assert_eq!(outcome(Rule::Majority, 3, 1, 0), None);
        assert_eq!(outcome(Rule::Majority, 3, 2, 0), Some(Decision::Approved));
        assert_eq!(outcome(Rule::Majority, 3, 1, 1), None);
        assert_eq!(outcome(Rule::Majority, 3, 0, 2), Some(Decision::Rejected));
        assert_eq!(outcome(Rule::Majority, 4, 2, 0), None, "two of four is not more than half");
        assert_eq!(outcome(Rule::Majority, 4, 1, 2), Some(Decision::Rejected), "three can no longer approve");
        assert_eq!(outcome(Rule::Majority, 1, 1, 0), Some(Decision::Approved));
    }

    proptest! {
        #[test]
        fn a_step_is_decided_once_everyone_has_answered(asked in 1usize..12, yes in 0usize..12) {
            let yes = yes.min(asked);
            for rule in Rule::ALL {
                prop_assert!(outcome(*rule, asked, yes, asked - yes).is_some());
            }
        }

        #[test]
        fn approval_and_rejection_never_both_hold(asked in 1usize..12, yes in 0usize..12, no in 0usize..12) {
            prop_assume!(yes + no <= asked);
            for rule in Rule::ALL {
                let now = outcome(*rule, asked, yes, no);
                // A further answer never turns a decided step the other way.
                if let Some(d) = now
                    && yes + no < asked
                {
                    prop_assert_eq!(outcome(*rule, asked, yes + 1, no).unwrap_or(d), d);
                }
            }
        }
    }

    #[test]
    fn numbers_compare_as_numbers_and_text_by_equality() {
        let f = facts(json!({"cost": 1499.5, "item": "New laptop", "count": "3"}));
        let c = |fact: &str, op, value: &str| Condition { fact: fact.into(), op, value: value.into() };
        assert!(c("cost", Comparison::Gt, "1000").holds(&f));
        assert!(!c("cost", Comparison::Le, "1000").holds(&f));
        assert!(c("item", Comparison::Eq, "new LAPTOP").holds(&f));
        assert!(!c("item", Comparison::Gt, "a").holds(&f), "text has no order");
        assert!(!c("missing", Comparison::Gt, "0").holds(&f), "a missing fact does not hold");
        assert!(c("missing", Comparison::Ne, "x").holds(&f));
        assert!(!c("count", Comparison::Gt, "2").holds(&f), "a number written as text is text");
    }

    #[test]
    fn a_step_names_its_approver_when_it_must() {
        let step = StepDefinition {
            name: "Manager".into(),
            approver: ApproverKind::Manager,
            approver_id: None,
            rule: Rule::Any,
            condition: None,
            time_limit_hours: Some(48),
            reminder_hours: Some(24),
        };
        assert!(check_steps(std::slice::from_ref(&step)).is_ok());
        let person = StepDefinition { approver: ApproverKind::Person, ..step.clone() };
        let field = |e: RuleError| match e {
            RuleError::Invalid { field, .. } => field,
            other => panic!("{other}"),
        };
        assert_eq!(field(check_steps(&[person]).unwrap_err()), "steps[0].approver_id");
        let named = StepDefinition { approver_id: Some(3), ..step.clone() };
        assert!(check_steps(&[named]).is_err());
        let slow = StepDefinition { time_limit_hours: Some(0), ..step.clone() };
        assert_eq!(field(check_steps(&[slow]).unwrap_err()), "steps[0].time_limit_hours");
        let odd = StepDefinition {
            condition: Some(Condition { fact: "cost".into(), op: Comparison::Gt, value: "lots".into() }),
            ..step.clone()
        };
        assert_eq!(field(check_steps(&[odd]).unwrap_err()), "steps[0].condition.value");
        assert!(check_steps(&[]).is_err());
    }
}

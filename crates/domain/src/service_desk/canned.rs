//! Canned responses: the placeholders their bodies may use (`{{ticket.number}}`) and
//! their expansion.
//!
//! Expansion is one pass over the body: a value is inserted as it is and never expanded
//! again, and a placeholder without a value is left as written, so a typo stays visible
//! to the person about to send the reply. The result is plain text; whoever shows it
//! escapes it like any other comment.

/// The placeholders a canned response may use, with what each stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("ticket.number", "the ticket's number, e.g. INC-000123"),
    ("ticket.subject", "the ticket's subject"),
    ("ticket.status", "the ticket's status, e.g. In progress"),
    ("ticket.priority", "the ticket's priority, e.g. P2 High"),
    ("requester.name", "the requester's name"),
    ("requester.email", "the requester's e-mail address"),
    ("organisation.name", "the requester's organisation"),
    ("assignee.name", "the assignee's name (empty when nobody has the ticket)"),
    ("agent.name", "the name of the person using the response"),
    ("agent.email", "the e-mail address of the person using the response"),
];

pub use crate::placeholders::expand;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placeholders::is_name;

    #[test]
    fn every_listed_placeholder_has_the_shape_of_a_name() {
        assert!(PLACEHOLDERS.iter().all(|(n, d)| is_name(n) && !d.is_empty()));
    }
}

//! Input limits and the error a broken rule produces.

use std::fmt;

/// A business rule was broken by the input; carries the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// A field's value is not acceptable.
    #[error("{field}: {detail}")]
    Invalid { field: String, detail: String },
    /// A ticket cannot move from one status to another.
    #[error("a ticket cannot go from {from} to {to}")]
    Transition { from: String, to: String },
}

impl RuleError {
    /// A field-level validation error.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        RuleError::Invalid { field: field.into(), detail: detail.into() }
    }
}

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// Longest description or comment, in characters.
pub const BODY_MAX: usize = 100_000;
/// Longest name (of a person, team, category, organisation, token), in characters.
pub const NAME_MAX: usize = 200;
/// Shortest password accepted.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted (argon2 input is bounded to keep hashing cheap to refuse).
pub const PASSWORD_MAX: usize = 1024;

/// Trims `value` and checks it is between 1 and `max` characters, without control
/// characters other than newlines and tabs when `multiline`.
pub fn text(field: &str, value: &str, max: usize, multiline: bool) -> Result<String, RuleError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(RuleError::invalid(field, "must not be empty"));
    }
    let count = trimmed.chars().count();
    if count > max {
        return Err(RuleError::invalid(field, format!("must be at most {max} characters (got {count})")));
    }
    let bad_control = |c: char| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
    if trimmed.chars().any(bad_control) {
        return Err(RuleError::invalid(field, "must not contain control characters"));
    }
    Ok(trimmed.to_string())
}

/// A one-line name.
pub fn name(field: &str, value: &str) -> Result<String, RuleError> {
    text(field, value, NAME_MAX, false)
}

/// Lower-cases and checks the shape of an e-mail address (`local@domain.tld`).
pub fn email(value: &str) -> Result<String, RuleError> {
    let email = value.trim().to_lowercase();
    let ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
                && domain.matches('@').count() == 0
        });
    if ok { Ok(email) } else { Err(RuleError::invalid("email", "must be an e-mail address like name@example.com")) }
}

/// Checks a new password's length.
pub fn password(value: &str) -> Result<(), RuleError> {
    let n = value.chars().count();
    if n < PASSWORD_MIN {
        return Err(RuleError::invalid("password", format!("must be at least {PASSWORD_MIN} characters")));
    }
    if n > PASSWORD_MAX {
        return Err(RuleError::invalid("password", format!("must be at most {PASSWORD_MAX} characters")));
    }
    Ok(())
}

/// A lower-case enum name that did not parse.
pub fn unknown(field: &str, value: &str, expected: &[&dyn fmt::Display]) -> RuleError {
    let list: Vec<String> = expected.iter().map(|e| e.to_string()).collect();
    RuleError::invalid(field, format!("unknown value {value:?}; expected one of {}", list.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("subject", "  hi  ", 10, false).unwrap(), "hi");
        assert!(text("subject", "   ", 10, false).is_err());
        assert!(text("subject", &"x".repeat(11), 10, false).is_err());
    }

    #[test]
    fn a_one_line_field_refuses_newlines_but_a_body_keeps_them() {
        assert!(text("subject", "a\nb", 10, false).is_err());
        assert_eq!(text("body", "a\nb", 10, true).unwrap(), "a\nb");
        assert!(text("body", "a\u{0}b", 10, true).is_err());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in
            ["", "ann", "@example.com", "ann@", "ann@example", "a b@example.com", "a@b@example.com", "<a@example.com>"]
        {
            assert!(email(bad).is_err(), "{bad} should be refused");
        }
    }

    proptest! {
        #[test]
        fn validated_text_is_never_longer_than_its_limit(s in ".{0,300}", max in 1usize..100) {
            if let Ok(v) = text("f", &s, max, true) {
                prop_assert!(v.chars().count() <= max);
                prop_assert!(!v.is_empty());
            }
        }
    }
}

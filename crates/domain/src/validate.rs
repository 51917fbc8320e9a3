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

/// A multi-line text that may be empty (notes, a description): trimmed, at most `max`
/// characters.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String, RuleError> {
    if value.trim().is_empty() { Ok(String::new()) } else { text(field, value, max, true) }
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

/// The schemas of the API's document for what these rules accept, built from the same
/// limits, so that a client generated from the document refuses what the server refuses.
/// Input fields use them through the types [`document_as!`] declares.
pub mod schema {
    use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

    use super::{BODY_MAX, NAME_MAX, SUBJECT_MAX};

    /// Control characters (`char::is_control`).
    const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";
    /// Control characters but newlines and tabs.
    const CONTROL_BUT_LINES: &str = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f";

    /// What [`super::text`] accepts: 1 to `max` characters, not only spaces, without
    /// control characters (but newlines and tabs when `multiline`).
    pub fn text(max: usize, multiline: bool) -> Object {
        let refused = if multiline { CONTROL_BUT_LINES } else { CONTROL };
        string(max, format!(r"^[^{refused}]*[^\s{CONTROL}][^{refused}]*$"), 1)
    }

    /// Text that may also be empty (an optional description).
    pub fn optional_text(max: usize, multiline: bool) -> Object {
        let refused = if multiline { CONTROL_BUT_LINES } else { CONTROL };
        string(max, format!(r"^[^{refused}]*$"), 0)
    }

    /// A string of at most `max` characters matching `pattern`.
    pub fn string(max: usize, pattern: String, min: usize) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length((min > 0).then_some(min))
            .max_length(Some(max))
            .pattern(Some(pattern))
            .build()
    }

    /// A string of at most `max` characters.
    pub fn at_most(max: usize) -> Object {
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(max)).build()
    }

    /// A one-line name ([`super::name`]).
    pub fn name() -> Object {
        text(NAME_MAX, false)
    }

    /// A ticket's subject.
    pub fn subject() -> Object {
        text(SUBJECT_MAX, false)
    }

    /// A description, comment or update that must say something.
    pub fn body() -> Object {
        text(BODY_MAX, true)
    }

    /// A description that may be left empty.
    pub fn optional_body() -> Object {
        optional_text(BODY_MAX, true)
    }
}

/// Declares a type that stands, in the API's document, for a value the rules accept:
/// `#[schema(value_type = Name)]` on a `String` field (`Option<Name>` on an optional one)
/// keeps the field's description and gives it the rule's limits and pattern.
#[macro_export]
macro_rules! document_as {
    ($(#[$meta:meta])* $name:ident => $schema:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::Schema::from($schema).into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
        }
    };
}

document_as!(
    /// A one-line name: 1 to [`NAME_MAX`] characters.
    Name => schema::name()
);
document_as!(
    /// A ticket's subject: 1 to [`SUBJECT_MAX`] characters on one line.
    Subject => schema::subject()
);
document_as!(
    /// Text that must say something: 1 to [`BODY_MAX`] characters, lines allowed.
    Body => schema::body()
);
document_as!(
    /// Text that may be empty: at most [`BODY_MAX`] characters, lines allowed.
    OptionalBody => schema::optional_body()
);

/// Parses a duration people type, in minutes: `90`, `90m`, `1h`, `1h 30m`, `2 h 15 min`.
/// Between 1 minute and `max_minutes`.
pub fn minutes(field: &str, text: &str, max_minutes: i64) -> Result<i64, RuleError> {
    let bad = || RuleError::invalid(field, format!("{text:?} is not a duration like 45m, 2h or 1h 30m"));
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if compact.is_empty() || compact.len() > 32 {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut rest = compact.as_str();
    // Hours, then minutes, each at most once; a bare number is minutes.
    let mut smallest_unit_left = 60;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let unit_len = rest[digits..].chars().take_while(char::is_ascii_alphabetic).count();
        let per = match &rest[digits..digits + unit_len] {
            _ if digits == 0 => return Err(bad()),
            "" if total == 0 && digits == rest.len() => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            _ => return Err(bad()),
        };
        if per > smallest_unit_left {
            return Err(bad());
        }
        smallest_unit_left = per - 1;
        let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
        total = n.checked_mul(per).and_then(|m| total.checked_add(m)).ok_or_else(bad)?;
        rest = &rest[digits + unit_len..];
    }
    if !(1..=max_minutes).contains(&total) {
        return Err(RuleError::invalid(field, format!("must be between 1 minute and {}", format_minutes(max_minutes))));
    }
    Ok(total)
}

/// Minutes as people read them: `45m`, `2h`, `1h 30m`.
pub fn format_minutes(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// Declares an enum stored and sent as text (`snake_case`), with `ALL`, `as_str`,
/// `Display` and a `FromStr` whose error names the field and the values allowed.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::validate::RuleError;
            fn from_str(s: &str) -> Result<Self, $crate::validate::RuleError> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let names: Vec<&dyn ::std::fmt::Display> = Self::ALL.iter().map(|v| v as &dyn ::std::fmt::Display).collect();
                    $crate::validate::unknown($field, s, &names)
                })
            }
        }
    };
}
/// Lets other modules declare stored text enums the same way.
pub(crate) use text_enum;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn durations_are_read_in_hours_and_minutes() {
        assert_eq!(minutes("t", "90", 600), Ok(90));
        assert_eq!(minutes("t", "90m", 600), Ok(90));
        assert_eq!(minutes("t", "1h 30m", 600), Ok(90));
        assert_eq!(minutes("t", "1H30MIN", 600), Ok(90));
        assert_eq!(minutes("t", "2 hours", 600), Ok(120));
        for bad in
            ["", "h", "1.5h", "-5m", "1d", "1h 30", "30 1h", "99999999999999999999h", "1h 1h 1h 1h 1h 1h 1h 1h 1h"]
        {
            assert!(minutes("t", bad, 600).is_err(), "{bad:?}");
        }
        assert!(minutes("t", "0m", 600).is_err());
        assert!(minutes("t", "11h", 600).is_err());
        assert_eq!(
            (format_minutes(45), format_minutes(120), format_minutes(90)),
            ("45m".into(), "2h".into(), "1h 30m".into())
        );
    }
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

    /// The pattern of a schema, without its anchors (strings are generated whole).
    pub(crate) fn pattern_of(schema: utoipa::openapi::schema::Object) -> String {
        let pattern = schema.pattern.expect("a pattern");
        pattern.trim_start_matches('^').trim_end_matches('$').to_string()
    }

    proptest! {
        #[test]
        fn what_the_document_allows_the_rules_accept(
            one_line in prop::string::string_regex(&pattern_of(schema::text(NAME_MAX, false))).unwrap(),
            multiline in prop::string::string_regex(&pattern_of(schema::text(BODY_MAX, true))).unwrap(),
        ) {
            if one_line.chars().count() <= NAME_MAX {
                prop_assert!(name("name", &one_line).is_ok(), "{one_line:?}");
            }
            if multiline.chars().count() <= BODY_MAX {
                prop_assert!(text("body", &multiline, BODY_MAX, true).is_ok(), "{multiline:?}");
            }
        }

        #[test]
        fn validated_text_is_never_longer_than_its_limit(s in ".{0,300}", max in 1usize..100) {
            if let Ok(v) = text("f", &s, max, true) {
                prop_assert!(v.chars().count() <= max);
                prop_assert!(!v.is_empty());
            }
        }
    }
}

//! `{{placeholder}}` expansion, shared by canned responses, notification templates and
//! automation messages.
//!
//! Expansion is one pass over the body: a value is inserted as it is and never expanded
//! again, and a placeholder without a value is left as written, so a typo stays visible
//! to the person about to send the text. The result is plain text; whoever shows it
//! escapes it like any other text.

/// Whether `name` has the shape of a placeholder name (`word.word`).
pub fn is_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// Replaces every `{{name}}` (spaces inside the braces allowed) by `value(name)`;
/// placeholders `value` does not know are left as written.
pub fn expand(body: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        if !is_name(name) {
            // Not a placeholder: keep one brace and look again from the next one, so
            // `{{{ticket.number}}}` still finds the placeholder inside.
            out.push('{');
            rest = &rest[open + 1..];
            continue;
        }
        match value(name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn values(name: &str) -> Option<String> {
        match name {
            "ticket.number" => Some("INC-000007".into()),
            "requester.name" => Some("Rita {{agent.name}}".into()),
            _ => None,
        }
    }

    #[test]
    fn known_placeholders_are_replaced_with_or_without_spaces() {
        assert_eq!(
            expand("Hi {{requester.name}}, re {{ ticket.number }}.", values),
            "Hi Rita {{agent.name}}, re INC-000007."
        );
    }

    #[test]
    fn unknown_and_malformed_placeholders_stay_as_written() {
        assert_eq!(expand("{{ticket.nmber}} and {{ }} and {{a b}}", values), "{{ticket.nmber}} and {{ }} and {{a b}}");
        assert_eq!(expand("open {{ticket.number", values), "open {{ticket.number");
        assert_eq!(expand("{{{ticket.number}}}", values), "{INC-000007}");
        assert_eq!(expand("}}{{", values), "}}{{");
    }

    #[test]
    fn values_are_inserted_once_and_never_expanded_again() {
        assert_eq!(expand("{{requester.name}}", values), "Rita {{agent.name}}");
    }

    proptest! {
        #[test]
        fn a_body_without_known_placeholders_comes_back_unchanged(body in ".{0,200}") {
            prop_assert_eq!(expand(&body, |_| None), body);
        }

        #[test]
        fn expansion_keeps_the_text_around_placeholders(before in "[^{]{0,40}", after in "[^{]{0,40}") {
            let body = format!("{before}{{{{ticket.number}}}}{after}");
            prop_assert_eq!(expand(&body, values), format!("{before}INC-000007{after}"));
        }
    }
}

//! Asset tags: the label stuck on a device, typed by a person or generated from its type's
//! pattern, where a run of `#` is the next number, zero-padded (`LAP-#####` gives
//! `LAP-00042`).

use crate::validate::{RuleError, text};

/// Longest tag, in characters.
pub const TAG_MAX: usize = 64;
/// Longest run of `#` in a pattern.
const DIGITS_MAX: usize = 12;

/// A checked tag pattern: text, one run of 1 to 12 `#`, text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPattern {
    prefix: String,
    digits: usize,
    suffix: String,
}

impl TagPattern {
    /// Reads a pattern such as `LAP-#####`: letters, digits and `-_./` around one run of `#`.
    pub fn parse(pattern: &str) -> Result<TagPattern, RuleError> {
        let invalid = |detail: &str| RuleError::invalid("tag_pattern", detail.to_string());
        let pattern = pattern.trim();
        let start = pattern.find('#').ok_or_else(|| invalid("must hold a run of # for the number, e.g. LAP-#####"))?;
        let digits = pattern[start..].bytes().take_while(|b| *b == b'#').count();
        let (prefix, suffix) = (&pattern[..start], &pattern[start + digits..]);
        if digits > DIGITS_MAX {
            return Err(invalid("the number may have at most 12 digits"));
        }
        if suffix.contains('#') {
            return Err(invalid("must hold one run of # only"));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
        if !prefix.chars().chain(suffix.chars()).all(allowed) {
            return Err(invalid("may hold letters, digits, -, _, . and / around the #"));
        }
        if prefix.len() + suffix.len() + DIGITS_MAX > TAG_MAX {
            return Err(invalid("is too long for a tag"));
        }
        Ok(TagPattern { prefix: prefix.to_string(), digits, suffix: suffix.to_string() })
    }

    /// The tag for the `n`th asset of the pattern.
    pub fn tag(&self, n: u64) -> String {
        format!("{}{n:0width$}{}", self.prefix, self.suffix, width = self.digits)
    }

    /// The pattern as written.
    pub fn as_text(&self) -> String {
        format!("{}{}{}", self.prefix, "#".repeat(self.digits), self.suffix)
    }
}

/// Checks a tag a person typed: 1 to 64 characters on one line, trimmed.
pub fn typed(tag: &str) -> Result<String, RuleError> {
    text("asset_tag", tag, TAG_MAX, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_number_their_tags() {
        let laptops = TagPattern::parse(" LAP-##### ").unwrap();
        assert_eq!(laptops.tag(42), "LAP-00042");
        assert_eq!(laptops.tag(1_234_567), "LAP-1234567", "a number wider than the run is written whole");
        assert_eq!(laptops.as_text(), "LAP-#####");
        assert_eq!(TagPattern::parse("#/2026").unwrap().tag(7), "7/2026");
    }

    #[test]
    fn broken_patterns_are_refused() {
        for bad in ["", "LAP", "LAP-#-#", "LAP #", "LAP-<#>", "#############", &format!("{}#", "A".repeat(60))] {
            assert!(TagPattern::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn typed_tags_are_one_trimmed_line() {
        assert_eq!(typed("  HD-1 ").unwrap(), "HD-1");
        assert!(typed("").is_err() && typed("a\nb").is_err() && typed(&"x".repeat(65)).is_err());
    }
}

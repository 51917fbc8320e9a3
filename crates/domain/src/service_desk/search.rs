//! Search words and list order: what a person types into the search box becomes a list of
//! plain words (never query syntax), and a list is sorted by one of a few keys with the id
//! as the tie-breaker, which is what keyset pagination needs.

use std::fmt;
use std::str::FromStr;

use crate::RuleError;

/// The longest search text taken; longer text is cut (nobody types more).
pub const SEARCH_MAX: usize = 200;
/// At most this many words are searched for.
pub const WORDS_MAX: usize = 12;

/// The words of a search text: runs of letters and digits, at most [`WORDS_MAX`], lower
/// case. Everything else (quotes, operators, brackets) separates words, so hostile input
/// can never become query syntax in either database.
pub fn search_words(text: &str) -> Vec<String> {
    let text: String = text.chars().take(SEARCH_MAX).collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(WORDS_MAX).map(String::from).collect()
}

/// How the last search word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastWord {
    /// As the start of a word, so that results come while typing.
    Prefix,
    /// As a whole word, like the others.
    Whole,
}

/// An FTS5 query matching documents that contain every word; `columns` restricts it (e.g.
/// `{subject public_text}`).
pub fn fts5_query(words: &[String], last_word: LastWord, columns: Option<&str>) -> Option<String> {
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    terms.push(match last_word {
        LastWord::Prefix => format!("\"{last}\"*"),
        LastWord::Whole => format!("\"{last}\""),
    });
    let all = terms.join(" AND ");
    Some(match columns {
        Some(c) => format!("{c} : ({all})"),
        None => all,
    })
}

/// A PostgreSQL `to_tsquery` text matching every word. The words hold letters and digits
/// only, so they are never read as operators.
pub fn tsquery(words: &[String], last_word: LastWord) -> Option<String> {
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.to_vec();
    terms.push(match last_word {
        LastWord::Prefix => format!("{last}:*"),
        LastWord::Whole => last.clone(),
    });
    Some(terms.join(" & "))
}

/// What a ticket list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Filing order (the id).
    #[default]
    Created,
    Updated,
    /// 1 (critical) first when ascending.
    Priority,
    /// The resolution due time; tickets without one come last either way.
    Due,
}

/// A sort key and direction, written `updated_at` (ascending) or `-updated_at`
/// (descending) in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Sort { key: SortKey::Created, descending: true }
    }
}

impl Sort {
    /// The names a sort can be given by, for help texts.
    pub const NAMES: &'static [&'static str] = &["created_at", "updated_at", "priority", "due"];

    fn key_name(self) -> &'static str {
        match self.key {
            SortKey::Created => "created_at",
            SortKey::Updated => "updated_at",
            SortKey::Priority => "priority",
            SortKey::Due => "due",
        }
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", if self.descending { "-" } else { "" }, self.key_name())
    }
}

impl FromStr for Sort {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Sort, RuleError> {
        let (descending, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let key = match name {
            "created_at" => SortKey::Created,
            "updated_at" => SortKey::Updated,
            "priority" => SortKey::Priority,
            "due" => SortKey::Due,
            _ => {
                return Err(RuleError::invalid(
                    "sort",
                    format!("must be one of {} (with - in front for descending)", Sort::NAMES.join(", ")),
                ));
            }
        };
        Ok(Sort { key, descending })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn search_words_are_letters_and_digits_in_lower_case() {
        assert_eq!(search_words("Printer  on FLOOR-3!"), ["printer", "on", "floor", "3"]);
        assert_eq!(search_words("\"a\" OR b* NEAR(c) -- ;DROP"), ["a", "or", "b", "near", "c", "drop"]);
        assert_eq!(search_words("Überweisung fehlgeschlagen"), ["überweisung", "fehlgeschlagen"]);
        assert!(search_words("  ** ").is_empty());
    }

    #[test]
    fn long_search_text_is_cut_to_a_few_words() {
        assert_eq!(search_words(&"word ".repeat(1000)).len(), WORDS_MAX);
    }

    #[test]
    fn queries_match_every_word_with_the_last_as_a_prefix() {
        let words = search_words("vpn drops");
        assert_eq!(fts5_query(&words, LastWord::Prefix, None).unwrap(), "\"vpn\" AND \"drops\"*");
        assert_eq!(
            fts5_query(&words, LastWord::Prefix, Some("{subject public_text}")).unwrap(),
            "{subject public_text} : (\"vpn\" AND \"drops\"*)"
        );
        assert_eq!(fts5_query(&words, LastWord::Whole, None).unwrap(), "\"vpn\" AND \"drops\"");
        assert_eq!(tsquery(&words, LastWord::Prefix).unwrap(), "vpn & drops:*");
        assert_eq!(tsquery(&words, LastWord::Whole).unwrap(), "vpn & drops");
        assert_eq!(fts5_query(&[], LastWord::Prefix, None), None);
        assert_eq!(tsquery(&[], LastWord::Whole), None);
    }

    #[test]
    fn sorts_read_and_write_the_same_names() {
        for name in ["created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority", "due", "-due"] {
            assert_eq!(name.parse::<Sort>().unwrap().to_string(), name);
        }
        assert!("bogus".parse::<Sort>().is_err());
        assert!("--due".parse::<Sort>().is_err());
        assert_eq!(Sort::default().to_string(), "-created_at");
    }

    proptest! {
        #[test]
        fn search_words_never_carry_query_syntax(text in ".{0,300}") {
            for w in search_words(&text) {
                prop_assert!(!w.is_empty());
                prop_assert!(w.chars().all(char::is_alphanumeric));
            }
        }
    }
}

//! Searching assets and configuration items by words, through an index of terms rather
//! than a scan: a record's terms are its texts (tag, serial number, name) whole, their
//! space-separated words, what follows each separator within a word, and the runs of
//! letters and digits, lowercased. A typed word matches a record when it starts one of its
//! terms, so `lap-000` finds the tag `LAP-00042`, `00042` and `lap` find it too,
//! `finance-01` finds `srv-finance-01`, and `think` finds "ThinkPad T14".

use std::collections::BTreeSet;

/// Longest term kept (longer texts are cut, on a character boundary).
pub const TERM_MAX: usize = 64;

/// Most words a search uses; the rest are ignored.
pub const WORDS_MAX: usize = 8;

fn cut(text: &str) -> String {
    text.chars().take(TERM_MAX).collect()
}

/// The terms of a record with these texts, each once.
pub fn terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in texts {
        let lower = text.trim().to_lowercase();
        if lower.is_empty() {
            continue;
        }
        out.insert(cut(&lower));
        for word in lower.split_whitespace() {
            out.insert(cut(word));
            // What follows each separator inside a word: `finance-01` in `srv-finance-01`.
            for (at, c) in word.char_indices().filter(|(_, c)| !c.is_alphanumeric()) {
                let rest = &word[at + c.len_utf8()..];
                if !rest.is_empty() {
                    out.insert(cut(rest));
                }
            }
        }
        for run in lower.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty()) {
            out.insert(cut(run));
        }
    }
    out
}

/// The words of a search, lowercased and cut like terms, each once, at most
/// [`WORDS_MAX`].
pub fn words(query: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    query.to_lowercase().split_whitespace().map(cut).filter(|w| seen.insert(w.clone())).take(WORDS_MAX).collect()
}

/// The first text after every term that starts with `word` (in code point order): the
/// upper end of the range a prefix search reads.
pub fn after_prefix(word: &str) -> String {
    format!("{word}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_tag_is_found_whole_and_by_its_parts() {
        let t = terms(["LAP-00042", "SN 123/456", "ThinkPad T14 (Finance)"]);
        for word in
            ["lap-000", "lap", "00042", "sn", "123/456", "456", "think", "t14", "(finance)", "finance", "finance)"]
        {
            assert!(t.iter().any(|term| term.starts_with(word)), "{word} in {t:?}");
        }
        assert!(!t.iter().any(|term| term.starts_with("pad")), "a word's middle is not a term: {t:?}");
    }

    #[test]
    fn search_words_are_lowercased_once_each_and_few() {
        assert_eq!(words("  Lap  lap 000 "), ["lap", "000"]);
        assert_eq!(words("a b c d e f g h i j").len(), WORDS_MAX);
        assert!(words("   ").is_empty());
    }

    proptest! {
        #[test]
        fn every_term_is_short_lowercase_and_every_word_of_a_text_starts_a_term(text in "\\PC{0,120}") {
            let t = terms([text.as_str()]);
            for term in &t {
                prop_assert!(term.chars().count() <= TERM_MAX);
                prop_assert_eq!(term.to_lowercase(), term.clone());
                prop_assert!(term < &after_prefix(term));
            }
            for word in words(&text) {
                prop_assert!(t.iter().any(|term| term.starts_with(&word)), "{} in {:?}", word, t);
            }
        }
    }
}

//! The knowledge base's rules: an article's states and who may move it between them, its
//! visibility, and the word diff between two of its versions.

use crate::validate::{RuleError, text_enum};

/// Longest article body (sanitised HTML), in characters.
pub const ARTICLE_BODY_MAX: usize = 200_000;
/// Longest summary, in characters.
pub const SUMMARY_MAX: usize = 500;
/// Longest helpfulness comment, in characters.
pub const FEEDBACK_MAX: usize = 2_000;
/// A diff compares at most this many words on each side beyond what both share at their
/// start and end; longer changes show as the old text removed and the new added.
pub const DIFF_WORDS_MAX: usize = 3_000;

text_enum!(
    /// Where an article is in its life.
    ArticleState, "state" {
        /// Being written; only staff see it.
        Draft = "draft",
        /// Written, waiting for a manager or administrator to publish it.
        InReview = "in_review",
        /// Readable by everyone it is visible to.
        Published = "published",
        /// Withdrawn: kept with its versions, found by staff only.
        Archived = "archived",
    }
);

text_enum!(
    /// Who may read a published article.
    ArticleVisibility, "visibility" {
        /// Staff only.
        Internal = "internal",
        /// Everyone of its organisations, employees included.
        Public = "public",
    }
);

text_enum!(
    /// Where a person opened an article from.
    ViewSource, "source" {
        /// Its page, reached by a link or the list.
        Page = "page",
        /// The new-ticket form's suggestion (what deflections are counted from).
        Suggestion = "suggestion",
        /// A search result.
        Search = "search",
    }
);

/// Whether an article may move from `from` to `to`, for someone who may publish
/// (`publisher`: managers and administrators) or only write (agents). Writers submit their
/// drafts for review and take them back; publishers also publish, archive, and bring an
/// article back to a draft.
pub fn may_move(from: ArticleState, to: ArticleState, publisher: bool) -> bool {
    use ArticleState::*;
    match (from, to) {
        (Draft, InReview) | (InReview, Draft) => true,
        (Draft | InReview, Published) | (Published, Archived) | (Published | Archived, Draft) => publisher,
        _ => false,
    }
}

/// The move, or the rule it breaks.
pub fn check_move(from: ArticleState, to: ArticleState, publisher: bool) -> Result<(), RuleError> {
    if may_move(from, to, publisher) {
        Ok(())
    } else {
        Err(RuleError::invalid("state", format!("an article cannot go from {from} to {to} here")))
    }
}

/// The state a saved text leaves an article in: a writer's change to a published article
/// goes back to review, so that nothing unreviewed is published.
pub fn state_after_edit(state: ArticleState, publisher: bool) -> ArticleState {
    if state == ArticleState::Published && !publisher { ArticleState::InReview } else { state }
}

/// One piece of a diff: words both versions have, or only the old or the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffPart {
    Same(String),
    Removed(String),
    Added(String),
}

/// The words (with the space after each) of a text.
fn words(text: &str) -> Vec<&str> {
    text.split_inclusive(char::is_whitespace).collect()
}

/// A word diff of `old` and `new`, equal neighbours merged, in reading order.
pub fn diff_words(old: &str, new: &str) -> Vec<DiffPart> {
    let (a, b) = (words(old), words(new));
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..].iter().rev().zip(b[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (mid_a, mid_b) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut parts = Vec::new();
    push(&mut parts, DiffPart::Same(a[..start].concat()));
    if mid_a.len() > DIFF_WORDS_MAX || mid_b.len() > DIFF_WORDS_MAX {
        push(&mut parts, DiffPart::Removed(mid_a.concat()));
        push(&mut parts, DiffPart::Added(mid_b.concat()));
    } else {
        for part in common_subsequence(mid_a, mid_b) {
            push(&mut parts, part);
        }
    }
    push(&mut parts, DiffPart::Same(a[a.len() - end..].concat()));
    parts
}

/// The longest-common-subsequence diff of two word lists, a word at a time.
fn common_subsequence(a: &[&str], b: &[&str]) -> Vec<DiffPart> {
    let width = b.len() + 1;
    let mut longest = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            longest[i * width + j] = if a[i] == b[j] {
                longest[(i + 1) * width + j + 1] + 1
            } else {
                longest[(i + 1) * width + j].max(longest[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut parts) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            parts.push(DiffPart::Same(a[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || longest[(i + 1) * width + j] >= longest[i * width + j + 1]) {
            parts.push(DiffPart::Removed(a[i].to_string()));
            i += 1;
        } else {
            parts.push(DiffPart::Added(b[j].to_string()));
            j += 1;
        }
    }
    parts
}

/// Appends `part`, merged into the last one when they are of a kind; empty parts vanish.
fn push(parts: &mut Vec<DiffPart>, part: DiffPart) {
    use DiffPart::*;
    match (parts.last_mut(), part) {
        (_, Same(t) | Removed(t) | Added(t)) if t.is_empty() => {}
        (Some(Same(last)), Same(t)) | (Some(Removed(last)), Removed(t)) | (Some(Added(last)), Added(t)) => {
            last.push_str(&t)
        }
        (_, part) => parts.push(part),
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleState::*;
    use super::*;

    #[test]
    fn writers_submit_and_publishers_publish_and_archive() {
        assert!(may_move(Draft, InReview, false));
        assert!(may_move(InReview, Draft, false));
        assert!(!may_move(InReview, Published, false));
        assert!(!may_move(Published, Archived, false));
        assert!(may_move(InReview, Published, true));
        assert!(may_move(Draft, Published, true));
        assert!(may_move(Published, Archived, true));
        assert!(may_move(Archived, Draft, true));
        assert!(!may_move(Archived, Published, true));
        assert!(!may_move(Draft, Draft, true));
        assert!(check_move(Draft, Archived, true).is_err());
    }

    #[test]
    fn a_writers_change_to_a_published_article_goes_back_to_review() {
        assert_eq!(state_after_edit(Published, false), InReview);
        assert_eq!(state_after_edit(Published, true), Published);
        assert_eq!(state_after_edit(Draft, false), Draft);
    }

    #[test]
    fn a_diff_marks_the_words_removed_and_added() {
        let parts = diff_words("Restart the VPN client now", "Restart the Wi-Fi client now please");
        assert_eq!(
            parts,
            vec![
                DiffPart::Same("Restart the ".into()),
                DiffPart::Removed("VPN ".into()),
                DiffPart::Added("Wi-Fi ".into()),
                DiffPart::Same("client ".into()),
                DiffPart::Removed("now".into()),
                DiffPart::Added("now please".into()),
            ]
        );
        assert_eq!(diff_words("same", "same"), vec![DiffPart::Same("same".into())]);
        assert_eq!(diff_words("", "new"), vec![DiffPart::Added("new".into())]);
    }

    #[test]
    fn a_diff_puts_the_new_text_back_together() {
        let (old, new) = ("a b c d e f", "a x c d y f g");
        let parts = diff_words(old, new);
        let rebuilt: String = parts
            .iter()
            .filter_map(|p| match p {
                DiffPart::Same(t) | DiffPart::Added(t) => Some(t.as_str()),
                DiffPart::Removed(_) => None,
            })
            .collect();
        assert_eq!(rebuilt, new);
        let original: String = parts
            .iter()
            .filter_map(|p| match p {
                DiffPart::Same(t) | DiffPart::Removed(t) => Some(t.as_str()),
                DiffPart::Added(_) => None,
            })
            .collect();
        assert_eq!(original, old);
    }
}

//! Links between tickets: what each kind means read from either end, and the shape of a
//! change reference. Parent and duplicate links form chains that must never loop; `app`
//! checks that against the stored links (see [`LinkKind::is_chain`]).

use crate::validate::RuleError;
use crate::validate::text_enum;

text_enum!(
    /// How one ticket relates to another (or to a change).
    LinkKind, "kind" {
        /// The other ticket is this one's parent (this one is its child).
        Parent = "parent",
        /// This ticket reports the same thing as the other one.
        DuplicateOf = "duplicate_of",
        /// The two tickets are about related things.
        Related = "related",
        /// A change caused this ticket: another ticket, or a change named by reference.
        CausedByChange = "caused_by_change",
    }
);

impl LinkKind {
    /// The link read from the ticket it was made on: "parent", "duplicate of", ...
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Parent => "Parent",
            LinkKind::DuplicateOf => "Duplicate of",
            LinkKind::Related => "Related to",
            LinkKind::CausedByChange => "Caused by change",
        }
    }

    /// The link read from the other end: "child", "duplicated by", ...
    pub fn reverse_label(self) -> &'static str {
        match self {
            LinkKind::Parent => "Child",
            LinkKind::DuplicateOf => "Duplicated by",
            LinkKind::Related => "Related to",
            LinkKind::CausedByChange => "Caused",
        }
    }

    /// Links of this kind form chains that must not loop (a ticket cannot be its own
    /// ancestor, nor a duplicate of its own duplicate).
    pub fn is_chain(self) -> bool {
        matches!(self, LinkKind::Parent | LinkKind::DuplicateOf)
    }

    /// The link reads the same from both ends, so A-B and B-A are the same link.
    pub fn is_symmetric(self) -> bool {
        self == LinkKind::Related
    }
}

/// Longest change reference, in characters.
pub const CHANGE_REF_MAX: usize = 64;

/// The document's schema of a change reference: what [`change_ref`] accepts.
pub fn change_ref_schema() -> utoipa::openapi::schema::Object {
    crate::validate::schema::string(CHANGE_REF_MAX, format!(r"^\s*[A-Za-z0-9_.:/#-]{{1,{CHANGE_REF_MAX}}}\s*$"), 1)
}

crate::document_as!(
    /// A change reference such as `CHG-123`.
    ChangeRef => change_ref_schema()
);

/// A change reference such as `CHG-123`: trimmed, 1 to [`CHANGE_REF_MAX`] characters of
/// letters, digits and `-_.:/#`.
pub fn change_ref(value: &str) -> Result<String, RuleError> {
    let value = value.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.:/#".contains(c);
    if value.is_empty() || value.chars().count() > CHANGE_REF_MAX || !value.chars().all(allowed) {
        return Err(RuleError::invalid(
            "change_ref",
            format!("must be a change reference like CHG-123 (letters, digits and -_.:/#, at most {CHANGE_REF_MAX})"),
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_kind_parses_from_its_own_name_and_reads_from_both_ends() {
        for kind in LinkKind::ALL {
            assert_eq!(kind.as_str().parse::<LinkKind>().unwrap(), *kind);
            assert!(!kind.label().is_empty() && !kind.reverse_label().is_empty());
        }
        assert_eq!(LinkKind::Parent.reverse_label(), "Child");
        assert_eq!(LinkKind::DuplicateOf.reverse_label(), "Duplicated by");
        assert!("child".parse::<LinkKind>().is_err());
    }

    #[test]
    fn only_parent_and_duplicate_links_are_chains_and_only_related_is_symmetric() {
        let chains: Vec<_> = LinkKind::ALL.iter().filter(|k| k.is_chain()).collect();
        assert_eq!(chains, [&LinkKind::Parent, &LinkKind::DuplicateOf]);
        let symmetric: Vec<_> = LinkKind::ALL.iter().filter(|k| k.is_symmetric()).collect();
        assert_eq!(symmetric, [&LinkKind::Related]);
    }

    #[test]
    fn change_references_are_short_plain_tokens() {
        assert_eq!(change_ref(" CHG-123 ").unwrap(), "CHG-123");
        assert_eq!(change_ref("RFC:2024/17#3").unwrap(), "RFC:2024/17#3");
        for bad in ["", "   ", "CHG 123", "<script>", "CHG\n1", "ä", &"x".repeat(CHANGE_REF_MAX + 1)] {
            assert!(change_ref(bad).is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_change_reference_the_document_allows_is_accepted(
            reference in proptest::string::string_regex(&crate::validate::tests::pattern_of(change_ref_schema())).unwrap()
        ) {
            if reference.chars().count() <= CHANGE_REF_MAX {
                proptest::prop_assert!(change_ref(&reference).is_ok(), "{reference:?}");
            }
        }
    }
}

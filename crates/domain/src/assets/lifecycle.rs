//! Where an asset is in its life, the moves allowed between states, and who or what holds
//! a checked-out asset.

use crate::validate::{RuleError, text_enum};

text_enum!(
    /// Where an asset is in its life, in the order it lives it.
    AssetState, "state" {
        /// Bought, not yet received.
        Ordered = "ordered",
        /// Received and ready to hand out.
        InStock = "in_stock",
        /// In use: checked out to a person, a location or another asset.
        Deployed = "deployed",
        /// Away for repair.
        InRepair = "in_repair",
        /// Out of use, still owned (kept for parts, awaiting disposal).
        Retired = "retired",
        /// Gone: sold, recycled or destroyed. Kept for the record only.
        Disposed = "disposed",
    }
);

impl AssetState {
    /// The states an asset in this state may move to. Deployed is reached by checking the
    /// asset out, and left by checking it in (or sending it for repair).
    pub fn next(self) -> &'static [AssetState] {
        use AssetState::*;
        match self {
            Ordered => &[InStock, Disposed],
            InStock => &[Deployed, InRepair, Retired],
            Deployed => &[InStock, InRepair, Retired],
            InRepair => &[InStock, Deployed, Retired],
            Retired => &[InStock, Disposed],
            Disposed => &[],
        }
    }

    /// Whether an asset may move from this state to `to`.
    pub fn may_move_to(self, to: AssetState) -> bool {
        self.next().contains(&to)
    }

    /// Checks a move, naming both states when it is not allowed.
    pub fn move_to(self, to: AssetState) -> Result<AssetState, RuleError> {
        if self.may_move_to(to) {
            Ok(to)
        } else {
            Err(RuleError::invalid(
                "state",
                format!("an asset cannot go from {self} to {to}; from {self} it may go to {}", list(self.next())),
            ))
        }
    }

    /// Whether the asset can be handed out now.
    pub fn may_check_out(self) -> bool {
        self.may_move_to(AssetState::Deployed)
    }

    /// Whether the asset is still the organisation's to use (not retired or disposed).
    pub fn in_service(self) -> bool {
        !matches!(self, AssetState::Retired | AssetState::Disposed)
    }
}

fn list(states: &[AssetState]) -> String {
    if states.is_empty() {
        return "nowhere (it is final)".into();
    }
    states.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

text_enum!(
    /// What a checked-out asset is with.
    HolderKind, "holder" {
        /// A person, who may be asked to accept it.
        Person = "person",
        /// A place: a site, building or room.
        Location = "location",
        /// Another asset (a monitor on a desktop, a disk in a server).
        Asset = "asset",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use AssetState::*;

    #[test]
    fn disposal_is_final_and_reached_only_from_retired_or_ordered() {
        assert!(Disposed.next().is_empty());
        for state in AssetState::ALL {
            assert_eq!(state.may_move_to(Disposed), matches!(state, Retired | Ordered), "{state}");
        }
    }

    #[test]
    fn no_state_moves_to_itself() {
        for state in AssetState::ALL {
            assert!(!state.may_move_to(*state), "{state}");
        }
    }

    #[test]
    fn every_state_but_disposed_can_be_left_and_every_state_but_ordered_reached() {
        for state in AssetState::ALL.iter().filter(|s| **s != Disposed) {
            assert!(!state.next().is_empty(), "{state}");
        }
        for state in AssetState::ALL.iter().filter(|s| **s != Ordered) {
            assert!(AssetState::ALL.iter().any(|from| from.may_move_to(*state)), "{state}");
        }
    }

    #[test]
    fn a_refused_move_says_where_the_asset_may_go() {
        let err = Disposed.move_to(InStock).unwrap_err().to_string();
        assert!(err.contains("disposed to in_stock") && err.contains("final"), "{err}");
        let err = Ordered.move_to(Deployed).unwrap_err().to_string();
        assert!(err.contains("in_stock, disposed"), "{err}");
        assert_eq!(Retired.move_to(InStock), Ok(InStock));
    }

    #[test]
    fn only_assets_at_hand_can_be_checked_out() {
        let out: Vec<_> = AssetState::ALL.iter().filter(|s| s.may_check_out()).collect();
        assert_eq!(out, [&InStock, &InRepair]);
    }
}

//! Consumables and accessories held in stock: what a stock item is, how a movement changes
//! its quantity, and when its low-stock alert is raised and cleared.
//!
//! An accessory (a mouse, a headset, a docking station) is handed to a person and may come
//! back; a consumable (toner, paper, batteries) is issued and used up. A movement changes
//! the quantity by a signed amount that may never take it below zero. An item is low when
//! its quantity is at or below its minimum; its managers are told once per crossing, and
//! not again until it has been restocked above the minimum.

use crate::validate::{RuleError, text_enum};

text_enum!(
    /// What kind of stock an item is.
    StockKind, "kind" {
        /// Handed to a person, who holds it until it is returned.
        Accessory = "accessory",
        /// Issued and used up.
        Consumable = "consumable",
    }
);

text_enum!(
    /// How a movement changes an item's stock.
    MovementKind, "kind" {
        /// Delivered: more in stock (with the order it came with).
        Receive = "receive",
        /// Handed to a person: fewer in stock.
        Issue = "issue",
        /// An accessory given back by the person who held it.
        Return = "return",
        /// A count corrected, up or down, with the reason.
        Adjust = "adjust",
    }
);

/// The most one movement may move, either way.
pub const MOVE_MAX: i64 = 1_000_000;

/// The most an item may hold or ask to keep.
pub const QUANTITY_MAX: i64 = 1_000_000_000;

impl MovementKind {
    /// The signed change a movement of `quantity` makes: receiving and returning add,
    /// issuing takes away, an adjustment is the signed correction itself. A return of a
    /// consumable, a zero and a movement beyond [`MOVE_MAX`] are refused.
    pub fn change(self, stock: StockKind, quantity: i64) -> Result<i64, RuleError> {
        if self == MovementKind::Return && stock == StockKind::Consumable {
            return Err(RuleError::invalid("kind", "a consumable is used up and never returned"));
        }
        if self == MovementKind::Adjust {
            if quantity == 0 || quantity.abs() > MOVE_MAX {
                return Err(RuleError::invalid(
                    "quantity",
                    format!("an adjustment adds or takes away between 1 and {MOVE_MAX}"),
                ));
            }
            return Ok(quantity);
        }
        if !(1..=MOVE_MAX).contains(&quantity) {
            return Err(RuleError::invalid("quantity", format!("must be between 1 and {MOVE_MAX}")));
        }
        Ok(if self == MovementKind::Issue { -quantity } else { quantity })
    }

    /// Whether the movement names the person it hands stock to or takes it back from.
    pub fn names_person(self) -> bool {
        matches!(self, MovementKind::Issue | MovementKind::Return)
    }
}

/// Whether an item holding `quantity` is low against its `minimum`.
pub fn is_low(quantity: i64, minimum: i64) -> bool {
    quantity <= minimum
}

/// What a movement does to an item's low-stock alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// It has just gone low: tell its managers, and remember that they were told.
    Raise,
    /// It is above its minimum again: the next crossing is news.
    Clear,
    /// Nothing to do.
    Keep,
}

/// The alert after a movement left `quantity` of an item whose minimum is `minimum`, its
/// managers already told (`alerted`) or not.
pub fn alert_after(quantity: i64, minimum: i64, alerted: bool) -> Alert {
    match (is_low(quantity, minimum), alerted) {
        (true, false) => Alert::Raise,
        (false, true) => Alert::Clear,
        _ => Alert::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receiving_and_returning_add_issuing_takes_away_and_an_adjustment_is_signed() {
        use MovementKind::*;
        assert_eq!(Receive.change(StockKind::Consumable, 5), Ok(5));
        assert_eq!(Issue.change(StockKind::Consumable, 2), Ok(-2));
        assert_eq!(Return.change(StockKind::Accessory, 1), Ok(1));
        assert_eq!(Adjust.change(StockKind::Accessory, -3), Ok(-3));
        assert!(Return.change(StockKind::Consumable, 1).is_err());
        for bad in [0, -1, MOVE_MAX + 1] {
            assert!(Issue.change(StockKind::Accessory, bad).is_err(), "{bad}");
        }
        assert!(Adjust.change(StockKind::Accessory, 0).is_err());
        assert!(Adjust.change(StockKind::Accessory, -MOVE_MAX - 1).is_err());
    }

    #[test]
    fn the_alert_is_raised_once_per_crossing_and_cleared_by_a_restock_above_the_minimum() {
        assert_eq!(alert_after(5, 5, false), Alert::Raise, "at the minimum is low");
        assert_eq!(alert_after(4, 5, true), Alert::Keep, "told already");
        assert_eq!(alert_after(5, 5, true), Alert::Keep, "back to the minimum is still low");
        assert_eq!(alert_after(6, 5, true), Alert::Clear);
        assert_eq!(alert_after(6, 5, false), Alert::Keep);
        assert!(is_low(0, 0));
    }
}

//! Physical audits: a round of checking that the assets expected at a place (or in an
//! organisation) are there, what a confirmed scan says, and when an asset is due next.

use chrono::{Days, NaiveDate};

use crate::assets::lifecycle::AssetState;
use crate::validate::{RuleError, text_enum};

/// Days between audits when an asset's type sets none.
pub const DEFAULT_INTERVAL_DAYS: i64 = 365;
/// The longest interval a type may set (ten years).
pub const INTERVAL_DAYS_MAX: i64 = 3650;

text_enum!(
    /// Whether a round still takes confirmations.
    AuditState, "state" {
        /// Started; assets are being confirmed.
        Open = "open",
        /// Closed: its report is final.
        Closed = "closed",
    }
);

text_enum!(
    /// What confirming an asset in a round found.
    Outcome, "outcome" {
        /// Expected in the round and now confirmed.
        Found = "found",
        /// Confirmed, but not expected in the round: its record puts it elsewhere.
        FoundElsewhere = "found_elsewhere",
        /// Confirmed before in this round: nothing changed.
        AlreadyConfirmed = "already_confirmed",
    }
);

/// Whether an asset in `state` is looked for in a round: not one still on order, nor one
/// disposed of.
pub fn is_audited(state: AssetState) -> bool {
    !matches!(state, AssetState::Ordered | AssetState::Disposed)
}

/// The day an asset audited on `today` is due again, `days` later.
pub fn next_due(today: NaiveDate, days: i64) -> NaiveDate {
    today.checked_add_days(Days::new(days.clamp(1, INTERVAL_DAYS_MAX) as u64)).unwrap_or(NaiveDate::MAX)
}

/// An interval a type may set: 1 to [`INTERVAL_DAYS_MAX`] days.
pub fn interval(field: &str, days: i64) -> Result<i64, RuleError> {
    if (1..=INTERVAL_DAYS_MAX).contains(&days) {
        Ok(days)
    } else {
        Err(RuleError::invalid(field, format!("must be between 1 and {INTERVAL_DAYS_MAX} days")))
    }
}

/// What a person typed or scanned into a round: an asset's tag or serial number, or the
/// address of its page (a scanned label's QR code), reduced to what names the asset.
pub fn scanned_code(typed: &str) -> Code {
    let typed = typed.trim();
    let path = typed.split_once("://").map_or(typed, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    match path.strip_prefix("assets/").map(|rest| rest.trim_end_matches('/')) {
        Some(id) if typed.contains("://") => match id.parse() {
            Ok(id) => Code::AssetId(id),
            Err(_) => Code::Text(typed.to_string()),
        },
        _ => Code::Text(typed.to_string()),
    }
}

/// What a scan names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// An asset's page address: its id.
    AssetId(i64),
    /// A tag or a serial number.
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_audit_is_the_interval_after_today() {
        assert_eq!(next_due(day("2026-01-31"), 365), day("2027-01-31"));
        assert_eq!(next_due(day("2028-02-28"), 1), day("2028-02-29"));
        assert_eq!(next_due(day("2026-01-01"), 0), day("2026-01-02"), "at least a day");
    }

    #[test]
    fn an_interval_is_between_a_day_and_ten_years() {
        assert_eq!(interval("d", 90), Ok(90));
        assert!(interval("d", 0).is_err());
        assert!(interval("d", 3651).is_err());
    }

    #[test]
    fn ordered_and_disposed_assets_are_not_looked_for() {
        assert!(!is_audited(AssetState::Ordered));
        assert!(!is_audited(AssetState::Disposed));
        assert!(is_audited(AssetState::Deployed));
        assert!(is_audited(AssetState::InRepair));
    }

    #[test]
    fn a_scanned_label_names_its_asset_and_anything_else_is_a_tag_or_serial() {
        assert_eq!(scanned_code("https://desk.example/assets/42"), Code::AssetId(42));
        assert_eq!(scanned_code(" http://127.0.0.1:8080/assets/7/ "), Code::AssetId(7));
        assert_eq!(scanned_code("LAP-00042"), Code::Text("LAP-00042".into()));
        assert_eq!(scanned_code("assets/42"), Code::Text("assets/42".into()));
        assert_eq!(scanned_code("https://x/assets/abc"), Code::Text("https://x/assets/abc".into()));
    }
}

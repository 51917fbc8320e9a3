//! Straight-line depreciation: an asset loses the same value every day of its useful life,
//! from its purchase cost down to its residual value, and keeps that value afterwards.

use chrono::{Months, NaiveDate};

use crate::validate::RuleError;

/// The longest useful life accepted, in months (fifty years).
pub const LIFE_MONTHS_MAX: u32 = 600;

/// How an asset's value falls: cost at purchase, straight down over `life_months` to
/// `residual` (all amounts in the same currency's minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StraightLine {
    pub cost: i64,
    pub residual: i64,
    pub purchased_on: NaiveDate,
    pub life_months: u32,
}

impl StraightLine {
    /// Checks the figures: a life of 1 to 600 months, a residual between 0 and the cost.
    pub fn new(cost: i64, residual: i64, purchased_on: NaiveDate, life_months: u32) -> Result<Self, RuleError> {
        if !(1..=LIFE_MONTHS_MAX).contains(&life_months) {
            return Err(RuleError::invalid(
                "depreciation_months",
                format!("must be between 1 and {LIFE_MONTHS_MAX} months"),
            ));
        }
        if !(0..=cost).contains(&residual) {
            return Err(RuleError::invalid("residual_value", "must be between 0 and the purchase cost"));
        }
        Ok(StraightLine { cost, residual, purchased_on, life_months })
    }

    /// The day the asset reaches its residual value.
    pub fn fully_depreciated_on(&self) -> NaiveDate {
        self.purchased_on.checked_add_months(Months::new(self.life_months)).unwrap_or(NaiveDate::MAX)
    }

    /// The book value at the start of `day`: the cost before and on the purchase day, the
    /// residual from the end of the life on, and in between the cost less the share of its
    /// depreciable amount the elapsed days are of the life's days (rounded down to a minor
    /// unit of loss, so the value never drops early).
    pub fn book_value_on(&self, day: NaiveDate) -> i64 {
        let life_days = (self.fully_depreciated_on() - self.purchased_on).num_days().max(1);
        let elapsed = (day - self.purchased_on).num_days().clamp(0, life_days);
        let lost = i128::from(self.cost - self.residual) * i128::from(elapsed) / i128::from(life_days);
        self.cost - i64::try_from(lost).unwrap_or(self.cost - self.residual)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_laptop_loses_its_value_over_three_years() {
        let laptop = StraightLine::new(120_000, 0, day(2024, 1, 1), 36).unwrap();
        assert_eq!(laptop.fully_depreciated_on(), day(2027, 1, 1));
        assert_eq!(laptop.book_value_on(day(2023, 6, 1)), 120_000, "before it was bought");
        assert_eq!(laptop.book_value_on(day(2024, 1, 1)), 120_000);
        // 2024 is a leap year: 366 of 1,096 days.
        assert_eq!(laptop.book_value_on(day(2025, 1, 1)), 120_000 - 120_000 * 366 / 1096);
        assert_eq!(laptop.book_value_on(day(2027, 1, 1)), 0);
        assert_eq!(laptop.book_value_on(day(2030, 1, 1)), 0, "it stays at its residual value");
    }

    #[test]
    fn a_residual_value_is_a_floor() {
        let server = StraightLine::new(1_000_000, 100_000, day(2020, 3, 31), 60).unwrap();
        assert_eq!(server.fully_depreciated_on(), day(2025, 3, 31));
        assert_eq!(server.book_value_on(day(2040, 1, 1)), 100_000);
    }

    #[test]
    fn impossible_figures_are_refused() {
        assert!(StraightLine::new(100, 0, day(2024, 1, 1), 0).is_err());
        assert!(StraightLine::new(100, 0, day(2024, 1, 1), LIFE_MONTHS_MAX + 1).is_err());
        assert!(StraightLine::new(100, 101, day(2024, 1, 1), 12).is_err());
        assert!(StraightLine::new(100, -1, day(2024, 1, 1), 12).is_err());
    }

    proptest! {
        #[test]
        fn the_value_never_rises_and_stays_between_residual_and_cost(
            cost in 0_i64..=10_000_000_000_000, share in 0_i64..=100, months in 1_u32..=600,
            a in 0_i64..30_000, b in 0_i64..30_000,
        ) {
            let line = StraightLine::new(cost, cost / 100 * share, day(2000, 2, 29), months).unwrap();
            let (early, late) = (a.min(b), a.max(b));
            let at = |d: i64| line.book_value_on(day(2000, 2, 29) + chrono::Duration::days(d));
            prop_assert!(at(early) >= at(late));
            prop_assert!((line.residual..=line.cost).contains(&at(early)));
        }
    }
}

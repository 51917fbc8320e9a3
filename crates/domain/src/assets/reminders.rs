//! Reminders about assets: a person's expected return coming up or past, a warranty about
//! to end, an end of life drawing near. Each is sent once per asset, kind and date; the
//! days ahead each kind looks are settings (3, 30 and 90 by default).

use chrono::{Days, NaiveDate};

use crate::validate::text_enum;

text_enum!(
    /// What a reminder is about.
    Reminder, "reminder" {
        /// The person holding the asset should bring it back within the next days.
        ReturnDue = "return_due",
        /// The person holding it should have brought it back.
        ReturnOverdue = "return_overdue",
        /// Its warranty ends within the next days.
        WarrantyEnding = "warranty_ending",
        /// It reaches the end of its life within the next days.
        EndOfLife = "end_of_life",
    }
);

/// How many days ahead each kind of reminder looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizons {
    pub return_days: u32,
    pub warranty_days: u32,
    pub end_of_life_days: u32,
}

impl Default for Horizons {
    fn default() -> Self {
        Horizons { return_days: 3, warranty_days: 30, end_of_life_days: 90 }
    }
}

impl Reminder {
    /// The days (from, to, both included; `None`: open) whose assets are due a reminder
    /// of this kind on `today`.
    pub fn window(self, today: NaiveDate, h: Horizons) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let ahead = |days: u32| today.checked_add_days(Days::new(days.into()));
        match self {
            Reminder::ReturnDue => (Some(today), ahead(h.return_days)),
            Reminder::ReturnOverdue => (None, today.checked_sub_days(Days::new(1))),
            Reminder::WarrantyEnding => (Some(today), ahead(h.warranty_days)),
            Reminder::EndOfLife => (Some(today), ahead(h.end_of_life_days)),
        }
    }

    /// Whether the person holding the asset hears of it too (not only its managers).
    pub fn tells_holder(self) -> bool {
        matches!(self, Reminder::ReturnDue | Reminder::ReturnOverdue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn each_kind_looks_its_days_ahead_and_overdue_looks_back() {
        let today = day("2026-03-02");
        let h = Horizons::default();
        assert_eq!(Reminder::ReturnDue.window(today, h), (Some(today), Some(day("2026-03-05"))));
        assert_eq!(Reminder::ReturnOverdue.window(today, h), (None, Some(day("2026-03-01"))));
        assert_eq!(Reminder::WarrantyEnding.window(today, h), (Some(today), Some(day("2026-04-01"))));
        assert_eq!(Reminder::EndOfLife.window(today, h), (Some(today), Some(day("2026-05-31"))));
        assert!(Reminder::ReturnOverdue.tells_holder());
        assert!(!Reminder::WarrantyEnding.tells_holder());
    }
}

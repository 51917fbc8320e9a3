//! The arithmetic of the service desk's KPIs: means and medians of durations, local days
//! in the reports' time zone (DST-correct), and the age bands of the open backlog.
//!
//! Timestamps are microseconds since the Unix epoch (UTC), as they are stored. The store
//! counts tickets per UTC quarter hour ([`QUARTER_HOUR_MICROS`]); every time zone in use
//! today is offset from UTC by whole quarter hours, so each quarter hour falls within one
//! local day and [`local_day`] of its start says which.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A quarter of an hour in microseconds: the unit the store counts timestamps in.
pub const QUARTER_HOUR_MICROS: i64 = 15 * 60 * 1_000_000;

/// The longest period a KPI report covers, in days (a leap year).
pub const MAX_PERIOD_DAYS: i64 = 366;

/// The mean of `values`, `None` when there are none.
pub fn mean(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // Summed as i128: a million durations of years in microseconds fit easily.
    let sum: i128 = values.iter().map(|&v| i128::from(v)).sum();
    Some(sum as f64 / values.len() as f64)
}

/// The median of `values` (sorted in place): the middle value, or the mean of the two
/// middle values for an even count; `None` when there are none.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        Some(values[n / 2] as f64)
    } else {
        Some((i128::from(values[n / 2 - 1]) + i128::from(values[n / 2])) as f64 / 2.0)
    }
}

/// The calendar day of instant `micros` in zone `tz`.
pub fn local_day(micros: i64, tz: Tz) -> NaiveDate {
    let utc = DateTime::<Utc>::from_timestamp_micros(micros).unwrap_or_default();
    utc.with_timezone(&tz).date_naive()
}

/// The instant day `date` starts in zone `tz`: its local midnight, or, where midnight is
/// skipped by a DST change, the first local instant of the day after the gap.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    // Gaps are at most a few hours; probe in quarter hours, the granularity of offsets.
    for step in 0..(24 * 4) {
        let local = midnight + Duration::minutes(15 * step);
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    midnight.and_utc()
}

/// The instants bounding local days `from` to `to` (both included) in zone `tz`: from the
/// start of `from` (included) to the start of the day after `to` (excluded).
pub fn period_bounds(from: NaiveDate, to: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    (start_of_day(from, tz), start_of_day(to + Duration::days(1), tz))
}

/// Every day from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

/// Adds per-quarter-hour counts (quarter hour = `micros / QUARTER_HOUR_MICROS`) into one
/// count per local day of `days` (which must be consecutive, first day first); quarter hours
/// outside those days are ignored.
pub fn counts_per_day(quarters: &[(i64, i64)], days: &[NaiveDate], tz: Tz) -> Vec<i64> {
    let mut out = vec![0; days.len()];
    let Some(first) = days.first() else {
        return out;
    };
    for &(quarter, count) in quarters {
        let day = local_day(quarter * QUARTER_HOUR_MICROS, tz);
        let index = (day - *first).num_days();
        if let Some(slot) = usize::try_from(index).ok().and_then(|i| out.get_mut(i)) {
            *slot += count;
        }
    }
    out
}

/// An age band of the open backlog: open for at least `min_days` and less than `max_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeBand {
    pub min_days: i64,
    /// `None`: no upper bound.
    pub max_days: Option<i64>,
    /// For people, e.g. "1-7 days".
    pub label: &'static str,
}

/// The age bands of the backlog, youngest first.
pub const AGE_BANDS: [AgeBand; 4] = [
    AgeBand { min_days: 0, max_days: Some(1), label: "< 1 day" },
    AgeBand { min_days: 1, max_days: Some(7), label: "1-7 days" },
    AgeBand { min_days: 7, max_days: Some(30), label: "7-30 days" },
    AgeBand { min_days: 30, max_days: None, label: "> 30 days" },
];

/// The creation times at which a ticket moves into the next band at instant `now`: a
/// ticket created after `thresholds[0]` is in band 0, after `thresholds[1]` in band 1,
/// after `thresholds[2]` in band 2, else in band 3. Ages are wall-clock (24-hour days).
pub fn age_thresholds(now_micros: i64) -> [i64; 3] {
    const DAY: i64 = 24 * 3600 * 1_000_000;
    [now_micros - DAY, now_micros - 7 * DAY, now_micros - 30 * DAY]
}

/// A share `part / whole`, `None` when `whole` is zero.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The lowest rating that counts as satisfied: answers of 4 or 5 out of 5.
pub const SATISFIED_RATING: i64 = 4;

/// Satisfaction survey answers added up: how many, how many satisfied, and the sum of
/// their ratings (1 to 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratings {
    pub answers: i64,
    /// Answers rated [`SATISFIED_RATING`] or higher.
    pub satisfied: i64,
    pub sum: i64,
}

impl Ratings {
    /// Adds `count` answers of `rating`.
    pub fn add(&mut self, rating: i64, count: i64) {
        self.answers += count;
        self.sum += rating * count;
        if rating >= SATISFIED_RATING {
            self.satisfied += count;
        }
    }

    /// CSAT: the satisfied answers' share in percent (0 to 100), `None` without answers.
    pub fn percent(&self) -> Option<f64> {
        share(self.satisfied, self.answers).map(|s| s * 100.0)
    }

    /// The mean rating (1 to 5), `None` without answers.
    pub fn mean(&self) -> Option<f64> {
        share(self.sum, self.answers)
    }
}

/// The first day of the month of `date`.
pub fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first days of every month from the month of `from` to the month of `to`.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut month = month_of(from);
    while month <= to {
        out.push(month);
        match month.checked_add_months(chrono::Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros()
    }

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [7]), Some(7.0));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        assert_eq!(median(&mut [10, 1, 4, 100]), Some(7.0));
        assert_eq!(median(&mut [1, 2]), Some(1.5));
    }

    #[test]
    fn nothing_has_no_mean_and_no_median() {
        assert_eq!(median(&mut []), None);
        assert_eq!(mean(&[]), None);
        assert_eq!(share(1, 0), None);
    }

    #[test]
    fn the_mean_does_not_overflow_on_huge_durations() {
        assert_eq!(mean(&[i64::MAX, i64::MAX]), Some(i64::MAX as f64));
        assert_eq!(mean(&[1, 2]), Some(1.5));
    }

    #[test]
    fn a_day_starts_at_local_midnight_in_the_reports_zone() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(start_of_day(date("2025-01-15"), tz).timestamp_micros(), utc("2025-01-14T23:00:00Z"));
        assert_eq!(start_of_day(date("2025-07-15"), tz).timestamp_micros(), utc("2025-07-14T22:00:00Z"));
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_after_the_gap() {
        // Chile (America/Santiago) springs forward at midnight: 2024-09-08 starts at 01:00.
        let tz: Tz = "America/Santiago".parse().unwrap();
        assert_eq!(start_of_day(date("2024-09-08"), tz).timestamp_micros(), utc("2024-09-08T04:00:00Z"));
    }

    #[test]
    fn the_spring_forward_day_is_23_hours_long_and_the_fall_back_day_25() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let (start, end) = period_bounds(date("2025-03-30"), date("2025-03-30"), tz);
        assert_eq!((end - start).num_hours(), 23);
        let (start, end) = period_bounds(date("2025-10-26"), date("2025-10-26"), tz);
        assert_eq!((end - start).num_hours(), 25);
    }

    #[test]
    fn quarter_hours_are_counted_on_their_local_day_across_a_dst_change() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let days = days(date("2025-03-29"), date("2025-03-31"));
        let q = |s: &str| utc(s) / QUARTER_HOUR_MICROS;
        let quarters = [
            (q("2025-03-29T22:59:00Z"), 1),  // 23:59 CET on the 29th
            (q("2025-03-29T23:00:00Z"), 2),  // 00:00 CET on the 30th
            (q("2025-03-30T21:45:00Z"), 4),  // 23:45 CEST on the 30th
            (q("2025-03-30T22:00:00Z"), 8),  // 00:00 CEST on the 31st
            (q("2025-04-01T12:00:00Z"), 16), // after the period
        ];
        assert_eq!(counts_per_day(&quarters, &days, tz), [1, 6, 8]);
    }

    #[test]
    fn quarter_hours_fit_zones_offset_by_half_and_three_quarter_hours() {
        let tz: Tz = "Asia/Kathmandu".parse().unwrap(); // UTC+05:45
        let days = days(date("2025-05-01"), date("2025-05-02"));
        let q = |s: &str| utc(s) / QUARTER_HOUR_MICROS;
        let quarters = [(q("2025-05-01T18:00:00Z"), 1), (q("2025-05-01T18:15:00Z"), 10)];
        assert_eq!(counts_per_day(&quarters, &days, tz), [1, 10]);
    }

    #[test]
    fn age_thresholds_are_one_seven_and_thirty_days_back() {
        let now = utc("2025-05-31T12:00:00Z");
        assert_eq!(
            age_thresholds(now),
            [utc("2025-05-30T12:00:00Z"), utc("2025-05-24T12:00:00Z"), utc("2025-05-01T12:00:00Z")]
        );
    }

    #[test]
    fn the_days_of_a_period_include_both_ends() {
        assert_eq!(days(date("2024-02-28"), date("2024-03-01")).len(), 3);
        assert_eq!(days(date("2024-03-01"), date("2024-03-01")), [date("2024-03-01")]);
    }

    #[test]
    fn csat_is_the_share_of_answers_rated_four_or_five_in_percent() {
        let mut r = Ratings::default();
        for (rating, count) in [(5, 2), (4, 1), (3, 1), (1, 1)] {
            r.add(rating, count);
        }
        assert_eq!(r, Ratings { answers: 5, satisfied: 3, sum: 18 });
        assert_eq!(r.percent(), Some(60.0));
        assert_eq!(r.mean(), Some(3.6));
        assert_eq!((Ratings::default().percent(), Ratings::default().mean()), (None, None));
    }

    #[test]
    fn the_months_of_a_period_include_both_ends() {
        assert_eq!(
            months(date("2025-11-15"), date("2026-01-01")),
            [date("2025-11-01"), date("2025-12-01"), date("2026-01-01")]
        );
        assert_eq!(months(date("2025-03-31"), date("2025-03-31")), [date("2025-03-01")]);
    }
}

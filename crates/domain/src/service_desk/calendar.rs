//! Business-hours calendars and the arithmetic of SLA clocks.
//!
//! A calendar has working segments for each weekday in a time zone (several a day, e.g.
//! 08:00-12:00 and 13:00-17:00), and holidays (single days, ranges, yearly recurring
//! dates). Time is counted only inside segments, in the calendar's local time, so a
//! daylight-saving change shortens or lengthens the working day as the clock on the wall
//! says. Pauses (a ticket pending) stop the clock. Every result can be explained: which
//! segments were counted, which holidays skipped, which pauses left out.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::validate::RuleError;

/// A working period of a day, in minutes after local midnight: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub start: u16,
    pub end: u16,
}

/// A day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holiday {
    /// One date.
    Date { date: NaiveDate },
    /// Every date from `from` to `to`, both included.
    Range { from: NaiveDate, to: NaiveDate },
    /// The same month and day every year.
    Yearly { month: u32, day: u32 },
}

impl Holiday {
    /// Whether `date` is this holiday.
    pub fn covers(&self, date: NaiveDate) -> bool {
        match self {
            Holiday::Date { date: d } => *d == date,
            Holiday::Range { from, to } => *from <= date && date <= *to,
            Holiday::Yearly { month, day } => date.month() == *month && date.day() == *day,
        }
    }
}

/// When work is done: weekly segments in a time zone, minus holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: Tz,
    /// Segments of Monday (index 0) to Sunday (index 6), sorted and not overlapping.
    pub week: [Vec<Segment>; 7],
    pub holidays: Vec<Holiday>,
}

/// An interval of absolute time, `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Interval {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// One line of an explanation of a computed time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Working time counted, from `from` to `to`.
    Counted { from: DateTime<Utc>, to: DateTime<Utc>, minutes: i64 },
    /// A holiday on this local date was skipped.
    Holiday { date: NaiveDate },
    /// A pause left out of the count.
    Paused { from: DateTime<Utc>, to: DateTime<Utc> },
}

/// How far a search for working time goes before giving up (a calendar with no working
/// time at all, or one whose holidays cover everything).
const HORIZON_DAYS: i64 = 3 * 366;

impl Calendar {
    /// Checks and builds a calendar.
    pub fn new(tz: Tz, mut week: [Vec<Segment>; 7], holidays: Vec<Holiday>) -> Result<Calendar, RuleError> {
        for (i, day) in week.iter_mut().enumerate() {
            day.sort_by_key(|s| s.start);
            for s in day.iter() {
                if s.start >= s.end || s.end > 24 * 60 {
                    return Err(RuleError::invalid(
                        "week",
                        format!("day {}: a segment must start before it ends, within the day", i + 1),
                    ));
                }
            }
            if day.windows(2).any(|w| w[0].end > w[1].start) {
                return Err(RuleError::invalid("week", format!("day {}: segments overlap", i + 1)));
            }
        }
        for h in &holidays {
            let ok = match h {
                Holiday::Date { .. } => true,
                Holiday::Range { from, to } => from <= to,
                Holiday::Yearly { month, day } => NaiveDate::from_ymd_opt(2024, *month, *day).is_some(),
            };
            if !ok {
                return Err(RuleError::invalid(
                    "holidays",
                    "a holiday range must not end before it starts, and a yearly date must exist",
                ));
            }
        }
        Ok(Calendar { tz, week, holidays })
    }

    /// Around the clock, every day, no holidays.
    pub fn always() -> Calendar {
        let all = vec![Segment { start: 0, end: 24 * 60 }];
        Calendar { tz: Tz::UTC, week: std::array::from_fn(|_| all.clone()), holidays: Vec::new() }
    }

    /// Whether `date` is a holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.iter().any(|h| h.covers(date))
    }

    /// The local instant `minute` minutes after midnight of `date`, as UTC. A local time that
    /// does not exist (the hour skipped in spring) moves to the first instant after the gap;
    /// a repeated one (autumn) takes its first occurrence.
    fn instant(&self, date: NaiveDate, minute: u16) -> DateTime<Utc> {
        let naive = if minute >= 24 * 60 {
            (date + Duration::days(1)).and_time(NaiveTime::MIN)
        } else {
            date.and_time(
                NaiveTime::from_hms_opt(u32::from(minute) / 60, u32::from(minute) % 60, 0).unwrap_or(NaiveTime::MIN),
            )
        };
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
            LocalResult::None => {
                // Walk forward a minute at a time to the end of the gap (at most a few hours).
                let mut probe = naive;
                loop {
                    probe += Duration::minutes(1);
                    if let Some(t) = self.tz.from_local_datetime(&probe).earliest() {
                        return t.with_timezone(&Utc);
                    }
                }
            }
        }
    }

    /// Seconds the calendar's zone is ahead of UTC at `t`.
    fn offset_at(&self, t: DateTime<Utc>) -> i64 {
        i64::from(self.tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc())
    }

    /// The UTC span of a local date cut where the zone's offset changes, each piece with
    /// its offset. Zones change offset at most once a day, so there are one or two pieces.
    fn day_pieces(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>, i64)> {
        let (from, to) = (self.instant(date, 0), self.instant(date + Duration::days(1), 0));
        let (first, last) = (self.offset_at(from), self.offset_at(to - Duration::seconds(1)));
        if first == last {
            return vec![(from, to, first)];
        }
        // Find the change by bisection on whole seconds (offsets change on a second).
        let second = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(from);
        let (mut lo, mut hi) = (from.timestamp(), (to - Duration::seconds(1)).timestamp());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.offset_at(second(mid)) == first { lo = mid } else { hi = mid }
        }
        vec![(from, second(hi), first), (second(hi), to, last)]
    }

    /// The working intervals of a local date (empty on holidays), in order: the instants
    /// whose wall-clock time that day falls in a segment.
    pub fn working_intervals(&self, date: NaiveDate) -> Vec<Interval> {
        if self.is_holiday(date) {
            return Vec::new();
        }
        let day = &self.week[date.weekday().num_days_from_monday() as usize];
        if day.is_empty() {
            return Vec::new();
        }
        let midnight = date.and_time(NaiveTime::MIN);
        let mut out: Vec<Interval> = Vec::new();
        for (from, to, offset) in self.day_pieces(date) {
            for s in day {
                let at = |minute: u16| {
                    Utc.from_utc_datetime(
                        &(midnight + Duration::minutes(i64::from(minute)) - Duration::seconds(offset)),
                    )
                };
                let (a, b) = (at(s.start).max(from), at(s.end).min(to));
                if a < b {
                    out.push(Interval { from: a, to: b });
                }
            }
        }
        out.sort_by_key(|i| i.from);
        // Pieces of one segment on both sides of an offset change may touch: join them.
        let mut merged: Vec<Interval> = Vec::with_capacity(out.len());
        for i in out {
            match merged.last_mut() {
                Some(last) if last.to >= i.from => last.to = last.to.max(i.to),
                _ => merged.push(i),
            }
        }
        merged
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// Working time between `from` and `to` (zero if `to` is not after `from`).
    pub fn working_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        let mut total = Duration::zero();
        // Start a day early: a segment of the previous local day can end after `from`.
        let mut date = self.local_date(from) - Duration::days(1);
        let last = self.local_date(to);
        while date <= last {
            for i in self.working_intervals(date) {
                let a = i.from.max(from);
                let b = i.to.min(to);
                if a < b {
                    total += b - a;
                }
            }
            date += Duration::days(1);
        }
        total
    }

    /// The instant when `amount` of working time has passed after `start`, leaving out
    /// `pauses` (intervals in which the clock stood still; an open pause has `to` far away).
    /// With the explanation of how it was counted. `None` if no working time exists within
    /// three years.
    pub fn deadline(
        &self,
        start: DateTime<Utc>,
        amount: Duration,
        pauses: &[Interval],
    ) -> Option<(DateTime<Utc>, Vec<Step>)> {
        let mut pauses: Vec<Interval> = pauses.iter().copied().filter(|p| p.from < p.to).collect();
        pauses.sort_by_key(|p| p.from);
        let mut left = amount;
        let mut steps = Vec::new();
        let mut noted_pauses = vec![false; pauses.len()];
        if left <= Duration::zero() {
            return Some((start, steps));
        }
        let mut date = self.local_date(start) - Duration::days(1);
        let end = self.local_date(start) + Duration::days(HORIZON_DAYS);
        while date <= end {
            if self.is_holiday(date)
                && date >= self.local_date(start)
                && !self.week[date.weekday().num_days_from_monday() as usize].is_empty()
            {
                steps.push(Step::Holiday { date });
            }
            for interval in self.working_intervals(date) {
                for piece in subtract(Interval { from: interval.from.max(start), to: interval.to }, &pauses) {
                    if piece.from >= piece.to {
                        continue;
                    }
                    for (k, p) in pauses.iter().enumerate() {
                        if !noted_pauses[k] && p.from < piece.from && p.from >= start.min(p.from) && p.to <= piece.from
                        {
                            noted_pauses[k] = true;
                            steps.push(Step::Paused { from: p.from, to: p.to });
                        }
                    }
                    let length = piece.to - piece.from;
                    if length >= left {
                        let at = piece.from + left;
                        steps.push(Step::Counted { from: piece.from, to: at, minutes: left.num_minutes() });
                        return Some((at, steps));
                    }
                    left -= length;
                    steps.push(Step::Counted { from: piece.from, to: piece.to, minutes: length.num_minutes() });
                }
            }
            date += Duration::days(1);
        }
        None
    }
}

/// `interval` minus every pause, as the pieces left, in order.
fn subtract(interval: Interval, pauses: &[Interval]) -> Vec<Interval> {
    let mut pieces = vec![interval];
    for p in pauses {
        let mut next = Vec::with_capacity(pieces.len() + 1);
        for piece in pieces {
            if p.to <= piece.from || p.from >= piece.to {
                next.push(piece);
                continue;
            }
            if p.from > piece.from {
                next.push(Interval { from: piece.from, to: p.from });
            }
            if p.to < piece.to {
                next.push(Interval { from: p.to, to: piece.to });
            }
        }
        pieces = next;
    }
    pieces
}

/// Parses `HH:MM-HH:MM` (end `24:00` allowed) into a segment.
pub fn parse_segment(text: &str) -> Result<Segment, RuleError> {
    let bad = || RuleError::invalid("week", format!("{text:?} is not a time range like 08:00-17:00"));
    let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
    let minutes = |t: &str| -> Option<u16> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
    };
    let segment = Segment { start: minutes(a).ok_or_else(bad)?, end: minutes(b).ok_or_else(bad)? };
    if segment.start >= segment.end {
        return Err(bad());
    }
    Ok(segment)
}

/// The weekday of an index (0 = Monday).
pub fn weekday(index: usize) -> Weekday {
    Weekday::try_from(index as u8 % 7).unwrap_or(Weekday::Mon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn office(tz: Tz) -> Calendar {
        let day = vec![Segment { start: 8 * 60, end: 12 * 60 }, Segment { start: 13 * 60, end: 17 * 60 }];
        let mut week: [Vec<Segment>; 7] = Default::default();
        for d in week.iter_mut().take(5) {
            *d = day.clone();
        }
        Calendar::new(
            tz,
            week,
            vec![
                Holiday::Yearly { month: 12, day: 25 },
                Holiday::Date { date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap() },
            ],
        )
        .unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// The reference: walk minute by minute, counting working minutes.
    fn reference(cal: &Calendar, start: DateTime<Utc>, minutes: i64, pauses: &[Interval]) -> DateTime<Utc> {
        let working = |t: DateTime<Utc>| -> bool {
            let local = t.with_timezone(&cal.tz);
            if cal.is_holiday(local.date_naive()) || pauses.iter().any(|p| p.from <= t && t < p.to) {
                return false;
            }
            let m = (local.hour() * 60 + local.minute()) as u16;
            cal.week[local.weekday().num_days_from_monday() as usize].iter().any(|s| s.start <= m && m < s.end)
        };
        let mut t = start;
        let mut left = minutes;
        while left > 0 {
            if working(t) {
                left -= 1;
            }
            t += Duration::minutes(1);
        }
        t
    }
    use chrono::Timelike;

    #[test]
    fn four_working_hours_from_friday_afternoon_end_on_monday_morning() {
        let cal = office(chrono_tz::Europe::Amsterdam);
        // Friday 2026-03-06 15:00 local = 14:00 UTC; two hours left that day, two on Monday.
        let (due, steps) = cal.deadline(utc("2026-03-06T14:00:00Z"), Duration::hours(4), &[]).unwrap();
        assert_eq!(due, utc("2026-03-09T09:00:00Z"));
        assert_eq!(steps.len(), 2);
    }

    #[test]
    fn a_holiday_is_skipped_and_named_in_the_explanation() {
        let cal = office(chrono_tz::Europe::Amsterdam);
        // Thursday 2026-12-24 16:00 local; Friday the 25th is a holiday.
        let (due, steps) = cal.deadline(utc("2026-12-24T15:00:00Z"), Duration::hours(2), &[]).unwrap();
        assert_eq!(due, utc("2026-12-28T08:00:00Z"));
        assert!(steps.contains(&Step::Holiday { date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap() }));
    }

    #[test]
    fn the_spring_forward_day_counts_as_the_wall_clock_says() {
        // New York springs forward on 2026-03-08 (a Sunday); a 24x7 calendar loses an hour.
        let mut cal = Calendar::always();
        cal.tz = chrono_tz::America::New_York;
        let start = utc("2026-03-08T05:00:00Z"); // local midnight
        assert_eq!(cal.working_time(start, utc("2026-03-09T04:00:00Z")), Duration::hours(23));
    }

    #[test]
    fn a_pause_moves_the_deadline_by_the_working_time_it_covered() {
        let cal = office(chrono_tz::UTC);
        let start = utc("2026-03-02T08:00:00Z"); // Monday
        let pause = Interval { from: utc("2026-03-02T10:00:00Z"), to: utc("2026-03-02T14:00:00Z") }; // 3 working hours
        let (due, steps) = cal.deadline(start, Duration::hours(4), &[pause]).unwrap();
        // 08-10 counted, 10-14 paused (lunch 12-13 is not working time anyway), 14-16 counted.
        assert_eq!(due, utc("2026-03-02T16:00:00Z"));
        assert!(steps.iter().any(|s| matches!(s, Step::Paused { .. })));
    }

    #[test]
    fn a_calendar_without_working_time_has_no_deadline() {
        let cal = Calendar::new(chrono_tz::UTC, Default::default(), vec![]).unwrap();
        assert!(cal.deadline(utc("2026-03-02T08:00:00Z"), Duration::minutes(1), &[]).is_none());
    }

    #[test]
    fn working_time_beyond_three_years_gives_no_deadline() {
        // One working minute a week: 158 minutes would take three years and two weeks.
        let mut week: [Vec<Segment>; 7] = Default::default();
        week[3] = vec![Segment { start: 0, end: 1 }];
        let cal = Calendar::new(chrono_tz::UTC, week, vec![]).unwrap();
        let start = utc("2026-03-07T00:00:00Z");
        assert!(cal.deadline(start, Duration::minutes(150), &[]).is_some());
        assert!(cal.deadline(start, Duration::minutes(158), &[]).is_none());
    }

    #[test]
    fn overlapping_or_backward_segments_are_refused() {
        let day = vec![Segment { start: 600, end: 700 }, Segment { start: 650, end: 800 }];
        let mut week: [Vec<Segment>; 7] = Default::default();
        week[0] = day;
        assert!(Calendar::new(chrono_tz::UTC, week, vec![]).is_err());
        assert!(parse_segment("17:00-08:00").is_err());
        assert_eq!(parse_segment("08:30-24:00").unwrap(), Segment { start: 510, end: 1440 });
    }

    fn zones() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            chrono_tz::UTC,
            chrono_tz::Europe::Amsterdam,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Sydney,
            chrono_tz::Asia::Kolkata,
        ])
    }

    fn segments() -> impl Strategy<Value = Vec<Segment>> {
        prop::collection::vec((0u16..24 * 60, 1u16..600), 0..3).prop_map(|raw| {
            let mut out: Vec<Segment> = Vec::new();
            let mut sorted = raw;
            sorted.sort();
            for (start, len) in sorted {
                let start = out.last().map(|l: &Segment| start.max(l.end)).unwrap_or(start);
                let end = (start + len).min(24 * 60);
                if start < end {
                    out.push(Segment { start, end });
                }
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn deadlines_match_a_minute_by_minute_count(
            tz in zones(),
            week in prop::array::uniform7(segments()),
            // Around the 2026 DST changes of every zone above, and year ends.
            offset_days in prop::sample::select(vec![65i64, 66, 67, 86, 87, 88, 95, 96, 297, 298, 304, 305, 357, 358, 364]),
            offset_minutes in 0i64..24 * 60,
            minutes in 1i64..3 * 24 * 60,
            pause in prop::option::of((0i64..2 * 24 * 60, 1i64..24 * 60)),
            holiday_in in 0i64..5,
        ) {
            // The reference counts minute by minute, so the deadline must fall within weeks,
            // not years: a sparse week (one minute on Thursdays) would need three years.
            let weekly: i64 = week.iter().flatten().map(|s| i64::from(s.end - s.start)).sum();
            prop_assume!(weekly * 8 >= minutes);
            let base = utc("2026-01-01T00:00:00Z");
            let start = base + Duration::days(offset_days) + Duration::minutes(offset_minutes);
            let holiday = (start + Duration::days(holiday_in)).with_timezone(&tz).date_naive();
            let cal = Calendar::new(tz, week, vec![Holiday::Date { date: holiday }]).unwrap();
            let pauses: Vec<Interval> = pause.map(|(at, len)| Interval { from: start + Duration::minutes(at), to: start + Duration::minutes(at + len) }).into_iter().collect();
            let expected = reference(&cal, start, minutes, &pauses);
            let (due, steps) = cal.deadline(start, Duration::minutes(minutes), &pauses).unwrap();
            // The reference moves in whole minutes past the last counted minute's start.
            prop_assert_eq!(due, expected);
            let counted: i64 = steps.iter().map(|s| if let Step::Counted { minutes, .. } = s { *minutes } else { 0 }).sum();
            prop_assert_eq!(counted, minutes);
            prop_assert_eq!(cal.working_time(start, due) - pauses.iter().map(|p| cal.working_time(p.from.max(start), p.to.min(due))).fold(Duration::zero(), |a, b| a + b), Duration::minutes(minutes));
        }
    }
}

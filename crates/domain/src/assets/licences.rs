//! Licences and their reconciliation: what the organisation is entitled to use against what
//! it uses.
//!
//! A licence counts one metric: devices the product is installed on (`per_device`),
//! installations (`per_seat`, one seat each), the people holding those devices
//! (`per_user`), or nothing at all (`site`: the whole organisation may use it). Its term
//! is `perpetual` (maintenance may end; the right to use does not) or `subscription`
//! (it ends on its renewal date unless renewed). [`reconcile`] sets the seats of the
//! licences in force against the use and prices the difference at their average seat
//! price: a shortfall is money at risk at the next true-up, unused seats money wasted.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a licence counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// One seat per device the product is installed on.
    PerDevice,
    /// One seat per installation.
    PerSeat,
    /// One seat per person holding a device it is installed on.
    PerUser,
    /// No count: the whole organisation may use it.
    Site,
}

/// How long a licence gives the right to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// For ever; maintenance (updates, support) may end.
    Perpetual,
    /// Until its renewal date.
    Subscription,
}

macro_rules! text_enum {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];
            pub fn as_str(self) -> &'static str {
                match self { $(<$t>::$v => $s),* }
            }
        }
        impl std::str::FromStr for $t {
            type Err = crate::RuleError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok(<$t>::$v),)*
                    other => Err(crate::RuleError::Invalid { field: stringify!($t).to_lowercase(), detail: format!("unknown value {other}") }),
                }
            }
        }
    };
}

text_enum!(Metric { PerDevice => "per_device", PerSeat => "per_seat", PerUser => "per_user", Site => "site" });
text_enum!(Term { Perpetual => "perpetual", Subscription => "subscription" });
crate::validate::text_enum!(
    /// Where a seat of a licence held by a person stands.
    SeatState, "state" {
        /// Reserved for a catalog request at its approval.
        Reserved = "reserved",
        /// Held: handed over by the fulfilling team, or given by hand.
        Assigned = "assigned",
    }
);

impl Metric {
    /// Whether its licences count seats people hold (a device's or a site's do not).
    pub fn has_personal_seats(self) -> bool {
        matches!(self, Metric::PerSeat | Metric::PerUser)
    }
}

/// A licence as reconciliation sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entitlement {
    /// `None` for a site licence.
    pub seats: Option<i64>,
    pub term: Term,
    /// A subscription's renewal date (it is in force until that day, inclusive).
    pub ends_on: Option<NaiveDate>,
    /// What it cost, in minor units of its currency.
    pub cost_minor: Option<i64>,
}

impl Entitlement {
    /// Whether it gives the right to use on `today`.
    pub fn in_force(&self, today: NaiveDate) -> bool {
        match (self.term, self.ends_on) {
            (Term::Subscription, Some(end)) => today <= end,
            _ => true,
        }
    }
}

/// Where a product stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Use equals entitlement (or a site licence covers it).
    Compliant,
    /// More in use than licensed: a shortfall.
    UnderLicensed,
    /// Fewer in use than licensed: unused seats.
    OverLicensed,
}

/// Entitlement set against use, with the money on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// Seats in force; `None`: a site licence, unlimited.
    pub entitled: Option<i64>,
    pub used: i64,
    /// Use beyond the seats.
    pub shortfall: i64,
    /// Seats nobody uses.
    pub unused: i64,
    pub standing: Standing,
    /// The average price of a seat in force, when the licences say what they cost.
    pub seat_price_minor: Option<i64>,
    /// The shortfall at the seat price: to pay at the next true-up.
    pub at_risk_minor: Option<i64>,
    /// The unused seats at the seat price.
    pub wasted_minor: Option<i64>,
}

/// Sets the licences in force on `today` against `used`.
pub fn reconcile(licences: &[Entitlement], used: i64, today: NaiveDate) -> Reconciliation {
    let in_force: Vec<&Entitlement> = licences.iter().filter(|l| l.in_force(today)).collect();
    let site = in_force.iter().any(|l| l.seats.is_none());
    let seats: i64 = in_force.iter().filter_map(|l| l.seats).sum();
    let priced: Vec<(i64, i64)> = in_force.iter().filter_map(|l| Some((l.seats?, l.cost_minor?))).collect();
    let priced_seats: i64 = priced.iter().map(|p| p.0).sum();
    let seat_price_minor = (priced_seats > 0).then(|| priced.iter().map(|p| p.1).sum::<i64>() / priced_seats);
    if site {
        return Reconciliation {
            entitled: None,
            used,
            shortfall: 0,
            unused: 0,
            standing: Standing::Compliant,
            seat_price_minor,
            at_risk_minor: Some(0),
            wasted_minor: Some(0),
        };
    }
    let shortfall = (used - seats).max(0);
    let unused = (seats - used).max(0);
    let standing = match used.cmp(&seats) {
        std::cmp::Ordering::Greater => Standing::UnderLicensed,
        std::cmp::Ordering::Less => Standing::OverLicensed,
        std::cmp::Ordering::Equal => Standing::Compliant,
    };
    Reconciliation {
        entitled: Some(seats),
        used,
        shortfall,
        unused,
        standing,
        seat_price_minor,
        at_risk_minor: seat_price_minor.map(|p| p.saturating_mul(shortfall)),
        wasted_minor: seat_price_minor.map(|p| p.saturating_mul(unused)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn seats(n: i64, cost: i64) -> Entitlement {
        Entitlement { seats: Some(n), term: Term::Perpetual, ends_on: None, cost_minor: Some(cost) }
    }

    #[test]
    fn a_shortfall_is_priced_at_the_average_seat() {
        // 10 seats at 100.00 and 5 at 130.00: 13,50000 / 15 = 110.00 a seat.
        let r = reconcile(&[seats(10, 100_000), seats(5, 65_000)], 18, day("2026-12-07"));
        assert_eq!(r.entitled, Some(15));
        assert_eq!((r.shortfall, r.unused, r.standing), (3, 0, Standing::UnderLicensed));
        assert_eq!(r.seat_price_minor, Some(11_000));
        assert_eq!((r.at_risk_minor, r.wasted_minor), (Some(33_000), Some(0)));
    }

    #[test]
    fn unused_seats_are_money_wasted() {
        let r = reconcile(&[seats(20, 200_000)], 12, day("2026-12-07"));
        assert_eq!((r.shortfall, r.unused, r.standing), (0, 8, Standing::OverLicensed));
        assert_eq!(r.wasted_minor, Some(80_000));
        assert_eq!(reconcile(&[seats(12, 1)], 12, day("2026-12-07")).standing, Standing::Compliant);
    }

    #[test]
    fn an_ended_subscription_entitles_to_nothing() {
        let sub = Entitlement {
            seats: Some(50),
            term: Term::Subscription,
            ends_on: Some(day("2026-06-30")),
            cost_minor: None,
        };
        assert!(sub.in_force(day("2026-06-30")));
        let r = reconcile(&[sub], 10, day("2026-07-01"));
        assert_eq!((r.entitled, r.shortfall, r.seat_price_minor, r.at_risk_minor), (Some(0), 10, None, None));
    }

    #[test]
    fn a_site_licence_covers_any_use() {
        let site = Entitlement { seats: None, term: Term::Subscription, ends_on: None, cost_minor: Some(1_000_000) };
        let r = reconcile(&[site, seats(5, 500)], 10_000, day("2026-12-07"));
        assert_eq!((r.entitled, r.shortfall, r.unused, r.standing), (None, 0, 0, Standing::Compliant));
    }

    #[test]
    fn metrics_and_terms_read_as_they_are_written() {
        for m in Metric::ALL {
            assert_eq!(m.as_str().parse::<Metric>().unwrap(), *m);
        }
        assert!("per_cpu".parse::<Metric>().is_err());
        assert_eq!("subscription".parse::<Term>().unwrap(), Term::Subscription);
    }
}

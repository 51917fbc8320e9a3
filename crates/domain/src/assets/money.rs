//! Money as an integer count of a currency's minor units (cents), never a float.

use std::fmt;

use crate::validate::RuleError;

/// An amount in a currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// Minor units (cents for EUR and USD, yen for JPY).
    pub minor: i64,
    pub currency: Currency,
}

/// An ISO 4217 currency code: three capital letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Currencies without minor units.
const NO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
    "XPF",
];
/// Currencies with three decimals.
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// The largest amount accepted, in major units (a hundred billion).
const MAJOR_MAX: i64 = 100_000_000_000;

impl Currency {
    /// Reads a code such as `EUR` (upper or lower case).
    pub fn parse(code: &str) -> Result<Currency, RuleError> {
        let code = code.trim().to_ascii_uppercase();
        match <[u8; 3]>::try_from(code.as_bytes()) {
            Ok(bytes) if bytes.iter().all(u8::is_ascii_uppercase) => Ok(Currency(bytes)),
            _ => Err(RuleError::invalid("currency", "must be a three-letter ISO 4217 code such as EUR or USD")),
        }
    }

    /// The code, e.g. `EUR`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point: 2 for most, 0 for JPY, 3 for KWD.
    pub fn decimals(&self) -> u32 {
        if NO_DECIMALS.contains(&self.code()) {
            0
        } else if THREE_DECIMALS.contains(&self.code()) {
            3
        } else {
            2
        }
    }

    fn unit(&self) -> i64 {
        10_i64.pow(self.decimals())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Money {
    /// An amount typed by a person: digits with at most the currency's decimals after one
    /// `.` or `,` (`1299.5`, `1299,50`), no sign, no thousands separators.
    pub fn parse(field: &str, amount: &str, currency: Currency) -> Result<Money, RuleError> {
        let amount = amount.trim();
        let decimals = currency.decimals() as usize;
        let (whole, fraction) = amount.split_once(['.', ',']).unwrap_or((amount, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let shape = !whole.is_empty() && digits(whole) && digits(fraction) && fraction.len() <= decimals;
        let example = if decimals == 0 { "1299".to_string() } else { format!("1299.{}", "5".repeat(decimals)) };
        if !shape || (amount.len() > whole.len() && fraction.is_empty()) {
            return Err(RuleError::invalid(
                field,
                format!("must be an amount such as {example} ({currency} has {decimals} decimals)"),
            ));
        }
        let major: i64 = whole
            .parse()
            .ok()
            .filter(|m| *m <= MAJOR_MAX)
            .ok_or_else(|| RuleError::invalid(field, format!("must be at most {MAJOR_MAX} {currency}")))?;
        let fraction: i64 = format!("{fraction:0<decimals$}").parse().unwrap_or(0);
        Ok(Money { minor: major * currency.unit() + fraction, currency })
    }

    /// Checks an amount given in minor units (the API's integers).
    pub fn from_minor(field: &str, minor: i64, currency: Currency) -> Result<Money, RuleError> {
        if !(0..=MAJOR_MAX * currency.unit()).contains(&minor) {
            return Err(RuleError::invalid(field, format!("must be between 0 and {MAJOR_MAX} {currency}")));
        }
        Ok(Money { minor, currency })
    }

    /// The amount without its currency, with the currency's decimals: `1299.50`.
    pub fn amount(&self) -> String {
        let unit = self.currency.unit();
        let sign = if self.minor < 0 { "-" } else { "" };
        let (major, minor) = (self.minor.abs() / unit, self.minor.abs() % unit);
        match self.currency.decimals() as usize {
            0 => format!("{sign}{major}"),
            d => format!("{sign}{major}.{minor:0d$}"),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap()
    }

    #[test]
    fn amounts_are_read_in_the_currency_s_decimals() {
        assert_eq!(Money::parse("cost", "1299.5", eur()).unwrap().minor, 129_950);
        assert_eq!(Money::parse("cost", "1299,50", eur()).unwrap().minor, 129_950);
        assert_eq!(Money::parse("cost", "7", eur()).unwrap().minor, 700);
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(Money::parse("cost", "150000", yen).unwrap().minor, 150_000);
        assert!(Money::parse("cost", "1.5", yen).is_err());
        let dinar = Currency::parse("KWD").unwrap();
        assert_eq!(Money::parse("cost", "1.005", dinar).unwrap().to_string(), "1.005 KWD");
    }

    #[test]
    fn anything_else_is_refused_with_an_example() {
        for bad in ["", "-5", "1.234", "1,000.00", "1e3", "12.", ".5", " 1 2", "€12", "99999999999999999999"] {
            let err = Money::parse("cost", bad, eur());
            assert!(err.is_err(), "{bad:?}");
        }
        assert!(Money::parse("cost", "x", eur()).unwrap_err().to_string().contains("1299.55"));
        assert!(Currency::parse("EURO").is_err() && Currency::parse("E1R").is_err() && Currency::parse("").is_err());
        assert!(Money::from_minor("cost", -1, eur()).is_err());
    }

    proptest! {
        #[test]
        fn what_is_shown_reads_back_the_same(minor in 0_i64..=10_000_000_000_000, code in prop::sample::select(vec!["EUR", "JPY", "KWD"])) {
            let currency = Currency::parse(code).unwrap();
            let money = Money::from_minor("cost", minor.min(MAJOR_MAX * currency.unit()), currency).unwrap();
            prop_assert_eq!(Money::parse("cost", &money.amount(), currency).unwrap(), money);
        }
    }
}

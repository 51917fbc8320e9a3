//! What each person chooses for their pages: the language, the time zone the dates are
//! shown in, and a light, dark or system theme. Unset, each follows the default (English,
//! the browser's time zone, the system's theme).

use crate::validate::RuleError;

/// The languages the pages are written in: (code, name in that language).
pub const LANGUAGES: &[(&str, &str)] = &[("en", "English"), ("nl", "Nederlands")];

/// The language of a person who chose none.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The themes: follow the system, or always light or dark.
pub const THEMES: &[&str] = &["system", "light", "dark"];

/// A person's choices, each `None` for the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    pub language: Option<String>,
    /// An IANA zone (`Europe/Amsterdam`).
    pub time_zone: Option<String>,
    /// `light` or `dark` (`None`: the system's).
    pub theme: Option<String>,
}

impl Preferences {
    /// The choices as typed in a form (empty: the default), or the first broken rule.
    pub fn parse(language: &str, time_zone: &str, theme: &str) -> Result<Preferences, RuleError> {
        let chosen = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let language = chosen(language);
        if let Some(l) = &language
            && !LANGUAGES.iter().any(|(code, _)| code == l)
        {
            return Err(RuleError::invalid("language", "is not a language the pages are written in"));
        }
        let time_zone = chosen(time_zone);
        if let Some(z) = &time_zone
            && z.parse::<chrono_tz::Tz>().is_err()
        {
            return Err(RuleError::invalid("time_zone", "is not a time zone (for example Europe/Amsterdam)"));
        }
        let theme = chosen(theme).filter(|t| t != "system");
        if let Some(t) = &theme
            && !THEMES.contains(&t.as_str())
        {
            return Err(RuleError::invalid("theme", "must be system, light or dark"));
        }
        Ok(Preferences { language, time_zone, theme })
    }

    /// The language to write the pages in.
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or(DEFAULT_LANGUAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::Preferences;

    #[test]
    fn choices_are_checked_and_empty_is_the_default() {
        let p = Preferences::parse("nl", "Europe/Amsterdam", "dark").unwrap();
        assert_eq!(
            (p.language(), p.time_zone.as_deref(), p.theme.as_deref()),
            ("nl", Some("Europe/Amsterdam"), Some("dark"))
        );
        assert_eq!(Preferences::parse("", " ", "system").unwrap(), Preferences::default());
        assert_eq!(Preferences::default().language(), "en");
        for (language, zone, theme) in [("xx", "", ""), ("", "Mars/Olympus", ""), ("", "", "sepia"), ("<b>", "", "")] {
            assert!(Preferences::parse(language, zone, theme).is_err(), "{language} {zone} {theme}");
        }
    }
}

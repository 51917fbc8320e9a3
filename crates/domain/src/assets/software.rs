//! Software names as devices report them, and the product each one counts as.
//!
//! One product is spelled many ways: "Microsoft Office Professional Plus 2019 - en-us",
//! "Microsoft Office Professional Plus 2019 (x64)" and "microsoft office professional plus
//! 2019" are one product of one publisher ("Microsoft Corporation" and "Microsoft" being
//! one publisher too). [`normalise`] cleans a spelling the same way every time: it drops
//! architecture and language marks, a trailing version, a publisher's legal form and its
//! mail address. What cleaning cannot know (a French edition's name, a renamed product), an
//! administrator says with a [`Rule`]: a pattern of the reported name and the product it
//! counts as. Rules are tried in their order before the cleaning; the first that matches
//! names the product.

use regex::{Regex, RegexBuilder};

/// The longest rule pattern, in characters.
pub const PATTERN_MAX: usize = 200;

/// A publisher and product, as the catalogue counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Empty when nothing says who publishes it.
    pub publisher: String,
    pub name: String,
}

/// An administrator's rule: reported names matching `pattern` count as `product`, of
/// `publisher` when it is given (else of the publisher the device reported).
#[derive(Debug, Clone)]
pub struct Rule {
    pattern: Regex,
    publisher: Option<String>,
    product: String,
}

/// Why a rule's pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {PATTERN_MAX} characters")]
    TooLong,
    #[error("is not a regular expression: {0}")]
    Invalid(String),
}

impl Rule {
    /// A rule; the pattern is a regular expression matched without regard to case.
    pub fn new(pattern: &str, publisher: Option<&str>, product: &str) -> Result<Rule, PatternError> {
        Ok(Rule {
            pattern: compile(pattern)?,
            publisher: publisher.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string),
            product: product.trim().to_string(),
        })
    }
}

/// Checks and compiles a rule's pattern (linear-time matching, a bounded program).
pub fn compile(pattern: &str) -> Result<Regex, PatternError> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(PatternError::Empty);
    }
    if pattern.chars().count() > PATTERN_MAX {
        return Err(PatternError::TooLong);
    }
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| PatternError::Invalid(e.to_string().lines().last().unwrap_or_default().trim().to_string()))
}

/// The product a reported name (and publisher) counts as: the first rule matching the
/// name, else the cleaned spelling.
pub fn normalise(name: &str, publisher: &str, rules: &[Rule]) -> Product {
    let publisher = clean_publisher(publisher);
    match rules.iter().find(|r| r.pattern.is_match(name)) {
        Some(rule) => Product { publisher: rule.publisher.clone().unwrap_or(publisher), name: rule.product.clone() },
        None => Product { publisher, name: clean_name(name) },
    }
}

/// Marks a version carries that say nothing of which product it is.
const NOISE: &[&str] = &["x64", "x86", "64-bit", "32-bit", "64 bit", "32 bit", "amd64", "i386", "arm64"];

/// A product name without its architecture, language or trailing version.
pub fn clean_name(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // "(x64 en-US)", "(64-bit)": a closing group of marks.
    loop {
        let before = words.len();
        strip_marks_group(&mut words);
        // " - en-us", " - fr-fr": a language after a dash.
        if words.len() >= 2 && is_language(words[words.len() - 1]) && words[words.len() - 2] == "-" {
            words.truncate(words.len() - 2);
        }
        // A trailing version: "115.0.2", "v3.1", but not a year ("2019").
        if words.len() > 1 && is_version(words[words.len() - 1]) {
            words.pop();
        }
        if words.len() > 1 && NOISE.contains(&words[words.len() - 1].to_ascii_lowercase().as_str()) {
            words.pop();
        }
        if words.len() == before {
            break;
        }
    }
    words.join(" ").trim_end_matches([' ', '-', ',']).to_string()
}

/// Drops a trailing "( ... )" whose words are all architecture or language marks.
fn strip_marks_group(words: &mut Vec<&str>) {
    let Some(last) = words.last() else { return };
    if !last.ends_with(')') {
        return;
    }
    let Some(open) = words.iter().rposition(|w| w.starts_with('(')) else { return };
    if open == 0 {
        return;
    }
    let inside = words[open..].join(" ");
    let inside = inside.trim_start_matches('(').trim_end_matches(')');
    let marks = inside
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| NOISE.contains(&w.to_ascii_lowercase().as_str()) || is_language(w) || is_version(w));
    if marks {
        words.truncate(open);
    }
}

/// "en-us", "en_US", "nl-NL": a language and region.
fn is_language(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() == 5
        && bytes[..2].iter().all(u8::is_ascii_alphabetic)
        && (bytes[2] == b'-' || bytes[2] == b'_')
        && bytes[3..].iter().all(u8::is_ascii_alphabetic)
}

/// "1.2", "115.0.2", "v3.1", "10.0.19041.1": digits with dots, perhaps after a "v".
fn is_version(word: &str) -> bool {
    let digits = word.strip_prefix(['v', 'V']).unwrap_or(word);
    digits.contains('.')
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Legal forms that do not tell publishers apart.
const LEGAL_FORMS: &[&str] =
    &["corporation", "corp.", "corp", "inc.", "inc", "ltd.", "ltd", "llc", "gmbh", "co.", "s.a.", "b.v.", "ag"];

/// A publisher without its mail address ("Debian X Maintainers <x@debian.org>") and legal
/// form ("Microsoft Corporation", "Adobe Inc.").
pub fn clean_publisher(publisher: &str) -> String {
    let publisher = match publisher.find('<') {
        Some(at) => &publisher[..at],
        None => publisher,
    };
    let mut words: Vec<&str> = publisher.split_whitespace().collect();
    while words.len() > 1 {
        let last = words[words.len() - 1].to_ascii_lowercase();
        if !LEGAL_FORMS.contains(&last.as_str()) {
            break;
        }
        words.pop();
    }
    words.join(" ").trim_end_matches(',').to_string()
}

/// A comparable version: the dotted numbers, without a packaging epoch ("1:") or
/// revision ("-1ubuntu2"): "1:2.6-3" is "2.6". A version without numbers stays as given.
pub fn normal_version(version: &str) -> String {
    let version = version.trim();
    let without_epoch = match version.split_once(':') {
        Some((epoch, rest)) if !epoch.is_empty() && epoch.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => version,
    };
    let start = without_epoch.find(|c: char| c.is_ascii_digit());
    let Some(start) = start else { return version.to_string() };
    let numbers: String = without_epoch[start..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    numbers.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(name: &str, publisher: &str) -> Product {
        normalise(name, publisher, &[])
    }

    #[test]
    fn the_spellings_of_one_office_are_one_product() {
        let want = Product { publisher: "Microsoft".into(), name: "Microsoft Office Professional Plus 2019".into() };
        for (name, publisher) in [
            ("Microsoft Office Professional Plus 2019", "Microsoft Corporation"),
            ("Microsoft Office Professional Plus 2019 - en-us", "Microsoft Corporation"),
            ("Microsoft Office Professional Plus 2019 - nl-nl", "Microsoft"),
            ("Microsoft Office Professional Plus 2019 (x64)", "Microsoft Corporation"),
            ("  Microsoft Office  Professional Plus 2019 16.0.10827.20138 ", "Microsoft Corp."),
        ] {
            assert_eq!(product(name, publisher), want, "{name}");
        }
    }

    #[test]
    fn a_trailing_version_and_marks_go_but_a_year_or_a_lone_version_stays() {
        assert_eq!(clean_name("Mozilla Firefox 115.0.2 (x64 en-US)"), "Mozilla Firefox");
        assert_eq!(clean_name("7-Zip 23.01 (x64)"), "7-Zip");
        assert_eq!(clean_name("Python 3.12.1 (64-bit)"), "Python");
        assert_eq!(clean_name("Visual Studio 2022"), "Visual Studio 2022");
        assert_eq!(clean_name("1.2.3"), "1.2.3");
        assert_eq!(clean_name("libc6"), "libc6");
        assert_eq!(clean_name("Notepad++ (Release 8)"), "Notepad++ (Release 8)");
    }

    #[test]
    fn publishers_lose_their_address_and_legal_form() {
        assert_eq!(clean_publisher("Debian X Strike Force <debian-x@lists.debian.org>"), "Debian X Strike Force");
        assert_eq!(clean_publisher("Adobe Inc."), "Adobe");
        assert_eq!(clean_publisher("Oracle Corporation"), "Oracle");
        assert_eq!(clean_publisher("Corp"), "Corp");
        assert_eq!(clean_publisher(""), "");
    }

    #[test]
    fn a_rule_names_what_cleaning_cannot_know() {
        let rules = [
            Rule::new(
                r"^Microsoft Office Professionn?el(le)? Plus 2019",
                Some("Microsoft"),
                "Microsoft Office Professional Plus 2019",
            )
            .unwrap(),
            Rule::new("^libreoffice", None, "LibreOffice").unwrap(),
        ];
        let french = normalise("Microsoft Office Professionnel Plus 2019 - fr-fr", "Microsoft Corporation", &rules);
        assert_eq!(french.name, "Microsoft Office Professional Plus 2019");
        assert_eq!(french.publisher, "Microsoft");
        let writer = normalise("LIBREOFFICE-writer", "Debian LibreOffice Maintainers <x@y>", &rules);
        assert_eq!(writer, Product { publisher: "Debian LibreOffice Maintainers".into(), name: "LibreOffice".into() });
        assert_eq!(normalise("vim", "", &rules).name, "vim");
    }

    #[test]
    fn bad_patterns_are_refused_with_the_reason() {
        assert_eq!(compile(" ").unwrap_err(), PatternError::Empty);
        assert_eq!(compile(&"a".repeat(201)).unwrap_err(), PatternError::TooLong);
        assert!(matches!(compile("(unclosed").unwrap_err(), PatternError::Invalid(_)));
        assert!(matches!(compile("a{1000}{1000}").unwrap_err(), PatternError::Invalid(_)));
    }

    #[test]
    fn versions_compare_by_their_numbers() {
        assert_eq!(normal_version("1:2.6-3"), "2.6");
        assert_eq!(normal_version("115.0.2 (x64)"), "115.0.2");
        assert_eq!(normal_version("2.36-9+deb12u4"), "2.36");
        assert_eq!(normal_version("v3.1."), "3.1");
        assert_eq!(normal_version("latest"), "latest");
        assert_eq!(normal_version(""), "");
    }
}

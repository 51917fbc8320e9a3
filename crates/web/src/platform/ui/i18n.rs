//! The pages' words in each language (Fluent, `locales/<language>/*.ftl`, built into the
//! binary). A page names a message by its id; [`Tr`] looks it up in the reader's language,
//! falling back to English. Every message exists in every language (the tests below), so
//! each new module arrives translated.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // The words go into HTML, where Unicode isolation marks would only be noise.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The messages of one language, for one page.
#[derive(Debug, Clone)]
pub struct Tr {
    language: LanguageIdentifier,
}

impl Tr {
    /// The messages of `code` (`en`, `nl`); an unknown language is English.
    pub fn new(code: &str) -> Tr {
        let language = code.parse().unwrap_or_else(|_| English::id());
        Tr { language }
    }

    /// The language's code, for `<html lang>`.
    pub fn code(&self) -> String {
        self.language.to_string()
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        LOCALES.lookup(&self.language, id)
    }

    /// The message `id` with one argument (`{ $count }`).
    pub fn t1(&self, id: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed(name), FluentValue::from(value.to_string()))]);
        LOCALES.lookup_with_args(&self.language, id, &args)
    }

    /// The message `id` with a count (`{ $count }`), its variant chosen by the language's
    /// plural rules (`[one]`, `*[other]`): `t1` passes text, which no rule selects on.
    pub fn tn(&self, id: &str, count: impl std::fmt::Display) -> String {
        let count = count.to_string();
        let args: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed("count"), FluentValue::try_number(&count))]);
        LOCALES.lookup_with_args(&self.language, id, &args)
    }
}

impl Default for Tr {
    fn default() -> Self {
        Tr { language: English::id() }
    }
}

impl Tr {
    /// A message with several arguments, named one by one and then looked up:
    /// `tr.arg("met", 3).arg("decided", 5).t("dashboard-sla-detail")`. A number stays a
    /// number, so the message may choose a variant by it (`{ $decided -> [one] … }`).
    pub fn arg(&self, name: &'static str, value: impl Into<FluentValue<'static>>) -> Args<'_> {
        Args { tr: self, args: HashMap::new() }.arg(name, value)
    }
}

/// The arguments of a message being looked up ([`Tr::arg`]).
pub struct Args<'a> {
    tr: &'a Tr,
    args: HashMap<Cow<'static, str>, FluentValue<'static>>,
}

impl Args<'_> {
    /// One more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<FluentValue<'static>>) -> Self {
        self.args.insert(Cow::Borrowed(name), value.into());
        self
    }

    /// The message `id` with the arguments (written `.t("id")` last, the tests find the id
    /// as they find any page's).
    pub fn t(&self, id: &str) -> String {
        LOCALES.lookup_with_args(&self.tr.language, id, &self.args)
    }
}

/// The language every other falls back to.
struct English;

impl English {
    fn id() -> LanguageIdentifier {
        "en".parse().expect("en is a language identifier")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::Tr;

    /// The ids of the messages in `locales/<language>/`.
    fn ids(language: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language);
        let mut out = BTreeSet::new();
        for file in std::fs::read_dir(dir).expect("the language's folder") {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" = ")
                    && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    out.insert(id.to_string());
                }
            }
        }
        out
    }

    /// Every message id a page or a module names: `.t("id")`, `.t1("id"`, `.tn("id"` in
    /// templates and sources, and the navigation's and administration's labels and notes.
    fn used() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = BTreeSet::new();
        let mut files = Vec::new();
        for dir in ["templates", "src"] {
            collect(&root.join(dir), &mut files);
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for marker in [".t(\"", ".t1(\"", ".tn(\"", "Link::new(", ".noting(\""] {
                for part in text.split(marker).skip(1) {
                    let quoted = if marker == "Link::new(" { part.split('"').nth(3) } else { part.split('"').next() };
                    if let Some(id) = quoted.filter(|id| id.contains('-') && !id.contains(' ')) {
                        out.insert(id.to_string());
                    }
                }
            }
        }
        out
    }

    fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, files);
            } else if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                files.push(path);
            }
        }
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let english = ids("en");
        assert!(english.len() > 40, "English has its messages");
        for (code, _) in helmdesk_domain::platform::preferences::LANGUAGES {
            let theirs = ids(code);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{code}: missing {missing:?}, not in English {extra:?}");
        }
    }

    #[test]
    fn every_message_a_page_names_exists() {
        let english = ids("en");
        let unknown: Vec<_> = used().into_iter().filter(|id| !english.contains(id)).collect();
        assert!(unknown.is_empty(), "named but not written: {unknown:?}");
    }

    #[test]
    fn messages_are_looked_up_in_the_readers_language_with_their_arguments() {
        assert_eq!(Tr::new("nl").t("sign-out"), "Afmelden");
        assert_eq!(Tr::new("en").t("sign-out"), "Sign out");
        assert_eq!(Tr::new("xx-not-a-language").t("sign-out"), "Sign out");
        assert_eq!(Tr::new("nl").t1("notifications-unread", "count", 3), "Meldingen, 3 ongelezen");
    }
}

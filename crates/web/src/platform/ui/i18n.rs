//! The pages' words in each language (Fluent, `locales/<language>/*.ftl`, built into the
//! binary). A page names a message by its id; [`Tr`] looks it up in the reader's language,
//! falling back to English. Every message exists in every language (the tests below), so
//! each new module arrives translated.
//!
//! Each module writes its messages in a file of its own (`main.ftl` for the shell,
//! `platform.ftl`, `service_desk.ftl`, ...), their ids prefixed by page (`users-…`,
//! `mail-…`), and no id twice. A message whose id ends in `-html` holds markup and is
//! drawn with `|safe`: its arguments are never words people typed.
//!
//! A signed-in person reads their chosen language ([`UiUser::tr`]); someone who is not
//! (signing in, a forgotten password) the one their browser asks for ([`BrowserLanguage`]).

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use helmdesk_domain::platform::preferences::LANGUAGES;

use crate::platform::auth::UiUser;

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

    /// The message that names `value` of a kind: `of("role", "agent")` is `role-agent`; the
    /// dots and underscores of stored values become hyphens (`ticket.sla_warning`:
    /// `webhooks-event-ticket-sla-warning`).
    pub fn of(&self, kind: &str, value: &str) -> String {
        self.t(&id_of(kind, value))
    }

    /// The message `id` with one argument (`{ $count }`).
    pub fn t1(&self, id: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        self.with(id, [(name, value.to_string())])
    }

    /// The message `id` with two arguments.
    pub fn t2(
        &self,
        id: &str,
        name: &'static str,
        value: impl std::fmt::Display,
        other: &'static str,
        other_value: impl std::fmt::Display,
    ) -> String {
        self.with(id, [(name, value.to_string()), (other, other_value.to_string())])
    }

    /// The message `id` with a count (`{ $count }`), its variant chosen by the language's
    /// plural rules (`[one]`, `*[other]`).
    pub fn tn(&self, id: &str, count: impl std::fmt::Display) -> String {
        self.with(id, [("count", count.to_string())])
    }

    /// A message with several arguments, named one by one and then looked up:
    /// `tr.arg("met", 3).arg("decided", 5).t("dashboard-sla-detail")`. A number stays a
    /// number, so the message may choose a variant by it (`{ $decided -> [one] … }`).
    pub fn arg(&self, name: &'static str, value: impl Into<FluentValue<'static>>) -> Args<'_> {
        Args { tr: self, args: HashMap::new() }.arg(name, value)
    }

    fn with<const N: usize>(&self, id: &str, args: [(&'static str, String); N]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.into_iter().map(|(name, value)| (Cow::Borrowed(name), argument(value))).collect();
        LOCALES.lookup_with_args(&self.language, id, &args)
    }

    /// The language among ours that a browser's `Accept-Language` prefers; English when it
    /// asks for none of them.
    pub fn accepting(header: Option<&str>) -> Tr {
        let mut best: Option<(&str, f32)> = None;
        for item in header.unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            let ours = LANGUAGES.iter().find(|(code, _)| *code == primary).map(|(code, _)| *code);
            if let Some(code) = ours
                && weight > 0.0
                && best.is_none_or(|(_, b)| weight > b)
            {
                best = Some((code, weight));
            }
        }
        best.map(|(code, _)| Tr::new(code)).unwrap_or_default()
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

/// The id of the message that names `value` of `kind` ([`Tr::of`]).
pub fn id_of(kind: &str, value: &str) -> String {
    format!("{kind}-{}", value.replace(['.', '_'], "-"))
}

/// Whether English has the message `id`: for the tests of messages whose ids are made
/// from values ([`Tr::of`]), which no page names literally.
#[cfg(test)]
pub(crate) fn exists(id: &str) -> bool {
    LOCALES.try_lookup(&English::id(), id).is_some()
}

/// An argument's value: a whole number is a number, so that a message picks its plural
/// form (`{ $count -> [one] … *[other] … }`); anything else is text, as written.
fn argument(value: String) -> FluentValue<'static> {
    // Fluent's numbers are floating point: beyond 2^53 a number would not read back.
    const EXACT: i64 = 1 << 53;
    match value.parse::<i64>() {
        Ok(n) if n.abs() < EXACT && n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

impl UiUser {
    /// The messages of the person's chosen language.
    pub fn tr(&self) -> Tr {
        Tr::new(self.actor.preferences.language())
    }
}

/// The language of a page for someone who may not be signed in: their browser's.
pub struct BrowserLanguage(pub Tr);

impl<S: Send + Sync> FromRequestParts<S> for BrowserLanguage {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Ok(BrowserLanguage(Tr::accepting(header)))
    }
}

impl Default for Tr {
    fn default() -> Self {
        Tr { language: English::id() }
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

    /// The ids of the messages in `locales/<language>/`, each with the files that write it.
    fn written(language: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language);
        let mut out = Vec::new();
        for file in std::fs::read_dir(dir).expect("the language's folder") {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    out.push((id.to_string(), name.clone()));
                }
            }
        }
        out
    }

    /// The ids of the messages in `locales/<language>/`.
    fn ids(language: &str) -> BTreeSet<String> {
        written(language).into_iter().map(|(id, _)| id).collect()
    }

    /// Every message id a page or a module names: `.t("id")` (also after `.arg(..)`),
    /// `.t1("id"`, `.t2("id"`, `.tn("id"` in templates and sources, and the navigation's
    /// and administration's labels and notes.
    fn used() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = BTreeSet::new();
        let mut files = Vec::new();
        for dir in ["templates", "src"] {
            collect(&root.join(dir), &mut files);
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for marker in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\"", "Link::new(", ".noting(\""] {
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
    fn no_message_is_written_twice_in_a_language() {
        // Two files of one language writing the same id would fail every page at start.
        for (code, _) in helmdesk_domain::platform::preferences::LANGUAGES {
            let mut seen = std::collections::BTreeMap::new();
            for (id, file) in written(code) {
                if let Some(first) = seen.insert(id.clone(), file.clone()) {
                    panic!("{code}: {id} is written in {first} and in {file}");
                }
            }
        }
    }

    #[test]
    fn messages_are_looked_up_in_the_readers_language_with_their_arguments() {
        assert_eq!(Tr::new("nl").t("sign-out"), "Afmelden");
        assert_eq!(Tr::new("en").t("sign-out"), "Sign out");
        assert_eq!(Tr::new("xx-not-a-language").t("sign-out"), "Sign out");
        assert_eq!(Tr::new("nl").t1("notifications-unread", "count", 3), "Meldingen, 3 ongelezen");
        assert_eq!(Tr::new("nl").t1("notifications-unread", "count", "99+"), "Meldingen, 99+ ongelezen");
    }

    #[test]
    fn a_count_picks_its_plural_form_and_two_arguments_both_fill_in() {
        let (en, nl) = (Tr::new("en"), Tr::new("nl"));
        assert_eq!(en.t1("notifications-count", "count", 1), "1 unread.");
        assert_eq!(en.t1("notifications-count", "count", 2), "2 unread.");
        assert_eq!(en.t1("notifications-count", "count", 0), "Nothing unread.");
        assert_eq!(nl.t1("webhooks-hosts-saved", "count", 1), "Opgeslagen: 1 toegestane host.");
        assert_eq!(nl.t1("webhooks-hosts-saved", "count", 2), "Opgeslagen: 2 toegestane hosts.");
        assert_eq!(en.t2("templates-saved", "event", "reply", "language", "nl"), "The reply template in nl is saved.");
        assert_eq!(
            nl.t2("templates-saved", "event", "reply", "language", "nl"),
            "Het sjabloon reply in nl is opgeslagen."
        );
        // Text that only looks like a number stays as written.
        assert_eq!(en.t1("mail-retried", "id", "007"), "Message 007 is queued to be processed again.");
    }

    #[test]
    fn a_browser_gets_the_language_it_prefers_among_ours() {
        let code = |header: Option<&str>| Tr::accepting(header).code();
        assert_eq!(code(None), "en");
        assert_eq!(code(Some("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7")), "nl");
        assert_eq!(code(Some("de-DE, en;q=0.5, nl;q=0.8")), "nl");
        assert_eq!(code(Some("en-GB,nl;q=0.3")), "en");
        assert_eq!(code(Some("fr, de;q=0.9")), "en", "none of ours: English");
        assert_eq!(code(Some("nl;q=0, *")), "en", "refused with q=0");
        assert_eq!(code(Some("NL")), "nl");
        assert_eq!(code(Some(";;;,q=,nl;q=abc")), "en", "nonsense is no choice");
    }

    #[test]
    fn messages_with_markup_take_no_words_people_typed() {
        // An `-html` message is drawn unescaped: its only arguments are numbers.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for (code, _) in helmdesk_domain::platform::preferences::LANGUAGES {
            for file in std::fs::read_dir(dir.join(code)).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let mut in_html = false;
                for line in text.lines() {
                    if !line.starts_with([' ', '\t']) {
                        in_html = line.split_once(" =").is_some_and(|(id, _)| id.ends_with("-html"));
                    }
                    if in_html {
                        for part in line.split('$').skip(1) {
                            let name: String =
                                part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                            assert!(["minutes", "count"].contains(&name.as_str()), "{code}: ${name} in markup: {line}");
                        }
                    }
                }
            }
        }
    }
}

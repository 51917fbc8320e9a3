//! Every page, as each caller who may open it, checked by axe-core in the light and dark
//! themes, and at 390 px wide for sideways scrolling.
//!
//! The pages come from the route registry: each GET route outside the API that the
//! caller's role is let in to (as the access test decides it, exceptions included), its
//! path filled in by its module's access fixture, kept when it answers with HTML
//! (downloads, exports and event streams are not pages; a redirect's target is a page of
//! its own), the error page, and the notification template's preview (a page only a
//! form draws). A new module's pages are checked as soon as its fixture joins the access
//! test's `MODULES`. Public pages are checked signed out, the others signed in as each
//! role, one browser for them all; a page a role sees just as another role did (its
//! `<main>`) is checked once.
//!
//! On each page, axe runs its WCAG 2.0, 2.1 and 2.2 A and AA rules and its best practices
//! in the system's light theme, and its colour rules again in the system's dark theme
//! (`prefers-color-scheme`, emulated through the DevTools protocol; nothing else on a page
//! changes with the theme). A theme chosen on the account page (`<html data-theme>`) must
//! draw the page exactly as the system's same theme does, whatever the system's: every
//! element's colours are compared, which costs a fraction of another axe run and also
//! fails on a dark rule written outside the `prefers-color-scheme` blocks. Then the
//! window is narrowed to 390 px, where the page may not scroll sideways. Every failure is
//! gathered and reported at the end: the page, the rule, the elements, who saw it in
//! which theme.
//!
//! axe-core comes from the npm registry (`scripts/test` installs it under `target/axe`);
//! `HELMDESK_AXE` names its `axe.min.js`. Without it the test fails, as a browser test
//! without its browser does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use fantoccini::Locator;
use helmdesk_store::Backend;
use helmdesk_web::routes::{Access, Route};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Browser, browser_slot, tool};
use crate::access::{self, ModuleFixture};
use crate::common::{PASSWORD, Person, TestServer};
use crate::{assets, platform, reports, self_service, service_desk};

/// The rules every page is held to: WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's
/// best practices.
const TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];

/// The rules whose outcome depends on the colours, run again in the dark theme.
const COLOUR_RULES: &[&str] = &["color-contrast", "link-in-text-block"];

/// A phone's window.
const PHONE: (u32, u32) = (390, 844);

/// The desktop window of every browser test (`CHROMIUM_ARGS`).
const DESKTOP: (u32, u32) = (1280, 900);

/// The functions the scripts below call (each script runs with them in front).
const HELPERS: &str = r#"
// An element as a report names it: `section.panel > table.list > tbody > tr`.
const nameOf = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + [...e.classList].map(c => '.' + c).join('');
const pathOf = e => {
  const parts = [];
  for (let at = e; at && at !== document.body && parts.length < 4; at = at.parentElement) parts.unshift(nameOf(at));
  return parts.join(' > ');
};
// The theme chosen on <html> (null: the system's), as the account page's preference writes it.
const choose = theme => {
  const root = document.documentElement;
  if (theme) root.setAttribute('data-theme', theme); else root.removeAttribute('data-theme');
};
// Every element's colours, kept under a name or compared with those kept: null when they
// are the same, else the first element that differs, both ways, and how many differ.
const colours = () => [...document.querySelectorAll('*')].map(e => {
  const s = getComputedStyle(e);
  return [s.colorScheme, s.color, s.backgroundColor, s.borderColor, s.outlineColor, s.fill, s.stroke,
    s.boxShadow, s.textDecorationColor].join(' ');
});
const keep = name => { (window.__colours ||= {})[name] = colours(); };
const compare = name => {
  const kept = window.__colours[name], now = colours(), elements = document.querySelectorAll('*');
  const differ = now.map((c, i) => c !== kept[i] ? i : -1).filter(i => i >= 0);
  if (differ.length === 0 && now.length === kept.length) return null;
  const i = differ.length ? differ[0] : Math.min(now.length, kept.length) - 1;
  return {element: pathOf(elements[i]), kept: kept[i], now: now[i], count: Math.max(differ.length, 1)};
};
// axe's violations of `runOnly`'s rules, with the selectors of their elements and what axe
// says of the first.
const runAxe = runOnly => {
  if (typeof axe !== 'object') throw new Error('axe is not on the page');
  return axe.run(document, {runOnly, resultTypes: ['violations']}).then(r => r.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || '').replace(/\s+/g, ' '),
  })));
};
// A digest of what <main> holds, the session's CSRF tokens left out.
const digest = () => {
  const main = document.querySelector('main').cloneNode(true);
  for (const token of main.querySelectorAll('input[name=csrf]')) token.removeAttribute('value');
  let h = 0;
  for (const c of main.outerHTML) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
};
// null when the page fits the window; otherwise how wide it is, and the innermost elements
// that reach past the window's right edge, furthest first.
const overflow = () => {
  const width = window.innerWidth, page = document.documentElement.scrollWidth;
  if (page <= width) return null;
  const over = e => e.getBoundingClientRect().right > width + 0.5;
  const culprits = [...document.body.querySelectorAll('*')]
    .filter(e => over(e) && ![...e.children].some(over))
    .map(e => ({element: pathOf(e), right: Math.round(e.getBoundingClientRect().right)}))
    .sort((a, b) => b.right - a.right);
  return {width, page, culprits: culprits.slice(0, 5)};
};
"#;

/// axe-core's `axe.min.js`: where `HELMDESK_AXE` says, else where `scripts/test` installs it
/// (`target/axe` at the top of the workspace). Missing, the test fails, as a browser test
/// without its browser does ([`tool`]).
fn axe() -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("workspace directory");
    let default = workspace.join("target/axe/node_modules/axe-core/axe.min.js");
    let path = tool("HELMDESK_AXE", &default.display().to_string());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A rule a page broke (one of axe's, `chosen-theme` or `phone-width`), gathered over the
/// callers and themes that saw it.
#[derive(Default)]
struct Violation {
    /// What the rule asks, and how much it matters.
    help: String,
    /// What was found of the first element.
    summary: String,
    /// The elements (selectors).
    targets: BTreeSet<String>,
    /// The paths the page was seen at.
    paths: BTreeSet<String>,
    /// Who saw it, in which themes.
    seen: BTreeMap<String, BTreeSet<&'static str>>,
}

/// What one check found on one page.
struct Found<'a> {
    rule: &'a str,
    help: String,
    summary: String,
    targets: Vec<String>,
}

impl Found<'_> {
    /// A violation as `runAxe` returns it.
    fn axe(v: &Value) -> Found<'_> {
        let targets = v["targets"].as_array().map(Vec::as_slice).unwrap_or_default();
        Found {
            rule: v["id"].as_str().unwrap_or("?"),
            help: format!("{} [{}]", v["help"].as_str().unwrap_or(""), v["impact"].as_str().unwrap_or("")),
            summary: v["summary"].as_str().unwrap_or("").to_string(),
            targets: targets.iter().filter_map(Value::as_str).map(String::from).collect(),
        }
    }
}

/// What was found, gathered over every page, caller and theme.
#[derive(Default)]
struct Findings {
    /// (page's route, rule) -> the violation.
    violations: BTreeMap<(String, String), Violation>,
    /// Pages that could not be checked.
    other: Vec<String>,
}

impl Findings {
    fn add(&mut self, (template, path): (&str, &str), who: &str, theme: &'static str, found: Found) {
        let key = (template.to_string(), found.rule.to_string());
        let violation = self.violations.entry(key).or_insert_with(|| Violation {
            help: found.help,
            summary: found.summary,
            ..Violation::default()
        });
        violation.targets.extend(found.targets);
        violation.paths.insert(path.to_string());
        violation.seen.entry(who.to_string()).or_default().insert(theme);
    }

    fn report(&self) -> String {
        let mut lines = Vec::new();
        for ((template, rule), v) in &self.violations {
            let targets: Vec<&str> = v.targets.iter().map(String::as_str).collect();
            let at = match targets.len() {
                0..=5 => targets.join(", "),
                n => format!("{} and {} more", targets[..5].join(", "), n - 5),
            };
            let paths = v.paths.iter().cloned().collect::<Vec<_>>().join(", ");
            let seen = v
                .seen
                .iter()
                .map(|(who, themes)| format!("{who} ({})", themes.iter().copied().collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(format!(
                "{template}: {rule}: {}\n    at {at}\n    on {paths}, seen by {seen}\n    {}",
                v.help, v.summary
            ));
        }
        lines.extend(self.other.iter().cloned());
        lines.join("\n")
    }

    fn is_empty(&self) -> bool {
        self.violations.is_empty() && self.other.is_empty()
    }
}

/// The pages of `F`'s module that `caller` (`person`, or nobody) may open, as (route,
/// path): public ones signed out, the others signed in.
async fn pages_of<F: ModuleFixture>(
    server: &TestServer,
    fixture: &F,
    routes: &[Route],
    (caller, person): (&str, Option<&Person>),
    client: &reqwest::Client,
    findings: &mut Findings,
) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for route in routes.iter().filter(|r| r.module == F::MODULE && r.method == "GET" && !r.path.starts_with("/api/")) {
        if (route.access == Access::Public) != person.is_none()
            || access::expected(route, caller, F::EXCEPTIONS).is_some()
        {
            continue;
        }
        let path = fixture.path(server, "GET", &route.path, person).await;
        let res = client.get(format!("{}{path}", server.base)).send().await.expect("request");
        let status = res.status();
        let html = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        // A page is a whole document; a part a page's script fetches (who else has a ticket
        // open) is checked on the page that shows it.
        let document = html
            && res.text().await.unwrap_or_default().trim_start().to_ascii_lowercase().starts_with("<!doctype html");
        match status {
            StatusCode::OK if document => pages.push((route.path.clone(), path)),
            StatusCode::OK if html => {}
            s if s.is_success() || s.is_redirection() => {}
            s => findings.other.push(format!("{path} answered {caller} with {s}: the page could not be checked")),
        }
    }
    pages
}

impl Browser {
    /// Sends a command of the Chrome DevTools protocol through chromedriver.
    async fn devtools(&self, cmd: &str, params: Value) {
        let session = self.check(self.client.session_id().await, "read the session id").await.expect("a session");
        let url = format!("{}/session/{session}/goog/cdp/execute", self.driver.url);
        let res = reqwest::Client::new().post(url).json(&json!({"cmd": cmd, "params": params})).send().await;
        let res = res.unwrap_or_else(|e| panic!("{cmd}: {e}"));
        assert!(res.status().is_success(), "{cmd}: {}", res.text().await.unwrap_or_default());
    }

    /// Tells the pages the system's colour scheme.
    async fn emulate_scheme(&self, scheme: &str) {
        let features = json!([{"name": "prefers-color-scheme", "value": scheme}]);
        self.devtools("Emulation.setEmulatedMedia", json!({"features": features})).await;
    }

    /// Runs `script` with [`HELPERS`] in front.
    async fn run(&self, script: &str, args: Vec<Value>, doing: &str) -> Value {
        let result = self.client.execute(&format!("{HELPERS}{script}"), args).await;
        self.check(result, doing).await
    }

    async fn window(&self, (width, height): (u32, u32)) {
        self.check(self.client.set_window_size(width, height).await, "size the window").await;
    }
}

/// The rules axe runs in `theme`: every rule in the light theme, the colour rules in the
/// dark (nothing else on a page changes with the theme).
fn rules(theme: &str) -> Value {
    match theme {
        "light" => json!({"type": "tag", "values": TAGS}),
        _ => json!({"type": "rule", "values": COLOUR_RULES}),
    }
}

/// The other theme.
fn other(theme: &'static str) -> &'static str {
    if theme == "light" { "dark" } else { "light" }
}

/// A browser checking pages: the system's colour scheme it emulates now, and the pages'
/// contents it checked already.
struct Checker {
    b: Browser,
    scheme: &'static str,
    /// (route, digest of `<main>`): a page that another caller saw just the same is
    /// not checked again (its shell is, on the caller's other pages).
    seen: BTreeSet<(String, i64)>,
}

impl Checker {
    async fn new(base: &str, axe: &str) -> Checker {
        let b = Browser::open(base).await;
        b.devtools("Page.addScriptToEvaluateOnNewDocument", json!({"source": axe})).await;
        b.emulate_scheme("light").await;
        Checker { b, scheme: "light", seen: BTreeSet::new() }
    }

    /// Whether a caller before saw the page shown, of route `template`, just as it is (its
    /// `<main>`, CSRF tokens aside); remembers it.
    async fn seen_before(&mut self, template: &str) -> bool {
        let digest = self.b.run("return digest()", Vec::new(), "read the page").await;
        !self.seen.insert((template.to_string(), digest.as_i64().expect("a digest")))
    }

    /// Checks the page shown, `path` of route `template`, as `who`: axe in the system's
    /// light and dark themes, each theme chosen over the other system's drawn as the
    /// system's, and the width of a phone.
    async fn check(&mut self, (template, path): (&str, &str), who: &str, findings: &mut Findings) {
        let b = &self.b;
        let page = (template, path);
        // The system's scheme as it is, then the other: one switch a page.
        let (first, second) = (self.scheme, other(self.scheme));
        let violations = b
            .run(
                "const [first, rules, second] = arguments;
                 choose(null); keep(first);
                 return runAxe(rules).then(v => { choose(second); keep('chosen'); return v; });",
                vec![json!(first), rules(first), json!(second)],
                &format!("run axe on {path}"),
            )
            .await;
        for v in violations.as_array().expect("a list of violations") {
            findings.add(page, who, first, Found::axe(v));
        }
        b.emulate_scheme(second).await;
        self.scheme = second;
        let checked = b
            .run(
                "const [rules, first] = arguments;
                 choose(null); const chosen = compare('chosen');
                 return runAxe(rules).then(violations => {
                   choose(first); const back = compare(first); choose(null);
                   return {violations, chosen, back};
                 });",
                vec![rules(second), json!(first)],
                &format!("run axe on {path}"),
            )
            .await;
        for v in checked["violations"].as_array().expect("a list of violations") {
            findings.add(page, who, second, Found::axe(v));
        }
        for (differs, theme, system) in [(&checked["chosen"], second, first), (&checked["back"], first, second)] {
            if differs.is_null() {
                continue;
            }
            let element = differs["element"].as_str().unwrap_or("?").to_string();
            let found = Found {
                rule: "chosen-theme",
                help: "A theme chosen on the account page draws the page as the system's same theme".into(),
                summary: format!(
                    "{theme} chosen on a {system} system: {element} is \"{}\" instead of \"{}\" ({} elements differ)",
                    differs["now"].as_str().unwrap_or("?"),
                    differs["kept"].as_str().unwrap_or("?"),
                    differs["count"]
                ),
                targets: vec![element],
            };
            findings.add(page, who, if theme == "dark" { "dark chosen" } else { "light chosen" }, found);
        }
        b.window(PHONE).await;
        let overflow = b.run("return overflow()", Vec::new(), "measure the page").await;
        b.window(DESKTOP).await;
        if !overflow.is_null() {
            let culprits = overflow["culprits"].as_array().map(Vec::as_slice).unwrap_or_default();
            let found = Found {
                rule: "phone-width",
                help: format!("Pages fit a phone's {} px without scrolling sideways", PHONE.0),
                summary: format!("{} px wide in a window {} px wide", overflow["page"], overflow["width"]),
                targets: culprits
                    .iter()
                    .map(|c| format!("{} (to {} px)", c["element"].as_str().unwrap_or("?"), c["right"]))
                    .collect(),
            };
            findings.add(page, who, "390 px", found);
        }
    }
}

/// What a desk's pages hold besides the access fixtures' records, so that their lists and
/// conversations are checked filled: a reply and an internal note on the ticket every
/// role opens, a ticket whose subject is one long word, and a message from a long
/// address that the mail policy refused (its row offers Download and Retry).
async fn fill(server: &TestServer, ticket: i64) {
    let fx = &server.fx;
    let comments = format!("/api/v1/tickets/{ticket}/comments");
    let reply = json!({"body": "Replaced the **pickup roller**, please try again."});
    let note = json!({"body": "Third roller this year: ask facilities about the paper.", "internal": true});
    for comment in [reply, note] {
        let (status, body) = server.api(Some(&fx.agent), Method::POST, &comments, Some(comment)).await;
        assert!(status.is_success(), "{body}");
    }
    server.ticket(&fx.requester, &format!("Error {}", "0x80070005".repeat(8))).await;
    let policy = json!({"requester_policy": "reject"});
    let (status, body) = server.api(Some(&fx.admin), Method::PUT, "/api/v1/mail/settings", Some(policy)).await;
    assert!(status.is_success(), "{body}");
    let raw = "From: A Stranger <a.stranger.from.procurement@subsidiary.customer-company.example>\r\n\
               Subject: Quotation for replacing every printer on the third floor\r\n\r\nPlease.\r\n";
    let id = server.app.receive_mail(Default::default(), raw.as_bytes()).await.unwrap().expect("a message");
    server.app.process_inbound(id).await.unwrap();
}

async fn every_page_passes_axe_in_every_theme_and_fits_a_phone(backend: Backend) {
    let axe = axe();
    let _browser = browser_slot().await;
    let started = Instant::now();
    let server = TestServer::start(backend).await;
    let routes = access::served(&server);
    let kernel = access::Kernel::new(&server).await;
    let platform = platform::access::Fixture::new(&server).await;
    let assets = assets::access::Fixture::new(&server).await;
    let service_desk = service_desk::access::Fixture::new(&server).await;
    let self_service = self_service::access::Fixture::new(&server).await;
    let reports = reports::access::Fixture::new(&server).await;
    let modules = [
        access::Kernel::MODULE,
        platform::access::Fixture::MODULE,
        assets::access::Fixture::MODULE,
        service_desk::access::Fixture::MODULE,
        self_service::access::Fixture::MODULE,
        reports::access::Fixture::MODULE,
    ];
    assert_eq!(modules, access::MODULES, "a module's pages are found with its access fixture: add it here");
    fill(&server, service_desk.ticket).await;

    let mut findings = Findings::default();
    let mut checker = Checker::new(&server.base, &axe).await;
    let mut counted = Vec::new();
    for (index, caller) in access::CALLERS.iter().enumerate() {
        let person = access::who(&server, index);
        let client = match person {
            Some(p) => server.session(p).await.client,
            None => TestServer::client(),
        };
        let who = (*caller, person);
        let mut pages = pages_of(&server, &kernel, &routes, who, &client, &mut findings).await;
        pages.extend(pages_of(&server, &platform, &routes, who, &client, &mut findings).await);
        pages.extend(pages_of(&server, &assets, &routes, who, &client, &mut findings).await);
        pages.extend(pages_of(&server, &service_desk, &routes, who, &client, &mut findings).await);
        pages.extend(pages_of(&server, &self_service, &routes, who, &client, &mut findings).await);
        pages.extend(pages_of(&server, &reports, &routes, who, &client, &mut findings).await);
        // The error page is a page of the layout too.
        pages.push(("(not found)".into(), "/no/such/page".into()));
        let b = &checker.b;
        b.check(b.client.delete_all_cookies().await, "sign out").await;
        if let Some(p) = person {
            b.sign_in(&p.email, PASSWORD).await;
        }
        let (at, mut same) = (Instant::now(), 0);
        for (n, (template, path)) in pages.iter().enumerate() {
            checker.b.goto(path).await;
            // A page another caller saw just the same is not checked again; each caller's
            // first page is, for its shell (navigation, name, role).
            if checker.seen_before(template).await && n > 0 {
                same += 1;
                continue;
            }
            checker.check((template, path), caller, &mut findings).await;
        }
        if let Some((template, path)) = pages.iter().find(|(t, _)| t == "/admin/notifications/{event}/{language}") {
            // A page only a form draws: the template's preview.
            let b = &checker.b;
            b.goto(path).await;
            b.press("//main//form", "Preview").await;
            b.wait_for(Locator::Css("section[aria-labelledby=preview-h]")).await;
            let preview = (format!("{template} (preview)"), format!("{path} (preview)"));
            checker.check((&preview.0, &preview.1), caller, &mut findings).await;
        }
        let took = at.elapsed().as_secs_f64();
        counted.push(format!("{caller} {} pages ({same} as another saw them) in {took:.1} s", pages.len()));
    }
    checker.b.close().await;
    eprintln!("accessibility on {backend:?}: {}; {:.1} s in all", counted.join(", "), started.elapsed().as_secs_f64());
    assert!(findings.is_empty(), "accessibility failures on {backend:?}:\n{}", findings.report());
}

helmdesk_store::backend_tests!(every_page_passes_axe_in_every_theme_and_fits_a_phone);

/// The checks can fail: a button named by nothing, grey text on white, a colour that only
/// a chosen dark theme takes and a line wider than a phone are reported with the page,
/// the caller, the theme and the element.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_with_faults_is_reported() {
    let axe = axe();
    let _browser = browser_slot().await;
    let server = TestServer::start(Backend::Sqlite).await;
    let mut checker = Checker::new(&server.base, &axe).await;
    let b = &checker.b;
    b.sign_in(&server.fx.requester.email, PASSWORD).await;
    b.goto("/account").await;
    // Styled through the CSSOM: the pages' content security policy drops style attributes.
    let faults = r#"document.querySelector('main').insertAdjacentHTML('beforeend',
        '<button id="unnamed"></button><p id="faint">faint</p><div id="wide">wide</div>');
        Object.assign(document.getElementById('faint').style, {color: '#aaa', background: '#fff'});
        document.getElementById('wide').style.width = '900px';
        const sheet = document.styleSheets[0];
        sheet.insertRule(':root[data-theme="dark"] #wide { color: red }', sheet.cssRules.length);
        return true"#;
    assert_eq!(b.run(faults, Vec::new(), "add the faults").await, json!(true));
    let mut findings = Findings::default();
    assert!(!checker.seen_before("/account").await);
    checker.check(("/account", "/account"), "requester", &mut findings).await;
    assert!(checker.seen_before("/account").await, "the same page again");
    checker.b.close().await;

    let report = findings.report();
    let found = |rule: &str| {
        findings.violations.get(&("/account".to_string(), rule.to_string())).unwrap_or_else(|| panic!("{report}"))
    };
    let unnamed = found("button-name");
    assert!(unnamed.targets.contains("#unnamed"), "{report}");
    assert_eq!(unnamed.seen["requester"], BTreeSet::from(["light"]), "the dark theme runs the colour rules only");
    let faint = found("color-contrast");
    assert!(faint.targets.contains("#faint"), "{report}");
    assert_eq!(faint.seen["requester"], BTreeSet::from(["dark", "light"]), "#aaa on white fails in both themes");
    let chosen = found("chosen-theme");
    assert_eq!(chosen.targets, BTreeSet::from(["main#content > div#wide".to_string()]), "{report}");
    assert_eq!(chosen.seen["requester"], BTreeSet::from(["dark chosen"]), "{report}");
    let wide = found("phone-width");
    assert!(wide.targets.iter().any(|t| t.starts_with("main#content > div#wide (to 9")), "{report}");
    assert!(
        report.contains("/account: phone-width: Pages fit a phone's 390 px without scrolling sideways"),
        "{report}"
    );
}

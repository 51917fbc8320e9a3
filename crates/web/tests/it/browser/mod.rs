//! Browser tests: real headless Chromium, driven through chromedriver with fantoccini, against
//! a real Helmdesk server on each backend. They do what a person does (sign in, fill forms,
//! click buttons) and check what that person can see.
//!
//! They need `chromedriver` and `chromium` (at /usr/bin, or where `HELMDESK_CHROMEDRIVER` and
//! `HELMDESK_CHROMIUM` say). A missing one fails the test: a browser test that quietly skips
//! itself is a test that cannot fail. At most two browsers run at a time, whatever
//! `--test-threads` says ([`BROWSERS`]).

mod accessibility;
mod audits;
mod catalog;
mod cmdb;
mod imports;
mod journey;
mod kb;
mod software;
mod stock;

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{PASSWORD, TestServer};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use helmdesk_domain::SystemClock;
use helmdesk_store::Backend;
use helmdesk_store::testing::TestDatabase;
use serde_json::{Value, json};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// Headless, quiet (no update checks, no sync), and the same window size every run so that
/// screenshots are comparable.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// How long a page may take to appear after a click.
const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// How many browsers run at once: two, one a core of the CI machine, so that one test's
/// waits (a page loading, a script's timer) leave the processor to the other; more only
/// make each slower to start.
static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// A place among the browsers that may run now, held until the test ends (a semaphore
/// does not poison when a test panics).
async fn browser_slot() -> tokio::sync::SemaphorePermit<'static> {
    BROWSERS.acquire().await.expect("the browsers' semaphore is never closed")
}

/// A tool the tests cannot run without: the environment's choice, else the default path.
fn tool(env: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "browser tests need {} (scripts/test installs it; set {env} to its path if it lives elsewhere); it is not \
         installed, so this test fails",
        path.display()
    );
    path
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// A chromedriver of our own, in its own process group so that dropping it also ends the
/// Chromium it started, even when a test panics before closing its session.
struct Chromedriver {
    child: Child,
    url: String,
    /// Holds Chromium's profile and chromedriver's log.
    dir: tempfile::TempDir,
}

impl Chromedriver {
    async fn start() -> Chromedriver {
        use std::os::unix::process::CommandExt;

        let program = tool("HELMDESK_CHROMEDRIVER", CHROMEDRIVER);
        let dir = tempfile::tempdir().expect("temporary directory");
        let log = std::fs::File::create(dir.path().join("chromedriver.log")).expect("chromedriver log");
        let port = free_port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("chromedriver log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let mut driver = Chromedriver { child, url: format!("http://127.0.0.1:{port}"), dir };
        driver.wait_until_ready().await;
        driver
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }

    /// Polls `/status` until chromedriver says it is ready.
    async fn wait_until_ready(&mut self) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("chromedriver exited at start ({status}):\n{}", self.log());
            }
            if let Ok(res) = http.get(format!("{}/status", self.url)).send().await {
                let body: Value = res.json().await.unwrap_or_default();
                if body["value"]["ready"] == json!(true) {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on {} within 20 s:\n{}",
                self.url,
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and every Chromium process it started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A signed-out Chromium window pointed at one server.
struct Browser {
    client: Client,
    base: String,
    // Dropped after `client`, which is declared first.
    driver: Chromedriver,
}

impl Browser {
    async fn open(base: &str) -> Browser {
        let chromium = tool("HELMDESK_CHROMIUM", CHROMIUM);
        let driver = Chromedriver::start().await;
        let profile = driver.dir.path().join("profile");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), json!({ "binary": chromium, "args": args }));
        // chromedriver listens on plain HTTP on this machine: no TLS between us.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client =
            ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url).await.unwrap_or_else(|e| {
                panic!("chromedriver could not start {}: {e}\n{}", chromium.display(), driver.log())
            });
        Browser { client, base: base.to_string(), driver }
    }

    /// Ends the session, which closes Chromium, then stops chromedriver.
    async fn close(self) {
        let Browser { client, driver, .. } = self;
        client.close().await.expect("close the browser session");
        drop(driver);
    }

    /// What the page looks like, for a failure message.
    async fn describe(&self) -> String {
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let text = match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let text: String = text.chars().take(600).collect();
        format!("at {url}, the page says:\n{text}")
    }

    /// Unwraps a WebDriver result, or fails with what the page shows.
    async fn check<T>(&self, result: Result<T, CmdError>, doing: &str) -> T {
        match result {
            Ok(v) => v,
            Err(e) => panic!("{doing}: {e}\n{}", self.describe().await),
        }
    }

    async fn goto(&self, path: &str) {
        let result = self.client.goto(&format!("{}{path}", self.base)).await;
        self.check(result, &format!("open {path}")).await;
    }

    /// The path (and query) of the page shown.
    async fn path(&self) -> String {
        let url = self.check(self.client.current_url().await, "read the URL").await;
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits for an element: how the tests know the next page has arrived.
    async fn wait_for(&self, locator: Locator<'_>) -> Element {
        let what = format!("wait for {locator:?}");
        let result = self.client.wait().at_most(PAGE_TIMEOUT).for_element(locator).await;
        self.check(result, &what).await
    }

    async fn find(&self, locator: Locator<'_>) -> Element {
        let what = format!("find {locator:?}");
        let result = self.client.find(locator).await;
        self.check(result, &what).await
    }

    async fn count(&self, css: &str) -> usize {
        let result = self.client.find_all(Locator::Css(css)).await;
        self.check(result, &format!("look for {css}")).await.len()
    }

    async fn text(&self, css: &str) -> String {
        let element = self.find(Locator::Css(css)).await;
        self.check(element.text().await, &format!("read the text of {css}")).await
    }

    async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(Locator::Css(css)).await;
        self.check(field.send_keys(text).await, &format!("type into {css}")).await;
    }

    /// Chooses the file at `path` in the file input `css` (chromedriver runs here, so it
    /// reads the file itself).
    async fn choose_file(&self, css: &str, path: &Path) {
        let input = self.find(Locator::Css(css)).await;
        let result = input.send_keys(&path.display().to_string()).await;
        self.check(result, &format!("choose {} in {css}", path.display())).await;
    }

    async fn click(&self, locator: Locator<'_>) {
        let what = format!("click {locator:?}");
        let element = self.find(locator).await;
        self.check(element.click().await, &what).await;
    }

    /// Clicks the button labelled `label` (inside `scope`, an XPath prefix such as `//form`).
    async fn press(&self, scope: &str, label: &str) {
        self.click(Locator::XPath(&format!("{scope}//button[normalize-space()='{label}']"))).await;
    }

    async fn source(&self) -> String {
        self.check(self.client.source().await, "read the page source").await
    }

    /// `typeof window.__xss`: "undefined" unless injected markup ran.
    async fn injected_script_ran(&self) -> bool {
        let result = self.client.execute("return typeof window.__xss", Vec::new()).await;
        self.check(result, "run a script").await != json!("undefined")
    }

    /// Signs in through the login form and waits for the first signed-in page.
    async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.wait_for(Locator::Css("#email")).await;
        self.type_into("#email", email).await;
        self.type_into("#password", password).await;
        self.click(Locator::Css("form[action='/login'] button[type=submit]")).await;
        // The login page has no navigation bar; every signed-in page has.
        self.wait_for(Locator::Css("header.top")).await;
    }

    async fn sign_out(&self) {
        self.press("//header", "Sign out").await;
        let notice = self.wait_for(Locator::Css(".login [role=status]")).await;
        assert_eq!(self.check(notice.text().await, "read the notice").await, "You are signed out.");
        assert!(self.path().await.starts_with("/login"), "signing out leads to the login page");
    }

    /// Files a ticket through the "New ticket" form, reached from the navigation bar; returns
    /// the path of the ticket page it lands on.
    async fn file_ticket(&self, subject: &str, description: &str, requester_email: Option<&str>) -> String {
        self.click(Locator::Css("nav.main a[href='/tickets/new']")).await;
        self.wait_for(Locator::Css("#subject")).await;
        self.type_into("#subject", subject).await;
        self.type_into("#description", description).await;
        if let Some(email) = requester_email {
            let select = self.find(Locator::Css("#requester_id")).await;
            let option = format!("./option[contains(normalize-space(), '{email}')]");
            self.check(select.select_by(Locator::XPath(&option)).await, &format!("choose requester {email}")).await;
        }
        self.press("//main//form", "File ticket").await;
        // Only a ticket page has a timeline.
        self.wait_for(Locator::Css("section.conversation")).await;
        self.path().await
    }

    /// Posts a comment on the ticket shown and waits for it to appear in the timeline.
    async fn comment(&self, body: &str, visibility: &str, entry_class: &str) {
        self.type_into("#body", body).await;
        self.click(Locator::Css(&format!("input[name=visibility][value={visibility}]"))).await;
        self.press("//section[@id='reply']", "Send").await;
        self.wait_for(Locator::XPath(&format!(
            "//ol[@class='timeline']/li[contains(@class, '{entry_class}')]/div[contains(@class, 'body')][contains(., '{body}')]"
        )))
        .await;
    }
}

/// The path of the ticket page shown: `/tickets/{id}`.
fn ticket_id(path: &str) -> i64 {
    path.strip_prefix("/tickets/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("not a ticket page: {path}"))
}

/// An agent files a ticket for a requester, replies, writes an internal note and resolves it;
/// the requester then sees the reply but no trace of the note, and none of the staff controls.
async fn an_agent_works_a_ticket_and_the_requester_sees_only_the_public_reply(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.agent.email, PASSWORD).await;
    assert_eq!(b.path().await, "/tickets", "an agent starts at the queue");
    assert_eq!(b.text("main h1").await, "Queue");

    let subject = "Printer on the third floor jams on every page";
    let path = b.file_ticket(subject, "Since Monday, with every tray.", Some(&fx.requester.email)).await;
    let id = ticket_id(&path);
    assert_eq!(b.text("main h1").await, subject);
    assert!(b.text("dl.facts").await.contains("rita"), "the ticket is the requester's: {}", b.text("dl.facts").await);

    let reply = "Replaced the pickup roller, please try again";
    let note = "Roller was worn out, third one this year, ask facilities about the paper";
    b.comment(reply, "public", "reply").await;
    b.comment(note, "internal", "note").await;
    let tag = b
        .find(Locator::XPath("//ol[@class='timeline']/li[contains(@class, 'note')]//span[@class='tag-internal']"))
        .await;
    assert_eq!(b.check(tag.text().await, "read the note's tag").await.to_lowercase(), "internal note");

    let status = b.find(Locator::Css("#status")).await;
    b.check(status.select_by_value("resolved").await, "choose Resolved").await;
    b.press("//form[@aria-label='Work the ticket']", "Save").await;
    let badge = b.wait_for(Locator::Css(".ticket-facts span.badge.s-resolved")).await;
    assert_eq!(b.check(badge.text().await, "read the status").await, "Resolved");
    assert_eq!(b.path().await, path, "saving returns to the ticket");

    b.sign_out().await;
    b.sign_in(&fx.requester.email, PASSWORD).await;
    b.click(Locator::Css("nav.main a[href='/my/tickets']")).await;
    let link = b.wait_for(Locator::Css(&format!("table.list a[href='/tickets/{id}']"))).await;
    assert_eq!(b.path().await, "/my/tickets");
    assert_eq!(b.check(link.text().await, "read the ticket link").await, subject);
    b.check(link.click().await, "open the ticket").await;
    b.wait_for(Locator::Css("section.conversation")).await;
    assert_eq!(b.path().await, path);
    assert_eq!(b.text("main h1").await, subject);

    let shown = b
        .find(Locator::XPath("//ol[@class='timeline']/li[contains(@class, 'reply')]/div[contains(@class, 'body')]"))
        .await;
    assert!(b.check(shown.is_displayed().await, "is the reply displayed").await, "the reply is on screen");
    assert_eq!(b.check(shown.text().await, "read the reply").await, reply);
    let source = b.source().await;
    assert!(!source.contains(note), "the internal note leaked to the requester's page");
    assert!(!source.contains("Roller was worn out"), "part of the internal note leaked to the requester's page");
    assert_eq!(b.count("li.note").await, 0, "no note entry in the requester's timeline");
    assert_eq!(b.text(".ticket-facts span.badge").await, "Resolved");

    assert_eq!(b.count("#status").await, 0, "a requester has no status control");
    assert_eq!(b.count("form[aria-label='Work the ticket']").await, 0, "a requester has no staff panel");
    assert_eq!(b.count("input[name=visibility]").await, 0, "a requester cannot write internal notes");

    b.close().await;
}

/// Fails if `payload` became elements or ran on the page shown. The content security policy
/// would stop inline scripts even if escaping failed, so this looks at the document itself.
async fn assert_inert(b: &Browser, page: &str) {
    assert!(!b.injected_script_ran().await, "injected script ran on {page}");
    assert_eq!(b.count("main script").await, 0, "a script element was injected on {page}");
    assert_eq!(b.count("img[src='x']").await, 0, "an img element was injected on {page}");
}

/// Markup in a subject and a description is shown as text on the ticket page, in the
/// requester's list and in the agent's queue, and never runs.
async fn a_ticket_subject_with_markup_is_shown_as_text_and_never_runs(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;
    let payload = r#"<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"#;

    b.sign_in(&fx.requester.email, PASSWORD).await;
    assert_eq!(b.path().await, "/portal", "a requester starts at the portal");
    let path = b.file_ticket(payload, payload, None).await;
    let id = ticket_id(&path);
    let heading = b.find(Locator::Css("main h1")).await;
    assert!(b.check(heading.is_displayed().await, "is the heading displayed").await);
    assert_eq!(b.check(heading.text().await, "read the heading").await, payload, "the subject is shown as typed");
    assert!(b.text("main h1").await.contains("<script>"));
    assert_eq!(b.text("div.description").await, payload, "the description is shown as typed");
    assert_inert(&b, "the ticket page").await;
    assert_eq!(b.count("#status").await, 0, "a requester has no status control");

    b.click(Locator::Css("nav.main a[href='/my/tickets']")).await;
    let link = b.wait_for(Locator::Css(&format!("table.list a[href='/tickets/{id}']"))).await;
    assert_eq!(b.check(link.text().await, "read the ticket link").await, payload);
    assert_inert(&b, "the requester's list").await;

    // The portal's search finds the ticket by its number and shows its subject as text.
    b.goto(&format!("/portal?q=%23{id}")).await;
    let hit = b.wait_for(Locator::Css(&format!(".portal-results a[href='/tickets/{id}']"))).await;
    assert_eq!(b.check(hit.text().await, "read the result").await, payload);
    assert_inert(&b, "the portal's results").await;

    // No dead end: an unknown address is a page of the layout, with the way back to work.
    b.goto("/no/such/page").await;
    assert_eq!(b.text("main h1").await, "Not found");
    b.click(Locator::Css("nav.main a[href='/my/tickets']")).await;
    b.wait_for(Locator::Css(&format!("table.list a[href='/tickets/{id}']"))).await;

    b.sign_out().await;
    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.goto("/tickets?view=all").await;
    let link = b.wait_for(Locator::Css(&format!("table.list a[href='/tickets/{id}']"))).await;
    assert_eq!(b.check(link.text().await, "read the ticket link").await, payload);
    assert_inert(&b, "the agent's queue").await;

    b.close().await;
}

/// A manager opens the dashboard from the navigation and sees its charts, each an SVG image
/// with its label, bars and lines drawn; at 360 px wide nothing runs off the screen.
async fn a_manager_sees_the_dashboard_charts_on_a_wide_and_a_narrow_screen(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let now = server.app.now_micros();
    let hour = 3600 * 1_000_000;
    let base = server.ticket_row(now - 30 * hour);
    let mut rows = Vec::new();
    for (i, priority) in [1, 2, 2, 3, 3, 3, 4, 5].into_iter().enumerate() {
        let assignee = (i % 2 == 0).then_some(fx.agent.id);
        rows.push(helmdesk_store::service_desk::tickets::TicketRow {
            priority,
            team_id: Some(fx.team),
            assignee_id: assignee,
            status: if assignee.is_some() { "assigned".into() } else { "new".into() },
            ..base.clone()
        });
        rows.push(helmdesk_store::service_desk::tickets::TicketRow {
            priority,
            status: "resolved".into(),
            assignee_id: Some(fx.agent.id),
            first_response_at: Some(base.created_at + (i as i64 + 1) * hour / 4),
            resolved_at: Some(base.created_at + (i as i64 + 2) * hour),
            resolution_breached: Some(i == 3),
            reopen_count: i64::from(i == 5),
            ..base.clone()
        });
    }
    server.insert_tickets(&rows).await;
    server.self_service_records().await;
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.manager.email, PASSWORD).await;
    b.click(Locator::Css("nav.main a[href='/dashboard']")).await;
    b.wait_for(Locator::Css("svg[data-chart='backlog-priority']")).await;
    assert_eq!(b.path().await, "/dashboard");
    assert_eq!(b.text("main h1").await, "Dashboard");
    let labels = [
        ("backlog-priority", "Open backlog by priority"),
        ("backlog-team", "Open backlog by team"),
        ("backlog-age", "Age of the open backlog"),
        ("flow", "Created vs resolved per day"),
        ("response", "Time to first response"),
        ("resolution", "Time to resolve"),
        ("sla", "SLA compliance: 88%"),
        ("sla-priority", "SLA compliance by priority"),
        // One of the eight resolved tickets above was reopened; the two delivered catalog
        // requests' tickets are resolved too.
        ("reopen", "Reopen rate: 10%"),
        ("workload", "Agent workload"),
    ];
    // The satisfaction panel's meter and charts, whose labels name the survey's figures.
    let csat = ["csat", "csat-team", "csat-agent", "csat-category", "csat-month"];
    // The self-service panel's meter and charts, whose labels name its figures.
    let self_service = [
        ("helpful", "Articles found helpful: 100%"),
        ("top-articles", "Most viewed articles"),
        ("requests-item", "Catalog requests by item"),
        ("approval-steps", "Approval time per step"),
        ("fulfilment", "Fulfilment time per item"),
    ];
    assert_eq!(
        b.count("main svg[role=img], main svg[role=group]").await,
        labels.len() + csat.len() + self_service.len()
    );
    for chart in csat {
        assert_eq!(b.count(&format!("svg[data-chart='{chart}']")).await, 1, "{chart}");
    }
    for (chart, label) in self_service {
        let svg = b.find(Locator::Css(&format!("svg[data-chart='{chart}']"))).await;
        let aria = b.check(svg.attr("aria-label").await, "read the chart's label").await;
        assert_eq!(aria.as_deref(), Some(label), "{chart}");
        assert!(b.check(svg.is_displayed().await, "is the chart displayed").await, "{chart} is on screen");
    }
    assert_eq!(
        b.count("svg[data-chart='requests-item'] rect").await,
        6,
        "each item ordered, approved and delivered, none rejected"
    );
    assert_eq!(b.count("svg[data-chart='top-articles'] rect").await, 2, "the article's views and helpful answer");
    assert!(b.text("svg[data-chart='approval-steps'] text.label").await.contains("Hardware"));
    for (chart, label) in labels {
        let svg = b.find(Locator::Css(&format!("svg[data-chart='{chart}']"))).await;
        let aria = b.check(svg.attr("aria-label").await, "read the chart's label").await;
        assert_eq!(aria.as_deref(), Some(label), "{chart}");
        assert!(b.check(svg.is_displayed().await, "is the chart displayed").await, "{chart} is on screen");
    }
    assert_eq!(b.count("svg[data-chart='backlog-priority'] rect").await, 5, "a bar per priority");
    assert_eq!(b.count("svg[data-chart='backlog-team'] rect").await, 5, "Service Desk's bar stacks five priorities");
    assert_eq!(b.count("svg[data-chart='flow'] polyline").await, 2, "created and resolved lines");
    assert!(b.text("svg[data-chart='backlog-team'] text.label").await.contains("Service Desk"));
    assert_eq!(b.text("#sla-value").await, "88%");
    assert!(b.text("ul.legend").await.contains("P1 Critical"), "the legend names the priorities");
    let summary = b.find(Locator::Css("section[aria-labelledby='h-backlog-priority'] details summary")).await;
    b.check(summary.click().await, "open the data table").await;
    let cell = b.text("section[aria-labelledby='h-backlog-priority'] details tbody tr:last-child").await;
    assert!(cell.contains("Total") && cell.contains('8'), "the data table totals the backlog: {cell}");

    // Each bar opens the queue filtered to what it counts.
    assert_eq!(b.count("svg[data-chart='backlog-priority'] a").await, 5, "every priority's bar is a link");
    b.click(Locator::Css("svg[data-chart='backlog-priority'] a")).await;
    b.wait_for(Locator::Css("ul.chips")).await;
    assert!(
        b.path().await.starts_with("/tickets?view=open&priority=1"),
        "the bar opens its tickets: {}",
        b.path().await
    );
    assert!(b.text("ul.chips").await.contains("Priority: P1 Critical"), "the filter is shown as a chip");

    // A chart takes the width of its panel (the workload spans the page), with text of
    // the same size on a wide screen and a narrow one.
    let measure = "const svg = document.querySelector(\"svg[data-chart='workload']\");
        const panel = svg.closest('.chart-panel').getBoundingClientRect();
        const label = svg.querySelector('text.label');
        return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                svg.getBoundingClientRect().width, panel.width, parseFloat(getComputedStyle(label).fontSize)]";
    b.goto("/dashboard").await;
    b.wait_for(Locator::Css("svg[data-chart='workload']")).await;
    let wide: Vec<f64> = b.eval(measure).await.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(wide[2] > 600.0, "the chart uses the wide panel: {} of {}", wide[2], wide[3]);
    assert!(wide[3] - wide[2] < 200.0, "only the labels' and values' margins are left: {wide:?}");
    let set = b.client.set_window_size(360, 800).await;
    b.check(set, "narrow the window").await;
    b.goto("/dashboard").await;
    b.wait_for(Locator::Css("svg[data-chart='workload']")).await;
    let narrow: Vec<f64> = b.eval(measure).await.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let (scroll, client) = (narrow[0], narrow[1]);
    assert!(scroll <= client, "the page scrolls sideways at 360 px: {scroll} > {client}");
    assert!(narrow[2] > 100.0 && narrow[3] <= client, "the chart fills the narrow panel: {narrow:?}");
    assert_eq!(narrow[4], wide[4], "labels keep their size");

    b.close().await;
}

impl Browser {
    /// Presses a key on the page (not in a field), as a person does for a shortcut.
    async fn key(&self, key: &str) {
        let body = self.find(Locator::Css("body")).await;
        self.check(body.send_keys(key).await, &format!("press {key}")).await;
    }

    /// Runs `script` in the page and returns what it returns.
    async fn eval(&self, script: &str) -> Value {
        let result = self.client.execute(script, Vec::new()).await;
        self.check(result, script).await
    }

    /// The confirmation shown after an action.
    async fn confirmation(&self) -> String {
        let flash = self.wait_for(Locator::Css(".flash[role=status]")).await;
        self.check(flash.text().await, "read the confirmation").await
    }
}

/// An agent works a ticket the way the issue asks: on a desktop, the working controls are
/// in the header (no scrolling), `j` walks the queue, `?` lists the shortcuts, `r` opens
/// the reply box, a file dropped on the reply goes with it, the preview renders Markdown,
/// each action confirms, `a` assigns; on a phone, the filters wait behind their button and
/// the reply is still one tap away without scrolling sideways.
async fn an_agent_works_a_ticket_from_the_keyboard_and_its_header_on_a_desktop_and_a_phone(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let first = server.ticket(&fx.requester, "Laptop fan is loud").await;
    server.ticket(&fx.requester, "Docking station flickers").await;
    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;

    b.goto("/tickets?view=open").await;
    b.wait_for(Locator::Css("table.list")).await;
    assert!(b.text(".result-count").await.starts_with("2 tickets"), "the list says how many it holds");
    b.key("j").await;
    assert_eq!(b.count("table.list tr.current").await, 1, "j marks the first ticket");
    b.key("?").await;
    assert_eq!(b.eval("return document.getElementById('shortcuts').open").await, json!(true), "? lists the shortcuts");
    b.press("//dialog[@id='shortcuts']", "Close").await;

    let path = format!("/tickets/{}", first["id"]);
    b.goto(&path).await;
    let bar = b.wait_for(Locator::Css("form.work-bar")).await;
    let top = b.check(bar.rectangle().await, "measure the working controls").await.1;
    assert!(top < 400.0, "the working controls are in the header, not {top} px down");

    b.key("r").await;
    assert_eq!(b.eval("return document.activeElement.id").await, json!("body"), "r puts the cursor in the reply");
    b.type_into("#body", "Cleaned the **fan**").await;
    b.press("//section[@id='reply']", "Preview").await;
    b.wait_for(Locator::Css("#body-preview strong")).await;
    assert_eq!(b.text("#body-preview strong").await, "fan", "the preview renders Markdown");
    b.press("//section[@id='reply']", "Edit").await;
    let dropped = b
        .eval(
            "const dt = new DataTransfer(); dt.items.add(new File(['fan noise log'], 'fan.log', {type: 'text/plain'}));
             document.querySelector('form[data-drop-files]').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
             return document.getElementById('files').files.length",
        )
        .await;
    assert_eq!(dropped, json!(1), "a dropped file joins the reply");
    b.press("//section[@id='reply']", "Send").await;
    assert_eq!(b.confirmation().await.trim_end_matches('×').trim(), "Reply sent with 1 file");
    b.wait_for(Locator::XPath("//ol[@class='timeline']/li[contains(@class, 'reply')]//a[contains(., 'fan.log')]"))
        .await;
    assert_eq!(b.text("ol.timeline li.reply .body strong").await, "fan", "the reply is rendered");

    b.key("a").await;
    b.wait_for(Locator::XPath("//div[contains(@class, 'flash')][contains(., 'Assigned to')]")).await;
    assert_eq!(b.count("button[aria-keyshortcuts='a']").await, 0, "nothing left to assign");

    let set = b.client.set_window_size(390, 844).await;
    b.check(set, "narrow the window to a phone's").await;
    b.goto(&path).await;
    let reply = b.wait_for(Locator::Css("a[aria-keyshortcuts='r']")).await;
    let (_, y, _, _) = b.check(reply.rectangle().await, "find the reply button").await;
    assert!(y < 844.0, "the reply button is on the first screen of a phone, not {y} px down");
    let widths = b.eval("return [document.documentElement.scrollWidth, window.innerWidth]").await;
    assert!(widths[0].as_f64() <= widths[1].as_f64(), "the ticket page scrolls sideways on a phone: {widths}");
    b.goto("/tickets?view=open").await;
    b.wait_for(Locator::Css("table.list")).await;
    assert_eq!(
        b.eval("return document.querySelector('details.filter-panel').open").await,
        json!(false),
        "filters wait behind their button"
    );

    b.close().await;
}

/// An agent answers a duplicate with a canned response (filled in by the server, put in the
/// reply box by the script without a reload), then merges the duplicate into the original
/// from the ticket page, confirming the question, and lands on the original.
async fn an_agent_answers_with_a_canned_response_and_merges_a_duplicate(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let agent = server.app.actor_by_id(fx.agent.id).await.unwrap();
    let canned = json!({"title": "Duplicate", "body": "Hello {{requester.name}}, {{ticket.number}} is a duplicate."});
    server.app.create_canned_response(&agent, serde_json::from_value(canned).unwrap()).await.unwrap();
    let original = server.ticket(&fx.requester, "VPN drops every hour").await;
    let duplicate = server.ticket(&fx.requester, "VPN keeps disconnecting").await;
    let (original_number, duplicate_id) = (original["number"].as_str().unwrap(), duplicate["id"].as_i64().unwrap());
    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;
    let path = format!("/tickets/{duplicate_id}");
    b.goto(&path).await;
    b.wait_for(Locator::Css("#canned")).await;
    b.type_into("#body", "Thanks.").await;
    b.press("//form[contains(@class, 'canned-picker')]", "Insert").await;
    let expected = format!("Thanks.\n\nHello rita, {} is a duplicate.", duplicate["number"].as_str().unwrap());
    let body = b.find(Locator::Css("#body")).await;
    assert_eq!(b.check(body.prop("value").await, "read the reply box").await.as_deref(), Some(expected.as_str()));
    assert_eq!(b.path().await, path, "inserting does not reload the page");
    b.press("//section[@id='reply']//form[@method='post']", "Send").await;
    b.wait_for(Locator::XPath(
        "//ol[@class='timeline']/li[contains(@class, 'reply')]/div[contains(., 'is a duplicate')]",
    ))
    .await;

    b.type_into("#merge-into", original_number).await;
    b.press("//section[@aria-labelledby='merge-h']", "Merge").await;
    let deadline = Instant::now() + PAGE_TIMEOUT;
    while let Err(e) = b.client.accept_alert().await {
        assert!(Instant::now() < deadline, "no confirmation was asked: {e}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.wait_for(Locator::XPath(&format!("//p[@class='num'][contains(., '{original_number}')]"))).await;
    assert_eq!(b.path().await, format!("/tickets/{}", original["id"]));
    let timeline = b.text("ol.timeline").await;
    assert!(timeline.contains("is a duplicate") && timeline.contains("merged"), "{timeline}");
    b.close().await;
}

/// Waits until the page confirms `what` (the page before may still show its own).
async fn confirmed(b: &Browser, what: &str) {
    let script = format!(
        "const f = document.querySelector('.flash[role=status]'); return !!f && f.textContent.includes({})",
        json!(what)
    );
    wait_until(b, &script, json!(true), &format!("the confirmation {what}")).await;
}

/// Runs `script` until it returns `want`, failing after the page timeout.
async fn wait_until(b: &Browser, script: &str, want: Value, what: &str) {
    let deadline = Instant::now() + PAGE_TIMEOUT;
    loop {
        let got = b.check(b.client.execute(script, Vec::new()).await, what).await;
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: still {got} after {PAGE_TIMEOUT:?}\n{}", b.describe().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser is at `path` (after a form's redirect, say).
async fn wait_for_path(b: &Browser, path: &str) {
    wait_until(b, "return location.pathname", serde_json::json!(path), &format!("the page at {path}")).await;
}

/// Accepts the page's "are you sure?" dialog, once it is asked.
async fn accept_dialog(b: &Browser) {
    let deadline = Instant::now() + PAGE_TIMEOUT;
    while let Err(e) = b.client.accept_alert().await {
        assert!(Instant::now() < deadline, "no confirmation was asked: {e}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An agent has a ticket open and is typing a reply when the requester answers from
/// elsewhere: without a reload, the title and the bell count the new notification, a
/// notice says who replied, "Show" brings the reply in, and the draft stays as it was.
/// Then on the queue, a ticket filed meanwhile is offered and shown in place.
async fn a_reply_from_elsewhere_appears_on_the_open_ticket_page_without_a_reload(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let ticket = server.ticket(&fx.requester, "Laptop will not charge").await;
    let id = ticket["id"].as_i64().unwrap();
    let path = format!("/tickets/{id}");
    let assign = json!({"assignee_id": fx.agent.id});
    let (status, _) =
        server.api(Some(&fx.agent), reqwest::Method::PATCH, &format!("/api/v1{path}"), Some(assign)).await;
    assert!(status.is_success(), "{status}");
    let reply = |body: &str| json!({"body": body});
    let comments = format!("/api/v1{path}/comments");
    // An unread notification of another ticket (opening this one reads those of this one).
    let other = server.ticket(&fx.requester, "Mouse double-clicks").await["id"].as_i64().unwrap();
    let assign_other = json!({"assignee_id": fx.agent.id});
    let other_path = format!("/api/v1/tickets/{other}");
    let (status, _) = server.api(Some(&fx.agent), reqwest::Method::PATCH, &other_path, Some(assign_other)).await;
    assert!(status.is_success(), "{status}");
    let other_comments = format!("{other_path}/comments");
    let (status, _) =
        server.api(Some(&fx.requester), reqwest::Method::POST, &other_comments, Some(reply("Still dead"))).await;
    assert!(status.is_success(), "{status}");

    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.goto(&path).await;
    b.wait_for(Locator::Css("section.conversation")).await;
    let stay = b.client.execute("window.__stayed = true; return true", Vec::new()).await;
    b.check(stay, "mark the page").await;
    // The stream's first event is the unread count: the page listens once the title shows it.
    wait_until(&b, "return document.title.startsWith('(1) ')", json!(true), "the title counts one unread").await;
    let draft = "Could you try another charger";
    b.type_into("#body", draft).await;

    let answer = "It charges with the cable from the meeting room";
    let (status, _) = server.api(Some(&fx.requester), reqwest::Method::POST, &comments, Some(reply(answer))).await;
    assert!(status.is_success(), "{status}");
    let notice = b.wait_for(Locator::Css(".live-notice")).await;
    let said = b.check(notice.text().await, "read the notice").await;
    assert!(said.starts_with("rita replied"), "the notice says who replied: {said}");
    wait_until(&b, "return document.title.startsWith('(2) ')", json!(true), "the title counts two unread").await;
    assert_eq!(b.text("a[data-bell] .badge").await, "2");
    assert!(!b.text("ol.timeline").await.contains(answer), "the reply waits for Show");

    b.press("//div[contains(@class, 'live-notice')]", "Show").await;
    b.wait_for(Locator::XPath(&format!(
        "//ol[contains(@class, 'timeline')]/li[contains(@class, 'reply')]/div[contains(@class, 'body')][contains(., '{answer}')]"
    )))
    .await;
    let body = b.find(Locator::Css("#body")).await;
    assert_eq!(b.check(body.prop("value").await, "read the reply box").await.as_deref(), Some(draft));
    let stayed = b.client.execute("return window.__stayed === true", Vec::new()).await;
    assert_eq!(b.check(stayed, "check the page").await, json!(true), "the page was not reloaded");
    assert_eq!(b.count(".live-notice").await, 0, "the notice is gone");

    // On the queue, a ticket filed meanwhile is offered, then shown, without a reload.
    b.goto("/tickets?view=open").await;
    let row = format!("tr[data-id='{id}']");
    b.wait_for(Locator::Css(&row)).await;
    b.check(b.client.execute("window.__stayed = true; return true", Vec::new()).await, "mark the page").await;
    // Showing the reply read the ticket again, which read its notification: one is left.
    wait_until(&b, "return document.title.startsWith('(1) ')", json!(true), "the queue listens").await;
    let filed = server.ticket(&fx.requester, "Second screen stays black").await;
    let banner = b.wait_for(Locator::Css(".live-notice")).await;
    let said = b.check(banner.text().await, "read the banner").await;
    assert!(said.starts_with("1 new or updated ticket —"), "{said}");
    b.press("//div[contains(@class, 'live-notice')]", "Show").await;
    b.wait_for(Locator::Css(&format!("tr[data-id='{}']", filed["id"]))).await;
    assert_eq!(b.count(&row).await, 1, "the rows shown before are still there");
    let stayed = b.client.execute("return window.__stayed === true", Vec::new()).await;
    assert_eq!(b.check(stayed, "check the page").await, json!(true), "the queue was not reloaded");
    b.close().await;
}

/// Two colleagues on one ticket see each other (and who is replying) as it happens; an
/// agent chooses the queue's columns and compact rows, on a desktop and a phone.
async fn colleagues_see_each_other_on_a_ticket_and_an_agent_chooses_the_queues_columns(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let id = server.ticket(&fx.requester, "Projector shows no picture").await["id"].as_i64().unwrap();
    let path = format!("/tickets/{id}");
    let presence = format!("{path}/presence");
    let manager = server.session(&fx.manager).await;

    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.goto(&path).await;
    b.wait_for(Locator::Css("[data-presence]")).await;
    wait_until(&b, "return document.documentElement.dataset.live === 'on'", json!(true), "the page listens").await;
    // The page said it is here: the manager sees the agent.
    let (_, html) = manager.post(&presence, &[("activity", "viewing")]).await;
    assert!(html.contains("</span>agent"), "the agent's page said it is open: {html}");
    // The manager starts a reply: the agent's page shows it without a reload.
    manager.post(&presence, &[("activity", "writing")]).await;
    let writing = b.wait_for(Locator::Css("[data-presence] li.writing")).await;
    let said = b.check(writing.text().await, "read who is replying").await;
    assert!(said.contains("manager") && said.contains("is replying"), "{said}");
    // The agent types a reply: the manager sees it.
    b.type_into("#body", "Trying another cable").await;
    let mut seen = String::new();
    for _ in 0..50 {
        seen = manager.get(&presence).await.1;
        if seen.contains("is replying") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen.contains("</span>agent <em>is replying"), "the agent's page said it is writing: {seen}");
    // The manager leaves: the agent's list empties.
    manager.post(&presence, &[("activity", "left")]).await;
    wait_until(&b, "return document.querySelector('[data-presence]').children.length", json!(0), "the list empties")
        .await;

    // Columns: leave out the requester, add the kind, compact rows.
    b.goto("/tickets?view=all").await;
    b.wait_for(Locator::Css("table.list")).await;
    b.click(Locator::Css("details.columns summary")).await;
    b.click(Locator::Css("details.columns input[value='requester']")).await;
    b.click(Locator::Css("details.columns input[value='kind']")).await;
    b.click(Locator::Css("details.columns input[value='compact']")).await;
    b.press("//details[contains(@class, 'columns')]", "Apply").await;
    assert_eq!(b.confirmation().await.trim_end_matches('×').trim(), "Columns saved");
    assert_eq!(b.count("table.list.compact").await, 1, "compact rows");
    let heads = b.text("table.list thead").await;
    assert!(heads.contains("KIND") || heads.contains("Kind"), "{heads}");
    assert!(!heads.to_lowercase().contains("requester"), "{heads}");
    // On a phone the rows are cards and nothing scrolls sideways.
    b.check(b.client.set_window_size(390, 844).await, "narrow the window").await;
    b.goto("/tickets?view=all").await;
    b.wait_for(Locator::Css("table.list")).await;
    let fits = b.eval("return document.documentElement.scrollWidth <= document.documentElement.clientWidth").await;
    assert_eq!(fits, json!(true), "the compact list fits a phone");
    b.close().await;
}

helmdesk_store::backend_tests!(
    colleagues_see_each_other_on_a_ticket_and_an_agent_chooses_the_queues_columns,
    an_agent_works_a_ticket_from_the_keyboard_and_its_header_on_a_desktop_and_a_phone,
    a_reply_from_elsewhere_appears_on_the_open_ticket_page_without_a_reload,
    an_agent_answers_with_a_canned_response_and_merges_a_duplicate,
    an_agent_works_a_ticket_and_the_requester_sees_only_the_public_reply,
    a_ticket_subject_with_markup_is_shown_as_text_and_never_runs,
    a_manager_sees_the_dashboard_charts_on_a_wide_and_a_narrow_screen,
);

/// Where the README's screenshot lives: `docs/` at the top of the workspace.
fn screenshot_path() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("workspace directory");
    workspace.join("docs").join("screenshot.png")
}

/// A server whose only data is the demo's. The fixture of [`TestServer`] cannot be used: its
/// names (Acme Labs, Finance, Service Desk, Hardware) collide with the demo's, and
/// `load_demo` refuses with a conflict.
struct DemoServer {
    base: String,
    app: helmdesk_app::App,
    serving: tokio::task::JoinHandle<()>,
    // Dropped last: the database outlives the server using it.
    _db: TestDatabase,
}

impl DemoServer {
    async fn start() -> DemoServer {
        let db = TestDatabase::new(Backend::Sqlite).await.expect("test database");
        let store = db.store().await.expect("store");
        let app = helmdesk_app::App::new(store, Arc::new(SystemClock), helmdesk_app::AppSettings::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the server");
        let base = format!("http://{}", listener.local_addr().expect("server address"));
        let router = helmdesk_web::router(app.clone(), helmdesk_web::WebSettings::default());
        let serving = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        DemoServer { base, app, serving, _db: db }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.serving.abort();
    }
}

/// The demo manager's view of all open tickets. With `HELMDESK_SCREENSHOT` set, it is saved as
/// docs/screenshot.png; without, the page is still loaded and checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshot_of_the_queue_for_the_readme() {
    let _browser = browser_slot().await;
    let server = DemoServer::start().await;
    let created = server.app.load_demo().await.expect("load the demo data");
    assert!(created > 0, "the demo data has tickets");
    let b = Browser::open(&server.base).await;

    b.sign_in("alex.morgan@acme.example", helmdesk_app::platform::demo::DEMO_PASSWORD).await;
    b.goto("/tickets?view=open").await;
    b.wait_for(Locator::Css("table.list tbody tr")).await;
    assert_eq!(b.path().await, "/tickets?view=open");
    assert!(
        b.text("nav.tabs a[aria-current='page']").await.starts_with("All open"),
        "the tab of the view, with its count"
    );
    assert!(b.count("table.list tbody tr").await > 1, "the open queue lists the demo tickets");

    if std::env::var_os("HELMDESK_SCREENSHOT").is_some() {
        let png = b.check(b.client.screenshot().await, "take a screenshot").await;
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        let path = screenshot_path();
        std::fs::create_dir_all(path.parent().expect("docs directory")).expect("create docs/");
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    b.close().await;
}

/// A manager sets up office hours and a policy in the admin pages; a ticket filed
/// afterwards shows its due times on the ticket page, and the agent can unfold how they
/// were computed.
async fn a_manager_sets_up_service_levels_and_tickets_show_their_due_times(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.manager.email, PASSWORD).await;
    b.goto("/admin").await;
    b.click(Locator::Css("a[href='/admin/sla']")).await;
    b.wait_for(Locator::Css("a[href='/admin/calendars/new']")).await;
    b.click(Locator::Css("a[href='/admin/calendars/new']")).await;
    b.wait_for(Locator::Css("#name")).await;
    b.type_into("#name", "Office hours").await;
    let zone = b.find(Locator::Css("#time_zone")).await;
    b.check(zone.clear().await, "clear the time zone").await;
    b.type_into("#time_zone", "Europe/Amsterdam").await;
    b.type_into("#holidays", "every 12-25 Christmas Day").await;
    b.press("//main//form[contains(@action, '/admin/calendars')]", "Save calendar").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.starts_with("Saved"));
    assert!(b.text("main").await.contains("Mon–Fri 08:00-12:00, 13:00-17:00"), "{}", b.text("main").await);

    b.click(Locator::Css("a[href='/admin/sla-policies/new']")).await;
    b.wait_for(Locator::Css("#name")).await;
    b.type_into("#name", "Standard").await;
    b.press("//main//form[contains(@action, '/admin/sla-policies')]", "Save policy").await;
    b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.text("table[aria-label='SLA policies']").await.contains("Standard"));
    b.sign_out().await;

    b.sign_in(&fx.agent.email, PASSWORD).await;
    let path =
        b.file_ticket("Laptop will not charge", "The charging light stays off.", Some(&fx.requester.email)).await;
    let panel = b.wait_for(Locator::Css("section.sla")).await;
    let text = b.check(panel.text().await, "read the SLA panel").await;
    assert!(text.contains("Standard") && text.contains("First response") && text.contains("Resolution"), "{text}");
    assert!(text.contains("working time left"), "{text}");
    b.click(Locator::Css("section.sla summary")).await;
    let steps = b.wait_for(Locator::Css("section.sla ol.steps li")).await;
    assert!(b.check(steps.is_displayed().await, "are the steps displayed").await, "the explanation unfolds");
    assert!(b.text("section.sla details").await.contains("Office hours (Europe/Amsterdam)"));
    assert_eq!(b.path().await, path);
    b.close().await;
}

helmdesk_store::backend_tests!(a_manager_sets_up_service_levels_and_tickets_show_their_due_times);

/// An administrator sets up mail: who may open tickets, the outgoing server (its password
/// never shown again), a mailbox; a message from a sender the policy refused is listed as
/// rejected, downloaded and retried once the policy admits the sender. With
/// `HELMDESK_MAIL_SCREENSHOT=FILE`, the page is saved there to be looked at.
async fn an_administrator_sets_up_mail_and_retries_a_rejected_message(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.admin.email, PASSWORD).await;
    b.goto("/admin").await;
    b.click(Locator::Css("a[href='/admin/mail']")).await;
    b.wait_for(Locator::Css("#policy")).await;
    let policy = b.find(Locator::Css("#policy")).await;
    b.check(policy.select_by_value("reject").await, "choose the policy").await;
    b.click(Locator::Css("input[name=send]")).await;
    b.type_into("#smtp-host", "smtp.acme.example").await;
    b.type_into("#smtp-password", "hunter2").await;
    b.type_into("#from-address", "support@acme.example").await;
    b.press("//main//form[@action='/admin/mail/settings']", "Save settings").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert_eq!(b.check(notice.text().await, "read the notice").await, "Mail settings saved.");
    assert!(!b.source().await.contains("hunter2"), "the password came back to the page");
    assert!(b.text("label[for=smtp-password]").await.contains("stored"));

    b.click(Locator::Css("details summary")).await;
    b.type_into("#add-mb-name", "Support").await;
    b.type_into("#add-mb-address", "support@acme.example").await;
    b.type_into("#add-mb-host", "imap.acme.example").await;
    b.type_into("#add-mb-user", "support").await;
    b.type_into("#add-mb-password", "imap-secret").await;
    b.press("//main//form[@action='/admin/mail/mailboxes']", "Add mailbox").await;
    // The page before had a notice too: wait for the list, which only the new page has.
    let list = b.wait_for(Locator::Css("table[aria-label=Mailboxes]")).await;
    assert!(b.check(list.text().await, "read the mailboxes").await.contains("imap.acme.example:993"));

    let raw = b"From: Stranger <stranger@elsewhere.example>\r\nSubject: <b>Let me in</b>\r\n\r\nPlease.\r\n";
    let id = server.app.receive_mail(Default::default(), raw).await.unwrap().unwrap();
    server.app.process_inbound(id).await.unwrap();
    b.goto("/admin/mail?status=rejected").await;
    let row = b.wait_for(Locator::Css("table[aria-label='Received mail: Rejected'] tbody tr")).await;
    let text = b.check(row.text().await, "read the row").await;
    assert!(text.contains("stranger@elsewhere.example") && text.contains("<b>Let me in</b>"), "{text}");
    assert!(b.source().await.contains(&format!("/admin/mail/inbound/{id}/raw")));
    if let Some(path) = std::env::var_os("HELMDESK_MAIL_SCREENSHOT") {
        let png = b.check(b.client.screenshot().await, "take a screenshot").await;
        std::fs::write(path, png).unwrap();
    }

    let policy = b.find(Locator::Css("#policy")).await;
    b.check(policy.select_by_value("allow").await, "choose the policy").await;
    b.press("//main//form[@action='/admin/mail/settings']", "Save settings").await;
    b.wait_for(Locator::Css("main .notice")).await;
    b.goto("/admin/mail?status=rejected").await;
    b.press("//table", "Retry").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.contains("queued to be processed again"));
    server.app.process_inbound(id).await.unwrap();
    b.goto("/admin/mail?status=processed").await;
    b.wait_for(Locator::Css("table[aria-label='Received mail: Processed'] tbody tr a[href^='/tickets/']")).await;
    b.close().await;
}

helmdesk_store::backend_tests!(an_administrator_sets_up_mail_and_retries_a_rejected_message);

/// A manager writes a rule in the form (a new ticket about the VPN goes to the team with
/// a note); a requester files one; the rule's change is on the ticket and in the rule's
/// log. With `HELMDESK_AUTOMATION_SCREENSHOT=FILE`, the page is saved there.
async fn a_manager_writes_an_automation_rule_and_sees_what_it_did(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.manager.email, PASSWORD).await;
    b.goto("/admin").await;
    b.click(Locator::Css("a[href='/admin/automation']")).await;
    b.wait_for(Locator::Css("#rule-name")).await;
    // The manager of Acme writes rules for Acme and its subsidiary, never for everyone.
    let scopes = b.text("#rule-organisation").await;
    assert!(scopes.contains("Acme Labs") && !scopes.contains("Every organisation"), "{scopes}");
    let chosen = b.find(Locator::Css("#rule-organisation option:checked")).await;
    assert_eq!(b.check(chosen.text().await, "read the chosen organisation").await, "Acme");
    b.type_into("#rule-name", "VPN to the desk").await;
    b.type_into("#rule-words", "vpn").await;
    let team = b.find(Locator::Css("#rule-set-team")).await;
    b.check(team.select_by_value(&fx.team.to_string()).await, "choose the team").await;
    b.type_into("#rule-comment", "Routed {{ticket.number}} by rule.").await;
    b.click(Locator::Css("input[name=comment_internal]")).await;
    b.press("//main//form[@action='/admin/automation']", "Add rule").await;
    let list = b.wait_for(Locator::Css("table[aria-label='Automation rules, first run first']")).await;
    let rules = b.check(list.text().await, "read the rules").await;
    assert!(rules.contains("subject has vpn") && rules.contains("tickets of acme and its subsidiaries"), "{rules}");

    let requester = server.app.actor_by_id(fx.requester.id).await.unwrap();
    let input = serde_json::from_value(json!({"subject": "VPN is down again"})).unwrap();
    let ticket = server.app.create_ticket(&requester, input).await.unwrap();
    loop {
        let now = server.app.now_micros();
        let Some(job) = server.app.store().claim_job("test", now, now + 60_000_000).await.unwrap() else { break };
        server.app.run_job(&job).await.unwrap();
        server.app.store().complete_job(job.id, "test", now).await.unwrap();
    }
    assert_eq!(server.app.store().ticket(ticket.id).await.unwrap().ticket.team_id, Some(fx.team));

    b.goto("/admin/automation").await;
    let log = b.wait_for(Locator::Css("table[aria-label='What rules did, newest first']")).await;
    let text = b.check(log.text().await, "read the log").await;
    assert!(text.contains("VPN to the desk") && text.contains("internal note added"), "{text}");
    if let Some(path) = std::env::var_os("HELMDESK_AUTOMATION_SCREENSHOT") {
        let png = b.check(b.client.screenshot().await, "take a screenshot").await;
        std::fs::write(path, png).unwrap();
    }
    b.goto(&format!("/tickets/{}", ticket.id)).await;
    let timeline = b.wait_for(Locator::Css("section.conversation")).await;
    let text = b.check(timeline.text().await, "read the timeline").await;
    assert!(text.contains(&format!("Routed {} by rule.", ticket.number)), "{text}");
    b.close().await;
}

helmdesk_store::backend_tests!(a_manager_writes_an_automation_rule_and_sees_what_it_did);

/// An administrator rewrites the reply e-mail, previews it on the newest ticket and saves
/// it; a requester chooses which e-mail they get. With `HELMDESK_TEMPLATE_SCREENSHOT=FILE`,
/// the preview is saved there.
async fn an_administrator_previews_and_saves_a_template_and_people_choose_their_mail(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let ticket = server.ticket(&fx.requester, "Monitor <flickers>").await["number"].as_str().unwrap().to_string();
    let b = Browser::open(&server.base).await;

    b.sign_in(&fx.admin.email, PASSWORD).await;
    b.goto("/admin").await;
    b.click(Locator::Css("a[href='/admin/notifications']")).await;
    b.wait_for(Locator::Css("a[href='/admin/notifications/reply/en']")).await;
    b.click(Locator::Css("a[href='/admin/notifications/reply/en']")).await;
    let subject = b.wait_for(Locator::Css("#subject")).await;
    b.check(subject.clear().await, "clear the subject").await;
    b.type_into("#subject", "Re: {{ticket.subject}} ({{ticket.number}})").await;
    b.press("//main//form", "Preview").await;
    let preview = b.wait_for(Locator::Css("section[aria-labelledby=preview-h]")).await;
    let text = b.check(preview.text().await, "read the preview").await;
    assert!(text.contains(&format!("Re: Monitor <flickers> ({ticket})")), "{text}");
    if let Some(path) = std::env::var_os("HELMDESK_TEMPLATE_SCREENSHOT") {
        let png = b.check(b.client.screenshot().await, "take a screenshot").await;
        std::fs::write(path, png).unwrap();
    }
    b.press("//main//form", "Save template").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.contains("saved"));
    b.goto("/admin/notifications").await;
    let list = b.wait_for(Locator::Css("table[aria-label='Notification templates']")).await;
    assert!(b.check(list.text().await, "read the list").await.contains("Re: {{ticket.subject}}"));
    b.sign_out().await;

    b.sign_in(&fx.requester.email, PASSWORD).await;
    b.goto("/account").await;
    b.wait_for(Locator::Css("input[name=event][value=reply]")).await;
    b.click(Locator::Css("input[name=event][value=reply]")).await;
    b.press("//main//form[@action='/account/notifications']", "Save notification settings").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.contains("notification settings are saved"));
    let requester = server.app.actor_by_id(fx.requester.id).await.unwrap();
    let prefs = server.app.notification_preferences(&requester).await.unwrap();
    assert!(!prefs.email_events.iter().any(|e| e == "reply"), "{prefs:?}");
    b.close().await;
}

helmdesk_store::backend_tests!(an_administrator_previews_and_saves_a_template_and_people_choose_their_mail);

/// A requester follows the survey link of a resolved ticket without signing in and rates
/// it; the agent sees the stars on the ticket page.
async fn a_requester_rates_a_resolved_ticket_from_the_mail_link(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let ticket = server.ticket(&fx.requester, "Keyboard sticks").await["id"].as_i64().unwrap();
    let url = server.app.survey_url(ticket).await.unwrap();
    let token = url.rsplit('/').next().unwrap().to_string();
    let b = Browser::open(&server.base).await;

    b.goto(&format!("/survey/{token}")).await;
    b.wait_for(Locator::Css("input[name=rating][value='5']")).await;
    assert!(b.text("main").await.contains("Keyboard sticks"));
    b.click(Locator::Css("input[name=rating][value='5']")).await;
    b.type_into("#comment", "Sorted in minutes").await;
    b.press("//main//form", "Send").await;
    let notice = b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.check(notice.text().await, "read the notice").await.starts_with("Thank you"));
    // The link is spent: opened again, it thanks and offers no form.
    b.goto(&format!("/survey/{token}")).await;
    b.wait_for(Locator::Css("main .notice")).await;
    assert!(b.text("main").await.contains("Your rating: 5 of 5"));
    assert_eq!(b.count("main form").await, 0, "a spent link offers no form");
    b.goto("/survey/not-a-real-token").await;
    b.wait_for(Locator::Css("main")).await;
    assert!(!b.text("main").await.contains("Keyboard sticks"), "an unknown link shows nothing");

    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.goto(&format!("/tickets/{ticket}")).await;
    let rating = b.wait_for(Locator::Css(".rating")).await;
    assert_eq!(b.check(rating.text().await, "read the rating").await, "★★★★★");
    assert!(b.text("section[aria-label=Details]").await.contains("Sorted in minutes"));
    b.close().await;
}

helmdesk_store::backend_tests!(a_requester_rates_a_resolved_ticket_from_the_mail_link);

/// A requester who forgot her password asks for a link from the login page, opens the
/// link from the mail (read from the queue: there is no mail server), chooses a new
/// password and signs in with it; the link then no longer works.
async fn someone_who_forgot_their_password_chooses_a_new_one_through_the_mailed_link(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    server.send_mail().await;
    let rita = &server.fx.requester;
    let b = Browser::open(&server.base).await;

    b.goto("/login").await;
    b.click(Locator::LinkText("Forgot your password?")).await;
    b.wait_for(Locator::Css("form[action='/password/forgot'] #email")).await;
    b.type_into("#email", &rita.email).await;
    b.press("//main//form", "Send me a link").await;
    let notice = b.wait_for(Locator::Css(".login [role=status]")).await;
    assert!(b.check(notice.text().await, "read the notice").await.contains("is on its way"));

    server.run_jobs().await;
    let links = server.mailed_reset_links(&rita.email).await;
    let [link] = links.as_slice() else { panic!("one link: {links:?}") };
    b.goto(link).await;
    b.wait_for(Locator::Css("#new_password")).await;
    let new = "a passphrase from the mail";
    b.type_into("#new_password", new).await;
    b.type_into("#confirm_password", new).await;
    b.press("//main//form", "Set my new password").await;
    let notice = b.wait_for(Locator::Css(".login [role=status]")).await;
    assert!(b.check(notice.text().await, "read the notice").await.starts_with("Your new password is set"));

    b.sign_in(&rita.email, new).await;
    assert_eq!(b.path().await, "/portal");
    b.goto(link).await;
    let heading = b.wait_for(Locator::Css("main h1")).await;
    assert_eq!(b.check(heading.text().await, "read the heading").await, "This link no longer works");
    b.click(Locator::LinkText("Ask for a new link")).await;
    b.wait_for(Locator::Css("form[action='/password/forgot']")).await;
    b.close().await;
}

helmdesk_store::backend_tests!(someone_who_forgot_their_password_chooses_a_new_one_through_the_mailed_link);

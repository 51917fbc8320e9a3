//! The service desk's pages in the reader's language, on both backends: a manager who chose
//! Dutch reads the service levels, the new-ticket form and the confirmation of what they
//! did in Dutch; a colleague who chose nothing reads the same pages in English; the survey,
//! read without signing in, speaks the browser's language.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(a_person_who_chose_dutch_reads_the_service_desk_in_dutch);

async fn a_person_who_chose_dutch_reads_the_service_desk_in_dutch(backend: Backend) {
    let s = TestServer::start(backend).await;
    let manager = s.session(&s.fx.manager).await;
    manager.reads_in("nl").await;

    let (status, page) = manager.get("/admin/sla").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Serviceniveaus</h1>"), "{page}");
    assert!(page.contains("Nog geen beleid: tickets hebben geen vervaltijden."), "{page}");
    assert!(page.contains(">Nieuwe kalender</a>") && page.contains("← Beheer</a>"), "{page}");
    assert!(!page.contains("Service levels") && !page.contains("No policies yet"), "nothing is left in English");

    let calendar = [
        ("name", "Kantoor"),
        ("time_zone", "Europe/Amsterdam"),
        ("monday", "08:00-17:00"),
        ("tuesday", "08:00-17:00"),
        ("wednesday", "08:00-17:00"),
        ("thursday", "08:00-17:00"),
        ("friday", "08:00-12:00"),
        ("holidays", "every 04-27 Koningsdag"),
    ];
    let (status, _) = manager.post("/admin/calendars", &calendar).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = manager.get("/admin/sla?saved=calendar").await;
    assert!(page.contains("Opgeslagen. De vervaltijden"), "the notice is Dutch: {page}");
    assert!(page.contains("ma–do 08:00-17:00; vr 08:00-12:00"), "so are the weekdays: {page}");
    let (_, page) = manager.get("/admin/sla-policies/new").await;
    assert!(page.contains("<h1>Nieuw SLA-beleid</h1>") && page.contains(">Elke prioriteit</option>"), "{page}");
    assert!(page.contains(">P1 Kritiek</span>") && page.contains(">Eerste reactie</option>"), "{page}");

    let (status, page) = manager.get("/tickets/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<title>Nieuw ticket · Helmdesk</title>") && page.contains("<h1>Nieuw ticket</h1>"),
        "{page}"
    );
    assert!(page.contains("Onderwerp <span class=\"hint\">") && page.contains(">Ticket indienen</button>"), "{page}");
    assert!(page.contains("<option value=\"medium\" selected>Gemiddeld</option>"), "impact and urgency: {page}");
    assert!(page.contains("> Serviceverzoek</label>") && page.contains(">Mijzelf</option>"), "{page}");
    assert!(!page.contains("File ticket") && !page.contains("Service request"), "nothing is left in English");

    let filing = [("kind", "incident"), ("subject", "Printer kapot"), ("impact", "low"), ("urgency", "low")];
    let res = manager
        .client
        .post(format!("{}/tickets/new", s.base))
        .form(&[filing.as_slice(), &[("csrf", manager.csrf.as_str())]].concat())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ticket = res.headers()["location"].to_str().unwrap().to_string();
    let (_, page) = manager.get(&ticket).await;
    assert!(page.contains("Ticket INC-") && page.contains(" ingediend</div>"), "the confirmation is Dutch: {page}");

    // A colleague who chose nothing reads English.
    let agent = s.session(&s.fx.agent).await;
    let (_, page) = agent.get("/tickets/new").await;
    assert!(page.contains("<h1>New ticket</h1>") && page.contains(">File ticket</button>"), "{page}");
    assert!(page.contains("<option value=\"medium\" selected>Medium</option>"), "{page}");

    // The survey has no signed-in reader: it answers in the browser's language.
    let id: i64 = ticket.trim_start_matches("/tickets/").parse().unwrap();
    let url = s.app.survey_url(id).await.unwrap();
    let path = &url[url.find("/survey/").unwrap()..];
    let page = survey_page(&s, path, "nl-NL,nl;q=0.9,en;q=0.8").await;
    assert!(page.contains("<h1>Hoe hebben we het gedaan?</h1>") && page.contains("5 — Uitstekend"), "{page}");
    assert!(page.contains("lang=\"nl\""), "the panel says its language");
    let page = survey_page(&s, path, "fr-FR,en;q=0.5").await;
    assert!(page.contains("<h1>How did we do?</h1>") && page.contains("5 — Excellent"), "{page}");
}

/// The survey page at `path`, read by a browser that asks for `languages`.
async fn survey_page(s: &TestServer, path: &str, languages: &str) -> String {
    let res = TestServer::client().get(format!("{}{path}", s.base)).header("accept-language", languages).send().await;
    res.unwrap().text().await.unwrap()
}

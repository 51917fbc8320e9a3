//! The platform's pages in the reader's language, on both backends: a person who chose
//! Dutch reads their account page, the administration pages, the confirmations of what they
//! did and the error pages in Dutch, while everyone else keeps English; someone who is not
//! signed in reads the language their browser asks for.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(a_dutch_speaking_person_reads_the_platform_in_dutch, the_sign_in_pages_speak_the_browsers_language);

async fn a_dutch_speaking_person_reads_the_platform_in_dutch(backend: Backend) {
    let s = TestServer::start(backend).await;
    let admin = s.session(&s.fx.admin).await;
    admin.reads_in("nl").await;

    let (_, page) = admin.get("/account").await;
    assert!(page.contains("<title>Uw account · Helmdesk</title>") && page.contains("<h1>Uw account</h1>"));
    assert!(page.contains("<dt>Rol</dt><dd>beheerder</dd>"), "the role is named in Dutch");
    assert!(page.contains("Er is een openbaar antwoord toegevoegd"), "the e-mail events are named in Dutch");
    assert!(page.contains(">Meldingsinstellingen opslaan</button>") && !page.contains("Save notification settings"));

    let (_, users) = admin.get("/admin/users").await;
    assert!(users.contains("<h1>Gebruikers</h1>") && users.contains(">Gebruiker toevoegen</button>"));
    assert!(users.contains("<option value=\"requester\" selected>aanvrager</option>"), "the roles to choose");
    let (_, mail) = admin.get("/admin/mail").await;
    assert!(mail.contains("Wie per e-mail tickets mag openen") && mail.contains(">Alleen bekende personen</option>"));
    assert!(!mail.contains("Mail received") && mail.contains("Ontvangen e-mail"));

    // A notice on the page a form answers, counted in Dutch, and a confirmation carried
    // over a redirect.
    let (_, page) = admin.post("/admin/webhooks/settings", &[("allowed_hosts", "chat.intranet.example")]).await;
    assert!(page.contains("Opgeslagen: 1 toegestane host."), "the notice is in Dutch");
    let (status, _) = admin.post("/notifications/read", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = admin.get("/notifications").await;
    assert!(page.contains("Alle meldingen als gelezen gemarkeerd"), "the confirmation is in Dutch");
    assert!(page.contains("Niets ongelezen."));

    let (status, page) = admin.get("/admin/users/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("<h1>Niet gevonden</h1>") && page.contains("Fout 404"), "the error page is in Dutch");

    // Everyone else's pages stay English.
    let (_, theirs) = s.session(&s.fx.manager).await.get("/admin/teams").await;
    assert!(theirs.contains("<h1>Teams</h1>") && theirs.contains(">Create team</button>"));
    assert!(theirs.contains("Every organisation") || theirs.contains("Acme and its subsidiaries"));
}

async fn the_sign_in_pages_speak_the_browsers_language(backend: Backend) {
    let s = TestServer::start(backend).await;
    let client = TestServer::client();
    let page = |path: &str, language: Option<&str>| {
        let mut request = client.get(format!("{}{path}", s.base));
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };

    let (_, dutch) = page("/login", Some("nl-NL,nl;q=0.9,en;q=0.8")).await;
    assert!(dutch.contains("<h1>Inloggen bij Helmdesk</h1>") && dutch.contains(">Wachtwoord vergeten?</a>"));
    let (_, english) = page("/login", None).await;
    assert!(english.contains("<h1>Sign in to Helmdesk</h1>"), "English without a choice");
    let (_, german) = page("/login", Some("de-DE,de;q=0.9")).await;
    assert!(german.contains("<h1>Sign in to Helmdesk</h1>"), "English for a language we do not have");

    let (_, forgot) = page("/password/forgot", Some("nl")).await;
    assert!(forgot.contains("<h1>Wachtwoord vergeten?</h1>"));
    let (status, gone) = page("/password/reset/not-a-link", Some("nl")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(gone.contains("<h1>Deze link werkt niet meer</h1>"));
    let (status, missing) = page("/no/such/page", Some("nl")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("<h1>Niet gevonden</h1>") && missing.contains(">Inloggen</a>"));
}

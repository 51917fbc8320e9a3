//! A person's language, time zone and theme, on both backends: chosen on the account page,
//! followed by every page (the shell's words, `<html lang>`, the dates' zone, the theme),
//! refused when made up, and nobody else's.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(each_person_chooses_the_language_time_zone_and_theme_of_their_pages);

async fn each_person_chooses_the_language_time_zone_and_theme_of_their_pages(backend: Backend) {
    let s = TestServer::start(backend).await;
    let agent = s.session(&s.fx.agent).await;
    let (_, page) = agent.get("/account").await;
    assert!(page.contains("<html lang=\"en\">") && page.contains(">Sign out</button>"), "English by default");

    let (status, _) = agent
        .post("/account/preferences", &[("language", "nl"), ("time_zone", "Europe/Amsterdam"), ("theme", "dark")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get("/account").await;
    assert!(page.contains("Voorkeuren opgeslagen"), "the confirmation is in the language chosen");
    assert!(
        page.contains("<html lang=\"nl\" data-theme=\"dark\" data-time-zone=\"Europe/Amsterdam\">"),
        "the page follows the choices"
    );
    assert!(page.contains(">Afmelden</button>") && page.contains(">Wachtrij</a>"), "the shell speaks Dutch");
    let css = agent.client.get(format!("{}/static/app.css", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(css.contains(":root[data-theme=\"dark\"] {"), "the chosen dark theme has its palette");

    for (language, zone, theme, field) in
        [("klingon", "", "", "language"), ("", "Mars/Olympus_Mons", "", "time zone"), ("", "", "<script>", "theme")]
    {
        let (status, page) =
            agent.post("/account/preferences", &[("language", language), ("time_zone", zone), ("theme", theme)]).await;
        assert_eq!(status, StatusCode::OK, "{field}: the form again");
        assert!(page.contains("role=\"alert\""), "{field}: the error is shown");
        assert!(page.contains("<html lang=\"nl\" data-theme=\"dark\""), "{field}: nothing changed");
    }

    // Back to the defaults; another person's pages never changed.
    let (status, _) =
        agent.post("/account/preferences", &[("language", ""), ("time_zone", ""), ("theme", "system")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get("/account").await;
    assert!(page.contains("<html lang=\"en\">"));
    let (_, theirs) = s.session(&s.fx.manager).await.get("/account").await;
    assert!(theirs.contains("<html lang=\"en\">") && theirs.contains(">Sign out</button>"));
}

//! The asset pages through real forms: adding an asset, a refused form that keeps what was
//! typed, checking it out to a person who then confirms receipt on their devices page, and
//! another organisation's agent who finds nothing.

use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

use crate::common::{TestServer, hidden};

backend_tests!(an_agent_adds_an_asset_and_hands_it_to_a_person_who_confirms_receipt);

async fn an_agent_adds_an_asset_and_hands_it_to_a_person_who_confirms_receipt(backend: Backend) {
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let agent = server.session(&fx.agent).await;
    server.app.default_asset_types().await.unwrap();
    let laptop = server.app.store().asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id;
    let laptop = laptop.to_string();

    let (status, page) = agent.get(&format!("/assets/new?type_id={laptop}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Memory (GB)"), "the type's own fields are on the form");
    // A cost without a number is refused, and what was typed stays.
    let typed = [
        ("type_id", laptop.as_str()),
        ("name", "Finance laptop"),
        ("cost", "lots"),
        ("currency", "EUR"),
        ("f.ram_gb", "16"),
    ];
    let (status, page) = agent.post("/assets", &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("role=\"alert\"") && page.contains("Finance laptop") && page.contains("value=\"16\""),
        "{page}"
    );
    assert!(server.app.store().assets(&Default::default()).await.unwrap().is_empty(), "nothing was added");

    let good = [
        ("type_id", laptop.as_str()),
        ("name", "Finance laptop"),
        ("cost", "1299.50"),
        ("currency", "EUR"),
        ("f.ram_gb", "16"),
    ];
    let (status, _) = agent.post("/assets", &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = server.app.store().asset_id_by_tag("LAP-00001").await.unwrap().unwrap();
    let (_, page) = agent.get(&format!("/assets/{id}")).await;
    assert!(page.contains("LAP-00001 added: Finance laptop"), "a confirmation names the asset");
    assert!(page.contains("1299.50 EUR") && page.contains("16"));
    let version = hidden(&page, "version").unwrap();

    let out = [("kind", "person"), ("email", fx.requester.email.as_str()), ("version", version.as_str())];
    let (status, _) = agent.post(&format!("/assets/{id}/checkout"), &out).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/assets/{id}")).await;
    assert!(page.contains("checked out to"), "{page}");
    // A second check-out with the version read before is refused on the page, not lost.
    let (status, page) = agent.post(&format!("/assets/{id}/checkout"), &out).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("role=\"alert\""));

    let requester = server.session(&fx.requester).await;
    let (_, mine) = requester.get("/my/assets").await;
    assert!(mine.contains("LAP-00001") && mine.contains("Confirm I received LAP-00001"), "{mine}");
    let (status, _) = requester.post(&format!("/assets/{id}/accept"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, mine) = requester.get("/my/assets").await;
    assert!(mine.contains("LAP-00001 received") && !mine.contains("Confirm I received"), "{mine}");
    let (status, _) = requester.get("/assets").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "requesters see their own devices only");

    let foreign = server.session(&fx.foreign_agent).await;
    let (status, _) = foreign.get(&format!("/assets/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = foreign.get("/assets").await;
    assert!(!list.contains("LAP-00001"));
}

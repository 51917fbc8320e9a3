//! The CMDB in Chromium: an agent finds a server, reads what fails with it (the graph, the
//! business service, the department using it), follows the graph to an application and
//! records what that application needs, with a confirmation; then names the application on
//! a ticket, whose page shows the service at risk, and the application's page lists the
//! ticket.

use fantoccini::Locator;
use helmdesk_app::assets::cmdb::{NewCi, NewConsumer, NewRelation};
use helmdesk_domain::assets::cmdb::{CiClass, RelationKind};
use helmdesk_store::Backend;

use serde_json::json;

use super::{Browser, browser_slot, wait_until};
use crate::common::{PASSWORD, TestServer};

async fn an_agent_reads_a_server_s_impact_and_relates_an_application_to_its_database(backend: Backend) {
    let _browser = browser_slot().await;
    let server = TestServer::start(backend).await;
    let fx = &server.fx;
    let admin = server.app.actor_by_id(fx.admin.id).await.unwrap();
    let add =
        async |name: &str, class: CiClass| server.app.create_ci(&admin, &NewCi::new(name, class)).await.unwrap().id;
    let srv = add("srv-finance-01", CiClass::Hardware).await;
    let app = add("ledger-app", CiClass::Application).await;
    add("ledger-db", CiClass::Database).await;
    let service = add("Finance ledger", CiClass::BusinessService).await;
    for (source, kind, target) in [(app, RelationKind::RunsOn, srv), (service, RelationKind::DependsOn, app)] {
        server.app.add_ci_relation(&admin, source, &NewRelation { kind, target_id: target }).await.unwrap();
    }
    let users = NewConsumer { department_id: Some(fx.finance), user_id: None };
    server.app.add_ci_consumer(&admin, service, &users).await.unwrap();

    let b = Browser::open(&server.base).await;
    b.sign_in(&fx.agent.email, PASSWORD).await;
    b.click(Locator::Css("nav.main a[href='/cis']")).await;
    b.wait_for(Locator::Css("#cis-q")).await;
    b.type_into("#cis-q", "finance-01").await;
    b.press("//form[@role='search']", "Show").await;
    // The unfiltered list links the server too: wait for the search's own page.
    wait_until(&b, "return location.search.includes('q=finance-01')", json!(true), "the search is shown").await;
    b.click(Locator::Css(&format!("table.list a[href='/cis/{srv}']"))).await;
    b.wait_for(Locator::Css("figure.impact-graph svg")).await;
    assert_eq!(b.text("main h1").await, "srv-finance-01");
    let summary = b.text("section[aria-labelledby='ci-impact-h'] > p").await;
    assert!(summary.contains("2 items depend on it") && summary.contains("one business service"), "{summary}");
    assert_eq!(b.count("figure.impact-graph svg rect").await, 3, "the server and its two dependants are drawn");
    assert_eq!(b.count("figure.impact-graph svg line.edge").await, 2);
    assert!(b.text("table[aria-labelledby='ci-services-h']").await.contains("Finance ledger"));
    let department = b.text("section[aria-labelledby='ci-impact-h'] ul.plain").await;
    assert!(!department.is_empty(), "the department using the service is named");

    // The graph's nodes are links: on to the application.
    b.click(Locator::Css(&format!("figure.impact-graph a[href='/cis/{app}']"))).await;
    // The server's page has the same forms: wait for the application's address.
    wait_until(&b, "return location.pathname", json!(format!("/cis/{app}")), "the application's page").await;
    b.wait_for(Locator::Css("#relation-target")).await;
    assert!(b.text("section[aria-labelledby='ci-relations-h']").await.contains("runs on srv-finance-01"));
    let kind = b.find(Locator::Css("#relation-kind")).await;
    b.check(kind.select_by_value("depends_on").await, "choose depends on").await;
    b.type_into("#relation-target", "LEDGER-DB").await;
    b.press("//form[@aria-label='Relate']", "Relate").await;
    let confirmation = b.confirmation().await;
    assert!(confirmation.contains("ledger-app depends on ledger-db"), "{confirmation}");
    assert!(b.text("section[aria-labelledby='ci-relations-h']").await.contains("depends on ledger-db"));
    assert!(b.text("section[aria-labelledby='history-h']").await.contains("ledger-app depends on ledger-db"));

    // A name nobody has is refused on the page, with the form still there.
    b.type_into("#relation-target", "no-such-item").await;
    b.press("//form[@aria-label='Relate']", "Relate").await;
    let alert = b.wait_for(Locator::Css("main [role=alert]")).await;
    assert!(b.check(alert.text().await, "read the refusal").await.contains("no configuration item has this name"));
    assert_eq!(server.app.ci_relations(&admin, app).await.unwrap().len(), 3, "nothing more was recorded");

    // A ticket names the application: its page shows the service at risk.
    let ticket = server.ticket(&fx.requester, "The ledger will not post").await;
    let ticket = ticket["id"].as_i64().unwrap();
    b.goto(&format!("/tickets/{ticket}")).await;
    b.wait_for(Locator::Css("#ticket-ci")).await;
    b.type_into("#ticket-ci", "ledger-app").await;
    b.press("//section[@aria-labelledby='ticket-ci-h']//form", "Save item").await;
    let confirmation = b.confirmation().await;
    assert!(confirmation.contains("Configuration item: ledger-app"), "{confirmation}");
    let panel = b.text("section[aria-labelledby='ticket-ci-h']").await;
    assert!(panel.contains("ledger-app") && panel.contains("Finance ledger"), "{panel}");
    b.click(Locator::Css(&format!("section[aria-labelledby='ticket-ci-h'] a[href='/cis/{app}']"))).await;
    b.wait_for(Locator::Css("section[aria-labelledby='ci-tickets-h']")).await;
    let open = b.text("section[aria-labelledby='ci-tickets-h']").await;
    assert!(open.contains("The ledger will not post"), "{open}");
    b.close().await;
}

helmdesk_store::backend_tests!(an_agent_reads_a_server_s_impact_and_relates_an_application_to_its_database);

//! Tickets filed at the same time are written together (group commit) and each filing
//! still gets exactly its own ticket, number, history, search document and notifications.

use crate::support::people::person;
use std::sync::Arc;

use helmdesk_app::service_desk::search::TicketQuery;
use helmdesk_app::service_desk::tickets::NewTicket;
use helmdesk_app::store::platform::users::NewUser;
use helmdesk_app::{App, AppError, AppSettings};
use helmdesk_domain::SystemClock;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

backend_tests!(
    concurrent_filings_each_get_their_own_ticket_and_effects,
    a_filing_the_database_refuses_fails_alone_in_its_batch
);

fn new_ticket(subject: String, team_id: Option<i64>) -> NewTicket {
    NewTicket { team_id, ..NewTicket::incident(subject, "Filed in a crowd") }
}

async fn concurrent_filings_each_get_their_own_ticket_and_effects(backend: Backend) {
    let db = TestDatabase::new(backend).await.unwrap();
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    let s = app.store();
    let now = app.now_micros();
    let mut tx = s.begin().await.unwrap();
    let org = s.create_organisation(&mut tx, "Acme", None, now).await.unwrap().id;
    tx.commit().await.unwrap();
    let agent = s.create_user(&person("agent@acme.example", "agent", org), now).await.unwrap().id;
    let member = s.create_user(&person("member@acme.example", "agent", org), now).await.unwrap().id;
    let mut tx = s.begin().await.unwrap();
    let team = s.create_team(&mut tx, None, "Desk", "", &[member], now).await.unwrap().id;
    tx.commit().await.unwrap();
    let agent = app.actor_by_id(agent).await.unwrap();

    let filings = (0..60).map(|i| {
        let (app, agent) = (app.clone(), agent.clone());
        tokio::spawn(async move { app.create_ticket(&agent, new_ticket(format!("crowd {i}"), Some(team))).await })
    });
    let mut tickets = Vec::new();
    for f in futures::future::join_all(filings).await {
        tickets.push(f.unwrap().unwrap());
    }
    let mut numbers: Vec<&str> = tickets.iter().map(|t| t.number.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 60, "every filing has a ticket of its own");
    for t in &tickets {
        let i: usize = t.subject.trim_start_matches("crowd ").parse().unwrap();
        assert_eq!(t.subject, format!("crowd {i}"));
        assert_eq!(t.number, format!("INC-{:06}", t.id));
        assert_eq!(app.store().history(t.id).await.unwrap().len(), 1);
    }
    let notes = app.store().notifications(member, 100).await.unwrap();
    assert_eq!(notes.len(), 60, "the team member hears of each new ticket once");
    let page = app.list_tickets(&agent, &TicketQuery { limit: 100, ..Default::default() }).await.unwrap();
    assert_eq!(page.items.len(), 60);

    // A bad filing among good ones fails alone.
    let good = app.create_ticket(&agent, new_ticket("fine".into(), Some(team)));
    let bad = app.create_ticket(&agent, new_ticket("x".repeat(500), Some(team)));
    let (good, bad) = tokio::join!(good, bad);
    assert!(good.is_ok());
    assert!(matches!(bad, Err(AppError::Invalid(_))));
}

async fn a_filing_the_database_refuses_fails_alone_in_its_batch(backend: Backend) {
    use helmdesk_app::service_desk::filing::Filer;
    use helmdesk_app::store::service_desk::tickets::TicketRow;
    let db = TestDatabase::new(backend).await.unwrap();
    let store = db.store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let org = store.create_organisation(&mut tx, "Acme", None, 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let new = NewUser { name: "Ann".into(), ..person("ann@acme.example", "agent", org) };
    let ann = store.create_user(&new, 1).await.unwrap().id;
    let row = move |i: i64, requester_id: i64| TicketRow {
        kind: "incident".into(),
        subject: format!("t{i}"),
        requester_id,
        organisation_id: org,
        impact: "medium".into(),
        urgency: "medium".into(),
        priority: 3,
        status: "new".into(),
        created_by: ann,
        created_at: 1,
        updated_at: 1,
        ..Default::default()
    };
    let filer = Arc::new(Filer::default());
    let filings = (0..20).map(|i| {
        let (filer, store) = (filer.clone(), store.clone());
        let requester = if i == 7 { ann + 1000 } else { ann };
        tokio::spawn(async move { filer.file(&store, row(i, requester), ann, Vec::new(), None, None).await })
    });
    let results: Vec<_> = futures::future::join_all(filings).await.into_iter().map(|r| r.unwrap()).collect();
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result.is_ok(), i != 7, "filing {i}: {result:?}");
    }
    let subjects: Vec<String> = results.into_iter().flatten().map(|t| t.row.subject).collect();
    assert_eq!(subjects.len(), 19);
}

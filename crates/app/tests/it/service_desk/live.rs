//! Live updates: filing, replying and changing a ticket are told once they commit, to the
//! people who may see the ticket, and on PostgreSQL to every node of the database.

use std::sync::Arc;
use std::time::Duration;

use crate::support::people::{actor, organisation};
use helmdesk_app::platform::live::ChangeKind;
use helmdesk_app::service_desk::live::{LiveFeed, LiveUpdate};
use helmdesk_app::service_desk::tickets::{NewComment, NewTicket, TicketPatch};
use helmdesk_app::{App, AppSettings};
use helmdesk_domain::{Level, SystemClock};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Sql, backend_tests};

backend_tests!(filing_replying_and_changing_are_told_to_those_who_may_see_the_ticket);

/// The next update of `feed`, failing after a few seconds.
async fn next(feed: &mut LiveFeed) -> LiveUpdate {
    tokio::time::timeout(Duration::from_secs(10), feed.next())
        .await
        .expect("an update within ten seconds")
        .expect("the bus is open")
}

/// The next ticket update of `feed`, passing over notification counts.
async fn next_ticket(feed: &mut LiveFeed) -> LiveUpdate {
    loop {
        match next(feed).await {
            LiveUpdate::Notifications => continue,
            update => return update,
        }
    }
}

fn reply(body: &str, internal: bool) -> NewComment {
    NewComment { body: body.into(), internal }
}

async fn filing_replying_and_changing_are_told_to_those_who_may_see_the_ticket(backend: Backend) {
    let db = TestDatabase::new(backend).await.unwrap();
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    app.start_live().await;
    let acme = organisation(&app, "Acme").await;
    let other = organisation(&app, "Other").await;
    let requester = actor(&app, "rita@acme.example", "requester", acme).await;
    let agent = actor(&app, "agent@acme.example", "agent", acme).await;
    let colleague = actor(&app, "colleague@acme.example", "agent", acme).await;
    let foreign = actor(&app, "agent@other.example", "agent", other).await;
    let foreign_requester = actor(&app, "fred@other.example", "requester", other).await;
    let mut agents = app.live_updates(agent.clone());
    let mut requesters = app.live_updates(requester.clone());
    let mut foreigners = app.live_updates(foreign.clone());
    let mut colleagues = app.live_updates(colleague.clone());

    let filed = app.create_ticket(&requester, NewTicket::incident("VPN down", "Since nine")).await.unwrap();
    let id = filed.id;
    assert_eq!(next_ticket(&mut agents).await, LiveUpdate::Ticket { id, kind: ChangeKind::Filed, mine: false });
    assert_eq!(next(&mut requesters).await, LiveUpdate::Ticket { id, kind: ChangeKind::Filed, mine: true });
    assert_eq!(next(&mut requesters).await, LiveUpdate::Notifications, "the acknowledgement");

    let patch = TicketPatch { assignee_id: Some(Some(agent.id)), ..Default::default() };
    app.update_ticket(&colleague, id, patch, None).await.unwrap();
    assert_eq!(next(&mut agents).await, LiveUpdate::Ticket { id, kind: ChangeKind::Updated, mine: false });
    assert_eq!(next(&mut agents).await, LiveUpdate::Notifications, "assigned to them");
    assert_eq!(next(&mut colleagues).await, LiveUpdate::Ticket { id, kind: ChangeKind::Filed, mine: false });
    assert_eq!(next(&mut colleagues).await, LiveUpdate::Ticket { id, kind: ChangeKind::Updated, mine: true });

    // An internal note reaches staff, never the requester.
    app.add_comment(&agent, id, reply("Probably the certificate", true)).await.unwrap();
    assert_eq!(next(&mut colleagues).await, LiveUpdate::Ticket { id, kind: ChangeKind::Commented, mine: false });
    app.add_comment(&agent, id, reply("Looking into it", false)).await.unwrap();
    let patch = TicketPatch { impact: Some(Level::High), ..Default::default() };
    app.update_ticket(&agent, id, patch, None).await.unwrap();
    assert_eq!(next_ticket(&mut requesters).await, LiveUpdate::Ticket { id, kind: ChangeKind::Updated, mine: false });
    assert_eq!(next_ticket(&mut requesters).await, LiveUpdate::Ticket { id, kind: ChangeKind::Commented, mine: false });
    assert_eq!(next_ticket(&mut requesters).await, LiveUpdate::Ticket { id, kind: ChangeKind::Updated, mine: false });

    // Another organisation's agent hears of none of it: the first thing they hear is a
    // ticket of their own organisation.
    let theirs = app.create_ticket(&foreign_requester, NewTicket::incident("Printer", "Jammed")).await.unwrap();
    let first = next_ticket(&mut foreigners).await;
    assert_eq!(first, LiveUpdate::Ticket { id: theirs.id, kind: ChangeKind::Filed, mine: false });

    // Marking notifications read is told to their person (their other pages' badges).
    app.mark_notifications_read(&requester).await.unwrap();
    assert_eq!(next(&mut requesters).await, LiveUpdate::Notifications);
}

/// Two nodes on one PostgreSQL database: each hears what the other did, once, and a node
/// whose listening connection was cut is told to reload and hears again after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_node_hears_of_a_change_made_on_the_first_on_postgres() {
    let db = TestDatabase::new(Backend::Postgres).await.unwrap();
    let first = App::new(db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    let second = App::new(db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    first.start_live().await;
    second.start_live().await;
    let acme = organisation(&first, "Acme").await;
    let requester = actor(&first, "rita@acme.example", "requester", acme).await;
    let agent = actor(&first, "agent@acme.example", "agent", acme).await;
    let mut there = second.live_updates(agent.clone());
    let mut here = first.live_updates(agent.clone());

    let filed = first.create_ticket(&requester, NewTicket::incident("VPN down", "Since nine")).await.unwrap();
    let told = LiveUpdate::Ticket { id: filed.id, kind: ChangeKind::Filed, mine: false };
    assert_eq!(next(&mut there).await, told, "the second node hears of the first node's filing");
    assert_eq!(next(&mut here).await, told, "the first node hears of it at once");
    second.add_comment(&agent, filed.id, reply("Looking into it", false)).await.unwrap();
    let commented = LiveUpdate::Ticket { id: filed.id, kind: ChangeKind::Commented, mine: true };
    assert_eq!(next(&mut here).await, commented, "and the first of the second's reply");
    assert_eq!(next(&mut there).await, commented, "the second node hears its own reply");
    let patch = TicketPatch { impact: Some(Level::High), ..Default::default() };
    second.update_ticket(&agent, filed.id, patch, None).await.unwrap();
    let updated = LiveUpdate::Ticket { id: filed.id, kind: ChangeKind::Updated, mine: true };
    assert_eq!(next(&mut there).await, updated, "once: its reply did not come back from PostgreSQL");
    assert_eq!(next(&mut here).await, updated);

    // The second node's listening connection is cut: it makes it again and its pages are
    // told that they may have missed something.
    let cut: i64 = Sql::new(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .scalar(first.store().db())
    .await
    .unwrap();
    assert_eq!(cut, 2, "each node listens on a connection of its own");
    assert_eq!(next(&mut there).await, LiveUpdate::Reload);
    let again = first.create_ticket(&requester, NewTicket::incident("Printer", "Jammed")).await.unwrap();
    let heard = loop {
        match next(&mut there).await {
            LiveUpdate::Reload => continue,
            update => break update,
        }
    };
    assert_eq!(heard, LiveUpdate::Ticket { id: again.id, kind: ChangeKind::Filed, mine: false });
}

//! Reminders of returns, warranties and ends of life on both databases: sent by the daily
//! job once per asset, kind and day (a second run and a second node send nothing twice),
//! to the holder and the managers of the asset's organisation only, and the asset list's
//! filters that show the same assets.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, AssetQuery, CheckOut, NewAsset};
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_domain::assets::lifecycle::HolderKind;
use helmdesk_domain::assets::reminders::Reminder;
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    each_reminder_is_sent_once_to_those_who_may_open_the_asset,
    two_nodes_at_once_send_each_reminder_once,
    the_asset_list_filters_what_the_reminders_are_about,
);

fn day(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

/// An asset of `who`'s organisation with a warranty and a life ending on those days.
async fn asset(w: &World, who: &Actor, name: &str, warranty: Option<NaiveDate>, eol: Option<NaiveDate>) -> i64 {
    let details = AssetDetails { warranty_end: Some(warranty), end_of_life: Some(eol), ..Default::default() };
    let new = NewAsset { name: name.into(), type_id: w.laptop_type, details, ..Default::default() };
    w.app.create_asset(who, &new).await.unwrap().id
}

/// `who`'s notifications, oldest first: (message, link).
async fn told(app: &App, who: &Actor) -> Vec<(String, String)> {
    let mut rows = app.store().notifications(who.id, 100).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|n| (n.message, n.link.unwrap_or_default())).collect()
}

/// Acme's laptop lent to Rita until 4 March, one whose warranty ends on 20 March, one of
/// Other Corp whose life ends on 1 May, and one of Acme whose warranty ends in June.
async fn fleet(w: &World) -> [i64; 4] {
    let lent = asset(w, &w.agent, "Loan laptop", None, None).await;
    let to = CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: day("2026-03-04") };
    w.app.check_out(&w.agent, lent, &to, None).await.unwrap();
    let warranty = asset(w, &w.agent, "Finance laptop", day("2026-03-20"), None).await;
    let old = asset(w, &w.other_agent, "Old server", None, day("2026-05-01")).await;
    let later = asset(w, &w.agent, "New laptop", day("2026-06-01"), day("2029-01-01")).await;
    [lent, warranty, old, later]
}

async fn each_reminder_is_sent_once_to_those_who_may_open_the_asset(backend: Backend) {
    let w = world(backend).await;
    let [lent, warranty, old, _] = fleet(&w).await;
    let lent_link = format!("/assets/{lent}");
    assert!(w.app.send_asset_reminders().await.unwrap() > 0);

    // Rita hears of her return only; Acme's agent of the return and the warranty.
    assert_eq!(
        told(&w.app, &w.rita).await,
        [(format!("Due back on 2026-03-04: {} Loan laptop", tag(&w, lent).await), lent_link.clone())]
    );
    let agent = told(&w.app, &w.agent).await;
    let links: Vec<&str> = agent.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(links, [lent_link.as_str(), &format!("/assets/{warranty}")]);
    assert!(agent[1].0.starts_with("Warranty ends on 2026-03-20"), "{agent:?}");
    // Other Corp's end of life: its agent and the administrator, nobody of Acme.
    assert_eq!(
        told(&w.app, &w.other_agent).await,
        [(format!("End of life on 2026-05-01: {} Old server", tag(&w, old).await), format!("/assets/{old}"))]
    );
    assert_eq!(told(&w.app, &w.admin).await.len(), 3, "the administrator sees every organisation");
    for who in [&w.auditor, &w.other_requester] {
        assert!(told(&w.app, who).await.is_empty(), "{}", who.email);
    }

    // The same day again, or a restart: nothing twice.
    assert_eq!(w.app.send_asset_reminders().await.unwrap(), 0);
    // Three days on, the loan is overdue: told once more, then never again.
    w.clock.advance(Duration::days(3));
    let overdue = w.app.send_asset_reminders().await.unwrap();
    assert_eq!(overdue, 3, "Rita, the agent and the administrator");
    assert!(told(&w.app, &w.rita).await[1].0.starts_with("Overdue since 2026-03-04"));
    assert_eq!(w.app.send_asset_reminders().await.unwrap(), 0);
    // A warranty moved to another day is a new day to remind of.
    let patch = AssetPatch {
        details: AssetDetails { warranty_end: Some(day("2026-03-10")), ..Default::default() },
        ..Default::default()
    };
    w.app.update_asset(&w.agent, warranty, &patch, None).await.unwrap();
    assert_eq!(w.app.send_asset_reminders().await.unwrap(), 2, "the agent and the administrator");
}

async fn tag(w: &World, id: i64) -> String {
    w.app.asset(&w.admin, id).await.unwrap().tag
}

async fn two_nodes_at_once_send_each_reminder_once(backend: Backend) {
    let w = world(backend).await;
    for i in 0..30 {
        asset(&w, &w.agent, &format!("Laptop {i}"), day("2026-03-15"), None).await;
    }
    // A second node: its own pool, the same database and day.
    let clock = Arc::new(FakeClock::new(w.app.now()));
    let other = App::new(w._db.store().await.unwrap(), clock, AppSettings::default());
    let (a, b) = tokio::join!(w.app.send_asset_reminders(), other.send_asset_reminders());
    let (a, b) = (a.unwrap(), b.unwrap());
    // The agent and the administrator each hear of the thirty once, in one notification
    // or two (one from each node), never of one asset twice.
    assert!((2..=4).contains(&(a + b)), "{a} + {b}");
    let sent = w.app.store().notifications(w.agent.id, 10).await.unwrap();
    let assets: usize = sent
        .iter()
        .map(|n| {
            if n.link.as_deref() == Some("/assets?due=warranty_ending") {
                n.message.split(' ').next().unwrap().parse().unwrap()
            } else {
                1
            }
        })
        .sum();
    assert_eq!(assets, 30, "{sent:?}");
    assert_eq!(w.app.send_asset_reminders().await.unwrap() + other.send_asset_reminders().await.unwrap(), 0);
}

async fn the_asset_list_filters_what_the_reminders_are_about(backend: Backend) {
    let w = world(backend).await;
    let [lent, warranty, _, later] = fleet(&w).await;
    let due = |kind| AssetQuery { due: Some(kind), ..Default::default() };
    let ids = async |who: &Actor, q: AssetQuery| -> Vec<i64> {
        w.app.list_assets(who, &q).await.unwrap().items.into_iter().map(|a| a.id).collect()
    };
    assert_eq!(ids(&w.agent, due(Reminder::WarrantyEnding)).await, [warranty]);
    assert_eq!(ids(&w.agent, due(Reminder::ReturnDue)).await, [lent]);
    assert!(ids(&w.agent, due(Reminder::ReturnOverdue)).await.is_empty());
    assert!(ids(&w.agent, due(Reminder::EndOfLife)).await.is_empty(), "Other Corp's is not Acme's");
    w.clock.advance(Duration::days(5));
    assert_eq!(ids(&w.agent, due(Reminder::ReturnOverdue)).await, [lent]);
    // The horizons are settings: with 120 days of warning, June's warranty is near too.
    let settings = AppSettings { asset_warranty_reminder_days: 120, ..AppSettings::default() };
    let far = App::new(w._db.store().await.unwrap(), Arc::new(FakeClock::new(w.app.now())), settings);
    let q = due(Reminder::WarrantyEnding);
    let listed: Vec<i64> = far.list_assets(&w.agent, &q).await.unwrap().items.into_iter().map(|a| a.id).collect();
    assert_eq!(listed, [later, warranty]);
}

//! Consumables and accessories on both databases: receipts, issues, returns and
//! adjustments; the quantity never below zero, even for issues at once; the low-stock
//! alert told once per crossing to the managers of the item's organisation only; two
//! organisations that never see each other's stock; a requester and an auditor refused.

use helmdesk_app::assets::stock::{NewStockItem, StockItemPatch, StockMove, StockQuery};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::assets::stock::{MovementKind, StockKind};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    stock_moves_and_never_goes_below_zero,
    the_low_stock_alert_is_told_once_per_crossing_to_the_managers_only,
    concurrent_issues_never_oversell,
    each_organisation_sees_and_moves_only_its_own_stock,
    bad_items_and_stale_changes_are_refused_and_change_nothing,
);

fn item(kind: StockKind, name: &str, quantity: i64, minimum: i64) -> NewStockItem {
    NewStockItem {
        kind: Some(kind),
        name: name.into(),
        category: Some("Headsets".into()),
        quantity: Some(quantity),
        minimum_quantity: Some(minimum),
        unit_cost_minor: Some(21_900),
        currency: Some("EUR".into()),
        ..Default::default()
    }
}

fn moving(kind: MovementKind, quantity: i64, user_id: Option<i64>) -> StockMove {
    StockMove { kind, quantity, user_id, order_number: None, reason: None }
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(errors) => errors[0].field.clone().unwrap_or_default(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The links of `who`'s notifications, newest first.
async fn links(w: &World, who: &Actor) -> Vec<String> {
    let rows = w.app.store().notifications(who.id, 100).await.unwrap();
    rows.into_iter().filter_map(|n| n.link).collect()
}

async fn stock_moves_and_never_goes_below_zero(backend: Backend) {
    let w = world(backend).await;
    let headset = w.app.create_stock_item(&w.agent, &item(StockKind::Accessory, "Jabra headset", 3, 0)).await.unwrap();
    assert_eq!((headset.quantity, headset.unit_cost.as_ref().unwrap().text.as_str()), (3, "219.00 EUR"));
    let issued =
        w.app.move_stock(&w.agent, headset.id, &moving(MovementKind::Issue, 2, Some(w.rita.id))).await.unwrap();
    assert_eq!((issued.movement.change, issued.movement.quantity_after, issued.item.held), (-2, 1, 2));
    assert_eq!(issued.movement.user.as_deref(), Some("rita"));

    // Two more than there are: refused, nothing changed.
    let e = w.app.move_stock(&w.agent, headset.id, &moving(MovementKind::Issue, 2, Some(w.rita.id))).await;
    assert_eq!(field_of(e.unwrap_err()), "quantity");
    // Rita holds two: she cannot return three.
    let e = w.app.move_stock(&w.agent, headset.id, &moving(MovementKind::Return, 3, Some(w.rita.id))).await;
    assert_eq!(field_of(e.unwrap_err()), "quantity");
    let now = w.app.stock_item(&w.agent, headset.id).await.unwrap();
    assert_eq!((now.quantity, now.held), (1, 2));

    // Her devices page lists what she holds; one comes back.
    let mine = w.app.my_stock(&w.rita).await.unwrap();
    assert_eq!((mine[0].item.as_str(), mine[0].quantity), ("Jabra headset", 2));
    w.app.move_stock(&w.agent, headset.id, &moving(MovementKind::Return, 1, Some(w.rita.id))).await.unwrap();
    let holders = w.app.stock_holders(&w.agent, headset.id).await.unwrap();
    assert_eq!((holders[0].user_id, holders[0].quantity), (w.rita.id, 1));

    // An adjustment needs its reason and may not go below zero either.
    let mut adjust = moving(MovementKind::Adjust, -3, None);
    assert_eq!(field_of(w.app.move_stock(&w.agent, headset.id, &adjust).await.unwrap_err()), "reason");
    adjust.reason = Some("Found broken in the cupboard".into());
    assert_eq!(field_of(w.app.move_stock(&w.agent, headset.id, &adjust).await.unwrap_err()), "quantity");
    adjust.quantity = -2;
    let adjusted = w.app.move_stock(&w.agent, headset.id, &adjust).await.unwrap();
    assert_eq!(adjusted.item.quantity, 0);

    // A receipt with its order; consumables are never returned; an issue needs its person.
    let mut receipt = moving(MovementKind::Receive, 10, None);
    receipt.order_number = Some("PO-2026-0107".into());
    w.app.move_stock(&w.agent, headset.id, &receipt).await.unwrap();
    let toner = w.app.create_stock_item(&w.agent, &item(StockKind::Consumable, "HP 305A", 5, 1)).await.unwrap();
    let e = w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Return, 1, Some(w.rita.id))).await;
    assert_eq!(field_of(e.unwrap_err()), "kind");
    let e = w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Issue, 1, None)).await;
    assert_eq!(field_of(e.unwrap_err()), "user_id");
    let used = w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Issue, 1, Some(w.rita.id))).await.unwrap();
    assert_eq!(used.item.held, 0, "a consumable is used up, nobody holds it");

    let history = w.app.stock_movements(&w.agent, headset.id, &Default::default()).await.unwrap().items;
    let kinds: Vec<_> = history.iter().map(|m| (m.kind, m.change, m.quantity_after)).collect();
    use MovementKind::*;
    assert_eq!(kinds, [(Receive, 10, 10), (Adjust, -2, 0), (Return, 1, 2), (Issue, -2, 1), (Receive, 3, 3)]);
    assert_eq!(history[0].order_number.as_deref(), Some("PO-2026-0107"));
}

async fn the_low_stock_alert_is_told_once_per_crossing_to_the_managers_only(backend: Backend) {
    let w = world(backend).await;
    let toner = w.app.create_stock_item(&w.agent, &item(StockKind::Consumable, "HP 305A", 6, 3)).await.unwrap();
    let link = format!("/stock/{}", toner.id);
    let issue = moving(MovementKind::Issue, 2, Some(w.rita.id));
    w.app.move_stock(&w.agent, toner.id, &issue).await.unwrap();
    assert!(links(&w, &w.agent).await.is_empty(), "4 left, above the minimum of 3");
    // To the minimum: the managers of Acme hear of it, once.
    let low = w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Issue, 1, Some(w.rita.id))).await.unwrap();
    assert!(low.item.low);
    w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Issue, 1, Some(w.rita.id))).await.unwrap();
    for who in [&w.agent, &w.admin] {
        assert_eq!(links(&w, who).await, std::slice::from_ref(&link), "{}", who.email);
    }
    let note = &w.app.store().notifications(w.agent.id, 1).await.unwrap()[0];
    assert_eq!(note.message, "Low stock: HP 305A (3 left, minimum 3)");
    assert_eq!(note.ticket_id, None);
    // Nobody who may not open the item hears of it.
    for who in [&w.rita, &w.auditor, &w.other_agent, &w.other_requester] {
        assert!(links(&w, who).await.is_empty(), "{}", who.email);
    }
    // Restocked above the minimum, then low again: a second crossing, a second alert.
    w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Receive, 5, None)).await.unwrap();
    w.app.move_stock(&w.agent, toner.id, &moving(MovementKind::Issue, 4, Some(w.rita.id))).await.unwrap();
    assert_eq!(links(&w, &w.agent).await.len(), 2);
    // The bell groups them under the item's page, and opening it marks them read.
    let groups = w.app.my_notification_groups(&w.agent, 20).await.unwrap();
    assert_eq!((groups[0].link.as_deref(), groups[0].count, groups[0].unread), (Some(link.as_str()), 2, 2));
    w.app.mark_page_notifications_read(&w.agent, &link).await.unwrap();
    assert_eq!(w.app.unread_notifications(&w.agent, 10).await.unwrap(), 0);
    // The list's filter shows it.
    let q = StockQuery { low: Some(true), ..Default::default() };
    let listed = w.app.list_stock(&w.agent, &q).await.unwrap().items;
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [toner.id]);
}

async fn concurrent_issues_never_oversell(backend: Backend) {
    let w = world(backend).await;
    let mice = w.app.create_stock_item(&w.agent, &item(StockKind::Accessory, "MX Master", 5, 0)).await.unwrap();
    let issues = (0..12).map(|_| {
        let (app, agent, to) = (w.app.clone(), w.agent.clone(), w.rita.id);
        tokio::spawn(async move { app.move_stock(&agent, mice.id, &moving(MovementKind::Issue, 1, Some(to))).await })
    });
    let mut done = 0;
    for issue in issues.collect::<Vec<_>>() {
        match issue.await.unwrap() {
            Ok(_) => done += 1,
            Err(e) => assert_eq!(field_of(e), "quantity"),
        }
    }
    assert_eq!(done, 5);
    let now = w.app.stock_item(&w.agent, mice.id).await.unwrap();
    assert_eq!((now.quantity, now.held), (0, 5));
    assert_eq!(w.app.stock_movements(&w.agent, mice.id, &Default::default()).await.unwrap().items.len(), 6);
}

async fn each_organisation_sees_and_moves_only_its_own_stock(backend: Backend) {
    let w = world(backend).await;
    let ours = w.app.create_stock_item(&w.agent, &item(StockKind::Accessory, "Dock", 4, 1)).await.unwrap();
    let theirs = w.app.create_stock_item(&w.other_agent, &item(StockKind::Accessory, "Dock", 4, 1)).await.unwrap();
    let listed = w.app.list_stock(&w.agent, &StockQuery::default()).await.unwrap().items;
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [ours.id]);
    assert!(matches!(w.app.stock_item(&w.other_agent, ours.id).await, Err(AppError::NotFound)));
    let issue = moving(MovementKind::Issue, 1, Some(w.rita.id));
    assert!(matches!(w.app.move_stock(&w.other_agent, ours.id, &issue).await, Err(AppError::NotFound)));
    // Nobody of the other organisation can be handed Acme's stock.
    let e = w.app.move_stock(&w.agent, ours.id, &moving(MovementKind::Issue, 1, Some(w.other_requester.id))).await;
    assert_eq!(field_of(e.unwrap_err()), "user_id");
    // The administrator sees both; the auditor reads but moves nothing; a requester neither.
    assert_eq!(w.app.list_stock(&w.admin, &StockQuery::default()).await.unwrap().items.len(), 2);
    assert!(w.app.stock_item(&w.auditor, ours.id).await.is_ok());
    assert!(matches!(w.app.move_stock(&w.auditor, ours.id, &issue).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.list_stock(&w.rita, &StockQuery::default()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.stock_item(&w.rita, ours.id).await, Err(AppError::Forbidden(_))));
    let elsewhere = NewStockItem { organisation_id: Some(w.other), ..item(StockKind::Consumable, "Paper", 1, 0) };
    let e = w.app.create_stock_item(&w.agent, &elsewhere).await;
    assert_eq!(field_of(e.unwrap_err()), "organisation_id");
    assert_eq!(w.app.stock_item(&w.other_agent, theirs.id).await.unwrap().quantity, 4);
}

async fn bad_items_and_stale_changes_are_refused_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    for (bad, field) in [
        (NewStockItem { kind: None, ..item(StockKind::Consumable, "Paper", 1, 0) }, "kind"),
        (item(StockKind::Consumable, "   ", 1, 0), "name"),
        (NewStockItem { quantity: Some(-1), ..item(StockKind::Consumable, "Paper", 1, 0) }, "quantity"),
        (NewStockItem { minimum_quantity: Some(-1), ..item(StockKind::Consumable, "Paper", 1, 0) }, "minimum_quantity"),
        (NewStockItem { currency: None, ..item(StockKind::Consumable, "Paper", 1, 0) }, "currency"),
        (NewStockItem { currency: Some("EURO".into()), ..item(StockKind::Consumable, "Paper", 1, 0) }, "currency"),
    ] {
        assert_eq!(field_of(w.app.create_stock_item(&w.agent, &bad).await.unwrap_err()), field, "{field}");
    }
    assert!(w.app.list_stock(&w.admin, &StockQuery::default()).await.unwrap().items.is_empty());
    let paper = w.app.create_stock_item(&w.agent, &item(StockKind::Consumable, "Paper", 10, 2)).await.unwrap();
    // A movement since it was read makes a change conditional on that version stale.
    w.app.move_stock(&w.agent, paper.id, &moving(MovementKind::Issue, 1, Some(w.rita.id))).await.unwrap();
    let patch = StockItemPatch { minimum_quantity: Some(4), ..Default::default() };
    let stale = w.app.update_stock_item(&w.agent, paper.id, &patch, Some(paper.version)).await;
    assert!(matches!(stale, Err(AppError::PreconditionFailed)));
    let current = w.app.stock_item(&w.agent, paper.id).await.unwrap();
    let saved = w.app.update_stock_item(&w.agent, paper.id, &patch, Some(current.version)).await.unwrap();
    assert_eq!((saved.minimum_quantity, saved.quantity), (4, 9));
    let clear = StockItemPatch { currency: Some(None), ..Default::default() };
    assert_eq!(field_of(w.app.update_stock_item(&w.agent, paper.id, &clear, None).await.unwrap_err()), "currency");
    assert_eq!(w.app.stock_item(&w.agent, paper.id).await.unwrap().unit_cost, saved.unit_cost);
}

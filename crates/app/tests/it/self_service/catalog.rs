//! The service catalog on both databases: an order filed as a request ticket and
//! fulfilled stage by stage by tickets in the teams' queues, then resolved; items offered
//! only to their organisations' subtree and departments; requests read only by their
//! requester and their organisation's staff; hostile answers and items refused, changing
//! nothing.

use std::collections::BTreeMap;

use helmdesk_app::assets::hardware::{AssetDetails, CheckOut, NewAsset};
use helmdesk_app::assets::licences::{NewLicence, NewLicenceSeat};
use helmdesk_app::platform::teams::TeamInput;
use helmdesk_app::self_service::catalog::{CatalogItem, CatalogItemPatch, NewCatalogCategory, NewCatalogItem};
use helmdesk_app::self_service::requests::{CatalogRequestQuery, NewCatalogRequest};
use helmdesk_app::service_desk::tickets::TicketPatch;
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::assets::licences::{Metric, SeatState};
use helmdesk_domain::assets::lifecycle::HolderKind;
use helmdesk_domain::self_service::catalog::{
    AssetSource, Condition, ConditionOp, FieldKind, FormField, RequestStatus, TaskSpec, TaskStatus,
};
use helmdesk_domain::service_desk::links::LinkKind;
use helmdesk_domain::{TicketKind, TicketStatus};
use helmdesk_store::{Backend, backend_tests};

use crate::support::people::{actor, person};

backend_tests!(
    an_order_is_fulfilled_stage_by_stage_and_then_resolved,
    employees_order_only_what_is_offered_to_them_and_read_only_their_own_requests,
    hostile_answers_are_refused_and_file_nothing,
    broken_items_and_stale_changes_are_refused,
    an_approved_request_reserves_an_asset_that_only_its_requester_is_handed,
    an_approved_request_reserves_a_licence_seat_and_the_last_seat_goes_once,
    people_racing_for_the_last_two_seats_get_two,
    an_order_waits_for_its_chain_and_a_rejection_cancels_it,
);

struct World {
    app: helmdesk_app::App,
    manager: Actor,
    agent: Actor,
    rita: Actor,
    /// Rita's colleague in Acme's finance department.
    fiona: Actor,
    other_agent: Actor,
    other_requester: Actor,
    acme: i64,
    finance: i64,
    desk: i64,
    network: i64,
    laptop_type: i64,
    _db: helmdesk_store::testing::TestDatabase,
}

async fn world(backend: Backend) -> World {
    use chrono::{DateTime, Utc};
    let db = helmdesk_store::testing::TestDatabase::new(backend).await.unwrap();
    let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc);
    let clock = std::sync::Arc::new(helmdesk_domain::FakeClock::new(start));
    let app = helmdesk_app::App::new(db.store().await.unwrap(), clock, helmdesk_app::AppSettings::default());
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, app.now_micros()).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, app.now_micros()).await.unwrap().id;
    let finance = s.create_department(&mut tx, acme, "Finance", app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    app.default_asset_types().await.unwrap();
    let laptop_type = s.asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id;
    let manager = actor(&app, "max@acme.example", "manager", acme).await;
    let team = |name: &str| TeamInput {
        name: name.into(),
        description: String::new(),
        member_ids: Vec::new(),
        lead_id: None,
        organisation_id: Some(Some(acme)),
    };
    let desk = app.create_team(&manager, team("Service desk")).await.unwrap().id;
    let network = app.create_team(&manager, team("Network")).await.unwrap().id;
    let fiona = NewUserIn { department_id: Some(finance), ..person("fiona@acme.example", "requester", acme) };
    let fiona = app.store().create_user(&fiona, app.now_micros()).await.unwrap();
    World {
        agent: actor(&app, "ann@acme.example", "agent", acme).await,
        rita: actor(&app, "rita@acme.example", "requester", acme).await,
        fiona: app.actor_by_id(fiona.id).await.unwrap(),
        other_agent: actor(&app, "olga@other.example", "agent", other).await,
        other_requester: actor(&app, "otto@other.example", "requester", other).await,
        manager,
        acme,
        finance,
        desk,
        network,
        laptop_type,
        app,
        _db: db,
    }
}

type NewUserIn = helmdesk_app::store::platform::users::NewUser;

fn choice(key: &str, options: &[&str]) -> FormField {
    FormField {
        options: options.iter().map(|o| o.to_string()).collect(),
        required: true,
        ..field(key, FieldKind::Choice)
    }
}

fn field(key: &str, kind: FieldKind) -> FormField {
    FormField::new(key, &key.replace('_', " "), kind)
}

/// A laptop: a model, "Other" asks which (required when shown), a delivery day not in the
/// past, a colleague to set it up with; stage 1 the desk and the network team side by
/// side, stage 2 the desk again.
fn laptop(w: &World) -> NewCatalogItem {
    let mut other = FormField { required: true, max_length: Some(40), ..field("other_model", FieldKind::Text) };
    other.shown_when = Some(Condition { field: "model".into(), op: ConditionOp::Equals, value: "Other".into() });
    let task = |title: &str, team_id, stage| TaskSpec { title: title.into(), team_id, stage };
    NewCatalogItem {
        name: "New laptop".into(),
        description: Some("A laptop for work".into()),
        cost_minor: Some(129_900),
        currency: Some("EUR".into()),
        delivery_days: Some(5),
        fields: vec![
            choice("model", &["Standard", "Developer", "Other"]),
            other,
            FormField { not_in_past: true, ..field("needed_by", FieldKind::Date) },
            FormField { min: Some(0), max: Some(3), ..field("screens", FieldKind::Number) },
            field("buddy", FieldKind::Person),
            FormField { asset_source: Some(AssetSource::Held), ..field("old_laptop", FieldKind::Asset) },
        ],
        tasks: vec![
            task("Prepare the laptop", w.desk, 1),
            task("Grant network access", w.network, 1),
            task("Hand the laptop over", w.desk, 2),
        ],
        ..Default::default()
    }
}

fn order(item: &CatalogItem, pairs: &[(&str, &str)]) -> NewCatalogRequest {
    NewCatalogRequest {
        item_id: item.id,
        answers: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
    }
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(errors) => errors[0].field.clone().unwrap_or_default(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn resolve(w: &World, ticket_id: i64) {
    let done = TicketPatch {
        status: Some(TicketStatus::Resolved),
        resolution_code: Some(Some("fixed".into())),
        ..Default::default()
    };
    w.app.update_ticket(&w.agent, ticket_id, done, None).await.unwrap();
}

async fn an_order_is_fulfilled_stage_by_stage_and_then_resolved(backend: Backend) {
    let w = world(backend).await;
    let item = w.app.create_catalog_item(&w.manager, &laptop(&w)).await.unwrap();
    let buddy = w.fiona.id.to_string();
    let answers = [("model", "Other"), ("other_model", "ThinkPad X1"), ("screens", "2"), ("buddy", &buddy)];
    let ordered = w.app.order_catalog_item(&w.rita, &order(&item, &answers)).await.unwrap();

    // No approval chain: approved at once, expected five days later, stage 1 running.
    assert_eq!(ordered.status, RequestStatus::InFulfilment);
    assert_eq!(ordered.stage, Some(1));
    assert_eq!(ordered.expected_at.unwrap() - ordered.approved_at.unwrap(), chrono::Duration::days(5));
    assert_eq!(ordered.cost.as_ref().unwrap().text, "1299.00 EUR");
    assert_eq!(ordered.answers["other_model"], "ThinkPad X1");
    let ticket = w.app.ticket(&w.rita, ordered.ticket_id).await.unwrap();
    assert_eq!(
        (ticket.kind, ticket.requester_id, ticket.status),
        (TicketKind::ServiceRequest, w.rita.id, TicketStatus::New)
    );
    assert_eq!(ticket.subject, "Request: New laptop");
    assert!(ticket.description.contains("other model: ThinkPad X1"), "{}", ticket.description);
    assert!(ticket.description.contains("buddy: fiona <fiona@acme.example>"), "{}", ticket.description);

    // Stage 1: two tickets in their teams' queues, children of the request ticket.
    let statuses =
        |r: &helmdesk_app::self_service::requests::CatalogRequest| r.tasks.iter().map(|t| t.status).collect::<Vec<_>>();
    assert_eq!(statuses(&ordered), [TaskStatus::Open, TaskStatus::Open, TaskStatus::Waiting]);
    let prepare = w.app.ticket(&w.agent, ordered.tasks[0].ticket_id.unwrap()).await.unwrap();
    assert_eq!(prepare.team_id, Some(w.desk));
    assert!(prepare.description.contains("screens: 2"));
    let network = w.app.ticket(&w.agent, ordered.tasks[1].ticket_id.unwrap()).await.unwrap();
    assert_eq!(network.team_id, Some(w.network));
    let links = w.app.links(&w.agent, prepare.id).await.unwrap();
    assert_eq!((links[0].kind, links[0].ticket.as_ref().unwrap().id), (LinkKind::Parent, ordered.ticket_id));

    // One of stage 1 done: stage 2 waits for the other.
    resolve(&w, prepare.id).await;
    let now = w.app.catalog_request(&w.rita, ordered.id).await.unwrap();
    assert_eq!(statuses(&now), [TaskStatus::Done, TaskStatus::Open, TaskStatus::Waiting]);
    assert_eq!(now.stage, Some(1));

    // Both done: the job starts stage 2.
    resolve(&w, network.id).await;
    assert_eq!(w.app.advance_catalog_requests().await.unwrap(), 1);
    let now = w.app.catalog_request(&w.rita, ordered.id).await.unwrap();
    assert_eq!(statuses(&now), [TaskStatus::Done, TaskStatus::Done, TaskStatus::Open]);
    assert_eq!(now.stage, Some(2));
    // Running it again starts nothing twice.
    assert_eq!(w.app.advance_catalog_requests().await.unwrap(), 0);
    assert_eq!(w.app.catalog_request(&w.rita, ordered.id).await.unwrap().tasks[2].ticket_id, now.tasks[2].ticket_id);

    // The last task done: the request and its ticket are resolved.
    resolve(&w, now.tasks[2].ticket_id.unwrap()).await;
    w.app.advance_catalog_requests().await.unwrap();
    let done = w.app.catalog_request(&w.rita, ordered.id).await.unwrap();
    assert_eq!(done.status, RequestStatus::Fulfilled);
    assert!(done.finished_at.is_some());
    assert_eq!(w.app.ticket(&w.rita, ordered.ticket_id).await.unwrap().status, TicketStatus::Resolved);
    let mine = w.app.my_catalog_requests(&w.rita, 5).await.unwrap();
    assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [ordered.id]);
}

async fn employees_order_only_what_is_offered_to_them_and_read_only_their_own_requests(backend: Backend) {
    let w = world(backend).await;
    let category = w
        .app
        .create_catalog_category(&w.manager, &NewCatalogCategory { name: "Hardware".into(), organisation_id: None })
        .await
        .unwrap();
    let mut new = laptop(&w);
    new.category_id = Some(category.id);
    let item = w.app.create_catalog_item(&w.manager, &new).await.unwrap();
    // The category is offered to Acme's employees, and to nobody else.
    let offered = w.app.offered_catalog_categories(&w.rita).await.unwrap();
    assert_eq!(offered.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Hardware"]);
    assert_eq!(w.app.catalog_category(&w.rita, category.id).await.unwrap(), category);
    assert!(w.app.offered_catalog_categories(&w.other_requester).await.unwrap().is_empty());
    assert!(matches!(w.app.catalog_category(&w.other_requester, category.id).await, Err(AppError::NotFound)));
    // The item is the manager's to change, offered to Rita but not hers to manage.
    assert_eq!(w.app.managed_catalog_item(&w.manager, item.id).await.unwrap().id, item.id);
    assert!(matches!(w.app.managed_catalog_item(&w.rita, item.id).await, Err(AppError::Forbidden(_))));
    let finance_only =
        NewCatalogItem { name: "Accounting software".into(), departments: vec![w.finance], ..Default::default() };
    let finance_only = w.app.create_catalog_item(&w.manager, &finance_only).await.unwrap();

    // Rita (no department) sees the laptop only; Fiona (finance) sees both.
    let names = |cats: Vec<helmdesk_app::self_service::catalog::OfferedCategory>| {
        cats.into_iter().flat_map(|c| c.items).map(|i| i.name).collect::<Vec<_>>()
    };
    assert_eq!(names(w.app.catalog_categories_for(&w.rita).await.unwrap()), ["New laptop"]);
    assert_eq!(names(w.app.catalog_categories_for(&w.fiona).await.unwrap()), ["New laptop", "Accounting software"]);
    assert!(matches!(w.app.catalog_item(&w.rita, finance_only.id).await, Err(AppError::NotFound)));
    let e = w.app.order_catalog_item(&w.rita, &order(&finance_only, &[])).await.unwrap_err();
    assert!(matches!(e, AppError::NotFound), "{e:?}");
    w.app.order_catalog_item(&w.fiona, &order(&finance_only, &[])).await.unwrap();

    // Another organisation sees neither item, and cannot order them.
    assert!(w.app.catalog_categories_for(&w.other_requester).await.unwrap().is_empty());
    let e = w.app.order_catalog_item(&w.other_requester, &order(&item, &[("model", "Standard")])).await;
    assert!(matches!(e, Err(AppError::NotFound)));

    // An inactive item is offered to nobody.
    let off = CatalogItemPatch { active: Some(false), ..Default::default() };
    w.app.update_catalog_item(&w.manager, finance_only.id, &off, None).await.unwrap();
    assert!(matches!(w.app.catalog_item(&w.fiona, finance_only.id).await, Err(AppError::NotFound)));

    // Rita's request: hers and her organisation's staff's to read, nobody else's.
    let mine = w.app.order_catalog_item(&w.rita, &order(&item, &[("model", "Standard")])).await.unwrap();
    for stranger in [&w.fiona, &w.other_requester, &w.other_agent] {
        assert!(matches!(w.app.catalog_request(stranger, mine.id).await, Err(AppError::NotFound)));
    }
    assert_eq!(w.app.catalog_request(&w.agent, mine.id).await.unwrap().requester_id, w.rita.id);
    let listed = |who: &Actor| {
        let app = &w.app;
        let who = who.clone();
        async move {
            let page = app.catalog_requests(&who, &CatalogRequestQuery::default()).await.unwrap();
            page.items.into_iter().map(|r| r.requester_id).collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(&w.rita).await, [w.rita.id]);
    assert_eq!(listed(&w.agent).await.len(), 2);
    assert!(listed(&w.other_agent).await.is_empty());
}

async fn hostile_answers_are_refused_and_file_nothing(backend: Backend) {
    let w = world(backend).await;
    let item = w.app.create_catalog_item(&w.manager, &laptop(&w)).await.unwrap();
    // A laptop Rita holds, and one of Other Corp's in stock.
    let asset = |name: &str| NewAsset {
        name: name.into(),
        type_id: w.laptop_type,
        tag: None,
        organisation_id: None,
        state: None,
        details: AssetDetails::default(),
    };
    let held = w.app.create_asset(&w.manager, &asset("Rita's old laptop")).await.unwrap();
    let to_rita = CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: None };
    w.app.check_out(&w.manager, held.id, &to_rita, None).await.unwrap();
    let unheld = w.app.create_asset(&w.manager, &asset("A laptop in the cupboard")).await.unwrap();
    let others = w.app.create_asset(&w.other_agent, &asset("Other Corp's laptop")).await;
    let others = others.map(|a| a.id.to_string()).unwrap_or_else(|_| "999999".into());
    let huge = "x".repeat(100_000);
    let (other_person, unheld, missing) = (w.other_requester.id.to_string(), unheld.id.to_string(), "0".to_string());
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![], "answers.model"),
        (vec![("model", "Gold-plated")], "answers.model"),
        (vec![("model", "Standard"), ("screens", "two")], "answers.screens"),
        (vec![("model", "Standard"), ("screens", "99999999999999999999999999")], "answers.screens"),
        (vec![("model", "Standard"), ("screens", "4")], "answers.screens"),
        (vec![("model", "Standard"), ("needed_by", "2026-03-01")], "answers.needed_by"),
        (vec![("model", "Other")], "answers.other_model"),
        (vec![("model", "Other"), ("other_model", &huge)], "answers.other_model"),
        (vec![("model", "Standard"), ("is_admin", "true")], "answers"),
        (vec![("model", "Standard"), ("buddy", &other_person)], "answers.buddy"),
        (vec![("model", "Standard"), ("buddy", &missing)], "answers.buddy"),
        (vec![("model", "Standard"), ("old_laptop", &unheld)], "answers.old_laptop"),
        (vec![("model", "Standard"), ("old_laptop", &others)], "answers.old_laptop"),
    ];
    for (answers, field) in cases {
        let e = w.app.order_catalog_item(&w.rita, &order(&item, &answers)).await.unwrap_err();
        assert_eq!(field_of(e), field, "{:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
    }
    assert!(w.app.my_catalog_requests(&w.rita, 10).await.unwrap().is_empty());
    assert!(w.app.store().ticket_counts().await.unwrap().is_empty(), "a refused order files no ticket");

    // A hidden required field needs no answer and its answer is dropped; the laptop she
    // holds is a fine answer.
    let (held_id, today) = (held.id.to_string(), "2026-03-02");
    let answers = [("model", "Standard"), ("other_model", "ignored"), ("old_laptop", &held_id), ("needed_by", today)];
    let ordered = w.app.order_catalog_item(&w.rita, &order(&item, &answers)).await.unwrap();
    assert!(!ordered.answers.contains_key("other_model"));
    let ticket = w.app.ticket(&w.rita, ordered.ticket_id).await.unwrap();
    assert!(ticket.description.contains("Rita's old laptop"), "{}", ticket.description);
}

async fn broken_items_and_stale_changes_are_refused(backend: Backend) {
    let w = world(backend).await;
    // Only managers and administrators manage the catalog.
    for who in [&w.rita, &w.agent] {
        assert!(matches!(w.app.create_catalog_item(who, &laptop(&w)).await, Err(AppError::Forbidden(_))));
    }
    let other_team = TeamInput {
        name: "Other desk".into(),
        description: String::new(),
        member_ids: Vec::new(),
        lead_id: None,
        organisation_id: None,
    };
    let other_manager = actor(&w.app, "omar@other.example", "manager", w.other_requester.organisation_id).await;
    let other_team = w.app.create_team(&other_manager, other_team).await.unwrap().id;
    let mut foreign_team = laptop(&w);
    foreign_team.tasks[0].team_id = other_team;
    let mut bad_form = laptop(&w);
    bad_form.fields[1].shown_when.as_mut().unwrap().field = "nowhere".into();
    let cases = [
        (NewCatalogItem { name: " ".into(), ..laptop(&w) }, "name"),
        (foreign_team, "tasks"),
        (bad_form, "fields"),
        (NewCatalogItem { departments: vec![999_999], ..laptop(&w) }, "departments"),
        (NewCatalogItem { cost_minor: Some(5), currency: None, ..laptop(&w) }, "currency"),
        (NewCatalogItem { delivery_days: Some(10_000), ..laptop(&w) }, "delivery_days"),
        (NewCatalogItem { organisation_id: Some(w.other_requester.organisation_id), ..laptop(&w) }, "organisation_id"),
    ];
    for (new, field) in cases {
        assert_eq!(field_of(w.app.create_catalog_item(&w.manager, &new).await.unwrap_err()), field);
    }
    assert!(w.app.managed_catalog_items(&w.manager).await.unwrap().is_empty());

    let item = w.app.create_catalog_item(&w.manager, &laptop(&w)).await.unwrap();
    let rename = CatalogItemPatch { name: Some("Laptop".into()), ..Default::default() };
    let e = w.app.update_catalog_item(&w.manager, item.id, &rename, Some(item.version + 1)).await;
    assert!(matches!(e, Err(AppError::PreconditionFailed)));
    let renamed = w.app.update_catalog_item(&w.manager, item.id, &rename, Some(item.version)).await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.fields.len()), ("Laptop", 6));
    // Another organisation's manager does not find it.
    let e = w.app.update_catalog_item(&other_manager, item.id, &rename, None).await;
    assert!(matches!(e, Err(AppError::NotFound)));
    let _ = w.acme;
}

async fn an_approved_request_reserves_an_asset_that_only_its_requester_is_handed(backend: Backend) {
    let w = world(backend).await;
    let new = NewCatalogItem { reserve_type_id: Some(w.laptop_type), ..laptop(&w) };
    let item = w.app.create_catalog_item(&w.manager, &new).await.unwrap();
    let in_stock = NewAsset {
        name: "Spare laptop".into(),
        type_id: w.laptop_type,
        tag: None,
        organisation_id: None,
        state: None,
        details: AssetDetails::default(),
    };
    let spare = w.app.create_asset(&w.manager, &in_stock).await.unwrap();
    let ordered = w.app.order_catalog_item(&w.rita, &order(&item, &[("model", "Standard")])).await.unwrap();
    assert_eq!(ordered.reserved_asset_id, Some(spare.id));

    // Reserved: nobody else is handed it, and a second order finds none free.
    let to_fiona = CheckOut { kind: HolderKind::Person, id: w.fiona.id, expected_return: None };
    assert_eq!(field_of(w.app.check_out(&w.manager, spare.id, &to_fiona, None).await.unwrap_err()), "id");
    let second = w.app.order_catalog_item(&w.fiona, &order(&item, &[("model", "Standard")])).await.unwrap();
    assert_eq!(second.reserved_asset_id, None);

    // The requester may not hand it over herself; staff do, once.
    assert!(matches!(w.app.hand_over_catalog_asset(&w.rita, ordered.id).await, Err(AppError::Forbidden(_))));
    let handed = w.app.hand_over_catalog_asset(&w.agent, ordered.id).await.unwrap();
    assert!(handed.handed_over_at.is_some());
    let asset = w.app.asset(&w.agent, spare.id).await.unwrap();
    assert_eq!(asset.holder.map(|h| h.id), Some(w.rita.id));
    assert_eq!(field_of(w.app.hand_over_catalog_asset(&w.agent, ordered.id).await.unwrap_err()), "reserved_asset_id");
    // Another organisation's agent does not find the request.
    let e = w.app.hand_over_catalog_asset(&w.other_agent, ordered.id).await;
    assert!(matches!(e, Err(AppError::NotFound)));
}

/// A licence of Acme's with `seats` seats of `metric`.
async fn licence(w: &World, metric: Metric, seats: Option<i64>) -> i64 {
    let new: NewLicence = serde_json::from_value(serde_json::json!({
        "name": format!("Visio {}", metric.as_str()), "product": "Visio", "publisher": "Microsoft",
        "metric": metric.as_str(), "term": "perpetual", "seats": seats,
    }))
    .unwrap();
    w.app.create_licence(&w.manager, &new).await.unwrap().id
}

async fn an_approved_request_reserves_a_licence_seat_and_the_last_seat_goes_once(backend: Backend) {
    let w = world(backend).await;
    let visio = licence(&w, Metric::PerUser, Some(1)).await;
    let new = NewCatalogItem { reserve_licence_id: Some(visio), ..laptop(&w) };
    let item = w.app.create_catalog_item(&w.manager, &new).await.unwrap();
    assert_eq!(item.reserve_licence_id, Some(visio));

    // Approved at once (no chain): Rita's request reserves the only seat; Fiona's finds none.
    let ordered = w.app.order_catalog_item(&w.rita, &order(&item, &[("model", "Standard")])).await.unwrap();
    let seat = ordered.seat.clone().expect("a seat reserved");
    assert_eq!((seat.licence_id, seat.state), (visio, SeatState::Reserved));
    let second = w.app.order_catalog_item(&w.fiona, &order(&item, &[("model", "Standard")])).await.unwrap();
    assert!(second.seat.is_none(), "the licence's one seat is Rita's");
    assert_eq!(w.app.licence(&w.agent, visio).await.unwrap().seats_taken, 1);

    // The requester may not assign it herself; staff do, once.
    assert!(matches!(w.app.hand_over_catalog_seat(&w.rita, ordered.id).await, Err(AppError::Forbidden(_))));
    let handed = w.app.hand_over_catalog_seat(&w.agent, ordered.id).await.unwrap();
    assert_eq!(handed.seat.map(|s| s.state), Some(SeatState::Assigned));
    assert_eq!(field_of(w.app.hand_over_catalog_seat(&w.agent, ordered.id).await.unwrap_err()), "seat");
    let seats = w.app.licence_seats(&w.agent, visio).await.unwrap();
    assert_eq!(seats.iter().map(|s| (s.user_id, s.state)).collect::<Vec<_>>(), [(w.rita.id, SeatState::Assigned)]);

    // By hand: full refuses, changing nothing; taken back, the seat is Fiona's.
    let to_fiona = NewLicenceSeat { user_id: w.fiona.id };
    assert!(matches!(w.app.assign_licence_seat(&w.agent, visio, &to_fiona).await, Err(AppError::Conflict(_))));
    w.app.release_licence_seat(&w.agent, seat.id).await.unwrap();
    let given = w.app.assign_licence_seat(&w.agent, visio, &to_fiona).await.unwrap();
    assert_eq!((given.user_id, given.state), (w.fiona.id, SeatState::Assigned));
    // Another organisation's person, agent or requester gets nothing of it.
    let outsider = NewLicenceSeat { user_id: w.other_requester.id };
    w.app.release_licence_seat(&w.agent, given.id).await.unwrap();
    assert_eq!(field_of(w.app.assign_licence_seat(&w.agent, visio, &outsider).await.unwrap_err()), "user_id");
    assert!(matches!(w.app.licence_seats(&w.other_agent, visio).await, Err(AppError::NotFound)));
    assert!(matches!(w.app.release_licence_seat(&w.other_agent, given.id).await, Err(AppError::NotFound)));
    assert!(w.app.licence_seats(&w.agent, visio).await.unwrap().is_empty());

    // Only a per-seat or per-user licence of the item's organisation (or above) has seats to reserve.
    let site = licence(&w, Metric::Site, None).await;
    let devices = licence(&w, Metric::PerDevice, Some(5)).await;
    for l in [site, devices, i64::MAX] {
        let bad = NewCatalogItem { reserve_licence_id: Some(l), ..laptop(&w) };
        assert_eq!(field_of(w.app.create_catalog_item(&w.manager, &bad).await.unwrap_err()), "reserve_licence_id");
    }
    assert!(matches!(w.app.assign_licence_seat(&w.agent, site, &to_fiona).await, Err(AppError::Invalid(_))));
}

async fn people_racing_for_the_last_two_seats_get_two(backend: Backend) {
    let w = world(backend).await;
    let visio = licence(&w, Metric::PerSeat, Some(2)).await;
    let mut people = Vec::new();
    for n in 0..8 {
        people.push(actor(&w.app, &format!("racer{n}@acme.example"), "requester", w.acme).await.id);
    }
    let takers = people.into_iter().map(|user_id| {
        let (app, agent) = (w.app.clone(), w.agent.clone());
        tokio::spawn(async move { app.assign_licence_seat(&agent, visio, &NewLicenceSeat { user_id }).await })
    });
    let mut given = 0;
    for taker in takers.collect::<Vec<_>>() {
        match taker.await.unwrap() {
            Ok(_) => given += 1,
            Err(e) => assert!(matches!(e, AppError::Conflict(_)), "{e:?}"),
        }
    }
    assert_eq!(given, 2);
    assert_eq!(w.app.licence_seats(&w.agent, visio).await.unwrap().len(), 2);
}

/// Runs the jobs that are due, as the runner would.
async fn run_jobs(w: &World) {
    crate::support::jobs::run_jobs(&w.app).await;
}

async fn an_order_waits_for_its_chain_and_a_rejection_cancels_it(backend: Backend) {
    use helmdesk_app::platform::approvals::{ApprovalChainInput, ChainStep, DecisionInput};
    use helmdesk_app::platform::users::UserUpdate;
    use helmdesk_domain::platform::approvals::{ApprovalState, ApproverKind, Comparison, Decision, Rule, Via};
    let w = world(backend).await;
    let admin = actor(&w.app, "ada@acme.example", "admin", w.acme).await;
    w.app
        .update_user(&admin, w.rita.id, UserUpdate { manager_id: Some(Some(w.agent.id)), ..Default::default() })
        .await
        .unwrap();
    let steps = vec![
        ChainStep {
            name: "Manager".into(),
            approver: ApproverKind::Manager,
            approver_id: None,
            rule: Rule::Any,
            condition: None,
            time_limit_hours: None,
            reminder_hours: None,
        },
        ChainStep {
            name: "Over 1,000".into(),
            approver: ApproverKind::Person,
            approver_id: Some(w.manager.id),
            rule: Rule::Any,
            condition: Some(helmdesk_app::platform::approvals::StepCondition {
                fact: "cost".into(),
                op: Comparison::Gt,
                value: "1000".into(),
            }),
            time_limit_hours: None,
            reminder_hours: None,
        },
    ];
    let chain =
        ApprovalChainInput { organisation_id: w.acme, name: "Hardware".into(), description: String::new(), steps };
    let chain = w.app.create_approval_chain(&admin, chain).await.unwrap().id;
    let item = NewCatalogItem { approval_chain_id: Some(chain), ..laptop(&w) };
    let item = w.app.create_catalog_item(&w.manager, &item).await.unwrap();
    assert_eq!(item.approval_chain_id, Some(chain));
    let foreign = NewCatalogItem { approval_chain_id: Some(999_999), ..laptop(&w) };
    assert!(matches!(w.app.create_catalog_item(&w.manager, &foreign).await, Err(AppError::Invalid(_))));

    let ordered = w.app.order_catalog_item(&w.rita, &order(&item, &[("model", "Standard")])).await.unwrap();
    run_jobs(&w).await;
    assert_eq!(ordered.status, RequestStatus::AwaitingApproval);
    assert!(ordered.tasks.iter().all(|t| t.ticket_id.is_none()), "nothing is filed for the teams yet");
    let ticket = w.app.ticket(&w.rita, ordered.ticket_id).await.unwrap();
    assert_eq!(ticket.status, TicketStatus::Pending, "its SLA waits for the approval");
    let approval = w.app.approval_of(&w.rita, "catalog_request", ordered.id).await.unwrap().expect("an approval");
    assert_eq!(approval.facts["cost"], serde_json::json!(1299.0));
    let approve = || DecisionInput { decision: Decision::Approved, comment: String::new() };
    w.app.decide_approval(&w.agent, approval.id, approve(), Via::Portal).await.unwrap();
    run_jobs(&w).await;
    assert_eq!(w.app.catalog_request(&w.rita, ordered.id).await.unwrap().status, RequestStatus::AwaitingApproval);
    w.app.decide_approval(&w.manager, approval.id, approve(), Via::Api).await.unwrap();
    run_jobs(&w).await;
    let now = w.app.catalog_request(&w.rita, ordered.id).await.unwrap();
    assert_eq!((now.status, now.stage), (RequestStatus::InFulfilment, Some(1)), "approved: stage 1 runs");
    assert!(now.tasks[0].ticket_id.is_some());

    // A second order is rejected by the manager: the request ends, its ticket is cancelled.
    let second = w.app.order_catalog_item(&w.rita, &order(&item, &[("model", "Developer")])).await.unwrap();
    run_jobs(&w).await;
    let approval = w.app.approval_of(&w.rita, "catalog_request", second.id).await.unwrap().unwrap();
    let no = DecisionInput { decision: Decision::Rejected, comment: "You had one last month".into() };
    w.app.decide_approval(&w.agent, approval.id, no, Via::Portal).await.unwrap();
    run_jobs(&w).await;
    let ended = w.app.catalog_request(&w.rita, second.id).await.unwrap();
    assert_eq!(ended.status, RequestStatus::Rejected);
    assert_eq!(w.app.ticket(&w.rita, second.ticket_id).await.unwrap().status, TicketStatus::Cancelled);
    let shown = w.app.approval_of(&w.rita, "catalog_request", second.id).await.unwrap().unwrap();
    assert_eq!((shown.state, shown.comment.as_str()), (ApprovalState::Rejected, "You had one last month"));
    // Another organisation sees neither the request nor its approval.
    assert!(w.app.approval_of(&w.other_agent, "catalog_request", second.id).await.unwrap().is_none());
}

//! The CMDB on both databases: configuration items, relationships with direction and
//! history on both ends, a business service's users, impact analysis through cycles up to
//! the services and the people who use them, and who may see what, with two organisations
//! and hostile input.

use helmdesk_app::assets::cmdb::{CiPatch, CiQuery, NewCi, NewConsumer, NewRelation};
use helmdesk_app::service_desk::search::TicketQuery;
use helmdesk_app::service_desk::tickets::{NewTicket, TicketPatch};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::assets::cmdb::{CiClass, Criticality, RelationKind};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

/// Whether `r` was refused for its field `field`.
fn refused<T: std::fmt::Debug>(r: Result<T, AppError>, field: &str) {
    match r {
        Err(AppError::Invalid(errors)) => assert_eq!(errors[0].field.as_deref(), Some(field)),
        other => panic!("expected {field} refused, got {other:?}"),
    }
}

backend_tests!(
    impact_follows_every_dependency_through_cycles_to_the_services_and_their_users,
    relationships_are_written_on_both_ends_and_wrong_ones_refused,
    another_organisation_s_items_are_not_found_and_the_walk_does_not_show_them,
    hostile_and_broken_input_is_refused_and_changes_nothing,
    tickets_name_the_item_they_affect_for_staff_only,
);

async fn add(w: &World, who: &Actor, name: &str, class: CiClass) -> i64 {
    w.app.create_ci(who, &NewCi::new(name, class)).await.unwrap().id
}

async fn relate(w: &World, who: &Actor, source: i64, kind: RelationKind, target_id: i64) {
    w.app.add_ci_relation(who, source, &NewRelation { kind, target_id }).await.unwrap();
}

async fn department(w: &World, organisation: i64, name: &str) -> i64 {
    let s = w.app.store();
    let mut tx = s.begin().await.unwrap();
    let id = s.create_department(&mut tx, organisation, name, w.app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    id
}

async fn impact_follows_every_dependency_through_cycles_to_the_services_and_their_users(backend: Backend) {
    let w = world(backend).await;
    let a = &w.agent;
    let server = add(&w, a, "srv-01", CiClass::Hardware).await;
    let db = add(&w, a, "payroll-db", CiClass::Database).await;
    let app = add(&w, a, "payroll-app", CiClass::Application).await;
    let reports = add(&w, a, "reports-app", CiClass::Application).await;
    let unrelated = add(&w, a, "printer", CiClass::Hardware).await;
    let mut service = NewCi::new("Payroll", CiClass::BusinessService);
    service.criticality = Some(Criticality::Critical);
    let service = w.app.create_ci(a, &service).await.unwrap().id;
    relate(&w, a, db, RelationKind::RunsOn, server).await;
    relate(&w, a, app, RelationKind::DependsOn, db).await;
    // "db used by reports": reports fails with the database.
    relate(&w, a, db, RelationKind::UsedBy, reports).await;
    relate(&w, a, service, RelationKind::DependsOn, app).await;
    // A cycle back to the server, and the server needing the printer (not impacted).
    relate(&w, a, server, RelationKind::DependsOn, app).await;
    relate(&w, a, server, RelationKind::ConnectedTo, unrelated).await;
    let hr = department(&w, w.acme, "HR").await;
    let added =
        w.app.add_ci_consumer(a, service, &NewConsumer { department_id: Some(hr), user_id: None }).await.unwrap();
    assert_eq!(added.name, "HR");
    w.app.add_ci_consumer(a, service, &NewConsumer { department_id: None, user_id: Some(w.rita.id) }).await.unwrap();

    let impact = w.app.ci_impact(&w.auditor, server).await.unwrap();
    let reached: Vec<(&str, u32)> = impact.items.iter().map(|i| (i.name.as_str(), i.depth)).collect();
    assert_eq!(reached, [("payroll-db", 1), ("payroll-app", 2), ("reports-app", 2), ("Payroll", 3)]);
    assert_eq!(impact.business_services.len(), 1);
    assert_eq!(impact.business_services[0].criticality, Some(Criticality::Critical));
    assert_eq!(impact.departments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["HR"]);
    assert_eq!(impact.people.iter().map(|p| p.id).collect::<Vec<_>>(), [w.rita.id]);
    assert_eq!(impact.people[0].services, [service]);
    // Every drawn dependency is among the shown items; the cycle's edge into the root is not.
    assert!(impact.edges.iter().all(|e| e.dependant_id != server));
    assert!(impact.edges.iter().any(|e| e.dependant_id == reports && e.provider_id == db));

    // From the service itself: nothing depends on it, and it is the service affected.
    let own = w.app.ci_impact(&w.agent, service).await.unwrap();
    assert!(own.items.is_empty());
    assert_eq!(own.business_services[0].depth, 0);
    assert_eq!(own.departments.len(), 1);
    // From the printer: the server and, through it, everything above.
    let printer = w.app.ci_impact(&w.agent, unrelated).await.unwrap();
    assert_eq!(printer.items.len(), 5, "{:?}", printer.items);
}

async fn relationships_are_written_on_both_ends_and_wrong_ones_refused(backend: Backend) {
    let w = world(backend).await;
    let a = &w.agent;
    let server = add(&w, a, "srv-01", CiClass::Hardware).await;
    let app = add(&w, a, "payroll-app", CiClass::Application).await;
    let made =
        w.app.add_ci_relation(a, app, &NewRelation { kind: RelationKind::RunsOn, target_id: server }).await.unwrap();
    assert_eq!((made.source.id, made.target.id), (app, server));
    let on_server = w.app.ci_relations(&w.auditor, server).await.unwrap();
    assert_eq!(on_server.len(), 1);
    for id in [app, server] {
        let history = w.app.ci_history(a, id).await.unwrap();
        let last = history.last().unwrap();
        assert_eq!((last.field.as_str(), last.new_value.as_deref()), ("relation", Some("payroll-app runs on srv-01")));
    }

    let again = NewRelation { kind: RelationKind::RunsOn, target_id: server };
    refused(w.app.add_ci_relation(a, app, &again).await, "target_id");
    refused(
        w.app.add_ci_relation(a, app, &NewRelation { kind: RelationKind::DependsOn, target_id: app }).await,
        "target_id",
    );
    refused(
        w.app.add_ci_relation(a, app, &NewRelation { kind: RelationKind::DependsOn, target_id: 999_999 }).await,
        "target_id",
    );
    assert!(matches!(
        w.app.add_ci_relation(&w.auditor, app, &NewRelation { kind: RelationKind::DependsOn, target_id: server }).await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(w.app.ci_relations(a, app).await.unwrap().len(), 1, "nothing refused was written");

    // Found by name (any case) or number; a name two items share asks for the number.
    assert_eq!(w.app.ci_id_by_name(a, "target", "SRV-01").await.unwrap(), server);
    assert_eq!(w.app.ci_id_by_name(a, "target", &format!("#{server}")).await.unwrap(), server);
    add(&w, a, "srv-01", CiClass::Hardware).await;
    refused(w.app.ci_id_by_name(a, "target", "srv-01").await, "target");

    // Removed through either end, never through a third item.
    let third = add(&w, a, "third", CiClass::Other).await;
    assert!(matches!(w.app.remove_ci_relation(a, third, made.id).await, Err(AppError::NotFound)));
    w.app.remove_ci_relation(a, server, made.id).await.unwrap();
    assert!(w.app.ci_relations(a, app).await.unwrap().is_empty());
    let last = w.app.ci_history(a, app).await.unwrap().pop().unwrap();
    assert_eq!((last.old_value.as_deref(), last.new_value), (Some("payroll-app runs on srv-01"), None));
}

async fn another_organisation_s_items_are_not_found_and_the_walk_does_not_show_them(backend: Backend) {
    let w = world(backend).await;
    let ours = add(&w, &w.agent, "srv-01", CiClass::Hardware).await;
    let our_app = add(&w, &w.agent, "our-app", CiClass::Application).await;
    relate(&w, &w.agent, our_app, RelationKind::RunsOn, ours).await;
    let theirs = add(&w, &w.other_agent, "their-app", CiClass::Application).await;
    // Only an administrator sees both organisations: theirs depends on ours, and ours on theirs.
    w.app
        .add_ci_relation(&w.admin, theirs, &NewRelation { kind: RelationKind::RunsOn, target_id: our_app })
        .await
        .unwrap();
    let beyond = add(&w, &w.agent, "beyond", CiClass::BusinessService).await;
    w.app
        .add_ci_relation(&w.admin, beyond, &NewRelation { kind: RelationKind::DependsOn, target_id: theirs })
        .await
        .unwrap();

    for (who, id) in [(&w.other_agent, ours), (&w.agent, theirs), (&w.rita, ours), (&w.other_requester, theirs)] {
        assert!(matches!(w.app.ci(who, id).await, Err(AppError::NotFound)), "{} reads {id}", who.name);
        assert!(matches!(w.app.ci_impact(who, id).await, Err(AppError::NotFound)));
        assert!(matches!(w.app.ci_history(who, id).await, Err(AppError::NotFound)));
    }
    assert!(matches!(w.app.list_cis(&w.rita, &CiQuery::default()).await, Err(AppError::Forbidden(_))));
    let listed = w.app.list_cis(&w.other_agent, &CiQuery::default()).await.unwrap();
    assert_eq!(listed.items.iter().map(|c| c.id).collect::<Vec<_>>(), [theirs]);
    // Naming the other's item as a target: as unknown as a number nobody has.
    let named = w
        .app
        .add_ci_relation(&w.other_agent, theirs, &NewRelation { kind: RelationKind::DependsOn, target_id: ours })
        .await;
    assert!(matches!(named, Err(AppError::Invalid(_))));
    assert!(w.app.ci_id_by_name(&w.other_agent, "target", "srv-01").await.is_err());

    // The walk goes through their item to ours beyond it, without showing theirs.
    let impact = w.app.ci_impact(&w.agent, ours).await.unwrap();
    let names: Vec<&str> = impact.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["our-app", "beyond"]);
    assert!(impact.edges.iter().all(|e| e.dependant_id != theirs && e.provider_id != theirs));
    let relations = w.app.ci_relations(&w.agent, our_app).await.unwrap();
    assert_eq!(relations.len(), 1, "the relationship with their item is not shown");
    let everything = w.app.ci_impact(&w.admin, ours).await.unwrap();
    assert_eq!(everything.items.len(), 3);
}

async fn hostile_and_broken_input_is_refused_and_changes_nothing(backend: Backend) {
    let w = world(backend).await;
    let a = &w.agent;
    for name in ["", "   ", &"x".repeat(201), "bad\u{0}name"] {
        assert!(
            matches!(w.app.create_ci(a, &NewCi::new(name, CiClass::Other)).await, Err(AppError::Invalid(_))),
            "{name:?}"
        );
    }
    let mut foreign = NewCi::new("x", CiClass::Other);
    foreign.organisation_id = Some(w.other);
    assert!(matches!(w.app.create_ci(a, &foreign).await, Err(AppError::Invalid(_))));
    assert!(matches!(w.app.create_ci(&w.auditor, &NewCi::new("x", CiClass::Other)).await, Err(AppError::Forbidden(_))));
    assert!(w.app.list_cis(&w.admin, &CiQuery::default()).await.unwrap().items.is_empty(), "nothing was added");

    // Search words are text, each starting a word of the name: no wildcards, no SQL.
    add(&w, a, "100% uptime_svc", CiClass::Application).await;
    add(&w, a, "plain", CiClass::Application).await;
    let search = |q: &str| CiQuery { q: Some(q.into()), ..Default::default() };
    for (q, found) in [("%", 0), ("_", 0), ("100%", 1), ("uptime_s", 1), ("SVC", 1), ("time", 0), ("' OR 1=1 --", 0)] {
        assert_eq!(w.app.list_cis(a, &search(q)).await.unwrap().items.len(), found, "{q}");
    }
    assert!(w.app.list_cis(a, &CiQuery { limit: Some(0), ..Default::default() }).await.is_err());
    assert!(w.app.list_cis(a, &CiQuery { cursor: Some("nonsense".into()), ..Default::default() }).await.is_err());

    // A stale version, an asset of another organisation, users on what is not a service.
    let id = add(&w, a, "app", CiClass::Application).await;
    let rename = CiPatch { name: Some("renamed".into()), ..Default::default() };
    assert!(matches!(w.app.update_ci(a, id, &rename, Some(99)).await, Err(AppError::PreconditionFailed)));
    let their_asset = w
        .app
        .create_asset(
            &w.other_agent,
            &helmdesk_app::assets::hardware::NewAsset {
                name: "Theirs".into(),
                type_id: w.laptop_type,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let link = CiPatch { asset_id: Some(Some(their_asset.id)), ..Default::default() };
    assert!(matches!(w.app.update_ci(a, id, &link, None).await, Err(AppError::Invalid(_))));
    let user = NewConsumer { department_id: None, user_id: Some(w.rita.id) };
    assert!(matches!(w.app.add_ci_consumer(a, id, &user).await, Err(AppError::Invalid(_))));
    let service = add(&w, a, "svc", CiClass::BusinessService).await;
    let both = NewConsumer { department_id: Some(1), user_id: Some(w.rita.id) };
    assert!(matches!(w.app.add_ci_consumer(a, service, &both).await, Err(AppError::Invalid(_))));
    let outsider = NewConsumer { department_id: None, user_id: Some(w.other_requester.id) };
    assert!(matches!(w.app.add_ci_consumer(a, service, &outsider).await, Err(AppError::Invalid(_))));
    let after = w.app.ci(a, id).await.unwrap();
    assert_eq!((after.name.as_str(), after.asset_id, after.version), ("app", None, 1));
    assert!(w.app.ci_consumers(a, service).await.unwrap().is_empty());

    // An asset stands for at most one item.
    let ours = w
        .app
        .create_asset(
            a,
            &helmdesk_app::assets::hardware::NewAsset {
                name: "Ours".into(),
                type_id: w.laptop_type,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut first = NewCi::new("first", CiClass::Hardware);
    first.asset_id = Some(ours.id);
    let first = w.app.create_ci(a, &first).await.unwrap();
    assert_eq!(first.asset_tag.as_deref(), Some(ours.tag.as_str()));
    assert_eq!(w.app.ci_of_asset(&w.auditor, ours.id).await.unwrap(), Some(first.id));
    assert_eq!(w.app.ci_of_asset(&w.other_agent, ours.id).await.unwrap(), None);
    let mut second = NewCi::new("second", CiClass::Hardware);
    second.asset_id = Some(ours.id);
    assert!(matches!(w.app.create_ci(a, &second).await, Err(AppError::Invalid(_))));
}

async fn tickets_name_the_item_they_affect_for_staff_only(backend: Backend) {
    let w = world(backend).await;
    let a = &w.agent;
    let app_ci = add(&w, a, "payroll-app", CiClass::Application).await;
    let service = add(&w, a, "Payroll", CiClass::BusinessService).await;
    relate(&w, a, service, RelationKind::DependsOn, app_ci).await;
    let theirs = add(&w, &w.other_agent, "their-app", CiClass::Application).await;

    let mut filed = NewTicket::incident("Payroll run fails", "Since this morning.");
    filed.ci_id = Some(app_ci);
    let ticket = w.app.create_ticket(a, filed).await.unwrap();
    assert_eq!((ticket.ci_id, ticket.ci_name.as_deref()), (Some(app_ci), Some("payroll-app")));
    assert_eq!(w.app.services_of_ci(a, app_ci).await.unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), [service]);
    let by_item = TicketQuery { ci_id: Some(app_ci), limit: 10, ..Default::default() };
    assert_eq!(w.app.list_tickets(&w.auditor, &by_item).await.unwrap().items.len(), 1);

    // Another organisation's item, or one that does not exist, cannot be named.
    let mut foreign = NewTicket::incident("Elsewhere", "");
    foreign.ci_id = Some(theirs);
    refused(w.app.create_ticket(a, foreign).await, "ci_id");
    let unknown = TicketPatch { ci_id: Some(Some(999_999)), ..Default::default() };
    refused(w.app.update_ticket(a, ticket.id, unknown, None).await, "ci_id");

    // A requester neither names an item nor learns which one their ticket names.
    let mut own = NewTicket::incident("Mine", "");
    own.ci_id = Some(app_ci);
    assert!(matches!(w.app.create_ticket(&w.rita, own).await, Err(AppError::Forbidden(_))));
    let mut for_rita = NewTicket::incident("Rita's payslip is missing", "");
    for_rita.requester_id = Some(w.rita.id);
    for_rita.ci_id = Some(app_ci);
    let hers = w.app.create_ticket(a, for_rita).await.unwrap();
    let seen = w.app.ticket(&w.rita, hers.id).await.unwrap();
    assert_eq!((seen.ci_id, seen.ci_name.as_deref()), (None, None));
    let json = serde_json::to_value(&seen).unwrap();
    assert!(json.get("ci_id").is_none() && json.get("ci_name").is_none(), "{json}");
    let filtered =
        w.app.list_tickets(&w.rita, &TicketQuery { ci_id: Some(999), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(filtered.items.len(), 1, "a requester's item filter is ignored: she sees her own ticket");

    // Clearing it is a history line staff see and the requester does not.
    let clear = TicketPatch { ci_id: Some(None), ..Default::default() };
    let cleared = w.app.update_ticket(a, hers.id, clear, None).await.unwrap();
    assert_eq!(cleared.ci_id, None);
    let staff_lines = w.app.history(a, hers.id).await.unwrap();
    assert!(staff_lines.iter().any(|h| h.field == "ci" && h.old_value.as_deref() == Some("payroll-app")));
    assert!(w.app.history(&w.rita, hers.id).await.unwrap().iter().all(|h| h.field != "ci"));
}

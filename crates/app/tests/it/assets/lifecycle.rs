//! Assets on both databases: adding with generated and typed tags, the lifecycle (check
//! out to a person, a place or an asset, check in, repair, retirement, disposal), the
//! holder's acceptance, versions, history, book values, and who may see and change what,
//! with two organisations and hostile input.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use helmdesk_app::AppError;
use helmdesk_app::assets::catalog::{NewAssetModel, NewAssetType, NewLocation};
use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, AssetQuery, CheckOut, NewAsset};
use helmdesk_domain::assets::fields::{FieldDef, FieldKind};
use helmdesk_domain::assets::lifecycle::{AssetState, HolderKind};
use helmdesk_store::{Backend, backend_tests};

use super::world;

backend_tests!(
    tags_come_from_the_type_s_pattern_or_are_typed_and_never_repeat,
    an_asset_goes_through_its_life_and_every_step_is_in_its_history,
    the_holder_confirms_receipt_and_sees_their_devices_and_nobody_else_s,
    another_organisation_s_assets_are_not_found_and_cannot_be_named,
    hostile_and_broken_input_is_refused_and_changes_nothing,
    a_stale_version_is_refused_and_the_book_value_falls_in_a_straight_line,
    the_catalogue_is_written_by_managers_of_every_organisation,
);

fn laptop(name: &str, type_id: i64) -> NewAsset {
    NewAsset { name: name.into(), type_id, ..Default::default() }
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn tags_come_from_the_type_s_pattern_or_are_typed_and_never_repeat(backend: Backend) {
    let w = world(backend).await;
    let first = w.app.create_asset(&w.agent, &laptop("Ann's laptop", w.laptop_type)).await.unwrap();
    let second = w.app.create_asset(&w.agent, &laptop("Spare", w.laptop_type)).await.unwrap();
    assert_eq!((first.tag.as_str(), second.tag.as_str()), ("LAP-00001", "LAP-00002"));
    assert_eq!(first.state, AssetState::InStock);
    let typed = NewAsset { tag: Some(" hd-7 ".into()), ..laptop("Typed", w.laptop_type) };
    assert_eq!(w.app.create_asset(&w.agent, &typed).await.unwrap().tag, "hd-7");
    let again = NewAsset { tag: Some("HD-7".into()), ..laptop("Again", w.laptop_type) };
    let err = w.app.create_asset(&w.agent, &again).await.unwrap_err();
    assert!(matches!(&err, AppError::Invalid(e) if e[0].field.as_deref() == Some("tag")), "{err:?}");
    // A type without a pattern needs a typed tag.
    let plain = NewAssetType { name: "Dock".into(), tag_pattern: None, fields: Vec::new(), audit_interval_days: None };
    let dock = w.app.create_asset_type(&w.admin, &plain).await.unwrap();
    let err = w.app.create_asset(&w.agent, &laptop("Dock 1", dock.id)).await.unwrap_err();
    assert!(err.to_string().contains("tag") || matches!(err, AppError::Invalid(_)), "{err:?}");
}

async fn an_asset_goes_through_its_life_and_every_step_is_in_its_history(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let a = app.create_asset(&w.agent, &laptop("Laptop", w.laptop_type)).await.unwrap();
    let desk = app.create_asset(&w.agent, &laptop("Docking desk", w.laptop_type)).await.unwrap();
    let to_rita =
        CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: NaiveDate::from_ymd_opt(2026, 9, 1) };
    let out = app.check_out(&w.agent, a.id, &to_rita, Some(a.version)).await.unwrap();
    assert_eq!(out.state, AssetState::Deployed);
    assert_eq!(out.holder.as_ref().map(|h| (h.kind, h.id)), Some((HolderKind::Person, w.rita.id)));
    let twice = app.check_out(&w.agent, a.id, &to_rita, None).await.unwrap_err();
    assert!(matches!(twice, AppError::Invalid(_)), "a deployed asset is checked in first: {twice:?}");
    let back = app.check_in(&w.agent, a.id, None).await.unwrap();
    assert_eq!((back.state, back.holder.is_none(), back.expected_return), (AssetState::InStock, true, None));
    // Attached to another asset, never to itself or in a circle.
    let on = CheckOut { kind: HolderKind::Asset, id: desk.id, expected_return: None };
    app.check_out(&w.agent, a.id, &on, None).await.unwrap();
    let itself = CheckOut { kind: HolderKind::Asset, id: desk.id, expected_return: None };
    assert!(app.check_out(&w.agent, desk.id, &itself, None).await.is_err());
    let circle = CheckOut { kind: HolderKind::Asset, id: a.id, expected_return: None };
    assert!(app.check_out(&w.agent, desk.id, &circle, None).await.is_err(), "the desk holds the laptop already");
    // To repair (checked in on the way), back, retired, disposed: final.
    let repair = app.move_asset(&w.agent, a.id, AssetState::InRepair, None).await.unwrap();
    assert!(repair.holder.is_none());
    assert!(app.move_asset(&w.agent, a.id, AssetState::Deployed, None).await.is_err(), "deploying is a check-out");
    app.move_asset(&w.agent, a.id, AssetState::Retired, None).await.unwrap();
    app.move_asset(&w.agent, a.id, AssetState::Disposed, None).await.unwrap();
    let err = app.move_asset(&w.agent, a.id, AssetState::InStock, None).await.unwrap_err();
    assert!(err.to_string().contains("invalid") || matches!(err, AppError::Invalid(_)), "{err:?}");
    let history: Vec<String> =
        app.asset_history(&w.auditor, a.id).await.unwrap().into_iter().map(|h| h.field).collect();
    for step in ["created", "state", "checked_out_to", "expected_return", "checked_in_from"] {
        assert!(history.iter().any(|f| f == step), "{step} in {history:?}");
    }
    assert_eq!(
        history.iter().filter(|f| *f == "state").count(),
        6,
        "out, in, out, repair, retired, disposed: {history:?}"
    );
}

async fn the_holder_confirms_receipt_and_sees_their_devices_and_nobody_else_s(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let mine = app.create_asset(&w.agent, &laptop("Rita's", w.laptop_type)).await.unwrap();
    let other = app.create_asset(&w.agent, &laptop("Someone else's", w.laptop_type)).await.unwrap();
    let to_rita = CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: None };
    app.check_out(&w.agent, mine.id, &to_rita, None).await.unwrap();
    let listed = app.my_assets(&w.rita).await.unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), [mine.id]);
    assert!(app.asset(&w.rita, mine.id).await.is_ok(), "the holder reads their device");
    assert!(matches!(app.asset(&w.rita, other.id).await, Err(AppError::NotFound)));
    assert!(matches!(app.list_assets(&w.rita, &AssetQuery::default()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.accept_asset(&w.rita, other.id).await, Err(AppError::NotFound)));
    let accepted = app.accept_asset(&w.rita, mine.id).await.unwrap();
    assert!(accepted.accepted_at.is_some());
    assert!(
        matches!(app.check_in(&w.rita, mine.id, None).await, Err(AppError::Forbidden(_))),
        "a requester changes nothing"
    );
    let again = app.accept_asset(&w.rita, mine.id).await.unwrap();
    assert_eq!(again.version, accepted.version, "accepting twice changes nothing");
}

async fn another_organisation_s_assets_are_not_found_and_cannot_be_named(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let ours = app.create_asset(&w.agent, &laptop("Ours", w.laptop_type)).await.unwrap();
    let theirs = app.create_asset(&w.other_agent, &laptop("Theirs", w.laptop_type)).await.unwrap();
    assert!(matches!(app.asset(&w.other_agent, ours.id).await, Err(AppError::NotFound)));
    assert!(matches!(app.check_in(&w.other_agent, ours.id, None).await, Err(AppError::NotFound)));
    assert!(matches!(app.asset_history(&w.other_agent, ours.id).await, Err(AppError::NotFound)));
    let page = app.list_assets(&w.other_agent, &AssetQuery::default()).await.unwrap();
    assert_eq!(page.items.iter().map(|a| a.id).collect::<Vec<_>>(), [theirs.id]);
    let all = app.list_assets(&w.admin, &AssetQuery::default()).await.unwrap();
    assert_eq!(all.items.len(), 2, "an administrator sees every organisation");
    // Their people, their assets and their organisation cannot be named by ours.
    let to_otto = CheckOut { kind: HolderKind::Person, id: w.other_requester.id, expected_return: None };
    assert!(matches!(app.check_out(&w.agent, ours.id, &to_otto, None).await, Err(AppError::Invalid(_))));
    let on_theirs = CheckOut { kind: HolderKind::Asset, id: theirs.id, expected_return: None };
    assert!(matches!(app.check_out(&w.agent, ours.id, &on_theirs, None).await, Err(AppError::Invalid(_))));
    let elsewhere =
        NewAsset { organisation_id: Some(w.other_agent.organisation_id), ..laptop("Sneaky", w.laptop_type) };
    assert!(matches!(app.create_asset(&w.agent, &elsewhere).await, Err(AppError::Invalid(_))));
    assert!(app.asset_id_by_tag(&w.agent, &theirs.tag).await.is_err());
    assert_eq!(app.list_assets(&w.agent, &AssetQuery::default()).await.unwrap().items.len(), 1, "nothing was added");
}

async fn hostile_and_broken_input_is_refused_and_changes_nothing(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let a = app.create_asset(&w.agent, &laptop("Laptop", w.laptop_type)).await.unwrap();
    let bad_patches = [
        AssetPatch { name: Some("".into()), ..Default::default() },
        AssetPatch { name: Some("a\u{0}b".into()), ..Default::default() },
        AssetPatch { tag: Some("x".repeat(65)), ..Default::default() },
        AssetPatch {
            details: AssetDetails { cost_minor: Some(Some(100)), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails {
                cost_minor: Some(Some(-5)),
                currency: Some(Some("EUR".into())),
                ..Default::default()
            },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { currency: Some(Some("EURO".into())), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { depreciation_months: Some(Some(0)), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { model_id: Some(Some(999_999)), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { location_id: Some(Some(999_999)), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { fields: Some(fields(&[("ram_gb", "lots")])), ..Default::default() },
            ..Default::default()
        },
        AssetPatch {
            details: AssetDetails { fields: Some(fields(&[("'; DROP TABLE assets; --", "1")])), ..Default::default() },
            ..Default::default()
        },
    ];
    for patch in bad_patches {
        let err = app.update_asset(&w.agent, a.id, &patch, None).await.unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{patch:?}: {err:?}");
    }
    let after = app.asset(&w.agent, a.id).await.unwrap();
    assert_eq!((after.version, after.name.as_str(), after.tag.as_str()), (a.version, "Laptop", a.tag.as_str()));
    assert_eq!(app.asset_history(&w.agent, a.id).await.unwrap().len(), 1, "only its creation");
    // Search text is text, not SQL or a pattern.
    for q in ["%", "_", "' OR 1=1 --", "\\"] {
        let page = app.list_assets(&w.agent, &AssetQuery { q: Some(q.into()), ..Default::default() }).await.unwrap();
        assert!(page.items.is_empty() || q.trim().is_empty(), "{q:?} matched {:?}", page.items.len());
    }
    let long = AssetQuery { q: Some("x".repeat(201)), ..Default::default() };
    assert!(matches!(app.list_assets(&w.agent, &long).await, Err(AppError::Invalid(_))));
    assert!(matches!(
        app.list_assets(&w.agent, &AssetQuery { limit: Some(0), ..Default::default() }).await,
        Err(AppError::Invalid(_))
    ));
}

async fn a_stale_version_is_refused_and_the_book_value_falls_in_a_straight_line(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let details = AssetDetails {
        purchased_on: Some(NaiveDate::from_ymd_opt(2025, 3, 2)),
        cost_minor: Some(Some(120_000)),
        currency: Some(Some("eur".into())),
        depreciation_months: Some(Some(24)),
        fields: Some(fields(&[("ram_gb", "16"), ("cpu", "Intel Core i7")])),
        ..Default::default()
    };
    let a = app.create_asset(&w.agent, &NewAsset { details, ..laptop("Laptop", w.laptop_type) }).await.unwrap();
    assert_eq!(a.cost.as_ref().map(|c| c.text.as_str()), Some("1200.00 EUR"));
    // A year of two: half its value (2025-03-02 to 2026-03-02 is 365 of 730 days).
    assert_eq!(a.book_value.as_ref().map(|v| v.minor), Some(60_000));
    assert_eq!(a.fields.get("ram_gb").map(String::as_str), Some("16"));
    let rename = AssetPatch { name: Some("Renamed".into()), ..Default::default() };
    let renamed = app.update_asset(&w.agent, a.id, &rename, Some(a.version)).await.unwrap();
    let again = AssetPatch { name: Some("Lost update".into()), ..Default::default() };
    assert!(matches!(
        app.update_asset(&w.agent, a.id, &again, Some(a.version)).await,
        Err(AppError::PreconditionFailed)
    ));
    assert!(matches!(app.check_in(&w.agent, a.id, Some(a.version)).await, Err(AppError::PreconditionFailed)));
    assert_eq!(app.asset(&w.agent, a.id).await.unwrap().name, "Renamed");
    // A field cleared with an empty value; the others stay.
    let clear = AssetPatch {
        details: AssetDetails { fields: Some(fields(&[("ram_gb", "")])), ..Default::default() },
        ..Default::default()
    };
    let cleared = app.update_asset(&w.agent, a.id, &clear, Some(renamed.version)).await.unwrap();
    assert_eq!(cleared.fields, fields(&[("cpu", "Intel Core i7")]));
}

async fn the_catalogue_is_written_by_managers_of_every_organisation(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let kind = NewAssetType {
        name: "Tablet".into(),
        tag_pattern: Some("TAB-####".into()),
        fields: vec![FieldDef { key: "os".into(), label: "Operating system".into(), kind: FieldKind::Text }],
        audit_interval_days: Some(180),
    };
    assert!(matches!(app.create_asset_type(&w.agent, &kind).await, Err(AppError::Forbidden(_))));
    let tablet = app.create_asset_type(&w.admin, &kind).await.unwrap();
    assert!(matches!(app.create_asset_type(&w.admin, &kind).await, Err(AppError::Invalid(_))), "a name taken");
    let broken = NewAssetType {
        tag_pattern: Some("TAB-#-#".into()),
        name: "Broken".into(),
        fields: Vec::new(),
        audit_interval_days: None,
    };
    assert!(matches!(app.create_asset_type(&w.admin, &broken).await, Err(AppError::Invalid(_))));
    let model = NewAssetModel {
        manufacturer: "Samsung".into(),
        name: "Galaxy Tab S9".into(),
        type_id: tablet.id,
        depreciation_months: Some(36),
    };
    let m = app.create_asset_model(&w.admin, &model).await.unwrap();
    assert_eq!((m.manufacturer.as_str(), m.type_name.as_str()), ("Samsung", "Tablet"));
    let site = app
        .create_location(
            &w.admin,
            &NewLocation { name: "HQ".into(), kind: "site".into(), parent_id: None, organisation_id: None },
        )
        .await
        .unwrap();
    let room =
        NewLocation { name: "Room 1".into(), kind: "room".into(), parent_id: Some(site.id), organisation_id: None };
    assert!(matches!(app.create_location(&w.admin, &room).await, Err(AppError::Invalid(_))), "a room is in a building");
    // Another organisation's location is not theirs to use.
    let theirs = NewLocation {
        name: "Other HQ".into(),
        kind: "site".into(),
        parent_id: None,
        organisation_id: Some(Some(w.other_agent.organisation_id)),
    };
    let other_site = app.create_location(&w.admin, &theirs).await.unwrap();
    assert!(app.locations(&w.agent).await.unwrap().iter().all(|l| l.id != other_site.id));
    let a = app.create_asset(&w.agent, &laptop("Laptop", w.laptop_type)).await.unwrap();
    let there = AssetPatch {
        details: AssetDetails { location_id: Some(Some(other_site.id)), ..Default::default() },
        ..Default::default()
    };
    assert!(matches!(app.update_asset(&w.agent, a.id, &there, None).await, Err(AppError::Invalid(_))));
    let wrong_model =
        AssetPatch { details: AssetDetails { model_id: Some(Some(m.id)), ..Default::default() }, ..Default::default() };
    assert!(
        matches!(app.update_asset(&w.agent, a.id, &wrong_model, None).await, Err(AppError::Invalid(_))),
        "a tablet model on a laptop"
    );
}

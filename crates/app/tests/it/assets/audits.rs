//! Physical audits on both databases: a round of a location and the rooms inside expects
//! the assets there, confirmations by tag, serial, label address and id (found, found
//! elsewhere, already confirmed; unknown, out of scope and closed refused), the asset's
//! audit dates and history, the per-type interval, the closed report and its CSV, the
//! overdue filter, and two organisations and the roles that may not.

use helmdesk_app::AppError;
use helmdesk_app::assets::audits::{AuditQuery, Confirmation, NewAudit, report_csv};
use helmdesk_app::assets::catalog::{NewAssetType, NewLocation};
use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, AssetQuery, CheckOut, NewAsset};
use helmdesk_domain::assets::audits::{AuditState, Outcome};
use helmdesk_domain::assets::lifecycle::{AssetState, HolderKind};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    a_round_finds_what_it_expects_and_reports_what_it_did_not,
    confirmations_say_what_is_wrong_and_change_nothing,
    each_organisation_audits_its_own_and_readers_only_read,
    overdue_audits_are_listed_and_a_type_sets_its_interval,
);

fn code(text: &str) -> Confirmation {
    Confirmation { code: Some(text.into()), asset_id: None }
}

async fn place(w: &World, name: &str, kind: &str, parent_id: Option<i64>) -> i64 {
    let new = NewLocation { name: name.into(), kind: kind.into(), parent_id, organisation_id: None };
    w.app.create_location(&w.admin, &new).await.unwrap().id
}

/// An asset of Acme at `location`, with `serial`.
async fn asset_at(w: &World, name: &str, location: Option<i64>, serial: &str) -> i64 {
    let details = AssetDetails { location_id: Some(location), serial: Some(Some(serial.into())), ..Default::default() };
    let new = NewAsset { name: name.into(), type_id: w.laptop_type, details, ..Default::default() };
    w.app.create_asset(&w.agent, &new).await.unwrap().id
}

async fn a_round_finds_what_it_expects_and_reports_what_it_did_not(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let site = place(&w, "Head office", "site", None).await;
    let building = place(&w, "Tower", "building", Some(site)).await;
    let room = place(&w, "Room 2.14", "room", Some(building)).await;
    let other_site = place(&w, "Warehouse", "site", None).await;
    let in_room = asset_at(&w, "Desk PC", Some(room), "SN-ROOM").await;
    let on_site = asset_at(&w, "Printer", Some(site), "SN-SITE").await;
    let held = asset_at(&w, "Rita's laptop", Some(building), "SN-HELD").await;
    let to_rita = CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: None };
    app.check_out(&w.agent, held, &to_rita, None).await.unwrap();
    let elsewhere = asset_at(&w, "Spare", Some(other_site), "SN-WARE").await;
    let disposed = asset_at(&w, "Old", Some(room), "SN-OLD").await;
    for to in [AssetState::Retired, AssetState::Disposed] {
        app.move_asset(&w.agent, disposed, to, None).await.unwrap();
    }

    let new = NewAudit { location_id: Some(site), ..Default::default() };
    let round = app.start_audit(&w.agent, &new).await.unwrap();
    assert_eq!(round.name, "Head office 2026-03-02");
    assert_eq!((round.state, round.expected, round.found), (AuditState::Open, 3, 0), "the site and the places in it");

    let tag = app.asset(&w.agent, in_room).await.unwrap().tag;
    let first = app.confirm_in_audit(&w.agent, round.id, &code(&tag.to_lowercase())).await.unwrap();
    assert_eq!((first.outcome, first.asset_id), (Outcome::Found, in_room), "a tag in any case");
    assert_eq!(first.next_audit_on, Some("2027-03-02".parse().unwrap()), "a year on by default");
    let by_serial = app.confirm_in_audit(&w.agent, round.id, &code(" sn-held ")).await.unwrap();
    assert_eq!((by_serial.outcome, by_serial.asset_id), (Outcome::Found, held));
    let label = format!("http://127.0.0.1:8080/assets/{in_room}");
    let again = app.confirm_in_audit(&w.agent, round.id, &code(&label)).await.unwrap();
    assert_eq!(again.outcome, Outcome::AlreadyConfirmed, "a scanned label names its asset");
    let moved = app.confirm_in_audit(&w.agent, round.id, &code("SN-WARE")).await.unwrap();
    assert_eq!((moved.outcome, moved.location.as_deref()), (Outcome::FoundElsewhere, Some("Warehouse")));

    let audited = app.asset(&w.agent, in_room).await.unwrap();
    assert!(audited.last_audited_at.is_some());
    assert_eq!(audited.next_audit_on, Some("2027-03-02".parse().unwrap()));
    let history = app.asset_history(&w.agent, in_room).await.unwrap();
    assert!(
        history.iter().any(|h| h.field == "audited" && h.new_value.as_deref() == Some("Head office 2026-03-02: found"))
    );
    assert!(history.iter().any(|h| h.field == "next_audit_on"));

    let report = app.close_audit(&w.agent, round.id).await.unwrap();
    assert_eq!(report.audit.state, AuditState::Closed);
    assert_eq!((report.audit.found, report.audit.found_elsewhere, report.audit.not_found), (2, 1, 1));
    let missing = &report.not_found[0];
    assert_eq!((missing.asset_id, missing.location.as_deref()), (on_site, Some("Head office")));
    let rita_held = report.found.iter().find(|l| l.asset_id == held).unwrap();
    assert_eq!(rita_held.holder.as_deref(), Some(w.rita.name.as_str()), "who held it when the round started");
    assert_eq!(report.found_elsewhere[0].asset_id, elsewhere);
    assert!(report.found.iter().chain(&report.not_found).all(|l| l.asset_id != disposed), "disposed: not expected");

    let csv = String::from_utf8(report_csv(&report).unwrap()).unwrap();
    assert!(csv.starts_with("outcome,tag,name,serial,location,holder,found_at,found_by\n"), "{csv}");
    assert_eq!(csv.lines().count(), 5, "a header and one line per asset: {csv}");
    assert!(csv.contains("\nnot_found,") && csv.contains("\nfound_elsewhere,") && csv.contains("SN-SITE"), "{csv}");

    let closed = app.confirm_in_audit(&w.agent, round.id, &code("SN-SITE")).await.unwrap_err();
    assert!(matches!(&closed, AppError::Invalid(e) if e[0].detail.contains("closed")), "{closed:?}");
    assert!(matches!(app.close_audit(&w.agent, round.id).await, Err(AppError::Invalid(_))), "closed already");
    let kept = app.audit_report(&w.auditor, round.id).await.unwrap();
    assert_eq!((kept.found.len(), kept.not_found.len()), (2, 1), "the report is kept, and auditors read it");
}

async fn confirmations_say_what_is_wrong_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let mine = asset_at(&w, "Laptop", None, "SN-1").await;
    let theirs = NewAsset { name: "Theirs".into(), type_id: w.laptop_type, ..Default::default() };
    let theirs = app.create_asset(&w.other_agent, &theirs).await.unwrap();
    let ordered = NewAsset {
        name: "Coming".into(),
        type_id: w.laptop_type,
        state: Some(AssetState::Ordered),
        ..Default::default()
    };
    let ordered = app.create_asset(&w.agent, &ordered).await.unwrap();
    let round = app.start_audit(&w.agent, &NewAudit::default()).await.unwrap();
    assert_eq!(round.expected, 1, "the organisation's assets, not those on order");
    let before = app.asset(&w.agent, mine).await.unwrap();

    let field_says = |e: AppError, words: &str| match e {
        AppError::Invalid(errors) => {
            assert_eq!(errors[0].field.as_deref(), Some("code"));
            assert!(errors[0].detail.contains(words), "{}", errors[0].detail);
        }
        other => panic!("{other:?}"),
    };
    field_says(app.confirm_in_audit(&w.agent, round.id, &code("NOPE-1")).await.unwrap_err(), "unknown");
    field_says(app.confirm_in_audit(&w.agent, round.id, &code(&theirs.tag)).await.unwrap_err(), "unknown");
    field_says(app.confirm_in_audit(&w.agent, round.id, &code(&ordered.tag)).await.unwrap_err(), "out of scope");
    field_says(app.confirm_in_audit(&w.agent, round.id, &code("   ")).await.unwrap_err(), "give a tag");
    field_says(app.confirm_in_audit(&w.agent, round.id, &code(&"x".repeat(5000))).await.unwrap_err(), "");
    let both = Confirmation { code: Some("SN-1".into()), asset_id: Some(mine) };
    field_says(app.confirm_in_audit(&w.agent, round.id, &both).await.unwrap_err(), "give a tag");
    let by_id = Confirmation { asset_id: Some(theirs.id), code: None };
    field_says(app.confirm_in_audit(&w.agent, round.id, &by_id).await.unwrap_err(), "unknown");
    assert_eq!(app.asset(&w.agent, mine).await.unwrap().version, before.version, "nothing changed");
    assert_eq!(app.audit(&w.agent, round.id).await.unwrap().found, 0);

    // A round of a subsidiary does not cover its parent's assets.
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let branch = s.create_organisation(&mut tx, "Acme Branch", Some(w.acme), app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    let admin = app.actor_by_id(w.admin.id).await.unwrap();
    let branch_round = NewAudit { organisation_id: Some(branch), ..Default::default() };
    let branch_round = app.start_audit(&admin, &branch_round).await.unwrap();
    field_says(app.confirm_in_audit(&admin, branch_round.id, &code("SN-1")).await.unwrap_err(), "out of scope");

    let bad = NewAudit { location_id: Some(999_999), ..Default::default() };
    assert!(matches!(app.start_audit(&w.agent, &bad).await, Err(AppError::Invalid(_))));
    let bad = NewAudit { organisation_id: Some(w.other), ..Default::default() };
    assert!(matches!(app.start_audit(&w.agent, &bad).await, Err(AppError::Invalid(_))));
}

async fn each_organisation_audits_its_own_and_readers_only_read(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let mine = asset_at(&w, "Laptop", None, "SN-A").await;
    let round = app.start_audit(&w.agent, &NewAudit::default()).await.unwrap();
    for who in [&w.other_agent, &w.rita, &w.other_requester] {
        assert!(matches!(app.audit_report(who, round.id).await, Err(AppError::NotFound | AppError::Forbidden(_))));
        assert!(app.confirm_in_audit(who, round.id, &code("SN-A")).await.is_err());
        assert!(app.close_audit(who, round.id).await.is_err());
    }
    assert!(matches!(app.start_audit(&w.rita, &NewAudit::default()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.start_audit(&w.auditor, &NewAudit::default()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.confirm_in_audit(&w.auditor, round.id, &code("SN-A")).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.close_audit(&w.auditor, round.id).await, Err(AppError::Forbidden(_))));
    assert_eq!(app.list_audits(&w.auditor, &AuditQuery::default()).await.unwrap().items.len(), 1);
    assert!(app.list_audits(&w.other_agent, &AuditQuery::default()).await.unwrap().items.is_empty());
    assert!(matches!(app.list_audits(&w.rita, &AuditQuery::default()).await, Err(AppError::Forbidden(_))));
    assert!(app.audits_awaiting(&w.auditor, mine).await.unwrap().is_empty(), "auditors confirm nothing");
    assert_eq!(app.audits_awaiting(&w.agent, mine).await.unwrap().len(), 1);
    let theirs = app.start_audit(&w.other_agent, &NewAudit::default()).await.unwrap();
    assert_eq!(theirs.expected, 0, "Other Corp's round expects none of Acme's");
    // Keyset pages, newest first.
    app.start_audit(&w.agent, &NewAudit { name: Some("Second".into()), ..Default::default() }).await.unwrap();
    let q = AuditQuery { limit: Some(1), ..Default::default() };
    let first = app.list_audits(&w.agent, &q).await.unwrap();
    assert_eq!(first.items[0].name, "Second");
    let q = AuditQuery { limit: Some(1), cursor: first.next_cursor, ..Default::default() };
    assert_eq!(app.list_audits(&w.agent, &q).await.unwrap().items[0].id, round.id);
}

async fn overdue_audits_are_listed_and_a_type_sets_its_interval(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let due = asset_at(&w, "Due", None, "SN-D").await;
    asset_at(&w, "Never audited", None, "SN-N").await;
    let patch = |day: &str| AssetPatch {
        details: AssetDetails { next_audit_on: Some(Some(day.parse().unwrap())), ..Default::default() },
        ..Default::default()
    };
    app.update_asset(&w.agent, due, &patch("2026-03-01"), None).await.unwrap();
    let overdue = AssetQuery { audit_overdue: Some(true), ..Default::default() };
    let listed: Vec<i64> = app.list_assets(&w.agent, &overdue).await.unwrap().items.iter().map(|a| a.id).collect();
    assert_eq!(listed, vec![due]);

    let kind = NewAssetType {
        name: "Handheld scanner".into(),
        tag_pattern: Some("HS-####".into()),
        fields: Vec::new(),
        audit_interval_days: Some(90),
    };
    let phone = app.create_asset_type(&w.admin, &kind).await.unwrap();
    assert_eq!(phone.audit_interval_days, Some(90));
    let bad = NewAssetType { name: "Bad".into(), audit_interval_days: Some(0), ..kind.clone() };
    assert!(matches!(app.create_asset_type(&w.admin, &bad).await, Err(AppError::Invalid(_))));
    let new = NewAsset { name: "Phone".into(), type_id: phone.id, ..Default::default() };
    let phone_asset = app.create_asset(&w.agent, &new).await.unwrap();
    let round = app.start_audit(&w.agent, &NewAudit::default()).await.unwrap();
    let by_id = Confirmation { asset_id: Some(phone_asset.id), code: None };
    let c = app.confirm_in_audit(&w.agent, round.id, &by_id).await;
    assert_eq!(c.unwrap().next_audit_on, Some("2026-05-31".parse().unwrap()), "90 days on");
    app.confirm_in_audit(&w.agent, round.id, &code("SN-D")).await.unwrap();
    assert!(app.list_assets(&w.agent, &overdue).await.unwrap().items.is_empty(), "audited: no longer overdue");
}

//! Licences and reconciliation on both databases: per device, per user and site licences
//! against what agents report, a shortfall priced as money at risk and unused seats as
//! money wasted, an ended subscription, recounting when an inventory changes, the devices
//! behind the figure, and two organisations that never count or see each other's.

use chrono::NaiveDate;
use helmdesk_app::assets::discovery::{AgentKind, Chassis, DeviceReport, NewAgentToken};
use helmdesk_app::assets::hardware::CheckOut;
use helmdesk_app::assets::licences::NewLicence;
use helmdesk_app::assets::software::COUNT_JOB;
use helmdesk_app::assets::software::{InstallationQuery, Reported};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::assets::licences::{Metric, Standing, Term};
use helmdesk_domain::assets::lifecycle::HolderKind;
use helmdesk_store::assets::discovery::AgentTokenRow;
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    a_shortfall_is_money_at_risk_and_unused_seats_money_wasted,
    use_is_counted_again_when_an_inventory_changes,
    each_organisation_counts_and_sees_its_own_licences,
    bad_licences_are_refused_and_change_nothing,
);

const OFFICE: &str = "Microsoft Office Professional Plus 2019";

async fn token(w: &World, organisation_id: i64) -> AgentTokenRow {
    let new = NewAgentToken { name: "Laptops".into(), organisation_id: Some(organisation_id) };
    let issued = w.app.create_agent_token(&w.admin, &new).await.unwrap();
    w.app.agent_token_of(Some(&issued.token), None).await.unwrap()
}

/// Has `device` report `software` (names of Microsoft's) through `token`; returns the asset.
async fn report(w: &World, token: &AgentTokenRow, device: &str, software: &[&str]) -> i64 {
    let report = DeviceReport {
        device_id: device.into(),
        uuid: Some(format!("uuid-{device}")),
        chassis: Chassis::Laptop,
        software: software.iter().map(|s| Reported::new(s, "Microsoft Corporation", "16.0").unwrap()).collect(),
        ..Default::default()
    };
    w.app.record_inventory(token, AgentKind::Fusioninventory, &report).await.unwrap().asset_id
}

fn licence(name: &str, metric: Metric, seats: Option<i64>, cost_minor: Option<i64>) -> NewLicence {
    NewLicence {
        name: name.into(),
        product_id: None,
        product: Some(OFFICE.into()),
        publisher: Some("Microsoft".into()),
        organisation_id: None,
        metric,
        term: Term::Perpetual,
        seats,
        cost_minor,
        currency: cost_minor.map(|_| "EUR".into()),
        purchased_on: None,
        ends_on: None,
        supplier: Some("SoftwareOne".into()),
        order_number: Some("PO-2026-0042".into()),
        contract: None,
        notes: None,
    }
}

async fn office(w: &World, who: &Actor, metric: Metric) -> helmdesk_app::assets::licences::Compliance {
    let report = w.app.licence_compliance(who).await.unwrap();
    report.products.into_iter().find(|c| c.product == OFFICE && c.metric == metric).expect("Office is licensed")
}

async fn a_shortfall_is_money_at_risk_and_unused_seats_money_wasted(backend: Backend) {
    let w = world(backend).await;
    let t = token(&w, w.acme).await;
    let variants = [
        "Microsoft Office Professional Plus 2019 - en-us",
        "Microsoft Office Professional Plus 2019 (x64)",
        "Microsoft Office Professional Plus 2019",
    ];
    let mut devices = Vec::new();
    for (i, name) in variants.iter().enumerate() {
        devices.push(report(&w, &t, &format!("pc-{i}"), &[name, "Microsoft Teams"]).await);
    }
    // Two of the devices are held by Rita: one person for a per-user licence.
    for id in &devices[..2] {
        let to = CheckOut { kind: HolderKind::Person, id: w.rita.id, expected_return: None };
        w.app.check_out(&w.agent, *id, &to, None).await.unwrap();
    }
    // Two seats at 1,000.00 EUR for three devices: one short, 500.00 EUR at risk.
    let per_device = w
        .app
        .create_licence(&w.agent, &licence("Office 2019 volume", Metric::PerDevice, Some(2), Some(100_000)))
        .await
        .unwrap();
    assert_eq!(per_device.cost.as_ref().unwrap().text, "1000.00 EUR");
    let c = office(&w, &w.agent, Metric::PerDevice).await;
    assert_eq!((c.entitled, c.used, c.shortfall, c.unused, c.standing), (Some(2), 3, 1, 0, Standing::UnderLicensed));
    assert_eq!(c.seat_price.unwrap().minor, 50_000);
    assert_eq!(c.at_risk.unwrap().text, "500.00 EUR");
    assert!(c.counted_at.is_some());

    // Per user: Rita holds two of them, the third has nobody; five seats leave four unused.
    w.app
        .create_licence(&w.agent, &licence("Office for named users", Metric::PerUser, Some(5), Some(50_000)))
        .await
        .unwrap();
    let c = office(&w, &w.agent, Metric::PerUser).await;
    assert_eq!((c.used, c.unused, c.standing), (1, 4, Standing::OverLicensed));
    assert_eq!(c.wasted.unwrap().text, "400.00 EUR");
    let totals = w.app.licence_compliance(&w.agent).await.unwrap();
    assert_eq!(totals.at_risk[0].text, "500.00 EUR");
    assert_eq!(totals.wasted[0].text, "400.00 EUR");

    // An ended subscription entitles to nothing; a site licence covers everything.
    let mut ended = licence("Office 365 E3", Metric::PerSeat, Some(10), None);
    ended.term = Term::Subscription;
    ended.ends_on = NaiveDate::from_ymd_opt(2026, 1, 31);
    let ended = w.app.create_licence(&w.agent, &ended).await.unwrap();
    assert!(!ended.in_force, "the world's clock is in March 2026");
    let c = office(&w, &w.agent, Metric::PerSeat).await;
    assert_eq!((c.entitled, c.used, c.shortfall), (Some(0), 3, 3));
    let site = w.app.create_licence(&w.agent, &licence("Campus agreement", Metric::Site, None, None)).await.unwrap();
    assert_eq!(site.seats, None);
    assert_eq!(office(&w, &w.agent, Metric::Site).await.standing, Standing::Compliant);

    // The devices behind the per-device figure, a page at a time.
    let page = w
        .app
        .licence_devices(&w.agent, per_device.id, &InstallationQuery { limit: Some(2), cursor: None })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let rest = InstallationQuery { limit: Some(2), cursor: page.next_cursor };
    assert_eq!(w.app.licence_devices(&w.agent, per_device.id, &rest).await.unwrap().items.len(), 1);
}

async fn use_is_counted_again_when_an_inventory_changes(backend: Backend) {
    let w = world(backend).await;
    let t = token(&w, w.acme).await;
    for device in ["a", "b", "c"] {
        report(&w, &t, device, &[OFFICE]).await;
    }
    w.app.create_licence(&w.agent, &licence("Office", Metric::PerDevice, Some(2), None)).await.unwrap();
    assert_eq!(office(&w, &w.agent, Metric::PerDevice).await.standing, Standing::UnderLicensed);

    // Office is uninstalled from one: the job is queued, and once run the product complies.
    report(&w, &t, "c", &["Microsoft Teams"]).await;
    let job = w.app.store().latest_job(COUNT_JOB).await.unwrap().expect("a count is queued");
    assert_eq!(job.status, "queued");
    assert_eq!(office(&w, &w.agent, Metric::PerDevice).await.used, 3, "until it runs, the last count stands");
    w.app.count_software_use().await.unwrap();
    let c = office(&w, &w.agent, Metric::PerDevice).await;
    assert_eq!((c.used, c.standing), (2, Standing::Compliant));

    // The product stays in the catalogue while licensed, even with nothing installed.
    for device in ["a", "b"] {
        report(&w, &t, device, &["Microsoft Teams"]).await;
    }
    w.app.count_software_use().await.unwrap();
    let c = office(&w, &w.agent, Metric::PerDevice).await;
    assert_eq!((c.used, c.unused, c.standing), (0, 2, Standing::OverLicensed));
    assert!(w.app.software_product(&w.agent, c.product_id).await.is_ok());
}

async fn each_organisation_counts_and_sees_its_own_licences(backend: Backend) {
    let w = world(backend).await;
    let acme = token(&w, w.acme).await;
    let other = token(&w, w.other).await;
    report(&w, &acme, "acme-1", &[OFFICE]).await;
    report(&w, &other, "other-1", &[OFFICE]).await;
    report(&w, &other, "other-2", &[OFFICE]).await;
    let acme_licence =
        w.app.create_licence(&w.agent, &licence("Acme Office", Metric::PerDevice, Some(1), None)).await.unwrap();
    let other_licence =
        w.app.create_licence(&w.other_agent, &licence("Other Office", Metric::PerDevice, Some(5), None)).await.unwrap();

    let c = office(&w, &w.agent, Metric::PerDevice).await;
    assert_eq!((c.used, c.standing), (1, Standing::Compliant), "Acme counts its own device only");
    assert_eq!(c.licence_ids, [acme_licence.id]);
    let c = office(&w, &w.other_agent, Metric::PerDevice).await;
    assert_eq!((c.used, c.unused), (2, 3));
    assert_eq!(w.app.licences(&w.other_agent, None).await.unwrap().len(), 1);
    assert!(matches!(w.app.licence(&w.other_agent, acme_licence.id).await, Err(AppError::NotFound)));
    assert!(matches!(
        w.app.licence_devices(&w.agent, other_licence.id, &Default::default()).await,
        Err(AppError::NotFound)
    ));
    let edit = licence("Taken over", Metric::PerDevice, Some(1), None);
    assert!(matches!(
        w.app.update_licence(&w.other_agent, acme_licence.id, &edit, None).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(w.app.delete_licence(&w.other_agent, acme_licence.id).await, Err(AppError::NotFound)));
    // The administrator sees both, each counted within its own organisation.
    let all = w.app.licence_compliance(&w.admin).await.unwrap();
    assert_eq!(all.products.len(), 1, "one product and metric");
    assert_eq!((all.products[0].entitled, all.products[0].used), (Some(6), 3));
    // Requesters and auditors: auditors read, requesters do not.
    assert!(w.app.licence_compliance(&w.auditor).await.is_ok());
    assert!(matches!(w.app.licence_compliance(&w.rita).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.create_licence(&w.auditor, &edit).await, Err(AppError::Forbidden(_))));
}

async fn bad_licences_are_refused_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    let refused = async |new: NewLicence, field: &str| match w.app.create_licence(&w.agent, &new).await {
        Err(AppError::Invalid(e)) => assert_eq!(e[0].field.as_deref(), Some(field), "{e:?}"),
        other => panic!("{field}: {other:?}"),
    };
    refused(licence("No seats", Metric::PerDevice, None, None), "seats").await;
    refused(licence("Site with seats", Metric::Site, Some(5), None), "seats").await;
    refused(licence("Negative", Metric::PerDevice, Some(-1), None), "seats").await;
    let mut subscription = licence("No renewal", Metric::PerUser, Some(5), None);
    subscription.term = Term::Subscription;
    refused(subscription, "ends_on").await;
    let mut no_currency = licence("Cost", Metric::PerDevice, Some(5), Some(100));
    no_currency.currency = None;
    refused(no_currency, "currency").await;
    let mut bad_currency = licence("Cost", Metric::PerDevice, Some(5), Some(100));
    bad_currency.currency = Some("EURO".into());
    refused(bad_currency, "currency").await;
    let mut unknown = licence("Ghost", Metric::PerDevice, Some(5), None);
    unknown.product = None;
    unknown.product_id = Some(999_999);
    refused(unknown, "product_id").await;
    let mut nothing = licence("Nothing", Metric::PerDevice, Some(5), None);
    nothing.product = None;
    refused(nothing, "product_id").await;
    let mut foreign = licence("Elsewhere", Metric::PerDevice, Some(5), None);
    foreign.organisation_id = Some(w.other);
    refused(foreign, "organisation_id").await;
    refused(licence(&"x".repeat(300), Metric::PerDevice, Some(5), None), "name").await;
    assert!(w.app.licences(&w.admin, None).await.unwrap().is_empty(), "nothing was recorded");

    // A stale version is refused; the right one saves.
    let made = w.app.create_licence(&w.agent, &licence("Office", Metric::PerDevice, Some(5), None)).await.unwrap();
    let more = licence("Office", Metric::PerDevice, Some(10), None);
    assert!(matches!(
        w.app.update_licence(&w.agent, made.id, &more, Some(made.version + 1)).await,
        Err(AppError::PreconditionFailed)
    ));
    let saved = w.app.update_licence(&w.agent, made.id, &more, Some(made.version)).await.unwrap();
    assert_eq!((saved.seats, saved.version), (Some(10), made.version + 1));
}

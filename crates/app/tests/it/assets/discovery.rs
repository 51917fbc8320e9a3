//! Discovery and the software catalogue on both databases: a device reporting again, by
//! another agent or already typed in is one asset (UUID, serial, MAC); the agent's fields
//! follow it while a person's are kept; installations are replaced by each report and
//! counted as one product however they are spelled; naming rules rename; tokens of one
//! organisation never touch another's devices; hostile and oversized reports change nothing.

use helmdesk_app::assets::discovery::{AgentKind, Chassis, DeviceFacts, DeviceReport, NetworkInterface, NewAgentToken};
use helmdesk_app::assets::hardware::{AssetDetails, AssetPatch, NewAsset};
use helmdesk_app::assets::software::{InstallationQuery, NewInstallation, NewNamingRule, Reported, SoftwareQuery};
use helmdesk_app::{Actor, AppError};
use helmdesk_store::assets::discovery::AgentTokenRow;
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    a_device_reporting_again_or_through_another_agent_is_one_asset,
    a_person_s_values_are_kept_and_the_agent_s_follow_its_reports,
    spellings_count_as_one_product_and_rules_rename_them,
    a_token_reports_only_into_its_own_organisation,
    tokens_are_shown_once_checked_and_revoked,
    bad_reports_and_input_are_refused_and_change_nothing,
    a_new_device_reported_by_two_agents_at_once_is_one_asset,
);

async fn token(w: &World, who: &Actor, organisation_id: Option<i64>) -> (AgentTokenRow, String) {
    let issued =
        w.app.create_agent_token(who, &NewAgentToken { name: "Office laptops".into(), organisation_id }).await.unwrap();
    let row = w.app.agent_token_of(Some(&issued.token), None).await.unwrap();
    (row, issued.token)
}

fn software(list: &[(&str, &str, &str)]) -> Vec<Reported> {
    list.iter().map(|(n, p, v)| Reported::new(n, p, v).unwrap()).collect()
}

fn report(device_id: &str, uuid: Option<&str>, serial: Option<&str>, mac: Option<&str>) -> DeviceReport {
    DeviceReport {
        device_id: device_id.into(),
        uuid: uuid.map(str::to_string),
        serial: serial.map(str::to_string),
        chassis: Chassis::Laptop,
        facts: DeviceFacts {
            hostname: Some("ws-017".into()),
            memory_mb: Some(16000),
            networks: mac
                .map(|m| vec![NetworkInterface { name: "eth0".into(), mac: Some(m.into()), ipv4: None }])
                .unwrap_or_default(),
            ..Default::default()
        },
        software: software(&[
            ("Mozilla Firefox 115.0.2 (x64 en-US)", "Mozilla", "115.0.2"),
            ("Microsoft Office Professional Plus 2019 - en-us", "Microsoft Corporation", "16.0.10827.20138"),
        ]),
    }
}

async fn assets_named(w: &World, who: &Actor) -> usize {
    w.app.list_assets(who, &Default::default()).await.unwrap().items.len()
}

async fn a_device_reporting_again_or_through_another_agent_is_one_asset(backend: Backend) {
    let w = world(backend).await;
    let (t, _) = token(&w, &w.admin, None).await;
    let first = w
        .app
        .record_inventory(
            &t,
            AgentKind::Fusioninventory,
            &report("ws-017-a", Some("UUID-1"), Some("SN1"), Some("00:1a:2b:3c:4d:5e")),
        )
        .await
        .unwrap();
    assert!(first.created);
    assert_eq!(first.software.added, 2);
    let asset = w.app.asset(&w.agent, first.asset_id).await.unwrap();
    assert_eq!((asset.name.as_str(), asset.serial.as_deref()), ("ws-017", Some("SN1")));
    assert_eq!(asset.type_id, w.laptop_type, "a notebook chassis is a laptop");

    // Again by UUID; then by serial alone (another agent, new UUID); then by MAC alone.
    for r in [
        report("ws-017-b", Some("uuid-1"), None, None),
        report("other-agent", Some("UUID-2"), Some("sn1"), None),
        report("third", None, None, Some("00-1A-2B-3C-4D-5E")),
    ] {
        let again = w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap();
        assert_eq!((again.asset_id, again.created), (first.asset_id, false), "{}", r.device_id);
    }
    assert_eq!(assets_named(&w, &w.admin).await, 1);

    // An asset typed in by a person with the serial is the device an agent then reports.
    let typed = w
        .app
        .create_asset(
            &w.agent,
            &NewAsset {
                name: "Finance laptop".into(),
                type_id: w.laptop_type,
                tag: None,
                organisation_id: None,
                state: None,
                details: AssetDetails { serial: Some(Some("PF3XYZ".into())), ..Default::default() },
            },
        )
        .await
        .unwrap();
    let found = w
        .app
        .record_inventory(&t, AgentKind::Fusioninventory, &report("fin-1", None, Some("PF3XYZ"), None))
        .await
        .unwrap();
    assert_eq!((found.asset_id, found.created), (typed.id, false));
    let inventory = w.app.inventory(&w.agent, typed.id).await.unwrap().unwrap();
    assert_eq!(inventory.facts.memory_mb, Some(16000));
    let history = w.app.asset_history(&w.agent, first.asset_id).await.unwrap();
    assert!(history.iter().any(|h| h.field == "discovered"), "{history:?}");
}

async fn a_person_s_values_are_kept_and_the_agent_s_follow_its_reports(backend: Backend) {
    let w = world(backend).await;
    let (t, _) = token(&w, &w.admin, None).await;
    let mut r = report("ws-1", Some("U-1"), Some("SN1"), None);
    let id = w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap().asset_id;

    // The host is renamed: the name follows, being the agent's.
    r.facts.hostname = Some("ws-renamed".into());
    w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap();
    assert_eq!(w.app.asset(&w.agent, id).await.unwrap().name, "ws-renamed");

    // A person names it: the next report keeps the person's name.
    let patch = AssetPatch { name: Some("Reception PC".into()), ..Default::default() };
    w.app.update_asset(&w.agent, id, &patch, None).await.unwrap();
    r.facts.hostname = Some("ws-again".into());
    r.software.pop();
    let again = w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap();
    assert_eq!(w.app.asset(&w.agent, id).await.unwrap().name, "Reception PC");
    assert_eq!((again.software.added, again.software.removed), (0, 1));

    // Software a person added stays through reports that do not list it.
    let manual = NewInstallation {
        name: "Adobe Acrobat Reader DC".into(),
        publisher: Some("Adobe Inc.".into()),
        version: Some("23.1".into()),
        installed_on: None,
    };
    w.app.add_installation(&w.agent, id, &manual).await.unwrap();
    w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap();
    let names: Vec<String> =
        w.app.installations_on(&w.agent, id).await.unwrap().into_iter().map(|i| i.product).collect();
    assert_eq!(names, ["Adobe Acrobat Reader DC", "Mozilla Firefox"]);
    let history = w.app.asset_history(&w.agent, id).await.unwrap();
    let lines: Vec<(String, Option<String>)> = history.iter().map(|h| (h.field.clone(), h.new_value.clone())).collect();
    assert!(lines.contains(&("name".into(), Some("ws-renamed".into()))), "{lines:?}");
    assert!(lines.contains(&("software".into(), Some("0 added, 1 removed, 0 updated".into()))), "{lines:?}");
}

async fn spellings_count_as_one_product_and_rules_rename_them(backend: Backend) {
    let w = world(backend).await;
    let (t, _) = token(&w, &w.admin, None).await;
    let spellings = [
        ("Microsoft Office Professional Plus 2019", "Microsoft Corporation"),
        ("Microsoft Office Professional Plus 2019 - nl-nl", "Microsoft"),
        ("Microsoft Office Professional Plus 2019 (x64)", "Microsoft Corporation"),
        ("Microsoft Office Professionnel Plus 2019 - fr-fr", "Microsoft Corporation"),
    ];
    for (i, (name, publisher)) in spellings.iter().enumerate() {
        let mut r = report(&format!("pc-{i}"), Some(&format!("U-{i}")), None, None);
        r.software = software(&[(name, publisher, "16.0")]);
        w.app.record_inventory(&t, AgentKind::Fusioninventory, &r).await.unwrap();
    }
    let office = |q: &str| SoftwareQuery { q: Some(q.into()), ..Default::default() };
    // The catalogue lists the last count's figures: none yet, then the queued count's.
    let found = w.app.software(&w.agent, &office("office")).await.unwrap().items;
    assert!(found.iter().all(|p| p.devices == 0), "not counted yet");
    w.app.count_software_use().await.unwrap();
    let found = w.app.software(&w.agent, &office("office")).await.unwrap().items;
    let counts: Vec<(&str, i64)> = found.iter().map(|p| (p.name.as_str(), p.devices)).collect();
    assert_eq!(
        counts,
        [("Microsoft Office Professional Plus 2019", 3), ("Microsoft Office Professionnel Plus 2019", 1)]
    );

    let rule = NewNamingRule {
        pattern: "^Microsoft Office Professionnel Plus 2019".into(),
        publisher: Some("Microsoft".into()),
        product: "Microsoft Office Professional Plus 2019".into(),
    };
    let (_, renamed) = w.app.add_naming_rule(&w.admin, &rule).await.unwrap();
    assert_eq!(renamed.spellings, 1);
    let found = w.app.software(&w.agent, &office("office")).await.unwrap().items;
    assert_eq!(found.len(), 1, "the French edition's product is gone");
    assert_eq!((found[0].devices, found[0].installations), (4, 4));
    let detail = w.app.software_product(&w.agent, found[0].id).await.unwrap();
    assert_eq!(detail.spellings.len(), 4);
    assert_eq!(detail.versions[0].installations, 4);
    let page = w
        .app
        .product_installations(&w.agent, found[0].id, &InstallationQuery { limit: Some(3), cursor: None })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    let rest = InstallationQuery { limit: Some(3), cursor: page.next_cursor };
    assert_eq!(w.app.product_installations(&w.agent, found[0].id, &rest).await.unwrap().items.len(), 1);

    // Agents may not write rules; removing the rule splits the product again.
    assert!(matches!(w.app.add_naming_rule(&w.agent, &rule).await, Err(AppError::Forbidden(_))));
    let rules = w.app.naming_rules(&w.agent).await.unwrap();
    w.app.remove_naming_rule(&w.admin, rules[0].id).await.unwrap();
    assert_eq!(w.app.software(&w.agent, &office("office")).await.unwrap().items.len(), 2);
}

async fn a_token_reports_only_into_its_own_organisation(backend: Backend) {
    let w = world(backend).await;
    let (acme_token, _) = token(&w, &w.admin, Some(w.acme)).await;
    let (other_token, _) = token(&w, &w.admin, Some(w.other)).await;
    let acme = w
        .app
        .record_inventory(
            &acme_token,
            AgentKind::Fusioninventory,
            &report("a", Some("SAME-UUID"), Some("SAME-SN"), Some("00:1a:2b:3c:4d:5e")),
        )
        .await
        .unwrap();
    // The same identifiers through Other Corp's token: Other Corp's own device, Acme's untouched.
    let mut spoof = report("b", Some("SAME-UUID"), Some("SAME-SN"), Some("00:1a:2b:3c:4d:5e"));
    spoof.facts.hostname = Some("spoofed".into());
    let other = w.app.record_inventory(&other_token, AgentKind::Fusioninventory, &spoof).await.unwrap();
    assert!(other.created);
    assert_ne!(other.asset_id, acme.asset_id);
    assert_eq!(w.app.asset(&w.agent, acme.asset_id).await.unwrap().name, "ws-017");
    assert_eq!(assets_named(&w, &w.agent).await, 1, "Acme's agent sees Acme's device only");
    assert_eq!(assets_named(&w, &w.other_agent).await, 1);
    assert!(matches!(w.app.installations_on(&w.other_agent, acme.asset_id).await, Err(AppError::NotFound)));
    assert!(matches!(w.app.inventory(&w.other_agent, acme.asset_id).await, Err(AppError::NotFound)));
    // Catalogue counts are of the devices each reader sees.
    w.app.count_software_use().await.unwrap();
    let firefox = SoftwareQuery { q: Some("firefox".into()), ..Default::default() };
    assert_eq!(w.app.software(&w.other_agent, &firefox).await.unwrap().items[0].devices, 1);
    assert_eq!(w.app.software(&w.admin, &firefox).await.unwrap().items[0].devices, 2);
    // Other Corp's agent cannot make a token for Acme, nor list Acme's.
    let for_acme = NewAgentToken { name: "x".into(), organisation_id: Some(w.acme) };
    assert!(w.app.create_agent_token(&w.other_agent, &for_acme).await.is_err());
}

async fn tokens_are_shown_once_checked_and_revoked(backend: Backend) {
    let w = world(backend).await;
    let (row, secret) = token(&w, &w.admin, None).await;
    assert!(secret.starts_with("hdagent_") && secret.len() > 40);
    let listed = w.app.agent_tokens(&w.admin).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!format!("{listed:?}").contains(&secret), "the list never holds the token");
    assert!(matches!(w.app.agent_token_of(Some("hdagent_wrong"), None).await, Err(AppError::Unauthenticated)));
    assert!(matches!(w.app.agent_token_of(None, None).await, Err(AppError::Unauthenticated)));
    assert!(matches!(w.app.agent_tokens(&w.agent).await, Err(AppError::Forbidden(_))));
    w.app.revoke_agent_token(&w.admin, row.id).await.unwrap();
    assert!(matches!(w.app.agent_token_of(Some(&secret), None).await, Err(AppError::Unauthenticated)));
    // Wrong tokens from one address are throttled after 20.
    let from: std::net::IpAddr = "192.0.2.7".parse().unwrap();
    let mut last = Ok(row);
    for _ in 0..25 {
        last = w.app.agent_token_of(Some("nope"), Some(from)).await;
    }
    assert!(matches!(last, Err(AppError::TooManyAttempts { .. })), "{last:?}");
}

async fn bad_reports_and_input_are_refused_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    let (t, _) = token(&w, &w.admin, None).await;
    let mut empty = report(" ", None, None, None);
    empty.device_id = " ".into();
    assert!(matches!(w.app.record_inventory(&t, AgentKind::Fusioninventory, &empty).await, Err(AppError::Invalid(_))));
    let mut flood = report("flood", Some("U"), None, None);
    flood.software = (0..20_001).map(|i| Reported::new(&format!("pkg{i}"), "", "1").unwrap()).collect();
    assert!(matches!(w.app.record_inventory(&t, AgentKind::Fusioninventory, &flood).await, Err(AppError::Invalid(_))));
    assert_eq!(assets_named(&w, &w.admin).await, 0, "nothing was recorded");
    assert!(w.app.software(&w.admin, &SoftwareQuery::default()).await.unwrap().items.is_empty());

    // Hostile values are kept as text, cut to 200 characters.
    let mut hostile = report("x'; DROP TABLE assets;--", Some("U-x"), Some("' OR 1=1 --"), None);
    hostile.facts.hostname = Some(format!("<script>{}", "h".repeat(500)));
    hostile.software = software(&[("Robert'); DROP TABLE installations;--", "%_\\", "1")]);
    let id = w.app.record_inventory(&t, AgentKind::Fusioninventory, &hostile).await.unwrap().asset_id;
    let asset = w.app.asset(&w.agent, id).await.unwrap();
    assert_eq!(asset.name.chars().count(), 200);
    assert_eq!(asset.serial.as_deref(), Some("' OR 1=1 --"));
    let search = SoftwareQuery { q: Some("%_".into()), ..Default::default() };
    assert_eq!(
        w.app.software(&w.agent, &search).await.unwrap().items.len(),
        1,
        "LIKE's wildcards are searched as text"
    );

    for (pattern, why) in [("(unclosed", "regular expression"), ("", "empty"), (&"a".repeat(201)[..], "200")] {
        let rule = NewNamingRule { pattern: pattern.into(), publisher: None, product: "X".into() };
        match w.app.add_naming_rule(&w.admin, &rule).await {
            Err(AppError::Invalid(e)) => assert!(e[0].detail.contains(why), "{pattern}: {e:?}"),
            other => panic!("{pattern}: {other:?}"),
        }
    }
    assert!(w.app.naming_rules(&w.admin).await.unwrap().is_empty());
    let twice = NewInstallation { name: "vim".into(), publisher: None, version: None, installed_on: None };
    w.app.add_installation(&w.agent, id, &twice).await.unwrap();
    assert!(matches!(w.app.add_installation(&w.agent, id, &twice).await, Err(AppError::Invalid(_))));
    assert!(matches!(
        w.app.add_installation(&w.rita, id, &twice).await,
        Err(AppError::NotFound | AppError::Forbidden(_))
    ));
    let control =
        NewInstallation { name: "vim".into(), publisher: Some("a\u{7}b".into()), version: None, installed_on: None };
    assert!(matches!(w.app.add_installation(&w.agent, id, &control).await, Err(AppError::Invalid(_))));
}

/// Two agents (or one agent's retry) reporting the same new device at the same moment:
/// each report's transaction could look for the device before the other's is committed,
/// and both would add it. On PostgreSQL (several writers) they did.
async fn a_new_device_reported_by_two_agents_at_once_is_one_asset(backend: Backend) {
    let w = world(backend).await;
    let (t, _) = token(&w, &w.admin, None).await;
    let reports: Vec<(AgentKind, DeviceReport)> = (0..8)
        .map(|i| {
            let agent = if i % 2 == 0 { AgentKind::Fusioninventory } else { AgentKind::HelmdeskAgent };
            (agent, report(&format!("ws-{}", i % 2), Some("UUID-RACE"), Some("SN-RACE"), None))
        })
        .collect();
    let recorded =
        futures::future::join_all(reports.iter().map(|(agent, r)| w.app.record_inventory(&t, *agent, r))).await;
    let ids: std::collections::BTreeSet<i64> = recorded.into_iter().map(|r| r.unwrap().asset_id).collect();
    assert_eq!(ids.len(), 1, "one asset, however the reports interleave: {ids:?}");
    assert_eq!(assets_named(&w, &w.admin).await, 1);
}

//! The KPIs over HTTP: the API document, its scoping and validation, and the dashboard page,
//! on both backends. The figures themselves are checked exactly in `app/tests/kpis.rs`.

use crate::common;

use common::TestServer;
use helmdesk_store::service_desk::surveys::SurveyRow;
use helmdesk_store::service_desk::tickets::TicketRow;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::Value;

const HOUR: i64 = 3600 * 1_000_000;

backend_tests!(
    the_api_returns_every_figure_for_the_tickets_the_caller_may_see,
    bad_parameters_are_refused_with_422_naming_the_field,
    the_dashboard_draws_every_chart_with_its_text_alternative,
    a_manager_who_reads_dutch_sees_the_dashboard_in_dutch,
    the_kpis_are_documented_in_the_openapi_document,
    staff_see_the_rating_and_comment_on_the_ticket_and_its_requester_does_not,
    the_self_service_figures_are_in_the_api_and_on_the_dashboard,
);

async fn staff_see_the_rating_and_comment_on_the_ticket_and_its_requester_does_not(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (_, ticket) = fixture(&s).await;
    let said = "“&#60;b&#62;quick&#60;/b&#62;”";
    let agent = s.session(&s.fx.agent).await;
    let (status, page) = agent.get(&format!("/tickets/{ticket}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"aria-label="4 of 5""#) && page.contains(said), "the rating and the comment, escaped");
    assert!(!page.contains("<b>quick</b>"), "the comment is escaped");
    let requester = s.session(&s.fx.requester).await;
    let (status, page) = requester.get(&format!("/tickets/{ticket}")).await;
    assert_eq!(status, StatusCode::OK, "the requester sees their ticket");
    assert!(
        !page.contains("quick") && !page.contains(r#"aria-label="4 of 5""#),
        "but not the staff's view of their answer"
    );
}

/// Files tickets of Acme directly through the store: two open (one in a team with a
/// hostile name, assigned to the agent), one resolved an hour ago after two hours, with its
/// SLA met and first answered after thirty minutes, rated 4 by its requester. Returns the
/// hostile team's id and the rated ticket's.
async fn fixture(s: &TestServer) -> (i64, i64) {
    let now = s.app.now_micros();
    let fx = &s.fx;
    let mut tx = s.app.store().begin().await.unwrap();
    let hostile =
        s.app.store().create_team(&mut tx, None, "<script>alert(1)</script> & Co", "", &[], now).await.unwrap();
    tx.commit().await.unwrap();
    let base = s.ticket_row(now - 3 * HOUR);
    s.insert_tickets(&[
        TicketRow { priority: 1, ..base.clone() },
        TicketRow {
            status: "assigned".into(),
            team_id: Some(hostile.id),
            assignee_id: Some(fx.agent.id),
            created_at: now - 50 * 24 * HOUR,
            ..base.clone()
        },
    ])
    .await;
    let resolved = TicketRow {
        status: "resolved".into(),
        assignee_id: Some(fx.agent.id),
        first_response_at: Some(now - 3 * HOUR + HOUR / 2),
        resolved_at: Some(now - HOUR),
        response_breached: Some(false),
        resolution_breached: Some(false),
        ..base
    };
    let store = s.app.store();
    let mut tx = store.begin().await.unwrap();
    let ticket = store.insert_ticket(&mut tx, &resolved).await.unwrap().id;
    tx.commit().await.unwrap();
    // Its requester rated it 4 of 5 half an hour ago.
    store.add_survey_link("kpi-link", ticket, now - HOUR).await.unwrap();
    let answer =
        SurveyRow { ticket_id: ticket, rating: 4, comment: "<b>quick</b>".into(), answered_at: now - HOUR / 2 };
    assert!(store.answer_survey("kpi-link", 0, &answer).await.unwrap());
    (hostile.id, ticket)
}

async fn kpis(s: &TestServer, who: &common::Person, query: &str) -> (StatusCode, Value) {
    s.api(Some(who), Method::GET, &format!("/api/v1/kpis{query}"), None).await
}

async fn the_api_returns_every_figure_for_the_tickets_the_caller_may_see(backend: Backend) {
    let s = TestServer::start(backend).await;
    fixture(&s).await;
    let fx = &s.fx;
    let (status, k) = kpis(&s, &fx.manager, "").await;
    assert_eq!(status, StatusCode::OK, "{k}");
    assert_eq!(k["period"]["days"], 30);
    assert_eq!(k["period"]["time_zone"], "UTC");
    assert_eq!(k["backlog"]["total"], 2);
    assert_eq!(k["backlog"]["by_priority"][0], serde_json::json!({"priority": 1, "count": 1}));
    assert_eq!(k["backlog"]["by_age"][3]["count"], 1, "the 50-day-old ticket");
    assert_eq!(k["flow"]["created"], 2, "the 50-day-old ticket is before the period");
    assert_eq!(k["flow"]["resolved"], 1);
    assert_eq!(k["flow"]["days"].as_array().unwrap().len(), 30);
    assert_eq!(k["first_response"]["overall"]["mean_seconds"], 1800.0);
    assert_eq!(k["resolution"]["overall"]["median_seconds"], 7200.0);
    assert_eq!(k["sla"]["overall"]["share_met"], 1.0);
    assert_eq!(k["reopen"]["share"], 0.0);
    assert_eq!(k["workload"][0]["user_id"], fx.agent.id);
    assert_eq!((k["workload"][0]["open"].as_i64(), k["workload"][0]["resolved"].as_i64()), (Some(1), Some(1)));
    let csat = &k["csat"];
    assert_eq!(
        csat["overall"],
        serde_json::json!({"id": null, "name": null, "answers": 1, "satisfied": 1, "csat_percent": 100.0, "mean_rating": 4.0})
    );
    assert_eq!(
        (csat["by_agent"][0]["id"].as_i64(), csat["by_agent"][0]["answers"].as_i64()),
        (Some(fx.agent.id), Some(1))
    );
    assert_eq!((csat["by_team"][0]["id"].clone(), csat["by_category"][0]["id"].clone()), (Value::Null, Value::Null));
    let months = csat["by_month"].as_array().unwrap();
    assert_eq!(months.iter().map(|m| m["answers"].as_i64().unwrap()).sum::<i64>(), 1, "{months:?}");
    for who in [&fx.agent, &fx.admin, &fx.auditor] {
        let (status, k) = kpis(&s, who, "").await;
        assert_eq!((status, k["backlog"]["total"].as_i64()), (StatusCode::OK, Some(2)), "{}", who.email);
    }

    // An agent of another organisation sees none of it.
    let (status, k) = kpis(&s, &fx.foreign_agent, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((k["backlog"]["total"].as_i64(), k["flow"]["created"].as_i64()), (Some(0), Some(0)));
    assert_eq!((k["flow"]["resolved"].as_i64(), k["sla"]["overall"]["share_met"].clone()), (Some(0), Value::Null));
    assert_eq!(k["workload"], serde_json::json!([]));
    assert_eq!(
        (k["csat"]["overall"]["answers"].as_i64(), k["csat"]["by_agent"].clone()),
        (Some(0), serde_json::json!([]))
    );

    let (status, body) = kpis(&s, &fx.requester, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = s.api(None, Method::GET, "/api/v1/kpis", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn bad_parameters_are_refused_with_422_naming_the_field(backend: Backend) {
    let s = TestServer::start(backend).await;
    fixture(&s).await;
    let fx = &s.fx;
    let other = fx.other_corp;
    for (query, field) in [
        ("?from=2025-03-10&to=2025-03-01", Some("from")),
        ("?from=2024-01-01&to=2025-01-01", Some("to")),
        ("?from=yesterday", Some("from")),
        ("?to=2025-13-01", Some("to")),
        ("?from=%3Cscript%3E", Some("from")),
        ("?from=2025-01-01'%20OR%201=1--", Some("from")),
        ("?team_id=999999", Some("team_id")),
        (&format!("?organisation_id={other}"), Some("organisation_id")),
        ("?organisation_id=999999", Some("organisation_id")),
        ("?kind=everything", Some("kind")),
        ("?team_id=abc", None),
        ("?team_id=99999999999999999999999", None),
    ] {
        let (status, body) = kpis(&s, &fx.agent, query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        if let Some(field) = field {
            assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
        }
    }
    // Within what the caller may see, the same filters work.
    let (status, body) = kpis(&s, &fx.admin, &format!("?organisation_id={other}&from=2024-01-01&to=2024-12-31")).await;
    assert_eq!((status, body["period"]["days"].as_i64()), (StatusCode::OK, Some(366)), "{body}");
    let (status, body) = kpis(&s, &fx.agent, &format!("?organisation_id={}&kind=incident", fx.labs)).await;
    assert_eq!((status, body["backlog"]["total"].as_i64()), (StatusCode::OK, Some(0)), "{body}");
}

async fn the_dashboard_draws_every_chart_with_its_text_alternative(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (team, _) = fixture(&s).await;
    let manager = s.session(&s.fx.manager).await;
    let (status, page) = manager.get("/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/dashboard" aria-current="page">Dashboard</a>"#), "the nav link is current");
    for title in [
        "Open backlog by priority",
        "Open backlog by team",
        "Age of the open backlog",
        "Created vs resolved per day",
        "Time to first response",
        "Time to resolve",
        "SLA compliance",
        "Reopen rate",
        "Agent workload",
        "Customer satisfaction (CSAT)",
        "CSAT by team",
        "CSAT by agent",
        "CSAT by category",
        "CSAT by month",
    ] {
        assert!(page.contains(&format!("-title\">{title}</title>")), "{title} has a title element");
        assert!(page.contains(&format!(r#"aria-label="{title}"#)), "{title} has an aria-label");
    }
    let (pictures, linked) = (page.matches(r#"role="img""#).count(), page.matches(r#"role="group""#).count());
    assert_eq!(
        (pictures, linked),
        (15, 5),
        "seventeen charts and three meters; the backlog's, workload's and CSAT per agent's bars and the days' \
         filings are links (CSAT's team and category are \"none\", which the queue cannot filter by)"
    );
    let agent = s.fx.agent.id;
    assert!(
        page.contains(&format!(r#"<a href="/tickets?view=all&#38;assignee_id={agent}""#)),
        "a CSAT bar of an agent opens their tickets"
    );
    assert!(page.contains("<td>100%</td><td>4</td></tr>"), "the CSAT tables: one answer rated 4");
    assert!(page.contains("1 of 1 answer rated 4 or 5; mean rating 4"), "the CSAT meter's detail");
    assert!(
        page.contains(r#"<a href="/tickets?view=all&#38;created_from="#),
        "a day of the flow opens the tickets filed that day"
    );
    assert_eq!(page.matches("<desc id=").count(), 20);
    assert_eq!(page.matches("<details>").count(), 18, "a data table per chart panel");
    assert!(page.contains("<polyline"), "the flow is a line chart");
    assert!(page.contains("wall-clock"), "the page says how times are measured");
    assert!(!page.contains("style="), "the CSP forbids inline styles");
    assert!(!page.contains("<script>alert(1)</script>"), "a team name is escaped");
    let escaped = "&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co";
    assert_eq!(
        page.matches(escaped).count(),
        3,
        "the team's name, escaped, in the filter, the text alternative and the table"
    );
    assert!(page.contains(&format!("<desc id=\"backlog-team-desc\">{escaped}: 1 (")), "and in the text alternative");
    let (_, filtered) = manager.get(&format!("/dashboard?team_id={team}&from=&to=&kind=")).await;
    assert!(filtered.contains(&format!(r#"<option value="{team}" selected>"#)), "the filter stays chosen");

    let (status, page) = manager.get("/dashboard?from=2025-03-10&to=2025-03-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("role=\"alert\">from: must not be after to"), "{page}");
    let (_, page) = manager.get("/dashboard?team_id=%3Cscript%3E").await;
    assert!(page.contains("team id: must be chosen from the list"));

    let requester = s.session(&s.fx.requester).await;
    let (status, page) = requester.get("/dashboard").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, home) = requester.get("/my/tickets").await;
    assert!(!home.contains("href=\"/dashboard\""), "requesters have no dashboard link: {page}");
}

async fn a_manager_who_reads_dutch_sees_the_dashboard_in_dutch(backend: Backend) {
    let s = TestServer::start(backend).await;
    fixture(&s).await;
    let manager = s.session(&s.fx.manager).await;
    manager.reads_in("nl").await;
    let (status, page) = manager.get("/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<html lang=\"nl\""), "the page is Dutch");
    for title in
        ["Achterstand per prioriteit", "Leeftijd van de achterstand", "Oplostijd", "Werkverdeling per behandelaar"]
    {
        assert!(page.contains(&format!("-title\">{title}</title>")), "{title} has a title element");
        assert!(page.contains(&format!(r#"aria-label="{title}""#)), "{title} has an aria-label");
    }
    assert!(page.contains(r#"aria-label="SLA-naleving: 100%""#), "the meter's label");
    assert!(page.contains(r#"aria-label="CSAT per behandelaar""#), "the CSAT charts' titles");
    assert!(page.contains("1 van 1 antwoord met een 4 of 5; gemiddelde score 4"), "the CSAT meter's detail");
    assert!(
        page.contains(
            "<desc id=\"sla-desc\">SLA-naleving: 100%, SLA gehaald bij 1 van 1 opgelost ticket met een SLA; \
             0 zonder SLA niet meegeteld.</desc>"
        ),
        "the meter's text alternative: {page}"
    );
    assert!(
        page.contains(
            "<desc id=\"flow-desc\">2 tickets aangemaakt en 1 opgelost in 30 dagen; de meeste aangemaakt op "
        ),
        "the flow's text alternative"
    );
    assert!(
        page.contains("Alle: 2 u (Gemiddelde 2 u); 2 u (Mediaan 2 u)."),
        "the times' units and legend in Dutch: {page}"
    );
    assert!(page.contains("<li>") && page.contains("P1 Kritiek</li>"), "the legend names the priorities in Dutch");
    assert!(page.contains(": lijst openen\""), "a bar that opens the queue says so in Dutch");
    assert!(page.contains(">Serviceverzoek</option>") && page.contains("verstreken kloktijd"), "the filters and note");
    for english in ["Open backlog", "wall-clock", "open the list", "No team", ">Data<", "Mean", "P1 Critical"] {
        assert!(!page.contains(english), "no English left: {english}");
    }
}

async fn the_kpis_are_documented_in_the_openapi_document(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (_, doc) = s.api(None, Method::GET, "/api/v1/openapi.json", None).await;
    let op = &doc["paths"]["/api/v1/kpis"]["get"];
    assert_eq!(op["tags"][0], "reports");
    let params: Vec<&str> = op["parameters"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(params, ["from", "to", "team_id", "organisation_id", "kind"]);
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("Kpis", "backlog"),
        ("SlaFigures", "share_met"),
        ("DurationStats", "median_seconds"),
        ("ReopenRate", "share"),
        ("AgentWorkload", "resolved"),
        ("DayFlow", "resolved"),
        ("Kpis", "csat"),
        ("Csat", "by_agent"),
        ("CsatFigures", "csat_percent"),
        ("CsatFigures", "mean_rating"),
        ("CsatMonth", "month"),
        ("Kpis", "self_service"),
        ("SelfServiceFigures", "deflections"),
        ("SelfServiceFigures", "helpful_percent"),
        ("TopArticle", "views"),
        ("ItemRequests", "delivered"),
        ("ApprovalStepFigures", "median_seconds"),
        ("ItemFulfilment", "mean_seconds"),
    ] {
        let description = schemas[schema]["properties"][field]["description"].as_str().unwrap_or_default();
        assert!(!description.is_empty(), "{schema}.{field} is documented: {}", schemas[schema]);
    }
}

/// The self-service figures over HTTP: in the API document for those who may read the KPIs
/// of Acme, not for another organisation's agent; on the dashboard as a panel of a meter
/// and four charts with their tables, the item's hostile name escaped, in English and Dutch.
async fn the_self_service_figures_are_in_the_api_and_on_the_dashboard(backend: Backend) {
    let s = TestServer::start(backend).await;
    let records = s.self_service_records().await;
    let fx = &s.fx;
    let (status, k) = kpis(&s, &fx.manager, "").await;
    assert_eq!(status, StatusCode::OK, "{k}");
    let f = &k["self_service"];
    assert_eq!((f["article_views"].as_i64(), f["deflections"].as_i64()), (Some(1), Some(0)), "{f}");
    assert_eq!(
        (f["helpful"].as_i64(), f["not_helpful"].as_i64(), f["helpful_percent"].as_f64()),
        (Some(1), Some(0), Some(100.0))
    );
    assert_eq!(
        f["top_articles"],
        serde_json::json!([{"id": records.article, "title": "Printer <i>jam</i>", "views": 1, "deflections": 0,
            "helpful": 1, "not_helpful": 0}])
    );
    let items: Vec<(i64, i64, i64, i64, i64)> = f["requests_by_item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_i64().unwrap();
            (n("item_id"), n("ordered"), n("approved"), n("rejected"), n("delivered"))
        })
        .collect();
    assert_eq!(items, [(records.item, 1, 1, 0, 1), (records.approved_item, 1, 1, 0, 1)]);
    assert_eq!(f["requests_by_item"][0]["item_name"], "<b>Laptop</b> & co");
    let step = &f["approval_steps"][0];
    assert_eq!(
        (step["chain_name"].as_str(), step["position"].as_i64(), step["step_name"].as_str()),
        (Some("Hardware"), Some(0), Some("Manager"))
    );
    assert_eq!((step["decisions"].as_i64(), step["approved"].as_i64()), (Some(1), Some(1)));
    assert!(step["median_seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(f["fulfilment"][0]["item_id"], records.item);
    let took = f["fulfilment"][0]["mean_seconds"].as_f64().unwrap();
    assert!((0.0..60.0).contains(&took), "delivered when ordered: {took}");
    for who in [&fx.agent, &fx.admin, &fx.auditor] {
        let (_, k) = kpis(&s, who, "").await;
        assert_eq!(k["self_service"]["requests_by_item"].as_array().map(Vec::len), Some(2), "{}", who.email);
    }
    let (status, k) = kpis(&s, &fx.foreign_agent, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        k["self_service"],
        serde_json::json!({"deflections": 0, "article_views": 0, "helpful": 0, "not_helpful": 0,
            "helpful_percent": null, "top_articles": [], "requests_by_item": [], "approval_steps": [], "fulfilment": []})
    );
    let (status, _) = kpis(&s, &fx.requester, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let manager = s.session(&fx.manager).await;
    let (status, page) = manager.get("/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    for title in
        ["Most viewed articles", "Catalog requests by item", "Approval time per step", "Fulfilment time per item"]
    {
        assert!(page.contains(&format!("-title\">{title}</title>")), "{title} has a title element");
        assert!(page.contains(&format!(r#"aria-label="{title}""#)), "{title} has an aria-label");
    }
    assert!(page.contains(r#"aria-label="Articles found helpful: 100%""#), "the helpfulness meter");
    assert!(page.contains("0 tickets avoided, 1 article view"), "the panel's counts");
    assert!(page.contains("1 of 1 answer said the article helped"));
    assert!(page.contains("<desc id=\"approval-steps-desc\">Hardware: 1. Manager: "), "a step is named by its chain");
    assert!(page.contains(&format!(r#"<a href="/kb/{}">Printer &#60;i&#62;jam&#60;/i&#62;</a>"#, records.article)));
    assert!(!page.contains("<b>Laptop</b>") && !page.contains("<i>jam</i>"), "names are escaped");
    let escaped = "&#60;b&#62;Laptop&#60;/b&#62; &#38; co";
    assert!(
        page.contains(&format!("<td>{escaped}</td><td>1</td><td>1</td><td>0</td><td>1</td>")),
        "the requests' table"
    );
    assert!(
        page.contains(&format!(
            "<desc id=\"requests-item-desc\">{escaped}: 1 (Ordered 1); 1 (Approved 1); 0 (Rejected 0); 1 (Delivered 1)."
        )),
        "{page}"
    );

    manager.reads_in("nl").await;
    let (_, page) = manager.get("/dashboard").await;
    for title in ["Meest gelezen artikelen", "Aanvragen per artikel uit de catalogus", "Goedkeuringstijd per stap"] {
        assert!(page.contains(&format!(r#"aria-label="{title}""#)), "{title} in Dutch");
    }
    assert!(page.contains("0 tickets voorkomen, 1 weergave van een artikel"), "the counts in Dutch");
    for english in ["Most viewed", "tickets avoided", "Delivered", "Not helpful"] {
        assert!(!page.contains(english), "no English left: {english}");
    }
}

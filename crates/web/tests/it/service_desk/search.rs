//! Finding tickets: full-text search with every filter, sorting with keyset pages, SLA
//! states and the "breaching soon" view, bounded counts, saved views, CSV and XLSX
//! exports, and bulk actions, with hostile input and other people's records.

use crate::common;

use std::io::Read;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    search_finds_words_in_subjects_descriptions_and_comments_within_each_readers_scope,
    hostile_search_text_is_only_ever_words,
    filters_combine_and_pages_follow_any_sort_order,
    sla_states_and_the_breaching_soon_view_follow_the_clocks,
    counts_stop_at_their_cap,
    saved_views_are_personal_or_shared_and_counted,
    a_view_count_the_database_cannot_give_is_a_failure_not_a_blank,
    a_ticket_number_typed_in_the_search_box_opens_the_ticket_if_it_may_be_seen,
    exports_hold_the_whole_list_in_csv_and_xlsx,
    bulk_actions_change_each_ticket_on_its_own,
    the_queue_page_searches_saves_views_exports_and_applies_bulk_actions,
    each_person_chooses_the_lists_columns_and_density,
);

/// Files a ticket as the requester with a subject and description; returns its id.
async fn file(s: &TestServer, subject: &str, description: &str) -> i64 {
    let body = json!({"subject": subject, "description": description});
    let (status, t) = s.api(Some(&s.fx.requester), Method::POST, "/api/v1/tickets", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

/// The numbers of the tickets a list call returns.
async fn ids(s: &TestServer, who: &common::Person, query: &str) -> Vec<i64> {
    let (status, page) = s.api(Some(who), Method::GET, &format!("/api/v1/tickets?{query}"), None).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

async fn search_finds_words_in_subjects_descriptions_and_comments_within_each_readers_scope(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let vpn = file(&s, "VPN drops every hour", "Since Monday the tunnel disconnects").await;
    let printer = file(&s, "Printer on floor 3", "Paper jam again").await;
    let (status, _) = s
        .api(
            Some(&fx.agent),
            Method::POST,
            &format!("/api/v1/tickets/{printer}/comments"),
            Some(json!({"body": "Toner cartridge replaced", "internal": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    s.api(
        Some(&fx.agent),
        Method::POST,
        &format!("/api/v1/tickets/{vpn}/comments"),
        Some(json!({"body": "Please try the new client"})),
    )
    .await;

    assert_eq!(ids(&s, &fx.agent, "q=vpn").await, [vpn], "a word of the subject");
    assert_eq!(ids(&s, &fx.agent, "q=tunnel+disconnects").await, [vpn], "words of the description");
    assert_eq!(ids(&s, &fx.agent, "q=disconn").await, [vpn], "the last word is a prefix");
    assert_eq!(ids(&s, &fx.agent, "q=client").await, [vpn], "a public reply");
    assert_eq!(ids(&s, &fx.agent, "q=toner").await, [printer], "staff search internal notes");
    assert!(ids(&s, &fx.requester, "q=toner").await.is_empty(), "requesters never find internal notes");
    assert_eq!(ids(&s, &fx.requester, "q=printer").await, [printer]);
    assert!(ids(&s, &fx.outsider, "q=printer").await.is_empty(), "another department's tickets stay hidden");
    assert!(ids(&s, &fx.foreign_agent, "q=printer").await.is_empty(), "another organisation's tickets stay hidden");
    assert!(ids(&s, &fx.agent, "q=vpn+printer").await.is_empty(), "every word must occur");
    assert_eq!(ids(&s, &fx.agent, "q=vpn&status=open&priority=1,2,3,4,5").await, [vpn], "search and filters combine");
    assert!(ids(&s, &fx.agent, "q=vpn&status=closed").await.is_empty());

    // A changed subject is found by its new words at once.
    let (status, _) = s
        .api(
            Some(&fx.agent),
            Method::PATCH,
            &format!("/api/v1/tickets/{vpn}"),
            Some(json!({"subject": "Remote access"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&s, &fx.agent, "q=remote").await, [vpn]);
}

async fn hostile_search_text_is_only_ever_words(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = file(&s, "Password reset for O'Brien", "<script>alert(1)</script> drop table tickets").await;
    for q in [
        "O'Brien",
        "\"unterminated",
        "a OR b NOT c NEAR(d, 3)",
        "subject:password",
        "*",
        "'; DROP TABLE tickets; --",
        "password & | ! :* <->",
        "{subject} : reset",
        "^reset",
        "((((",
        "%00%27",
        "😀 émoji",
    ] {
        let path = format!("/api/v1/tickets?{}", serde_urlencoded::to_string([("q", q)]).unwrap());
        let (status, body) = s.api(Some(&s.fx.agent), Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
    }
    assert_eq!(ids(&s, &s.fx.agent, "q=O%27Brien").await, [id]);
    assert_eq!(ids(&s, &s.fx.agent, "q=%3Cdrop%3E+%22table").await, [id], "markup around words is ignored");
    let long = "word ".repeat(5_000);
    let path = format!("/api/v1/tickets?{}", serde_urlencoded::to_string([("q", long.as_str())]).unwrap());
    let (status, _) = s.api(Some(&s.fx.agent), Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK, "a very long search is cut, not an error");
    let (_, all) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets", None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1, "nothing was dropped");
}

async fn filters_combine_and_pages_follow_any_sort_order(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let now = s.app.now_micros();
    let hour = 3_600_000_000i64;
    let rows: Vec<_> = (0..7i64)
        .map(|i| {
            let mut t = s.ticket_row(now - (10 - i) * hour);
            t.subject = format!("Ticket {i}");
            t.priority = 1 + i % 3;
            t.updated_at = now - i * hour;
            t.category_id = (i % 2 == 0).then_some(fx.category);
            t.team_id = (i < 3).then_some(fx.team);
            t.resolution_due = (i % 3 != 0).then_some(now + i * hour);
            if i == 6 {
                t.organisation_id = fx.labs;
            }
            t
        })
        .collect();
    s.insert_tickets(&rows).await;
    let (_, page) = s.api(Some(&fx.admin), Method::GET, "/api/v1/tickets?sort=created_at&limit=200", None).await;
    let all: Vec<i64> = page["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(all.len(), 7);

    for sort in ["created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority", "due", "-due"] {
        let mut seen = Vec::new();
        let mut keys = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut q = vec![("sort", sort.to_string()), ("limit", "2".into())];
            if let Some(c) = &cursor {
                q.push(("cursor", c.clone()));
            }
            let path = format!("/api/v1/tickets?{}", serde_urlencoded::to_string(&q).unwrap());
            let (status, page) = s.api(Some(&fx.admin), Method::GET, &path, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            for t in page["items"].as_array().unwrap() {
                seen.push(t["id"].as_i64().unwrap());
                keys.push(t.clone());
            }
            cursor = page["next_cursor"].as_str().map(String::from);
            if cursor.is_none() {
                break;
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 7, "{sort}: every ticket once across pages: {seen:?}");
        let field = match sort.trim_start_matches('-') {
            "created_at" => "id",
            "updated_at" => "updated_at",
            "priority" => "priority",
            _ => "due",
        };
        let value = |t: &Value| match field {
            "due" => t["sla"]["resolution_due"].as_str().map(String::from),
            "id" => Some(format!("{:010}", t["id"].as_i64().unwrap())),
            f => Some(t[f].to_string()),
        };
        let present: Vec<String> = keys.iter().filter_map(value).collect();
        let mut sorted = present.clone();
        sorted.sort();
        if sort.starts_with('-') {
            sorted.reverse();
        }
        assert_eq!(present, sorted, "{sort} orders by {field}");
        if field == "due" {
            let missing = keys.iter().position(|t| t["sla"]["resolution_due"].is_null()).unwrap();
            assert!(keys[missing..].iter().all(|t| t["sla"]["resolution_due"].is_null()), "{sort}: no due time last");
        }
    }

    assert_eq!(ids(&s, &fx.admin, &format!("category_id={}", fx.category)).await.len(), 4);
    assert_eq!(ids(&s, &fx.admin, &format!("team_id={}&priority=1", fx.team)).await.len(), 1);
    assert_eq!(ids(&s, &fx.admin, &format!("organisation_id={}", fx.labs)).await.len(), 1);
    assert_eq!(ids(&s, &fx.admin, &format!("organisation_id={}", fx.acme)).await.len(), 7, "subsidiaries included");
    let from = chrono::DateTime::from_timestamp_micros(now - 5 * hour).unwrap().to_rfc3339();
    let q = serde_urlencoded::to_string([("created_from", from.as_str())]).unwrap();
    assert_eq!(ids(&s, &fx.admin, &q).await.len(), 2, "created in the last five hours");
    assert_eq!(ids(&s, &fx.labs_agent, "").await.len(), 1, "scope applies to every filter");

    for bad in [
        "priority=0",
        "priority=1,x",
        "sort=subject",
        "sla=late",
        "created_from=last+week",
        "created_from=2026-02-02&created_to=2026-02-01",
        "cursor=not-a-cursor",
        "due_within=-5",
        "team_id=abc",
    ] {
        let (status, body) = s.api(Some(&fx.admin), Method::GET, &format!("/api/v1/tickets?{bad}"), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(body["errors"][0]["detail"].is_string(), "{bad}: {body}");
    }
}

async fn sla_states_and_the_breaching_soon_view_follow_the_clocks(backend: Backend) {
    let s = TestServer::start(backend).await;
    let now = s.app.now_micros();
    let minute = 60_000_000i64;
    let with = |subject: &str, f: &dyn Fn(&mut helmdesk_app::store::service_desk::tickets::TicketRow)| {
        let mut t = s.ticket_row(now - 60 * minute);
        t.subject = subject.into();
        t.sla_policy_id = None;
        f(&mut t);
        t
    };
    let rows = vec![
        with("due in 30 minutes", &|t| {
            t.resolution_due = Some(now + 30 * minute);
            t.resolution_warn_at = Some(now + 20 * minute);
        }),
        with("warned, due in 5 hours", &|t| {
            t.resolution_due = Some(now + 300 * minute);
            t.resolution_warn_at = Some(now - minute);
        }),
        with("due tomorrow", &|t| {
            t.resolution_due = Some(now + 1440 * minute);
            t.resolution_warn_at = Some(now + 1000 * minute);
        }),
        with("overdue", &|t| t.resolution_due = Some(now - minute)),
        with("paused", &|t| {
            t.status = "pending".into();
            t.sla_paused_at = Some(now - minute);
            t.resolution_due = Some(now + 10 * minute);
        }),
        with("met", &|t| {
            t.status = "resolved".into();
            t.resolved_at = Some(now - minute);
            t.sla_policy_id = None;
            t.resolution_breached = Some(false);
        }),
        with("response late", &|t| {
            t.response_due = Some(now - minute);
            t.resolution_due = Some(now + 600 * minute);
        }),
    ];
    s.insert_tickets(&rows).await;
    let subjects = |query: &'static str| {
        let s = &s;
        async move {
            let (status, page) = s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets?{query}"), None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            let mut out: Vec<String> =
                page["items"].as_array().unwrap().iter().map(|t| t["subject"].as_str().unwrap().to_string()).collect();
            out.sort();
            out
        }
    };
    assert_eq!(subjects("sla=breaching_soon").await, ["due in 30 minutes", "warned, due in 5 hours"]);
    assert_eq!(
        subjects("sla=breaching_soon&due_within=1500").await,
        ["due in 30 minutes", "due tomorrow", "warned, due in 5 hours"]
    );
    assert_eq!(subjects("sla=breached").await, ["overdue", "response late"]);
    assert_eq!(subjects("sla=warning").await, ["warned, due in 5 hours"]);
    assert_eq!(subjects("sla=paused").await, ["paused"]);
    let (_, page) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets?sla=breaching_soon&sort=due", None).await;
    assert_eq!(page["items"][0]["subject"], "due in 30 minutes", "the view sorts by the nearest due time");
}

async fn counts_stop_at_their_cap(backend: Backend) {
    let s = TestServer::start(backend).await;
    let now = s.app.now_micros();
    let rows: Vec<_> = (0..25).map(|i| s.ticket_row(now - i)).collect();
    s.insert_tickets(&rows).await;
    let (status, count) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/count?status=open", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count, json!({"count": 25, "more": false}));
    let (_, count) = s.api(Some(&s.fx.foreign_agent), Method::GET, "/api/v1/tickets/count", None).await;
    assert_eq!(count["count"], 0, "counts respect scope");
    let (status, _) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/count?sla=soon", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let store = s.app.store();
    let filter = helmdesk_app::store::service_desk::search::TicketFilter::visible(
        helmdesk_app::store::service_desk::tickets::Visibility::All,
        50,
    );
    assert_eq!(store.count_tickets(&filter, 10).await.unwrap(), 10, "the store stops counting at the cap");
}

async fn a_ticket_number_typed_in_the_search_box_opens_the_ticket_if_it_may_be_seen(backend: Backend) {
    let s = TestServer::start(backend).await;
    let t = s.ticket(&s.fx.requester, "Printer jammed").await;
    let (id, number) = (t["id"].as_i64().unwrap(), t["number"].as_str().unwrap().to_string());
    let opened = |res: &reqwest::Response| {
        let location = res.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok());
        (res.status(), location.map(str::to_string))
    };
    let ticket_page = (StatusCode::SEE_OTHER, Some(format!("/tickets/{id}")));
    let agent = s.session(&s.fx.agent).await;
    for typed in [number.clone(), number.to_lowercase(), id.to_string(), format!("#{id}")] {
        let url = format!("{}/tickets?q={}", s.base, urlencoding(&typed));
        let res = agent.client.get(&url).send().await.unwrap();
        assert_eq!(opened(&res), ticket_page, "{typed:?} opens the ticket");
    }
    let requester = s.session(&s.fx.requester).await;
    let res = requester.client.get(format!("{}/my/tickets?q={id}", s.base)).send().await.unwrap();
    assert_eq!(opened(&res), ticket_page, "the requester's own ticket");
    // Someone who may not see it searches as for any text: no ticket is opened, none named.
    for who in [&s.fx.outsider, &s.fx.foreign_agent] {
        let session = s.session(who).await;
        let path = if who.role == "requester" { "/my/tickets" } else { "/tickets" };
        let res = session.client.get(format!("{}{path}?q={}", s.base, urlencoding(&number))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{} stays on the list", who.email);
        assert!(!res.text().await.unwrap().contains("Printer jammed"));
    }
}

fn urlencoding(text: &str) -> String {
    text.replace('#', "%23").replace(' ', "+")
}

async fn a_view_count_the_database_cannot_give_is_a_failure_not_a_blank(backend: Backend) {
    let s = TestServer::start(backend).await;
    let agent = s.app.actor_by_id(s.fx.agent.id).await.unwrap();
    let view = serde_json::from_value(json!({"name": "Open", "query": "status=open"})).unwrap();
    s.app.create_view(&agent, view).await.unwrap();
    assert!(s.app.list_views(&agent, true).await.unwrap().iter().all(|v| v.count.is_some()));
    helmdesk_app::store::Sql::new("ALTER TABLE tickets RENAME TO tickets_gone")
        .execute(s.app.store().db())
        .await
        .unwrap();
    let failed = s.app.list_views(&agent, true).await;
    assert!(matches!(failed, Err(helmdesk_app::AppError::Internal(_))), "{failed:?}");
}

async fn saved_views_are_personal_or_shared_and_counted(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    file(&s, "Laptop broken", "screen").await;
    file(&s, "Laptop slow", "fan").await;
    let view = json!({"name": "Laptops <img src=x onerror=alert(1)>", "query": "q=laptop&status=open"});
    let (status, mine) = s.api(Some(&fx.agent), Method::POST, "/api/v1/views", Some(view.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    assert_eq!(mine["name"], "Laptops <img src=x onerror=alert(1)>");
    assert_eq!(mine["editable"], true);
    let id = mine["id"].as_i64().unwrap();
    let (status, _) = s.api(Some(&fx.agent), Method::POST, "/api/v1/views", Some(view.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT, "one name per owner");

    let (_, list) = s.api(Some(&fx.agent), Method::GET, "/api/v1/views?counts=true", None).await;
    assert_eq!(list[0]["count"], json!({"count": 2, "more": false}));
    let (status, _) = s.api(Some(&fx.manager), Method::GET, &format!("/api/v1/views/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a personal view is its owner's");
    let (status, _) = s
        .api(
            Some(&fx.manager),
            Method::PATCH,
            &format!("/api/v1/views/{id}"),
            Some(json!({"name": "Mine", "query": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.api(Some(&fx.manager), Method::DELETE, &format!("/api/v1/views/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let shared = json!({"name": "Team backlog", "query": "status=open&sort=due", "shared": true});
    let (status, _) = s.api(Some(&fx.agent), Method::POST, "/api/v1/views", Some(shared.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "agents do not share views");
    let (status, team) = s.api(Some(&fx.manager), Method::POST, "/api/v1/views", Some(shared)).await;
    assert_eq!(status, StatusCode::CREATED, "{team}");
    let team_id = team["id"].as_i64().unwrap();
    let (_, list) = s.api(Some(&fx.agent), Method::GET, "/api/v1/views", None).await;
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Laptops <img src=x onerror=alert(1)>", "Team backlog"], "own first, then shared");
    assert_eq!(list[1]["editable"], false);
    let (status, _) = s.api(Some(&fx.agent), Method::DELETE, &format!("/api/v1/views/{team_id}"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a shared view is changed by managers");
    let (_, list) = s.api(Some(&fx.requester), Method::GET, "/api/v1/views", None).await;
    assert!(list.as_array().unwrap().is_empty(), "shared views are for staff");
    // A view a manager of Acme shares is for Acme's staff, its subsidiaries' included, and
    // counts what each reader may see; Other Corp's staff do not see it.
    assert_eq!(team["organisation_id"], fx.acme);
    let (_, counted) = s.api(Some(&fx.labs_agent), Method::GET, "/api/v1/views?counts=true", None).await;
    assert_eq!(counted[0]["count"]["count"], 0, "a shared view counts what the reader may see");
    let (_, foreign) = s.api(Some(&fx.foreign_agent), Method::GET, "/api/v1/views", None).await;
    assert!(foreign.as_array().unwrap().is_empty(), "{foreign}");
    let (status, _) = s.api(Some(&fx.foreign_agent), Method::GET, &format!("/api/v1/views/{team_id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Renaming a shared view keeps it shared (a change without `shared` once un-shared it).
    let rename = json!({"name": "Team backlog (open)", "query": "status=open&sort=due"});
    let (status, renamed) =
        s.api(Some(&fx.manager), Method::PATCH, &format!("/api/v1/views/{team_id}"), Some(rename)).await;
    assert_eq!(
        (status, &renamed["shared"], &renamed["organisation_id"]),
        (StatusCode::OK, &json!(true), &json!(fx.acme))
    );

    for bad in [
        json!({"name": "", "query": "status=open"}),
        json!({"name": "Bad sort", "query": "sort=name"}),
        json!({"name": "Bad priority", "query": "priority=7"}),
        json!({"name": "Long", "query": "q=".to_string() + &"x".repeat(3000)}),
        json!({"name": "Extra", "query": "", "owner_id": fx.manager.id}),
    ] {
        let (status, body) = s.api(Some(&fx.agent), Method::POST, "/api/v1/views", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (status, _) = s.api(Some(&fx.agent), Method::DELETE, &format!("/api/v1/views/{id}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

async fn exports_hold_the_whole_list_in_csv_and_xlsx(backend: Backend) {
    let s = TestServer::start(backend).await;
    let now = s.app.now_micros();
    let mut rows: Vec<_> = (0..2_500i64).map(|i| s.ticket_row(now - i)).collect();
    rows[0].subject = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    rows[1].subject = "Comma, \"quotes\"\nand a new line".into();
    s.insert_tickets(&rows).await;
    let client = TestServer::client();
    let res = client
        .get(format!("{}/api/v1/tickets/export?format=csv&sort=created_at", s.base))
        .bearer_auth(&s.fx.agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"tickets-"));
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "number");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2_500, "every ticket, across many pages");
    let subjects: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert!(subjects.contains(&"'=HYPERLINK(\"http://evil.example\",\"click\")"), "formulas are defused");
    assert!(subjects.contains(&"Comma, \"quotes\"\nand a new line"), "quoting survives a round trip");

    let res = client
        .get(format!("{}/api/v1/tickets/export?format=xlsx&status=open", s.base))
        .bearer_auth(&s.fx.agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX is a zip");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert_eq!(sheet.matches("<row ").count(), 2_501, "a header and every ticket");
    assert!(sheet.contains("=HYPERLINK"), "the text is there");
    assert!(!sheet.contains("<f>"), "and never as a formula");

    let (status, _) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/tickets/export?format=pdf", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = client
        .get(format!("{}/api/v1/tickets/export", s.base))
        .bearer_auth(&s.fx.foreign_agent.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap().lines().count(), 1, "only the header: nothing of another organisation");
}

async fn bulk_actions_change_each_ticket_on_its_own(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let a = file(&s, "One", "x").await;
    let b = file(&s, "Two", "x").await;
    let body = json!({"ids": [a, b, a, 999_999], "patch": {"assignee_id": fx.agent.id, "status": "in_progress"}});
    let (status, out) = s.api(Some(&fx.agent), Method::POST, "/api/v1/tickets/bulk", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["succeeded"], 2);
    assert_eq!(out["failed"], 1, "duplicates count once; the unknown id fails alone");
    assert_eq!(out["results"][2]["error"], "not found");
    for id in [a, b] {
        let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{id}"), None).await;
        assert_eq!(t["status"], "in_progress");
        assert_eq!(t["assignee_id"], fx.agent.id);
    }
    let (_, out) = s
        .api(
            Some(&fx.foreign_agent),
            Method::POST,
            "/api/v1/tickets/bulk",
            Some(json!({"ids": [a], "patch": {"status": "closed"}})),
        )
        .await;
    assert_eq!(out["failed"], 1, "another organisation's tickets are out of reach");
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{a}"), None).await;
    assert_eq!(t["status"], "in_progress", "and unchanged");
    let (status, _) = s
        .api(
            Some(&fx.requester),
            Method::POST,
            "/api/v1/tickets/bulk",
            Some(json!({"ids": [a], "patch": {"status": "closed"}})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let c = file(&s, "Three", "x").await;
    let (_, out) = s
        .api(Some(&fx.agent), Method::POST, "/api/v1/tickets/bulk", Some(json!({"ids": [c, a], "merge_into": b})))
        .await;
    assert_eq!(out["succeeded"], 2, "{out}");
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{c}"), None).await;
    assert_eq!(t["merged_into_id"], b);
    let too_many: Vec<i64> = (1..=501).collect();
    for bad in [
        json!({"ids": [], "patch": {}}),
        json!({"ids": too_many, "patch": {}}),
        json!({"ids": [a], "patch": {"status": "bogus"}}),
        json!({"ids": [a]}),
        json!({"ids": [a], "patch": {}, "merge_into": b}),
    ] {
        let (status, body) = s.api(Some(&fx.agent), Method::POST, "/api/v1/tickets/bulk", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
}

async fn the_queue_page_searches_saves_views_exports_and_applies_bulk_actions(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let a = file(&s, "Monitor <b>flickers</b>", "since the update").await;
    let b = file(&s, "Keyboard missing keys", "x").await;
    let ui = s.session(&fx.agent).await;
    let (status, page) = ui.get("/tickets?view=open&q=flickers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Monitor &#60;b&#62;flickers") && !page.contains("<b>flickers"), "subjects are escaped");
    assert!(!page.contains("Keyboard missing keys"), "the search narrows the list");
    assert!(page.contains("Breaching soon"), "the built-in view is offered");
    let (status, page) = ui.get("/tickets?view=open&priority=99").await;
    assert_eq!(status, StatusCode::OK, "a bad filter is shown, not a failure");
    assert!(page.contains("role=\"alert\""));

    let (status, count) = ui.get("/tickets/count?view=open").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&count).unwrap()["label"], "2");

    let (status, csv) = ui.get("/tickets/export?view=open&format=csv&q=keyboard").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), 2, "header and the one match");

    let (status, _) =
        ui.post("/tickets/views", &[("name", "Flicker <script>"), ("query", "q=flickers&status=open")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = s.api(Some(&fx.agent), Method::GET, "/api/v1/views", None).await;
    let view_id = list[0]["id"].as_i64().unwrap();
    let (_, page) = ui.get(&format!("/tickets?view=v{view_id}")).await;
    assert!(page.contains("Flicker &#60;script&#62;") && !page.contains("Flicker <script>"), "view names are escaped");
    assert!(page.contains("Monitor") && !page.contains("Keyboard missing keys"), "the saved view applies");
    let (status, _) = ui.post(&format!("/tickets/views/{view_id}/delete"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let back = "/tickets?view=open";
    let (status, _) = ui
        .post(
            "/tickets/bulk",
            &[("ids", &a.to_string()), ("ids", &b.to_string()), ("action", "assign:me"), ("back", back)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = ui.get("/tickets?view=mine").await;
    assert!(page.contains("2 tickets changed"), "the confirmation is on the list: {page}");
    assert!(page.contains("Keyboard missing keys"), "both are now mine");
    let (status, page) =
        ui.post("/tickets/bulk", &[("ids", &a.to_string()), ("action", "delete:all"), ("back", back)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("<nav class=\"main\""), "the list again, with its navigation");
    assert!(
        page.contains(&format!("value=\"{a}\" aria-label=\"Select")) && page.contains("checked>"),
        "the ticked tickets stay ticked"
    );
    let res = ui
        .client
        .post(format!("{}/tickets/bulk", ui.base))
        .form(&[("ids", a.to_string()), ("action", "assign:none".into()), ("csrf", "forged".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a forged form changes nothing");

    // Merge: the duplicates go into the ticket named by its number, ticked or not.
    let c = file(&s, "Monitor flickers again", "x").await;
    let (_, target) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{a}"), None).await;
    let number = target["number"].as_str().unwrap();
    let ticked = [a.to_string(), c.to_string()];
    for (into, why) in [("", "no target"), ("INC-999999", "unknown"), ("'; DROP TABLE tickets; --", "hostile")] {
        let (status, page) = ui.post("/tickets/bulk", &merge_form(&ticked, into)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {page}");
        assert!(page.contains("merge into"), "{why}: {page}");
    }
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{c}"), None).await;
    assert_eq!(t["merged_into_id"], Value::Null, "nothing was merged");
    let (status, _) = ui.post("/tickets/bulk", &merge_form(&ticked, number)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{c}"), None).await;
    assert_eq!(t["merged_into_id"], a);
    let (_, t) = s.api(Some(&fx.agent), Method::GET, &format!("/api/v1/tickets/{a}"), None).await;
    assert_eq!(t["merged_into_id"], Value::Null, "the target stays open");
}

/// The queue's bulk form: merge the ticked tickets into the one numbered `into`.
fn merge_form<'a>(ticked: &'a [String], into: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = ticked.iter().map(|id| ("ids", id.as_str())).collect();
    form.extend([("action", "merge"), ("merge_into", into)]);
    form
}

/// The headings of the ticket list on `page`, in order.
fn headings(page: &str) -> Vec<String> {
    let head = page.split("<thead>").nth(1).and_then(|h| h.split("</thead>").next()).unwrap_or_default();
    head.split("<th scope=\"col\"")
        .skip(1)
        .map(|th| {
            let text = th.split("</th>").next().unwrap_or_default();
            let inner: String = text.split('>').skip(1).filter_map(|p| p.split('<').next()).collect();
            inner.trim().to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

async fn each_person_chooses_the_lists_columns_and_density(backend: Backend) {
    let s = TestServer::start(backend).await;
    file(&s, "Docking station dead", "No video").await;
    let agent = s.session(&s.fx.agent).await;
    let (_, page) = agent.get("/tickets?view=all").await;
    assert_eq!(
        headings(&page),
        ["Number", "Subject", "Requester", "Status", "Priority", "SLA", "Team", "Assignee", "Updated"],
        "the defaults"
    );
    assert!(page.contains(r#"<table class="list" "#), "comfortable rows by default");

    // Kind and status, compact: the number and subject always show; unknown columns and
    // markup are ignored.
    let choice = [
        ("list", "queue"),
        ("column", "status"),
        ("column", "kind"),
        ("column", "<script>"),
        ("column", "password_hash"),
        ("density", "compact"),
        ("back", "/tickets?view=all"),
    ];
    let (status, _) = agent.post("/tickets/columns", &choice).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "back to the list");
    let (_, page) = agent.get("/tickets?view=all").await;
    assert!(page.contains("Columns saved"), "with a confirmation");
    assert_eq!(headings(&page), ["Number", "Subject", "Kind", "Status"]);
    assert!(page.contains(r#"<table class="list compact" "#));
    assert!(page.contains(r#"data-label="Kind" class="col-kind">Incident</td>"#), "{page}");

    // "My tickets" is chosen apart, and another person keeps the defaults.
    s.ticket(&s.fx.agent, "My own monitor").await;
    let (_, mine) = agent.get("/my/tickets").await;
    assert_eq!(headings(&mine)[2], "Status", "the list's own defaults");
    let (_, theirs) = s.session(&s.fx.manager).await.get("/tickets?view=all").await;
    assert_eq!(headings(&theirs).len(), 9);

    // A list that is neither is refused and changes nothing; a foreign address to go back
    // to is not followed.
    let (status, _) = agent.post("/tickets/columns", &[("list", "everything"), ("column", "team")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, page) = agent.get("/tickets?view=all").await;
    assert_eq!(headings(&page), ["Number", "Subject", "Kind", "Status"]);
    let fields = [("list", "queue"), ("column", "team"), ("back", "https://evil.example/")];
    let response = agent
        .client
        .post(format!("{}/tickets/columns", agent.base))
        .form(&[fields.as_slice(), &[("csrf", agent.csrf.as_str())]].concat())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/tickets", "back on the queue, not elsewhere");
    let (_, page) = agent.get("/tickets?view=all").await;
    assert_eq!(headings(&page), ["Number", "Subject", "Team"]);
}

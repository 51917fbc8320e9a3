//! Working the queue through the API and the ticket page, on both backends: links (both
//! ways, no self-links, loops, duplicates or second parents), merges (what moves, what
//! refuses and changes nothing), watchers and what they hear, canned responses and their
//! placeholders, major-incident updates, and time spent. Hostile input throughout: other
//! organisations' ids, markup in every text, ids that name nothing.

use crate::common;

use common::{Person, TestServer};
use helmdesk_store::{Backend, Sql, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

backend_tests!(
    links_read_both_ways_and_refuse_self_links_loops_duplicates_and_a_second_parent,
    links_stay_within_what_the_caller_may_see,
    a_merge_moves_comments_attachments_and_watchers_and_closes_the_duplicate,
    a_merge_that_breaks_a_rule_is_refused_and_changes_nothing,
    watchers_hear_of_what_happens_while_they_can_see_the_ticket,
    requesters_watch_only_as_themselves_and_see_only_themselves,
    canned_responses_are_personal_or_shared_and_fill_in_placeholders_as_text,
    stakeholder_updates_need_a_major_incident_and_tell_the_requester_and_watchers,
    time_entries_add_up_on_the_ticket_and_bad_durations_change_nothing,
    the_ticket_page_links_watches_records_time_and_merges_through_its_forms,
    a_requesters_ticket_page_shows_nothing_of_how_the_desk_runs_it,
);

async fn a_requesters_ticket_page_shows_nothing_of_how_the_desk_runs_it(backend: Backend) {
    let s = TestServer::start(backend).await;
    let manager = s.app.actor_by_id(s.fx.manager.id).await.unwrap();
    let calendar = json!({"name": "Office", "time_zone": "Europe/Amsterdam", "week": {"monday": ["08:00-17:00"]}});
    let calendar = s.app.create_calendar(&manager, serde_json::from_value(calendar).unwrap()).await.unwrap().id;
    let policy = json!({"name": "Standard", "calendar_id": calendar,
        "targets": [{"priority": 3, "response_minutes": 60, "resolution_minutes": 480}]});
    s.app.create_sla_policy(&manager, serde_json::from_value(policy).unwrap()).await.unwrap();
    let id = s.ticket(&s.fx.requester, "Printer jammed").await["id"].as_i64().unwrap();

    let (status, page) = s.session(&s.fx.agent).await.get(&format!("/tickets/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Policy <strong>Standard</strong>"), "staff see how the service level is computed");
    assert!(page.contains(">Watch</button>"), "staff may watch");

    let (status, page) = s.session(&s.fx.requester).await.get(&format!("/tickets/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Standard") && !page.contains("sla-h"), "no SLA policy for the requester\n{page}");
    assert!(!page.contains(">Watch</button>"), "their own ticket: they hear of it anyway");
}

const XSS: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

async fn ticket(s: &TestServer, who: &Person, subject: &str) -> i64 {
    id(&s.ticket(who, subject).await)
}

async fn call(s: &TestServer, who: &Person, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    s.api(Some(who), method, path, body).await
}

async fn link(s: &TestServer, from: i64, body: Value) -> (StatusCode, Value) {
    call(s, &s.fx.agent, Method::POST, &format!("/api/v1/tickets/{from}/links"), Some(body)).await
}

async fn links(s: &TestServer, who: &Person, of: i64) -> Vec<Value> {
    let (status, body) = call(s, who, Method::GET, &format!("/api/v1/tickets/{of}/links"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

fn field(err: &Value) -> &str {
    err["errors"][0]["field"].as_str().unwrap_or("")
}

async fn history_fields(s: &TestServer, who: &Person, of: i64) -> Vec<String> {
    let (_, h) = call(s, who, Method::GET, &format!("/api/v1/tickets/{of}/history"), None).await;
    h.as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn notes_of(s: &TestServer, who: &Person) -> Vec<String> {
    let rows = s.app.store().notifications(who.id, 100).await.unwrap();
    rows.into_iter().map(|n| n.message).collect()
}

async fn links_read_both_ways_and_refuse_self_links_loops_duplicates_and_a_second_parent(backend: Backend) {
    let s = TestServer::start(backend).await;
    let r = &s.fx.requester;
    let (a, b, c) = (ticket(&s, r, "A").await, ticket(&s, r, "B").await, ticket(&s, r, "C").await);

    let (status, l) = link(&s, a, json!({"kind": "parent", "target_id": b})).await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    assert_eq!((l["label"].as_str(), l["direction"].as_str()), (Some("Parent"), Some("outgoing")));
    assert_eq!(l["ticket"]["id"], b);
    let from_b = links(&s, &s.fx.agent, b).await;
    assert_eq!(from_b.len(), 1);
    assert_eq!((from_b[0]["label"].as_str(), from_b[0]["ticket"]["id"].as_i64()), (Some("Child"), Some(a)));
    assert_eq!(from_b[0]["direction"], "incoming");

    // A second parent, a loop of two and a loop of three.
    let (status, e) = link(&s, a, json!({"kind": "parent", "target_id": c})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    let (status, e) = link(&s, b, json!({"kind": "parent", "target_id": a})).await;
    assert_eq!((status, e["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_loop")));
    assert_eq!(link(&s, b, json!({"kind": "parent", "target_id": c})).await.0, StatusCode::CREATED);
    let (status, e) = link(&s, c, json!({"kind": "parent", "target_id": a})).await;
    assert_eq!((status, field(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "target_id"), "{e}");

    // Self-links, the same link twice, a related link the other way round.
    let (status, e) = link(&s, a, json!({"kind": "related", "target_id": a})).await;
    assert_eq!((status, field(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "target_id"));
    assert_eq!(link(&s, a, json!({"kind": "related", "target_id": c})).await.0, StatusCode::CREATED);
    assert_eq!(link(&s, a, json!({"kind": "related", "target_id": c})).await.0, StatusCode::CONFLICT);
    assert_eq!(link(&s, c, json!({"kind": "related", "target_id": a})).await.0, StatusCode::CONFLICT);
    // Duplicates cannot go round either.
    assert_eq!(link(&s, a, json!({"kind": "duplicate_of", "target_id": c})).await.0, StatusCode::CREATED);
    let (status, e) = link(&s, c, json!({"kind": "duplicate_of", "target_id": a})).await;
    assert_eq!((status, e["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_loop")));
    let from_c: Vec<String> =
        links(&s, &s.fx.agent, c).await.iter().map(|l| l["label"].as_str().unwrap().into()).collect();
    assert!(from_c.contains(&"Duplicated by".to_string()) && from_c.contains(&"Related to".to_string()), "{from_c:?}");

    // Changes named by reference.
    let (status, l) = link(&s, a, json!({"kind": "caused_by_change", "change_ref": " CHG-42 "})).await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    assert_eq!((l["change_ref"].as_str(), l["ticket"].is_null()), (Some("CHG-42"), true));
    assert_eq!(link(&s, a, json!({"kind": "caused_by_change", "change_ref": "CHG-42"})).await.0, StatusCode::CONFLICT);
    let before = links(&s, &s.fx.agent, a).await.len();
    for (body, expected_field) in [
        (json!({"kind": "related", "change_ref": "CHG-1"}), "change_ref"),
        (json!({"kind": "caused_by_change", "change_ref": XSS}), "change_ref"),
        (json!({"kind": "caused_by_change", "change_ref": "CHG-1", "target_id": b}), "target_id"),
        (json!({"kind": "related"}), "target_id"),
        (json!({"kind": "sibling", "target_id": b}), ""),
        (json!({"kind": "related", "target_id": b, "extra": 1}), ""),
    ] {
        let (status, e) = link(&s, a, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {e}");
        if !expected_field.is_empty() {
            assert_eq!(field(&e), expected_field, "{body} -> {e}");
        }
    }
    assert_eq!(link(&s, a, json!({"kind": "related", "target_id": 999_999})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(links(&s, &s.fx.agent, a).await.len(), before, "a refused link changed the list");

    // A link is removed from either end, once; a link of other tickets is not found here.
    let parent = links(&s, &s.fx.agent, b).await.into_iter().find(|l| l["label"] == "Child").unwrap();
    let path = |t: i64, l: &Value| format!("/api/v1/tickets/{t}/links/{}", id(l));
    assert_eq!(call(&s, &s.fx.agent, Method::DELETE, &path(c, &parent), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(call(&s, &s.fx.agent, Method::DELETE, &path(b, &parent), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&s, &s.fx.agent, Method::DELETE, &path(b, &parent), None).await.0, StatusCode::NOT_FOUND);
    assert!(links(&s, &s.fx.agent, a).await.iter().all(|l| l["label"] != "Parent"));
    // Now A may have C as its parent, since C's parents are B's: none of them is A.
    assert_eq!(link(&s, a, json!({"kind": "parent", "target_id": c})).await.0, StatusCode::CREATED);

    // Links are recorded on the ticket, and requesters see neither the lines nor the links.
    let fields = history_fields(&s, &s.fx.agent, a).await;
    assert!(fields.contains(&"internal_link".into()) && fields.contains(&"internal_unlink".into()), "{fields:?}");
    assert!(!history_fields(&s, r, a).await.iter().any(|f| f.contains("link")));
    assert_eq!(call(&s, r, Method::GET, &format!("/api/v1/tickets/{a}/links"), None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(links(&s, &s.fx.auditor, a).await.len(), links(&s, &s.fx.agent, a).await.len());
}

async fn links_stay_within_what_the_caller_may_see(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let acme = ticket(&s, &fx.requester, "Acme printer").await;
    let foreign = ticket(&s, &fx.foreign_agent, "Other Corp printer").await;
    let labs = ticket(&s, &fx.labs_agent, "Labs printer").await;
    // Another organisation's ticket is not found, from either side.
    assert_eq!(link(&s, acme, json!({"kind": "related", "target_id": foreign})).await.0, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &s,
        &fx.foreign_agent,
        Method::POST,
        &format!("/api/v1/tickets/{foreign}/links"),
        Some(json!({"kind": "related", "target_id": acme})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&s, &fx.foreign_agent, Method::GET, &format!("/api/v1/tickets/{acme}/links"), None).await.0,
        StatusCode::NOT_FOUND
    );
    // Acme's agent sees its subsidiary; the subsidiary's agent does not see Acme.
    let (status, l) = link(&s, acme, json!({"kind": "related", "target_id": labs})).await;
    assert_eq!(status, StatusCode::CREATED, "{l}");
    assert!(links(&s, &fx.labs_agent, labs).await.is_empty(), "the other end is hidden");
    let path = format!("/api/v1/tickets/{labs}/links/{}", id(&l));
    assert_eq!(call(&s, &fx.labs_agent, Method::DELETE, &path, None).await.0, StatusCode::NOT_FOUND);
    // Requesters and auditors do not link.
    let body = json!({"kind": "related", "target_id": labs});
    for who in [&fx.requester, &fx.auditor] {
        let (status, _) =
            call(&s, who, Method::POST, &format!("/api/v1/tickets/{acme}/links"), Some(body.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", who.role);
    }
    assert_eq!(links(&s, &fx.agent, acme).await.len(), 1);
}

async fn upload(s: &TestServer, who: &Person, ticket: i64, name: &str) {
    let part = reqwest::multipart::Part::bytes(b"log".to_vec()).file_name(name.to_string());
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets/{ticket}/attachments", s.base))
        .bearer_auth(&who.token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

/// The tickets whose search document holds `word`, in the backend's own index.
async fn indexed_with(s: &TestServer, word: &str) -> Vec<i64> {
    let sql = match s.backend {
        Backend::Sqlite => "SELECT rowid FROM search_tickets WHERE search_tickets MATCH $1 ORDER BY rowid",
        Backend::Postgres => {
            "SELECT ticket_id FROM search_tickets WHERE all_doc @@ plainto_tsquery('english', $1) ORDER BY ticket_id"
        }
    };
    let rows: Vec<(i64,)> = Sql::new(sql).bind(word).fetch_all(s.app.store().db()).await.unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

async fn a_merge_moves_comments_attachments_and_watchers_and_closes_the_duplicate(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let source = ticket(&s, &fx.requester, "Printer on floor 2 is broken").await;
    let target = ticket(&s, &fx.colleague, "Floor 2 printer jammed").await;
    let comment = |who: &Person, on: i64, body: &str, internal: bool| {
        let path = format!("/api/v1/tickets/{on}/comments");
        let body = json!({"body": body, "internal": internal});
        let who = who.clone();
        let s = &s;
        async move { assert_eq!(s.api(Some(&who), Method::POST, &path, Some(body)).await.0, StatusCode::CREATED) }
    };
    comment(&fx.requester, source, "It shows a zebracorn error", false).await;
    comment(&fx.agent, source, "Internal: toner order placed", true).await;
    comment(&fx.colleague, target, "Mine too", false).await;
    upload(&s, &fx.requester, source, "error.txt").await;
    for (on, who) in [(source, &fx.manager), (source, &fx.auditor), (target, &fx.manager)] {
        let (status, _) = call(
            &s,
            &fx.agent,
            Method::POST,
            &format!("/api/v1/tickets/{on}/watchers"),
            Some(json!({"user_id": who.id})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    assert_eq!(indexed_with(&s, "zebracorn").await, [source]);

    let (status, merged) =
        call(&s, &fx.agent, Method::POST, &format!("/api/v1/tickets/{source}/merge"), Some(json!({"into_id": target})))
            .await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!((merged["status"].as_str(), merged["merged_into_id"].as_i64()), (Some("closed"), Some(target)));
    assert_eq!(merged["resolution_code"], "duplicate");
    assert!(merged["closed_at"].is_string());

    let comments = |on: i64| {
        let s = &s;
        async move { s.api(Some(&s.fx.agent), Method::GET, &format!("/api/v1/tickets/{on}/comments"), None).await.1 }
    };
    assert_eq!(comments(source).await.as_array().unwrap().len(), 0);
    let moved = comments(target).await;
    let bodies: Vec<&str> = moved.as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies.len(), 4, "{bodies:?}");
    assert!(bodies.contains(&"It shows a zebracorn error") && bodies.contains(&"Internal: toner order placed"));
    let pointer =
        moved.as_array().unwrap().iter().find(|c| c["body"].as_str().unwrap().starts_with("Merged ")).unwrap();
    assert_eq!(pointer["internal"], true);
    assert!(pointer["body"].as_str().unwrap().contains(merged["number"].as_str().unwrap()));
    // The requester of the target sees the moved public reply, never the internal ones.
    let (_, seen) = call(&s, &fx.colleague, Method::GET, &format!("/api/v1/tickets/{target}/comments"), None).await;
    assert!(seen.as_array().unwrap().iter().all(|c| c["internal"] == false));

    let (_, files) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{target}/attachments"), None).await;
    assert_eq!(files[0]["filename"], "error.txt");
    let (_, watchers) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{target}/watchers"), None).await;
    let mut ids: Vec<i64> = watchers.as_array().unwrap().iter().map(|w| w["user_id"].as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, [fx.manager.id, fx.auditor.id]);
    let (_, left) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{source}/watchers"), None).await;
    assert_eq!(left, json!([]));

    assert!(history_fields(&s, &fx.requester, source).await.contains(&"merged_into".into()));
    assert!(history_fields(&s, &fx.agent, target).await.contains(&"merged_from".into()));
    let from_target = links(&s, &fx.agent, target).await;
    assert_eq!(
        (from_target[0]["label"].as_str(), from_target[0]["ticket"]["id"].as_i64()),
        (Some("Duplicated by"), Some(source))
    );
    // The search follows the comments.
    assert_eq!(indexed_with(&s, "zebracorn").await, [target]);
    // The requester heard that their ticket was closed; the target's version moved on.
    assert!(
        notes_of(&s, &fx.requester).await.iter().any(|n| n.ends_with("is now closed")),
        "{:?}",
        notes_of(&s, &fx.requester).await
    );
    let (_, t) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{target}"), None).await;
    assert_eq!(t["status"], "new");
    assert!(t["version"].as_i64().unwrap() > 1);
    // Once is enough.
    let (status, _) =
        call(&s, &fx.agent, Method::POST, &format!("/api/v1/tickets/{source}/merge"), Some(json!({"into_id": target})))
            .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn a_merge_that_breaks_a_rule_is_refused_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let source = ticket(&s, &fx.requester, "Duplicate").await;
    let open = ticket(&s, &fx.requester, "Open").await;
    let closed = ticket(&s, &fx.requester, "Closed").await;
    let merged = ticket(&s, &fx.requester, "Merged").await;
    let foreign = ticket(&s, &fx.foreign_agent, "Other Corp").await;
    for status in ["resolved", "closed"] {
        let (st, _) =
            call(&s, &fx.agent, Method::PATCH, &format!("/api/v1/tickets/{closed}"), Some(json!({"status": status})))
                .await;
        assert_eq!(st, StatusCode::OK);
    }
    let (st, _) =
        call(&s, &fx.agent, Method::POST, &format!("/api/v1/tickets/{merged}/merge"), Some(json!({"into_id": open})))
            .await;
    assert_eq!(st, StatusCode::OK);
    call(
        &s,
        &fx.requester,
        Method::POST,
        &format!("/api/v1/tickets/{source}/comments"),
        Some(json!({"body": "still here"})),
    )
    .await;
    let before = s.app.store().ticket(source).await.unwrap().ticket;

    let merge = |who: &Person, into: Value| {
        let s = &s;
        let who = who.clone();
        async move {
            s.api(Some(&who), Method::POST, &format!("/api/v1/tickets/{source}/merge"), Some(json!({"into_id": into})))
                .await
        }
    };
    for (into, status, field_name) in [
        (json!(source), StatusCode::UNPROCESSABLE_ENTITY, "into_id"),
        (json!(closed), StatusCode::UNPROCESSABLE_ENTITY, "into_id"),
        (json!(merged), StatusCode::UNPROCESSABLE_ENTITY, "into_id"),
        (json!(foreign), StatusCode::NOT_FOUND, ""),
        (json!(999_999), StatusCode::NOT_FOUND, ""),
        (json!("INC-1"), StatusCode::UNPROCESSABLE_ENTITY, ""),
    ] {
        let (st, e) = merge(&fx.agent, into.clone()).await;
        assert_eq!(st, status, "into {into}: {e}");
        if !field_name.is_empty() {
            assert_eq!(field(&e), field_name, "{e}");
        }
    }
    // An administrator sees both organisations, but they do not mix.
    let (st, e) = merge(&fx.admin, json!(foreign)).await;
    assert_eq!((st, field(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "into_id"), "{e}");
    for who in [&fx.requester, &fx.auditor] {
        assert_eq!(merge(who, json!(open)).await.0, StatusCode::FORBIDDEN, "{}", who.role);
    }
    // Nobody else's ticket can be merged away either.
    let (st, _) = call(
        &s,
        &fx.foreign_agent,
        Method::POST,
        &format!("/api/v1/tickets/{open}/merge"),
        Some(json!({"into_id": foreign})),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    let after = s.app.store().ticket(source).await.unwrap().ticket;
    assert_eq!(after, before, "a refused merge changed the ticket");
    let (_, comments) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{source}/comments"), None).await;
    assert_eq!(comments.as_array().unwrap().len(), 1);
    // The use case a bulk action calls does the same.
    let agent = s.app.actor_by_id(fx.agent.id).await.unwrap();
    assert!(s.app.merge_ticket(&agent, source, source).await.is_err());
    let done = s.app.merge_ticket(&agent, source, open).await.unwrap();
    assert_eq!(done.merged_into_id, Some(open));
}

async fn watch(s: &TestServer, who: &Person, on: i64, user: i64) -> (StatusCode, Value) {
    call(s, who, Method::POST, &format!("/api/v1/tickets/{on}/watchers"), Some(json!({"user_id": user}))).await
}

async fn watchers_hear_of_what_happens_while_they_can_see_the_ticket(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let t = ticket(&s, &fx.requester, "Laptop fan is loud").await;
    assert_eq!(watch(&s, &fx.colleague, t, fx.colleague.id).await.0, StatusCode::CREATED);
    assert_eq!(watch(&s, &fx.colleague, t, fx.colleague.id).await.0, StatusCode::OK, "twice is once");
    assert_eq!(watch(&s, &fx.agent, t, fx.manager.id).await.0, StatusCode::CREATED);
    // Staff add only people who exist in their scope and can see the ticket.
    for (user, expected) in
        [(fx.foreign_agent.id, "no such user"), (fx.outsider.id, "cannot see"), (999_999, "no such user")]
    {
        let (status, e) = watch(&s, &fx.agent, t, user).await;
        assert_eq!((status, field(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "user_id"));
        assert!(e["errors"][0]["detail"].as_str().unwrap().contains(expected), "{e}");
    }

    let comment = |who: &Person, body: &str, internal: bool| {
        let s = &s;
        let who = who.clone();
        let body = json!({"body": body, "internal": internal});
        async move { s.api(Some(&who), Method::POST, &format!("/api/v1/tickets/{t}/comments"), Some(body)).await.0 }
    };
    assert_eq!(comment(&fx.agent, "Try a restart", false).await, StatusCode::CREATED);
    assert_eq!(comment(&fx.agent, "Fan part on order", true).await, StatusCode::CREATED);
    let number = s.app.store().ticket(t).await.unwrap().ticket.number.unwrap();
    let reply = format!("New reply on {number}: Laptop fan is loud");
    let note = format!("New internal note on {number}");
    assert_eq!(
        notes_of(&s, &fx.colleague).await,
        std::slice::from_ref(&reply),
        "a requester watcher hears of replies only"
    );
    assert_eq!(notes_of(&s, &fx.manager).await, [note.clone(), reply.clone()]);
    assert!(notes_of(&s, &fx.agent).await.is_empty(), "the author is not told");
    let (status, _) =
        call(&s, &fx.agent, Method::PATCH, &format!("/api/v1/tickets/{t}"), Some(json!({"status": "in_progress"})))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert!(notes_of(&s, &fx.colleague).await[0].ends_with("is now in progress"));

    // Moved to another department, the colleague no longer sees the ticket, nor hears of it.
    let mut row = s.app.store().user(fx.colleague.id).await.unwrap();
    row.department_id = None;
    s.app.store().update_user(&row, s.app.now_micros()).await.unwrap();
    assert_eq!(comment(&fx.agent, "Fixed", false).await, StatusCode::CREATED);
    assert_eq!(notes_of(&s, &fx.colleague).await.len(), 2);
    assert_eq!(notes_of(&s, &fx.manager).await.len(), 4);

    // Staff stop anyone watching; nobody stops twice.
    let path = |u: i64| format!("/api/v1/tickets/{t}/watchers/{u}");
    assert_eq!(call(&s, &fx.agent, Method::DELETE, &path(fx.manager.id), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&s, &fx.agent, Method::DELETE, &path(fx.manager.id), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&s, &fx.foreign_agent, Method::DELETE, &path(fx.colleague.id), None).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn requesters_watch_only_as_themselves_and_see_only_themselves(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let t = ticket(&s, &fx.requester, "Monitor flickers").await;
    assert_eq!(watch(&s, &fx.agent, t, fx.manager.id).await.0, StatusCode::CREATED);
    // Only as themselves, only tickets they can see; auditors change nothing.
    assert_eq!(watch(&s, &fx.colleague, t, fx.requester.id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(watch(&s, &fx.outsider, t, fx.outsider.id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(watch(&s, &fx.auditor, t, fx.auditor.id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(watch(&s, &fx.colleague, t, fx.colleague.id).await.0, StatusCode::CREATED);
    let list = |who: &Person| {
        let s = &s;
        let who = who.clone();
        async move {
            let (_, w) = s.api(Some(&who), Method::GET, &format!("/api/v1/tickets/{t}/watchers"), None).await;
            w.as_array().unwrap().iter().map(|w| w["user_id"].as_i64().unwrap()).collect::<Vec<_>>()
        }
    };
    assert_eq!(list(&fx.colleague).await, [fx.colleague.id]);
    assert!(list(&fx.requester).await.is_empty());
    assert_eq!(list(&fx.auditor).await.len(), 2);
    let path = |u: i64| format!("/api/v1/tickets/{t}/watchers/{u}");
    assert_eq!(call(&s, &fx.colleague, Method::DELETE, &path(fx.manager.id), None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(call(&s, &fx.colleague, Method::DELETE, &path(fx.colleague.id), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(list(&fx.agent).await, [fx.manager.id]);
}

async fn canned_responses_are_personal_or_shared_and_fill_in_placeholders_as_text(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let body = format!(
        "Hi {{{{requester.name}}}}, about {{{{ ticket.number }}}} ({{{{ticket.subject}}}}): {{{{agent.name}}}} here. {{{{ticket.nonsense}}}} {XSS}"
    );
    let (status, mine) =
        call(&s, &fx.agent, Method::POST, "/api/v1/canned-responses", Some(json!({"title": "Greeting", "body": body})))
            .await;
    assert_eq!(status, StatusCode::CREATED, "{mine}");
    assert_eq!((mine["shared"].as_bool(), mine["owner_id"].as_i64()), (Some(false), Some(fx.agent.id)));
    let shared_body = json!({"title": "Closing", "body": "Closing {{ticket.number}}", "shared": true});
    assert_eq!(
        call(&s, &fx.agent, Method::POST, "/api/v1/canned-responses", Some(shared_body.clone())).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, shared) = call(&s, &fx.manager, Method::POST, "/api/v1/canned-responses", Some(shared_body)).await;
    assert_eq!(status, StatusCode::CREATED);
    for bad in
        [json!({"title": " ", "body": "x"}), json!({"title": "x", "body": ""}), json!({"title": "a\nb", "body": "x"})]
    {
        assert_eq!(
            call(&s, &fx.agent, Method::POST, "/api/v1/canned-responses", Some(bad)).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let titles = |who: &Person| {
        let s = &s;
        let who = who.clone();
        async move {
            let (_, l) = s.api(Some(&who), Method::GET, "/api/v1/canned-responses", None).await;
            l.as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(titles(&fx.agent).await, ["Closing", "Greeting"]);
    assert_eq!(titles(&fx.manager).await, ["Closing"]);
    // Someone else's personal response is not found; a shared one is the managers' to change.
    let mine_path = format!("/api/v1/canned-responses/{}", id(&mine));
    let shared_path = format!("/api/v1/canned-responses/{}", id(&shared));
    assert_eq!(call(&s, &fx.manager, Method::GET, &mine_path, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&s, &fx.manager, Method::PATCH, &mine_path, Some(json!({"title": "x"}))).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&s, &fx.agent, Method::PATCH, &shared_path, Some(json!({"title": "x"}))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(call(&s, &fx.agent, Method::DELETE, &shared_path, None).await.0, StatusCode::FORBIDDEN);
    let (status, renamed) =
        call(&s, &fx.manager, Method::PATCH, &shared_path, Some(json!({"title": "Closing note"}))).await;
    assert_eq!((status, renamed["body"].as_str()), (StatusCode::OK, Some("Closing {{ticket.number}}")));
    assert_eq!(call(&s, &fx.requester, Method::GET, "/api/v1/canned-responses", None).await.0, StatusCode::FORBIDDEN);

    // Filled in for a ticket whose subject is markup: values go in as text, unknown
    // placeholders stay visible.
    let t = s.ticket(&fx.requester, "<b>Printer</b> jammed").await;
    let render = format!("/api/v1/tickets/{}/canned-responses/{}", id(&t), id(&mine));
    let (status, r) = call(&s, &fx.agent, Method::GET, &render, None).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let expected = format!(
        "Hi rita, about {} (<b>Printer</b> jammed): agent here. {{{{ticket.nonsense}}}} {XSS}",
        t["number"].as_str().unwrap()
    );
    assert_eq!(r["body"], expected.as_str());
    let foreign = ticket(&s, &fx.foreign_agent, "Other Corp").await;
    let path = format!("/api/v1/tickets/{foreign}/canned-responses/{}", id(&mine));
    assert_eq!(call(&s, &fx.agent, Method::GET, &path, None).await.0, StatusCode::NOT_FOUND);
    let path = format!("/api/v1/tickets/{}/canned-responses/{}", id(&t), id(&mine));
    assert_eq!(call(&s, &fx.manager, Method::GET, &path, None).await.0, StatusCode::NOT_FOUND);

    // The reply form offers it filled in and escaped; picked without the script, it fills the box.
    let ui = s.session(&fx.agent).await;
    for page in [format!("/tickets/{}", id(&t)), format!("/tickets/{}?canned={}", id(&t), id(&mine))] {
        let (status, html) = ui.get(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("<script>alert") && !html.contains("<b>Printer"), "{page} renders raw markup");
        assert!(html.contains("(&#60;b&#62;Printer&#60;/b&#62; jammed): agent here. {{ticket.nonsense}}"), "{page}");
    }
    let (_, html) = ui.get(&format!("/tickets/{}?canned={}", id(&t), id(&mine))).await;
    assert!(html.contains("data-preview=\"body-preview\">Hi rita"), "the picked response fills the reply box");
    let (_, html) = ui.get("/canned-responses").await;
    assert!(html.contains("Greeting") && !html.contains("<script>alert"));

    assert_eq!(call(&s, &fx.agent, Method::DELETE, &mine_path, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&s, &fx.agent, Method::GET, &mine_path, None).await.0, StatusCode::NOT_FOUND);
}

async fn stakeholder_updates_need_a_major_incident_and_tell_the_requester_and_watchers(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let t = ticket(&s, &fx.requester, "Email is down for everyone").await;
    let path = format!("/api/v1/tickets/{t}/major-updates");
    let (status, e) = call(&s, &fx.agent, Method::POST, &path, Some(json!({"body": "Looking into it"}))).await;
    assert_eq!(
        (status, e["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_major_incident"))
    );
    let (status, _) =
        call(&s, &fx.agent, Method::PATCH, &format!("/api/v1/tickets/{t}"), Some(json!({"major_incident": true})))
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(watch(&s, &fx.colleague, t, fx.colleague.id).await.0, StatusCode::CREATED);
    assert_eq!(
        call(&s, &fx.agent, Method::POST, &path, Some(json!({"body": "  "}))).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, u) = call(&s, &fx.agent, Method::POST, &path, Some(json!({"body": XSS}))).await;
    assert_eq!(status, StatusCode::CREATED, "{u}");
    assert_eq!(u["author_name"], "agent");

    let (status, list) = call(&s, &fx.requester, Method::GET, &path, None).await;
    assert_eq!((status, list[0]["body"].as_str()), (StatusCode::OK, Some(XSS)));
    for who in [&fx.requester, &fx.colleague] {
        assert!(notes_of(&s, who).await[0].starts_with("Major incident update on"), "{}", who.email);
    }
    assert!(notes_of(&s, &fx.agent).await.is_empty());
    assert_eq!(call(&s, &fx.requester, Method::POST, &path, Some(json!({"body": "x"}))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(call(&s, &fx.foreign_agent, Method::GET, &path, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(call(&s, &fx.outsider, Method::GET, &path, None).await.0, StatusCode::NOT_FOUND);

    let ui = s.session(&fx.requester).await;
    let (_, html) = ui.get(&format!("/tickets/{t}")).await;
    assert!(html.contains("Stakeholder updates") && html.contains("Major incident"));
    assert!(html.contains("&#60;script&#62;alert(&#39;x&#39;)") && !html.contains("<script>alert"));
}

async fn time_entries_add_up_on_the_ticket_and_bad_durations_change_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let t = ticket(&s, &fx.requester, "Set up a new starter").await;
    let path = format!("/api/v1/tickets/{t}/time-entries");
    let version = |s: &TestServer| {
        let store = s.app.store().clone();
        async move { store.ticket(t).await.unwrap().ticket }
    };
    let before = version(&s).await;
    let (status, e) = call(&s, &fx.agent, Method::POST, &path, Some(json!({"minutes": 30, "note": XSS}))).await;
    assert_eq!((status, e["minutes"].as_i64(), e["note"].as_str()), (StatusCode::CREATED, Some(30), Some(XSS)), "{e}");
    let (status, _) = call(&s, &fx.manager, Method::POST, &path, Some(json!({"duration": "1h 15m"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let after = version(&s).await;
    assert_eq!((after.time_spent_minutes, after.version), (105, before.version + 2));
    for bad in [
        json!({"minutes": 0}),
        json!({"minutes": 1441}),
        json!({"duration": "1d"}),
        json!({"duration": "abc"}),
        json!({"minutes": 5, "duration": "5m"}),
        json!({}),
        json!({"minutes": 5, "note": "a\u{0}b"}),
        json!({"minutes": "5"}),
    ] {
        let (status, e) = call(&s, &fx.agent, Method::POST, &path, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {e}");
    }
    let (status, sheet) = call(&s, &fx.auditor, Method::GET, &path, None).await;
    assert_eq!((status, sheet["total_minutes"].as_i64()), (StatusCode::OK, Some(105)));
    assert_eq!(sheet["entries"].as_array().unwrap().len(), 2);
    // Time is staff's business: the requester's ticket JSON and export leave it out, as
    // the time entries themselves are refused to them.
    let (_, ticket_json) = call(&s, &fx.requester, Method::GET, &format!("/api/v1/tickets/{t}"), None).await;
    assert!(ticket_json.get("time_spent_minutes").is_none(), "{ticket_json}");
    let (_, staff_json) = call(&s, &fx.auditor, Method::GET, &format!("/api/v1/tickets/{t}"), None).await;
    assert_eq!(staff_json["time_spent_minutes"], 105);
    let export = TestServer::client()
        .get(format!("{}/api/v1/tickets/export?format=csv", s.base))
        .bearer_auth(&fx.requester.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut rows = csv::Reader::from_reader(export.as_bytes());
    let column = rows.headers().unwrap().iter().position(|h| h == "time_spent_minutes").unwrap();
    let cells: Vec<String> = rows.records().map(|r| r.unwrap()[column].to_string()).collect();
    assert!(!cells.is_empty() && cells.iter().all(String::is_empty), "{cells:?}");
    assert_eq!(call(&s, &fx.requester, Method::GET, &path, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        call(&s, &fx.requester, Method::POST, &path, Some(json!({"minutes": 5}))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(call(&s, &fx.auditor, Method::POST, &path, Some(json!({"minutes": 5}))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        call(&s, &fx.foreign_agent, Method::POST, &path, Some(json!({"minutes": 5}))).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(version(&s).await.time_spent_minutes, 105);
    assert!(!history_fields(&s, &fx.requester, t).await.iter().any(|f| f.contains("time")));

    let ui = s.session(&fx.agent).await;
    let (_, html) = ui.get(&format!("/tickets/{t}")).await;
    assert!(html.contains("Total: <strong>1h 45m</strong>"), "the page shows the total");
    assert!(!html.contains("<img src=x") && html.contains("&#60;img src=x"));
}

async fn the_ticket_page_links_watches_records_time_and_merges_through_its_forms(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let source = s.ticket(&fx.requester, "Keyboard missing keys").await;
    let target = s.ticket(&fx.requester, "Keyboard broken").await;
    let (sid, tid) = (id(&source), id(&target));
    let target_number = target["number"].as_str().unwrap();
    let ui = s.session(&fx.agent).await;
    let see_other = |r: (StatusCode, String)| assert_eq!(r.0, StatusCode::SEE_OTHER, "{}", r.1);

    see_other(ui.post(&format!("/tickets/{sid}/links"), &[("kind", "related"), ("target", target_number)]).await);
    see_other(ui.post(&format!("/tickets/{sid}/links"), &[("kind", "caused_by_change"), ("target", "CHG-7")]).await);
    let (status, html) =
        ui.post(&format!("/tickets/{sid}/links"), &[("kind", "related"), ("target", "INC-999999")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("no such ticket"));
    see_other(ui.post(&format!("/tickets/{sid}/watchers"), &[]).await);
    see_other(ui.post(&format!("/tickets/{sid}/watchers"), &[("user_id", &fx.manager.id.to_string())]).await);
    see_other(
        ui.post(&format!("/tickets/{sid}/time-entries"), &[("duration", "20m"), ("note", "swapped keyboard")]).await,
    );
    let (status, html) = ui.post(&format!("/tickets/{sid}/time-entries"), &[("duration", "forever")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("is not a duration"));

    let (_, page) = ui.get(&format!("/tickets/{sid}")).await;
    assert!(page.contains(&format!("<a href=\"/tickets/{tid}\">{target_number}</a>")), "the link is shown");
    assert!(page.contains("<strong>CHG-7</strong>") && page.contains("Stop watching") && page.contains("20m"));
    let (_, other) = ui.get(&format!("/tickets/{tid}")).await;
    assert!(other.contains("Related to"), "the link reads from the other end too");

    // Forms without the session's token change nothing.
    let res = ui
        .client
        .post(format!("{}/tickets/{sid}/merge", s.base))
        .form(&[("into", target_number)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, html) =
        ui.post(&format!("/tickets/{sid}/merge"), &[("into", source["number"].as_str().unwrap())]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("cannot be merged into itself"));
    let (status, _) = ui.post(&format!("/tickets/{sid}/merge"), &[("into", target_number)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, merged) = ui.get(&format!("/tickets/{sid}")).await;
    assert!(merged.contains("Merged into") && !merged.contains("id=\"merge-h\""), "a merged ticket offers no merge");
    let (_, t) = call(&s, &fx.agent, Method::GET, &format!("/api/v1/tickets/{sid}"), None).await;
    assert_eq!(t["merged_into_id"], tid);
}

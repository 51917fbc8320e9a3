//! The ticket page as agents and requesters work it, on both backends: a confirmation after
//! every action (and only for the session it was set for), replies in Markdown rendered
//! safely, files sent with a reply, a long conversation folded and ordered as asked, a
//! save that lost a race keeping the agent's choices, and the bell's notifications grouped
//! per ticket and cleared by opening it.

use crate::common;

use common::{Person, TestServer, UiSession};
use helmdesk_app::AppSettings;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

backend_tests!(
    every_action_confirms_once_on_the_page_it_lands_on_and_only_for_its_session,
    replies_are_markdown_rendered_safely_and_previewed_the_same,
    a_reply_carries_its_files_and_a_file_too_large_changes_nothing_and_keeps_the_text,
    a_long_conversation_folds_and_reads_in_the_order_asked,
    a_save_that_lost_a_race_says_what_changed_and_keeps_the_choices,
    notifications_group_per_ticket_with_author_and_excerpt_and_clear_when_it_is_opened,
    an_imported_incident_shows_its_items_and_its_history_to_staff_only,
);

fn name(p: &Person) -> String {
    p.email.split('@').next().unwrap_or_default().replace('.', " ")
}

async fn ticket_for(s: &TestServer, who: &Person, subject: &str) -> i64 {
    s.ticket(who, subject).await["id"].as_i64().unwrap()
}

/// Posts a multipart form (the reply box) with this session's token.
async fn post_files(
    ui: &UiSession,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, Vec<u8>)],
) -> (StatusCode, String) {
    let mut form = Form::new().text("csrf", ui.csrf.clone());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (file, data) in files {
        form = form.part("files", Part::bytes(data.clone()).file_name(file.to_string()));
    }
    let res = ui.client.post(format!("{}{path}", ui.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap_or_default())
}

fn location(ui_response: &reqwest::Response) -> String {
    ui_response.headers()["location"].to_str().unwrap().to_string()
}

async fn every_action_confirms_once_on_the_page_it_lands_on_and_only_for_its_session(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = ticket_for(&s, &s.fx.requester, "Printer jammed").await;
    let agent = s.session(&s.fx.agent).await;

    let res = agent
        .client
        .post(format!("{}/tickets/{id}/comments", s.base))
        .form(&[("body", "On my way"), ("visibility", "public"), ("csrf", agent.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with(&format!("/tickets/{id}#c")), "the reply is where the page opens: {to}");
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(page.contains("class=\"notice flash\" role=\"status\""), "a confirmation is shown");
    assert!(page.contains("Reply sent"), "it says what was done");
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(!page.contains("Reply sent"), "a confirmation is shown once");

    let version = common::hidden(&page, "version").unwrap();
    let me = s.fx.agent.id.to_string();
    let (status, _) =
        agent.post(&format!("/tickets/{id}/update"), &[("version", &version), ("assignee_id", &me)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(page.contains(&format!("Assigned to {}", name(&s.fx.agent))), "the change is named");

    // A confirmation cookie set for one session says nothing in another, nor forged.
    let cookie = {
        let res = agent
            .client
            .post(format!("{}/tickets/{id}/comments", s.base))
            .form(&[("body", "Second"), ("csrf", agent.csrf.as_str())])
            .send()
            .await
            .unwrap();
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("helmdesk_flash="))
            .expect("the redirect carries the confirmation")
    };
    let value = cookie.split(';').next().unwrap().trim_start_matches("helmdesk_flash=").to_string();
    let manager = s.session(&s.fx.manager).await;
    for forged in [value.clone(), format!("{}.Your%20account%20is%20closed", "0".repeat(32))] {
        let res = manager
            .client
            .get(format!("{}/tickets/{id}", s.base))
            .header("cookie", format!("helmdesk_flash={forged}"))
            .send()
            .await
            .unwrap();
        let page = res.text().await.unwrap();
        assert!(!page.contains("role=\"status\"><svg"), "no confirmation from another session's or a forged cookie");
        assert!(!page.contains("Your account is closed"));
    }
}

async fn replies_are_markdown_rendered_safely_and_previewed_the_same(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = ticket_for(&s, &s.fx.requester, "VPN drops").await;
    let agent = s.session(&s.fx.agent).await;
    let body = "**Restart** the client:\n```\nPID   CMD\n  1   vpnd\n```\n<script>window.__x=1</script> [x](javascript:alert(1))";
    let (status, _) = agent.post(&format!("/tickets/{id}/comments"), &[("body", body)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(page.contains("<strong>Restart</strong>"), "Markdown is rendered");
    assert!(page.contains("<pre><code>PID   CMD\n  1   vpnd\n</code></pre>"), "a log keeps its columns");
    assert!(page.contains("&lt;script&gt;window.__x=1&lt;/script&gt;"), "raw HTML is shown as text");
    assert!(!page.contains("href=\"javascript:"), "no script link");

    let (status, preview) = agent.post("/preview", &[("text", body)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(preview.contains("<strong>Restart</strong>") && preview.contains("&lt;script&gt;"));
    assert!(!preview.contains("<script"), "{preview}");
    // Without the session's token, nothing is rendered for anyone.
    let res = agent.client.post(format!("{}/preview", s.base)).form(&[("text", "hi")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn a_reply_carries_its_files_and_a_file_too_large_changes_nothing_and_keeps_the_text(backend: Backend) {
    let settings = AppSettings { max_attachment_bytes: 2048, ..Default::default() };
    let s = TestServer::start_with(backend, settings).await;
    let id = ticket_for(&s, &s.fx.requester, "Screen flickers").await;
    let requester = s.session(&s.fx.requester).await;

    let files = [("photo.png", vec![1u8; 100]), ("log.txt", b"line 1\nline 2".to_vec())];
    let (status, _) =
        post_files(&requester, &format!("/tickets/{id}/comments"), &[("body", "Here it is")], &files).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let comments = s.app.store().comments(id, true).await.unwrap();
    let reply = comments.iter().find(|c| c.body == "Here it is").expect("the reply was saved");
    let attached = s.app.store().attachments(id).await.unwrap();
    assert_eq!(attached.len(), 2);
    assert!(attached.iter().all(|a| a.comment_id == Some(reply.id)), "the files belong to the reply");
    let (_, page) = requester.get(&format!("/tickets/{id}")).await;
    assert!(page.contains("Reply sent with 2 files"));

    let too_large = [("ok.txt", vec![1u8; 10]), ("huge.bin", vec![1u8; 4096])];
    let (status, page) =
        post_files(&requester, &format!("/tickets/{id}/comments"), &[("body", "Words I typed")], &too_large).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("huge.bin is too large"), "the error names the file");
    assert!(page.contains(">Words I typed</textarea>"), "what was written is kept");
    assert_eq!(s.app.store().comments(id, true).await.unwrap().len(), comments.len(), "no reply was added");
    assert_eq!(s.app.store().attachments(id).await.unwrap().len(), 2, "no file was added");

    // A new ticket with a file.
    let (status, _) = post_files(
        &requester,
        "/tickets/new",
        &[("kind", "incident"), ("subject", "With a screenshot"), ("impact", "low"), ("urgency", "low")],
        &[("shot.png", vec![2u8; 50])],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

async fn a_long_conversation_folds_and_reads_in_the_order_asked(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = ticket_for(&s, &s.fx.requester, "Long story").await;
    let agent = s.session(&s.fx.agent).await;
    for n in 1..=12 {
        let (status, _) =
            agent.post(&format!("/tickets/{id}/comments"), &[("body", &format!("message number {n:02}"))]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(page.contains("<summary>Show"), "the older entries fold away");
    let first = page.find("message number 01").unwrap();
    let last = page.find("message number 12").unwrap();
    assert!(first < last, "oldest first by default");
    let reply_box = page.find("id=\"reply\"").unwrap();
    assert!(reply_box > last, "the reply box follows the latest entry");

    let (_, page) = agent.get(&format!("/tickets/{id}?order=newest")).await;
    let (first, last) = (page.find("message number 01").unwrap(), page.find("message number 12").unwrap());
    assert!(last < first, "newest first when asked");
    assert!(page.find("id=\"reply\"").unwrap() < last, "the reply box comes before the newest entry");
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    assert!(
        page.find("message number 12").unwrap() < page.find("message number 01").unwrap(),
        "the order is remembered"
    );
    // A made-up order is no order.
    let (status, _) = agent.get(&format!("/tickets/{id}?order=%3Cscript%3E")).await;
    assert_eq!(status, StatusCode::OK);
}

async fn a_save_that_lost_a_race_says_what_changed_and_keeps_the_choices(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = ticket_for(&s, &s.fx.requester, "Race").await;
    let agent = s.session(&s.fx.agent).await;
    let manager = s.session(&s.fx.manager).await;
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    let (version, loaded_at) = (common::hidden(&page, "version").unwrap(), common::hidden(&page, "loaded_at").unwrap());

    let (_, theirs) = manager.get(&format!("/tickets/{id}")).await;
    let their_version = common::hidden(&theirs, "version").unwrap();
    let (status, _) =
        manager.post(&format!("/tickets/{id}/update"), &[("version", &their_version), ("status", "in_progress")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, page) = agent
        .post(
            &format!("/tickets/{id}/update"),
            &[("version", &version), ("loaded_at", &loaded_at), ("status", "new"), ("urgency", "high")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Someone changed this ticket"), "the race is explained");
    assert!(page.contains(&name(&s.fx.manager)), "it says who changed it:\n{page}");
    assert!(page.contains("class=\"work-bar dirty\""), "the choices are shown as not saved");
    assert!(page.contains("<option value=\"high\" selected>"), "the agent's choice is kept");
    let t = s.app.store().ticket(id).await.unwrap();
    assert_eq!(t.ticket.status, "in_progress", "the lost save changed nothing");
}

async fn notifications_group_per_ticket_with_author_and_excerpt_and_clear_when_it_is_opened(backend: Backend) {
    let s = TestServer::start(backend).await;
    let id = ticket_for(&s, &s.fx.requester, "Mail is slow").await;
    let agent = s.session(&s.fx.agent).await;
    let me = s.fx.agent.id.to_string();
    let (_, page) = agent.get(&format!("/tickets/{id}")).await;
    let version = common::hidden(&page, "version").unwrap();
    agent.post(&format!("/tickets/{id}/update"), &[("version", &version), ("assignee_id", &me)]).await;
    let requester = s.session(&s.fx.requester).await;
    for body in ["Still slow this morning", "And now <b>Outlook</b> hangs"] {
        let (status, _) = requester.post(&format!("/tickets/{id}/comments"), &[("body", body)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    agent
        .post(&format!("/tickets/{id}/comments"), &[("body", "Secret: the server is full"), ("visibility", "internal")])
        .await;

    let (_, list) = agent.get("/notifications").await;
    assert_eq!(list.matches(&format!("href=\"/tickets/{id}\"")).count(), 1, "one line for the ticket:\n{list}");
    assert!(list.contains("2 new"), "the line counts its unread");
    assert!(list.contains(&name(&s.fx.requester)), "the author is named");
    assert!(list.contains("And now &#60;b&#62;Outlook&#60;/b&#62; hangs"), "the excerpt, as text");
    assert!(list.contains("class=\"unread\"") && list.contains("Unread: "), "unread is more than bold");

    let (_, theirs) = requester.get("/notifications").await;
    assert!(!theirs.contains("Secret"), "no excerpt of an internal note for a requester");
    // Another organisation's agent hears nothing of the ticket, its replies or its notes.
    let (_, foreign) = s.session(&s.fx.foreign_agent).await.get("/notifications").await;
    assert!(
        !foreign.contains(&format!("/tickets/{id}")) && !foreign.contains("Outlook") && !foreign.contains("Secret")
    );

    agent.get(&format!("/tickets/{id}")).await;
    let (_, list) = agent.get("/notifications").await;
    assert!(!list.contains("class=\"unread\""), "opening the ticket read what was said of it");
    assert!(list.contains("Nothing unread."));
    assert!(!list.contains("Mark all read"), "nothing left to mark");
}

/// An incident from the BPI 2014 dataset (`helmdesk import bpi2014`), imported into Acme:
/// its page names the item it affects and the one that caused it, and its history says it
/// was reopened and when its status was set; the API gives the caused-by item to staff,
/// and another organisation's agent finds nothing.
async fn an_imported_incident_shows_its_items_and_its_history_to_staff_only(backend: Backend) {
    use helmdesk_app::service_desk::imports::{ImportOptions, bpi2014};
    let s = TestServer::start(backend).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/fixtures/bpi2014");
    let (incidents, changes) = bpi2014::files_in(&dir).unwrap();
    let open = |p: &std::path::Path| std::fs::File::open(p).unwrap();
    let dataset = bpi2014::read(open(&incidents), open(&changes), bpi2014::DEFAULT_TIME_ZONE, |_| {}, |_| {}).unwrap();
    let options = ImportOptions { organisation: "Acme".into() };
    s.app.import_bpi2014(None, dataset, &options, |_| {}, |_, _| {}).await.unwrap();
    let found = s.app.store().tickets_by_number(&["IM0000005".into(), "IM0000022".into()]).await.unwrap();
    let id = |n: &str| found.iter().find(|t| t.ticket.number.as_deref() == Some(n)).unwrap().ticket.id;

    let agent = s.session(&s.fx.agent).await;
    let (status, page) = agent.get(&format!("/tickets/{}", id("IM0000022"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("WBA000124") && page.contains("Caused by") && page.contains("WBA000109"), "{page}");
    assert!(page.contains("Handle Time (Hours): 66,75416667"), "the source's facts are in the description");
    let (_, page) = agent.get(&format!("/tickets/{}", id("IM0000005"))).await;
    assert!(page.contains("reopened the ticket") && page.contains("set the status to"), "{page}");

    let path = format!("/api/v1/tickets/{}", id("IM0000022"));
    let (status, body) = s.api(Some(&s.fx.agent), reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["caused_by_ci_name"], "WBA000109");
    let (status, _) = s.api(Some(&s.fx.foreign_agent), reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

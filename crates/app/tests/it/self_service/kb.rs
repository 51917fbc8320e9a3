//! The knowledge base on both databases: states moved by who may move them, versions and
//! their diff, hostile HTML sanitised on save and on display, ranked search that finds
//! only what the reader may read, translations, feedback, what tickets and suggestions
//! count for an article, review reminders, two organisations that never see each other's
//! articles, and bad input refused without change.

use chrono::{Duration, NaiveDate};
use helmdesk_app::self_service::kb::{ArticlePatch, ArticleQuery, FeedbackInput, NewArticle, NewKbCategory};
use helmdesk_app::service_desk::tickets::{NewTicket, TicketPatch};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::TicketStatus;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility, ViewSource};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    articles_move_through_their_states_by_who_may_move_them,
    every_save_is_a_version_and_two_versions_compare_word_by_word,
    hostile_html_is_sanitised_on_save_and_on_display,
    search_ranks_the_title_first_and_finds_only_what_the_reader_may_read,
    readers_get_the_translation_in_their_language,
    feedback_is_one_answer_per_person_and_may_change,
    tickets_and_suggestions_count_for_an_article,
    owners_are_told_of_articles_due_for_review,
    another_organisations_articles_do_not_exist,
    bad_input_and_stale_saves_are_refused_and_change_nothing,
    the_demo_has_a_knowledge_base_in_two_languages,
);

fn new(title: &str, body: &str) -> NewArticle {
    NewArticle { title: title.into(), body: body.into(), language: Some("en".into()), ..Default::default() }
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(errors) => errors[0].field.clone().unwrap_or_default(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Writes and publishes a public article (as the manager).
async fn published(w: &World, title: &str, body: &str) -> i64 {
    let input = NewArticle { visibility: Some(ArticleVisibility::Public), ..new(title, body) };
    let a = w.app.create_article(&w.manager, &input).await.unwrap();
    w.app.move_article(&w.manager, a.id, ArticleState::Published).await.unwrap().id
}

async fn titles(w: &World, who: &Actor, q: &str) -> Vec<String> {
    w.app.search_articles(who, q, 10).await.unwrap().into_iter().map(|h| h.title).collect()
}

async fn articles_move_through_their_states_by_who_may_move_them(backend: Backend) {
    let w = world(backend).await;
    let input = NewArticle {
        visibility: Some(ArticleVisibility::Public),
        ..new("Reset your password", "<p>Go to the self-service page.</p>")
    };
    let a = w.app.create_article(&w.agent, &input).await.unwrap();
    assert_eq!((a.state, a.owner_id, a.version), (ArticleState::Draft, w.agent.id, 1));
    // A draft is staff's only: the requester does not know it exists.
    assert!(matches!(w.app.article(&w.rita, a.id).await, Err(AppError::NotFound)));
    assert_eq!(w.app.article(&w.auditor, a.id).await.unwrap().id, a.id);

    // The agent submits it but may not publish it.
    w.app.move_article(&w.agent, a.id, ArticleState::InReview).await.unwrap();
    let e = w.app.move_article(&w.agent, a.id, ArticleState::Published).await.unwrap_err();
    assert_eq!(field_of(e), "state");
    // The auditor reads but may not write.
    assert!(matches!(w.app.move_article(&w.auditor, a.id, ArticleState::Draft).await, Err(AppError::Forbidden(_))));
    let p = w.app.move_article(&w.manager, a.id, ArticleState::Published).await.unwrap();
    assert_eq!(p.state, ArticleState::Published);
    assert!(p.published_at.is_some());
    assert_eq!(w.app.article(&w.rita, a.id).await.unwrap().title, "Reset your password");

    // The agent's change to a published article goes back to review, out of the readers' sight.
    let patch = ArticlePatch { summary: Some("Two minutes, no ticket needed.".into()), ..Default::default() };
    let changed = w.app.update_article(&w.agent, a.id, &patch, None).await.unwrap();
    assert_eq!(changed.state, ArticleState::InReview);
    assert!(matches!(w.app.article(&w.rita, a.id).await, Err(AppError::NotFound)));
    w.app.move_article(&w.manager, a.id, ArticleState::Published).await.unwrap();
    // Archived: gone for readers, kept for staff; only back to a draft from there.
    w.app.move_article(&w.manager, a.id, ArticleState::Archived).await.unwrap();
    assert!(matches!(w.app.article(&w.rita, a.id).await, Err(AppError::NotFound)));
    assert_eq!(field_of(w.app.move_article(&w.manager, a.id, ArticleState::Published).await.unwrap_err()), "state");
    assert_eq!(w.app.move_article(&w.manager, a.id, ArticleState::Draft).await.unwrap().state, ArticleState::Draft);
    // An internal published article is staff's only.
    let internal = w.app.create_article(&w.manager, &new("VPN server list", "<p>vpn1, vpn2</p>")).await.unwrap();
    w.app.move_article(&w.manager, internal.id, ArticleState::Published).await.unwrap();
    assert!(matches!(w.app.article(&w.rita, internal.id).await, Err(AppError::NotFound)));
    assert_eq!(w.app.article(&w.agent, internal.id).await.unwrap().visibility, ArticleVisibility::Internal);
}

async fn every_save_is_a_version_and_two_versions_compare_word_by_word(backend: Backend) {
    let w = world(backend).await;
    let a = w
        .app
        .create_article(&w.agent, &new("Printer jam", "<p>Open the front tray and pull the paper.</p>"))
        .await
        .unwrap();
    let patch = ArticlePatch {
        body: Some("<p>Open the back tray and pull the paper gently.</p>".into()),
        ..Default::default()
    };
    let b = w.app.update_article(&w.agent, a.id, &patch, Some(a.version)).await.unwrap();
    assert_eq!(b.version, 2);
    let versions = w.app.article_versions(&w.agent, a.id).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(versions[1].author.as_deref(), Some("ann"));
    let diff = w.app.article_diff(&w.agent, a.id, 1, 2).await.unwrap();
    let pieces: Vec<(String, String)> = diff.body.iter().map(|c| (format!("{:?}", c.kind), c.text.clone())).collect();
    assert!(pieces.contains(&("Removed".into(), "front ".into())), "{pieces:?}");
    assert!(pieces.contains(&("Added".into(), "back ".into())), "{pieces:?}");
    assert!(diff.title.iter().all(|c| format!("{:?}", c.kind) == "Same"));
    assert_eq!(field_of(w.app.article_diff(&w.agent, a.id, 1, 9).await.unwrap_err()), "to");
    // Versions are staff's.
    assert!(matches!(w.app.article_versions(&w.rita, a.id).await, Err(AppError::Forbidden(_))));
}

const HOSTILE: &str = r#"<p onclick="steal()" style="position:fixed;top:0;left:0;width:100%">Fix it</p>
<script>alert(document.cookie)</script><style>body{display:none}</style>
<svg onload="alert(1)"><circle r="9"/></svg><iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name="password"></form>
<a href="javascript:alert(1)">one</a><a href="jav&#x09;ascript:alert(2)">two</a>
<a href="data:text/html;base64,PHNjcmlwdD4=">three</a><img src="data:image/svg+xml,<svg onload=alert(3)>" onerror="alert(4)">
<a href="https://support.example/vpn">the guide</a><img src="https://support.example/vpn.png" alt="VPN">"#;

fn assert_clean(html: &str) {
    for bad in [
        "<script",
        "alert",
        "steal",
        "<style",
        "style=",
        "position:fixed",
        "onclick",
        "onload",
        "onerror",
        "<svg",
        "<iframe",
        "<form",
        "<input",
        "javascript",
        "jav\t",
        "data:",
    ] {
        assert!(!html.to_lowercase().contains(bad), "{bad:?} survived in {html}");
    }
    assert!(
        html.contains(r#"<a href="https://support.example/vpn" rel="noopener noreferrer">the guide</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<img src="https://support.example/vpn.png" alt="VPN">"#), "{html}");
}

async fn hostile_html_is_sanitised_on_save_and_on_display(backend: Backend) {
    let w = world(backend).await;
    let a = w.app.create_article(&w.agent, &new("Hostile", HOSTILE)).await.unwrap();
    assert_clean(&a.body);
    let stored = w.app.store().article(a.id).await.unwrap().article;
    assert_clean(&stored.body);
    assert!(stored.body_text.contains("Fix it") && !stored.body_text.contains("alert"));

    // A row written before today's rules (or by hand) is sanitised again when shown.
    let raw = helmdesk_store::self_service::kb::ArticleRow { body: HOSTILE.into(), ..stored.clone() };
    w.app.store().save_article(&raw, stored.version, None).await.unwrap();
    assert!(w.app.store().article(a.id).await.unwrap().article.body.contains("<script"));
    assert_clean(&w.app.article(&w.agent, a.id).await.unwrap().body);
    for v in w.app.article_versions(&w.agent, a.id).await.unwrap() {
        assert_clean(&v.body);
    }
    // A text with nothing left once sanitised is no text.
    let e = w.app.create_article(&w.agent, &new("Empty", "<script>alert(1)</script><style>p{}</style>")).await;
    assert_eq!(field_of(e.unwrap_err()), "body");
}

async fn search_ranks_the_title_first_and_finds_only_what_the_reader_may_read(backend: Backend) {
    let w = world(backend).await;
    published(&w, "Printer offline", "<p>If the VPN is on, printing may stop: switch the printer off and on.</p>")
        .await;
    published(&w, "Connect to the VPN", "<p>Start the client and sign in with your badge.</p>").await;
    let draft = w.app.create_article(&w.agent, &new("VPN drops every hour", "<p>Known issue.</p>")).await.unwrap();
    let internal = w
        .app
        .create_article(&w.manager, &new("VPN gateway runbook", "<p>Restart the vpn concentrator.</p>"))
        .await
        .unwrap();
    w.app.move_article(&w.manager, internal.id, ArticleState::Published).await.unwrap();
    let other = NewArticle {
        visibility: Some(ArticleVisibility::Public),
        ..new("Other Corp VPN", "<p>Use the other VPN.</p>")
    };
    let o = w.app.create_article(&w.other_agent, &other).await.unwrap();
    w.app
        .update_article(
            &w.other_agent,
            o.id,
            &ArticlePatch { state: Some(ArticleState::InReview), ..Default::default() },
            None,
        )
        .await
        .unwrap();

    // The requester: published public articles of Acme, the title's match first.
    assert_eq!(titles(&w, &w.rita, "vpn").await, vec!["Connect to the VPN", "Printer offline"]);
    // Staff also find internal ones; the portal's search stays with published ones.
    let staff = titles(&w, &w.agent, "vpn").await;
    assert!(staff.contains(&"VPN gateway runbook".to_string()) && !staff.contains(&"VPN drops every hour".to_string()));
    // The staff list finds drafts too, ranked, by prefix while typing.
    let q = ArticleQuery { q: Some("vp".into()), ..Default::default() };
    let listed: Vec<i64> = w.app.list_articles(&w.agent, &q).await.unwrap().items.iter().map(|a| a.id).collect();
    assert!(listed.contains(&draft.id) && !listed.contains(&o.id), "{listed:?}");
    // Other Corp's requester finds none of Acme's.
    assert!(titles(&w, &w.other_requester, "vpn").await.is_empty());
    // Hostile search text is words, never syntax.
    for text in ["\"vpn\" OR *", "vpn) NEAR(", "vpn & !printer:*", "' OR 1=1 --", "", "***"] {
        w.app.search_articles(&w.rita, text, 10).await.unwrap();
        w.app.list_articles(&w.agent, &ArticleQuery { q: Some(text.into()), ..Default::default() }).await.unwrap();
    }
    // Ranked pages continue where the last one stopped.
    let first = ArticleQuery { q: Some("vpn".into()), limit: Some(1), ..Default::default() };
    let page = w.app.list_articles(&w.agent, &first).await.unwrap();
    let next = ArticleQuery { cursor: page.next_cursor.clone(), ..first };
    let page2 = w.app.list_articles(&w.agent, &next).await.unwrap();
    assert_ne!(page.items[0].id, page2.items[0].id);
    // The most read come first among the popular ones.
    let printer = w.app.search_articles(&w.rita, "printer", 1).await.unwrap()[0].id;
    w.app.read_article(&w.rita, printer, ViewSource::Page).await.unwrap();
    assert_eq!(w.app.popular_articles(&w.rita, 5).await.unwrap()[0].id, printer);
}

async fn readers_get_the_translation_in_their_language(backend: Backend) {
    let w = world(backend).await;
    let en = published(&w, "Connect to Wi-Fi", "<p>Choose Acme-Staff and sign in.</p>").await;
    let nl_input = NewArticle {
        translation_of: Some(en),
        language: Some("nl".into()),
        visibility: Some(ArticleVisibility::Public),
        ..new("Verbinden met wifi", "<p>Kies Acme-Staff en meld u aan.</p>")
    };
    let nl = w.app.create_article(&w.manager, &nl_input).await.unwrap();
    assert_eq!(nl.group_id, en);
    w.app.move_article(&w.manager, nl.id, ArticleState::Published).await.unwrap();
    let mut dutch = w.rita.clone();
    dutch.preferences.language = Some("nl".into());
    assert_eq!(w.app.read_article(&dutch, en, ViewSource::Page).await.unwrap().id, nl.id);
    assert_eq!(w.app.read_article(&w.rita, en, ViewSource::Page).await.unwrap().id, en);
    // One result per article, in the reader's language.
    let hits = w.app.search_articles(&dutch, "acme staff", 10).await.unwrap();
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![nl.id]);
    let details = w.app.article_details(&w.rita, en).await.unwrap();
    assert_eq!(details.translations.iter().map(|t| t.language.as_str()).collect::<Vec<_>>(), vec!["nl"]);
    // A second Dutch version of the same article is refused.
    let again = w.app.create_article(&w.manager, &nl_input).await.unwrap_err();
    assert_eq!(field_of(again), "language");
}

async fn feedback_is_one_answer_per_person_and_may_change(backend: Backend) {
    let w = world(backend).await;
    let id = published(&w, "Set up MFA", "<p>Install the authenticator app.</p>").await;
    let yes = FeedbackInput { helpful: true, comment: None };
    w.app.article_feedback(&w.rita, id, &yes).await.unwrap();
    w.app.article_feedback(&w.agent, id, &yes).await.unwrap();
    let no = FeedbackInput { helpful: false, comment: Some("My phone has no camera for the QR code".into()) };
    w.app.article_feedback(&w.rita, id, &no).await.unwrap();
    let a = w.app.article(&w.agent, id).await.unwrap();
    assert_eq!((a.helpful, a.unhelpful), (1, 1));
    let mine = w.app.article_details(&w.rita, id).await.unwrap().my_feedback.unwrap();
    assert!(!mine.helpful);
    // Staff read the comments, the requester does not read others'.
    assert_eq!(w.app.article_details(&w.agent, id).await.unwrap().comments.len(), 1);
    assert!(w.app.article_details(&w.rita, id).await.unwrap().comments.is_empty());
    // Too long a comment, or a draft: refused.
    let long = FeedbackInput { helpful: true, comment: Some("x".repeat(2_001)) };
    assert_eq!(field_of(w.app.article_feedback(&w.rita, id, &long).await.unwrap_err()), "comment");
    let draft = w.app.create_article(&w.agent, &new("Draft", "<p>x</p>")).await.unwrap();
    assert_eq!(field_of(w.app.article_feedback(&w.agent, draft.id, &yes).await.unwrap_err()), "helpful");
}

async fn tickets_and_suggestions_count_for_an_article(backend: Backend) {
    let w = world(backend).await;
    let id = published(&w, "Printer jam", "<p>Open the tray.</p>").await;
    // A subject is a sentence: any longer word of it may find the article; staff filing a
    // ticket are offered public articles only.
    let runbook = w.app.create_article(&w.manager, &new("Printer firmware runbook", "<p>Flash it.</p>")).await.unwrap();
    w.app.move_article(&w.manager, runbook.id, ArticleState::Published).await.unwrap();
    let offered = w.app.suggest_articles(&w.rita, "my printer is stuck again", 5).await.unwrap();
    assert_eq!(offered.iter().map(|h| h.id).collect::<Vec<_>>(), vec![id]);
    let offered = w.app.suggest_articles(&w.agent, "printer", 5).await.unwrap();
    assert_eq!(offered.iter().map(|h| h.id).collect::<Vec<_>>(), vec![id]);
    assert!(w.app.suggest_articles(&w.rita, "an ox", 5).await.unwrap().is_empty());
    // Rita opens it from the suggestion and files nothing; later she opens it again and
    // files a ticket ten minutes after.
    w.app.read_article(&w.rita, id, ViewSource::Suggestion).await.unwrap();
    w.clock.advance(Duration::hours(1));
    w.app.read_article(&w.rita, id, ViewSource::Suggestion).await.unwrap();
    w.clock.advance(Duration::minutes(10));
    let t =
        w.app.create_ticket(&w.rita, NewTicket::incident("Printer still jammed", "The tray is empty")).await.unwrap();
    // A view from the page is no suggestion.
    w.app.read_article(&w.rita, id, ViewSource::Page).await.unwrap();
    w.clock.advance(Duration::minutes(31));
    let details = w.app.article_details(&w.agent, id).await.unwrap();
    assert_eq!(details.deflections, 1);
    assert_eq!(w.app.article(&w.agent, id).await.unwrap().views, 3);

    // The agent uses it on the ticket; once resolved, the ticket counts for it.
    w.app.use_article_on_ticket(&w.agent, t.id, id).await.unwrap();
    w.app.use_article_on_ticket(&w.agent, t.id, id).await.unwrap();
    assert_eq!(w.app.article_details(&w.agent, id).await.unwrap().resolved_tickets, 0);
    let done = TicketPatch { status: Some(TicketStatus::Resolved), ..Default::default() };
    w.app.update_ticket(&w.agent, t.id, done, None).await.unwrap();
    assert_eq!(w.app.article_details(&w.agent, id).await.unwrap().resolved_tickets, 1);
    assert_eq!(w.app.ticket_articles(&w.agent, t.id).await.unwrap()[0].id, id);
    // A requester records nothing; another organisation's agent does not see the ticket.
    assert!(matches!(w.app.use_article_on_ticket(&w.rita, t.id, id).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.use_article_on_ticket(&w.other_agent, t.id, id).await, Err(AppError::NotFound)));
    // A draft written from the ticket carries its subject and counts for it too.
    let draft = w.app.draft_article_from_ticket(&w.agent, t.id).await.unwrap();
    assert_eq!((draft.title.as_str(), draft.state), ("Printer still jammed", ArticleState::Draft));
    assert!(draft.body.contains("The tray is empty"));
    assert_eq!(w.app.article_details(&w.agent, draft.id).await.unwrap().resolved_tickets, 1);
}

async fn owners_are_told_of_articles_due_for_review(backend: Backend) {
    let w = world(backend).await;
    let due = NewArticle { review_on: NaiveDate::from_ymd_opt(2026, 3, 1), ..new("Old VPN guide", "<p>x</p>") };
    let a = w.app.create_article(&w.agent, &due).await.unwrap();
    assert!(a.review_due);
    let later = NewArticle { review_on: NaiveDate::from_ymd_opt(2026, 6, 1), ..new("New VPN guide", "<p>y</p>") };
    w.app.create_article(&w.agent, &later).await.unwrap();
    let q = ArticleQuery { review: Some("due".into()), owner: Some(w.agent.id), ..Default::default() };
    let listed: Vec<i64> = w.app.list_articles(&w.agent, &q).await.unwrap().items.iter().map(|a| a.id).collect();
    assert_eq!(listed, vec![a.id]);
    assert_eq!(w.app.remind_article_reviews().await.unwrap(), 1);
    let notes = w.app.store().notifications(w.agent.id, 10).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].link.as_deref(), Some("/kb?review=due"));
    assert!(w.app.store().notifications(w.manager.id, 10).await.unwrap().is_empty());
}

async fn another_organisations_articles_do_not_exist(backend: Backend) {
    let w = world(backend).await;
    let id = published(&w, "Acme VPN", "<p>Acme only.</p>").await;
    for who in [&w.other_agent, &w.other_requester] {
        assert!(matches!(w.app.article(who, id).await, Err(AppError::NotFound)));
        assert!(matches!(w.app.read_article(who, id, ViewSource::Page).await, Err(AppError::NotFound)));
        let yes = FeedbackInput { helpful: true, comment: None };
        assert!(matches!(w.app.article_feedback(who, id, &yes).await, Err(AppError::NotFound)));
        assert!(w.app.list_articles(who, &ArticleQuery::default()).await.unwrap().items.is_empty());
    }
    let patch = ArticlePatch { title: Some("Mine now".into()), ..Default::default() };
    assert!(matches!(w.app.update_article(&w.other_agent, id, &patch, None).await, Err(AppError::NotFound)));
    assert!(matches!(w.app.article_versions(&w.other_agent, id).await, Err(AppError::NotFound)));
    // Categories too; and a global article (the whole tree's) is everyone's.
    let cat = w
        .app
        .create_kb_category(&w.manager, &NewKbCategory { name: "Network".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(cat.organisation_id, Some(w.acme));
    assert!(w.app.kb_categories(&w.other_agent).await.unwrap().is_empty());
    let with_cat = NewArticle { category_id: Some(cat.id), ..new("Theirs", "<p>x</p>") };
    assert_eq!(field_of(w.app.create_article(&w.other_agent, &with_cat).await.unwrap_err()), "category_id");
    let global = NewArticle { global: true, ..new("Everyone's", "<p>x</p>") };
    assert_eq!(field_of(w.app.create_article(&w.agent, &global).await.unwrap_err()), "organisation_id");
}

async fn bad_input_and_stale_saves_are_refused_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    for (input, field) in [
        (new("", "<p>x</p>"), "title"),
        (new("Title", ""), "body"),
        (NewArticle { language: Some("xx".into()), ..new("Title", "<p>x</p>") }, "language"),
        (NewArticle { summary: Some("s".repeat(501)), ..new("Title", "<p>x</p>") }, "summary"),
        (NewArticle { owner_id: Some(w.rita.id), ..new("Title", "<p>x</p>") }, "owner_id"),
        (NewArticle { owner_id: Some(w.other_agent.id), ..new("Title", "<p>x</p>") }, "owner_id"),
        (NewArticle { category_id: Some(999), ..new("Title", "<p>x</p>") }, "category_id"),
        (NewArticle { translation_of: Some(999), ..new("Title", "<p>x</p>") }, "translation_of"),
    ] {
        assert_eq!(field_of(w.app.create_article(&w.agent, &input).await.unwrap_err()), field);
    }
    assert!(w.app.list_articles(&w.agent, &ArticleQuery::default()).await.unwrap().items.is_empty());
    assert!(matches!(w.app.create_article(&w.rita, &new("Title", "<p>x</p>")).await, Err(AppError::Forbidden(_))));

    let a = w.app.create_article(&w.agent, &new("Title", "<p>x</p>")).await.unwrap();
    let patch = ArticlePatch { title: Some("Changed".into()), ..Default::default() };
    w.app.update_article(&w.agent, a.id, &patch, Some(a.version)).await.unwrap();
    let stale = ArticlePatch { title: Some("Lost".into()), ..Default::default() };
    assert!(matches!(
        w.app.update_article(&w.agent, a.id, &stale, Some(a.version)).await,
        Err(AppError::PreconditionFailed)
    ));
    let bad = ArticlePatch { title: Some("".into()), ..Default::default() };
    assert_eq!(field_of(w.app.update_article(&w.agent, a.id, &bad, None).await.unwrap_err()), "title");
    let now = w.app.article(&w.agent, a.id).await.unwrap();
    assert_eq!((now.title.as_str(), now.version), ("Changed", 2));
    // Categories nest one level.
    let top = w
        .app
        .create_kb_category(&w.manager, &NewKbCategory { name: "Hardware".into(), ..Default::default() })
        .await
        .unwrap();
    let sub = NewKbCategory { name: "Printers".into(), parent_id: Some(top.id), ..Default::default() };
    let sub = w.app.create_kb_category(&w.manager, &sub).await.unwrap();
    let deeper = NewKbCategory { name: "Toner".into(), parent_id: Some(sub.id), ..Default::default() };
    assert_eq!(field_of(w.app.create_kb_category(&w.manager, &deeper).await.unwrap_err()), "parent_id");
    assert!(matches!(w.app.create_kb_category(&w.agent, &deeper).await, Err(AppError::Forbidden(_))));
}

async fn the_demo_has_a_knowledge_base_in_two_languages(backend: Backend) {
    let db = helmdesk_store::testing::TestDatabase::new(backend).await.unwrap();
    let app = helmdesk_app::App::new(
        db.store().await.unwrap(),
        std::sync::Arc::new(helmdesk_domain::SystemClock),
        helmdesk_app::AppSettings::default(),
    );
    assert!(app.load_demo().await.unwrap() > 0);
    let filter = helmdesk_store::self_service::kb::ArticleFilter { limit: 100, ..Default::default() };
    let all = app.store().articles(&filter).await.unwrap();
    assert!(all.len() >= 12, "{}", all.len());
    assert!(all.iter().any(|a| a.article.language == "nl" && a.article.translation_of.is_some()));
    let search = helmdesk_store::self_service::kb::ArticleFilter {
        search: Some(match backend {
            Backend::Sqlite => "\"vpn\"".into(),
            Backend::Postgres => "vpn".into(),
        }),
        public_only: true,
        limit: 10,
        ..Default::default()
    };
    assert!(app.store().articles(&search).await.unwrap().len() >= 2);
}

//! Articles' attachments on both databases: the writers of the article's organisation add
//! and remove them; whoever reads the article lists and downloads them (an employee only
//! those of published public articles); another organisation never learns they exist;
//! too large a file and hostile names are handled before anything is kept.

use helmdesk_app::platform::files::NewFile;
use helmdesk_app::self_service::kb::NewArticle;
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::{Backend, backend_tests};

use super::{World, world};

backend_tests!(
    writers_attach_files_and_readers_download_them,
    employees_see_files_of_published_public_articles_only,
    another_organisation_never_sees_or_changes_the_files,
    too_large_files_are_refused_and_hostile_names_made_safe,
);

fn file(name: &str, content_type: &str, data: &[u8]) -> NewFile {
    NewFile { filename: name.into(), content_type: content_type.into(), data: data.to_vec() }
}

/// An article of Acme written by its manager, moved to `state`.
async fn article(w: &World, visibility: ArticleVisibility, state: ArticleState) -> i64 {
    let input = NewArticle {
        title: "Printer setup".into(),
        body: "<p>Install the driver.</p>".into(),
        language: Some("en".into()),
        visibility: Some(visibility),
        ..Default::default()
    };
    let a = w.app.create_article(&w.manager, &input).await.unwrap();
    if state != ArticleState::Draft {
        w.app.move_article(&w.manager, a.id, state).await.unwrap();
    }
    a.id
}

async fn names(w: &World, who: &Actor, id: i64) -> Vec<String> {
    w.app.article_attachments(who, id).await.unwrap().into_iter().map(|a| a.filename).collect()
}

async fn writers_attach_files_and_readers_download_them(backend: Backend) {
    let w = world(backend).await;
    let id = article(&w, ArticleVisibility::Public, ArticleState::Published).await;
    let before = w.app.article(&w.manager, id).await.unwrap();
    // An agent of the organisation writes articles: they attach.
    let a =
        w.app.add_article_attachment(&w.agent, id, &file("driver.pdf", "application/pdf", b"%PDF-1")).await.unwrap();
    assert_eq!((a.article_id, a.size, a.content_type.as_str(), a.uploaded_by), (id, 6, "application/pdf", w.agent.id));
    // The same bytes twice are one blob, two attachments.
    let b =
        w.app.add_article_attachment(&w.manager, id, &file("copy.pdf", "application/pdf", b"%PDF-1")).await.unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(names(&w, &w.auditor, id).await, ["driver.pdf", "copy.pdf"]);
    // Attachments are not versions: the article keeps its state and version.
    let after = w.app.article(&w.manager, id).await.unwrap();
    assert_eq!((after.version, after.state), (before.version, ArticleState::Published));

    for who in [&w.manager, &w.agent, &w.auditor, &w.rita] {
        let (meta, data) = w.app.article_attachment_content(who, a.id).await.unwrap();
        assert_eq!((meta.filename.as_str(), data.as_slice()), ("driver.pdf", b"%PDF-1".as_slice()));
    }
    // Readers who do not write may neither attach nor remove.
    for who in [&w.auditor, &w.rita] {
        let e = w.app.add_article_attachment(who, id, &file("x.txt", "text/plain", b"x")).await.unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
        assert!(matches!(w.app.remove_article_attachment(who, a.id).await, Err(AppError::Forbidden(_))));
    }
    // Removing one leaves the other, whose blob is the same.
    let removed = w.app.remove_article_attachment(&w.agent, a.id).await.unwrap();
    assert_eq!(removed.filename, "driver.pdf");
    assert_eq!(names(&w, &w.rita, id).await, ["copy.pdf"]);
    assert!(matches!(w.app.article_attachment_content(&w.manager, a.id).await, Err(AppError::NotFound)));
    assert!(matches!(w.app.remove_article_attachment(&w.manager, a.id).await, Err(AppError::NotFound)));
    assert_eq!(w.app.article_attachment_content(&w.rita, b.id).await.unwrap().1, b"%PDF-1");
}

async fn employees_see_files_of_published_public_articles_only(backend: Backend) {
    let w = world(backend).await;
    let cases = [
        (ArticleVisibility::Internal, ArticleState::Published),
        (ArticleVisibility::Public, ArticleState::Draft),
        (ArticleVisibility::Public, ArticleState::InReview),
    ];
    for (visibility, state) in cases {
        let id = article(&w, visibility, state).await;
        let f = w.app.add_article_attachment(&w.agent, id, &file("notes.txt", "text/plain", b"secret")).await.unwrap();
        // Staff and auditors read it; the employee does not know the files exist.
        assert_eq!(names(&w, &w.auditor, id).await, ["notes.txt"]);
        assert!(matches!(w.app.article_attachments(&w.rita, id).await, Err(AppError::NotFound)));
        assert!(matches!(w.app.article_attachment_content(&w.rita, f.id).await, Err(AppError::NotFound)));
        let e = w.app.add_article_attachment(&w.rita, id, &file("x.txt", "text/plain", b"x")).await.unwrap_err();
        assert!(matches!(e, AppError::NotFound), "{visibility:?} {state:?}: {e:?}");
        assert!(matches!(w.app.remove_article_attachment(&w.rita, f.id).await, Err(AppError::NotFound)));
    }
    // Archived: gone for the employee again.
    let id = article(&w, ArticleVisibility::Public, ArticleState::Published).await;
    let f = w.app.add_article_attachment(&w.agent, id, &file("a.txt", "text/plain", b"a")).await.unwrap();
    assert!(w.app.article_attachment_content(&w.rita, f.id).await.is_ok());
    w.app.move_article(&w.manager, id, ArticleState::Archived).await.unwrap();
    assert!(matches!(w.app.article_attachment_content(&w.rita, f.id).await, Err(AppError::NotFound)));
}

async fn another_organisation_never_sees_or_changes_the_files(backend: Backend) {
    let w = world(backend).await;
    let internal = article(&w, ArticleVisibility::Internal, ArticleState::Published).await;
    let public = article(&w, ArticleVisibility::Public, ArticleState::Published).await;
    let mut files = Vec::new();
    for id in [internal, public] {
        files.push(w.app.add_article_attachment(&w.agent, id, &file("acme.txt", "text/plain", b"acme")).await.unwrap());
    }
    for who in [&w.other_agent, &w.other_requester] {
        for (id, f) in [internal, public].into_iter().zip(&files) {
            assert!(matches!(w.app.article_attachments(who, id).await, Err(AppError::NotFound)));
            assert!(matches!(w.app.article_attachment_content(who, f.id).await, Err(AppError::NotFound)));
            assert!(matches!(w.app.remove_article_attachment(who, f.id).await, Err(AppError::NotFound)));
            let e = w.app.add_article_attachment(who, id, &file("x.txt", "text/plain", b"x")).await.unwrap_err();
            assert!(matches!(e, AppError::NotFound), "{e:?}");
        }
    }
    // Nothing changed.
    for id in [internal, public] {
        assert_eq!(names(&w, &w.manager, id).await, ["acme.txt"]);
    }
}

async fn too_large_files_are_refused_and_hostile_names_made_safe(backend: Backend) {
    let w = world(backend).await;
    let id = article(&w, ArticleVisibility::Public, ArticleState::Published).await;
    let max = w.app.settings().max_attachment_bytes;
    let big = file("big.bin", "application/octet-stream", &vec![7u8; max + 1]);
    assert!(matches!(w.app.add_article_attachment(&w.agent, id, &big).await, Err(AppError::TooLarge(_))));
    assert!(names(&w, &w.agent, id).await.is_empty(), "nothing kept");

    let hostile = [
        ("../../etc/passwd", "text/plain", "passwd", "text/plain"),
        ("C:\\Users\\x\\report.pdf", "application/pdf", "report.pdf", "application/pdf"),
        ("a\"b<script>.html", "text/html", "abscript.html", "text/html"),
        ("line\r\nbreak.txt", "text/plain\r\nX-Evil: 1", "linebreak.txt", "application/octet-stream"),
        ("...", "", "attachment", "application/octet-stream"),
    ];
    for (name, ct, safe_name, safe_type) in hostile {
        let a = w.app.add_article_attachment(&w.agent, id, &file(name, ct, b"x")).await.unwrap();
        assert_eq!((a.filename.as_str(), a.content_type.as_str()), (safe_name, safe_type), "{name:?}");
    }
    // An attachment id that is not one, or of nothing, is not found.
    assert!(matches!(w.app.article_attachment_content(&w.agent, 987_654).await, Err(AppError::NotFound)));
    assert!(matches!(w.app.article_attachments(&w.agent, 987_654).await, Err(AppError::NotFound)));
}

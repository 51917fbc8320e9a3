//! No dead ends: every error answer has a body. Pages show the error inside the layout,
//! with the navigation of whoever is signed in, words for people and a way back; the API
//! answers JSON errors, for unknown routes and methods too.

use crate::common::TestServer;

use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode, header};

backend_tests!(
    unknown_pages_and_methods_show_the_error_page_in_the_layout,
    unknown_api_routes_and_methods_answer_json,
    a_refused_page_is_explained_with_the_navigation_and_a_way_back,
);

async fn unknown_pages_and_methods_show_the_error_page_in_the_layout(backend: Backend) {
    let s = TestServer::start(backend).await;
    let res = TestServer::client().get(format!("{}/no/such/page", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let page = res.text().await.unwrap();
    assert!(page.contains("<h1>Not found</h1>") && page.contains(r#"href="/login""#), "{page}");

    let session = s.session(&s.fx.agent).await;
    let (status, page) = session.get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains(r#"aria-label="Main""#) && page.contains("Sign out"), "signed in: the navigation\n{page}");

    let res = session.client.put(format!("{}/login", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers()[header::ALLOW].to_str().unwrap().contains("GET"), "the methods it takes stay listed");
    assert!(res.text().await.unwrap().contains("<h1>Not available here</h1>"));
}

async fn unknown_api_routes_and_methods_answer_json(backend: Backend) {
    let s = TestServer::start(backend).await;
    let (status, body) = s.api(Some(&s.fx.agent), Method::GET, "/api/v1/no-such-route", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "not_found", "{body}");
    let res = TestServer::client().delete(format!("{}/api/v1/openapi.json", s.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers()[header::ALLOW].to_str().unwrap().contains("GET"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "method_not_allowed", "{body}");
}

async fn a_refused_page_is_explained_with_the_navigation_and_a_way_back(backend: Backend) {
    let s = TestServer::start(backend).await;
    let session = s.session(&s.fx.requester).await;
    let res = session
        .client
        .get(format!("{}/admin/users", s.base))
        .header(header::REFERER, format!("{}/tickets?status=open", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = res.text().await.unwrap();
    assert!(page.contains("<h1>You may not do this</h1>"), "{page}");
    assert!(page.contains(r#"aria-label="Main""#), "the navigation is there\n{page}");
    assert!(page.contains(r#"<a href="/tickets?status=open">Go back</a>"#), "back where they came from\n{page}");
    // A page of another site is not a way back.
    let res = session
        .client
        .get(format!("{}/admin/users", s.base))
        .header(header::REFERER, "https://elsewhere.example/phish")
        .send()
        .await
        .unwrap();
    assert!(!res.text().await.unwrap().contains("Go back"));
    // A record that is not there, or not theirs to see.
    let (status, page) = session.get("/tickets/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("<h1>Not found</h1>") && page.contains("Sign out"), "{page}");
}

//! A person's manager on the administrator's user page and through the API: saved by
//! e-mail address and shown again, an unknown address or a loop refused on the page with
//! what was typed kept, and the API's `manager_id` for administrators only.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::json;

backend_tests!(an_administrator_names_a_person_s_manager_on_the_page_and_through_the_api);

fn fields(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn an_administrator_names_a_person_s_manager_on_the_page_and_through_the_api(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let admin = s.session(&fx.admin).await;
    let path = format!("/admin/users/{}", fx.requester.id);
    let (_, page) = admin.get(&path).await;
    assert!(page.contains("Manager") && page.contains("name=\"manager\""), "the form asks for the manager");
    let (_, user) = s.api(Some(&fx.admin), Method::GET, &format!("/api/v1/users/{}", fx.requester.id), None).await;
    let form = |manager: &str| {
        vec![
            ("name".to_string(), user["name"].as_str().unwrap().to_string()),
            ("role".to_string(), "requester".to_string()),
            ("organisation_id".to_string(), fx.acme.to_string()),
            ("department_id".to_string(), user["department_id"].as_i64().map(|d| d.to_string()).unwrap_or_default()),
            ("active".to_string(), "on".to_string()),
            ("manager".to_string(), manager.to_string()),
        ]
    };

    let saved = form(&fx.manager.email);
    let (status, page) = admin.post(&path, &fields(&saved)).await;
    assert!(status.is_success() || status == StatusCode::SEE_OTHER, "{status}");
    let (_, page) = if status == StatusCode::SEE_OTHER { admin.get(&path).await } else { (status, page) };
    assert!(page.contains(&format!("value=\"{}\"", fx.manager.email)), "the manager's address is shown again");

    let unknown = form("nobody@acme.example");
    let (status, page) = admin.post(&path, &fields(&unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("nobody has this e-mail address"), "{page}");

    // The requester managing her own manager would be a loop.
    let (status, body) = s
        .api(
            Some(&fx.admin),
            Method::PATCH,
            &format!("/api/v1/users/{}", fx.manager.id),
            Some(json!({"manager_id": fx.requester.id})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "manager_id");
    let (status, _) = s
        .api(
            Some(&fx.agent),
            Method::PATCH,
            &format!("/api/v1/users/{}", fx.requester.id),
            Some(json!({"manager_id": null})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = s
        .api(
            Some(&fx.admin),
            Method::PATCH,
            &format!("/api/v1/users/{}", fx.requester.id),
            Some(json!({"manager_id": null})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["manager_id"], serde_json::Value::Null);
}

//! The service catalog over HTTP: items created by a manager (201, Location, ETag, a stale
//! If-Match refused with 412); an item offered to one department not found by another's
//! employee; an order's answers checked like the form (422 naming the answer, nothing
//! filed), made once with its Idempotency-Key; a request not found by anyone but its
//! requester and their organisation's staff; the order form drawn again with the refused
//! answer beside its field, then ordered with a confirmation; an attachment field's file
//! sent with the order (multipart) and attached to the request's ticket, which only its
//! requester and the staff download, a required one refused without a file.

use helmdesk_app::AppSettings;
use helmdesk_store::{Backend, backend_tests};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Person, TestServer, UiSession};

backend_tests!(the_catalog_api_orders_what_is_offered_and_refuses_the_rest);
backend_tests!(the_order_form_keeps_the_answers_and_confirms_the_order);
backend_tests!(an_order_sends_its_attachment_fields_files_to_the_request_ticket);

async fn the_catalog_api_orders_what_is_offered_and_refuses_the_rest(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = json!({
        "name": "Accounting software", "departments": [fx.finance], "cost_minor": 4900, "currency": "EUR",
        "fields": [
            {"key": "product", "label": "Product", "kind": "choice", "options": ["Ledger", "Payroll"], "required": true},
            {"key": "seats", "label": "Seats", "kind": "number", "min": 1, "max": 10}
        ],
        "tasks": [{"title": "Grant access", "team_id": fx.team, "stage": 1}]
    });
    let (status, headers, item) =
        s.api_full(Some(&fx.manager), Method::POST, "/api/v1/catalog/items", Some(new.clone()), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    let id = item["id"].as_i64().unwrap();
    assert_eq!(headers["location"], format!("/api/v1/catalog/items/{id}"));
    assert_eq!(item["cost"]["text"], "49.00 EUR");
    // A requester may not add items.
    let (status, _) = s.api(Some(&fx.requester), Method::POST, "/api/v1/catalog/items", Some(new)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Finance sees it; Sales does not, and cannot order it.
    let (_, list) = s.api(Some(&fx.requester), Method::GET, "/api/v1/catalog/items", None).await;
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == id), "{list}");
    let item_path = format!("/api/v1/catalog/items/{id}");
    let (status, _) = s.api(Some(&fx.outsider), Method::GET, &item_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let order = json!({"item_id": id, "answers": {"product": "Ledger", "seats": "2"}});
    let (status, _) = s.api(Some(&fx.outsider), Method::POST, "/api/v1/catalog/requests", Some(order.clone())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Hostile answers: 422 naming the answer, nothing filed.
    for (answers, field) in [
        (json!({"product": "Ledger", "seats": "eleven"}), "answers.seats"),
        (json!({"product": "Ledger", "seats": "11"}), "answers.seats"),
        (json!({"product": "Everything"}), "answers.product"),
        (json!({"product": "Ledger", "role": "admin"}), "answers"),
    ] {
        let bad = json!({"item_id": id, "answers": answers});
        let (status, body) = s.api(Some(&fx.requester), Method::POST, "/api/v1/catalog/requests", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], field, "{body}");
    }
    let wrong_type = json!({"item_id": id, "answers": {"seats": 2}});
    let (status, _) = s.api(Some(&fx.requester), Method::POST, "/api/v1/catalog/requests", Some(wrong_type)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, mine) = s.api(Some(&fx.requester), Method::GET, "/api/v1/catalog/requests", None).await;
    assert!(mine["items"].as_array().unwrap().is_empty(), "{mine}");

    // Ordered once, however often the key is sent.
    let key = [("idempotency-key", "order-1")];
    let (s1, h1, first) =
        s.api_full(Some(&fx.requester), Method::POST, "/api/v1/catalog/requests", Some(order.clone()), &key).await;
    let (s2, _, again) =
        s.api_full(Some(&fx.requester), Method::POST, "/api/v1/catalog/requests", Some(order), &key).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED), "{first}");
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["status"], "in_fulfilment");
    assert_eq!(first["tasks"][0]["status"], "open");
    let request_path = h1["location"].to_str().unwrap().to_string();
    let (_, mine) = s.api(Some(&fx.requester), Method::GET, "/api/v1/catalog/requests", None).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);

    // Hers and Acme's staff's to read; her colleague and another organisation's agent
    // find nothing.
    for (who, expected) in [
        (&fx.requester, StatusCode::OK),
        (&fx.agent, StatusCode::OK),
        (&fx.colleague, StatusCode::NOT_FOUND),
        (&fx.foreign_agent, StatusCode::NOT_FOUND),
    ] {
        let (status, _) = s.api(Some(who), Method::GET, &request_path, None).await;
        assert_eq!(status, expected, "{}", who.email);
    }

    // A change against a stale version is refused.
    let stale = format!("\"v{}\"", item["version"].as_i64().unwrap() + 1);
    let patch = json!({"active": false});
    let (status, _, _) =
        s.api_full(Some(&fx.manager), Method::PATCH, &item_path, Some(patch.clone()), &[("if-match", &stale)]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, _, changed) = s.api_full(Some(&fx.manager), Method::PATCH, &item_path, Some(patch), &[]).await;
    assert_eq!((status, changed["active"].as_bool()), (StatusCode::OK, Some(false)));
    let (status, _) = s.api(Some(&fx.requester), Method::GET, &item_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an inactive item is offered to nobody");
}

async fn the_order_form_keeps_the_answers_and_confirms_the_order(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = json!({
        "name": "VPN access",
        "fields": [
            {"key": "reason", "label": "Why", "kind": "text", "required": true, "max_length": 100},
            {"key": "until", "label": "Until", "kind": "date", "not_in_past": true}
        ],
        "tasks": [{"title": "Open the VPN", "team_id": fx.team, "stage": 1}]
    });
    let (_, item) = s.api(Some(&fx.manager), Method::POST, "/api/v1/catalog/items", Some(new)).await;
    let id = item["id"].as_i64().unwrap();
    let ui = s.session(&fx.requester).await;
    let (status, page) = ui.get("/portal/catalog").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("VPN access"));
    let form = format!("/portal/catalog/{id}");
    let (status, page) = ui.post(&form, &[("a_reason", "Working from home"), ("a_until", "2001-01-01")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Working from home"), "the answers are kept");
    assert!(page.contains("id=\"e-until\""), "the error is beside its field");
    let (status, _) = ui.post(&form, &[("a_reason", "Working from home")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = ui.get("/portal/requests").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("VPN access"));
    // Sam (Sales) finds the form too (it is offered to all of Acme); Other Corp's agent not.
    let (status, _) = s.session(&fx.foreign_agent).await.get(&form).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Posts the order form as the browser does with file inputs: multipart, every text field
/// and each file input (`a_<key>`, empty when no file was chosen).
async fn order_with_files(
    ui: &UiSession,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, Vec<u8>)],
) -> (StatusCode, String, String) {
    let mut form = Form::new().text("csrf", ui.csrf.clone());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (field, name, data) in files {
        form = form.part(field.to_string(), Part::bytes(data.clone()).file_name(name.to_string()));
    }
    let res = ui.client.post(format!("{}{path}", ui.base)).multipart(form).send().await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    (status, location, res.text().await.unwrap_or_default())
}

async fn my_requests(s: &TestServer, who: &Person) -> Vec<Value> {
    let (_, list) = s.api(Some(who), Method::GET, "/api/v1/catalog/requests?mine=true", None).await;
    list["items"].as_array().unwrap().clone()
}

async fn an_order_sends_its_attachment_fields_files_to_the_request_ticket(backend: Backend) {
    let settings = AppSettings { max_attachment_bytes: 1024, ..Default::default() };
    let s = TestServer::start_with(backend, settings).await;
    let fx = &s.fx;
    let new = json!({
        "name": "Access badge",
        "fields": [
            {"key": "photo", "label": "Photo", "kind": "attachment", "required": true},
            {"key": "note", "label": "Note", "kind": "text"}
        ]
    });
    let (status, item) = s.api(Some(&fx.manager), Method::POST, "/api/v1/catalog/items", Some(new)).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    let id = item["id"].as_i64().unwrap();
    let form = format!("/portal/catalog/{id}");
    let ui = s.session(&fx.requester).await;
    let (_, page) = ui.get(&form).await;
    assert!(page.contains(r#"enctype="multipart/form-data""#), "the form sends files");
    assert!(page.contains(r#"name="a_photo" type="file""#), "{page}");

    // Required without a file (the browser sends the empty input): refused beside the
    // field, the note kept, nothing filed.
    let empty = [("a_photo", "", Vec::new())];
    let (status, _, page) = order_with_files(&ui, &form, &[("a_note", "Blue lanyard")], &empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="e-photo""#) && page.contains("Blue lanyard"), "{page}");
    // Typed text is no file.
    let (status, _, _) = order_with_files(&ui, &form, &[("a_photo", "me.jpg")], &empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Too large a file, a file for a text field: refused, nothing filed.
    let big = [("a_photo", "me.jpg", vec![1u8; 4096])];
    let (status, _, page) = order_with_files(&ui, &form, &[], &big).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("at most"), "{page}");
    let wrong = [("a_photo", "me.jpg", b"JPEG".to_vec()), ("a_note", "note.txt", b"x".to_vec())];
    let (status, _, _) = order_with_files(&ui, &form, &[], &wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(my_requests(&s, &fx.requester).await.is_empty(), "nothing was filed");
    let (_, tickets) = s.api(Some(&fx.requester), Method::GET, "/api/v1/tickets", None).await;
    assert!(tickets["items"].as_array().unwrap().is_empty(), "{tickets}");

    // With the file: ordered, its name the answer, the file on the request's ticket.
    let photo = [("a_photo", "../../me<1>.jpg", b"JPEGDATA".to_vec())];
    let (status, location, _) = order_with_files(&ui, &form, &[("a_note", "Blue lanyard")], &photo).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let requests = my_requests(&s, &fx.requester).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(location, format!("/portal/requests/{}", request["id"]));
    assert_eq!(request["answers"]["photo"], "me1.jpg", "{request}");
    let ticket = request["ticket_id"].as_i64().unwrap();
    let (status, files) =
        s.api(Some(&fx.requester), Method::GET, &format!("/api/v1/tickets/{ticket}/attachments"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(files.as_array().unwrap().len(), 1, "{files}");
    assert_eq!(
        (files[0]["filename"].as_str(), files[0]["uploaded_by"].as_i64()),
        (Some("me1.jpg"), Some(fx.requester.id))
    );
    let file = files[0]["id"].as_i64().unwrap();
    // The requester downloads it (API and page); an employee of another department and
    // another organisation's agent do not find it; the organisation's agent does.
    let download = |who: &Person| {
        TestServer::client()
            .get(format!("{}/api/v1/attachments/{file}/content", s.base))
            .bearer_auth(who.token.clone())
            .send()
    };
    let res = download(&fx.requester).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"JPEGDATA");
    let (status, _) = ui.get(&format!("/attachments/{file}")).await;
    assert_eq!(status, StatusCode::OK);
    for who in [&fx.outsider, &fx.foreign_agent] {
        assert_eq!(download(who).await.unwrap().status(), StatusCode::NOT_FOUND, "{}", who.email);
    }
    assert_eq!(download(&fx.agent).await.unwrap().status(), StatusCode::OK);

    // The API takes the file's name, and the file goes to the request's ticket after.
    let order = json!({"item_id": id, "answers": {"photo": "scan.pdf"}});
    let (status, r) = s.api(Some(&fx.colleague), Method::POST, "/api/v1/catalog/requests", Some(order)).await;
    assert_eq!((status, r["answers"]["photo"].as_str()), (StatusCode::CREATED, Some("scan.pdf")), "{r}");
    let part = Part::bytes(b"%PDF".to_vec()).file_name("scan.pdf");
    let res = TestServer::client()
        .post(format!("{}/api/v1/tickets/{}/attachments", s.base, r["ticket_id"]))
        .bearer_auth(&fx.colleague.token)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

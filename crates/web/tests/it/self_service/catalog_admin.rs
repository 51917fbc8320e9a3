//! The catalog's administration pages and its categories' API: a manager builds an item
//! with two fields and two tasks on its form, edits it, and a save against a version
//! someone else replaced is refused (409) with the input kept, then saved on purpose;
//! hostile input (a script in the name, a field of no kind, a negative cost, another
//! organisation's team) is refused on the form, changing nothing, or shown as text;
//! agents and requesters are refused the pages (403) and another organisation's manager
//! finds no item of Acme's (404); categories are added on the page and through the API
//! (201 with Location), listed to the employees they are offered to and to nobody else.

use helmdesk_store::{Backend, backend_tests};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::{Person, TestServer, UiSession, hidden, person};

backend_tests!(a_manager_builds_an_item_on_its_form_and_a_stale_save_keeps_the_input);
backend_tests!(hostile_input_on_the_item_form_is_refused_and_changes_nothing);
backend_tests!(only_the_items_managers_reach_its_form);
backend_tests!(categories_are_added_on_the_page_and_through_the_api);

/// The items `who` manages, by name, from the API.
async fn managed(s: &TestServer, who: &Person) -> Vec<Value> {
    let (status, list) = s.api(Some(who), Method::GET, "/api/v1/catalog/items?managed=true", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"].as_array().unwrap().clone()
}

/// The managed item named `name`.
async fn item_named(s: &TestServer, name: &str) -> Value {
    let items = managed(s, &s.fx.manager).await;
    items.into_iter().find(|i| i["name"] == name).unwrap_or_else(|| panic!("no item {name}"))
}

/// The form of a laptop with a choice of model and, for the powerful one, a reason; two
/// tasks in two stages for the fixture's team; a blank field row and a blank task row.
fn laptop_form(s: &TestServer, name: &str) -> Vec<(String, String)> {
    let team = s.fx.team.to_string();
    [
        ("name", name),
        ("description", "A laptop for work"),
        ("organisation_id", &s.fx.acme.to_string()),
        ("cost", "1899.00"),
        ("currency", "EUR"),
        ("delivery_days", "5"),
        ("active", "on"),
        ("departments", &s.fx.finance.to_string()),
        ("approval_chain_id", ""),
        ("reserve_type_id", ""),
        ("category_id", ""),
        ("field-0-key", "model"),
        ("field-0-label", "Model"),
        ("field-0-kind", "choice"),
        ("field-0-options", "Standard, Power"),
        ("field-0-required", "on"),
        ("field-1-key", "reason"),
        ("field-1-label", "Why the powerful one"),
        ("field-1-kind", "text"),
        ("field-1-max_length", "200"),
        ("field-1-when_field", "model"),
        ("field-1-when_op", "equals"),
        ("field-1-when_value", "Power"),
        ("field-2-key", ""),
        ("field-2-label", ""),
        ("field-2-kind", "text"),
        ("task-0-title", "Order it"),
        ("task-0-team", &team),
        ("task-0-stage", "1"),
        ("task-1-title", "Set it up"),
        ("task-1-team", &team),
        ("task-1-stage", "2"),
        ("task-2-title", ""),
        ("task-2-team", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// `form` with `changes` set (a name posted again replaces its first value).
fn with(form: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = form.to_vec();
    for (k, v) in changes {
        match out.iter_mut().find(|(name, _)| name == k) {
            Some(pair) => pair.1 = v.to_string(),
            None => out.push((k.to_string(), v.to_string())),
        }
    }
    out
}

async fn post(ui: &UiSession, path: &str, form: &[(String, String)]) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    ui.post(path, &fields).await
}

async fn a_manager_builds_an_item_on_its_form_and_a_stale_save_keeps_the_input(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let ui = s.session(&fx.manager).await;
    let (status, page) = ui.get("/admin/catalog").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/admin/catalog/new\""), "a New item button");
    assert!(!page.contains("through the API"));
    let (status, page) = ui.get("/admin/catalog/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"field-1-key\"") && page.contains("name=\"task-1-title\""), "blank rows");

    let (status, _) = post(&ui, "/admin/catalog/new", &laptop_form(&s, "New laptop")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let item = item_named(&s, "New laptop").await;
    let id = item["id"].as_i64().unwrap();
    let (_, page) = ui.get(&format!("/admin/catalog/{id}")).await;
    assert!(page.contains("Item New laptop saved"), "confirmed");
    assert_eq!((item["cost"]["minor"].as_i64(), item["cost"]["currency"].as_str()), (Some(189_900), Some("EUR")));
    assert_eq!(item["delivery_days"], 5);
    assert_eq!(item["departments"], serde_json::json!([fx.finance]));
    assert_eq!(item["fields"].as_array().unwrap().len(), 2, "the blank row is no field: {item}");
    assert_eq!(item["fields"][0]["options"], serde_json::json!(["Standard", "Power"]));
    assert_eq!(item["fields"][0]["required"], true);
    assert_eq!(item["fields"][1]["required"], false);
    assert_eq!(item["fields"][1]["max_length"], 200);
    assert_eq!(item["fields"][1]["shown_when"]["value"], "Power");
    let stages: Vec<i64> = item["tasks"].as_array().unwrap().iter().map(|t| t["stage"].as_i64().unwrap()).collect();
    assert_eq!(stages, [1, 2]);

    // The list links the item's form and its order form.
    let (_, list) = ui.get("/admin/catalog").await;
    assert!(
        list.contains(&format!("href=\"/admin/catalog/{id}\""))
            && list.contains(&format!("href=\"/portal/catalog/{id}\""))
    );

    // Its form, filled: a field removed by emptying its row, the name changed.
    let path = format!("/admin/catalog/{id}");
    let (status, page) = ui.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("value=\"New laptop\"") && page.contains("value=\"1899.00\"") && page.contains("value=\"Power\"")
    );
    let opened = hidden(&page, "version").unwrap();
    assert_eq!(opened, item["version"].to_string());
    let edit = with(
        &laptop_form(&s, "New laptop 14"),
        &[("version", &opened), ("field-1-key", ""), ("field-1-label", ""), ("cost", "")],
    );
    let (status, _) = post(&ui, &path, &edit).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let saved = item_named(&s, "New laptop 14").await;
    assert_eq!(saved["fields"].as_array().unwrap().len(), 1);
    assert!(saved["cost"].is_null(), "an emptied cost is none");
    assert_eq!(saved["version"], item["version"].as_i64().unwrap() + 1);

    // Saved against the version first opened: refused, the input kept, nothing changed.
    let stale = with(&edit, &[("name", "Old laptop")]);
    let (status, page) = post(&ui, &path, &stale).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("value=\"Old laptop\"") && page.contains("Someone saved this item"), "{page}");
    assert_eq!(item_named(&s, "New laptop 14").await["version"], saved["version"]);
    // Saved again from that page, on purpose.
    let current = hidden(&page, "version").unwrap();
    assert_eq!(current, saved["version"].to_string());
    let (status, _) = post(&ui, &path, &with(&stale, &[("version", &current)])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    item_named(&s, "Old laptop").await;
}

async fn hostile_input_on_the_item_form_is_refused_and_changes_nothing(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let ui = s.session(&fx.manager).await;
    let now = s.app.now_micros();
    let mut tx = s.app.store().begin().await.unwrap();
    let foreign_team = s.app.store().create_team(&mut tx, Some(fx.other_corp), "Their desk", "", &[], now).await;
    let foreign_team = foreign_team.unwrap().id.to_string();
    tx.commit().await.unwrap();

    let good = laptop_form(&s, "Laptop");
    for (change, says) in [
        (("field-0-kind", "script"), "fields[0].kind"),
        (("cost", "-5.00"), "cost"),
        (("cost", "12.345"), "cost"),
        (("task-1-team", foreign_team.as_str()), "does not serve this organisation"),
        (("field-1-key", "Bad Key"), "is not a field key"),
        (("field-1-when_field", "nothing"), "must be a field above it"),
    ] {
        let (status, page) = post(&ui, "/admin/catalog/new", &with(&good, &[change])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{change:?}");
        assert!(page.contains(says), "{change:?}: {page}");
        assert!(page.contains("value=\"Why the powerful one\""), "the input is kept");
    }
    assert!(managed(&s, &fx.manager).await.is_empty(), "nothing was created");

    // A script in the name is a name, drawn as text.
    let script = "<script>alert(1)</script>";
    let (status, _) = post(&ui, "/admin/catalog/new", &with(&good, &[("name", script)])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let item = item_named(&s, script).await;
    let path = format!("/admin/catalog/{}", item["id"]);
    for page in ["/admin/catalog", path.as_str()] {
        let (_, html) = ui.get(page).await;
        assert!(!html.contains(script) && html.contains("&#60;script&#62;alert(1)"), "{page}");
    }

    // On the edit form: refused with the input kept, the item as it was.
    let version = item["version"].to_string();
    let edit = with(&good, &[("version", &version), ("name", "Renamed"), ("task-0-team", &foreign_team)]);
    let (status, page) = post(&ui, &path, &edit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Renamed\"") && page.contains("does not serve"));
    let after = item_named(&s, script).await;
    assert_eq!(after["version"], item["version"]);
    assert_eq!(after["tasks"], item["tasks"]);
}

async fn only_the_items_managers_reach_its_form(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let (status, _) = post(&s.session(&fx.manager).await, "/admin/catalog/new", &laptop_form(&s, "Laptop")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let path = format!("/admin/catalog/{}", item_named(&s, "Laptop").await["id"]);
    let form = laptop_form(&s, "Taken over");
    for who in [&fx.agent, &fx.requester] {
        let ui = s.session(who).await;
        for page in ["/admin/catalog", "/admin/catalog/new", path.as_str()] {
            assert_eq!(ui.get(page).await.0, StatusCode::FORBIDDEN, "{} {page}", who.email);
        }
        assert_eq!(post(&ui, &path, &form).await.0, StatusCode::FORBIDDEN, "{}", who.email);
        assert_eq!(post(&ui, "/admin/catalog/new", &form).await.0, StatusCode::FORBIDDEN, "{}", who.email);
    }
    let theirs = person(&s.app, "manager@other.example", "manager", fx.other_corp, None).await;
    let ui = s.session(&theirs).await;
    assert_eq!(ui.get(&path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(post(&ui, &path, &form).await.0, StatusCode::NOT_FOUND);
    let (status, list) = ui.get("/admin/catalog").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!list.contains("Laptop"), "Acme's item is not theirs to list");
    assert_eq!(item_named(&s, "Laptop").await["version"], 1, "unchanged");
}

async fn categories_are_added_on_the_page_and_through_the_api(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let new = serde_json::json!({"name": "Hardware"});
    let (status, headers, category) =
        s.api_full(Some(&fx.manager), Method::POST, "/api/v1/catalog/categories", Some(new.clone()), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    let location = headers["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/catalog/categories/{}", category["id"]));
    let (status, again) = s.api(Some(&fx.manager), Method::POST, "/api/v1/catalog/categories", Some(new)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a name once in an organisation: {again}");
    let (status, _) = s
        .api(Some(&fx.requester), Method::POST, "/api/v1/catalog/categories", Some(serde_json::json!({"name": "Mine"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Offered to Acme's employees; not to Other Corp.
    for (who, listed, one) in [(&fx.requester, true, StatusCode::OK), (&fx.foreign_agent, false, StatusCode::NOT_FOUND)]
    {
        let (status, list) = s.api(Some(who), Method::GET, "/api/v1/catalog/categories", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["items"].as_array().unwrap().iter().any(|c| c["name"] == "Hardware"), listed, "{list}");
        assert_eq!(s.api(Some(who), Method::GET, &location, None).await.0, one, "{}", who.email);
    }

    // On the page: added and confirmed; a second time refused with the name kept.
    let ui = s.session(&fx.manager).await;
    let acme = fx.acme.to_string();
    let (status, _) = ui.post("/admin/catalog/categories", &[("name", "Software"), ("organisation_id", &acme)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = ui.get("/admin/catalog").await;
    assert!(page.contains("Category Software added") && page.contains("Hardware"), "{page}");
    let (status, page) =
        ui.post("/admin/catalog/categories", &[("name", "Software"), ("organisation_id", &acme)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Software\""));
    let other = fx.other_corp.to_string();
    let (status, _) = ui.post("/admin/catalog/categories", &[("name", "Theirs"), ("organisation_id", &other)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not one of the manager's organisations");
    let (_, form) = ui.get("/admin/catalog/new").await;
    assert!(form.contains("Software (Acme)"), "the item form offers the category");
}

//! CSV imports and the lists' exports over HTTP, on both backends: the API's dry run writes
//! nothing, an import creates once and a second run is unchanged, files too large or with
//! unknown or doubled columns are refused whole; a requester is refused, another
//! organisation's manager never touches Acme's assets, and people are for administrators,
//! who may also set a department's head, its cost centre and that centre's owner.
//! The pages upload a file, preview it with its row errors, and import it once, for its
//! uploader only. Exports are CSV or XLSX of the caller's organisation, formulas defused.

use helmdesk_app::Actor;
use helmdesk_app::assets::hardware::{Asset, AssetQuery};
use helmdesk_app::platform::csv_files::FILE_MAX;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::common::{Person, TestServer, UiSession, person};

backend_tests!(
    the_api_previews_then_imports_once_and_refuses_bad_files_whole,
    another_organisation_never_touches_acmes_assets_and_people_are_for_administrators,
    the_people_import_sets_a_department_head_its_cost_centre_and_owner,
    a_file_is_uploaded_previewed_and_imported_once_by_its_uploader,
    exports_are_the_callers_organisation_as_csv_or_xlsx_with_formulas_defused,
);

/// A good row, and one of a type that does not exist (line 3), with a column ignored.
const LAPTOPS: &str =
    "tag,name,type,serial,colour\nLAP-1,Ada's laptop,Laptop,SN-1,red\nLAP-2,Toast,Toaster,SN-2,blue\n";

async fn start(backend: Backend) -> TestServer {
    let server = TestServer::start(backend).await;
    server.app.default_asset_types().await.unwrap();
    server
}

/// Posts `file` to `POST /api/v1/imports/{kind}{query}` as `who`.
async fn import(
    server: &TestServer,
    who: &Person,
    kind_and_query: &str,
    file: impl Into<Vec<u8>>,
) -> (StatusCode, Value) {
    let res = TestServer::client()
        .post(format!("{}/api/v1/imports/{kind_and_query}", server.base))
        .bearer_auth(&who.token)
        .header(CONTENT_TYPE, "text/csv")
        .body(file.into())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Downloads `path` as `who`: the status, the headers and the file.
async fn download(server: &TestServer, who: &Person, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let res = TestServer::client().get(format!("{}{path}", server.base)).bearer_auth(&who.token).send().await.unwrap();
    (res.status(), res.headers().clone(), res.bytes().await.unwrap().to_vec())
}

async fn assets(server: &TestServer, who: &Person) -> Vec<Asset> {
    let actor: Actor = server.app.actor_by_id(who.id).await.unwrap();
    server.app.list_assets(&actor, &AssetQuery::default()).await.unwrap().items
}

fn counts(report: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| report[k].as_i64().unwrap();
    (n("created"), n("updated"), n("unchanged"), n("failed"))
}

fn error_field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or_default()
}

/// Each row's action and the column of its first error.
fn outcomes(report: &Value) -> Vec<(&str, &str)> {
    let rows = report["rows"].as_array().unwrap();
    rows.iter().map(|r| (r["action"].as_str().unwrap(), error_field(r))).collect()
}

async fn the_api_previews_then_imports_once_and_refuses_bad_files_whole(backend: Backend) {
    let server = start(backend).await;
    let fx = &server.fx;
    let (status, preview) = import(&server, &fx.manager, "assets?dry_run=true", LAPTOPS).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!((preview["dry_run"].as_bool(), counts(&preview)), (Some(true), (1, 0, 0, 1)));
    assert_eq!(preview["ignored_columns"], serde_json::json!(["colour"]));
    let bad = &preview["rows"][1];
    assert_eq!((bad["line"].as_i64(), bad["action"].as_str(), error_field(bad)), (Some(3), Some("error"), "type"));
    assert!(assets(&server, &fx.manager).await.is_empty(), "a dry run writes nothing");

    let (status, done) = import(&server, &fx.manager, "assets", LAPTOPS).await;
    assert_eq!((status, counts(&done)), (StatusCode::OK, (1, 0, 0, 1)));
    let list = assets(&server, &fx.manager).await;
    assert_eq!((list.len(), done["rows"][0]["id"].as_i64()), (1, Some(list[0].id)));
    let (_, again) = import(&server, &fx.manager, "assets", LAPTOPS).await;
    assert_eq!(counts(&again), (0, 0, 1, 1), "a second run is unchanged");

    let (status, body) = import(&server, &fx.manager, "assets", vec![b'x'; FILE_MAX + 1]).await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));
    let (status, _) = import(&server, &fx.manager, "assets", vec![b'x'; FILE_MAX + 128 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "a body over the route's limit");
    for file in ["colour,size\nred,2\n", "name,Name\na,b\n", "tag,type\nLAP-9,Laptop\n"] {
        let (status, body) = import(&server, &fx.manager, "assets", file).await;
        assert_eq!((status, error_field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "file"), "{file}: {body}");
    }
    for who in [&fx.requester, &fx.agent] {
        let (status, _) = import(&server, who, "assets?dry_run=true", LAPTOPS).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", who.email);
    }
    assert_eq!(assets(&server, &fx.manager).await.len(), 1, "nothing refused was written");
}

async fn another_organisation_never_touches_acmes_assets_and_people_are_for_administrators(backend: Backend) {
    let server = start(backend).await;
    let fx = &server.fx;
    import(&server, &fx.manager, "assets", LAPTOPS).await;
    let oscar = person(&server.app, "manager@other.example", "manager", fx.other_corp, None).await;
    // Acme's serial is another device to Other Corp; Acme's tag and Acme itself are refused.
    let file = "tag,name,type,serial,organisation\n\
        OTH-1,Other laptop,Laptop,SN-1,\n\
        LAP-1,Their LAP-1,Laptop,SN-7,\n\
        OTH-2,Sneaky,Laptop,SN-9,Acme\n";
    let (_, preview) = import(&server, &oscar, "assets?dry_run=true", file).await;
    let (status, done) = import(&server, &oscar, "assets", file).await;
    assert_eq!((status, counts(&done)), (StatusCode::OK, (1, 0, 0, 2)), "{done}");
    assert_eq!(outcomes(&done), [("create", ""), ("error", "tag"), ("error", "organisation")]);
    assert_eq!(outcomes(&preview), outcomes(&done), "the preview says what the import does");
    let acme = assets(&server, &fx.manager).await;
    assert_eq!((acme.len(), acme[0].name.as_str()), (1, "Ada's laptop"));
    let theirs = assets(&server, &oscar).await;
    assert_eq!((theirs.len(), theirs[0].organisation.as_str()), (1, "Other Corp"));

    let people = "name,email,role\nBea Boss,bea@acme.example,agent\n";
    let (status, _) = import(&server, &fx.manager, "people?dry_run=true", people).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "people are imported by administrators only");
    let (status, done) = import(&server, &fx.admin, "people", people).await;
    assert_eq!((status, counts(&done)), (StatusCode::OK, (1, 0, 0, 0)));
}

/// Reads `GET {path}` as `who`, a list, and the item with `id`.
async fn item(server: &TestServer, who: &Person, path: &str, id: i64) -> Value {
    let res = TestServer::client().get(format!("{}{path}", server.base)).bearer_auth(&who.token).send().await.unwrap();
    let list: Value = res.json().await.unwrap();
    list.as_array().unwrap().iter().find(|i| i["id"] == id).cloned().unwrap()
}

async fn the_people_import_sets_a_department_head_its_cost_centre_and_owner(backend: Backend) {
    let server = start(backend).await;
    let fx = &server.fx;
    let centre = serde_json::json!({"organisation_id": fx.acme, "code": "CC-4100", "name": "Finance"});
    let res = TestServer::client()
        .post(format!("{}/api/v1/cost-centres", server.base))
        .bearer_auth(&fx.admin.token)
        .json(&centre)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let centre = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // The requester, of Finance, heads it and owns its new cost centre; Other Corp's agent
    // cannot name Acme's cost centre, and "perhaps" is no answer.
    let file = format!(
        "email,department_head,cost_centre,cost_centre_owner
{},yes,CC-4100,yes
{},,CC-4100,
{},perhaps,,
",
        fx.requester.email, fx.foreign_agent.email, fx.colleague.email
    );
    let (status, preview) = import(&server, &fx.admin, "people?dry_run=true", file.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(item(&server, &fx.admin, "/api/v1/departments", fx.finance).await["head_id"], Value::Null);
    let (status, done) = import(&server, &fx.admin, "people", file.clone()).await;
    assert_eq!((status, counts(&done)), (StatusCode::OK, (0, 1, 0, 2)), "{done}");
    assert_eq!(outcomes(&done), [("update", ""), ("error", "cost_centre"), ("error", "department_head")]);
    assert_eq!(outcomes(&preview), outcomes(&done), "the preview says what the import does");
    let finance = item(&server, &fx.admin, "/api/v1/departments", fx.finance).await;
    assert_eq!((&finance["head_id"], &finance["cost_centre_id"]), (&fx.requester.id.into(), &centre.into()));
    let owner = &item(&server, &fx.admin, "/api/v1/cost-centres", centre).await["owner_id"];
    assert_eq!(owner, &Value::from(fx.requester.id));
    let (_, again) = import(&server, &fx.admin, "people", file).await;
    assert_eq!(counts(&again), (0, 0, 1, 2), "a second run changes nothing");
}

/// Posts the upload form with `file` named `name`.
async fn upload(ui: &UiSession, kind: &str, name: &str, file: &str) -> reqwest::Response {
    let form = Form::new()
        .text("csrf", ui.csrf.clone())
        .text("kind", kind.to_string())
        .part("file", Part::bytes(file.as_bytes().to_vec()).file_name(name.to_string()));
    ui.client.post(format!("{}/imports", ui.base)).multipart(form).send().await.unwrap()
}

async fn a_file_is_uploaded_previewed_and_imported_once_by_its_uploader(backend: Backend) {
    let server = start(backend).await;
    let fx = &server.fx;
    let mia = server.session(&fx.manager).await;
    let (status, page) = mia.get("/imports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"import-upload\"") && page.contains("value=\"assets\""), "{page}");
    assert!(!page.contains("value=\"people\""), "people are for administrators");

    let res = upload(&mia, "assets", "laptops.csv", LAPTOPS).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let preview = res.headers()["location"].to_str().unwrap().to_string();
    let (status, page) = mia.get(&preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("File uploaded: check the preview, then import"), "{page}");
    assert!(page.contains("Import of laptops.csv") && page.contains("Preview: nothing has been written yet"));
    assert!(page.contains("To create or created: 1") && page.contains("With errors, skipped: 1"), "{page}");
    assert!(page.contains("<tr class=\"import-error\"><td>3</td>") && page.contains("type: no such asset type"));
    assert!(assets(&server, &fx.manager).await.is_empty(), "a preview writes nothing");

    // Another person's upload is not there for them.
    let admin = server.session(&fx.admin).await;
    assert_eq!(admin.get(&preview).await.0, StatusCode::NOT_FOUND);
    assert_eq!(admin.post(&format!("{preview}/confirm"), &[]).await.0, StatusCode::NOT_FOUND);

    let (status, _) = mia.post(&format!("{preview}/confirm"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = mia.get(&preview).await;
    assert!(page.contains("class=\"notice flash\" role=\"status\""), "a confirmation is shown");
    assert!(page.contains("Import done: 1 created, 0 updated, 0 unchanged, 1 skipped with errors"), "{page}");
    assert!(page.contains("Imported") && !page.contains("id=\"import-confirm\""), "{page}");
    assert_eq!(assets(&server, &fx.manager).await.len(), 1);
    let (status, page) = mia.post(&format!("{preview}/confirm"), &[]).await;
    assert_eq!(status, StatusCode::CONFLICT, "a file is imported once");
    assert!(page.contains("imported already"), "{page}");

    // A file that cannot be read is refused on the form, what was chosen kept.
    let res = upload(&mia, "software", "firefox.csv", "product,colour\nFirefox,red\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("role=\"alert\"") && page.contains("the file has no column device"), "{page}");
    assert!(page.contains("<option value=\"software\" selected"), "{page}");
}

async fn exports_are_the_callers_organisation_as_csv_or_xlsx_with_formulas_defused(backend: Backend) {
    let server = start(backend).await;
    let fx = &server.fx;
    let file = "tag,name,type,serial,cost,currency\nLAP-1,=HYPERLINK(\"http://evil\"),Laptop,SN-1,1299.50,EUR\n";
    import(&server, &fx.manager, "assets", file).await;
    let oscar = person(&server.app, "manager@other.example", "manager", fx.other_corp, None).await;
    import(&server, &oscar, "assets", "tag,name,type\nOTH-1,Other laptop,Laptop\n").await;

    let (status, headers, csv) = download(&server, &fx.manager, "/api/v1/assets/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("tag,name,type,organisation,state,serial"), "{csv}");
    assert!(csv.contains("LAP-1,\"'=HYPERLINK(\"\"http://evil\"\")\",Laptop,Acme") && !csv.contains("OTH-1"), "{csv}");
    // An export imports as it was.
    let (_, again) = import(&server, &fx.manager, "assets?dry_run=true", csv.clone()).await;
    assert_eq!(counts(&again), (0, 0, 1, 0), "{again}");

    let (status, headers, xlsx) = download(&server, &fx.manager, "/api/v1/assets/export?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(xlsx.starts_with(b"PK"), "an XLSX file is a ZIP");
    assert_eq!(download(&server, &fx.requester, "/api/v1/assets/export").await.0, StatusCode::FORBIDDEN);

    for (list, header) in [
        ("software", "publisher,product,"),
        ("licences", "name,publisher,product,"),
        ("cis", "name,class,"),
        ("users", "name,email,role,"),
    ] {
        let (status, _, body) = download(&server, &fx.admin, &format!("/api/v1/{list}/export?format=csv")).await;
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, StatusCode::OK, "{list}: {body}");
        assert!(body.starts_with(header), "{list}: {body}");
    }
}

//! A department's head, the cost centre it books to and that cost centre's owner, set by
//! the people import's `department_head`, `cost_centre` and `cost_centre_owner` columns:
//! each column, a preview that says what the import then does and writes nothing, a second
//! run that changes nothing, hostile cells refused row by row with nothing of the row
//! written, an inactive person refused as head and owner, another organisation's cost
//! centres not found, and a subsidiary booking to its parent's cost centre under the API's
//! rules.

use helmdesk_app::assets::imports::{ImportKind, ImportReport, RowAction};
use helmdesk_app::platform::orgs::{CostCentreInput, DepartmentInput, DepartmentUpdate, OrganisationInput};
use helmdesk_app::platform::users::UserUpdate;
use helmdesk_store::{Backend, backend_tests};

use crate::assets::{World, world};

backend_tests!(
    each_column_sets_a_head_a_cost_centre_and_its_owner,
    hostile_cells_and_an_inactive_person_are_refused_and_change_nothing,
    another_organisations_cost_centres_are_not_found,
);

/// Acme's Sales and Finance, and its cost centres CC-4100 and CC-5200; Other Corp's Ops and
/// OC-1.
struct Books {
    sales: i64,
    finance: i64,
    ops: i64,
    cc4100: i64,
    cc5200: i64,
    oc1: i64,
}

async fn books(w: &World) -> Books {
    let department = |organisation_id: i64, name: &str| {
        w.app.create_department(&w.admin, DepartmentInput { organisation_id, name: name.into() })
    };
    let centre = |organisation_id: i64, code: &str| {
        let input =
            CostCentreInput { organisation_id, code: code.into(), name: format!("Centre {code}"), owner_id: None };
        w.app.create_cost_centre(&w.admin, input)
    };
    Books {
        sales: department(w.acme, "Sales").await.unwrap().id,
        finance: department(w.acme, "Finance").await.unwrap().id,
        ops: department(w.other, "Ops").await.unwrap().id,
        cc4100: centre(w.acme, "CC-4100").await.unwrap().id,
        cc5200: centre(w.acme, "CC-5200").await.unwrap().id,
        oc1: centre(w.other, "OC-1").await.unwrap().id,
    }
}

async fn import(w: &World, file: &str, dry_run: bool) -> ImportReport {
    w.app.import_csv(&w.admin, ImportKind::People, file.as_bytes(), dry_run, "people").await.unwrap()
}

/// What every row does or would do: its action and the columns of its errors.
fn actions(report: &ImportReport) -> Vec<(RowAction, Vec<String>)> {
    let columns = |r: &helmdesk_app::assets::imports::RowOutcome| {
        r.errors.iter().map(|e| e.field.clone().unwrap_or_default()).collect()
    };
    report.rows.iter().map(|r| (r.action, columns(r))).collect()
}

/// Each department's head and cost centre, and each cost centre's owner: what a refused
/// row or a preview must leave as it was.
async fn state(w: &World) -> (Vec<(i64, Option<i64>, Option<i64>)>, Vec<(i64, Option<i64>)>) {
    let depts = w.app.list_departments(&w.admin).await.unwrap();
    let centres = w.app.list_cost_centres(&w.admin).await.unwrap();
    (
        depts.into_iter().map(|d| (d.id, d.head_id, d.cost_centre_id)).collect(),
        centres.into_iter().map(|c| (c.id, c.owner_id)).collect(),
    )
}

async fn department(w: &World, id: i64) -> (Option<i64>, Option<i64>) {
    let d = w.app.list_departments(&w.admin).await.unwrap().into_iter().find(|d| d.id == id).unwrap();
    (d.head_id, d.cost_centre_id)
}

async fn owner(w: &World, id: i64) -> Option<i64> {
    w.app.list_cost_centres(&w.admin).await.unwrap().into_iter().find(|c| c.id == id).unwrap().owner_id
}

/// Imports `file` after its preview, which must have said the same and written nothing.
async fn previewed_then_imported(w: &World, file: &str) -> ImportReport {
    let before = state(w).await;
    let preview = import(w, file, true).await;
    assert_eq!(state(w).await, before, "a preview writes nothing");
    let done = import(w, file, false).await;
    assert_eq!(actions(&preview), actions(&done), "the preview says what the import does");
    assert_eq!(
        (preview.created, preview.updated, preview.unchanged, preview.failed),
        (done.created, done.updated, done.unchanged, done.failed)
    );
    done
}

async fn each_column_sets_a_head_a_cost_centre_and_its_owner(backend: Backend) {
    let w = world(backend).await;
    let b = books(&w).await;
    // Ann heads Sales, which books to CC-4100, whose owner she is; Rita moves to Finance,
    // which books to CC-5200 (its code written in another case); Nia, new, heads Finance
    // and owns CC-5200 (the row names it: the preview does not see Rita's row written).
    let file = "email,name,department,department_head,cost_centre,cost_centre_owner\n\
        ann@acme.example,,Sales,yes,CC-4100,Yes\n\
        rita@acme.example,,Finance,,cc-5200,\n\
        nia@acme.example,Nia New,Finance,TRUE,CC-5200,1\n";
    let done = previewed_then_imported(&w, file).await;
    let expected = [RowAction::Update, RowAction::Update, RowAction::Create];
    assert_eq!(done.rows.iter().map(|r| r.action).collect::<Vec<_>>(), expected, "{:?}", done.rows);
    let nia = done.rows[2].id.unwrap();
    assert_eq!(department(&w, b.sales).await, (Some(w.agent.id), Some(b.cc4100)));
    assert_eq!(department(&w, b.finance).await, (Some(nia), Some(b.cc5200)));
    assert_eq!((owner(&w, b.cc4100).await, owner(&w, b.cc5200).await), (Some(w.agent.id), Some(nia)));
    assert_eq!(w.app.user(&w.admin, w.rita.id).await.unwrap().department_id, Some(b.finance));

    let again = previewed_then_imported(&w, file).await;
    assert_eq!(again.unchanged, 3, "a second run changes nothing: {:?}", again.rows);

    // `no` takes away what is this person's, and only that; an empty cell changes nothing.
    let file = "email,department_head,cost_centre_owner,cost_centre\n\
        ann@acme.example,no,false,\n\
        rita@acme.example,no,0,\n\
        nia@acme.example,,,\n";
    let done = previewed_then_imported(&w, file).await;
    let expected = [RowAction::Update, RowAction::Unchanged, RowAction::Unchanged];
    assert_eq!(done.rows.iter().map(|r| r.action).collect::<Vec<_>>(), expected, "{:?}", done.rows);
    assert_eq!(department(&w, b.sales).await, (None, Some(b.cc4100)), "Sales still books to CC-4100");
    assert_eq!(owner(&w, b.cc4100).await, None);
    assert_eq!(department(&w, b.finance).await, (Some(nia), Some(b.cc5200)), "Rita was not Finance's head");
    assert_eq!(owner(&w, b.cc5200).await, Some(nia));

    // Owning the cost centre the department already books to; moving it to another one.
    let file = "email,cost_centre_owner,cost_centre\nann@acme.example,yes,\nrita@acme.example,,CC-4100\n";
    let done = previewed_then_imported(&w, file).await;
    assert_eq!((done.updated, done.failed), (2, 0), "{:?}", done.rows);
    assert_eq!(owner(&w, b.cc4100).await, Some(w.agent.id));
    assert_eq!(department(&w, b.finance).await, (Some(nia), Some(b.cc4100)));
    // The template's header imports as the other columns always did.
    let plain = "name,email,role,organisation,department,manager,department_head,cost_centre,cost_centre_owner\n\
        Ola Plain,ola@acme.example,requester,Acme,,,,,\n";
    assert_eq!(previewed_then_imported(&w, plain).await.created, 1);
    assert_eq!(department(&w, b.ops).await, (None, None), "Other Corp was never touched");
}

async fn hostile_cells_and_an_inactive_person_are_refused_and_change_nothing(backend: Backend) {
    let w = world(backend).await;
    let b = books(&w).await;
    let in_sales = UserUpdate { department_id: Some(Some(b.sales)), ..Default::default() };
    w.app.update_user(&w.admin, w.agent.id, in_sales.clone()).await.unwrap();
    // Aud, of Sales, heads it and owns CC-4100, which Sales books to; then Aud leaves.
    w.app.update_user(&w.admin, w.auditor.id, in_sales).await.unwrap();
    let head = DepartmentUpdate {
        head_id: Some(Some(w.auditor.id)),
        cost_centre_id: Some(Some(b.cc4100)),
        ..Default::default()
    };
    w.app.update_department(&w.admin, b.sales, head).await.unwrap();
    let owned = CostCentreInput {
        organisation_id: w.acme,
        code: "CC-4100".into(),
        name: "Centre CC-4100".into(),
        owner_id: Some(w.auditor.id),
    };
    w.app.update_cost_centre(&w.admin, b.cc4100, owned).await.unwrap();
    let gone = UserUpdate { active: Some(false), ..Default::default() };
    w.app.update_user(&w.admin, w.auditor.id, gone).await.unwrap();

    let file = "email,name,department,department_head,cost_centre,cost_centre_owner\n\
        ann@acme.example,,,maybe,,\n\
        ann@acme.example,,,,,=cmd|' /C calc'!A0\n\
        ann@acme.example,,,,CC-9999,\n\
        ann@acme.example,,,,\"'; DROP TABLE cost_centres;--\",\n\
        ann@acme.example,Ann Renamed,Finance,yes,,yes\n\
        rita@acme.example,,,,CC-4100,\n\
        rita@acme.example,,,yes,,\n\
        rita@acme.example,,,,,yes\n\
        rita@acme.example,,,no,,no\n\
        aud@acme.example,,Finance,yes,,\n\
        aud@acme.example,,Finance,,CC-5200,yes\n\
        new@acme.example,Nina,,,,yes\n";
    let before = state(&w).await;
    let done = previewed_then_imported(&w, file).await;
    let refused = |column: &str| (RowAction::Error, vec![column.to_string()]);
    let expected = vec![
        refused("department_head"),
        refused("cost_centre_owner"),
        refused("cost_centre"),
        refused("cost_centre"),
        // Finance books to no cost centre: Ann is neither renamed nor moved nor its head.
        refused("cost_centre_owner"),
        // Rita has no department.
        refused("cost_centre"),
        refused("department_head"),
        refused("cost_centre_owner"),
        (RowAction::Unchanged, vec![]),
        // Aud is inactive: neither head nor owner of anything more.
        refused("department_head"),
        refused("cost_centre_owner"),
        refused("cost_centre_owner"),
    ];
    assert_eq!(actions(&done), expected, "{:?}", done.rows);
    let details: Vec<_> = done.rows.iter().flat_map(|r| r.errors.iter().map(|e| e.detail.as_str())).collect();
    assert_eq!(details[2], "no such cost centre in the organisation");
    assert!(details[5].contains("needs a department"), "{}", details[5]);
    assert!(details[8].contains("not active") && details[9].contains("not active"), "{details:?}");
    assert_eq!(state(&w).await, before, "no refused row changed a department or a cost centre");
    let ann = w.app.user(&w.admin, w.agent.id).await.unwrap();
    assert_eq!((ann.name.as_str(), ann.department_id), ("ann", Some(b.sales)), "a refused row writes nothing");
    assert!(w.app.user_id_with_email("new@acme.example").await.unwrap().is_none());

    // An inactive head or owner may still be taken away.
    let file = "email,department_head,cost_centre_owner\naud@acme.example,no,no\n";
    assert_eq!(previewed_then_imported(&w, file).await.updated, 1);
    assert_eq!((department(&w, b.sales).await, owner(&w, b.cc4100).await), ((None, Some(b.cc4100)), None));
}

async fn another_organisations_cost_centres_are_not_found(backend: Backend) {
    let w = world(backend).await;
    let b = books(&w).await;
    let file = "email,department,department_head,cost_centre,cost_centre_owner\n\
        olga@other.example,Ops,,CC-4100,\n\
        ann@acme.example,Sales,,OC-1,\n\
        olga@other.example,Ops,yes,OC-1,yes\n";
    let done = previewed_then_imported(&w, file).await;
    assert_eq!(done.rows[0].errors[0].detail, "no such cost centre in the organisation");
    assert_eq!(done.rows[1].errors[0].field.as_deref(), Some("cost_centre"));
    assert_eq!(done.rows[2].action, RowAction::Update, "{:?}", done.rows);
    assert_eq!(department(&w, b.ops).await, (Some(w.other_agent.id), Some(b.oc1)));
    assert_eq!(owner(&w, b.oc1).await, Some(w.other_agent.id));
    assert_eq!(department(&w, b.sales).await, (None, None));
    let ann = w.app.user(&w.admin, w.agent.id).await.unwrap();
    assert_eq!(ann.department_id, None, "the refused row did not move Ann");

    // A subsidiary's department may book to its parent's cost centre, as the API allows;
    // its people may not own the parent's cost centre (the owner is of its organisation
    // or one above). A person the row adds is checked as they will be.
    let benelux = OrganisationInput { name: "Acme Benelux".into(), parent_id: Some(w.acme) };
    let benelux = w.app.create_organisation(&w.admin, benelux).await.unwrap().id;
    let input = DepartmentInput { organisation_id: benelux, name: "Benelux Sales".into() };
    let bsales = w.app.create_department(&w.admin, input).await.unwrap().id;
    let file = "email,name,organisation,department,department_head,cost_centre,cost_centre_owner\n\
        ben@acme.example,Ben,Acme Benelux,Benelux Sales,yes,CC-4100,\n\
        bea@acme.example,Bea,Acme Benelux,Benelux Sales,,CC-4100,yes\n";
    let done = previewed_then_imported(&w, file).await;
    assert_eq!(done.rows[0].action, RowAction::Create, "{:?}", done.rows);
    assert_eq!(done.rows[1].errors[0].field.as_deref(), Some("cost_centre_owner"));
    assert!(done.rows[1].errors[0].detail.contains("another organisation"));
    assert_eq!(department(&w, bsales).await, (done.rows[0].id, Some(b.cc4100)));
    assert_eq!(owner(&w, b.cc4100).await, None);
}

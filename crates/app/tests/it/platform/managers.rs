//! A person's manager (who approves for them): an administrator sets it through the API's
//! use case or the people import; nobody is their own manager, a chain of managers never
//! loops, an unknown or inactive person is refused, and nobody but an administrator sets
//! it. Each refusal changes nothing.

use helmdesk_app::assets::imports::ImportKind;
use helmdesk_app::platform::users::UserUpdate;
use helmdesk_app::{Actor, AppError};
use helmdesk_store::{Backend, backend_tests};

use crate::assets::{World, world};

backend_tests!(a_manager_is_set_checked_and_cleared, the_people_import_names_managers_by_e_mail);

fn manager(id: Option<i64>) -> UserUpdate {
    UserUpdate { manager_id: Some(id), ..Default::default() }
}

async fn manager_of(w: &World, who: &Actor) -> Option<i64> {
    w.app.user(&w.admin, who.id).await.unwrap().manager_id
}

fn refused_on_manager(result: Result<helmdesk_app::platform::users::User, AppError>) -> String {
    match result {
        Err(AppError::Invalid(errors)) if errors[0].field.as_deref() == Some("manager_id") => errors[0].detail.clone(),
        other => panic!("expected a refusal on manager_id, got {other:?}"),
    }
}

async fn a_manager_is_set_checked_and_cleared(backend: Backend) {
    let w = world(backend).await;
    let (ann, rita) = (&w.agent, &w.rita);
    // Ann manages Rita.
    let saved = w.app.update_user(&w.admin, rita.id, manager(Some(ann.id))).await.unwrap();
    assert_eq!(saved.manager_id, Some(ann.id));

    let own = w.app.update_user(&w.admin, ann.id, manager(Some(ann.id))).await;
    assert!(refused_on_manager(own).contains("own manager"));
    // Rita managing Ann would close the loop Ann → Rita → Ann.
    let looped = w.app.update_user(&w.admin, ann.id, manager(Some(rita.id))).await;
    assert!(refused_on_manager(looped).contains("managed by this person"));
    let unknown = w.app.update_user(&w.admin, ann.id, manager(Some(999_999))).await;
    assert!(refused_on_manager(unknown).contains("no such person"));
    let gone = UserUpdate { active: Some(false), ..Default::default() };
    w.app.update_user(&w.admin, w.auditor.id, gone).await.unwrap();
    let inactive = w.app.update_user(&w.admin, ann.id, manager(Some(w.auditor.id))).await;
    assert!(refused_on_manager(inactive).contains("not active"));
    assert_eq!(manager_of(&w, ann).await, None, "every refusal changed nothing");

    let by_agent = w.app.update_user(ann, rita.id, manager(None)).await;
    assert!(matches!(by_agent, Err(AppError::Forbidden(_))), "{by_agent:?}");
    assert_eq!(manager_of(&w, rita).await, Some(ann.id));

    // A longer chain is followed too: Ada → Ann → Rita, so Rita cannot manage Ada.
    w.app.update_user(&w.admin, ann.id, manager(Some(w.admin.id))).await.unwrap();
    let chain = w.app.update_user(&w.admin, w.admin.id, manager(Some(rita.id))).await;
    assert!(refused_on_manager(chain).contains("managed by this person"));

    w.app.update_user(&w.admin, rita.id, manager(None)).await.unwrap();
    assert_eq!(manager_of(&w, rita).await, None);
}

async fn the_people_import_names_managers_by_e_mail(backend: Backend) {
    let w = world(backend).await;
    let run = |file: &'static str| w.app.import_csv(&w.admin, ImportKind::People, file.as_bytes(), false, "people");
    let file = "name,email,manager\n\
        Cai,cai@acme.example,ANN@acme.example\n\
        Dan,dan@acme.example,nobody@acme.example\n\
        Eve,eve@acme.example,eve@acme.example\n";
    let done = run(file).await.unwrap();
    assert_eq!((done.created, done.failed), (1, 2), "{:?}", done.rows);
    let columns: Vec<_> = done.rows[1..].iter().map(|r| r.errors[0].field.clone().unwrap()).collect();
    assert_eq!(columns, ["manager", "manager"]);
    let cai = w.app.user_id_with_email("cai@acme.example").await.unwrap().unwrap();
    assert_eq!(w.app.user(&w.admin, cai).await.unwrap().manager_id, Some(w.agent.id));
    assert_eq!(run(file).await.unwrap().unchanged, 1, "a second run changes nothing");

    // Ann managed by Cai, whom Ann manages: refused, in the preview and the import alike.
    let looped = "name,email,manager\nAnn,ann@acme.example,cai@acme.example\n";
    let preview = w.app.import_csv(&w.admin, ImportKind::People, looped.as_bytes(), true, "people").await.unwrap();
    assert_eq!(preview.failed, 1);
    assert_eq!(run(looped).await.unwrap().failed, 1);
    assert_eq!(w.app.user(&w.admin, w.agent.id).await.unwrap().manager_id, None);
}

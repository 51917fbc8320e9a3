//! Organisations and people for the App-level tests: one line each instead of a form.
#![allow(dead_code)]

use helmdesk_app::store::platform::users::NewUser;
use helmdesk_app::{Actor, App};

/// A new top-level organisation; returns its id.
pub async fn organisation(app: &App, name: &str) -> i64 {
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let id = s.create_organisation(&mut tx, name, None, app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    id
}

/// A user of `role` in `organisation_id`, named after their address's local part.
pub fn person(email: &str, role: &str, organisation_id: i64) -> NewUser {
    NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap_or(email).into(),
        role: role.into(),
        organisation_id,
        department_id: None,
        password_hash: None,
        must_change_password: false,
    }
}

/// Creates that user and returns their id.
pub async fn user_id(app: &App, email: &str, role: &str, organisation_id: i64) -> i64 {
    app.store().create_user(&person(email, role, organisation_id), app.now_micros()).await.unwrap().id
}

/// Creates that user and returns them as an actor.
pub async fn actor(app: &App, email: &str, role: &str, organisation_id: i64) -> Actor {
    app.actor_by_id(user_id(app, email, role, organisation_id).await).await.unwrap()
}

/// The actor of an existing user, by address.
pub async fn actor_by_email(app: &App, email: &str) -> Actor {
    let user = app.store().user_by_email(email).await.unwrap().expect("a user with this address");
    app.actor_by_id(user.id).await.unwrap()
}

/// An outgoing mail server for the tests that queue mail without sending it.
pub fn outgoing(
    host: &str,
    port: u16,
    security: helmdesk_app::platform::mail::Security,
) -> helmdesk_app::platform::mail::OutgoingServer {
    helmdesk_app::platform::mail::OutgoingServer {
        host: host.into(),
        port,
        security,
        username: String::new(),
        password: None,
        password_set: false,
        from_address: "support@helmdesk.test".into(),
        from_name: "Support".into(),
    }
}

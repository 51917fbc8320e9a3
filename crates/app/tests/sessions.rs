//! Session expiry and login lockout follow the injected clock, never sleeps.

use std::sync::Arc;

use chrono::{DateTime, Duration};
use helmdesk_app::users::NewUserInput;
use helmdesk_app::{App, AppError, AppSettings};
use helmdesk_domain::{FakeClock, Role};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

const PASSWORD: &str = "a good long password";

async fn app(backend: Backend) -> (App, Arc<FakeClock>, TestDatabase) {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(DateTime::from_timestamp(1_800_000_000, 0).unwrap()));
    let settings = AppSettings { session_idle_minutes: 30, session_absolute_hours: 2, ..Default::default() };
    let app = App::new(db.store().await.unwrap(), clock.clone(), settings);
    let input = NewUserInput {
        email: "ann@example.com".into(),
        name: "Ann".into(),
        role: Role::Agent,
        organisation_id: None,
        department_id: None,
        password: Some(PASSWORD.into()),
    };
    app.create_user(None, input).await.unwrap();
    (app, clock, db)
}

backend_tests!(
    a_session_ends_after_its_idle_time,
    a_busy_session_still_ends_at_its_absolute_expiry,
    a_lockout_lifts_after_its_time
);

async fn a_session_ends_after_its_idle_time(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    let login = app.login("ann@example.com", PASSWORD, None).await.unwrap();
    clock.advance(Duration::minutes(29));
    app.session(&login.session_token).await.expect("still active");
    clock.advance(Duration::minutes(29));
    app.session(&login.session_token).await.expect("activity moved the idle limit");
    clock.advance(Duration::minutes(31));
    assert!(matches!(app.session(&login.session_token).await, Err(AppError::Unauthenticated)));
}

async fn a_busy_session_still_ends_at_its_absolute_expiry(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    let login = app.login("ann@example.com", PASSWORD, None).await.unwrap();
    for _ in 0..5 {
        clock.advance(Duration::minutes(20));
        app.session(&login.session_token).await.expect("active");
    }
    clock.advance(Duration::minutes(21));
    assert!(matches!(app.session(&login.session_token).await, Err(AppError::Unauthenticated)));
}

async fn a_lockout_lifts_after_its_time(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    for _ in 0..5 {
        assert!(matches!(app.login("ann@example.com", "wrong", None).await, Err(AppError::Unauthenticated)));
    }
    assert!(matches!(app.login("ann@example.com", PASSWORD, None).await, Err(AppError::TooManyAttempts { .. })));
    clock.advance(Duration::minutes(16));
    app.login("ann@example.com", PASSWORD, None).await.expect("the lockout lifted");
}

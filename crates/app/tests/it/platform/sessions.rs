//! Session expiry and login throttling follow the injected clock, never sleeps; the
//! throttle holds under bursts of concurrent attempts.

use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, Duration};
use helmdesk_app::platform::users::NewUserInput;
use helmdesk_app::{App, AppError, AppSettings};
use helmdesk_domain::{FakeClock, Role};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};

const PASSWORD: &str = "a good long password";
const ANN: &str = "ann@example.com";

fn address(text: &str) -> Option<IpAddr> {
    Some(text.parse().unwrap())
}

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
    after_the_free_attempts_each_waits_twice_as_long,
    someone_elses_failures_never_keep_the_owner_out,
    an_address_trying_many_accounts_waits,
    a_burst_of_attempts_is_counted_exactly_and_none_slips_past_the_wait,
    a_success_forgets_the_accounts_failures
);

async fn a_session_ends_after_its_idle_time(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    let login = app.login(ANN, PASSWORD, None, None).await.unwrap();
    clock.advance(Duration::minutes(29));
    app.session(&login.session_token).await.expect("still active");
    clock.advance(Duration::minutes(29));
    app.session(&login.session_token).await.expect("activity moved the idle limit");
    clock.advance(Duration::minutes(31));
    assert!(matches!(app.session(&login.session_token).await, Err(AppError::Unauthenticated)));
}

async fn a_busy_session_still_ends_at_its_absolute_expiry(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    let login = app.login(ANN, PASSWORD, None, None).await.unwrap();
    for _ in 0..5 {
        clock.advance(Duration::minutes(20));
        app.session(&login.session_token).await.expect("active");
    }
    clock.advance(Duration::minutes(21));
    assert!(matches!(app.session(&login.session_token).await, Err(AppError::Unauthenticated)));
}

/// The seconds a refused attempt is told to wait, or a panic if it was not refused.
fn refused_for(result: Result<helmdesk_app::platform::auth::Login, AppError>) -> i64 {
    match result {
        Err(AppError::TooManyAttempts { retry_after_secs }) => retry_after_secs,
        Err(e) => panic!("expected a refusal, got {e:?}"),
        Ok(_) => panic!("expected a refusal, got a login"),
    }
}

fn wrong(result: Result<helmdesk_app::platform::auth::Login, AppError>) {
    assert!(matches!(result, Err(AppError::Unauthenticated)), "expected a wrong password");
}

async fn after_the_free_attempts_each_waits_twice_as_long(backend: Backend) {
    let (app, clock, _db) = app(backend).await;
    let from = address("203.0.113.7");
    for _ in 0..5 {
        wrong(app.login(ANN, "wrong", from, None).await);
    }
    // The right password does not help while the account must wait from this address.
    assert_eq!(refused_for(app.login(ANN, PASSWORD, from, None).await), 1);
    clock.advance(Duration::seconds(1));
    wrong(app.login(ANN, "wrong", from, None).await);
    assert_eq!(refused_for(app.login(ANN, "wrong", from, None).await), 2);
    clock.advance(Duration::seconds(2));
    wrong(app.login(ANN, "wrong", from, None).await);
    assert_eq!(refused_for(app.login(ANN, "wrong", from, None).await), 4);
    // The wait never grows beyond login_lockout_minutes.
    for _ in 0..20 {
        clock.advance(Duration::minutes(15));
        wrong(app.login(ANN, "wrong", from, None).await);
    }
    assert!(refused_for(app.login(ANN, "wrong", from, None).await) <= 15 * 60);
    clock.advance(Duration::minutes(15));
    app.login(ANN, PASSWORD, from, None).await.expect("the wait is over");
}

async fn someone_elses_failures_never_keep_the_owner_out(backend: Backend) {
    let (app, _clock, _db) = app(backend).await;
    let attacker = address("198.51.100.66");
    for _ in 0..5 {
        wrong(app.login(ANN, "guess", attacker, None).await);
    }
    refused_for(app.login(ANN, "guess", attacker, None).await);
    // The owner, from their own address, signs in at once.
    app.login(ANN, PASSWORD, address("192.0.2.10"), None).await.expect("the owner is not locked out");
    // An attacker's IPv6 /64 counts as one address, whichever host in it tries.
    for host in 1..=5 {
        wrong(app.login(ANN, "guess", address(&format!("2001:db8:1:2::{host}")), None).await);
    }
    refused_for(app.login(ANN, "guess", address("2001:db8:1:2::99"), None).await);
    app.login(ANN, PASSWORD, address("2001:db8:9:9::1"), None).await.expect("another /64 is not kept waiting");
}

async fn an_address_trying_many_accounts_waits(backend: Backend) {
    let (app, _clock, _db) = app(backend).await;
    let sprayer = address("198.51.100.99");
    for i in 0..20 {
        wrong(app.login(&format!("nobody{i}@example.com"), "Winter2026!", sprayer, None).await);
    }
    refused_for(app.login("nobody-else@example.com", "Winter2026!", sprayer, None).await);
    refused_for(app.login(ANN, PASSWORD, sprayer, None).await);
}

async fn a_burst_of_attempts_is_counted_exactly_and_none_slips_past_the_wait(backend: Backend) {
    let (app, _clock, _db) = app(backend).await;
    let from = address("203.0.113.50");
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..31 {
        let app = app.clone();
        let password = if i == 15 { PASSWORD } else { "wrong" };
        attempts.spawn(async move { app.login(ANN, password, from, None).await });
    }
    let (mut signed_in, mut failed, mut refused) = (0, 0, 0);
    while let Some(outcome) = attempts.join_next().await {
        match outcome.unwrap() {
            Ok(_) => signed_in += 1,
            Err(AppError::Unauthenticated) => failed += 1,
            Err(AppError::TooManyAttempts { .. }) => refused += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(signed_in + failed + refused, 31);
    assert!(signed_in + failed <= 5, "only the free attempts were checked: {signed_in} + {failed}");
    // Every checked failure is on the address's count: none lost to a race.
    let kept = app.store().login_throttle("address:203.0.113.50").await.unwrap().map_or(0, |t| t.failures);
    assert_eq!(kept, failed, "{signed_in} signed in, {failed} failed, {refused} refused");
}

async fn a_success_forgets_the_accounts_failures(backend: Backend) {
    let (app, _clock, _db) = app(backend).await;
    let from = address("192.0.2.20");
    for _ in 0..4 {
        wrong(app.login(ANN, "typo", from, None).await);
    }
    app.login(ANN, PASSWORD, from, None).await.expect("the fourth try was still free");
    // The account starts afresh: five more free attempts.
    for _ in 0..5 {
        wrong(app.login(ANN, "typo", from, None).await);
    }
    refused_for(app.login(ANN, "typo", from, None).await);
}

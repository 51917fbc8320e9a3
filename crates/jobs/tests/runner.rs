//! Two job runners (as two `serve` processes would have) share one database: every job
//! runs exactly once, and what it does is there afterwards. The jobs are `ticket.notify`
//! jobs as earlier versions enqueued them, which still run after an upgrade.

use std::sync::Arc;
use std::time::Duration;

use helmdesk_app::platform::users::NewUserInput;
use helmdesk_app::service_desk::tickets::NewTicket;
use helmdesk_app::{App, AppSettings};
use helmdesk_domain::{Role, SystemClock};
use helmdesk_jobs::JobSettings;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, PoolOptions, Store, backend_tests};
use tokio::sync::watch;

backend_tests!(two_runners_on_one_database_run_each_job_exactly_once);

async fn two_runners_on_one_database_run_each_job_exactly_once(backend: Backend) {
    let db = TestDatabase::new(backend).await.unwrap();
    let app = App::new(db.store().await.unwrap(), Arc::new(SystemClock), AppSettings::default());
    // A second process: its own pools on the same database.
    let other = Store::open(&db.url, &db.data_dir(), &PoolOptions::default()).await.unwrap();
    let app2 = App::new(other, Arc::new(SystemClock), AppSettings::default());
    let person = |email: &str, role| NewUserInput {
        email: email.into(),
        name: email.into(),
        role,
        organisation_id: None,
        department_id: None,
        password: Some("a long password".into()),
    };
    let (agent, _) = app.create_user(None, person("agent@example.com", Role::Agent)).await.unwrap();
    let (requester, _) = app.create_user(None, person("req@example.com", Role::Requester)).await.unwrap();
    let actor = app.actor_by_id(agent.id).await.unwrap();
    let n = 40;
    let mut jobs = Vec::new();
    for i in 0..n {
        let input = NewTicket { requester_id: Some(requester.id), ..NewTicket::incident(format!("Ticket {i}"), "") };
        let ticket = app.create_ticket(&actor, input).await.unwrap();
        let payload = serde_json::json!({"ticket_id": ticket.id, "event": "reply", "actor_id": agent.id});
        jobs.push(NewJob::now("ticket.notify", payload, app.now_micros()));
    }
    app.store().enqueue_now(&jobs, app.now_micros()).await.unwrap();
    let settings = JobSettings { workers: 3, poll_secs: 1, ..Default::default() };
    let (stop, shutdown) = watch::channel(false);
    let r1 = tokio::spawn(helmdesk_jobs::run(app.clone(), settings.clone(), shutdown.clone()));
    let r2 = tokio::spawn(helmdesk_jobs::run(app2.clone(), settings, shutdown));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let counts = app.store().job_counts().await.unwrap();
        let pending: i64 = counts.iter().filter(|(s, _)| s == "queued" || s == "running").map(|(_, n)| n).sum();
        if pending == 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "jobs did not finish: {counts:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    r1.await.unwrap();
    r2.await.unwrap();
    let done = app.store().list_jobs(Some("done"), 1000).await.unwrap();
    let notify: Vec<_> = done.iter().filter(|j| j.kind == "ticket.notify").collect();
    assert_eq!(notify.len(), n);
    assert!(notify.iter().all(|j| j.attempts == 1), "a job ran twice");
    // Each job told the requester once of a reply.
    let received = app.store().notifications(requester.id, 1000).await.unwrap();
    assert_eq!(received.iter().filter(|m| m.message.starts_with("New reply")).count(), n, "one notification per job");
    app2.store().close().await;
}

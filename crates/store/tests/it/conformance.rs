//! The store conformance suite: every test runs on SQLite and on PostgreSQL, each with a
//! database of its own.

use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::users::NewUser;
use helmdesk_store::service_desk::search::{After, TicketFilter};
use helmdesk_store::service_desk::seeding::SeedBatch;
use helmdesk_store::service_desk::tickets::{Effects, NewHistory, TicketRow, Visibility};
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, Sql, Store, StoreError, backend_tests};

struct World {
    store: Store,
    org: i64,
    user: i64,
    _db: TestDatabase,
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.expect("test database");
    let store = db.store().await.expect("store");
    let mut tx = store.begin().await.unwrap();
    let org = store.create_organisation(&mut tx, "Acme", None, 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let user = store
        .create_user(
            &NewUser {
                email: "ann@example.com".into(),
                name: "Ann".into(),
                role: "agent".into(),
                organisation_id: org,
                department_id: None,
                password_hash: None,
                must_change_password: false,
            },
            1,
        )
        .await
        .unwrap()
        .id;
    World { store, org, user, _db: db }
}

fn ticket(w: &World, subject: &str) -> TicketRow {
    TicketRow {
        id: 0,
        number: None,
        kind: "incident".into(),
        subject: subject.into(),
        description: "It broke; O'Brien said \"DROP TABLE tickets;--\"".into(),
        requester_id: w.user,
        organisation_id: w.org,
        department_id: None,
        category_id: None,
        impact: "medium".into(),
        urgency: "high".into(),
        priority: 2,
        status: "new".into(),
        team_id: None,
        assignee_id: None,
        version: 1,
        created_by: w.user,
        created_at: 10,
        updated_at: 10,
        resolved_at: None,
        closed_at: None,
        ..Default::default()
    }
}

backend_tests!(
    jobs_are_claimed_earliest_first_whether_queued_or_lapsed,
    a_word_in_more_than_ten_thousand_tickets_pages_and_counts_once_analysed,
    statistics_cover_an_index_added_after_the_first_analysis,
    a_checkpoint_keeps_every_committed_write,
    a_created_ticket_gets_a_number_from_its_id_and_a_history_line,
    a_stale_save_changes_nothing,
    tickets_filed_together_come_back_in_order_with_their_numbers_and_effects,
    a_batch_with_a_bad_ticket_saves_none_of_them,
    ticket_lists_page_newest_first_by_keyset,
    a_duplicate_email_is_a_conflict,
    a_job_is_claimed_once_and_retried_until_it_fails,
    a_whole_work_job_is_queued_once_until_it_starts,
    a_due_schedule_enqueues_exactly_one_job,
    an_idempotency_key_is_reserved_once,
    blobs_are_stored_once_by_content,
    backup_and_restore_reproduce_every_row_and_blob,
    restore_refuses_a_database_that_is_not_empty,
    assignment_rules_keep_gapless_positions_as_they_move,
    routing_reads_members_with_open_tickets_and_stamps_them_never_backwards,
    search_pages_rare_and_frequent_words_with_filters_and_counts,
);

async fn a_created_ticket_gets_a_number_from_its_id_and_a_history_line(backend: Backend) {
    let w = world(backend).await;
    let t = w.store.create_ticket(&ticket(&w, "Printer on fire"), |_, _| Effects::default()).await.unwrap();
    assert_eq!(t.number.as_deref(), Some(format!("INC-{:06}", t.id).as_str()));
    let view = w.store.ticket(t.id).await.unwrap();
    assert_eq!(view.requester_name, "Ann");
    assert!(view.ticket.description.contains("DROP TABLE"));
    let history = w.store.history(t.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].field, "created");
}

async fn tickets_filed_together_come_back_in_order_with_their_numbers_and_effects(backend: Backend) {
    use helmdesk_store::platform::notifications::NewNotification;
    let w = world(backend).await;
    let first = w.store.create_ticket(&ticket(&w, "before"), |_, _| Effects::default()).await.unwrap();
    let batch: Vec<TicketRow> = (0..40).map(|i| ticket(&w, &format!("batch {i} zebra{i}"))).collect();
    let saved = w
        .store
        .create_tickets(&batch, |i, t| Effects {
            notifications: vec![NewNotification {
                user_id: w.user,
                ticket_id: Some(t.id),
                message: format!("n{i}"),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(saved.len(), 40);
    for (i, t) in saved.iter().enumerate() {
        assert_eq!(t.subject, format!("batch {i} zebra{i}"), "in the order given");
        assert_eq!(t.id, first.id + 1 + i as i64, "consecutive ids");
        assert_eq!(t.number.as_deref(), Some(format!("INC-{:06}", t.id).as_str()));
        assert_eq!(w.store.history(t.id).await.unwrap()[0].new_value, t.number);
    }
    let notes = w.store.notifications(w.user, 100).await.unwrap();
    assert_eq!(notes.len(), 40);
    assert!(notes.iter().all(|n| n.message == format!("n{}", n.ticket_id.unwrap() - first.id - 1)));
    let after = w.store.create_ticket(&ticket(&w, "after"), |_, _| Effects::default()).await.unwrap();
    assert_eq!(after.id, first.id + 41, "the next ticket follows the batch");
    let mut searched = TicketFilter::visible(Visibility::All, 10);
    searched.statuses = vec!["new".into()];
    assert_eq!(w.store.list_tickets(&searched).await.unwrap().len(), 10);
}

async fn a_batch_with_a_bad_ticket_saves_none_of_them(backend: Backend) {
    let w = world(backend).await;
    let mut batch: Vec<TicketRow> = (0..3).map(|i| ticket(&w, &format!("t{i}"))).collect();
    batch[1].requester_id = w.user + 1000; // no such person
    let err = w.store.create_tickets(&batch, |_, _| Effects::default()).await.unwrap_err();
    assert!(matches!(err, StoreError::Reference(_)), "{err:?}");
    let all = w.store.list_tickets(&TicketFilter::visible(Visibility::All, 10)).await.unwrap();
    assert!(all.is_empty(), "all or nothing");
    let t = w.store.create_ticket(&ticket(&w, "fine"), |_, _| Effects::default()).await.unwrap();
    assert_eq!(t.number.as_deref(), Some(format!("INC-{:06}", t.id).as_str()));
}

async fn a_stale_save_changes_nothing(backend: Backend) {
    let w = world(backend).await;
    let t = w.store.create_ticket(&ticket(&w, "VPN down"), |_, _| Effects::default()).await.unwrap();
    let mut changed = t.clone();
    changed.status = "in_progress".into();
    let line =
        NewHistory { field: "status".into(), old_value: Some("new".into()), new_value: Some("in_progress".into()) };
    let saved =
        w.store.save_ticket(&changed, t.version, Some(w.user), &Effects::history(vec![line.clone()])).await.unwrap();
    assert_eq!(saved.version, t.version + 1);
    changed.status = "pending".into();
    let err = w.store.save_ticket(&changed, t.version, Some(w.user), &Effects::history(vec![line])).await.unwrap_err();
    assert!(matches!(err, StoreError::Stale));
    assert_eq!(w.store.ticket(t.id).await.unwrap().ticket.status, "in_progress");
    assert_eq!(w.store.history(t.id).await.unwrap().len(), 2);
}

async fn ticket_lists_page_newest_first_by_keyset(backend: Backend) {
    let w = world(backend).await;
    for i in 0..5 {
        w.store.create_ticket(&ticket(&w, &format!("t{i}")), |_, _| Effects::default()).await.unwrap();
    }
    let mut filter = TicketFilter::visible(Visibility::Organisations(vec![w.org]), 2);
    let first = w.store.list_tickets(&filter).await.unwrap();
    assert_eq!(first.iter().map(|t| t.ticket.subject.as_str()).collect::<Vec<_>>(), ["t4", "t3"]);
    filter.after = Some(After { key: first[1].ticket.id, id: first[1].ticket.id });
    let second = w.store.list_tickets(&filter).await.unwrap();
    assert_eq!(second.iter().map(|t| t.ticket.subject.as_str()).collect::<Vec<_>>(), ["t2", "t1"]);
    let other_org = TicketFilter::visible(Visibility::Organisations(vec![w.org + 100]), 10);
    assert!(w.store.list_tickets(&other_org).await.unwrap().is_empty());
    let nobody = TicketFilter::visible(Visibility::Requester { user_id: w.user + 100, department_id: None }, 10);
    assert!(w.store.list_tickets(&nobody).await.unwrap().is_empty());
}

async fn a_duplicate_email_is_a_conflict(backend: Backend) {
    let w = world(backend).await;
    let again = NewUser {
        email: "ann@example.com".into(),
        name: "Another Ann".into(),
        role: "requester".into(),
        organisation_id: w.org,
        department_id: None,
        password_hash: None,
        must_change_password: false,
    };
    assert!(matches!(w.store.create_user(&again, 2).await, Err(StoreError::Conflict(_))));
    let bad_role = NewUser { email: "bob@example.com".into(), role: "root".into(), ..again };
    assert!(w.store.create_user(&bad_role, 2).await.is_err());
}

async fn jobs_are_claimed_earliest_first_whether_queued_or_lapsed(backend: Backend) {
    let w = world(backend).await;
    let job = |at: i64| NewJob::now("test.job", serde_json::json!({"at": at}), at);
    w.store.enqueue_now(&[job(100), job(300), job(500)], 100).await.unwrap();
    let first = w.store.claim_job("a", 100, 1_000).await.unwrap().expect("the job due at 100");
    assert_eq!(first.run_at, 100);
    // At 2,000 the first job's lease has run out: it is due before the others.
    let order: Vec<i64> = [
        w.store.claim_job("b", 2_000, 9_000).await.unwrap().unwrap().run_at,
        w.store.claim_job("b", 2_000, 9_000).await.unwrap().unwrap().run_at,
        w.store.claim_job("b", 2_000, 9_000).await.unwrap().unwrap().run_at,
    ]
    .to_vec();
    assert_eq!(order, [100, 300, 500]);
    assert!(w.store.claim_job("b", 2_000, 9_000).await.unwrap().is_none());
}

async fn a_job_is_claimed_once_and_retried_until_it_fails(backend: Backend) {
    let w = world(backend).await;
    let mut job = NewJob::now("test.job", serde_json::json!({"n": 1}), 100);
    job.max_attempts = 2;
    w.store.enqueue_now(&[job], 100).await.unwrap();
    let claimed = w.store.claim_job("a", 100, 1_000).await.unwrap().expect("a job");
    assert_eq!(claimed.attempts, 1);
    assert!(w.store.claim_job("b", 100, 1_000).await.unwrap().is_none(), "leased jobs are not claimed twice");
    assert!(w.store.fail_job(claimed.id, "a", "boom", Some(200), 100).await.unwrap());
    assert!(w.store.claim_job("b", 150, 1_000).await.unwrap().is_none(), "not before its retry time");
    let again = w.store.claim_job("b", 200, 1_000).await.unwrap().expect("retried");
    assert_eq!(again.attempts, 2);
    assert!(!w.store.complete_job(again.id, "a", 300).await.unwrap(), "only the lease holder completes");
    // The worker died: its lease runs out and another worker takes the job.
    let reclaimed = w.store.claim_job("c", 2_000, 3_000).await.unwrap().expect("lease expired");
    assert_eq!(reclaimed.id, again.id);
    // A long job's heartbeat keeps it from being taken again; only its holder renews.
    assert!(w.store.renew_lease(reclaimed.id, "c", 5_000).await.unwrap());
    assert!(!w.store.renew_lease(reclaimed.id, "a", 9_000).await.unwrap(), "not another worker's lease");
    assert!(w.store.claim_job("d", 4_000, 6_000).await.unwrap().is_none(), "the renewed lease holds");
    assert!(w.store.fail_job(reclaimed.id, "c", "boom", None, 2_000).await.unwrap());
    assert_eq!(w.store.job(again.id).await.unwrap().status, "failed");
    assert!(!w.store.renew_lease(reclaimed.id, "c", 9_000).await.unwrap(), "a finished job has no lease");
}

async fn a_whole_work_job_is_queued_once_until_it_starts(backend: Backend) {
    let w = world(backend).await;
    let job = NewJob::now("sla.recompute", serde_json::json!({}), 100);
    w.store.enqueue_unless_queued(&job, 100).await.unwrap();
    w.store.enqueue_unless_queued(&job, 101).await.unwrap();
    assert_eq!(w.store.list_jobs(Some("queued"), 10).await.unwrap().len(), 1, "one waiting run is enough");
    w.store.claim_job("a", 200, 1_000).await.unwrap().expect("the job");
    w.store.enqueue_unless_queued(&job, 201).await.unwrap();
    assert_eq!(w.store.list_jobs(Some("queued"), 10).await.unwrap().len(), 1, "a change during the run queues another");
}

async fn a_due_schedule_enqueues_exactly_one_job(backend: Backend) {
    let w = world(backend).await;
    w.store.ensure_schedule("housekeeping", 60, 0).await.unwrap();
    assert_eq!(w.store.run_due_schedules(10).await.unwrap(), ["housekeeping"]);
    assert!(w.store.run_due_schedules(20).await.unwrap().is_empty());
    let jobs = w.store.list_jobs(Some("queued"), 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].kind, "housekeeping");
}

async fn an_idempotency_key_is_reserved_once(backend: Backend) {
    let w = world(backend).await;
    assert!(w.store.reserve_idempotency_key(w.user, "k1", "h", 1).await.unwrap().is_none());
    let existing = w.store.reserve_idempotency_key(w.user, "k1", "h", 2).await.unwrap().unwrap();
    assert_eq!(existing.status, 0);
    w.store.answer_idempotency_key(w.user, "k1", 201, "{}", r#"{"etag":"\"v1\""}"#).await.unwrap();
    let answered = w.store.reserve_idempotency_key(w.user, "k1", "h", 3).await.unwrap().unwrap();
    assert_eq!((answered.status, answered.headers.as_str()), (201, r#"{"etag":"\"v1\""}"#));
}

async fn blobs_are_stored_once_by_content(backend: Backend) {
    let w = world(backend).await;
    let a = w.store.put_blob(b"hello", 1).await.unwrap();
    let b = w.store.put_blob(b"hello", 2).await.unwrap();
    assert_eq!(a, b);
    assert_eq!(w.store.blob(&a).await.unwrap(), b"hello");
    assert!(matches!(w.store.blob("../../etc/passwd").await, Err(StoreError::NotFound)));
}

async fn fill(w: &World) {
    let t = w.store.create_ticket(&ticket(w, "Backup me: ünïcødé ✓"), |_, _| Effects::default()).await.unwrap();
    w.store.add_comment(t.id, w.user, "a note", true, 20, &Effects::default()).await.unwrap();
    let new = helmdesk_store::service_desk::attachments::NewAttachment {
        ticket_id: t.id,
        comment_id: None,
        filename: "log.txt".into(),
        content_type: "text/plain".into(),
        uploaded_by: w.user,
        internal: false,
    };
    w.store.add_attachment(&new, b"log line\n", 30).await.unwrap();
}

async fn backup_and_restore_reproduce_every_row_and_blob(backend: Backend) {
    let w = world(backend).await;
    fill(&w).await;
    let mut archive = Vec::new();
    let summary = w.store.backup(&mut archive, "test", 1).await.unwrap();
    assert_eq!(summary.blobs, 1);
    // Restore into the other backend too: the move from SQLite to PostgreSQL.
    for target in [Backend::Sqlite, Backend::Postgres] {
        let db = TestDatabase::new(target).await.unwrap();
        let restored = db.store().await.unwrap();
        restored.restore(archive.as_slice()).await.unwrap();
        assert_eq!(
            helmdesk_store::backup::row_counts(restored.db()).await.unwrap(),
            helmdesk_store::backup::row_counts(w.store.db()).await.unwrap()
        );
        let tickets = restored.list_tickets(&TicketFilter::visible(Visibility::All, 10)).await.unwrap();
        assert_eq!(tickets[0].ticket, w.store.ticket(tickets[0].ticket.id).await.unwrap().ticket);
        let att = &restored.attachments(tickets[0].ticket.id).await.unwrap()[0];
        assert_eq!(restored.blob(&att.sha256).await.unwrap(), b"log line\n");
        // Identity sequences continue after the restored ids.
        let next = restored.create_ticket(&ticket(&w, "after restore"), |_, _| Effects::default()).await.unwrap();
        assert!(next.id > tickets[0].ticket.id);
    }
}

async fn restore_refuses_a_database_that_is_not_empty(backend: Backend) {
    let w = world(backend).await;
    let mut archive = Vec::new();
    w.store.backup(&mut archive, "test", 1).await.unwrap();
    let err = w.store.restore(archive.as_slice()).await.unwrap_err();
    assert!(err.to_string().contains("empty database"), "{err}");
}

async fn assignment_rules_keep_gapless_positions_as_they_move(backend: Backend) {
    use helmdesk_store::service_desk::routing::RuleRow;
    let w = world(backend).await;
    let mut tx = w.store.begin().await.unwrap();
    let team = w.store.create_team(&mut tx, None, "Desk", "", &[w.user], 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let rule = |name: &str, position: i64| RuleRow {
        name: name.into(),
        position,
        active: true,
        keywords: "vpn,o'brien".into(),
        team_id: team,
        method: "round_robin".into(),
        created_at: 5,
        updated_at: 5,
        ..Default::default()
    };
    let order = |w: &World| {
        let store = w.store.clone();
        async move {
            let rules = store.list_assignment_rules().await.unwrap();
            rules.into_iter().map(|r| (r.name, r.position)).collect::<Vec<_>>()
        }
    };
    let a = w.store.create_assignment_rule(&rule("a", i64::MAX)).await.unwrap();
    assert_eq!((a.position, a.keywords.as_str()), (1, "vpn,o'brien"));
    w.store.create_assignment_rule(&rule("b", 99)).await.unwrap();
    let c = w.store.create_assignment_rule(&rule("c", 1)).await.unwrap();
    assert_eq!(order(&w).await, [("c".into(), 1), ("a".into(), 2), ("b".into(), 3)]);
    let moved = w.store.update_assignment_rule(&RuleRow { position: 3, name: "c2".into(), ..c.clone() }).await.unwrap();
    assert_eq!((moved.position, moved.name.as_str()), (3, "c2"));
    assert_eq!(order(&w).await, [("a".into(), 1), ("b".into(), 2), ("c2".into(), 3)]);
    w.store.delete_assignment_rule(a.id).await.unwrap();
    assert_eq!(order(&w).await, [("b".into(), 1), ("c2".into(), 2)]);
    assert!(matches!(w.store.delete_assignment_rule(a.id).await, Err(StoreError::NotFound)));
    let gone = RuleRow { id: a.id, ..rule("a", 1) };
    assert!(matches!(w.store.update_assignment_rule(&gone).await, Err(StoreError::NotFound)));
    assert!(matches!(w.store.create_assignment_rule(&rule("b", 1)).await, Err(StoreError::Conflict(_))));
    assert_eq!(order(&w).await.len(), 2, "a refused rule leaves the others as they were");
}

async fn routing_reads_members_with_open_tickets_and_stamps_them_never_backwards(backend: Backend) {
    use helmdesk_store::service_desk::routing::MemberStamp;
    let w = world(backend).await;
    let mut tx = w.store.begin().await.unwrap();
    let team = w.store.create_team(&mut tx, None, "Desk", "", &[w.user], 1).await.unwrap().id;
    tx.commit().await.unwrap();
    let assigned = |status: &str| TicketRow { assignee_id: Some(w.user), status: status.into(), ..ticket(&w, status) };
    let rows = ["new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled"].map(assigned);
    let stamp =
        |at: i64| Effects { stamps: vec![MemberStamp { team_id: team, user_id: w.user, at }], ..Default::default() };
    w.store.create_tickets(&rows, |i, _| stamp(100 - i as i64)).await.unwrap();
    let members = w.store.routing_candidates(team, true).await.unwrap();
    assert_eq!(members.len(), 1);
    let m = &members[0];
    assert_eq!((m.user_id, m.open_tickets, m.last_assigned_at, m.away), (w.user, 4, Some(100), false));
    assert_eq!(w.store.routing_candidates(team, false).await.unwrap()[0].open_tickets, 0, "not counted");
    // An older stamp (another node's) does not move the time back.
    w.store.create_ticket(&ticket(&w, "later"), |_, _| stamp(50)).await.unwrap();
    assert_eq!(w.store.routing_candidates(team, false).await.unwrap()[0].last_assigned_at, Some(100));
    // Saving the team's members again keeps the time of those who stay.
    let row = w.store.team(team).await.unwrap();
    w.store.update_team(&row, &[w.user]).await.unwrap();
    assert_eq!(w.store.routing_candidates(team, false).await.unwrap()[0].last_assigned_at, Some(100));
    w.store.update_team(&row, &[]).await.unwrap();
    assert!(w.store.routing_candidates(team, true).await.unwrap().is_empty());
}

/// Rare words are read from the index first and handed over as ids; words in more than a
/// thousand tickets are read by the ticket statement itself. Both page, filter and count
/// alike.
async fn search_pages_rare_and_frequent_words_with_filters_and_counts(backend: Backend) {
    let w = world(backend).await;
    let tickets = (0..1200)
        .map(|i| {
            let mut t = ticket(&w, &format!("printer jam {i}"));
            if i % 2 == 1 {
                t.status = "closed".into();
            }
            if i % 400 == 7 {
                t.subject.push_str(" kerberoasting");
            }
            t
        })
        .collect();
    w.store.seed_tickets(SeedBatch { tickets, ..Default::default() }).await.unwrap();
    let search = |words: &[&str], statuses: &[&str], limit: i64| {
        let mut f = TicketFilter::visible(Visibility::Organisations(vec![w.org]), limit);
        f.words = words.iter().map(|s| s.to_string()).collect();
        f.statuses = statuses.iter().map(|s| s.to_string()).collect();
        f
    };
    let subjects = |rows: Vec<helmdesk_store::service_desk::tickets::TicketView>| -> Vec<String> {
        rows.into_iter().map(|r| r.ticket.subject).collect()
    };

    let rare = w.store.list_tickets(&search(&["kerb"], &[], 10)).await.unwrap();
    assert_eq!(
        subjects(rare),
        ["printer jam 807 kerberoasting", "printer jam 407 kerberoasting", "printer jam 7 kerberoasting"]
    );
    assert_eq!(w.store.count_tickets(&search(&["kerberoasting"], &["new"], 100), 101).await.unwrap(), 0);
    assert_eq!(w.store.count_tickets(&search(&["kerberoasting"], &["closed"], 100), 101).await.unwrap(), 3);

    let mut frequent = search(&["printer"], &["new"], 2);
    let first = w.store.list_tickets(&frequent).await.unwrap();
    assert_eq!(subjects(first.clone()), ["printer jam 1198", "printer jam 1196"]);
    frequent.after = Some(After { key: first[1].ticket.id, id: first[1].ticket.id });
    assert_eq!(subjects(w.store.list_tickets(&frequent).await.unwrap()), ["printer jam 1194", "printer jam 1192"]);
    assert_eq!(w.store.count_tickets(&search(&["printer"], &["new"], 10), 10_001).await.unwrap(), 600);
    assert_eq!(w.store.count_tickets(&search(&["printer"], &[], 10), 1000).await.unwrap(), 1000);
    assert_eq!(w.store.count_tickets(&search(&["printer", "nowhere"], &[], 10), 1000).await.unwrap(), 0);
    let unknown_status = search(&[], &["new", "no'status"], 10);
    assert_eq!(w.store.count_tickets(&unknown_status, 10_001).await.unwrap(), 600);
}

/// An index a migration adds to an analysed database gets statistics at the next refresh
/// (SQLite's planner passed over the covering "breaching soon" index without them);
/// PostgreSQL keeps its own, and the refresh does nothing there.
async fn statistics_cover_an_index_added_after_the_first_analysis(backend: Backend) {
    let w = world(backend).await;
    let tickets = (0..1000).map(|i| ticket(&w, &format!("ticket {i}"))).collect();
    w.store.seed_tickets(SeedBatch { tickets, ..Default::default() }).await.unwrap();
    w.store.refresh_statistics().await.unwrap();
    let mut tx = w.store.begin().await.unwrap();
    Sql::new("CREATE INDEX tickets_added_later ON tickets (urgency, id)").execute(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    w.store.refresh_statistics().await.unwrap();
    if backend == Backend::Sqlite {
        let rows: i64 = Sql::new("SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'tickets_added_later'")
            .scalar(w.store.db())
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
}

/// Checkpointing (SQLite's write-ahead log, beside the writer) loses nothing, and a
/// write after it lands too; on PostgreSQL it does nothing.
async fn a_checkpoint_keeps_every_committed_write(backend: Backend) {
    let w = world(backend).await;
    let first = w.store.create_ticket(&ticket(&w, "before"), |_, _| Effects::default()).await.unwrap();
    w.store.checkpoint().await.unwrap();
    let second = w.store.create_ticket(&ticket(&w, "after"), |_, _| Effects::default()).await.unwrap();
    w.store.checkpoint().await.unwrap();
    assert_eq!(w.store.ticket(first.id).await.unwrap().ticket.subject, "before");
    assert_eq!(w.store.ticket(second.id).await.unwrap().ticket.subject, "after");
}

/// A word the statistics know to be in more than ten thousand tickets is searched without
/// reading its first thousand matches first (PostgreSQL); the page and the capped count
/// are the same as any search's.
async fn a_word_in_more_than_ten_thousand_tickets_pages_and_counts_once_analysed(backend: Backend) {
    let w = world(backend).await;
    let tickets = (0..10_500).map(|i| ticket(&w, &format!("printer jam {i}"))).collect();
    w.store.seed_tickets(SeedBatch { tickets, ..Default::default() }).await.unwrap();
    w.store.finish_bulk_load().await.unwrap();
    let mut f = TicketFilter::visible(Visibility::Organisations(vec![w.org]), 3);
    f.words = vec!["printer".into()];
    let page: Vec<String> = w.store.list_tickets(&f).await.unwrap().into_iter().map(|r| r.ticket.subject).collect();
    assert_eq!(page, ["printer jam 10499", "printer jam 10498", "printer jam 10497"]);
    assert_eq!(w.store.count_tickets(&f, 10_001).await.unwrap(), 10_001);
    f.words = vec!["jam".into(), "10499".into()];
    assert_eq!(w.store.count_tickets(&f, 10_001).await.unwrap(), 1);
}

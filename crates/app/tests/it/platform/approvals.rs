//! The approval engine on both databases: a chain's steps run in order, skip when their
//! condition does not hold, ask the requester's manager, the department head and the
//! cost-centre owner; the rules any, all and majority; a rejection ends the chain with its
//! comment; a step's time runs out; reminders; delegation; single-use links by mail that
//! cannot be replayed, used by someone else or used after their step ended; nobody outside
//! the step decides, and another organisation sees nothing. The record's module hears the
//! outcome through its job.

use std::sync::Arc;

use chrono::{DateTime, Duration};
use helmdesk_app::platform::approvals::{
    ApprovalChainInput, ApprovalStart, ChainStep, Decided, DecisionInput, DelegationInput, StepCondition,
};
use helmdesk_app::platform::mail::{MailSettings, Security};
use helmdesk_app::platform::orgs::{CostCentreInput, DepartmentInput, DepartmentUpdate};
use helmdesk_app::platform::users::UserUpdate;
use helmdesk_app::{Actor, App, AppError, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_domain::platform::approvals::{
    ApprovalState, ApproverKind, Comparison, Decision, Facts, Rule, StepState, Via,
};
use helmdesk_domain::platform::templates::APPROVAL_REQUEST;
use helmdesk_store::testing::TestDatabase;
use helmdesk_store::{Backend, backend_tests};
use serde_json::json;

use crate::support::people::{actor, organisation, outgoing};

backend_tests!(
    a_chain_asks_manager_then_head_by_mail_and_portal_and_skips_what_does_not_apply,
    links_work_once_for_their_person_while_their_step_runs,
    rules_decide_steps_and_a_rejection_ends_the_chain,
    delegates_decide_for_people_away,
    time_runs_out_and_reminders_go_out,
    nobody_to_ask_goes_to_the_organisations_managers_never_the_requester,
    chains_heads_and_cost_centres_refuse_bad_input,
);

const PUBLIC: &str = "https://desk.example.com";
const DECIDED: &str = "test.decided";

struct Desk {
    _db: TestDatabase,
    app: App,
    clock: Arc<FakeClock>,
    admin: Actor,
    acme: i64,
    /// Ann asks; Mia manages her; Hugo heads Sales; Olga owns CC-4100.
    ann: Actor,
    mia: Actor,
    hugo: Actor,
    olga: Actor,
    /// Bob, of Other Corp.
    bob: Actor,
}

async fn desk(backend: Backend) -> Desk {
    let db = TestDatabase::new(backend).await.unwrap();
    let clock = Arc::new(FakeClock::new(DateTime::from_timestamp(1_800_000_000, 0).unwrap()));
    let settings = AppSettings { public_url: format!("{PUBLIC}/"), ..AppSettings::default() };
    let app = App::new(db.store().await.unwrap(), clock.clone(), settings);
    let acme = organisation(&app, "Acme").await;
    let other = organisation(&app, "Other Corp").await;
    let admin = actor(&app, "admin@acme.example", "admin", acme).await;
    let mia = actor(&app, "mia@acme.example", "agent", acme).await;
    let hugo = actor(&app, "hugo@acme.example", "requester", acme).await;
    let olga = actor(&app, "olga@acme.example", "requester", acme).await;
    let bob = actor(&app, "bob@other.example", "manager", other).await;
    let sales =
        app.create_department(&admin, DepartmentInput { organisation_id: acme, name: "Sales".into() }).await.unwrap();
    let ann = actor(&app, "ann@acme.example", "requester", acme).await;
    let ann_update =
        UserUpdate { department_id: Some(Some(sales.id)), manager_id: Some(Some(mia.id)), ..Default::default() };
    app.update_user(&admin, ann.id, ann_update).await.unwrap();
    let centre = CostCentreInput {
        organisation_id: acme,
        code: "CC-4100".into(),
        name: "Sales".into(),
        owner_id: Some(olga.id),
    };
    let centre = app.create_cost_centre(&admin, centre).await.unwrap();
    let update =
        DepartmentUpdate { head_id: Some(Some(hugo.id)), cost_centre_id: Some(Some(centre.id)), ..Default::default() };
    app.update_department(&admin, sales.id, update).await.unwrap();
    let mail = MailSettings {
        outgoing: Some(outgoing("smtp.helmdesk.test", 587, Security::Starttls)),
        ..MailSettings::default()
    };
    app.set_mail_settings(&admin, mail).await.unwrap();
    let ann = app.actor_by_id(ann.id).await.unwrap();
    Desk { _db: db, app, clock, admin, acme, ann, mia, hugo, olga, bob }
}

fn step(name: &str, approver: ApproverKind, rule: Rule) -> ChainStep {
    ChainStep {
        name: name.into(),
        approver,
        approver_id: None,
        rule,
        condition: None,
        time_limit_hours: None,
        reminder_hours: None,
    }
}

fn over(limit: &str) -> Option<StepCondition> {
    Some(StepCondition { fact: "cost".into(), op: Comparison::Gt, value: limit.into() })
}

impl Desk {
    async fn chain(&self, name: &str, steps: Vec<ChainStep>) -> i64 {
        let input =
            ApprovalChainInput { organisation_id: self.acme, name: name.into(), description: String::new(), steps };
        self.app.create_approval_chain(&self.admin, input).await.unwrap().id
    }

    /// Starts the approval of test record `subject` for Ann, then runs the jobs it queued.
    async fn start(&self, chain_id: i64, subject: i64, cost: f64) -> i64 {
        let facts: Facts = serde_json::from_value(json!({"cost": cost, "item": "New laptop"})).unwrap();
        let start = ApprovalStart {
            organisation_id: self.acme,
            subject_kind: "test_record".into(),
            subject_id: subject,
            title: format!("New laptop {subject}"),
            link: format!("/records/{subject}"),
            requester_id: self.ann.id,
            department_id: None,
            cost_centre_id: None,
            facts,
            chain_id,
            decided_job: DECIDED.into(),
        };
        let mut tx = self.app.store().begin().await.unwrap();
        let row = self.app.start_approval(&mut tx, start).await.unwrap();
        tx.commit().await.unwrap();
        self.run_jobs().await;
        row.id
    }

    async fn decide(&self, who: &Actor, id: i64, decision: Decision, comment: &str) -> Result<(), AppError> {
        let input = DecisionInput { decision, comment: comment.into() };
        self.app.decide_approval(who, id, input, Via::Portal).await.map(|_| ())
    }

    /// Runs the approval jobs that are due, as the runner would; returns the outcomes the
    /// record's module was told (its job is only recorded: no module runs it here).
    async fn run_jobs(&self) -> Vec<Decided> {
        let mut told = Vec::new();
        loop {
            let now = self.app.now_micros();
            let Some(job) = self.app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else {
                return told;
            };
            if job.kind == DECIDED {
                told.push(serde_json::from_str(&job.payload).unwrap());
            } else if job.kind.starts_with("approvals.") {
                self.app.run_job(&job).await.unwrap_or_else(|e| panic!("{} failed: {e}", job.kind));
            }
            self.app.store().complete_job(job.id, "test", now).await.unwrap();
        }
    }

    /// The approval mails queued, oldest first: (recipient, text).
    async fn mails(&self) -> Vec<(String, String)> {
        let mut mails = self.app.store().outbound_list(None, 1000).await.unwrap();
        mails.retain(|m| m.event == APPROVAL_REQUEST);
        mails.reverse();
        mails.into_iter().map(|m| (m.recipient, m.body_text)).collect()
    }

    /// The token of the newest link mailed to `email`.
    async fn token_for(&self, email: &str) -> String {
        let mails = self.mails().await;
        let (_, text) = mails.iter().rev().find(|(to, _)| to == email).unwrap_or_else(|| panic!("a mail to {email}"));
        let prefix = format!("{PUBLIC}/approvals/link/");
        let at = text.find(&prefix).unwrap() + prefix.len();
        text[at..].chars().take_while(|c| !c.is_whitespace()).collect()
    }

    async fn state(&self, id: i64) -> (ApprovalState, Vec<StepState>) {
        let a = self.app.approval(&self.admin, id).await.unwrap();
        (a.state, a.steps.iter().map(|s| s.state).collect())
    }
}

fn approve() -> DecisionInput {
    DecisionInput { decision: Decision::Approved, comment: "Fine by me".into() }
}

async fn a_chain_asks_manager_then_head_by_mail_and_portal_and_skips_what_does_not_apply(backend: Backend) {
    let d = desk(backend).await;
    let chain = d
        .chain(
            "Hardware",
            vec![
                ChainStep { time_limit_hours: Some(48), ..step("Manager", ApproverKind::Manager, Rule::Any) },
                ChainStep {
                    condition: over("1000"),
                    ..step("Department head", ApproverKind::DepartmentHead, Rule::Any)
                },
                ChainStep { condition: over("5000"), ..step("Budget", ApproverKind::CostCentreOwner, Rule::Any) },
            ],
        )
        .await;
    let id = d.start(chain, 1, 1499.0).await;
    use StepState::*;
    assert_eq!(d.state(id).await, (ApprovalState::Pending, vec![Pending, Waiting, Waiting]));
    let mails = d.mails().await;
    assert_eq!(mails.len(), 1, "one mail, to the manager: {mails:?}");
    assert_eq!(mails[0].0, "mia@acme.example");
    assert!(mails[0].1.contains("New laptop 1") && mails[0].1.contains("cost: 1499"), "{}", mails[0].1);
    let waiting = d.app.approvals_waiting(&d.mia).await.unwrap();
    assert_eq!(waiting.iter().map(|a| a.id).collect::<Vec<_>>(), [id]);
    assert!(waiting[0].may_decide);

    // Nobody outside the step decides; another organisation does not even see it.
    assert!(matches!(d.app.approval(&d.bob, id).await, Err(AppError::NotFound)));
    assert!(matches!(d.decide(&d.bob, id, Decision::Approved, "").await, Err(AppError::NotFound)));
    assert!(
        matches!(d.decide(&d.hugo, id, Decision::Approved, "").await, Err(AppError::NotFound)),
        "not asked yet: unseen"
    );
    let own = d.decide(&d.ann, id, Decision::Approved, "").await;
    assert!(matches!(own, Err(AppError::Forbidden(_))), "the requester reads it but is not asked: {own:?}");
    assert_eq!(d.state(id).await.1, vec![Pending, Waiting, Waiting], "refusals changed nothing");

    // The manager approves by the mailed link; the head is asked next, in the portal.
    let token = d.token_for("mia@acme.example").await;
    let linked = d.app.approval_by_link(&token, None).await.unwrap();
    assert_eq!(linked.user_id, d.mia.id);
    d.app.decide_by_link(&token, None, approve()).await.unwrap();
    d.run_jobs().await;
    assert_eq!(d.state(id).await, (ApprovalState::Pending, vec![Approved, Pending, Waiting]));
    let a = d.app.approval(&d.ann, id).await.unwrap();
    assert_eq!(a.steps[0].approvers[0].via, Some(Via::Mail));
    assert_eq!(a.steps[0].approvers[0].comment, "Fine by me");
    d.app.decide_approval(&d.hugo, id, approve(), Via::Portal).await.unwrap();
    let told = d.run_jobs().await;
    assert_eq!(d.state(id).await, (ApprovalState::Approved, vec![Approved, Approved, Skipped]));
    assert_eq!(told.len(), 1, "the record's module is told once");
    assert_eq!((told[0].subject_id, told[0].state), (1, ApprovalState::Approved));
    let again = d.decide(&d.hugo, id, Decision::Rejected, "").await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    assert!(d.app.approvals_waiting(&d.olga).await.unwrap().is_empty(), "the budget step never asked Olga");

    // A costlier request reaches the cost-centre owner.
    let big = d.start(chain, 2, 9000.0).await;
    d.decide(&d.mia, big, Decision::Approved, "").await.unwrap();
    d.run_jobs().await;
    d.decide(&d.hugo, big, Decision::Approved, "").await.unwrap();
    d.run_jobs().await;
    assert_eq!(d.app.approvals_waiting(&d.olga).await.unwrap().len(), 1);
    d.decide(&d.olga, big, Decision::Approved, "").await.unwrap();
    assert_eq!(d.state(big).await.0, ApprovalState::Approved);
}

async fn links_work_once_for_their_person_while_their_step_runs(backend: Backend) {
    let d = desk(backend).await;
    let chain = d
        .chain(
            "Two managers",
            vec![
                step("Manager", ApproverKind::Manager, Rule::Any),
                step("Head", ApproverKind::DepartmentHead, Rule::Any),
            ],
        )
        .await;
    let id = d.start(chain, 1, 10.0).await;
    let token = d.token_for("mia@acme.example").await;
    // Someone else signed in on the browser may not use it.
    let other = d.app.decide_by_link(&token, Some(&d.hugo), approve()).await;
    assert!(matches!(other, Err(AppError::Forbidden(_))), "{other:?}");
    assert_eq!(d.state(id).await.1[0], StepState::Pending);
    for hostile in ["", "x", "../../etc/passwd", &"a".repeat(500), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        assert!(matches!(d.app.approval_by_link(hostile, None).await, Err(AppError::Conflict(_))), "{hostile}");
    }
    d.app.decide_by_link(&token, Some(&d.mia), approve()).await.unwrap();
    let replay = d.app.decide_by_link(&token, None, approve()).await;
    assert!(matches!(replay, Err(AppError::Conflict(_))), "a link works once: {replay:?}");
    d.run_jobs().await;
    // Hugo's link stops working once his step ends, however it ended.
    let hugo_token = d.token_for("hugo@acme.example").await;
    d.decide(&d.hugo, id, Decision::Rejected, "Not this quarter").await.unwrap();
    let late = d.app.decide_by_link(&hugo_token, None, approve()).await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
    let a = d.app.approval(&d.ann, id).await.unwrap();
    assert_eq!((a.state, a.comment.as_str()), (ApprovalState::Rejected, "Not this quarter"));
}

async fn rules_decide_steps_and_a_rejection_ends_the_chain(backend: Backend) {
    let d = desk(backend).await;
    let s = d.app.store();
    let members = [d.mia.id, d.hugo.id, d.olga.id];
    let mut tx = s.begin().await.unwrap();
    let board = s.create_team(&mut tx, None, "Change board", "", &members, d.app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    let team = |rule| ChainStep { approver_id: Some(board), ..step("Board", ApproverKind::Team, rule) };
    let majority =
        d.chain("Majority", vec![team(Rule::Majority), step("Head", ApproverKind::DepartmentHead, Rule::Any)]).await;
    let all = d.chain("All", vec![team(Rule::All)]).await;

    let id = d.start(majority, 1, 0.0).await;
    d.decide(&d.mia, id, Decision::Approved, "").await.unwrap();
    assert_eq!(d.state(id).await.1[0], StepState::Pending, "one of three is no majority");
    d.decide(&d.hugo, id, Decision::Rejected, "").await.unwrap();
    assert_eq!(d.state(id).await.1[0], StepState::Pending, "one each way");
    d.decide(&d.olga, id, Decision::Rejected, "Too expensive").await.unwrap();
    let told = d.run_jobs().await;
    let a = d.app.approval(&d.admin, id).await.unwrap();
    assert_eq!(a.state, ApprovalState::Rejected);
    assert_eq!(a.comment, "Too expensive");
    assert_eq!(a.steps.iter().map(|s| s.state).collect::<Vec<_>>(), [StepState::Rejected, StepState::Skipped]);
    assert_eq!((told.len(), told[0].state, told[0].comment.as_str()), (1, ApprovalState::Rejected, "Too expensive"));

    let id = d.start(all, 2, 0.0).await;
    d.decide(&d.mia, id, Decision::Approved, "").await.unwrap();
    d.decide(&d.hugo, id, Decision::Approved, "").await.unwrap();
    assert_eq!(d.state(id).await.0, ApprovalState::Pending, "all means all");
    d.decide(&d.olga, id, Decision::Approved, "").await.unwrap();
    assert_eq!(d.state(id).await.0, ApprovalState::Approved);
}

async fn delegates_decide_for_people_away(backend: Backend) {
    let d = desk(backend).await;
    let chain = d.chain("Manager only", vec![step("Manager", ApproverKind::Manager, Rule::Any)]).await;
    let now = d.app.now();
    let away = DelegationInput {
        delegate_id: d.hugo.id,
        starts_at: now - Duration::hours(1),
        ends_at: now + Duration::days(7),
    };
    d.app.delegate_approvals(&d.mia, away).await.unwrap();
    let to_other_org = DelegationInput { delegate_id: d.bob.id, starts_at: now, ends_at: now + Duration::days(1) };
    assert!(matches!(d.app.delegate_approvals(&d.mia, to_other_org).await, Err(AppError::Invalid(_))));
    let backwards = DelegationInput { delegate_id: d.olga.id, starts_at: now, ends_at: now - Duration::days(1) };
    assert!(matches!(d.app.delegate_approvals(&d.mia, backwards).await, Err(AppError::Invalid(_))));

    let id = d.start(chain, 1, 0.0).await;
    let mut recipients: Vec<String> = d.mails().await.into_iter().map(|(to, _)| to).collect();
    recipients.sort();
    assert_eq!(recipients, ["hugo@acme.example", "mia@acme.example"], "the delegate is asked beside her");
    assert_eq!(d.app.approvals_waiting(&d.hugo).await.unwrap().len(), 1);
    d.decide(&d.hugo, id, Decision::Approved, "For Mia, who is away").await.unwrap();
    let a = d.app.approval(&d.ann, id).await.unwrap();
    let answer = &a.steps[0].approvers[0];
    assert_eq!((answer.user_id, answer.decided_by), (d.mia.id, Some(d.hugo.id)));
    assert_eq!(a.state, ApprovalState::Approved);

    // Once the delegation is gone, Hugo decides nothing for Mia.
    let delegation = d.app.my_delegations(&d.mia).await.unwrap()[0].id;
    assert!(matches!(d.app.remove_delegation(&d.hugo, delegation).await, Err(AppError::NotFound)), "not his to end");
    d.app.remove_delegation(&d.mia, delegation).await.unwrap();
    let id = d.start(chain, 2, 0.0).await;
    assert!(matches!(d.decide(&d.hugo, id, Decision::Approved, "").await, Err(AppError::NotFound)));
}

async fn time_runs_out_and_reminders_go_out(backend: Backend) {
    let d = desk(backend).await;
    let timed = ChainStep {
        time_limit_hours: Some(24),
        reminder_hours: Some(8),
        ..step("Manager", ApproverKind::Manager, Rule::Any)
    };
    let chain = d.chain("Timed", vec![timed]).await;
    let id = d.start(chain, 1, 0.0).await;
    assert_eq!(d.mails().await.len(), 1);
    d.clock.advance(Duration::hours(9));
    d.app.sweep_approvals().await.unwrap();
    d.run_jobs().await;
    let mails = d.mails().await;
    assert_eq!(mails.len(), 2, "one reminder after eight hours");
    d.app.sweep_approvals().await.unwrap();
    d.run_jobs().await;
    assert_eq!(d.mails().await.len(), 2, "a second sweep at the same time reminds nobody again");
    d.clock.advance(Duration::hours(16));
    d.app.sweep_approvals().await.unwrap();
    let told = d.run_jobs().await;
    let a = d.app.approval(&d.ann, id).await.unwrap();
    assert_eq!((a.state, a.steps[0].state), (ApprovalState::Rejected, StepState::Expired));
    assert!(a.comment.contains("within 24 hours"), "{}", a.comment);
    assert_eq!(told.len(), 1);
    let late = d.decide(&d.mia, id, Decision::Approved, "").await;
    assert!(matches!(late, Err(AppError::Conflict(_))), "{late:?}");
}

async fn nobody_to_ask_goes_to_the_organisations_managers_never_the_requester(backend: Backend) {
    let d = desk(backend).await;
    let boss = actor(&d.app, "boss@acme.example", "manager", d.acme).await;
    let chain = d.chain("Manager only", vec![step("Manager", ApproverKind::Manager, Rule::Any)]).await;
    // Ann's manager leaves: nobody is her manager now.
    d.app.update_user(&d.admin, d.ann.id, UserUpdate { manager_id: Some(None), ..Default::default() }).await.unwrap();
    let id = d.start(chain, 1, 0.0).await;
    let a = d.app.approval(&d.ann, id).await.unwrap();
    let asked: Vec<i64> = a.steps[0].approvers.iter().map(|x| x.user_id).collect();
    assert_eq!(asked, [d.admin.id, boss.id], "the organisation's managers and administrators");
    assert!(a.steps[0].note.contains("nobody was found"), "{}", a.steps[0].note);

    // A manager asking is never asked to approve their own request.
    let start = ApprovalStart {
        organisation_id: d.acme,
        subject_kind: "test_record".into(),
        subject_id: 2,
        title: "Boss's laptop".into(),
        link: "/records/2".into(),
        requester_id: boss.id,
        department_id: None,
        cost_centre_id: None,
        facts: Facts::new(),
        chain_id: chain,
        decided_job: DECIDED.into(),
    };
    let mut tx = d.app.store().begin().await.unwrap();
    let row = d.app.start_approval(&mut tx, start).await.unwrap();
    tx.commit().await.unwrap();
    let a = d.app.approval(&d.admin, row.id).await.unwrap();
    assert_eq!(a.steps[0].approvers.iter().map(|x| x.user_id).collect::<Vec<_>>(), [d.admin.id]);
}

async fn chains_heads_and_cost_centres_refuse_bad_input(backend: Backend) {
    let d = desk(backend).await;
    fn field<T>(r: Result<T, AppError>) -> String {
        match r {
            Err(AppError::Invalid(errors)) => errors[0].field.clone().unwrap_or_default(),
            Err(other) => format!("{other:?}"),
            Ok(_) => "accepted".into(),
        }
    }
    let input = |steps: Vec<ChainStep>| ApprovalChainInput {
        organisation_id: d.acme,
        name: "Bad".into(),
        description: String::new(),
        steps,
    };
    let named = |id| ChainStep { approver_id: Some(id), ..step("Named", ApproverKind::Person, Rule::Any) };
    assert_eq!(field(d.app.create_approval_chain(&d.admin, input(vec![])).await), "steps");
    assert_eq!(
        field(d.app.create_approval_chain(&d.admin, input(vec![named(d.bob.id)])).await),
        "steps[0].approver_id"
    );
    let manager_named = ChainStep { approver_id: Some(d.mia.id), ..step("Manager", ApproverKind::Manager, Rule::Any) };
    assert_eq!(field(d.app.create_approval_chain(&d.admin, input(vec![manager_named])).await), "steps[0].approver_id");
    let odd = ChainStep { condition: over("lots"), ..step("Manager", ApproverKind::Manager, Rule::Any) };
    assert_eq!(field(d.app.create_approval_chain(&d.admin, input(vec![odd])).await), "steps[0].condition.value");
    let by_requester = d.app.create_approval_chain(&d.ann, input(vec![named(d.mia.id)])).await;
    assert!(matches!(by_requester, Err(AppError::Forbidden(_))));
    let elsewhere = ApprovalChainInput { organisation_id: d.acme, ..input(vec![named(d.bob.id)]) };
    assert!(matches!(d.app.create_approval_chain(&d.bob, elsewhere).await, Err(AppError::Invalid(_))));
    assert!(d.app.list_approval_chains(&d.admin).await.unwrap().is_empty(), "nothing was saved");

    let sales = d.app.list_departments(&d.admin).await.unwrap()[0].id;
    let foreign_head = DepartmentUpdate { head_id: Some(Some(d.bob.id)), ..Default::default() };
    assert_eq!(field(d.app.update_department(&d.admin, sales, foreign_head).await), "head_id");
    let centre =
        CostCentreInput { organisation_id: d.acme, code: "CC-4100".into(), name: "Again".into(), owner_id: None };
    assert_eq!(field(d.app.create_cost_centre(&d.admin, centre).await), "code");
    let by_agent = d.app.update_department(&d.mia, sales, DepartmentUpdate::default()).await;
    assert!(matches!(by_agent, Err(AppError::Forbidden(_))));
    let department = &d.app.list_departments(&d.admin).await.unwrap()[0];
    assert_eq!(department.head_id, Some(d.hugo.id), "refusals changed nothing");
    assert!(
        d.app.list_cost_centres(&d.bob).await.unwrap().is_empty(),
        "another organisation's cost centres are unseen"
    );
}

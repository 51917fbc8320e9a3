//! Test harness: a real Helmdesk server (router, jobs off) on a fresh database of either
//! backend, listening on 127.0.0.1, with a fixture organisation and one person per role.
#![allow(dead_code)]

use std::sync::Arc;

use helmdesk_app::store::platform::users::NewUser;
use helmdesk_app::store::testing::TestDatabase;
use helmdesk_app::store::{Backend, Store};
use helmdesk_app::{App, AppSettings};
use helmdesk_domain::SystemClock;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// The password of every fixture person.
pub const PASSWORD: &str = "correct horse battery";

/// A fixture person: who they are and how they authenticate.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub role: &'static str,
    pub token: String,
}

/// The fixture: Acme (with subsidiary Acme Labs) and Other Corp.
pub struct Fixture {
    pub admin: Person,
    pub manager: Person,
    pub agent: Person,
    pub auditor: Person,
    /// A requester in Acme's Finance department.
    pub requester: Person,
    /// Another requester in Finance: sees the first one's tickets.
    pub colleague: Person,
    /// A requester in Sales: does not.
    pub outsider: Person,
    /// An agent of Other Corp: sees nothing of Acme.
    pub foreign_agent: Person,
    /// An agent of Acme Labs (a subsidiary): sees Labs only.
    pub labs_agent: Person,
    pub acme: i64,
    pub labs: i64,
    pub other_corp: i64,
    pub finance: i64,
    pub team: i64,
    pub category: i64,
}

pub struct TestServer {
    pub base: String,
    pub app: App,
    pub fx: Fixture,
    pub backend: Backend,
    pub db: TestDatabase,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn password_hash() -> String {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async { helmdesk_app::platform::auth::hash_password(PASSWORD).await.expect("hash") })
        .await
        .clone()
}

/// A person of `role` in `org` (and department `dept`) with the fixture password and an API token.
pub async fn person(app: &App, email: &str, role: &'static str, org: i64, dept: Option<i64>) -> Person {
    let store = app.store();
    let user = store
        .create_user(
            &NewUser {
                email: email.into(),
                name: email.split('@').next().unwrap_or(email).replace('.', " "),
                role: role.into(),
                organisation_id: org,
                department_id: dept,
                password_hash: Some(password_hash().await),
                must_change_password: false,
            },
            app.now_micros(),
        )
        .await
        .expect("user");
    let actor = app.actor_by_id(user.id).await.expect("actor");
    let (_, token) = app.create_token(&actor, "tests").await.expect("token");
    Person { id: user.id, email: email.into(), role, token }
}

impl TestServer {
    /// A server on a fresh database with the fixture, default settings.
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, AppSettings::default()).await
    }

    /// A server on a fresh database with the fixture.
    pub async fn start_with(backend: Backend, settings: AppSettings) -> TestServer {
        Self::start_configured(backend, settings, helmdesk_web::WebSettings::default()).await
    }

    /// A server on a fresh database with the fixture, its HTTP settings given too.
    pub async fn start_configured(
        backend: Backend,
        settings: AppSettings,
        web: helmdesk_web::WebSettings,
    ) -> TestServer {
        let db = TestDatabase::new(backend).await.expect("test database (is PostgreSQL running?)");
        let store: Store = db.store().await.expect("store");
        let app = App::new(store, Arc::new(SystemClock), settings);
        let s = app.store();
        let now = app.now_micros();
        let mut tx = s.begin().await.unwrap();
        let acme = s.create_organisation(&mut tx, "Acme", None, now).await.unwrap().id;
        let labs = s.create_organisation(&mut tx, "Acme Labs", Some(acme), now).await.unwrap().id;
        let other_corp = s.create_organisation(&mut tx, "Other Corp", None, now).await.unwrap().id;
        let finance = s.create_department(&mut tx, acme, "Finance", now).await.unwrap().id;
        let sales = s.create_department(&mut tx, acme, "Sales", now).await.unwrap().id;
        let category = s.create_category(&mut tx, "Hardware", "", now).await.unwrap().id;
        tx.commit().await.unwrap();
        let fx_agent = person(&app, "agent@acme.example", "agent", acme, None).await;
        let mut tx = s.begin().await.unwrap();
        let team = s.create_team(&mut tx, Some(acme), "Service Desk", "", &[fx_agent.id], now).await.unwrap().id;
        tx.commit().await.unwrap();
        let fx = Fixture {
            admin: person(&app, "admin@acme.example", "admin", acme, None).await,
            manager: person(&app, "manager@acme.example", "manager", acme, None).await,
            agent: fx_agent,
            auditor: person(&app, "auditor@acme.example", "auditor", acme, None).await,
            requester: person(&app, "rita@acme.example", "requester", acme, Some(finance)).await,
            colleague: person(&app, "colin@acme.example", "requester", acme, Some(finance)).await,
            outsider: person(&app, "sam@acme.example", "requester", acme, Some(sales)).await,
            foreign_agent: person(&app, "agent@other.example", "agent", other_corp, None).await,
            labs_agent: person(&app, "agent@labs.example", "agent", labs, None).await,
            acme,
            labs,
            other_corp,
            finance,
            team,
            category,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = helmdesk_web::router(app.clone(), web);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum_serve(listener, router, stopped).await;
        });
        TestServer { base, app, fx, backend, db, stop: Some(stop) }
    }

    /// A client that does not follow redirects.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// Calls the API as `who` (or anonymously) and returns the status and the JSON body.
    pub async fn api(
        &self,
        who: Option<&Person>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (status, _, body) = self.api_full(who, method, path, body, &[]).await;
        (status, body)
    }

    /// Like [`TestServer::api`], with extra headers, returning the response headers too.
    pub async fn api_full(
        &self,
        who: Option<&Person>,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut req = Self::client().request(method, format!("{}{path}", self.base));
        if let Some(p) = who {
            req = req.bearer_auth(&p.token);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Files a ticket through the API as `who`; returns its JSON.
    pub async fn ticket(&self, who: &Person, subject: &str) -> Value {
        let (status, body) = self
            .api(
                Some(who),
                Method::POST,
                "/api/v1/tickets",
                Some(json!({"subject": subject, "description": "details"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    /// A ticket of the requester in Acme, created at `created_at` (microseconds), new,
    /// priority 3: a base for tickets inserted straight through the store.
    pub fn ticket_row(&self, created_at: i64) -> helmdesk_app::store::service_desk::tickets::TicketRow {
        helmdesk_app::store::service_desk::tickets::TicketRow {
            kind: "incident".into(),
            subject: "Inserted through the store".into(),
            requester_id: self.fx.requester.id,
            organisation_id: self.fx.acme,
            impact: "medium".into(),
            urgency: "medium".into(),
            priority: 3,
            status: "new".into(),
            version: 1,
            created_by: self.fx.requester.id,
            created_at,
            updated_at: created_at,
            ..Default::default()
        }
    }

    /// Inserts tickets as they are (timestamps, states, SLA flags), in one transaction.
    pub async fn insert_tickets(&self, rows: &[helmdesk_app::store::service_desk::tickets::TicketRow]) {
        let store = self.app.store();
        let mut tx = store.begin().await.unwrap();
        for row in rows {
            store.insert_ticket(&mut tx, row).await.unwrap();
        }
        tx.commit().await.unwrap();
    }

    /// A browser-like session for `who`: signs in through the login form.
    pub async fn session(&self, who: &Person) -> UiSession {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let page = client.get(format!("{}/login", self.base)).send().await.unwrap().text().await.unwrap();
        let csrf = hidden(&page, "csrf").expect("login form csrf");
        let res = client
            .post(format!("{}/login", self.base))
            .form(&[("email", who.email.as_str()), ("password", PASSWORD), ("csrf", csrf.as_str()), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {} failed", who.email);
        let page = client.get(format!("{}/account", self.base)).send().await.unwrap().text().await.unwrap();
        let csrf = hidden(&page, "csrf").expect("session csrf");
        UiSession { client, csrf, base: self.base.clone() }
    }
}

impl TestServer {
    /// Gives the server an outgoing mail server (nothing listens there: in these tests
    /// mail is queued, never sent).
    pub async fn send_mail(&self) {
        use helmdesk_app::platform::mail::{MailSettings, OutgoingServer, Security};
        let admin = self.app.actor_by_id(self.fx.admin.id).await.unwrap();
        let outgoing = OutgoingServer {
            host: "smtp.helmdesk.test".into(),
            port: 587,
            security: Security::Starttls,
            username: String::new(),
            password: None,
            password_set: false,
            from_address: "support@helmdesk.test".into(),
            from_name: "Support".into(),
        };
        let settings = MailSettings { outgoing: Some(outgoing), ..MailSettings::default() };
        self.app.set_mail_settings(&admin, settings).await.unwrap();
    }

    /// Runs the jobs that are due, as the runner would (the server here runs none), but
    /// sends no mail: there is no mail server.
    pub async fn run_jobs(&self) {
        loop {
            let now = self.app.now_micros();
            let Some(job) = self.app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else { break };
            if job.kind != "mail.send" {
                self.app.run_job(&job).await.unwrap();
            }
            self.app.store().complete_job(job.id, "test", now).await.unwrap();
        }
    }

    /// The links to choose a new password queued by mail to `email`, oldest first, each as
    /// the path of this server (`/password/reset/...`).
    pub async fn mailed_reset_links(&self, email: &str) -> Vec<String> {
        let public = self.app.settings().public_url.trim_end_matches('/').to_string();
        let mut mails = self.app.store().outbound_list(None, 1000).await.unwrap();
        mails.retain(|m| m.recipient == email && m.event == "password_reset");
        mails.reverse();
        mails
            .iter()
            .map(|m| {
                let at = m.body_text.find(&format!("{public}/password/reset/")).expect("a link in the mail");
                let link: String = m.body_text[at..].chars().take_while(|c| !c.is_whitespace()).collect();
                link[public.len()..].to_string()
            })
            .collect()
    }

    /// A new link of `user_id` made without mail (it ends the person's earlier ones); its
    /// token.
    pub async fn reset_link_of(&self, user_id: i64) -> String {
        let token = helmdesk_app::platform::auth::new_secret("");
        let (store, now) = (self.app.store(), self.app.now_micros());
        let mut tx = store.begin().await.unwrap();
        let hash = helmdesk_app::secrets::secret_hash(&token);
        store.issue_password_reset(&mut tx, user_id, &hash, now, now + 30 * 60_000_000).await.unwrap();
        tx.commit().await.unwrap();
        token
    }
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    stopped: tokio::sync::oneshot::Receiver<()>,
) -> std::io::Result<()> {
    helmdesk_web::serve(listener, router, async {
        let _ = stopped.await;
    })
    .await
}

/// The value of the first hidden input named `name` in `html`.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// A signed-in browser session (cookies kept) and its CSRF token.
pub struct UiSession {
    pub client: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl UiSession {
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (res.status(), res.text().await.unwrap_or_default())
    }

    /// Chooses the language of this person's pages (`nl`, `en`) on their account page.
    pub async fn reads_in(&self, language: &str) {
        let (status, _) =
            self.post("/account/preferences", &[("language", language), ("time_zone", ""), ("theme", "system")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the language is chosen");
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", self.csrf.as_str()));
        let res = self.client.post(format!("{}{path}", self.base)).form(&all).send().await.unwrap();
        (res.status(), res.text().await.unwrap_or_default())
    }
}

/// What [`TestServer::self_service_records`] made.
pub struct SelfServiceRecords {
    /// The catalog item, approved at once and delivered when ordered (no tasks).
    pub item: i64,
    /// The item whose order waits for the manager's approval (then delivered: no tasks).
    pub approved_item: i64,
    /// The article the requester read and found helpful.
    pub article: i64,
}

impl TestServer {
    /// Self-service records of Acme made through the use cases now: the manager's items
    /// (neither with tasks, so delivered when approved: one with a hostile name, approved
    /// at once; one through the chain "Hardware" whose one step, "Manager", the manager
    /// approves), both ordered by the requester; the
    /// manager's published article, which the requester reads from its page and finds
    /// helpful.
    pub async fn self_service_records(&self) -> SelfServiceRecords {
        use helmdesk_app::platform::approvals::{ApprovalChainInput, ChainStep, DecisionInput};
        use helmdesk_app::self_service::catalog::NewCatalogItem;
        use helmdesk_app::self_service::kb::{FeedbackInput, NewArticle};
        use helmdesk_app::self_service::requests::NewCatalogRequest;
        use helmdesk_domain::platform::approvals::{ApproverKind, Decision, Rule, Via};
        use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility, ViewSource};

        let app = &self.app;
        let manager = app.actor_by_id(self.fx.manager.id).await.unwrap();
        let admin = app.actor_by_id(self.fx.admin.id).await.unwrap();
        let requester = app.actor_by_id(self.fx.requester.id).await.unwrap();
        let step = ChainStep {
            name: "Manager".into(),
            approver: ApproverKind::Person,
            approver_id: Some(manager.id),
            rule: Rule::Any,
            condition: None,
            time_limit_hours: None,
            reminder_hours: None,
        };
        let chain = ApprovalChainInput {
            organisation_id: self.fx.acme,
            name: "Hardware".into(),
            description: String::new(),
            steps: vec![step],
        };
        let chain = app.create_approval_chain(&admin, chain).await.unwrap().id;
        let new =
            |name: &str, chain| NewCatalogItem { name: name.into(), approval_chain_id: chain, ..Default::default() };
        let item = app.create_catalog_item(&manager, &new("<b>Laptop</b> & co", None)).await.unwrap().id;
        let approved_item = app.create_catalog_item(&manager, &new("Docking station", Some(chain))).await.unwrap().id;
        for id in [item, approved_item] {
            let order = NewCatalogRequest { item_id: id, answers: Default::default() };
            app.order_catalog_item(&requester, &order).await.unwrap();
        }
        self.run_jobs().await;
        let request = app.catalog_requests(&requester, &Default::default()).await.unwrap().items[0].id;
        let approval = app.approval_of(&requester, "catalog_request", request).await.unwrap().unwrap();
        let yes = DecisionInput { decision: Decision::Approved, comment: String::new() };
        app.decide_approval(&manager, approval.id, yes, Via::Portal).await.unwrap();
        self.run_jobs().await;

        let input = NewArticle {
            title: "Printer <i>jam</i>".into(),
            body: "<p>Open the tray.</p>".into(),
            language: Some("en".into()),
            visibility: Some(ArticleVisibility::Public),
            ..Default::default()
        };
        let article = app.create_article(&manager, &input).await.unwrap().id;
        app.move_article(&manager, article, ArticleState::Published).await.unwrap();
        app.read_article(&requester, article, ViewSource::Page).await.unwrap();
        app.article_feedback(&requester, article, &FeedbackInput { helpful: true, comment: None }).await.unwrap();
        SelfServiceRecords { item, approved_item, article }
    }
}

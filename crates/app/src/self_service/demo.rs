//! Self-service's part of the demo: the company's service catalog (a new laptop,
//! software access, a new starter, VPN access and a shared mailbox, in three categories)
//! with their forms, approval chains and the demo teams' fulfilment tasks, and one
//! request already ordered; the knowledge base's categories and a dozen IT articles (VPN,
//! passwords, MFA, Wi-Fi, printers, mail ...), most published for employees, some
//! internal, a few translated into Dutch, one due for review.

use chrono::Days;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::self_service::kb::{ArticleRow, KbCategoryRow};

use crate::self_service::kb_html::{sanitise, text_of};
use helmdesk_domain::self_service::catalog::{AssetSource, Condition, ConditionOp, FieldKind, FormField, TaskSpec};

use crate::platform::demo::DemoPeople;
use crate::self_service::catalog::{NewCatalogCategory, NewCatalogItem};
use crate::self_service::requests::NewCatalogRequest;
use crate::{App, AppError};

fn field(key: &str, label: &str, kind: FieldKind, required: bool) -> FormField {
    FormField { required, ..FormField::new(key, label, kind) }
}

fn choice(key: &str, label: &str, options: &[&str]) -> FormField {
    FormField { options: options.iter().map(|o| o.to_string()).collect(), ..field(key, label, FieldKind::Choice, true) }
}

/// `f`, shown only when field `key` answers `value`.
fn when(f: FormField, key: &str, value: &str) -> FormField {
    let shown_when = Some(Condition { field: key.into(), op: ConditionOp::Equals, value: value.into() });
    FormField { shown_when, ..f }
}

/// The name of the assets demo's Acrobat licence (per user).
const ACROBAT: &str = "Acrobat Pro team licence";

fn task(title: &str, team_id: i64, stage: u8) -> TaskSpec {
    TaskSpec { title: title.into(), team_id, stage }
}

impl App {
    /// Self-service's demo: the catalog, then the knowledge base.
    pub(crate) async fn demo_self_service(&self, people: &DemoPeople) -> Result<(), AppError> {
        self.demo_catalog(people).await?;
        self.demo_knowledge_base(people).await.map(|_| ())
    }

    /// The demo's catalog, offered to the whole company.
    async fn demo_catalog(&self, people: &DemoPeople) -> Result<(), AppError> {
        let manager = self.actor_by_id(people.agents[0].0).await?;
        // Service Desk, Workplace, Network, Applications (the desk stands in for any missing).
        let team = |i: usize| people.teams.get(i).or(people.teams.first()).copied().ok_or(AppError::NotFound);
        let (desk, workplace, network, applications) = (team(0)?, team(1)?, team(2)?, team(3)?);
        let category = |name: &'static str| {
            let manager = manager.clone();
            async move {
                let new = NewCatalogCategory { name: name.into(), organisation_id: None };
                Ok::<i64, AppError>(self.create_catalog_category(&manager, &new).await?.id)
            }
        };
        let hardware = category("Hardware").await?;
        let access = category("Access").await?;
        let people_category = category("People").await?;
        // The assets demo's Acrobat licence, whose seats the Acrobat item reserves.
        let acrobat = self.store().licences(None, None).await?.into_iter().find(|l| l.licence.name == ACROBAT);
        let items = [
            NewCatalogItem {
                name: "New laptop".into(),
                description: Some("A laptop for work, set up with your accounts.".into()),
                category_id: Some(hardware),
                cost_minor: Some(145_000),
                currency: Some("EUR".into()),
                delivery_days: Some(5),
                fields: vec![
                    choice("model", "Model", &["Standard (Dell Latitude)", "Developer (ThinkPad)", "Other"]),
                    when(field("other_model", "Which model, and why?", FieldKind::Text, true), "model", "Other"),
                    FormField { not_in_past: true, ..field("needed_by", "Needed by", FieldKind::Date, false) },
                    FormField {
                        asset_source: Some(AssetSource::Held),
                        ..field("replaces", "It replaces", FieldKind::Asset, false)
                    },
                ],
                tasks: vec![task("Prepare and enrol the laptop", workplace, 1), task("Hand the laptop over", desk, 2)],
                approval_chain_id: people.chains.first().copied(),
                ..Default::default()
            },
            NewCatalogItem {
                name: "Software access".into(),
                description: Some("Access to an application the company licenses.".into()),
                category_id: Some(access),
                delivery_days: Some(2),
                fields: vec![
                    choice("application", "Application", &["Office 365", "Adobe Acrobat", "Jira", "Other"]),
                    when(
                        field("other_application", "Which application?", FieldKind::Text, true),
                        "application",
                        "Other",
                    ),
                    field("reason", "What you need it for", FieldKind::Text, true),
                ],
                tasks: vec![task("Grant the access", applications, 1)],
                approval_chain_id: people.chains.get(1).copied(),
                ..Default::default()
            },
            NewCatalogItem {
                name: "Adobe Acrobat Pro".into(),
                description: Some("Edit and sign PDFs: a seat of the company's Acrobat Pro licence.".into()),
                category_id: Some(access),
                delivery_days: Some(1),
                fields: vec![field("reason", "What you need it for", FieldKind::Text, true)],
                tasks: vec![task("Install Acrobat and assign the seat", applications, 1)],
                reserve_licence_id: acrobat.map(|l| l.licence.id),
                approval_chain_id: people.chains.get(1).copied(),
                ..Default::default()
            },
            NewCatalogItem {
                name: "New starter".into(),
                description: Some("Everything a new colleague needs on their first day.".into()),
                category_id: Some(people_category),
                delivery_days: Some(10),
                fields: vec![
                    field("name", "Their name", FieldKind::Text, true),
                    FormField { not_in_past: true, ..field("start", "First day", FieldKind::Date, true) },
                    field("manager", "Their manager", FieldKind::Person, true),
                    choice("laptop", "Laptop", &["Standard", "Developer"]),
                ],
                tasks: vec![
                    task("Create the accounts", applications, 1),
                    task("Prepare the laptop", workplace, 1),
                    task("Give network and VPN access", network, 2),
                    task("Welcome on the first day", desk, 3),
                ],
                ..Default::default()
            },
            NewCatalogItem {
                name: "VPN access".into(),
                description: Some("Work from home or on the road.".into()),
                category_id: Some(access),
                delivery_days: Some(1),
                fields: vec![
                    choice("duration", "For how long", &["Permanent", "Until a day"]),
                    when(
                        FormField { not_in_past: true, ..field("until", "Until", FieldKind::Date, true) },
                        "duration",
                        "Until a day",
                    ),
                ],
                tasks: vec![task("Open the VPN account", network, 1)],
                ..Default::default()
            },
            NewCatalogItem {
                name: "Shared mailbox".into(),
                description: Some("A mailbox a team shares, such as sales@.".into()),
                category_id: Some(access),
                delivery_days: Some(3),
                fields: vec![
                    FormField {
                        pattern: Some("[a-z0-9.-]{2,40}".into()),
                        help: Some("The part before the @, in lower case.".into()),
                        ..field("address", "Address", FieldKind::Text, true)
                    },
                    FormField {
                        min: Some(1),
                        max: Some(50),
                        ..field("members", "How many people", FieldKind::Number, true)
                    },
                ],
                tasks: vec![task("Create the mailbox", applications, 1)],
                ..Default::default()
            },
        ];
        let mut vpn = None;
        for new in &items {
            let item = self.create_catalog_item(&manager, new).await?;
            if item.name == "VPN access" {
                vpn = Some(item.id);
            }
        }
        if let (Some(item_id), Some(&(requester, _, _))) = (vpn, people.requesters.first()) {
            let requester = self.actor_by_id(requester).await?;
            let order = NewCatalogRequest { item_id, answers: [("duration".into(), "Permanent".into())].into() };
            self.order_catalog_item(&requester, &order).await?;
        }
        Ok(())
    }
}

/// (category, parent category).
const CATEGORIES: &[(&str, Option<&str>)] = &[
    ("Accounts and access", None),
    ("Network", None),
    ("Hardware", None),
    ("Printers", Some("Hardware")),
    ("Mail and calendar", None),
];

/// A demo article: category, title, summary, body, public, published, and its Dutch
/// title, summary and body when it has a translation.
type DemoArticle = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
    Option<(&'static str, &'static str, &'static str)>,
);

const ARTICLES: &[DemoArticle] = &[
    (
        "Network",
        "Connect to the VPN from home",
        "Start GlobalProtect, sign in with your company account and approve the MFA prompt.",
        "<h2>Before you start</h2><p>You need your laptop, your company account and your phone with the authenticator app.</p><ol><li>Open <strong>GlobalProtect</strong> from the system tray.</li><li>Enter the portal <code>vpn.acme.example</code>.</li><li>Sign in with your company e-mail address and password.</li><li>Approve the prompt on your phone.</li></ol><p>The icon turns blue when you are connected.</p>",
        true,
        true,
        Some((
            "Thuis verbinden met de VPN",
            "Start GlobalProtect, meld u aan met uw bedrijfsaccount en keur de MFA-melding goed.",
            "<h2>Voordat u begint</h2><p>U hebt uw laptop, uw bedrijfsaccount en uw telefoon met de authenticator-app nodig.</p><ol><li>Open <strong>GlobalProtect</strong> in het systeemvak.</li><li>Vul de portal <code>vpn.acme.example</code> in.</li><li>Meld u aan met uw zakelijke e-mailadres en wachtwoord.</li><li>Keur de melding op uw telefoon goed.</li></ol>",
        )),
    ),
    (
        "Network",
        "The VPN drops every few minutes",
        "Usually a weak Wi-Fi signal or an old client: switch to a cable or update GlobalProtect.",
        "<p>If the VPN disconnects again and again:</p><ul><li>Move closer to your router, or use a network cable.</li><li>Update GlobalProtect from the Software Center.</li><li>Restart the laptop once the update is installed.</li></ul><p>Still dropping? File a ticket and mention the times it disconnected.</p>",
        true,
        true,
        None,
    ),
    (
        "Accounts and access",
        "Reset your password",
        "Use the self-service reset page; you need your phone for the code.",
        "<p>Go to <a href=\"https://password.acme.example\">password.acme.example</a>, enter your e-mail address and follow the steps. A code is sent to your phone.</p><p>Your new password needs at least 12 characters and may not be one of your last five.</p>",
        true,
        true,
        Some((
            "Uw wachtwoord opnieuw instellen",
            "Gebruik de selfservicepagina; u hebt uw telefoon nodig voor de code.",
            "<p>Ga naar <a href=\"https://password.acme.example\">password.acme.example</a>, vul uw e-mailadres in en volg de stappen. U krijgt een code op uw telefoon.</p><p>Uw nieuwe wachtwoord heeft minstens 12 tekens en mag niet een van uw laatste vijf zijn.</p>",
        )),
    ),
    (
        "Accounts and access",
        "Set up multi-factor authentication (MFA)",
        "Install Microsoft Authenticator and scan the QR code on the security page.",
        "<ol><li>Install <strong>Microsoft Authenticator</strong> from your phone's app store.</li><li>On your laptop, open <a href=\"https://aka.ms/mfasetup\">the security page</a>.</li><li>Choose <em>Add sign-in method</em>, then <em>Authenticator app</em>, and scan the QR code.</li></ol><p>New phone? Set up the app on the new phone before you wipe the old one.</p>",
        true,
        true,
        None,
    ),
    (
        "Network",
        "Connect to the office Wi-Fi",
        "Choose Acme-Staff and sign in with your company account; guests use Acme-Guest.",
        "<p>Choose the network <strong>Acme-Staff</strong> and sign in with your company e-mail address and password. Accept the certificate <code>radius.acme.example</code> when asked.</p><p>Visitors use <strong>Acme-Guest</strong>; the code is at the reception.</p>",
        true,
        true,
        Some((
            "Verbinden met de wifi op kantoor",
            "Kies Acme-Staff en meld u aan met uw bedrijfsaccount; gasten gebruiken Acme-Guest.",
            "<p>Kies het netwerk <strong>Acme-Staff</strong> en meld u aan met uw zakelijke e-mailadres en wachtwoord. Accepteer het certificaat <code>radius.acme.example</code> als daarom gevraagd wordt.</p><p>Bezoekers gebruiken <strong>Acme-Guest</strong>; de code ligt bij de receptie.</p>",
        )),
    ),
    (
        "Printers",
        "Add a printer on your laptop",
        "Printers are found by floor: add the follow-me queue once and print anywhere.",
        "<p>Open <em>Settings, Printers</em> and add <code>\\\\print.acme.example\\FollowMe</code>. Print as usual, then hold your badge to any printer to collect your pages.</p>",
        true,
        true,
        None,
    ),
    (
        "Printers",
        "Clear a paper jam",
        "Open the front tray, pull the paper towards you, close the tray.",
        "<ol><li>Open the front tray.</li><li>Pull the jammed paper gently towards you, with both hands.</li><li>Close the tray; the printer resumes by itself.</li></ol><p>A message about the fuser? Do not touch it: it is hot. File a ticket.</p>",
        true,
        true,
        None,
    ),
    (
        "Mail and calendar",
        "Share your calendar",
        "In Outlook, right-click your calendar, choose Sharing permissions and add people.",
        "<p>In Outlook, right-click <strong>Calendar</strong>, choose <em>Sharing permissions</em>, add the person and choose what they may see.</p>",
        true,
        true,
        None,
    ),
    (
        "Mail and calendar",
        "Set an out-of-office reply",
        "Outlook: File, Automatic replies. Set the dates and a message for people inside and outside.",
        "<p>In Outlook choose <em>File</em>, then <em>Automatic replies</em>. Set the dates, write one message for colleagues and one for people outside the company.</p>",
        true,
        true,
        None,
    ),
    (
        "Hardware",
        "Your laptop is slow",
        "Restart it, let updates finish, and close browser tabs you do not need.",
        "<ul><li>Restart at least once a week: updates finish only then.</li><li>Close browser tabs you do not use.</li><li>Check free disk space: under 10 GB slows everything down.</li></ul>",
        true,
        false,
        None,
    ),
    (
        "Network",
        "VPN gateway: restart procedure",
        "For the network team: drain, restart and check the GlobalProtect gateways.",
        "<ol><li>Drain the gateway in Panorama.</li><li>Wait until fewer than 10 sessions remain.</li><li>Restart, then check the tunnel count on the dashboard.</li></ol>",
        false,
        true,
        None,
    ),
    (
        "Accounts and access",
        "Unlock an account in the directory",
        "For the service desk: check the lockout source before unlocking.",
        "<p>Find the lockout source in the sign-in logs first: an old phone still syncing mail locks the account again within minutes.</p>",
        false,
        true,
        None,
    ),
];

impl App {
    /// The demo's knowledge base, owned by the demo's staff.
    async fn demo_knowledge_base(&self, people: &DemoPeople) -> Result<usize, AppError> {
        let store = self.store();
        let now = self.now_micros();
        let org = self.default_organisation().await?;
        let mut categories: Vec<(&str, i64)> = Vec::new();
        for (name, parent) in CATEGORIES {
            let parent_id = parent.and_then(|p| categories.iter().find(|(n, _)| *n == p).map(|(_, id)| *id));
            let row = KbCategoryRow {
                organisation_id: Some(org),
                parent_id,
                name: name.to_string(),
                created_at: now,
                updated_at: now,
                ..Default::default()
            };
            categories.push((name, store.create_kb_category(&row).await?.id));
        }
        let staff: Vec<i64> = people.agents.iter().map(|(id, _)| *id).collect();
        let overdue = self.today().checked_sub_days(Days::new(3)).map(|d| d.format("%Y-%m-%d").to_string());
        let later = self.today().checked_add_days(Days::new(180)).map(|d| d.format("%Y-%m-%d").to_string());
        let mut written = 0;
        for (n, (category, title, summary, body, public, published, dutch)) in ARTICLES.iter().enumerate() {
            let row =
                |language: &str, title: &str, summary: &str, body: &str, translation_of: Option<i64>| ArticleRow {
                    organisation_id: Some(org),
                    category_id: categories.iter().find(|(c, _)| c == category).map(|(_, id)| *id),
                    translation_of,
                    language: language.into(),
                    title: title.into(),
                    summary: summary.into(),
                    body: sanitise(body),
                    body_text: text_of(&sanitise(body)),
                    visibility: if *public { ArticleVisibility::Public } else { ArticleVisibility::Internal }
                        .as_str()
                        .into(),
                    state: if *published { ArticleState::Published } else { ArticleState::Draft }.as_str().into(),
                    owner_id: staff[n % staff.len().max(1)],
                    review_on: if n == 1 { overdue.clone() } else { later.clone() },
                    version: 1,
                    created_by: Some(staff[n % staff.len().max(1)]),
                    created_at: now,
                    updated_at: now,
                    published_at: published.then_some(now),
                    ..Default::default()
                };
            let saved = store.create_article(&row("en", title, summary, body, None)).await?;
            written += 1;
            if let Some((t, s, b)) = dutch {
                store.create_article(&row("nl", t, s, b, Some(saved.id))).await?;
                written += 1;
            }
            // The first articles have been read most.
            for _ in 0..(ARTICLES.len() - n) {
                store.record_article_view(saved.id, None, "page", now).await?;
            }
        }
        Ok(written)
    }
}

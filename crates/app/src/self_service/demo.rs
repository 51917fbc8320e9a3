//! Self-service's part of the demo: the knowledge base's categories and a dozen IT
//! articles (VPN, passwords, MFA, Wi-Fi, printers, mail ...), most published for
//! employees, some internal, a few translated into Dutch, one due for review.

use chrono::Days;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::self_service::kb::{ArticleRow, KbCategoryRow};

use crate::platform::demo::DemoPeople;
use crate::self_service::kb_html::{sanitise, text_of};
use crate::{App, AppError};

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
    pub(crate) async fn demo_self_service(&self, people: &DemoPeople) -> Result<usize, AppError> {
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

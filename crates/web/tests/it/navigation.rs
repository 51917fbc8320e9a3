//! The links each module adds to the navigation and the administration page: each
//! person sees those their role may open, in one order.

use crate::common;

use common::TestServer;
use helmdesk_store::{Backend, backend_tests};
use reqwest::StatusCode;

backend_tests!(each_role_sees_the_links_it_may_open);

/// The labels of the main navigation, in order.
fn menu(page: &str) -> Vec<String> {
    let nav = page.split(r#"<nav class="main" aria-label="Main">"#).nth(1).and_then(|r| r.split("</nav>").next());
    nav.unwrap_or_default()
        .split("</a>")
        .filter_map(|a| a.rsplit('>').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

async fn each_role_sees_the_links_it_may_open(backend: Backend) {
    let s = TestServer::start(backend).await;
    let fx = &s.fx;
    let expect = [
        (&fx.requester, vec!["Help", "My tickets", "My devices", "New ticket", "Order", "Approvals"]),
        (
            &fx.agent,
            vec![
                "Queue",
                "Assets",
                "CMDB",
                "Software",
                "Licences",
                "Stock",
                "Dashboard",
                "Knowledge",
                "My tickets",
                "New ticket",
                "Help",
                "Order",
                "Approvals",
            ],
        ),
        (
            &fx.manager,
            vec![
                "Queue",
                "Assets",
                "CMDB",
                "Software",
                "Licences",
                "Stock",
                "Dashboard",
                "Knowledge",
                "My tickets",
                "New ticket",
                "Help",
                "Order",
                "Approvals",
                "Admin",
            ],
        ),
        (
            &fx.admin,
            vec![
                "Queue",
                "Assets",
                "CMDB",
                "Software",
                "Licences",
                "Stock",
                "Dashboard",
                "Knowledge",
                "My tickets",
                "New ticket",
                "Help",
                "Order",
                "Approvals",
                "Admin",
            ],
        ),
        (
            &fx.auditor,
            vec![
                "Help",
                "Tickets",
                "Assets",
                "CMDB",
                "Software",
                "Licences",
                "Stock",
                "Dashboard",
                "Knowledge",
                "Order",
                "Approvals",
            ],
        ),
    ];
    for (person, links) in expect {
        let (status, page) = s.session(person).await.get("/account").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(menu(&page), links, "{}", person.role);
    }
    let (_, page) = s.session(&fx.manager).await.get("/admin").await;
    for shown in [
        "/admin/teams",
        "/admin/assets",
        "/assets/agents",
        "/admin/categories",
        "/kb/categories",
        "/admin/routing",
        "/admin/automation",
        "/admin/sla",
        "/admin/catalog",
    ] {
        assert!(page.contains(&format!("href=\"{shown}\"")), "a manager's admin page links {shown}");
    }
    for hidden in ["/admin/users", "/admin/mail", "/admin/webhooks", "/admin/tokens", "/admin/notifications"] {
        assert!(!page.contains(&format!("href=\"{hidden}\"")), "a manager's admin page hides {hidden}");
    }
    let (_, page) = s.session(&fx.admin).await.get("/admin").await;
    let order = ["/admin/users", "/admin/teams", "/admin/categories", "/admin/sla", "/admin/mail", "/admin/tokens"];
    let at: Vec<usize> = order.iter().map(|h| page.find(&format!("href=\"{h}\"")).expect(h)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "the administration page keeps its order: {at:?}");
}

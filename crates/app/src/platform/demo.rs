//! The platform's part of the demo (`serve --demo`, `crate::demo`): the company and a
//! subsidiary, their departments, agents, a manager, an auditor, requesters and teams
//! with their leads.

use helmdesk_store::platform::users::NewUser;

use crate::platform::auth::hash_password;
use crate::{App, AppError};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "helmdesk-demo";

const AGENTS: &[(&str, &str)] = &[
    ("Alex Morgan", "manager"),
    ("Priya Shah", "agent"),
    ("Tom Becker", "agent"),
    ("Lena Novak", "agent"),
    ("Samuel Okafor", "agent"),
    ("Marta Silva", "agent"),
    ("Jonas Berg", "agent"),
    ("Chloe Martin", "agent"),
];

const REQUESTER_NAMES: &[&str] = &[
    "Emma Clarke",
    "Noah Fischer",
    "Olivia Rossi",
    "Liam Dubois",
    "Ava Jensen",
    "Lucas Moreau",
    "Mia Kowalski",
    "Ethan Brown",
    "Sofia Garcia",
    "Mason Wright",
    "Isla Murphy",
    "Leo Schmidt",
    "Zoe Laurent",
    "Elias Nilsson",
    "Grace Kelly",
    "Hugo Lambert",
    "Nora Andersen",
    "Oscar Petit",
    "Ruby Evans",
    "Felix Wagner",
    "Hannah Lee",
    "Arthur Simon",
    "Julia Costa",
    "Max Hoffmann",
    "Alice Bernard",
    "Theo Young",
    "Clara Weber",
    "Adam Kaya",
    "Eva Horvat",
    "Daniel Price",
    "Lily Chen",
    "Samir Haddad",
    "Ines Ferreira",
    "Paul Roux",
    "Freya Olsen",
    "Marco Bianchi",
    "Anna Svensson",
    "Victor Blanc",
    "Maya Patel",
    "Omar Aziz",
];

fn email_of(name: &str, domain: &str) -> String {
    format!("{}@{domain}", name.to_lowercase().replace(' ', "."))
}

/// The people and teams the demo made, for the modules' demos.
pub struct DemoPeople {
    /// The staff (the first is the manager), with their names.
    pub agents: Vec<(i64, &'static str)>,
    /// The requesters: (user, organisation, department).
    pub requesters: Vec<(i64, i64, i64)>,
    /// The teams: Service Desk, Workplace, Network, Applications.
    pub teams: Vec<i64>,
    /// The approval chains: "Hardware" (the manager; the department head over 1,000; the
    /// cost-centre owner over 5,000) and "Access" (the manager).
    pub chains: Vec<i64>,
}

impl App {
    /// Whether the platform holds data beyond a fresh installation (teams, or more than
    /// one organisation): then the demo is not loaded.
    pub(crate) async fn platform_has_data(&self) -> Result<bool, AppError> {
        Ok(!self.store().list_teams().await?.is_empty() || self.store().list_organisations().await?.len() > 1)
    }

    /// The demo's organisations, departments, people and teams.
    pub(crate) async fn demo_people(&self) -> Result<DemoPeople, AppError> {
        let now = self.now_micros();
        let hash = hash_password(DEMO_PASSWORD).await?;
        let store = self.store();
        // The demo company is the first organisation (where the administrator already is).
        let parent = self.default_organisation().await?;
        let first = store.organisation(parent).await?;
        if first.name == "My organisation" {
            store.update_organisation(parent, "Acme Corporation", None).await?;
        }
        let mut tx = store.begin().await?;
        let labs = store.create_organisation(&mut tx, "Acme Labs", Some(parent), now).await?.id;
        let mut departments = Vec::new();
        for (org, name) in [
            (parent, "Finance"),
            (parent, "Sales"),
            (parent, "Human Resources"),
            (parent, "Operations"),
            (labs, "Research"),
            (labs, "Engineering"),
        ] {
            departments.push((org, store.create_department(&mut tx, org, name, now).await?.id));
        }
        let person = |name: &str, domain: &str, role: &str, org: i64, dept: Option<i64>| NewUser {
            email: email_of(name, domain),
            name: name.into(),
            role: role.into(),
            organisation_id: org,
            department_id: dept,
            password_hash: Some(hash.clone()),
            must_change_password: false,
        };
        let mut agents = Vec::new();
        for (name, role) in AGENTS {
            agents.push(store.insert_user(&mut tx, &person(name, "acme.example", role, parent, None), now).await?.id);
        }
        store.insert_user(&mut tx, &person("Audrey Quinn", "acme.example", "auditor", parent, None), now).await?;
        let mut requesters = Vec::new();
        for (i, name) in REQUESTER_NAMES.iter().enumerate() {
            let (org, dept) = departments[i % departments.len()];
            let domain = if org == labs { "labs.acme.example" } else { "acme.example" };
            let user = store.insert_user(&mut tx, &person(name, domain, "requester", org, Some(dept)), now).await?;
            requesters.push((user, org, dept));
        }
        let teams = [
            ("Service Desk", "First line: every ticket starts here", &agents[..4]),
            ("Workplace", "Laptops, printers, phones and peripherals", &agents[3..6]),
            ("Network", "Connectivity, VPN, firewall", &agents[5..7]),
            ("Applications", "Business applications and licences", &agents[6..]),
        ];
        let mut team_ids = Vec::new();
        for (name, description, members) in teams {
            team_ids.push(store.create_team(&mut tx, None, name, description, members, now).await?.id);
        }
        tx.commit().await?;
        for (team, lead) in team_ids.iter().zip([agents[1], agents[3], agents[5], agents[6]]) {
            store.set_team_lead(*team, Some(lead)).await?;
        }
        let agents: Vec<(i64, &'static str)> = agents.into_iter().zip(AGENTS.iter().map(|(name, _)| *name)).collect();
        let requesters: Vec<(i64, i64, i64)> =
            requesters.into_iter().map(|(user, org, dept)| (user.id, org, dept)).collect();
        let chains = self.demo_approvers(parent, agents[0].0, &departments, &requesters).await?;
        Ok(DemoPeople { agents, requesters, teams: team_ids, chains })
    }

    /// Who approves in the demo: the first requester of each department heads it and
    /// manages the others, and is managed by the IT manager; each department books to a
    /// cost centre of its own, owned by the head of Finance; and two chains.
    async fn demo_approvers(
        &self,
        parent: i64,
        it_manager: i64,
        departments: &[(i64, i64)],
        requesters: &[(i64, i64, i64)],
    ) -> Result<Vec<i64>, AppError> {
        use helmdesk_store::platform::approvals::StepDefinitionRow;
        let store = self.store();
        let now = self.now_micros();
        let head_of = |dept: i64| requesters.iter().find(|(_, _, d)| *d == dept).map(|(u, _, _)| *u);
        let finance_head = head_of(departments[0].1);
        for (i, (org, dept)) in departments.iter().enumerate() {
            let row = store.department(*dept).await?;
            let code = format!("CC-{}", 4100 + i * 10);
            let centre = store.create_cost_centre(*org, &code, &row.name, finance_head, now).await?;
            store.update_department(*dept, &row.name, head_of(*dept), Some(centre.id)).await?;
        }
        for (user, _, dept) in requesters {
            let head = head_of(*dept);
            let manager = if head == Some(*user) { Some(it_manager) } else { head };
            let mut row = store.user(*user).await?;
            row.manager_id = manager;
            store.update_user(&row, now).await?;
        }
        let step = |position: i64, name: &str, approver: &str, over: Option<&str>| StepDefinitionRow {
            position,
            name: name.into(),
            approver: approver.into(),
            approver_id: None,
            rule: "any".into(),
            condition_fact: over.map(|_| "cost".into()),
            condition_op: over.map(|_| "gt".into()),
            condition_value: over.map(str::to_string),
            time_limit_hours: Some(72),
            reminder_hours: Some(24),
        };
        let hardware = [
            step(0, "Manager", "manager", None),
            step(1, "Department head", "department_head", Some("1000")),
            step(2, "Budget holder", "cost_centre_owner", Some("5000")),
        ];
        let description = "Hardware and paid software: the manager, then the department head over 1,000 \
                           and the budget holder over 5,000.";
        let hardware = store.create_approval_chain(parent, "Hardware", description, &hardware, now).await?;
        let access = [step(0, "Manager", "manager", None)];
        let access = store
            .create_approval_chain(parent, "Access", "Access to systems and data: the manager.", &access, now)
            .await?;
        Ok(vec![hardware.id, access.id])
    }
}

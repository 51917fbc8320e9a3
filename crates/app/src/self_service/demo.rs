//! Self-service's part of the demo: the company's service catalog (a new laptop,
//! software access, a new starter, VPN access and a shared mailbox, in three categories)
//! with their forms and the demo teams' fulfilment tasks, and one request already ordered.

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

fn task(title: &str, team_id: i64, stage: u8) -> TaskSpec {
    TaskSpec { title: title.into(), team_id, stage }
}

impl App {
    /// The demo's catalog, offered to the whole company.
    pub(crate) async fn demo_self_service(&self, people: &DemoPeople) -> Result<(), AppError> {
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

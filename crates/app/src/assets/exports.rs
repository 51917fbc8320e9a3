//! Exports of the module's lists (assets, the software catalogue, licences, configuration
//! items) as CSV or XLSX, on the platform's export machinery: each record's columns and
//! cells, and each list's pages with its own filters and the reader's scope.

use futures::Stream;

use crate::assets::cmdb::{Ci, CiQuery};
use crate::assets::hardware::{Amount, Asset, AssetQuery, PAGE_MAX};
use crate::assets::licences::Licence;
use crate::assets::software::{SoftwareProduct, SoftwareQuery};
use crate::platform::exports::{ExportRow, pages, shown, text};
use crate::{Actor, App, AppError, Page};

fn amount(value: &Option<Amount>) -> (String, String) {
    match value {
        Some(a) => (format!("{}.{:02}", a.minor / 100, (a.minor % 100).abs()), a.currency.clone()),
        None => (String::new(), String::new()),
    }
}

impl ExportRow for Asset {
    const NAME: &'static str = "assets";

    /// The import's column names, so that an export can be imported again.
    fn columns() -> &'static [&'static str] {
        &[
            "tag",
            "name",
            "type",
            "organisation",
            "state",
            "serial",
            "model",
            "manufacturer",
            "holder",
            "location",
            "department",
            "cost_centre",
            "purchased_on",
            "cost",
            "currency",
            "book_value",
            "supplier",
            "order_number",
            "warranty_end",
            "end_of_life",
            "notes",
            "created_at",
            "updated_at",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let (cost, currency) = amount(&self.cost);
        let (book_value, _) = amount(&self.book_value);
        vec![
            self.tag.clone(),
            self.name.clone(),
            self.type_name.clone(),
            self.organisation.clone(),
            self.state.as_str().to_string(),
            text(&self.serial),
            text(&self.model),
            text(&self.manufacturer),
            self.holder.as_ref().map(|h| h.name.clone()).unwrap_or_default(),
            text(&self.location),
            text(&self.department),
            text(&self.cost_centre),
            shown(&self.purchased_on),
            cost,
            currency,
            book_value,
            text(&self.supplier),
            text(&self.order_number),
            shown(&self.warranty_end),
            shown(&self.end_of_life),
            self.notes.clone(),
            self.created_at.to_rfc3339(),
            self.updated_at.to_rfc3339(),
        ]
    }
}

impl ExportRow for SoftwareProduct {
    const NAME: &'static str = "software";

    fn columns() -> &'static [&'static str] {
        &["publisher", "product", "installations", "devices"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.publisher.clone(), self.name.clone(), self.installations.to_string(), self.devices.to_string()]
    }
}

impl ExportRow for Licence {
    const NAME: &'static str = "licences";

    /// The import's column names, so that an export can be imported again.
    fn columns() -> &'static [&'static str] {
        &[
            "name",
            "publisher",
            "product",
            "organisation",
            "metric",
            "term",
            "seats",
            "cost",
            "currency",
            "purchased_on",
            "ends_on",
            "in_force",
            "supplier",
            "order_number",
            "contract",
            "notes",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let (cost, currency) = amount(&self.cost);
        vec![
            self.name.clone(),
            self.publisher.clone(),
            self.product.clone(),
            self.organisation.clone(),
            self.metric.as_str().to_string(),
            self.term.as_str().to_string(),
            shown(&self.seats),
            cost,
            currency,
            shown(&self.purchased_on),
            shown(&self.ends_on),
            self.in_force.to_string(),
            text(&self.supplier),
            text(&self.order_number),
            text(&self.contract),
            self.notes.clone(),
        ]
    }
}

impl ExportRow for Ci {
    const NAME: &'static str = "configuration-items";

    fn columns() -> &'static [&'static str] {
        &["name", "class", "organisation", "asset", "criticality", "owner", "external_ref", "description", "updated_at"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.class.as_str().to_string(),
            self.organisation.clone(),
            text(&self.asset_tag),
            self.criticality.map(|c| c.as_str().to_string()).unwrap_or_default(),
            text(&self.owner),
            text(&self.external_ref),
            self.description.clone(),
            self.updated_at.to_rfc3339(),
        ]
    }
}

/// The stream of an export's pages, each read as `actor` with `read`.
type Pages<R> = std::pin::Pin<Box<dyn Stream<Item = Result<Vec<R>, AppError>> + Send>>;

impl App {
    /// Every asset of the list's filters the actor may read, newest first.
    pub fn export_assets(&self, actor: &Actor, q: &AssetQuery) -> Pages<Asset> {
        let (app, actor, q) = (self.clone(), actor.clone(), q.clone());
        Box::pin(pages(move |cursor| {
            let (app, actor) = (app.clone(), actor.clone());
            let q = AssetQuery { cursor, limit: Some(PAGE_MAX), ..q.clone() };
            async move { app.list_assets(&actor, &q).await }
        }))
    }

    /// Every product of the catalogue matching the list's search, by name, with the
    /// installations the actor sees.
    pub fn export_software(&self, actor: &Actor, q: &SoftwareQuery) -> Pages<SoftwareProduct> {
        let (app, actor, q) = (self.clone(), actor.clone(), q.clone());
        Box::pin(pages(move |cursor| {
            let (app, actor) = (app.clone(), actor.clone());
            let q = SoftwareQuery { cursor, limit: Some(PAGE_MAX), ..q.clone() };
            async move { app.software(&actor, &q).await }
        }))
    }

    /// Every licence of the actor's organisations (of one product when given).
    pub fn export_licences(&self, actor: &Actor, product_id: Option<i64>) -> Pages<Licence> {
        let (app, actor) = (self.clone(), actor.clone());
        Box::pin(pages(move |_| {
            let (app, actor) = (app.clone(), actor.clone());
            async move { Ok(Page { items: app.licences(&actor, product_id).await?, next_cursor: None }) }
        }))
    }

    /// Every configuration item of the list's filters the actor may read, newest first.
    pub fn export_cis(&self, actor: &Actor, q: &CiQuery) -> Pages<Ci> {
        let (app, actor, q) = (self.clone(), actor.clone(), q.clone());
        Box::pin(pages(move |cursor| {
            let (app, actor) = (app.clone(), actor.clone());
            let q = CiQuery { cursor, limit: Some(PAGE_MAX), ..q.clone() };
            async move { app.list_cis(&actor, &q).await }
        }))
    }
}

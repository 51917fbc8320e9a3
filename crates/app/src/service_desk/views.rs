//! Saved views: a named ticket list query, personal or shared with the staff of an
//! organisation (and its subsidiaries, and those above it), listed with how many tickets
//! each holds now (for the person looking: counts respect their scope). Managers share
//! and change shared views of their organisations only.

use chrono::{DateTime, Utc};
use helmdesk_domain::Role;
use helmdesk_domain::validate;
use helmdesk_store::service_desk::views::{ViewFields, ViewRow};
use serde::Deserialize;

use crate::service_desk::access::DeskPermission;
use crate::service_desk::search::{TicketCount, TicketListParams};
use crate::{Actor, App, AppError, ts};

/// The longest view definition kept, in characters.
const QUERY_MAX: usize = 2_000;

helmdesk_domain::document_as!(
    /// A ticket list's query string, at most 2,000 characters.
    ViewQuery => helmdesk_domain::validate::schema::at_most(QUERY_MAX)
);

/// A saved view of the ticket list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// Shown to staff (of `organisation_id`); otherwise only to its owner.
    pub shared: bool,
    /// A shared view is shown to staff of this organisation, its subsidiaries and those
    /// above; null: to all staff.
    pub organisation_id: Option<i64>,
    /// The ticket list's filters and sort as a query string: pass it to
    /// `GET /api/v1/tickets?...` to see the view.
    pub query: String,
    pub owner_id: i64,
    pub owner_name: String,
    /// Whether the caller may change or delete it.
    pub editable: bool,
    /// How many tickets the view holds now (with `counts=true`).
    pub count: Option<TicketCount>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new view, or the new definition of one.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewView {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// Filters and sort, as the ticket list's query string (`status=open&sla=breached`).
    #[schema(value_type = ViewQuery)]
    pub query: String,
    /// Share with staff (managers and administrators). Absent: personal for a new view;
    /// a change keeps what the view was.
    #[serde(default)]
    pub shared: Option<bool>,
    /// Whose staff a shared view is for: this organisation's, its subsidiaries' and those
    /// above it; `null`: all staff (for those whose organisations are all of them).
    /// Absent: the view's, or for a newly shared one the writer's organisation (all staff
    /// for those who may write that).
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

impl App {
    /// The actor's views and, for staff and auditors, the shared ones; with `counts`,
    /// how many tickets each holds.
    pub async fn list_views(&self, actor: &Actor, counts: bool) -> Result<Vec<SavedView>, AppError> {
        let rows = self.store().list_views(actor.id, actor.role != Role::Requester).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows.into_iter().filter(|r| sees_view(actor, r)) {
            let mut view = self.view_of(actor, row);
            if counts {
                // A view whose query no longer reads (a field since renamed) shows no count.
                view.count = match self.view_count(actor, &view.query).await {
                    Ok(count) => Some(count),
                    Err(AppError::Invalid(_)) => None,
                    Err(e) => return Err(e),
                };
            }
            views.push(view);
        }
        Ok(views)
    }

    /// One view the actor can see.
    pub async fn view(&self, actor: &Actor, id: i64) -> Result<SavedView, AppError> {
        let row = self.store().view(id).await?;
        if !sees_view(actor, &row) {
            return Err(AppError::NotFound);
        }
        Ok(self.view_of(actor, row))
    }

    /// Saves a view; shared views are for managers and administrators.
    pub async fn create_view(&self, actor: &Actor, input: NewView) -> Result<SavedView, AppError> {
        let fields = self.view_fields(actor, input, None).await?;
        let row = self.store().create_view(actor.id, &fields, self.now_micros()).await?;
        Ok(self.view_of(actor, row))
    }

    /// Changes a view (its owner, or a manager or administrator for a shared one).
    pub async fn update_view(&self, actor: &Actor, id: i64, input: NewView) -> Result<SavedView, AppError> {
        let current = self.editable_view(actor, id).await?;
        let fields = self.view_fields(actor, input, Some(&current)).await?;
        let row = self.store().update_view(id, &fields, self.now_micros()).await?;
        Ok(self.view_of(actor, row))
    }

    /// Deletes a view (its owner, or a manager or administrator for a shared one).
    pub async fn delete_view(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        self.editable_view(actor, id).await?;
        Ok(self.store().delete_view(id).await?)
    }

    async fn editable_view(&self, actor: &Actor, id: i64) -> Result<SavedView, AppError> {
        let view = self.view(actor, id).await?;
        if !view.editable {
            return Err(AppError::forbidden(
                "only its owner or a manager of its organisations may change a shared view",
            ));
        }
        Ok(view)
    }

    /// The stored definition of a view as written (`current`: the view it changes).
    async fn view_fields(
        &self,
        actor: &Actor,
        input: NewView,
        current: Option<&SavedView>,
    ) -> Result<ViewFields, AppError> {
        let shared = input.shared.unwrap_or(current.is_some_and(|v| v.shared));
        let organisation_id = if shared {
            actor.require(DeskPermission::ShareViews)?;
            let kept = current.filter(|v| v.shared).map_or(actor.default_scope(), |v| v.organisation_id);
            self.checked_scope(actor, input.organisation_id.unwrap_or(kept)).await?
        } else {
            None
        };
        let name = validate::name("name", &input.name)?;
        if input.query.chars().count() > QUERY_MAX {
            return Err(AppError::invalid("query", format!("must be at most {QUERY_MAX} characters")));
        }
        let params = TicketListParams::from_query_string(input.query.trim_start_matches('?'))?;
        params.to_query()?;
        Ok(ViewFields { name, shared, query: params.to_query_string(), organisation_id })
    }

    async fn view_count(&self, actor: &Actor, query: &str) -> Result<TicketCount, AppError> {
        let q = TicketListParams::from_query_string(query)?.to_query()?;
        self.count_tickets(actor, &q).await
    }

    fn view_of(&self, actor: &Actor, row: ViewRow) -> SavedView {
        let editable = row.owner_id == actor.id
            || (row.shared && actor.can(DeskPermission::ShareViews) && actor.writes_scope(row.organisation_id));
        SavedView {
            id: row.id,
            name: row.name,
            shared: row.shared,
            organisation_id: row.organisation_id,
            query: row.query,
            owner_id: row.owner_id,
            owner_name: row.owner_name,
            editable,
            count: None,
            created_at: ts(row.created_at),
            updated_at: ts(row.updated_at),
        }
    }
}

/// Whether the actor sees a view: their own, or one shared with staff of organisations
/// theirs meet.
fn sees_view(actor: &Actor, row: &ViewRow) -> bool {
    row.owner_id == actor.id || (row.shared && actor.role != Role::Requester && actor.reads_scope(row.organisation_id))
}

//! The service catalog: categories, items (their form, tasks and departments as JSON
//! text, read and checked by `app`), requests and their fulfilment tasks.
//!
//! A request moves on by conditional updates: it leaves a status or a stage only from the
//! one it was read in, so the recurring job and a page opened at the same moment never
//! start a stage twice.

use crate::assets::licences::{SeatClaim, SeatTaken};
use crate::db::Arg;
use crate::platform::users::push_in;
use crate::{Sql, Store, StoreError};

/// A category of an organisation's catalog.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub created_at: i64,
}

/// A catalog item as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub organisation_id: i64,
    pub category_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
    pub active: bool,
    pub delivery_days: Option<i64>,
    /// A JSON array of department ids (empty: every department).
    pub departments: String,
    /// A JSON array of the form's fields.
    pub form: String,
    /// A JSON array of its fulfilment tasks.
    pub tasks: String,
    pub approval_chain_id: Option<i64>,
    /// A type of asset reserved from stock for each approved request.
    pub reserve_type_id: Option<i64>,
    /// A licence a seat of which is reserved for each approved request.
    pub reserve_licence_id: Option<i64>,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An item with the names of its organisation and category.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ItemView {
    #[sqlx(flatten)]
    pub item: ItemRow,
    pub organisation_name: String,
    pub category_name: Option<String>,
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub item_id: i64,
    pub requester_id: i64,
    pub organisation_id: i64,
    pub ticket_id: i64,
    pub status: String,
    /// A JSON object of field key to answer.
    pub answers: String,
    /// The stage of fulfilment running (`None` before approval).
    pub stage: Option<i64>,
    pub cost_minor: Option<i64>,
    pub currency: Option<String>,
    pub approved_at: Option<i64>,
    pub expected_at: Option<i64>,
    pub decision_comment: Option<String>,
    pub finished_at: Option<i64>,
    pub reserved_asset_id: Option<i64>,
    pub handed_over_at: Option<i64>,
    /// The licence seat reserved for it at approval (`licence_seats`).
    pub reserved_seat_id: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A request with its item's, requester's and ticket's names.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RequestView {
    #[sqlx(flatten)]
    pub request: RequestRow,
    pub item_name: String,
    pub requester_name: String,
    pub ticket_number: Option<String>,
    pub ticket_status: String,
    /// The reserved seat's licence and state (`reserved`, `assigned`); null without one.
    pub seat_licence_id: Option<i64>,
    pub seat_licence: Option<String>,
    pub seat_state: Option<String>,
}

/// A request's fulfilment task as stored, with its team's name and its ticket's number.
#[derive(Debug, Clone, PartialEq, Default, sqlx::FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub request_id: i64,
    pub title: String,
    pub team_id: i64,
    pub stage: i64,
    pub status: String,
    pub ticket_id: Option<i64>,
    pub started_at: Option<i64>,
    pub done_at: Option<i64>,
    pub team_name: String,
    pub ticket_number: Option<String>,
}

/// A task to add to a new request.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub team_id: i64,
    pub stage: i64,
}

/// Which requests a list shows, newest first, a page after `before` (an id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestFilter {
    /// Only this requester's.
    pub requester_id: Option<i64>,
    /// The organisations whose requests may be listed (`None`: all).
    pub organisations: Option<Vec<i64>>,
    pub status: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// A move of a request from the status it was read in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestMove {
    pub id: i64,
    pub from_status: String,
    pub to_status: String,
    pub stage: Option<i64>,
    pub approved_at: Option<i64>,
    pub expected_at: Option<i64>,
    pub decision_comment: Option<String>,
    pub finished_at: Option<i64>,
    pub at: i64,
}

const ITEM_WRITABLE: &[&str] = &[
    "organisation_id",
    "category_id",
    "name",
    "description",
    "cost_minor",
    "currency",
    "active",
    "delivery_days",
    "departments",
    "form",
    "tasks",
    "approval_chain_id",
    "reserve_type_id",
    "reserve_licence_id",
    "updated_at",
];

fn item_args(i: &ItemRow) -> Vec<Arg> {
    vec![
        i.organisation_id.into(),
        i.category_id.into(),
        (&i.name).into(),
        (&i.description).into(),
        i.cost_minor.into(),
        i.currency.as_deref().into(),
        i.active.into(),
        i.delivery_days.into(),
        (&i.departments).into(),
        (&i.form).into(),
        (&i.tasks).into(),
        i.approval_chain_id.into(),
        i.reserve_type_id.into(),
        i.reserve_licence_id.into(),
        i.updated_at.into(),
    ]
}

const ITEM_VIEW: &str = "SELECT i.*, o.name AS organisation_name, c.name AS category_name FROM catalog_items i
     JOIN organisations o ON o.id = i.organisation_id LEFT JOIN catalog_categories c ON c.id = i.category_id";

const REQUEST_VIEW: &str = "SELECT r.*, i.name AS item_name, u.name AS requester_name, t.number AS ticket_number,
        t.status AS ticket_status, ls.licence_id AS seat_licence_id, l.name AS seat_licence, ls.state AS seat_state
     FROM catalog_requests r JOIN catalog_items i ON i.id = r.item_id JOIN users u ON u.id = r.requester_id
     LEFT JOIN licence_seats ls ON ls.id = r.reserved_seat_id LEFT JOIN licences l ON l.id = ls.licence_id
     JOIN tickets t ON t.id = r.ticket_id";

const TASKS: &str = "SELECT k.*, m.name AS team_name, t.number AS ticket_number FROM catalog_request_tasks k
     JOIN teams m ON m.id = k.team_id LEFT JOIN tickets t ON t.id = k.ticket_id";

impl Store {
    /// Adds a category to an organisation's catalog; a name the organisation uses is a
    /// conflict.
    pub async fn create_catalog_category(
        &self,
        organisation_id: i64,
        name: &str,
        now: i64,
    ) -> Result<CategoryRow, StoreError> {
        let mut tx = self.begin().await?;
        let saved = Sql::insert_returning(
            "catalog_categories",
            &["organisation_id", "name", "created_at"],
            vec![organisation_id.into(), name.into(), now.into()],
        )
        .fetch_one(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// One category.
    pub async fn catalog_category(&self, id: i64) -> Result<CategoryRow, StoreError> {
        Sql::new("SELECT * FROM catalog_categories WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// The categories of these organisations (`None`: all), by name.
    pub async fn catalog_categories(&self, organisations: Option<&[i64]>) -> Result<Vec<CategoryRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM catalog_categories WHERE 1 = 1");
        if let Some(orgs) = organisations {
            push_in(&mut sql, "organisation_id", orgs);
        }
        sql.push(" ORDER BY name, id");
        sql.fetch_all(self.db()).await
    }

    /// Adds an item.
    pub async fn create_catalog_item(&self, item: &ItemRow) -> Result<ItemRow, StoreError> {
        let mut columns = ITEM_WRITABLE.to_vec();
        columns.extend(["created_by", "created_at"]);
        let mut args = item_args(item);
        args.extend([item.created_by.into(), item.created_at.into()]);
        let mut tx = self.begin().await?;
        let saved = Sql::insert_returning("catalog_items", &columns, args).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves an item if it is still at `expected_version`; a changed one is stale.
    pub async fn save_catalog_item(&self, item: &ItemRow, expected_version: i64) -> Result<ItemRow, StoreError> {
        let sql = Sql::update_versioned("catalog_items", ITEM_WRITABLE, item_args(item), item.id, expected_version);
        let mut tx = self.begin().await?;
        let saved: Option<ItemRow> = sql.fetch_optional(&mut tx).await?;
        tx.commit().await?;
        saved.ok_or(StoreError::Stale)
    }

    /// One item with its names.
    pub async fn catalog_item(&self, id: i64) -> Result<ItemView, StoreError> {
        Sql::new(format!("{ITEM_VIEW} WHERE i.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// The items of these organisations (`None`: all), active ones only if `active_only`,
    /// by name. A catalog is tens of items, so the list is not paged.
    pub async fn catalog_items(
        &self,
        organisations: Option<&[i64]>,
        active_only: bool,
    ) -> Result<Vec<ItemView>, StoreError> {
        let mut sql = Sql::new(format!("{ITEM_VIEW} WHERE 1 = 1"));
        if let Some(orgs) = organisations {
            push_in(&mut sql, "i.organisation_id", orgs);
        }
        if active_only {
            sql.push(" AND i.active = TRUE");
        }
        sql.push(" ORDER BY i.name, i.id LIMIT 1000");
        sql.fetch_all(self.db()).await
    }

    /// Records a request and its tasks (all waiting), in one transaction.
    pub async fn create_catalog_request(
        &self,
        request: &RequestRow,
        tasks: &[NewTask],
    ) -> Result<RequestRow, StoreError> {
        let mut tx = self.begin().await?;
        let columns = [
            "item_id",
            "requester_id",
            "organisation_id",
            "ticket_id",
            "status",
            "answers",
            "cost_minor",
            "currency",
            "created_at",
            "updated_at",
        ];
        let args: Vec<Arg> = vec![
            request.item_id.into(),
            request.requester_id.into(),
            request.organisation_id.into(),
            request.ticket_id.into(),
            (&request.status).into(),
            (&request.answers).into(),
            request.cost_minor.into(),
            request.currency.as_deref().into(),
            request.created_at.into(),
            request.updated_at.into(),
        ];
        let saved: RequestRow = Sql::insert_returning("catalog_requests", &columns, args).fetch_one(&mut tx).await?;
        for t in tasks {
            Sql::new(
                "INSERT INTO catalog_request_tasks (request_id, title, team_id, stage, status) VALUES ($1, $2, $3, $4, 'waiting')",
            )
            .bind(saved.id)
            .bind(&t.title)
            .bind(t.team_id)
            .bind(t.stage)
            .execute(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(saved)
    }

    /// One request with its names.
    pub async fn catalog_request(&self, id: i64) -> Result<RequestView, StoreError> {
        Sql::new(format!("{REQUEST_VIEW} WHERE r.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// A page of requests, newest first.
    pub async fn catalog_requests(&self, filter: &RequestFilter) -> Result<Vec<RequestView>, StoreError> {
        let mut sql = Sql::new(format!("{REQUEST_VIEW} WHERE 1 = 1"));
        if let Some(requester) = filter.requester_id {
            let p = sql.arg(requester);
            sql.push(&format!(" AND r.requester_id = {p}"));
        }
        if let Some(orgs) = &filter.organisations {
            push_in(&mut sql, "r.organisation_id", orgs);
        }
        if let Some(status) = &filter.status {
            let p = sql.arg(status);
            sql.push(&format!(" AND r.status = {p}"));
        }
        if let Some(before) = filter.before {
            let p = sql.arg(before);
            sql.push(&format!(" AND r.id < {p}"));
        }
        let limit = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY r.id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// The ids of requests in fulfilment with an open task whose ticket is resolved or
    /// closed: those the recurring job moves on.
    pub async fn catalog_requests_to_advance(&self, limit: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new(
            "SELECT DISTINCT k.request_id FROM catalog_request_tasks k JOIN tickets t ON t.id = k.ticket_id
             JOIN catalog_requests r ON r.id = k.request_id
             WHERE r.status = 'in_fulfilment' AND k.status = 'open' AND t.status IN ('resolved', 'closed')
             ORDER BY k.request_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// A request's tasks, by stage.
    pub async fn catalog_request_tasks(&self, request_id: i64) -> Result<Vec<TaskRow>, StoreError> {
        Sql::new(format!("{TASKS} WHERE k.request_id = $1 ORDER BY k.stage, k.id"))
            .bind(request_id)
            .fetch_all(self.db())
            .await
    }

    /// Moves a request from `from_status` (and, when `stage` changes, from the stage it
    /// was read at: `from_stage`); whether it moved (false: someone else moved it first).
    pub async fn move_catalog_request(&self, m: &RequestMove, from_stage: Option<i64>) -> Result<bool, StoreError> {
        let mut sql = Sql::new(
            "UPDATE catalog_requests SET status = $1, stage = $2, approved_at = COALESCE($3, approved_at),
                expected_at = COALESCE($4, expected_at), decision_comment = COALESCE($5, decision_comment),
                finished_at = $6, updated_at = $7, version = version + 1
             WHERE id = $8 AND status = $9",
        )
        .bind(&m.to_status)
        .bind(m.stage)
        .bind(m.approved_at)
        .bind(m.expected_at)
        .bind(m.decision_comment.as_deref())
        .bind(m.finished_at)
        .bind(m.at)
        .bind(m.id)
        .bind(&m.from_status);
        match from_stage {
            Some(s) => {
                let p = sql.arg(s);
                sql.push(&format!(" AND stage = {p}"));
            }
            None => {
                sql.push(" AND stage IS NULL");
            }
        }
        Ok(sql.execute(self.db()).await? == 1)
    }

    /// Marks a waiting task open with its ticket.
    pub async fn start_catalog_task(&self, task_id: i64, ticket_id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new(
            "UPDATE catalog_request_tasks SET status = 'open', ticket_id = $1, started_at = $2
             WHERE id = $3 AND status = 'waiting'",
        )
        .bind(ticket_id)
        .bind(now)
        .bind(task_id)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Marks done a request's open tasks whose tickets are resolved or closed; how many.
    pub async fn finish_catalog_tasks(&self, request_id: i64, now: i64) -> Result<u64, StoreError> {
        Sql::new(
            "UPDATE catalog_request_tasks SET status = 'done', done_at = $1
             WHERE request_id = $2 AND status = 'open'
               AND ticket_id IN (SELECT id FROM tickets WHERE status IN ('resolved', 'closed'))",
        )
        .bind(now)
        .bind(request_id)
        .execute(self.db())
        .await
    }

    /// Reserves for a request the oldest asset in stock of `type_id` of these organisations
    /// that nobody has reserved, for `user_id`, in one transaction; its id (`None`: none is
    /// free). The asset is taken by a conditional update, so two approvals never share one.
    pub async fn reserve_catalog_asset(
        &self,
        request_id: i64,
        type_id: i64,
        organisations: &[i64],
        user_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let mut find = Sql::new(
            "SELECT id FROM assets WHERE type_id = $1 AND state = 'in_stock' AND reserved_for_user_id IS NULL",
        )
        .bind(type_id);
        push_in(&mut find, "organisation_id", organisations);
        find.push(" ORDER BY id LIMIT 5");
        let free: Vec<(i64,)> = find.fetch_all(&mut tx).await?;
        for (asset,) in free {
            let taken = Sql::new(
                "UPDATE assets SET reserved_for_user_id = $1 WHERE id = $2 AND reserved_for_user_id IS NULL
                   AND state = 'in_stock'",
            )
            .bind(user_id)
            .bind(asset)
            .execute(&mut tx)
            .await?;
            if taken == 1 {
                Sql::new("UPDATE catalog_requests SET reserved_asset_id = $1 WHERE id = $2")
                    .bind(asset)
                    .bind(request_id)
                    .execute(&mut tx)
                    .await?;
                tx.commit().await?;
                return Ok(Some(asset));
            }
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Ends the reservation of a request's asset once it is handed over, in one
    /// transaction; whether this call did (false: already handed over).
    pub async fn hand_over_catalog_asset(&self, request_id: i64, asset_id: i64, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = Sql::new(
            "UPDATE catalog_requests SET handed_over_at = $1 WHERE id = $2 AND reserved_asset_id = $3
               AND handed_over_at IS NULL",
        )
        .bind(now)
        .bind(request_id)
        .bind(asset_id)
        .execute(&mut tx)
        .await?;
        Sql::new("UPDATE assets SET reserved_for_user_id = NULL WHERE id = $1").bind(asset_id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Reserves a seat of `licence_id` for a request's requester at its approval (the seat
    /// they hold already, when they do), in one transaction: the seat, or none when every
    /// seat is taken or the licence is gone.
    pub async fn reserve_catalog_seat(
        &self,
        request_id: i64,
        licence_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let claim = SeatClaim {
            licence_id,
            user_id,
            state: "reserved",
            catalog_request_id: Some(request_id),
            by: None,
            at: now,
        };
        let seat = match self.take_licence_seat(&mut tx, claim).await {
            Ok(SeatTaken::New(id) | SeatTaken::Held(id)) => id,
            Ok(SeatTaken::Full) | Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        Sql::new("UPDATE catalog_requests SET reserved_seat_id = $1 WHERE id = $2")
            .bind(seat)
            .bind(request_id)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(Some(seat))
    }
}

//! Outbound webhooks: where ticket events are posted, and every delivery with how its
//! attempts went. A delivery is queued with its `webhook.deliver` job in the caller's
//! transaction, so it exists exactly when the change that caused it does.

use crate::jobs::NewJob;
use crate::{Sql, Store, StoreError, Tx};

/// A webhook as stored; the secret is sealed and only `app` can open it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// `helmdesk`, `slack` or `teams`.
    pub format: String,
    /// The event names subscribed to, as a JSON list.
    pub events: String,
    pub secret_secret: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// Events of tickets of this organisation and its subsidiaries only (`None`: of every
    /// organisation).
    pub organisation_id: Option<i64>,
}

/// The fields of a webhook an administrator sets.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookFields {
    pub name: String,
    pub url: String,
    pub format: String,
    /// A JSON list of event names.
    pub events: String,
    pub secret_secret: Option<String>,
    pub active: bool,
    pub organisation_id: Option<i64>,
}

/// One delivery of an event to a webhook.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    /// The body, exactly as sent.
    pub payload: String,
    /// `queued`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i64,
    /// The HTTP status of the last response, if one came.
    pub response_status: Option<i64>,
    /// The first 2 KB of the last response.
    pub response_body: Option<String>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

/// A delivery to queue. The body is written once the delivery has its id, which the body
/// carries (receivers tell retries of one delivery by it).
pub struct NewDelivery {
    pub webhook_id: i64,
    pub event: String,
    pub payload: Box<dyn FnOnce(i64) -> String + Send>,
}

/// How one attempt at a delivery went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attempt {
    pub response_status: Option<i64>,
    pub response_body: Option<String>,
    /// Why it failed; `None` when it was delivered.
    pub error: Option<String>,
    /// No attempt follows this failed one.
    pub gave_up: bool,
}

impl Store {
    /// Every webhook, by name.
    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>, StoreError> {
        Sql::new("SELECT * FROM webhooks ORDER BY name, id").fetch_all(self.db()).await
    }

    /// Active webhooks that may be subscribed to `event` (the caller checks the list
    /// exactly: the text match only narrows the rows read).
    pub async fn active_webhooks_for(&self, event: &str) -> Result<Vec<WebhookRow>, StoreError> {
        Sql::new("SELECT * FROM webhooks WHERE active = TRUE AND events LIKE $1 ORDER BY id")
            .bind(format!("%\"{event}\"%"))
            .fetch_all(self.db())
            .await
    }

    /// One webhook.
    pub async fn webhook(&self, id: i64) -> Result<WebhookRow, StoreError> {
        Sql::new("SELECT * FROM webhooks WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a webhook.
    pub async fn create_webhook(&self, w: &WebhookFields, now: i64) -> Result<WebhookRow, StoreError> {
        let sql = Sql::new(
            "INSERT INTO webhooks (name, url, format, events, secret_secret, active, organisation_id, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *",
        );
        self.write_returning(bind_webhook(sql, w).bind(now)).await
    }

    /// Replaces a webhook's fields.
    pub async fn update_webhook(&self, id: i64, w: &WebhookFields, now: i64) -> Result<WebhookRow, StoreError> {
        let sql = Sql::new(
            "UPDATE webhooks SET name = $1, url = $2, format = $3, events = $4, secret_secret = $5, active = $6,
                 organisation_id = $7, updated_at = $8
             WHERE id = $9 RETURNING *",
        );
        self.write_returning(bind_webhook(sql, w).bind(now).bind(id)).await
    }

    /// Deletes a webhook and its deliveries (their jobs find nothing to do).
    pub async fn delete_webhook(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM webhooks WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Records a delivery (status `queued`) in the caller's transaction; returns its id.
    pub async fn insert_delivery(&self, tx: &mut Tx, new: NewDelivery, now: i64) -> Result<i64, StoreError> {
        let (id,): (i64,) = Sql::new(
            "INSERT INTO webhook_deliveries (webhook_id, event, payload, status, created_at)
             VALUES ($1, $2, '', 'queued', $3) RETURNING id",
        )
        .bind(new.webhook_id)
        .bind(new.event.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        Sql::new("UPDATE webhook_deliveries SET payload = $1 WHERE id = $2")
            .bind((new.payload)(id))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(id)
    }

    /// Queues deliveries, each with its job, in the caller's transaction; returns their ids.
    pub async fn queue_deliveries(
        &self,
        tx: &mut Tx,
        deliveries: Vec<NewDelivery>,
        job: impl Fn(i64) -> NewJob,
        now: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::with_capacity(deliveries.len());
        for new in deliveries {
            ids.push(self.insert_delivery(tx, new, now).await?);
        }
        let jobs: Vec<NewJob> = ids.iter().map(|id| job(*id)).collect();
        self.enqueue(tx, &jobs, now).await?;
        Ok(ids)
    }

    /// One delivery.
    pub async fn delivery(&self, id: i64) -> Result<DeliveryRow, StoreError> {
        Sql::new("SELECT * FROM webhook_deliveries WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// A webhook's deliveries, newest first, before id `before` (at most `limit`).
    pub async fn deliveries(
        &self,
        webhook_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<DeliveryRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM webhook_deliveries WHERE webhook_id = $1").bind(webhook_id);
        if let Some(b) = before {
            let p = sql.arg(b);
            sql.push(&format!(" AND id < {p}"));
        }
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY id DESC LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// Records one attempt at a delivery: delivered (no error), queued for another attempt,
    /// or failed for good. Returns the delivery as it is now.
    pub async fn delivery_attempted(&self, id: i64, attempt: &Attempt, now: i64) -> Result<DeliveryRow, StoreError> {
        let status = match (&attempt.error, attempt.gave_up) {
            (None, _) => "delivered",
            (Some(_), true) => "failed",
            (Some(_), false) => "queued",
        };
        self.write_returning(
            Sql::new(
                "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, response_status = $2,
                     response_body = $3, last_error = $4,
                     delivered_at = CASE WHEN $1 = 'delivered' THEN $5 ELSE delivered_at END
                 WHERE id = $6 RETURNING *",
            )
            .bind(status)
            .bind(attempt.response_status)
            .bind(attempt.response_body.as_deref())
            .bind(attempt.error.as_deref())
            .bind(now)
            .bind(id),
        )
        .await
    }
}

fn bind_webhook(sql: Sql, w: &WebhookFields) -> Sql {
    sql.bind(w.name.as_str())
        .bind(w.url.as_str())
        .bind(w.format.as_str())
        .bind(w.events.as_str())
        .bind(w.secret_secret.as_deref())
        .bind(w.active)
        .bind(w.organisation_id)
}

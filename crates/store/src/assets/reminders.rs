//! Reminders about assets: the assets due one (an expected return near or past, a warranty
//! or a life about to end) that were not reminded of yet, and the record of those sent,
//! written with their notifications so that none is sent twice.

use crate::db::Arg;
use crate::platform::notifications::NewNotification;
use crate::{Sql, Store, StoreError};

/// A day of an asset a reminder or a list's filter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayColumn {
    ExpectedReturn,
    WarrantyEnd,
    EndOfLife,
}

impl DayColumn {
    fn column(self) -> &'static str {
        match self {
            DayColumn::ExpectedReturn => "expected_return",
            DayColumn::WarrantyEnd => "warranty_end",
            DayColumn::EndOfLife => "end_of_life",
        }
    }
}

/// Assets whose day in `column` falls between `from` and `to` (both included; `None`:
/// open). A retired or disposed asset's warranty and end of life concern nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRange {
    pub column: DayColumn,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl DayRange {
    /// Appends the range as conditions on the assets `a`.
    pub(crate) fn push(&self, sql: &mut Sql) {
        let c = self.column.column();
        sql.push(&format!(" AND a.{c} IS NOT NULL"));
        if let Some(from) = &self.from {
            let p = sql.arg(from);
            sql.push(&format!(" AND a.{c} >= {p}"));
        }
        if let Some(to) = &self.to {
            let p = sql.arg(to);
            sql.push(&format!(" AND a.{c} <= {p}"));
        }
        if self.column != DayColumn::ExpectedReturn {
            sql.push(" AND a.state NOT IN ('retired', 'disposed')");
        }
    }
}

/// An asset due a reminder.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DueRow {
    pub asset_id: i64,
    pub tag: String,
    pub name: String,
    pub organisation_id: i64,
    pub holder_user_id: Option<i64>,
    /// The day it is about (ISO).
    pub day: String,
}

/// One reminder: of which asset, what kind, about which day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::FromRow)]
pub struct ReminderKey {
    pub asset_id: i64,
    pub kind: String,
    pub on_date: String,
}

impl Store {
    /// Up to `limit` assets after `after` (an id) whose day is in `range` and that were not
    /// yet reminded of it as `kind`, by id.
    pub async fn due_reminders(
        &self,
        kind: &str,
        range: &DayRange,
        after: i64,
        limit: i64,
    ) -> Result<Vec<DueRow>, StoreError> {
        let c = range.column.column();
        let mut sql = Sql::new(format!(
            "SELECT a.id AS asset_id, a.tag, a.name, a.organisation_id, a.holder_user_id, a.{c} AS day
             FROM assets a WHERE a.id > $1"
        ))
        .bind(after);
        range.push(&mut sql);
        let k = sql.arg(kind);
        sql.push(&format!(
            " AND NOT EXISTS (SELECT 1 FROM asset_reminders r WHERE r.asset_id = a.id AND r.kind = {k} AND r.on_date = a.{c})"
        ));
        let limit = sql.arg(limit);
        sql.push(&format!(" ORDER BY a.id LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// Records `due` as sent and writes the notifications `notes` makes of those not sent
    /// before (by another run or node), in one transaction; the notifications written.
    pub async fn send_reminders(
        &self,
        due: &[ReminderKey],
        notes: impl FnOnce(&[ReminderKey]) -> Vec<NewNotification>,
        now: i64,
    ) -> Result<Vec<NewNotification>, StoreError> {
        if due.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin().await?;
        let rows = due
            .iter()
            .map(|k| vec![Arg::from(k.asset_id), Arg::from(&k.kind), Arg::from(&k.on_date), Arg::from(now)])
            .collect();
        let mut fresh: Vec<ReminderKey> = Vec::new();
        for sql in Sql::insert_many(
            "asset_reminders",
            &["asset_id", "kind", "on_date", "sent_at"],
            rows,
            " ON CONFLICT (asset_id, kind, on_date) DO NOTHING RETURNING asset_id, kind, on_date",
        ) {
            fresh.extend(sql.fetch_all::<ReminderKey>(&mut tx).await?);
        }
        fresh.sort();
        let written = notes(&fresh);
        self.insert_notifications(&mut tx, &written, now).await?;
        tx.commit().await?;
        Ok(written)
    }
}

//! The history of assets and configuration items as the API shows it, and the lines a
//! change writes, gathered as its fields are set.

use chrono::{DateTime, Utc};
use helmdesk_store::assets::history::{Change, HistoryRow};
use serde::Serialize;

use crate::ts;

/// A line of the history of an asset or a configuration item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssetHistoryEntry {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<HistoryRow> for AssetHistoryEntry {
    fn from(r: HistoryRow) -> Self {
        AssetHistoryEntry {
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            at: ts(r.created_at),
        }
    }
}

/// The history lines of a change, built as fields are set.
#[derive(Default)]
pub(crate) struct Changes(pub(crate) Vec<Change>);

impl Changes {
    /// Notes `field` going from `old` to `new`, if it changed.
    pub(crate) fn record(&mut self, field: &str, old: Option<String>, new: Option<String>) {
        if old != new {
            self.0.push(Change { field: field.into(), old_value: old, new_value: new });
        }
    }
}

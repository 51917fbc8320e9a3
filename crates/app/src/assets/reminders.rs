//! Reminders about assets (domain::assets::reminders), sent by the daily
//! `assets.reminders` job for every organisation: an expected return coming up or past
//! (to the person holding the asset and its managers), a warranty or a life about to end
//! (to its managers).
//!
//! Each reminder is sent once per asset, kind and day: the store records it under a unique
//! key in the transaction that writes its notifications, so a second run, a restart or a
//! second node sends nothing twice. Only people who may open the asset hear of it: the
//! managers of its organisation (`Managers`) and the person holding it. A manager hears of
//! one run's assets of a kind in one notification (linking to the list filtered to them
//! when there are several); the holder hears of each of theirs.

use std::collections::{BTreeMap, HashMap, HashSet};

use helmdesk_domain::assets::reminders::{Horizons, Reminder};
use helmdesk_store::assets::reminders::{DayColumn, DayRange, DueRow, ReminderKey};
use helmdesk_store::platform::notifications::NewNotification;

use crate::assets::access::Managers;
use crate::platform::live::LiveEvent;
use crate::{App, AppError};

/// The job that sends the reminders that are due.
pub const REMINDERS_JOB: &str = "assets.reminders";

/// How many due assets one transaction records.
const BATCH: i64 = 1000;

/// The assets `kind` concerns on `today`: the day it reads and the days it looks at.
pub(crate) fn due_range(kind: Reminder, today: chrono::NaiveDate, h: Horizons) -> DayRange {
    let column = match kind {
        Reminder::ReturnDue | Reminder::ReturnOverdue => DayColumn::ExpectedReturn,
        Reminder::WarrantyEnding => DayColumn::WarrantyEnd,
        Reminder::EndOfLife => DayColumn::EndOfLife,
    };
    let (from, to) = kind.window(today, h);
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    DayRange { column, from: iso(from), to: iso(to) }
}

/// What one asset's reminder says.
fn one(kind: Reminder, a: &DueRow) -> String {
    let what = match kind {
        Reminder::ReturnDue => "Due back on",
        Reminder::ReturnOverdue => "Overdue since",
        Reminder::WarrantyEnding => "Warranty ends on",
        Reminder::EndOfLife => "End of life on",
    };
    format!("{what} {}: {} {}", a.day, a.tag, a.name)
}

/// What a manager's reminder of `count` assets says.
fn several(kind: Reminder, count: usize, h: Horizons) -> String {
    match kind {
        Reminder::ReturnDue => format!("{count} assets are due back within {} days", h.return_days),
        Reminder::ReturnOverdue => format!("{count} assets are overdue for return"),
        Reminder::WarrantyEnding => format!("{count} assets' warranties end within {} days", h.warranty_days),
        Reminder::EndOfLife => format!("{count} assets reach their end of life within {} days", h.end_of_life_days),
    }
}

fn note(user_id: i64, kind: Reminder, message: String, link: String) -> NewNotification {
    NewNotification { user_id, message, event: kind.as_str().into(), link: Some(link), ..Default::default() }
}

/// The notifications of the reminders `fresh` (of `kind`) about `due`: one per manager
/// (naming the asset, or counting them and linking to the filtered list) and one per
/// asset to the active person holding it, unless they are its manager already.
fn notes_of(
    kind: Reminder,
    fresh: &[ReminderKey],
    due: &HashMap<i64, DueRow>,
    managers: &mut Managers,
    holders: &HashSet<i64>,
    h: Horizons,
) -> Vec<NewNotification> {
    let mut per_manager: BTreeMap<i64, Vec<&DueRow>> = BTreeMap::new();
    let mut out = Vec::new();
    for a in fresh.iter().filter_map(|k| due.get(&k.asset_id)) {
        let told = managers.of(a.organisation_id);
        for m in told {
            per_manager.entry(*m).or_default().push(a);
        }
        let holder = a.holder_user_id.filter(|u| kind.tells_holder() && holders.contains(u) && !told.contains(u));
        if let Some(holder) = holder {
            out.push(note(holder, kind, one(kind, a), format!("/assets/{}", a.asset_id)));
        }
    }
    for (user, assets) in per_manager {
        out.push(match assets.as_slice() {
            [a] => note(user, kind, one(kind, a), format!("/assets/{}", a.asset_id)),
            many => note(user, kind, several(kind, many.len(), h), format!("/assets?due={}", kind.as_str())),
        });
    }
    out
}

impl App {
    /// How many days ahead each reminder looks (the settings).
    pub fn reminder_horizons(&self) -> Horizons {
        let s = self.settings();
        Horizons {
            return_days: s.asset_return_reminder_days,
            warranty_days: s.asset_warranty_reminder_days,
            end_of_life_days: s.asset_end_of_life_reminder_days,
        }
    }

    /// Sends every reminder that is due today and was not sent yet (the
    /// `assets.reminders` job); how many notifications it wrote.
    pub async fn send_asset_reminders(&self) -> Result<usize, AppError> {
        let (today, h) = (self.today(), self.reminder_horizons());
        let mut managers = Managers::load(self).await?;
        let mut written = 0;
        for &kind in Reminder::ALL {
            let range = due_range(kind, today, h);
            let mut after = 0;
            loop {
                let due = self.store().due_reminders(kind.as_str(), &range, after, BATCH).await?;
                let Some(last) = due.last() else { break };
                after = last.asset_id;
                let full = due.len() as i64 == BATCH;
                written += self.remind(kind, due, &mut managers, h).await?;
                if !full {
                    break;
                }
            }
        }
        Ok(written)
    }

    /// Records and sends the reminders of `kind` about `due`; how many notifications.
    async fn remind(
        &self,
        kind: Reminder,
        due: Vec<DueRow>,
        managers: &mut Managers,
        h: Horizons,
    ) -> Result<usize, AppError> {
        let holder_ids: Vec<i64> = due.iter().filter_map(|a| a.holder_user_id).collect();
        let holders: HashSet<i64> = if kind.tells_holder() && !holder_ids.is_empty() {
            self.store().users_by_ids(&holder_ids).await?.into_iter().filter(|u| u.active).map(|u| u.id).collect()
        } else {
            HashSet::new()
        };
        let keys: Vec<ReminderKey> = due
            .iter()
            .map(|a| ReminderKey { asset_id: a.asset_id, kind: kind.as_str().into(), on_date: a.day.clone() })
            .collect();
        let due: HashMap<i64, DueRow> = due.into_iter().map(|a| (a.asset_id, a)).collect();
        let sent = self
            .store()
            .send_reminders(&keys, |fresh| notes_of(kind, fresh, &due, managers, &holders, h), self.now_micros())
            .await?;
        let told: HashSet<i64> = sent.iter().map(|n| n.user_id).collect();
        for user_id in told {
            self.live().publish(LiveEvent::Notifications { user_id });
        }
        Ok(sent.len())
    }
}

//! The ticket page's working panels: links (add, remove), merge, watchers (watch,
//! unwatch, add a colleague), canned responses in the reply form, the stakeholder
//! updates of a major incident, and time spent. [`Work::load`] gathers what the page
//! shows; the handlers take the panels' forms (CSRF-checked by `UiForm`) and go back to
//! the ticket, or show it with the rule that was broken.

use axum::extract::State;
use axum::response::Response;
use helmdesk_app::platform::users::User;
use helmdesk_app::service_desk::canned::RenderedResponse;
use helmdesk_app::service_desk::links::{NewLink, TicketLink};
use helmdesk_app::service_desk::major_incidents::{MajorUpdate, NewMajorUpdate};
use helmdesk_app::service_desk::tickets::Ticket;
use helmdesk_app::service_desk::time_entries::NewTimeEntry;
use helmdesk_app::service_desk::watchers::Watcher;
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::TicketStatus;
use helmdesk_domain::service_desk::links::LinkKind;
use helmdesk_domain::validate::format_minutes;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::UiForm;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::ui::presence::Visitors;
use crate::service_desk::ui::tickets::after;
use crate::ui::{Choice, NoFields, UiError, choices, choices_or};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .post("/tickets/{id}/links", add_link)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/links/{link_id}/delete", remove_link)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/merge", merge)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/watchers", add_watcher)
        .requires(DeskPermission::ReplyTicket)
        .post("/tickets/{id}/watchers/{user_id}/delete", remove_watcher)
        .requires(DeskPermission::ReplyTicket)
        .post("/tickets/{id}/major-updates", add_major_update)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/time-entries", add_time_entry)
        .requires(DeskPermission::WorkTicket)
}

/// One time entry as the page shows it.
pub(crate) struct TimeRow {
    pub who: String,
    pub duration: String,
    pub note: String,
    pub at: String,
    pub at_label: String,
}

/// What the working panels of one ticket page show.
pub(crate) struct Work {
    /// The reader's user id.
    pub me: i64,
    /// Staff and auditors see links and time; staff change them.
    pub internal: bool,
    pub staff: bool,
    pub links: Vec<TicketLink>,
    pub link_kinds: Vec<Choice>,
    /// The ticket this one was merged into: (id, number).
    pub merged_into: Option<(i64, String)>,
    /// Open and not merged: staff may merge it.
    pub mergeable: bool,
    pub watchers: Vec<Watcher>,
    /// The reader may watch (requesters and staff).
    pub can_watch: bool,
    pub watching: bool,
    /// Staff who may be added as watchers (staff only).
    pub colleagues: Vec<Choice>,
    /// Canned responses filled in for this ticket (staff).
    pub canned: Vec<RenderedResponse>,
    /// The reply box's text when a canned response was picked without the script.
    pub reply: String,
    pub major_updates: Vec<MajorUpdate>,
    pub time: Vec<TimeRow>,
    pub time_total: String,
    /// Who else has the ticket open, drawn (staff and auditors); `None` for requesters.
    pub presence: Option<String>,
}

impl Work {
    /// The panels of ticket `t` for `actor`; `canned` is a canned response picked for the
    /// reply box (the script-free picker), `staff_people` the assignable staff already
    /// read for the page.
    pub async fn load(
        s: &AppState,
        actor: &Actor,
        t: &Ticket,
        canned: Option<i64>,
        staff_people: &[User],
    ) -> Result<Work, UiError> {
        let app = &s.app;
        let internal = actor.role.sees_internal();
        let staff = actor.role.is_staff();
        let links = if internal { app.links(actor, t.id).await? } else { Vec::new() };
        let merged_into = t.merged_into_id.map(|id| {
            let number = links
                .iter()
                .filter_map(|l| l.ticket.as_ref())
                .find(|o| o.id == id)
                .map(|o| o.number.clone())
                .unwrap_or_else(|| format!("#{id}"));
            (id, number)
        });
        let presence = match internal {
            true => {
                let visitors = app.visitors_of(actor, t).await?;
                Some(Visitors { visitors, tr: Tr::new(actor.preferences.language()) }.html())
            }
            false => None,
        };
        let watchers = app.watchers(actor, t.id).await?;
        let watching = watchers.iter().any(|w| w.user_id == actor.id);
        let colleagues = if staff {
            let people =
                staff_people.iter().filter(|u| u.id != actor.id && !watchers.iter().any(|w| w.user_id == u.id));
            choices_or("Choose a colleague", people.map(|u| (u.id, u.name.clone())), "")
        } else {
            Vec::new()
        };
        let canned_responses = if staff { app.render_canned_responses(actor, t.id).await? } else { Vec::new() };
        let reply = canned
            .and_then(|id| canned_responses.iter().find(|c| c.canned_response_id == id))
            .map(|c| c.body.clone())
            .unwrap_or_default();
        let (time, time_total) = if internal {
            let sheet = app.time_entries(actor, t.id).await?;
            let rows = sheet
                .entries
                .into_iter()
                .map(|e| TimeRow {
                    who: e.user_name,
                    duration: format_minutes(e.minutes),
                    note: e.note,
                    at: e.created_at.to_rfc3339(),
                    at_label: e.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                })
                .collect();
            (rows, if sheet.total_minutes > 0 { format_minutes(sheet.total_minutes) } else { "none yet".into() })
        } else {
            (Vec::new(), String::new())
        };
        Ok(Work {
            me: actor.id,
            internal,
            staff,
            links,
            link_kinds: choices(LinkKind::ALL.iter().map(|k| (k.as_str(), k.label())), "related"),
            merged_into,
            mergeable: t.merged_into_id.is_none()
                && !matches!(t.status, TicketStatus::Closed | TicketStatus::Cancelled),
            watchers,
            // A requester hears of their own ticket anyway: watching is for others.
            can_watch: actor.can(DeskPermission::ReplyTicket) && t.requester_id != actor.id,
            watching,
            colleagues,
            canned: canned_responses,
            reply,
            major_updates: app.major_updates(actor, t.id).await?,
            time,
            time_total,
            presence,
        })
    }
}

/// A ticket named in a form: its id, or its number as people see it (`INC-000123`).
async fn ticket_named(s: &AppState, actor: &Actor, field: &str, text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim().trim_start_matches('#');
    if text.is_empty() {
        return Err(AppError::invalid(field, "name a ticket by its number, e.g. INC-000123"));
    }
    if let Ok(id) = text.parse::<i64>() {
        return Ok(Some(id));
    }
    match s.app.ticket_id_by_number(actor, &text.to_uppercase()).await {
        Ok(id) => Ok(Some(id)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct LinkForm {
    kind: String,
    /// A ticket's number or id, or (caused by change) a change reference.
    target: String,
}

async fn add_link(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<LinkForm>,
) -> Result<Response, UiError> {
    let result = async {
        let kind: LinkKind = form.kind.trim().parse()?;
        let input = match ticket_named(&s, &user.actor, "target", &form.target).await? {
            Some(target) => NewLink { kind, target_id: Some(target), change_ref: None },
            None if kind == LinkKind::CausedByChange => {
                NewLink { kind, target_id: None, change_ref: Some(form.target.clone()) }
            }
            None => return Err(AppError::invalid("target", "there is no such ticket (or you cannot see it)")),
        };
        s.app.add_link(&user.actor, id, input).await.map(|link| {
            let other = link.ticket.map(|t| t.number).or(link.change_ref).unwrap_or_default();
            format!("Linked: {} {other}", link.label)
        })
    }
    .await;
    let result = result.map_err(|e| match e {
        AppError::NotFound => AppError::invalid("target", "there is no such ticket (or you cannot see it)"),
        other => other,
    });
    after(&s, &user, id, result).await
}

async fn remove_link(
    State(s): State<AppState>,
    ApiPath((id, link_id)): ApiPath<(i64, i64)>,
    UiForm { user, form: _ }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let result = s.app.remove_link(&user.actor, id, link_id).await.map(|()| "Link removed".to_string());
    after(&s, &user, id, result).await
}

#[derive(Deserialize)]
struct MergeForm {
    into: String,
}

async fn merge(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MergeForm>,
) -> Result<Response, UiError> {
    let target = match ticket_named(&s, &user.actor, "into", &form.into).await {
        Ok(Some(target)) => Ok(target),
        Ok(None) => Err(AppError::invalid("into", "there is no such ticket (or you cannot see it)")),
        Err(e) => Err(e),
    };
    let result = match target {
        Ok(target) => s.app.merge_ticket(&user.actor, id, target).await.map(|merged| (merged, target)),
        Err(e) => Err(e),
    };
    match result {
        // The conversation goes on in the ticket merged into.
        Ok((merged, into)) => {
            Ok(user.confirm(&format!("/tickets/{into}"), format!("{} merged into this ticket", merged.number)))
        }
        Err(AppError::NotFound) => {
            let e = AppError::invalid("into", "there is no such ticket (or you cannot see it)");
            after(&s, &user, id, Err(e)).await
        }
        Err(e) => after(&s, &user, id, Err(e)).await,
    }
}

#[derive(Deserialize)]
struct WatcherForm {
    /// Someone else (staff); empty or absent: the person posting.
    #[serde(default)]
    user_id: String,
}

async fn add_watcher(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<WatcherForm>,
) -> Result<Response, UiError> {
    let result = match crate::service_desk::ui::tickets::form_id("user_id", &form.user_id) {
        Ok(who) => s.app.add_watcher(&user.actor, id, who.unwrap_or(user.actor.id)).await.map(|(w, _)| {
            if w.user_id == user.actor.id {
                "You are watching this ticket".to_string()
            } else {
                format!("{} is watching", w.name)
            }
        }),
        Err(e) => Err(e),
    };
    after(&s, &user, id, result).await
}

async fn remove_watcher(
    State(s): State<AppState>,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
    UiForm { user, form: _ }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let result = s.app.remove_watcher(&user.actor, id, user_id).await.map(|()| {
        if user_id == user.actor.id { "You stopped watching".to_string() } else { "Watcher removed".to_string() }
    });
    after(&s, &user, id, result).await
}

#[derive(Deserialize)]
struct MajorUpdateForm {
    body: String,
}

async fn add_major_update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MajorUpdateForm>,
) -> Result<Response, UiError> {
    let result = s
        .app
        .add_major_update(&user.actor, id, NewMajorUpdate { body: form.body })
        .await
        .map(|_| "Update posted".into());
    after(&s, &user, id, result).await
}

#[derive(Deserialize)]
struct TimeForm {
    duration: String,
    #[serde(default)]
    note: String,
}

async fn add_time_entry(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<TimeForm>,
) -> Result<Response, UiError> {
    let input = NewTimeEntry { minutes: None, duration: Some(form.duration), note: form.note };
    let result = s
        .app
        .add_time_entry(&user.actor, id, input)
        .await
        .map(|e| format!("Recorded {} of work", helmdesk_domain::validate::format_minutes(e.minutes)));
    after(&s, &user, id, result).await
}

//! Catalog requests: ordering an item, its approval, and its fulfilment as tickets.
//!
//! Ordering checks the answers against the item's form, files the request ticket (a
//! service request of the requester, the answers in its description) and sets it pending,
//! which pauses its SLA clocks until approval. [`App::approve_catalog_request`] is the
//! seam the approval engine calls (today's order path calls it at once for an item
//! without an approval chain): the ticket's clocks run, and the first stage's tasks become
//! tickets in their teams' queues, children of the request ticket. When a stage's tasks
//! are resolved or closed, the next stage starts ([`App::advance_catalog_request`], run by
//! the `catalog.advance` job and when the request is opened); after the last, the request
//! and its ticket are resolved. [`App::reject_catalog_request`] ends it instead.
//!
//! The service desk never imports this module: the tickets are filed, linked and moved by
//! its use cases, acting as the Automation user with the authority of a manager of the
//! request's organisation.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use helmdesk_domain::assets::licences::SeatState;
use helmdesk_domain::assets::lifecycle::{AssetState, HolderKind};
use helmdesk_domain::assets::money::Currency;
use helmdesk_domain::platform::approvals::{ApprovalState, Facts};
use helmdesk_domain::self_service::catalog::{
    Answer, AssetSource, FieldKind, RequestStatus, TaskStatus, Value, check_answers, describe, first_stage, next_stage,
};
use helmdesk_domain::service_desk::links::LinkKind;
use helmdesk_domain::validate::NAME_MAX;
use helmdesk_domain::{TicketKind, TicketStatus};
use helmdesk_store::StoreError;
use helmdesk_store::self_service::catalog::{
    ItemRow, NewTask, RequestFilter, RequestMove, RequestRow, RequestView, TaskRow,
};
use serde::{Deserialize, Serialize};

use crate::assets::access::AssetPermission;
use crate::assets::hardware::{Amount, CheckOut, cut_page, page_limit};
use crate::platform::approvals::{ApprovalStart, Decided};
use crate::platform::files::{NewFile, check_size, sanitize_filename};
use crate::self_service::access::SelfServicePermission;
use crate::self_service::catalog::{ItemParts, amount, stored_parts};
use crate::service_desk::access::DeskPermission;
use crate::service_desk::links::NewLink;
use crate::service_desk::tickets::{NewComment, NewTicket, TicketPatch};
use crate::{Actor, App, AppError, Page, decode_cursor, ts};

/// The recurring job that moves requests on when their tasks are done.
pub const ADVANCE_JOB: &str = "catalog.advance";
/// The job the approval engine queues when a request's approval ends (payload
/// `platform::approvals::Decided`).
pub const APPROVAL_DECIDED_JOB: &str = "catalog.approval_decided";
/// What the approval engine calls a catalog request.
pub const REQUEST_SUBJECT: &str = "catalog_request";

/// How many requests one run of the job moves on.
const ADVANCE_BATCH: i64 = 200;

/// A request as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CatalogRequest {
    pub id: i64,
    pub item_id: i64,
    pub item: String,
    pub requester_id: i64,
    pub requester: String,
    pub organisation_id: i64,
    pub status: RequestStatus,
    /// The request ticket (`/api/v1/tickets/{id}`), which carries its SLA.
    pub ticket_id: i64,
    pub ticket_number: Option<String>,
    /// The answers given to the form's shown fields, by key.
    pub answers: BTreeMap<String, String>,
    /// The cost when ordered.
    pub cost: Option<Amount>,
    /// The stage of fulfilment running (null before approval).
    pub stage: Option<i64>,
    pub approved_at: Option<DateTime<Utc>>,
    /// When it should be delivered: the item's delivery days after approval.
    pub expected_at: Option<DateTime<Utc>>,
    /// The approver's comment of a rejection.
    pub decision_comment: Option<String>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The asset reserved for it at approval (`/api/v1/assets/{id}`), and when it was
    /// handed over.
    pub reserved_asset_id: Option<i64>,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// The licence seat reserved for it at approval (none when every seat was taken).
    pub seat: Option<RequestSeat>,
    pub created_at: DateTime<Utc>,
    /// Increases with every move.
    pub version: i64,
    /// Its fulfilment tasks, by stage.
    pub tasks: Vec<RequestTask>,
}

/// The licence seat reserved for a request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestSeat {
    pub id: i64,
    pub licence_id: i64,
    pub licence: String,
    /// `reserved` until the fulfilling team assigns it.
    pub state: SeatState,
}

impl RequestSeat {
    fn of(v: &RequestView) -> Result<Option<RequestSeat>, AppError> {
        let (Some(id), Some(licence_id), Some(licence), Some(state)) =
            (v.request.reserved_seat_id, v.seat_licence_id, v.seat_licence.clone(), v.seat_state.as_deref())
        else {
            return Ok(None);
        };
        Ok(Some(RequestSeat { id, licence_id, licence, state: state.parse().map_err(AppError::stored)? }))
    }
}

/// One fulfilment task of a request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestTask {
    pub id: i64,
    pub title: String,
    pub team_id: i64,
    pub team: String,
    pub stage: i64,
    pub status: TaskStatus,
    /// Its ticket, once its stage started.
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
}

impl RequestTask {
    fn new(t: TaskRow) -> Result<RequestTask, AppError> {
        Ok(RequestTask {
            id: t.id,
            title: t.title,
            team_id: t.team_id,
            team: t.team_name,
            stage: t.stage,
            status: t.status.parse().map_err(AppError::stored)?,
            ticket_id: t.ticket_id,
            ticket_number: t.ticket_number,
        })
    }
}

impl CatalogRequest {
    fn new(v: RequestView, tasks: Vec<TaskRow>) -> Result<CatalogRequest, AppError> {
        let seat = RequestSeat::of(&v)?;
        let r = v.request;
        Ok(CatalogRequest {
            id: r.id,
            item_id: r.item_id,
            item: v.item_name,
            requester_id: r.requester_id,
            requester: v.requester_name,
            organisation_id: r.organisation_id,
            status: r.status.parse().map_err(AppError::stored)?,
            ticket_id: r.ticket_id,
            ticket_number: v.ticket_number,
            answers: serde_json::from_str(&r.answers)
                .map_err(|e| AppError::Internal(format!("catalog request {}: {e}", r.id)))?,
            cost: amount(r.cost_minor, r.currency.as_deref())?,
            stage: r.stage,
            approved_at: r.approved_at.map(ts),
            expected_at: r.expected_at.map(ts),
            decision_comment: r.decision_comment,
            finished_at: r.finished_at.map(ts),
            reserved_asset_id: r.reserved_asset_id,
            handed_over_at: r.handed_over_at.map(ts),
            seat,
            created_at: ts(r.created_at),
            version: r.version,
            tasks: tasks.into_iter().map(RequestTask::new).collect::<Result<_, _>>()?,
        })
    }
}

/// An order: the item and the answers to its form, by field key.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCatalogRequest {
    pub item_id: i64,
    /// Each answer as text: a number `3`, a day `2026-12-31`, a choice's option, a
    /// person's or an asset's id, an attachment field's file name. The API takes no file
    /// here: upload it afterwards to `POST /api/v1/tickets/{ticket_id}/attachments`, the
    /// request's `ticket_id` (the order page sends the file with the order).
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// Which requests to list, newest first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogRequestQuery {
    pub status: Option<RequestStatus>,
    /// Only the caller's own (staff see their organisations' otherwise).
    pub mine: Option<bool>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
}

impl App {
    /// Orders an item offered to the actor with these answers. Answers that break the form
    /// are refused and nothing is filed. An attachment field's answer is a file's name or
    /// link here; the order page sends the files themselves through
    /// [`App::order_catalog_item_with_files`].
    pub async fn order_catalog_item(&self, actor: &Actor, new: &NewCatalogRequest) -> Result<CatalogRequest, AppError> {
        self.order_catalog_item_with_files(actor, new, &BTreeMap::new()).await
    }

    /// Orders an item with files for its attachment fields (by field key): each file's
    /// name becomes its field's answer and the file is attached to the request ticket
    /// through the service desk's `add_attachment`, as the requester. Everything is
    /// checked before anything is written (the answers, a file for a field that takes
    /// none, the files' sizes, that the requester may attach files to a ticket), so a
    /// refused order files nothing. A file of a field the form hides is dropped with its
    /// answer.
    pub async fn order_catalog_item_with_files(
        &self,
        actor: &Actor,
        new: &NewCatalogRequest,
        files: &BTreeMap<String, NewFile>,
    ) -> Result<CatalogRequest, AppError> {
        let item = self.offered_item(actor, new.item_id).await?.item;
        let ItemParts { fields, tasks, .. } = stored_parts(&item)?;
        let mut given = new.answers.clone();
        for (key, file) in files {
            let field = format!("answers.{}", key.chars().take(40).collect::<String>());
            if !fields.iter().any(|f| &f.key == key && f.kind == FieldKind::Attachment) {
                return Err(AppError::invalid(&field, "this field takes no file"));
            }
            check_size(file.data.len(), self.settings().max_attachment_bytes)?;
            given.insert(key.clone(), sanitize_filename(&file.filename).chars().take(NAME_MAX).collect());
        }
        if !files.is_empty() {
            actor.require(DeskPermission::ReplyTicket)?;
        }
        let answers = check_answers(&fields, &given, self.now().date_naive()).map_err(|e| prefixed(e.into()))?;
        let shown = self.answers_shown(actor, &fields, &answers).await?;
        let system = self.automation_actor(Default::default(), Some(actor.organisation_id)).await?;
        let ticket = self
            .create_ticket(
                &system,
                NewTicket {
                    kind: TicketKind::ServiceRequest,
                    subject: format!("Request: {}", item.name),
                    description: describe(&shown),
                    requester_id: Some(actor.id),
                    ..NewTicket::incident("", "")
                },
            )
            .await?;
        let pending = TicketPatch { status: Some(TicketStatus::Pending), ..Default::default() };
        self.update_ticket(&system, ticket.id, pending, None).await?;
        let now = self.now_micros();
        let row = RequestRow {
            item_id: item.id,
            requester_id: actor.id,
            organisation_id: actor.organisation_id,
            ticket_id: ticket.id,
            status: RequestStatus::AwaitingApproval.as_str().into(),
            answers: serde_json::to_string(
                &answers.iter().map(|a| (&a.key, a.value.text())).collect::<BTreeMap<_, _>>(),
            )
            .map_err(|e| AppError::Internal(e.to_string()))?,
            cost_minor: item.cost_minor,
            currency: item.currency.clone(),
            created_at: now,
            updated_at: now,
            ..Default::default()
        };
        let tasks: Vec<NewTask> = tasks
            .iter()
            .map(|t| NewTask { title: t.title.clone(), team_id: t.team_id, stage: t.stage.into() })
            .collect();
        let saved = self.store().create_catalog_request(&row, &tasks).await?;
        for a in &answers {
            if let Some(f) = files.get(&a.key) {
                self.add_attachment(actor, ticket.id, None, &f.filename, &f.content_type, &f.data).await?;
            }
        }
        match item.approval_chain_id {
            Some(chain_id) => self.start_request_approval(actor, &item, saved.id, chain_id, &shown).await?,
            None => self.approve_catalog_request(saved.id).await?,
        }
        self.catalog_request(actor, saved.id).await
    }

    /// Starts the approval of request `request_id` through `chain_id`: its facts are the
    /// item's cost (in the currency's units), name and category, and the form's answers;
    /// the engine tells [`APPROVAL_DECIDED_JOB`] how it ended.
    async fn start_request_approval(
        &self,
        actor: &Actor,
        item: &ItemRow,
        request_id: i64,
        chain_id: i64,
        shown: &[(String, String)],
    ) -> Result<(), AppError> {
        let mut facts = Facts::new();
        if let (Some(minor), Some(code)) = (item.cost_minor, item.currency.as_deref()) {
            let decimals = Currency::parse(code).map(|c| c.decimals()).unwrap_or(2);
            facts.insert("cost".into(), serde_json::json!(minor as f64 / 10f64.powi(decimals as i32)));
            facts.insert("currency".into(), serde_json::json!(code));
        }
        facts.insert("item".into(), serde_json::json!(item.name));
        for (label, answer) in shown {
            facts.insert(label.clone(), serde_json::json!(answer));
        }
        let start = ApprovalStart {
            organisation_id: actor.organisation_id,
            subject_kind: REQUEST_SUBJECT.into(),
            subject_id: request_id,
            title: format!("{} for {}", item.name, actor.name),
            link: format!("/portal/requests/{request_id}"),
            requester_id: actor.id,
            department_id: actor.department_id,
            cost_centre_id: None,
            facts,
            chain_id,
            decided_job: APPROVAL_DECIDED_JOB.into(),
        };
        let mut tx = self.store().begin().await?;
        self.start_approval(&mut tx, start).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a request on when its approval ended (the [`APPROVAL_DECIDED_JOB`]).
    pub(crate) async fn catalog_approval_decided(&self, decided: &Decided) -> Result<(), AppError> {
        if decided.subject_kind != REQUEST_SUBJECT {
            return Ok(());
        }
        match decided.state {
            ApprovalState::Approved => self.approve_catalog_request(decided.subject_id).await,
            ApprovalState::Rejected | ApprovalState::Cancelled => {
                self.reject_catalog_request(decided.subject_id, &decided.comment).await
            }
            ApprovalState::Pending => Ok(()),
        }
    }

    /// The answers as people read them (label, answer), each person and asset checked:
    /// a person active in the requester's organisations, an asset they hold or one in
    /// stock (of the field's type) of their organisation or one above it.
    async fn answers_shown(
        &self,
        actor: &Actor,
        fields: &[helmdesk_domain::self_service::catalog::FormField],
        answers: &[Answer],
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut shown = Vec::with_capacity(answers.len());
        for a in answers {
            let text = match &a.value {
                Value::Person(id) => {
                    let unknown = || AppError::invalid(&format!("answers.{}", a.key), "no such person");
                    let user = match self.store().user(*id).await {
                        Ok(u) => u,
                        Err(StoreError::NotFound) => return Err(unknown()),
                        Err(e) => return Err(e.into()),
                    };
                    if !user.active || !actor.organisations.contains(&user.organisation_id) {
                        return Err(unknown());
                    }
                    format!("{} <{}>", user.name, user.email)
                }
                Value::Asset(id) => {
                    let field = fields.iter().find(|f| f.key == a.key && f.kind == FieldKind::Asset);
                    let field = field.ok_or_else(|| AppError::Internal("an asset answer without its field".into()))?;
                    self.answered_asset(actor, field, &a.key, *id).await?
                }
                other => other.text(),
            };
            shown.push((a.label.clone(), text));
        }
        Ok(shown)
    }

    /// An asset answer checked against its field's source; its tag and name.
    async fn answered_asset(
        &self,
        actor: &Actor,
        field: &helmdesk_domain::self_service::catalog::FormField,
        key: &str,
        id: i64,
    ) -> Result<String, AppError> {
        let unknown = || AppError::invalid(&format!("answers.{key}"), "no such asset");
        let asset = match self.store().asset(id).await {
            Ok(v) => v.asset,
            Err(StoreError::NotFound) => return Err(unknown()),
            Err(e) => return Err(e.into()),
        };
        let fits = match field.source() {
            AssetSource::Held => {
                asset.holder_kind.as_deref() == Some(HolderKind::Person.as_str())
                    && asset.holder_user_id == Some(actor.id)
            }
            AssetSource::InStock => {
                asset.state == AssetState::InStock.as_str()
                    && field.asset_type_id.is_none_or(|t| t == asset.type_id)
                    && self.ticket_above(actor.organisation_id).await?.contains(&asset.organisation_id)
            }
        };
        if !fits {
            return Err(unknown());
        }
        Ok(format!("{} {}", asset.tag, asset.name))
    }

    /// Approves a request waiting for its approval: its ticket's SLA clocks run from now,
    /// its expected delivery is counted from now, and its first stage starts (without
    /// tasks it is fulfilled at once). A request no longer waiting is left as it is.
    pub(crate) async fn approve_catalog_request(&self, request_id: i64) -> Result<(), AppError> {
        let r = self.store().catalog_request(request_id).await?.request;
        if r.status != RequestStatus::AwaitingApproval.as_str() {
            return Ok(());
        }
        let item = self.store().catalog_item(r.item_id).await?.item;
        let tasks = stored_parts(&item)?.tasks;
        let now = self.now();
        let stage = first_stage(&tasks).map(i64::from);
        let moved = RequestMove {
            id: r.id,
            from_status: r.status.clone(),
            to_status: RequestStatus::InFulfilment.as_str().into(),
            stage,
            approved_at: Some(self.now_micros()),
            expected_at: item.delivery_days.map(|d| (now + Duration::days(d)).timestamp_micros()),
            at: self.now_micros(),
            ..Default::default()
        };
        if !self.store().move_catalog_request(&moved, None).await? {
            return Ok(());
        }
        if let Some(type_id) = item.reserve_type_id {
            let above = self.ticket_above(r.organisation_id).await?;
            self.store().reserve_catalog_asset(r.id, type_id, &above, r.requester_id).await?;
        }
        if let Some(licence_id) = item.reserve_licence_id {
            self.store().reserve_catalog_seat(r.id, licence_id, r.requester_id, self.now_micros()).await?;
        }
        let system = self.automation_actor(Default::default(), Some(r.organisation_id)).await?;
        let ticket = self.store().ticket(r.ticket_id).await?;
        let resumed = if ticket.ticket.assignee_id.is_some() { TicketStatus::Assigned } else { TicketStatus::New };
        let running = TicketPatch { status: Some(resumed), ..Default::default() };
        self.update_ticket(&system, r.ticket_id, running, None).await?;
        match stage {
            Some(s) => self.start_stage(&system, request_id, s).await,
            None => self.finish_catalog_request(&system, request_id, None).await,
        }
    }

    /// Rejects a request waiting for its approval, with the approver's comment: its ticket
    /// is cancelled with the comment as a public reply. A request no longer waiting is
    /// left as it is.
    pub(crate) async fn reject_catalog_request(&self, request_id: i64, comment: &str) -> Result<(), AppError> {
        let r = self.store().catalog_request(request_id).await?.request;
        let moved = RequestMove {
            id: r.id,
            from_status: RequestStatus::AwaitingApproval.as_str().into(),
            to_status: RequestStatus::Rejected.as_str().into(),
            decision_comment: Some(comment.to_string()),
            finished_at: Some(self.now_micros()),
            at: self.now_micros(),
            ..Default::default()
        };
        if r.status != moved.from_status || !self.store().move_catalog_request(&moved, None).await? {
            return Ok(());
        }
        let system = self.automation_actor(Default::default(), Some(r.organisation_id)).await?;
        if !comment.trim().is_empty() {
            let reply = NewComment { body: format!("Request rejected: {}", comment.trim()), internal: false };
            self.add_comment(&system, r.ticket_id, reply).await?;
        }
        let cancelled = TicketPatch { status: Some(TicketStatus::Cancelled), ..Default::default() };
        self.update_ticket(&system, r.ticket_id, cancelled, None).await?;
        Ok(())
    }

    /// Files a ticket for each waiting task of `stage`, in its team's queue, a child of
    /// the request ticket, with the answers in its description.
    async fn start_stage(&self, system: &Actor, request_id: i64, stage: i64) -> Result<(), AppError> {
        let v = self.store().catalog_request(request_id).await?;
        let parent = self.store().ticket(v.request.ticket_id).await?.ticket;
        let number = v.ticket_number.clone().unwrap_or_default();
        for task in self.store().catalog_request_tasks(request_id).await? {
            if task.stage != stage || task.status != TaskStatus::Waiting.as_str() {
                continue;
            }
            let ticket = self
                .create_ticket(
                    system,
                    NewTicket {
                        kind: TicketKind::ServiceRequest,
                        subject: format!("{} ({} for {})", task.title, v.item_name, number),
                        description: parent.description.clone(),
                        requester_id: Some(v.request.requester_id),
                        team_id: Some(task.team_id),
                        ..NewTicket::incident("", "")
                    },
                )
                .await?;
            let link = NewLink { kind: LinkKind::Parent, target_id: Some(parent.id), change_ref: None };
            self.add_link(system, ticket.id, link).await?;
            self.store().start_catalog_task(task.id, ticket.id, self.now_micros()).await?;
        }
        Ok(())
    }

    /// Moves a request in fulfilment on: its tasks whose tickets are resolved or closed
    /// are done; when the running stage's are all done, the next stage starts, and after
    /// the last the request and its ticket are resolved. Safe to run twice at once: a
    /// stage is claimed by a conditional update before its tickets are filed.
    pub(crate) async fn advance_catalog_request(&self, request_id: i64) -> Result<(), AppError> {
        let r = self.store().catalog_request(request_id).await?.request;
        if r.status != RequestStatus::InFulfilment.as_str() {
            return Ok(());
        }
        self.store().finish_catalog_tasks(request_id, self.now_micros()).await?;
        let Some(stage) = r.stage else { return Ok(()) };
        let tasks = self.store().catalog_request_tasks(request_id).await?;
        let running_done = tasks.iter().filter(|t| t.stage == stage).all(|t| t.status == TaskStatus::Done.as_str());
        if !running_done {
            return Ok(());
        }
        let system = self.automation_actor(Default::default(), Some(r.organisation_id)).await?;
        let stages: Vec<helmdesk_domain::self_service::catalog::TaskSpec> = tasks
            .iter()
            .map(|t| helmdesk_domain::self_service::catalog::TaskSpec {
                title: t.title.clone(),
                team_id: t.team_id,
                stage: u8::try_from(t.stage).unwrap_or(u8::MAX),
            })
            .collect();
        match next_stage(&stages, u8::try_from(stage).unwrap_or(u8::MAX)) {
            Some(next) => {
                let moved = RequestMove {
                    id: r.id,
                    from_status: r.status.clone(),
                    to_status: r.status.clone(),
                    stage: Some(next.into()),
                    at: self.now_micros(),
                    ..Default::default()
                };
                if self.store().move_catalog_request(&moved, Some(stage)).await? {
                    self.start_stage(&system, request_id, next.into()).await?;
                }
                Ok(())
            }
            None => self.finish_catalog_request(&system, request_id, Some(stage)).await,
        }
    }

    /// Marks a request fulfilled and resolves its ticket.
    async fn finish_catalog_request(
        &self,
        system: &Actor,
        request_id: i64,
        stage: Option<i64>,
    ) -> Result<(), AppError> {
        let r = self.store().catalog_request(request_id).await?.request;
        let now = self.now_micros();
        let moved = RequestMove {
            id: r.id,
            from_status: RequestStatus::InFulfilment.as_str().into(),
            to_status: RequestStatus::Fulfilled.as_str().into(),
            stage,
            finished_at: Some(now),
            at: now,
            ..Default::default()
        };
        if !self.store().move_catalog_request(&moved, stage).await? {
            return Ok(());
        }
        let resolved = TicketPatch {
            status: Some(TicketStatus::Resolved),
            resolution_note: Some(Some("Every task of the request is done.".into())),
            ..Default::default()
        };
        self.update_ticket(system, r.ticket_id, resolved, None).await?;
        Ok(())
    }

    /// Moves on the requests whose tasks' tickets were resolved or closed (the
    /// `catalog.advance` job); how many it looked at.
    pub async fn advance_catalog_requests(&self) -> Result<usize, AppError> {
        let ids = self.store().catalog_requests_to_advance(ADVANCE_BATCH).await?;
        for &id in &ids {
            self.advance_catalog_request(id).await?;
        }
        Ok(ids.len())
    }

    /// Hands a request's reserved asset over: checks it out to the requester through the
    /// assets module's use case (staff who manage assets), then ends the reservation.
    pub async fn hand_over_catalog_asset(&self, actor: &Actor, request_id: i64) -> Result<CatalogRequest, AppError> {
        let v = self.readable_request(actor, request_id).await?;
        actor.require(AssetPermission::ManageAssets)?;
        let Some(asset) = v.request.reserved_asset_id else {
            return Err(AppError::invalid("reserved_asset_id", "no asset is reserved for this request"));
        };
        if v.request.handed_over_at.is_some() {
            return Err(AppError::invalid("reserved_asset_id", "the asset was handed over already"));
        }
        let to = CheckOut { kind: HolderKind::Person, id: v.request.requester_id, expected_return: None };
        self.check_out(actor, asset, &to, None).await?;
        self.store().hand_over_catalog_asset(request_id, asset, self.now_micros()).await?;
        self.catalog_request(actor, request_id).await
    }

    /// Assigns a request's reserved licence seat to its requester through the assets
    /// module's use case (staff who manage assets).
    pub async fn hand_over_catalog_seat(&self, actor: &Actor, request_id: i64) -> Result<CatalogRequest, AppError> {
        let v = self.readable_request(actor, request_id).await?;
        let Some(seat) = v.request.reserved_seat_id else {
            return Err(AppError::invalid("seat", "no licence seat is reserved for this request"));
        };
        self.hand_over_licence_seat(actor, seat).await?;
        self.catalog_request(actor, request_id).await
    }

    /// A request the actor may read: their own, or one of their organisations' for staff
    /// and auditors. Any other is not found.
    async fn readable_request(&self, actor: &Actor, id: i64) -> Result<RequestView, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let v = match self.store().catalog_request(id).await {
            Ok(v) => v,
            Err(StoreError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let staff =
            actor.can(SelfServicePermission::ReadRequests) && actor.sees_organisation(v.request.organisation_id);
        if v.request.requester_id != actor.id && !staff {
            return Err(AppError::NotFound);
        }
        Ok(v)
    }

    /// One request with its tasks, moved on first if its tasks' tickets were done.
    pub async fn catalog_request(&self, actor: &Actor, id: i64) -> Result<CatalogRequest, AppError> {
        let v = self.readable_request(actor, id).await?;
        if v.request.status == RequestStatus::InFulfilment.as_str() {
            self.advance_catalog_request(id).await?;
        }
        let v = self.store().catalog_request(id).await?;
        let tasks = self.store().catalog_request_tasks(id).await?;
        CatalogRequest::new(v, tasks)
    }

    /// A page of requests, newest first: requesters' own; staff's of their organisations
    /// (or their own with `mine`).
    pub async fn catalog_requests(
        &self,
        actor: &Actor,
        q: &CatalogRequestQuery,
    ) -> Result<Page<CatalogRequest>, AppError> {
        actor.require(SelfServicePermission::UsePortal)?;
        let limit = page_limit(q.limit)?;
        let before = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let staff = actor.can(SelfServicePermission::ReadRequests) && !q.mine.unwrap_or(false);
        let filter = RequestFilter {
            requester_id: (!staff).then_some(actor.id),
            organisations: if staff { actor.organisation_scope() } else { None },
            status: q.status.map(|s| s.as_str().to_string()),
            before,
            limit: limit + 1,
        };
        let mut rows = self.store().catalog_requests(&filter).await?;
        let next_cursor = cut_page(&mut rows, limit, |r| r.request.id);
        let mut items = Vec::with_capacity(rows.len());
        for v in rows {
            let tasks = self.store().catalog_request_tasks(v.request.id).await?;
            items.push(CatalogRequest::new(v, tasks)?);
        }
        Ok(Page { items, next_cursor })
    }

    /// The actor's own latest requests (the portal's "my requests").
    pub async fn my_catalog_requests(&self, actor: &Actor, limit: i64) -> Result<Vec<CatalogRequest>, AppError> {
        let q = CatalogRequestQuery { mine: Some(true), limit: Some(limit), ..Default::default() };
        Ok(self.catalog_requests(actor, &q).await?.items)
    }
}

/// A form's field error, named under `answers.` so the caller sees which answer it is.
fn prefixed(e: AppError) -> AppError {
    match e {
        AppError::Invalid(errors) => AppError::Invalid(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = f.field.map(|k| if k == "answers" { k } else { format!("answers.{k}") });
                    f
                })
                .collect(),
        ),
        other => other,
    }
}

//! Assignment rules (read by staff and auditors, changed by managers and administrators)
//! and the routing of tickets filed without a team or an assignee.
//!
//! [`App::route`] chooses the rule when a ticket is filed (`domain::routing`): the rules
//! come from this node's copy ([`crate::cache::Cached`], cleared on a local change), the
//! organisation's ancestors from the cached organisation tree, so choosing costs no query.
//! The rule's team is set at once; picking the member (round robin, least loaded) is left
//! to the filing writer ([`crate::service_desk::filing`]), which hands tickets out one after another,
//! reads the team's members and their open tickets once per batch, and writes the
//! assignment times with the tickets. Two nodes may pick from the same reading at the
//! same moment; the next pick on either sees both assignments.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use helmdesk_domain::service_desk::routing::{self, Facts, RoutingMethod, Rule, Step, parse_keywords};
use helmdesk_domain::{TicketKind, validate};
use helmdesk_store::StoreError;
use helmdesk_store::service_desk::routing::RuleRow;
use helmdesk_store::service_desk::tickets::TicketRow;
use serde::{Deserialize, Deserializer};

use crate::double_option;
use crate::platform::access::Permission;
use crate::platform::orgs::ancestors_of;
use crate::service_desk::access::DeskPermission;
use crate::service_desk::filing::Routing;
use crate::{Actor, App, AppError, ts};

/// An assignment rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AssignmentRule {
    pub id: i64,
    pub name: String,
    /// Rules are tried in this order, 1 first; the first active rule that matches routes
    /// the ticket.
    pub position: i64,
    /// Inactive rules route nothing.
    pub active: bool,
    /// Matches tickets of this kind (null: any).
    pub kind: Option<TicketKind>,
    /// Matches tickets of this category (null: any).
    pub category_id: Option<i64>,
    /// Matches tickets of this organisation and its subsidiaries (null: any).
    pub organisation_id: Option<i64>,
    /// Matches tickets whose subject or description holds any of these as a whole word,
    /// in any case (empty: no keyword condition).
    pub keywords: Vec<String>,
    /// The team the ticket goes to.
    pub team_id: i64,
    /// Who in the team gets it: `team` (nobody, the team picks it up), `round_robin` (the
    /// member assigned least recently) or `least_loaded` (the member with the fewest open
    /// tickets). Members who are away are skipped.
    pub method: RoutingMethod,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A rule to create. Unset conditions match every ticket.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRuleInput {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// Where the rule goes in the order (1 is tried first); defaults to last.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub position: Option<i64>,
    /// Defaults to true.
    #[serde(default = "default_true")]
    pub active: bool,
    #[serde(default)]
    pub kind: Option<TicketKind>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// The rule routes tickets of this organisation and its subsidiaries; `null`: of
    /// every organisation (for those whose organisations are all of them). Absent: the
    /// writer's organisation (every organisation for those who may write that).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
    /// A list, or one comma-separated text; at most 50 of at most 100 characters.
    #[serde(default, deserialize_with = "keyword_list")]
    #[schema(value_type = Vec<String>)]
    pub keywords: Vec<String>,
    pub team_id: i64,
    pub method: RoutingMethod,
}

/// Changes to a rule; absent fields stay, `null` clears a condition. `{"position": 1}`
/// moves the rule to the top.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRulePatch {
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    /// The rule's new place in the order (1 is tried first; beyond the end goes last).
    #[schema(minimum = 1)]
    pub position: Option<i64>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<TicketKind>)]
    pub kind: Option<Option<TicketKind>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub category_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
    /// A list, or one comma-separated text; `null` or empty removes the condition.
    #[serde(default, deserialize_with = "some_keyword_list")]
    #[schema(value_type = Option<Vec<String>>)]
    pub keywords: Option<Vec<String>>,
    pub team_id: Option<i64>,
    pub method: Option<RoutingMethod>,
}

fn default_true() -> bool {
    true
}

/// Keywords as a list or as one comma-separated text (`null`: none).
#[derive(Deserialize)]
#[serde(untagged)]
enum Keywords {
    List(Vec<String>),
    Text(String),
}

fn keyword_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<Keywords>::deserialize(d)? {
        None => Vec::new(),
        Some(Keywords::List(list)) => list,
        Some(Keywords::Text(text)) => vec![text],
    })
}

fn some_keyword_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    keyword_list(d).map(Some)
}

/// The kinds of rules kept in an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderedRules {
    /// Assignment rules: the first that matches routes a new ticket.
    Assignment,
    /// Automation rules: each that matches acts, in order.
    Automation,
}

/// The rules as routing uses them, and the names and organisations of the teams they
/// send tickets to.
#[derive(Debug, Default)]
pub struct RoutingConfig {
    pub rules: Vec<Rule>,
    pub team_names: HashMap<i64, String>,
    /// Each team's organisation (`None`: it serves every organisation).
    pub team_scopes: HashMap<i64, Option<i64>>,
}

/// Where a rule sent a new ticket: its team now, and how to pick the member.
#[derive(Debug, Clone, PartialEq)]
pub struct Routed {
    pub team_id: i64,
    pub team_name: String,
    /// What the filing writer does with the ticket.
    pub routing: Routing,
}

fn rule_doc(row: &RuleRow) -> Result<AssignmentRule, AppError> {
    let bad = |what: &str| AppError::Internal(format!("assignment rule {} has a bad {what}", row.id));
    Ok(AssignmentRule {
        id: row.id,
        name: row.name.clone(),
        position: row.position,
        active: row.active,
        kind: row.kind.as_deref().map(str::parse).transpose().map_err(|_| bad("kind"))?,
        category_id: row.category_id,
        organisation_id: row.organisation_id,
        keywords: parse_keywords(&row.keywords).map_err(|_| bad("keyword list"))?,
        team_id: row.team_id,
        method: row.method.parse().map_err(|_| bad("method"))?,
        created_at: ts(row.created_at),
        updated_at: ts(row.updated_at),
    })
}

fn rule_of(doc: AssignmentRule) -> Rule {
    Rule {
        id: doc.id,
        name: doc.name,
        position: doc.position,
        active: doc.active,
        kind: doc.kind,
        category_id: doc.category_id,
        organisation_id: doc.organisation_id,
        keywords: doc.keywords,
        team_id: doc.team_id,
        method: doc.method,
    }
}

impl App {
    /// The rules and team names (this node's copy, at most [`crate::cache::TTL`] old).
    pub async fn routing_config(&self) -> Result<Arc<RoutingConfig>, AppError> {
        if let Some(config) = self.routing_cache().fresh() {
            return Ok(config);
        }
        let rows = self.store().list_assignment_rules().await?;
        let teams = self.store().list_teams().await?;
        let config = Arc::new(RoutingConfig {
            rules: rows.iter().map(|r| rule_doc(r).map(rule_of)).collect::<Result<_, _>>()?,
            team_scopes: teams.iter().map(|t| (t.id, t.organisation_id)).collect(),
            team_names: teams.into_iter().map(|t| (t.id, t.name)).collect(),
        });
        self.routing_cache().put(config.clone());
        Ok(config)
    }

    /// The rule that routes a new ticket, if any, and where it sends it.
    pub async fn route(&self, t: &TicketRow) -> Result<Option<Routed>, AppError> {
        let config = self.routing_config().await?;
        if !config.rules.iter().any(|r| r.active) {
            return Ok(None);
        }
        let organisations = ancestors_of(&self.organisation_tree().await?, t.organisation_id);
        let text = Facts::text_of(&t.subject, &t.description);
        let facts = Facts {
            kind: t.kind.parse().unwrap_or(TicketKind::Incident),
            category_id: t.category_id,
            organisations: &organisations,
            text: &text,
        };
        // A rule whose team no longer serves the ticket's organisation routes nothing.
        let serves = |r: &&Rule| {
            config.team_scopes.get(&r.team_id).is_some_and(|s| s.is_none_or(|o| organisations.contains(&o)))
        };
        let rules: Vec<Rule> = config.rules.iter().filter(serves).cloned().collect();
        let Some(rule) = routing::choose(&rules, &facts) else {
            return Ok(None);
        };
        Ok(Some(Routed {
            team_id: rule.team_id,
            team_name: config.team_names.get(&rule.team_id).cloned().unwrap_or_default(),
            routing: Routing { rule: rule.name.clone(), team_id: rule.team_id, method: rule.method, organisations },
        }))
    }

    /// Moves an assignment or automation rule one place up or down in the order its kind of
    /// rules is tried in (managers and administrators, for rules of their organisations).
    pub async fn step_rule(&self, actor: &Actor, rules: OrderedRules, id: i64, step: Step) -> Result<(), AppError> {
        match rules {
            OrderedRules::Assignment => {
                let position = step.from(self.assignment_rule(actor, id).await?.position);
                let patch = AssignmentRulePatch { position: Some(position), ..Default::default() };
                self.update_assignment_rule(actor, id, patch).await?;
            }
            OrderedRules::Automation => {
                let position = step.from(self.automation_rule(actor, id).await?.position);
                self.move_automation_rule(actor, id, position).await?;
            }
        }
        Ok(())
    }

    /// Forgets this node's copy of the rules and team names (after a local change).
    pub(crate) fn routing_changed(&self) {
        self.routing_cache().clear();
    }

    /// The rules in the order they are tried (staff and auditors: global rules, those of
    /// their organisations and of the organisations above).
    pub async fn list_assignment_rules(&self, actor: &Actor) -> Result<Vec<AssignmentRule>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let rows = self.store().list_assignment_rules().await?;
        rows.iter().filter(|r| actor.reads_scope(r.organisation_id)).map(rule_doc).collect()
    }

    /// One rule.
    pub async fn assignment_rule(&self, actor: &Actor, id: i64) -> Result<AssignmentRule, AppError> {
        actor.require(Permission::ReadDirectory)?;
        rule_doc(&self.visible_rule(actor, id).await?)
    }

    async fn visible_rule(&self, actor: &Actor, id: i64) -> Result<RuleRow, AppError> {
        actor.readable(self.store().assignment_rule(id).await?)
    }

    /// Creates a rule (managers and administrators).
    pub async fn create_assignment_rule(
        &self,
        actor: &Actor,
        input: AssignmentRuleInput,
    ) -> Result<AssignmentRule, AppError> {
        actor.require(DeskPermission::Configure)?;
        let now = self.now_micros();
        let row = RuleRow {
            id: 0,
            name: input.name,
            position: input.position.unwrap_or(i64::MAX),
            active: input.active,
            kind: input.kind.map(|k| k.as_str().to_string()),
            category_id: input.category_id,
            organisation_id: input.organisation_id.unwrap_or(actor.default_scope()),
            keywords: input.keywords.join(","),
            team_id: input.team_id,
            method: input.method.as_str().into(),
            created_at: now,
            updated_at: now,
        };
        let row = self.check_rule(actor, row, input.position).await?;
        let saved = self.store().create_assignment_rule(&row).await?;
        self.routing_changed();
        rule_doc(&saved)
    }

    /// Changes a rule, or moves it in the order (managers and administrators).
    pub async fn update_assignment_rule(
        &self,
        actor: &Actor,
        id: i64,
        patch: AssignmentRulePatch,
    ) -> Result<AssignmentRule, AppError> {
        actor.require(DeskPermission::Configure)?;
        let mut row = actor.writable(self.store().assignment_rule(id).await?)?;
        if let Some(name) = patch.name {
            row.name = name;
        }
        if let Some(active) = patch.active {
            row.active = active;
        }
        if let Some(kind) = patch.kind {
            row.kind = kind.map(|k| k.as_str().to_string());
        }
        if let Some(category) = patch.category_id {
            row.category_id = category;
        }
        if let Some(organisation) = patch.organisation_id {
            row.organisation_id = organisation;
        }
        if let Some(keywords) = patch.keywords {
            row.keywords = keywords.join(",");
        }
        if let Some(team) = patch.team_id {
            row.team_id = team;
        }
        if let Some(method) = patch.method {
            row.method = method.as_str().into();
        }
        if let Some(position) = patch.position {
            row.position = position;
        }
        row.updated_at = self.now_micros();
        let row = self.check_rule(actor, row, patch.position).await?;
        let saved = self.store().update_assignment_rule(&row).await?;
        self.routing_changed();
        rule_doc(&saved)
    }

    /// Deletes a rule (managers and administrators); the rules after it move up.
    pub async fn delete_assignment_rule(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(DeskPermission::Configure)?;
        actor.writable(self.store().assignment_rule(id).await?)?;
        self.store().delete_assignment_rule(id).await?;
        self.routing_changed();
        Ok(())
    }

    /// Validates a rule's fields (`position` as given, if it was) and normalises its name
    /// and keywords.
    async fn check_rule(&self, actor: &Actor, mut row: RuleRow, position: Option<i64>) -> Result<RuleRow, AppError> {
        row.name = validate::name("name", &row.name)?;
        if position.is_some_and(|p| p < 1) {
            return Err(AppError::invalid("position", "must be 1 or more (1 is tried first)"));
        }
        row.keywords = parse_keywords(&row.keywords)?.join(",");
        row.organisation_id = self.checked_scope(actor, row.organisation_id).await?;
        let team = match self.store().team(row.team_id).await {
            Ok(t) if actor.reads_scope(t.organisation_id) => t,
            Ok(_) | Err(StoreError::NotFound) => return Err(AppError::invalid("team_id", "no such team")),
            Err(e) => return Err(e.into()),
        };
        if !self.scope_within(row.organisation_id, team.organisation_id).await? {
            return Err(AppError::invalid("team_id", "that team does not serve every organisation of the rule"));
        }
        if let Some(c) = row.category_id {
            match self.store().category(c).await {
                Err(StoreError::NotFound) => return Err(AppError::invalid("category_id", "no such category")),
                other => other?,
            };
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_taken_as_a_list_or_as_one_comma_separated_text() {
        let input = |keywords: serde_json::Value| {
            serde_json::from_value::<AssignmentRuleInput>(serde_json::json!({
                "name": "VPN", "team_id": 1, "method": "round_robin", "keywords": keywords
            }))
        };
        assert_eq!(input(serde_json::json!(["vpn", "tunnel"])).unwrap().keywords, ["vpn", "tunnel"]);
        assert_eq!(input(serde_json::json!("vpn, tunnel")).unwrap().keywords, ["vpn, tunnel"]);
        assert!(input(serde_json::json!(null)).unwrap().keywords.is_empty());
        assert!(input(serde_json::json!(5)).is_err());
        let bad_method = serde_json::json!({"name": "x", "team_id": 1, "method": "random"});
        assert!(serde_json::from_value::<AssignmentRuleInput>(bad_method).is_err());
        let patch: AssignmentRulePatch = serde_json::from_value(serde_json::json!({"keywords": null})).unwrap();
        assert_eq!(patch.keywords, Some(Vec::new()));
        let patch: AssignmentRulePatch = serde_json::from_value(serde_json::json!({"position": 1})).unwrap();
        assert_eq!((patch.keywords, patch.kind), (None, None));
    }
}

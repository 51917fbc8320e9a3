//! The service catalog's rules: an item's order form (its fields, their validation and
//! the conditions that show them), the answers an order gives it, and the stages of its
//! fulfilment.
//!
//! Answers travel as text (a form posts text, the API sends the same), keyed by field.
//! A field is shown when it has no condition or its condition holds on the answers to
//! the fields before it; a hidden field is never required and its answer is dropped. An
//! answer to a field the form does not have is refused, never ignored.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::validate::{NAME_MAX, RuleError, text, text_enum};

/// Most fields a form may have.
pub const FIELDS_MAX: usize = 40;
/// Most options a choice may offer.
pub const OPTIONS_MAX: usize = 100;
/// Longest answer, in characters (a text field may set less).
pub const ANSWER_MAX: usize = 5_000;
/// Longest help text or pattern, in characters.
pub const HELP_MAX: usize = 500;
/// Most fulfilment tasks an item may have.
pub const TASKS_MAX: usize = 30;
/// Highest stage number.
pub const STAGE_MAX: u8 = 20;

text_enum!(
    /// What a form field asks for.
    FieldKind, "kind" {
        /// One line of text; with a length and a pattern if the form says so.
        Text = "text",
        /// A whole number, between a minimum and a maximum if the form says so.
        Number = "number",
        /// A day, written 2026-12-06.
        Date = "date",
        /// One of the field's options.
        Choice = "choice",
        /// A person of the requester's organisation (their user id).
        Person = "person",
        /// An asset the requester holds, or one in stock of a type (its id).
        Asset = "asset",
        /// A file the requester attaches: the answer is its name. The order page sends
        /// the file with the order and it is attached to the request's ticket; API
        /// clients upload it to that ticket (`POST /api/v1/tickets/{id}/attachments`).
        Attachment = "attachment",
    }
);

text_enum!(
    /// How a condition compares the answer it looks at.
    ConditionOp, "op" {
        /// The answer is the value (letter case ignored).
        Equals = "equals",
        /// The answer holds the value (letter case ignored).
        Contains = "contains",
    }
);

text_enum!(
    /// Where a catalog request is.
    RequestStatus, "status" {
        /// Ordered, waiting for its approval.
        AwaitingApproval = "awaiting_approval",
        /// Approved: its tasks are being done, stage by stage.
        InFulfilment = "in_fulfilment",
        /// Every task done.
        Fulfilled = "fulfilled",
        /// Refused by an approver.
        Rejected = "rejected",
    }
);

text_enum!(
    /// Where one fulfilment task of a request is.
    TaskStatus, "status" {
        /// Its stage has not started.
        Waiting = "waiting",
        /// A ticket in its team's queue.
        Open = "open",
        /// Its ticket is resolved or closed.
        Done = "done",
    }
);

text_enum!(
    /// Where an asset field's assets come from.
    AssetSource, "asset_source" {
        /// The assets the requester holds.
        Held = "held",
        /// Assets in stock (of the field's type, if it names one).
        InStock = "in_stock",
    }
);

/// "Show this field only when field `field`'s answer equals (or contains) `value`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The key of an earlier field.
    pub field: String,
    pub op: ConditionOp,
    pub value: String,
}

/// One field of an order form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// The name answers are sent under: lower-case letters, digits and `_`, starting with
    /// a letter (`laptop_model`).
    pub key: String,
    /// What the requester reads.
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// A sentence under the label.
    #[serde(default)]
    pub help: Option<String>,
    /// A choice's options (required for a choice, refused otherwise).
    #[serde(default)]
    pub options: Vec<String>,
    /// A text's least and most characters.
    #[serde(default)]
    pub min_length: Option<u32>,
    #[serde(default)]
    pub max_length: Option<u32>,
    /// A regular expression a text must match whole (e.g. `[A-Z]{2}[0-9]{4}`).
    #[serde(default)]
    pub pattern: Option<String>,
    /// A number's least and greatest value.
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    /// A date must not be before the day of the order.
    #[serde(default)]
    pub not_in_past: bool,
    /// An asset field's source (held by default).
    #[serde(default)]
    pub asset_source: Option<AssetSource>,
    /// An asset field's type (`in_stock`: only assets of this type).
    #[serde(default)]
    pub asset_type_id: Option<i64>,
    /// Shown only when this holds.
    #[serde(default)]
    pub shown_when: Option<Condition>,
}

impl FormField {
    /// A field of `kind` with nothing else set (tests and the demo build from it).
    pub fn new(key: &str, label: &str, kind: FieldKind) -> FormField {
        FormField {
            key: key.into(),
            label: label.into(),
            kind,
            required: false,
            help: None,
            options: Vec::new(),
            min_length: None,
            max_length: None,
            pattern: None,
            min: None,
            max: None,
            not_in_past: false,
            asset_source: None,
            asset_type_id: None,
            shown_when: None,
        }
    }

    /// Where its assets come from (an asset field).
    pub fn source(&self) -> AssetSource {
        self.asset_source.unwrap_or(AssetSource::Held)
    }
}

/// One fulfilment task of an item: tasks of a stage run side by side, stages in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskSpec {
    pub title: String,
    /// The team whose queue its ticket goes to.
    pub team_id: i64,
    /// 1 to 20; stage 1 starts when the request is approved.
    #[schema(minimum = 1, maximum = 20)]
    pub stage: u8,
}

/// A checked answer, typed by its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(i64),
    Date(NaiveDate),
    Choice(String),
    /// A user id, to be checked against the requester's organisation.
    Person(i64),
    /// An asset id, to be checked against the field's source.
    Asset(i64),
    /// A file's name.
    Attachment(String),
}

impl Value {
    /// The answer as stored and sent.
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) | Value::Choice(t) | Value::Attachment(t) => t.clone(),
            Value::Number(n) | Value::Person(n) | Value::Asset(n) => n.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// A shown field's checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub key: String,
    pub label: String,
    pub value: Value,
}

fn well_formed_key(key: &str) -> bool {
    key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A field's pattern as a bounded regular expression matched against the whole answer.
fn compiled(field: &str, pattern: &str) -> Result<Regex, RuleError> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(1 << 18)
        .nest_limit(20)
        .build()
        .map_err(|_| RuleError::invalid(field, format!("{pattern:?} is not a regular expression")))
}

/// Checks an item's form: at most [`FIELDS_MAX`] fields, keys well formed and used once,
/// each kind's settings sensible, and conditions naming an earlier field.
pub fn check_form(fields: &[FormField]) -> Result<Vec<FormField>, RuleError> {
    const AT: &str = "fields";
    if fields.len() > FIELDS_MAX {
        return Err(RuleError::invalid(AT, format!("a form may have at most {FIELDS_MAX} fields")));
    }
    let mut checked: Vec<FormField> = Vec::with_capacity(fields.len());
    for f in fields {
        let key = f.key.trim().to_string();
        if !well_formed_key(&key) {
            return Err(RuleError::invalid(
                AT,
                format!("{key:?} is not a field key: use lower-case letters, digits and _, starting with a letter"),
            ));
        }
        if checked.iter().any(|c| c.key == key) {
            return Err(RuleError::invalid(AT, format!("the key {key:?} is used twice")));
        }
        let mut field = FormField { key, label: text(AT, &f.label, NAME_MAX, false)?, ..f.clone() };
        field.help = f.help.as_deref().map(str::trim).filter(|h| !h.is_empty()).map(str::to_string);
        if field.help.as_ref().is_some_and(|h| h.chars().count() > HELP_MAX) {
            return Err(RuleError::invalid(AT, format!("a help text has at most {HELP_MAX} characters")));
        }
        check_settings(&mut field)?;
        if let Some(c) = &field.shown_when
            && !checked.iter().any(|earlier| earlier.key == c.field)
        {
            return Err(RuleError::invalid(
                AT,
                format!("{:?} is shown when {:?} answers: that must be a field above it", field.key, c.field),
            ));
        }
        checked.push(field);
    }
    Ok(checked)
}

/// The settings only some kinds take, checked for `f`'s kind.
fn check_settings(f: &mut FormField) -> Result<(), RuleError> {
    const AT: &str = "fields";
    let key = f.key.clone();
    let refuse = |what: &str| Err(RuleError::invalid(AT, format!("{key:?}: a {} field has no {what}", f.kind)));
    if f.kind != FieldKind::Choice && !f.options.is_empty() {
        return refuse("options");
    }
    if f.kind != FieldKind::Text && (f.min_length.is_some() || f.max_length.is_some() || f.pattern.is_some()) {
        return refuse("length or pattern");
    }
    if f.kind != FieldKind::Number && (f.min.is_some() || f.max.is_some()) {
        return refuse("minimum or maximum");
    }
    if f.kind != FieldKind::Date && f.not_in_past {
        return refuse("\"not in the past\"");
    }
    if f.kind != FieldKind::Asset && (f.asset_source.is_some() || f.asset_type_id.is_some()) {
        return refuse("asset source or type");
    }
    if f.kind == FieldKind::Choice {
        let mut options: Vec<String> = Vec::new();
        for o in &f.options {
            let o = text(AT, o, NAME_MAX, false)?;
            if !options.contains(&o) {
                options.push(o);
            }
        }
        if options.is_empty() || options.len() > OPTIONS_MAX {
            return Err(RuleError::invalid(AT, format!("{key:?}: a choice offers 1 to {OPTIONS_MAX} options")));
        }
        f.options = options;
    }
    if let (Some(min), Some(max)) = (f.min_length, f.max_length)
        && min > max
    {
        return Err(RuleError::invalid(AT, format!("{key:?}: the least length is above the most")));
    }
    if f.max_length.is_some_and(|m| m as usize > ANSWER_MAX) {
        return Err(RuleError::invalid(AT, format!("{key:?}: an answer has at most {ANSWER_MAX} characters")));
    }
    if let (Some(min), Some(max)) = (f.min, f.max)
        && min > max
    {
        return Err(RuleError::invalid(AT, format!("{key:?}: the minimum is above the maximum")));
    }
    f.pattern = f.pattern.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
    if let Some(p) = &f.pattern {
        if p.chars().count() > HELP_MAX {
            return Err(RuleError::invalid(AT, format!("{key:?}: a pattern has at most {HELP_MAX} characters")));
        }
        compiled(AT, p)?;
    }
    if f.kind == FieldKind::Asset && f.source() == AssetSource::Held && f.asset_type_id.is_some() {
        return Err(RuleError::invalid(AT, format!("{key:?}: only assets in stock are chosen by type")));
    }
    Ok(())
}

/// Checks an item's tasks: at most [`TASKS_MAX`], titles given, stages 1 to 20.
pub fn check_tasks(tasks: &[TaskSpec]) -> Result<Vec<TaskSpec>, RuleError> {
    if tasks.len() > TASKS_MAX {
        return Err(RuleError::invalid("tasks", format!("an item has at most {TASKS_MAX} tasks")));
    }
    tasks
        .iter()
        .map(|t| {
            if !(1..=STAGE_MAX).contains(&t.stage) {
                return Err(RuleError::invalid("tasks", format!("a stage is 1 to {STAGE_MAX}")));
            }
            Ok(TaskSpec { title: text("tasks", &t.title, NAME_MAX, false)?, ..t.clone() })
        })
        .collect()
}

/// Whether `condition` holds on the answers given so far (keys to answer text).
fn holds(condition: &Condition, shown: &BTreeMap<&str, String>) -> bool {
    let Some(answer) = shown.get(condition.field.as_str()) else { return false };
    let (answer, value) = (answer.to_lowercase(), condition.value.trim().to_lowercase());
    match condition.op {
        ConditionOp::Equals => answer == value,
        ConditionOp::Contains => answer.contains(&value),
    }
}

/// The keys of the fields shown for these answers, in the form's order: a field is shown
/// when it has no condition, or its condition holds on a shown field's answer.
pub fn shown_fields<'a>(fields: &'a [FormField], answers: &BTreeMap<String, String>) -> Vec<&'a FormField> {
    let mut given: BTreeMap<&str, String> = BTreeMap::new();
    let mut shown = Vec::new();
    for f in fields {
        if f.shown_when.as_ref().is_none_or(|c| holds(c, &given)) {
            if let Some(a) = answers.get(&f.key) {
                given.insert(&f.key, a.trim().to_string());
            }
            shown.push(f);
        }
    }
    shown
}

/// Checks an order's answers against the form on day `today`: no answer to a field the
/// form lacks, every shown required field answered, each answer of its field's kind and
/// within its rules. Hidden fields' answers are dropped; empty answers are none. The
/// people, assets and files answers name are checked by the caller.
pub fn check_answers(
    fields: &[FormField],
    answers: &BTreeMap<String, String>,
    today: NaiveDate,
) -> Result<Vec<Answer>, RuleError> {
    if let Some(unknown) = answers.keys().find(|k| !fields.iter().any(|f| &f.key == *k)) {
        let shown: String = unknown.chars().take(40).collect();
        return Err(RuleError::invalid("answers", format!("{shown:?} is not a field of this form")));
    }
    let mut checked = Vec::new();
    for f in shown_fields(fields, answers) {
        let given = answers.get(&f.key).map(|a| a.trim()).filter(|a| !a.is_empty());
        let Some(given) = given else {
            if f.required {
                return Err(RuleError::invalid(f.key.clone(), "is required"));
            }
            continue;
        };
        checked.push(Answer { key: f.key.clone(), label: f.label.clone(), value: value_of(f, given, today)? });
    }
    Ok(checked)
}

/// A non-empty answer read as `f`'s kind and checked against its rules.
fn value_of(f: &FormField, given: &str, today: NaiveDate) -> Result<Value, RuleError> {
    let bad = |detail: String| RuleError::invalid(f.key.clone(), detail);
    let count = given.chars().count();
    if count > ANSWER_MAX {
        return Err(bad(format!("must be at most {ANSWER_MAX} characters")));
    }
    let id = || given.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| bad("choose one from the list".into()));
    Ok(match f.kind {
        FieldKind::Text => {
            let t = text(&f.key, given, ANSWER_MAX, false)?;
            if f.min_length.is_some_and(|m| count < m as usize) {
                return Err(bad(format!("must be at least {} characters", f.min_length.unwrap_or_default())));
            }
            if f.max_length.is_some_and(|m| count > m as usize) {
                return Err(bad(format!("must be at most {} characters", f.max_length.unwrap_or_default())));
            }
            if let Some(p) = &f.pattern
                && !compiled(&f.key, p)?.is_match(&t)
            {
                return Err(bad("is not in the expected form".into()));
            }
            Value::Text(t)
        }
        FieldKind::Number => {
            let n: i64 = given.parse().map_err(|_| bad("must be a whole number".into()))?;
            if f.min.is_some_and(|m| n < m) {
                return Err(bad(format!("must be at least {}", f.min.unwrap_or_default())));
            }
            if f.max.is_some_and(|m| n > m) {
                return Err(bad(format!("must be at most {}", f.max.unwrap_or_default())));
            }
            Value::Number(n)
        }
        FieldKind::Date => {
            let d = NaiveDate::parse_from_str(given, "%Y-%m-%d")
                .map_err(|_| bad("must be a day such as 2026-12-31".into()))?;
            if f.not_in_past && d < today {
                return Err(bad("must not be in the past".into()));
            }
            Value::Date(d)
        }
        FieldKind::Choice => match f.options.iter().find(|o| o.as_str() == given) {
            Some(o) => Value::Choice(o.clone()),
            None => return Err(bad("choose one of the options".into())),
        },
        FieldKind::Person => Value::Person(id()?),
        FieldKind::Asset => Value::Asset(id()?),
        FieldKind::Attachment => Value::Attachment(text(&f.key, given, NAME_MAX, false)?),
    })
}

/// The answers as the text of a ticket's description: one "label: answer" line each, the
/// answers written as people read them (`shown`: a person's or asset's name).
pub fn describe(answers: &[(String, String)]) -> String {
    answers.iter().map(|(label, shown)| format!("{label}: {shown}")).collect::<Vec<_>>().join("\n")
}

/// The first stage of a fulfilment (`None`: no tasks).
pub fn first_stage(tasks: &[TaskSpec]) -> Option<u8> {
    tasks.iter().map(|t| t.stage).min()
}

/// The stage after `stage` (`None`: that was the last).
pub fn next_stage(tasks: &[TaskSpec], stage: u8) -> Option<u8> {
    tasks.iter().map(|t| t.stage).filter(|s| *s > stage).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// A laptop form: a model choice, "other" reveals a required text.
    fn laptop() -> Vec<FormField> {
        let mut model = FormField::new("model", "Model", FieldKind::Choice);
        model.options = vec!["Standard".into(), "Developer".into(), "Other".into()];
        model.required = true;
        let mut other = FormField::new("other_model", "Which model?", FieldKind::Text);
        other.required = true;
        other.max_length = Some(40);
        other.shown_when = Some(Condition { field: "model".into(), op: ConditionOp::Equals, value: "other".into() });
        let mut needed = FormField::new("needed_by", "Needed by", FieldKind::Date);
        needed.not_in_past = true;
        let mut screens = FormField::new("screens", "Extra screens", FieldKind::Number);
        screens.min = Some(0);
        screens.max = Some(3);
        check_form(&[model, other, needed, screens]).unwrap()
    }

    #[test]
    fn a_hidden_required_field_is_not_required_and_its_answer_is_dropped() {
        let form = laptop();
        let got = check_answers(&form, &answers(&[("model", "Standard"), ("other_model", "x")]), today()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].value, Value::Choice("Standard".into()));
    }

    #[test]
    fn a_shown_required_field_must_be_answered() {
        let form = laptop();
        let err = check_answers(&form, &answers(&[("model", "Other")]), today()).unwrap_err();
        assert_eq!(err, RuleError::invalid("other_model", "is required"));
        let got = check_answers(&form, &answers(&[("model", "Other"), ("other_model", "ThinkPad X1")]), today());
        assert_eq!(got.unwrap()[1].value, Value::Text("ThinkPad X1".into()));
    }

    #[test]
    fn answers_of_the_wrong_kind_or_out_of_bounds_are_refused() {
        let form = laptop();
        for bad in [
            vec![("model", "Gold-plated")],
            vec![("model", "Standard"), ("screens", "two")],
            vec![("model", "Standard"), ("screens", "4")],
            vec![("model", "Standard"), ("screens", "-1")],
            vec![("model", "Standard"), ("screens", "99999999999999999999999")],
            vec![("model", "Standard"), ("needed_by", "2026-12-06")],
            vec![("model", "Standard"), ("needed_by", "tomorrow")],
            vec![("model", "Other"), ("other_model", &"x".repeat(41))],
            vec![("model", "Standard"), ("admin", "yes")],
        ] {
            assert!(check_answers(&form, &answers(&bad), today()).is_err(), "{bad:?}");
        }
        let fine = answers(&[("model", "Standard"), ("needed_by", "2026-12-07"), ("screens", "3")]);
        assert_eq!(check_answers(&form, &fine, today()).unwrap().len(), 3);
    }

    #[test]
    fn a_condition_on_a_hidden_field_does_not_hold() {
        let mut form = laptop();
        let mut reason = FormField::new("reason", "Why another model?", FieldKind::Text);
        reason.required = true;
        reason.shown_when =
            Some(Condition { field: "other_model".into(), op: ConditionOp::Contains, value: "mac".into() });
        form.push(reason);
        let form = check_form(&form).unwrap();
        // other_model is hidden (the model is Standard), so its answer does not show reason.
        let given = answers(&[("model", "Standard"), ("other_model", "MacBook")]);
        assert!(check_answers(&form, &given, today()).is_ok());
        let given = answers(&[("model", "Other"), ("other_model", "MacBook")]);
        assert_eq!(check_answers(&form, &given, today()).unwrap_err(), RuleError::invalid("reason", "is required"));
    }

    #[test]
    fn a_text_pattern_must_match_the_whole_answer() {
        let mut code = FormField::new("cost_centre", "Cost centre", FieldKind::Text);
        code.pattern = Some("[A-Z]{2}[0-9]{4}".into());
        let form = check_form(&[code]).unwrap();
        assert!(check_answers(&form, &answers(&[("cost_centre", "IT0042")]), today()).is_ok());
        assert!(check_answers(&form, &answers(&[("cost_centre", "xIT0042x")]), today()).is_err());
    }

    #[test]
    fn forms_with_broken_settings_are_refused() {
        let twice = [FormField::new("a", "A", FieldKind::Text), FormField::new("a", "Again", FieldKind::Number)];
        assert!(check_form(&twice).is_err());
        assert!(check_form(&[FormField::new("Bad Key", "A", FieldKind::Text)]).is_err());
        assert!(check_form(&[FormField::new("pick", "Pick", FieldKind::Choice)]).is_err());
        let mut later = FormField::new("b", "B", FieldKind::Text);
        later.shown_when = Some(Condition { field: "c".into(), op: ConditionOp::Equals, value: "x".into() });
        assert!(check_form(&[later, FormField::new("c", "C", FieldKind::Text)]).is_err());
        let mut pattern = FormField::new("p", "P", FieldKind::Text);
        pattern.pattern = Some("(".into());
        assert!(check_form(&[pattern]).is_err());
        let mut bounds = FormField::new("n", "N", FieldKind::Number);
        (bounds.min, bounds.max) = (Some(5), Some(1));
        assert!(check_form(&[bounds]).is_err());
        let mut options_on_text = FormField::new("t", "T", FieldKind::Text);
        options_on_text.options = vec!["x".into()];
        assert!(check_form(&[options_on_text]).is_err());
    }

    #[test]
    fn stages_run_in_order_and_skip_gaps() {
        let task = |stage| TaskSpec { title: "t".into(), team_id: 1, stage };
        let tasks = [task(3), task(1), task(1), task(7)];
        assert_eq!(first_stage(&tasks), Some(1));
        assert_eq!(next_stage(&tasks, 1), Some(3));
        assert_eq!(next_stage(&tasks, 3), Some(7));
        assert_eq!(next_stage(&tasks, 7), None);
        assert_eq!(first_stage(&[]), None);
        assert!(check_tasks(&[task(0)]).is_err());
        assert!(check_tasks(&[task(21)]).is_err());
    }

    #[test]
    fn the_description_lists_each_answer_on_its_line() {
        let lines = [("Model".to_string(), "Standard".to_string()), ("Screens".into(), "2".into())];
        assert_eq!(describe(&lines), "Model: Standard\nScreens: 2");
    }

    proptest! {
        /// Whatever is sent, the check never panics, and what it accepts only answers
        /// fields the answers shown.
        #[test]
        fn any_answers_are_refused_or_answer_shown_fields(
            pairs in proptest::collection::btree_map("[a-z_]{1,12}", ".{0,60}", 0..6),
            model in prop_oneof![Just("Standard"), Just("Other"), Just("other"), Just("")],
        ) {
            let form = laptop();
            let mut given = pairs;
            given.insert("model".into(), model.into());
            if let Ok(got) = check_answers(&form, &given, today()) {
                let shown: Vec<&str> = shown_fields(&form, &given).iter().map(|f| f.key.as_str()).collect();
                for a in &got {
                    prop_assert!(shown.contains(&a.key.as_str()));
                }
            }
        }

        /// A number within the bounds is accepted as itself; outside, refused.
        #[test]
        fn numbers_are_held_to_their_bounds(n in any::<i64>()) {
            let form = laptop();
            let given = answers(&[("model", "Standard"), ("screens", &n.to_string())]);
            let got = check_answers(&form, &given, today());
            prop_assert_eq!(got.is_ok(), (0..=3).contains(&n));
        }
    }
}

//! Notification e-mail templates: one per event and language, a subject, a text and an
//! HTML body with `{{placeholders}}`. Built-in templates in English serve every event
//! until an administrator writes one; a recipient's language picks the template, falling
//! back to English.
//!
//! Two kinds of events have templates: the notifications of [`EVENTS`], about a ticket,
//! which people choose to get by mail or not; and the mail about someone's account of
//! [`ACCOUNT_EVENTS`] (the link to choose a new password), which knows nothing of tickets
//! and goes to whoever asked for it, whatever their choices.
//!
//! Values are inserted once and never expanded again ([`crate::placeholders::expand`]); in the
//! HTML body they are escaped first, so what people wrote can never become markup.

use crate::placeholders::expand;
use crate::platform::access::Role;
use crate::platform::mail::REPLY_MARKER;

/// The language of the built-in templates, and the fallback for every other.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Longest template subject, in characters.
pub const SUBJECT_MAX: usize = 300;

/// The document's pattern of a language tag: what [`is_language`] accepts.
pub const LANGUAGE_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

/// The schemas of the API's document for templates' fields and path parts.
pub mod schema {
    use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

    /// A language tag ([`super::is_language`]).
    pub fn language() -> Object {
        ObjectBuilder::new().schema_type(Type::String).pattern(Some(super::LANGUAGE_PATTERN)).build()
    }

    /// One of the events people choose to get by e-mail ([`super::EVENTS`]).
    pub fn event() -> Object {
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(super::EVENTS.iter().map(|(e, _)| *e))).build()
    }

    /// One of the events that have a template ([`super::template_events`]).
    pub fn template_event() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(super::template_events().map(|(e, _)| *e)))
            .build()
    }

    /// A template's subject.
    pub fn subject() -> Object {
        crate::validate::schema::text(super::SUBJECT_MAX, false)
    }
}

crate::document_as!(
    /// A language tag such as `en`, `de` or `pt-BR`.
    Language => schema::language()
);
crate::document_as!(
    /// An event that sends e-mail.
    EmailEvent => schema::event()
);
crate::document_as!(
    /// An event whose e-mail has a template: a notification, or the mail about an account.
    TemplateEvent => schema::template_event()
);
crate::document_as!(
    /// A template's subject: 1 to [`SUBJECT_MAX`] characters on one line.
    TemplateSubject => schema::subject()
);

/// The events that send e-mail about a ticket, with what each is for people: each person
/// chooses which of them they get by mail.
pub const EVENTS: &[(&str, &str)] = &[
    ("created", "A ticket was received (to its requester) or is new for a team"),
    ("reply", "A public reply was added"),
    ("note", "An internal note was added (staff)"),
    ("status", "A ticket's status changed (resolved, closed, reopened...)"),
    ("assignee", "A ticket was assigned"),
    ("major_update", "A major incident's stakeholder update"),
    ("sla_warning", "An SLA target is about to be missed (staff)"),
    ("escalation", "An SLA target was missed and escalated (staff)"),
    ("automation", "A message from an automation rule"),
];

/// The mail that carries a link to choose a new password.
pub const PASSWORD_RESET: &str = "password_reset";

/// The mail that asks an approver to decide, with a single-use link.
pub const APPROVAL_REQUEST: &str = "approval_request";

/// The events that send e-mail to one person about their account or their part in an
/// approval, with what each is for people: nobody chooses them away, and they name no
/// ticket.
pub const ACCOUNT_EVENTS: &[(&str, &str)] = &[
    (PASSWORD_RESET, "A link to choose a new password (to whoever asked for it with their address)"),
    (APPROVAL_REQUEST, "An approval waiting for you, with a link to approve or reject it (approvers)"),
];

/// Every event that has a template: the notifications, then the account's mail.
pub fn template_events() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    EVENTS.iter().chain(ACCOUNT_EVENTS)
}

/// The placeholders a notification's template may use, with what each stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("event.message", "what happened, in one line (e.g. New reply on INC-000123: ...)"),
    ("event.details", "the reply or note with its author, or the ticket's description when it was filed"),
    ("ticket.number", "the ticket's number, e.g. INC-000123"),
    ("ticket.subject", "the ticket's subject"),
    ("ticket.status", "the ticket's status, e.g. In progress"),
    ("ticket.priority", "the ticket's priority, e.g. P2 High"),
    ("ticket.url", "the ticket's page"),
    ("requester.name", "the requester's name"),
    ("assignee.name", "the assignee's name (empty when nobody has the ticket)"),
    ("recipient.name", "the name of the person the message is for"),
    ("survey.url", "the satisfaction survey of a resolved ticket (its requester only; empty otherwise)"),
    ("reply.marker", "the line replies are cut at; keep it first so answers thread cleanly"),
];

/// The placeholders of the password reset mail's template.
pub const ACCOUNT_PLACEHOLDERS: &[(&str, &str)] = &[
    ("recipient.name", "the name of the person the message is for"),
    ("reset.url", "the link to choose a new password (it works once)"),
    ("reset.minutes", "how many minutes the link works, e.g. 30"),
];

/// The placeholders of the approval request's template.
pub const APPROVAL_PLACEHOLDERS: &[(&str, &str)] = &[
    ("recipient.name", "the name of the person the message is for"),
    ("approval.title", "what is to be approved, e.g. New laptop for Ann Example"),
    ("approval.requester", "who asked for it"),
    ("approval.step", "the step of the chain, e.g. Manager"),
    ("approval.details", "the record's details, one per line"),
    ("approval.due", "when the step's time runs out (empty when it has no limit)"),
    ("approval.url", "the link to approve or reject (it works once, for this person and step)"),
];

/// The placeholders `event`'s template may use.
pub fn placeholders(event: &str) -> &'static [(&'static str, &'static str)] {
    match event {
        PASSWORD_RESET => ACCOUNT_PLACEHOLDERS,
        APPROVAL_REQUEST => APPROVAL_PLACEHOLDERS,
        _ => PLACEHOLDERS,
    }
}

/// A template's three parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Whether `event` is one of [`EVENTS`] (one people may choose to get by mail).
pub fn is_event(event: &str) -> bool {
    EVENTS.iter().any(|(e, _)| *e == event)
}

/// Whether `event` is one of [`ACCOUNT_EVENTS`].
pub fn is_account_event(event: &str) -> bool {
    ACCOUNT_EVENTS.iter().any(|(e, _)| *e == event)
}

/// Whether `event` has a template (a notification or the account's mail).
pub fn has_template(event: &str) -> bool {
    is_event(event) || is_account_event(event)
}

/// Whether `language` looks like a language tag (`en`, `de`, `pt-BR`).
pub fn is_language(language: &str) -> bool {
    let mut parts = language.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The built-in template of an event: for a notification, the same shape for every event
/// (what happened, the details, the ticket and its link); the account's mail its own.
pub fn built_in(event: &str) -> Template {
    if event == PASSWORD_RESET {
        return password_reset();
    }
    if event == APPROVAL_REQUEST {
        return approval_request();
    }
    Template {
        subject: "[{{ticket.number}}] {{ticket.subject}}".into(),
        body_text: "{{reply.marker}}\n\n{{event.message}}\n\n{{event.details}}\n\n--\n{{ticket.number}}: {{ticket.subject}}\n\
                    Status: {{ticket.status}}\nView the ticket: {{ticket.url}}\nReply to this message to add to the ticket.\n"
            .into(),
        body_html: "<!doctype html>\n<html><body style=\"font-family:sans-serif;line-height:1.5\">\n\
                    <p style=\"color:#888;font-size:12px\">{{reply.marker}}</p>\n\
                    <p><strong>{{event.message}}</strong></p>\n\
                    <div style=\"white-space:pre-wrap;border-left:3px solid #ccd;padding-left:12px\">{{event.details}}</div>\n\
                    <p style=\"color:#555\">{{ticket.number}}: {{ticket.subject}}<br>Status: {{ticket.status}}</p>\n\
                    <p><a href=\"{{ticket.url}}\">View the ticket</a></p>\n\
                    <p style=\"color:#888;font-size:12px\">Reply to this message to add to the ticket.</p>\n\
                    </body></html>\n"
            .into(),
    }
}

/// The built-in approval request: what, for whom, the step and its deadline, and the
/// link. No reply marker: an answer to it is not about a ticket.
fn approval_request() -> Template {
    Template {
        subject: "Approval needed: {{approval.title}}".into(),
        body_text: "Hello {{recipient.name}},\n\n\
                    {{approval.requester}} asks for: {{approval.title}}\n\n{{approval.details}}\n\n\
                    You are asked as: {{approval.step}}. Please decide by {{approval.due}}.\n\n\
                    Approve or reject it here (the link works once, for you):\n{{approval.url}}\n"
            .into(),
        body_html: "<!doctype html>\n<html><body style=\"font-family:sans-serif;line-height:1.5\">\n\
                    <p>Hello {{recipient.name}},</p>\n\
                    <p><strong>{{approval.requester}}</strong> asks for: <strong>{{approval.title}}</strong></p>\n\
                    <div style=\"white-space:pre-wrap;border-left:3px solid #ccd;padding-left:12px\">{{approval.details}}</div>\n\
                    <p>You are asked as: {{approval.step}}. Please decide by {{approval.due}}.</p>\n\
                    <p><a href=\"{{approval.url}}\">Approve or reject</a></p>\n\
                    <p style=\"color:#555\">The link works once, for you.</p>\n\
                    </body></html>\n"
            .into(),
    }
}

/// The built-in password reset mail: the link, how long it works, and what to do when
/// someone else asked. No reply marker: an answer to it is not about a ticket.
fn password_reset() -> Template {
    Template {
        subject: "Choose a new password for Helmdesk".into(),
        body_text: "Hello {{recipient.name}},\n\n\
                    Someone, we hope you, asked for a link to choose a new password for your Helmdesk account.\n\
                    Open this link within {{reset.minutes}} minutes to choose one:\n\n{{reset.url}}\n\n\
                    The link works once. If you did not ask for it, you can ignore this message: your password \
                    stays as it is.\n"
            .into(),
        body_html: "<!doctype html>\n<html><body style=\"font-family:sans-serif;line-height:1.5\">\n\
                    <p>Hello {{recipient.name}},</p>\n\
                    <p>Someone, we hope you, asked for a link to choose a new password for your Helmdesk account. \
                    Open this link within {{reset.minutes}} minutes to choose one:</p>\n\
                    <p><a href=\"{{reset.url}}\">Choose a new password</a></p>\n\
                    <p style=\"color:#555\">The link works once. If you did not ask for it, you can ignore this \
                    message: your password stays as it is.</p>\n\
                    </body></html>\n"
            .into(),
    }
}

/// A template filled in: `value` gives each placeholder's text (`reply.marker` is known
/// here); in the HTML body every value is escaped with `escape`.
pub fn render(t: &Template, value: impl Fn(&str) -> Option<String>, escape: impl Fn(&str) -> String) -> Template {
    let plain = |name: &str| if name == "reply.marker" { Some(REPLY_MARKER.to_string()) } else { value(name) };
    let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    Template {
        subject: one_line(expand(&t.subject, plain)),
        body_text: expand(&t.body_text, plain).trim().to_string() + "\n",
        body_html: expand(&t.body_html, |name| plain(name).map(|v| escape(&v))),
    }
}

/// Whether someone of `role` hears of `event` by mail until they choose: requesters of
/// what is done to their tickets, staff of what asks them to act.
pub fn mails_by_default(role: Role, event: &str) -> bool {
    match role {
        Role::Requester => matches!(event, "created" | "reply" | "status" | "major_update"),
        Role::Agent | Role::Manager | Role::Admin => {
            matches!(event, "assignee" | "reply" | "sla_warning" | "escalation")
        }
        Role::Auditor => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requesters_hear_of_their_tickets_and_staff_of_work_for_them() {
        assert!(mails_by_default(Role::Requester, "reply"));
        assert!(!mails_by_default(Role::Requester, "note"));
        assert!(!mails_by_default(Role::Requester, "assignee"));
        assert!(mails_by_default(Role::Agent, "assignee"));
        assert!(!mails_by_default(Role::Agent, "created"));
        assert!(!mails_by_default(Role::Auditor, "reply"));
    }

    fn values(name: &str) -> Option<String> {
        Some(match name {
            "ticket.number" => "INC-000001".into(),
            "ticket.subject" => "Line\nbreak <b>bold</b>".into(),
            "event.details" => "<script>alert(1)</script>".into(),
            _ => return None,
        })
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    #[test]
    fn the_built_in_template_fills_in_and_escapes_in_html_only() {
        let r = render(&built_in("reply"), values, escape);
        assert_eq!(r.subject, "[INC-000001] Line break <b>bold</b>");
        assert!(r.body_text.starts_with(REPLY_MARKER));
        assert!(r.body_text.contains("<script>alert(1)</script>"), "text stays text");
        assert!(!r.body_html.contains("<script>") && r.body_html.contains("&lt;script&gt;"));
        assert!(r.body_html.contains("{{event.message}}"), "an unknown placeholder stays visible");
    }

    #[test]
    fn languages_and_events_are_checked() {
        assert!(is_language("en") && is_language("pt-BR") && is_language("gsw"));
        assert!(!is_language("EN") && !is_language("e") && !is_language("en_GB") && !is_language("../x"));
        assert!(is_event("reply") && !is_event("drop"));
        assert!(has_template(PASSWORD_RESET) && !is_event(PASSWORD_RESET), "nobody chooses the reset mail away");
        assert!(template_events().any(|(e, _)| *e == PASSWORD_RESET));
        assert!(has_template(APPROVAL_REQUEST) && !is_event(APPROVAL_REQUEST));
        assert_eq!(placeholders(APPROVAL_REQUEST), APPROVAL_PLACEHOLDERS);
    }

    #[test]
    fn the_password_reset_mail_names_its_link_and_no_ticket() {
        let value = |name: &str| match name {
            "reset.url" => Some("https://desk.example/password/reset/abc".to_string()),
            "reset.minutes" => Some("30".to_string()),
            "recipient.name" => Some("Ann <Admin>".to_string()),
            _ => None,
        };
        let r = render(&built_in(PASSWORD_RESET), value, escape);
        assert!(r.body_text.contains("https://desk.example/password/reset/abc") && r.body_text.contains("30 minutes"));
        assert!(r.body_html.contains("href=\"https://desk.example/password/reset/abc\""));
        assert!(r.body_html.contains("Ann &lt;Admin&gt;"));
        assert!(!r.body_text.contains("{{") && !r.body_html.contains("{{"), "every placeholder is filled in");
        assert!(!r.body_text.contains(REPLY_MARKER) && !r.subject.contains("ticket"));
        assert_eq!(placeholders(PASSWORD_RESET), ACCOUNT_PLACEHOLDERS);
        assert_eq!(placeholders("reply"), PLACEHOLDERS);
    }

    proptest::proptest! {
        #[test]
        fn every_language_the_document_allows_is_a_language(
            language in proptest::string::string_regex(LANGUAGE_PATTERN.trim_matches(['^', '$'])).unwrap()
        ) {
            proptest::prop_assert!(is_language(&language), "{language:?}");
        }
    }
}

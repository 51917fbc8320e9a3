//! Rules of mail in and out that need no I/O: who may open a ticket by mail, the ticket
//! number a subject carries, the part of a reply above the quoted history, throttling, the
//! subjects and texts of outgoing messages.

use serde::{Deserialize, Serialize};

use crate::validate::text_enum;

text_enum!(
    /// Where a message to send is.
    OutboundStatus, "status" {
        /// Waiting to be sent (or for its next attempt).
        Queued = "queued",
        Sent = "sent",
        /// Its last attempt failed.
        Failed = "failed",
    }
);

text_enum!(
    /// What became of a received message.
    InboundStatus, "status" {
        /// Waiting to be processed.
        Received = "received",
        /// Made into a ticket or a reply.
        Processed = "processed",
        /// Left alone on purpose (an auto-reply, a loop).
        Ignored = "ignored",
        /// Refused (an unknown sender, a flood).
        Rejected = "rejected",
        /// Processing failed; it may be retried.
        Failed = "failed",
    }
);

/// Who may open a ticket by writing to a support address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequesterPolicy {
    /// Anyone; an unknown sender becomes a requester.
    #[default]
    Allow,
    /// Known people, and unknown senders of the allowed domains.
    KnownDomains,
    /// Known people only.
    Reject,
}

impl RequesterPolicy {
    /// The policy's name, as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RequesterPolicy::Allow => "allow",
            RequesterPolicy::KnownDomains => "known_domains",
            RequesterPolicy::Reject => "reject",
        }
    }

    /// Whether an unknown sender at `domain` may become a requester.
    pub fn admits_unknown(self, domain: &str, allowed_domains: &[String]) -> bool {
        match self {
            RequesterPolicy::Allow => true,
            RequesterPolicy::KnownDomains => allowed_domains.iter().any(|d| d.trim().eq_ignore_ascii_case(domain)),
            RequesterPolicy::Reject => false,
        }
    }
}

/// The line written above the quoted history of every message Helmdesk sends; a reply's
/// text is what stands above it.
pub const REPLY_MARKER: &str = "##- Please type your reply above this line -##";

/// The ticket number a subject carries (`INC-000123`, `REQ-000042`, in brackets or not).
pub fn ticket_number_in(subject: &str) -> Option<String> {
    let upper = subject.to_ascii_uppercase();
    for prefix in ["INC-", "REQ-"] {
        let mut from = 0;
        while let Some(at) = upper[from..].find(prefix).map(|i| i + from) {
            let before_ok = at == 0 || !upper.as_bytes()[at - 1].is_ascii_alphanumeric();
            let digits: String = upper[at + 4..].chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = upper[at + 4 + digits.len()..].chars().next();
            if before_ok && digits.len() >= 6 && after.is_none_or(|c| !c.is_ascii_alphanumeric()) {
                return Some(format!("{prefix}{digits}"));
            }
            from = at + prefix.len();
        }
    }
    None
}

/// The new part of a reply: the text above [`REPLY_MARKER`], without the "On ... wrote:"
/// line a mail program puts before the quote; the whole text when it has no marker.
pub fn reply_text(text: &str) -> String {
    let Some(at) = text.find(REPLY_MARKER) else { return text.trim().to_string() };
    let mut lines: Vec<&str> = text[..at].lines().collect();
    // Mail programs quote the marker itself ("> ##- ...") and introduce the quote.
    while lines.last().is_some_and(|l| {
        let l = l.trim();
        l.is_empty()
            || l.chars().all(|c| c == '>' || c.is_whitespace())
            || l.ends_with("wrote:")
            || l.ends_with("schrieb:")
    }) {
        lines.pop();
    }
    let kept = lines.join("\n");
    kept.trim().to_string()
}

/// Whether one more message from a sender who sent `recent` in the last hour is too many.
pub fn floods(recent: i64, limit_per_hour: u32) -> bool {
    limit_per_hour > 0 && recent >= i64::from(limit_per_hour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_are_found_in_subjects() {
        assert_eq!(ticket_number_in("Re: [INC-000123] Printer").as_deref(), Some("INC-000123"));
        assert_eq!(ticket_number_in("re: req-0000042 laptop").as_deref(), Some("REQ-0000042"));
        assert_eq!(ticket_number_in("PINC-000123"), None);
        assert_eq!(ticket_number_in("INC-12 too short"), None);
        assert_eq!(ticket_number_in("INC-000123X"), None);
        assert_eq!(ticket_number_in("INC-1 then INC-000777").as_deref(), Some("INC-000777"));
    }

    #[test]
    fn a_reply_is_cut_above_the_quote() {
        let text = format!("Thanks, that works.\n\nOn Tue, Support wrote:\n> {REPLY_MARKER}\n> old text");
        assert_eq!(reply_text(&text), "Thanks, that works.");
        assert_eq!(reply_text("no marker here\n"), "no marker here");
    }

    #[test]
    fn policies_admit_unknown_senders_as_configured() {
        let domains = vec!["Customer.Example".to_string()];
        assert!(RequesterPolicy::Allow.admits_unknown("x.example", &domains));
        assert!(RequesterPolicy::KnownDomains.admits_unknown("customer.example", &domains));
        assert!(!RequesterPolicy::KnownDomains.admits_unknown("evil.example", &domains));
        assert!(!RequesterPolicy::Reject.admits_unknown("customer.example", &domains));
    }

    #[test]
    fn flooding_starts_at_the_limit_and_zero_means_no_limit() {
        assert!(!floods(19, 20));
        assert!(floods(20, 20));
        assert!(!floods(1000, 0));
    }
}

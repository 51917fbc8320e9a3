//! Outbound webhooks: the events they tell of, the formats they speak (Helmdesk's own JSON,
//! Slack and Microsoft Teams incoming webhooks), how a body is signed, and which addresses a
//! webhook may never reach.
//!
//! Signatures are HMAC-SHA256 over `"{timestamp}.{body}"` with the webhook's secret, sent
//! as `sha256=<hex>` beside the timestamp (unix seconds), so a receiver can refuse a body
//! that was altered or replayed later.
//!
//! A webhook target is an outgoing request the server makes for someone, so it must not
//! reach what only the server can reach: loopback, private, link-local (and the cloud
//! metadata services there), shared, multicast and reserved addresses are forbidden, and
//! IPv6 forms that carry an IPv4 address inside (mapped, compatible, NAT64, 6to4) are
//! judged by that address. An administrator can allow a host explicitly.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::validate::text_enum;

text_enum!(
    /// What a webhook tells of.
    WebhookEvent, "event" {
        /// A ticket was filed.
        #[serde(rename = "ticket.created")]
        Created = "ticket.created",
        /// A ticket's status, assignee, priority or team changed.
        #[serde(rename = "ticket.updated")]
        Updated = "ticket.updated",
        /// A public reply was added.
        #[serde(rename = "ticket.replied")]
        Replied = "ticket.replied",
        /// An internal note was added.
        #[serde(rename = "ticket.noted")]
        Noted = "ticket.noted",
        /// A ticket was resolved.
        #[serde(rename = "ticket.resolved")]
        Resolved = "ticket.resolved",
        /// An SLA clock reached its warning time.
        #[serde(rename = "ticket.sla_warning")]
        SlaWarning = "ticket.sla_warning",
        /// An escalation level of the SLA policy applied.
        #[serde(rename = "ticket.escalated")]
        Escalated = "ticket.escalated",
        /// A test delivery, sent from the webhook's page; never subscribed to.
        #[serde(rename = "ping")]
        Ping = "ping",
    }
);

impl WebhookEvent {
    /// The events a webhook may subscribe to (all but `ping`).
    pub const SUBSCRIBABLE: &'static [WebhookEvent] = &[
        WebhookEvent::Created,
        WebhookEvent::Updated,
        WebhookEvent::Replied,
        WebhookEvent::Noted,
        WebhookEvent::Resolved,
        WebhookEvent::SlaWarning,
        WebhookEvent::Escalated,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            WebhookEvent::Created => "Ticket created",
            WebhookEvent::Updated => "Ticket updated",
            WebhookEvent::Replied => "New reply",
            WebhookEvent::Noted => "Internal note",
            WebhookEvent::Resolved => "Ticket resolved",
            WebhookEvent::SlaWarning => "SLA warning",
            WebhookEvent::Escalated => "Ticket escalated",
            WebhookEvent::Ping => "Test delivery",
        }
    }
}

text_enum!(
    /// How the delivery of an event went.
    DeliveryStatus, "status" {
        /// Waiting for an attempt.
        Queued = "queued",
        Delivered = "delivered",
        /// Its last attempt failed.
        Failed = "failed",
    }
);

text_enum!(
    /// What a webhook's body looks like.
    WebhookFormat, "format" {
        /// Helmdesk's JSON document, signed when the webhook has a secret.
        Helmdesk = "helmdesk",
        /// A Slack incoming webhook message (`{"text": ...}`, mrkdwn).
        Slack = "slack",
        /// A Microsoft Teams incoming webhook message (a MessageCard).
        Teams = "teams",
    }
);

impl WebhookFormat {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            WebhookFormat::Helmdesk => "Helmdesk JSON (signed)",
            WebhookFormat::Slack => "Slack",
            WebhookFormat::Teams => "Microsoft Teams",
        }
    }
}

/// The hex HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC takes keys of any length: longer ones are hashed, shorter ones padded.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// The signature of `body` sent at `timestamp` (unix seconds): the hex HMAC-SHA256 of
/// `"{timestamp}.{body}"` under `secret`.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    hmac_sha256_hex(secret.as_bytes(), format!("{timestamp}.{body}").as_bytes())
}

/// The `X-Helmdesk-Signature` header's value: `sha256=<hex>`.
pub fn signature_header(secret: &str, timestamp: i64, body: &str) -> String {
    format!("sha256={}", sign(secret, timestamp, body))
}

/// Whether `header` (`sha256=<hex>`) is the signature of `body` sent at `timestamp`; the
/// comparison takes the same time wherever the first difference is.
pub fn verify(secret: &str, timestamp: i64, body: &str, header: &str) -> bool {
    let Some(given) = header.trim().strip_prefix("sha256=") else { return false };
    let expected = sign(secret, timestamp, body);
    given.len() == expected.len()
        && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a.to_ascii_lowercase() ^ b)) == 0
}

/// The AWS, GCP and Azure instance metadata address.
const METADATA_V4: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 254);
/// AWS's instance metadata address over IPv6.
const METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254);

/// Why a webhook may not connect to `ip` ("a loopback address"), or `None` when it may.
pub fn forbidden_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

/// Whether a webhook may not connect to `ip`; see [`forbidden_reason`].
pub fn is_forbidden_ip(ip: IpAddr) -> bool {
    forbidden_reason(ip).is_some()
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b) {
        _ if ip == METADATA_V4 => "a cloud metadata address",
        _ if ip == Ipv4Addr::BROADCAST => "the broadcast address",
        (0, _) => "an unspecified (this-network) address",
        (10, _) | (172, 16..=31) | (192, 168) => "a private address",
        (100, 64..=127) => "a shared (carrier-grade NAT) address",
        (127, _) => "a loopback address",
        (169, 254) => "a link-local address",
        (192, 0) if c == 0 => "an IETF protocol address",
        (198, 18..=19) => "a benchmarking address",
        (224..=239, _) => "a multicast address",
        (240..=255, _) => "a reserved address",
        _ => return None,
    })
}

/// The IPv4 address an IPv6 address stands for or carries: mapped (`::ffff:a.b.c.d`),
/// translated (`::ffff:0:a.b.c.d`), compatible (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`)
/// and 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0xffff, 0, _, _] | [0, 0, 0, 0, 0, 0, _, _] => Some(low()),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low()),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if ip == Ipv6Addr::UNSPECIFIED {
        return Some("an unspecified address");
    }
    if ip == Ipv6Addr::LOCALHOST {
        return Some("a loopback address");
    }
    if ip == METADATA_V6 {
        return Some("a cloud metadata address");
    }
    if let Some(v4) = embedded_v4(ip) {
        return v4_reason(v4);
    }
    let s = ip.segments();
    Some(match s[0] {
        0x64 if s[1] == 0xff9b && s[2] == 1 => "a local-use NAT64 address",
        0x0100 if s[1..4] == [0, 0, 0] => "a discard-only address",
        // Teredo hides the client's IPv4 address (inverted) in its last 32 bits.
        0x2001 if s[1] == 0 => "a Teredo tunnel address",
        0xfc00..=0xfdff => "a unique local (private) address",
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a site-local address",
        0xff00..=0xffff => "a multicast address",
        _ => return None,
    })
}

/// What a chat message tells: a headline, the ticket it links to, a line of facts and an
/// optional detail (the start of a reply, say). The builders escape every part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChatMessage {
    /// What happened: "Ticket created".
    pub headline: String,
    /// The link's text: "INC-000042 Printer on fire".
    pub title: String,
    /// Where the ticket is seen, if there is one.
    pub url: Option<String>,
    /// Short facts: "P2 High", "Status: New", "Assignee: Bob".
    pub facts: Vec<String>,
    pub detail: Option<String>,
}

/// A Slack incoming webhook message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlackMessage {
    /// mrkdwn text.
    pub text: String,
}

/// A Microsoft Teams incoming webhook message (the legacy MessageCard, which every Teams
/// and Power Automate incoming webhook accepts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsCard {
    #[serde(rename = "@type")]
    pub kind: String,
    #[serde(rename = "@context")]
    pub context: String,
    pub summary: String,
    #[serde(rename = "themeColor")]
    pub theme_color: String,
    pub title: String,
    pub text: String,
    #[serde(rename = "potentialAction", skip_serializing_if = "Vec::is_empty")]
    pub potential_action: Vec<TeamsAction>,
}

/// A button of a Teams card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsAction {
    #[serde(rename = "@type")]
    pub kind: String,
    pub name: String,
    pub targets: Vec<TeamsTarget>,
}

/// Where a Teams button leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsTarget {
    pub os: String,
    pub uri: String,
}

/// Longest detail a chat message carries, in characters.
pub const CHAT_DETAIL_MAX: usize = 500;

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// Text safe in Slack mrkdwn: the three characters Slack reserves for links and mentions
/// (`<!channel>`, `<@U123>`) are escaped, so nobody's subject can ping a channel.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The Slack message of `m`: the headline in bold, the ticket as a link, the facts and the
/// detail as a quote.
pub fn slack(m: &ChatMessage) -> SlackMessage {
    let title = slack_escape(&m.title).replace('|', "¦");
    let link = match &m.url {
        Some(url) => format!("<{}|{title}>", slack_escape(url)),
        None => title,
    };
    let mut text = format!("*{}*: {link}", slack_escape(&m.headline));
    if !m.facts.is_empty() {
        text.push('\n');
        text.push_str(&slack_escape(&m.facts.join(" · ")));
    }
    if let Some(d) = m.detail.as_deref().filter(|d| !d.trim().is_empty()) {
        for line in slack_escape(&cut(d, CHAT_DETAIL_MAX)).lines() {
            text.push_str("\n>");
            text.push_str(line);
        }
    }
    SlackMessage { text }
}

/// Text safe in a Teams card: HTML and Markdown punctuation escaped, so a subject shows as
/// written and cannot make links.
fn teams_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The Teams card of `m`, with a "View ticket" button when there is a ticket.
pub fn teams(m: &ChatMessage) -> TeamsCard {
    let heading = format!("{}: {}", m.headline, m.title);
    let mut text = teams_escape(&m.facts.join(" · "));
    if let Some(d) = m.detail.as_deref().filter(|d| !d.trim().is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&teams_escape(&cut(d, CHAT_DETAIL_MAX)).replace('\n', "  \n"));
    }
    let potential_action = match &m.url {
        Some(url) => vec![TeamsAction {
            kind: "OpenUri".into(),
            name: "View ticket".into(),
            targets: vec![TeamsTarget { os: "default".into(), uri: url.clone() }],
        }],
        None => Vec::new(),
    };
    TeamsCard {
        kind: "MessageCard".into(),
        context: "https://schema.org/extensions".into(),
        summary: cut(&heading, 200),
        theme_color: "0076D7".into(),
        title: teams_escape(&heading),
        text,
        potential_action,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_hmac_matches_the_published_test_vector() {
        assert_eq!(
            hmac_sha256_hex(b"key", b"The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn a_signature_covers_the_timestamp_and_the_body_as_openssl_computes_it() {
        // printf '%s' '1700000000.{"event":"ping"}' | openssl dgst -sha256 -hmac whsec_test
        let expected = "aa8efe37b751e71157c508c5ac4acb1e9fe5225db98355dfc00f4b680afbc447";
        assert_eq!(sign("whsec_test", 1_700_000_000, r#"{"event":"ping"}"#), expected);
        let header = signature_header("whsec_test", 1_700_000_000, r#"{"event":"ping"}"#);
        assert_eq!(header, format!("sha256={expected}"));
        assert!(verify("whsec_test", 1_700_000_000, r#"{"event":"ping"}"#, &header));
        assert!(verify(
            "whsec_test",
            1_700_000_000,
            r#"{"event":"ping"}"#,
            &header.to_uppercase().replace("SHA256", "sha256")
        ));
        assert!(!verify("whsec_test", 1_700_000_001, r#"{"event":"ping"}"#, &header), "another time");
        assert!(!verify("whsec_test", 1_700_000_000, r#"{"event":"pong"}"#, &header), "another body");
        assert!(!verify("other", 1_700_000_000, r#"{"event":"ping"}"#, &header), "another secret");
        assert!(!verify("whsec_test", 1_700_000_000, r#"{"event":"ping"}"#, expected), "no prefix");
        assert!(!verify("whsec_test", 1_700_000_000, r#"{"event":"ping"}"#, "sha256=ab"), "short");
    }

    #[test]
    fn event_and_format_names_are_the_contract() {
        let names: Vec<&str> = WebhookEvent::SUBSCRIBABLE.iter().map(|e| e.as_str()).collect();
        assert_eq!(
            names,
            [
                "ticket.created",
                "ticket.updated",
                "ticket.replied",
                "ticket.noted",
                "ticket.resolved",
                "ticket.sla_warning",
                "ticket.escalated"
            ]
        );
        assert_eq!("ping".parse::<WebhookEvent>().unwrap(), WebhookEvent::Ping);
        assert!(!WebhookEvent::SUBSCRIBABLE.contains(&WebhookEvent::Ping));
        assert!("ticket.deleted".parse::<WebhookEvent>().is_err());
        let json: WebhookEvent = serde_json::from_str("\"ticket.sla_warning\"").unwrap();
        assert_eq!(json, WebhookEvent::SlaWarning);
        assert_eq!(serde_json::to_string(&WebhookFormat::Teams).unwrap(), "\"teams\"");
    }

    #[test]
    fn loopback_private_link_local_and_metadata_addresses_are_forbidden() {
        for text in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "169.254.1.1",
            "192.0.0.170",
            "198.18.0.1",
            "198.19.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fd00:ec2::254",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:0:127.0.0.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:a00:1::",
            "2001:0:4136:e378::1",
            "100::1",
        ] {
            assert!(is_forbidden_ip(ip(text)), "{text} should be forbidden");
        }
        assert_eq!(forbidden_reason(ip("169.254.169.254")), Some("a cloud metadata address"));
        assert_eq!(forbidden_reason(ip("fd00:ec2::254")), Some("a cloud metadata address"));
        assert_eq!(forbidden_reason(ip("::ffff:127.0.0.1")), Some("a loopback address"));
        assert_eq!(forbidden_reason(ip("10.1.2.3")), Some("a private address"));
    }

    #[test]
    fn public_addresses_are_allowed() {
        for text in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.1.1",
            "192.0.1.1",
            "198.17.255.255",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:db8::1",
        ] {
            assert_eq!(forbidden_reason(ip(text)), None, "{text} should be allowed");
        }
    }

    fn mapped(v4: Ipv4Addr) -> IpAddr {
        IpAddr::V6(v4.to_ipv6_mapped())
    }

    fn nat64(v4: Ipv4Addr) -> IpAddr {
        let [a, b, c, d] = v4.octets();
        IpAddr::V6(Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])))
    }

    fn six_to_four(v4: Ipv4Addr, host: u16) -> IpAddr {
        let [a, b, c, d] = v4.octets();
        IpAddr::V6(Ipv6Addr::new(0x2002, u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]), 0, 0, 0, 0, host))
    }

    proptest! {
        #[test]
        fn an_ipv4_address_inside_ipv6_is_judged_as_itself(bits in any::<u32>(), host in any::<u16>()) {
            let v4 = Ipv4Addr::from(bits);
            let plain = forbidden_reason(IpAddr::V4(v4));
            prop_assert_eq!(forbidden_reason(mapped(v4)), plain);
            prop_assert_eq!(forbidden_reason(nat64(v4)), plain);
            prop_assert_eq!(forbidden_reason(six_to_four(v4, host)), plain);
        }

        #[test]
        fn every_private_and_loopback_ipv4_address_is_forbidden(low in any::<u32>()) {
            let [_, b, c, d] = low.to_be_bytes();
            for v4 in [
                Ipv4Addr::new(10, b, c, d),
                Ipv4Addr::new(127, b, c, d),
                Ipv4Addr::new(172, 16 | (b & 15), c, d),
                Ipv4Addr::new(192, 168, c, d),
                Ipv4Addr::new(169, 254, c, d),
                Ipv4Addr::new(100, 64 | (b & 63), c, d),
            ] {
                prop_assert!(is_forbidden_ip(IpAddr::V4(v4)), "{}", v4);
            }
        }

        #[test]
        fn unique_local_link_local_and_multicast_ipv6_are_forbidden(rest in any::<u128>()) {
            let tail = rest & ((1u128 << 112) - 1);
            for prefix in [0xfc00u128, 0xfd00, 0xfe80, 0xff00] {
                let addr = Ipv6Addr::from((prefix << 112) | tail);
                prop_assert!(is_forbidden_ip(IpAddr::V6(addr)), "{}", addr);
            }
        }

        #[test]
        fn common_public_ipv4_ranges_are_allowed(first in 1u8..=9, rest in any::<[u8; 3]>()) {
            let v4 = Ipv4Addr::new(first, rest[0], rest[1], rest[2]);
            prop_assert_eq!(forbidden_reason(IpAddr::V4(v4)), None);
        }
    }

    fn message() -> ChatMessage {
        ChatMessage {
            headline: "Ticket created".into(),
            title: "INC-000042 Printer <!channel> on fire".into(),
            url: Some("https://desk.example/tickets/42".into()),
            facts: vec!["P2 High".into(), "Status: New".into()],
            detail: Some("Smoke & *flames*\nsecond line".into()),
        }
    }

    #[test]
    fn a_slack_message_links_the_ticket_and_cannot_mention_anyone() {
        let s = slack(&message());
        assert_eq!(
            s.text,
            "*Ticket created*: <https://desk.example/tickets/42|INC-000042 Printer &lt;!channel&gt; on fire>\n\
             P2 High · Status: New\n>Smoke &amp; *flames*\n>second line"
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), ["text"]);
        let ping =
            slack(&ChatMessage { headline: "Test delivery".into(), title: "Helmdesk".into(), ..Default::default() });
        assert_eq!(ping.text, "*Test delivery*: Helmdesk");
    }

    #[test]
    fn a_teams_message_is_a_message_card_with_a_view_button() {
        let json = serde_json::to_value(teams(&message())).unwrap();
        assert_eq!(json["@type"], "MessageCard");
        assert_eq!(json["@context"], "https://schema.org/extensions");
        assert_eq!(json["summary"], "Ticket created: INC-000042 Printer <!channel> on fire");
        assert_eq!(json["title"], "Ticket created: INC-000042 Printer &lt;!channel&gt; on fire");
        assert_eq!(json["text"], "P2 High · Status: New\n\nSmoke &amp; \\*flames\\*  \nsecond line");
        assert_eq!(json["potentialAction"][0]["@type"], "OpenUri");
        assert_eq!(json["potentialAction"][0]["name"], "View ticket");
        assert_eq!(json["potentialAction"][0]["targets"][0]["os"], "default");
        assert_eq!(json["potentialAction"][0]["targets"][0]["uri"], "https://desk.example/tickets/42");
        let ping = serde_json::to_value(teams(&ChatMessage { headline: "Test".into(), ..Default::default() })).unwrap();
        assert!(ping.get("potentialAction").is_none());
    }

    #[test]
    fn a_long_detail_is_cut() {
        let m = ChatMessage { detail: Some("x".repeat(2000)), ..message() };
        let text = slack(&m).text;
        assert!(text.ends_with('…') && text.len() < 700, "{}", text.len());
    }
}

//! Reading an inbound message: who sent it, what it answers, its text made safe, its files,
//! and whether a machine sent it (auto-replies, bounces, lists), which must never become a
//! ticket or be answered.
//!
//! Parsing never fails on a message that has a header block: broken encodings decode to
//! replacement characters, and the number of parts read is bounded.

use mail_parser::{Address, HeaderValue, Message, MessageParser, MimeHeaders, PartType};

/// How much of a message is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Attachments larger than this are skipped (and named in the text).
    pub max_attachment_bytes: usize,
    /// At most this many attachments are kept.
    pub max_attachments: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_attachment_bytes: 25 * 1024 * 1024, max_attachments: 100 }
    }
}

/// The sender of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// Lower-cased address.
    pub address: String,
    /// Display name, control characters removed; may be empty.
    pub name: String,
}

/// A file carried by a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundFile {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// What a message says, read and made safe.
#[derive(Debug, Clone, Default)]
pub struct Inbound {
    pub message_id: Option<String>,
    /// `In-Reply-To` then `References`, newest first: the messages this one answers.
    pub answers: Vec<String>,
    /// The sender, when the message names one usable address.
    pub sender: Option<Sender>,
    /// One line, at most [`SUBJECT_MAX`] characters; may be empty.
    pub subject: String,
    /// Plain text: the text part, or the HTML part sanitised and converted; may be empty.
    pub text: String,
    pub files: Vec<InboundFile>,
    /// Files left out: name and size.
    pub skipped: Vec<(String, usize)>,
    /// Why a machine sent it, when one did (auto-reply, bounce, list).
    pub automatic: Option<String>,
}

/// The longest subject kept, in characters.
pub const SUBJECT_MAX: usize = 200;

/// Why a message could not be read at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("this is not a mail message (it has no mail headers)")]
    NotMail,
}

/// Headers of which a mail message has at least one; without any, the bytes are not mail.
const MAIL_HEADERS: [&str; 10] = [
    "From",
    "Sender",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Received",
    "Return-Path",
    "MIME-Version",
    "Content-Type",
];

/// Reads a raw RFC 5322 message.
pub fn read(raw: &[u8], limits: Limits) -> Result<Inbound, ReadError> {
    let message = MessageParser::default().parse(raw).ok_or(ReadError::NotMail)?;
    if !MAIL_HEADERS.iter().any(|name| message.header_raw(*name).is_some()) {
        return Err(ReadError::NotMail);
    }
    let (files, skipped) = files(&message, limits);
    Ok(Inbound {
        message_id: message.message_id().map(|id| one_line(id, 998)).filter(|id| !id.is_empty()),
        answers: answers(&message),
        sender: sender(message.from()),
        subject: one_line(message.subject().unwrap_or_default(), SUBJECT_MAX),
        text: text(&message),
        files,
        skipped,
        automatic: automatic(&message),
    })
}

/// A header's text on one line: control characters become spaces, runs of spaces one,
/// cut at `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(max).collect()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn answers(message: &Message<'_>) -> Vec<String> {
    let mut out = ids(message.in_reply_to());
    out.extend(ids(message.references()).into_iter().rev());
    let mut seen = std::collections::HashSet::new();
    out.into_iter()
        .map(|id| one_line(&id, 998))
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .take(50)
        .collect()
}

/// The first address of `From` that looks like one (`local@domain`, no spaces or controls).
fn sender(from: Option<&Address<'_>>) -> Option<Sender> {
    from?.iter().find_map(|addr| {
        let address = addr.address.as_deref()?.trim().to_lowercase();
        is_address(&address).then(|| Sender { address, name: one_line(addr.name.as_deref().unwrap_or_default(), 200) })
    })
}

/// Whether `s` is a plausible mail address: one `@`, a non-empty local part, a dotted
/// domain, nothing that could break a header.
pub fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    s.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.chars().all(|c| !c.is_control() && !c.is_whitespace() && !"<>()[],;:\"\\".contains(c))
}

fn header_text<'a>(message: &'a Message<'_>, name: &'a str) -> Option<&'a str> {
    message.header_raw(name).map(str::trim)
}

/// Why a machine sent this message, if one did (RFC 3834, bulk mail, bounces, lists).
fn automatic(message: &Message<'_>) -> Option<String> {
    if let Some(v) = header_text(message, "Auto-Submitted").filter(|v| !v.eq_ignore_ascii_case("no")) {
        return Some(format!("automatic reply (Auto-Submitted: {})", one_line(v, 40)));
    }
    if let Some(v) = header_text(message, "Precedence")
        .filter(|v| ["bulk", "junk", "list", "auto_reply"].iter().any(|p| v.eq_ignore_ascii_case(p)))
    {
        return Some(format!("bulk or automatic mail (Precedence: {})", one_line(v, 40)));
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Autogenerated", "X-MS-Exchange-Inbox-Rules-Loop"] {
        if message.header_raw(name).is_some() {
            return Some(format!("automatic mail ({name})"));
        }
    }
    if header_text(message, "X-Auto-Response-Suppress")
        .is_some_and(|v| v.split(',').any(|p| ["all", "oof", "autoreply"].contains(&p.trim().to_lowercase().as_str())))
    {
        return Some("automatic reply (X-Auto-Response-Suppress)".into());
    }
    if message.root_part().is_content_type("multipart", "report") {
        return Some("delivery report".into());
    }
    if header_text(message, "Return-Path").is_some_and(|v| v.trim_matches(|c| c == '<' || c == '>').is_empty()) {
        return Some("bounce (empty Return-Path)".into());
    }
    let from = sender(message.from()).map(|s| s.address).unwrap_or_default();
    let local = from.split('@').next().unwrap_or_default();
    if ["mailer-daemon", "postmaster"].contains(&local) {
        return Some(format!("bounce (from {local})"));
    }
    None
}

/// The message's text: its first text part, or its first HTML part sanitised and converted.
fn text(message: &Message<'_>) -> String {
    let plain = message.text_bodies().find_map(|p| match &p.body {
        PartType::Text(t) if p.is_encoding_problem && declares_base64(p) => Some(recover_base64(t)),
        PartType::Text(t) => Some(t.to_string()),
        _ => None,
    });
    let text = plain.or_else(|| {
        message.html_bodies().find_map(|p| match &p.body {
            PartType::Html(h) => Some(html_to_text(h)),
            _ => None,
        })
    });
    clean_text(&text.unwrap_or_default())
}

fn declares_base64(part: &mail_parser::MessagePart<'_>) -> bool {
    part.content_transfer_encoding().is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"))
}

/// What can be read of base64 that does not decode as a whole: each line that decodes
/// on its own (padding optional), the rest left out.
fn recover_base64(text: &str) -> String {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let lenient = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let bytes: Vec<u8> = text.lines().filter_map(|line| lenient.decode(line.trim()).ok()).flatten().collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Text without NULs and other controls but line breaks and tabs, lines ending in `\n`.
fn clean_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let kept: String = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    kept.trim().to_string()
}

/// HTML made safe (scripts, styles, event handlers, frames, forms, remote images and any
/// URL but http, https and mailto removed), then turned into plain text.
pub fn html_to_text(html: &str) -> String {
    let safe = sanitize_html(html);
    html2text::config::plain().string_from_read(safe.as_bytes(), 10_000).unwrap_or(safe)
}

/// HTML with only harmless markup left: what [`html_to_text`] converts.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default().url_schemes(["http", "https", "mailto"].into()).rm_tags(["img"]).clean(html).to_string()
}

/// The files of a message: attachments and inline images, within the limits.
fn files(message: &Message<'_>, limits: Limits) -> (Vec<InboundFile>, Vec<(String, usize)>) {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for (n, part) in message.attachments().enumerate() {
        let (data, default_name, content_type) = match &part.body {
            PartType::Message(m) => (m.raw_message().to_vec(), "message.eml".to_string(), "message/rfc822".to_string()),
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                (b.to_vec(), format!("attachment-{}", n + 1), mime(part))
            }
            PartType::Text(t) | PartType::Html(t) => {
                (t.as_bytes().to_vec(), format!("attachment-{}.txt", n + 1), mime(part))
            }
            PartType::Multipart(_) => continue,
        };
        let filename = part
            .attachment_name()
            .map(|name| name.chars().filter(|c| !c.is_control()).take(255).collect::<String>().trim().to_string())
            .filter(|n| !n.is_empty());
        let filename = filename.unwrap_or(default_name);
        if data.len() > limits.max_attachment_bytes || files.len() >= limits.max_attachments {
            skipped.push((filename, data.len()));
        } else {
            files.push(InboundFile { filename, content_type, data });
        }
    }
    (files, skipped)
}

fn mime(part: &mail_parser::MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_lowercase(),
            None => ct.ctype().to_lowercase(),
        },
        None => "application/octet-stream".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> Inbound {
        read(s.replace('\n', "\r\n").as_bytes(), Limits::default()).expect("a message")
    }

    #[test]
    fn a_plain_message_gives_its_sender_subject_and_text() {
        let m = read_str(
            "From: Alice Example <Alice@Customer.Example>\nTo: support@helmdesk.test\nSubject: Printer\n  jammed\nMessage-ID: <a1@customer.example>\n\nIt jams.\n",
        );
        assert_eq!(m.sender, Some(Sender { address: "alice@customer.example".into(), name: "Alice Example".into() }));
        assert_eq!(m.subject, "Printer jammed");
        assert_eq!(m.text, "It jams.");
        assert_eq!(m.message_id.as_deref(), Some("a1@customer.example"));
        assert!(m.automatic.is_none());
    }

    #[test]
    fn replies_name_what_they_answer_newest_first() {
        let m =
            read_str("From: a@b.example\nSubject: Re: x\nIn-Reply-To: <c@x>\nReferences: <a@x> <b@x> <c@x>\n\nok\n");
        assert_eq!(m.answers, vec!["c@x", "b@x", "a@x"]);
    }

    #[test]
    fn html_loses_scripts_styles_handlers_and_dangerous_links() {
        let html = "<style>p{color:red}</style><p onclick=\"x()\">Hello <a href=\"javascript:alert(1)\">click</a> \
                    <a href=\"https://ok.example/\">docs</a><img src=\"http://evil.example/t.png\"></p><script>alert(2)</script>";
        let text = html_to_text(html);
        for bad in ["<", "javascript", "alert", "color:red", "evil.example", "onclick"] {
            assert!(!text.contains(bad), "{bad} in {text:?}");
        }
        assert!(text.contains("Hello") && text.contains("click") && text.contains("https://ok.example/"), "{text}");
    }

    #[test]
    fn machines_are_recognised() {
        for header in [
            "Auto-Submitted: auto-replied",
            "Precedence: bulk",
            "X-Autoreply: yes",
            "Return-Path: <>",
            "X-Auto-Response-Suppress: OOF",
        ] {
            let m = read_str(&format!("From: a@b.example\n{header}\nSubject: away\n\nout\n"));
            assert!(m.automatic.is_some(), "{header}");
        }
        assert!(read_str("From: a@b.example\nAuto-Submitted: no\n\nhi\n").automatic.is_none());
        assert!(read_str("From: MAILER-DAEMON@b.example\n\nfailed\n").automatic.is_some());
    }

    #[test]
    fn a_subject_carrying_line_breaks_stays_one_line() {
        let m = read_str("From: a@b.example\nSubject: =?utf-8?q?hi=0D=0ABcc:_victim@example.com?=\n\nx\n");
        assert!(!m.subject.contains('\r') && !m.subject.contains('\n'), "{:?}", m.subject);
    }

    #[test]
    fn garbage_is_not_mail_and_a_missing_sender_is_none() {
        assert_eq!(read(b"", Limits::default()).unwrap_err(), ReadError::NotMail);
        assert!(read_str("From: not an address\nSubject: x\n\ny\n").sender.is_none());
        assert!(is_address("a.b@c.example") && !is_address("a@b") && !is_address("a b@c.example"));
    }

    #[test]
    fn oversized_files_are_skipped_and_named() {
        let raw = "From: a@b.example\nSubject: files\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nsee files\n--XX\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"big.bin\"\nContent-Transfer-Encoding: base64\n\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n--XX\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"small.txt\"\n\nsmall\n--XX--\n";
        let m = read(raw.replace('\n', "\r\n").as_bytes(), Limits { max_attachment_bytes: 10, max_attachments: 10 })
            .unwrap();
        assert_eq!(m.text, "see files");
        assert_eq!(m.skipped, vec![("big.bin".to_string(), 27)]);
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.files[0].filename, "small.txt");
    }
}

//! Sending a message over SMTP (implicit TLS, STARTTLS that must succeed, or plain for a
//! relay on the same machine), with authentication when credentials are given.
//!
//! Every message says it was generated automatically (`Auto-Submitted`, RFC 3834), so
//! well-behaved auto-responders do not answer it, and carries the ids replies thread by.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::{MailError, Security};

/// An SMTP server to send through.
#[derive(Debug, Clone)]
pub struct SmtpAccount {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Empty: no authentication.
    pub username: String,
    pub password: String,
}

/// A message to send.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub from_name: String,
    pub from_address: String,
    pub to: String,
    pub subject: String,
    /// Without angle brackets.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    /// Oldest first, without angle brackets.
    pub references: Vec<String>,
    pub text: String,
    pub html: Option<String>,
    /// Extra `X-` headers (name, value), e.g. the ticket number.
    pub extra_headers: Vec<(String, String)>,
}

fn bracketed(id: &str) -> String {
    format!("<{id}>")
}

fn mailbox(name: &str, address: &str) -> Result<Mailbox, MailError> {
    let address = address.parse().map_err(|e| MailError::Config(format!("{address:?} is not a mail address: {e}")))?;
    Ok(Mailbox::new((!name.is_empty()).then(|| name.to_string()), address))
}

fn raw_header(name: &str, value: &str) -> Result<HeaderValue, MailError> {
    let name = HeaderName::new_from_ascii(name.to_string())
        .map_err(|_| MailError::Config(format!("bad header name {name}")))?;
    Ok(HeaderValue::new(name, value.to_string()))
}

/// The message as lettre builds it (also what tests inspect).
pub fn build(mail: &Outgoing) -> Result<Message, MailError> {
    let mut builder = Message::builder()
        .from(mailbox(&mail.from_name, &mail.from_address)?)
        .to(mailbox("", &mail.to)?)
        .subject(crate::inbound::one_line(&mail.subject, 998))
        .message_id(Some(bracketed(&mail.message_id)))
        .raw_header(raw_header("Auto-Submitted", "auto-generated")?)
        .raw_header(raw_header("X-Auto-Response-Suppress", "All")?);
    if let Some(parent) = &mail.in_reply_to {
        builder = builder.in_reply_to(bracketed(parent));
    }
    if !mail.references.is_empty() {
        builder = builder.references(mail.references.iter().map(|r| bracketed(r)).collect::<Vec<_>>().join(" "));
    }
    for (name, value) in &mail.extra_headers {
        builder = builder.raw_header(raw_header(name, &crate::inbound::one_line(value, 200))?);
    }
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.text.clone());
    let built = match &mail.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
        ),
        None => builder.singlepart(text),
    };
    built.map_err(|e| MailError::Config(format!("the message cannot be built: {e}")))
}

/// Sends `mail` through `account`, trusting the public roots and `extra_ca_pem`.
pub async fn send(account: &SmtpAccount, extra_ca_pem: Option<&[u8]>, mail: &Outgoing) -> Result<(), MailError> {
    let message = build(mail)?;
    let transport = transport(account, extra_ca_pem)?;
    match transport.send(message).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(MailError::Refused(e.to_string())),
        Err(e) => Err(MailError::Connection(e.to_string())),
    }
}

fn transport(
    account: &SmtpAccount,
    extra_ca_pem: Option<&[u8]>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let mut tls = TlsParameters::builder(account.host.clone());
    for cert in crate::tls::extra_certificates(extra_ca_pem)? {
        let cert = Certificate::from_der(cert.to_vec()).map_err(|e| MailError::Config(e.to_string()))?;
        tls = tls.add_root_certificate(cert);
    }
    let tls = tls.build_rustls().map_err(|e| MailError::Config(format!("TLS: {e}")))?;
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(account.host.clone())
        .port(account.port)
        .timeout(Some(Duration::from_secs(60)))
        .tls(match account.security {
            Security::Tls => Tls::Wrapper(tls),
            Security::Starttls => Tls::Required(tls),
            Security::None => Tls::None,
        });
    if !account.username.is_empty() {
        builder = builder.credentials(Credentials::new(account.username.clone(), account.password.clone()));
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_message_carries_the_thread_and_says_it_is_automatic() {
        let mail = Outgoing {
            from_name: "Service Desk".into(),
            from_address: "support@helmdesk.test".into(),
            to: "alice@customer.example".into(),
            subject: "[INC-000042] Printer\r\nBcc: victim@example.com".into(),
            message_id: "m2@helmdesk.test".into(),
            in_reply_to: Some("m1@customer.example".into()),
            references: vec!["m0@customer.example".into(), "m1@customer.example".into()],
            text: "Hello".into(),
            html: Some("<p>Hello</p>".into()),
            extra_headers: vec![("X-Helmdesk-Ticket".into(), "INC-000042".into())],
        };
        let raw = String::from_utf8(build(&mail).unwrap().formatted()).unwrap();
        for wanted in [
            "Message-ID: <m2@helmdesk.test>",
            "In-Reply-To: <m1@customer.example>",
            "References: <m0@customer.example> <m1@customer.example>",
            "Auto-Submitted: auto-generated",
            "X-Helmdesk-Ticket: INC-000042",
        ] {
            assert!(raw.contains(wanted), "{wanted} missing from\n{raw}");
        }
        assert!(!raw.lines().any(|l| l.starts_with("Bcc:")), "{raw}");
    }
}

//! Mail for Helmdesk: reading inbound messages ([`inbound`]), fetching them from IMAP
//! mailboxes ([`imap`]), receiving them as an SMTP server ([`receiver`]) and sending
//! messages over SMTP ([`outbound`]). No business rules live here: `app` decides what a
//! message means and what to send.

pub mod imap;
pub mod inbound;
pub mod outbound;
pub mod receiver;
pub mod tls;

/// What can go wrong talking to a mail server.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration cannot work (bad CA file, bad address).
    #[error("{0}")]
    Config(String),
    /// The server could not be reached or spoke unexpectedly; worth retrying.
    #[error("{0}")]
    Connection(String),
    /// The server refused the credentials.
    #[error("the server refused the login: {0}")]
    Login(String),
    /// The server refused the message for good.
    #[error("the server refused the message: {0}")]
    Refused(String),
}

/// How a client secures its connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    Tls,
    /// A plain connection upgraded with STARTTLS, which must succeed (IMAP 143, SMTP 587).
    Starttls,
    /// No TLS (only for a relay on the same machine).
    None,
}

impl Security {
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Security> {
        match s {
            "tls" => Some(Security::Tls),
            "starttls" => Some(Security::Starttls),
            "none" => Some(Security::None),
            _ => None,
        }
    }
}

/// Text made safe to put inside HTML elements and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            super::escape_html("<a href=\"x\">O'Neil & co</a>\n"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;\n"
        );
    }
}

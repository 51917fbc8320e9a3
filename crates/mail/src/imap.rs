//! Fetching new messages from an IMAP mailbox over TLS (implicit or STARTTLS; the
//! server's certificate is always verified).
//!
//! A message is marked `\Seen` only after the caller has kept it, so a crash in between
//! fetches it again; the caller recognises it by its (UIDVALIDITY, UID) key.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_imap::Client;
use futures::TryStreamExt;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::{MailError, Security};

/// How long one exchange with the server may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// Where and how to log in.
#[derive(Debug, Clone)]
pub struct ImapAccount {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub password: String,
    pub folder: String,
}

/// A message found in the mailbox.
#[derive(Debug)]
pub struct Fetched {
    /// Identifies the message in this mailbox for good: `UIDVALIDITY:UID`.
    pub key: String,
    pub size: usize,
    /// The raw message; `None` when it is larger than the limit (it is then not fetched).
    pub raw: Option<Vec<u8>>,
}

type Session = async_imap::Session<TlsStream<TcpStream>>;

async fn step<T, E: std::fmt::Display>(what: &str, f: impl Future<Output = Result<T, E>>) -> Result<T, MailError> {
    match tokio::time::timeout(STEP_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(MailError::Connection(format!("{what}: {e}"))),
        Err(_) => Err(MailError::Connection(format!("{what}: no answer within {} s", STEP_TIMEOUT.as_secs()))),
    }
}

async fn tls(tcp: TcpStream, host: &str, config: Arc<rustls::ClientConfig>) -> Result<TlsStream<TcpStream>, MailError> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| MailError::Config(format!("{host:?} is not a host name")))?;
    step("TLS handshake", TlsConnector::from(config).connect(name, tcp)).await
}

/// Connects, secures the connection and logs in.
async fn login(account: &ImapAccount, config: Arc<rustls::ClientConfig>) -> Result<Session, MailError> {
    let tcp = step("connect", TcpStream::connect((account.host.as_str(), account.port))).await?;
    let client = match account.security {
        Security::Tls => {
            let mut client = Client::new(tls(tcp, &account.host, config).await?);
            step("greeting", client.read_response()).await?;
            client
        }
        Security::Starttls => {
            let mut plain = Client::new(tcp);
            step("greeting", plain.read_response()).await?;
            step("STARTTLS", plain.run_command_and_check_ok("STARTTLS", None)).await?;
            Client::new(tls(plain.into_inner(), &account.host, config).await?)
        }
        Security::None => return Err(MailError::Config("IMAP needs TLS or STARTTLS".into())),
    };
    // No greeting follows STARTTLS; an implicit-TLS greeting was read above.
    match tokio::time::timeout(STEP_TIMEOUT, client.login(&account.username, &account.password)).await {
        Ok(Ok(session)) => Ok(session),
        Ok(Err((e, _))) => Err(MailError::Login(e.to_string())),
        Err(_) => Err(MailError::Connection("login: no answer".into())),
    }
}

/// Fetches up to `max_messages` unseen messages of the folder, oldest first. Each is
/// handed to `keep`; when it succeeds the message is marked `\Seen`, when it fails the
/// fetch stops (the message stays unseen and is fetched again next time). Messages larger
/// than `max_bytes` are handed over without their content and marked seen likewise.
/// Returns how many were kept.
pub async fn fetch_unseen<F, Fut>(
    account: &ImapAccount,
    config: Arc<rustls::ClientConfig>,
    max_bytes: usize,
    max_messages: usize,
    mut keep: F,
) -> Result<usize, MailError>
where
    F: FnMut(Fetched) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let mut session = login(account, config).await?;
    let mailbox = step("SELECT", session.select(&account.folder)).await?;
    let validity = mailbox.uid_validity.unwrap_or(0);
    let mut uids: Vec<u32> = step("SEARCH", session.uid_search("UNSEEN")).await?.into_iter().collect();
    uids.sort_unstable();
    uids.truncate(max_messages);
    let mut kept = 0;
    for uid in uids {
        let size = fetch_one(&mut session, uid, "RFC822.SIZE").await?.and_then(|f| f.size).unwrap_or(0) as usize;
        let raw = if size > max_bytes {
            None
        } else {
            let fetched = fetch_one(&mut session, uid, "BODY.PEEK[]").await?;
            let Some(body) = fetched.as_ref().and_then(|f| f.body()) else { continue };
            Some(body.to_vec())
        };
        let fetched = Fetched { key: format!("{validity}:{uid}"), size, raw };
        if let Err(e) = keep(fetched).await {
            tracing::warn!(error = %e, uid, "a fetched message could not be kept; it stays unseen");
            break;
        }
        let flagged = step("STORE", session.uid_store(uid.to_string(), "+FLAGS (\\Seen)")).await?;
        step("STORE", flagged.try_collect::<Vec<_>>()).await?;
        kept += 1;
    }
    let _ = step("LOGOUT", session.logout()).await;
    Ok(kept)
}

async fn fetch_one(session: &mut Session, uid: u32, what: &str) -> Result<Option<async_imap::types::Fetch>, MailError> {
    let stream = step("FETCH", session.uid_fetch(uid.to_string(), what)).await?;
    let all: Vec<_> = step("FETCH", stream.try_collect()).await?;
    Ok(all.into_iter().find(|f| f.uid == Some(uid)))
}

//! A small SMTP server that a mail server relays the support addresses to. `mailin` keeps
//! the protocol's state; this module does the I/O, bounds what a client may send, and
//! answers the end of a message only once it has been delivered (stored): `250` means the
//! message is safe, `451` asks the relay to try again later, `552` refuses one too large.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};

/// A message as received: the envelope and the raw bytes.
#[derive(Debug, Clone)]
pub struct Received {
    pub envelope_from: String,
    pub recipients: Vec<String>,
    pub raw: Vec<u8>,
}

/// What stores a received message; an error makes the relay retry later.
pub type Deliver = Arc<dyn Fn(Received) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;

/// How the receiver behaves.
#[derive(Debug, Clone)]
pub struct ReceiverSettings {
    /// The name it greets with.
    pub hostname: String,
    /// Largest message accepted, in bytes.
    pub max_bytes: usize,
    /// Connections served at once; more wait.
    pub max_connections: usize,
}

/// How long a client may stay silent.
const IDLE: Duration = Duration::from_secs(300);
/// The longest line read; a longer one ends the connection.
const MAX_LINE: u64 = 64 * 1024;

/// What the session's handler collects of the current message.
#[derive(Default)]
struct Collected {
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
    too_big: bool,
    finished: bool,
}

struct Collector {
    shared: Arc<Mutex<Collected>>,
    max_bytes: usize,
}

impl Collector {
    fn with<T>(&self, f: impl FnOnce(&mut Collected) -> T) -> T {
        f(&mut self.shared.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.with(|c| *c = Collected { from: from.to_string(), to: to.to_vec(), ..Default::default() });
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let max = self.max_bytes;
        self.with(|c| {
            if c.data.len() + buf.len() > max {
                c.too_big = true;
            } else if !c.too_big {
                c.data.extend_from_slice(buf);
            }
        });
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.with(|c| c.finished = true);
        mailin::response::OK
    }
}

/// Serves SMTP on `listener` until `shutdown` turns true.
pub async fn serve(
    listener: TcpListener,
    settings: ReceiverSettings,
    deliver: Deliver,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let settings = Arc::new(settings);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(slot) = slots.clone().acquire_owned().await else { return };
                    let (settings, deliver) = (settings.clone(), deliver.clone());
                    tokio::spawn(async move {
                        if let Err(e) = session(stream, peer, &settings, &deliver).await {
                            tracing::debug!(error = %e, %peer, "SMTP session ended");
                        }
                        drop(slot);
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "SMTP accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = shutdown.changed() => return,
        }
    }
}

async fn write(stream: &mut (impl AsyncWriteExt + Unpin), response: &Response) -> std::io::Result<()> {
    let bytes = response.buffer()?;
    stream.write_all(&bytes).await?;
    stream.flush().await
}

async fn session(
    stream: TcpStream,
    peer: SocketAddr,
    settings: &ReceiverSettings,
    deliver: &Deliver,
) -> std::io::Result<()> {
    let shared = Arc::new(Mutex::new(Collected::default()));
    let handler = Collector { shared: shared.clone(), max_bytes: settings.max_bytes };
    let mut smtp = SessionBuilder::new(settings.hostname.clone()).build(peer.ip(), handler);
    let (read, mut out) = stream.into_split();
    let mut input = BufReader::new(read);
    write(&mut out, &smtp.greeting()).await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = tokio::time::timeout(IDLE, (&mut input).take(MAX_LINE).read_until(b'\n', &mut line)).await;
        match read {
            Ok(Ok(0)) => return Ok(()),
            Ok(Ok(_)) if !line.ends_with(b"\n") => {
                write(&mut out, &Response::custom(500, "Line too long".into())).await?;
                return Ok(());
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => {
                write(&mut out, &Response::custom(421, "Idle for too long".into())).await?;
                return Ok(());
            }
        }
        let mut response = smtp.process(&line);
        let finished = {
            let mut c = shared.lock().unwrap_or_else(|e| e.into_inner());
            c.finished.then(|| std::mem::take(&mut *c))
        };
        if let Some(message) = finished {
            response = if message.too_big {
                Response::custom(552, format!("Message larger than {} bytes", settings.max_bytes))
            } else {
                let received = Received { envelope_from: message.from, recipients: message.to, raw: message.data };
                match deliver(received).await {
                    Ok(()) => Response::custom(250, "Message accepted".into()),
                    Err(e) => {
                        tracing::warn!(error = %e, "a received message could not be stored; the sender will retry");
                        Response::custom(451, "Temporary failure, try again later".into())
                    }
                }
            };
        }
        match response.action {
            Action::NoReply => {}
            Action::Close => {
                write(&mut out, &response).await?;
                return Ok(());
            }
            Action::Reply | Action::UpgradeTls => write(&mut out, &response).await?,
        }
    }
}

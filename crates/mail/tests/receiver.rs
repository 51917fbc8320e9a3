//! The SMTP receiver over a real socket: a message is answered `250` only once delivered,
//! with dot-stuffing undone; a store that fails makes the sender retry (`451`); a message
//! over the limit is refused (`552`); an endless line ends the session.

use std::sync::{Arc, Mutex};

use helmdesk_mail::receiver::{Deliver, Received, ReceiverSettings, serve};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Client {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Client {
    async fn connect(port: u16) -> Client {
        let (r, w) = TcpStream::connect(("127.0.0.1", port)).await.unwrap().into_split();
        let mut c = Client { reader: BufReader::new(r), writer: w };
        assert!(c.reply().await.starts_with("220"));
        c
    }

    /// The last line of a (possibly multi-line) reply.
    async fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).await.unwrap() == 0 {
                return String::new();
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return line;
            }
        }
    }

    async fn send(&mut self, line: &str) -> String {
        self.writer.write_all(format!("{line}\r\n").as_bytes()).await.unwrap();
        self.reply().await
    }

    async fn message(&mut self, body: &[u8]) -> String {
        assert!(self.send("MAIL FROM:<alice@customer.example>").await.starts_with("250"));
        assert!(self.send("RCPT TO:<support@helmdesk.test>").await.starts_with("250"));
        assert!(self.send("DATA").await.starts_with("354"));
        self.writer.write_all(body).await.unwrap();
        self.send(".").await
    }
}

async fn receiver(fail: bool, max_bytes: usize) -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    let deliver: Deliver = Arc::new(move |m| {
        let keep = keep.clone();
        Box::pin(async move {
            if fail {
                return Err("the database is away".to_string());
            }
            keep.lock().unwrap().push(m);
            Ok(())
        })
    });
    let settings = ReceiverSettings { hostname: "desk.test".into(), max_bytes, max_connections: 4 };
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        serve(listener, settings, deliver, shutdown).await;
        drop(stop);
    });
    (port, got)
}

#[tokio::test]
async fn a_message_is_acknowledged_once_delivered_with_dots_unstuffed() {
    let (port, got) = receiver(false, 1 << 20).await;
    let mut c = Client::connect(port).await;
    assert!(c.send("EHLO relay.test").await.starts_with("250"));
    let reply = c.message(b"Subject: hi\r\n\r\n..leading dot\r\nplain\r\n").await;
    assert!(reply.starts_with("250"), "{reply}");
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].envelope_from, "alice@customer.example");
    assert_eq!(got[0].recipients, ["support@helmdesk.test"]);
    assert_eq!(got[0].raw, b"Subject: hi\r\n\r\n.leading dot\r\nplain\r\n");
    assert!(c.send("QUIT").await.starts_with("221"));
}

#[tokio::test]
async fn a_store_that_fails_makes_the_sender_retry() {
    let (port, _) = receiver(true, 1 << 20).await;
    let mut c = Client::connect(port).await;
    c.send("HELO relay.test").await;
    let reply = c.message(b"Subject: hi\r\n\r\nbody\r\n").await;
    assert!(reply.starts_with("451"), "{reply}");
}

#[tokio::test]
async fn a_message_over_the_limit_is_refused_and_the_session_goes_on() {
    let (port, got) = receiver(false, 1000).await;
    let mut c = Client::connect(port).await;
    c.send("HELO relay.test").await;
    let big = format!("Subject: big\r\n\r\n{}\r\n", "x".repeat(80).repeat(30).replace("xx", "x\r\nx"));
    let reply = c.message(big.as_bytes()).await;
    assert!(reply.starts_with("552"), "{reply}");
    assert!(c.message(b"Subject: small\r\n\r\nok\r\n").await.starts_with("250"));
    assert_eq!(got.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_endless_line_ends_the_session() {
    let (port, _) = receiver(false, 1 << 20).await;
    let mut c = Client::connect(port).await;
    c.writer.write_all(&vec![b'A'; 100 * 1024]).await.unwrap();
    let reply = c.reply().await;
    assert!(reply.starts_with("500"), "{reply}");
    assert_eq!(c.reply().await, "", "the connection is closed");
}

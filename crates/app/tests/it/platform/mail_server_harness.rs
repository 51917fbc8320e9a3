//! The mail server harness itself: real postfix and dovecot on loopback deliver into a
//! mailbox, serve it over IMAP with TLS, take authenticated submissions over STARTTLS, relay
//! @relay.test to a given port, and run side by side. Skipped (with a note on stderr) where
//! postfix and dovecot are not installed, unless CI=true.

use crate::support::mailserver;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use mailserver::{Connection, MailServer};

const WAIT: Duration = Duration::from_secs(30);

/// A message whose body has lines that need dot-stuffing, with bare LF line ends.
fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: Requester <requester@example.com>\nTo: alice@helmdesk.test\nSubject: {subject}\n\
         Message-ID: <{}@example.com>\n\nfirst line\n.starts with a dot\n..two dots\n.\nlast line\n",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

fn text(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

/// Sends a tagged IMAP command; returns the untagged lines before its tagged OK, panics on NO/BAD.
fn imap(conn: &mut Connection, tag: &str, command: &str) -> Vec<String> {
    conn.write_line(&format!("{tag} {command}")).unwrap();
    let mut untagged = Vec::new();
    loop {
        let line = conn.read_line().unwrap();
        if let Some(status) = line.strip_prefix(&format!("{tag} ")) {
            assert!(status.starts_with("OK"), "{command}: {line}");
            return untagged;
        }
        untagged.push(line);
    }
}

#[test]
fn delivers_through_postfix_into_dovecot_and_serves_it_over_imaps() {
    let Some(server) = MailServer::start(None) else { return };
    server.add_user("alice", "alice password");
    server.send("requester@example.com", &["alice@helmdesk.test"], &message("first"));
    // postfix delivers separate messages in no promised order: one at a time, then.
    server.wait_for_messages("alice", 1, WAIT);
    server.send("requester@example.com", &["Alice@helmdesk.test"], &message("second"));

    let messages = server.wait_for_messages("alice", 2, WAIT);
    assert_eq!(messages.len(), 2);
    assert!(text(&messages[0]).contains("Subject: first"), "{}", text(&messages[0]));
    assert!(text(&messages[1]).contains("Subject: second"), "{}", text(&messages[1]));
    let body = text(&messages[0]);
    assert!(body.contains("\n\nfirst line\n.starts with a dot\n..two dots\n.\nlast line\n"), "{body}");
    assert!(body.contains("by mx.helmdesk.test (Postfix)"), "{body}");
    assert_eq!(server.flags("alice"), ["", ""]);

    let mut imaps = server.connect_tls(server.imap_port(), None).unwrap();
    assert!(imaps.read_line().unwrap().starts_with("* OK"));
    imap(&mut imaps, "a", "LOGIN alice \"alice password\"");
    let select = imap(&mut imaps, "b", "SELECT INBOX");
    assert!(select.contains(&"* 2 EXISTS".to_string()), "{select:?}");
    let fetched = imap(&mut imaps, "c", "FETCH 2 BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
    assert!(fetched.iter().any(|line| line == "Subject: second"), "{fetched:?}");
    imap(&mut imaps, "d", "STORE 1 +FLAGS (\\Seen \\Flagged $Forwarded)");
    imap(&mut imaps, "e", "LOGOUT");
    assert_eq!(server.flags("alice"), ["\\Flagged \\Seen $Forwarded", ""]);
    assert_eq!(server.messages("alice"), messages, "a flag change keeps order and content");
}

#[test]
fn imap_offers_starttls_on_the_plain_port() {
    let Some(server) = MailServer::start(None) else { return };
    server.add_user("bob", "bob password");

    // (dovecot counts a connection from 127.0.0.1 to 127.0.0.1 as secure: it would take a
    // LOGIN without STARTTLS here, so that is not something tests can count on it refusing.)
    let mut plain = Connection::plain(server.imap_starttls_port()).unwrap();
    let greeting = plain.read_line().unwrap();
    assert!(greeting.starts_with("* OK") && greeting.contains("STARTTLS"), "{greeting}");

    let mut tls = server.connect_tls(server.imap_starttls_port(), Some("imap")).unwrap();
    imap(&mut tls, "a", "LOGIN bob@helmdesk.test \"bob password\"");
    imap(&mut tls, "b", "SELECT INBOX");
    imap(&mut tls, "c", "LOGOUT");
}

#[test]
fn submission_needs_starttls_and_auth() {
    let Some(server) = MailServer::start(None) else { return };
    server.add_user("carol", "carol password");

    // In the clear: no AUTH offered, no mail taken.
    let mut plain = Connection::plain(server.submission_port()).unwrap();
    assert!(plain.read_line().unwrap().starts_with("220 "));
    plain.write_line("EHLO client").unwrap();
    let mut ehlo = Vec::new();
    while ehlo.last().is_none_or(|line: &String| line.starts_with("250-")) {
        ehlo.push(plain.read_line().unwrap());
    }
    assert!(ehlo.iter().any(|line| line.contains("STARTTLS")), "{ehlo:?}");
    assert!(!ehlo.iter().any(|line| line.contains("AUTH")), "{ehlo:?}");
    plain.write_line("MAIL FROM:<carol@helmdesk.test>").unwrap();
    assert!(plain.read_line().unwrap().starts_with("530 "));

    let raw = message("submitted");
    let wrong = server.try_send_submission("carol", "wrong", "carol@helmdesk.test", &["carol@helmdesk.test"], &raw);
    assert!(wrong.as_ref().is_err_and(|e| e.contains("535")), "{wrong:?}");
    server
        .try_send_submission("carol", "carol password", "carol@helmdesk.test", &["carol@helmdesk.test"], &raw)
        .unwrap();
    let messages = server.wait_for_messages("carol", 1, WAIT);
    assert!(text(&messages[0]).contains("Subject: submitted"));
}

/// A one-message SMTP receiver on a free port, standing in for Helmdesk's: its port, and the
/// envelope recipients and unstuffed DATA of the message it receives.
fn fake_receiver() -> (u16, mpsc::Receiver<(Vec<String>, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut say = |line: &str| writer.write_all(format!("{line}\r\n").as_bytes()).unwrap();
        say("220 receiver.relay.test ESMTP");
        let (mut recipients, mut data, mut in_data) = (Vec::new(), String::new(), false);
        for line in BufReader::new(stream).lines() {
            let line = line.unwrap();
            if in_data {
                if line == "." {
                    in_data = false;
                    say("250 2.0.0 accepted");
                } else {
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push('\n');
                }
                continue;
            }
            let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
            match verb.as_str() {
                "DATA" => {
                    in_data = true;
                    say("354 go ahead");
                }
                "QUIT" => {
                    say("221 bye");
                    break;
                }
                "RCPT" => {
                    recipients.push(line);
                    say("250 ok");
                }
                _ => say("250 ok"),
            }
        }
        let _ = sender.send((recipients, data));
    });
    (port, receiver)
}

#[test]
fn relays_the_relay_domain_to_the_given_port() {
    let (port, received) = fake_receiver();
    let Some(server) = MailServer::start(Some(port)) else { return };
    server.send("someone@helmdesk.test", &["support@relay.test"], &message("relayed"));

    let (recipients, data) = received.recv_timeout(WAIT).unwrap_or_else(|e| {
        panic!("nothing relayed: {e}\n{}\n{}", server.queue(), server.logs());
    });
    assert_eq!(recipients, ["RCPT TO:<support@relay.test>"]);
    assert!(data.contains("Subject: relayed"), "{data}");
    assert!(data.contains("\n.starts with a dot\n..two dots\n.\nlast line\n"), "{data}");
}

#[test]
fn refuses_what_it_should_not_carry() {
    let Some(server) = MailServer::start(None) else { return };
    for rcpt in ["support@relay.test", "someone@example.com"] {
        let refused = server.try_send("someone@helmdesk.test", &[rcpt], b"Subject: no\n\nno\n");
        assert!(refused.as_ref().is_err_and(|e| e.contains("Relay access denied")), "{rcpt}: {refused:?}");
    }
}

#[test]
fn instances_run_side_by_side() {
    let starting: Vec<_> = (0..2).map(|_| thread::spawn(|| MailServer::start(None))).collect();
    let servers: Option<Vec<MailServer>> = starting.into_iter().map(|handle| handle.join().unwrap()).collect();
    let Some(servers) = servers else { return };
    let ports = |s: &MailServer| [s.imap_port(), s.imap_starttls_port(), s.smtp_port(), s.submission_port()];
    assert!(ports(&servers[0]).iter().all(|port| !ports(&servers[1]).contains(port)));

    for (i, server) in servers.iter().enumerate() {
        server.add_user("dana", "dana password");
        server.send("someone@example.com", &["dana@helmdesk.test"], &message(&format!("instance {i}")));
    }
    for (i, server) in servers.iter().enumerate() {
        let messages = server.wait_for_messages("dana", 1, WAIT);
        assert_eq!(messages.len(), 1);
        assert!(text(&messages[0]).contains(&format!("Subject: instance {i}")));
    }
}

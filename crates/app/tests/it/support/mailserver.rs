#![allow(dead_code)]
//! Real mail servers for integration tests: Debian's postfix and dovecot, on 127.0.0.1.
//!
//! Each [`MailServer`] lives in a temp dir of its own, with its own free ports, configuration,
//! queue, sockets, certificates and maildirs, so any number of them can run at once, in one
//! test process or in several. Nothing system-wide is read or written: neither /etc/postfix nor
//! /etc/dovecot, nor the default mail ports.
//!
//! - dovecot serves IMAP (implicit TLS, and plain with STARTTLS), LMTP for postfix on a unix
//!   socket, and SASL for postfix's submission port on another. Users live in a passwd-file.
//! - postfix accepts mail for `@helmdesk.test` on its port-25-style port and delivers it over
//!   LMTP; its submission port wants STARTTLS and AUTH. Given a relay port, it relays
//!   `@relay.test` there over plain SMTP. Anything else is refused or bounced, never sent out.
//!
//! Needs root (both daemons start as root and switch to their system users) and the packages
//! that `scripts/mail-packages.sh` installs. Layout of the temp dir:
//!
//! ```text
//! ca.pem ca.key server.pem server.key   made with openssl at start
//! dovecot/  dovecot.conf users dovecot.log stderr.log run/ (base_dir: sockets) state/
//! mail/<user>/                          maildirs, owned by the `dovecot` system user
//! postfix/  config/ (main.cf master.cf) queue/ data/ postfix.log
//! ```

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The domain whose users have mailboxes in dovecot.
pub const DOMAIN: &str = "helmdesk.test";
/// The domain that postfix relays to the `relay_port` given to [`MailServer::start`].
pub const RELAY_DOMAIN: &str = "relay.test";
/// postfix's host name (banner, EHLO, Received: headers). Deliberately not "localhost": postfix
/// refuses to relay to a server that greets with its own name ("mail loops back to myself").
pub const HOSTNAME: &str = "mx.helmdesk.test";

/// How long the daemons get to come up.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a daemon gets to stop before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// Starts retried when a port picked as free was taken before a daemon could bind it.
const START_ATTEMPTS: usize = 3;
/// Timeout of every read and write of the SMTP and TLS clients.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A running postfix + dovecot pair; dropping it stops both and removes the temp dir.
pub struct MailServer {
    dir: tempfile::TempDir,
    ports: Ports,
    programs: Programs,
    dovecot: Option<Child>,
    postfix_running: bool,
}

#[derive(Clone, Copy, Debug)]
struct Ports {
    imaps: u16,
    imap: u16,
    smtp: u16,
    submission: u16,
}

/// The absolute paths of the programs the harness runs.
#[derive(Clone, Debug)]
struct Programs {
    postfix: PathBuf,
    postqueue: PathBuf,
    dovecot: PathBuf,
    openssl: PathBuf,
}

impl MailServer {
    /// Starts dovecot and postfix. Returns None (after printing why to stderr) when the
    /// binaries are missing or we are not root, unless CI is "true": then it panics. Panics with
    /// the daemons' logs when anything fails to start.
    ///
    /// `relay_port`: if Some(p), postfix relays mail for any address @relay.test to
    /// 127.0.0.1:p over plain SMTP; if None, such mail is refused at RCPT.
    pub fn start(relay_port: Option<u16>) -> Option<MailServer> {
        let programs = match Programs::find() {
            Ok(programs) => programs,
            Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("mail server harness: {why}; under CI=true this is a failure (see scripts/mail-packages.sh)")
            }
            Err(why) => {
                eprintln!("mail server harness unavailable, skipping: {why} (see scripts/mail-packages.sh)");
                return None;
            }
        };
        let mut attempt = 1;
        loop {
            match Self::try_start(&programs, relay_port) {
                Ok(server) => return Some(server),
                // Ports are picked free and released before the daemons bind them; rarely,
                // someone else takes one in between. Another set of ports does it.
                Err(why) if attempt < START_ATTEMPTS && why.contains("in use") => {
                    eprintln!("mail server harness: a port was taken, retrying with others");
                    attempt += 1;
                }
                Err(why) => panic!("mail server harness: {why}"),
            }
        }
    }

    /// Creates a mailbox user: login `user` (or `user@helmdesk.test`), with `password`. Mail to
    /// `<user>@helmdesk.test` lands in that user's INBOX; dovecot sees the user at once.
    pub fn add_user(&self, user: &str, password: &str) {
        let bad = |s: &str| s.is_empty() || s.contains([':', '\n', '\r', '/', '@']);
        assert!(!bad(user), "mail server harness: unusable user name {user:?}");
        assert!(!password.is_empty() && !password.contains([':', '\n', '\r']), "unusable password {password:?}");
        let line = format!("{}:{{PLAIN}}{password}::::::\n", user.to_lowercase());
        let mut users = fs::OpenOptions::new().append(true).open(self.path("dovecot/users")).expect("open users file");
        users.write_all(line.as_bytes()).expect("write users file");
    }

    /// dovecot's IMAP port with implicit TLS (IMAPS).
    pub fn imap_port(&self) -> u16 {
        self.ports.imaps
    }

    /// dovecot's plain IMAP port, which offers STARTTLS. (dovecot counts connections from
    /// 127.0.0.1 as secure, so it takes a LOGIN here even without STARTTLS.)
    pub fn imap_starttls_port(&self) -> u16 {
        self.ports.imap
    }

    /// postfix's port-25-style port: mail for @helmdesk.test (and @relay.test when relaying)
    /// from 127.0.0.1, without auth; STARTTLS is offered, not required.
    pub fn smtp_port(&self) -> u16 {
        self.ports.smtp
    }

    /// postfix's submission port: STARTTLS required, then AUTH PLAIN or LOGIN (the dovecot
    /// users), then mail to any @helmdesk.test user (and @relay.test when relaying).
    pub fn submission_port(&self) -> u16 {
        self.ports.submission
    }

    /// The PEM file of the CA that signed both daemons' certificate (subjectAltName
    /// DNS:localhost, IP:127.0.0.1).
    pub fn ca_pem(&self) -> PathBuf {
        self.path("ca.pem")
    }

    /// The temp dir that holds everything of this instance (see the module doc for its layout).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Sends a raw RFC 5322 message through [`Self::smtp_port`], panicking on any refusal.
    pub fn send(&self, from: &str, to: &[&str], raw: &[u8]) {
        if let Err(why) = self.try_send(from, to, raw) {
            panic!("mail server harness: sending failed: {why}\n{}", self.logs());
        }
    }

    /// Sends a raw message through [`Self::smtp_port`] with a plain SMTP dialogue: MAIL FROM
    /// `from`, RCPT TO each of `to`, DATA with dot-stuffing and CRLF line ends. Err holds the
    /// first reply that was not the expected one.
    pub fn try_send(&self, from: &str, to: &[&str], raw: &[u8]) -> Result<(), String> {
        let mut smtp = Connection::plain(self.ports.smtp)?;
        smtp_reply(&mut smtp, 220)?;
        smtp_command(&mut smtp, "EHLO client.helmdesk.test", 250)?;
        smtp_transaction(&mut smtp, from, to, raw)
    }

    /// Sends a raw message through [`Self::submission_port`]: STARTTLS (certificate checked
    /// against [`Self::ca_pem`]), AUTH PLAIN as `user`, then as [`Self::try_send`].
    pub fn try_send_submission(
        &self,
        user: &str,
        password: &str,
        from: &str,
        to: &[&str],
        raw: &[u8],
    ) -> Result<(), String> {
        let mut smtp = self.connect_tls(self.ports.submission, Some("smtp"))?;
        smtp_command(&mut smtp, "EHLO client.helmdesk.test", 250)?;
        let credentials = base64(format!("\0{user}\0{password}").as_bytes());
        smtp_command(&mut smtp, &format!("AUTH PLAIN {credentials}"), 235)?;
        smtp_transaction(&mut smtp, from, to, raw)
    }

    /// A TLS connection to one of this server's ports through `openssl s_client`, which checks
    /// the certificate against [`Self::ca_pem`] for the name localhost. `starttls`: None for
    /// implicit TLS, or the protocol whose STARTTLS to do first ("smtp", "imap"): s_client then
    /// reads the greeting itself, so the first thing to do is the post-TLS EHLO or command.
    pub fn connect_tls(&self, port: u16, starttls: Option<&str>) -> Result<Connection, String> {
        let mut command = Command::new(&self.programs.openssl);
        command.args(["s_client", "-quiet", "-nocommands", "-verify_return_error"]);
        command.args(["-servername", "localhost", "-verify_hostname", "localhost", "-CAfile"]);
        command.arg(self.ca_pem()).arg("-connect").arg(format!("127.0.0.1:{port}"));
        if let Some(protocol) = starttls {
            command.args(["-starttls", protocol]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run openssl s_client: {e}"))?;
        let reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let writer = child.stdin.take().expect("piped stdin");
        Ok(Connection { reader: Box::new(reader), writer: Box::new(writer), tls: Some(child) })
    }

    /// The raw messages in the user's INBOX, in delivery order, read from the maildir (new/ and
    /// cur/) as dovecot stored them: with LF line ends.
    pub fn messages(&self, user: &str) -> Vec<Vec<u8>> {
        // dovecot renames a file when its flags change: list again if one vanished.
        for _ in 0..10 {
            let files = self.inbox(user);
            if let Ok(messages) = files.iter().map(|file| fs::read(&file.path)).collect() {
                return messages;
            }
        }
        panic!("mail server harness: the maildir of {user} kept changing while being read")
    }

    /// Waits (polling, up to `timeout`) until the user's INBOX holds at least `n` messages,
    /// then returns them all. Panics with postfix's queue and the logs on timeout.
    pub fn wait_for_messages(&self, user: &str, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages(user);
            if messages.len() >= n {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "mail server harness: {user} has {} message(s) after {timeout:?}, expected {n}\n\
                     postfix queue:\n{}\n{}",
                    messages.len(),
                    self.queue(),
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The flags of each message in the user's INBOX, in the order of [`Self::messages`], from
    /// the maildir file names: IMAP flags and keywords separated by spaces, e.g. "\Seen", or ""
    /// for none (\Recent is not stored).
    pub fn flags(&self, user: &str) -> Vec<String> {
        let keywords = self.keywords(user);
        self.inbox(user).iter().map(|file| maildir_flags(&file.info, &keywords)).collect()
    }

    /// postfix's queue, as `postqueue -p` lists it.
    pub fn queue(&self) -> String {
        match Command::new(&self.programs.postqueue).arg("-c").arg(self.path("postfix/config")).arg("-p").output() {
            Ok(out) => format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
            Err(e) => format!("(cannot run postqueue: {e})"),
        }
    }

    /// The tails of dovecot's and postfix's logs, for failure messages.
    pub fn logs(&self) -> String {
        ["dovecot/stderr.log", "dovecot/dovecot.log", "postfix/postfix.log"]
            .iter()
            .map(|log| format!("--- {log} (last lines) ---\n{}", tail(&self.path(log), 40)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// One attempt at starting both daemons. On error the half-started server is dropped,
    /// which stops whatever did start.
    fn try_start(programs: &Programs, relay_port: Option<u16>) -> Result<MailServer, String> {
        let dir = tempfile::Builder::new().prefix("helmdesk-mail-").tempdir().map_err(|e| format!("temp dir: {e}"))?;
        // The daemons reach their sockets, queue and maildirs in here as their own users.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).map_err(|e| format!("chmod: {e}"))?;
        let mut server =
            MailServer { dir, ports: free_ports()?, programs: programs.clone(), dovecot: None, postfix_running: false };
        server.make_certificates()?;
        server.start_dovecot()?;
        server.start_postfix(relay_port)?;
        Ok(server)
    }

    /// A CA, and a server certificate it signs for localhost and 127.0.0.1 (P-256 keys).
    fn make_certificates(&self) -> Result<(), String> {
        write(
            &self.path("server.ext"),
            "basicConstraints = critical,CA:FALSE\n\
             keyUsage = critical,digitalSignature\n\
             extendedKeyUsage = serverAuth\n\
             subjectAltName = DNS:localhost,IP:127.0.0.1\n",
        )?;
        let new_key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        self.openssl(&format!(
            "req -x509 -days 3650 -subj /CN=Helmdesk-test-CA {new_key} -keyout ca.key -out ca.pem \
             -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
        ))?;
        self.openssl(&format!("req -subj /CN=localhost {new_key} -keyout server.key -out server.csr"))?;
        self.openssl(
            "x509 -req -days 3650 -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
             -extfile server.ext -out server.pem",
        )
    }

    /// Runs openssl in the temp dir; `args` are split at whitespace.
    fn openssl(&self, args: &str) -> Result<(), String> {
        let mut command = Command::new(&self.programs.openssl);
        command.args(args.split_whitespace()).current_dir(self.dir.path());
        run(&mut command).map(drop).map_err(|e| format!("making certificates: {e}"))
    }

    /// Writes dovecot's configuration and runs it in the foreground as a child process.
    fn start_dovecot(&mut self) -> Result<(), String> {
        let (uid, gid) = system_user("dovecot")?;
        for sub in ["dovecot/run", "dovecot/state", "mail"] {
            fs::create_dir_all(self.path(sub)).map_err(|e| format!("create {sub}: {e}"))?;
        }
        std::os::unix::fs::chown(self.path("mail"), Some(uid), Some(gid)).map_err(|e| format!("chown mail: {e}"))?;
        write(&self.path("dovecot/users"), "")?;
        write(&self.path("dovecot/dovecot.conf"), &self.dovecot_conf(uid, gid))?;
        let stderr = fs::File::create(self.path("dovecot/stderr.log")).map_err(|e| format!("dovecot log: {e}"))?;
        let child = Command::new(&self.programs.dovecot)
            .arg("-F")
            .arg("-c")
            .arg(self.path("dovecot/dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(stderr.try_clone().map_err(|e| e.to_string())?)
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot run dovecot: {e}"))?;
        self.dovecot = Some(child);
        self.wait_ready("dovecot", |server| {
            greets(server.ports.imap, "Dovecot")
                && TcpStream::connect(("127.0.0.1", server.ports.imaps)).is_ok()
                && UnixStream::connect(server.path("dovecot/run/lmtp")).is_ok()
                && UnixStream::connect(server.path("dovecot/run/auth-postfix")).is_ok()
        })
    }

    fn dovecot_conf(&self, uid: u32, gid: u32) -> String {
        let dir = self.dir.path().display();
        let name = self.dir.path().file_name().unwrap_or_default().to_string_lossy();
        let Ports { imaps, imap, .. } = self.ports;
        let dh = Path::new("/usr/share/dovecot/dh.pem");
        let dh = if dh.exists() { format!("ssl_dh = <{}", dh.display()) } else { String::new() };
        format!(
            r#"# Written by the Helmdesk mail server test harness.
instance_name = {name}
base_dir = {dir}/dovecot/run
state_dir = {dir}/dovecot/state
log_path = {dir}/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = required
ssl_cert = <{dir}/server.pem
ssl_key = <{dir}/server.key
{dh}
default_internal_user = dovecot
default_login_user = dovenull
auth_mechanisms = plain login
# Refuse wrong passwords at once.
auth_failure_delay = 0
# "alice", "Alice" and "alice@helmdesk.test" are all the user alice.
auth_username_format = %Ln
first_valid_uid = {uid}
last_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {dir}/dovecot/users
}}
userdb {{
  driver = passwd-file
  args = {dir}/dovecot/users
  default_fields = uid={uid} gid={gid} home={dir}/mail/%n
}}
mail_location = maildir:{dir}/mail/%n
service imap-login {{
  inet_listener imap {{
    port = {imap}
  }}
  inet_listener imaps {{
    port = {imaps}
    ssl = yes
  }}
}}
service lmtp {{
  unix_listener lmtp {{
    mode = 0666
  }}
}}
# No per-IP penalty after failed logins (the documented way to turn it off).
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service auth {{
  unix_listener auth-postfix {{
    mode = 0666
  }}
}}
"#
        )
    }

    /// Writes postfix's configuration and starts it with `postfix -c`; its master daemonizes.
    fn start_postfix(&mut self, relay_port: Option<u16>) -> Result<(), String> {
        let (uid, gid) = system_user("postfix")?;
        for sub in ["postfix/config", "postfix/queue", "postfix/data"] {
            fs::create_dir_all(self.path(sub)).map_err(|e| format!("create {sub}: {e}"))?;
        }
        std::os::unix::fs::chown(self.path("postfix/data"), Some(uid), Some(gid))
            .map_err(|e| format!("chown postfix/data: {e}"))?;
        write(&self.path("postfix/config/main.cf"), &self.postfix_main_cf(relay_port))?;
        write(&self.path("postfix/config/master.cf"), &self.postfix_master_cf())?;
        // postfix waits two seconds before reading a main.cf younger than a second or so.
        backdate(&self.path("postfix/config/main.cf"))?;
        backdate(&self.path("postfix/config/master.cf"))?;
        // postfix-script creates the queue's subdirectories, checks, then waits for the master.
        run(Command::new(&self.programs.postfix).arg("-c").arg(self.path("postfix/config")).arg("start"))
            .map_err(|e| format!("postfix start failed: {e}\n{}", self.logs()))?;
        self.postfix_running = true;
        self.wait_ready("postfix", |server| {
            greets(server.ports.smtp, HOSTNAME) && greets(server.ports.submission, HOSTNAME)
        })
    }

    fn postfix_main_cf(&self, relay_port: Option<u16>) -> String {
        let dir = self.dir.path().display();
        let relay = match relay_port {
            Some(port) => format!("relay_domains = {RELAY_DOMAIN}\nrelay_transport = smtp:[127.0.0.1]:{port}"),
            None => "relay_domains =".to_string(),
        };
        format!(
            r#"# Written by the Helmdesk mail server test harness.
compatibility_level = 3.6
queue_directory = {dir}/postfix/queue
data_directory = {dir}/postfix/data
maillog_file = {dir}/postfix/postfix.log
maillog_file_prefixes = {dir}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = {HOSTNAME}
mydomain = {DOMAIN}
myorigin = {DOMAIN}
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
biff = no
append_dot_mydomain = no
smtpd_banner = $myhostname ESMTP
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
message_size_limit = 52428800
mailbox_size_limit = 0
virtual_mailbox_limit = 0

# Mail for the users: over LMTP into dovecot.
virtual_mailbox_domains = {DOMAIN}
virtual_transport = lmtp:unix:{dir}/dovecot/run/lmtp

# Mail for the relay domain, if any: plain SMTP to the test's receiver.
{relay}
smtp_tls_security_level = none

# Nothing else goes anywhere.
default_transport = error:mail to outside domains is not delivered in tests
smtpd_relay_restrictions = reject_unauth_destination

smtpd_tls_cert_file = {dir}/server.pem
smtpd_tls_key_file = {dir}/server.key
smtpd_tls_security_level = may

# Retry soon: tests wait for deliveries in seconds.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
"#
        )
    }

    fn postfix_master_cf(&self) -> String {
        let Ports { smtp, submission, .. } = self.ports;
        let auth = self.path("dovecot/run/auth-postfix");
        let auth = auth.display();
        // Nothing is chrooted, so that absolute paths to dovecot's sockets work.
        format!(
            r#"# Written by the Helmdesk mail server test harness.
127.0.0.1:{smtp} inet n - n - - smtpd
127.0.0.1:{submission} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sasl_type=dovecot
  -o smtpd_sasl_path={auth}
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
cleanup    unix  n - n -     0 cleanup
qmgr       unix  n - n 300   1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -     - trivial-rewrite
bounce     unix  - - n -     0 bounce
defer      unix  - - n -     0 bounce
trace      unix  - - n -     0 bounce
verify     unix  - - n -     1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -     - proxymap
proxywrite unix  - - n -     1 proxymap
smtp       unix  - - n -     - smtp
relay      unix  - - n -     - smtp
showq      unix  n - n -     - showq
error      unix  - - n -     - error
retry      unix  - - n -     - error
discard    unix  - - n -     - discard
lmtp       unix  - - n -     - lmtp
anvil      unix  - - n -     1 anvil
scache     unix  - - n -     1 scache
postlog    unix-dgram n - n - 1 postlogd
"#
        )
    }

    /// Polls `ready` until it holds, failing early if dovecot exited.
    fn wait_ready(&mut self, what: &str, ready: impl Fn(&MailServer) -> bool) -> Result<(), String> {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(status) = self.dovecot.as_mut().and_then(|child| child.try_wait().ok().flatten()) {
                self.dovecot = None;
                return Err(format!("dovecot exited ({status}) while waiting for {what}\n{}", self.logs()));
            }
            if ready(self) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "{what} not ready after {READY_TIMEOUT:?} (ports {:?})\n{}",
                    self.ports,
                    self.logs()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The message files of the user's INBOX, in delivery order: by the UID dovecot gave them
    /// (dovecot-uidlist), then, for any not listed yet, by the delivery time in their names.
    fn inbox(&self, user: &str) -> Vec<MaildirFile> {
        let maildir = self.path("mail").join(user.to_lowercase());
        let uids = uid_list(&maildir);
        let mut files: Vec<MaildirFile> = ["new", "cur"]
            .iter()
            .filter_map(|sub| fs::read_dir(maildir.join(sub)).ok())
            .flatten()
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| MaildirFile::new(entry.path(), &uids))
            .collect();
        files.sort_by(|a, b| a.order.cmp(&b.order));
        files
    }

    /// The keywords of the user's maildir, by letter: "0 $Forwarded" in dovecot-keywords is 'a'.
    fn keywords(&self, user: &str) -> Vec<(char, String)> {
        let file = self.path("mail").join(user.to_lowercase()).join("dovecot-keywords");
        let text = fs::read_to_string(file).unwrap_or_default();
        text.lines()
            .filter_map(|line| {
                let (index, name) = line.split_once(' ')?;
                let index = index.parse::<u8>().ok().filter(|index| *index < 26)?;
                Some((char::from(b'a' + index), name.to_string()))
            })
            .collect()
    }

    /// `postfix stop`, then `postfix abort` if its master is still there after a while.
    fn stop_postfix(&mut self) {
        let master = fs::read_to_string(self.path("postfix/queue/pid/master.pid"))
            .ok()
            .and_then(|pid| pid.trim().parse::<u32>().ok());
        let postfix = |action: &str| {
            let _ =
                Command::new(&self.programs.postfix).arg("-c").arg(self.path("postfix/config")).arg(action).output();
        };
        postfix("stop");
        if master.is_some_and(|pid| !wait_for_exit(pid)) {
            postfix("abort");
        }
        self.postfix_running = false;
    }

    /// SIGTERM to dovecot's master (which stops its children), SIGKILL if it lingers. (Not
    /// `doveadm stop`: that waits for dovecot, whose children wait for doveadm to go, for 3 s.)
    fn stop_dovecot(&mut self) {
        let Some(mut child) = self.dovecot.take() else { return };
        // std can only SIGKILL; the shell's kill builtin does the rest.
        let _ = Command::new("sh").args(["-c", "kill -TERM \"$1\"", "sh", &child.id().to_string()]).output();
        let deadline = Instant::now() + STOP_TIMEOUT;
        while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for MailServer {
    /// Stops postfix and dovecot; then the temp dir goes.
    fn drop(&mut self) {
        if self.postfix_running {
            self.stop_postfix();
        }
        self.stop_dovecot();
    }
}

impl Programs {
    /// Finds the programs, and checks that we are root.
    fn find() -> Result<Programs, String> {
        let programs = Programs {
            postfix: program("postfix")?,
            postqueue: program("postqueue")?,
            dovecot: program("dovecot")?,
            openssl: program("openssl")?,
        };
        for module in ["/usr/lib/dovecot/imap", "/usr/lib/dovecot/lmtp"] {
            if !Path::new(module).exists() {
                return Err(format!("{module} is missing (packages dovecot-imapd, dovecot-lmtpd)"));
            }
        }
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        let uid =
            status.lines().find_map(|line| line.strip_prefix("Uid:")).and_then(|ids| ids.split_whitespace().next());
        if uid != Some("0") {
            return Err("postfix and dovecot need root to start".to_string());
        }
        Ok(programs)
    }
}

/// The absolute path of a program, looked for in PATH and in the sbin directories.
fn program(name: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{name} is not installed"))
}

/// The uid and gid of a system user, from /etc/passwd.
fn system_user(name: &str) -> Result<(u32, u32), String> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(|e| format!("/etc/passwd: {e}"))?;
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() > 3 && fields[0] == name)
        .and_then(|fields| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
        .ok_or_else(|| format!("no system user {name} (is its package installed?)"))
}

/// Four ports that were free a moment ago on 127.0.0.1.
fn free_ports() -> Result<Ports, String> {
    // All bound at once, so that the four differ.
    let listeners = (0..4)
        .map(|_| TcpListener::bind("127.0.0.1:0").and_then(|l| Ok((l.local_addr()?.port(), l))))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot pick free ports: {e}"))?;
    let port = |i: usize| listeners[i].0;
    Ok(Ports { imaps: port(0), imap: port(1), smtp: port(2), submission: port(3) })
}

/// Whether a server on the port sends a greeting that contains `expected`.
fn greets(port: u16, expected: &str) -> bool {
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut line = String::new();
    let greeted = BufReader::new(&stream).read_line(&mut line).is_ok() && line.contains(expected);
    // Say goodbye, to keep the daemons' logs free of lost connections.
    let _ = (&stream).write_all(if line.starts_with('*') { b"a LOGOUT\r\n" } else { b"QUIT\r\n" });
    greeted
}

/// Waits until a process that is not our child is gone (or a zombie); false if it is not.
fn wait_for_exit(pid: u32) -> bool {
    let deadline = Instant::now() + STOP_TIMEOUT;
    while Instant::now() < deadline {
        match fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => return true,
            Ok(stat) if stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('Z')) => return true,
            Ok(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    false
}

/// Runs a command to its end; Err with its output unless it succeeded.
fn run(command: &mut Command) -> Result<String, String> {
    let out = command.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() { Ok(text) } else { Err(format!("{command:?} failed ({}):\n{text}", out.status)) }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Sets a file's modification time a minute back.
fn backdate(path: &Path) -> Result<(), String> {
    let minute_ago = std::time::SystemTime::now() - Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(minute_ago))
        .map_err(|e| format!("cannot backdate {}: {e}", path.display()))
}

/// The last `lines` lines of a file, or a note that it can't be read.
fn tail(path: &Path, lines: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("({e})"),
    }
}

/// A file of a maildir, with what orders it and its info ("2,FS": the flags).
struct MaildirFile {
    path: PathBuf,
    info: String,
    order: (u64, u64, u64, String),
}

impl MaildirFile {
    fn new(path: PathBuf, uids: &[(String, u64)]) -> Option<MaildirFile> {
        let name = path.file_name()?.to_str()?.to_string();
        if name.starts_with('.') {
            return None;
        }
        let (base, info) = name.split_once(':').unwrap_or((&name, ""));
        let uid = uids.iter().find(|(listed, _)| listed == base).map_or(u64::MAX, |(_, uid)| *uid);
        // Delivery time in the name: "<seconds>.M<microseconds>P<pid>...".
        let (seconds, rest) = base.split_once('.').unwrap_or((base, ""));
        let micros = rest.strip_prefix('M').and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next());
        let order = (uid, seconds.parse().unwrap_or(0), micros.and_then(|m| m.parse().ok()).unwrap_or(0), name.clone());
        Some(MaildirFile { info: info.to_string(), path, order })
    }
}

/// dovecot-uidlist's (base file name, UID) pairs: lines such as "7 W573 :1700000000.M1P2.host".
fn uid_list(maildir: &Path) -> Vec<(String, u64)> {
    let text = fs::read_to_string(maildir.join("dovecot-uidlist")).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| line.split_once(" :"))
        .filter_map(|(fields, name)| Some((name.to_string(), fields.split_whitespace().next()?.parse().ok()?)))
        .collect()
}

/// IMAP flags from a maildir info ("2,FS"): system flags first, in IMAP's order, then keywords.
fn maildir_flags(info: &str, keywords: &[(char, String)]) -> String {
    let letters = info.strip_prefix("2,").unwrap_or("");
    let system = [('R', "\\Answered"), ('F', "\\Flagged"), ('T', "\\Deleted"), ('S', "\\Seen"), ('D', "\\Draft")];
    let system = system.iter().filter(|(letter, _)| letters.contains(*letter)).map(|(_, flag)| flag.to_string());
    let keywords = keywords.iter().filter(|(letter, _)| letters.contains(*letter)).map(|(_, name)| name.clone());
    system.chain(keywords).collect::<Vec<_>>().join(" ")
}

/// A line-oriented client connection: plain TCP, or TLS through an `openssl s_client` child
/// (see [`MailServer::connect_tls`]). Lines are sent with CRLF and read without it.
pub struct Connection {
    reader: Box<dyn BufRead + Send>,
    writer: Box<dyn Write + Send>,
    tls: Option<Child>,
}

impl Connection {
    /// A plain TCP connection to 127.0.0.1:`port`.
    pub fn plain(port: u16) -> Result<Connection, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect to port {port}: {e}"))?;
        stream.set_read_timeout(Some(IO_TIMEOUT)).and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT))).ok();
        let reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
        Ok(Connection { reader: Box::new(reader), writer: Box::new(stream), tls: None })
    }

    /// Sends one line, adding CRLF.
    pub fn write_line(&mut self, line: &str) -> Result<(), String> {
        self.write_all(format!("{line}\r\n").as_bytes())
    }

    /// Sends bytes as they are.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer.write_all(bytes).and_then(|()| self.writer.flush()).map_err(|e| format!("write: {e}"))
    }

    /// Reads one line, without its line end. Err at the end of the stream (with what openssl
    /// said, for a TLS connection: a failed certificate check ends up here).
    pub fn read_line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => Err(format!("connection closed{}", self.openssl_stderr())),
            Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_string()),
            Err(e) => Err(format!("read: {e}")),
        }
    }

    fn openssl_stderr(&mut self) -> String {
        let Some(child) = self.tls.as_mut() else { return String::new() };
        let _ = child.kill();
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        format!("; openssl s_client said:\n{stderr}")
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(mut child) = self.tls.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Reads an SMTP reply (all its lines); Err unless its code is `expected`.
fn smtp_reply(conn: &mut Connection, expected: u16) -> Result<String, String> {
    let mut reply = String::new();
    loop {
        let line = conn.read_line()?;
        reply.push_str(&line);
        reply.push('\n');
        if line.as_bytes().get(3) != Some(&b'-') {
            break;
        }
    }
    match reply.get(..3).and_then(|code| code.parse::<u16>().ok()) {
        Some(code) if code == expected => Ok(reply),
        _ => Err(format!("expected {expected}, got: {}", reply.trim_end())),
    }
}

/// Sends an SMTP command and reads its reply; Err (naming the command) unless it is `expected`.
fn smtp_command(conn: &mut Connection, command: &str, expected: u16) -> Result<String, String> {
    conn.write_line(command)?;
    smtp_reply(conn, expected).map_err(|e| format!("{command}: {e}"))
}

/// MAIL, RCPT for each recipient, DATA with the dot-stuffed message, QUIT.
fn smtp_transaction(conn: &mut Connection, from: &str, to: &[&str], raw: &[u8]) -> Result<(), String> {
    let mut mail = format!("MAIL FROM:<{from}>");
    if !raw.is_ascii() {
        mail.push_str(" BODY=8BITMIME");
    }
    if !from.is_ascii() || to.iter().any(|rcpt| !rcpt.is_ascii()) {
        mail.push_str(" SMTPUTF8");
    }
    smtp_command(conn, &mail, 250)?;
    for rcpt in to {
        smtp_command(conn, &format!("RCPT TO:<{rcpt}>"), 250)?;
    }
    smtp_command(conn, "DATA", 354)?;
    conn.write_all(&dot_stuff(raw))?;
    smtp_reply(conn, 250).map_err(|e| format!("end of DATA: {e}"))?;
    smtp_command(conn, "QUIT", 221)?;
    Ok(())
}

/// The DATA payload for a raw message: bare LFs become CRLF, a dot that starts a line is
/// doubled, and the terminating ".\r\n" follows (after a CRLF if the message lacks one).
pub fn dot_stuff(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32 + 8);
    let mut line_start = true;
    let mut previous = 0u8;
    for &byte in raw {
        if byte == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        if line_start && byte == b'.' {
            out.push(b'.');
        }
        out.push(byte);
        line_start = byte == b'\n';
        previous = byte;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// Standard base64 with padding, for SASL.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

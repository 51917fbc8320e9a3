//! Mail in and out: the administrator's settings and mailboxes ([`settings`]), messages
//! received by IMAP or SMTP turned into tickets and replies ([`inbound`]), and
//! notifications sent as e-mail ([`outbound`]).

pub mod inbound;
pub mod outbound;
pub mod settings;
pub mod templates;

pub use helmdesk_mail::Security;
pub use settings::{MailSettings, Mailbox, MailboxInput, OutgoingServer};

/// The job that processes one received message (payload `{"id": N}`).
pub const PROCESS_JOB: &str = "mail.process";
/// The recurring job that polls the mailboxes that are due.
pub const POLL_JOB: &str = "mail.poll";
/// The job that sends one queued message (payload `{"id": N}`).
pub const SEND_JOB: &str = "mail.send";
/// Attempts at processing a message, or sending one, before it is marked failed.
pub const ATTEMPTS: i64 = 5;

//! Mail in and out: the administrator's settings and mailboxes ([`settings`]) and
//! notifications sent as e-mail ([`outbound`]). Messages received by IMAP or SMTP become
//! tickets and replies in the service desk (`service_desk::inbound_mail`).

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

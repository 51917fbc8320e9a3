//! Helmdesk's pure types and rules: no I/O, no database, no clock reads.
//!
//! Everything here is deterministic so it can be unit- and property-tested in isolation:
//! roles, ticket kinds and states with their allowed transitions, the impact x urgency
//! priority matrix, input validation limits, link kinds, canned-response placeholders,
//! and the [`clock::Clock`] abstraction that the outer layers inject.
//! priority matrix, input validation limits, assignment rules and the choice of an
//! assignee, and the [`clock::Clock`] abstraction that the outer layers inject.

pub mod access;
pub mod automation;
pub mod calendar;
pub mod canned;
pub mod clock;
pub mod kpis;
pub mod links;
pub mod mail;
pub mod routing;
pub mod search;
pub mod sla;
pub mod templates;
pub mod tickets;
pub mod validate;
pub mod webhooks;

pub use access::Role;
pub use clock::{Clock, FakeClock, SystemClock};
pub use tickets::{Level, PriorityMatrix, TicketKind, TicketStatus};
pub use validate::RuleError;

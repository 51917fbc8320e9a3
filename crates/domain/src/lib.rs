//! Helmdesk's pure types and rules: no I/O, no database, no clock reads.
//!
//! Everything here is deterministic so it can be unit- and property-tested in isolation:
//! roles, ticket kinds and states with their allowed transitions, the impact x urgency
//! priority matrix, input validation limits, link kinds, canned-response placeholders,
//! assignment rules and the choice of an assignee, assets' lifecycle, tags, money and
//! depreciation, and the [`clock::Clock`] abstraction that the outer layers inject.

pub mod assets;
pub mod clock;
pub mod jobs;
pub mod placeholders;
pub mod platform;
pub mod reports;
pub mod self_service;
pub mod service_desk;
pub mod validate;

pub use clock::{Clock, FakeClock, SystemClock};
pub use platform::access::Role;
pub use service_desk::tickets::{Level, PriorityMatrix, TicketKind, TicketStatus};
pub use validate::RuleError;

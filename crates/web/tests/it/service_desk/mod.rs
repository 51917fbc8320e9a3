pub mod access;
mod queue;
mod routing;
mod search;
mod sla;

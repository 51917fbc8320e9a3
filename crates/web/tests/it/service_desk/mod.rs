pub mod access;
mod queue;
mod routing;
mod search;
mod sla;
mod ticket_page;

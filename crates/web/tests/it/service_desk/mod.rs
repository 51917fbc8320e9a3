pub mod access;
mod language;
mod live;
mod queue;
mod routing;
mod search;
mod sla;
mod ticket_page;

pub mod access;
mod live;
mod queue;
mod routing;
mod search;
mod sla;
mod ticket_page;

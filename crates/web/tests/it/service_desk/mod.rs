mod queue;
mod routing;
mod search;
mod sla;

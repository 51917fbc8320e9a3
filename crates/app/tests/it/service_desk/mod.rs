mod automation;
mod filing;
mod imports;
mod live;
mod routing;
mod sla;

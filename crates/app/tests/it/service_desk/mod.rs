mod automation;
mod filing;
mod imports;
mod routing;
mod sla;

mod automation;
mod bpi2014;
mod filing;
mod imports;
mod live;
mod routing;
mod sla;

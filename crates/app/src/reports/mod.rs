//! The reports' use cases: KPIs of the tickets an actor may see.

pub mod access;
pub mod kpis;

//! The reports' use cases: KPIs of the tickets an actor may see, and of self-service.

pub mod access;
pub mod kpis;
pub mod self_service;

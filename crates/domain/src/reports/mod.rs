//! The reports' arithmetic: KPI definitions over the figures the store counts.

pub mod kpis;

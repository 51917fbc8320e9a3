//! The reports' queries: KPI counts over tickets.

pub mod kpis;

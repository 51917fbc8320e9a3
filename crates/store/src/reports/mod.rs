//! The reports' queries: KPI counts over tickets, and the self-service figures over the
//! knowledge base's views and feedback, catalog requests and their approvals.

pub mod kpis;
pub mod self_service;

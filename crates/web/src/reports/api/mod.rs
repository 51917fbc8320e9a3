//! The module's JSON API handlers; `crate::api` registers their routes.

pub mod kpis;

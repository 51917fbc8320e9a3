//! The module's page handlers; `crate::ui` registers their routes.

pub mod dashboard;

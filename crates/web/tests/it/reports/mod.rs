pub mod access;
mod kpis;

pub mod access;
mod audits;
mod discovery;
mod pages;
mod software;
mod stock;

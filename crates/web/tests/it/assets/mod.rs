pub mod access;
mod audits;
mod discovery;
mod imports;
mod pages;
mod software;
mod stock;

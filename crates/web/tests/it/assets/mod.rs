pub mod access;
mod discovery;
mod pages;
mod software;
mod stock;

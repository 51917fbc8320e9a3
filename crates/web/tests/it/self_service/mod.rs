pub mod access;
pub mod catalog;

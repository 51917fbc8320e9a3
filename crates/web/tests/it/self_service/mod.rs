pub mod access;
mod articles;
pub mod catalog;
mod catalog_admin;
mod portal;

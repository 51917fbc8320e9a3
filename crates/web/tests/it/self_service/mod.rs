pub mod access;
mod articles;
pub mod catalog;
mod portal;

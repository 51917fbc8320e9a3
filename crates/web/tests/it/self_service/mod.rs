pub mod access;
mod articles;

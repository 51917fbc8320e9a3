pub mod access;
mod pages;

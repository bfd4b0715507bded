//! Secretariat administration: the audit log.

pub mod api;
pub mod pages;
pub mod types;

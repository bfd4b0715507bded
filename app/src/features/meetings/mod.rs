//! Meetings: listing, detail, create/edit and the status life cycle.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

//! Agendas: the secretariat's working copy (days → sessions → items), published revisions
//! with a changelog, and the public agenda page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod diff;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

//! Agendas: the secretariat's working copy (days → sessions → items), published revisions
//! with a changelog, and the public agenda page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod diff;
#[cfg(feature = "ssr")]
pub mod live;
pub mod live_page;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod speakers;
pub mod speakers_page;
pub mod types;

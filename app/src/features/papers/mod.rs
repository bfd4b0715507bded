//! Briefing papers: Markdown documents of a meeting, in one of the three languages and linked to
//! their translations, each edit kept as a version, readable according to an access level
//! (public, the meeting's approved delegates, or the secretariat only).

pub mod api;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod pack;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

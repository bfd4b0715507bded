//! Full-text search across meetings, agenda items, papers, minutes and recommendation drafts:
//! SQLite FTS5 on the embedded default, PostgreSQL full-text search in production, behind one
//! function. Results respect access levels: a hit is only returned if its reader may open it.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

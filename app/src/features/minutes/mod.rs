//! Minutes of a meeting: drafted by the secretariat section by section (following the agenda),
//! circulated to heads of delegation for comments until a closing date, adopted (who and when
//! recorded) and then locked; corrections are numbered corrigenda. Passages marked
//! `[decision]` or `[recommendation]` become recommendation drafts on adoption.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

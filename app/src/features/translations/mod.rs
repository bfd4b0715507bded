//! Content in several languages: a meeting's own texts (title, description, agenda session
//! titles, item titles and descriptions) translated into its other working languages. Readers
//! see their language, or the original with a visible note when the translation is missing or
//! outdated; the secretariat sees what is missing per meeting and fills it in on one page per
//! language. Papers are translated as papers of their own (a translation group) and
//! recommendations carry their French and Portuguese texts; the overview covers both.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

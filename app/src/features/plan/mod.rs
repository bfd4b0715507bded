//! The Plan of Action: recommendations (code, text in en/fr/pt, theme, level, responsible
//! states and bodies, target date, indicators, framework links, origin), grouped under
//! headings, edited until the plan is adopted and amended afterwards; CSV/XLSX import and export.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod table;
pub mod types;

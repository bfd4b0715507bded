//! Reporting cycles, progress reports by member states, the secretariat's review, and the
//! regional picture (the matrix of member states × recommendations, charts, exports).

pub mod api;
#[cfg(feature = "ssr")]
pub mod evidence;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

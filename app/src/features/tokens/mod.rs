//! API tokens: a focal point (or the secretariat) creates named tokens for their systems to
//! use the JSON API (`/api/v1`) as themselves, sees when each was last used, and revokes them.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

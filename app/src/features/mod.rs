//! One module per feature: types (DTOs), api (server functions), service (ssr business logic)
//! and pages.

pub mod admin;
pub mod agenda;
pub mod auth;
pub mod meetings;
pub mod minutes;
pub mod papers;
pub mod plan;
pub mod profiles;
pub mod registration;
pub mod reports;
pub mod search;
pub mod tokens;
pub mod translations;
pub mod work;

//! The MIDSA Dialogue server: configuration, start-up, routes beyond server functions
//! (calendar files, language choice, health), the session/CSRF layer, and the email worker.

pub mod api_v1;
pub mod backup;
pub mod benchdata;
pub mod cache;
pub mod config;
pub mod extract;
pub mod files;
pub mod ical;
pub mod mail;
pub mod middleware;
pub mod parts;
pub mod plan;
pub mod routes;
pub mod routing;
pub mod seed;
pub mod startup;

pub use startup::{build_router, connect_and_migrate, Application};

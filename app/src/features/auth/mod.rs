//! Accounts: sign-in and sign-out, invitations, the user list.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

//! Delegate registration: the secretariat's set-up (window, capacity, quota, categories,
//! approval), self-registration with email confirmation, focal-point nominations for their own
//! delegation, approval one by one or in bulk, the waiting list, withdrawals, participant lists
//! and the CSV export.

pub mod api;
pub mod messages;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod personal;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

//! Where each role's work is: after signing in, the secretariat sees what waits for it
//! (registrations to decide, reports to review, notes verbales missing, comments on circulated
//! minutes), a focal point their reports due and their delegations' gaps, a head of delegation
//! the minutes to comment on; each item links to where it is done. It reads what the features
//! below it own, so it sits above them all.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

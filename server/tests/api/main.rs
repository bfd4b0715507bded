//! HTTP tests: the real server on 127.0.0.1 with its own database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set) and mail written to a temporary directory.

mod access;
mod api_v1;
mod auth;
mod cache;
mod cli;
mod concurrency;
mod crash;
mod documents;
mod downloads;
mod helpers;
mod ical;
mod matrix;
mod meetings;
mod papers;
mod plan;
mod queries;
mod registration;
mod smtp;
mod trust;

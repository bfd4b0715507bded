//! Service tests on the real migrations: SQLite by default, PostgreSQL when
//! `TEST_DATABASE_URL=postgres://…` is set (the test command runs both).

mod accounts;
mod agenda;
mod audit;
mod auth;
mod columns;
mod documents;
mod meetings;
mod minutes;
mod papers;
mod plan;
mod profiles;
mod properties;
mod registration;
mod search;
mod support;
mod translations;
mod trust;
mod work;
mod xss;

use super::types::WorkItem;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::context::{db, require_user};

/// What waits for the signed-in person.
#[server(prefix = "/api", endpoint = "work")]
pub async fn my_work() -> Result<Vec<WorkItem>, AppError> {
    let user = require_user()?;
    Ok(super::service::work(&db()?, &user, chrono::Utc::now()).await?)
}

//! Server function for search.

use super::types::SearchResults;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "search")]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    let db = crate::ssr::db()?;
    let hits = super::service::search(&db, crate::ssr::current_user().as_ref(), &q, 50).await?;
    Ok(SearchResults { query: q, hits })
}

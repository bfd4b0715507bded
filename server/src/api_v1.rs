//! The versioned JSON API for member-state systems: `/api/v1/…`, described by the OpenAPI
//! document at `/api/v1/openapi.json`.
//!
//! Authentication: `Authorization: Bearer midsa_…` (a token created on `/me/tokens`), acting as
//! the token's owner with the same checks as the web pages; without a token, what the public
//! may see. A bad or revoked token is a 401, never silently anonymous. Errors are the same
//! JSON as the server functions' (`{"error": "validation", "fields": […]}` and so on).

use crate::extract::{MaybeUser, Reply, RouteError, ServerState, User};
use app::domain::{parse_id, Lang};
use app::error::AppError;
use app::features::reports::types::{MatrixQuery, ReportForm};
use app::ssr::{AppState, ServiceError};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// The OpenAPI document (checked against the routes and validated in the tests).
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every route of the API, as in the OpenAPI document (the tests compare the two).
pub const ROUTES: [(&str, &str); 13] = [
    ("get", "/api/v1/meetings"),
    ("get", "/api/v1/meetings/{id}"),
    ("get", "/api/v1/meetings/{id}/agenda"),
    ("get", "/api/v1/meetings/{id}/plan"),
    ("get", "/api/v1/meetings/{id}/plan/matrix"),
    ("get", "/api/v1/cycles/{id}"),
    ("get", "/api/v1/cycles/{id}/reports/{recommendation}/{reporter}"),
    ("post", "/api/v1/cycles/{id}/reports"),
    ("get", "/api/v1/profiles"),
    ("get", "/api/v1/profiles/indicators"),
    ("get", "/api/v1/profiles/regional"),
    ("get", "/api/v1/profiles/{country}/{year}"),
    ("get", "/api/v1/openapi.json"),
];

/// Every route of the API with its handler; [`router`] serves exactly these (and a unit test
/// checks that they are [`ROUTES`]).
pub fn routes() -> Vec<crate::routing::PlainRoute> {
    use crate::routing::route;
    vec![
        route(Method::GET, "/api/v1/meetings", meetings),
        route(Method::GET, "/api/v1/meetings/{id}", meeting),
        route(Method::GET, "/api/v1/meetings/{id}/agenda", agenda),
        route(Method::GET, "/api/v1/meetings/{id}/plan", plan),
        route(Method::GET, "/api/v1/meetings/{id}/plan/matrix", matrix),
        route(Method::GET, "/api/v1/cycles/{id}", cycle),
        route(Method::GET, "/api/v1/cycles/{id}/reports/{recommendation}/{reporter}", report),
        route(Method::POST, "/api/v1/cycles/{id}/reports", submit_report),
        route(Method::GET, "/api/v1/profiles", profiles),
        route(Method::GET, "/api/v1/profiles/indicators", profile_indicators),
        route(Method::GET, "/api/v1/profiles/regional", regional_profile),
        route(Method::GET, "/api/v1/profiles/{country}/{year}", profile_edition),
        route(Method::GET, "/api/v1/openapi.json", openapi),
    ]
}

pub fn router(state: AppState) -> Router<ServerState> {
    let mut router = Router::new();
    for (_, path, handler) in routes() {
        router = router.route(path, handler);
    }
    router.layer(axum::middleware::from_fn_with_state(state, bearer))
}

/// Every failure of the API is JSON, whatever the client accepts.
fn fail(e: impl Into<AppError>) -> RouteError {
    Reply::Json.fail(e)
}

/// Resolves `Authorization: Bearer …` to the token's owner (replacing any session user).
async fn bearer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(value) = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_string) else {
        return next.run(req).await;
    };
    let Some(token) = value.strip_prefix("Bearer ").map(str::trim) else {
        return fail(AppError::Unauthenticated).into_response();
    };
    match app::features::tokens::service::resolve(&state.db, token, chrono::Utc::now()).await {
        Ok(Some(user)) => {
            req.extensions_mut().insert(user);
            next.run(req).await
        }
        Ok(None) => fail(AppError::Unauthenticated).into_response(),
        Err(e) => fail(e).into_response(),
    }
}

fn lang(headers: &HeaderMap) -> Lang {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language).unwrap_or_default()
}

/// An id from the path (anything else is a 404, as for an id that does not exist).
fn id(raw: &str) -> Result<i32, RouteError> {
    parse_id(raw).ok_or(fail(AppError::NotFound))
}

type Answer = Result<Response, RouteError>;

fn answer<T: Serialize>(r: Result<T, ServiceError>) -> Answer {
    r.map(|v| Json(v).into_response()).map_err(fail)
}

async fn meetings(State(state): State<AppState>, user: MaybeUser) -> Answer {
    answer(app::features::meetings::service::list(&state.db, user.as_ref(), chrono::Utc::now().date_naive()).await)
}

async fn meeting(State(state): State<AppState>, user: MaybeUser, Path(raw): Path<String>) -> Answer {
    answer(app::features::meetings::service::detail(&state.db, user.as_ref(), id(&raw)?).await)
}

async fn agenda(State(state): State<AppState>, user: MaybeUser, Path(raw): Path<String>) -> Answer {
    answer(app::features::agenda::service::published(&state.db, user.as_ref(), id(&raw)?, None).await)
}

async fn plan(State(state): State<AppState>, user: MaybeUser, headers: HeaderMap, Path(raw): Path<String>) -> Answer {
    answer(app::features::plan::service::page(&state.db, user.as_ref(), id(&raw)?, lang(&headers), chrono::Utc::now()).await)
}

#[derive(Deserialize)]
struct MatrixParams {
    cycle: Option<String>,
    theme: Option<String>,
    level: Option<String>,
}

async fn matrix(
    State(state): State<AppState>,
    user: MaybeUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<MatrixParams>,
) -> Answer {
    let m = id(&raw)?;
    let query = MatrixQuery {
        cycle: q.cycle.as_deref().and_then(parse_id),
        theme: q.theme.unwrap_or_default(),
        level: q.level.unwrap_or_default(),
    };
    let data =
        app::features::reports::service::matrix_memo(&state.db, &state.memo, user.as_ref(), m, query, lang(&headers), chrono::Utc::now())
            .await;
    answer(data.and_then(cells_written_out))
}

/// The matrix with each row's cells written out as objects (`due`, `status`, `percent`), as
/// the OpenAPI document describes them (the pages carry them packed in one string).
fn cells_written_out(d: app::features::reports::types::MatrixData) -> Result<serde_json::Value, ServiceError> {
    let json = |e: serde_json::Error| ServiceError::Internal(format!("matrix as JSON: {e}"));
    let mut v = serde_json::to_value(&d).map_err(json)?;
    if let Some(rows) = v.get_mut("rows").and_then(serde_json::Value::as_array_mut) {
        for (row, r) in rows.iter_mut().zip(&d.rows) {
            row["cells"] = serde_json::to_value(&r.cells).map_err(json)?;
        }
    }
    Ok(v)
}

async fn cycle(State(state): State<AppState>, user: MaybeUser, headers: HeaderMap, Path(raw): Path<String>) -> Answer {
    answer(app::features::reports::service::cycle_page(&state.db, user.as_ref(), id(&raw)?, lang(&headers), chrono::Utc::now()).await)
}

async fn report(
    State(state): State<AppState>,
    user: MaybeUser,
    headers: HeaderMap,
    Path((raw, rec, reporter)): Path<(String, String, String)>,
) -> Answer {
    let (c, r) = (id(&raw)?, id(&rec)?);
    answer(
        app::features::reports::service::report_page(&state.db, user.as_ref(), c, r, &reporter, lang(&headers), chrono::Utc::now()).await,
    )
}

#[derive(Serialize)]
struct PublishedProfile {
    country: app::domain::CountryCode,
    year: i32,
    published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The published migration profiles the caller may read, newest first.
async fn profiles(State(state): State<AppState>, user: MaybeUser) -> Answer {
    let list = app::features::profiles::service::published(&state.db, user.as_ref()).await;
    answer(list.map(|l| {
        l.into_iter().map(|(country, e)| PublishedProfile { country, year: e.year, published_at: e.published_at }).collect::<Vec<_>>()
    }))
}

async fn profile_indicators(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    answer(app::features::profiles::service::indicators(&state.db, lang(&headers)).await)
}

#[derive(Serialize)]
struct RegionalIndicator {
    indicator: app::features::profiles::types::IndicatorRow,
    states: Vec<app::features::profiles::types::RegionalCell>,
}

/// Every indicator of the set with the latest published value of each member state.
async fn regional_profile(State(state): State<AppState>, user: MaybeUser, headers: HeaderMap) -> Answer {
    let all = app::features::profiles::service::regional_all(&state.db, user.as_ref(), lang(&headers)).await;
    answer(all.map(|l| l.into_iter().map(|(indicator, states)| RegionalIndicator { indicator, states }).collect::<Vec<_>>()))
}

async fn profile_edition(
    State(state): State<AppState>,
    user: MaybeUser,
    headers: HeaderMap,
    Path((country, year)): Path<(String, String)>,
) -> Answer {
    let year: i32 = year.trim().parse().map_err(|_| fail(AppError::NotFound))?;
    answer(app::features::profiles::service::edition_page(&state.db, user.as_ref(), &country, year, lang(&headers)).await)
}

/// The body of `POST /api/v1/cycles/{id}/reports`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportBody {
    recommendation_id: i64,
    status: String,
    percent: i64,
    #[serde(default)]
    narrative: String,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    next_steps: String,
    /// False (the default) saves a draft.
    #[serde(default)]
    submit: bool,
}

#[derive(Serialize)]
struct Saved {
    id: i32,
    state: app::domain::ReportState,
}

async fn submit_report(
    State(state): State<AppState>,
    User(user): User,
    Path(raw): Path<String>,
    body: Result<Json<ReportBody>, JsonRejection>,
) -> Answer {
    let c = id(&raw)?;
    let Json(b) = body.map_err(|e| fail(AppError::BadRequest { message: e.body_text() }))?;
    let form = ReportForm {
        cycle_id: c.to_string(),
        recommendation_id: b.recommendation_id.to_string(),
        status: b.status,
        percent: b.percent.to_string(),
        narrative: b.narrative,
        evidence: b.evidence.join("\n"),
        next_steps: b.next_steps,
        submit: b.submit.then(|| "on".into()),
    };
    let (id, state) = app::features::reports::service::save_report(&state.db, &user, &form, chrono::Utc::now()).await.map_err(fail)?;
    Ok((StatusCode::CREATED, Json(Saved { id, state })).into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_served_routes_are_the_documented_ones() {
        let served: Vec<(String, String)> =
            super::routes().into_iter().map(|(m, p, _)| (m.as_str().to_lowercase(), p.to_string())).collect();
        let documented: Vec<(String, String)> = super::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        assert_eq!(served, documented);
    }
}

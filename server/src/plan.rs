//! Plan of Action routes beyond server functions: the import (multipart, works without
//! JavaScript), the import template, and CSV/XLSX exports of the plan, the matrix and a
//! cycle's reports.

use crate::extract::{MaybeUser, Reply, RouteError, User};
use app::domain::parse_id;
use app::features::reports::types::MatrixQuery;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The largest plan import accepted (the route's body limit; a larger file is "file too large").
pub const IMPORT_LIMIT: usize = 10 * 1024 * 1024;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(body: Vec<u8>, name: &str, xlsx: bool) -> Response {
    (
        [
            (header::CONTENT_TYPE, if xlsx { XLSX.to_string() } else { "text/csv; charset=utf-8".to_string() }),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{}\"", if xlsx { "xlsx" } else { "csv" })),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// How many import errors travel back in the redirect (the JSON answer has them all).
const ERRORS_IN_URL: usize = 40;

/// `POST /meetings/{id}/plan/import` (multipart field `file`; secretariat). A browser goes back
/// to the plan with `?imported=N` or `?import_errors=[[field, code], …]`; an API client gets JSON.
pub async fn import(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, RouteError> {
    if !user.is_secretariat() {
        return Err(reply.fail(ServiceError::Forbidden));
    }
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    // The shared reader: a missing or empty file is required, one over the limit too large.
    let result = match crate::files::read_file_field(multipart, IMPORT_LIMIT as u64).await {
        Ok((name, bytes)) if !bytes.is_empty() => {
            app::features::plan::service::import(&state.db, &user, meeting_id, &name, &bytes, chrono::Utc::now()).await
        }
        Ok(_) => Err(app::domain::FieldError::new("file", app::domain::ErrorCode::Required).into()),
        Err(e) => Err(e),
    };
    let back = format!("/meetings/{meeting_id}/plan");
    match (result, reply) {
        (Ok(n), Reply::Json) => Ok((StatusCode::CREATED, axum::Json(serde_json::json!({ "imported": n }))).into_response()),
        (Ok(n), Reply::Page(_)) => Ok(crate::routes::redirect(&format!("{back}?imported={n}#import")).into_response()),
        (Err(ServiceError::Validation(errors)), Reply::Page(_)) => {
            let list: Vec<(String, app::domain::ErrorCode)> =
                errors.0.iter().take(ERRORS_IN_URL).map(|e| (e.field.clone(), e.code.clone())).collect();
            let more = errors.0.len().saturating_sub(ERRORS_IN_URL);
            let encoded = app::domain::url_segment(&serde_json::to_string(&list).unwrap_or_default());
            Err(RouteError::Back(format!("{back}?import_errors={encoded}&import_more={more}#import")))
        }
        (Err(e), reply) => Err(reply.fail(e)),
    }
}

/// `GET /plan-template.csv` and `.xlsx`: the import template with one example row.
pub async fn template(reply: Reply, xlsx: bool) -> Result<Response, RouteError> {
    let body = app::features::plan::service::template(xlsx).map_err(|e| reply.fail(e))?;
    Ok(download(body, "midsa-plan-template", xlsx))
}

/// `GET /meetings/{id}/plan.csv` and `.xlsx`: the plan, for whoever may read it.
pub async fn export(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path(id): Path<String>,
    xlsx: bool,
) -> Result<Response, RouteError> {
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let body = app::features::plan::service::export(&state.db, user.as_ref(), meeting_id, xlsx).await.map_err(|e| reply.fail(e))?;
    Ok(download(body, &format!("midsa-meeting-{meeting_id}-plan"), xlsx))
}

/// `GET /profiles/regional.csv` and `.xlsx`: every indicator × member state, latest published
/// values (missing ones empty), in the reader's language.
pub async fn regional_profile(State(state): State<AppState>, user: MaybeUser, reply: Reply, xlsx: bool) -> Result<Response, RouteError> {
    let lang = match reply {
        Reply::Page(l) => l,
        Reply::Json => app::domain::Lang::En,
    };
    let body = app::features::profiles::service::regional_export(&state.db, user.as_ref(), lang, xlsx).await.map_err(|e| reply.fail(e))?;
    Ok(download(body, "midsa-regional-profile", xlsx))
}

/// `GET /meetings/{id}/plan/matrix.csv` and `.xlsx`, with the dashboard's filters.
pub async fn matrix(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path(id): Path<String>,
    Query(raw): Query<std::collections::HashMap<String, String>>,
    xlsx: bool,
) -> Result<Response, RouteError> {
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let q = MatrixQuery {
        cycle: raw.get("cycle").and_then(|c| parse_id(c)),
        theme: raw.get("theme").cloned().unwrap_or_default(),
        level: raw.get("level").cloned().unwrap_or_default(),
    };
    let body = app::features::reports::service::matrix_export(&state.db, user.as_ref(), meeting_id, q, xlsx, chrono::Utc::now())
        .await
        .map_err(|e| reply.fail(e))?;
    Ok(download(body, &format!("midsa-meeting-{meeting_id}-matrix"), xlsx))
}

/// `GET /cycles/{id}/reports.csv` and `.xlsx`: every submitted version (secretariat).
pub async fn cycle_reports(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path(id): Path<String>,
    xlsx: bool,
) -> Result<Response, RouteError> {
    let cycle_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let body = app::features::reports::service::cycle_reports_export(&state.db, &user, cycle_id, xlsx).await.map_err(|e| reply.fail(e))?;
    Ok(download(body, &format!("midsa-cycle-{cycle_id}-reports"), xlsx))
}

/// `POST /cycles/{cid}/reports/{rid}/files` (multipart field `file`): an evidence file for the
/// focal point's draft. A browser goes back to the report (with `?file_error=…` when refused);
/// an API client gets JSON.
pub async fn upload_evidence(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path((cid, rid)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, RouteError> {
    let (Some(cycle), Some(rec)) = (parse_id(&cid), parse_id(&rid)) else { return Err(reply.fail(ServiceError::NotFound)) };
    let result = match crate::files::read_file_field(multipart, state.config.max_file_bytes).await {
        Ok((name, bytes)) => {
            let store = app::ssr::blob::FileStore::from_config(&state.config);
            app::features::reports::evidence::attach(
                &state.db,
                &store,
                state.config.max_file_bytes,
                &user,
                cycle,
                rec,
                &name,
                &bytes,
                chrono::Utc::now(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    let reporter = user.country.map(|c| c.code().to_string()).or(user.body.clone()).unwrap_or_default();
    crate::files::upload_answer(result, reply, &format!("/cycles/{cycle}/reports/{rec}/{reporter}"), "evidence")
}

/// `GET /report-files/{id}/{name}`: an evidence file, for whoever may see its report version
/// (404 otherwise); sent as an attachment, never sniffed.
pub async fn download_evidence(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path((id, _name)): Path<(String, String)>,
) -> Result<Response, RouteError> {
    let file_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let f = app::features::reports::evidence::for_download(&state.db, user.as_ref(), file_id).await.map_err(|e| reply.fail(e))?;
    let store = app::ssr::blob::FileStore::from_config(&state.config);
    let reader = store.open(&f.sha256).await.map_err(|e| reply.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, crate::files::content_disposition(&f.name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::CONTENT_LENGTH, f.size.max(0).to_string()),
        ],
        crate::files::file_body(reader),
    )
        .into_response())
}

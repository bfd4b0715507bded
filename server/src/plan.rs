//! Plan of Action routes beyond server functions: the import (multipart, works without
//! JavaScript), the import template, and CSV/XLSX exports of the plan, the matrix and a
//! cycle's reports.

use crate::files::wants_json;
use crate::routes::error_response;
use app::domain::parse_id;
use app::error::AppError;
use app::features::auth::types::CurrentUser;
use app::features::reports::types::MatrixQuery;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Extension, Multipart, Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

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
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let Some(Extension(user)) = user else { return error_response(ServiceError::Unauthenticated) };
    if !user.is_secretariat() {
        return error_response(ServiceError::Forbidden);
    }
    let Some(meeting_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    let mut upload: Option<(String, Vec<u8>)> = None;
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("file") {
                let name = field.file_name().unwrap_or("").to_string();
                if let Ok(bytes) = field.bytes().await {
                    upload = Some((name, bytes.to_vec()));
                }
                break;
            }
        }
    }
    let result = match upload {
        Some((name, bytes)) if !bytes.is_empty() => {
            app::features::plan::service::import(&state.db, &user, meeting_id, &name, &bytes, chrono::Utc::now()).await
        }
        _ => Err(app::domain::FieldError::new("file", app::domain::ErrorCode::Required).into()),
    };
    let back = format!("/meetings/{meeting_id}/plan");
    match (result, json) {
        (Ok(n), true) => (StatusCode::CREATED, axum::Json(serde_json::json!({ "imported": n }))).into_response(),
        (Ok(n), false) => crate::routes::redirect(&format!("{back}?imported={n}#import")).into_response(),
        (Err(ServiceError::Validation(errors)), false) => {
            let list: Vec<(String, app::domain::ErrorCode)> =
                errors.0.iter().take(ERRORS_IN_URL).map(|e| (e.field.clone(), e.code.clone())).collect();
            let more = errors.0.len().saturating_sub(ERRORS_IN_URL);
            let encoded = app::domain::url_segment(&serde_json::to_string(&list).unwrap_or_default());
            crate::routes::redirect(&format!("{back}?import_errors={encoded}&import_more={more}#import")).into_response()
        }
        (Err(e), true) => {
            let err: AppError = e.into();
            (StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(err)).into_response()
        }
        (Err(e), false) => error_response(e),
    }
}

/// `GET /plan-template.csv` and `.xlsx`: the import template with one example row.
pub async fn template(xlsx: bool) -> Response {
    match app::features::plan::service::template(xlsx) {
        Ok(body) => download(body, "midsa-plan-template", xlsx),
        Err(e) => error_response(e),
    }
}

/// `GET /meetings/{id}/plan.csv` and `.xlsx`: the plan, for whoever may read it.
pub async fn export(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    xlsx: bool,
) -> Response {
    let Some(meeting_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    match app::features::plan::service::export(&state.db, user.as_ref().map(|u| &u.0), meeting_id, xlsx).await {
        Ok(body) => download(body, &format!("midsa-meeting-{meeting_id}-plan"), xlsx),
        Err(e) => error_response(e),
    }
}

/// `GET /meetings/{id}/plan/matrix.csv` and `.xlsx`, with the dashboard's filters.
pub async fn matrix(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    Query(raw): Query<std::collections::HashMap<String, String>>,
    xlsx: bool,
) -> Response {
    let Some(meeting_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    let q = MatrixQuery {
        cycle: raw.get("cycle").and_then(|c| parse_id(c)),
        theme: raw.get("theme").cloned().unwrap_or_default(),
        level: raw.get("level").cloned().unwrap_or_default(),
    };
    match app::features::reports::service::matrix_export(&state.db, user.as_ref().map(|u| &u.0), meeting_id, q, xlsx, chrono::Utc::now())
        .await
    {
        Ok(body) => download(body, &format!("midsa-meeting-{meeting_id}-matrix"), xlsx),
        Err(e) => error_response(e),
    }
}

/// `GET /cycles/{id}/reports.csv` and `.xlsx`: every submitted version (secretariat).
pub async fn cycle_reports(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<String>,
    xlsx: bool,
) -> Response {
    let Some(Extension(user)) = user else { return error_response(ServiceError::Unauthenticated) };
    let Some(cycle_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    match app::features::reports::service::cycle_reports_export(&state.db, &user, cycle_id, xlsx).await {
        Ok(body) => download(body, &format!("midsa-cycle-{cycle_id}-reports"), xlsx),
        Err(e) => error_response(e),
    }
}

/// `POST /cycles/{cid}/reports/{rid}/files` (multipart field `file`): an evidence file for the
/// focal point's draft. A browser goes back to the report (with `?file_error=…` when refused);
/// an API client gets JSON.
pub async fn upload_evidence(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Path((cid, rid)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let Some(Extension(user)) = user else { return error_response(ServiceError::Unauthenticated) };
    let (Some(cycle), Some(rec)) = (parse_id(&cid), parse_id(&rid)) else { return error_response(ServiceError::NotFound) };
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
    crate::files::upload_answer(result, json, &format!("/cycles/{cycle}/reports/{rec}/{reporter}"), "evidence")
}

/// `GET /report-files/{id}/{name}`: an evidence file, for whoever may see its report version
/// (404 otherwise); sent as an attachment, never sniffed.
pub async fn download_evidence(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path((id, _name)): Path<(String, String)>,
) -> Response {
    let Some(file_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    let f = match app::features::reports::evidence::for_download(&state.db, user.as_ref().map(|u| &u.0), file_id).await {
        Ok(f) => f,
        Err(e) => return error_response(e),
    };
    let store = app::ssr::blob::FileStore::from_config(&state.config);
    match store.open(&f.sha256).await {
        Ok(reader) => (
            [
                (header::CONTENT_TYPE, f.content_type.clone()),
                (header::CONTENT_DISPOSITION, crate::files::content_disposition(&f.name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_LENGTH, f.size.max(0).to_string()),
            ],
            crate::files::file_body(reader),
        )
            .into_response(),
        Err(e) => error_response(e),
    }
}

//! Paper files and the offline pack: upload (multipart form, works without JavaScript),
//! download with the paper's access checks, and the meeting pack as one ZIP.

use crate::routes::error_response;
use app::domain::{parse_id, Lang};
use app::error::AppError;
use app::features::auth::types::CurrentUser;
use app::features::papers::files::{self, FileStore};
use app::ssr::context::LANG_COOKIE;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Extension, Multipart, Path};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

fn store(state: &AppState) -> FileStore {
    FileStore::from_config(&state.config)
}

pub fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

/// `POST /papers/{id}/files` (multipart, field `file`; secretariat only). A browser goes back to
/// the paper (with `?file_error=…` when the file was refused); an API client gets JSON.
pub async fn upload(
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
    let Some(paper_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    let result = match read_file_field(multipart, state.config.max_file_bytes).await {
        Ok((name, bytes)) => files::attach(&state.db, &store(&state), state.config.max_file_bytes, &user, paper_id, &name, &bytes).await,
        Err(e) => Err(e),
    };
    upload_answer(result, json, &format!("/papers/{paper_id}"), "files")
}

/// The `file` field of a multipart upload (the last one, if several): its name and bytes, or
/// the field error a browser shows: required when absent, too large past the body limit
/// (`max_bytes`, the configured file size).
pub async fn read_file_field(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    max_bytes: u64,
) -> Result<(String, Vec<u8>), ServiceError> {
    let mut upload: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    if let Ok(mut multipart) = multipart {
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) if field.name() == Some("file") => {
                    let name = field.file_name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(bytes) => upload = Some((name, bytes.to_vec())),
                        Err(e) => {
                            too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                            break;
                        }
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                    break;
                }
            }
        }
    }
    match (upload, too_large) {
        (_, true) => {
            let max = (max_bytes / (1024 * 1024)).max(1) as usize;
            Err(app::domain::FieldError::new("file", app::domain::ErrorCode::FileTooLarge { max }).into())
        }
        (None, false) => Err(app::domain::FieldError::new("file", app::domain::ErrorCode::Required).into()),
        (Some(upload), false) => Ok(upload),
    }
}

/// The answer to an upload: JSON (201 with the new id, or the error) for API clients; for a
/// browser, back to `back#anchor`, with `?file_error=…` when the file was refused.
pub fn upload_answer(result: Result<i32, ServiceError>, json: bool, back: &str, anchor: &str) -> Response {
    match (result, json) {
        (Ok(id), true) => (StatusCode::CREATED, axum::Json(serde_json::json!({ "id": id }))).into_response(),
        (Ok(_), false) => Redirect::to(&format!("{back}#{anchor}")).into_response(),
        (Err(ServiceError::Validation(errors)), false) => {
            let code = errors.0.first().map(|e| serde_json::to_string(&e.code).unwrap_or_default()).unwrap_or_default();
            Redirect::to(&format!("{back}?file_error={}#{anchor}", app::domain::url_segment(&code))).into_response()
        }
        (Err(e), true) => {
            let err: AppError = e.into();
            (StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(err)).into_response()
        }
        (Err(e), false) => error_response(e),
    }
}

/// `GET /papers/{id}/files/{file}/{name}`: the file, for whoever may read the paper (404
/// otherwise). Sent as an attachment, never sniffed, cached privately (ETag = SHA-256).
pub async fn download(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Path((id, file, _name)): Path<(String, String, String)>,
) -> Response {
    let (Some(paper_id), Some(file_id)) = (parse_id(&id), parse_id(&file)) else {
        return error_response(ServiceError::NotFound);
    };
    let f = match files::for_download(&state.db, user.as_ref().map(|u| &u.0), paper_id, file_id).await {
        Ok(f) => f,
        Err(e) => return error_response(e),
    };
    let etag = format!("\"{}\"", f.sha256);
    let common = [
        (header::CONTENT_TYPE, f.content_type.clone()),
        (header::CONTENT_DISPOSITION, content_disposition(&f.name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        (header::ETAG, etag.clone()),
    ];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    match store(&state).get(&f.sha256).await {
        Ok(bytes) => (common, bytes).into_response(),
        Err(e) => error_response(e),
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", app::domain::url_segment(name))
}

/// `GET /meetings/{id}/pack.zip`: agenda, papers and files the viewer may read, for offline use.
pub async fn pack(
    Extension(state): Extension<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Some(meeting_id) = parse_id(&id) else { return error_response(ServiceError::NotFound) };
    let viewer = user.as_ref().map(|u| &u.0);
    let lang = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| app::ssr::auth::cookie_value(c, LANG_COOKIE))
        .and_then(Lang::from_code)
        .or_else(|| viewer.map(|u| u.locale))
        .unwrap_or_default();
    match app::features::papers::pack::build(&state.db, &store(&state), viewer, meeting_id, lang).await {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error_response(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_disposition_is_ascii_with_an_utf8_name() {
        assert_eq!(
            super::content_disposition("Relatório \"final\".pdf"),
            "attachment; filename=\"Relat_rio _final_.pdf\"; filename*=UTF-8''Relat%C3%B3rio%20%22final%22.pdf"
        );
    }
}

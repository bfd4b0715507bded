//! Paper files and the offline pack: upload (multipart form, works without JavaScript),
//! download with the paper's access checks, and the meeting pack as one ZIP.

use crate::routes::error_response;
use app::domain::{parse_id, Lang};
use app::error::AppError;
use app::features::auth::types::CurrentUser;
use app::features::papers::files;
use app::ssr::blob::{FileReader, FileStore};
use app::ssr::context::LANG_COOKIE;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Extension, Multipart, Path};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

fn store(state: &AppState) -> FileStore {
    FileStore::from_config(&state.config)
}

/// A stored file as a response body, read and sent in chunks (never whole in memory).
pub fn file_body(reader: FileReader) -> axum::body::Body {
    let chunks = futures_util::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        match reader.chunk().await {
            Ok(Some(chunk)) => Some((Ok(axum::body::Bytes::from(chunk)), Some(reader))),
            Ok(None) => None,
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    axum::body::Body::from_stream(chunks)
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
        (Ok(_), false) => crate::routes::redirect(&format!("{back}#{anchor}")).into_response(),
        (Err(ServiceError::Validation(errors)), false) => {
            let code = errors.0.first().map(|e| serde_json::to_string(&e.code).unwrap_or_default()).unwrap_or_default();
            crate::routes::redirect(&format!("{back}?file_error={}#{anchor}", app::domain::url_segment(&code))).into_response()
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
    match store(&state).open(&f.sha256).await {
        Ok(reader) => (common, [(header::CONTENT_LENGTH, f.size.max(0).to_string())], file_body(reader)).into_response(),
        Err(e) => error_response(e),
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", app::domain::url_segment(name))
}

/// Pack builds running at once (each copies every file of a meeting into a ZIP on disk).
static PACK_BUILDS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(2));

/// One build per pack file at a time: a second request for the same pack waits for the first
/// and then sends the file it wrote.
static PACK_LOCKS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>> =
    std::sync::LazyLock::new(Default::default);

/// Where built packs are kept: `DATA_DIR/packs`, beside the stored files.
fn packs_dir(state: &AppState) -> std::path::PathBuf {
    state.config.files_dir.parent().map(|d| d.join("packs")).unwrap_or_else(|| std::path::PathBuf::from("packs"))
}

/// The pack file for `plan`, opened (built first if it is not there yet). It is opened before
/// anything may remove it, so a newer build replacing it never breaks a download under way.
async fn pack_file(state: &AppState, plan: &app::features::papers::pack::PackPlan) -> Result<tokio::fs::File, ServiceError> {
    let dir = packs_dir(state);
    let prefix = format!("meeting-{}-{}-{}-", plan.meeting_id, plan.access, plan.lang.code());
    let path = dir.join(format!("{prefix}{}.zip", plan.fingerprint));
    if let Ok(file) = tokio::fs::File::open(&path).await {
        return Ok(file);
    }
    let key = path.to_string_lossy().into_owned();
    let lock = {
        let mut locks = PACK_LOCKS.lock().map_err(|_| ServiceError::Internal("pack locks poisoned".into()))?;
        locks.entry(key.clone()).or_default().clone()
    };
    let built = async {
        let _building = lock.lock().await;
        if let Ok(file) = tokio::fs::File::open(&path).await {
            return Ok(file);
        }
        let _permit = PACK_BUILDS.acquire().await.map_err(|e| ServiceError::Internal(format!("pack semaphore: {e}")))?;
        tokio::fs::create_dir_all(&dir).await.map_err(|e| ServiceError::Internal(format!("creating {}: {e}", dir.display())))?;
        let tmp = dir.join(format!(".{prefix}{:016x}.tmp", rand::random::<u64>()));
        if let Err(e) = app::features::papers::pack::write_zip(plan, &FileStore::from_config(&state.config), &tmp).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e);
        }
        tokio::fs::rename(&tmp, &path).await.map_err(|e| ServiceError::Internal(format!("storing the pack: {e}")))?;
        let file = tokio::fs::File::open(&path).await.map_err(|e| ServiceError::Internal(format!("opening the pack: {e}")))?;
        // Older packs of the same meeting, access class and language are out of date: removed
        // (a download still reading one keeps its open file).
        if let Ok(mut list) = tokio::fs::read_dir(&dir).await {
            while let Ok(Some(entry)) = list.next_entry().await {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(&prefix) && entry.path() != path {
                    let _ = tokio::fs::remove_file(entry.path()).await;
                }
            }
        }
        Ok(file)
    }
    .await;
    // The lock is only needed while a build is possible: forgotten once nobody else holds it.
    if let Ok(mut locks) = PACK_LOCKS.lock() {
        if locks.get(&key).is_some_and(|l| std::sync::Arc::strong_count(l) <= 2) {
            locks.remove(&key);
        }
    }
    built
}

/// `GET /meetings/{id}/pack.zip`: agenda, papers and files the viewer may read, for offline use.
/// Built once per content (a fingerprint of every page and file in it) and access class, kept
/// on disk, and sent from the file in chunks; at most two builds run at once.
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
    let plan = match app::features::papers::pack::plan(&state.db, viewer, meeting_id, lang).await {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    let etag = format!("\"{}-{}\"", plan.access, plan.fingerprint);
    let common = [
        (header::CONTENT_TYPE, "application/zip".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", plan.file_name)),
        (header::CACHE_CONTROL, "private, no-cache".to_string()),
        (header::ETAG, etag.clone()),
    ];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let file = match pack_file(&state, &plan).await {
        Ok(f) => f,
        Err(e) => return error_response(e),
    };
    match file.metadata().await {
        Ok(meta) => (common, [(header::CONTENT_LENGTH, meta.len().to_string())], file_body(FileReader::Disk(file))).into_response(),
        Err(e) => error_response(ServiceError::Internal(format!("sending the pack: {e}"))),
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

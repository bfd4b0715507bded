//! Paper files and the offline pack: upload (multipart form, works without JavaScript),
//! download with the paper's access checks, and the meeting pack as one ZIP.

use crate::extract::{MaybeUser, Reply, RouteError, User};
use app::domain::parse_id;
use app::features::papers::files;
use app::features::registration::service as registration;
use app::ssr::blob::{FileReader, FileStore};
use app::ssr::{AppState, ServiceError};
use axum::extract::{Multipart, Path, State};
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

/// `POST /papers/{id}/files` (multipart, field `file`; secretariat only). A browser goes back to
/// the paper (with `?file_error=…` when the file was refused); an API client gets JSON.
pub async fn upload(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, RouteError> {
    if !user.is_secretariat() {
        return Err(reply.fail(ServiceError::Forbidden));
    }
    let paper_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let result = match read_file_field(multipart, state.config.max_file_bytes).await {
        Ok((name, bytes)) => files::attach(&state.db, &store(&state), state.config.max_file_bytes, &user, paper_id, &name, &bytes).await,
        Err(e) => Err(e),
    };
    upload_answer(result, reply, &format!("/papers/{paper_id}"), "files")
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
pub fn upload_answer(result: Result<i32, ServiceError>, reply: Reply, back: &str, anchor: &str) -> Result<Response, RouteError> {
    match (result, reply) {
        (Ok(id), Reply::Json) => Ok((StatusCode::CREATED, axum::Json(serde_json::json!({ "id": id }))).into_response()),
        (Ok(_), Reply::Page(_)) => Ok(crate::routes::redirect(&format!("{back}#{anchor}")).into_response()),
        (Err(ServiceError::Validation(errors)), Reply::Page(_)) => {
            let code = errors.0.first().map(|e| serde_json::to_string(&e.code).unwrap_or_default()).unwrap_or_default();
            let sep = if back.contains('?') { '&' } else { '?' };
            Err(RouteError::Back(format!("{back}{sep}file_error={}#{anchor}", app::domain::url_segment(&code))))
        }
        (Err(e), reply) => Err(reply.fail(e)),
    }
}

/// `GET /papers/{id}/files/{file}/{name}`: the file, for whoever may read the paper (404
/// otherwise). Sent as an attachment, never sniffed, cached privately (ETag = SHA-256).
pub async fn download(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    headers: HeaderMap,
    Path((id, file, _name)): Path<(String, String, String)>,
) -> Result<Response, RouteError> {
    let (Some(paper_id), Some(file_id)) = (parse_id(&id), parse_id(&file)) else {
        return Err(reply.fail(ServiceError::NotFound));
    };
    let f = files::for_download(&state.db, user.as_ref(), paper_id, file_id).await.map_err(|e| reply.fail(e))?;
    let etag = format!("\"{}\"", f.sha256);
    let common = [
        (header::CONTENT_TYPE, f.content_type.clone()),
        (header::CONTENT_DISPOSITION, content_disposition(&f.name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        (header::ETAG, etag.clone()),
    ];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let reader = store(&state).open(&f.sha256).await.map_err(|e| reply.fail(e))?;
    Ok((common, [(header::CONTENT_LENGTH, f.size.max(0).to_string())], file_body(reader)).into_response())
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
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, RouteError> {
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    // The reader's language (the API's JSON clients get the default).
    let lang = match reply {
        Reply::Page(lang) => lang,
        Reply::Json => user.as_ref().map(|u| u.locale).unwrap_or_default(),
    };
    let plan = app::features::papers::pack::plan(&state.db, user.as_ref(), meeting_id, lang).await.map_err(|e| reply.fail(e))?;
    let etag = format!("\"{}-{}\"", plan.access, plan.fingerprint);
    let common = [
        (header::CONTENT_TYPE, "application/zip".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", plan.file_name)),
        (header::CACHE_CONTROL, "private, no-cache".to_string()),
        (header::ETAG, etag.clone()),
    ];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let file = pack_file(&state, &plan).await.map_err(|e| reply.fail(e))?;
    let meta = file.metadata().await.map_err(|e| reply.fail(ServiceError::Internal(format!("sending the pack: {e}"))))?;
    Ok((common, [(header::CONTENT_LENGTH, meta.len().to_string())], file_body(FileReader::Disk(file))).into_response())
}

/// `POST /meetings/{id}/delegations/{country}/note-verbale` (multipart, field `file`): the
/// delegation's note verbale, from the state's focal point or the secretariat. A browser goes
/// back to the delegation page (with `?file_error=…` when the file was refused).
pub async fn upload_note_verbale(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path((id, country)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, RouteError> {
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let code = app::domain::CountryCode::parse("country", &country).map_err(|_| reply.fail(ServiceError::NotFound))?;
    let result = match read_file_field(multipart, state.config.max_file_bytes).await {
        Ok((name, bytes)) => {
            registration::attach_note(&state.db, &store(&state), state.config.max_file_bytes, &user, meeting_id, code.code(), &name, &bytes)
                .await
        }
        Err(e) => Err(e),
    };
    upload_answer(result, reply, &format!("/meetings/{meeting_id}/delegation?country={}", code.code()), "note-verbale")
}

/// `GET /meetings/{id}/notes-verbales/{note}/{name}`: a note verbale, for the secretariat and
/// the focal points of its state only (404 for everyone else).
pub async fn download_note_verbale(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path((id, note, _name)): Path<(String, String, String)>,
) -> Result<Response, RouteError> {
    let (Some(meeting_id), Some(note_id)) = (parse_id(&id), parse_id(&note)) else {
        return Err(reply.fail(ServiceError::NotFound));
    };
    let n = registration::note_for_download(&state.db, user.as_ref(), meeting_id, note_id).await.map_err(|e| reply.fail(e))?;
    let reader = store(&state).open(&n.sha256).await.map_err(|e| reply.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, n.content_type.clone()),
            (header::CONTENT_DISPOSITION, content_disposition(&n.name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::CONTENT_LENGTH, n.size.max(0).to_string()),
        ],
        file_body(reader),
    )
        .into_response())
}

/// `GET /registrations/{id}/invitation.pdf` and `…/certificate.pdf`: a participant's invitation
/// letter or certificate of attendance, for the secretariat and the participant (404 for
/// anyone else). Made on request, never cached.
pub async fn letter(
    State(state): State<AppState>,
    user: MaybeUser,
    reply: Reply,
    Path(id): Path<String>,
    kind: registration::LetterKind,
) -> Result<Response, RouteError> {
    let id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let (name, bytes) =
        registration::letter(&state.db, &store(&state), user.as_ref(), id, kind, chrono::Utc::now()).await.map_err(|e| reply.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Bytes written by a blocking ZIP writer, forwarded to the response body in 64 KiB chunks; a
/// closed response (the client went away) stops the writer.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = axum::body::Bytes::from(std::mem::take(&mut self.buf));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "download closed"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 64 * 1024 {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `GET /meetings/{id}/invitations.zip` and `…/certificates.zip` (secretariat): every letter
/// of the meeting as one ZIP, made one PDF at a time on a blocking thread and streamed as it is
/// written (a few hundred letters never sit in memory together).
pub async fn letters_zip(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path(id): Path<String>,
    kind: registration::LetterKind,
) -> Result<Response, RouteError> {
    let meeting_id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    let (ctx, rows) = registration::letters_batch(&state.db, &store(&state), &user, meeting_id, kind, chrono::Utc::now())
        .await
        .map_err(|e| reply.fail(e))?;
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let (mut ctx, mut out) = (ctx, ChannelWriter { tx: tx.clone(), buf: Vec::with_capacity(64 * 1024) });
        if let Err(e) = registration::write_letters_zip(&mut ctx, &rows, kind, &mut out) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                tracing::error!(error = %e, "letters ZIP");
                let _ = tx.blocking_send(Err(e));
            }
        }
    });
    let body = axum::body::Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    let name = format!("{}s-{meeting_id}.zip", kind.stem());
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// `POST /meetings/{id}/letters` (multipart: `letterhead` and `signature` files, optional;
/// `signatory_name`, `signatory_title`; secretariat): the meeting's letter settings. A browser
/// goes back to the registrations page (`?file_error=…` when something was refused).
pub async fn save_letters(
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
    let mut form = registration::LetterSettingsForm { meeting_id: meeting_id.to_string(), ..Default::default() };
    let mut too_large = None;
    if let Ok(mut multipart) = multipart {
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(bytes) => match name.as_str() {
                            "letterhead" if !bytes.is_empty() => form.letterhead = Some(bytes.to_vec()),
                            "signature" if !bytes.is_empty() => form.signature = Some(bytes.to_vec()),
                            "signatory_name" => form.signatory_name = String::from_utf8_lossy(&bytes).into_owned(),
                            "signatory_title" => form.signatory_title = String::from_utf8_lossy(&bytes).into_owned(),
                            _ => {}
                        },
                        Err(e) => {
                            too_large = Some(e.status() == StatusCode::PAYLOAD_TOO_LARGE);
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    too_large = Some(e.status() == StatusCode::PAYLOAD_TOO_LARGE);
                    break;
                }
            }
        }
    }
    let result = match too_large {
        Some(true) => {
            let max = (state.config.max_file_bytes / (1024 * 1024)).max(1) as usize;
            Err(app::domain::FieldError::new("letterhead", app::domain::ErrorCode::FileTooLarge { max }).into())
        }
        Some(false) => Err(app::domain::FieldError::new("letterhead", app::domain::ErrorCode::Required).into()),
        None => registration::save_letter_settings(&state.db, &store(&state), state.config.max_file_bytes, &user, &form)
            .await
            .map(|()| meeting_id),
    };
    upload_answer(result, reply, &format!("/meetings/{meeting_id}/registrations"), "letters")
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

//! Plain axum routes.

use crate::extract::{MaybeUser, Reply, RouteError, User};
use app::domain::{ErrorCode, FieldError, Lang};
use app::ssr::context::{LANG_COOKIE, LITE_COOKIE};
use app::ssr::entities::app_user;
use app::ssr::{AppState, ServiceError};
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

/// Liveness and database check.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
}

/// Remembers the chosen UI language (cookie, and the user's setting when signed in, so that
/// emails follow it) and goes back to the page the form was on.
pub async fn set_language(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    reply: Reply,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Result<Response, RouteError> {
    let Some(lang) = Lang::from_code(&form.lang) else {
        return Err(reply.fail(ServiceError::from(FieldError::new("lang", ErrorCode::InvalidChoice))));
    };
    if let Some(user) = user {
        let res = app_user::Entity::update_many()
            .col_expr(app_user::Column::Locale, Expr::value(lang))
            .filter(app_user::Column::Id.eq(user.id))
            .exec(&state.db)
            .await;
        if let Err(e) = res {
            tracing::warn!(error = %e, "could not store the language choice");
        }
    }
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        lang.code(),
        if state.config.secure_cookies { "; Secure" } else { "" }
    );
    Ok(([(header::SET_COOKIE, cookie)], redirect(&back_path(&state, &headers))).into_response())
}

/// The same-site page a preference form was sent from, else `/`.
fn back_path(state: &AppState, headers: &HeaderMap) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix(&state.config.public_url).map(str::to_string).or_else(|| local_path_of(r, headers)))
        .map(|p| app::domain::local_path(&p).to_string())
        .unwrap_or_else(|| "/".into())
}

#[derive(Deserialize)]
pub struct LiteForm {
    pub lite: String,
}

/// `POST /set-lite` (`lite=on|off`): light pages (no scripts downloaded, every page a plain
/// server-rendered page with plain forms) or the interactive ones. Remembered in a cookie, which
/// also overrides the browser's `Save-Data: on`.
pub async fn set_lite(
    State(state): State<AppState>,
    reply: Reply,
    headers: HeaderMap,
    Form(form): Form<LiteForm>,
) -> Result<Response, RouteError> {
    let value = match form.lite.as_str() {
        "on" => "1",
        "off" => "0",
        _ => return Err(reply.fail(ServiceError::from(FieldError::new("lite", ErrorCode::InvalidChoice)))),
    };
    let cookie = format!(
        "{LITE_COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        if state.config.secure_cookies { "; Secure" } else { "" }
    );
    Ok(([(header::SET_COOKIE, cookie)], redirect(&back_path(&state, &headers))).into_response())
}

/// The path of a same-host referer (`http://host/path` where host is this request's Host).
fn local_path_of(referer: &str, headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    Some(if path.is_empty() { "/".into() } else { path.to_string() })
}

/// `GET /meetings/{id}/registrations.csv` and `.xlsx`: every registration with all details
/// (secretariat only: 401 signed out, 403 for other roles).
pub async fn registrations_export(
    State(state): State<AppState>,
    User(user): User,
    reply: Reply,
    Path(id): Path<String>,
    xlsx: bool,
) -> Result<Response, RouteError> {
    let id = app::domain::parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
    use app::features::registration::service as reg;
    let result = if xlsx {
        reg::export_xlsx(&state.db, &user, id)
            .await
            .map(|b| (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"))
    } else {
        reg::export_csv(&state.db, &user, id).await.map(|b| (b.into_bytes(), "text/csv; charset=utf-8", "csv"))
    };
    let (body, content_type, ext) = result.map_err(|e| reply.fail(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"midsa-meeting-{id}-registrations.{ext}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// A redirect to a same-site path (see [`app::domain::local_path`]): never to another host, and
/// never a panic on a target that would not make a valid `Location` header.
pub fn redirect(path: &str) -> Redirect {
    Redirect::to(app::domain::local_path(path))
}

/// `GET /invite/{token}` and `GET /password/reset/{token}`: the emailed one-time links. The
/// token is moved into a short-lived HttpOnly cookie and the browser sent on to the same page
/// without it (`/invite`, `/password/reset`), so that it stays in no address the browser keeps
/// in its history or sends as a referrer. The page and its form read the cookie.
pub async fn open_invite(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    swap_link(&state, "invite", &token, "/invite", 7 * 24 * 3600)
}

pub async fn open_password_link(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    swap_link(&state, "reset", &token, "/password/reset", 3600)
}

fn swap_link(state: &AppState, kind: &str, token: &str, to: &str, max_age: i64) -> Response {
    let mut res = redirect(to).into_response();
    // A token is URL-safe base64; anything else cannot be one (and must not reach a header).
    if !token.is_empty() && token.len() <= 100 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        let cookie = format!(
            "{}={kind}.{token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
            app::ssr::flash::LINK_COOKIE,
            if state.config.secure_cookies { "; Secure" } else { "" }
        );
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
    res
}

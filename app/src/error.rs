//! The one error type that crosses the wire, and the view that shows it.

use crate::domain::{FieldError, FieldErrors};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every server function returns `Result<T, AppError>`. Internal errors carry only an opaque
/// reference; their cause is logged on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    NotFound,
    Unauthenticated,
    Forbidden,
    /// Field errors, plus the submitted values so a form posted without JavaScript can be
    /// shown again as the user typed it.
    Validation {
        fields: Vec<FieldError>,
        echo: Vec<(String, String)>,
    },
    Conflict {
        message: String,
    },
    TooManyRequests,
    /// The request body was over the size limit (413).
    PayloadTooLarge,
    BadRequest {
        message: String,
    },
    Internal {
        reference: String,
    },
}

impl AppError {
    pub fn validation(errors: FieldErrors) -> Self {
        AppError::Validation { fields: errors.0, echo: Vec::new() }
    }

    pub fn field(e: FieldError) -> Self {
        AppError::Validation { fields: vec![e], echo: Vec::new() }
    }

    /// Attaches the submitted form values (if this is a validation error).
    pub fn with_echo(self, echo: Vec<(String, String)>) -> Self {
        match self {
            AppError::Validation { fields, .. } => AppError::Validation { fields, echo },
            other => other,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Validation { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::TooManyRequests => 429,
            AppError::PayloadTooLarge => 413,
            AppError::BadRequest { .. } => 400,
            AppError::Internal { .. } => 500,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Validation { fields, .. } => fields,
            _ => &[],
        }
    }

    pub fn echo(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Validation { echo, .. } => echo.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound => f.write_str("not found"),
            AppError::Unauthenticated => f.write_str("sign-in required"),
            AppError::Forbidden => f.write_str("forbidden"),
            AppError::Validation { fields, .. } => {
                let list: Vec<String> = fields.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                write!(f, "invalid input: {}", list.join("; "))
            }
            AppError::Conflict { message } => write!(f, "conflict: {message}"),
            AppError::TooManyRequests => f.write_str("too many requests"),
            AppError::PayloadTooLarge => f.write_str("request body too large"),
            AppError::BadRequest { message } => write!(f, "bad request: {message}"),
            AppError::Internal { reference } => write!(f, "internal error (reference {reference})"),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A body over the limit fails while it is read: answered 413, not 400.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) if is_length_limit(&m) => AppError::PayloadTooLarge,
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest { message: m },
            ServerFnErrorErr::MissingArg(m) => AppError::BadRequest { message: format!("missing argument {m}") },
            ServerFnErrorErr::UnsupportedRequestMethod(m) => AppError::BadRequest { message: m },
            other => AppError::Internal { reference: format!("transport: {other}") },
        }
    }
}

/// Whether a body-reading error is the body limit's (hyper/axum say "length limit exceeded").
fn is_length_limit(message: &str) -> bool {
    message.contains("length limit exceeded")
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::validation(e)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::field(e)
    }
}

/// An internal error's reference as shown to people: the opaque reference the server made (a
/// short run of letters, digits and dashes), never arbitrary text.
pub fn shown_reference(reference: &str) -> &str {
    if !reference.is_empty() && reference.len() <= 64 && reference.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        reference
    } else {
        "—"
    }
}

impl AppError {
    /// The title and text a reader sees for this error, in the language of `t` (the page's
    /// error panel and the plain routes' error pages say the same thing).
    pub fn title_and_body(&self, t: &'static crate::i18n::Strings) -> (&'static str, String) {
        match self {
            AppError::NotFound => (t.err_not_found_title, t.err_not_found_body.to_string()),
            AppError::Unauthenticated => (t.err_unauthenticated_title, t.err_unauthenticated_body.to_string()),
            AppError::Forbidden => (t.err_forbidden_title, t.err_forbidden_body.to_string()),
            AppError::Internal { reference } => (t.err_internal_title, format!("{} {}", t.err_internal_body, shown_reference(reference))),
            // Only the application's own translated texts: a conflict's or a bad request's message
            // (English, for logs and API clients) is never put on the page.
            AppError::Conflict { .. } => (t.err_conflict_title, t.err_conflict_body.to_string()),
            AppError::TooManyRequests => (t.err_generic_title, t.login_rate_limited.to_string()),
            AppError::PayloadTooLarge => (t.err_generic_title, t.fe_too_large.to_string()),
            AppError::BadRequest { .. } => (t.err_generic_title, t.err_bad_request.to_string()),
            // A page whose address carries a value it cannot use (a filter edited by hand, say):
            // each refused parameter with the reason, in the reader's language.
            AppError::Validation { fields, .. } => (
                t.err_generic_title,
                fields.iter().map(|e| format!("{}{}{}", e.field, t.colon, t.field_error(&e.code))).collect::<Vec<_>>().join("; "),
            ),
        }
    }
}

/// Shows an error to the user in their language and, during server rendering, sets the HTTP
/// status of the page (404 for a missing meeting, 403 for a forbidden page, ...).
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = axum::http::StatusCode::from_u16(error.status()) {
                opts.set_status(code);
            }
        }
    }
    let t = use_i18n();
    let (title, body) = error.title_and_body(t);
    let login = matches!(error, AppError::Unauthenticated);
    view! {
        <section class="error-panel" role="alert">
            <h1>{title}</h1>
            <p>{body}</p>
            {login
                .then(|| {
                    view! {
                        <p>
                            <a href="/login">{t.nav_login}</a>
                        </p>
                    }
                })}
        </section>
    }
}

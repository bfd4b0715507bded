use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use sea_orm::DbErr;

/// What a service can fail with. Database and internal errors are logged with their cause and
/// reach users only as an opaque reference.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests,
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Validation(e)
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Validation(FieldErrors(vec![e]))
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Validation(f) => AppError::validation(f),
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Unauthenticated => AppError::Unauthenticated,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Conflict(message) => AppError::Conflict { message },
            ServiceError::TooManyRequests => AppError::TooManyRequests,
            other => {
                let reference = error_reference();
                let mut chain = format!("{other}");
                let mut source = std::error::Error::source(&other);
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(reference = %reference, error = %chain, "request failed");
                AppError::Internal { reference }
            }
        }
    }
}

/// The id of one HTTP request: the server's outermost layer gives every request one, names the
/// request by it in every log line (the tracing span) and in the `x-request-id` response header,
/// and an error page shows it as the reference a user can quote to the secretariat, so the
/// secretariat finds the matching log lines at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    /// A fresh id: `R-` and 12 hexadecimal digits (48 random bits).
    pub fn new() -> Self {
        let n: u64 = rand::random::<u64>() & 0xFFFF_FFFF_FFFF;
        RequestId(format!("R-{n:012X}"))
    }
}

impl Default for RequestId {
    fn default() -> Self {
        Self::new()
    }
}

tokio::task_local! {
    static REQUEST_ID: RequestId;
}

/// Runs `work` as the request `id` (what [`error_reference`] returns inside it).
pub async fn with_request_id<F: std::future::Future>(id: RequestId, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The reference of an error: the id of the request being served, read from the task that
/// serves it or, in a page rendered by Leptos (whose resources may run on other tasks), from the
/// request in the Leptos context; a fresh one outside a request (background jobs).
pub fn error_reference() -> String {
    REQUEST_ID
        .try_with(|id| id.0.clone())
        .ok()
        .or_else(|| super::context::with_parts(|p| p.extensions.get::<RequestId>().map(|id| id.0.clone())))
        .unwrap_or_else(|| RequestId::new().0)
}

pub type ServiceResult<T> = Result<T, ServiceError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_error_reference_is_the_request_id() {
        let id = RequestId::new();
        assert!(id.0.len() == 14 && id.0.starts_with("R-") && id.0[2..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(with_request_id(id.clone(), async { error_reference() }).await, id.0);
        let AppError::Internal { reference } = AppError::from(ServiceError::Internal("boom".into())) else { panic!("not internal") };
        assert_ne!(reference, id.0, "outside a request, a fresh reference");
        let inside = with_request_id(id.clone(), async { AppError::from(ServiceError::Internal("boom".into())) }).await;
        assert_eq!(inside, AppError::Internal { reference: id.0 });
    }
}

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

/// A short random reference that a user can quote to the secretariat.
pub fn error_reference() -> String {
    let n: u32 = rand::random();
    format!("E-{n:08X}")
}

pub type ServiceResult<T> = Result<T, ServiceError>;

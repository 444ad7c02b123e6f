//! Errors as they cross IPC: a closed `code` the UI localizes, and the
//! message in English for details and logs.

use serde::Serialize;
use travesia_core::templates::TemplateError;
use travesia_store::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    TooNew,
    Damaged,
    Io,
    Conflict,
    /// The person stopped it (an export).
    Cancelled,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        let code = match &e {
            StoreError::TooNew { .. } => ErrorCode::TooNew,
            StoreError::Damaged { .. } => ErrorCode::Damaged,
            StoreError::MapNotFound(_) | StoreError::SnapshotNotFound(_) => ErrorCode::NotFound,
            StoreError::Busy => ErrorCode::Conflict,
            StoreError::Edit(_) | StoreError::Format(_) => ErrorCode::InvalidInput,
            StoreError::Io { .. }
            | StoreError::DiskFull
            | StoreError::ReadOnly
            | StoreError::Moved => ErrorCode::Io,
            StoreError::Sqlite(_) | StoreError::Corrupt(_) => ErrorCode::Internal,
        };
        AppError::new(code, e.to_string())
    }
}

impl From<TemplateError> for AppError {
    fn from(e: TemplateError) -> AppError {
        let code = match e {
            TemplateError::Broken(_) => ErrorCode::Internal,
            _ => ErrorCode::InvalidInput,
        };
        AppError::new(code, e.to_string())
    }
}

//! The one error type of the store.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the Stint database {path} stayed locked by another Stint process for over {seconds} seconds: try again in a moment")]
    Busy { path: PathBuf, seconds: u64 },
    #[error(
        "the Stint database {path} was written by a newer Stint (schema {found}, this one knows {known}): update Stint"
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("the Stint database {path} is damaged or not a Stint database ({detail}): move it aside to start afresh, or restore a backup")]
    Corrupt { path: PathBuf, detail: String },
    #[error("could not prepare {path}: {source}; check that the folder exists and is writable by you")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the Stint database {path} failed: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

impl StoreError {
    /// Worth trying again later without changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Busy { .. })
    }

    /// A short stable name for logs (which never carry the message: it may hold user input).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Busy { .. } => "store.busy",
            StoreError::NewerSchema { .. } => "store.newer_schema",
            StoreError::Corrupt { .. } => "store.corrupt",
            StoreError::Io { .. } => "store.io",
            StoreError::Sqlite { .. } => "store.sqlite",
        }
    }
}

/// Whether a SQLite error means "another connection holds the lock".
pub(crate) fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Classifies a SQLite error for the database at `path`.
pub(crate) fn classify(path: &std::path::Path, err: rusqlite::Error) -> StoreError {
    let corrupt =
        matches!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase)
        ) || matches!(err, rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..));
    if corrupt {
        StoreError::Corrupt { path: path.to_path_buf(), detail: err.to_string() }
    } else {
        StoreError::Sqlite { path: path.to_path_buf(), source: err }
    }
}

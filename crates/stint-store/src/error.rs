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
    #[error("{path} is not Stint's database ({why}); Stint left it as it is: move it elsewhere, or set STINT_HOME to another folder")]
    Foreign { path: PathBuf, why: String },
    #[error("{path} is a symbolic link (to {target}); Stint does not follow links to its database: set STINT_HOME to the folder that holds the real file, or put the file itself there")]
    Symlink { path: PathBuf, target: String },
    #[error("{path} is a {kind}, not a database file; Stint left it as it is: remove it, or set STINT_HOME to another folder")]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("the Stint database {path} is read-only for you: make it writable (chmod u+w), or set STINT_HOME to another folder")]
    ReadOnly { path: PathBuf },
    #[error("Stint cannot create or write its journal files (stint.db-wal, stint.db-shm) in {dir}: make the folder, and any such files in it, writable for you, or set STINT_HOME to another folder")]
    FolderNotWritable { dir: PathBuf },
    #[error("could not open {path}: {source}")]
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
            StoreError::Foreign { .. } => "store.foreign",
            StoreError::Symlink { .. } => "store.symlink",
            StoreError::NotAFile { .. } => "store.not_a_file",
            StoreError::ReadOnly { .. } => "store.read_only",
            StoreError::FolderNotWritable { .. } => "store.folder_not_writable",
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

/// SQLite says "read-only" both when the database file is and when the journal files beside it
/// cannot be made or written; which one it is decides what the person must fix.
pub(crate) fn read_only(path: &std::path::Path) -> StoreError {
    if std::fs::OpenOptions::new().write(true).open(path).is_ok() {
        StoreError::FolderNotWritable { dir: path.parent().unwrap_or(std::path::Path::new("/")).to_path_buf() }
    } else {
        StoreError::ReadOnly { path: path.to_path_buf() }
    }
}

/// Classifies a SQLite error for the database at `path`.
pub(crate) fn classify(path: &std::path::Path, err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        // The file is there (Stint checked), so failing to open or write it is about permissions:
        // the file's own, or its folder's, which SQLite needs for the journal files beside it.
        Some(rusqlite::ErrorCode::ReadOnly) => return read_only(path),
        Some(rusqlite::ErrorCode::CannotOpen) if path.is_file() => return read_only(path),
        _ => {}
    }
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

//! Deleting every piece of local data Stint keeps: the database (with its WAL files), the logs and
//! the config file. The confirmation question is the shell's; what it lists comes from here.

use std::path::PathBuf;

use stint_store::Store;

use crate::views::PurgePlan;
use crate::{AppError, Paths};

fn candidates(paths: &Paths) -> Vec<PathBuf> {
    let db = paths.database.as_os_str();
    let with = |suffix: &str| {
        let mut p = db.to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    vec![
        paths.database.clone(),
        with("-wal"),
        with("-shm"),
        with("-journal"),
        paths.log_dir.clone(),
        paths.config_file.clone(),
    ]
}

/// What `purge` would remove, with counts from the database when it can be read.
pub fn purge_plan(paths: &Paths) -> PurgePlan {
    let counts = paths
        .database
        .is_file()
        .then(|| Store::open(&paths.database).ok())
        .flatten()
        .and_then(|mut store| store.read(|tx| Ok::<_, AppError>((tx.counts()?, tx.running()?.is_some()))).ok());
    PurgePlan {
        paths: candidates(paths).into_iter().filter(|p| p.exists()).collect(),
        entries: counts.map(|(c, _)| c.local + c.pending + c.failed + c.synced),
        not_in_jira: counts.map(|(c, _)| c.local + c.pending + c.failed),
        running: counts.map(|(_, running)| running),
    }
}

/// Removes everything in the plan, then the data and config folders if that left them empty.
/// Returns what was removed.
pub fn purge(paths: &Paths) -> Result<Vec<PathBuf>, AppError> {
    // Logged before, not after: the log folder itself is about to go.
    tracing::info!("purging local data");
    let mut removed = Vec::new();
    for path in candidates(paths) {
        let result = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        match result {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(AppError::Io { action: "remove", path, source }),
        }
    }
    for dir in [Some(paths.data_dir.as_path()), paths.config_file.parent()].into_iter().flatten() {
        // Only an empty folder goes: remove_dir refuses anything else, which is what we want.
        if std::fs::remove_dir(dir).is_ok() {
            removed.push(dir.to_path_buf());
        }
    }
    Ok(removed)
}

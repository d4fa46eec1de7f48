//! Deleting every piece of local data Stint keeps, and nothing else. The confirmation question is
//! the shell's; what it lists comes from here.
//!
//! Stint's paths may hold things that are not Stint's (a shared `STINT_HOME`, a linked dotfile),
//! so each candidate is checked: the database only if it is Stint's (`Store::identify_file`), the
//! log files only by the names Stint gives them, the config file only if it holds nothing but
//! Stint's settings. Folders go only once empty. Whatever stays is reported with the reason.

use std::path::{Path, PathBuf};

use stint_jira::Vault;
use stint_store::{describe_kind, Identity, Store, StoreError};

use crate::settings::is_stint_config_file;
use crate::views::{Kept, PurgePlan, Purged};
use crate::{AppError, Paths};

/// What purge would delete and what it would leave.
struct Decision {
    delete: Vec<PathBuf>,
    /// Folders that are Stint's through and through, removed with what they hold.
    delete_dirs: Vec<PathBuf>,
    kept: Vec<Kept>,
}

impl Decision {
    fn keep(&mut self, path: &Path, why: impl Into<String>) {
        self.kept.push(Kept { path: path.to_path_buf(), why: why.into() });
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// `stint.YYYY-MM-DD.log`: the daily files Stint's logger writes.
fn is_stint_log_name(name: &str) -> bool {
    let Some(date) = name.strip_prefix("stint.").and_then(|rest| rest.strip_suffix(".log")) else { return false };
    date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

fn decide(paths: &Paths) -> Decision {
    let mut d = Decision { delete: Vec::new(), delete_dirs: Vec::new(), kept: Vec::new() };
    decide_database(paths, &mut d);
    decide_logs(paths, &mut d);
    decide_config(paths, &mut d);
    decide_window_state(paths, &mut d);
    decide_webview(paths, &mut d);
    decide_autostart(paths, &mut d);
    d
}

/// The tray's autostart entry, if it is the one Stint wrote.
fn decide_autostart(paths: &Paths, d: &mut Decision) {
    let file = &paths.autostart;
    let Ok(meta) = std::fs::symlink_metadata(file) else { return };
    if meta.is_file() && crate::autostart::is_ours(file) {
        d.delete.push(file.clone());
    } else {
        d.keep(file, "it is not the autostart entry Stint writes");
    }
}

/// The web engine's folder: the window is its only writer, so all of it goes (a link does not).
fn decide_webview(paths: &Paths, d: &mut Decision) {
    let dir = &paths.webview_dir;
    let Ok(meta) = std::fs::symlink_metadata(dir) else { return };
    if meta.is_dir() {
        d.delete_dirs.push(dir.clone());
    } else {
        d.keep(dir, format!("it is a {}, not the folder Stint's window writes", describe_kind(&meta.file_type())));
    }
}

/// The window's size and place, as the desktop app writes it (a JSON object of windows).
fn decide_window_state(paths: &Paths, d: &mut Decision) {
    let file = &paths.window_state;
    let Ok(meta) = std::fs::symlink_metadata(file) else { return };
    // A few hundred bytes when the window wrote it; anything large is not its.
    let ours = meta.is_file()
        && meta.len() <= 64 * 1024
        && std::fs::read(file).is_ok_and(|bytes| {
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes)
                .is_ok_and(|windows| windows.values().all(|w| w.get("width").is_some() && w.get("height").is_some()))
        });
    if ours {
        d.delete.push(file.clone());
    } else {
        d.keep(file, "it is not the window geometry Stint writes");
    }
}

fn decide_database(paths: &Paths, d: &mut Decision) {
    let db = &paths.database;
    let exists = std::fs::symlink_metadata(db).is_ok();
    let ours = !exists
        || match Store::identify_file(db) {
            Ok(Identity::Foreign(why)) => {
                d.keep(db, format!("it is not Stint's database ({why})"));
                false
            }
            Ok(_) => true,
            Err(StoreError::Corrupt { .. }) => {
                d.keep(db, "it is not a database Stint can read; if it was Stint's, delete it yourself");
                false
            }
            Err(StoreError::Symlink { target, .. }) => {
                d.keep(db, format!("it is a symbolic link (to {target}); Stint removes only its own files"));
                false
            }
            Err(StoreError::NotAFile { kind, .. }) => {
                d.keep(db, format!("it is a {kind}, not Stint's database"));
                false
            }
            Err(e) => {
                d.keep(db, format!("it could not be checked ({e})"));
                false
            }
        };
    if ours {
        let files = [
            db.clone(),
            with_suffix(db, "-wal"),
            with_suffix(db, "-shm"),
            with_suffix(db, "-journal"),
            paths.data_dir.join("sync.lock"),
            paths.data_dir.join("jira-sign-in.lock"),
        ];
        d.delete.extend(files.into_iter().filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())));
    }
}

fn decide_logs(paths: &Paths, d: &mut Decision) {
    let dir = &paths.log_dir;
    let Ok(meta) = std::fs::symlink_metadata(dir) else { return };
    if !meta.is_dir() {
        d.keep(dir, format!("it is a {}, not the folder Stint writes its logs to", describe_kind(&meta.file_type())));
        return;
    }
    let Ok(listing) = std::fs::read_dir(dir) else {
        d.keep(dir, "it could not be read");
        return;
    };
    let mut others = 0;
    for entry in listing.flatten() {
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && entry.file_name().to_str().is_some_and(is_stint_log_name) {
            d.delete.push(entry.path());
        } else {
            others += 1;
        }
    }
    if others > 0 {
        let noun = if others == 1 { "thing" } else { "things" };
        d.keep(dir, format!("it also holds {others} {noun} Stint did not write"));
    }
}

fn decide_config(paths: &Paths, d: &mut Decision) {
    let file = &paths.config_file;
    let Ok(meta) = std::fs::symlink_metadata(file) else { return };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(file).map(|t| t.display().to_string()).unwrap_or_default();
        d.keep(file, format!("it is a symbolic link (to {target}); Stint leaves linked settings alone"));
    } else if !meta.is_file() {
        d.keep(file, format!("it is a {}, not Stint's config file", describe_kind(&meta.file_type())));
    } else if is_stint_config_file(file) {
        d.delete.push(file.clone());
    } else {
        d.keep(file, "it holds more than Stint's settings");
    }
}

/// What `purge` would remove and leave, with counts from the database when it can be read.
pub fn purge_plan(paths: &Paths) -> PurgePlan {
    let decision = decide(paths);
    let counts = decision
        .delete
        .contains(&paths.database)
        .then(|| Store::open(&paths.database).ok())
        .flatten()
        .and_then(|mut store| store.read(|tx| Ok::<_, AppError>((tx.counts()?, tx.running()?.is_some()))).ok());
    PurgePlan {
        paths: decision.delete.into_iter().chain(decision.delete_dirs).collect(),
        kept: decision.kept,
        entries: counts.map(|(c, _)| c.local + c.pending + c.failed + c.synced),
        not_in_jira: counts.map(|(c, _)| c.local + c.pending + c.failed),
        running: counts.map(|(_, running)| running),
    }
}

/// Deletes the Jira tokens this database's sign-ins keep in the keychain, one per site, and each
/// site's Tempo token. Without
/// a recorded sign-in a keychain that cannot be reached is no obstacle; with one, purge stops
/// first, so no token is orphaned once the database that names it is gone.
fn forget_token(paths: &Paths) -> Result<(), AppError> {
    // A database this Stint cannot open (a newer one, a damaged one) names no token it can find.
    let Ok(mut store) = Store::open(&paths.database) else { return Ok(()) };
    let (install_id, sites) = store.read(|tx| Ok::<_, AppError>((tx.install_id()?, tx.sites()?)))?;
    let signed_in = !sites.is_empty();
    // A refresh in flight finishes first, and none writes a token back after this. (Without a
    // sign-in no refresh can be in flight, and no lock file is made only to be left behind.)
    let _lock =
        signed_in.then(|| stint_jira::sign_in_lock(&paths.data_dir.join(crate::jira::SIGN_IN_LOCK))).transpose()?;
    // Site 1's item is the install's own: tried even without a site, as before sites were kept.
    let mut ids: Vec<i64> = sites.iter().map(|s| s.id.0).collect();
    if !ids.contains(&1) {
        ids.push(1);
    }
    // Each site's Jira item, and its Tempo item (a site sent to Tempo once may keep one).
    let tempo = sites.iter().map(|s| Vault::for_tempo(&install_id, s.id.0));
    for vault in ids.into_iter().map(|id| Vault::for_site(&install_id, id)).chain(tempo) {
        match vault.delete() {
            Ok(_) => {}
            Err(_) if !signed_in => {}
            Err(e) => return Err(AppError::TokenKept(e.to_string())),
        }
    }
    Ok(())
}

/// Removes Stint's files (and its Jira token in the keychain), then the log, data and config
/// folders if that left them empty.
pub fn purge(paths: &Paths) -> Result<Purged, AppError> {
    tracing::info!("purging local data");
    let Decision { delete, delete_dirs, kept } = decide(paths);
    if delete.contains(&paths.database) {
        forget_token(paths)?;
    }
    let mut deleted = Vec::new();
    for path in delete {
        match std::fs::remove_file(&path) {
            Ok(()) => deleted.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(AppError::Io { action: "remove", path, source }),
        }
    }
    for dir in delete_dirs {
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => deleted.push(dir),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(AppError::Io { action: "remove", path: dir, source }),
        }
    }
    for dir in [Some(paths.log_dir.as_path()), Some(paths.data_dir.as_path()), paths.config_file.parent()]
        .into_iter()
        .flatten()
    {
        // Only an empty folder goes: remove_dir refuses anything else, which is what we want.
        if std::fs::remove_dir(dir).is_ok() {
            deleted.push(dir.to_path_buf());
        }
    }
    Ok(Purged { deleted, kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_names() {
        assert!(is_stint_log_name("stint.2026-11-25.log"));
        for other in
            ["stint.log", "stint.2026-11-25.log.bak", "other.2026-11-25.log", "stint.2026-1-25.log", "notes.txt"]
        {
            assert!(!is_stint_log_name(other), "{other}");
        }
    }
}

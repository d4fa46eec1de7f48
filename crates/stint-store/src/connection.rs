//! Opening the database (every pragma in one place) and the transaction helpers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{classify, is_busy, StoreError};
use crate::migrations::{migrate, Migrated, SCHEMA_VERSION};

/// How long SQLite itself waits on a lock before reporting busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long `write` keeps retrying a busy `BEGIN IMMEDIATE`, on top of SQLite's own wait.
const RETRY_FOR: Duration = Duration::from_secs(10);

/// An open Stint database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A transaction in progress; the entry operations hang off it.
#[derive(Debug)]
pub struct Tx<'a> {
    pub(crate) tx: &'a Transaction<'a>,
    pub(crate) path: &'a Path,
}

impl Tx<'_> {
    pub(crate) fn fail(&self, err: rusqlite::Error) -> StoreError {
        classify(self.path, err)
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, readable by its owner only, with every
    /// pragma set and the schema migrated.
    ///
    /// Durability: WAL with `synchronous=FULL`. WAL lets the desktop app and CLI calls read while
    /// one writes; FULL syncs the WAL on every commit, so a started or stopped timer survives a
    /// power cut, not only a crash. Stint commits a handful of times an hour, so the fsync is free.
    /// `secure_delete`: what the user deletes does not linger in the file.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private_file(path)?;
        let fail = |err| classify(path, err);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(fail)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode = %mode, "the database could not switch to WAL; concurrent use will be slower");
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        // Removed entries and replaced notes are overwritten with zeros, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON").map_err(fail)?;
        match migrate(&mut conn).map_err(fail)? {
            Migrated::UpToDate => {}
            Migrated::Applied { from } => tracing::info!(from, to = SCHEMA_VERSION, "database schema migrated"),
            Migrated::Newer { found } => {
                return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION })
            }
        }
        Ok(Store { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a short `BEGIN IMMEDIATE` transaction and commits it; an error rolls it back.
    /// Only a busy lock at `BEGIN` is retried (with backoff): in WAL mode that is the one place
    /// where another writer can make us wait, and `f` has not run yet.
    pub fn write<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx = begin_with_retry(&self.conn, &self.path)?;
        let out = f(&Tx { tx: &tx, path: &self.path })?;
        tx.commit().map_err(|e| classify(&self.path, e))?;
        Ok(out)
    }

    /// Runs `f` in a read transaction: one consistent snapshot, never blocked by a writer.
    pub fn read<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        // `new_unchecked` as in `begin_with_retry`: `&mut self` already rules out nesting.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(|e| classify(&self.path, e))?;
        f(&Tx { tx: &tx, path: &self.path })
    }

    /// `PRAGMA integrity_check`: `Ok(())` when SQLite finds nothing wrong.
    pub fn integrity_check(&mut self) -> Result<(), StoreError> {
        let verdict: String =
            self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| classify(&self.path, e))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt { path: self.path.clone(), detail: verdict })
        }
    }
}

fn begin_with_retry<'c>(conn: &'c Connection, path: &Path) -> Result<Transaction<'c>, StoreError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        // `new_unchecked` only skips the nesting check, which `&mut self` on `write` already gives.
        match Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
            Ok(tx) => return Ok(tx),
            Err(err) if is_busy(&err) && started.elapsed() < RETRY_FOR => {
                tracing::debug!(waited_ms = started.elapsed().as_millis() as u64, "database busy; retrying");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            Err(err) if is_busy(&err) => {
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                    seconds: (RETRY_FOR + BUSY_TIMEOUT).as_secs(),
                })
            }
            Err(err) => return Err(classify(path, err)),
        }
    }
}

/// Creates the database file with mode 0600 before SQLite touches it (SQLite gives its `-wal` and
/// `-shm` files the same mode), and tightens an existing file that others could read.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path).map_err(io)?;
        let mode = file.metadata().map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
    }
    #[cfg(not(unix))]
    options.open(path).map_err(io)?;
    Ok(())
}

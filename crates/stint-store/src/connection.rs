//! Opening the database (every pragma in one place) and the transaction helpers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, Transaction, TransactionBehavior, MAIN_DB};

use crate::error::{classify, is_busy, read_only, StoreError};
use crate::identity::{identify, Identity};
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
    /// Which file was opened (device and inode), to notice it was deleted or replaced.
    file: Option<(u64, u64)>,
}

/// The device and inode of the file at `path` (`None` when there is none, or off Unix).
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::symlink_metadata(path).ok().map(|_| (0, 0))
    }
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
    /// Nothing is changed until the file is known to be Stint's (or new): a symbolic link, a
    /// special file (a FIFO would block forever), another program's SQLite file, a damaged file or
    /// one from a newer Stint is refused as it is, not even its permissions touched.
    ///
    /// Durability: WAL with `synchronous=FULL`. WAL lets the desktop app and CLI calls read while
    /// one writes; FULL syncs the WAL on every commit, so a started or stopped timer survives a
    /// power cut, not only a crash. Stint commits a handful of times an hour, so the fsync is free.
    /// `secure_delete`: what the user deletes does not linger in the file.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let created = match check_file(path)? {
            FileState::Missing => {
                create_private_file(path)?;
                true
            }
            FileState::Regular => false,
        };
        let fail = |err| classify(path, err);
        // No CREATE: the file exists now, and NOFOLLOW keeps a link swapped in meanwhile out.
        let flags =
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        match identify(&conn).map_err(fail)? {
            Identity::New | Identity::Stint { .. } => {}
            Identity::Newer { found } => {
                return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION })
            }
            Identity::Foreign(why) => return Err(StoreError::Foreign { path: path.to_path_buf(), why }),
            Identity::Damaged(detail) => return Err(StoreError::Corrupt { path: path.to_path_buf(), detail }),
        }
        if conn.is_readonly(MAIN_DB).map_err(fail)? {
            return Err(read_only(path));
        }
        if !created {
            tighten_permissions(path)?;
        }
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
        Ok(Store { conn, path: path.to_path_buf(), file: file_identity(path) })
    }

    /// What the file at `path` is, without changing it or opening it for writing. Lets `purge`
    /// delete only a database that is Stint's.
    pub fn identify_file(path: &Path) -> Result<Identity, StoreError> {
        check_file(path)?;
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        identify(&conn).map_err(|e| classify(path, e))
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
    /// `write` for one large transaction (an import of 100,000 entries): the page cache may grow
    /// to `cache_mib` for it, so SQLite keeps the transaction's pages in memory instead of
    /// spilling them to the WAL before the commit (measured: a third less time, mostly in the
    /// kernel). The usual cache is restored after.
    pub fn write_large<T, E: From<StoreError>>(
        &mut self,
        cache_mib: i64,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let fail = |e| classify(&self.path, e);
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).map_err(fail)?;
        self.conn.pragma_update(None, "cache_size", -cache_mib * 1024).map_err(fail)?;
        let out = self.write(f);
        let restored = self.conn.pragma_update(None, "cache_size", before).map_err(|e| classify(&self.path, e));
        let out = out?;
        restored?;
        Ok(out)
    }

    /// Like `read`, where `f` may also write this connection's staging area (`stage_import`):
    /// committed at the end, while the database itself is only read.
    pub fn read_staging<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(|e| classify(&self.path, e))?;
        let out = f(&Tx { tx: &tx, path: &self.path })?;
        tx.commit().map_err(|e| classify(&self.path, e))?;
        Ok(out)
    }

    /// Makes a new, empty staging area for an import (dropping any earlier one): a database of
    /// its own, attached to this connection as `stage`, in a file in the temporary folder that is
    /// unlinked as soon as SQLite has opened it (no other program can open it by name; its space
    /// is freed when it is detached, or when the process ends however it ends). With a small
    /// cache and no journal (nothing in it outlives the import), an import of any size is
    /// checked and held in bounded memory until it is written. (SQLite's own TEMP tables would
    /// need `temp_store = FILE`, which also sends every statement journal of the import's one
    /// transaction to disk: 100,000 entries took 2.3–2.9 s instead of 1.9 s.)
    pub fn stage_import(&mut self) -> Result<(), StoreError> {
        self.end_import_stage()?;
        let temp_dir = std::env::temp_dir();
        let io = |e: std::io::Error| StoreError::Io { path: temp_dir.clone(), source: e };
        let file = tempfile::Builder::new().prefix(".stint-import-").tempfile().map_err(io)?;
        let path = file.path().to_str().ok_or_else(|| io(std::io::ErrorKind::InvalidFilename.into()))?;
        let fail = |e| classify(&self.path, e);
        self.conn.execute("ATTACH DATABASE ?1 AS stage", [path]).map_err(fail)?;
        // SQLite holds the file open from here: its name goes.
        file.close().map_err(io)?;
        self.conn
            .execute_batch(
                "PRAGMA stage.journal_mode = OFF;
                 PRAGMA stage.synchronous = OFF;
                 PRAGMA stage.locking_mode = EXCLUSIVE;
                 PRAGMA stage.cache_size = -8192;
                 CREATE TABLE stage.import_seen (fingerprint TEXT PRIMARY KEY) WITHOUT ROWID;
                 CREATE TABLE stage.import_rows (
                     seq INTEGER PRIMARY KEY,
                     grp TEXT NOT NULL,
                     issue TEXT NOT NULL,
                     started_at INTEGER NOT NULL,
                     utc_offset INTEGER NOT NULL,
                     seconds INTEGER NOT NULL,
                     note TEXT,
                     restored TEXT NOT NULL,
                     worklog_id TEXT,
                     error_code TEXT,
                     error_message TEXT,
                     source TEXT,
                     origin_key TEXT NOT NULL
                 );",
            )
            .map_err(fail)
    }

    /// Detaches the staging area `stage_import` made, if there is one (its file goes with it).
    pub fn end_import_stage(&mut self) -> Result<(), StoreError> {
        let fail = |e| classify(&self.path, e);
        let attached = self
            .conn
            .query_row("SELECT 1 FROM pragma_database_list WHERE name = 'stage'", [], |_| Ok(()))
            .optional()
            .map_err(fail)?
            .is_some();
        if attached {
            self.conn.execute_batch("DETACH DATABASE stage").map_err(fail)?;
        }
        Ok(())
    }

    pub fn read<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        // `new_unchecked` as in `begin_with_retry`: `&mut self` already rules out nesting.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(|e| classify(&self.path, e))?;
        f(&Tx { tx: &tx, path: &self.path })
    }

    /// A number that changes whenever another connection commits to the database (SQLite's
    /// `data_version`): how a window notices a CLI's write without re-reading anything.
    pub fn data_version(&mut self) -> Result<i64, StoreError> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(|e| classify(&self.path, e))
    }

    /// Whether the file this store opened is still the one at its path: `false` once it was
    /// deleted (a `stint purge` in another process) or replaced, when every write would go to a
    /// file nobody will read again.
    pub fn is_still_at_path(&self) -> bool {
        self.file.is_some() && file_identity(&self.path) == self.file
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

/// What is at the database path.
enum FileState {
    Missing,
    Regular,
}

/// Refuses anything at `path` that is not a regular file (without following a link).
fn check_file(path: &Path) -> Result<FileState, StoreError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(source) => return Err(StoreError::Io { path: path.to_path_buf(), source }),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_else(|_| "?".into());
        return Err(StoreError::Symlink { path: path.to_path_buf(), target });
    }
    if !kind.is_file() {
        return Err(StoreError::NotAFile { path: path.to_path_buf(), kind: describe_kind(&kind) });
    }
    Ok(FileState::Regular)
}

/// A person's name for a kind of file.
pub fn describe_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() {
            return "block device";
        }
        if kind.is_char_device() {
            return "character device";
        }
    }
    if kind.is_dir() {
        "folder"
    } else if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_file() {
        "file"
    } else {
        "special file"
    }
}

/// Creates a new, empty database file with mode 0600 before SQLite touches it (SQLite gives its
/// `-wal` and `-shm` files the same mode). Never opens an existing file.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago: open that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30) => {
            let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            Err(StoreError::FolderNotWritable { dir })
        }
        Err(source) => Err(StoreError::Io { path: path.to_path_buf(), source }),
    }
}

/// Takes group and other permissions away from Stint's own database file.
fn tighten_permissions(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        let mode = std::fs::metadata(path).map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700)).map_err(io)?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

//! Entries brought in by an import: from another tracker (remembered by a fingerprint, so the same
//! source entry is never imported twice) or restored from Stint's own export (by its uid, with
//! the sync state it had, so Jira's copy and the entry stay one).

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use rusqlite::{params, OptionalExtension};
use stint_domain::{EntryId, IssueKey, Note, SyncError};

use crate::connection::Tx;
use crate::entries::{new_uid, unix};
use crate::error::StoreError;

/// Where an imported entry came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Another tracker: its name and the source entry's fingerprint.
    Source { name: String, fingerprint: String },
    /// Stint's own export: the entry's uid, kept.
    Stint { uid: String },
}

/// The sync state an imported entry starts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// Kept on this machine only.
    Local,
    /// Queued for Jira, which does not have it.
    Pending,
    /// Jira has it, as is.
    Synced { worklog_id: String },
    /// Jira has an older version: the edit is queued.
    Edited { worklog_id: String },
    /// A create was sent and its answer never came: the sync looks for it (by uid) before anything else.
    InDoubt,
    /// Jira refused it.
    Failed { worklog_id: Option<String>, error: Option<SyncError> },
    /// Removed here; its deletion from Jira is queued.
    Removed { worklog_id: String },
}

/// An entry to import.
#[derive(Debug, Clone)]
pub struct ImportedEntry {
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub restored: Restored,
    pub origin: Origin,
}

/// Entries staged on one issue, from one source name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedGroup {
    pub source: String,
    pub issue: String,
    pub entries: usize,
    pub seconds: i64,
}

impl Restored {
    /// Its name in the staging area.
    fn kind(&self) -> &'static str {
        match self {
            Restored::Local => "local",
            Restored::Pending => "pending",
            Restored::Synced { .. } => "synced",
            Restored::Edited { .. } => "edited",
            Restored::InDoubt => "in_doubt",
            Restored::Failed { .. } => "failed",
            Restored::Removed { .. } => "removed",
        }
    }

    fn worklog_id(&self) -> Option<&str> {
        match self {
            Restored::Synced { worklog_id } | Restored::Edited { worklog_id } | Restored::Removed { worklog_id } => {
                Some(worklog_id)
            }
            Restored::Failed { worklog_id, .. } => worklog_id.as_deref(),
            Restored::Local | Restored::Pending | Restored::InDoubt => None,
        }
    }

    fn from_stage(kind: &str, worklog_id: Option<String>, error: Option<SyncError>) -> Option<Restored> {
        Some(match (kind, worklog_id) {
            ("local", _) => Restored::Local,
            ("pending", _) => Restored::Pending,
            ("in_doubt", _) => Restored::InDoubt,
            ("synced", Some(worklog_id)) => Restored::Synced { worklog_id },
            ("edited", Some(worklog_id)) => Restored::Edited { worklog_id },
            ("removed", Some(worklog_id)) => Restored::Removed { worklog_id },
            ("failed", worklog_id) => Restored::Failed { worklog_id, error },
            _ => return None,
        })
    }
}

impl Tx<'_> {
    /// Marks a source entry as seen in the import being staged: `false` when it was seen before
    /// (the source repeats it).
    pub fn stage_seen(&self, fingerprint: &str) -> Result<bool, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("INSERT INTO stage.import_seen (fingerprint) VALUES (?1) ON CONFLICT DO NOTHING")
            .map_err(|e| self.fail(e))?;
        stmt.execute([fingerprint]).map(|n| n > 0).map_err(|e| self.fail(e))
    }

    /// Keeps a checked entry in the staging area until the import is written; `group` is the
    /// name its issue came from.
    pub fn stage(&self, entry: &ImportedEntry, group: &str) -> Result<(), StoreError> {
        let (source, origin_key) = match &entry.origin {
            Origin::Source { name, fingerprint } => (Some(name.as_str()), fingerprint.as_str()),
            Origin::Stint { uid } => (None, uid.as_str()),
        };
        let error = match &entry.restored {
            Restored::Failed { error, .. } => error.as_ref(),
            _ => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO stage.import_rows (grp, issue, started_at, utc_offset, seconds, note, restored,
                     worklog_id, error_code, error_message, source, origin_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    group,
                    entry.issue.as_str(),
                    unix(entry.started),
                    entry.started.offset().local_minus_utc(),
                    entry.seconds,
                    entry.note.as_ref().map(Note::expose),
                    entry.restored.kind(),
                    entry.restored.worklog_id(),
                    error.map(|e| e.code.as_str()),
                    error.map(|e| e.message.as_str()),
                    source,
                    origin_key,
                ])
            })
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// The staged entries per source name and issue, in that order: the first `most` groups, and
    /// how many there are.
    pub fn staged_groups(&self, most: usize) -> Result<(Vec<StagedGroup>, usize), StoreError> {
        let fail = |e| self.fail(e);
        let total: i64 = self
            .tx
            .query_row("SELECT count(*) FROM (SELECT 1 FROM stage.import_rows GROUP BY grp, issue)", [], |r| r.get(0))
            .map_err(fail)?;
        let mut stmt = self
            .tx
            .prepare(
                "SELECT grp, issue, count(*), sum(seconds) FROM stage.import_rows
                 GROUP BY grp, issue ORDER BY grp, issue LIMIT ?1",
            )
            .map_err(fail)?;
        let groups = stmt
            .query_map([most as i64], |r| {
                Ok(StagedGroup {
                    source: r.get(0)?,
                    issue: r.get(1)?,
                    entries: r.get::<_, i64>(2)? as usize,
                    seconds: r.get(3)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(fail)?;
        Ok((groups, total as usize))
    }

    /// How many entries are staged.
    pub fn staged_count(&self) -> Result<usize, StoreError> {
        self.tx
            .query_row("SELECT count(*) FROM stage.import_rows", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    /// Imports every staged entry, in the order they were staged, calling `each` after each one;
    /// returns how many were added (one imported meanwhile is left out, as `import_entry` does).
    pub fn import_staged(&self, now: DateTime<Utc>, each: &mut dyn FnMut()) -> Result<usize, StoreError> {
        let fail = |e| self.fail(e);
        let mut stmt = self
            .tx
            .prepare(
                "SELECT issue, started_at, utc_offset, seconds, note, restored, worklog_id, error_code,
                        error_message, source, origin_key
                 FROM stage.import_rows ORDER BY seq",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        let mut added = 0;
        while let Some(row) = rows.next().map_err(fail)? {
            let entry = staged_entry(row).map_err(fail)?.ok_or_else(|| StoreError::Corrupt {
                path: self.path.to_path_buf(),
                detail: "an import's staged entry reads back wrong".into(),
            })?;
            if self.import_entry(&entry, now)?.is_some() {
                added += 1;
            }
            each();
        }
        Ok(added)
    }

    /// Whether a source entry with this fingerprint was imported before.
    pub fn was_imported(&self, fingerprint: &str) -> Result<bool, StoreError> {
        let mut stmt =
            self.tx.prepare_cached("SELECT 1 FROM imports WHERE fingerprint = ?1").map_err(|e| self.fail(e))?;
        stmt.query_row([fingerprint], |_| Ok(())).optional().map(|r| r.is_some()).map_err(|e| self.fail(e))
    }

    /// Whether an entry (any, removed ones included) has this uid.
    pub fn has_uid(&self, uid: &str) -> Result<bool, StoreError> {
        let mut stmt = self.tx.prepare_cached("SELECT 1 FROM entries WHERE uid = ?1").map_err(|e| self.fail(e))?;
        stmt.query_row([uid], |_| Ok(())).optional().map(|r| r.is_some()).map_err(|e| self.fail(e))
    }

    /// Imports an entry, unless it is already here (the same fingerprint, or the same uid): then
    /// nothing changes and `None` is returned.
    pub fn import_entry(&self, entry: &ImportedEntry, now: DateTime<Utc>) -> Result<Option<EntryId>, StoreError> {
        let uid = match &entry.origin {
            Origin::Source { name, fingerprint } => {
                let uid = new_uid();
                let added = self
                    .tx
                    .prepare_cached(
                        "INSERT INTO imports (fingerprint, source, entry_uid, imported_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (fingerprint) DO NOTHING",
                    )
                    .and_then(|mut s| s.execute(params![fingerprint, name, uid, unix(now)]))
                    .map_err(|e| self.fail(e))?;
                if added == 0 {
                    return Ok(None);
                }
                uid
            }
            Origin::Stint { uid } => uid.clone(),
        };
        let (state, revision, synced, worklog, error, in_doubt, deleted) = match &entry.restored {
            Restored::Local => ("local", 1, None, None, None, false, false),
            Restored::Pending => ("pending", 1, None, None, None, false, false),
            Restored::Synced { worklog_id } => ("synced", 1, Some(1), Some(worklog_id), None, false, false),
            Restored::Edited { worklog_id } => ("pending", 2, Some(1), Some(worklog_id), None, false, false),
            Restored::InDoubt => ("pushing", 1, None, None, None, true, false),
            Restored::Failed { worklog_id, error } => {
                let revision = if worklog_id.is_some() { 2 } else { 1 };
                ("failed", revision, worklog_id.as_ref().map(|_| 1), worklog_id.as_ref(), error.as_ref(), false, false)
            }
            Restored::Removed { worklog_id } => ("pending", 2, Some(1), Some(worklog_id), None, false, true),
        };
        let added = self
            .tx
            .prepare_cached(
                "INSERT INTO entries
                    (uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision,
                     worklog_id, remote_issue, push_op, pushed_at, pushed_revision, error_code, error_message,
                     deleted_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, CASE WHEN ?10 IS NULL THEN NULL ELSE ?2 END,
                     CASE WHEN ?11 THEN 'create' END, CASE WHEN ?11 THEN ?14 END, CASE WHEN ?11 THEN 1 END,
                     ?12, ?13, CASE WHEN ?15 THEN ?14 END, ?14, ?14)
                 ON CONFLICT (uid) DO NOTHING",
            )
            .and_then(|mut s| {
                s.execute(params![
                    uid,
                    entry.issue.as_str(),
                    unix(entry.started),
                    entry.started.offset().local_minus_utc(),
                    entry.seconds,
                    entry.note.as_ref().map(Note::expose),
                    state,
                    revision,
                    synced,
                    worklog,
                    in_doubt,
                    error.map(|e| e.code.as_str()),
                    error.map(|e| e.message.as_str()),
                    unix(now),
                    deleted,
                ])
            })
            .map_err(|e| self.fail(e))?;
        Ok((added > 0).then(|| EntryId(self.tx.last_insert_rowid())))
    }
}

/// A staged row as the entry it was (`None`: not a row `stage` wrote).
fn staged_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<ImportedEntry>> {
    let issue: String = row.get(0)?;
    let (started, offset): (i64, i32) = (row.get(1)?, row.get(2)?);
    let note: Option<String> = row.get(4)?;
    let error = match (row.get::<_, Option<String>>(7)?, row.get::<_, Option<String>>(8)?) {
        (Some(code), Some(message)) => Some(SyncError { code, message, ..SyncError::default() }),
        _ => None,
    };
    let restored = Restored::from_stage(&row.get::<_, String>(5)?, row.get(6)?, error);
    let origin_key: String = row.get(10)?;
    let origin = match row.get::<_, Option<String>>(9)? {
        Some(name) => Origin::Source { name, fingerprint: origin_key },
        None => Origin::Stint { uid: origin_key },
    };
    let started = FixedOffset::east_opt(offset).and_then(|o| o.timestamp_opt(started, 0).single());
    let (Ok(issue), Some(started), Some(restored)) = (IssueKey::parse(&issue), started, restored) else {
        return Ok(None);
    };
    // Checked when it was staged.
    let note = note.map(Note::from_stored);
    Ok(Some(ImportedEntry { issue, started, seconds: row.get(3)?, note, restored, origin }))
}

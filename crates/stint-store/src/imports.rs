//! Entries brought in by an import: from another tracker (remembered by a fingerprint, so the same
//! source entry is never imported twice) or restored from Stint's own export (by its uid, with
//! the sync state it had, so Jira's copy and the entry stay one).

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, OptionalExtension};
use stint_domain::{EntryId, IssueKey, Note, SyncError};

use crate::connection::Tx;
use crate::entries::{new_uid, unix};
use crate::error::StoreError;

/// Where an imported entry came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Another tracker: its name and the source entry's fingerprint.
    Source { name: &'static str, fingerprint: String },
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

impl Tx<'_> {
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

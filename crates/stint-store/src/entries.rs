//! The entry operations, each a few statements inside a transaction the caller holds.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rusqlite::{params, OptionalExtension, Row};
use stint_domain::{Entry, EntryId, Gap, IssueKey, JiraState, Note, Running, SyncError, SyncState, MAX_ENTRY_SECONDS};

use crate::connection::Tx;
use crate::error::StoreError;

pub(crate) const ENTRY_COLUMNS: &str = concat!(
    "id, issue, started_at, utc_offset, seconds, note, sync_state, error_code, error_message, remote_issue, \
     deleted_at IS NOT NULL, jira_state, site_wanted IS NOT NULL AND site_id IS NOT NULL AND site_wanted <> site_id, \
     (SELECT st.site FROM sites st WHERE st.id = ",
    site_of_entry!(),
    ")"
);
/// How many columns `ENTRY_COLUMNS` has (what follows it in a select starts here).
const AFTER_ENTRY: usize = 14;

/// A finished entry overlapping `[from, to)`, with `overlap_params`. Entries span at most a day, so
/// the index on `started_at` bounds the scan on both sides.
const OVERLAPS: &str = "started_at >= ?1 AND started_at < ?2 AND started_at + seconds > ?3";

fn overlap_params(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> [i64; 3] {
    [from.map_or(i64::MIN, |f| unix(f) - MAX_ENTRY_SECONDS), to.map_or(i64::MAX, unix), from.map_or(i64::MIN, unix)]
}

/// A timer about to start.
#[derive(Debug, Clone)]
pub struct NewRunning {
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub note: Option<Note>,
    pub local_only: bool,
    pub last_seen: Option<DateTime<Utc>>,
}

/// An entry logged after the fact.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub local_only: bool,
}

/// Changes to an entry or the running timer; `None` leaves a field as it is (`note: Some(None)` clears the note).
#[derive(Debug, Clone, Default)]
pub struct EntryChange {
    pub issue: Option<IssueKey>,
    pub started: Option<DateTime<FixedOffset>>,
    pub seconds: Option<i64>,
    pub note: Option<Option<Note>>,
    pub local_only: Option<bool>,
}

/// What removing an entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// Jira never had it: it is gone.
    Deleted,
    /// Jira has it: it is hidden here and its deletion waits in the queue for Jira.
    MarkedForDeletion,
}

/// How many finished entries stand where with Jira.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    pub local: i64,
    pub pending: i64,
    pub failed: i64,
    pub synced: i64,
}

/// An entry with everything Stint keeps about it, for exports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedEntry {
    #[serde(flatten)]
    pub entry: Entry,
    pub uid: String,
    pub worklog_id: Option<String>,
    /// Removed by the user; its deletion waits to be sent to Jira.
    pub deleted: bool,
}

pub(crate) fn unix(t: DateTime<impl TimeZone>) -> i64 {
    t.timestamp()
}

pub(crate) fn instant(seconds: i64) -> rusqlite::Result<DateTime<Utc>> {
    Utc.timestamp_opt(seconds, 0).single().ok_or(rusqlite::Error::IntegralValueOutOfRange(0, seconds))
}

pub(crate) fn conversion(column: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, what.to_string().into())
}

pub(crate) fn started_from(row: &Row<'_>, at: usize) -> rusqlite::Result<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(row.get(at + 1)?).ok_or_else(|| conversion(at + 1, "bad UTC offset"))?;
    Ok(instant(row.get(at)?)?.with_timezone(&offset))
}

pub(crate) fn issue_from(row: &Row<'_>, at: usize) -> rusqlite::Result<IssueKey> {
    IssueKey::parse(&row.get::<_, String>(at)?).map_err(|_| conversion(at, "bad issue key"))
}

pub(crate) fn note_from(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<Note>> {
    Ok(row.get::<_, Option<String>>(at)?.map(Note::from_stored))
}

pub(crate) fn entry_from(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let state: String = row.get(6)?;
    let sync = SyncState::from_stored(&state).ok_or_else(|| conversion(6, "bad sync state"))?;
    let issue = issue_from(row, 1)?;
    let removed: bool = row.get(10)?;
    // Where Jira holds the entry's worklog, when that is another issue (the entry was moved).
    let elsewhere =
        row.get::<_, Option<String>>(9)?.filter(|r| r != issue.as_str()).and_then(|r| IssueKey::parse(&r).ok());
    let error = match (sync, row.get::<_, Option<String>>(7)?, row.get::<_, Option<String>>(8)?) {
        (SyncState::Failed, code, message) => Some(SyncError {
            code: code.unwrap_or_else(|| "jira.refused".into()),
            message: message.unwrap_or_else(|| "Jira refused it; no reason was recorded".into()),
            // A refusal while the worklog is on another issue or leaving its site, or of a
            // removal, was of a deletion.
            deletion: removed || elsewhere.is_some() || row.get::<_, bool>(12)?,
            issue: elsewhere,
        }),
        _ => None,
    };
    Ok(Entry {
        id: EntryId(row.get(0)?),
        issue,
        started: started_from(row, 2)?,
        seconds: row.get(4)?,
        note: note_from(row, 5)?,
        sync,
        error,
        removed,
        jira: row.get::<_, Option<String>>(11)?.as_deref().and_then(JiraState::from_stored),
        site: row.get(13)?,
    })
}

fn state_for(local_only: bool) -> &'static str {
    if local_only {
        SyncState::Local.as_str()
    } else {
        SyncState::Pending.as_str()
    }
}

/// A new entry uid: random, so two machines never make the same one.
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Tx<'_> {
    /// The running timer, if any.
    pub fn running(&self) -> Result<Option<Running>, StoreError> {
        let sql = "SELECT id, issue, started_at, utc_offset, note, sync_state, last_seen_at, gap_from, gap_to
                   FROM entries WHERE seconds IS NULL";
        self.tx
            .query_row(sql, [], |row| {
                let gap = match (row.get::<_, Option<i64>>(7)?, row.get::<_, Option<i64>>(8)?) {
                    (Some(from), Some(to)) => Some(Gap { from: instant(from)?, to: instant(to)? }),
                    _ => None,
                };
                Ok(Running {
                    id: EntryId(row.get(0)?),
                    issue: issue_from(row, 1)?,
                    started: started_from(row, 2)?,
                    note: note_from(row, 4)?,
                    local_only: row.get::<_, String>(5)? == SyncState::Local.as_str(),
                    last_seen: row.get::<_, Option<i64>>(6)?.map(instant).transpose()?,
                    gap,
                })
            })
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Starts a timer. The database refuses a second running timer.
    pub fn start_running(&self, new: &NewRunning, now: DateTime<Utc>) -> Result<EntryId, StoreError> {
        self.insert(&new.issue, new.started, None, new.note.as_ref(), new.local_only, new.last_seen, now)
    }

    /// Inserts an entry (`seconds: None` is the running timer) with a fresh `uid`.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &self,
        issue: &IssueKey,
        started: DateTime<FixedOffset>,
        seconds: Option<i64>,
        note: Option<&Note>,
        local_only: bool,
        last_seen: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<EntryId, StoreError> {
        self.tx
            .execute(
                "INSERT INTO entries
                    (uid, issue, started_at, utc_offset, seconds, note, sync_state, last_seen_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![
                    new_uid(),
                    issue.as_str(),
                    unix(started),
                    started.offset().local_minus_utc(),
                    seconds,
                    note.map(Note::expose),
                    state_for(local_only),
                    last_seen.map(unix),
                    unix(now),
                ],
            )
            .map_err(|e| self.fail(e))?;
        Ok(EntryId(self.tx.last_insert_rowid()))
    }

    /// Turns the running timer into a finished entry of `seconds`, which joins the queue.
    pub fn finish_running(&self, id: EntryId, seconds: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET seconds = ?2, last_seen_at = NULL, gap_from = NULL, gap_to = NULL, updated_at = ?3
                 WHERE id = ?1 AND seconds IS NULL",
                params![id.0, seconds, unix(now)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Drops the running timer without making an entry.
    pub fn discard_running(&self, id: EntryId) -> Result<(), StoreError> {
        self.tx.execute("DELETE FROM entries WHERE id = ?1 AND seconds IS NULL", [id.0]).map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Records a heartbeat at `now` (any source), and the running timer's new heartbeat state.
    pub fn record_heartbeat(
        &self,
        now: DateTime<Utc>,
        running: Option<(EntryId, Option<Gap>)>,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO meta (key, value) VALUES ('last_heartbeat_at', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                [unix(now)],
            )
            .map_err(|e| self.fail(e))?;
        match running {
            Some((id, gap)) => self.set_silence(id, Some(now), gap),
            None => Ok(()),
        }
    }

    /// Sets the running timer's heartbeat state (after its start moved, say).
    pub fn set_silence(
        &self,
        id: EntryId,
        last_seen: Option<DateTime<Utc>>,
        gap: Option<Gap>,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET last_seen_at = ?2, gap_from = ?3, gap_to = ?4 WHERE id = ?1 AND seconds IS NULL",
                params![id.0, last_seen.map(unix), gap.map(|g| unix(g.from)), gap.map(|g| unix(g.to))],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// When the latest finished entry that began after `since` ended (the last tracked work).
    pub fn last_work_end(&self, since: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.tx
            .query_row(
                "SELECT max(started_at + seconds) FROM entries
                 WHERE seconds IS NOT NULL AND deleted_at IS NULL AND started_at >= ?1",
                [unix(since)],
                |r| r.get::<_, Option<i64>>(0)?.map(instant).transpose(),
            )
            .map_err(|e| self.fail(e))
    }

    /// Issues worked on since `since`, latest first, at most `limit` (an index range on the start:
    /// the same cost at any history size).
    pub fn issues_since(&self, since: DateTime<Utc>, limit: usize) -> Result<Vec<IssueKey>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT issue, max(started_at) AS last FROM entries
                 WHERE started_at >= ?1 AND deleted_at IS NULL GROUP BY issue ORDER BY last DESC LIMIT ?2",
            )
            .map_err(|e| self.fail(e))?;
        let rows =
            stmt.query_map(params![unix(since), limit as i64], |r| issue_from(r, 0)).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// A small number kept about this installation (`meta`), by key.
    pub fn meta(&self, key: &str) -> Result<Option<i64>, StoreError> {
        self.tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.fail(e))
    }

    pub fn set_meta(&self, key: &str, value: i64) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Whether any `meta` key starts with `prefix`.
    pub fn has_meta_prefix(&self, prefix: &str) -> Result<bool, StoreError> {
        self.tx
            .query_row("SELECT EXISTS (SELECT 1 FROM meta WHERE substr(key, 1, length(?1)) = ?1)", [prefix], |r| {
                r.get(0)
            })
            .map_err(|e| self.fail(e))
    }

    /// Removes the `meta` keys that start with `prefix`, or only those whose value is below `below`.
    pub fn forget_meta(&self, prefix: &str, below: Option<i64>) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM meta WHERE substr(key, 1, length(?1)) = ?1 AND (?2 IS NULL OR value < ?2)",
                params![prefix, below],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The last heartbeat from any source.
    pub fn last_heartbeat(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.tx
            .query_row("SELECT value FROM meta WHERE key = 'last_heartbeat_at'", [], |r| instant(r.get(0)?))
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Logs a finished entry; it joins the queue unless it is local-only.
    pub fn insert_entry(&self, new: &NewEntry, now: DateTime<Utc>) -> Result<EntryId, StoreError> {
        self.insert(&new.issue, new.started, Some(new.seconds), new.note.as_ref(), new.local_only, None, now)
    }

    /// A finished entry a list shows: as `entry`, or a removed one whose deletion Jira refused.
    pub fn listed_entry(&self, id: EntryId) -> Result<Option<Entry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE id = ?1 AND seconds IS NOT NULL AND (deleted_at IS NULL OR sync_state = 'failed')"
        );
        self.tx.query_row(&sql, [id.0], entry_from).optional().map_err(|e| self.fail(e))
    }

    /// A finished entry the user can see (not removed).
    pub fn entry(&self, id: EntryId) -> Result<Option<Entry>, StoreError> {
        let sql =
            format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1 AND seconds IS NOT NULL AND deleted_at IS NULL");
        self.tx.query_row(&sql, [id.0], entry_from).optional().map_err(|e| self.fail(e))
    }

    /// Edits an entry or the running timer. An edited finished entry gets a new revision and goes
    /// back into the queue (unless it is, or becomes, local-only), so Jira gets the edit; the
    /// running timer joins the queue only when it stops, and never gets `seconds` from an edit.
    pub fn update_entry(&self, id: EntryId, change: &EntryChange, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET
                    issue = coalesce(?2, issue),
                    started_at = coalesce(?3, started_at),
                    utc_offset = coalesce(?4, utc_offset),
                    seconds = CASE WHEN seconds IS NULL THEN NULL ELSE coalesce(?5, seconds) END,
                    note = CASE WHEN ?6 THEN ?7 ELSE note END,
                    sync_state = coalesce(?8, CASE WHEN seconds IS NULL OR sync_state = 'local' THEN sync_state ELSE 'pending' END),
                    error_code = NULL,
                    error_message = NULL,
                    revision = revision + (seconds IS NOT NULL),
                    updated_at = ?9
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id.0,
                    change.issue.as_ref().map(IssueKey::as_str),
                    change.started.map(unix),
                    change.started.map(|s| s.offset().local_minus_utc()),
                    change.seconds,
                    change.note.is_some(),
                    change.note.as_ref().and_then(|n| n.as_ref().map(Note::expose)),
                    change.local_only.map(state_for),
                    unix(now),
                ],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Removes a finished entry. One that Jira has, or may have (a create was sent and its
    /// answer never came), is only marked, so its deletion reaches Jira; the sync deletes the row
    /// once Jira's copy is gone.
    pub fn remove_entry(&self, id: EntryId, now: DateTime<Utc>) -> Result<Option<Removal>, StoreError> {
        let marked = self
            .tx
            .execute(
                "UPDATE entries SET deleted_at = ?2, sync_state = 'pending', error_code = NULL, error_message = NULL,
                    revision = revision + 1, updated_at = ?2
                 WHERE id = ?1 AND seconds IS NOT NULL AND deleted_at IS NULL
                   AND (worklog_id IS NOT NULL OR push_op = 'create')",
                params![id.0, unix(now)],
            )
            .map_err(|e| self.fail(e))?;
        if marked > 0 {
            return Ok(Some(Removal::MarkedForDeletion));
        }
        let deleted = self
            .tx
            .execute("DELETE FROM entries WHERE id = ?1 AND seconds IS NOT NULL AND deleted_at IS NULL", [id.0])
            .map_err(|e| self.fail(e))?;
        Ok((deleted > 0).then_some(Removal::Deleted))
    }

    /// Finished, visible entries overlapping `[from, to)`, oldest first. Either end may be open.
    pub fn entries_overlapping(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>, StoreError> {
        self.entries_where("deleted_at IS NULL", from, to)
    }

    /// As `entries_overlapping`, and the removed entries whose deletion Jira refused (`removed`,
    /// with Jira's reason): what a list of entries shows.
    pub fn entries_listed(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>, StoreError> {
        self.entries_where("(deleted_at IS NULL OR sync_state = 'failed')", from, to)
    }

    /// Entries by where they stand with Jira, of any date, oldest first: those the next sync
    /// sends (queued, in flight or waiting for a sign-in, removals whose deletion goes next
    /// included), or those Jira refused. The same entries `counts` counts as pending and failed.
    pub fn entries_in_state(&self, refused: bool) -> Result<Vec<Entry>, StoreError> {
        let which =
            if refused { "sync_state = 'failed'" } else { "sync_state IN ('pending', 'pushing', 'needs_sign_in')" };
        self.entries_where(which, None, None)
    }

    fn entries_where(
        &self,
        which: &str,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE seconds IS NOT NULL AND {which} AND {OVERLAPS}
             ORDER BY started_at, id"
        );
        let mut stmt = self.tx.prepare_cached(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt.query_map(overlap_params(from, to), entry_from).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Every finished entry, removed ones included, for an export; optionally within `[from, to)`.
    /// Each is handed to `each` as it is read, so an export of any size needs the memory of one.
    pub fn export_each<E: From<StoreError>>(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        mut each: impl FnMut(ExportedEntry) -> Result<(), E>,
    ) -> Result<usize, E> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, uid, worklog_id, deleted_at IS NOT NULL FROM entries
             WHERE seconds IS NOT NULL AND {OVERLAPS} ORDER BY started_at, id"
        );
        let mut stmt = self.tx.prepare(&sql).map_err(|e| self.fail(e))?;
        let mut rows = stmt.query(overlap_params(from, to)).map_err(|e| self.fail(e))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(|e| self.fail(e))? {
            let exported = (|| {
                Ok(ExportedEntry {
                    entry: entry_from(row)?,
                    uid: row.get(AFTER_ENTRY)?,
                    worklog_id: row.get(AFTER_ENTRY + 1)?,
                    deleted: row.get(AFTER_ENTRY + 2)?,
                })
            })()
            .map_err(|e| self.fail(e))?;
            each(exported)?;
            count += 1;
        }
        Ok(count)
    }

    /// How many finished entries stand where (removals waiting for Jira count as pending, and so
    /// do entries in flight or waiting for a sign-in). Read from counts the database keeps as
    /// entries change: the same cost at any history size.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let mut stmt = self.tx.prepare_cached("SELECT sync_state, n FROM entry_counts").map_err(|e| self.fail(e))?;
        let mut counts = Counts::default();
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(|e| self.fail(e))?;
        for row in rows {
            let (state, n) = row.map_err(|e| self.fail(e))?;
            match SyncState::from_stored(&state) {
                Some(SyncState::Local) => counts.local += n,
                Some(SyncState::Pending | SyncState::Pushing | SyncState::NeedsSignIn) => counts.pending += n,
                Some(SyncState::Failed) => counts.failed += n,
                Some(SyncState::Synced) => counts.synced += n,
                None => return Err(self.fail(conversion(0, "bad sync state"))),
            }
        }
        Ok(counts)
    }

    /// How many entries a read-back marked for the person to settle: changed in Jira and here
    /// since the last sync, or deleted in Jira (through a partial index: cheap at any size).
    pub fn count_to_settle(&self) -> Result<i64, StoreError> {
        self.tx
            .query_row("SELECT count(*) FROM entries WHERE jira_state IS NOT NULL", [], |r| r.get(0))
            .map_err(|e| self.fail(e))
    }

    /// Records that Jira holds `revision` of entry `id` as worklog `worklog_id`. The entry counts as
    /// synced only if it was not edited meanwhile (its revision is still `revision`). Returns
    /// whether it is now synced. Called by the sync.
    pub fn mark_synced(&self, id: EntryId, worklog_id: &str, revision: i64) -> Result<bool, StoreError> {
        let changed = self
            .tx
            .execute(
                "UPDATE entries SET worklog_id = ?2, synced_revision = ?3, remote_issue = issue,
                    sync_state = CASE WHEN revision = ?3 THEN 'synced' ELSE sync_state END
                 WHERE id = ?1 AND seconds IS NOT NULL",
                params![id.0, worklog_id, revision],
            )
            .map_err(|e| self.fail(e))?;
        Ok(changed > 0
            && self
                .tx
                .query_row("SELECT sync_state = 'synced' FROM entries WHERE id = ?1", [id.0], |r| r.get(0))
                .map_err(|e| self.fail(e))?)
    }

    /// The current revision of an entry (what the sync sends).
    pub fn revision(&self, id: EntryId) -> Result<Option<i64>, StoreError> {
        self.tx
            .query_row("SELECT revision FROM entries WHERE id = ?1", [id.0], |r| r.get(0))
            .optional()
            .map_err(|e| self.fail(e))
    }
}

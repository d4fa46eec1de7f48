//! What a read-back of Jira's worklogs leaves here: an entry that takes Jira's edit (with a line
//! in the audit log), a conflict or a deletion waiting for the person (and how each is settled),
//! the person's worklogs logged outside Stint, and where the read-back stands.

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use rusqlite::{params, OptionalExtension as _, Row};
use stint_domain::{EntryId, IssueKey, Note};

use crate::connection::Tx;
use crate::entries::{instant, issue_from, started_from, unix};
use crate::error::StoreError;
use crate::sync::{SiteId, SITE_HOLDING};

/// An entry that reached Jira (or was sent there), as a read-back compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub id: EntryId,
    pub uid: String,
    /// The issue its worklog is on, else its own.
    pub issue: IssueKey,
    pub worklog_id: Option<String>,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<String>,
    /// Changed here since its last sync.
    pub changed_here: bool,
    pub removed: bool,
    /// A request about it may be in flight.
    pub in_flight: bool,
    pub remote_updated: Option<String>,
}

/// A worklog's values, as Jira has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TheirValues {
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub updated: Option<String>,
}

/// One of the person's worklogs in Jira that is not an entry here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JiraWorklog {
    pub worklog_id: String,
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    /// The uid property of Stint on another machine, when it carries one.
    pub stint_uid: Option<String>,
    pub updated: Option<String>,
}

/// One of the person's worklogs in Jira, as it becomes an entry here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adopted {
    pub worklog_id: String,
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    /// The uid the worklog carries (set on it first when it carried none).
    pub uid: String,
    pub author: Option<String>,
    pub updated: Option<String>,
}

/// Where the read-back stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadBackState {
    /// The start of the window the last full read covered, and when it ran.
    pub window_from: Option<DateTime<Utc>>,
    pub full_read_at: Option<DateTime<Utc>>,
    /// Jira's mark (Unix milliseconds) for the next look at what changed.
    pub changes_since: Option<i64>,
    /// When Jira last answered a read.
    pub read_at: Option<DateTime<Utc>>,
}

/// How the person settles what a read-back found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// A conflict: keep this machine's values (they go to Jira at the next sync).
    KeepMine,
    /// A conflict: take Jira's values.
    TakeJira,
    /// Deleted in Jira: create it there again.
    PushAgain,
    /// Deleted in Jira: drop it here too.
    Drop,
}

const LINKED_COLUMNS: &str = "id, uid, COALESCE(remote_issue, issue), worklog_id, started_at, utc_offset, seconds,
     note, synced_revision IS NOT revision, deleted_at IS NOT NULL, push_op IS NOT NULL, remote_updated";

fn linked_from(row: &Row<'_>) -> rusqlite::Result<Linked> {
    Ok(Linked {
        id: EntryId(row.get(0)?),
        uid: row.get(1)?,
        issue: issue_from(row, 2)?,
        worklog_id: row.get(3)?,
        started: started_from(row, 4)?,
        seconds: row.get(6)?,
        note: row.get(7)?,
        changed_here: row.get(8)?,
        removed: row.get(9)?,
        in_flight: row.get(10)?,
        remote_updated: row.get(11)?,
    })
}

fn jira_worklog_from(row: &Row<'_>) -> rusqlite::Result<JiraWorklog> {
    Ok(JiraWorklog {
        worklog_id: row.get(0)?,
        issue: issue_from(row, 1)?,
        started: started_from(row, 2)?,
        seconds: row.get(4)?,
        stint_uid: row.get(5)?,
        updated: row.get(6)?,
    })
}

fn optional_instant(seconds: Option<i64>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    seconds.map(instant).transpose()
}

impl Tx<'_> {
    /// The finished entries that are, or may be, in Jira and started from `from` to before
    /// `to`: what a read-back compares Jira's worklogs with.
    pub fn linked_between(
        &self,
        site: SiteId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Linked>, StoreError> {
        let sql = format!(
            "SELECT {LINKED_COLUMNS} FROM entries
             WHERE seconds IS NOT NULL AND sync_state <> 'local' AND started_at >= ?1 AND started_at < ?2
               AND {SITE_HOLDING} = ?3
             ORDER BY started_at"
        );
        let mut stmt = self.tx.prepare_cached(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt.query_map(params![unix(from), unix(to), site.0], linked_from).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// The finished entries that are, or may be, in Jira and have one of these worklog ids or
    /// uids, wherever they start: what a look at what changed compares Jira's worklogs with.
    pub fn linked_to(&self, site: SiteId, worklog_ids: &[String], uids: &[String]) -> Result<Vec<Linked>, StoreError> {
        let by_worklog = format!(
            "SELECT {LINKED_COLUMNS} FROM entries WHERE worklog_id = ?1 AND seconds IS NOT NULL AND sync_state <> 'local'
               AND {SITE_HOLDING} = ?2"
        );
        let by_uid = format!(
            "SELECT {LINKED_COLUMNS} FROM entries WHERE uid = ?1 AND seconds IS NOT NULL AND sync_state <> 'local'
               AND {SITE_HOLDING} = ?2"
        );
        let mut found: Vec<Linked> = Vec::new();
        for (sql, keys) in [(&by_worklog, worklog_ids), (&by_uid, uids)] {
            let mut stmt = self.tx.prepare_cached(sql).map_err(|e| self.fail(e))?;
            for key in keys {
                let rows = stmt.query_map(params![key, site.0], linked_from).map_err(|e| self.fail(e))?;
                for row in rows {
                    let linked = row.map_err(|e| self.fail(e))?;
                    if !found.iter().any(|l| l.id == linked.id) {
                        found.push(linked);
                    }
                }
            }
        }
        found.sort_by_key(|l| (l.started, l.id.0));
        Ok(found)
    }

    /// Jira has the entry's worklog as Stint last wrote it (or with the same values): its
    /// `updated` is kept for the next comparison.
    pub fn note_jira_updated(&self, id: EntryId, updated: Option<&str>) -> Result<(), StoreError> {
        self.tx
            .execute("UPDATE entries SET remote_updated = ?2 WHERE id = ?1", params![id.0, updated])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The entry takes Jira's values, when it has not changed here since its last sync (else
    /// nothing changes and `false` is returned: the next read finds a conflict). Audited.
    pub fn take_jira_values(&self, id: EntryId, theirs: &TheirValues, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self
            .tx
            .execute(
                "UPDATE entries SET started_at = ?2, utc_offset = ?3, seconds = ?4, note = ?5, remote_updated = ?6,
                    revision = revision + 1, synced_revision = revision + 1, sync_state = 'synced',
                    jira_state = NULL, theirs_started_at = NULL, theirs_utc_offset = NULL, theirs_seconds = NULL,
                    theirs_note = NULL, theirs_updated = NULL, updated_at = ?7
                 WHERE id = ?1 AND seconds IS NOT NULL AND deleted_at IS NULL AND push_op IS NULL
                   AND (synced_revision IS revision OR jira_state = 'conflict')",
                params![
                    id.0,
                    unix(theirs.started),
                    theirs.started.offset().local_minus_utc(),
                    theirs.seconds,
                    theirs.note.as_ref().map(Note::expose),
                    theirs.updated,
                    unix(now),
                ],
            )
            .map_err(|e| self.fail(e))?;
        if changed > 0 {
            let (issue, worklog): (Option<String>, Option<String>) = self
                .tx
                .query_row("SELECT remote_issue, worklog_id FROM entries WHERE id = ?1", [id.0], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(|e| self.fail(e))?;
            let issue = issue.and_then(|k| IssueKey::parse(&k).ok());
            self.audit(now, id, "read_back", issue.as_ref(), worklog.as_deref(), "took Jira's edit")?;
        }
        Ok(changed > 0)
    }

    /// Changed in Jira and here: Jira's values wait beside the entry for the person.
    pub fn mark_conflict(&self, id: EntryId, theirs: &TheirValues) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET jira_state = 'conflict', theirs_started_at = ?2, theirs_utc_offset = ?3,
                    theirs_seconds = ?4, theirs_note = ?5, theirs_updated = ?6
                 WHERE id = ?1 AND seconds IS NOT NULL",
                params![
                    id.0,
                    unix(theirs.started),
                    theirs.started.offset().local_minus_utc(),
                    theirs.seconds,
                    theirs.note.as_ref().map(Note::expose),
                    theirs.updated,
                ],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The entry's worklog is gone from Jira: the entry stays, marked.
    pub fn mark_deleted_in_jira(&self, id: EntryId) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET jira_state = 'deleted' WHERE id = ?1 AND seconds IS NOT NULL AND deleted_at IS NULL",
                [id.0],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Jira's values waiting for the person on a conflicted entry.
    pub fn their_values(&self, id: EntryId) -> Result<Option<TheirValues>, StoreError> {
        self.tx
            .query_row(
                "SELECT theirs_started_at, theirs_utc_offset, theirs_seconds, theirs_note, theirs_updated
                 FROM entries WHERE id = ?1 AND jira_state = 'conflict'",
                [id.0],
                |r| {
                    let (at, offset): (i64, i32) = (r.get(0)?, r.get(1)?);
                    let started = FixedOffset::east_opt(offset)
                        .and_then(|o| o.timestamp_opt(at, 0).single())
                        .ok_or_else(|| crate::entries::conversion(0, "bad start"))?;
                    Ok(TheirValues {
                        started,
                        seconds: r.get(2)?,
                        note: r.get::<_, Option<String>>(3)?.map(Note::from_stored),
                        updated: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Settles what a read-back found on an entry; `false` when the entry has nothing of that
    /// kind to settle. Audited.
    pub fn settle(&self, id: EntryId, how: Settle, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let state: Option<Option<String>> = self
            .tx
            .query_row("SELECT jira_state FROM entries WHERE id = ?1", [id.0], |r| r.get(0))
            .optional()
            .map_err(|e| self.fail(e))?;
        let Some(Some(state)) = state else { return Ok(false) };
        let done = match (state.as_str(), how) {
            ("conflict", Settle::TakeJira) => match self.their_values(id)? {
                Some(theirs) => self.take_jira_values(id, &theirs, now)?,
                None => false,
            },
            ("conflict", Settle::KeepMine) => {
                // Jira's `updated` becomes the one Stint knows: the next sync writes this
                // machine's values over it, and the next read compares with what that leaves.
                self.tx
                    .execute(
                        "UPDATE entries SET remote_updated = theirs_updated, jira_state = NULL,
                            theirs_started_at = NULL, theirs_utc_offset = NULL, theirs_seconds = NULL,
                            theirs_note = NULL, theirs_updated = NULL,
                            sync_state = CASE WHEN sync_state = 'synced' THEN 'pending' ELSE sync_state END,
                            synced_revision = CASE WHEN synced_revision IS revision THEN revision - 1
                                                   ELSE synced_revision END
                         WHERE id = ?1",
                        [id.0],
                    )
                    .map_err(|e| self.fail(e))?
                    > 0
            }
            ("deleted", Settle::PushAgain) => {
                self.tx
                    .execute(
                        "UPDATE entries SET worklog_id = NULL, remote_issue = NULL, remote_author = NULL,
                            remote_updated = NULL, synced_revision = NULL, sync_state = 'pending',
                            jira_state = NULL, updated_at = ?2
                         WHERE id = ?1",
                        params![id.0, unix(now)],
                    )
                    .map_err(|e| self.fail(e))?
                    > 0
            }
            ("deleted", Settle::Drop) => {
                self.tx.execute("DELETE FROM entries WHERE id = ?1", [id.0]).map_err(|e| self.fail(e))? > 0
            }
            _ => false,
        };
        if done {
            let outcome = match how {
                Settle::KeepMine => "kept this machine's values over Jira's edit",
                Settle::TakeJira => "took Jira's edit",
                Settle::PushAgain => "deleted in Jira: queued to be created again",
                Settle::Drop => "deleted in Jira: dropped here too",
            };
            self.audit(now, id, "read_back", None, None, outcome)?;
        }
        Ok(done)
    }

    // ---- Worklogs logged outside Stint ------------------------------------------------------

    /// Replaces what is kept of the person's other worklogs that started before `to` with `found`
    /// (a full read of the window that ends there): rows older than the window leave with it.
    pub fn replace_jira_worklogs(
        &self,
        site: SiteId,
        to: DateTime<Utc>,
        found: &[JiraWorklog],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        // Everything before `to`: the window read now, and what has left it.
        self.tx
            .execute("DELETE FROM jira_worklogs WHERE site_id = ?1 AND started_at < ?2", params![site.0, unix(to)])
            .map_err(|e| self.fail(e))?;
        for w in found {
            self.keep_jira_worklog(site, w, now)?;
        }
        Ok(())
    }

    /// Keeps (or replaces) one of the person's other worklogs.
    pub fn keep_jira_worklog(&self, site: SiteId, w: &JiraWorklog, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO jira_worklogs
                    (worklog_id, issue, started_at, utc_offset, seconds, stint_uid, updated, read_at, site_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (site_id, worklog_id) DO UPDATE SET issue = ?2, started_at = ?3, utc_offset = ?4,
                    seconds = ?5, stint_uid = ?6, updated = ?7, read_at = ?8",
            )
            .and_then(|mut s| {
                s.execute(params![
                    w.worklog_id,
                    w.issue.as_str(),
                    unix(w.started),
                    w.started.offset().local_minus_utc(),
                    w.seconds,
                    w.stint_uid,
                    w.updated,
                    unix(now),
                    site.0,
                ])
            })
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Forgets one of the person's other worklogs (deleted in Jira, or now an entry here).
    pub fn forget_jira_worklog(&self, site: SiteId, worklog_id: &str) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM jira_worklogs WHERE site_id = ?1 AND worklog_id = ?2", params![site.0, worklog_id])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The person's other worklogs on every site that started from `from` to before `to`, in
    /// order.
    pub fn jira_worklogs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<JiraWorklog>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT worklog_id, issue, started_at, utc_offset, seconds, stint_uid, updated FROM jira_worklogs
                 WHERE started_at >= ?1 AND started_at < ?2 ORDER BY started_at, worklog_id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt.query_map(params![unix(from), unix(to)], jira_worklog_from).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// One of the person's other worklogs, by its id.
    pub fn jira_worklog(&self, site: SiteId, worklog_id: &str) -> Result<Option<JiraWorklog>, StoreError> {
        self.tx
            .query_row(
                "SELECT worklog_id, issue, started_at, utc_offset, seconds, stint_uid, updated FROM jira_worklogs
                 WHERE site_id = ?1 AND worklog_id = ?2",
                params![site.0, worklog_id],
                jira_worklog_from,
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Makes one of the person's worklogs in Jira an entry here, linked to it as a synced entry
    /// is (its uid is the one the worklog carries), and forgets it as a worklog logged elsewhere.
    /// `None` when an entry already has that worklog or uid: nothing is changed then.
    pub fn adopt_worklog(&self, site: SiteId, w: &Adopted, now: DateTime<Utc>) -> Result<Option<EntryId>, StoreError> {
        let taken: bool = self
            .tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM entries WHERE (worklog_id = ?1 AND site_id = ?3) OR uid = ?2)",
                params![w.worklog_id, w.uid, site.0],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        if taken {
            return Ok(None);
        }
        self.tx
            .execute(
                "INSERT INTO entries
                    (uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision,
                     worklog_id, remote_issue, remote_author, remote_updated, created_at, updated_at, site_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'synced', 1, 1, ?7, ?2, ?8, ?9, ?10, ?10, ?11)",
                params![
                    w.uid,
                    w.issue.as_str(),
                    unix(w.started),
                    w.started.offset().local_minus_utc(),
                    w.seconds,
                    w.note.as_ref().map(Note::expose),
                    w.worklog_id,
                    w.author,
                    w.updated,
                    unix(now),
                    site.0,
                ],
            )
            .map_err(|e| self.fail(e))?;
        let id = EntryId(self.tx.last_insert_rowid());
        self.forget_jira_worklog(site, &w.worklog_id)?;
        self.audit(now, id, "adopt", Some(&w.issue), Some(&w.worklog_id), "ok")?;
        Ok(Some(id))
    }

    /// Forgets the person's other worklogs that started before `from` (left the window).
    pub fn forget_jira_worklogs_before(&self, site: SiteId, from: DateTime<Utc>) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM jira_worklogs WHERE site_id = ?1 AND started_at < ?2", params![site.0, unix(from)])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    // ---- Issue ids and keys -----------------------------------------------------------------

    /// The issue keys known by `site`'s issue ids.
    pub fn issue_keys(&self, site: SiteId) -> Result<std::collections::HashMap<String, IssueKey>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT issue_id, key FROM jira_issues WHERE site_id = ?1")
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([site.0], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.fail(e))?;
        let mut keys = std::collections::HashMap::new();
        for row in rows {
            let (id, key) = row.map_err(|e| self.fail(e))?;
            // A key this build cannot read is looked up again rather than trusted.
            if let Ok(key) = IssueKey::parse(&key) {
                keys.insert(id, key);
            }
        }
        Ok(keys)
    }

    /// Keeps (or replaces) the key of the issue with `site`'s id `issue_id`.
    pub fn keep_issue_key(
        &self,
        site: SiteId,
        issue_id: &str,
        key: &IssueKey,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO jira_issues (site_id, issue_id, key, read_at) VALUES (?4, ?1, ?2, ?3)
                 ON CONFLICT (site_id, issue_id) DO UPDATE SET key = ?2, read_at = ?3",
            )
            .and_then(|mut s| s.execute(params![issue_id, key.as_str(), unix(now), site.0]))
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    // ---- Where the read-back stands ---------------------------------------------------------

    /// Where `site`'s read-back stands (never read: all empty).
    pub fn read_back_state(&self, site: SiteId) -> Result<ReadBackState, StoreError> {
        self.tx
            .query_row(
                "SELECT window_from, full_read_at, changes_since, read_at FROM read_back WHERE site_id = ?1",
                [site.0],
                |r| {
                    Ok(ReadBackState {
                        window_from: optional_instant(r.get(0)?)?,
                        full_read_at: optional_instant(r.get(1)?)?,
                        changes_since: r.get(2)?,
                        read_at: optional_instant(r.get(3)?)?,
                    })
                },
            )
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.fail(e))
    }

    pub fn set_read_back_state(&self, site: SiteId, state: &ReadBackState) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO read_back (site_id, window_from, full_read_at, changes_since, read_at)
                 VALUES (?5, ?1, ?2, ?3, ?4)
                 ON CONFLICT (site_id) DO UPDATE SET window_from = ?1, full_read_at = ?2, changes_since = ?3,
                    read_at = ?4",
                params![
                    state.window_from.map(unix),
                    state.full_read_at.map(unix),
                    state.changes_since,
                    state.read_at.map(unix),
                    site.0
                ],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }
}

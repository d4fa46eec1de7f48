//! The store's side of the Jira sync: the outbox, the durable marks made before a request is
//! sent, and the recording of what Jira answered; the connection (where and as whom Stint is
//! signed in, nothing secret), the audit log and the cache of issue summaries.
//!
//! Exactly once rests on two rules kept here: a create is marked `pushing` (durably, in its own
//! committed transaction) before it is sent, and an entry that may be in Jira is never forgotten:
//! `rm` keeps it as a deletion to carry out, and a create whose answer never came stays `pushing`
//! until the sync has looked for it in Jira.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, OptionalExtension, Row};
use stint_domain::{EntryId, IssueKey, Note, SyncState};

use crate::connection::Tx;
use crate::entries::{conversion, instant, issue_from, note_from, started_from, unix};
use crate::error::StoreError;

/// The request a `pushing` entry may have in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOp {
    Create,
    Update,
    Delete,
}

impl PushOp {
    pub fn as_str(self) -> &'static str {
        match self {
            PushOp::Create => "create",
            PushOp::Update => "update",
            PushOp::Delete => "delete",
        }
    }

    fn parse(text: &str) -> Option<PushOp> {
        [PushOp::Create, PushOp::Update, PushOp::Delete].into_iter().find(|op| op.as_str() == text)
    }
}

/// A request that was sent and whose outcome is not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Push {
    pub op: PushOp,
    pub at: DateTime<Utc>,
    /// The entry's revision the request carried.
    pub revision: i64,
}

/// An entry in the outbox, with everything the sync decides from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: EntryId,
    pub uid: String,
    pub issue: IssueKey,
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<Note>,
    pub state: SyncState,
    pub revision: i64,
    pub synced_revision: Option<i64>,
    pub worklog_id: Option<String>,
    /// The issue Jira has the worklog on, or a create was sent to.
    pub remote_issue: Option<IssueKey>,
    /// Removed by the user: Jira's copy must go.
    pub deleted: bool,
    pub push: Option<Push>,
    pub updated_at: DateTime<Utc>,
    /// Jira's `updated` for the worklog when Stint last wrote or read it: a worklog whose
    /// `updated` differs was changed in Jira since, and is not written over.
    pub remote_updated: Option<String>,
    /// Moved to another site: its worklog leaves this one first.
    pub leaving: bool,
}

impl OutboxEntry {
    /// This entry as `Tx::mark_pushing` leaves it in the store: the sync plans from its copy until
    /// it reads the entry back, and the copy must mean what the store means.
    pub fn mark(&mut self, op: PushOp, issue: &IssueKey, at: DateTime<Utc>) {
        self.state = SyncState::Pushing;
        self.push = Some(Push { op, at, revision: self.revision });
        if op == PushOp::Create {
            self.remote_issue = Some(issue.clone());
        }
    }
}

/// What Jira said about a worklog it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteWorklog {
    pub id: String,
    pub author: Option<String>,
    pub updated: Option<String>,
}

/// A site's id in this database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SiteId(pub i64);

/// The site an entry belongs to, in SQL over a row of `entries`: the one the person moved it to,
/// else the one it was sent to, else the one its project's rule names, else the default (none
/// before any sign-in).
pub(crate) const SITE_OF_ENTRY: &str = site_of_entry!();

/// The site whose sync looks after an entry: the one its worklog is (or may be) on, else the one
/// it belongs to. An entry moved to another site is that of the site it leaves until its worklog
/// there is deleted.
pub(crate) const SITE_HOLDING: &str = entry_site!("site_id", "site_wanted");

/// Where and as whom Stint is signed in (tokens are in the keychain, never here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConnection {
    pub mode: String,
    pub site: String,
    pub api_base: String,
    pub cloud_id: Option<String>,
    pub account_id: String,
    pub account_name: Option<String>,
    pub signed_in_at: DateTime<Utc>,
    pub needs_sign_in: bool,
}

/// A site signed into on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSite {
    pub id: SiteId,
    pub connection: StoredConnection,
    pub is_default: bool,
    /// Where its worklogs go: `jira` (Jira's own worklogs) or `tempo`.
    pub destination: String,
    /// Where its Tempo is (an API base), when its worklogs go there.
    pub tempo_api: Option<String>,
}

const SITE_COLUMNS: &str = "id, mode, site, api_base, cloud_id, account_id, account_name, signed_in_at, \
                            needs_sign_in, is_default, destination, tempo_api";

/// A value a person chose for one of Tempo's work attributes, on an issue or a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempoChoice {
    /// An issue key or a project key.
    pub scope: String,
    /// The work attribute's key.
    pub attribute: String,
    pub value: String,
}

fn site_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSite> {
    Ok(StoredSite {
        id: SiteId(r.get(0)?),
        connection: StoredConnection {
            mode: r.get(1)?,
            site: r.get(2)?,
            api_base: r.get(3)?,
            cloud_id: r.get(4)?,
            account_id: r.get(5)?,
            account_name: r.get(6)?,
            signed_in_at: instant(r.get(7)?)?,
            needs_sign_in: r.get(8)?,
        },
        is_default: r.get(9)?,
        destination: r.get(10)?,
        tempo_api: r.get(11)?,
    })
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditRow {
    #[serde(skip)]
    pub at: DateTime<Utc>,
    pub entry_id: Option<i64>,
    /// `create`, `adopt`, `update`, `delete`.
    pub action: String,
    pub issue: Option<String>,
    pub worklog_id: Option<String>,
    /// `ok`, or the error code of a refusal.
    pub outcome: String,
}

const OUTBOX_COLUMNS: &str =
    "id, uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision,
     worklog_id, remote_issue, deleted_at IS NOT NULL, push_op, pushed_at, pushed_revision, updated_at, remote_updated,
     site_wanted IS NOT NULL AND site_id IS NOT NULL AND site_wanted <> site_id";

fn outbox_from(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let state: String = row.get(7)?;
    let push = match (row.get::<_, Option<String>>(13)?, row.get::<_, Option<i64>>(14)?, row.get::<_, Option<i64>>(15)?)
    {
        (Some(op), Some(at), Some(revision)) => Some(Push {
            op: PushOp::parse(&op).ok_or_else(|| conversion(13, "bad push op"))?,
            at: instant(at)?,
            revision,
        }),
        _ => None,
    };
    Ok(OutboxEntry {
        id: EntryId(row.get(0)?),
        uid: row.get(1)?,
        issue: issue_from(row, 2)?,
        started: started_from(row, 3)?,
        seconds: row.get(5)?,
        note: note_from(row, 6)?,
        state: SyncState::from_stored(&state).ok_or_else(|| conversion(7, "bad sync state"))?,
        revision: row.get(8)?,
        synced_revision: row.get(9)?,
        worklog_id: row.get(10)?,
        remote_issue: row
            .get::<_, Option<String>>(11)?
            .map(|k| IssueKey::parse(&k).map_err(|_| conversion(11, "bad issue key")))
            .transpose()?,
        deleted: row.get(12)?,
        push,
        updated_at: instant(row.get(16)?)?,
        remote_updated: row.get(17)?,
        leaving: row.get(18)?,
    })
}

impl Tx<'_> {
    /// Every finished entry of `site` still to reach it, oldest first. An entry whose worklog was
    /// changed or deleted there waits for the person to settle it (a removal here is still carried
    /// out: the person chose it).
    pub fn outbox(&self, site: SiteId) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM entries
             WHERE sync_state IN ('pending', 'pushing', 'needs_sign_in') AND seconds IS NOT NULL
               AND (jira_state IS NULL OR deleted_at IS NOT NULL) AND {SITE_HOLDING} = ?1 ORDER BY id"
        );
        let mut stmt = self.tx.prepare_cached(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt.query_map([site.0], outbox_from).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// One entry as the sync sees it (`None` once it is gone).
    pub fn outbox_entry(&self, id: EntryId) -> Result<Option<OutboxEntry>, StoreError> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM entries WHERE id = ?1 AND seconds IS NOT NULL");
        self.tx.query_row(&sql, [id.0], outbox_from).optional().map_err(|e| self.fail(e))
    }

    /// One entry as `site`'s sync sees it: `None` once it is gone, or no longer that site's to
    /// look after (its worklog left for another site).
    pub fn outbox_entry_at(&self, site: SiteId, id: EntryId) -> Result<Option<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM entries WHERE id = ?1 AND seconds IS NOT NULL AND {SITE_HOLDING} = ?2"
        );
        self.tx.query_row(&sql, params![id.0, site.0], outbox_from).optional().map_err(|e| self.fail(e))
    }

    /// Records, before it is sent, that a request about the entry may be in flight. For a create,
    /// `issue` is where it goes: a later lookup searches there. From its first request the entry
    /// belongs to `site`, the one it is sent to.
    #[allow(clippy::too_many_arguments)]
    pub fn mark_pushing(
        &self,
        id: EntryId,
        site: SiteId,
        op: PushOp,
        issue: &IssueKey,
        revision: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET sync_state = 'pushing', push_op = ?2, pushed_at = ?3, pushed_revision = ?4,
                    remote_issue = CASE WHEN ?2 = 'create' THEN ?5 ELSE remote_issue END,
                    site_id = COALESCE(site_id, ?6)
                 WHERE id = ?1 AND seconds IS NOT NULL",
                params![id.0, op.as_str(), unix(at), revision, issue.as_str(), site.0],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Jira holds the entry (created, or found after an unknown outcome) at `revision`, as
    /// `worklog` on `issue`. The entry is synced unless it was edited meanwhile.
    pub fn record_in_jira(
        &self,
        id: EntryId,
        issue: &IssueKey,
        worklog: &RemoteWorklog,
        revision: i64,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET worklog_id = ?2, remote_issue = ?3, remote_author = ?4, remote_updated = ?5,
                    synced_revision = ?6, push_op = NULL, pushed_at = NULL, pushed_revision = NULL,
                    error_code = NULL, error_message = NULL,
                    sync_state = CASE WHEN revision = ?6 AND deleted_at IS NULL AND issue = ?3 THEN 'synced'
                                      ELSE 'pending' END
                 WHERE id = ?1",
                params![id.0, worklog.id, issue.as_str(), worklog.author, worklog.updated, revision],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Jira no longer has the entry's worklog (deleted there, or moved away from its issue). A
    /// removed entry is then gone for good; any other goes back in the queue (to be created on its
    /// new issue).
    pub fn record_gone_from_jira(&self, id: EntryId) -> Result<(), StoreError> {
        let removed = self
            .tx
            .execute("DELETE FROM entries WHERE id = ?1 AND deleted_at IS NOT NULL", [id.0])
            .map_err(|e| self.fail(e))?;
        if removed == 0 {
            self.tx
                .execute(
                    "UPDATE entries SET worklog_id = NULL, remote_issue = NULL, remote_author = NULL, remote_updated = NULL,
                        synced_revision = NULL, push_op = NULL, pushed_at = NULL, pushed_revision = NULL,
                        sync_state = 'pending', site_id = NULL
                     WHERE id = ?1",
                    [id.0],
                )
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// A request's outcome is known not to have changed Jira (it was refused before it was
    /// carried out, or a lookup found nothing): the entry is queued as it was.
    pub fn clear_push(&self, id: EntryId) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET push_op = NULL, pushed_at = NULL, pushed_revision = NULL,
                    remote_issue = CASE WHEN worklog_id IS NULL THEN NULL ELSE remote_issue END,
                    site_id = CASE WHEN worklog_id IS NULL THEN NULL ELSE site_id END,
                    sync_state = CASE WHEN sync_state = 'pushing' THEN 'pending' ELSE sync_state END
                 WHERE id = ?1",
                [id.0],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// A create whose outcome is unknown but whose request Jira is done with (it answered, or
    /// dropped the connection): the next sync looks for it at once instead of waiting for Jira to
    /// finish it. Its send time is set to the epoch, which every wait has passed.
    pub fn lookup_due(&self, id: EntryId) -> Result<(), StoreError> {
        self.tx
            .execute("UPDATE entries SET pushed_at = 0 WHERE id = ?1 AND push_op = 'create'", [id.0])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// A removed entry that Jira never had: delete it here too.
    pub fn drop_removed(&self, id: EntryId) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM entries WHERE id = ?1 AND deleted_at IS NOT NULL AND worklog_id IS NULL AND push_op IS NULL",
                [id.0],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Jira refused the entry: it stays here, failed, with Jira's reason, until the user fixes it
    /// (`edit`) or retries it. The rest of the queue flows on.
    pub fn record_refusal(&self, id: EntryId, code: &str, message: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET sync_state = 'failed', error_code = ?2, error_message = ?3,
                    push_op = NULL, pushed_at = NULL, pushed_revision = NULL,
                    remote_issue = CASE WHEN worklog_id IS NULL THEN NULL ELSE remote_issue END,
                    site_id = CASE WHEN worklog_id IS NULL THEN NULL ELSE site_id END
                 WHERE id = ?1",
                params![id.0, code, message],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The site's sign-in is gone: its queued entries wait for `stint login` (those in flight
    /// stay in flight, to be looked for later). Returns how many wait.
    pub fn mark_needs_sign_in(&self, site: SiteId) -> Result<usize, StoreError> {
        self.tx.execute("UPDATE sites SET needs_sign_in = 1 WHERE id = ?1", [site.0]).map_err(|e| self.fail(e))?;
        self.hold_queue_for_sign_in(site)
    }

    /// The site's queued entries wait for a sign-in (those in flight stay in flight, to be looked
    /// for later). Returns how many wait.
    pub fn hold_queue_for_sign_in(&self, site: SiteId) -> Result<usize, StoreError> {
        let sql = format!(
            "UPDATE entries SET sync_state = 'needs_sign_in' WHERE sync_state = 'pending' AND {SITE_HOLDING} = ?1"
        );
        self.tx.execute(&sql, [site.0]).map_err(|e| self.fail(e))
    }

    /// Failed entries (one, or all) go back in the queue. Returns how many. One whose worklog
    /// Jira no longer had is created again.
    pub fn retry_failed(&self, id: Option<EntryId>) -> Result<usize, StoreError> {
        self.tx
            .execute(
                "UPDATE entries SET sync_state = 'pending',
                    worklog_id = CASE WHEN error_code IN ('jira.not_found', 'jira.worklog_gone', 'jira.not_yours', 'tempo.not_found', 'tempo.worklog_gone', 'tempo.not_yours') THEN NULL ELSE worklog_id END,
                    remote_issue = CASE WHEN error_code IN ('jira.not_found', 'jira.worklog_gone', 'jira.not_yours', 'tempo.not_found', 'tempo.worklog_gone', 'tempo.not_yours') THEN NULL ELSE remote_issue END,
                    synced_revision = CASE WHEN error_code IN ('jira.not_found', 'jira.worklog_gone', 'jira.not_yours', 'tempo.not_found', 'tempo.worklog_gone', 'tempo.not_yours') THEN NULL ELSE synced_revision END,
                    error_code = NULL, error_message = NULL
                 WHERE sync_state = 'failed' AND (?1 IS NULL OR id = ?1)",
                [id.map(|i| i.0)],
            )
            .map_err(|e| self.fail(e))
    }

    /// Takes back a removal whose deletion has not been sent to Jira. Returns whether it did.
    pub fn unremove(&self, id: EntryId, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self
            .tx
            .execute(
                "UPDATE entries SET deleted_at = NULL, sync_state = 'pending', revision = revision + 1, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NOT NULL AND push_op IS NOT 'delete'",
                params![id.0, unix(now)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(changed > 0)
    }

    /// Whether the entry is, or may be, in Jira (it has a worklog, or a create may have reached it).
    pub fn may_be_in_jira(&self, id: EntryId) -> Result<bool, StoreError> {
        self.tx
            .query_row("SELECT worklog_id IS NOT NULL OR push_op IS 'create' FROM entries WHERE id = ?1", [id.0], |r| {
                r.get::<_, bool>(0)
            })
            .optional()
            .map(|v| v.unwrap_or(false))
            .map_err(|e| self.fail(e))
    }

    /// Every worklog id an entry of `site` holds: a lost create is never found in one of these.
    pub fn held_worklog_ids(&self, site: SiteId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT worklog_id FROM entries WHERE worklog_id IS NOT NULL AND site_id = ?1")
            .map_err(|e| self.fail(e))?;
        let ids = stmt.query_map([site.0], |r| r.get(0)).map_err(|e| self.fail(e))?;
        ids.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// How many of the site's entries have a request out whose answer is not known yet (the next
    /// sync settles them where they were sent).
    pub fn in_flight(&self, site: SiteId) -> Result<usize, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM entries WHERE sync_state = 'pushing' AND {SITE_HOLDING} = ?1");
        let n: i64 = self.tx.query_row(&sql, [site.0], |r| r.get(0)).map_err(|e| self.fail(e))?;
        Ok(n as usize)
    }

    /// The site's worklogs take the ids `moved` gives them (`(old, new)`), those of the place its
    /// worklogs go from now on; the `updated` stamps kept from the old place are dropped (the next
    /// read-back compares values), and so is what the site's read-back kept, whose ids were the
    /// old place's: the next read-back reads the new place whole. Returns how many entries changed.
    pub fn move_worklog_ids(&self, site: SiteId, moved: &[(String, String)]) -> Result<usize, StoreError> {
        let mut changed = 0;
        {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "UPDATE entries SET worklog_id = ?3, remote_updated = NULL WHERE site_id = ?1 AND worklog_id = ?2",
                )
                .map_err(|e| self.fail(e))?;
            for (old, new) in moved {
                changed += stmt.execute(params![site.0, old, new]).map_err(|e| self.fail(e))?;
            }
        }
        for sql in ["DELETE FROM jira_worklogs WHERE site_id = ?1", "DELETE FROM read_back WHERE site_id = ?1"] {
            self.tx.execute(sql, [site.0]).map_err(|e| self.fail(e))?;
        }
        Ok(changed)
    }

    // ---- Sites ---------------------------------------------------------------------------------

    /// The default site's sign-in, signed out or not.
    pub fn connection(&self) -> Result<Option<StoredConnection>, StoreError> {
        Ok(self.default_site()?.map(|s| s.connection))
    }

    /// The default site, signed out or not.
    pub fn default_site(&self) -> Result<Option<StoredSite>, StoreError> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites WHERE is_default = 1");
        self.tx.query_row(&sql, [], site_from).optional().map_err(|e| self.fail(e))
    }

    /// One site, by its id.
    pub fn site(&self, id: SiteId) -> Result<Option<StoredSite>, StoreError> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?1");
        self.tx.query_row(&sql, [id.0], site_from).optional().map_err(|e| self.fail(e))
    }

    /// Every site signed into on this machine, the default first, then in the order they were
    /// added; signed-out ones too (their entries still belong to them).
    pub fn sites(&self) -> Result<Vec<StoredSite>, StoreError> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY is_default DESC, id");
        let mut stmt = self.tx.prepare_cached(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt.query_map([], site_from).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Records a sign-in to `c.site`: a site met before takes the new sign-in (and keeps its
    /// entries); a new one is added. It becomes the default when `make_default` or when there is
    /// none. Its entries waiting for a sign-in go back in the queue. Returns its id.
    pub fn set_connection(&self, c: &StoredConnection, make_default: bool) -> Result<SiteId, StoreError> {
        let id: i64 = self
            .tx
            .query_row(
                "INSERT INTO sites
                    (mode, site, api_base, cloud_id, account_id, account_name, signed_in_at, needs_sign_in)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
                 ON CONFLICT (site) DO UPDATE SET mode = ?1, api_base = ?3, cloud_id = ?4, account_id = ?5,
                    account_name = ?6, signed_in_at = ?7, needs_sign_in = 0
                 RETURNING id",
                params![c.mode, c.site, c.api_base, c.cloud_id, c.account_id, c.account_name, unix(c.signed_in_at)],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        let id = SiteId(id);
        if make_default || self.default_site()?.is_none() {
            self.set_default_site(id)?;
        }
        self.release_sign_in_hold(id)?;
        Ok(id)
    }

    /// The site's entries waiting for a sign-in go back in the queue. Returns how many.
    pub fn release_sign_in_hold(&self, site: SiteId) -> Result<usize, StoreError> {
        let sql = format!(
            "UPDATE entries SET sync_state = 'pending' WHERE sync_state = 'needs_sign_in' AND {SITE_HOLDING} = ?1"
        );
        self.tx.execute(&sql, [site.0]).map_err(|e| self.fail(e))
    }

    /// Where the site's worklogs go from now on: Tempo's at `tempo_api`, or (`None`) Jira's own.
    /// Returns whether the site exists.
    pub fn set_destination(&self, site: SiteId, tempo_api: Option<&str>) -> Result<bool, StoreError> {
        let destination = if tempo_api.is_some() { "tempo" } else { "jira" };
        let changed = self
            .tx
            .execute(
                "UPDATE sites SET destination = ?2, tempo_api = ?3 WHERE id = ?1",
                params![site.0, destination, tempo_api],
            )
            .map_err(|e| self.fail(e))?;
        Ok(changed == 1)
    }

    /// Keeps what Tempo's schedule requires of the person on each of `days` (the site's), in
    /// place of what was kept for those dates.
    pub fn keep_required_days(
        &self,
        site: SiteId,
        days: &[(chrono::NaiveDate, i64)],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO tempo_days (site_id, day, required_seconds, read_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (site_id, day) DO UPDATE SET required_seconds = ?3, read_at = ?4",
            )
            .map_err(|e| self.fail(e))?;
        for (day, seconds) in days {
            stmt.execute(params![site.0, day.to_string(), seconds.clamp(&0, &86_400), unix(at)])
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// What Tempo's schedule requires on each date from `from` to `to` (inclusive) where it was
    /// read, for sites whose worklogs go to Tempo (the most any of them requires).
    pub fn required_days(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, i64)>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT day, max(required_seconds) FROM tempo_days JOIN sites ON sites.id = tempo_days.site_id
                 WHERE sites.destination = 'tempo' AND day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .map_err(|e| self.fail(e))?;
        let mut days = Vec::new();
        for row in rows {
            let (day, seconds) = row.map_err(|e| self.fail(e))?;
            if let Ok(day) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                days.push((day, seconds));
            }
        }
        Ok(days)
    }

    /// The values the person chose for Tempo's work attributes on the site.
    pub fn tempo_choices(&self, site: SiteId) -> Result<Vec<TempoChoice>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT scope, attribute, value FROM tempo_choices WHERE site_id = ?1 ORDER BY scope, attribute",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([site.0], |r| Ok(TempoChoice { scope: r.get(0)?, attribute: r.get(1)?, value: r.get(2)? }))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Chooses `value` for the work attribute `attribute` on `scope` (an issue or a project key)
    /// on the site; `None` forgets the choice. Returns whether anything changed.
    pub fn set_tempo_choice(
        &self,
        site: SiteId,
        scope: &str,
        attribute: &str,
        value: Option<&str>,
    ) -> Result<bool, StoreError> {
        let changed = match value {
            Some(value) => self.tx.execute(
                "INSERT INTO tempo_choices (site_id, scope, attribute, value) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (site_id, scope, attribute) DO UPDATE SET value = ?4 WHERE value <> ?4",
                params![site.0, scope, attribute, value],
            ),
            None => self.tx.execute(
                "DELETE FROM tempo_choices WHERE site_id = ?1 AND scope = ?2 AND attribute = ?3",
                params![site.0, scope, attribute],
            ),
        }
        .map_err(|e| self.fail(e))?;
        Ok(changed > 0)
    }

    /// Makes `id` the default site: entries not yet sent and not routed by a rule go to it.
    /// Returns whether the site exists.
    pub fn set_default_site(&self, id: SiteId) -> Result<bool, StoreError> {
        if self.site(id)?.is_none() {
            return Ok(false);
        }
        // One default at a time: the old one steps down before the new one steps up.
        self.tx.execute("UPDATE sites SET is_default = 0 WHERE id <> ?1", [id.0]).map_err(|e| self.fail(e))?;
        self.tx.execute("UPDATE sites SET is_default = 1 WHERE id = ?1", [id.0]).map_err(|e| self.fail(e))?;
        Ok(true)
    }

    /// The per-project rules, by project key: the project's entries go to that site.
    pub fn site_rules(&self) -> Result<Vec<(String, SiteId)>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT project, site_id FROM site_rules ORDER BY project")
            .map_err(|e| self.fail(e))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, SiteId(r.get(1)?)))).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Routes `project`'s entries to `site` (`None`: to the default again). Entries already sent
    /// stay where they are. Returns whether a rule changed.
    pub fn set_site_rule(&self, project: &str, site: Option<SiteId>) -> Result<bool, StoreError> {
        let changed = match site {
            Some(site) => self.tx.execute(
                "INSERT INTO site_rules (project, site_id) VALUES (?1, ?2)
                 ON CONFLICT (project) DO UPDATE SET site_id = ?2 WHERE site_id <> ?2",
                params![project, site.0],
            ),
            None => self.tx.execute("DELETE FROM site_rules WHERE project = ?1", [project]),
        }
        .map_err(|e| self.fail(e))?;
        Ok(changed > 0)
    }

    /// Moves an entry to `site`. One that is on another site is deleted there and created on its
    /// new one by the next syncs; one that was refused is sent again. Returns whether the entry
    /// exists.
    pub fn move_to_site(&self, id: EntryId, site: SiteId) -> Result<bool, StoreError> {
        let changed = self
            .tx
            .execute(
                "UPDATE entries SET site_wanted = ?2,
                    error_code = CASE WHEN site_id IS NOT ?2 AND sync_state = 'failed' THEN NULL ELSE error_code END,
                    error_message = CASE WHEN site_id IS NOT ?2 AND sync_state = 'failed'
                                         THEN NULL ELSE error_message END,
                    sync_state = CASE WHEN site_id IS NOT ?2 AND sync_state IN ('synced', 'failed')
                                      THEN 'pending' ELSE sync_state END
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id.0, site.0],
            )
            .map_err(|e| self.fail(e))?;
        Ok(changed > 0)
    }

    /// The address of the site the entry belongs to, when Stint knows several sites (with one,
    /// there is nothing to tell apart).
    pub fn site_among_several(&self, id: EntryId) -> Result<Option<String>, StoreError> {
        let sql = format!(
            "SELECT st.site FROM entries, sites st
             WHERE entries.id = ?1 AND st.id = {SITE_OF_ENTRY} AND (SELECT count(*) FROM sites) > 1"
        );
        self.tx.query_row(&sql, [id.0], |r| r.get(0)).optional().map_err(|e| self.fail(e))
    }

    /// The address of the site the latest entry on `issue` belongs to: where tracking it again
    /// goes.
    pub fn site_of_latest(&self, issue: &IssueKey) -> Result<Option<String>, StoreError> {
        let sql = format!(
            "SELECT st.site FROM entries, sites st
             WHERE entries.issue = ?1 AND entries.deleted_at IS NULL AND st.id = {SITE_OF_ENTRY}
             ORDER BY entries.started_at DESC LIMIT 1"
        );
        self.tx.query_row(&sql, [issue.as_str()], |r| r.get(0)).optional().map_err(|e| self.fail(e))
    }

    /// The site the entry belongs to (see `SITE_OF_ENTRY`), where there is one.
    pub fn site_of_entry(&self, id: EntryId) -> Result<Option<SiteId>, StoreError> {
        let sql = format!("SELECT {SITE_OF_ENTRY} FROM entries WHERE id = ?1");
        let site: Option<Option<i64>> =
            self.tx.query_row(&sql, [id.0], |r| r.get(0)).optional().map_err(|e| self.fail(e))?;
        Ok(site.flatten().map(SiteId))
    }

    /// This database's random id: its keychain item is named after it.
    pub fn install_id(&self) -> Result<String, StoreError> {
        let id: Option<i64> = self
            .tx
            .query_row("SELECT value FROM meta WHERE key = 'install_id'", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.fail(e))?;
        let id = id.ok_or_else(|| self.fail(conversion(0, "no install id")))?;
        Ok(format!("{:014x}", id.unsigned_abs()))
    }

    // ---- Audit and summaries -----------------------------------------------------------------

    /// Adds a line to the audit log (never the note).
    pub fn audit(
        &self,
        at: DateTime<Utc>,
        entry: EntryId,
        action: &str,
        issue: Option<&IssueKey>,
        worklog_id: Option<&str>,
        outcome: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO audit (at, entry_id, action, issue, worklog_id, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![unix(at), entry.0, action, issue.map(IssueKey::as_str), worklog_id, outcome],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The newest `limit` audit lines, oldest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT at, entry_id, action, issue, worklog_id, outcome FROM
                   (SELECT * FROM audit ORDER BY id DESC LIMIT ?1) ORDER BY id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(AuditRow {
                    at: instant(r.get(0)?)?,
                    entry_id: r.get(1)?,
                    action: r.get(2)?,
                    issue: r.get(3)?,
                    worklog_id: r.get(4)?,
                    outcome: r.get(5)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Keeps the summary of an issue the user has tracked (others are not kept).
    pub fn keep_summary(&self, issue: &IssueKey, summary: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let kept = self
            .tx
            .execute(
                "INSERT INTO issue_summaries (issue, summary, fetched_at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM entries WHERE issue = ?1)
                 ON CONFLICT (issue) DO UPDATE SET summary = excluded.summary, fetched_at = excluded.fetched_at",
                params![issue.as_str(), summary, unix(at)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(kept > 0)
    }

    /// Drops summaries fetched before `before`.
    pub fn prune_summaries(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        self.tx.execute("DELETE FROM issue_summaries WHERE fetched_at < ?1", [unix(before)]).map_err(|e| self.fail(e))
    }

    /// The kept summaries fetched since `since`, by issue (what a list shows beside each key).
    pub fn summaries_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<String, String>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT issue, summary FROM issue_summaries WHERE fetched_at >= ?1")
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([unix(since)], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// The issues tracked lately (newest first), with a kept summary when there is one.
    pub fn recent_issues(&self, limit: usize) -> Result<Vec<(IssueKey, Option<String>)>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT e.issue, s.summary FROM
                   (SELECT issue, max(started_at) AS last FROM entries WHERE deleted_at IS NULL GROUP BY issue
                    ORDER BY last DESC LIMIT ?1) e
                 LEFT JOIN issue_summaries s ON s.issue = e.issue ORDER BY e.last DESC",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| Ok((issue_from(r, 0)?, r.get::<_, Option<String>>(1)?)))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }
}

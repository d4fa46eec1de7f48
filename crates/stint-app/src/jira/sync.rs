//! The sync: the queue to Jira exactly once (`stint-sync` does the work), one at a time across
//! processes (a lock file), with a summary of what happened; putting refused entries back in the
//! queue; and the audit log of what was sent.

use std::fs::File;
use std::sync::Arc;
use std::time::Duration;

use stint_domain::{EntryId, Remedy, SyncState};
use stint_jira::Jira;
use stint_store::AuditRow;
use stint_sync::{Options, Progress};

use super::runtime;
use crate::facade::SharedStore;
use crate::views::local;
use crate::{AppError, Stint};

/// What a sync did (`stint sync --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncSummary {
    pub pushed: usize,
    pub updated: usize,
    pub deleted: usize,
    pub failed: usize,
    pub remaining: usize,
    /// Entries not sent because their worklog was changed in Jira since the last sync (each waits
    /// for the person, with Jira's values beside it: never a silent overwrite).
    pub conflicts: usize,
    /// The read-back that followed the push (`stint pull --json`'s fields), or null when the push
    /// stopped early or left entries because Jira failed.
    pub read_back: Option<super::PullSummary>,
    /// Why it stopped early: `{code, message, remedy}`, or null.
    pub stopped: Option<SyncStop>,
    /// What Jira last answered about an entry left queued, in words (null when none was held
    /// back by Jira: entries changed meanwhile are simply sent next time).
    pub remaining_because: Option<String>,
    /// When Jira allows the next try, when it asked to wait longer than a sync waits (RFC 3339).
    #[serde(serialize_with = "stint_domain::rfc3339::serialize_option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub next_try: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStop {
    pub code: &'static str,
    pub message: String,
    /// What to do, for each shell to word.
    pub remedy: Option<Remedy>,
}

/// An audit line with its time in the local zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditLine {
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: chrono::DateTime<chrono::FixedOffset>,
    #[serde(flatten)]
    pub row: AuditRow,
}

/// A sync ready to run on the shell's runtime, holding the lock that keeps a second one from
/// starting (see the module `jira`).
#[derive(Debug)]
pub struct SyncJob {
    jira: Arc<Jira>,
    store: SharedStore,
    options: Options,
    /// Read back after the push.
    read_back: Option<super::pull::ReadBack>,
    _lock: File,
}

impl Stint {
    /// Prepares a sync: takes the sync lock and the sign-in. `settle`: leave entries changed
    /// within `sync_delay` (what the tray's background sync does).
    pub fn sync_job(&mut self, settle: bool) -> Result<SyncJob, AppError> {
        let lock = self.sync_lock()?;
        let jira = match self.session() {
            Ok(jira) => jira,
            Err(AppError::Jira(e)) if e.class() == stint_jira::Class::NeedsSignIn => {
                let waiting = self.store().write(|tx| tx.mark_needs_sign_in())?;
                tracing::info!(waiting, "sync needs a sign-in");
                return Err(AppError::Jira(e));
            }
            Err(e) => return Err(e),
        };
        let j = &self.settings.jira;
        let options = Options {
            adjust: j.adjust_estimate,
            in_doubt_wait: Duration::from_secs(j.http_timeout_seconds.max(1) as u64),
            settle: settle.then(|| Duration::from_secs(j.sync_delay_seconds.max(0) as u64)),
            ..Options::default()
        };
        let read_back = Some(self.read_back_window(false));
        Ok(SyncJob { jira, store: self.shared_store(), options, read_back, _lock: lock })
    }

    /// Pushes the queue to Jira (blocking). Two syncs never run at once.
    pub fn sync(&mut self, settle: bool, progress: &dyn Progress) -> Result<SyncSummary, AppError> {
        let job = self.sync_job(settle)?;
        runtime()?.block_on(job.run(progress))
    }

    pub(super) fn sync_lock(&self) -> Result<File, AppError> {
        let path = self.jira_context().sync_lock();
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|source| AppError::Io { action: "open", path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::SyncRunning),
            Err(std::fs::TryLockError::Error(source)) => Err(AppError::Io { action: "lock", path, source }),
        }
    }

    /// Puts refused entries back in the queue: one (`id`), or all. Returns how many.
    pub fn retry(&mut self, id: Option<EntryId>) -> Result<usize, AppError> {
        let count = self.store().write(|tx| -> Result<usize, AppError> {
            if let Some(id) = id {
                // A removal Jira refused is retried too: its deletion is asked for again.
                let entry = tx.listed_entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
                if entry.sync != SyncState::Failed {
                    return Err(AppError::NotFailed(id.0));
                }
            }
            Ok(tx.retry_failed(id)?)
        })?;
        tracing::info!(count, "retry");
        Ok(count)
    }

    /// The newest `limit` lines of the audit log, oldest first.
    pub fn audit(&mut self, limit: usize) -> Result<Vec<AuditLine>, AppError> {
        let rows = self.store().read(|tx| tx.audit_log(limit))?;
        Ok(rows.into_iter().map(|row| AuditLine { at: local(row.at), row }).collect())
    }
}

impl SyncJob {
    /// Runs the sync on the facade's connection, then reads back (when the push went to its
    /// end); what it did.
    pub async fn run(self, progress: &dyn Progress) -> Result<SyncSummary, AppError> {
        let report = stint_sync::run(self.jira.clone(), self.store.clone(), &self.options, progress).await?;
        let read_back = match self.read_back {
            // Not after a push that stopped, or gave up on an entry because Jira failed: the
            // read would meet the same trouble, and add to an ailing Jira's load.
            Some(window) if report.stopped.is_none() && report.held_back.is_none() => {
                Some(super::pull::read_back(self.jira, self.store, window).await?)
            }
            _ => None,
        };
        let stopped =
            report.stopped.map(|stop| SyncStop { code: stop.code, message: stop.message, remedy: stop.remedy });
        Ok(SyncSummary {
            pushed: report.pushed,
            updated: report.updated,
            deleted: report.deleted,
            failed: report.failed,
            remaining: report.remaining,
            conflicts: report.conflicts,
            read_back,
            stopped,
            remaining_because: report.held_back.filter(|_| report.remaining > 0),
            next_try: report.next_try.map(local),
        })
    }
}

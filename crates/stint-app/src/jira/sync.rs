//! The sync: the queue to Jira exactly once (`stint-sync` does the work), one at a time across
//! processes (a lock file), with a summary of what happened; putting refused entries back in the
//! queue; and the audit log of what was sent.

use std::fs::File;
use std::sync::Arc;
use std::time::Duration;

use stint_domain::{EntryId, Remedy, SyncState};
use stint_jira::Jira;
use stint_store::{AuditRow, StoredSite};
use stint_sync::{Options, Progress};

use super::runtime;
use crate::facade::SharedStore;
use crate::views::local;
use crate::{AppError, Stint};

/// What a sync did (`stint sync --json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
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
    /// Each site's part, the default first (the fields above add them up; `stopped` and
    /// `remaining_because` are the first site's that has one).
    pub sites: Vec<SiteSync>,
    /// What the person should know though nothing failed (every site's, in words): entries sent
    /// into a Tempo timesheet that waits for approval.
    pub warnings: Vec<String>,
}

/// What a sync did on one site.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteSync {
    pub site: String,
    pub pushed: usize,
    pub updated: usize,
    pub deleted: usize,
    pub failed: usize,
    pub remaining: usize,
    pub conflicts: usize,
    pub stopped: Option<SyncStop>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStop {
    pub code: &'static str,
    pub message: String,
    /// What to do, for each shell to word.
    pub remedy: Option<Remedy>,
}

impl SyncStop {
    /// Why a site was not synced at all (no sign-in, or none Stint could read), with what to do
    /// there: a sign-in names the site.
    pub fn for_site(site: &str, error: &AppError) -> SyncStop {
        let remedy = match error.remedy() {
            Some(Remedy::SignIn) => Some(Remedy::SignInToSite { site: site.to_string() }),
            other => other,
        };
        SyncStop { code: error.code(), message: format!("{site}: {error}"), remedy }
    }
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

/// One site's part of a sync.
#[derive(Debug)]
struct SiteJob {
    site: StoredSite,
    jira: Result<Arc<Jira>, AppError>,
    tempo: Option<Result<super::tempo::TempoSide, AppError>>,
}

/// A sync ready to run on the shell's runtime, holding the lock that keeps a second one from
/// starting (see the module `jira`).
#[derive(Debug)]
pub struct SyncJob {
    /// The sites to sync, each with its session or why it has none (it waits for a sign-in),
    /// and for a site whose worklogs go to Tempo, its Tempo or why it cannot be reached.
    sites: Vec<SiteJob>,
    store: SharedStore,
    options: Options,
    /// Read back after the push.
    read_back: Option<super::pull::ReadBack>,
    _lock: File,
}

impl Stint {
    /// Prepares a sync of every site: takes the sync lock and each site's sign-in. `settle`:
    /// leave entries changed within `sync_delay` (what the tray's background sync does). A site
    /// whose sign-in is gone holds its own queue, not the others'; when no site has a sign-in,
    /// the sync cannot start.
    pub fn sync_job(&mut self, settle: bool) -> Result<SyncJob, AppError> {
        let lock = self.sync_lock()?;
        let stored = self.store().read(|tx| tx.sites())?;
        let mut sites = Vec::new();
        for site in stored {
            let session = self.site_session(&site);
            if let Err(AppError::Jira(e)) = &session {
                if e.class() == stint_jira::Class::NeedsSignIn {
                    let waiting = self.store().write(|tx| tx.mark_needs_sign_in(site.id))?;
                    tracing::info!(waiting, "a site needs a sign-in");
                }
            }
            let tempo = if session.is_ok() { self.tempo_side(&site) } else { None };
            if let Some(Err(e)) = &tempo {
                let waiting = self.store().write(|tx| tx.hold_queue_for_sign_in(site.id))?;
                tracing::info!(waiting, code = e.code(), "a site's Tempo cannot be reached");
            }
            sites.push(SiteJob { site, jira: session, tempo });
        }
        if !sites.iter().any(|s| s.jira.is_ok()) {
            // The default site's reason (or "not signed in"), as before there were several.
            let reason = sites.into_iter().find_map(|s| s.jira.err());
            return Err(reason.unwrap_or_else(|| stint_jira::JiraError::NotSignedIn.into()));
        }
        let j = &self.settings.jira;
        let options = Options {
            adjust: j.adjust_estimate,
            in_doubt_wait: Duration::from_secs(j.http_timeout_seconds.max(1) as u64),
            settle: settle.then(|| Duration::from_secs(j.sync_delay_seconds.max(0) as u64)),
            ..Options::default()
        };
        let read_back = Some(self.read_back_window(false));
        Ok(SyncJob { sites, store: self.shared_store(), options, read_back, _lock: lock })
    }

    /// Pushes the queue to Jira (blocking). Two syncs never run at once.
    pub fn sync(&mut self, settle: bool, progress: &dyn Progress) -> Result<SyncSummary, AppError> {
        let job = self.sync_job(settle)?;
        runtime()?.block_on(job.run(progress))
    }

    pub(super) fn sync_lock(&self) -> Result<File, AppError> {
        take_sync_lock(self.jira_context().sync_lock())
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

/// How many of a site's entries wait to be sent.
async fn waiting(store: &SharedStore, site: stint_store::SiteId) -> Result<usize, AppError> {
    super::blocking(store, move |s| Ok(s.read(|tx| tx.outbox(site))?.len())).await
}

impl SyncJob {
    /// Runs the sync of each site in turn on the facade's connection, each followed by its
    /// read-back (when its push went to its end); what it did. One site that fails (down, or
    /// signed out) does not keep the others from syncing.
    pub async fn run(self, progress: &dyn Progress) -> Result<SyncSummary, AppError> {
        let mut summary = SyncSummary::default();
        for SiteJob { site, jira, tempo } in self.sites {
            let mut part = SiteSync { site: site.connection.site.clone(), ..SiteSync::default() };
            let session = match (jira, tempo) {
                (Ok(_), Some(Err(e))) | (Err(e), _) => Err(e),
                (Ok(jira), tempo) => Ok((jira, tempo.and_then(Result::ok))),
            };
            match session {
                Err(e) => {
                    part.remaining = waiting(&self.store, site.id).await?;
                    part.stopped = Some(SyncStop::for_site(&part.site, &e));
                }
                Ok((jira, tempo)) => {
                    let store = self.store.clone();
                    let pushed = match &tempo {
                        None => stint_sync::run(jira.clone(), site.id, store, &self.options, progress)
                            .await
                            .map(|report| (report, Vec::new()))
                            .map_err(AppError::from),
                        Some(side) => {
                            super::tempo::push(jira.clone(), side, &site, store, &self.options, progress).await
                        }
                    };
                    let report = match pushed {
                        Ok((report, warnings)) => {
                            let host = crate::site_host(&site.connection.site).to_string();
                            summary.warnings.extend(warnings.into_iter().map(|w| format!("{host}: {w}")));
                            report
                        }
                        // What Tempo needs could not be learned: this site waits, the others go on.
                        Err(e @ (AppError::Tempo(_) | AppError::Jira(_))) => stint_sync::Report {
                            remaining: waiting(&self.store, site.id).await?,
                            stopped: Some(stint_sync::Stop {
                                code: e.code(),
                                message: format!("{}: {e}", site.connection.site),
                                remedy: e.remedy(),
                            }),
                            ..stint_sync::Report::default()
                        },
                        Err(e) => return Err(e),
                    };
                    // Not after a push that stopped, or gave up on an entry because Jira failed:
                    // the read would meet the same trouble, and add to an ailing Jira's load.
                    if let Some(window) =
                        self.read_back.filter(|_| report.stopped.is_none() && report.held_back.is_none())
                    {
                        let read =
                            super::pull::read_back(jira, tempo.as_ref(), site.id, self.store.clone(), window).await?;
                        summary.read_back = super::pull::add_up(summary.read_back.take(), Some(read));
                    }
                    if summary.remaining_because.is_none() {
                        summary.remaining_because = report.held_back.filter(|_| report.remaining > 0);
                    }
                    summary.next_try = summary.next_try.max(report.next_try.map(local));
                    part = SiteSync {
                        pushed: report.pushed,
                        updated: report.updated,
                        deleted: report.deleted,
                        failed: report.failed,
                        remaining: report.remaining,
                        conflicts: report.conflicts,
                        stopped: report.stopped.map(|s| SyncStop {
                            code: s.code,
                            message: s.message,
                            remedy: match s.code {
                                "tempo.needs_sign_in" | "tempo.bad_token" | "tempo.missing_scope" => {
                                    Some(Remedy::SignInToTempo { site: site.connection.site.clone() })
                                }
                                _ => s.remedy,
                            },
                        }),
                        ..part
                    };
                }
            }
            summary.pushed += part.pushed;
            summary.updated += part.updated;
            summary.deleted += part.deleted;
            summary.failed += part.failed;
            summary.remaining += part.remaining;
            summary.conflicts += part.conflicts;
            if summary.stopped.is_none() {
                summary.stopped = part.stopped.clone();
            }
            summary.sites.push(part);
        }
        Ok(summary)
    }
}

/// The sync lock at `path`, or `SyncRunning` when another process holds it (never a wait).
pub(super) fn take_sync_lock(path: std::path::PathBuf) -> Result<File, AppError> {
    take_sync_lock_within(path, Duration::ZERO)
}

/// The sync lock at `path`, waiting up to `wait` for a sync in another process to end (a
/// background sync takes seconds); `SyncRunning` after that.
pub(super) fn take_sync_lock_within(path: std::path::PathBuf, wait: Duration) -> Result<File, AppError> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).map_err(|source| AppError::Io { action: "open", path: path.clone(), source })?;
    let began = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if began.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(AppError::SyncRunning),
            Err(std::fs::TryLockError::Error(source)) => return Err(AppError::Io { action: "lock", path, source }),
        }
    }
}

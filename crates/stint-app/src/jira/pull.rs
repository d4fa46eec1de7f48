//! Reading back: the person's worklogs for the last `read_back_weeks` weeks, from Jira to here
//! (`stint-sync` decides and writes), one at a time with the sync (the same lock).

use chrono::{DateTime, Duration, FixedOffset};

use super::runtime;
use super::sync::SyncStop;
use crate::views::local;
use crate::{AppError, Stint};

/// What a read-back did (`stint pull --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PullSummary {
    /// The window read: worklogs that started from `from` to before `to`.
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: DateTime<FixedOffset>,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: DateTime<FixedOffset>,
    /// Issues read, and requests made to Jira.
    pub issues: usize,
    pub requests: usize,
    /// Entries that took an edit made in Jira.
    pub took_jira: usize,
    /// Entries changed here and in Jira since the last sync: the person settles each.
    pub conflicts: usize,
    /// Entries whose worklog was deleted in Jira: kept here, marked.
    pub deleted_in_jira: usize,
    /// The person's worklogs logged outside Stint, and by Stint on another machine.
    pub elsewhere: usize,
    pub other_machines: usize,
    /// Entries whose lost worklog was found by its uid.
    pub linked: usize,
    /// Why it stopped before the end (then nothing here changed): `{code, message, remedy}`.
    pub stopped: Option<SyncStop>,
}

impl Stint {
    /// Reads back the person's worklogs for the last `read_back_weeks` weeks (blocking). Never
    /// runs beside a sync.
    pub fn pull(&mut self) -> Result<PullSummary, AppError> {
        let _lock = self.sync_lock()?;
        let jira = self.session()?;
        let now = self.now();
        let weeks = self.settings.jira.read_back_weeks.clamp(1, 52);
        let (from, to) = (now - Duration::weeks(weeks), now + Duration::days(1));
        let store = self.shared_store();
        let pulled = runtime()?.block_on(stint_sync::pull(jira, store, from, to, now))?;
        tracing::info!(
            issues = pulled.issues,
            requests = pulled.requests,
            took_jira = pulled.took_jira,
            conflicts = pulled.conflicts,
            deleted_in_jira = pulled.deleted_in_jira,
            elsewhere = pulled.elsewhere,
            "read back"
        );
        Ok(PullSummary {
            from: local(from),
            to: local(to),
            issues: pulled.issues,
            requests: pulled.requests,
            took_jira: pulled.took_jira,
            conflicts: pulled.conflicts,
            deleted_in_jira: pulled.deleted_in_jira,
            elsewhere: pulled.elsewhere,
            other_machines: pulled.other_machines,
            linked: pulled.linked,
            stopped: pulled.stopped.map(|s| SyncStop { code: s.code, message: s.message, remedy: s.remedy }),
        })
    }
}

/// How the person settles what a read-back found on an entry.
pub use stint_store::Settle as Resolution;

impl Stint {
    /// Settles a conflict (keep this machine's values, or take Jira's) or a deletion made in Jira
    /// (create the worklog again, or drop the entry here too); the entry as it is after.
    pub fn resolve(
        &mut self,
        id: stint_domain::EntryId,
        how: Resolution,
    ) -> Result<Option<stint_domain::Entry>, AppError> {
        let now = self.now();
        self.store().write(|tx| -> Result<Option<stint_domain::Entry>, AppError> {
            let entry = tx.listed_entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let what = match how {
                Resolution::KeepMine | Resolution::TakeJira => stint_domain::JiraState::Conflict,
                Resolution::PushAgain | Resolution::Drop => stint_domain::JiraState::Deleted,
            };
            if entry.jira != Some(what) || !tx.settle(id, how, now)? {
                let what = match what {
                    stint_domain::JiraState::Conflict => "conflict with Jira",
                    stint_domain::JiraState::Deleted => "deletion in Jira",
                };
                return Err(AppError::NothingToSettle { id: id.0, what });
            }
            Ok(tx.listed_entry(id)?)
        })
    }
}

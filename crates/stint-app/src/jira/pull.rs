//! Reading back: the person's worklogs for the last `read_back_weeks` weeks, from Jira to here
//! (`stint-sync` decides and writes), one at a time with the sync (the same lock).

use chrono::{DateTime, Duration, FixedOffset};
use stint_domain::Note;

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
    /// The window was read in full (else only what changed on the site since the last read).
    pub full: bool,
    /// Issues read whole, and requests made to Jira.
    pub issues: usize,
    pub requests: usize,
    /// Entries that took an edit made in Jira.
    pub took_jira: usize,
    /// Entries changed here and in Jira since the last sync: the person settles each.
    pub conflicts: usize,
    /// Entries whose worklog was deleted in Jira: kept here, marked.
    pub deleted_in_jira: usize,
    /// The person's worklogs logged outside Stint, and by Stint on another machine, that this
    /// read found (when not whole: those that changed).
    pub elsewhere: usize,
    pub other_machines: usize,
    /// Entries whose lost worklog was found by its uid.
    pub linked: usize,
    /// Why it stopped before the end (then nothing here changed): `{code, message, remedy}`.
    pub stopped: Option<SyncStop>,
}

/// The window a read-back covers and the time it runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReadBack {
    from: DateTime<chrono::Utc>,
    to: DateTime<chrono::Utc>,
    now: DateTime<chrono::Utc>,
    whole: bool,
}

impl Stint {
    /// The last `read_back_weeks` weeks (and the day ahead, for an entry started past midnight
    /// somewhere east).
    pub(super) fn read_back_window(&self, whole: bool) -> ReadBack {
        let now = self.now();
        let weeks = self.settings.jira.read_back_weeks.clamp(1, 52);
        ReadBack { from: now - Duration::weeks(weeks), to: now + Duration::days(1), now, whole }
    }

    /// Reads back the person's worklogs for the last `read_back_weeks` weeks from every site
    /// signed in (blocking): only what changed since the last read, or the whole window when
    /// `full`, when there was no read yet, or once a day. Never runs beside a sync. The counts
    /// add up the sites; `stopped` is the first site's that stopped. A site whose sign-in cannot
    /// be read is left out (its reason the stop, when no other stopped) while the others are read.
    pub fn pull(&mut self, full: bool) -> Result<PullSummary, AppError> {
        let _lock = self.sync_lock()?;
        let sites = self.store().read(|tx| tx.sites())?;
        let (mut sessions, mut left_out) = (Vec::new(), None);
        for site in sites.iter().filter(|s| !s.connection.needs_sign_in) {
            let session = self.site_session(site).and_then(|jira| match self.tempo_side(site) {
                None => Ok((jira, None)),
                Some(tempo) => Ok((jira, Some(tempo?))),
            });
            match session {
                Ok((jira, tempo)) => sessions.push((site.id, jira, tempo)),
                Err(e) => {
                    left_out.get_or_insert_with(|| SyncStop::for_site(&site.connection.site, &e));
                }
            }
        }
        let window = self.read_back_window(full);
        let store = self.shared_store();
        let summary = runtime()?.block_on(async move {
            let mut summary = None;
            for (site, jira, tempo) in sessions {
                let read = read_back(jira, tempo.as_ref(), site, store.clone(), window).await?;
                summary = add_up(summary, Some(read));
            }
            Ok::<_, AppError>(summary)
        })?;
        let Some(mut summary) = summary else { return Err(stint_jira::JiraError::NotSignedIn.into()) };
        summary.stopped = summary.stopped.or(left_out);
        Ok(summary)
    }
}

/// Two sites' read-backs as one: counts added, read in full only when both were, the first
/// stop kept.
pub(super) fn add_up(a: Option<PullSummary>, b: Option<PullSummary>) -> Option<PullSummary> {
    match (a, b) {
        (Some(a), Some(b)) => Some(PullSummary {
            from: a.from,
            to: a.to,
            full: a.full && b.full,
            issues: a.issues + b.issues,
            requests: a.requests + b.requests,
            took_jira: a.took_jira + b.took_jira,
            conflicts: a.conflicts + b.conflicts,
            deleted_in_jira: a.deleted_in_jira + b.deleted_in_jira,
            elsewhere: a.elsewhere + b.elsewhere,
            other_machines: a.other_machines + b.other_machines,
            linked: a.linked + b.linked,
            stopped: a.stopped.or(b.stopped),
        }),
        (a, b) => a.or(b),
    }
}

/// Reads back one site, on the caller's runtime.
pub(super) async fn read_back(
    jira: std::sync::Arc<stint_jira::Jira>,
    tempo: Option<&super::tempo::TempoSide>,
    site: stint_store::SiteId,
    store: crate::facade::SharedStore,
    w: ReadBack,
) -> Result<PullSummary, AppError> {
    let pulled = match tempo {
        None => stint_sync::pull(jira, site, store, w.from, w.to, w.now, w.whole).await?,
        Some(side) => super::tempo::read_back(jira, side, site, store, w.from, w.to, w.now).await?,
    };
    tracing::info!(
        whole = pulled.whole,
        issues = pulled.issues,
        requests = pulled.requests,
        took_jira = pulled.took_jira,
        conflicts = pulled.conflicts,
        deleted_in_jira = pulled.deleted_in_jira,
        elsewhere = pulled.elsewhere,
        "read back"
    );
    Ok(PullSummary {
        from: local(w.from),
        to: local(w.to),
        full: pulled.whole,
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

/// How the person settles what a read-back found on an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A conflict: keep this machine's values (the next sync sends them over Jira's).
    KeepMine,
    /// A conflict: take Jira's values.
    TakeJira,
    /// Deleted in Jira: create it there again at the next sync.
    PushAgain,
    /// Deleted in Jira: remove it here too.
    Drop,
}

impl Resolution {
    fn settle(self) -> stint_store::Settle {
        match self {
            Resolution::KeepMine => stint_store::Settle::KeepMine,
            Resolution::TakeJira => stint_store::Settle::TakeJira,
            Resolution::PushAgain => stint_store::Settle::PushAgain,
            Resolution::Drop => stint_store::Settle::Drop,
        }
    }
}

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
            if entry.jira != Some(what) || !tx.settle(id, how.settle(), now)? {
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

impl Stint {
    /// Makes one of the person's worklogs in Jira that is not an entry here (as `listing` shows
    /// them) an entry, to edit it like any other: read from Jira first (its comment, which is not
    /// kept before, becomes the note), marked with a uid when it carries none, and linked, so no
    /// sync or read-back ever counts it twice.
    pub fn adopt(&mut self, worklog_id: &str) -> Result<stint_domain::Entry, AppError> {
        let digits = !worklog_id.is_empty() && worklog_id.len() <= 20 && worklog_id.bytes().all(|b| b.is_ascii_digit());
        if !digits {
            return Err(AppError::BadWorklogId(worklog_id.chars().take(40).collect()));
        }
        let _lock = self.sync_lock()?;
        // The site that holds it (a worklog id belongs to its site; the default is asked first).
        let (site, kept) = self
            .store()
            .read(|tx| {
                for site in tx.sites()? {
                    if let Some(kept) = tx.jira_worklog(site.id, worklog_id)? {
                        return Ok::<_, AppError>(Some((site, kept)));
                    }
                }
                Ok(None)
            })?
            .ok_or_else(|| AppError::NoSuchWorklog(worklog_id.to_string()))?;
        let jira = self.site_session(&site)?;
        let site = site.id;
        let me = jira.session().connection().account_id.clone();
        let now = self.now();
        let cannot = |why| AppError::CannotAdopt { worklog_id: worklog_id.to_string(), why };
        let found = runtime()?.block_on(async {
            let Some(w) = jira.worklog(&kept.issue, worklog_id).await? else { return Ok(None) };
            if w.author.as_deref() != Some(me.as_str()) {
                return Err(cannot("someone else logged it"));
            }
            let seconds = w.seconds.unwrap_or(kept.seconds);
            if !(60..=86_400).contains(&seconds) {
                return Err(cannot("an entry lasts from a minute to 24 hours"));
            }
            let note = match w.comment.as_deref().filter(|c| !c.trim().is_empty()) {
                Some(text) => Note::parse(text).map_err(|_| {
                    cannot("its comment cannot be a note (over 10,000 characters, or control characters)")
                })?,
                None => None,
            };
            let uid = match w.uid.clone() {
                Some(uid) => uid,
                None => {
                    let uid = stint_store::new_uid();
                    jira.set_uid(&kept.issue, worklog_id, &uid).await?;
                    uid
                }
            };
            Ok::<_, AppError>(Some(stint_store::Adopted {
                worklog_id: worklog_id.to_string(),
                issue: kept.issue.clone(),
                started: w.started.unwrap_or(kept.started),
                seconds,
                note,
                uid,
                author: w.author,
                updated: w.updated,
            }))
        })?;
        let Some(adopted) = found else {
            self.store().write(|tx| tx.forget_jira_worklog(site, worklog_id))?;
            return Err(cannot("it is no longer in Jira"));
        };
        let id = self
            .store()
            .write(|tx| tx.adopt_worklog(site, &adopted, now))?
            .ok_or_else(|| cannot("an entry here has it"))?;
        tracing::info!(id = id.0, "adopted a worklog");
        self.store().read(|tx| tx.entry(id))?.ok_or(AppError::NoSuchEntry(id.0))
    }
}

//! What the application API returns. These are the shapes of the CLI's `--json` output and, later,
//! of the desktop app's IPC: times are RFC 3339 with the local offset.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, Utc};
use stint_domain::{rfc3339, Entry, EntryId, Gap, IssueKey, Note, Running};
use stint_store::Counts;

use crate::settings::SettingView;

/// An instant shown in the local time zone.
pub(crate) fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Local).fixed_offset()
}

/// A silence noticed while the timer ran.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GapView {
    #[serde(serialize_with = "rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: DateTime<FixedOffset>,
    #[serde(serialize_with = "rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: DateTime<FixedOffset>,
    pub seconds: i64,
}

impl From<Gap> for GapView {
    fn from(gap: Gap) -> Self {
        GapView { from: local(gap.from), to: local(gap.to), seconds: gap.seconds() }
    }
}

/// The running timer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunningView {
    pub id: EntryId,
    pub issue: IssueKey,
    /// When it started, with the offset in force where it started.
    #[serde(serialize_with = "rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub started: DateTime<FixedOffset>,
    pub elapsed_seconds: i64,
    pub note: Option<Note>,
    pub local_only: bool,
    /// A silence to settle when stopping (see `GapChoice`).
    pub idle_gap: Option<GapView>,
    /// The site its entry goes to, when Stint is signed in to several (else absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

/// A site's address as a person reads it beside an entry: its host (with its port or path,
/// where it has them), without the scheme or the closing slash.
pub fn site_host(site: &str) -> &str {
    site.split_once("://").map_or(site, |(_, rest)| rest).trim_end_matches('/')
}

impl RunningView {
    pub(crate) fn new(running: Running, now: DateTime<Utc>, gap: Option<Gap>) -> RunningView {
        RunningView {
            id: running.id,
            elapsed_seconds: running.elapsed_seconds(now),
            issue: running.issue,
            started: running.started,
            note: running.note,
            local_only: running.local_only,
            idle_gap: gap.map(GapView::from),
            site: None,
        }
    }

    /// The same, naming the site its entry goes to when there are several.
    pub(crate) fn at_site(self, tx: &stint_store::Tx<'_>) -> Result<RunningView, stint_store::StoreError> {
        Ok(RunningView { site: tx.site_among_several(self.id)?, ..self })
    }
}

/// `status`: the running timer and where the entries stand with Jira.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Status {
    pub running: Option<RunningView>,
    pub counts: Counts,
    pub jira: JiraStatus,
    /// Nothing yet: no entry, no timer, never signed in (the window opens on its welcome).
    pub first_run: bool,
    /// Today's time, as `stint week` counts it for today: entries, the running timer up to now,
    /// and the person's time logged elsewhere that a read-back found. The tray's menu and the
    /// window's timer show this figure.
    pub today_seconds: i64,
    /// Today's daily target (0 on a day without one), as the week counts it.
    pub today_target_seconds: i64,
    /// How the person reads times and dates: the window shows them so, as the CLI does.
    pub locale: stint_domain::TimeLocale,
}

/// Where the Jira sign-in stands, from what is stored (no network).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JiraStatus {
    /// The default site's sign-in, as `site` and `needs_sign_in`.
    pub signed_in: bool,
    pub site: Option<String>,
    /// Queued work waits for `stint login`.
    pub needs_sign_in: bool,
    /// How many sites have a sign-in: a sync can run while one has, even with the default
    /// signed out.
    pub sites_signed_in: usize,
}

/// Another entry (or the running timer) sharing time with the one just saved. Stint keeps both,
/// since people fix overlaps afterwards, and says so.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overlap {
    pub id: EntryId,
    pub issue: IssueKey,
    #[serde(serialize_with = "rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub started: DateTime<FixedOffset>,
    /// How long it is (the running timer: so far).
    pub seconds: i64,
    pub running: bool,
}

/// An entry just logged, and what it overlaps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Logged {
    #[serde(flatten)]
    pub entry: Entry,
    pub overlaps: Vec<Overlap>,
}

/// What stopping a timer did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Stopped {
    /// The timer became this entry, now in the queue.
    Finished { entry: Entry, overlaps: Vec<Overlap> },
    /// The timer ran under a minute (Jira's floor), so no entry was made.
    Discarded { issue: IssueKey, seconds: i64 },
}

/// What starting a timer did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Started {
    pub running: RunningView,
    /// The timer that was running before, stopped at the same instant (a switch).
    pub previous: Option<Stopped>,
    /// Entries the new timer's time so far overlaps (when it started in the past).
    pub overlaps: Vec<Overlap>,
}

/// What an edit changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edited {
    Entry { entry: Entry, overlaps: Vec<Overlap> },
    Running { running: RunningView, overlaps: Vec<Overlap> },
}

/// What removing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", content = "id", rename_all = "snake_case")]
pub enum Removed {
    /// The entry is gone (Jira never had it).
    Deleted(EntryId),
    /// Jira has the entry: it is hidden here and its deletion waits to be sent.
    MarkedForDeletion(EntryId),
    /// The running timer was dropped without making an entry.
    DiscardedRunning(EntryId),
}

impl Removed {
    /// What happened, as the JSON says it (`outcome`).
    pub fn name(&self) -> &'static str {
        match self {
            Removed::Deleted(_) => "deleted",
            Removed::MarkedForDeletion(_) => "marked_for_deletion",
            Removed::DiscardedRunning(_) => "discarded_running",
        }
    }
}

/// A heartbeat was recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Heartbeat {
    #[serde(serialize_with = "rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<FixedOffset>,
    pub running: Option<EntryId>,
    pub idle_gap: Option<GapView>,
}

/// `config`: where the files are and which settings are in effect.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConfigReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub config_file: PathBuf,
    pub config_file_exists: bool,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub database: PathBuf,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub log_dir: PathBuf,
    /// The desktop window's size and place.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub window_state: PathBuf,
    pub settings: Vec<SettingView>,
}

/// A file or folder `purge` leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Kept {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub why: String,
}

/// What `purge` would remove, for the confirmation question.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PurgePlan {
    /// The files that exist, are Stint's, and would be removed (folders go once empty).
    #[cfg_attr(feature = "ts", ts(type = "string[]"))]
    pub paths: Vec<PathBuf>,
    /// What is at Stint's paths but is not Stint's (or holds other files), left as it is.
    pub kept: Vec<Kept>,
    /// Entries kept, and how many of those Jira does not have yet (`None` when unreadable).
    pub entries: Option<i64>,
    pub not_in_jira: Option<i64>,
    pub running: Option<bool>,
}

/// What `purge` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Purged {
    #[cfg_attr(feature = "ts", ts(type = "string[]"))]
    pub deleted: Vec<PathBuf>,
    pub kept: Vec<Kept>,
}

//! The `Stint` facade: every operation a person can ask for, each one transaction.

use std::fmt;

use chrono::{DateTime, Days, FixedOffset, Local, NaiveDate, Utc};
use stint_domain::{
    check_entry_end, check_work_time, clip_silence, finish_timer, idle_gap, local_day_start, parse_date,
    parse_duration, parse_time, spans_overlap, stop_instant, summarize_week, Entry, EntryId, GapChoice, IssueKey, Note,
    Private, Running, StopBlocked, StopOutcome, SummaryEntry, SyncState, Target, Week, WeekSummary, MAX_ENTRY_SECONDS,
};
use stint_store::{EntryChange, NewEntry, NewRunning, Removal, Store, Tx};

use crate::views::{
    local, Edited, Heartbeat, JiraStatus, Logged, Overlap, Removed, RunningView, Started, Status, Stopped,
};
use crate::{AppError, Paths, Settings};

/// A range of instants `[lower, upper)`; either end may be open.
pub(crate) type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Where the application reads the time. Real shells use `Utc::now`; tests pin it.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// `start`: begin tracking an issue (switching if another timer runs).
#[derive(Clone)]
pub struct StartRequest {
    pub issue: String,
    pub note: Option<Private<String>>,
    /// When the work began (default: now); also where a running timer is stopped.
    pub at: Option<String>,
    pub local_only: bool,
    /// What to do with a silence in the timer being switched away from.
    pub gap: GapChoice,
}

/// `stop`: end the running timer.
#[derive(Clone)]
pub struct StopRequest {
    pub at: Option<String>,
    /// Replaces the timer's note.
    pub note: Option<Private<String>>,
    pub gap: GapChoice,
}

/// `add`: log time after the fact.
#[derive(Clone)]
pub struct AddRequest {
    pub issue: String,
    pub duration: String,
    /// When the work began (default: it ends now).
    pub at: Option<String>,
    pub note: Option<Private<String>>,
    pub local_only: bool,
}

/// `edit`: change an entry or the running timer. `None` leaves a field as it is; an empty note
/// removes the note.
#[derive(Clone, Default)]
pub struct EditRequest {
    pub issue: Option<String>,
    pub duration: Option<String>,
    pub at: Option<String>,
    pub note: Option<Private<String>>,
    pub local_only: Option<bool>,
}

/// Requests hold what the user typed, so their `Debug` shows none of it (`StartRequest { .. }`).
macro_rules! opaque_debug {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    )*};
}

opaque_debug!(StartRequest, StopRequest, AddRequest, EditRequest);

/// Stint's application API over one database.
pub struct Stint {
    store: Store,
    settings: Settings,
    clock: Clock,
    paths: Paths,
    /// The `STINT_<SETTING>` variables as they were at open, to reload settings the same way.
    env: Vec<(String, String)>,
    /// Entries this facade removed outright (never sent to Jira), so that `undo_remove` can bring
    /// them back while the window that removed them is open. Memory only, at most `UNDO_DEPTH`.
    pub(crate) removed: Vec<Entry>,
}

/// How many outright removals `undo_remove` can take back.
pub(crate) const UNDO_DEPTH: usize = 20;

impl fmt::Debug for Stint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stint").field("database", &self.store.path()).finish_non_exhaustive()
    }
}

impl Stint {
    /// Loads the settings (the config file, then `env`), and opens the database.
    pub fn open(paths: &Paths, env: impl Fn(&str) -> Option<String>) -> Result<Stint, AppError> {
        Stint::open_with_clock(paths, env, Box::new(Utc::now))
    }

    pub fn open_with_clock(
        paths: &Paths,
        env: impl Fn(&str) -> Option<String>,
        clock: Clock,
    ) -> Result<Stint, AppError> {
        let env: Vec<(String, String)> =
            crate::settings::setting_variables().filter_map(|name| env(&name).map(|value| (name, value))).collect();
        let (settings, _) = Settings::load(&paths.config_file, |name| lookup(&env, name))?;
        paths.ensure_data_dir()?;
        let store = Store::open(&paths.database)?;
        Ok(Stint { store, settings, clock, paths: paths.clone(), env, removed: Vec::new() })
    }

    /// Whether this facade's database file is still there (another process may have purged it).
    pub fn database_still_there(&self) -> bool {
        self.store.is_still_at_path()
    }

    pub(crate) fn env_vars(&self) -> Vec<(String, String)> {
        self.env.clone()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every setting in effect and where it came from.
    pub fn setting_views(&self) -> Result<Vec<crate::SettingView>, AppError> {
        let env = self.env.clone();
        Ok(Settings::load(&self.paths.config_file, |name| lookup(&env, name))?.1)
    }

    /// Writes `key = value` into the config file (checked as loading checks it) and uses it from
    /// now on. A `STINT_…` variable still wins over the file, which the views say.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Vec<crate::SettingView>, AppError> {
        crate::settings::write_setting(&self.paths.config_file, key, value)?;
        let env = self.env.clone();
        let (settings, views) = Settings::load(&self.paths.config_file, |name| lookup(&env, name))?;
        self.settings = settings;
        tracing::info!(key, "setting written");
        Ok(views)
    }

    fn gap_threshold(&self) -> i64 {
        self.settings.idle_gap_seconds.unwrap_or(i64::MAX)
    }

    /// A typed time of work: not in the future, not before 2000, with an offset Jira accepts.
    pub(crate) fn work_time(
        &self,
        input: &str,
        what: &'static str,
        now: DateTime<Utc>,
    ) -> Result<DateTime<FixedOffset>, AppError> {
        Ok(check_work_time(parse_time(input, now, &Local)?, now, what)?)
    }

    /// The running timer and where the entries stand.
    pub fn status(&mut self) -> Result<Status, AppError> {
        let now = (self.clock)();
        let threshold = self.gap_threshold();
        let (running, counts, connection) =
            self.store.read(|tx| Ok::<_, AppError>((tx.running()?, tx.counts()?, tx.connection()?)))?;
        let running = running.map(|r| {
            let gap = idle_gap(&r, now, threshold);
            RunningView::new(r, now, gap)
        });
        let jira = JiraStatus {
            signed_in: connection.as_ref().is_some_and(|c| !c.needs_sign_in),
            needs_sign_in: connection.as_ref().is_some_and(|c| c.needs_sign_in),
            site: connection.map(|c| c.site),
        };
        Ok(Status { running, counts, jira })
    }

    /// Starts a timer. A running timer on another issue is stopped at the same instant, in the
    /// same transaction (a switch).
    pub fn start(&mut self, req: StartRequest) -> Result<Started, AppError> {
        let typed_at = (self.clock)();
        let issue = IssueKey::parse(&req.issue)?;
        let note = parse_note(req.note.as_ref())?.flatten();
        let at = req.at.as_deref().map(|s| self.work_time(s, "the start", typed_at)).transpose()?;
        let (threshold, rounding) = (self.gap_threshold(), self.settings.rounding);
        let started = self.store.write(|tx| -> Result<_, AppError> {
            // Read with the lock held, so instants follow the order in which processes commit.
            let now = (self.clock)();
            let previous = match tx.running()? {
                Some(r) if r.issue == issue => return Err(AppError::AlreadyTracking(issue.to_string())),
                Some(r) => {
                    let end = stop_instant(&r, at.map(|a| a.to_utc()), now, threshold, req.gap)
                        .map_err(|blocked| stop_blocked(blocked, &r))?;
                    Some(stop_running(tx, &r, end, None, rounding, now)?)
                }
                None => None,
            };
            // Something is ticking (a heartbeat arrived lately): the timer's silences can be noticed.
            let ticking = tx.last_heartbeat()?.is_some_and(|beat| (now - beat).num_seconds() < threshold);
            let new = NewRunning {
                issue: issue.clone(),
                started: at.unwrap_or_else(|| local(now)),
                note,
                local_only: req.local_only,
                last_seen: ticking.then_some(now),
            };
            let id = tx.start_running(&new, now)?;
            let overlaps = overlaps(tx, id, new.started.to_utc(), now, now)?;
            let running = RunningView::new(running_or_missing(tx, id)?, now, None);
            Ok(Started { running, previous, overlaps })
        })?;
        tracing::info!(id = started.running.id.0, switched = started.previous.is_some(), "timer started");
        Ok(started)
    }

    /// Stops the running timer; the entry joins the sync queue.
    pub fn stop(&mut self, req: StopRequest) -> Result<Stopped, AppError> {
        let typed_at = (self.clock)();
        let at = req.at.as_deref().map(|s| self.work_time(s, "the end", typed_at)).transpose()?;
        let note = parse_note(req.note.as_ref())?;
        let (threshold, rounding) = (self.gap_threshold(), self.settings.rounding);
        let stopped = self.store.write(|tx| -> Result<_, AppError> {
            let now = (self.clock)(); // with the lock held, as in `start`
            let running = tx.running()?.ok_or(AppError::NothingRunning)?;
            let end = stop_instant(&running, at.map(|a| a.to_utc()), now, threshold, req.gap)
                .map_err(|blocked| stop_blocked(blocked, &running))?;
            stop_running(tx, &running, end, note, rounding, now)
        })?;
        tracing::info!(finished = matches!(stopped, Stopped::Finished { .. }), "timer stopped");
        Ok(stopped)
    }

    /// Logs time after the fact. Without `at`, the work ends now. The work must be over by now.
    pub fn add(&mut self, req: AddRequest) -> Result<Logged, AppError> {
        let now = (self.clock)();
        let issue = IssueKey::parse(&req.issue)?;
        let seconds = parse_duration(&req.duration)?;
        let started = match req.at.as_deref() {
            Some(at) => self.work_time(at, "the start", now)?,
            None => check_work_time(local(now - chrono::Duration::seconds(seconds)), now, "the start")?,
        };
        check_entry_end(started, seconds, now)?;
        let note = parse_note(req.note.as_ref())?.flatten();
        let new = NewEntry { issue, started, seconds, note, local_only: req.local_only };
        let logged = self.store.write(|tx| -> Result<_, AppError> {
            let id = tx.insert_entry(&new, now)?;
            let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let overlaps = overlaps(tx, id, entry.started.to_utc(), entry.ended().to_utc(), now)?;
            Ok(Logged { entry, overlaps })
        })?;
        tracing::info!(id = logged.entry.id.0, seconds, overlaps = logged.overlaps.len(), "entry added");
        Ok(logged)
    }

    /// Changes an entry, or the running timer when `id` is its id. The changed entry must still
    /// be over by now; a timer moved to start earlier than a silence no longer has that silence.
    pub fn edit(&mut self, id: &str, req: EditRequest) -> Result<Edited, AppError> {
        let now = (self.clock)();
        let id = parse_id(id)?;
        let issue = req.issue.as_deref().map(IssueKey::parse).transpose()?;
        let seconds = req.duration.as_deref().map(parse_duration).transpose()?;
        let started = req.at.as_deref().map(|s| self.work_time(s, "the start", now)).transpose()?;
        let note = parse_note(req.note.as_ref())?;
        if issue.is_none() && seconds.is_none() && started.is_none() && note.is_none() && req.local_only.is_none() {
            return Err(AppError::NothingToChange);
        }
        let threshold = self.gap_threshold();
        let edited = self.store.write(|tx| -> Result<_, AppError> {
            let change = EntryChange { issue, started, seconds, note, local_only: req.local_only };
            if let Some(running) = tx.running()?.filter(|r| r.id == id) {
                if seconds.is_some() {
                    return Err(AppError::DurationOfRunning);
                }
                if let Some(start) = started {
                    let (last_seen, gap) = clip_silence(running.last_seen, running.gap, start.to_utc());
                    tx.set_silence(id, last_seen, gap)?;
                }
                tx.update_entry(id, &change, now)?;
                let running = running_or_missing(tx, id)?;
                let overlaps = overlaps(tx, id, running.started.to_utc(), now, now)?;
                let gap = idle_gap(&running, now, threshold);
                return Ok(Edited::Running { running: RunningView::new(running, now, gap), overlaps });
            }
            let before = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            if req.local_only == Some(true) && tx.may_be_in_jira(id)? {
                return Err(AppError::InJira(id.0));
            }
            check_entry_end(started.unwrap_or(before.started), seconds.unwrap_or(before.seconds), now)?;
            tx.update_entry(id, &change, now)?;
            let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let overlaps = overlaps(tx, id, entry.started.to_utc(), entry.ended().to_utc(), now)?;
            Ok(Edited::Entry { entry, overlaps })
        })?;
        tracing::info!(id = id.0, "entry edited");
        Ok(edited)
    }

    /// Removes an entry (one Jira has is marked, so the deletion reaches Jira), or drops the
    /// running timer when `id` is its id.
    pub fn remove(&mut self, id: &str) -> Result<Removed, AppError> {
        let now = (self.clock)();
        let id = parse_id(id)?;
        let removed = self.store.write(|tx| -> Result<_, AppError> {
            if tx.running()?.is_some_and(|r| r.id == id) {
                tx.discard_running(id)?;
                return Ok((Removed::DiscardedRunning(id), None));
            }
            let entry = tx.entry(id)?;
            match tx.remove_entry(id, now)? {
                Some(Removal::Deleted) => Ok((Removed::Deleted(id), entry)),
                Some(Removal::MarkedForDeletion) => Ok((Removed::MarkedForDeletion(id), None)),
                None => Err(AppError::NoSuchEntry(id.0)),
            }
        });
        let (removed, gone) = removed?;
        if let Some(entry) = gone {
            if self.removed.len() == UNDO_DEPTH {
                self.removed.remove(0);
            }
            self.removed.push(entry);
        }
        tracing::info!(id = id.0, outcome = removed_name(&removed), "entry removed");
        Ok(removed)
    }

    /// Finished entries between two local dates, inclusive. By default the last seven days.
    pub fn list(&mut self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Entry>, AppError> {
        let today = self.now().with_timezone(&Local).date_naive();
        let week_ago = today.checked_sub_days(Days::new(6)).unwrap_or(today);
        let (lower, upper) = self.date_range(from, to, Some(week_ago))?;
        Ok(self.store.read(|tx| tx.entries_overlapping(lower, upper))?)
    }

    /// Typed `--from`/`--to` local dates (inclusive) as UTC instants `[lower, upper)`.
    pub(crate) fn date_range(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        default_from: Option<NaiveDate>,
    ) -> Result<Span, AppError> {
        let now = self.now();
        let from_date = from.map(|f| parse_date(f, now, &Local)).transpose()?.or(default_from);
        let to_date = to.map(|t| parse_date(t, now, &Local)).transpose()?;
        if let (Some(from), Some(to)) = (from_date, to_date) {
            if to < from {
                return Err(AppError::BadRange { from: from.to_string(), to: to.to_string() });
            }
        }
        let lower = from_date.map(|d| local_day_start(d, &Local));
        let upper = to_date.and_then(|t| t.checked_add_days(Days::new(1))).map(|t| local_day_start(t, &Local));
        Ok((lower, upper))
    }

    /// The weekly summary for `week` (`2026-W47`, a date in the week, `today`…; default: this
    /// week). The running timer counts up to now, as not yet synced.
    pub fn week(&mut self, week: Option<&str>) -> Result<WeekSummary, AppError> {
        let week = self.parse_week(week)?;
        self.summarize(week)
    }

    /// A typed week (`2026-W47`, a date in it, `today`), or this week.
    pub(crate) fn parse_week(&self, week: Option<&str>) -> Result<Week, AppError> {
        let now = (self.clock)();
        let start = self.settings.week_start;
        Ok(match week {
            None => Week::containing(now.with_timezone(&Local).date_naive(), start)?,
            Some(text) => Week::parse(text, start).or_else(|err| {
                parse_date(text, now, &Local).ok().and_then(|d| Week::containing(d, start).ok()).ok_or(err)
            })?,
        })
    }

    /// The summary of one week; the running timer counts up to now, at most a day.
    pub(crate) fn summarize(&mut self, week: Week) -> Result<WeekSummary, AppError> {
        let now = (self.clock)();
        let (from, to) = week.bounds(&Local);
        let (entries, running) =
            self.store.read(|tx| Ok::<_, AppError>((tx.entries_overlapping(Some(from), Some(to))?, tx.running()?)))?;
        let mut work: Vec<SummaryEntry> = entries
            .into_iter()
            .map(|e| SummaryEntry {
                issue: e.issue,
                start: e.started.to_utc(),
                seconds: e.seconds,
                synced: e.sync == SyncState::Synced,
            })
            .collect();
        if let Some(r) = running {
            // A timer left running counts at most the day one entry may span.
            let seconds = r.elapsed_seconds(now).min(MAX_ENTRY_SECONDS);
            work.push(SummaryEntry { issue: r.issue, start: r.started.to_utc(), seconds, synced: false });
        }
        let target = Target {
            daily_seconds: self.settings.daily_target_seconds,
            working_days: self.settings.working_days.clone(),
        };
        Ok(summarize_week(week, &work, &Local, &target))
    }

    /// Records that this machine is awake (from the desktop app's ticker, or `stint heartbeat` run
    /// by cron). A running timer's silences are measured between heartbeats.
    pub fn heartbeat(&mut self) -> Result<Heartbeat, AppError> {
        let threshold = self.gap_threshold();
        let (running, gap, now) = self.store.write(|tx| -> Result<_, AppError> {
            let now = (self.clock)(); // with the lock held, as in `start`
            let running = tx.running()?;
            let gap = running.as_ref().and_then(|r| idle_gap(r, now, threshold));
            tx.record_heartbeat(now, running.as_ref().map(|r| (r.id, gap)))?;
            Ok((running.map(|r| r.id), gap, now))
        })?;
        tracing::debug!(gap = gap.is_some(), "heartbeat");
        Ok(Heartbeat { at: local(now), running, idle_gap: gap.map(Into::into) })
    }

    pub(crate) fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    pub(crate) fn paths(&self) -> &Paths {
        &self.paths
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}

pub(crate) fn lookup(env: &[(String, String)], name: &str) -> Option<String> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// Ends `running` at `end`: a finished entry (with `note` if one is given), or nothing if it
/// ran under a minute.
fn stop_running(
    tx: &Tx<'_>,
    running: &Running,
    end: DateTime<Utc>,
    note: Option<Option<Note>>,
    rounding: stint_domain::Rounding,
    now: DateTime<Utc>,
) -> Result<Stopped, AppError> {
    match finish_timer(running, end, rounding)? {
        StopOutcome::Finished { seconds } => {
            if let Some(note) = note {
                tx.update_entry(running.id, &EntryChange { note: Some(note), ..Default::default() }, now)?;
            }
            tx.finish_running(running.id, seconds, now)?;
            let entry = tx.entry(running.id)?.ok_or(AppError::NoSuchEntry(running.id.0))?;
            let overlaps = overlaps(tx, entry.id, entry.started.to_utc(), entry.ended().to_utc(), now)?;
            Ok(Stopped::Finished { entry, overlaps })
        }
        StopOutcome::Discarded { seconds } => {
            tx.discard_running(running.id)?;
            Ok(Stopped::Discarded { issue: running.issue.clone(), seconds })
        }
    }
}

/// Why a stop could not decide its end, as the error the user sees.
fn stop_blocked(blocked: StopBlocked, running: &Running) -> AppError {
    match blocked {
        StopBlocked::Gap(gap) => AppError::GapNeedsDecision { gap },
        StopBlocked::ClockBehindStart => {
            AppError::ClockBehindTimer { id: running.id.0, started: stint_domain::rfc3339::format(&running.started) }
        }
    }
}

/// The entries, and the running timer, that share time with `[start, end)`, other than `id`.
fn overlaps(
    tx: &Tx<'_>,
    id: EntryId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Overlap>, AppError> {
    let mut found: Vec<Overlap> = tx
        .entries_overlapping(Some(start), Some(end))?
        .into_iter()
        .filter(|e| e.id != id && spans_overlap((start, end), (e.started.to_utc(), e.ended().to_utc())))
        .map(|e| Overlap { id: e.id, issue: e.issue, started: e.started, seconds: e.seconds, running: false })
        .collect();
    if let Some(r) = tx.running()?.filter(|r| r.id != id && spans_overlap((start, end), (r.started.to_utc(), now))) {
        let seconds = r.elapsed_seconds(now);
        found.push(Overlap { id: r.id, issue: r.issue, started: r.started, seconds, running: true });
    }
    Ok(found)
}

fn running_or_missing(tx: &Tx<'_>, id: EntryId) -> Result<Running, AppError> {
    tx.running()?.filter(|r| r.id == id).ok_or(AppError::NoSuchEntry(id.0))
}

/// `None`: no note given; `Some(None)`: an empty note (clears it); `Some(Some(n))`: a note.
fn parse_note(note: Option<&Private<String>>) -> Result<Option<Option<Note>>, AppError> {
    Ok(note.map(|n| Note::parse(n.expose())).transpose()?)
}

pub(crate) fn parse_id(text: &str) -> Result<EntryId, AppError> {
    text.parse::<EntryId>().ok().filter(|id| id.0 > 0).ok_or_else(|| AppError::BadId(text.chars().take(30).collect()))
}

fn removed_name(removed: &Removed) -> &'static str {
    match removed {
        Removed::Deleted(_) => "deleted",
        Removed::MarkedForDeletion(_) => "marked_for_deletion",
        Removed::DiscardedRunning(_) => "discarded_running",
    }
}

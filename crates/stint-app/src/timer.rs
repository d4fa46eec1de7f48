//! The timer: its status, starting (or switching), stopping, what stopping now would keep, the
//! ways a silence is settled (at a stop, or later from a notification), and the heartbeats a
//! silence is measured between. Every way a timer stops goes through `stop_running`.

use chrono::{DateTime, Utc};
use stint_domain::{
    finish_timer, idle_gap, stop_instant, EntryId, IssueKey, Note, Running, StopBlocked, StopOutcome, MIN_ENTRY_SECONDS,
};
use stint_store::{EntryChange, NewRunning, Tx};

use crate::entries::{overlaps, parse_note};
use crate::views::{local, Heartbeat, JiraStatus, RunningView, Started, Status, Stopped};
use crate::{AppError, StartRequest, Stint, StopRequest};

/// What stopping the timer now would keep: shown before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StopPreview {
    /// How long it has run.
    pub measured_seconds: i64,
    /// What the entry would be after rounding (`None`: under a minute, nothing is kept).
    pub kept_seconds: Option<i64>,
    /// The rounding rule in effect (`none`, `up 15m`, …).
    pub rounding: String,
    /// Jira's floor: shorter timers make no entry.
    pub minimum_seconds: i64,
}

/// What a notification about a silence offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapSettle {
    /// Count the silence as work.
    Keep,
    /// Leave the silence out: the entry ends where it began and the timer goes on from its end.
    Drop,
    /// Stop the timer where the silence began.
    Stop,
}

impl Stint {
    /// The running timer and where the entries stand.
    pub fn status(&mut self) -> Result<Status, AppError> {
        let now = self.now();
        let threshold = self.gap_threshold();
        let (running, counts, connection, sites) = self.store().read(|tx| {
            let running = match tx.running()? {
                Some(r) => {
                    let gap = idle_gap(&r, now, threshold);
                    Some(RunningView::new(r, now, gap).at_site(tx)?)
                }
                None => None,
            };
            Ok::<_, AppError>((running, tx.counts()?, tx.connection()?, tx.sites()?))
        })?;
        let first_run = running.is_none()
            && connection.is_none()
            && [counts.local, counts.pending, counts.failed, counts.synced].iter().all(|n| *n == 0);
        let jira = JiraStatus {
            signed_in: connection.as_ref().is_some_and(|c| !c.needs_sign_in),
            needs_sign_in: connection.as_ref().is_some_and(|c| c.needs_sign_in),
            site: connection.map(|c| c.site),
            sites_signed_in: sites.iter().filter(|s| !s.connection.needs_sign_in).count(),
        };
        let today = now.with_timezone(&chrono::Local).date_naive();
        let week = stint_domain::Week::containing(today, self.settings.week_start)?;
        let summary = self.summarize(week)?;
        let day = summary.days.iter().find(|d| d.date == today);
        let (today_seconds, today_target_seconds) = day.map_or((0, 0), |d| (d.seconds, d.target_seconds));
        Ok(Status {
            running,
            counts,
            jira,
            first_run,
            today_seconds,
            today_target_seconds,
            locale: self.time_locale().clone(),
        })
    }

    /// Starts a timer on `issue` again, from a shell's list of recent issues (the tray's "Start
    /// on …"): with several sites, on the site it was last tracked on, as the window's Continue
    /// does; else as `start` would. A switch, as `start` is.
    pub fn start_again(&mut self, issue: &str) -> Result<Started, AppError> {
        let key = IssueKey::parse(issue)?;
        let site = self.store().read(|tx| -> Result<_, AppError> {
            Ok(if tx.sites()?.len() > 1 { tx.site_of_latest(&key)? } else { None })
        })?;
        self.start(StartRequest {
            issue: key.to_string(),
            note: None,
            at: None,
            local_only: false,
            gap: crate::GapChoice::Ask,
            site,
        })
    }

    /// Starts a timer. A running timer on another issue is stopped at the same instant, in the
    /// same transaction (a switch).
    pub fn start(&mut self, req: StartRequest) -> Result<Started, AppError> {
        let typed_at = self.now();
        let issue = IssueKey::parse(&req.issue)?;
        let note = parse_note(req.note.as_ref())?.flatten();
        let at = req.at.as_deref().map(|s| self.work_time(s, "the start", typed_at)).transpose()?;
        let (threshold, rounding) = (self.gap_threshold(), self.settings.rounding);
        let started = self.store().write(|tx| -> Result<_, AppError> {
            // Read with the lock held, so instants follow the order in which processes commit.
            let now = self.now();
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
            crate::entries::send_to_site(tx, id, req.site.as_deref())?;
            let overlaps = overlaps(tx, id, new.started.to_utc(), now, now)?;
            let running = RunningView::new(running_or_missing(tx, id)?, now, None).at_site(tx)?;
            Ok(Started { running, previous, overlaps })
        })?;
        tracing::info!(id = started.running.id.0, switched = started.previous.is_some(), "timer started");
        Ok(started)
    }

    /// Stops the running timer; the entry joins the sync queue.
    pub fn stop(&mut self, req: StopRequest) -> Result<Stopped, AppError> {
        let typed_at = self.now();
        let at = req.at.as_deref().map(|s| self.work_time(s, "the end", typed_at)).transpose()?;
        let note = parse_note(req.note.as_ref())?;
        let (threshold, rounding) = (self.gap_threshold(), self.settings.rounding);
        let stopped = self.store().write(|tx| -> Result<_, AppError> {
            let now = self.now(); // with the lock held, as in `start`
            let running = tx.running()?.ok_or(AppError::NothingRunning)?;
            let end = stop_instant(&running, at.map(|a| a.to_utc()), now, threshold, req.gap)
                .map_err(|blocked| stop_blocked(blocked, &running))?;
            stop_running(tx, &running, end, note, rounding, now)
        })?;
        tracing::info!(finished = matches!(stopped, Stopped::Finished { .. }), "timer stopped");
        Ok(stopped)
    }

    /// What stopping the running timer now would keep, without stopping it.
    pub fn stop_preview(&mut self) -> Result<Option<StopPreview>, AppError> {
        let now = self.now();
        let rounding = self.settings.rounding;
        let running = self.store().read(|tx| tx.running())?;
        Ok(running.map(|r| {
            let measured = r.elapsed_seconds(now);
            let kept = match finish_timer(&r, now.max(r.started.to_utc()), rounding) {
                Ok(StopOutcome::Finished { seconds }) => Some(seconds),
                _ => None,
            };
            StopPreview {
                measured_seconds: measured,
                kept_seconds: kept,
                rounding: rounding.to_string(),
                minimum_seconds: MIN_ENTRY_SECONDS,
            }
        }))
    }

    /// Settles the running timer's silence as the person chose in a notification: count it, stop
    /// where it began, or leave it out (stop where it began, and go on from its end).
    pub fn settle_gap(&mut self, how: GapSettle) -> Result<(), AppError> {
        let rounding = self.settings.rounding;
        let now = self.now();
        self.store().write(|tx| -> Result<(), AppError> {
            let running = tx.running()?.ok_or(AppError::NothingRunning)?;
            let Some(gap) = running.gap else { return Ok(()) };
            if how == GapSettle::Keep {
                return Ok(tx.set_silence(running.id, Some(now), None)?);
            }
            stop_running(tx, &running, gap.from.max(running.started.to_utc()), None, rounding, now)?;
            if how == GapSettle::Drop {
                let new = NewRunning {
                    issue: running.issue.clone(),
                    started: local(gap.to.min(now)),
                    note: running.note.clone(),
                    local_only: running.local_only,
                    last_seen: Some(now),
                };
                tx.start_running(&new, now)?;
            }
            Ok(())
        })?;
        tracing::info!(how = ?how, "silence settled");
        Ok(())
    }

    /// Records that this machine is awake (from the tray's minute, or `heartbeat` run by cron).
    /// A running timer's silences are measured between heartbeats.
    pub fn heartbeat(&mut self) -> Result<Heartbeat, AppError> {
        let threshold = self.gap_threshold();
        let (running, gap, now) = self.store().write(|tx| -> Result<_, AppError> {
            let now = self.now(); // with the lock held, as in `start`
            let running = tx.running()?;
            let gap = running.as_ref().and_then(|r| idle_gap(r, now, threshold));
            tx.record_heartbeat(now, running.as_ref().map(|r| (r.id, gap)))?;
            Ok((running.map(|r| r.id), gap, now))
        })?;
        tracing::debug!(gap = gap.is_some(), "heartbeat");
        Ok(Heartbeat { at: local(now), running, idle_gap: gap.map(Into::into) })
    }
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

pub(crate) fn running_or_missing(tx: &Tx<'_>, id: EntryId) -> Result<Running, AppError> {
    tx.running()?.filter(|r| r.id == id).ok_or(AppError::NoSuchEntry(id.0))
}

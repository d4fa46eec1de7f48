//! What the tray shows and says: its menu's facts, the reminders that are due, and settling a
//! silence from a notification. The tray process only wires these to D-Bus.
//!
//! Reminders are decided here, from the clock, the settings and the database, and each is shown
//! once: a reminder's key is remembered in the database when the tray shows it (so a restarted
//! tray does not repeat it either). They carry issue keys and durations, never a note.

use chrono::{DateTime, Duration, Local, NaiveDate, TimeZone, Utc};
use stint_domain::{finish_timer, format_duration, IssueKey, StopOutcome};
use stint_store::NewRunning;

use crate::views::{local, GapView, RunningView, Status};
use crate::{AppError, Settings, Stint};

/// How far back the tray looks for issues to offer.
const RECENT_DAYS: i64 = 60;
/// How many issues it offers.
const RECENT_COUNT: usize = 5;
/// Reminder keys are remembered this long.
const REMEMBER_DAYS: i64 = 30;

/// What the tray's menu shows, and the settings it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayView {
    pub status: Status,
    /// Issues worked on lately, latest first, the running one left out.
    pub recent: Vec<IssueKey>,
    /// `idle_gap`: away this long counts as a silence (`None`: never).
    pub idle_gap_seconds: Option<i64>,
    /// `sync_delay`: how long after a change the background sync waits.
    pub sync_delay_seconds: i64,
}

/// When the tray's background sync runs next: entries wait, Stint is signed in, and the network
/// is not known to be down; it waits the sync delay (a stopped entry may still be edited, at
/// least 5 s) and, after syncs that could not reach Jira, a backoff of 1, 2, 4… minutes, at
/// most 30. Pure, so it is tested without a clock or a network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncPacer {
    failures: u32,
}

impl SyncPacer {
    const FIRST_BACKOFF_SECONDS: u64 = 60;
    const MOST_BACKOFF_SECONDS: u64 = 30 * 60;

    /// How long to wait before the next sync; `None` when none is wanted.
    pub fn next_wait(&self, view: &TrayView, online: Option<bool>) -> Option<std::time::Duration> {
        let status = &view.status;
        if !status.jira.signed_in || status.counts.pending == 0 || online == Some(false) {
            return None;
        }
        let delay = view.sync_delay_seconds.max(5) as u64;
        Some(std::time::Duration::from_secs(delay.max(self.backoff_seconds())))
    }

    /// The wait the failures so far add (0 before any).
    pub fn backoff_seconds(&self) -> u64 {
        match self.failures {
            0 => 0,
            n => (Self::FIRST_BACKOFF_SECONDS << (n - 1).min(10)).min(Self::MOST_BACKOFF_SECONDS),
        }
    }

    /// A sync reached Jira, or the person asked for one, or the network came back.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// A sync could not reach Jira.
    pub fn failed(&mut self) {
        self.failures = self.failures.saturating_add(1);
    }
}

/// What the tray found about the desktop it runs in, for the window's settings to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrayFacts {
    /// Where idle time is read: `gnome` (Mutter's idle monitor), `screensaver`
    /// (org.freedesktop.ScreenSaver), or `null` when it cannot be.
    pub idle: Option<&'static str>,
    /// Sleep and lock are heard from logind.
    pub logind: bool,
    /// The network's state is heard from NetworkManager.
    pub network_manager: bool,
}

/// Whether the tray runs, and what it found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrayReport {
    /// A tray process has run on this database and said what it found.
    pub known: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub idle: Option<String>,
    pub logind: bool,
    pub network_manager: bool,
    /// A tray host shows its icon (`null`: not known yet).
    pub host: Option<bool>,
}

const IDLE_SOURCES: [&str; 2] = ["gnome", "screensaver"];

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

/// What a reminder is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderKind {
    Untracked,
    RunningLong,
    PastWorkday,
    SyncRefused,
    SignIn,
    WeekSummary,
    /// Back after a silence with a timer running: offers `GapSettle`.
    Silence(GapView),
}

/// A notification to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Remembered once shown, so it is never shown twice.
    pub key: String,
    pub kind: ReminderKind,
    pub title: String,
    pub body: String,
}

/// What the reminders are decided from.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub running: Option<RunningView>,
    /// When the last tracked work ended.
    pub last_end: Option<DateTime<Utc>>,
    pub failed: i64,
    /// Entries waiting for a sign-in.
    pub waiting_for_sign_in: i64,
    /// This week: its label, total seconds and how many entries wait for Jira.
    pub week: Option<(String, i64, i64)>,
}

impl Stint {
    /// The tray's facts: the status and the issues to offer.
    pub fn tray_view(&mut self) -> Result<TrayView, AppError> {
        let status = self.status()?;
        let since = self.now() - Duration::days(RECENT_DAYS);
        let running = status.running.as_ref().map(|r| r.issue.clone());
        let mut recent = self.store().read(|tx| tx.issues_since(since, RECENT_COUNT + 1))?;
        recent.retain(|k| Some(k) != running.as_ref());
        recent.truncate(RECENT_COUNT);
        let settings = self.settings();
        Ok(TrayView {
            status,
            recent,
            idle_gap_seconds: settings.idle_gap_seconds,
            sync_delay_seconds: settings.jira.sync_delay_seconds,
        })
    }

    /// The reminders due now that were not shown before (none when reminders are off).
    pub fn due_reminders(&mut self) -> Result<Vec<Reminder>, AppError> {
        if !self.settings().reminders {
            return Ok(Vec::new());
        }
        let now = self.now();
        let status = self.status()?;
        let last_end = self.store().read(|tx| tx.last_work_end(now - Duration::days(2)))?;
        let week = if self.settings().week_summary {
            let week = self.week(None)?;
            Some((week.week.clone(), week.total_seconds, status.counts.pending))
        } else {
            None
        };
        let facts = Facts {
            running: status.running.clone(),
            last_end,
            failed: status.counts.failed,
            waiting_for_sign_in: if status.jira.needs_sign_in { status.counts.pending } else { 0 },
            week,
        };
        let due = due(now, &Local, &facts, self.settings());
        // What was settled may be said again when it comes back. Written only when there is
        // something to forget: this runs every minute, and a write wakes every watcher.
        let mut settled = Vec::new();
        if facts.failed == 0 {
            settled.push("reminded:sync_refused:");
        }
        if facts.waiting_for_sign_in == 0 {
            settled.push("reminded:sign_in");
        }
        let (fresh, stale) = self.store().read(|tx| -> Result<_, AppError> {
            let mut fresh = Vec::new();
            for reminder in due {
                if tx.meta(&format!("reminded:{}", reminder.key))?.is_none() {
                    fresh.push(reminder);
                }
            }
            let mut stale = Vec::new();
            for prefix in settled {
                if tx.has_meta_prefix(prefix)? {
                    stale.push(prefix);
                }
            }
            Ok((fresh, stale))
        })?;
        if !stale.is_empty() {
            self.store().write(|tx| stale.iter().try_for_each(|prefix| tx.forget_meta(prefix, None)))?;
        }
        Ok(fresh)
    }

    /// Records what the tray found about the desktop (the window's settings show it).
    pub fn record_tray_facts(&mut self, facts: &TrayFacts) -> Result<(), AppError> {
        let idle = facts.idle.and_then(|name| IDLE_SOURCES.iter().position(|s| *s == name)).map_or(0, |i| i as i64 + 1);
        self.store().write(|tx| -> Result<(), AppError> {
            tx.set_meta("tray:idle", idle)?;
            tx.set_meta("tray:logind", facts.logind.into())?;
            tx.set_meta("tray:network_manager", facts.network_manager.into())?;
            tx.forget_meta("tray:host", None)?;
            Ok(())
        })
    }

    /// Records whether a tray host shows the icon.
    pub fn record_tray_host(&mut self, shown: bool) -> Result<(), AppError> {
        self.store().write(|tx| tx.set_meta("tray:host", shown.into()))?;
        Ok(())
    }

    /// What the tray found, as last recorded.
    pub fn tray_report(&mut self) -> Result<TrayReport, AppError> {
        self.store().read(|tx| -> Result<TrayReport, AppError> {
            let idle = tx.meta("tray:idle")?;
            Ok(TrayReport {
                known: idle.is_some(),
                idle: idle
                    .and_then(|i| usize::try_from(i - 1).ok())
                    .and_then(|i| IDLE_SOURCES.get(i))
                    .map(|s| s.to_string()),
                logind: tx.meta("tray:logind")? == Some(1),
                network_manager: tx.meta("tray:network_manager")? == Some(1),
                host: tx.meta("tray:host")?.map(|h| h == 1),
            })
        })
    }

    /// Remembers that a reminder was shown, so it is not shown again (and forgets the ones
    /// shown more than 30 days ago).
    pub fn mark_reminded(&mut self, key: &str) -> Result<(), AppError> {
        let now = self.now();
        let cutoff = (now - Duration::days(REMEMBER_DAYS)).timestamp();
        self.store().write(|tx| {
            tx.forget_meta("reminded:", Some(cutoff))?;
            tx.set_meta(&format!("reminded:{key}"), now.timestamp())
        })?;
        Ok(())
    }

    /// Settles the running timer's silence as the person chose in a notification.
    pub fn settle_gap(&mut self, how: GapSettle) -> Result<(), AppError> {
        let rounding = self.settings().rounding;
        let now = self.now();
        self.store().write(|tx| -> Result<(), AppError> {
            let running = tx.running()?.ok_or(AppError::NothingRunning)?;
            let Some(gap) = running.gap else { return Ok(()) };
            match how {
                GapSettle::Keep => tx.set_silence(running.id, Some(now), None)?,
                GapSettle::Stop | GapSettle::Drop => {
                    let end = gap.from.max(running.started.to_utc());
                    match finish_timer(&running, end, rounding)? {
                        StopOutcome::Finished { seconds } => tx.finish_running(running.id, seconds, now)?,
                        StopOutcome::Discarded { .. } => tx.discard_running(running.id)?,
                    }
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
                }
            }
            Ok(())
        })?;
        tracing::info!(how = ?how, "silence settled");
        Ok(())
    }
}

/// The reminders due at `now` (in `tz`), before any was shown.
pub(crate) fn due<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz, facts: &Facts, settings: &Settings) -> Vec<Reminder> {
    let mut due = Vec::new();
    let here = now.with_timezone(tz);
    let today = here.date_naive();
    let working_day = settings.working_days.contains(&chrono::Datelike::weekday(&today));
    let at =
        |date: NaiveDate, time| tz.from_local_datetime(&date.and_time(time)).earliest().map(|t| t.with_timezone(&Utc));
    let (day_start, day_end) = (at(today, settings.working_hours.0), at(today, settings.working_hours.1));
    let end_text = settings.working_hours.1.format("%H:%M").to_string();
    match &facts.running {
        None => {
            if let (true, Some(after), Some(start), Some(end)) =
                (working_day, settings.remind_after_seconds, day_start, day_end)
            {
                let anchor = facts.last_end.map_or(start, |e| e.max(start));
                let idle = (now - anchor).num_seconds();
                if now >= start && now < end && idle >= after {
                    due.push(Reminder {
                        key: format!("untracked:{}", anchor.timestamp()),
                        kind: ReminderKind::Untracked,
                        title: "Not tracking".into(),
                        body: format!("No timer has run for {}: start one from Stint's menu.", format_duration(idle)),
                    });
                }
            }
        }
        Some(running) => {
            if let Some(gap) = &running.idle_gap {
                let from = gap.from.with_timezone(tz).naive_local().format("%H:%M");
                let to = gap.to.with_timezone(tz).naive_local().format("%H:%M");
                due.push(Reminder {
                    key: format!("gap:{}:{}", running.id.0, gap.from.timestamp()),
                    kind: ReminderKind::Silence(gap.clone()),
                    title: format!("Welcome back: {} kept running", running.issue),
                    body: format!(
                        "Nothing was heard from this computer from {from} to {to} ({}). Keep that time, drop it, or stop at {from}?",
                        format_duration(gap.seconds)
                    ),
                });
            }
            if let Some(limit) = settings.remind_running_after_seconds {
                if running.elapsed_seconds >= limit {
                    due.push(Reminder {
                        key: format!("running_long:{}", running.id.0),
                        kind: ReminderKind::RunningLong,
                        title: format!("{} is still running", running.issue),
                        body: format!(
                            "The timer has run for {}. Stop it from Stint's menu if you are done.",
                            format_duration(running.elapsed_seconds)
                        ),
                    });
                }
            }
            if let (true, Some(end)) = (working_day, day_end) {
                if now >= end && running.started.to_utc() < end {
                    due.push(Reminder {
                        key: format!("past_workday:{}:{today}", running.id.0),
                        kind: ReminderKind::PastWorkday,
                        title: format!("{} is running past {end_text}", running.issue),
                        body: format!("Your working day ended at {end_text}. Stop the timer if you are done."),
                    });
                }
            }
        }
    }
    if facts.failed > 0 {
        due.push(Reminder {
            key: format!("sync_refused:{}", facts.failed),
            kind: ReminderKind::SyncRefused,
            title: if facts.failed == 1 {
                "Jira refused an entry".into()
            } else {
                format!("Jira refused {} entries", facts.failed)
            },
            body: "Open Stint to see Jira's reason, then fix the entry and send it again.".into(),
        });
    }
    if facts.waiting_for_sign_in > 0 {
        due.push(Reminder {
            key: "sign_in".into(),
            kind: ReminderKind::SignIn,
            title: "Sign in to Jira again".into(),
            body: format!(
                "{} waiting to be sent. Open Stint's settings and sign in.",
                entries_text(facts.waiting_for_sign_in)
            ),
        });
    }
    if let (Some((label, total, waiting)), Some(end)) = (&facts.week, day_end) {
        let last_working_day = settings
            .working_days
            .iter()
            .max_by_key(|d| (7 + d.num_days_from_monday() - settings.week_start.num_days_from_monday()) % 7);
        if last_working_day == Some(&chrono::Datelike::weekday(&today)) && now >= end {
            due.push(Reminder {
                key: format!("week:{label}"),
                kind: ReminderKind::WeekSummary,
                title: format!("{} this week", format_duration(*total)),
                body: format!("{} this week, {} waiting to sync.", format_duration(*total), entries_text(*waiting)),
            });
        }
    }
    due
}

fn entries_text(n: i64) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use stint_domain::EntryId;

    fn berlin() -> chrono_tz::Tz {
        chrono_tz::Europe::Berlin
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn running(started: &str, now: &str) -> RunningView {
        let started: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(started).unwrap();
        RunningView {
            id: EntryId(7),
            issue: IssueKey::parse("ABC-1").unwrap(),
            started,
            elapsed_seconds: (at(now) - started.to_utc()).num_seconds(),
            note: stint_domain::Note::parse("secret words").unwrap(),
            local_only: false,
            idle_gap: None,
        }
    }

    fn facts() -> Facts {
        Facts { running: None, last_end: None, failed: 0, waiting_for_sign_in: 0, week: None }
    }

    fn kinds(r: &[Reminder]) -> Vec<&ReminderKind> {
        r.iter().map(|r| &r.kind).collect()
    }

    #[test]
    fn untracked_only_in_working_hours_after_the_pause() {
        let s = Settings::default(); // Mon-Fri 09:00-17:00, remind after 15m
                                     // Wednesday 2026-11-25 in Berlin (+01:00).
        let last = Facts { last_end: Some(at("2026-11-25T10:00:00+01:00")), ..facts() };
        assert!(due(at("2026-11-25T10:14:00+01:00"), &berlin(), &last, &s).is_empty());
        let r = due(at("2026-11-25T10:15:00+01:00"), &berlin(), &last, &s);
        assert_eq!(kinds(&r), [&ReminderKind::Untracked]);
        assert_eq!(r[0].key, format!("untracked:{}", at("2026-11-25T10:00:00+01:00").timestamp()));
        // Before work, after work, and on Saturday: nothing.
        for t in ["2026-11-25T08:30:00+01:00", "2026-11-25T17:30:00+01:00", "2026-11-28T11:00:00+01:00"] {
            assert!(due(at(t), &berlin(), &facts(), &s).is_empty(), "{t}");
        }
        // The pause counts from the start of the working day, not from yesterday's work.
        let r = due(at("2026-11-25T09:16:00+01:00"), &berlin(), &facts(), &s);
        assert_eq!(r[0].body, "No timer has run for 16m: start one from Stint's menu.");
        let off = Settings { remind_after_seconds: None, ..Settings::default() };
        assert!(due(at("2026-11-25T12:00:00+01:00"), &berlin(), &facts(), &off).is_empty());
    }

    #[test]
    fn a_long_or_late_timer_and_a_silence_without_its_note() {
        let s = Settings::default(); // remind when running 4h
        let now = "2026-11-25T17:05:00+01:00";
        let mut f = Facts { running: Some(running("2026-11-25T13:00:00+01:00", now)), ..facts() };
        let r = due(at(now), &berlin(), &f, &s);
        assert_eq!(kinds(&r), [&ReminderKind::RunningLong, &ReminderKind::PastWorkday]);
        assert_eq!(r[1].title, "ABC-1 is running past 17:00");
        f.running.as_mut().unwrap().idle_gap = Some(GapView {
            from: DateTime::parse_from_rfc3339("2026-11-25T14:00:00+01:00").unwrap(),
            to: DateTime::parse_from_rfc3339("2026-11-25T15:30:00+01:00").unwrap(),
            seconds: 5400,
        });
        let r = due(at(now), &berlin(), &f, &s);
        assert!(matches!(r[0].kind, ReminderKind::Silence(_)));
        assert!(r[0].body.contains("from 14:00 to 15:30 (1h 30m)"), "{}", r[0].body);
        for reminder in &r {
            assert!(!reminder.title.contains("secret") && !reminder.body.contains("secret"));
        }
        let early =
            Facts { running: Some(running("2026-11-25T16:00:00+01:00", "2026-11-25T16:30:00+01:00")), ..facts() };
        assert!(due(at("2026-11-25T16:30:00+01:00"), &berlin(), &early, &s).is_empty());
    }

    #[test]
    fn the_background_sync_waits_its_delay_and_backs_off() {
        let mut view = TrayView {
            status: Status {
                running: None,
                counts: stint_store::Counts { pending: 2, ..Default::default() },
                jira: crate::views::JiraStatus { signed_in: true, site: None, needs_sign_in: false },
            },
            recent: Vec::new(),
            idle_gap_seconds: None,
            sync_delay_seconds: 120,
        };
        let secs = |d: Option<std::time::Duration>| d.map(|d| d.as_secs());
        let mut pacer = SyncPacer::default();
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(120));
        assert_eq!(pacer.next_wait(&view, Some(false)), None, "never while offline");
        view.sync_delay_seconds = 0;
        assert_eq!(secs(pacer.next_wait(&view, Some(true))), Some(5), "at least 5 s");
        let waits: Vec<u64> = (0..7)
            .map(|_| {
                pacer.failed();
                pacer.backoff_seconds()
            })
            .collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1800, 1800]);
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(1800));
        pacer.reset();
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(5));
        view.status.counts.pending = 0;
        assert_eq!(pacer.next_wait(&view, None), None, "nothing waits");
        view.status.counts.pending = 1;
        view.status.jira.signed_in = false;
        assert_eq!(pacer.next_wait(&view, None), None, "not signed in");
    }

    #[test]
    fn sync_sign_in_and_the_week() {
        let s = Settings { week_summary: true, ..Settings::default() };
        let f = Facts {
            failed: 2,
            waiting_for_sign_in: 3,
            week: Some(("2026-W48".into(), 112_800, 2)),
            last_end: Some(at("2026-11-27T16:59:00+01:00")),
            ..facts()
        };
        // Friday after work: the week's summary, with the refusals and the sign-in.
        let r = due(at("2026-11-27T17:10:00+01:00"), &berlin(), &f, &s);
        assert_eq!(kinds(&r), [&ReminderKind::SyncRefused, &ReminderKind::SignIn, &ReminderKind::WeekSummary]);
        assert_eq!(r[0].title, "Jira refused 2 entries");
        assert_eq!(r[2].body, "31h 20m this week, 2 entries waiting to sync.");
        // Thursday: no summary yet.
        let r = due(at("2026-11-26T17:10:00+01:00"), &berlin(), &f, &s);
        assert!(!kinds(&r).contains(&&ReminderKind::WeekSummary));
    }
}

//! The tray's reminders: which are due, decided from the clock, the settings and the database,
//! each shown once: a reminder's key is remembered in the database when the tray shows it (so a
//! restarted tray does not repeat it either). They carry issue keys and durations, never a note.
//!
//! `due` is pure (the time and zone passed in) and reads as the list of reminders it can give:
//! not tracking in working hours, back after a silence, running long, running past the working
//! day, refusals, a sign-in, a sign-in about to end, the week's summary.

use chrono::{DateTime, Duration, Local, NaiveDate, NaiveTime, TimeZone, Utc};
use stint_domain::format_duration;

use crate::views::{GapView, RunningView};
use crate::{AppError, Settings, Stint};

/// Reminder keys are remembered this long.
const REMEMBER_DAYS: i64 = 30;

/// What a reminder is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderKind {
    Untracked,
    RunningLong,
    PastWorkday,
    SyncRefused,
    /// Entries a read-back found changed or deleted in Jira: the person keeps theirs or takes
    /// Jira's, in the window.
    JiraChanged,
    SignIn,
    /// The sign-in ends within a week (Atlassian ends them after a year): sign in again before.
    SignInEnding,
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
    /// Entries changed or deleted in Jira that wait for the person.
    pub to_settle: i64,
    /// Entries waiting for a sign-in.
    pub waiting_for_sign_in: i64,
    /// This week: its label, total seconds and how many entries wait for Jira.
    pub week: Option<(String, i64, i64)>,
    /// When the live sign-in ends at the latest, where that is known, and its site.
    pub sign_in_ends: Option<(DateTime<Utc>, String)>,
    /// What Tempo's schedule requires on the days around now (a site whose worklogs go to
    /// Tempo): a day listed is a working day when it requires time, whatever `working_days` say
    /// (a holiday requires none).
    pub required: Vec<(NaiveDate, i64)>,
    /// How the person reads a time of day.
    pub locale: stint_domain::TimeLocale,
}

impl Stint {
    /// The reminders due now that were not shown before (none when reminders are off).
    pub fn due_reminders(&mut self) -> Result<Vec<Reminder>, AppError> {
        if !self.settings.reminders {
            return Ok(Vec::new());
        }
        let now = self.now();
        let facts = self.reminder_facts(now)?;
        let due = due(now, &Local, &facts, &self.settings);
        // What was settled may be said again when it comes back. Written only when there is
        // something to forget: this runs every minute, and a write wakes every watcher.
        let mut settled = Vec::new();
        if facts.failed == 0 {
            settled.push("reminded:sync_refused:");
        }
        if facts.to_settle == 0 {
            settled.push("reminded:jira_changed:");
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

    fn reminder_facts(&mut self, now: DateTime<Utc>) -> Result<Facts, AppError> {
        let status = self.status()?;
        let (last_end, to_settle) = self
            .store()
            .read(|tx| Ok::<_, AppError>((tx.last_work_end(now - Duration::days(2))?, tx.count_to_settle()?)))?;
        let week = if self.settings.week_summary {
            let week = self.week(None)?;
            Some((week.week.clone(), week.total_seconds, status.counts.pending))
        } else {
            None
        };
        let who = self.whoami()?;
        let sign_in_ends = who.ends_by.zip(who.site).map(|(ends, site)| (ends.to_utc(), site));
        // A day either side of UTC's date holds the person's today in any zone.
        let around = now.date_naive();
        let required =
            self.store().read(|tx| tx.required_days(around - Duration::days(1), around + Duration::days(1)))?;
        Ok(Facts {
            sign_in_ends,
            running: status.running.clone(),
            last_end,
            failed: status.counts.failed,
            to_settle,
            waiting_for_sign_in: if status.jira.needs_sign_in { status.counts.pending } else { 0 },
            week,
            locale: status.locale.clone(),
            required,
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
}

/// The day `due` decides for: today in the person's zone, and its working hours as instants.
struct Day {
    today: NaiveDate,
    working: bool,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    /// The working day's end as people read it (`17:00`).
    end_text: String,
}

impl Day {
    fn of<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz, settings: &Settings, facts: &Facts) -> Day {
        let today = now.with_timezone(tz).date_naive();
        let working = match facts.required.iter().find(|(day, _)| *day == today) {
            Some((_, seconds)) => *seconds > 0,
            None => settings.working_days.contains(&chrono::Datelike::weekday(&today)),
        };
        let at =
            |time: NaiveTime| tz.from_local_datetime(&today.and_time(time)).earliest().map(|t| t.with_timezone(&Utc));
        Day {
            today,
            working,
            start: at(settings.working_hours.0),
            end: at(settings.working_hours.1),
            end_text: facts.locale.clock(settings.working_hours.1),
        }
    }
}

/// The reminders due at `now` in zone `tz` (before the ones already shown are left out).
pub(crate) fn due<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz, facts: &Facts, settings: &Settings) -> Vec<Reminder> {
    let day = Day::of(now, tz, settings, facts);
    let mut due = Vec::new();
    match &facts.running {
        None => due.extend(untracked(now, &day, facts, settings)),
        Some(running) => {
            due.extend(silence(running, tz, &facts.locale));
            due.extend(running_long(running, settings));
            due.extend(past_workday(now, &day, running));
        }
    }
    due.extend(sync_refused(facts.failed));
    due.extend(jira_changed(facts.to_settle));
    due.extend(sign_in(facts.waiting_for_sign_in));
    due.extend(sign_in_ending(now, tz, facts));
    due.extend(week_summary(now, &day, facts, settings));
    due
}

/// No timer has run for `remind_after` within working hours.
fn untracked(now: DateTime<Utc>, day: &Day, facts: &Facts, settings: &Settings) -> Option<Reminder> {
    let (true, Some(after), Some(start), Some(end)) = (day.working, settings.remind_after_seconds, day.start, day.end)
    else {
        return None;
    };
    let anchor = facts.last_end.map_or(start, |e| e.max(start));
    let idle = (now - anchor).num_seconds();
    (now >= start && now < end && idle >= after).then(|| Reminder {
        key: format!("untracked:{}", anchor.timestamp()),
        kind: ReminderKind::Untracked,
        title: "Not tracking".into(),
        body: format!("No timer has run for {}: start one from Stint's menu.", format_duration(idle)),
    })
}

/// Back after a silence the timer ran through.
fn silence<Tz: TimeZone>(running: &RunningView, tz: &Tz, locale: &stint_domain::TimeLocale) -> Option<Reminder> {
    let gap = running.idle_gap.as_ref()?;
    let from = locale.clock(gap.from.with_timezone(tz).naive_local().time());
    let to = locale.clock(gap.to.with_timezone(tz).naive_local().time());
    Some(Reminder {
        key: format!("gap:{}:{}", running.id.0, gap.from.timestamp()),
        kind: ReminderKind::Silence(gap.clone()),
        title: format!("Welcome back: {} kept running", running.issue),
        body: format!(
            "Nothing was heard from this computer from {from} to {to} ({}). Keep that time, drop it, or stop at {from}?",
            format_duration(gap.seconds)
        ),
    })
}

/// The timer has run for `remind_running_after`.
fn running_long(running: &RunningView, settings: &Settings) -> Option<Reminder> {
    let limit = settings.remind_running_after_seconds?;
    (running.elapsed_seconds >= limit).then(|| Reminder {
        key: format!("running_long:{}", running.id.0),
        kind: ReminderKind::RunningLong,
        title: format!("{} is still running", running.issue),
        body: format!(
            "The timer has run for {}. Stop it from Stint's menu if you are done.",
            format_duration(running.elapsed_seconds)
        ),
    })
}

/// A timer started within the working day still runs after it ended.
fn past_workday(now: DateTime<Utc>, day: &Day, running: &RunningView) -> Option<Reminder> {
    let end = day.end.filter(|_| day.working)?;
    (now >= end && running.started.to_utc() < end).then(|| Reminder {
        key: format!("past_workday:{}:{}", running.id.0, day.today),
        kind: ReminderKind::PastWorkday,
        title: format!("{} is running past {}", running.issue, day.end_text),
        body: format!("Your working day ended at {}. Stop the timer if you are done.", day.end_text),
    })
}

fn sync_refused(failed: i64) -> Option<Reminder> {
    (failed > 0).then(|| Reminder {
        key: format!("sync_refused:{failed}"),
        kind: ReminderKind::SyncRefused,
        title: if failed == 1 { "Jira refused an entry".into() } else { format!("Jira refused {failed} entries") },
        body: "Open Stint to see Jira's reason, then fix the entry and send it again.".into(),
    })
}

fn jira_changed(to_settle: i64) -> Option<Reminder> {
    (to_settle > 0).then(|| Reminder {
        key: format!("jira_changed:{to_settle}"),
        kind: ReminderKind::JiraChanged,
        title: if to_settle == 1 {
            "An entry was changed in Jira".into()
        } else {
            format!("{to_settle} entries were changed in Jira")
        },
        body: "Since Stint sent them, they were edited or deleted in Jira. Open Stint to keep yours or take Jira's."
            .into(),
    })
}

fn sign_in(waiting: i64) -> Option<Reminder> {
    (waiting > 0).then(|| Reminder {
        key: "sign_in".into(),
        kind: ReminderKind::SignIn,
        title: "Sign in to Jira again".into(),
        body: format!("{} waiting to be sent. Open Stint's settings and sign in.", entries_text(waiting)),
    })
}

/// A week before the sign-in ends, and until it does (then the sync says "sign in again").
fn sign_in_ending<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz, facts: &Facts) -> Option<Reminder> {
    let (ends, site) = facts.sign_in_ends.as_ref()?;
    let host = url::Url::parse(site).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or(site.clone());
    let day = ends.with_timezone(tz).naive_local().format("%a %-d %b");
    (now >= *ends - Duration::days(7) && now < *ends).then(|| Reminder {
        key: format!("sign_in_ends:{}", ends.timestamp()),
        kind: ReminderKind::SignInEnding,
        title: format!("Sign in to Jira again by {day}"),
        body: format!(
            "Stint's sign-in to {host} ends then at the latest (a sign-in lasts a year). Open Stint's settings and sign in again; nothing is lost."
        ),
    })
}

/// At the end of the week's last working day, when `week_summary` is on.
fn week_summary(now: DateTime<Utc>, day: &Day, facts: &Facts, settings: &Settings) -> Option<Reminder> {
    let ((label, total, waiting), end) = (facts.week.as_ref()?, day.end?);
    let last_working_day = settings
        .working_days
        .iter()
        .max_by_key(|d| (7 + d.num_days_from_monday() - settings.week_start.num_days_from_monday()) % 7);
    (last_working_day == Some(&chrono::Datelike::weekday(&day.today)) && now >= end).then(|| Reminder {
        key: format!("week:{label}"),
        kind: ReminderKind::WeekSummary,
        title: format!("{} this week", format_duration(*total)),
        body: format!("{} this week, {} waiting to sync.", format_duration(*total), entries_text(*waiting)),
    })
}

pub(crate) fn entries_text(n: i64) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use stint_domain::{EntryId, IssueKey};

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
            site: None,
        }
    }

    fn facts() -> Facts {
        Facts {
            running: None,
            last_end: None,
            failed: 0,
            to_settle: 0,
            waiting_for_sign_in: 0,
            week: None,
            sign_in_ends: None,
            locale: Default::default(),
            required: Vec::new(),
        }
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
    fn tempo_s_required_days_decide_which_days_are_working_days() {
        let s = Settings::default(); // Mon-Fri
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        // Wednesday is a holiday in Tempo's schedule (nothing required); Saturday requires 4 h.
        let tempo = Facts { required: vec![(date("2026-11-25"), 0), (date("2026-11-28"), 4 * 3600)], ..facts() };
        assert!(due(at("2026-11-25T11:00:00+01:00"), &berlin(), &tempo, &s).is_empty(), "no reminder on a holiday");
        let saturday = due(at("2026-11-28T11:00:00+01:00"), &berlin(), &tempo, &s);
        assert_eq!(kinds(&saturday), [&ReminderKind::Untracked], "Tempo requires time on this Saturday");
        // A day Tempo's schedule does not cover keeps the settings' working days.
        assert_eq!(kinds(&due(at("2026-11-26T11:00:00+01:00"), &berlin(), &tempo, &s)), [&ReminderKind::Untracked]);
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
        // On a 12-hour clock where the person's locale reads times so, as every shell shows them.
        let us = Facts { locale: stint_domain::TimeLocale::parse("en_US.UTF-8"), ..f.clone() };
        let said = due(at(now), &berlin(), &us, &s);
        assert!(said[0].body.contains("from 2:00 PM to 3:30 PM (1h 30m)"), "{}", said[0].body);
        assert_eq!(said[2].title, "ABC-1 is running past 5:00 PM");
        for reminder in &r {
            assert!(!reminder.title.contains("secret") && !reminder.body.contains("secret"));
        }
        let early =
            Facts { running: Some(running("2026-11-25T16:00:00+01:00", "2026-11-25T16:30:00+01:00")), ..facts() };
        assert!(due(at("2026-11-25T16:30:00+01:00"), &berlin(), &early, &s).is_empty());
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

    #[test]
    fn entries_changed_in_jira_are_told_once_per_count() {
        let s = Settings::default();
        let now = at("2026-11-25T11:00:00+01:00");
        assert!(!kinds(&due(now, &berlin(), &facts(), &s)).contains(&&ReminderKind::JiraChanged));
        let one = due(now, &berlin(), &Facts { to_settle: 1, ..facts() }, &s);
        let told = one.iter().find(|r| r.kind == ReminderKind::JiraChanged).expect("told");
        assert_eq!((told.key.as_str(), told.title.as_str()), ("jira_changed:1", "An entry was changed in Jira"));
        assert!(told.body.contains("keep yours or take Jira's"));
        let three = due(now, &berlin(), &Facts { to_settle: 3, ..facts() }, &s);
        assert!(three.iter().any(|r| r.key == "jira_changed:3" && r.title == "3 entries were changed in Jira"));
    }

    #[test]
    fn a_week_before_the_sign_in_ends_and_until_it_does() {
        let s = Settings { remind_after_seconds: None, ..Settings::default() };
        let ends = at("2027-11-20T10:00:00+01:00");
        let f = Facts { sign_in_ends: Some((ends, "https://acme.atlassian.net/".into())), ..facts() };
        // Eight days before: nothing yet.
        assert!(due(at("2027-11-12T10:00:00+01:00"), &berlin(), &f, &s).is_empty());
        let r = due(at("2027-11-13T10:00:00+01:00"), &berlin(), &f, &s);
        assert_eq!(kinds(&r), [&ReminderKind::SignInEnding]);
        assert_eq!(r[0].title, "Sign in to Jira again by Sat 20 Nov");
        assert!(r[0].body.contains("sign-in to acme.atlassian.net ends then"), "{}", r[0].body);
        assert_eq!(r[0].key, format!("sign_in_ends:{}", ends.timestamp()), "said once per sign-in");
        // Ended: the sync says so from then on.
        assert!(due(at("2027-11-20T10:00:00+01:00"), &berlin(), &f, &s).is_empty());
    }
}

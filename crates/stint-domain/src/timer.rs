//! The timer's rules: when a stop ends, how long the entry is, how it rounds, and how a stretch
//! without heartbeats (the machine asleep or off) is noticed and offered to the user.
//!
//! ```text
//!   start ──── heartbeat ── heartbeat ──────────── (asleep) ─────────── now
//!                               └── last_seen        gap ≥ threshold ──┘
//!   stop with no --at: ask whether to end at last_seen (the gap's start) or keep counting.
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::duration::{format_duration, parse_duration, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
use crate::error::{echo, DomainError};
use crate::Running;

/// How finished timers are rounded (explicitly typed durations are never rounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    None,
    Up,
    Down,
    Nearest,
}

/// A rounding rule: a mode and a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    pub mode: RoundingMode,
    pub step_seconds: i64,
}

impl Rounding {
    pub const NONE: Rounding = Rounding { mode: RoundingMode::None, step_seconds: 60 };

    /// Rounds a timer's length. A result under Jira's minimum or over the 24-hour cap keeps the
    /// measured length instead: rounding never throws work away.
    pub fn apply(self, seconds: i64) -> i64 {
        let step = self.step_seconds.max(1);
        let rounded = match self.mode {
            RoundingMode::None => seconds,
            RoundingMode::Up => (seconds + step - 1) / step * step,
            RoundingMode::Down => seconds / step * step,
            RoundingMode::Nearest => (seconds + step / 2) / step * step,
        };
        if (MIN_ENTRY_SECONDS..=MAX_ENTRY_SECONDS).contains(&rounded) {
            rounded
        } else {
            seconds
        }
    }
}

impl FromStr for Rounding {
    type Err = DomainError;
    /// `none`, or a mode and a step: `up 15m`, `nearest 5m`, `down 6m`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::BadRounding(echo(input));
        let lower = input.trim().to_ascii_lowercase();
        if lower == "none" {
            return Ok(Rounding::NONE);
        }
        let (mode, step) = lower.split_once(char::is_whitespace).ok_or_else(bad)?;
        let mode = match mode {
            "up" => RoundingMode::Up,
            "down" => RoundingMode::Down,
            "nearest" => RoundingMode::Nearest,
            _ => return Err(bad()),
        };
        let step_seconds = parse_duration(step).map_err(|_| bad())?;
        if step_seconds % 60 != 0 || step_seconds > 4 * 3600 {
            return Err(bad());
        }
        Ok(Rounding { mode, step_seconds })
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.mode {
            RoundingMode::None => return f.write_str("none"),
            RoundingMode::Up => "up",
            RoundingMode::Down => "down",
            RoundingMode::Nearest => "nearest",
        };
        write!(f, "{mode} {}m", self.step_seconds / 60)
    }
}

/// A stretch in which no heartbeat arrived although one was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gap {
    /// The last heartbeat before the silence: where the user most likely stopped working.
    pub from: DateTime<Utc>,
    /// When the silence was noticed.
    pub to: DateTime<Utc>,
}

impl Gap {
    pub fn seconds(&self) -> i64 {
        (self.to - self.from).num_seconds()
    }
}

/// What to do about a gap when the user stops a timer without giving an end time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GapChoice {
    /// Do not decide: report the gap so the user can be asked.
    Ask,
    /// End the entry where the gap began.
    #[serde(rename = "end")]
    EndAtGap,
    /// Count the gap as work.
    Keep,
}

/// The gap a running timer has at `now`: one noticed earlier and not settled, widened by the
/// current silence, or the current silence alone when it has lasted `threshold_seconds`.
/// Without any heartbeat since the start (`last_seen` is `None`), nothing was ticking, and no gap
/// can be told apart from work.
pub fn idle_gap(running: &Running, now: DateTime<Utc>, threshold_seconds: i64) -> Option<Gap> {
    let current = running
        .last_seen
        .filter(|seen| (now - *seen).num_seconds() >= threshold_seconds)
        .map(|seen| Gap { from: seen, to: now });
    match (running.gap, current) {
        (Some(old), Some(new)) => Some(Gap { from: old.from.min(new.from), to: old.to.max(new.to) }),
        (old, new) => old.or(new),
    }
}

/// Why a stop without an explicit end cannot decide where the entry ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopBlocked {
    /// A silence the user has to settle (see `GapChoice`).
    Gap(Gap),
    /// The clock reads earlier than the timer's start (it was ahead when the timer started, or
    /// has been set back): how long the timer ran is unknown, so nothing is decided for the user.
    ClockBehindStart,
}

/// Decides where a stop ends: an explicit time wins; otherwise `now`, unless there is a gap, which
/// the user's `choice` settles (or, with `GapChoice::Ask`, is returned so they can be asked). A
/// clock that reads before the start blocks the stop: ending there would throw the work away.
pub fn stop_instant(
    running: &Running,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    threshold_seconds: i64,
    choice: GapChoice,
) -> Result<DateTime<Utc>, StopBlocked> {
    if let Some(at) = at {
        return Ok(at);
    }
    if now < running.started.to_utc() {
        return Err(StopBlocked::ClockBehindStart);
    }
    match (idle_gap(running, now, threshold_seconds), choice) {
        (None, _) | (Some(_), GapChoice::Keep) => Ok(now),
        (Some(gap), GapChoice::EndAtGap) => Ok(gap.from.max(running.started.to_utc())),
        (Some(gap), GapChoice::Ask) => Err(StopBlocked::Gap(gap)),
    }
}

/// The heartbeat state of a timer whose start moved to `start`: what was heard before the new
/// start says nothing about this timer. A recorded silence is kept only if it began after the new
/// start (one that began at or before it is not a place where work stopped, and "end the entry
/// where the silence began" would leave nothing); a last heartbeat before the new start is
/// forgotten, so no silence is measured until the next heartbeat.
pub fn clip_silence(
    last_seen: Option<DateTime<Utc>>,
    gap: Option<Gap>,
    start: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<Gap>) {
    (last_seen.filter(|seen| *seen >= start), gap.filter(|g| g.from > start))
}

/// What stopping a timer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopOutcome {
    /// An entry of this many seconds (after rounding).
    Finished { seconds: i64 },
    /// The timer ran under a minute, Jira's floor: no entry is made.
    Discarded { seconds: i64 },
}

/// Ends a running timer at `end`.
pub fn finish_timer(running: &Running, end: DateTime<Utc>, rounding: Rounding) -> Result<StopOutcome, DomainError> {
    let start = running.started.with_timezone(&Utc);
    if end < start {
        return Err(DomainError::EndBeforeStart {
            start: crate::rfc3339::format(&running.started),
            end: crate::rfc3339::format(&end.with_timezone(running.started.offset())),
        });
    }
    let seconds = (end - start).num_seconds();
    if seconds > MAX_ENTRY_SECONDS {
        return Err(DomainError::TimerTooLong(format_duration(seconds)));
    }
    if seconds < MIN_ENTRY_SECONDS {
        return Ok(StopOutcome::Discarded { seconds });
    }
    Ok(StopOutcome::Finished { seconds: rounding.apply(seconds) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntryId, IssueKey};
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn running(last_seen: Option<&str>, gap: Option<(&str, &str)>) -> Running {
        Running {
            id: EntryId(1),
            issue: IssueKey::parse("ABC-1").unwrap(),
            started: DateTime::parse_from_rfc3339("2026-11-23T09:00:00+01:00").unwrap(),
            note: None,
            local_only: false,
            last_seen: last_seen.map(t),
            gap: gap.map(|(a, b)| Gap { from: t(a), to: t(b) }),
        }
    }

    #[test]
    fn rounding_rules() {
        let r = |s: &str| s.parse::<Rounding>().unwrap();
        for (rule, secs, want) in [
            ("none", 125, 125),
            ("up 15m", 61, 900),
            ("up 15m", 900, 900),
            ("down 15m", 1799, 900),
            ("down 15m", 600, 600), // would be 0: keeps the measured time
            ("nearest 5m", 449, 300),
            ("nearest 5m", 450, 600),
            ("up 7m", 86_350, 86_350), // would pass 24h: keeps the measured time
        ] {
            assert_eq!(r(rule).apply(secs), want, "{rule} {secs}");
        }
        assert_eq!(r("UP  15m").to_string(), "up 15m");
        for bad in ["", "up", "sideways 5m", "up 90s", "up 5h", "up 0m", "nearest"] {
            assert!(bad.parse::<Rounding>().is_err(), "{bad}");
        }
    }

    #[test]
    fn finishing() {
        let r = running(None, None);
        let rule = Rounding::NONE;
        assert_eq!(finish_timer(&r, t("2026-11-23T09:30:00+01:00"), rule), Ok(StopOutcome::Finished { seconds: 1800 }));
        assert_eq!(finish_timer(&r, t("2026-11-23T09:00:45+01:00"), rule), Ok(StopOutcome::Discarded { seconds: 45 }));
        assert!(matches!(
            finish_timer(&r, t("2026-11-23T08:00:00+01:00"), rule),
            Err(DomainError::EndBeforeStart { .. })
        ));
        assert!(matches!(finish_timer(&r, t("2026-11-24T09:00:01+01:00"), rule), Err(DomainError::TimerTooLong(_))));
    }

    #[test]
    fn gaps_need_a_heartbeat_to_compare_with() {
        let now = t("2026-11-24T08:00:00+01:00");
        assert_eq!(idle_gap(&running(None, None), now, 1800), None);
        assert_eq!(idle_gap(&running(Some("2026-11-24T07:45:00+01:00"), None), now, 1800), None);
        let gap = idle_gap(&running(Some("2026-11-23T18:02:00+01:00"), None), now, 1800).unwrap();
        assert_eq!(gap.from, t("2026-11-23T18:02:00+01:00"));
        assert_eq!(gap.seconds(), 13 * 3600 + 58 * 60);
        // A gap noticed earlier is kept even after heartbeats resumed.
        let settled_later = running(
            Some("2026-11-24T07:59:00+01:00"),
            Some(("2026-11-23T18:02:00+01:00", "2026-11-24T07:00:00+01:00")),
        );
        assert_eq!(idle_gap(&settled_later, now, 1800).unwrap().from, t("2026-11-23T18:02:00+01:00"));
    }

    #[test]
    fn stop_instant_follows_the_choice() {
        let now = t("2026-11-24T08:00:00+01:00");
        let quiet = running(Some("2026-11-23T18:02:00+01:00"), None);
        let gap_start = t("2026-11-23T18:02:00+01:00");
        assert_eq!(
            stop_instant(&quiet, None, now, 1800, GapChoice::Ask),
            Err(StopBlocked::Gap(Gap { from: gap_start, to: now }))
        );
        assert_eq!(stop_instant(&quiet, None, now, 1800, GapChoice::EndAtGap), Ok(gap_start));
        assert_eq!(stop_instant(&quiet, None, now, 1800, GapChoice::Keep), Ok(now));
        let at = t("2026-11-23T17:00:00+01:00");
        assert_eq!(stop_instant(&quiet, Some(at), now, 1800, GapChoice::Ask), Ok(at));
        assert_eq!(stop_instant(&running(None, None), None, now, 1800, GapChoice::Ask), Ok(now));
        // A clock behind the start (set back, or ahead when the timer started) blocks the stop:
        // the timer is kept, never turned into a zero-length entry.
        let early = t("2026-11-23T08:59:59+01:00");
        assert_eq!(
            stop_instant(&running(None, None), None, early, 1800, GapChoice::Keep),
            Err(StopBlocked::ClockBehindStart)
        );
        let at_start = finish_timer(&running(None, None), t("2026-11-23T09:00:00+01:00"), Rounding::NONE);
        assert_eq!(at_start, Ok(StopOutcome::Discarded { seconds: 0 }));
    }

    #[test]
    fn moving_the_start_keeps_only_a_silence_that_began_after_it() {
        let gap = Some(Gap { from: t("2026-11-23T10:00:00Z"), to: t("2026-11-23T14:00:00Z") });
        let seen = Some(t("2026-11-23T10:00:00Z"));
        // Moved before the silence: nothing changes.
        assert_eq!(clip_silence(seen, gap, t("2026-11-23T09:00:00Z")), (seen, gap));
        // Into the silence, or past it: the silence is no longer inside the timer.
        assert_eq!(clip_silence(seen, gap, t("2026-11-23T12:00:00Z")), (None, None));
        assert_eq!(clip_silence(seen, gap, t("2026-11-23T10:00:00Z")), (seen, None));
        assert_eq!(clip_silence(seen, gap, t("2026-11-23T15:00:00Z")), (None, None));
    }

    #[test]
    fn after_moving_the_start_past_a_silence_nothing_is_asked() {
        let mut r = running(Some("2026-11-23T10:00:00+01:00"), None);
        let now = t("2026-11-23T16:00:00+01:00");
        r.gap = idle_gap(&r, now, 1800);
        assert!(r.gap.is_some());
        r.started = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+01:00").unwrap();
        (r.last_seen, r.gap) = clip_silence(r.last_seen, r.gap, r.started.to_utc());
        assert_eq!(idle_gap(&r, now, 1800), None);
        assert_eq!(stop_instant(&r, None, now, 1800, GapChoice::Ask), Ok(now));
    }

    proptest! {
        #[test]
        fn rounding_rules_parse_or_refuse_never_panic(s in "\\PC{0,20}|(up|down|nearest) [0-9.:]{0,8}(h|m|s)?") {
            if let Ok(rule) = s.parse::<Rounding>() {
                prop_assert_eq!(rule.to_string().parse::<Rounding>().unwrap(), rule);
            }
        }

        #[test]
        fn a_stop_never_ends_before_the_start(start_after in -7200i64..7200, seen in proptest::option::of(-7200i64..7200), gap_len in 0i64..20_000) {
            let mut r = running(None, None);
            let base = r.started.to_utc();
            let now = base + chrono::Duration::seconds(7200);
            r.last_seen = seen.map(|s| base + chrono::Duration::seconds(s));
            r.gap = r.last_seen.map(|from| Gap { from, to: from + chrono::Duration::seconds(gap_len) });
            let moved = base + chrono::Duration::seconds(start_after);
            r.started = moved.fixed_offset();
            (r.last_seen, r.gap) = clip_silence(r.last_seen, r.gap, moved);
            for choice in [GapChoice::Keep, GapChoice::EndAtGap, GapChoice::Ask] {
                if let Ok(end) = stop_instant(&r, None, now, 1800, choice) {
                    prop_assert!(end >= moved);
                }
            }
        }

        #[test]
        fn rounding_stays_in_bounds_and_near(secs in 60i64..=86_400, step in 1i64..=240, mode in 0u8..4) {
            let mode = [RoundingMode::None, RoundingMode::Up, RoundingMode::Down, RoundingMode::Nearest][mode as usize];
            let rule = Rounding { mode, step_seconds: step * 60 };
            let out = rule.apply(secs);
            prop_assert!((60..=86_400).contains(&out));
            prop_assert!((out - secs).abs() < step * 60);
        }
    }
}

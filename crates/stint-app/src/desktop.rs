//! What the tray shows and records about the desktop it runs in: its menu's facts, when its
//! background sync runs next, and what it found (where idle time is read, logind, NetworkManager,
//! a tray host) for the window's settings to show. The tray process only wires these to D-Bus.

use chrono::Duration;
use stint_domain::IssueKey;

use crate::views::Status;
use crate::{AppError, Stint};

/// How far back the tray looks for issues to offer.
const RECENT_DAYS: i64 = 60;
/// How many issues it offers.
const RECENT_COUNT: usize = 5;

/// Where idle time may be read, in the order recorded (1, 2) in the database.
const IDLE_SOURCES: [&str; 2] = ["gnome", "screensaver"];

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
    /// How long Jira asked to be left alone after the last sync (none: it did not).
    hold: Option<std::time::Duration>,
}

impl SyncPacer {
    const FIRST_BACKOFF_SECONDS: u64 = 60;
    const MOST_BACKOFF_SECONDS: u64 = 30 * 60;

    /// With nothing to send, how often the background sync still runs, to read back what changed
    /// in Jira: two requests when nothing did (see `stint_sync::ReadKind`), 24 an hour.
    pub const READ_BACK_EVERY_SECONDS: u64 = 5 * 60;

    /// How long to wait before the next sync (which reads back after it sends); `None` when none
    /// is wanted.
    pub fn next_wait(&self, view: &TrayView, online: Option<bool>) -> Option<std::time::Duration> {
        let status = &view.status;
        if status.jira.sites_signed_in == 0 || online == Some(false) {
            return None;
        }
        let delay = if status.counts.pending == 0 {
            Self::READ_BACK_EVERY_SECONDS
        } else {
            view.sync_delay_seconds.max(5) as u64
        };
        let wait = std::time::Duration::from_secs(delay.max(self.backoff_seconds()));
        Some(self.hold.map_or(wait, |hold| hold.max(wait)))
    }

    /// A sync ended: Jira allows the next try only at `next_try` (its summary's), or whenever.
    pub fn jira_allows(
        &mut self,
        next_try: Option<chrono::DateTime<chrono::FixedOffset>>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        self.hold = next_try.map(|at| (at.to_utc() - now).to_std().unwrap_or_default());
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
        self.hold = None;
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

/// The tray, as the window's settings show it: what it found, and whether it starts at login.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrayPanel {
    pub report: TrayReport,
    pub autostart: bool,
}

impl Stint {
    /// The tray's panel in the window's settings.
    pub fn tray_panel(&mut self) -> Result<TrayPanel, AppError> {
        Ok(TrayPanel { report: self.tray_report()?, autostart: self.autostart() })
    }

    /// The tray's facts: the status and the issues to offer.
    pub fn tray_view(&mut self) -> Result<TrayView, AppError> {
        let status = self.status()?;
        let since = self.now() - Duration::days(RECENT_DAYS);
        let running = status.running.as_ref().map(|r| r.issue.clone());
        let mut recent = self.store().read(|tx| tx.issues_since(since, RECENT_COUNT + 1))?;
        recent.retain(|k| Some(k) != running.as_ref());
        recent.truncate(RECENT_COUNT);
        Ok(TrayView {
            status,
            recent,
            idle_gap_seconds: self.settings.idle_gap_seconds,
            sync_delay_seconds: self.settings.jira.sync_delay_seconds,
        })
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_sync_waits_its_delay_and_backs_off() {
        let mut view = TrayView {
            status: Status {
                running: None,
                counts: stint_store::Counts { pending: 2, ..Default::default() },
                jira: crate::views::JiraStatus {
                    signed_in: true,
                    site: None,
                    needs_sign_in: false,
                    sites_signed_in: 1,
                },
                first_run: false,
                today_seconds: 0,
                today_target_seconds: 0,
                locale: Default::default(),
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
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(300), "nothing waits: a read-back every 5 min");
        view.status.counts.pending = 1;
        view.status.jira.sites_signed_in = 0;
        assert_eq!(pacer.next_wait(&view, None), None, "not signed in");
        // The default site signed out, another signed in: its queue still goes.
        view.status.jira.signed_in = false;
        view.status.jira.sites_signed_in = 1;
        assert!(pacer.next_wait(&view, None).is_some(), "another site is signed in");
        view.status.jira.signed_in = true;
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap().to_utc();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T11:50:00+01:00").unwrap();
        pacer.jira_allows(Some(at), now);
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(50 * 60), "Jira asked for 50 min");
        pacer.jira_allows(None, now);
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(5), "then whenever");
        pacer.jira_allows(Some(at), now);
        pacer.reset();
        assert_eq!(secs(pacer.next_wait(&view, None)), Some(5), "asked for: at once");
    }
}

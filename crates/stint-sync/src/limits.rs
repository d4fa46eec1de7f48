//! Jira's rate limits, kept on this side so Stint rarely meets a 429: per issue at most 20 writes
//! in 2 s and 100 in 30 s; per site at most 100 POST, 50 PUT and 50 DELETE a second. Windows carry
//! a small margin (Jira counts arrivals, Stint counts departures). When Jira does answer 429, its
//! `RateLimit-Reason` decides the pause: everything for a quota or burst reason, only that issue
//! for the per-issue reason. Pure: the time is passed in.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The kind of request, for the site-wide limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn per_second(self) -> usize {
        match self {
            Method::Post | Method::Get => 100,
            Method::Put | Method::Delete => 50,
        }
    }

    fn is_write(self) -> bool {
        self != Method::Get
    }
}

const MARGIN: Duration = Duration::from_millis(100);

/// A sliding window: at most `most` events in `span`.
#[derive(Debug, Default)]
struct Window {
    events: VecDeque<Instant>,
}

impl Window {
    /// The earliest instant another event fits in.
    fn ready_at(&self, most: usize, span: Duration, now: Instant) -> Instant {
        let recent = self.events.iter().filter(|t| now.duration_since(**t) < span).count();
        if recent < most {
            return now;
        }
        // The oldest event still inside the window leaves it at `t + span`.
        let oldest_inside = self.events.iter().rev().nth(most - 1).copied().unwrap_or(now);
        (oldest_inside + span).max(now)
    }

    fn record(&mut self, now: Instant, keep: Duration) {
        while self.events.front().is_some_and(|t| now.duration_since(*t) > keep) {
            self.events.pop_front();
        }
        self.events.push_back(now);
    }
}

/// What Stint may send and when.
#[derive(Debug, Default)]
pub struct Limits {
    issues: HashMap<String, Window>,
    methods: HashMap<Method, Window>,
    paused_until: Option<Instant>,
    issue_paused_until: HashMap<String, Instant>,
}

impl Limits {
    /// The earliest instant a `method` request about `issue` may be sent.
    pub fn ready_at(&self, issue: &str, method: Method, now: Instant) -> Instant {
        let mut ready = now;
        if let Some(until) = self.paused_until {
            ready = ready.max(until);
        }
        if let Some(until) = self.issue_paused_until.get(issue) {
            ready = ready.max(*until);
        }
        if let Some(w) = self.methods.get(&method) {
            ready = ready.max(w.ready_at(method.per_second(), Duration::from_secs(1) + MARGIN, now));
        }
        if method.is_write() {
            if let Some(w) = self.issues.get(issue) {
                ready = ready.max(w.ready_at(20, Duration::from_secs(2) + MARGIN, now));
                ready = ready.max(w.ready_at(100, Duration::from_secs(30) + MARGIN, now));
            }
        }
        ready
    }

    /// Records that a request was sent now.
    pub fn record(&mut self, issue: &str, method: Method, now: Instant) {
        self.methods.entry(method).or_default().record(now, Duration::from_secs(2));
        if method.is_write() {
            self.issues.entry(issue.to_string()).or_default().record(now, Duration::from_secs(31));
        }
    }

    /// Everything waits until `until` (a quota or burst limit, or Jira unavailable).
    pub fn pause_all(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
    }

    /// Only `issue` waits until `until`.
    pub fn pause_issue(&mut self, issue: &str, until: Instant) {
        let slot = self.issue_paused_until.entry(issue.to_string()).or_insert(until);
        *slot = (*slot).max(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn twenty_writes_per_issue_then_a_wait() {
        let t0 = Instant::now();
        let mut limits = Limits::default();
        for _ in 0..20 {
            assert_eq!(limits.ready_at("ABC-1", Method::Post, t0), t0);
            limits.record("ABC-1", Method::Post, t0);
        }
        let ready = limits.ready_at("ABC-1", Method::Post, t0);
        assert!(ready >= t0 + Duration::from_secs(2), "the 21st write waits out the window");
        assert_eq!(limits.ready_at("XYZ-2", Method::Post, t0), t0, "another issue does not wait");
        assert_eq!(limits.ready_at("ABC-1", Method::Get, t0), t0, "reads are not writes");
    }

    #[test]
    fn pauses_hold_everything_or_one_issue() {
        let t0 = Instant::now();
        let mut limits = Limits::default();
        limits.pause_issue("ABC-1", t0 + Duration::from_secs(5));
        assert_eq!(limits.ready_at("ABC-1", Method::Put, t0), t0 + Duration::from_secs(5));
        assert_eq!(limits.ready_at("XYZ-2", Method::Put, t0), t0);
        limits.pause_all(t0 + Duration::from_secs(9));
        limits.pause_all(t0 + Duration::from_secs(3)); // a shorter pause never shortens a longer one
        assert_eq!(limits.ready_at("XYZ-2", Method::Get, t0), t0 + Duration::from_secs(9));
    }

    proptest! {
        /// Whatever the order of issues, a schedule that follows `ready_at` never exceeds a limit.
        #[test]
        fn following_ready_at_keeps_every_limit(issues in prop::collection::vec(0usize..4, 1..400)) {
            let t0 = Instant::now();
            let mut limits = Limits::default();
            let mut now = t0;
            let mut sent: Vec<(usize, Instant)> = Vec::new();
            for issue in issues {
                let name = format!("I-{issue}");
                now = limits.ready_at(&name, Method::Post, now);
                limits.record(&name, Method::Post, now);
                sent.push((issue, now));
            }
            for (i, (issue, at)) in sent.iter().enumerate() {
                let same_2s = sent[..=i].iter().filter(|(j, t)| j == issue && at.duration_since(*t) < Duration::from_secs(2)).count();
                prop_assert!(same_2s <= 20);
                let same_30s = sent[..=i].iter().filter(|(j, t)| j == issue && at.duration_since(*t) < Duration::from_secs(30)).count();
                prop_assert!(same_30s <= 100);
                let site_1s = sent[..=i].iter().filter(|(_, t)| at.duration_since(*t) < Duration::from_secs(1)).count();
                prop_assert!(site_1s <= 100);
            }
        }
    }
}

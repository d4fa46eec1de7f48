//! The pure decision of a read-back: what Jira's worklogs mean for the entries Stint holds.
//!
//! In: the entries that reached Jira (or were sent there), as Stint last knew them; the
//! signed-in person's worklogs Jira returned for the issues it read, over a window of days; who
//! the person is. Out: one outcome per worklog and per entry. The engine does the reading and
//! writes the outcomes; nothing here touches the network or the disk.
//!
//! ```text
//!   worklog with an entry's id, as Stint last saw it        ──► Same
//!   … changed in Jira, not here                              ──► TakeJira (the entry takes its values)
//!   … changed in Jira and here                               ──► Conflict (the person settles it)
//!   … written by someone else                                ──► NotYours (left alone; a push refuses it)
//!   worklog carrying the uid of an entry without that id     ──► Link (a create whose answer was lost)
//!   worklog carrying a Stint uid this database does not hold ──► OtherMachine (Stint's, read-only until adopted)
//!   any other worklog of the person's                        ──► Elsewhere (logged outside Stint)
//!   entry whose worklog is gone from an issue that was read  ──► DeletedInJira (kept, marked)
//!   … removed here too                                       ──► DeletionDone
//! ```
//!
//! A local entry is never deleted by what Jira says, and nothing changes for an entry whose issue
//! was not read or whose start lies outside the window (its absence proves nothing).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use stint_domain::{EntryId, IssueKey};
use stint_jira::Worklog;

/// What Stint holds about an entry that has (or had) a worklog: the store's own view of it.
pub use stint_store::Linked as Held;

/// A worklog as Jira has it, and the issue it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub issue: IssueKey,
    pub worklog: Worklog,
}

/// The values of a worklog that an entry can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub note: Option<String>,
    /// Jira's `updated` for these values.
    pub updated: Option<String>,
}

/// What one worklog or entry comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Jira has what Stint has (its `updated` is kept, so the next read compares with it).
    Same { entry: EntryId, updated: Option<String> },
    /// Changed in Jira and not here since the last sync: the entry takes Jira's values.
    TakeJira { entry: EntryId, theirs: Values },
    /// Changed in Jira and here: both are kept until the person chooses.
    Conflict { entry: EntryId, theirs: Values },
    /// The entry's worklog is now someone else's: it is left alone.
    NotYours { entry: EntryId },
    /// A worklog carrying this entry's uid: the entry is linked to it.
    Link { entry: EntryId, worklog_id: String, updated: Option<String> },
    /// Stint's own worklog from another machine on this account.
    OtherMachine(Found),
    /// The person's time logged outside Stint.
    Elsewhere(Found),
    /// The entry's worklog is gone from Jira: the entry stays, marked.
    DeletedInJira { entry: EntryId },
    /// Removed here, and gone from Jira too: its deletion is done.
    DeletionDone { entry: EntryId },
}

/// How a read-back reads Jira.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    /// The person's issues found by search, then each issue's worklogs in the window: exact, and
    /// the only way to notice a worklog that is simply gone. 1 + (issues) requests, or more with
    /// pages.
    Whole,
    /// Only what changed on the site since Jira's mark (`since`, Unix milliseconds): the ids
    /// updated and deleted, then the updated worklogs by id. 2 requests when nothing changed,
    /// one more per 1000 changed worklogs (anyone's), one per issue not met before.
    Changes { since: i64 },
}

/// A whole read at least this often: JQL search is eventually consistent, and a change Jira
/// listed late would otherwise be missed for good.
pub const WHOLE_READ_EVERY: chrono::Duration = chrono::Duration::hours(24);

/// Decides how to read: whole when asked, when there was never a whole read (or no mark to look
/// for changes from), when the window now starts earlier than the last whole read covered (more
/// weeks asked for), when that read is a day old, or when the clock went back past it; else only
/// the changes.
pub fn read_kind(
    last: &stint_store::ReadBackState,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
    whole_asked: bool,
) -> ReadKind {
    let (Some(window_from), Some(whole_at), Some(since)) = (last.window_from, last.full_read_at, last.changes_since)
    else {
        return ReadKind::Whole;
    };
    if whole_asked || from < window_from || whole_at > now || now - whole_at >= WHOLE_READ_EVERY {
        return ReadKind::Whole;
    }
    ReadKind::Changes { since }
}

/// What a look at the changes adds to `reconcile`: the entries whose worklogs were deleted in
/// Jira (by id) come to `DeletedInJira`, or `DeletionDone` when removed here too. A request in
/// flight is left to its sync.
pub fn deletions(held: &[Held], deleted: &BTreeSet<String>) -> Vec<Outcome> {
    held.iter()
        .filter(|h| !h.in_flight && h.worklog_id.as_ref().is_some_and(|id| deleted.contains(id)))
        .map(|h| if h.removed { Outcome::DeletionDone { entry: h.id } } else { Outcome::DeletedInJira { entry: h.id } })
        .collect()
}

/// What was read: the issues whose worklogs were read whole for the window, and the window.
#[derive(Debug, Clone)]
pub struct Read<'a> {
    pub issues: &'a BTreeSet<IssueKey>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The signed-in person's account id (Cloud) or key (Data Center).
    pub me: &'a str,
}

/// Decides what each worklog found and each entry held come to. Worklogs come back in the order
/// given; entries without a worklog among them follow.
pub fn reconcile(held: &[Held], found: &[Found], read: &Read<'_>) -> Vec<Outcome> {
    let by_worklog: HashMap<&str, &Held> =
        held.iter().filter_map(|h| h.worklog_id.as_deref().map(|id| (id, h))).collect();
    let by_uid: HashMap<&str, &Held> = held.iter().map(|h| (h.uid.as_str(), h)).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in found {
        let w = &f.worklog;
        if let Some(h) = by_worklog.get(w.id.as_str()) {
            seen.insert(h.id);
            if h.in_flight {
                continue;
            }
            out.push(compare(h, w, read.me));
            continue;
        }
        if w.author.as_deref() != Some(read.me) {
            continue;
        }
        match w.uid.as_deref().and_then(|uid| by_uid.get(uid)) {
            Some(h) if h.worklog_id.is_none() && !h.in_flight => {
                seen.insert(h.id);
                out.push(Outcome::Link { entry: h.id, worklog_id: w.id.clone(), updated: w.updated.clone() });
            }
            // Its uid is an entry's here that has another worklog: a copy made elsewhere. It is
            // not this entry's, and counting it would count the same work twice.
            Some(_) => {}
            None if w.uid.is_some() => out.push(Outcome::OtherMachine(f.clone())),
            None => out.push(Outcome::Elsewhere(f.clone())),
        }
    }
    for h in held {
        let read_whole = read.issues.contains(&h.issue) && (read.from..read.to).contains(&h.started.to_utc());
        if seen.contains(&h.id) || h.worklog_id.is_none() || h.in_flight || !read_whole {
            continue;
        }
        out.push(if h.removed {
            Outcome::DeletionDone { entry: h.id }
        } else {
            Outcome::DeletedInJira { entry: h.id }
        });
    }
    out
}

/// A worklog's values as an entry would take them (a start or time Jira left out stays the
/// entry's; a blank comment is no note).
pub fn values_of(w: &Worklog, started: DateTime<FixedOffset>, seconds: i64) -> Values {
    Values {
        started: w.started.unwrap_or(started),
        seconds: w.seconds.unwrap_or(seconds),
        note: w.comment.clone().filter(|c| !c.trim().is_empty()),
        updated: w.updated.clone(),
    }
}

/// An entry and the worklog with its id.
fn compare(h: &Held, w: &Worklog, me: &str) -> Outcome {
    if w.author.as_deref().is_some_and(|a| a != me) {
        return Outcome::NotYours { entry: h.id };
    }
    let theirs = values_of(w, h.started, h.seconds);
    let same_values = theirs.started == h.started && theirs.seconds == h.seconds && theirs.note == h.note;
    let unchanged_there = h.remote_updated.is_some() && h.remote_updated == w.updated;
    if unchanged_there || same_values || h.removed {
        // A removal here wins over an edit there: the person removed it after the last sync,
        // and the queued deletion says so to Jira.
        return Outcome::Same { entry: h.id, updated: w.updated.clone() };
    }
    if h.changed_here {
        Outcome::Conflict { entry: h.id, theirs }
    } else {
        Outcome::TakeJira { entry: h.id, theirs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ME: &str = "acc-me";

    fn key(s: &str) -> IssueKey {
        IssueKey::parse(s).unwrap()
    }

    fn at(hours: i64) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().timestamp_opt(1_800_000_000 + hours * 3600, 0).unwrap()
    }

    fn held(id: i64, worklog: Option<&str>) -> Held {
        Held {
            id: EntryId(id),
            uid: format!("u-{id}"),
            issue: key("ABC-1"),
            worklog_id: worklog.map(str::to_string),
            started: at(id),
            seconds: 3600,
            note: Some("fixed it".into()),
            changed_here: false,
            removed: false,
            in_flight: false,
            remote_updated: Some("t1".into()),
        }
    }

    fn found(id: &str, start_hours: i64, author: &str, uid: Option<&str>) -> Found {
        Found {
            issue: key("ABC-1"),
            worklog: Worklog {
                id: id.into(),
                issue_id: Some("20001".into()),
                author: Some(author.into()),
                updated: Some("t1".into()),
                started: Some(at(start_hours)),
                seconds: Some(3600),
                comment: Some("fixed it".into()),
                uid: uid.map(str::to_string),
            },
        }
    }

    /// A case: its name, what Stint holds, what Jira returned, and the outcomes.
    type Case = (&'static str, Vec<Held>, Vec<Found>, Vec<Outcome>);

    fn run(held: &[Held], found: &[Found]) -> Vec<Outcome> {
        let issues: BTreeSet<IssueKey> = [key("ABC-1")].into();
        let read = Read { issues: &issues, from: at(-100).to_utc(), to: at(100).to_utc(), me: ME };
        reconcile(held, found, &read)
    }

    #[test]
    fn each_case_as_a_table() {
        let edited = |mut f: Found| {
            f.worklog.seconds = Some(7200);
            f.worklog.updated = Some("t2".into());
            f
        };
        let theirs =
            Values { started: at(1), seconds: 7200, note: Some("fixed it".into()), updated: Some("t2".into()) };
        let changed = Held { changed_here: true, ..held(1, Some("10")) };
        let removed = Held { removed: true, ..held(1, Some("10")) };
        let flying = Held { in_flight: true, ..held(1, Some("10")) };
        let lost_create = Held { worklog_id: None, ..held(1, None) };
        let out_of_window = Held { started: at(500), ..held(1, Some("10")) };
        let on_unread_issue = Held { issue: key("XYZ-9"), ..held(1, Some("10")) };
        let stamped_later = |mut f: Found| {
            f.worklog.updated = Some("t9".into());
            f
        };
        let same = |updated: &str| vec![Outcome::Same { entry: EntryId(1), updated: Some(updated.into()) }];
        let table: Vec<Case> = vec![
            ("as Stint last saw it", vec![held(1, Some("10"))], vec![found("10", 1, ME, Some("u-1"))], same("t1")),
            (
                "a new stamp, the same values",
                vec![held(1, Some("10"))],
                vec![stamped_later(found("10", 1, ME, None))],
                same("t9"),
            ),
            (
                "edited in Jira only",
                vec![held(1, Some("10"))],
                vec![edited(found("10", 1, ME, None))],
                vec![Outcome::TakeJira { entry: EntryId(1), theirs: theirs.clone() }],
            ),
            (
                "edited in both",
                vec![changed.clone()],
                vec![edited(found("10", 1, ME, None))],
                vec![Outcome::Conflict { entry: EntryId(1), theirs: theirs.clone() }],
            ),
            ("edited there, removed here", vec![removed.clone()], vec![edited(found("10", 1, ME, None))], same("t2")),
            ("in flight: the push's", vec![flying.clone()], vec![edited(found("10", 1, ME, None))], vec![]),
            (
                "someone else's now",
                vec![held(1, Some("10"))],
                vec![found("10", 1, "acc-other", None)],
                vec![Outcome::NotYours { entry: EntryId(1) }],
            ),
            (
                "a lost create found by its uid",
                vec![lost_create],
                vec![found("11", 1, ME, Some("u-1"))],
                vec![Outcome::Link { entry: EntryId(1), worklog_id: "11".into(), updated: Some("t1".into()) }],
            ),
            (
                "Stint's, from another machine",
                vec![],
                vec![found("12", 2, ME, Some("u-elsewhere"))],
                vec![Outcome::OtherMachine(found("12", 2, ME, Some("u-elsewhere")))],
            ),
            (
                "logged on the web",
                vec![],
                vec![found("13", 2, ME, None)],
                vec![Outcome::Elsewhere(found("13", 2, ME, None))],
            ),
            ("a colleague's on the same issue", vec![], vec![found("14", 2, "acc-other", None)], vec![]),
            (
                "a copy of an entry that has its own worklog",
                vec![held(1, Some("10"))],
                vec![found("10", 1, ME, Some("u-1")), found("15", 3, ME, Some("u-1"))],
                same("t1"),
            ),
            ("deleted in Jira", vec![held(1, Some("10"))], vec![], vec![Outcome::DeletedInJira { entry: EntryId(1) }]),
            ("deleted there and here", vec![removed], vec![], vec![Outcome::DeletionDone { entry: EntryId(1) }]),
            ("gone, but started outside the window", vec![out_of_window], vec![], vec![]),
            ("gone, but its issue was not read", vec![on_unread_issue], vec![], vec![]),
            ("gone while in flight", vec![flying], vec![], vec![]),
            ("never sent", vec![held(1, None)], vec![], vec![]),
        ];
        for (case, held, found, want) in table {
            assert_eq!(run(&held, &found), want, "{case}");
        }
    }

    #[test]
    fn how_to_read_as_a_table() {
        use stint_store::ReadBackState;
        let now = at(0).to_utc();
        let hours = chrono::Duration::hours;
        let from = now - chrono::Duration::weeks(8);
        let read = |whole_ago: i64, window_from| ReadBackState {
            window_from: Some(window_from),
            full_read_at: Some(now - hours(whole_ago)),
            changes_since: Some(42),
            read_at: Some(now),
        };
        let changes = ReadKind::Changes { since: 42 };
        let table: Vec<(&str, ReadBackState, bool, ReadKind)> = vec![
            ("never read", ReadBackState::default(), false, ReadKind::Whole),
            ("read an hour ago", read(1, from - hours(1)), false, changes),
            ("asked for a whole read", read(1, from - hours(1)), true, ReadKind::Whole),
            ("a day since the whole read", read(24, from - hours(24)), false, ReadKind::Whole),
            ("just under a day", read(23, from - hours(23)), false, changes),
            ("more weeks asked for since", read(1, from + hours(1)), false, ReadKind::Whole),
            ("the clock went back", read(-2, from), false, ReadKind::Whole),
            ("no mark to look from", ReadBackState { changes_since: None, ..read(1, from) }, false, ReadKind::Whole),
        ];
        for (case, last, asked, want) in table {
            assert_eq!(read_kind(&last, from, now, asked), want, "{case}");
        }
    }

    #[test]
    fn deletions_seen_in_the_changes() {
        let removed = Held { removed: true, ..held(2, Some("20")) };
        let flying = Held { in_flight: true, ..held(3, Some("30")) };
        let held = [held(1, Some("10")), removed, flying, held(4, None), held(5, Some("50"))];
        let deleted: BTreeSet<String> = ["10", "20", "30", "99"].map(String::from).into();
        assert_eq!(
            deletions(&held, &deleted),
            vec![Outcome::DeletedInJira { entry: EntryId(1) }, Outcome::DeletionDone { entry: EntryId(2) }],
            "the in-flight one is its sync's; one never sent and one not deleted are untouched"
        );
    }

    #[test]
    fn an_older_row_without_a_stamp_compares_values() {
        let old = Held { remote_updated: None, ..held(1, Some("10")) };
        assert!(matches!(run(std::slice::from_ref(&old), &[found("10", 1, ME, None)])[..], [Outcome::Same { .. }]));
        let mut moved = found("10", 2, ME, None);
        moved.worklog.updated = None;
        assert!(matches!(run(&[old], &[moved])[..], [Outcome::TakeJira { .. }]));
    }

    #[test]
    fn an_empty_comment_is_no_note() {
        let quiet = Held { note: None, ..held(1, Some("10")) };
        let mut blank = found("10", 1, ME, None);
        blank.worklog.comment = Some("  ".into());
        blank.worklog.updated = Some("t5".into());
        assert_eq!(run(&[quiet], &[blank]), [Outcome::Same { entry: EntryId(1), updated: Some("t5".into()) }]);
    }
}

//! The pure decision: what an outbox entry needs next, from what is stored about it and the time.
//!
//! ```text
//!   create in flight, outcome unknown ──► Resolve: look for its uid in Jira, after a wait
//!   removed, never in Jira            ──► Drop (here only)
//!   removed, in Jira                  ──► Delete there
//!   not in Jira                       ──► Create
//!   in Jira on another issue (moved)  ──► Delete there (then Create here)
//!   in Jira, moved to another site    ──► Delete here (then that site's sync creates it)
//!   in Jira, edited since             ──► Update
//!   in Jira, as is                    ──► Done
//! ```

use chrono::{DateTime, Duration, Utc};
use stint_domain::IssueKey;
use stint_store::{OutboxEntry, PushOp};

/// The next step for an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// POST a worklog on the entry's issue.
    Create,
    /// A create was sent and its answer never came: look for the worklog on `issue` before
    /// anything else, not before `not_before` (Jira may still be working on it).
    Resolve { issue: IssueKey, not_before: DateTime<Utc> },
    /// PUT the entry's current content on its worklog.
    Update { issue: IssueKey, worklog_id: String },
    /// DELETE the worklog on `issue` (removed here, or moved to another issue).
    Delete { issue: IssueKey, worklog_id: String },
    /// Removed here and never in Jira: remove the row.
    Drop,
    /// Jira has this revision already.
    Done,
}

/// Decides the next step. `in_doubt_wait` is how long after sending a create whose answer was
/// lost the sync waits before looking for it.
pub fn plan(entry: &OutboxEntry, in_doubt_wait: Duration) -> Step {
    if let Some(push) = entry.push.filter(|p| p.op == PushOp::Create) {
        let issue = entry.remote_issue.clone().unwrap_or_else(|| entry.issue.clone());
        return Step::Resolve { issue, not_before: push.at + in_doubt_wait };
    }
    let remote = entry.remote_issue.clone().unwrap_or_else(|| entry.issue.clone());
    match (&entry.worklog_id, entry.deleted) {
        (None, true) => Step::Drop,
        (None, false) => Step::Create,
        (Some(id), true) => Step::Delete { issue: remote, worklog_id: id.clone() },
        (Some(id), false) if remote != entry.issue || entry.leaving => {
            Step::Delete { issue: remote, worklog_id: id.clone() }
        }
        (Some(id), false) if entry.synced_revision != Some(entry.revision) => {
            Step::Update { issue: remote, worklog_id: id.clone() }
        }
        (Some(_), false) => Step::Done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use stint_domain::{EntryId, SyncState};
    use stint_store::Push;

    fn key(s: &str) -> IssueKey {
        IssueKey::parse(s).unwrap()
    }

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
    }

    fn entry() -> OutboxEntry {
        OutboxEntry {
            id: EntryId(7),
            uid: "u-7".into(),
            issue: key("ABC-1"),
            started: FixedOffset::east_opt(3600).unwrap().timestamp_opt(1_800_000_000, 0).unwrap(),
            seconds: 600,
            note: None,
            state: SyncState::Pending,
            revision: 1,
            synced_revision: None,
            worklog_id: None,
            remote_issue: None,
            deleted: false,
            push: None,
            updated_at: at(0),
            remote_updated: None,
            leaving: false,
        }
    }

    #[test]
    fn every_situation_has_its_step() {
        let wait = Duration::seconds(30);
        let new = entry();
        assert_eq!(plan(&new, wait), Step::Create);

        let in_doubt = OutboxEntry {
            push: Some(Push { op: PushOp::Create, at: at(5), revision: 1 }),
            remote_issue: Some(key("ABC-1")),
            ..entry()
        };
        assert_eq!(plan(&in_doubt, wait), Step::Resolve { issue: key("ABC-1"), not_before: at(35) });
        // Moved while the create was in doubt: it is looked for where it was sent.
        let moved_in_doubt = OutboxEntry { issue: key("XYZ-2"), ..in_doubt.clone() };
        assert_eq!(plan(&moved_in_doubt, wait), Step::Resolve { issue: key("ABC-1"), not_before: at(35) });
        // Removed while in doubt: still looked for first, so Jira's copy can be deleted.
        let removed_in_doubt = OutboxEntry { deleted: true, ..in_doubt };
        assert!(matches!(plan(&removed_in_doubt, wait), Step::Resolve { .. }));

        let synced = OutboxEntry {
            worklog_id: Some("10001".into()),
            remote_issue: Some(key("ABC-1")),
            synced_revision: Some(1),
            ..entry()
        };
        assert_eq!(plan(&synced, wait), Step::Done);
        let edited = OutboxEntry { revision: 2, ..synced.clone() };
        assert_eq!(plan(&edited, wait), Step::Update { issue: key("ABC-1"), worklog_id: "10001".into() });
        // An update in flight is simply sent again (a PUT is idempotent).
        let updating = OutboxEntry { push: Some(Push { op: PushOp::Update, at: at(1), revision: 2 }), ..edited };
        assert_eq!(plan(&updating, wait), Step::Update { issue: key("ABC-1"), worklog_id: "10001".into() });
        let moved = OutboxEntry { issue: key("XYZ-9"), revision: 2, ..synced.clone() };
        assert_eq!(plan(&moved, wait), Step::Delete { issue: key("ABC-1"), worklog_id: "10001".into() });
        // Moved to another site, unchanged: its worklog leaves this one.
        let leaving = OutboxEntry { leaving: true, ..synced.clone() };
        assert_eq!(plan(&leaving, wait), Step::Delete { issue: key("ABC-1"), worklog_id: "10001".into() });
        let removed = OutboxEntry { deleted: true, revision: 2, ..synced };
        assert_eq!(plan(&removed, wait), Step::Delete { issue: key("ABC-1"), worklog_id: "10001".into() });
        assert_eq!(plan(&OutboxEntry { deleted: true, ..entry() }, wait), Step::Drop);
    }
}

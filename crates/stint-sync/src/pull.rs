//! A read-back's I/O: reads the person's worklogs for a window, lets `reconcile` decide, and
//! writes what it decided in one transaction. A read that fails part-way writes nothing.
//!
//! What is read: the issues JQL finds with the person's worklogs on the window's days (padded by
//! a day each side, as Jira counts days in the person's profile zone), together with the issues
//! of every entry here that is in Jira for the window (an issue whose only worklog of the
//! person's was deleted is found by nothing else); then each issue's worklogs in the window,
//! exactly (JQL search is eventually consistent, the per-issue read is not).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use stint_domain::{EntryId, IssueKey, Note};
use stint_jira::{Jira, JiraError};
use stint_store::{JiraWorklog, RemoteWorklog, StoreError, TheirValues};

use crate::engine::{with_store, Shared, Stop};
use crate::readback::{reconcile, Found, Held, Outcome, Read, Values};

/// What a read-back did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pulled {
    /// Issues read, and requests made to Jira.
    pub issues: usize,
    pub requests: usize,
    /// Entries that took an edit made in Jira.
    pub took_jira: usize,
    /// Entries changed here and in Jira, waiting for the person.
    pub conflicts: usize,
    /// Entries whose worklog was deleted in Jira (kept here, marked).
    pub deleted_in_jira: usize,
    /// Worklogs of the person's logged outside Stint, and by Stint on another machine.
    pub elsewhere: usize,
    pub other_machines: usize,
    /// Entries linked to the worklog their uid was found on.
    pub linked: usize,
    /// Why it stopped before the end (nothing was written then).
    pub stopped: Option<Stop>,
}

/// Reads back the person's worklogs that started from `from` to before `to`.
pub async fn pull(
    jira: std::sync::Arc<Jira>,
    store: Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Pulled, StoreError> {
    let mut pulled = Pulled::default();
    let held: Vec<Held> = with_store(&store, move |s| s.read(|tx| tx.linked_between(from, to))).await?;
    let found = match read(&jira, &held, from, to, &mut pulled).await {
        Ok(found) => found,
        Err((issues, error)) => {
            let code = if error.is_connection_problem() { "jira.unreachable" } else { "jira.problem" };
            pulled.issues = issues.len();
            pulled.stopped = Some(Stop::from_error(code, &error));
            tracing::info!(code, requests = pulled.requests, "read-back stopped; nothing changed");
            return Ok(pulled);
        }
    };
    let (issues, found) = found;
    pulled.issues = issues.len();
    let me = jira.session().connection().account_id.clone();
    let outcomes = reconcile(&held, &found, &Read { issues: &issues, from, to, me: &me });
    let issue_of: HashMap<EntryId, IssueKey> = held.into_iter().map(|h| (h.id, h.issue)).collect();
    let counted = with_store(&store, move |s| s.write(|tx| write(tx, &outcomes, &issue_of, from, to, now))).await?;
    Ok(Pulled { issues: pulled.issues, requests: pulled.requests, ..counted })
}

/// The issues read and the worklogs found on them; or the issues and what stopped the reading.
type ReadResult = Result<(BTreeSet<IssueKey>, Vec<Found>), (BTreeSet<IssueKey>, JiraError)>;

/// The issues to read, then their worklogs in the window.
async fn read(jira: &Jira, held: &[Held], from: DateTime<Utc>, to: DateTime<Utc>, pulled: &mut Pulled) -> ReadResult {
    let mut issues: BTreeSet<IssueKey> =
        held.iter().filter(|h| h.worklog_id.is_some()).map(|h| h.issue.clone()).collect();
    pulled.requests += 1;
    let days = (from.date_naive() - Duration::days(1), to.date_naive() + Duration::days(1));
    match jira.issues_with_my_worklogs(days.0, days.1).await {
        Ok(found) => issues.extend(found.into_iter().map(|(_, key)| key)),
        Err(e) => return Err((issues, e)),
    }
    let mut found = Vec::new();
    for issue in &issues {
        pulled.requests += 1;
        match jira.worklogs_between(issue, from.timestamp_millis(), to.timestamp_millis()).await {
            Ok(worklogs) => found.extend(worklogs.into_iter().map(|worklog| Found { issue: issue.clone(), worklog })),
            Err(e) => return Err((issues, e)),
        }
    }
    Ok((issues, found))
}

/// Jira's values as an entry can hold them; `None` when its comment cannot be a note (over
/// 10,000 characters, or holding control characters): taking it would lose the comment or the
/// note, so such an edit is left for the person in Jira, and the entry stays as it is.
fn their_values(v: &Values) -> Option<TheirValues> {
    let note = match v.note.as_deref() {
        Some(text) => Note::parse(text).ok()?,
        None => None,
    };
    Some(TheirValues { started: v.started, seconds: v.seconds, note, updated: v.updated.clone() })
}

/// Writes the outcomes: one transaction.
fn write(
    tx: &stint_store::Tx<'_>,
    outcomes: &[Outcome],
    issue_of: &HashMap<EntryId, IssueKey>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Pulled, StoreError> {
    let mut pulled = Pulled::default();
    let mut kept = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Same { entry, updated } => tx.note_jira_updated(*entry, updated.as_deref())?,
            Outcome::TakeJira { entry, theirs } => {
                let Some(values) = their_values(theirs) else {
                    tracing::warn!(entry = entry.0, "Jira's comment cannot be a note: the entry is left as it is");
                    continue;
                };
                if tx.take_jira_values(*entry, &values, now)? {
                    pulled.took_jira += 1;
                } else {
                    tx.mark_conflict(*entry, &values)?;
                    pulled.conflicts += 1;
                }
            }
            Outcome::Conflict { entry, theirs } => {
                let Some(values) = their_values(theirs) else {
                    tracing::warn!(entry = entry.0, "Jira's comment cannot be a note: the entry is left as it is");
                    continue;
                };
                tx.mark_conflict(*entry, &values)?;
                pulled.conflicts += 1;
            }
            Outcome::NotYours { .. } => {}
            Outcome::Link { entry, worklog_id, updated } => {
                let (Some(revision), Some(issue)) = (tx.revision(*entry)?, issue_of.get(entry)) else { continue };
                let worklog = RemoteWorklog { id: worklog_id.clone(), author: None, updated: updated.clone() };
                tx.record_in_jira(*entry, issue, &worklog, revision)?;
                pulled.linked += 1;
            }
            Outcome::OtherMachine(found) | Outcome::Elsewhere(found) => {
                let w = &found.worklog;
                let (Some(started), Some(seconds)) = (w.started, w.seconds.filter(|s| *s > 0)) else { continue };
                if !(from..to).contains(&started.to_utc()) {
                    continue;
                }
                if matches!(outcome, Outcome::OtherMachine(_)) {
                    pulled.other_machines += 1;
                } else {
                    pulled.elsewhere += 1;
                }
                kept.push(JiraWorklog {
                    worklog_id: w.id.clone(),
                    issue: found.issue.clone(),
                    started,
                    seconds,
                    stint_uid: w.uid.clone(),
                    updated: w.updated.clone(),
                });
            }
            Outcome::DeletedInJira { entry } => {
                tx.mark_deleted_in_jira(*entry)?;
                pulled.deleted_in_jira += 1;
            }
            Outcome::DeletionDone { entry } => tx.record_gone_from_jira(*entry)?,
        }
    }
    tx.replace_jira_worklogs(to, &kept, now)?;
    let mut state = tx.read_back_state()?;
    state.window_from = Some(from);
    state.full_read_at = Some(now);
    state.read_at = Some(now);
    tx.set_read_back_state(&state)?;
    Ok(pulled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn a_comment_that_cannot_be_a_note_is_not_taken() {
        let values = |note: Option<String>| Values {
            started: FixedOffset::east_opt(0).unwrap().timestamp_opt(1_800_000_000, 0).unwrap(),
            seconds: 600,
            note,
            updated: Some("t".into()),
        };
        assert!(their_values(&values(Some("x".repeat(10_001)))).is_none(), "too long: the note would be lost");
        assert!(their_values(&values(Some("bell \u{7}".into()))).is_none());
        let taken = their_values(&values(Some("fixed it".into()))).unwrap();
        assert_eq!(taken.note.as_ref().map(Note::expose), Some("fixed it"));
        assert_eq!(their_values(&values(None)).unwrap().note, None);
    }
}

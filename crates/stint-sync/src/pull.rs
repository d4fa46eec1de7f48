//! A read-back's I/O: reads the person's worklogs for a window, lets `reconcile` decide, and
//! writes what it decided in one transaction. A read that fails part-way writes nothing.
//!
//! Two ways to read (`read_kind` chooses; see `ReadKind` for what each costs):
//! - Whole: the issues JQL finds with the person's worklogs on the window's days (padded by a day
//!   each side, as Jira counts days in the person's profile zone), together with the issues of
//!   every entry here that is in Jira for the window (an issue whose only worklog of the person's
//!   was deleted is found by nothing else); then each issue's worklogs in the window, exactly
//!   (JQL search is eventually consistent, the per-issue read is not).
//! - Changes: the ids of worklogs updated and deleted on the site since Jira's mark (anyone's:
//!   Jira has no filter by author), then the updated ones by id, of which the person's are kept.
//!   Those name their issue by id: keys come from what earlier reads met, else one lookup each.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use stint_domain::{EntryId, IssueKey, Note};
use stint_jira::{Jira, JiraError, Worklog};
use stint_store::{JiraWorklog, RemoteWorklog, SiteId, StoreError, TheirValues};

use crate::engine::{with_store, Shared, Stop};
use crate::policy::Failure;
use crate::readback::{deletions, read_kind, reconcile, Found, Held, Outcome, Read, ReadKind, Values};

/// What a read-back did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pulled {
    /// A whole read of the window (else a look at what changed since the last read).
    pub whole: bool,
    /// Issues read, and requests made to Jira.
    pub issues: usize,
    pub requests: usize,
    /// Entries that took an edit made in Jira.
    pub took_jira: usize,
    /// Entries changed here and in Jira, waiting for the person.
    pub conflicts: usize,
    /// Entries whose worklog was deleted in Jira (kept here, marked).
    pub deleted_in_jira: usize,
    /// Worklogs of the person's logged outside Stint, and by Stint on another machine, that this
    /// read found (a look at the changes counts only those that changed).
    pub elsewhere: usize,
    pub other_machines: usize,
    /// Entries linked to the worklog their uid was found on.
    pub linked: usize,
    /// Why it stopped before the end (nothing was written then).
    pub stopped: Option<Stop>,
}

/// How far back a whole read sets the mark for the next look at the changes: Jira's clock and
/// this machine's may differ by a few minutes, and a change seen twice costs nothing.
const MARK_MARGIN: Duration = Duration::minutes(10);

/// At most this many pages (1000 ids each) of changes are looked through; past it, a whole read
/// costs less.
const MAX_CHANGE_PAGES: usize = 10;

/// Reads back the person's worklogs that started from `from` to before `to`: only what changed
/// since the last read when that is enough, else (or when `whole`) the whole window.
pub async fn pull(
    jira: std::sync::Arc<Jira>,
    site: SiteId,
    store: Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    whole: bool,
) -> Result<Pulled, StoreError> {
    let last = with_store(&store, move |s| s.read(|tx| tx.read_back_state(site))).await?;
    let mut pulled = Pulled::default();
    let window = Window { site, from, to, now };
    let read = match read_kind(&last, from, now, whole) {
        ReadKind::Changes { since } => match read_changes(&jira, site, &store, since, &mut pulled).await? {
            Ok(Some(changes)) => Ok(Reading::Changes(changes)),
            Ok(None) => read_whole(&jira, site, &store, from, to, &mut pulled).await?.map(Reading::Whole),
            Err(e) => Err(e),
        },
        ReadKind::Whole => read_whole(&jira, site, &store, from, to, &mut pulled).await?.map(Reading::Whole),
    };
    let read = match read {
        Ok(read) => read,
        Err(error) => {
            let stop = read_stop(&error, now);
            tracing::info!(code = stop.code, requests = pulled.requests, "read-back stopped; nothing changed");
            pulled.stopped = Some(stop);
            return Ok(pulled);
        }
    };
    let me = jira.session().connection().account_id.clone();
    let counted = with_store(&store, move |s| s.write(|tx| write(tx, &read, &me, &window))).await?;
    Ok(Pulled { issues: pulled.issues, requests: pulled.requests, ..counted })
}

/// Why a read stopped, and what to do: when Jira asked to wait longer than a read sits through
/// (its hourly quota, a long `Retry-After`), from when to try again, as a sync says it.
pub(crate) fn read_stop(error: &JiraError, now: DateTime<Utc>) -> Stop {
    match (error.pause(), error.retry_after()) {
        (Some(_), Some(wait)) => {
            let at = now + Duration::from_std(wait).unwrap_or(Duration::hours(1));
            let minutes = wait.as_secs().div_ceil(60);
            Stop {
                code: "jira.wait",
                message: format!(
                    "Jira asked Stint to wait {minutes} min before reading more ({error}); nothing here changed"
                ),
                remedy: Some(stint_domain::Remedy::SyncAgainFrom { at: at.fixed_offset() }),
            }
        }
        _ => {
            let code = if error.is_connection_problem() { "jira.unreachable" } else { "jira.problem" };
            Stop::from_error(code, error)
        }
    }
}

/// The window read, and the time of the read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) site: SiteId,
    pub(crate) from: DateTime<Utc>,
    pub(crate) to: DateTime<Utc>,
    pub(crate) now: DateTime<Utc>,
}

/// What a read found, ready to be decided on and written.
pub(crate) enum Reading {
    Whole(Whole),
    Changes(Changes),
}

/// A whole read: the entries held for the window, the issues read whole, the worklogs on them,
/// and the issues' ids.
pub(crate) struct Whole {
    pub(crate) held: Vec<Held>,
    pub(crate) issues: BTreeSet<IssueKey>,
    pub(crate) found: Vec<Found>,
    pub(crate) keys: Vec<(String, IssueKey)>,
}

/// A look at the changes: the entries they touch, the person's changed worklogs (and the ids of
/// every other changed one), the deleted ids, the new mark, and issues met for the first time.
pub(crate) struct Changes {
    held: Vec<Held>,
    found: Vec<Found>,
    others: Vec<String>,
    deleted: BTreeSet<String>,
    next_since: i64,
    keys: Vec<(String, IssueKey)>,
}

/// How many times a read is sent when Jira asks to wait (a rate limit, a 503 with
/// `Retry-After`), and the longest wait it sits through; past either, the read stops (and
/// changes nothing).
const READ_TRIES: u32 = 6;
const LONGEST_READ_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Sends a read, and again after the wait the service asks for when it is rate-limited or
/// briefly down (Data Center's per-user bucket answers 429 every few requests on a busy read;
/// Tempo allows about 5 requests a second).
pub(crate) async fn patiently<T, E: Failure, F: std::future::Future<Output = Result<T, E>>>(
    pulled: &mut Pulled,
    mut read: impl FnMut() -> F,
) -> Result<T, E> {
    let mut tries = 0;
    loop {
        pulled.requests += 1;
        tries += 1;
        match read().await {
            Err(e) if tries < READ_TRIES && e.pause().is_some() => {
                let first = std::time::Duration::from_secs(1);
                let wait = e.wait(tries).unwrap_or_else(|| crate::policy::backoff(first, tries, 0.5));
                if wait > LONGEST_READ_WAIT {
                    return Err(e);
                }
                tracing::debug!(code = e.code(), wait_ms = wait.as_millis() as u64, "read-back waits");
                tokio::time::sleep(wait).await;
            }
            done => return done,
        }
    }
}

/// Names issues by Jira's ids: from what earlier reads met, else by asking Jira once per id
/// (a worklog read by id, or Tempo's, names its issue only by that).
pub(crate) struct IssueNames {
    known: HashMap<String, IssueKey>,
    /// Ids asked of Jira in this read, and its answer (`None`: it will not name that issue).
    asked: Vec<(String, Option<IssueKey>)>,
}

impl IssueNames {
    pub(crate) fn new(known: HashMap<String, IssueKey>) -> IssueNames {
        IssueNames { known, asked: Vec::new() }
    }

    /// The key of the issue with id `issue_id`; `None` when it has no id, Jira will not name it
    /// (deleted since, or out of the person's sight), or there is no Jira to ask.
    pub(crate) async fn key_of(
        &mut self,
        jira: Option<&Jira>,
        issue_id: &str,
        pulled: &mut Pulled,
    ) -> Result<Option<IssueKey>, JiraError> {
        if let Some(key) = self.known.get(issue_id) {
            return Ok(Some(key.clone()));
        }
        if let Some((_, answer)) = self.asked.iter().find(|(id, _)| id == issue_id) {
            return Ok(answer.clone());
        }
        let Some(jira) = jira.filter(|_| !issue_id.is_empty()) else { return Ok(None) };
        let answer = patiently(pulled, || jira.issue_key(issue_id)).await?;
        self.asked.push((issue_id.to_string(), answer.clone()));
        Ok(answer)
    }

    /// The ids Jira named in this read, to keep.
    pub(crate) fn learned(self) -> Vec<(String, IssueKey)> {
        self.asked.into_iter().filter_map(|(id, key)| key.map(|k| (id, k))).collect()
    }
}

/// Reads the window whole: the issues to read, then their worklogs in the window.
async fn read_whole(
    jira: &Jira,
    site: SiteId,
    store: &Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    pulled: &mut Pulled,
) -> Result<Result<Whole, JiraError>, StoreError> {
    pulled.whole = true;
    let held: Vec<Held> = with_store(store, move |s| s.read(|tx| tx.linked_between(site, from, to))).await?;
    let mut issues: BTreeSet<IssueKey> =
        held.iter().filter(|h| h.worklog_id.is_some()).map(|h| h.issue.clone()).collect();
    let mut keys = Vec::new();
    let days = (from.date_naive() - Duration::days(1), to.date_naive() + Duration::days(1));
    match patiently(pulled, || jira.issues_with_my_worklogs(days.0, days.1)).await {
        Ok(found) => {
            issues.extend(found.iter().map(|(_, key)| key.clone()));
            keys.extend(found);
        }
        Err(e) => {
            pulled.issues = issues.len();
            return Ok(Err(e));
        }
    }
    pulled.issues = issues.len();
    let mut found = Vec::new();
    for issue in &issues {
        let (after, before) = (from.timestamp_millis(), to.timestamp_millis());
        match patiently(pulled, || jira.worklogs_between(issue, after, before)).await {
            Ok(worklogs) => {
                if let Some(id) = worklogs.iter().find_map(|w| w.issue_id.clone()) {
                    keys.push((id, issue.clone()));
                }
                found.extend(worklogs.into_iter().map(|worklog| Found { issue: issue.clone(), worklog }));
            }
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(Whole { held, issues, found, keys }))
}

/// Every id on the pages of `worklog/updated` (or `deleted`) after `since`, and the mark after
/// the last; `None` past `MAX_CHANGE_PAGES`.
async fn changed_ids(
    jira: &Jira,
    since: i64,
    deleted: bool,
    pulled: &mut Pulled,
) -> Result<Option<(Vec<String>, i64)>, JiraError> {
    let (mut ids, mut mark) = (Vec::new(), since);
    for _ in 0..MAX_CHANGE_PAGES {
        let page = patiently(pulled, || jira.worklogs_changed_since(mark, deleted)).await?;
        ids.extend(page.ids);
        mark = page.until.max(mark);
        if page.last_page {
            return Ok(Some((ids, mark)));
        }
    }
    Ok(None)
}

/// Looks at what changed since `since`; `Ok(None)` when so much changed that a whole read costs
/// less.
async fn read_changes(
    jira: &Jira,
    site: SiteId,
    store: &Shared,
    since: i64,
    pulled: &mut Pulled,
) -> Result<Result<Option<Changes>, JiraError>, StoreError> {
    let inner = async {
        let Some((updated, until_updated)) = changed_ids(jira, since, false, pulled).await? else { return Ok(None) };
        let Some((deleted, until_deleted)) = changed_ids(jira, since, true, pulled).await? else { return Ok(None) };
        let mut worklogs: Vec<Worklog> = Vec::new();
        for chunk in updated.chunks(1000) {
            worklogs.extend(patiently(pulled, || jira.worklogs_by_id(chunk)).await?);
        }
        // Both lists were read to their last page: each holds every change up to the later mark.
        Ok(Some((worklogs, deleted, until_updated.max(until_deleted))))
    };
    let (worklogs, deleted, next_since) = match inner.await {
        Ok(Some(found)) => found,
        Ok(None) => return Ok(Ok(None)),
        Err(e) => return Ok(Err(e)),
    };
    let me = jira.session().connection().account_id.clone();
    let deleted: BTreeSet<String> = deleted.into_iter().collect();
    let (mine, others): (Vec<Worklog>, Vec<Worklog>) =
        worklogs.into_iter().partition(|w| w.author.as_deref() == Some(me.as_str()));
    let ids: Vec<String> = mine.iter().chain(&others).map(|w| w.id.clone()).chain(deleted.iter().cloned()).collect();
    let uids: Vec<String> = mine.iter().filter_map(|w| w.uid.clone()).collect();
    let (held, known) =
        with_store(store, move |s| s.read(|tx| Ok((tx.linked_to(site, &ids, &uids)?, tx.issue_keys(site)?)))).await?;
    let held_issue: HashMap<&str, &IssueKey> =
        held.iter().filter_map(|h| h.worklog_id.as_deref().map(|id| (id, &h.issue))).collect();
    let mut names = IssueNames::new(known);
    let mut found = Vec::new();
    // A worklog now someone else's that was an entry's still goes to `reconcile` (it says so).
    let relevant = mine.into_iter().chain(others.iter().filter(|w| held_issue.contains_key(w.id.as_str())).cloned());
    for worklog in relevant {
        let issue = match held_issue.get(worklog.id.as_str()) {
            Some(key) => Some((*key).clone()),
            None => match names.key_of(Some(jira), worklog.issue_id.as_deref().unwrap_or_default(), pulled).await {
                Ok(key) => key,
                Err(e) => return Ok(Err(e)),
            },
        };
        // An issue Jira will not name (deleted since, or out of the person's sight) is skipped.
        if let Some(issue) = issue {
            found.push(Found { issue, worklog });
        }
    }
    let keys = names.learned();
    let others = others.into_iter().map(|w| w.id).collect();
    Ok(Ok(Some(Changes { held, found, others, deleted, next_since, keys })))
}

/// Jira's values as an entry can hold them; `None` when its comment cannot be a note (over
/// 10,000 characters, or holding control characters): taking it would lose the comment or the
/// note, so such an edit is left for the person in Jira, and the entry stays as it is.
pub(crate) fn their_values(v: &Values) -> Option<TheirValues> {
    let note = match v.note.as_deref() {
        Some(text) => Note::parse(text).ok()?,
        None => None,
    };
    Some(TheirValues { started: v.started, seconds: v.seconds, note, updated: v.updated.clone() })
}

/// Decides and writes what a read found: one transaction.
pub(crate) fn write(tx: &stint_store::Tx<'_>, read: &Reading, me: &str, w: &Window) -> Result<Pulled, StoreError> {
    let site = w.site;
    let no_issues = BTreeSet::new();
    let (held, found, issues, keys) = match read {
        Reading::Whole(r) => (&r.held, &r.found, &r.issues, &r.keys),
        Reading::Changes(r) => (&r.held, &r.found, &no_issues, &r.keys),
    };
    let mut outcomes = reconcile(held, found, &Read { issues, from: w.from, to: w.to, me });
    if let Reading::Changes(r) = read {
        outcomes.extend(deletions(held, &r.deleted));
    }
    let issue_of: HashMap<EntryId, IssueKey> = held.iter().map(|h| (h.id, h.issue.clone())).collect();
    let (mut pulled, kept) = apply(tx, &outcomes, &issue_of, w)?;
    for (id, key) in keys {
        tx.keep_issue_key(site, id, key, w.now)?;
    }
    let mut state = tx.read_back_state(site)?;
    match read {
        Reading::Whole(_) => {
            tx.replace_jira_worklogs(site, w.to, &kept, w.now)?;
            state.window_from = Some(w.from);
            state.full_read_at = Some(w.now);
            state.changes_since = Some((w.now - MARK_MARGIN).timestamp_millis());
        }
        Reading::Changes(r) => {
            // Every changed or deleted worklog that is not (or no longer) the person's time
            // logged elsewhere in the window leaves; the rest is kept as it now is.
            let kept_ids: BTreeSet<&str> = kept.iter().map(|k| k.worklog_id.as_str()).collect();
            let gone = r.found.iter().map(|f| &f.worklog.id).chain(&r.others).chain(&r.deleted);
            for id in gone.filter(|id| !kept_ids.contains(id.as_str())) {
                tx.forget_jira_worklog(site, id)?;
            }
            for k in &kept {
                tx.keep_jira_worklog(site, k, w.now)?;
            }
            tx.forget_jira_worklogs_before(site, w.from)?;
            state.changes_since = Some(r.next_since.max(state.changes_since.unwrap_or(i64::MIN)));
        }
    }
    pulled.whole = matches!(read, Reading::Whole(_));
    state.read_at = Some(w.now);
    tx.set_read_back_state(site, &state)?;
    Ok(pulled)
}

/// Writes the outcomes; what they came to, and the person's worklogs logged elsewhere to keep.
fn apply(
    tx: &stint_store::Tx<'_>,
    outcomes: &[Outcome],
    issue_of: &HashMap<EntryId, IssueKey>,
    w: &Window,
) -> Result<(Pulled, Vec<JiraWorklog>), StoreError> {
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
                if tx.take_jira_values(*entry, &values, w.now)? {
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
                let wl = &found.worklog;
                let (Some(started), Some(seconds)) = (wl.started, wl.seconds.filter(|s| *s > 0)) else { continue };
                if !(w.from..w.to).contains(&started.to_utc()) {
                    continue;
                }
                if matches!(outcome, Outcome::OtherMachine(_)) {
                    pulled.other_machines += 1;
                } else {
                    pulled.elsewhere += 1;
                }
                kept.push(JiraWorklog {
                    worklog_id: wl.id.clone(),
                    issue: found.issue.clone(),
                    started,
                    seconds,
                    stint_uid: wl.uid.clone(),
                    updated: wl.updated.clone(),
                });
            }
            Outcome::DeletedInJira { entry } => {
                tx.mark_deleted_in_jira(*entry)?;
                pulled.deleted_in_jira += 1;
            }
            Outcome::DeletionDone { entry } => tx.record_gone_from_jira(*entry)?,
        }
    }
    Ok((pulled, kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn a_read_held_off_by_jira_says_from_when_to_try_again() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 10, 20, 30).unwrap();
        let quota = JiraError::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(2370)),
            reason: stint_jira::RateLimitReason::Quota,
        };
        let stop = read_stop(&quota, now);
        assert_eq!(stop.code, "jira.wait");
        assert!(
            stop.message.contains("wait 40 min") && stop.message.contains("nothing here changed"),
            "{}",
            stop.message
        );
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 11, 0, 0).unwrap().fixed_offset();
        assert_eq!(stop.remedy, Some(stint_domain::Remedy::SyncAgainFrom { at }));
        let down = JiraError::Unreachable { host: "acme.atlassian.net".into(), detail: "refused".into() };
        assert_eq!((read_stop(&down, now).code, read_stop(&down, now).remedy), ("jira.unreachable", None));
        let refused = JiraError::Refused { status: 400, message: "bad JQL".into() };
        assert_eq!(read_stop(&refused, now).code, "jira.problem");
    }

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

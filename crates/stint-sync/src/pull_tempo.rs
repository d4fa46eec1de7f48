//! A read-back through Tempo, for a site whose worklogs go to Tempo: Jira's own API attributes
//! Tempo's worklogs to Tempo's app user, so the person's time is read where it lives.
//!
//! Tempo lists a person's worklogs directly (`GET /4/worklogs/user/{accountId}`, by date), so
//! every read is whole: one request per 1000 of the person's worklogs in the window, on every
//! issue at once. A worklog absent from it is gone (Tempo lists deletions only on its paper
//! trail, which a whole read does not need). What the worklogs mean is decided by the same
//! `reconcile` as Jira's and written by the same transaction: Tempo's worklogs are given to it
//! as Jira's shape (Tempo's id, its `updatedAt`, the uid from the site's uid attribute), with
//! the local date and time Tempo keeps placed in the person's zone.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Utc};
use stint_domain::IssueKey;
use stint_jira::Jira;
use stint_store::{SiteId, StoreError};
use stint_tempo::{Tempo, TempoError};

use crate::engine::{with_store, Shared, Stop};
use crate::policy::Failure;
use crate::pull::{patiently, read_stop, write, IssueNames, Pulled, Reading, Whole, Window};
use crate::readback::Found;

/// Where the person is: the offset of their zone at a local date and time.
pub type OffsetAt = dyn Fn(NaiveDateTime) -> FixedOffset + Send + Sync;

/// Whose Tempo worklogs are read, and how to place them.
pub struct TempoReader<'a> {
    pub tempo: Arc<Tempo>,
    /// The store's id of the site whose worklogs Tempo holds.
    pub site: SiteId,
    /// The site's Jira, to name an issue Stint has not met (Tempo knows issues by id only).
    pub jira: Option<Arc<Jira>>,
    /// The person's account id.
    pub me: String,
    /// The key of the site's "Stint entry" attribute, if it has one.
    pub uid_attribute: Option<String>,
    pub offset_at: &'a OffsetAt,
}

impl std::fmt::Debug for TempoReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The zone is a function; what it says is not the reader's to show.
        f.debug_struct("TempoReader").field("me", &self.me).field("uid_attribute", &self.uid_attribute).finish()
    }
}

/// Reads back the person's Tempo worklogs that started from `from` to before `to`. Issues are
/// named by the ids Stint already keeps (from sending to them, or from earlier reads), else by
/// asking the site's Jira, once per issue; a worklog on an issue Jira will not name (deleted, or
/// out of the person's sight), or with no Jira to ask, is left out.
pub async fn pull_tempo(
    reader: &TempoReader<'_>,
    store: Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Pulled, StoreError> {
    let TempoReader { tempo, site, jira, me, uid_attribute, offset_at } = reader;
    let site = *site;
    let me = me.clone();
    let mut pulled = Pulled { whole: true, ..Pulled::default() };
    // Tempo's dates are the person's: a day each side covers any zone.
    let (first, last) = (from.date_naive() - Duration::days(1), to.date_naive() + Duration::days(1));
    let worklogs = match patiently(&mut pulled, || tempo.worklogs_of(&me, first, last, None)).await {
        Ok(worklogs) => worklogs,
        Err(e) => return Ok(stopped(pulled, tempo_stop(&e))),
    };
    let (held, keys) =
        with_store(&store, move |s| s.read(|tx| Ok((tx.linked_between(site, from, to)?, tx.issue_keys(site)?))))
            .await?;
    let mut issues: BTreeSet<IssueKey> = held.iter().map(|h| h.issue.clone()).collect();
    let mut names = IssueNames::new(keys);
    let mut found = Vec::new();
    for w in worklogs {
        let issue = match names.key_of(jira.as_deref(), &w.issue_id.to_string(), &mut pulled).await {
            Ok(Some(issue)) => issue,
            Ok(None) => continue,
            Err(e) => return Ok(stopped(pulled, read_stop(&e, now))),
        };
        issues.insert(issue.clone());
        found.push(Found { issue, worklog: as_jira(&w, uid_attribute.as_deref(), *offset_at) });
    }
    pulled.issues = issues.len();
    let reading = Reading::Whole(Whole { held, issues, found, keys: names.learned() });
    let window = Window { site, from, to, now };
    let counted = with_store(&store, move |s| s.write(|tx| write(tx, &reading, &me, &window))).await?;
    Ok(Pulled { issues: pulled.issues, requests: pulled.requests, ..counted })
}

/// A Tempo worklog in the shape the read-back decides on.
fn as_jira(w: &stint_tempo::Worklog, uid_attribute: Option<&str>, offset_at: &OffsetAt) -> stint_jira::Worklog {
    let offset = offset_at(w.start);
    stint_jira::Worklog {
        id: w.id.to_string(),
        issue_id: Some(w.issue_id.to_string()),
        author: Some(w.author.clone()),
        updated: Some(w.updated_at.clone()),
        started: w.start.and_local_timezone(offset).single(),
        seconds: Some(w.seconds),
        comment: Some(w.description.clone()),
        uid: uid_attribute.and_then(|key| w.attribute(key)).filter(|uid| !uid.is_empty()).map(str::to_string),
    }
}

/// A read that stopped: nothing was written.
fn stopped(mut pulled: Pulled, stop: Stop) -> Pulled {
    tracing::info!(code = stop.code, requests = pulled.requests, "Tempo read-back stopped; nothing changed");
    pulled.stopped = Some(stop);
    pulled
}

/// Why a read of Tempo stopped, and what to do.
fn tempo_stop(error: &TempoError) -> Stop {
    let code = match error {
        e if e.is_connection_problem() => "tempo.unreachable",
        TempoError::BadToken | TempoError::MissingScope => "tempo.needs_sign_in",
        e if e.rate_limited() => "tempo.wait",
        _ => "tempo.problem",
    };
    Stop::from_error(code, error)
}

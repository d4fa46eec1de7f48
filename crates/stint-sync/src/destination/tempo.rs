//! Tempo as the destination: each entry one Tempo worklog, created with the issue's numeric id,
//! the person's account, the entry's local start, its length, its note and the site's required
//! work attributes. Why it cannot duplicate is argued at the top of `crate::tempo`; here it is
//! carried out: a lost create is looked for (by the uid attribute, else by an exact twin made
//! after the mark and held by no other entry), one look at a time, and each worklog found or made
//! is held at once so no second entry adopts it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use stint_domain::IssueKey;
use stint_store::{OutboxEntry, RemoteWorklog, SiteId, StoreError, Tx};
use stint_tempo::{Deleted, Tempo, TempoError, Worklog};

use super::{Action, Answer, Code, Destination, Kept};
use crate::readback::Values;
use crate::tempo::{find_own_in_tempo, whose_in_tempo, TempoEntry, Unfilled};

/// What Tempo needs about an issue before anything is sent to it.
#[derive(Debug, Clone)]
pub struct TempoIssue {
    /// Jira's numeric id of the issue (Tempo knows issues only by it).
    pub id: i64,
    /// The values of the site's required work attributes, or the first that cannot be filled.
    pub attributes: Result<Vec<(String, String)>, Unfilled>,
}

/// Dates Tempo will not take worklogs on: a period whose timesheet is approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPeriod {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// A person's Tempo worklogs, through the Tempo client.
#[derive(Debug)]
pub struct TempoWorklogs {
    tempo: Arc<Tempo>,
    site: SiteId,
    me: String,
    place: String,
    uid_attribute: Option<String>,
    issues: HashMap<IssueKey, TempoIssue>,
    /// Periods whose timesheet is approved: an entry there is kept back before it is sent.
    locked: Vec<LockedPeriod>,
    /// Tempo worklog ids other entries hold: those the store knew at the start of the run, and
    /// each one this run made or found.
    held: Mutex<HashSet<i64>>,
    /// Lost creates are looked for one at a time, so two identical entries lost together adopt
    /// two worklogs, never one twice.
    looking: tokio::sync::Mutex<()>,
}

impl TempoWorklogs {
    /// `site`: the store's id of the site whose worklogs go to Tempo; `me`: the person's
    /// Atlassian account id; `place`: the site as a person knows it;
    /// `uid_attribute`: the key of the site's "Stint entry" attribute, if it has one; `held`:
    /// the Tempo worklog ids the store's entries hold.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        tempo: Arc<Tempo>,
        site: SiteId,
        me: String,
        place: String,
        uid_attribute: Option<String>,
        issues: HashMap<IssueKey, TempoIssue>,
        held: HashSet<i64>,
    ) -> TempoWorklogs {
        TempoWorklogs {
            tempo,
            site,
            me,
            place,
            uid_attribute,
            issues,
            locked: Vec::new(),
            held: Mutex::new(held),
            looking: tokio::sync::Mutex::new(()),
        }
    }

    /// The same, keeping back entries that start in `locked` (approved timesheets).
    pub fn with_locked(mut self, locked: Vec<LockedPeriod>) -> TempoWorklogs {
        self.locked = locked;
        self
    }

    fn hold(&self, id: i64) {
        self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id);
    }

    fn issue_id(&self, issue: &IssueKey) -> Result<i64, TempoError> {
        self.issues.get(issue).map(|i| i.id).ok_or_else(|| {
            // The app resolves every issue the queue names before a run; one it could not is kept
            // back by `kept_back`, so this is a bug, reported rather than guessed around.
            TempoError::Config(format!("Stint does not know Jira's id for {issue}"))
        })
    }

    /// The fields a create or a replacement sends.
    fn fields(&self, entry: &OutboxEntry, issue: &IssueKey) -> Result<stint_tempo::WorklogFields, TempoError> {
        let known = self.issues.get(issue).ok_or_else(|| TempoError::Config(format!("no id for {issue}")))?;
        let attributes = known.attributes.clone().map_err(|u| TempoError::Config(u.why))?;
        let note = note_of(entry);
        let tempo_entry = as_tempo(entry, known.id, &note);
        Ok(tempo_entry.fields(&self.me, attributes, self.uid_attribute.as_deref()))
    }

    async fn read_own(&self, entry: &OutboxEntry, worklog_id: &str) -> Result<Result<Worklog, Answer>, TempoError> {
        let Ok(id) = worklog_id.parse::<i64>() else {
            return Ok(Err(Answer::Gone));
        };
        match self.tempo.get(id).await? {
            None => Ok(Err(Answer::Gone)),
            Some(w) => match whose_in_tempo(&w, &entry.uid, &self.me, self.uid_attribute.as_deref()) {
                Some(why) => Ok(Err(Answer::NotOurs(why))),
                None => Ok(Ok(w)),
            },
        }
    }
}

fn note_of(entry: &OutboxEntry) -> String {
    entry.note.as_ref().map(|n| n.expose().to_string()).unwrap_or_default()
}

fn as_tempo<'a>(entry: &'a OutboxEntry, issue_id: i64, note: &'a str) -> TempoEntry<'a> {
    TempoEntry { uid: &entry.uid, issue_id, start: entry.started.naive_local(), seconds: entry.seconds, note }
}

fn remote(w: &Worklog) -> RemoteWorklog {
    RemoteWorklog { id: w.id.to_string(), author: Some(w.author.clone()), updated: Some(w.updated_at.clone()) }
}

/// Whether Tempo's copy was changed there since Stint last wrote or read it, to values other
/// than the entry's.
fn changed_in_tempo(w: &Worklog, entry: &OutboxEntry) -> bool {
    match entry.remote_updated.as_deref() {
        Some(known) if known != w.updated_at => {
            !(w.start == entry.started.naive_local() && w.seconds == entry.seconds && w.description == note_of(entry))
        }
        _ => false,
    }
}

impl Destination for TempoWorklogs {
    type Error = TempoError;

    fn service(&self) -> &'static str {
        "Tempo"
    }

    fn site(&self) -> SiteId {
        self.site
    }

    fn place(&self) -> String {
        self.place.clone()
    }

    fn code(&self, code: Code) -> &'static str {
        match code {
            Code::NeedsSignIn => "tempo.needs_sign_in",
            Code::Problem => "tempo.problem",
            Code::Unreachable => "tempo.unreachable",
            Code::Wait => "tempo.wait",
            Code::NotYours => "tempo.not_yours",
            Code::ChangedThere => "tempo.changed_in_tempo",
            Code::WorklogGone => "tempo.worklog_gone",
        }
    }

    fn kept_back(&self, entry: &OutboxEntry, action: &Action) -> Option<Kept> {
        let issue = action.issue();
        let day = entry.started.date_naive();
        if let Some(p) = self.locked.iter().find(|p| p.from <= day && day <= p.to) {
            return Some(Kept {
                code: "tempo.period_closed",
                message: format!(
                    "your Tempo timesheet for {} to {} is approved, and Tempo refuses changes to it: ask your approver to reopen it, or move the entry to an open period",
                    p.from, p.to
                ),
            });
        }
        match self.issues.get(issue) {
            None => Some(Kept {
                code: "tempo.issue_unknown",
                message: format!("Stint could not learn Jira's id for {issue}, which Tempo needs: check that the issue exists and you can see it"),
            }),
            Some(TempoIssue { attributes: Err(unfilled), .. }) => Some(Kept {
                // The Account has its own remedy (choose an account); the others, a value.
                code: if unfilled.account { "tempo.attribute_missing" } else { "tempo.value_missing" },
                message: format!("Tempo requires {} on every worklog, and Stint cannot fill it for {issue}: {}", unfilled.attribute, unfilled.why),
            }),
            Some(_) => None,
        }
    }

    async fn perform(&self, entry: &OutboxEntry, action: &Action) -> Result<Answer, TempoError> {
        match action {
            Action::Create { issue } => {
                let w = self.tempo.create(&self.fields(entry, issue)?).await?;
                self.hold(w.id);
                Ok(Answer::Written(remote(&w)))
            }
            Action::Update { issue, worklog_id } => match self.read_own(entry, worklog_id).await? {
                Err(answer) => Ok(answer),
                Ok(w) if changed_in_tempo(&w, entry) => {
                    let values = Values {
                        started: w.start.and_local_timezone(*entry.started.offset()).single().unwrap_or(entry.started),
                        seconds: w.seconds,
                        note: Some(w.description.clone()).filter(|d| !d.trim().is_empty()),
                        updated: Some(w.updated_at.clone()),
                    };
                    Ok(Answer::ChangedThere(crate::pull::their_values(&values)))
                }
                Ok(w) => {
                    let written = self.tempo.replace(w.id, &self.fields(entry, issue)?).await?;
                    Ok(Answer::Written(remote(&written)))
                }
            },
            Action::Delete { worklog_id, .. } => match self.read_own(entry, worklog_id).await? {
                Err(Answer::Gone) => Ok(Answer::Deleted),
                Err(answer) => Ok(answer),
                Ok(w) => match self.tempo.delete(w.id).await? {
                    Deleted::Now | Deleted::AlreadyGone => Ok(Answer::Deleted),
                },
            },
            Action::Resolve { issue } => {
                let issue_id = self.issue_id(issue)?;
                let Some(sent_at) = entry.push.map(|p| p.at) else { return Ok(Answer::NotFound) };
                let _one_look = self.looking.lock().await;
                let day = entry.started.date_naive();
                let found = self.tempo.search(&self.me, &[issue_id], day, day).await?;
                let note = note_of(entry);
                let held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
                let own = find_own_in_tempo(
                    &found,
                    &as_tempo(entry, issue_id, &note),
                    sent_at,
                    &self.me,
                    self.uid_attribute.as_deref(),
                    &held,
                );
                match own {
                    Some(w) => {
                        self.hold(w.id);
                        Ok(Answer::Written(remote(w)))
                    }
                    None => Ok(Answer::NotFound),
                }
            }
        }
    }

    fn record_needs_sign_in(&self, tx: &Tx<'_>) -> Result<(), StoreError> {
        // The queue waits for a new Tempo token; Jira's sign-in is not touched.
        tx.hold_queue_for_sign_in(self.site).map(|_| ())
    }
}

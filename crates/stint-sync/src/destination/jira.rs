//! Jira's own worklogs as the destination: a create carries the entry's uid as a worklog
//! property; a lost create is found by that uid (or, failing it, by an exact match of the
//! signed-in account's own worklog); an update or a delete touches only a worklog that is the
//! entry's own and was not changed in Jira since.

use std::sync::Arc;

use stint_jira::{AdjustEstimate, Deleted, Jira, JiraError, NewWorklog, Worklog};
use stint_store::{OutboxEntry, RemoteWorklog, SiteId, StoreError, Tx};

use super::{Action, Answer, Code, Destination};

/// Jira's worklogs, through the signed-in client, as the signed-in account.
#[derive(Debug)]
pub struct JiraWorklogs {
    jira: Arc<Jira>,
    site: SiteId,
    me: String,
    adjust: AdjustEstimate,
}

impl JiraWorklogs {
    /// `site`: the store's id of the site `jira` is signed in to.
    pub fn new(jira: Arc<Jira>, site: SiteId, adjust: AdjustEstimate) -> JiraWorklogs {
        let me = jira.session().connection().account_id.clone();
        JiraWorklogs { jira, site, me, adjust }
    }
}

impl Destination for JiraWorklogs {
    type Error = JiraError;

    fn service(&self) -> &'static str {
        "Jira"
    }

    fn site(&self) -> SiteId {
        self.site
    }

    fn place(&self) -> String {
        self.jira.session().connection().site.host_str().unwrap_or("Jira").to_string()
    }

    fn code(&self, code: Code) -> &'static str {
        match code {
            Code::NeedsSignIn => "jira.needs_sign_in",
            Code::Problem => "jira.problem",
            Code::Unreachable => "jira.unreachable",
            Code::Wait => "jira.wait",
            Code::NotYours => "jira.not_yours",
            Code::ChangedThere => "jira.changed_in_jira",
            Code::WorklogGone => "jira.worklog_gone",
        }
    }

    async fn perform(&self, entry: &OutboxEntry, action: &Action) -> Result<Answer, JiraError> {
        let (jira, me, adjust) = (&self.jira, self.me.as_str(), self.adjust);
        match action {
            Action::Create { issue } => {
                jira.add_worklog(issue, &worklog_of(entry), adjust).await.map(|w| Answer::Written(remote(&w)))
            }
            // Stint changes or deletes only its own worklogs: each is read first, and must carry the
            // entry's uid and have the signed-in account as its author.
            Action::Update { issue, worklog_id } => match jira.worklog(issue, worklog_id).await? {
                None => Ok(Answer::Gone),
                Some(w) => match whose(&w, entry, me) {
                    Some(why) => Ok(Answer::NotOurs(why)),
                    None if changed_in_jira(&w, entry) => Ok(Answer::ChangedThere(crate::pull::their_values(
                        &crate::readback::values_of(&w, entry.started, entry.seconds),
                    ))),
                    None => jira
                        .update_worklog(issue, worklog_id, &worklog_of(entry), adjust)
                        .await
                        .map(|w| Answer::Written(remote(&w))),
                },
            },
            Action::Delete { issue, worklog_id } => match jira.worklog(issue, worklog_id).await? {
                None => Ok(Answer::Deleted),
                Some(w) => match whose(&w, entry, me) {
                    Some(why) => Ok(Answer::NotOurs(why)),
                    None => jira.delete_worklog(issue, worklog_id, adjust).await.map(|d| match d {
                        Deleted::Deleted | Deleted::AlreadyGone => Answer::Deleted,
                    }),
                },
            },
            Action::Resolve { issue } => {
                let found = jira.worklogs_near(issue, entry.started).await?;
                match find_own(&found, entry, me) {
                    Some(w) => {
                        if w.uid.is_none() {
                            // Found by its content: give it the uid now, so it is found by that next time.
                            if let Err(e) = jira.set_uid(issue, &w.id, &entry.uid).await {
                                tracing::warn!(code = e.code(), "the adopted worklog's uid could not be set");
                            }
                        }
                        Ok(Answer::Written(remote(w)))
                    }
                    None => Ok(Answer::NotFound),
                }
            }
        }
    }

    fn record_needs_sign_in(&self, tx: &Tx<'_>) -> Result<(), StoreError> {
        tx.mark_needs_sign_in(self.site).map(|_| ())
    }
}

fn remote(w: &Worklog) -> RemoteWorklog {
    RemoteWorklog { id: w.id.clone(), author: w.author.clone(), updated: w.updated.clone() }
}

/// What the entry becomes in a worklog.
fn worklog_of(entry: &OutboxEntry) -> NewWorklog {
    NewWorklog { started: entry.started, seconds: entry.seconds, comment: entry.note.clone(), uid: entry.uid.clone() }
}

/// Why `worklog` is not the entry's own, or `None` when it is: it carries the entry's uid, and
/// the signed-in account (`me`) is its author.
pub fn whose(worklog: &Worklog, entry: &OutboxEntry, me: &str) -> Option<&'static str> {
    if worklog.author.as_deref() != Some(me) {
        return Some("someone else logged it");
    }
    if worklog.uid.as_deref() != Some(entry.uid.as_str()) {
        return Some("it does not carry this entry's Stint id");
    }
    None
}

/// Whether `worklog` was changed in Jira since Stint last wrote or read it (its `updated` moved
/// on), with values other than those about to be written. A removal is not asked: removing
/// wins over an edit there, as in a read-back.
pub fn changed_in_jira(worklog: &Worklog, entry: &OutboxEntry) -> bool {
    let (Some(known), Some(now)) = (entry.remote_updated.as_deref(), worklog.updated.as_deref()) else {
        return false;
    };
    if known == now {
        return false;
    }
    let note = entry.note.as_ref().map(|n| n.expose().to_string());
    let same = worklog.started.is_some_and(|s| s.timestamp() == entry.started.timestamp())
        && worklog.seconds == Some(entry.seconds)
        && worklog.comment.clone().filter(|c| !c.trim().is_empty()) == note;
    !same
}

/// The entry's worklog among `found`: the one carrying its uid; failing that (Jira did not keep
/// the uid sent with the create, and the process stopped before setting it), one of the user's
/// own without a uid that matches it exactly (start, time, comment).
pub fn find_own<'w>(found: &'w [Worklog], entry: &OutboxEntry, me: &str) -> Option<&'w Worklog> {
    // Only the signed-in account's: an entry imported from someone else's export carries a uid
    // their worklog carries too.
    if let Some(w) =
        found.iter().find(|w| w.uid.as_deref() == Some(entry.uid.as_str()) && whose(w, entry, me).is_none())
    {
        return Some(w);
    }
    let note = entry.note.as_ref().map(|n| n.expose().to_string()).unwrap_or_default();
    found.iter().find(|w| {
        w.uid.is_none()
            && w.author.as_deref() == Some(me)
            && w.started.is_some_and(|s| s.timestamp() == entry.started.timestamp())
            && w.seconds == Some(entry.seconds)
            && w.comment.clone().unwrap_or_default() == note
    })
}

//! Where an entry's worklog goes. The engine speaks only to `Destination`, so the exactly-once
//! reasoning (mark before sending, look before sending again), the failure policy and what is
//! written back are written once, for every place worklogs can go: Jira's own worklogs
//! (`jira`) and Tempo's (`tempo`). A destination carries out one `Action` and says what came of it
//! in an `Answer`; it never writes to the store itself, except to record that it needs a new
//! sign-in.

use std::future::Future;

use stint_domain::IssueKey;
use stint_store::{OutboxEntry, RemoteWorklog, SiteId, StoreError, TheirValues, Tx};

use crate::limits::Method;
use crate::policy::{Failure, Request};

mod jira;
mod tempo;

pub use jira::{changed_in_jira, find_own, whose, JiraWorklogs};
pub use tempo::{LockedPeriod, TempoIssue, TempoWorklogs};

/// One request for one entry, as `plan` decided it.
#[derive(Debug, Clone)]
pub enum Action {
    Create {
        issue: IssueKey,
    },
    /// Look for a create whose answer was lost.
    Resolve {
        issue: IssueKey,
    },
    Update {
        issue: IssueKey,
        worklog_id: String,
    },
    Delete {
        issue: IssueKey,
        worklog_id: String,
    },
}

impl Action {
    pub fn issue(&self) -> &IssueKey {
        match self {
            Action::Create { issue }
            | Action::Resolve { issue }
            | Action::Update { issue, .. }
            | Action::Delete { issue, .. } => issue,
        }
    }

    pub(crate) fn method(&self) -> Method {
        match self {
            Action::Create { .. } => Method::Post,
            Action::Resolve { .. } => Method::Get,
            Action::Update { .. } => Method::Put,
            Action::Delete { .. } => Method::Delete,
        }
    }

    pub(crate) fn request(&self) -> Request {
        match self {
            Action::Create { .. } => Request::Create,
            Action::Resolve { .. } => Request::Resolve,
            Action::Update { .. } => Request::Update,
            Action::Delete { .. } => Request::Delete,
        }
    }

    /// The word the audit trail and the refusals use.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Action::Create { .. } => "create",
            Action::Resolve { .. } => "adopt",
            Action::Update { .. } => "update",
            Action::Delete { .. } => "delete",
        }
    }

    pub(crate) fn writes(&self) -> bool {
        !matches!(self, Action::Resolve { .. })
    }
}

/// What came of an action that the destination answered.
#[derive(Debug)]
pub enum Answer {
    /// The entry's worklog as the destination now holds it (created, changed, or found).
    Written(RemoteWorklog),
    /// A lost create was looked for and is not there: it may be sent again.
    NotFound,
    /// The worklog is deleted (or was already gone).
    Deleted,
    /// The worklog to change is there, but not this entry's: Stint leaves it alone.
    NotOurs(&'static str),
    /// The worklog to change is no longer there.
    Gone,
    /// The worklog to change was changed there since Stint last wrote or read it: it is not
    /// written over. Its values, for the person to settle; `None` when they cannot be an
    /// entry's (a comment that cannot be a note).
    ChangedThere(Option<TheirValues>),
}

/// What the engine names with a destination's stable codes (`jira.needs_sign_in`, …): why a run
/// stopped, and why an entry was kept back. The shells word a remedy from the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The run stopped: the sign-in must be renewed.
    NeedsSignIn,
    /// The run stopped on something the service said that concerns every entry.
    Problem,
    /// The run stopped: the service cannot be reached.
    Unreachable,
    /// The run stopped: the service asked for a longer wait than a run waits.
    Wait,
    /// Kept back: the worklog to change is not the entry's own.
    NotYours,
    /// Kept back: the worklog was changed there in a way an entry cannot hold.
    ChangedThere,
    /// Kept back: the worklog to change is no longer there.
    WorklogGone,
}

/// Why an entry is kept back before anything is sent: a stable code and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub code: &'static str,
    pub message: String,
}

/// A place worklogs go.
pub trait Destination: Send + Sync + 'static {
    type Error: Failure + std::fmt::Display + Send + 'static;

    /// The service's name in a person's words ("Jira", "Tempo").
    fn service(&self) -> &'static str;

    /// The site whose entries go here.
    fn site(&self) -> SiteId;

    /// Where, as a person knows it (the site's host), for refusals.
    fn place(&self) -> String;

    /// The stable code the engine reports for `code`.
    fn code(&self, code: Code) -> &'static str;

    /// Why a create or a change of `entry` cannot be sent at all (something the destination
    /// requires that Stint cannot give), asked before the entry is marked; `None` to go ahead.
    fn kept_back(&self, _entry: &OutboxEntry, _action: &Action) -> Option<Kept> {
        None
    }

    /// Carries out `action` for `entry`. An update or a delete reads the worklog first and
    /// touches it only when it is the entry's own and unchanged there.
    fn perform(&self, entry: &OutboxEntry, action: &Action)
        -> impl Future<Output = Result<Answer, Self::Error>> + Send;

    /// Records, in the run's last transaction, that the sign-in must be renewed.
    fn record_needs_sign_in(&self, tx: &Tx<'_>) -> Result<(), StoreError>;
}

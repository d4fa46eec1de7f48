//! Stint's Tempo Cloud client: the layer between Stint and Tempo's REST API v4, with no SQLite in
//! it, beside the Jira client (`stint-jira`), whose HTTP layer it shares (the egress allow-list,
//! TLS 1.2+, no redirects, bounded answers) so both are held to the same rules.
//!
//! - `client`: worklogs (create, replace, delete, a person's by date and `updatedFrom`, a search,
//!   the Jira↔Tempo id mapper, deletions from the paper trail); what a worklog needs (work
//!   attributes, accounts, a project's account links); what a week holds (the person's required
//!   time, approval periods, the timesheet's status). Requests are paced to Tempo's 5 a second.
//! - `model`: Tempo's shapes and regions; answers are read strictly.
//! - `error`: `TempoError`, classified with the Jira client's `Class`.
//!
//! TEMPO.md (in the shared vendor notes) records what Tempo's API really does; where this crate
//! relies on one of those observations, the code says which.

mod client;
mod error;
mod model;

pub use client::{Deleted, DeletedWorklog, Tempo, REQUESTS_PER_SECOND};
pub use error::{Class, TempoError, RATE_LIMIT_PAUSE};
pub use model::{
    Account, AccountLink, Day, DayKind, Period, Region, Timesheet, TimesheetStatus, WorkAttribute, Worklog,
    WorklogFields,
};

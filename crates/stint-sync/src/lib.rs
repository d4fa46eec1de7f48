//! Stint's sync engine: moves the store's outbox to Jira exactly once.
//!
//! - `plan`: the pure decision of what an entry needs next (create, look for a lost create,
//!   update, delete, drop, nothing), from what is stored about it.
//! - `limits`: Jira's rate limits and the pauses its 429s ask for, pure (the time is passed in).
//! - `policy`: the pure decision after a failed request (retry when, pause what, refuse with what
//!   reason, stop for a sign-in), table-tested.
//! - `readback`: the pure decision of what Jira's worklogs mean for the entries Stint holds (take
//!   Jira's edit, a conflict, deleted in Jira, Stint's from another machine, logged elsewhere).
//! - `pull`: a read-back's reads and writes around `readback` (one transaction, or nothing);
//!   `pull_tempo` the same through Tempo, for a site whose worklogs go there.
//! - `tempo`: exactly once to Tempo, which has no idempotency key: the design and its pure
//!   decisions (finding a lost create, whose a worklog is, filling required work attributes).
//! - `destination`: where worklogs go (Jira's own worklogs, or Tempo's), behind one trait the
//!   engine speaks to: one action for one entry, and what came of it.
//! - `engine`: the loop that carries decisions out concurrently across issues, marks each create
//!   durably before sending it, and writes outcomes back in one transaction per round.

mod destination;
mod engine;
mod limits;
mod plan;
mod policy;
mod pull;
mod pull_tempo;
mod readback;
mod tempo;

pub use destination::{
    changed_in_jira, find_own, whose, Action, Answer, Code, Destination, JiraWorklogs, Kept, LockedPeriod, TempoIssue,
    TempoWorklogs,
};
pub use engine::{run, run_to, Options, Progress, Report, Stop};
pub use limits::{Limits, Method};
pub use plan::{plan, Step};
pub use policy::{backoff, decide, refusal_reason, Decision, Failure, Lost, Request, Tries, Tuning};
pub use pull::{pull, Pulled};
pub use pull_tempo::{pull_tempo, OffsetAt, TempoReader};
pub use readback::{deletions, read_kind, ReadKind, WHOLE_READ_EVERY};
pub use readback::{reconcile, Found, Held, Outcome, Read, Values};
pub use tempo::{
    fill_attributes, find_own_in_tempo, uid_attribute, whose_in_tempo, AttributeSources, TempoEntry, Unfilled,
    CLOCK_ALLOWANCE,
};

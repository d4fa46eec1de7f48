//! Stint's sync engine: moves the store's outbox to Jira exactly once.
//!
//! - `plan`: the pure decision of what an entry needs next (create, look for a lost create,
//!   update, delete, drop, nothing), from what is stored about it.
//! - `limits`: Jira's rate limits and the pauses its 429s ask for, pure (the time is passed in).
//! - `engine`: the loop that carries decisions out concurrently across issues, marks each create
//!   durably before sending it, and writes outcomes back in one transaction per round.

mod engine;
mod limits;
mod plan;

pub use engine::{backoff, find_own, run, Options, Progress, Report, Stop};
pub use limits::{Limits, Method};
pub use plan::{plan, Step};

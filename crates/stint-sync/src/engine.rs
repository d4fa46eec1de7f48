//! The loop that carries out `plan`'s decisions: requests run concurrently across issues within
//! `Limits`; what they change is written back in one transaction per round, together with the
//! marks of the next requests, which are committed before those requests are sent.
//!
//! ```text
//!   round:  plan ready entries ─► [tx: record finished outcomes + mark next requests pushing]
//!           ─► send the marked requests ─► wait for the first to finish, or the next ready time
//! ```
//! A crash anywhere leaves the store consistent: an unrecorded success is found again by its uid
//! (a create) or repeated harmlessly (an update, a delete).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use stint_domain::{EntryId, IssueKey, Remedy, SyncState};
use stint_jira::{AdjustEstimate, Jira, Pause};
use stint_store::{OutboxEntry, PushOp, RemoteWorklog, SiteId, Store, StoreError, TheirValues};
use tokio::task::JoinSet;

use crate::destination::{Action, Answer, Code, Destination, JiraWorklogs};
use crate::limits::Limits;
use crate::plan::{plan, Step};
use crate::policy::{decide, refusal_reason, Decision, Failure, Lost, Tries, Tuning};

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub adjust: AdjustEstimate,
    /// How long after a create whose answer was lost (a timeout, or a crash) the sync waits before
    /// looking for it: Jira may still be carrying it out. Stint uses its HTTP timeout.
    pub in_doubt_wait: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Entries changed less than this long ago are left for later (the desktop app's grace period).
    pub settle: Option<Duration>,
    /// Tries per entry in one run before it is left for the next.
    pub max_attempts: u32,
    /// The first wait after a failure that may pass; it doubles up to a minute.
    pub backoff: Duration,
    /// The longest wait Jira may ask of a run: a longer one ends it, the entries left queued.
    pub longest_wait: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            adjust: AdjustEstimate::Auto,
            in_doubt_wait: Duration::from_secs(30),
            concurrency: 8,
            settle: None,
            // 2 + 4 + 8 + 16 s of waiting at most before an entry is left for the next run.
            max_attempts: 5,
            backoff: Duration::from_secs(2),
            longest_wait: Duration::from_secs(60),
        }
    }
}

/// Why a run stopped before the queue was empty: a stable code (`jira.needs_sign_in`,
/// `jira.unreachable`, `jira.problem`), what happened, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub code: &'static str,
    pub message: String,
    pub remedy: Option<Remedy>,
}

impl Stop {
    pub(crate) fn from_error<E: Failure + std::fmt::Display>(code: &'static str, error: &E) -> Stop {
        Stop { code, message: error.to_string(), remedy: Failure::remedy(error) }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Worklogs created (or found in Jira after a lost answer).
    pub pushed: usize,
    pub updated: usize,
    /// Worklogs deleted in Jira, and removed entries Jira never had.
    pub deleted: usize,
    /// Entries Jira refused in this run.
    pub failed: usize,
    /// Entries still to reach Jira.
    pub remaining: usize,
    /// Of `pushed`, those found in Jira after a lost answer rather than created.
    pub adopted: usize,
    /// Entries not written over because their worklog was changed in Jira since the last sync:
    /// each waits, with Jira's values beside it, for the person to settle it.
    pub conflicts: usize,
    pub stopped: Option<Stop>,
    /// When Jira allows the next try, when it asked the run to wait longer than it does.
    pub next_try: Option<chrono::DateTime<Utc>>,
    /// What Jira last answered about an entry left queued (`remaining`), in words.
    pub held_back: Option<String>,
}

/// Told how far a run has come.
pub trait Progress: Send + Sync {
    fn begin(&self, total: usize);
    fn advance(&self);
    /// Nothing can be sent for `time` (Jira asked to wait, or a retry's backoff).
    fn waiting(&self, _time: Duration) {}
}

/// A change to write back.
#[derive(Debug)]
enum Record {
    Mark {
        id: EntryId,
        op: PushOp,
        issue: IssueKey,
        revision: i64,
    },
    InJira {
        id: EntryId,
        issue: IssueKey,
        worklog: RemoteWorklog,
        revision: i64,
        action: &'static str,
    },
    Gone {
        id: EntryId,
        issue: IssueKey,
        worklog_id: String,
    },
    ClearPush {
        id: EntryId,
    },
    /// A create whose outcome is unknown, but whose request Jira is done with: look at once.
    LookupDue {
        id: EntryId,
    },
    Drop {
        id: EntryId,
    },
    /// Changed here and in Jira: Jira's values are kept beside the entry's.
    Conflict {
        id: EntryId,
        issue: IssueKey,
        worklog_id: String,
        theirs: TheirValues,
    },
    Refused {
        id: EntryId,
        action: &'static str,
        issue: IssueKey,
        code: &'static str,
        message: String,
    },
}

impl Record {
    fn entry(&self) -> EntryId {
        match self {
            Record::Mark { id, .. }
            | Record::InJira { id, .. }
            | Record::Gone { id, .. }
            | Record::ClearPush { id }
            | Record::LookupDue { id }
            | Record::Drop { id }
            | Record::Conflict { id, .. }
            | Record::Refused { id, .. } => *id,
        }
    }
}

pub(crate) type Shared = Arc<Mutex<Store>>;

/// Runs store work on a blocking thread.
pub(crate) async fn with_store<T: Send + 'static>(
    store: &Shared,
    f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    })
    .await
    .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// Writes one record (with its audit line) inside the caller's transaction.
fn write(
    tx: &stint_store::Tx<'_>,
    site: SiteId,
    record: &Record,
    now: chrono::DateTime<Utc>,
) -> Result<(), StoreError> {
    match record {
        Record::Mark { id, op, issue, revision } => tx.mark_pushing(*id, site, *op, issue, *revision, now),
        Record::InJira { id, issue, worklog, revision, action } => {
            tx.record_in_jira(*id, issue, worklog, *revision)?;
            tx.audit(now, *id, action, Some(issue), Some(&worklog.id), "ok")
        }
        Record::Gone { id, issue, worklog_id } => {
            tx.record_gone_from_jira(*id)?;
            tx.audit(now, *id, "delete", Some(issue), Some(worklog_id), "ok")
        }
        Record::ClearPush { id } => tx.clear_push(*id),
        Record::LookupDue { id } => tx.lookup_due(*id),
        Record::Drop { id } => tx.drop_removed(*id),
        Record::Conflict { id, issue, worklog_id, theirs } => {
            tx.clear_push(*id)?;
            tx.mark_conflict(*id, theirs)?;
            tx.audit(now, *id, "update", Some(issue), Some(worklog_id), "changed in Jira")
        }
        Record::Refused { id, action, issue, code, message } => {
            tx.record_refusal(*id, code, message)?;
            tx.audit(now, *id, action, Some(issue), None, code)
        }
    }
}

/// Writes `records` in one transaction, and reads back the entries they touched (a mark touches
/// nothing the engine does not already know).
async fn flush(
    store: &Shared,
    site: SiteId,
    records: Vec<Record>,
) -> Result<Vec<(EntryId, Option<OutboxEntry>)>, StoreError> {
    with_store(store, move |store| {
        store.write(|tx| {
            let now = Utc::now();
            let mut touched = Vec::new();
            for record in &records {
                write(tx, site, record, now)?;
                if !matches!(record, Record::Mark { .. }) && !touched.contains(&record.entry()) {
                    touched.push(record.entry());
                }
            }
            touched.into_iter().map(|id| Ok((id, tx.outbox_entry_at(site, id)?))).collect()
        })
    })
    .await
}

/// Runs one sync: every entry in the outbox towards Jira's own worklogs.
pub async fn run(
    jira: Arc<Jira>,
    site: SiteId,
    store: Shared,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, StoreError> {
    let destination = Arc::new(JiraWorklogs::new(jira, site, options.adjust));
    run_to(destination, store, options, progress).await
}

/// Runs one sync: every entry in the outbox towards `destination`.
pub async fn run_to<D: Destination>(
    destination: Arc<D>,
    store: Shared,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, StoreError> {
    let mut engine = Engine::new(destination, store, options, progress).await?;
    engine.drive().await?;
    engine.finish().await
}

struct Engine<'a, D: Destination> {
    destination: Arc<D>,
    store: Shared,
    options: &'a Options,
    progress: &'a dyn Progress,
    entries: HashMap<EntryId, OutboxEntry>,
    attempts: HashMap<EntryId, u32>,
    /// Creates whose request failed in a way that means Jira is done with it: look at once.
    look_now: HashSet<EntryId>,
    queue: BinaryHeap<Reverse<(Instant, u64, EntryId)>>,
    seq: u64,
    limits: Limits,
    in_flight: JoinSet<(EntryId, Action, Result<Answer, D::Error>)>,
    busy: HashSet<EntryId>,
    /// Issues with a write in flight: never more than one at a time on an issue (concurrent
    /// worklog writes on one issue have left a wrong "time spent" in Jira), and the entries
    /// waiting for it to end.
    writing: HashMap<IssueKey, Vec<EntryId>>,
    /// Entries with an outcome not yet written: planned again once it is (and read back), not
    /// before, so no plan is made from what is no longer true. The instant is when they may go.
    awaiting_write: HashMap<EntryId, Instant>,
    records: Vec<Record>,
    report: Report,
    unreachable_streak: u32,
    stopped: bool,
    /// The run stopped because the sign-in must be renewed.
    needs_sign_in: bool,
}

impl<'a, D: Destination> Engine<'a, D> {
    async fn new(
        destination: Arc<D>,
        store: Shared,
        options: &'a Options,
        progress: &'a dyn Progress,
    ) -> Result<Engine<'a, D>, StoreError> {
        let settle = options.settle;
        let site = destination.site();
        let outbox = with_store(&store, move |s| s.read(|tx| tx.outbox(site))).await?;
        let now = Utc::now();
        let due: Vec<OutboxEntry> = outbox
            .into_iter()
            .filter(|e| settle.is_none_or(|s| now - e.updated_at >= chrono::Duration::from_std(s).unwrap_or_default()))
            .collect();
        progress.begin(due.len());
        let mut engine = Engine {
            destination,
            store,
            options,
            progress,
            entries: HashMap::new(),
            attempts: HashMap::new(),
            look_now: HashSet::new(),
            queue: BinaryHeap::new(),
            seq: 0,
            limits: Limits::default(),
            in_flight: JoinSet::new(),
            busy: HashSet::new(),
            writing: HashMap::new(),
            awaiting_write: HashMap::new(),
            records: Vec::new(),
            report: Report::default(),
            unreachable_streak: 0,
            stopped: false,
            needs_sign_in: false,
        };
        let start = Instant::now();
        for entry in due {
            engine.enqueue(entry.id, start);
            engine.entries.insert(entry.id, entry);
        }
        Ok(engine)
    }

    fn enqueue(&mut self, id: EntryId, at: Instant) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, id)));
    }

    async fn drive(&mut self) -> Result<(), StoreError> {
        loop {
            let sends = self.start_ready();
            if !self.records.is_empty() {
                let records = std::mem::take(&mut self.records);
                let reloaded = flush(&self.store, self.destination.site(), records).await?;
                self.reload(reloaded);
            }
            for (id, action, entry) in sends {
                let destination = self.destination.clone();
                self.in_flight.spawn(async move {
                    let result = destination.perform(&entry, &action).await;
                    (id, action, result)
                });
            }
            if self.in_flight.is_empty() && (self.queue.is_empty() || self.stopped) {
                return Ok(());
            }
            let wake = self.queue.peek().map(|Reverse((at, _, _))| *at).filter(|_| !self.stopped);
            if let Some(at) = wake.filter(|_| self.in_flight.is_empty()) {
                let time = at.saturating_duration_since(Instant::now());
                if time >= Duration::from_secs(1) {
                    self.progress.waiting(time);
                }
            }
            tokio::select! {
                Some(done) = self.in_flight.join_next(), if !self.in_flight.is_empty() => {
                    let (id, action, result) = done.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
                    self.settle(id, action, result);
                    while let Some(done) = self.in_flight.try_join_next() {
                        let (id, action, result) = done.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
                        self.settle(id, action, result);
                    }
                }
                _ = sleep_until(wake), if wake.is_some() => {}
            }
        }
    }

    /// Plans every entry whose time has come and that the limits allow; returns the requests to
    /// send (their marks are queued as records, written before they go).
    fn start_ready(&mut self) -> Vec<(EntryId, Action, OutboxEntry)> {
        let mut sends = Vec::new();
        let mut later = Vec::new();
        let now = Instant::now();
        while self.in_flight.len() + sends.len() < self.options.concurrency && !self.stopped {
            let Some(Reverse((at, _, id))) = self.queue.peek().copied() else { break };
            if at > now {
                break;
            }
            self.queue.pop();
            let Some(entry) = self.entries.get(&id).cloned() else { continue };
            if self.busy.contains(&id) {
                continue;
            }
            let wait = if self.look_now.contains(&id) { Duration::ZERO } else { self.options.in_doubt_wait };
            let step = plan(&entry, chrono::Duration::from_std(wait).unwrap_or_default());
            let action = match step {
                Step::Done => {
                    self.finished(id);
                    continue;
                }
                Step::Drop => {
                    self.records.push(Record::Drop { id });
                    self.report.deleted += 1;
                    self.finished(id);
                    continue;
                }
                Step::Resolve { issue, not_before } => {
                    let ready = not_before - Utc::now();
                    if let Ok(ready) = ready.to_std().map(|d| now + d) {
                        if ready > now {
                            later.push((id, ready));
                            continue;
                        }
                    }
                    Action::Resolve { issue }
                }
                Step::Create => Action::Create { issue: entry.issue.clone() },
                Step::Update { issue, worklog_id } => Action::Update { issue, worklog_id },
                Step::Delete { issue, worklog_id } => Action::Delete { issue, worklog_id },
            };
            if matches!(action, Action::Create { .. } | Action::Update { .. }) {
                if let Some(kept) = self.destination.kept_back(&entry, &action) {
                    self.refuse(id, &action, kept.code, kept.message);
                    continue;
                }
            }
            let writes = action.writes();
            if writes {
                if let Some(waiting) = self.writing.get_mut(action.issue()) {
                    // Sent when the write in flight on this issue ends.
                    waiting.push(id);
                    continue;
                }
            }
            let ready = self.limits.ready_at(action.issue().as_str(), action.method(), now);
            if ready > now {
                later.push((id, ready));
                continue;
            }
            self.limits.record(action.issue().as_str(), action.method(), now);
            let op = match action {
                Action::Create { .. } => Some(PushOp::Create),
                Action::Update { .. } => Some(PushOp::Update),
                Action::Delete { .. } => Some(PushOp::Delete),
                Action::Resolve { .. } => None,
            };
            if let Some(op) = op {
                self.records.push(Record::Mark { id, op, issue: action.issue().clone(), revision: entry.revision });
                // The copy planned from learns the mark as the store keeps it, so the next plan
                // sees a create in flight as one.
                if let Some(e) = self.entries.get_mut(&id) {
                    e.mark(op, action.issue(), Utc::now());
                }
            }
            if writes {
                self.writing.insert(action.issue().clone(), Vec::new());
            }
            self.busy.insert(id);
            sends.push((id, action, entry));
        }
        for (id, at) in later {
            self.enqueue(id, at);
        }
        sends
    }

    fn finished(&mut self, id: EntryId) {
        self.entries.remove(&id);
        self.progress.advance();
    }

    /// Takes what the destination answered: what to write back, and what comes next for the entry.
    fn settle(&mut self, id: EntryId, action: Action, result: Result<Answer, D::Error>) {
        self.busy.remove(&id);
        if action.writes() {
            let now = Instant::now();
            for waiting in self.writing.remove(action.issue()).unwrap_or_default() {
                self.enqueue(waiting, now);
            }
        }
        let Some(entry) = self.entries.get(&id).cloned() else { return };
        let issue = action.issue().clone();
        let service = self.destination.service();
        match result {
            Ok(answer) => {
                self.unreachable_streak = 0;
                self.look_now.remove(&id);
                // The revision the request carried (for a lookup: the one the lost create carried).
                let revision = entry.push.map_or(entry.revision, |p| p.revision);
                match (answer, &action) {
                    (Answer::Written(worklog), Action::Resolve { .. }) => {
                        self.report.pushed += 1;
                        self.report.adopted += 1;
                        self.records.push(Record::InJira { id, issue, worklog, revision, action: "adopt" });
                    }
                    (Answer::Written(worklog), Action::Update { .. }) => {
                        self.report.updated += 1;
                        self.records.push(Record::InJira { id, issue, worklog, revision, action: "update" });
                    }
                    (Answer::Written(worklog), _) => {
                        self.report.pushed += 1;
                        self.records.push(Record::InJira { id, issue, worklog, revision, action: "create" });
                    }
                    (Answer::NotFound, _) => self.records.push(Record::ClearPush { id }),
                    (Answer::NotOurs(why), Action::Update { worklog_id, .. } | Action::Delete { worklog_id, .. }) => {
                        let message = format!(
                            "worklog {worklog_id} on {issue} is not this entry's ({why}), so Stint leaves it as it is"
                        );
                        self.refuse(id, &action, self.destination.code(Code::NotYours), message);
                        return;
                    }
                    (Answer::ChangedThere(theirs), Action::Update { worklog_id, .. }) => {
                        let Some(theirs) = theirs else {
                            let message = format!(
                                "worklog {worklog_id} on {issue} was changed in {service} and its comment cannot \
                                 be an entry's note, so Stint leaves it as it is"
                            );
                            self.refuse(id, &action, self.destination.code(Code::ChangedThere), message);
                            return;
                        };
                        self.report.conflicts += 1;
                        self.records.push(Record::Conflict { id, issue, worklog_id: worklog_id.clone(), theirs });
                        self.finished(id);
                        return;
                    }
                    (Answer::ChangedThere(_), _) => {}
                    (Answer::Gone, _) => {
                        let message = format!("{service} no longer has this worklog on {issue}");
                        self.refuse(id, &action, self.destination.code(Code::WorklogGone), message);
                        return;
                    }
                    (Answer::NotOurs(_), _) => {}
                    (Answer::Deleted, Action::Delete { worklog_id, .. }) => {
                        // A removal, or a moved entry's worklog leaving its old issue: either way
                        // a worklog was deleted there.
                        self.report.deleted += 1;
                        self.records.push(Record::Gone { id, issue, worklog_id: worklog_id.clone() });
                    }
                    (Answer::Deleted, _) => {}
                }
                self.awaiting_write.insert(id, Instant::now());
            }
            Err(error) => self.failed(id, action, error),
        }
    }

    /// Carries out the failure policy's decision about a failed request.
    fn failed(&mut self, id: EntryId, action: Action, error: D::Error) {
        tracing::debug!(id = id.0, code = error.code(), "request failed");
        let attempt = {
            let attempts = self.attempts.entry(id).or_insert(0);
            *attempts += 1;
            *attempts
        };
        self.unreachable_streak = if error.is_connection_problem() { self.unreachable_streak + 1 } else { 0 };
        let tries = Tries { attempt, unreachable_in_a_row: self.unreachable_streak };
        let tuning = Tuning {
            max_attempts: self.options.max_attempts,
            backoff: self.options.backoff,
            longest_wait: self.options.longest_wait,
        };
        match decide(action.request(), &error, tries, tuning, jitter()) {
            Decision::NeedsSignIn { clear_mark } => {
                self.needs_sign_in = true;
                self.stop(Stop::from_error(self.destination.code(Code::NeedsSignIn), &error));
                if clear_mark {
                    self.records.push(Record::ClearPush { id });
                }
                self.entries.remove(&id);
            }
            Decision::Stop => self.stop(Stop::from_error(self.destination.code(Code::Problem), &error)),
            Decision::Refuse { code } => {
                let site = self.destination.place();
                let message = refusal_reason(action.request(), code, &error, action.issue(), &site);
                self.refuse(id, &action, code, message);
            }
            Decision::Retry { wait, pause, lost } => {
                let at = Instant::now() + wait;
                match pause {
                    Some(Pause::Issue) => self.limits.pause_issue(action.issue().as_str(), at),
                    Some(Pause::Everything) => self.limits.pause_all(at),
                    None => {}
                }
                if self.account_for(id, lost) {
                    // Planned again once the cleared mark is written (and read back).
                    self.awaiting_write.insert(id, at);
                } else {
                    self.enqueue(id, at);
                }
            }
            Decision::GiveUp { lost } => {
                if lost == Some(Lost::LookNow) {
                    // Jira is done with it: the next run looks for it at once, without waiting.
                    self.records.push(Record::LookupDue { id });
                } else {
                    self.account_for(id, lost);
                }
                self.report.held_back = Some(error.to_string());
                // Left queued for the next run.
                self.entries.remove(&id);
            }
            Decision::NotBefore { wait, pause, lost } => {
                self.account_for(id, lost);
                self.report.held_back = Some(error.to_string());
                let at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
                self.report.next_try = Some(self.report.next_try.map_or(at, |t| t.max(at)));
                self.entries.remove(&id);
                if pause == Some(Pause::Everything) {
                    let minutes = wait.as_secs().div_ceil(60);
                    self.stop(Stop {
                        code: self.destination.code(Code::Wait),
                        message: format!(
                            "{} asked Stint to wait {minutes} min before sending more ({error}); the entries stay \
                             queued",
                            self.destination.service()
                        ),
                        remedy: Some(Remedy::SyncAgainFrom { at: at.fixed_offset() }),
                    });
                }
            }
            Decision::Unreachable { lost } => {
                self.account_for(id, lost);
                self.stop(Stop::from_error(self.destination.code(Code::Unreachable), &error));
            }
        }
    }

    /// Keeps a refusal with the entry; the others go on.
    fn refuse(&mut self, id: EntryId, action: &Action, code: &'static str, message: String) {
        self.report.failed += 1;
        let issue = action.issue().clone();
        self.records.push(Record::Refused { id, action: action.word(), issue, code, message });
        self.finished(id);
    }

    /// Acts on what a failed create may have left in Jira; `true` when its mark is being cleared.
    fn account_for(&mut self, id: EntryId, lost: Option<Lost>) -> bool {
        match lost {
            Some(Lost::Cleared) => {
                self.records.push(Record::ClearPush { id });
                true
            }
            Some(Lost::LookNow) => {
                self.look_now.insert(id);
                false
            }
            Some(Lost::LookLater) | None => false,
        }
    }

    fn stop(&mut self, why: Stop) {
        self.stopped = true;
        self.report.stopped = Some(why);
    }

    fn reload(&mut self, reloaded: Vec<(EntryId, Option<OutboxEntry>)>) {
        for (id, entry) in reloaded {
            let due = self.awaiting_write.remove(&id);
            if !self.entries.contains_key(&id) {
                continue;
            }
            match entry {
                Some(e) if e.state.is_queued() => {
                    self.entries.insert(id, e);
                    if !self.stopped {
                        self.enqueue(id, due.unwrap_or_else(Instant::now));
                    }
                }
                Some(e) if e.state == SyncState::Failed => {
                    self.entries.remove(&id);
                }
                _ => self.finished(id),
            }
        }
    }

    async fn finish(mut self) -> Result<Report, StoreError> {
        let records = std::mem::take(&mut self.records);
        let needs_sign_in = self.needs_sign_in;
        let destination = self.destination.clone();
        let remaining = with_store(&self.store, move |store| {
            store.write(|tx| {
                let now = Utc::now();
                for record in &records {
                    write(tx, destination.site(), record, now)?;
                }
                if needs_sign_in {
                    destination.record_needs_sign_in(tx)?;
                }
                Ok(tx.outbox(destination.site())?.len())
            })
        })
        .await?;
        self.report.remaining = remaining;
        tracing::info!(
            pushed = self.report.pushed,
            updated = self.report.updated,
            deleted = self.report.deleted,
            failed = self.report.failed,
            remaining,
            "sync finished"
        );
        Ok(self.report)
    }
}

async fn sleep_until(at: Option<Instant>) {
    if let Some(at) = at {
        tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await;
    }
}

/// A number from 0 to 1 for the backoff's jitter, from the clock's nanoseconds.
fn jitter() -> f64 {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    f64::from(nanos % 1000) / 1000.0
}

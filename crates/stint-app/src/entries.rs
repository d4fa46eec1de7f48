//! Entries: logging time after the fact, changing an entry (or the running timer), removing one
//! and taking a removal back, and listing them, each row with what the window shows beside it
//! (overlaps, what may be merged, the forms to edit it in, what to do about a refusal).

use chrono::{DateTime, Days, FixedOffset, Local, NaiveDate, Utc};
use stint_domain::{
    check_entry_end, check_work_time, clip_silence, idle_gap, local_day_start, parse_date, parse_duration,
    parse_time_on, spans_overlap, Entry, EntryId, IssueKey, Note, Private, Remedy, SyncState,
};
use stint_store::{EntryChange, NewEntry, Removal, Tx};

use crate::facade::{Span, UNDO_DEPTH};
use crate::split_merge::merge_problem;
use crate::timer::running_or_missing;
use crate::views::{local, Edited, Logged, Overlap, Removed, RunningView};
use crate::{AddRequest, AppError, EditRequest, Stint};

/// An entry in a listing, with what the window shows beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryRow {
    #[serde(flatten)]
    pub entry: Entry,
    /// The entries it shares time with.
    pub overlaps: Vec<EntryId>,
    /// The next entry in the list, when the two may be merged (`merge` would take them).
    pub merges_with_next: Option<EntryId>,
    /// Its start as Stint reads a typed time back (`2026-11-23 09:00`), to edit it.
    pub start_input: String,
    /// Its duration as Stint reads a typed duration back (`1h30m`), to edit it.
    pub duration_input: String,
    /// Where a split in the middle would cut (a typed time, to the minute).
    pub middle_input: String,
    /// What to do about Jira's refusal, for a refused entry.
    pub remedy: Option<Remedy>,
    /// The issue's title, where Stint keeps it (fetched from Jira within the retention PRIVACY.md
    /// states); none otherwise.
    pub summary: Option<String>,
}

/// Entries by where they stand with Jira: what the window's "N waiting · M refused" leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SyncFilter {
    /// What the next sync sends (as `Status.counts.pending` counts it: removals included).
    Waiting,
    /// What Jira refused (as `Status.counts.failed`).
    Refused,
}

/// One of the person's worklogs in Jira that is not an entry here, as the last read-back found
/// it: read-only until adopted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InJira {
    pub worklog_id: String,
    pub issue: IssueKey,
    /// When the work began, with the UTC offset Jira gave.
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    pub logged: LoggedBy,
}

/// Who logged a worklog in Jira that is not an entry here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LoggedBy {
    /// Outside Stint: Jira's page, another app.
    Elsewhere,
    /// Stint on another machine, on this account (the worklog carries its uid).
    OtherMachine,
}

/// The person's worklogs in Jira over some days that are not entries here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InJiraList {
    pub worklogs: Vec<InJira>,
    /// When Jira last answered a read-back (null: never read).
    #[serde(serialize_with = "stint_domain::rfc3339::serialize_option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub read_at: Option<DateTime<FixedOffset>>,
}

/// What `list` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Listing {
    pub entries: Vec<Entry>,
    /// The person's worklogs in Jira over the same days that are not entries here.
    pub in_jira: Vec<InJira>,
    /// When Jira last answered a read-back (null: never read).
    #[serde(serialize_with = "stint_domain::rfc3339::serialize_option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub read_at: Option<DateTime<FixedOffset>>,
}

/// Sends the entry to the site a person `named` (as `whoami` names it), if they named one.
pub(crate) fn send_to_site(tx: &Tx<'_>, id: EntryId, named: Option<&str>) -> Result<(), AppError> {
    let Some(named) = named else { return Ok(()) };
    let site = crate::jira::find_site(&tx.sites()?, named)?;
    if !tx.move_to_site(id, site.id)? {
        return Err(AppError::NoSuchEntry(id.0));
    }
    Ok(())
}

impl Stint {
    /// Logs time after the fact. Without `at`, the work ends now. The work must be over by now.
    pub fn add(&mut self, req: AddRequest) -> Result<Logged, AppError> {
        let now = self.now();
        let issue = IssueKey::parse(&req.issue)?;
        let seconds = parse_duration(&req.duration)?;
        let on = req.on.as_deref().map(|day| parse_date(day, now, &Local)).transpose()?;
        let started = match req.at.as_deref() {
            Some(at) => check_work_time(parse_time_on(at, on, now, &Local)?, now, "the start")?,
            None => check_work_time(local(now - chrono::Duration::seconds(seconds)), now, "the start")?,
        };
        check_entry_end(started, seconds, now)?;
        let note = parse_note(req.note.as_ref())?.flatten();
        let new = NewEntry { issue, started, seconds, note, local_only: req.local_only };
        let logged = self.store().write(|tx| -> Result<_, AppError> {
            let id = tx.insert_entry(&new, now)?;
            send_to_site(tx, id, req.site.as_deref())?;
            let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let overlaps = overlaps(tx, id, entry.started.to_utc(), entry.ended().to_utc(), now)?;
            Ok(Logged { entry, overlaps })
        })?;
        tracing::info!(id = logged.entry.id.0, seconds, overlaps = logged.overlaps.len(), "entry added");
        Ok(logged)
    }

    /// Changes an entry, or the running timer when `id` is its id. The changed entry must still
    /// be over by now; a timer moved to start earlier than a silence no longer has that silence.
    pub fn edit(&mut self, id: EntryId, req: EditRequest) -> Result<Edited, AppError> {
        let now = self.now();
        let issue = req.issue.as_deref().map(IssueKey::parse).transpose()?;
        let seconds = req.duration.as_deref().map(parse_duration).transpose()?;
        let started = req.at.as_deref().map(|s| self.work_time(s, "the start", now)).transpose()?;
        let note = parse_note(req.note.as_ref())?;
        if issue.is_none()
            && seconds.is_none()
            && started.is_none()
            && note.is_none()
            && req.local_only.is_none()
            && req.site.is_none()
        {
            return Err(AppError::NothingToChange);
        }
        let threshold = self.gap_threshold();
        let edited = self.store().write(|tx| -> Result<_, AppError> {
            let change = EntryChange { issue, started, seconds, note, local_only: req.local_only };
            send_to_site(tx, id, req.site.as_deref())?;
            if let Some(running) = tx.running()?.filter(|r| r.id == id) {
                if seconds.is_some() {
                    return Err(AppError::DurationOfRunning);
                }
                if let Some(start) = started {
                    let (last_seen, gap) = clip_silence(running.last_seen, running.gap, start.to_utc());
                    tx.set_silence(id, last_seen, gap)?;
                }
                tx.update_entry(id, &change, now)?;
                let running = running_or_missing(tx, id)?;
                let overlaps = overlaps(tx, id, running.started.to_utc(), now, now)?;
                let gap = idle_gap(&running, now, threshold);
                let running = RunningView::new(running, now, gap).at_site(tx)?;
                return Ok(Edited::Running { running, overlaps });
            }
            let before = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            if req.local_only == Some(true) && tx.may_be_in_jira(id)? {
                return Err(AppError::InJira(id.0));
            }
            check_entry_end(started.unwrap_or(before.started), seconds.unwrap_or(before.seconds), now)?;
            tx.update_entry(id, &change, now)?;
            let entry = tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0))?;
            let overlaps = overlaps(tx, id, entry.started.to_utc(), entry.ended().to_utc(), now)?;
            Ok(Edited::Entry { entry, overlaps })
        })?;
        tracing::info!(id = id.0, "entry edited");
        Ok(edited)
    }

    /// Removes an entry (one Jira has is marked, so the deletion reaches Jira), or drops the
    /// running timer when `id` is its id.
    pub fn remove(&mut self, id: EntryId) -> Result<Removed, AppError> {
        let now = self.now();
        let removed = self.store().write(|tx| -> Result<_, AppError> {
            if tx.running()?.is_some_and(|r| r.id == id) {
                tx.discard_running(id)?;
                return Ok((Removed::DiscardedRunning(id), None));
            }
            let entry = tx.entry(id)?;
            match tx.remove_entry(id, now)? {
                Some(Removal::Deleted) => Ok((Removed::Deleted(id), entry)),
                Some(Removal::MarkedForDeletion) => Ok((Removed::MarkedForDeletion(id), None)),
                None => Err(AppError::NoSuchEntry(id.0)),
            }
        });
        let (removed, gone) = removed?;
        if let Some(entry) = gone {
            if self.removed.len() == UNDO_DEPTH {
                self.removed.remove(0);
            }
            self.removed.push(entry);
        }
        tracing::info!(id = id.0, outcome = removed.name(), "entry removed");
        Ok(removed)
    }

    /// Takes back `remove` of an entry whose deletion has not reached Jira yet: one marked for
    /// deletion in Jira comes back as it was; one removed outright (never sent) comes back under a
    /// new id, when this facade removed it.
    pub fn undo_remove(&mut self, id: EntryId) -> Result<Entry, AppError> {
        let now = self.now();
        let kept = self.removed.iter().position(|e| e.id == id);
        let copy = kept.map(|at| self.removed[at].clone());
        let entry = self.store().write(|tx| -> Result<Entry, AppError> {
            if tx.unremove(id, now)? {
                return tx.entry(id)?.ok_or(AppError::NoSuchEntry(id.0));
            }
            // Removed outright: it comes back as it was, under a new id.
            let copy = copy.as_ref().ok_or(AppError::NoSuchEntry(id.0))?;
            let new = NewEntry {
                issue: copy.issue.clone(),
                started: copy.started,
                seconds: copy.seconds,
                note: copy.note.clone(),
                local_only: copy.sync == SyncState::Local,
            };
            let back = tx.insert_entry(&new, now)?;
            tx.entry(back)?.ok_or(AppError::NoSuchEntry(back.0))
        })?;
        if let Some(at) = kept {
            self.removed.remove(at);
        }
        Ok(entry)
    }

    /// Finished entries between two local dates, inclusive. By default the last seven days. Removed
    /// entries whose deletion Jira refused are among them (`removed`, with Jira's reason).
    pub fn list(&mut self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Entry>, AppError> {
        let today = self.now().with_timezone(&Local).date_naive();
        let week_ago = today.checked_sub_days(Days::new(6)).unwrap_or(today);
        let (lower, upper) = self.date_range(from, to, Some(week_ago))?;
        Ok(self.store().read(|tx| tx.entries_listed(lower, upper))?)
    }

    /// What `list` shows: the finished entries between two local dates (as `list`), and the
    /// person's worklogs in Jira over those days that are not entries here (read back: shown
    /// read-only, with when Jira was last read).
    pub fn listing(&mut self, from: Option<&str>, to: Option<&str>) -> Result<Listing, AppError> {
        let today = self.now().with_timezone(&Local).date_naive();
        let week_ago = today.checked_sub_days(Days::new(6)).unwrap_or(today);
        let (lower, upper) = self.date_range(from, to, Some(week_ago))?;
        let entries = self.store().read(|tx| tx.entries_listed(lower, upper))?;
        let InJiraList { worklogs, read_at } = self.in_jira_between(lower, upper)?;
        Ok(Listing { entries, in_jira: worklogs, read_at })
    }

    /// The person's worklogs in Jira between two local dates (as `list`) that are not entries
    /// here, as the last read-back found them, and when Jira was last read.
    pub fn in_jira(&mut self, from: Option<&str>, to: Option<&str>) -> Result<InJiraList, AppError> {
        let today = self.now().with_timezone(&Local).date_naive();
        let week_ago = today.checked_sub_days(Days::new(6)).unwrap_or(today);
        let (lower, upper) = self.date_range(from, to, Some(week_ago))?;
        self.in_jira_between(lower, upper)
    }

    fn in_jira_between(
        &mut self,
        lower: Option<DateTime<Utc>>,
        upper: Option<DateTime<Utc>>,
    ) -> Result<InJiraList, AppError> {
        let (kept, state) = self.store().read(|tx| {
            let kept = tx.jira_worklogs_between(
                lower.unwrap_or(DateTime::<Utc>::MIN_UTC),
                upper.unwrap_or(DateTime::<Utc>::MAX_UTC),
            )?;
            // "As of" the default site's last read.
            let state = match tx.default_site()? {
                Some(site) => tx.read_back_state(site.id)?,
                None => stint_store::ReadBackState::default(),
            };
            Ok::<_, AppError>((kept, state))
        })?;
        let worklogs = kept
            .into_iter()
            .map(|w| InJira {
                logged: if w.stint_uid.is_some() { LoggedBy::OtherMachine } else { LoggedBy::Elsewhere },
                worklog_id: w.worklog_id,
                issue: w.issue,
                started: w.started,
                seconds: w.seconds,
            })
            .collect();
        Ok(InJiraList { worklogs, read_at: state.read_at.map(local) })
    }

    /// The entries between two local dates (as `list`), each with what the window shows beside it;
    /// with `state`, the entries of any date that stand so with Jira (the counts' entries).
    pub fn entry_rows(
        &mut self,
        from: Option<&str>,
        to: Option<&str>,
        state: Option<SyncFilter>,
    ) -> Result<Vec<EntryRow>, AppError> {
        let entries = match state {
            None => self.list(from, to)?,
            Some(state) => self.store().read(|tx| tx.entries_in_state(state == SyncFilter::Refused))?,
        };
        let since = self.now() - chrono::Duration::days(crate::jira::SUMMARY_RETENTION_DAYS);
        let summaries = self.store().read(|tx| tx.summaries_since(since))?;
        let overlaps = stint_domain::overlapping(&entries);
        let merges: Vec<Option<EntryId>> = entries
            .iter()
            .zip(entries.iter().skip(1).map(Some).chain([None]))
            .map(|(entry, next)| {
                next.filter(|n| !entry.removed && !n.removed && merge_problem(entry, n).is_none()).map(|n| n.id)
            })
            .collect();
        Ok(entries
            .into_iter()
            .zip(overlaps)
            .zip(merges)
            .map(|((entry, overlaps), merges_with_next)| {
                let middle = entry.started + chrono::Duration::seconds(entry.seconds / 2);
                EntryRow {
                    start_input: self.typed_time(entry.started.to_utc()),
                    duration_input: stint_domain::typed_duration(entry.seconds),
                    middle_input: self.typed_time(middle.to_utc()),
                    remedy: entry.error.as_ref().map(|e| e.remedy(entry.id)),
                    summary: summaries.get(entry.issue.as_str()).cloned(),
                    overlaps,
                    merges_with_next,
                    entry,
                }
            })
            .collect())
    }

    /// Typed `--from`/`--to` local dates (inclusive) as UTC instants `[lower, upper)`.
    pub(crate) fn date_range(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        default_from: Option<NaiveDate>,
    ) -> Result<Span, AppError> {
        let now = self.now();
        let from_date = from.map(|f| parse_date(f, now, &Local)).transpose()?.or(default_from);
        let to_date = to.map(|t| parse_date(t, now, &Local)).transpose()?;
        if let (Some(from), Some(to)) = (from_date, to_date) {
            if to < from {
                return Err(AppError::BadRange { from: from.to_string(), to: to.to_string() });
            }
        }
        let lower = from_date.map(|d| local_day_start(d, &Local));
        let upper = to_date.and_then(|t| t.checked_add_days(Days::new(1))).map(|t| local_day_start(t, &Local));
        Ok((lower, upper))
    }
}

/// The entries, and the running timer, that share time with `[start, end)`, other than `id`.
pub(crate) fn overlaps(
    tx: &Tx<'_>,
    id: EntryId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Overlap>, AppError> {
    let mut found: Vec<Overlap> = tx
        .entries_overlapping(Some(start), Some(end))?
        .into_iter()
        .filter(|e| e.id != id && spans_overlap((start, end), (e.started.to_utc(), e.ended().to_utc())))
        .map(|e| Overlap { id: e.id, issue: e.issue, started: e.started, seconds: e.seconds, running: false })
        .collect();
    if let Some(r) = tx.running()?.filter(|r| r.id != id && spans_overlap((start, end), (r.started.to_utc(), now))) {
        let seconds = r.elapsed_seconds(now);
        found.push(Overlap { id: r.id, issue: r.issue, started: r.started, seconds, running: true });
    }
    Ok(found)
}

/// `None`: no note given; `Some(None)`: an empty note (clears it); `Some(Some(n))`: a note.
pub(crate) fn parse_note(note: Option<&Private<String>>) -> Result<Option<Option<Note>>, AppError> {
    Ok(note.map(|n| Note::parse(n.expose())).transpose()?)
}

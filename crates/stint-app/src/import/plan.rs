//! An import's checks, record by record: what each source entry becomes (or why it is left out),
//! counted into the preview and staged for the write.

use chrono::DateTime;
use stint_domain::{check_work_time, IssueKey, Note, SyncState, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
use stint_import::{
    find_key, DateOrder, Format, JiraLink, KeyFrom, KeyMap, ReadOptions, Record, Summary, Zone, LISTED,
};
use stint_store::{ImportedEntry, Origin, Restored, Tx};

use super::sources::read_text;
use super::{ImportGroup, ImportOverlap, ImportPreview, ImportRequest, ImportSkip};
use crate::AppError;

/// The options, checked before the source is read.
pub(super) struct Checked {
    pub(super) read: ReadOptions,
    key_from: Option<KeyFrom>,
    map: KeyMap,
    unmapped: Option<IssueKey>,
}

impl Checked {
    /// Whether any option that names issues was given (a Stint export names its own).
    pub(super) fn names_issues(&self) -> bool {
        self.key_from.is_some() || !self.map.is_empty() || self.unmapped.is_some()
    }
}

/// Checks records one by one as they are read, staging those to import and counting the rest.
pub(super) struct Planner<'a, 't> {
    pub(super) tx: &'a Tx<'t>,
    pub(super) format: Format,
    pub(super) checked: &'a Checked,
    pub(super) sync: bool,
    pub(super) here: Option<JiraLink>,
    pub(super) now: DateTime<chrono::Utc>,
    pub(super) preview: &'a mut ImportPreview,
}

impl Planner<'_, '_> {
    /// Ends the preview once the source is read: the groups staged, and what could not be read.
    pub(super) fn finish(&mut self, summary: Summary) -> Result<(), AppError> {
        let (groups, groups_total) = self.tx.staged_groups(LISTED)?;
        let preview = &mut *self.preview;
        preview.groups = groups
            .into_iter()
            .map(|g| ImportGroup { source: g.source, issue: g.issue, entries: g.entries, seconds: g.seconds })
            .collect();
        preview.groups_total = groups_total;
        preview.bad = summary.bad.into_iter().map(|b| ImportSkip { at: b.at, reason: b.problem, name: None }).collect();
        preview.bad_total = summary.bad_total;
        preview.notices = summary.notices;
        Ok(())
    }

    pub(super) fn take(&mut self, record: &Record) -> Result<(), AppError> {
        let (tx, preview) = (self.tx, &mut *self.preview);
        // Imported before (or twice in this source) is said first: such an entry is left out
        // whatever else might be said about it.
        let before = match &record.stint {
            Some(fields) => tx.has_uid(&fields.uid)?,
            None => tx.was_imported(&record.fingerprint)?,
        };
        if before {
            preview.duplicates += 1;
            return Ok(());
        }
        if !tx.stage_seen(&record.fingerprint)? {
            preview.duplicates += 1;
            preview.repeated_in_source += 1;
            return Ok(());
        }
        let (row, source) = match settle(record, self.format, self.checked, self.sync, self.here.as_ref(), self.now) {
            Ok(settled) => settled,
            Err(reason) => {
                preview.skipped_total += 1;
                if preview.skipped.len() < LISTED {
                    preview.skipped.push(ImportSkip { at: record.at.clone(), reason, name: first_name(record) });
                }
                return Ok(());
            }
        };
        let start = row.started.to_utc();
        let end = start + chrono::Duration::seconds(row.seconds);
        let existing = tx.entries_overlapping(Some(start), Some(end))?;
        if !existing.is_empty() && !matches!(row.restored, Restored::Removed { .. }) {
            preview.overlaps_total += 1;
            if preview.overlaps.len() < LISTED {
                preview.overlaps.push(ImportOverlap {
                    at: record.at.clone(),
                    issue: row.issue.to_string(),
                    started: row.started,
                    seconds: row.seconds,
                    existing: existing.iter().map(|e| e.id.0).collect(),
                });
            }
        }
        count(preview, &row, record);
        tx.stage(&row, &source)?;
        Ok(())
    }
}

/// Counts an entry to import into the preview: its length, its days, and what it does in Jira.
fn count(preview: &mut ImportPreview, row: &ImportedEntry, record: &Record) {
    preview.entries += 1;
    preview.seconds += row.seconds;
    let first = row.started.date_naive();
    let last = (row.started + chrono::Duration::seconds(row.seconds - 1)).date_naive();
    preview.first_day = Some(preview.first_day.map_or(first, |d| d.min(first)));
    preview.last_day = Some(preview.last_day.map_or(last, |d| d.max(last)));
    match &row.restored {
        Restored::Pending | Restored::InDoubt => preview.to_sync += 1,
        Restored::Edited { .. } => {
            preview.to_sync += 1;
            preview.changes_in_jira += 1;
        }
        Restored::Removed { .. } => {
            preview.to_sync += 1;
            preview.deletions_in_jira += 1;
        }
        Restored::Local | Restored::Synced { .. } | Restored::Failed { .. } => {}
    }
    let linked_elsewhere = record.stint.as_ref().is_some_and(|f| f.worklog_id.is_some());
    if linked_elsewhere && matches!(row.restored, Restored::Local) {
        preview.unlinked += 1;
    }
}

/// The options, checked before the source is read.
pub(super) fn check(request: &ImportRequest) -> Result<Checked, AppError> {
    let format = request.format.as_deref().map(Format::parse).transpose()?;
    let zone = request.tz.as_deref().map(Zone::parse).transpose()?.unwrap_or(Zone::Local);
    let date_order = request.date_format.as_deref().map(DateOrder::parse).transpose()?;
    let key_from = request.key_from.as_deref().map(KeyFrom::parse).transpose()?;
    let map = match &request.map {
        Some(path) => {
            let text = read_text(path, 16 << 20)?;
            KeyMap::parse(&path.display().to_string(), &text)?
        }
        None => KeyMap::default(),
    };
    let unmapped = request.unmapped.as_deref().map(IssueKey::parse).transpose()?;
    Ok(Checked { read: ReadOptions { format, zone, date_order, skip_bad: request.skip_bad }, key_from, map, unmapped })
}

/// The entry a record becomes, and the name its issue came from; or why it is not imported.
fn settle(
    record: &Record,
    format: Format,
    checked: &Checked,
    sync: bool,
    here: Option<&JiraLink>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(ImportedEntry, String), String> {
    let seconds =
        record.seconds().ok_or_else(|| "it is still running there: stop it, then import again".to_string())?;
    if seconds < MIN_ENTRY_SECONDS {
        return Err(format!(
            "it lasted {seconds} s, under a minute, Jira's floor: Stint keeps no entry that short (a timer stopped within a minute makes none)"
        ));
    }
    if seconds > MAX_ENTRY_SECONDS {
        return Err(format!(
            "it lasted {}, longer than 24 hours, the longest entry Stint keeps: split it in the tracker it came from, or log its parts as entries of their own",
            stint_domain::format_duration(seconds)
        ));
    }
    let start = check_work_time(record.start, now, "the start").map_err(|e| e.to_string())?;
    if let Some(end) = record.end {
        if end > now {
            return Err("it ends in the future: fix its times there".into());
        }
    }
    let note = match record.note.as_deref() {
        Some(text) => Note::parse(text).map_err(|e| e.to_string())?,
        None => None,
    };
    if let Some(fields) = &record.stint {
        return from_export(fields, start, seconds, note, sync, here);
    }
    let (issue, source) = issue_of(record, checked)?;
    let entry = ImportedEntry {
        issue,
        started: start,
        seconds,
        note,
        restored: if sync { Restored::Pending } else { Restored::Local },
        origin: Origin::Source { name: format.as_str().to_string(), fingerprint: record.fingerprint.clone() },
    };
    Ok((entry, source))
}

/// An entry from a Stint export: its issue and uid, and how it stood with Jira where it came from.
fn from_export(
    fields: &stint_import::StintFields,
    start: DateTime<chrono::FixedOffset>,
    seconds: i64,
    note: Option<Note>,
    sync: bool,
    here: Option<&JiraLink>,
) -> Result<(ImportedEntry, String), String> {
    // A worklog id means something only on the site and account it came from: anywhere else
    // (or with no sign-in to check it against) the entry comes back on this machine only, so
    // no import can make Stint change or delete a worklog it did not create here.
    if fields.worklog_id.is_some() && (fields.jira.is_none() || fields.jira.as_ref() != here) {
        if fields.deleted {
            return Err("it was removed, and its worklog is in Jira elsewhere (another site or account)".into());
        }
        let entry = ImportedEntry {
            issue: fields.issue.clone(),
            started: start,
            seconds,
            note,
            restored: Restored::Local,
            origin: Origin::Stint { uid: fields.uid.clone() },
        };
        return Ok((entry, fields.issue.to_string()));
    }
    let restored = match (fields.sync, fields.worklog_id.clone(), fields.deleted) {
        (_, None, true) => return Err("it was removed, and Jira never had it".into()),
        (_, Some(worklog_id), true) => Restored::Removed { worklog_id },
        (SyncState::Local, _, _) if sync => Restored::Pending,
        (SyncState::Local, _, _) => Restored::Local,
        (SyncState::Failed, worklog_id, _) => Restored::Failed { worklog_id, error: fields.error.clone() },
        (SyncState::Synced, Some(worklog_id), _) => Restored::Synced { worklog_id },
        (_, Some(worklog_id), _) => Restored::Edited { worklog_id },
        // In flight, or marked synced without a worklog id: the sync looks for it by uid first.
        (SyncState::Pushing | SyncState::Synced, None, _) => Restored::InDoubt,
        (SyncState::Pending | SyncState::NeedsSignIn, None, _) => Restored::Pending,
    };
    let entry = ImportedEntry {
        issue: fields.issue.clone(),
        started: start,
        seconds,
        note,
        restored,
        origin: Origin::Stint { uid: fields.uid.clone() },
    };
    Ok((entry, fields.issue.to_string()))
}

/// The issue a tracker's entry goes to, and the name it came from.
fn issue_of(record: &Record, checked: &Checked) -> Result<(IssueKey, String), String> {
    match find_key(&record.names, checked.key_from, &checked.map) {
        Some(found) => Ok(found),
        None => match &checked.unmapped {
            Some(key) => Ok((key.clone(), "unmapped".to_string())),
            None => {
                let places = match checked.key_from {
                    Some(KeyFrom::Tag) => "its tags",
                    Some(KeyFrom::Project) => "its project",
                    Some(KeyFrom::Description) => "its description",
                    None => "its tags, project or description",
                };
                Err(format!("no issue key in {places}"))
            }
        },
    }
}

/// A record's first tag or project: what a map would name.
fn first_name(record: &Record) -> Option<String> {
    record.names.tags.first().or(record.names.projects.first()).map(|n| n.chars().take(60).collect())
}

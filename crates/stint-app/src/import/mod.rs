//! `stint import`: history from Timewarrior, Watson, Toggl Track and Stint's own exports.
//!
//! Two steps, so a shell can show what will happen before anything does: `import_plan` reads the
//! source, maps each entry to a Jira issue, checks it against Stint's rules and the database (what
//! was imported before, what overlaps) and returns a preview; the checked rows wait in the store's
//! staging area (temporary tables on disk), and nothing in the database is changed.
//! `import_apply` writes them in one transaction: all of them or, on any error, none. A source
//! entry imported before is recognised by its fingerprint (or, from a Stint export, its uid) and
//! never added twice, even by two imports racing.
//!
//! Memory does not grow with the source: it is read as a stream (`stint_import::read_each`), each
//! record is checked and staged as it comes, and the preview's lists keep their first
//! `stint_import::LISTED` items with a count of all.
//!
//! Imported entries are local-only unless the user asks for them to go to Jira (`sync`): that
//! history may be in Jira already, and a flood of duplicate worklogs is the worst outcome. Entries
//! from a Stint export keep the sync state they had. Logs get counts only: no note, no name, no key.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use stint_domain::{check_work_time, IssueKey, Note, SyncState, MAX_ENTRY_SECONDS, MIN_ENTRY_SECONDS};
use stint_import::{find_key, DateOrder, Format, JiraLink, KeyFrom, KeyMap, ReadOptions, Record, Zone, LISTED};
use stint_store::{ImportedEntry, Origin, Restored, Tx};

use crate::{AppError, Progress, Stint};

mod sources;

use sources::{read_source, read_text};

/// The largest file Stint reads for an import (a million entries of Toggl CSV is about 150 MiB).
const MOST_BYTES: u64 = 1 << 30;

/// The page cache the import's one transaction may use (SQLite spills beyond it to the WAL).
const WRITE_CACHE_MIB: i64 = 24;

/// Where the history comes from.
#[derive(Debug, Clone)]
pub enum ImportSource {
    /// A file, or a folder (Timewarrior's, or Watson's).
    Path(PathBuf),
    /// This process's standard input, read here with the same bound as a file; a terminal or a
    /// device (`/dev/zero`, which never ends) is refused before anything is read.
    StandardInput,
}

/// What to import and how, as the user typed it.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub source: ImportSource,
    pub format: Option<String>,
    pub key_from: Option<String>,
    pub map: Option<PathBuf>,
    pub unmapped: Option<String>,
    /// Queue the imported entries for Jira instead of keeping them local-only.
    pub sync: bool,
    pub skip_bad: bool,
    /// The zone for times the file gives without an offset (default: the system's).
    pub tz: Option<String>,
    /// Toggl's date order (`DD/MM/YYYY`…), when the file cannot tell.
    pub date_format: Option<String>,
}

/// Entries on one issue, from one source name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportGroup {
    /// The name the key came from (a tag, a project, a mapped name), or `unmapped`.
    pub source: String,
    pub issue: String,
    pub entries: usize,
    pub seconds: i64,
}

/// A source entry that is not imported, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportSkip {
    /// Where it was: `line 4`, `frame 12`, `2026-11.data line 3`.
    pub at: String,
    pub reason: String,
    /// Its first tag or project, to help write a map (not its description, which is a note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An entry to import that shares time with entries already in Stint.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportOverlap {
    pub at: String,
    pub issue: String,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    /// The ids of the entries it overlaps.
    pub existing: Vec<i64>,
}

/// What an import will do (or did).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportPreview {
    pub format: &'static str,
    /// Entries to import, and their total length.
    pub entries: usize,
    pub seconds: i64,
    /// The first and last day they cover (each entry's own date where it was recorded).
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    /// Per source name and issue: the first `LISTED` (1000) of `groups_total`.
    pub groups: Vec<ImportGroup>,
    pub groups_total: usize,
    /// How many of them will be queued for Jira.
    pub to_sync: usize,
    /// Of those, how many change a worklog already in Jira at the next sync, and how many delete one.
    pub changes_in_jira: usize,
    pub deletions_in_jira: usize,
    /// Entries whose worklog is in Jira elsewhere (another site or account than Stint's sign-in,
    /// no sign-in, or an export that does not say where): they come back on this machine only,
    /// without their worklog, and nothing in Jira changes.
    pub unlinked: usize,
    /// Already imported before, or repeated in this source: left out.
    pub duplicates: usize,
    /// Of `duplicates`, the rows that repeat an earlier row of this same source.
    pub repeated_in_source: usize,
    /// Each list holds its first `LISTED` (1000) items; its `_total` counts them all.
    pub skipped: Vec<ImportSkip>,
    pub skipped_total: usize,
    /// Records that could not be read (with `--skip-bad`).
    pub bad: Vec<ImportSkip>,
    pub bad_total: usize,
    pub overlaps: Vec<ImportOverlap>,
    pub overlaps_total: usize,
    /// Things in the source that are not imported, said once.
    pub notices: Vec<String>,
}

/// A checked import, ready to write. Its rows wait in the staging area of the `Stint` that made
/// it, which is the one to apply it with.
#[derive(Debug)]
pub struct ImportPlan {
    pub preview: ImportPreview,
    staged: usize,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    #[serde(flatten)]
    pub preview: ImportPreview,
    pub imported: usize,
    pub dry_run: bool,
}

/// The options, checked before the source is read.
struct Checked {
    read: ReadOptions,
    key_from: Option<KeyFrom>,
    map: KeyMap,
    unmapped: Option<IssueKey>,
}

impl Stint {
    /// Reads the source and decides what an import would do. Changes nothing in the database.
    pub fn import_plan(&mut self, request: &ImportRequest) -> Result<ImportPlan, AppError> {
        let checked = check(request)?;
        let files = read_source(&request.source)?;
        let format = stint_import::format_of(&files, &checked.read)?;
        if format == Format::Stint
            && (checked.key_from.is_some() || !checked.map.is_empty() || checked.unmapped.is_some())
        {
            return Err(AppError::ImportOption(
                "a Stint export names each entry's issue: --key-from, --map and --unmapped do not apply to it; leave them out",
            ));
        }
        let now = self.now();
        let mut preview = ImportPreview {
            format: format.as_str(),
            entries: 0,
            seconds: 0,
            first_day: None,
            last_day: None,
            groups: Vec::new(),
            groups_total: 0,
            to_sync: 0,
            changes_in_jira: 0,
            deletions_in_jira: 0,
            unlinked: 0,
            duplicates: 0,
            repeated_in_source: 0,
            skipped: Vec::new(),
            skipped_total: 0,
            bad: Vec::new(),
            bad_total: 0,
            overlaps: Vec::new(),
            overlaps_total: 0,
            notices: Vec::new(),
        };
        self.store().stage_import()?;
        let staged = self.store().read_staging(|tx| -> Result<usize, AppError> {
            // Worklog ids in an export are taken only for the site and account Stint is signed in to.
            let here = tx.connection()?.map(|c| JiraLink { site: c.site, account_id: c.account_id });
            let mut planner =
                Planner { tx, format, checked: &checked, sync: request.sync, here, now, preview: &mut preview };
            let mut failure = None;
            let read =
                stint_import::read_each(&files, format, &checked.read, &mut |record| match planner.take(&record) {
                    Ok(()) => true,
                    Err(e) => {
                        failure = Some(e);
                        false
                    }
                });
            if let Some(e) = failure {
                return Err(e);
            }
            let summary = read?;
            let (groups, groups_total) = tx.staged_groups(LISTED)?;
            preview.groups = groups
                .into_iter()
                .map(|g| ImportGroup { source: g.source, issue: g.issue, entries: g.entries, seconds: g.seconds })
                .collect();
            preview.groups_total = groups_total;
            preview.bad =
                summary.bad.into_iter().map(|b| ImportSkip { at: b.at, reason: b.problem, name: None }).collect();
            preview.bad_total = summary.bad_total;
            preview.notices = summary.notices;
            Ok(tx.staged_count()?)
        })?;
        Ok(ImportPlan { preview, staged })
    }

    /// Writes a plan's entries in one transaction. One imported meanwhile (by another import) is
    /// left out and counted as a duplicate.
    pub fn import_apply(&mut self, plan: ImportPlan, progress: &dyn Progress) -> Result<Imported, AppError> {
        let now = self.now();
        let ImportPlan { mut preview, staged } = plan;
        progress.begin(staged);
        let imported = self.store().write_large(WRITE_CACHE_MIB, |tx| -> Result<usize, AppError> {
            Ok(tx.import_staged(now, &mut || progress.advance())?)
        })?;
        self.store().end_import_stage()?;
        preview.duplicates += staged.saturating_sub(imported);
        tracing::info!(
            format = preview.format,
            imported,
            duplicates = preview.duplicates,
            skipped = preview.skipped_total,
            bad = preview.bad_total,
            overlaps = preview.overlaps_total,
            queued = preview.to_sync,
            "imported"
        );
        Ok(Imported { preview, imported, dry_run: false })
    }
}

/// Checks records one by one as they are read, staging those to import and counting the rest.
struct Planner<'a, 't> {
    tx: &'a Tx<'t>,
    format: Format,
    checked: &'a Checked,
    sync: bool,
    here: Option<JiraLink>,
    now: DateTime<chrono::Utc>,
    preview: &'a mut ImportPreview,
}

impl Planner<'_, '_> {
    fn take(&mut self, record: &Record) -> Result<(), AppError> {
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
        tx.stage(&row, &source)?;
        Ok(())
    }
}

fn check(request: &ImportRequest) -> Result<Checked, AppError> {
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
        return Ok((entry, fields.issue.to_string()));
    }
    let (issue, source) = match find_key(&record.names, checked.key_from, &checked.map) {
        Some(found) => found,
        None => match &checked.unmapped {
            Some(key) => (key.clone(), "unmapped".to_string()),
            None => {
                let places = match checked.key_from {
                    Some(KeyFrom::Tag) => "its tags",
                    Some(KeyFrom::Project) => "its project",
                    Some(KeyFrom::Description) => "its description",
                    None => "its tags, project or description",
                };
                return Err(format!(
                    "no issue key in {places}: map its name to one with --map FILE, or put such entries on one issue with --unmapped KEY"
                ));
            }
        },
    };
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

/// A record's first tag or project: what a map would name.
fn first_name(record: &Record) -> Option<String> {
    record.names.tags.first().or(record.names.projects.first()).map(|n| n.chars().take(60).collect())
}

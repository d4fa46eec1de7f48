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
use stint_import::{Format, JiraLink};

use crate::{AppError, Progress, Stint};

mod plan;
mod sources;

use plan::{check, Planner};
use sources::read_source;

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
    /// A file's content the window was given (a web page sees a chosen file, not its path).
    Content(std::sync::Arc<[u8]>),
}

/// An import as the window asks for it: a chosen file's content and the import's choices, each
/// as `stint import`'s flag of the same name takes it.
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WindowImport {
    pub content: String,
    pub format: Option<String>,
    pub key_from: Option<String>,
    pub unmapped: Option<String>,
    pub sync: bool,
    pub skip_bad: bool,
    pub date_format: Option<String>,
}

impl std::fmt::Debug for WindowImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WindowImport").finish_non_exhaustive()
    }
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportGroup {
    /// The name the key came from (a tag, a project, a mapped name), or `unmapped`.
    pub source: String,
    pub issue: String,
    pub entries: usize,
    pub seconds: i64,
}

/// A source entry that is not imported, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSkip {
    /// Where it was: `line 4`, `frame 12`, `2026-11.data line 3`.
    pub at: String,
    pub reason: String,
    /// Its first tag or project, to help write a map (not its description, which is a note).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
}

/// An entry to import that shares time with entries already in Stint.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOverlap {
    pub at: String,
    pub issue: String,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub started: DateTime<FixedOffset>,
    pub seconds: i64,
    /// The ids of the entries it overlaps.
    pub existing: Vec<i64>,
}

/// What an import will do (or did).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Imported {
    #[serde(flatten)]
    pub preview: ImportPreview,
    pub imported: usize,
    pub dry_run: bool,
}

impl Stint {
    /// Reads the source and decides what an import would do. Changes nothing in the database.
    pub fn import_plan(&mut self, request: &ImportRequest) -> Result<ImportPlan, AppError> {
        let checked = check(request)?;
        let files = read_source(&request.source)?;
        let format = stint_import::format_of(&files, &checked.read)?;
        if format == Format::Stint && checked.names_issues() {
            return Err(AppError::ImportOption(
                "a Stint export names each entry's issue: where keys are found, a map and an issue for entries without one do not apply to it",
            ));
        }
        let now = self.now();
        let mut preview = ImportPreview { format: format.as_str(), ..ImportPreview::default() };
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
            planner.finish(read?)?;
            Ok(tx.staged_count()?)
        })?;
        Ok(ImportPlan { preview, staged })
    }

    /// The window's first step: reads the chosen file's content and keeps the plan for
    /// `import_confirm` (a new preview replaces it). Changes nothing in the database.
    pub fn import_preview(&mut self, request: WindowImport) -> Result<ImportPreview, AppError> {
        self.pending_import = None;
        let request = ImportRequest {
            source: ImportSource::Content(std::sync::Arc::from(request.content.into_bytes())),
            format: request.format,
            key_from: request.key_from,
            map: None,
            unmapped: request.unmapped,
            sync: request.sync,
            skip_bad: request.skip_bad,
            tz: None,
            date_format: request.date_format,
        };
        let plan = self.import_plan(&request)?;
        let preview = plan.preview.clone();
        self.pending_import = Some(plan);
        Ok(preview)
    }

    /// The window's second step: writes the plan the last preview showed.
    pub fn import_confirm(&mut self) -> Result<Imported, AppError> {
        let plan = self.pending_import.take().ok_or(AppError::NoImportPreviewed)?;
        struct Quiet;
        impl Progress for Quiet {
            fn begin(&self, _: usize) {}
            fn advance(&self) {}
        }
        self.import_apply(plan, &Quiet)
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

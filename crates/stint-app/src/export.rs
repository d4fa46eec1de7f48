//! Exports: everything Stint keeps about the user's work, as JSON or CSV, to stdout or a file
//! written atomically and readable by its owner only (it holds the notes).

use std::io::Write as _;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use stint_store::ExportedEntry;

use crate::views::{local, RunningView};
use crate::{AppError, Stint};

/// An export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(serde::Serialize)]
struct ExportDocument {
    format: &'static str,
    version: u32,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    exported_at: DateTime<FixedOffset>,
    running: Option<RunningView>,
    entries: Vec<ExportedEntry>,
}

impl Stint {
    /// Renders every entry (removed ones waiting for Jira included) between the optional local
    /// dates, and, in JSON, the running timer.
    pub fn export(
        &mut self,
        format: ExportFormat,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<(String, usize), AppError> {
        let now = self.now();
        let (lower, upper) = self.date_range(from, to, None)?;
        let (entries, running) =
            self.store().read(|tx| Ok::<_, AppError>((tx.export(lower, upper)?, tx.running()?)))?;
        let count = entries.len();
        let text = match format {
            ExportFormat::Json => {
                let document = ExportDocument {
                    format: "stint-export",
                    version: 1,
                    exported_at: local(now),
                    running: running.map(|r| RunningView::new(r, now, None)),
                    entries,
                };
                let mut text = serde_json::to_string_pretty(&document)
                    .map_err(|e| AppError::Config { source_name: "export".into(), message: e.to_string() })?;
                text.push('\n');
                text
            }
            ExportFormat::Csv => to_csv(&entries),
        };
        tracing::info!(entries = count, "exported");
        Ok((text, count))
    }

    /// Writes an export to `path`, replacing it atomically; the file is readable by its owner only.
    pub fn export_to(
        &mut self,
        format: ExportFormat,
        from: Option<&str>,
        to: Option<&str>,
        path: &Path,
    ) -> Result<usize, AppError> {
        let (text, count) = self.export(format, from, to)?;
        write_private_atomically(path, text.as_bytes())?;
        Ok(count)
    }
}

const CSV_HEADER: [&str; 9] = ["id", "uid", "issue", "started", "seconds", "note", "sync", "worklog_id", "deleted"];

fn to_csv(entries: &[ExportedEntry]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = out.write_record(CSV_HEADER);
    for e in entries {
        let _ = out.write_record([
            e.entry.id.to_string(),
            e.uid.clone(),
            e.entry.issue.to_string(),
            stint_domain::rfc3339::format(&e.entry.started),
            e.entry.seconds.to_string(),
            e.entry.note.as_ref().map(|n| spreadsheet_safe(n.expose())).unwrap_or_default(),
            e.entry.sync.as_str().to_string(),
            e.worklog_id.clone().unwrap_or_default(),
            e.deleted.to_string(),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A note that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes `bytes` to a temporary file beside `path` (mode 0600), syncs it, and renames it over `path`.
fn write_private_atomically(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let io = |action, source| AppError::Io { action, path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io("write", std::io::Error::other("the path names no file")))?;
    let temp = dir.join(format!(".{}.stint-{}.tmp", name.to_string_lossy(), std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options.open(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(source) = result.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io("write", source));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-5 bugs"), "'-5 bugs");
        assert_eq!(spreadsheet_safe("fixed it"), "fixed it");
    }
}

//! Exports: everything Stint keeps about the user's work, as JSON or CSV, streamed entry by entry
//! (an export of a million entries needs the memory of one), to any writer or to `--out PATH`.
//!
//! Where `--out` leads decides how it is written:
//! - nothing there yet, or a regular file: a temporary file beside it (mode 0600, it holds the
//!   notes), synced, then renamed over it, so a crash never leaves half an export;
//! - a character device, a FIFO, or a stream alias (`/dev/stdout`, `/dev/fd/N`): written through,
//!   never created, truncated or replaced (`--out /dev/null` stays the system's);
//! - anything else (a folder, a block device, a socket, a symbolic link to a file elsewhere, a
//!   dangling link) is refused before anything is written, naming what it is and what to do.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use stint_store::{describe_kind, ExportedEntry};

use crate::files::create_temp_beside;
use crate::views::{local, RunningView};
use crate::{AppError, Stint};

/// An export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Json,
    Csv,
}

/// What `export_to` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportedTo {
    pub entries: usize,
    /// Written through a stream (a pipe, a terminal, `/dev/stdout`): a shell's summary must not
    /// go to standard output, which may be that very stream.
    pub streamed: bool,
}

/// Where `export_into` wrote, and how many entries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportedFile {
    pub path: String,
    pub entries: usize,
}

/// The head of the JSON document; `entries` follow it one per line.
#[derive(serde::Serialize)]
struct ExportHead {
    format: &'static str,
    version: u32,
    #[serde(serialize_with = "stint_domain::rfc3339::serialize")]
    exported_at: DateTime<FixedOffset>,
    running: Option<RunningView>,
    /// The site and account the entries' worklog ids belong to (`null`: not signed in), so an
    /// import onto another site or account never takes them for its own.
    jira: Option<Link>,
}

/// Where an export's worklogs are.
#[derive(serde::Serialize)]
struct Link {
    site: String,
    account_id: String,
}

impl Stint {
    /// Writes every entry (removed ones waiting for Jira included) between the optional local
    /// dates to `out` as it reads them, and, in JSON, the running timer. `target` names `out` in
    /// an error ("standard output"). Returns how many entries were written.
    pub fn export(
        &mut self,
        format: ExportFormat,
        from: Option<&str>,
        to: Option<&str>,
        out: &mut dyn Write,
        target: &str,
    ) -> Result<usize, AppError> {
        let now = self.now();
        let (lower, upper) = self.date_range(from, to, None)?;
        let failed = |source| AppError::Output { target: target.to_string(), source };
        let mut out = BufWriter::new(out);
        let count = self.store().read(|tx| -> Result<usize, AppError> {
            let link = tx.connection()?.map(|c| Link { site: c.site, account_id: c.account_id });
            match format {
                ExportFormat::Json => {
                    let head = ExportHead {
                        format: "stint-export",
                        version: 1,
                        exported_at: local(now),
                        running: tx.running()?.map(|r| RunningView::new(r, now, None)),
                        jira: link,
                    };
                    let head = serde_json::to_string(&head).map_err(|e| failed(e.into()))?;
                    // `{…head…, "entries": [` with the head's closing brace taken off.
                    write!(out, "{},\"entries\":[", &head[..head.len() - 1]).map_err(failed)?;
                    let mut first = true;
                    let count = tx.export_each(lower, upper, |entry| {
                        out.write_all(if first { b"\n" } else { b",\n" }).map_err(failed)?;
                        first = false;
                        serde_json::to_writer(&mut out, &entry).map_err(|e| failed(e.into()))
                    })?;
                    out.write_all(b"\n]}\n").map_err(failed)?;
                    Ok(count)
                }
                ExportFormat::Csv => {
                    let mut csv = csv::Writer::from_writer(&mut out);
                    let csv_failed = |e: csv::Error| failed(e.into());
                    csv.write_record(CSV_HEADER).map_err(csv_failed)?;
                    let count = tx.export_each(lower, upper, |e| {
                        csv.write_record(csv_row(&e, link.as_ref())).map_err(csv_failed)
                    })?;
                    csv.flush().map_err(failed)?;
                    Ok(count)
                }
            }
        })?;
        out.flush().map_err(failed)?;
        tracing::info!(entries = count, "exported");
        Ok(count)
    }

    /// Writes an export to `path` (see the module's notes for what each kind of path gets).
    /// Exports into `folder`, in a file named after the range (`stint-2026-11-23-2026-11-29.csv`,
    /// `stint-all-now.json`), replaced if it exists. Returns the file and what was written.
    pub fn export_into(
        &mut self,
        format: ExportFormat,
        from: Option<&str>,
        to: Option<&str>,
        folder: &Path,
    ) -> Result<ExportedFile, AppError> {
        let now = self.now();
        let day = |text: Option<&str>, none: &str| -> Result<String, AppError> {
            Ok(match text {
                Some(t) => stint_domain::parse_date(t, now, &chrono::Local)?.to_string(),
                None => none.to_string(),
            })
        };
        let ext = match format {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        };
        let path = folder.join(format!("stint-{}-{}.{ext}", day(from, "all")?, day(to, "now")?));
        let written = self.export_to(format, from, to, &path)?;
        Ok(ExportedFile { path: path.display().to_string(), entries: written.entries })
    }

    pub fn export_to(
        &mut self,
        format: ExportFormat,
        from: Option<&str>,
        to: Option<&str>,
        path: &Path,
    ) -> Result<ExportedTo, AppError> {
        // Dates are checked before anything is created.
        self.date_range(from, to, None)?;
        let target = path.display().to_string();
        match destination(path)? {
            Destination::Through(mut file) => {
                let entries = self.export(format, from, to, &mut file, &target)?;
                Ok(ExportedTo { entries, streamed: true })
            }
            Destination::Replace => {
                if path.file_name().is_none() {
                    return Err(AppError::BadOutput {
                        path: path.to_path_buf(),
                        why: "it names no file: give a file name, like stint.json".into(),
                    });
                }
                let (temp, mut file) = create_temp_beside(path).map_err(|source| AppError::Io {
                    action: "write",
                    path: path.to_path_buf(),
                    source,
                })?;
                let written = self
                    .export(format, from, to, &mut file, &target)
                    .and_then(|count| {
                        file.sync_all()
                            .map(|()| count)
                            .map_err(|source| AppError::Output { target: target.clone(), source })
                    })
                    .and_then(|count| {
                        std::fs::rename(&temp, path).map(|()| count).map_err(|source| AppError::Io {
                            action: "write",
                            path: path.to_path_buf(),
                            source,
                        })
                    });
                if written.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                Ok(ExportedTo { entries: written?, streamed: false })
            }
        }
    }
}

const CSV_HEADER: [&str; 11] =
    ["id", "uid", "issue", "started", "seconds", "note", "sync", "worklog_id", "deleted", "jira_site", "jira_account"];

/// One entry as a CSV row; an entry with a worklog says where that worklog is.
fn csv_row(e: &ExportedEntry, link: Option<&Link>) -> [String; 11] {
    let link = link.filter(|_| e.worklog_id.is_some());
    [
        e.entry.id.to_string(),
        e.uid.clone(),
        e.entry.issue.to_string(),
        stint_domain::rfc3339::format(&e.entry.started),
        e.entry.seconds.to_string(),
        e.entry.note.as_ref().map(|n| spreadsheet_safe(n.expose())).unwrap_or_default(),
        e.entry.sync.as_str().to_string(),
        e.worklog_id.clone().unwrap_or_default(),
        e.deleted.to_string(),
        link.map(|l| l.site.clone()).unwrap_or_default(),
        link.map(|l| l.account_id.clone()).unwrap_or_default(),
    ]
}

/// A note that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`;
/// so does one that starts with `'` itself, so that an import can take exactly one off again.
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// How an export reaches `--out`.
enum Destination {
    /// A stream (device, FIFO, an already open file behind `/dev/stdout`): written through.
    Through(File),
    /// A new or regular file: replaced atomically.
    Replace,
}

/// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/*/fd/N`: names for a stream the shell already
/// opened, which may well be a file (`> out.json`).
fn is_stream_alias(path: &Path) -> bool {
    let text = path.to_string_lossy();
    matches!(text.as_ref(), "/dev/stdout" | "/dev/stderr")
        || text.starts_with("/dev/fd/")
        || (text.starts_with("/proc/") && text.contains("/fd/"))
}

fn destination(path: &Path) -> Result<Destination, AppError> {
    let refuse = |why: String| AppError::BadOutput { path: path.to_path_buf(), why };
    let io = |source| AppError::Io { action: "write", path: path.to_path_buf(), source };
    let own = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Destination::Replace),
        Err(source) => return Err(io(source)),
    };
    if own.is_file() {
        return Ok(Destination::Replace);
    }
    let (kind, link) = if own.is_symlink() {
        let target = std::fs::read_link(path).unwrap_or_default();
        match std::fs::metadata(path) {
            Ok(meta) => (meta.file_type(), Some(target)),
            Err(_) => {
                return Err(refuse(format!(
                    "it is a symbolic link to {}, which does not exist: give the path where the export should go",
                    target.display()
                )))
            }
        }
    } else {
        (own, None)
    };
    #[cfg(unix)]
    let stream = {
        use std::os::unix::fs::FileTypeExt;
        kind.is_char_device() || kind.is_fifo()
    };
    #[cfg(not(unix))]
    let stream = false;
    if stream || (kind.is_file() && is_stream_alias(path)) {
        let file = OpenOptions::new().append(true).open(path).map_err(io)?;
        return Ok(Destination::Through(file));
    }
    if let (true, Some(target)) = (kind.is_file(), link) {
        return Err(refuse(format!(
            "it is a symbolic link to {}: Stint does not replace a file through a link; give {} itself to replace it, or another path",
            target.display(),
            target.display()
        )));
    }
    let what = describe_kind(&kind);
    let fix = if kind.is_dir() {
        "name a file in it, like --out DIR/stint.json"
    } else {
        "give a file, a pipe or a terminal"
    };
    Err(refuse(format!("it is a {what}, which Stint does not write exports to: {fix}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-5 bugs"), "'-5 bugs");
        assert_eq!(spreadsheet_safe("fixed it"), "fixed it");
        assert_eq!(spreadsheet_safe("'quoted"), "''quoted");
    }

    #[test]
    fn stream_aliases() {
        for alias in ["/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/1", "/proc/42/fd/3"] {
            assert!(is_stream_alias(Path::new(alias)), "{alias}");
        }
        for not in ["/tmp/out.json", "/dev/sda", "/proc/self/status", "stdout"] {
            assert!(!is_stream_alias(Path::new(not)), "{not}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn destinations() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain.json");
        assert!(matches!(destination(&file), Ok(Destination::Replace)), "a new file");
        std::fs::write(&file, "old").unwrap();
        assert!(matches!(destination(&file), Ok(Destination::Replace)), "a regular file");
        assert!(matches!(destination(Path::new("/dev/null")), Ok(Destination::Through(_))));
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let err = destination(&link).err().unwrap().to_string();
        assert!(err.contains("symbolic link to") && err.contains("plain.json itself"), "{err}");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(destination(&dangling).err().unwrap().to_string().contains("does not exist"));
        let err = destination(dir.path()).err().unwrap().to_string();
        assert!(err.contains("folder") && err.contains("name a file in it"), "{err}");
    }
}

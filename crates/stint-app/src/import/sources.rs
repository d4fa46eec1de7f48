//! Where an import's text comes from: a file, Timewarrior's data folder (its month files), or
//! standard input. Nothing is read whole: each file is handed to the reader as a way to open it
//! (the reader streams it, and may open it more than once), checked and bounded (`files`).
//! Standard input is spooled to an unnamed temporary file first, so it too can be read again.

use std::fs::File;
use std::io::{BufReader, Seek as _};
use std::path::{Path, PathBuf};

use stint_import::{Opened, SourceFile};

use super::{ImportSource, MOST_BYTES};
use crate::files::ReadError;
use crate::AppError;

/// The buffer each file is read through.
const BUFFER: usize = 64 << 10;

/// The files to read: one file, or a folder's.
pub(super) fn read_source(source: &ImportSource) -> Result<Vec<SourceFile<'static>>, AppError> {
    let path = match source {
        ImportSource::StandardInput => {
            let spooled = spool_standard_input(MOST_BYTES)?;
            return Ok(vec![SourceFile::new("", move || {
                let mut file = spooled.try_clone()?;
                file.rewind()?;
                Ok(Box::new(BufReader::with_capacity(BUFFER, file)) as Opened<'static>)
            })]);
        }
        ImportSource::Content(bytes) => {
            if bytes.len() as u64 > MOST_BYTES {
                return Err(AppError::BadImportPath {
                    path: PathBuf::from("the chosen file"),
                    why: too_large(MOST_BYTES),
                });
            }
            let bytes = bytes.clone();
            return Ok(vec![SourceFile::new("", move || {
                Ok(Box::new(std::io::Cursor::new(bytes.clone())) as Opened<'static>)
            })]);
        }
        ImportSource::Path(path) => path,
    };
    let bad = |why: String| AppError::BadImportPath { path: path.clone(), why };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad("there is no such file or folder: check the path".into()),
        _ => AppError::Io { action: "read", path: path.clone(), source: e },
    })?;
    if !meta.is_dir() {
        return Ok(vec![source_file(String::new(), path)?]);
    }
    let frames = path.join("frames");
    if frames.is_file() {
        return Ok(vec![source_file(String::new(), &frames)?]);
    }
    let data = if path.join("data").is_dir() { path.join("data") } else { path.clone() };
    let mut months: Vec<PathBuf> = std::fs::read_dir(&data)
        .map_err(|e| AppError::Io { action: "read", path: data.clone(), source: e })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(is_month_file) && p.is_file())
        .collect();
    if months.is_empty() {
        return Err(bad(
            "this folder holds neither Timewarrior's data (data/YYYY-MM.data) nor Watson's frames file: give the file to import"
                .into(),
        ));
    }
    months.sort();
    months
        .iter()
        .map(|p| source_file(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), p))
        .collect()
}

/// A file on disk, checked now (a regular file within the bound), and again at each opening.
fn source_file(name: String, path: &Path) -> Result<SourceFile<'static>, AppError> {
    drop(open(path)?);
    let path = path.to_path_buf();
    Ok(SourceFile::new(name, move || {
        let file = open(&path).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Box::new(BufReader::with_capacity(BUFFER, file)) as Opened<'static>)
    }))
}

/// `2026-11.data`: one of Timewarrior's month files (not `undo.data`, not `tags.data`).
fn is_month_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 12 && name.ends_with(".data") && b[4] == b'-' && b[..4].iter().chain(&b[5..7]).all(u8::is_ascii_digit)
}

/// Standard input, at most `most` bytes, copied into an unnamed temporary file (removed when it
/// is closed): a pipe or a redirected file, never a terminal or a device.
fn spool_standard_input(most: u64) -> Result<File, AppError> {
    use std::io::Read as _;
    let path = PathBuf::from("standard input");
    let bad = |why: String| AppError::BadImportPath { path: path.clone(), why };
    // What fd 0 is (`/dev/stdin` leads to it); where that cannot be told, it is read as it is.
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata("/dev/stdin") {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return Err(bad(
                "it is a terminal or a device, not a file: pipe the history in, or give the file's path".into()
            ));
        }
        if kind.is_file() && meta.len() > most {
            return Err(bad(too_large(most)));
        }
    }
    let temp = std::env::temp_dir();
    let mut spooled = tempfile::tempfile().map_err(|source| AppError::Io {
        action: "create a temporary file in",
        path: temp,
        source,
    })?;
    let copied = std::io::copy(&mut std::io::stdin().lock().take(most + 1), &mut spooled)
        .map_err(|source| AppError::Io { action: "read", path: path.clone(), source })?;
    if copied > most {
        return Err(bad(too_large(most)));
    }
    Ok(spooled)
}

fn too_large(most: u64) -> String {
    format!("it is larger than {} MiB, more than Stint reads: split it", most >> 20)
}

/// `path`, opened, when it is a regular file within the bound.
fn open(path: &Path) -> Result<File, AppError> {
    let bad = |why: String| AppError::BadImportPath { path: path.to_path_buf(), why };
    match crate::files::open_file(path, MOST_BYTES) {
        Ok(Some(file)) => Ok(file),
        Ok(None) => Err(bad("there is no such file: check the path".into())),
        Err(e) => Err(refusal(path, e)),
    }
}

/// Why `path` is not read, for a person.
fn refusal(path: &Path, e: ReadError) -> AppError {
    let bad = |why: String| AppError::BadImportPath { path: path.to_path_buf(), why };
    match e {
        ReadError::NotAFile(kind) => bad(format!("it is a {kind}: give a file")),
        ReadError::TooLarge => bad(too_large(MOST_BYTES)),
        ReadError::NotText => bad("it is not UTF-8 text: convert it (iconv -t UTF-8) and try again".into()),
        ReadError::Io(source) => AppError::Io { action: "read", path: path.to_path_buf(), source },
    }
}

/// A small file read whole (a map of names to keys), at most `most` bytes.
pub(super) fn read_text(path: &Path, most: u64) -> Result<String, AppError> {
    match crate::files::read_text(path, most) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(AppError::BadImportPath {
            path: path.to_path_buf(),
            why: "there is no such file: check the path".into(),
        }),
        Err(ReadError::TooLarge) => Err(AppError::BadImportPath { path: path.to_path_buf(), why: too_large(most) }),
        Err(e) => Err(refusal(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_files() {
        assert!(is_month_file("2026-11.data"));
        for not in ["undo.data", "tags.data", "2026-1.data", "2026-11.data.bak", "abcd-11.data"] {
            assert!(!is_month_file(not), "{not}");
        }
    }
}

//! Where an import's text comes from: a file, Timewarrior's data folder (its month files), or
//! the text a shell read from standard input. Files are read safely and with a bound (`files`).

use std::path::{Path, PathBuf};

use stint_import::SourceFile;

use super::{ImportSource, MOST_BYTES};
use crate::files::ReadError;
use crate::AppError;

/// The files to read: one file, or a folder's.
pub(super) fn read_source(source: &ImportSource) -> Result<Vec<SourceFile>, AppError> {
    let path = match source {
        ImportSource::Text(text) => return Ok(vec![SourceFile { name: String::new(), text: text.clone() }]),
        ImportSource::StandardInput => {
            return Ok(vec![SourceFile { name: String::new(), text: read_standard_input(MOST_BYTES)? }])
        }
        ImportSource::Path(path) => path,
    };
    let bad = |why: String| AppError::BadImportPath { path: path.clone(), why };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad("there is no such file or folder: check the path".into()),
        _ => AppError::Io { action: "read", path: path.clone(), source: e },
    })?;
    if !meta.is_dir() {
        return Ok(vec![SourceFile { name: String::new(), text: read_text(path, MOST_BYTES)? }]);
    }
    let frames = path.join("frames");
    if frames.is_file() {
        return Ok(vec![SourceFile { name: String::new(), text: read_text(&frames, MOST_BYTES)? }]);
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
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(SourceFile { name, text: read_text(p, MOST_BYTES)? })
        })
        .collect()
}

/// `2026-11.data`: one of Timewarrior's month files (not `undo.data`, not `tags.data`).
fn is_month_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 12 && name.ends_with(".data") && b[4] == b'-' && b[..4].iter().chain(&b[5..7]).all(u8::is_ascii_digit)
}

/// Standard input, at most `most` bytes: a pipe or a redirected file, never a terminal or a device.
fn read_standard_input(most: u64) -> Result<String, AppError> {
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
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(most + 1).read_to_end(&mut bytes).map_err(|source| AppError::Io {
        action: "read",
        path: path.clone(),
        source,
    })?;
    if bytes.len() as u64 > most {
        return Err(bad(too_large(most)));
    }
    String::from_utf8(bytes).map_err(|_| bad(NOT_TEXT.into()))
}

fn too_large(most: u64) -> String {
    format!("it is larger than {} MiB, more than Stint reads: split it", most >> 20)
}

const NOT_TEXT: &str = "it is not UTF-8 text: convert it (iconv -t UTF-8) and try again";

pub(super) fn read_text(path: &Path, most: u64) -> Result<String, AppError> {
    let bad = |why: String| AppError::BadImportPath { path: path.to_path_buf(), why };
    match crate::files::read_text(path, most) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(bad("there is no such file: check the path".into())),
        Err(ReadError::NotAFile(kind)) => Err(bad(format!("it is a {kind}: give a file"))),
        Err(ReadError::TooLarge) => Err(bad(too_large(most))),
        Err(ReadError::NotText) => Err(bad(NOT_TEXT.into())),
        Err(ReadError::Io(source)) => Err(AppError::Io { action: "read", path: path.to_path_buf(), source }),
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

//! The config file: read safely (a bounded, regular file; a link is followed, as dotfile managers
//! link config files), and one setting written back without losing the rest of the file.

use std::path::Path;

use super::keys::KEYS;
use super::Settings;
use crate::files::{read_text, write_atomically, ReadError};
use crate::AppError;

/// A config file is a few lines; a huge one is a mistake, never read whole into memory.
const MOST: u64 = 1024 * 1024;

/// Writes one setting into the config file, checked as loading checks it, keeping every other
/// line (comments included). The file is replaced atomically; a linked file is written where the
/// link points. Nothing changes when the value is refused.
pub(super) fn write_setting(file: &Path, key: &str, value: &str) -> Result<(), AppError> {
    let config_error = |message: String| AppError::Config { source_name: source_name(file), message };
    let index = KEYS.iter().position(|k| k.name == key).ok_or_else(|| {
        let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        config_error(format!("`{key}` is not a setting; the settings are {}", known.join(", ")))
    })?;
    (KEYS[index].apply)(&mut Settings::default(), value).map_err(|e| config_error(format!("`{key}`: {e}")))?;
    let text = read_config(file)?.unwrap_or_default();
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        config_error(format!("{} (fix the file first)", where_in(&text, e.span(), e.message())))
    })?;
    doc[key] = toml_edit::value(value.trim());
    let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    if let Some(dir) = target.parent() {
        crate::paths::create_private_dir(dir)?;
    }
    write_atomically(&target, doc.to_string().as_bytes()).map_err(|source| AppError::Io {
        action: "write",
        path: target.clone(),
        source,
    })
}

/// A TOML error as "line N, column M: what is wrong", never quoting the line: it may hold a
/// secret (an unclosed `oauth_client_secret = "…`).
pub(super) fn where_in(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    match span {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

fn source_name(file: &Path) -> String {
    format!("the config file {}", file.display())
}

/// Whether `text` is a config file holding Stint's settings and nothing else (whatever their
/// values): what `purge` may delete.
pub(crate) fn is_stint_config(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|table| table.keys().all(|name| KEYS.iter().any(|k| k.name == name)))
}

/// Whether the file at `path` is Stint's config file (see `is_stint_config`).
pub(crate) fn is_stint_config_file(path: &Path) -> bool {
    read_text(path, MOST).ok().flatten().is_some_and(|text| is_stint_config(&text))
}

/// The config file's text, or `None` when there is none.
pub(super) fn read_config(file: &Path) -> Result<Option<String>, AppError> {
    let config_error = |message: &str| AppError::Config { source_name: source_name(file), message: message.into() };
    read_text(file, MOST).map_err(|e| match e {
        ReadError::NotAFile(kind) => AppError::Config {
            source_name: source_name(file),
            message: format!("it is a {kind}, not a file: replace it with a file, or remove it"),
        },
        ReadError::TooLarge => {
            config_error("it is larger than 1 MiB, far more than any settings: check that it is the right file")
        }
        ReadError::NotText => config_error("it is not UTF-8 text: save it as UTF-8"),
        ReadError::Io(source) => AppError::Io { action: "read", path: file.to_path_buf(), source },
    })
}

/// A TOML value as setting text: a string, or an array of strings (joined with commas).
pub(super) fn toml_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Array(items) => {
            items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().map(|v| v.join(","))
        }
        _ => None,
    }
}

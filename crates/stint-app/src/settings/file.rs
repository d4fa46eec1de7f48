//! The config file: read safely (a bounded, regular file; a link is followed, as dotfile managers
//! link config files), and one setting written back without losing the rest of the file.

use std::path::Path;

use stint_settings::{check_setting, is_stint_config, where_in};

use crate::files::{read_text, write_atomically, ReadError};
use crate::AppError;

/// A config file is a few lines; a huge one is a mistake, never read whole into memory.
const MOST: u64 = 1024 * 1024;

/// Writes one setting into the config file, checked as loading checks it, keeping every other
/// line (comments included). The file is replaced atomically; a linked file is written where the
/// link points. Nothing changes when the value is refused.
pub(super) fn write_setting(file: &Path, key: &str, value: &str) -> Result<(), AppError> {
    let config_error = |message: String| AppError::Config { source_name: source_name(file), message };
    check_setting(key, value).map_err(|e| super::config_error(file, e))?;
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

pub(super) fn source_name(file: &Path) -> String {
    format!("the config file {}", file.display())
}

/// Whether the file at `path` is Stint's config file (see `stint_settings::is_stint_config`).
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

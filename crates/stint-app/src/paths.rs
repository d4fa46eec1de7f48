//! Where Stint keeps its files: everything under `STINT_HOME` when it is set, otherwise the
//! platform's standard folders (XDG on Linux: `~/.local/share/stint`, `~/.config/stint`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::AppError;

/// Every file and folder Stint writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Holds the database and the logs.
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub log_dir: PathBuf,
    pub config_file: PathBuf,
    /// The desktop window's size and place (written by the window, beside the config file).
    pub window_state: PathBuf,
    /// What the window's web engine writes even with no web storage (WebKitGTK's salts, its
    /// empty caches): a folder of Stint's own, so purge can remove it whole.
    pub webview_dir: PathBuf,
    /// The XDG autostart entry that starts the tray at login (when the person turned it on). It
    /// is where the desktop looks for it (`$XDG_CONFIG_HOME/autostart`), even with `STINT_HOME`.
    pub autostart: PathBuf,
}

impl Paths {
    /// Resolves the paths from `STINT_HOME` (pass its value) or the platform's folders.
    pub fn resolve(stint_home: Option<OsString>) -> Result<Paths, AppError> {
        match stint_home.filter(|h| !h.is_empty()) {
            Some(home) => {
                let home = PathBuf::from(home);
                if !home.is_absolute() {
                    return Err(AppError::RelativeHome(home.display().to_string()));
                }
                if home.exists() && !home.is_dir() {
                    return Err(AppError::HomeNotAFolder(home.display().to_string()));
                }
                Ok(Paths::under(&home, &home))
            }
            None => {
                let dirs = directories::ProjectDirs::from("", "", "stint").ok_or(AppError::NoHome)?;
                Ok(Paths::under(dirs.data_dir(), dirs.config_dir()))
            }
        }
    }

    /// Resolves from the process environment.
    pub fn from_env() -> Result<Paths, AppError> {
        Paths::resolve(std::env::var_os("STINT_HOME"))
    }

    fn under(data: &Path, config: &Path) -> Paths {
        Paths {
            data_dir: data.to_path_buf(),
            database: data.join("stint.db"),
            log_dir: data.join("logs"),
            config_file: config.join("config.toml"),
            window_state: config.join("window-state.json"),
            webview_dir: data.join("webview"),
            autostart: autostart_dir().join("stint-tray.desktop"),
        }
    }

    /// Creates the data folder (owner-only) if needed.
    pub fn ensure_data_dir(&self) -> Result<(), AppError> {
        create_private_dir(&self.data_dir)
    }
}

/// One of Stint's programs (`stint-tray`, `stint-desktop`): beside the running one, as the
/// package installs them, else by name on `PATH`.
pub fn sibling_program(name: &str) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// `$XDG_CONFIG_HOME/autostart` (an absolute one), else `~/.config/autostart`.
fn autostart_dir() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|b| b.config_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("/nonexistent"))
        .join("autostart")
}

/// Creates a folder readable by its owner only (and its parents, with default permissions).
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), AppError> {
    if dir.is_dir() {
        return Ok(());
    }
    let io = |source| AppError::Io { action: "create the folder", path: dir.to_path_buf(), source };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stint_home_holds_everything() {
        let p = Paths::resolve(Some("/tmp/stint-x".into())).unwrap();
        assert_eq!(p.database, Path::new("/tmp/stint-x/stint.db"));
        assert_eq!(p.config_file, Path::new("/tmp/stint-x/config.toml"));
        assert_eq!(p.log_dir, Path::new("/tmp/stint-x/logs"));
    }

    #[test]
    fn a_relative_home_is_refused() {
        let err = Paths::resolve(Some("relative/dir".into())).unwrap_err();
        assert!(err.is_bad_input());
        assert!(err.to_string().contains("absolute"));
    }
}

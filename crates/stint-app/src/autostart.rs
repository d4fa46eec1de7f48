//! Starting the tray at login: an XDG autostart entry (`~/.config/autostart/stint-tray.desktop`),
//! off by default, turned on and off from the window's settings. Stint writes and removes only an
//! entry it wrote itself (it carries `X-Stint-Autostart=true`).

use std::path::Path;

use crate::files::{read_text, write_atomically};
use crate::{AppError, Stint};

const MARKER: &str = "X-Stint-Autostart=true";

/// Whether `file` is the entry Stint writes.
pub(crate) fn is_ours(file: &Path) -> bool {
    read_text(file, 16 * 1024).ok().flatten().is_some_and(|text| text.lines().any(|l| l.trim() == MARKER))
}

fn entry(program: &Path) -> String {
    // Exec quoting (the Desktop Entry specification): a path with spaces or quotes is quoted.
    let path = program.display().to_string();
    let exec = if path.contains([' ', '"', '\'', '\\', '$', '`']) {
        format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\"").replace('`', "\\`").replace('$', "\\$"))
    } else {
        path
    };
    format!(
        "[Desktop Entry]\nType=Application\nName=Stint tray\nComment=Stint's timer in the system tray\nExec={exec}\n\
         Icon=stint-desktop\nTerminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n{MARKER}\n"
    )
}

impl Stint {
    /// Whether the tray starts at login.
    pub fn autostart(&self) -> bool {
        is_ours(&self.paths().autostart)
    }

    /// Turns starting the tray at login on or off. Returns the tray's panel as it is now.
    pub fn set_autostart(&mut self, on: bool) -> Result<crate::TrayPanel, AppError> {
        let file = self.paths().autostart.clone();
        let io = |source| AppError::Io { action: "write", path: file.clone(), source };
        if on {
            if std::fs::symlink_metadata(&file).is_ok() && !is_ours(&file) {
                return Err(AppError::BadOutput {
                    path: file.clone(),
                    why: "another program's autostart entry is there: Stint does not replace it; remove it first"
                        .into(),
                });
            }
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            write_atomically(&file, entry(&crate::paths::sibling_program("stint-tray")).as_bytes()).map_err(io)?;
        } else if is_ours(&file) {
            std::fs::remove_file(&file).map_err(io)?;
        }
        tracing::info!(on, "autostart");
        self.tray_panel()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_quotes_odd_paths_and_is_recognised() {
        let plain = entry(Path::new("/usr/bin/stint-tray"));
        assert!(plain.contains("Exec=/usr/bin/stint-tray\n") && plain.contains(MARKER));
        let odd = entry(Path::new("/opt/my apps/stint-tray"));
        assert!(odd.contains("Exec=\"/opt/my apps/stint-tray\"\n"), "{odd}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("stint-tray.desktop");
        std::fs::write(&file, &plain).unwrap();
        assert!(is_ours(&file));
        std::fs::write(&file, "[Desktop Entry]\nExec=other\n").unwrap();
        assert!(!is_ours(&file));
    }
}

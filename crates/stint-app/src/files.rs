//! Stint's own small files, read and written safely, in one place: the config file, the tray's
//! autostart entry, import files and exports.
//!
//! - `read_text` reads a file of text with a bound on its size, and only a regular file (a link
//!   is followed): a FIFO or a device is refused instead of read, since reading a FIFO waits
//!   forever and a device never ends.
//! - `write_atomically` replaces a file whole: a new file beside it (owner-only), written and
//!   synced, then renamed over it, so a crash never leaves half a file.
//! - `create_temp_beside` is the first half of that, for an export streamed into it.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// Why a text file could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// It is not a regular file (a folder, a FIFO, a device: `describe_kind`'s word for it).
    NotAFile(&'static str),
    /// It is larger than the bound.
    TooLarge,
    /// It is not UTF-8 text.
    NotText,
    Io(std::io::Error),
}

/// The text of `path`, or `None` when there is no such file; at most `most` bytes.
pub(crate) fn read_text(path: &Path, most: u64) -> Result<Option<String>, ReadError> {
    let Some(file) = open_file(path, most)? else { return Ok(None) };
    let mut bytes = Vec::new();
    file.take(most + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > most {
        return Err(ReadError::TooLarge);
    }
    String::from_utf8(bytes).map(Some).map_err(|_| ReadError::NotText)
}

/// `path` opened for reading when it is a regular file of at most `most` bytes (its text is the
/// reader's to check); `None` when there is no such file.
pub(crate) fn open_file(path: &Path, most: u64) -> Result<Option<File>, ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer unless it is non-blocking.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(stint_store::describe_kind(&meta.file_type())));
    }
    if meta.len() > most {
        return Err(ReadError::TooLarge);
    }
    Ok(Some(file))
}

/// Replaces `path` with `bytes` whole, readable by its owner only.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (temp, mut file) = create_temp_beside(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Creates a new temporary file beside `path`, readable by its owner only: renamed over `path`
/// once written.
pub(crate) fn create_temp_beside(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let temp = dir.join(format!(".{}.stint-{}.tmp", name.to_string_lossy(), std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // A temporary file a crash left behind under this name is stale: Stint's own, replaced.
    if std::fs::symlink_metadata(&temp).is_ok_and(|m| m.is_file()) {
        let _ = std::fs::remove_file(&temp);
    }
    Ok((temp.clone(), options.open(&temp)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_files_only_within_their_bound() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        assert!(matches!(read_text(&file, 10), Ok(None)));
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read_text(&file, 10).unwrap().as_deref(), Some("hello"));
        assert!(matches!(read_text(&file, 4), Err(ReadError::TooLarge)));
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&file, 10), Err(ReadError::NotText)));
        assert!(matches!(read_text(dir.path(), 10), Err(ReadError::NotAFile("folder"))));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
            assert!(matches!(read_text(&fifo, 10), Err(ReadError::NotAFile(_))), "a FIFO is refused, not waited on");
            assert!(matches!(read_text(Path::new("/dev/zero"), 10), Err(ReadError::NotAFile(_))));
        }
    }

    #[test]
    fn replaces_a_file_whole_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.txt");
        std::fs::write(&file, "old").unwrap();
        write_atomically(&file, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("b.txt")], "no temporary file is left");
    }
}

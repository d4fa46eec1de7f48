//! Wakes the tray when the database changes (a commit by the CLI, the window or the tray itself
//! writes the `-wal` file), through inotify: no polling, so an idle tray sleeps. The folder is
//! watched, so a database created, replaced or removed (`stint purge`) is seen too.

use std::ffi::OsStr;

use futures_util::StreamExt;
use inotify::{Inotify, WatchMask};
use stint_app::Paths;

use crate::{Cmd, Sender};

pub fn spawn(paths: &Paths, tx: Sender) -> std::io::Result<()> {
    let inotify = Inotify::init()?;
    inotify.watches().add(
        &paths.data_dir,
        WatchMask::MODIFY | WatchMask::CLOSE_WRITE | WatchMask::CREATE | WatchMask::DELETE | WatchMask::MOVED_TO,
    )?;
    let name = paths.database.file_name().map(OsStr::to_os_string).unwrap_or_default();
    let wal = {
        let mut wal = name.clone();
        wal.push("-wal");
        wal
    };
    let mut events = inotify.into_event_stream([0u8; 4096])?;
    tokio::spawn(async move {
        while let Some(Ok(event)) = events.next().await {
            let Some(file) = event.name else { continue };
            if file == name && event.mask.contains(inotify::EventMask::DELETE) {
                let _ = tx.send(Cmd::Purged);
            } else if file == name || file == wal {
                let _ = tx.send(Cmd::Refresh);
            }
        }
    });
    Ok(())
}

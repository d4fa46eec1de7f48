//! Logging to rolling files in the data folder. Log lines carry ids, counts and error codes only:
//! notes are `Private`, issue keys redact themselves in `Debug`, and errors are logged by `code()`.
//! A log folder that cannot be written is not fatal: Stint then runs without a log.

use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

use crate::paths::{create_private_dir, Paths};

/// How many daily log files are kept.
const KEEP_FILES: usize = 14;

/// Sends this process's `tracing` events to `<data>/logs/stint.YYYY-MM-DD.log`. `filter` is an
/// `EnvFilter` directive (from `STINT_LOG`), `info` by default. Returns whether logging is on.
pub fn init_logging(paths: &Paths, filter: Option<&str>) -> bool {
    if create_private_dir(&paths.log_dir).is_err() {
        return false;
    }
    let Ok(appender) = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("stint")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(&paths.log_dir)
    else {
        return false;
    };
    let mut filter = filter.and_then(|f| EnvFilter::try_new(f).ok()).unwrap_or_else(|| EnvFilter::new("info"));
    // The D-Bus libraries trace the messages they carry (menu labels, notification texts, which
    // hold issue keys): only their errors are logged, whatever the level asked for.
    for quiet in ["zbus=error", "ksni=error", "notify_rust=error"] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt().with_writer(appender).with_ansi(false).with_env_filter(filter).try_init().is_ok()
}

//! The `Stint` facade: one value per database, holding its connection, the settings and the
//! clock. Every operation a shell can ask for is a method on it, in the module of its concern:
//! `timer` (start, stop, a silence, heartbeats), `entries` and `split_merge` (log, change,
//! remove, list, split, merge), `week` (a week, a trend), `settings`, `reminders` and `desktop`
//! (what the tray decides and records), `jira` (sign-in, sync, issues), `privacy` (what is where,
//! purge), `export` and `import`. Each call is one transaction. Calls block (SQLite, the
//! keychain): async shells run them on a blocking thread, or run the `jira` jobs on their runtime.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, FixedOffset, Local, Utc};
use stint_domain::{check_work_time, parse_time, Entry, EntryId};
use stint_store::Store;

use crate::{AppError, Paths, Settings};

/// Where the application reads the time. Real shells use `Utc::now`; tests pin it.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A range of instants `[lower, upper)`; either end may be open.
pub(crate) type Span = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The facade's one connection, shared with the jobs it hands out: a sync runs on it while the
/// facade answers other calls, each holding it for one transaction at a time.
pub(crate) type SharedStore = Arc<Mutex<Store>>;

/// How many outright removals `undo_remove` can take back.
pub(crate) const UNDO_DEPTH: usize = 20;

/// Stint's application API over one database.
pub struct Stint {
    store: SharedStore,
    pub(crate) settings: Settings,
    clock: Clock,
    paths: Paths,
    /// The `STINT_<SETTING>` variables as they were at open, to reload settings the same way.
    env: Vec<(String, String)>,
    /// Entries this facade removed outright (never sent to Jira), so that `undo_remove` can bring
    /// them back while the window that removed them is open. Memory only, at most `UNDO_DEPTH`.
    pub(crate) removed: Vec<Entry>,
    /// How the person reads a time of day (their locale at open).
    time_locale: stint_domain::TimeLocale,
    /// The import the window last previewed, waiting for the person's yes.
    pub(crate) pending_import: Option<crate::ImportPlan>,
}

impl fmt::Debug for Stint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stint").field("database", &self.paths.database).finish_non_exhaustive()
    }
}

impl Stint {
    /// Loads the settings (the config file, then `env`), and opens the database.
    pub fn open(paths: &Paths, env: impl Fn(&str) -> Option<String>) -> Result<Stint, AppError> {
        Stint::open_with_clock(paths, env, Box::new(Utc::now))
    }

    pub fn open_with_clock(
        paths: &Paths,
        env: impl Fn(&str) -> Option<String>,
        clock: Clock,
    ) -> Result<Stint, AppError> {
        let time_locale = stint_domain::TimeLocale::from_env(&env);
        let env: Vec<(String, String)> =
            crate::settings::setting_variables().filter_map(|name| env(&name).map(|value| (name, value))).collect();
        let (settings, _) = crate::settings::load(&paths.config_file, |name| lookup(&env, name))?;
        paths.ensure_data_dir()?;
        let store = Arc::new(Mutex::new(Store::open(&paths.database)?));
        Ok(Stint {
            store,
            settings,
            clock,
            paths: paths.clone(),
            env,
            removed: Vec::new(),
            time_locale,
            pending_import: None,
        })
    }

    /// Whether this facade's database file is still there (another process may have purged it).
    pub fn database_still_there(&self) -> bool {
        self.store().is_still_at_path()
    }

    /// Changes when another process writes to the database (see `Store::data_version`).
    pub fn data_version(&mut self) -> Result<i64, AppError> {
        Ok(self.store().data_version()?)
    }

    /// The connection, for one transaction.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// The connection, for a job that outlives this call.
    pub(crate) fn shared_store(&self) -> SharedStore {
        self.store.clone()
    }

    pub(crate) fn paths(&self) -> &Paths {
        &self.paths
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// How the person reads a time of day and a date (from `LC_ALL`, `LC_TIME` or `LANG` at open):
    /// every shell shows times so, and Stint reads them back as typed.
    pub fn time_locale(&self) -> &stint_domain::TimeLocale {
        &self.time_locale
    }

    /// A local instant as the person types it, to the minute: `2026-11-23 09:00` or
    /// `2026-11-23 9:00 AM` (what an edit field starts with).
    pub(crate) fn typed_time(&self, t: DateTime<Utc>) -> String {
        let local = t.with_timezone(&chrono::Local);
        format!("{} {}", local.format("%Y-%m-%d"), self.time_locale.clock(local.time()))
    }

    pub(crate) fn env_vars(&self) -> &[(String, String)] {
        &self.env
    }

    /// A silence this long while a timer runs is a gap to settle.
    pub(crate) fn gap_threshold(&self) -> i64 {
        self.settings.idle_gap_seconds.unwrap_or(i64::MAX)
    }

    /// A typed time of work: not in the future, not before 2000, with an offset Jira accepts.
    pub(crate) fn work_time(
        &self,
        input: &str,
        what: &'static str,
        now: DateTime<Utc>,
    ) -> Result<DateTime<FixedOffset>, AppError> {
        Ok(check_work_time(parse_time(input, now, &Local)?, now, what)?)
    }
}

/// Takes the shared connection; a panic elsewhere while it was held leaves SQLite consistent (the
/// transaction rolled back), so the lock is taken anyway.
pub(crate) fn lock(store: &SharedStore) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn lookup(env: &[(String, String)], name: &str) -> Option<String> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// An entry id as a person typed it (`42`).
pub fn parse_id(text: &str) -> Result<EntryId, AppError> {
    text.parse::<EntryId>().ok().filter(|id| id.0 > 0).ok_or_else(|| AppError::BadId(text.chars().take(30).collect()))
}

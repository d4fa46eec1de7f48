//! The tray while it runs: starting up, then one loop over its commands, the minute, the planned
//! background sync and the signals. Every decision (what is due, when to sync, what the menu
//! shows) is the facade's; this is the wiring between it and the desktop.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ksni::TrayMethods;
use stint_app::{AppError, GapChoice, Paths, Stint, StopRequest, SyncPacer, TrayFacts, TrayView};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::time::Instant;

use crate::{desktop, menu, notify, say, watch, Cmd, Sender, Worker, BUS_NAME};

/// What the main loop keeps between events.
struct State {
    away: bool,
    /// NetworkManager's last word (`None`: no NetworkManager; backoff alone decides).
    online: Option<bool>,
    next_sync: Option<Instant>,
    /// When the next background sync is due (the rule is the facade's).
    pacer: SyncPacer,
    view: Option<TrayView>,
    /// The database's `data_version` when the menu was last refreshed: it moves only when another
    /// process commits, so the file changes the tray's own writes make (its heartbeat) are told
    /// apart and wake nothing more.
    version: Option<i64>,
}

/// The tray's parts once it is up: the bus, the facade, what tells it things and what it shows.
struct Tray {
    bus: zbus::Connection,
    worker: Worker,
    rx: UnboundedReceiver<Cmd>,
    tx: Sender,
    idle: desktop::IdleSource,
    notifier: notify::Notifier,
    handle: ksni::Handle<menu::StintTray>,
    state: State,
}

/// What the loop does after an event.
enum Step {
    /// Read the facts again and show them.
    Refresh,
    /// Nothing changed that the menu shows (the tray's own write came back through inotify).
    Nothing,
    Quit,
}

/// Runs the tray until it is asked to quit, its session ends, or its database is removed.
pub(crate) async fn run(paths: Paths) -> Result<(), String> {
    let bus = zbus::Connection::session()
        .await
        .map_err(|e| format!("no D-Bus session bus ({e}): the tray runs inside a desktop session"))?;
    if !claim_the_name(&bus).await? {
        say("Stint's tray is already running");
        return Ok(());
    }
    // Ready before it shows: a session that ends at once (SIGTERM), a signal sent the moment the
    // item appears, and the facts a settings screen reads are all in place before the item is on
    // the bus, which is what a tray host (and a test) takes as "running".
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| format!("could not watch for SIGTERM: {e}"))?;
    let tray = Tray::start(bus, &paths).await?;
    tray.serve(terminate).await;
    Ok(())
}

/// Owning the name is being the one tray: the bus gives it to one process, and takes it back when
/// that process ends, however it ends. `false`: another tray has it.
async fn claim_the_name(bus: &zbus::Connection) -> Result<bool, String> {
    match bus.request_name_with_flags(BUS_NAME, zbus::fdo::RequestNameFlags::DoNotQueue.into()).await {
        Ok(zbus::fdo::RequestNameReply::PrimaryOwner) => Ok(true),
        Ok(_) | Err(zbus::Error::NameTaken) => Ok(false),
        Err(e) => Err(format!("could not register on the session bus: {e}")),
    }
}

impl Tray {
    /// Opens the facade, listens to the database and the desktop, records what it found, and puts
    /// the item on the bus.
    async fn start(bus: zbus::Connection, paths: &Paths) -> Result<Tray, String> {
        let worker = {
            let paths = paths.clone();
            let app = tokio::task::spawn_blocking(move || Stint::open(&paths, |name| std::env::var(name).ok()))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            Worker(Arc::new(Mutex::new(app)))
        };
        let (tx, rx) = unbounded_channel();
        watch::spawn(paths, tx.clone()).map_err(|e| format!("could not watch {}: {e}", paths.data_dir.display()))?;
        let system = desktop::watch_system(tx.clone()).await;
        let idle = desktop::IdleSource::find(&bus).await;
        desktop::watch_screensaver(&bus, tx.clone()).await;
        let notifier = notify::Notifier::new(tx.clone()).await;
        let facts = TrayFacts { idle: idle.name(), logind: system.logind, network_manager: system.network_manager };
        worker.call(move |app| app.record_tray_facts(&facts)).await.map_err(|e| e.to_string())?;
        let view = worker.call(|app| app.tray_view()).await.map_err(|e| e.to_string())?;
        let item = menu::StintTray::new(view.clone(), tx.clone());
        let handle =
            item.assume_sni_available(true).spawn().await.map_err(|e| format!("could not show the tray: {e}"))?;
        tracing::info!(idle = idle.name(), logind = system.logind, network = system.network_manager, "tray running");
        let state = State {
            away: false,
            online: system.online,
            next_sync: None,
            pacer: SyncPacer::default(),
            view: Some(view),
            version: None,
        };
        Ok(Tray { bus, worker, rx, tx, idle, notifier, handle, state })
    }

    /// The loop: commands, the minute, the planned sync and the signals, until one ends it.
    async fn serve(mut self, mut terminate: tokio::signal::unix::Signal) {
        // What is due now is said now, not at the next minute.
        remind(&self.worker, &self.notifier).await;
        schedule_sync(&mut self.state);
        let mut minute = match crate::minute::ticks() {
            Ok(ticks) => ticks,
            Err(e) => {
                tracing::error!(error = %e, "no timer for the minute: the tray quits");
                return;
            }
        };
        loop {
            let next_sync = self.state.next_sync;
            let step = tokio::select! {
                cmd = self.rx.recv() => match cmd {
                    Some(cmd) => self.on_commands(cmd).await,
                    None => Step::Quit,
                },
                Some(()) = minute.recv() => if self.on_tick().await { Step::Refresh } else { Step::Quit },
                _ = sleep_until(next_sync) => {
                    self.state.next_sync = None;
                    sync(&mut self.state, &self.worker, true).await;
                    Step::Refresh
                }
                _ = tokio::signal::ctrl_c() => Step::Quit,
                _ = terminate.recv() => Step::Quit,
            };
            // Whatever happened, the menu shows the facts as they are now (and a removed
            // database ends the tray); a file change of the tray's own needs nothing.
            match step {
                Step::Quit => break,
                Step::Refresh if !refresh(&mut self.state, &self.worker, &self.handle).await => break,
                Step::Refresh | Step::Nothing => {}
            }
            schedule_sync(&mut self.state);
        }
        self.handle.shutdown().await;
        tracing::info!("tray quit");
    }

    /// A command and the ones queued behind it.
    async fn on_commands(&mut self, mut cmd: Cmd) -> Step {
        let mut acted = false;
        loop {
            match cmd {
                Cmd::Quit | Cmd::Purged => return Step::Quit,
                Cmd::Refresh if !acted && !self.changed_elsewhere().await => {}
                // Changes come in bursts (a sync, an import): one refresh after them.
                Cmd::Refresh => {
                    acted = true;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                other => {
                    acted = true;
                    handle_cmd(other, &mut self.state, &self.worker, &self.notifier, &self.tx).await;
                }
            }
            match self.rx.try_recv() {
                Ok(next) => cmd = next,
                Err(_) if acted => return Step::Refresh,
                Err(_) => return Step::Nothing,
            }
        }
    }

    /// Whether another process wrote the database since the menu was refreshed (the tray's own
    /// writes do not count: the menu was refreshed after them).
    async fn changed_elsewhere(&self) -> bool {
        match (self.worker.call(|app| app.data_version()).await, self.state.version) {
            (Ok(now), Some(seen)) => now != seen,
            _ => true,
        }
    }

    /// The minute: the session is over when its bus is gone (so is the tray), else the minute's work.
    async fn on_tick(&mut self) -> bool {
        if !session_alive(&self.bus).await {
            tracing::info!("the session bus is gone: the tray quits");
            return false;
        }
        on_minute(&mut self.state, &self.worker, &self.idle, &self.notifier).await;
        true
    }
}

async fn session_alive(bus: &zbus::Connection) -> bool {
    match zbus::fdo::DBusProxy::new(bus).await {
        Ok(proxy) => proxy.get_id().await.is_ok(),
        Err(_) => false,
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

async fn handle_cmd(cmd: Cmd, state: &mut State, worker: &Worker, notifier: &notify::Notifier, tx: &Sender) {
    match cmd {
        Cmd::Refresh | Cmd::Quit | Cmd::Purged => {}
        Cmd::Start(issue) => {
            // On the site the issue was last on, when there are several.
            let started = worker.call(move |app| app.start_again(&issue)).await;
            settle_or_report(started.map(|_| ()), notifier, tx).await;
        }
        Cmd::Stop => {
            let stopped = worker.call(|app| app.stop(StopRequest { at: None, note: None, gap: GapChoice::Ask })).await;
            settle_or_report(stopped.map(|_| ()), notifier, tx).await;
        }
        Cmd::SyncNow => {
            state.pacer.reset();
            // Asked for: everything waiting goes, even what changed a moment ago.
            sync(state, worker, false).await;
        }
        Cmd::Open { pick } => desktop::open_window(pick),
        Cmd::Settle(how) => {
            let settled = worker.call(move |app| app.settle_gap(how)).await;
            settle_or_report(settled, notifier, tx).await;
        }
        Cmd::Away(away) => {
            // Going: the last moment seen is now. Back: a heartbeat measures the silence, and
            // the reminders (a silence to settle, among them) are checked at once.
            if state.view.as_ref().is_some_and(|v| v.status.running.is_some()) {
                let _ = worker.call(|app| app.heartbeat()).await;
            }
            state.away = away;
            tracing::info!(away, "presence");
            if !away {
                remind(worker, notifier).await;
            }
        }
        Cmd::Host(shown) => {
            tracing::info!(shown, "tray host");
            if let Err(e) = worker.call(move |app| app.record_tray_host(shown)).await {
                tracing::warn!(code = e.code(), "could not record the tray host");
            }
        }
        Cmd::Online(online) => {
            state.online = Some(online);
            if online {
                state.pacer.reset();
                state.next_sync = None;
            }
        }
    }
}

/// A silence blocks a start or stop from the menu: the window asks about it. Anything else that
/// went wrong is said in a notification (the error's message: what to do).
async fn settle_or_report(result: Result<(), AppError>, notifier: &notify::Notifier, tx: &Sender) {
    match result {
        Ok(()) => {}
        Err(AppError::GapNeedsDecision { .. }) => {
            let _ = tx.send(Cmd::Open { pick: false });
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "menu action failed");
            notifier.problem(&e).await;
        }
    }
}

/// Once a minute: a heartbeat while a timer runs and the person is here, then the reminders.
async fn on_minute(state: &mut State, worker: &Worker, idle: &desktop::IdleSource, notifier: &notify::Notifier) {
    if state.away {
        // A "back" that was never signalled (a screen saver restarted meanwhile) must not silence
        // the tray for good: input within the last minute, where idle time can be read, is back.
        if idle.name().is_none() || idle.is_idle(60).await {
            return;
        }
        state.away = false;
        tracing::info!(away = false, "presence (from the idle time)");
    }
    if let Some(threshold) = state.view.as_ref().and_then(|v| v.idle_gap_seconds) {
        if idle.is_idle(threshold).await {
            // Away from the keyboard: no heartbeat, so the silence is measured when they return.
            return;
        }
    }
    if state.view.as_ref().is_some_and(|v| v.status.running.is_some()) {
        if let Err(e) = worker.call(|app| app.heartbeat()).await {
            tracing::warn!(code = e.code(), "heartbeat failed");
        }
    }
    remind(worker, notifier).await;
}

async fn remind(worker: &Worker, notifier: &notify::Notifier) {
    let due = match worker.call(|app| app.due_reminders()).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(code = e.code(), "reminders failed");
            return;
        }
    };
    for reminder in due {
        if notifier.show(&reminder).await {
            let key = reminder.key.clone();
            if let Err(e) = worker.call(move |app| app.mark_reminded(&key)).await {
                tracing::warn!(code = e.code(), "could not remember a reminder");
            }
        }
    }
}

/// Reads the facts again and gives them to the menu. `false` when the database is gone.
async fn refresh(state: &mut State, worker: &Worker, handle: &ksni::Handle<menu::StintTray>) -> bool {
    let view = worker
        .call(
            |app| {
                if app.database_still_there() {
                    Ok(Some((app.tray_view()?, app.data_version()?)))
                } else {
                    Ok(None)
                }
            },
        )
        .await;
    match view {
        Ok(Some((view, version))) => {
            state.view = Some(view.clone());
            state.version = Some(version);
            handle.update(move |tray| tray.set_view(view)).await;
            true
        }
        Ok(None) => {
            tracing::info!("database removed: the tray quits");
            false
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "refresh failed");
            true
        }
    }
}

/// Plans the next background sync, as the facade's `SyncPacer` decides (none when none is wanted;
/// a sync already planned keeps its time).
fn schedule_sync(state: &mut State) {
    let Some(view) = &state.view else { return };
    match state.pacer.next_wait(view, state.online) {
        None => state.next_sync = None,
        Some(wait) => {
            state.next_sync.get_or_insert_with(|| Instant::now() + wait);
        }
    }
}

/// Sends the queue; `settle` leaves what changed within the sync delay (the background sync).
async fn sync(state: &mut State, worker: &Worker, settle: bool) {
    // Prepared on the tray's facade, run on this runtime on the facade's connection.
    let result = match worker.call(move |app| app.sync_job(settle)).await {
        Ok(job) => job.run(&NoProgress).await,
        Err(e) => Err(e),
    };
    let next_try = result.as_ref().ok().and_then(|summary| summary.next_try);
    match result {
        Ok(summary) if summary.stopped.is_none() => {
            state.pacer.reset();
            tracing::info!(
                pushed = summary.pushed,
                failed = summary.failed,
                remaining = summary.remaining,
                "background sync"
            );
        }
        Ok(summary) => {
            state.pacer.failed();
            let code = summary.stopped.map_or("", |s| s.code);
            tracing::info!(code, backoff = state.pacer.backoff_seconds(), "background sync stopped");
        }
        Err(AppError::SyncRunning) => tracing::info!("a sync is already running elsewhere"),
        Err(e) => {
            state.pacer.failed();
            tracing::info!(code = e.code(), backoff = state.pacer.backoff_seconds(), "background sync failed");
        }
    }
    // Jira asked to be left alone for a while: the next background sync waits for it.
    state.pacer.jira_allows(next_try, chrono::Utc::now());
    state.next_sync = None;
}

struct NoProgress;

impl stint_app::Progress for NoProgress {
    fn begin(&self, _total: usize) {}
    fn advance(&self) {}
}

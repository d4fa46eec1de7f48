//! The tray item and its menu (menu-first: Linux tray hosts send no reliable clicks to the icon).
//! Everything shown comes from the facade's `TrayView`; each item only sends a `Cmd`.

use ksni::menu::{MenuItem, StandardItem};
use ksni::{Category, Icon, Status, ToolTip};
use stint_app::{format_duration, TrayView};

use crate::{Cmd, Sender};

pub struct StintTray {
    view: TrayView,
    tx: Sender,
}

impl StintTray {
    pub fn new(view: TrayView, tx: Sender) -> StintTray {
        StintTray { view, tx }
    }

    pub fn set_view(&mut self, view: TrayView) {
        self.view = view;
    }

    /// `ABC-1 · 1h 05m` (and the site, `· acme.atlassian.net`, when there are several), or
    /// `Not tracking`.
    fn headline(&self) -> String {
        match &self.view.status.running {
            Some(r) => {
                let mut line = format!("{} · {}", r.issue, format_duration(r.elapsed_seconds));
                if let Some(site) = &r.site {
                    line.push_str(&format!(" · {}", stint_app::site_host(site)));
                }
                line
            }
            None => "Not tracking".into(),
        }
    }

    fn waiting(&self) -> i64 {
        self.view.status.counts.pending
    }
}

/// A menu label shows `_` as an access-key marker: a literal one is written twice.
fn label(text: &str) -> String {
    text.replace('_', "__")
}

fn item(text: &str, enabled: bool, cmd: Option<Cmd>) -> MenuItem<StintTray> {
    StandardItem {
        label: label(text),
        enabled,
        activate: Box::new(move |tray: &mut StintTray| {
            if let Some(cmd) = &cmd {
                let _ = tray.tx.send(cmd.clone());
            }
        }),
        ..Default::default()
    }
    .into()
}

impl ksni::Tray for StintTray {
    // Left click opens the menu too: some hosts send no Activate at all.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        "stint".into()
    }

    fn category(&self) -> Category {
        Category::ApplicationStatus
    }

    fn title(&self) -> String {
        format!("Stint: {}", self.headline())
    }

    fn status(&self) -> Status {
        Status::Active
    }

    fn icon_pixmap(&self) -> Vec<Icon> {
        crate::icon::pixmaps(self.view.status.running.is_some())
    }

    fn tool_tip(&self) -> ToolTip {
        let waiting = self.waiting();
        let description = match (waiting, self.view.status.counts.failed) {
            (0, 0) => "Everything is in Jira".to_string(),
            (w, 0) => format!("{w} waiting to sync"),
            (w, f) => format!("{w} waiting to sync, {f} refused by Jira"),
        };
        ToolTip { title: format!("Stint: {}", self.headline()), description, ..Default::default() }
    }

    fn menu(&self) -> Vec<MenuItem<Self>> {
        let running = self.view.status.running.as_ref();
        let status = &self.view.status;
        let today = match status.today_target_seconds {
            0 => format!("Today {}", format_duration(status.today_seconds)),
            target => format!("Today {} of {}", format_duration(status.today_seconds), format_duration(target)),
        };
        let mut items = vec![item(&self.headline(), false, None), item(&today, false, None), MenuItem::Separator];
        if running.is_some() {
            items.push(item("Stop", true, Some(Cmd::Stop)));
        }
        let verb = if running.is_some() { "Switch to" } else { "Start on" };
        for issue in &self.view.recent {
            items.push(item(&format!("{verb} {issue}"), true, Some(Cmd::Start(issue.to_string()))));
        }
        items.push(item("Start on…", true, Some(Cmd::Open { pick: true })));
        items.push(MenuItem::Separator);
        let waiting = self.waiting();
        let sync_label = if waiting > 0 { format!("Sync now ({waiting} waiting)") } else { "Sync now".to_string() };
        items.push(item(&sync_label, self.view.status.jira.sites_signed_in > 0, Some(Cmd::SyncNow)));
        items.push(item("Open Stint", true, Some(Cmd::Open { pick: false })));
        items.push(MenuItem::Separator);
        items.push(item("Quit", true, Some(Cmd::Quit)));
        items
    }

    fn watcher_online(&self) {
        let _ = self.tx.send(Cmd::Host(true));
    }

    fn watcher_offline(&self, _reason: ksni::OfflineReason) -> bool {
        // No tray host (stock GNOME without the AppIndicator extension): keep running, for the
        // reminders, heartbeats and sync; the window says how to get a tray.
        let _ = self.tx.send(Cmd::Host(false));
        true
    }
}

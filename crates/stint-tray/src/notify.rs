//! Notifications, through the desktop's notification server (the freedesktop specification, over
//! D-Bus). A silence offers its choices as actions where the server supports them; where it does
//! not, the window opens on that choice instead. Nothing here carries a note.

use notify_rust::{Hint, Notification, NotificationHandle, Timeout, Urgency};
use stint_app::{AppError, GapSettle, Reminder, ReminderKind};

use crate::{Cmd, Sender};

pub struct Notifier {
    tx: Sender,
    /// The server shows buttons (the `actions` capability).
    actions: bool,
}

impl Notifier {
    pub async fn new(tx: Sender) -> Notifier {
        // notify-rust asks synchronously: off the runtime's thread.
        let actions = tokio::task::spawn_blocking(|| {
            notify_rust::get_capabilities().map(|caps| caps.iter().any(|c| c == "actions")).unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        Notifier { tx, actions }
    }

    fn base(title: &str, body: &str) -> Notification {
        let mut n = Notification::new();
        n.appname("Stint").summary(title).body(body).icon("stint-desktop").hint(Hint::Category("presence".into()));
        n
    }

    /// Shows a reminder; `true` when the server took it.
    pub async fn show(&self, reminder: &Reminder) -> bool {
        let mut n = Notifier::base(&reminder.title, &reminder.body);
        let silence = matches!(reminder.kind, ReminderKind::Silence(_));
        if silence {
            n.urgency(Urgency::Critical).timeout(Timeout::Never);
            if self.actions {
                let stop_at = match &reminder.kind {
                    ReminderKind::Silence(gap) => {
                        format!("Stop at {}", gap.from.with_timezone(&chrono::Local).format("%H:%M"))
                    }
                    _ => "Stop".into(),
                };
                n.action("keep", "Keep it").action("drop", "Drop the gap").action("stop", &stop_at);
            }
        }
        // What is done in the window (a refusal, a sign-in) offers to open it.
        let opens_window = matches!(
            reminder.kind,
            ReminderKind::SyncRefused | ReminderKind::JiraChanged | ReminderKind::SignIn | ReminderKind::SignInEnding
        );
        if opens_window && self.actions {
            n.action("open", "Open Stint");
        }
        match n.show_async().await {
            Ok(handle) => {
                tracing::info!(kind = kind_name(&reminder.kind), "notification shown");
                if opens_window && self.actions {
                    self.open_on_action(handle);
                } else if silence {
                    if self.actions {
                        let tx = self.tx.clone();
                        // Waits for the answer on a thread of its own: the server may hold it for hours.
                        tokio::task::spawn_blocking(move || {
                            handle.wait_for_action(|action| {
                                let how = match action {
                                    "keep" => Some(GapSettle::Keep),
                                    "drop" => Some(GapSettle::Drop),
                                    "stop" => Some(GapSettle::Stop),
                                    _ => None,
                                };
                                if let Some(how) = how {
                                    let _ = tx.send(Cmd::Settle(how));
                                }
                            })
                        });
                    } else {
                        let _ = self.tx.send(Cmd::Open { pick: false });
                    }
                }
                true
            }
            Err(_) => {
                tracing::info!(kind = kind_name(&reminder.kind), "no notification server took the notification");
                false
            }
        }
    }

    /// Says that something asked from the menu could not be done, and what to do: in the tray's
    /// words, with "Open Stint" where the window is where it is done.
    pub async fn problem(&self, error: &AppError) {
        let mut body = error.to_string();
        let mut window = false;
        if let Some(remedy) = error.remedy() {
            let (words, in_window) = crate::remedy::words(&remedy);
            body = format!("{body}. {words}");
            window = in_window;
        }
        let mut n = Notifier::base("Stint could not do that", &body);
        if window && self.actions {
            n.action("open", "Open Stint");
        }
        if let Ok(handle) = n.show_async().await {
            if window && self.actions {
                self.open_on_action(handle);
            }
        }
    }

    /// Opens the window when the person picks the notification's "open" action.
    fn open_on_action(&self, handle: NotificationHandle) {
        let tx = self.tx.clone();
        // Waits for the answer on a thread of its own: the server may hold it for hours.
        tokio::task::spawn_blocking(move || {
            handle.wait_for_action(|action| {
                if action == "open" {
                    let _ = tx.send(Cmd::Open { pick: false });
                }
            })
        });
    }
}

fn kind_name(kind: &ReminderKind) -> &'static str {
    match kind {
        ReminderKind::Untracked => "untracked",
        ReminderKind::RunningLong => "running_long",
        ReminderKind::PastWorkday => "past_workday",
        ReminderKind::SyncRefused => "sync_refused",
        ReminderKind::JiraChanged => "jira_changed",
        ReminderKind::SignIn => "sign_in",
        ReminderKind::SignInEnding => "sign_in_ending",
        ReminderKind::WeekSummary => "week_summary",
        ReminderKind::Silence(_) => "silence",
    }
}

//! A private desktop for each test: an X display (Xvfb) for the notification daemon, a session
//! bus with dunst (the real notification daemon) and, when asked, GNOME Keyring; a second bus
//! standing in for the system bus, where the test plays logind and NetworkManager; and the
//! `stint` CLI and `stint-tray` on a home of their own.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct Desktop {
    pub home: tempfile::TempDir,
    pub session: String,
    pub system: String,
    display: String,
    children: Vec<Child>,
    monitor: Option<(Child, PathBuf)>,
    pub tray: Option<Child>,
    /// More environment for `stint` and the tray (a Jira test server's addresses).
    pub extra_env: Vec<(String, String)>,
}

fn bin(name: &str) -> PathBuf {
    let tray = PathBuf::from(env!("CARGO_BIN_EXE_stint-tray"));
    let path = tray.with_file_name(name);
    assert!(
        path.is_file(),
        "{} is missing: build the workspace first (cargo test --workspace builds it)",
        path.display()
    );
    path
}

/// Starts `dbus-daemon` on a bus of its own; its address.
fn bus(display: &str, children: &mut Vec<Child>) -> String {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .env("DISPLAY", display)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon (tests/run.sh installs dbus)");
    let mut line = String::new();
    BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).unwrap();
    children.push(daemon);
    line.trim().to_string()
}

impl Desktop {
    pub fn new() -> Desktop {
        let mut children = Vec::new();
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (tests/run.sh installs xvfb)");
        let mut number = String::new();
        BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut number).unwrap();
        let display = format!(":{}", number.trim());
        children.push(xvfb);
        let session = bus(&display, &mut children);
        let system = bus(&display, &mut children);
        let home = tempfile::tempdir().unwrap();
        let desktop =
            Desktop { home, session, system, display, children, monitor: None, tray: None, extra_env: Vec::new() };
        // The real notification daemon, started now so its name is owned before anything is sent.
        let dunst = Command::new("dunst")
            .envs(desktop.env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst (tests/run.sh installs it)");
        let mut desktop = desktop;
        desktop.children.push(dunst);
        desktop.wait_for_name("org.freedesktop.Notifications");
        desktop
    }

    /// The environment every process of this desktop gets.
    pub fn env(&self) -> Vec<(String, String)> {
        let home = self.home.path().to_string_lossy().into_owned();
        vec![
            ("DISPLAY".into(), self.display.clone()),
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.session.clone()),
            ("DBUS_SYSTEM_BUS_ADDRESS".into(), self.system.clone()),
            ("STINT_HOME".into(), format!("{home}/stint")),
            ("XDG_CONFIG_HOME".into(), format!("{home}/config")),
            ("XDG_DATA_HOME".into(), format!("{home}/data")),
            ("XDG_RUNTIME_DIR".into(), home.clone()),
            ("TZ".into(), ZONE.into()),
            // 24-hour times, whatever the locale the suite runs in.
            ("LC_ALL".into(), "C.UTF-8".into()),
            ("STINT_LOG".into(), "debug".into()),
        ]
        .into_iter()
        .chain(self.extra_env.iter().cloned())
        .collect()
    }

    /// Starts GNOME Keyring on this session bus, unlocked: a real Secret Service for the tokens.
    pub fn with_keyring(self) -> Desktop {
        let keyring = self.home.path().join("keyring");
        std::fs::create_dir_all(&keyring).unwrap();
        let mut child = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("HOME", &keyring)
            .env("XDG_DATA_HOME", keyring.join("data"))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.session)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (tests/run.sh installs it)");
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"stint-tests").unwrap();
        child.wait().unwrap();
        self.wait_for_name("org.freedesktop.secrets");
        self
    }

    fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("STINT_") || key.starts_with("DBUS_") || key == "XDG_SESSION_ID" {
                cmd.env_remove(key);
            }
        }
        cmd.envs(self.env());
        cmd
    }

    /// Runs `stint args`; its standard output (it must succeed).
    pub fn stint(&self, args: &[&str]) -> String {
        let out = self.command(&bin("stint")).args(args).stdin(Stdio::null()).output().unwrap();
        assert!(out.status.success(), "stint {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn stint_json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.stint(&args)).unwrap()
    }

    /// The running timer's issue, if any.
    pub fn running(&self) -> Option<String> {
        self.stint_json(&["status"])["running"]["issue"].as_str().map(str::to_string)
    }

    pub fn spawn_tray(&self) -> Child {
        self.command(&bin("stint-tray"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Starts the tray and waits for its menu on the bus.
    pub fn start_tray(&mut self) {
        let tray = self.spawn_tray();
        let pid = tray.id();
        self.tray = Some(tray);
        wait_until(Duration::from_secs(10), "the tray's item on the bus", || self.item_name(pid).is_some());
    }

    /// Stops the tray as the session would (SIGTERM) and waits for it.
    pub fn stop_tray(&mut self) -> i32 {
        let mut tray = self.tray.take().expect("a tray");
        let _ = Command::new("kill").arg(tray.id().to_string()).status();
        tray.wait().unwrap().code().unwrap_or(-1)
    }

    fn gdbus(&self, args: &[&str]) -> Option<String> {
        let out =
            self.command(Path::new("gdbus")).args(["call", "--address", &self.session]).args(args).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn names(&self) -> String {
        self.gdbus(&["-d", "org.freedesktop.DBus", "-o", "/", "-m", "org.freedesktop.DBus.ListNames"])
            .unwrap_or_default()
    }

    pub fn wait_for_name(&self, name: &str) {
        wait_until(Duration::from_secs(10), name, || self.names().contains(&format!("'{name}'")));
    }

    fn item_name(&self, pid: u32) -> Option<String> {
        let prefix = format!("org.kde.StatusNotifierItem-{pid}-");
        let names = self.names();
        let start = names.find(&prefix)?;
        let rest = &names[start..];
        Some(rest[..rest.find('\'')?].to_string())
    }

    fn tray_item(&self) -> String {
        let pid = self.tray.as_ref().expect("a tray").id();
        self.item_name(pid).expect("the tray's item")
    }

    /// The menu as (id, label, enabled) through com.canonical.dbusmenu.GetLayout.
    pub fn menu(&self) -> Vec<(i32, String, bool)> {
        let layout = self
            .gdbus(&[
                "-d",
                &self.tray_item(),
                "-o",
                "/MenuBar",
                "-m",
                "com.canonical.dbusmenu.GetLayout",
                "--",
                "0",
                "-1",
                "@as []",
            ])
            .expect("GetLayout");
        let mut items = Vec::new();
        for part in layout.split("<(").skip(1) {
            let id: i32 = part.split(',').next().and_then(|n| n.trim().parse().ok()).unwrap_or(-1);
            let Some(at) = part.find("'label': <'") else { continue };
            let label = &part[at + 11..];
            let label = label[..label.find("'>").unwrap_or(label.len())].to_string();
            items.push((id, label, !part.contains("'enabled': <false>")));
        }
        items
    }

    /// Clicks the item whose label starts with `label` (com.canonical.dbusmenu.Event).
    pub fn click(&self, label: &str) {
        let menu = self.menu();
        let (id, _, enabled) =
            menu.iter().find(|(_, l, _)| l.starts_with(label)).unwrap_or_else(|| panic!("no `{label}` in {menu:?}"));
        assert!(enabled, "`{label}` is disabled: {menu:?}");
        self.gdbus(&[
            "-d",
            &self.tray_item(),
            "-o",
            "/MenuBar",
            "-m",
            "com.canonical.dbusmenu.Event",
            &id.to_string(),
            "clicked",
            "<int32 0>",
            "0",
        ])
        .expect("Event");
    }

    /// The item's title (what the tray shows beside the icon, where the host shows titles).
    pub fn title(&self) -> String {
        self.gdbus(&[
            "-d",
            &self.tray_item(),
            "-o",
            "/StatusNotifierItem",
            "-m",
            "org.freedesktop.DBus.Properties.Get",
            "org.kde.StatusNotifierItem",
            "Title",
        ])
        .unwrap_or_default()
    }

    /// The id dunst gave the latest notification whose text holds `text`: found by what it says,
    /// never by being last (a reminder that falls due meanwhile must not take its place).
    /// dbus-monitor prints each message as a header line (sender, serial) followed by indented
    /// arguments; dunst's answer names the call's serial as `reply_serial`.
    pub fn notification_id(&self, text: &str) -> Option<u32> {
        let log = self.notifications();
        let messages = monitor_messages(&log);
        let (sender, serial) = messages
            .iter()
            .rev()
            .filter(|m| m.header.starts_with("method call") && m.header.contains("member=Notify"))
            .filter(|m| m.body.contains(text))
            .find_map(|m| Some((field(m.header, "sender")?, field(m.header, "serial")?)))?;
        let answer = messages.iter().find(|m| {
            m.header.starts_with("method return")
                && field(m.header, "destination") == Some(sender)
                && field(m.header, "reply_serial") == Some(serial)
        })?;
        let at = answer.body.find("uint32 ")?;
        answer.body[at + 7..].split_whitespace().next()?.parse().ok()
    }

    /// `notification_id`, once dunst's answer is in the monitor's record (it comes after the call).
    pub fn wait_notification_id(&self, text: &str) -> u32 {
        let mut id = None;
        wait_until(Duration::from_secs(5), "dunst's id for the notification", || {
            id = self.notification_id(text);
            id.is_some()
        });
        id.unwrap_or_default()
    }

    /// How many notifications holding `text` were sent.
    pub fn notify_count_of(&self, text: &str) -> usize {
        monitor_messages(&self.notifications())
            .iter()
            .filter(|m| m.header.contains("member=Notify") && m.body.contains(text))
            .count()
    }

    /// Records every Notify call on the session bus (dbus-monitor), and dunst's answers.
    pub fn monitor_notifications(&mut self) {
        let path = self.home.path().join("notify.log");
        let file = std::fs::File::create(&path).unwrap();
        let child = Command::new("dbus-monitor")
            .args([
                "--address",
                &self.session,
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
                "type='method_return',sender='org.freedesktop.Notifications'",
            ])
            .stdout(file)
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor");
        std::thread::sleep(Duration::from_millis(300));
        self.monitor = Some((child, path));
    }

    /// What dbus-monitor has seen so far.
    pub fn notifications(&self) -> String {
        let (_, path) = self.monitor.as_ref().expect("monitor_notifications first");
        let mut text = String::new();
        std::fs::File::open(path).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// How many Notify calls were seen.
    pub fn notify_count(&self) -> usize {
        self.notifications().matches("member=Notify").count()
    }

    /// Plays the system service `name` on the system bus: owns the name and sends `signal`.
    pub fn system_signal<T: serde::Serialize + zbus::zvariant::Type + Send + Sync + 'static>(
        &self,
        name: &str,
        path: &str,
        interface: &str,
        member: &str,
        value: T,
    ) {
        emit(&self.system, Some(name), path, interface, member, value);
    }

    /// Sends a signal on the session bus from a connection that owns no name (as anyone could:
    /// notification servers' answers are taken by their id).
    pub fn session_signal<T: serde::Serialize + zbus::zvariant::Type + Send + Sync + 'static>(
        &self,
        path: &str,
        interface: &str,
        member: &str,
        value: T,
    ) {
        emit(&self.session, None, path, interface, member, value);
    }

    /// Moves the running timer's start back by `start_back` and its last heartbeat by
    /// `seen_back` seconds, standing in for time that passed while the machine slept.
    pub fn rewind_timer(&self, start_back: i64, seen_back: i64) {
        let db = rusqlite::Connection::open(self.home.path().join("stint/stint.db")).unwrap();
        db.busy_timeout(Duration::from_secs(5)).unwrap();
        let changed = db
            .execute(
                "UPDATE entries SET started_at = started_at - ?1, last_seen_at = last_seen_at - ?2 WHERE seconds IS NULL",
                [start_back, seen_back],
            )
            .unwrap();
        assert_eq!(changed, 1, "a running timer to rewind");
    }

    /// `wait_until`, and on failure the tray's log (without its debug lines) in the message.
    pub fn wait(&self, most: Duration, what: &str, mut ok: impl FnMut() -> bool) {
        let began = Instant::now();
        while !ok() {
            if began.elapsed() > most {
                let log: Vec<String> =
                    self.log().lines().filter(|l| !l.contains("DEBUG")).map(str::to_string).collect();
                panic!("waited {most:?} for {what}; the log:\n{}", log.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log(&self) -> String {
        let dir = self.home.path().join("stint/logs");
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        text
    }
}

/// Owns `name` on the bus at `address` and sends one signal from it, as the real service would
/// (the tray takes these signals only from the name's owner); keeps the name a moment, so the
/// tray can check who sent it.
fn emit<T: serde::Serialize + zbus::zvariant::Type + Send + Sync + 'static>(
    address: &str,
    name: Option<&str>,
    path: &str,
    interface: &str,
    member: &str,
    value: T,
) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut builder = zbus::connection::Builder::address(address).unwrap();
        if let Some(name) = name {
            builder = builder.name(name.to_string()).unwrap();
        }
        let conn = builder.build().await.unwrap_or_else(|e| panic!("own {name:?}: {e}"));
        conn.emit_signal(None::<&str>, path, interface, member, &value).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    });
}

/// One message as dbus-monitor prints it.
struct Message<'a> {
    header: &'a str,
    body: String,
}

fn monitor_messages(log: &str) -> Vec<Message<'_>> {
    let mut messages: Vec<Message> = Vec::new();
    for line in log.lines() {
        match (line.starts_with(char::is_whitespace), messages.last_mut()) {
            (true, Some(last)) => {
                last.body.push_str(line);
                last.body.push('\n');
            }
            _ => messages.push(Message { header: line, body: String::new() }),
        }
    }
    messages
}

/// `name=value` from a dbus-monitor header line.
fn field<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split([' ', ';']).find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
}

/// Answers notification `id` with `action`, as the notification server does when the person
/// clicks it, until `ok` holds (10 s at most). The tray can only listen for the answer once its
/// notification is shown (notify-rust subscribes after `show`), so an answer sent within
/// milliseconds of it, which no person clicks that fast but a test does, may come before the tray
/// listens: it is sent again every two seconds until it is taken.
pub fn answer_notification(d: &Desktop, id: u32, action: &str, what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..5 {
        d.session_signal(
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            "ActionInvoked",
            (id, action.to_string()),
        );
        let began = Instant::now();
        while began.elapsed() < Duration::from_secs(2) {
            if ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("answered the notification with `{action}` for 10 s, and never saw {what}");
}

pub fn wait_until(most: Duration, what: &str, mut ok: impl FnMut() -> bool) -> Duration {
    let began = Instant::now();
    while !ok() {
        assert!(began.elapsed() < most, "waited {most:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
    began.elapsed()
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if let Some(mut tray) = self.tray.take() {
            let _ = tray.kill();
            let _ = tray.wait();
        }
        if let Some((mut monitor, _)) = self.monitor.take() {
            let _ = monitor.kill();
            let _ = monitor.wait();
        }
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The zone the desktop's programs run in.
pub const ZONE: &str = "Europe/Berlin";

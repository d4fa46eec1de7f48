//! The desktop around the tray: the window's program, and what the session and the system say
//! over D-Bus: sleep and lock (logind), the network (NetworkManager), idle time (GNOME's idle
//! monitor or org.freedesktop.ScreenSaver). Each is optional: where one is missing the tray says
//! so (the window's settings show it) and works without it.

use futures_util::StreamExt;
use zbus::message::Type as MessageType;
use zbus::{Connection, MatchRule, MessageStream};

use crate::{Cmd, Sender};

/// Starts the window (it hands over to one already open, which comes to the front).
pub fn open_window(pick: bool) {
    let mut command = stint_app::outside::command(stint_app::sibling_program("stint-desktop"));
    if pick {
        command.arg("--pick");
    }
    command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            // Reaped when it exits, so no zombie is left behind.
            tokio::task::spawn_blocking(move || child.wait());
            tracing::info!(pick, "window opened");
        }
        Err(e) => tracing::warn!(error = %e.kind(), "could not open the window"),
    }
}

/// What the system bus offers.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemFacts {
    pub logind: bool,
    pub network_manager: bool,
    /// NetworkManager's state at start (`None`: no NetworkManager).
    pub online: Option<bool>,
}

/// NetworkManager's `NM_STATE_CONNECTED_GLOBAL`.
const NM_CONNECTED_GLOBAL: u32 = 70;

/// Listens on the system bus for logind's sleep and lock signals and NetworkManager's state.
/// Signals are taken only from the service that owns the name (anyone may send a signal).
pub async fn watch_system(tx: Sender) -> SystemFacts {
    let Ok(bus) = Connection::system().await else {
        tracing::info!("no system bus: sleep, lock and network are not watched");
        return SystemFacts::default();
    };
    let dbus = match zbus::fdo::DBusProxy::new(&bus).await {
        Ok(proxy) => proxy,
        Err(_) => return SystemFacts::default(),
    };
    let has = |name: &'static str| {
        let dbus = dbus.clone();
        async move {
            match zbus::names::BusName::try_from(name) {
                Ok(bus_name) => dbus.name_has_owner(bus_name).await.unwrap_or(false),
                Err(_) => false,
            }
        }
    };
    let logind = has("org.freedesktop.login1").await;
    let network_manager = has("org.freedesktop.NetworkManager").await;
    let online = if network_manager { nm_state(&bus).await.map(|s| s >= NM_CONNECTED_GLOBAL) } else { None };
    let rules = [
        ("org.freedesktop.login1.Manager", "PrepareForSleep"),
        ("org.freedesktop.login1.Session", "Lock"),
        ("org.freedesktop.login1.Session", "Unlock"),
        ("org.freedesktop.NetworkManager", "StateChanged"),
    ];
    for (interface, member) in rules {
        let Ok(rule) = MatchRule::builder()
            .msg_type(MessageType::Signal)
            .interface(interface)
            .and_then(|r| r.member(member))
            .map(|r| r.build())
        else {
            continue;
        };
        let Ok(stream) = MessageStream::for_match_rule(rule, &bus, Some(16)).await else { continue };
        tokio::spawn(relay_system_signals(stream, interface, member, dbus.clone(), tx.clone()));
    }
    SystemFacts { logind, network_manager, online }
}

/// Passes one kind of logind or NetworkManager signal on as a command, when it comes from the
/// service itself (and, for Lock and Unlock, concerns this session).
async fn relay_system_signals(
    mut stream: MessageStream,
    interface: &'static str,
    member: &'static str,
    dbus: zbus::fdo::DBusProxy<'static>,
    tx: Sender,
) {
    let owner_of = if interface.starts_with("org.freedesktop.login1") {
        "org.freedesktop.login1"
    } else {
        "org.freedesktop.NetworkManager"
    };
    while let Some(Ok(message)) = stream.next().await {
        let header = message.header();
        let sender = header.sender().map(|s| s.to_string());
        let owner = match zbus::names::BusName::try_from(owner_of) {
            Ok(name) => dbus.get_name_owner(name).await.ok().map(|o| o.to_string()),
            Err(_) => None,
        };
        if sender.is_none() || sender != owner {
            tracing::debug!("a signal from another sender than the service: ignored");
            continue;
        }
        // Lock and Unlock of this session only, when the session is known.
        if interface == "org.freedesktop.login1.Session" {
            if let (Some(ours), Some(path)) = (own_session_path(), header.path()) {
                if path.as_str() != ours {
                    continue;
                }
            }
        }
        let cmd = match member {
            "PrepareForSleep" => message.body().deserialize::<bool>().ok().map(Cmd::Away),
            "Lock" => Some(Cmd::Away(true)),
            "Unlock" => Some(Cmd::Away(false)),
            _ => message.body().deserialize::<u32>().ok().map(|s| Cmd::Online(s >= NM_CONNECTED_GLOBAL)),
        };
        if let Some(cmd) = cmd {
            if tx.send(cmd).is_err() {
                break;
            }
        }
    }
}

/// This login session's object path at logind, from `XDG_SESSION_ID` (escaped as systemd
/// escapes object path labels: `2` is `_32`).
fn own_session_path() -> Option<String> {
    let id = std::env::var("XDG_SESSION_ID").ok().filter(|id| !id.is_empty())?;
    let mut label = String::new();
    for (i, b) in id.bytes().enumerate() {
        if b.is_ascii_alphanumeric() && !(i == 0 && b.is_ascii_digit()) {
            label.push(b as char);
        } else {
            label.push_str(&format!("_{b:02x}"));
        }
    }
    Some(format!("/org/freedesktop/login1/session/{label}"))
}

async fn nm_state(bus: &Connection) -> Option<u32> {
    let proxy = zbus::Proxy::new(
        bus,
        "org.freedesktop.NetworkManager",
        "/org/freedesktop/NetworkManager",
        "org.freedesktop.NetworkManager",
    )
    .await
    .ok()?;
    proxy.get_property::<u32>("State").await.ok()
}

/// Listens on the session bus for the screen saver (or lock screen) turning on and off: the
/// person left, or is back. Only from the service that owns the name.
pub async fn watch_screensaver(bus: &Connection, tx: Sender) {
    let Ok(dbus) = zbus::fdo::DBusProxy::new(bus).await else { return };
    for service in ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"] {
        let Ok(rule) = MatchRule::builder()
            .msg_type(MessageType::Signal)
            .interface(service)
            .and_then(|r| r.member("ActiveChanged"))
            .map(|r| r.build())
        else {
            continue;
        };
        let Ok(mut stream) = MessageStream::for_match_rule(rule, bus, Some(16)).await else { continue };
        let (tx, dbus) = (tx.clone(), dbus.clone());
        tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let sender = message.header().sender().map(|s| s.to_string());
                let owner = match zbus::names::BusName::try_from(service) {
                    Ok(name) => dbus.get_name_owner(name).await.ok().map(|o| o.to_string()),
                    Err(_) => None,
                };
                if sender.is_none() || sender != owner {
                    continue;
                }
                if let Ok(active) = message.body().deserialize::<bool>() {
                    if tx.send(Cmd::Away(active)).is_err() {
                        break;
                    }
                }
            }
        });
    }
}

/// Where the person's idle time is read from.
#[derive(Debug, Clone)]
pub enum IdleSource {
    /// GNOME (Mutter's idle monitor): milliseconds.
    Gnome(zbus::Proxy<'static>),
    /// org.freedesktop.ScreenSaver (KDE, XFCE, …): seconds, and whether the saver is on.
    ScreenSaver(zbus::Proxy<'static>),
    None,
}

impl IdleSource {
    pub async fn find(bus: &Connection) -> IdleSource {
        if let Ok(proxy) = zbus::Proxy::new(
            bus,
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
        )
        .await
        {
            if proxy.call::<_, _, u64>("GetIdletime", &()).await.is_ok() {
                return IdleSource::Gnome(proxy);
            }
        }
        if let Ok(proxy) = zbus::Proxy::new(
            bus,
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
        )
        .await
        {
            if proxy.call::<_, _, u32>("GetSessionIdleTime", &()).await.is_ok() {
                return IdleSource::ScreenSaver(proxy);
            }
        }
        IdleSource::None
    }

    pub fn name(&self) -> Option<&'static str> {
        match self {
            IdleSource::Gnome(_) => Some("gnome"),
            IdleSource::ScreenSaver(_) => Some("screensaver"),
            IdleSource::None => None,
        }
    }

    /// Whether the person has been away from the keyboard for `threshold` seconds or more (or
    /// the screen saver is on). `false` when it cannot be told.
    pub async fn is_idle(&self, threshold: i64) -> bool {
        match self {
            IdleSource::Gnome(proxy) => {
                proxy.call::<_, _, u64>("GetIdletime", &()).await.is_ok_and(|ms| ms / 1000 >= threshold.max(0) as u64)
            }
            IdleSource::ScreenSaver(proxy) => {
                let active = proxy.call::<_, _, bool>("GetActive", &()).await.unwrap_or(false);
                let idle = proxy.call::<_, _, u32>("GetSessionIdleTime", &()).await.unwrap_or(0);
                active || i64::from(idle) >= threshold
            }
            IdleSource::None => false,
        }
    }
}

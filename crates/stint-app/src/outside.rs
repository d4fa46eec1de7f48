//! What Stint starts outside itself: the browser for a sign-in, and its own programs (the tray,
//! the window). Both without the secrets in Stint's environment, and the browser without the
//! sign-in address in any process's argv where the desktop allows.

use std::collections::HashMap;
use std::process::Command;

/// Environment variables no program Stint starts inherits: a client secret given to Stint this
/// way is Stint's alone (the browser, the tray and the window do not need it from there).
pub const WITHHELD: &[&str] = &["STINT_OAUTH_CLIENT_SECRET"];

/// A command for `program` that does not inherit `WITHHELD`.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for name in WITHHELD {
        command.env_remove(name);
    }
    command
}

/// How the browser was asked to open an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Through the XDG desktop portal (`org.freedesktop.portal.OpenURI`) over D-Bus: the address
    /// travels in a message to the portal, not in argv.
    Portal,
    /// `xdg-open ADDRESS`: the fallback where no portal runs. The address is then in that
    /// process's argv, which other local users can read while it runs.
    XdgOpen,
}

/// Opens `url` in the person's browser: the portal where one runs, else `xdg-open`.
pub fn open_url(url: &str) -> std::io::Result<Opened> {
    match open_with_portal(url) {
        Ok(()) => return Ok(Opened::Portal),
        Err(e) => tracing::info!(error = %e, "no desktop portal took the address; using xdg-open"),
    }
    let mut child = command("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped when it exits, so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(Opened::XdgOpen)
}

/// Asks the portal on the session bus to open `url`. On a thread of its own with its own runtime,
/// so it can be called from anywhere (the sign-in calls it from inside its own runtime).
fn open_with_portal(url: &str) -> Result<(), String> {
    let url = url.to_string();
    let call = std::thread::spawn(move || -> Result<(), String> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async move {
            let connection = zbus::Connection::session().await.map_err(|e| e.to_string())?;
            let options: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
            let body = ("", url.as_str(), options);
            let call = connection.call_method(
                Some("org.freedesktop.portal.Desktop"),
                "/org/freedesktop/portal/desktop",
                Some("org.freedesktop.portal.OpenURI"),
                "OpenURI",
                &body,
            );
            // A portal answers at once (the browser opens after); a bus that never answers is
            // not waited on for long.
            match tokio::time::timeout(std::time::Duration::from_secs(5), call).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("the portal did not answer within 5 s".into()),
            }
        })
    });
    call.join().map_err(|_| "the portal call failed".to_string())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn started_programs_do_not_inherit_the_client_secret() {
        let command = command("env");
        let removed: Vec<_> = command.get_envs().filter(|(_, v)| v.is_none()).map(|(k, _)| k.to_owned()).collect();
        assert_eq!(removed, ["STINT_OAUTH_CLIENT_SECRET"]);
    }
}

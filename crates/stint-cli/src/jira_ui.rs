//! The terminal side of Jira operations: the browser hand-off and site choice during sign-in,
//! the progress bar of a sync, and reading a token (from standard input, or asked for at a
//! terminal without echo; never from the command line).

use std::io::{IsTerminal, Read, Write};

use indicatif::{ProgressBar, ProgressStyle};
use stint_app::{Progress, Secret, SignInUi, Site};

use crate::Failure;

/// Sends the person to the sign-in page: the system browser, and the address on standard error
/// (alone with `--no-browser`).
pub struct Browser {
    open: bool,
}

impl Browser {
    pub fn new(no_browser: bool) -> Browser {
        Browser { open: !no_browser }
    }
}

impl SignInUi for Browser {
    fn visit(&mut self, url: &str) {
        let mut err = std::io::stderr();
        if self.open {
            let opened = stint_app::outside::open_url(url).is_ok();
            let _ = writeln!(
                err,
                "{}",
                if opened {
                    "Opening your browser to sign in. If it does not open, visit:"
                } else {
                    "Open this address in your browser to sign in:"
                }
            );
        } else {
            let _ = writeln!(err, "Open this address in your browser to sign in:");
        }
        let _ = writeln!(err, "{}", crate::terminal::safe(url));
        let _ = writeln!(err, "Waiting for the browser to come back…");
    }

    fn choose_site(&mut self, sites: &[Site]) -> Option<usize> {
        if !crate::prompt::interactive() {
            return None;
        }
        let mut err = std::io::stderr();
        let _ = writeln!(err, "Your account can reach several Jira sites:");
        for (i, site) in sites.iter().enumerate() {
            let _ = writeln!(
                err,
                "  {}. {} ({})",
                i + 1,
                crate::terminal::safe(&site.name),
                crate::terminal::safe(&site.url)
            );
        }
        crate::prompt::ask_number("Which one? ", sites.len()).ok().flatten().map(|n| n - 1)
    }
}

/// A progress bar on standard error while a sync runs at a terminal; nothing otherwise.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar that says what it counts (`entries sent to Jira`), shown only when `show`.
    pub fn new(show: bool, what: &str) -> Bar {
        Bar(show.then(|| {
            let bar = ProgressBar::hidden();
            bar.set_style(
                ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {what} ({{elapsed}}) {{msg}}"))
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn begin(&self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            if total > 0 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }

    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.set_message("");
            bar.inc(1);
        }
    }

    /// Says that Jira asked to wait, and how long, instead of sitting silent.
    fn waiting(&self, time: std::time::Duration) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("waiting for Jira: {} s", time.as_secs().max(1)));
        }
    }
}

/// A token from standard input, or asked for at a terminal without echo.
pub fn read_secret(what: &str) -> Result<Secret, Failure> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{what}: "))
            .map_err(|e| Failure::Other(format!("could not ask for the {what} at the terminal: {e}")))?
    } else {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(16 * 1024)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Other(format!("could not read the {what} from standard input: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|_| Failure::Usage(format!("the {what} on standard input is not UTF-8 text")))?
    };
    let token = text.trim();
    if token.is_empty() {
        return Err(Failure::Usage(format!(
            "no {what} was given: pipe it into standard input, like `stint login … < token.txt`"
        )));
    }
    if token.chars().any(char::is_control) {
        return Err(Failure::Usage(format!(
            "the {what} holds control characters or several lines: give the token alone"
        )));
    }
    Ok(Secret::new(token))
}

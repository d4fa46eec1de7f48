//! Stint's settings: every setting with its default, in one typed struct. Values come from the
//! defaults, then the TOML file, then `STINT_<KEY>` environment variables, and the views say which
//! won. The table `keys::KEYS` is the single list of settings: loading, showing, writing and the
//! example file all come from it; `values` reads and shows each kind of value.
//!
//! No I/O here: the application reads the file (bounded, a regular file) and gives its text to
//! `parse`, which is what the `config` fuzz target drives.

mod keys;
mod values;

use std::fmt::Write as _;

use chrono::{NaiveTime, Weekday};
use stint_domain::Rounding;
use stint_jira::{endpoints, AdjustEstimate, Secret};
use url::Url;

pub use keys::{Control, Key, KEYS};

/// Stint's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The first day of a week in `stint week` and the desktop app's week view.
    pub week_start: Weekday,
    /// The days with a working-time target (and, in the desktop app, reminders).
    pub working_days: Vec<Weekday>,
    /// The working day; the desktop app only reminds within it.
    pub working_hours: (NaiveTime, NaiveTime),
    /// The time goal on each working day (0: no goal).
    pub daily_target_seconds: i64,
    /// How finished timers round; typed durations are never rounded.
    pub rounding: Rounding,
    /// A silence this long while a timer runs counts as a gap to ask about (`None`: never ask).
    pub idle_gap_seconds: Option<i64>,
    /// The desktop app reminds after this long without a timer in working hours (`None`: never).
    pub remind_after_seconds: Option<i64>,
    /// Whether the tray shows reminders at all (off: no notification of any kind).
    pub reminders: bool,
    /// The tray reminds when a timer has run this long (`None`: never).
    pub remind_running_after_seconds: Option<i64>,
    /// The tray shows a summary of the week at the end of the last working day.
    pub week_summary: bool,
    /// Where Jira and Atlassian's sign-in are, and how the sync behaves.
    pub jira: JiraSettings,
}

/// The Jira settings: every address is configurable (Data Center, tests), and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JiraSettings {
    pub authorize_url: Url,
    pub token_url: Url,
    pub resources_url: Url,
    /// The `…/ex/jira` base; the cloud id is appended.
    pub api_gateway_url: Url,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub redirect_port: u16,
    pub adjust_estimate: AdjustEstimate,
    /// The desktop app syncs an entry only this long after its last change.
    pub sync_delay_seconds: i64,
    /// How long Stint waits for an answer from Jira.
    pub http_timeout_seconds: i64,
    /// The proxy every request goes through; none by default (the environment's are ignored).
    pub proxy: Option<Url>,
    /// How many weeks of the person's worklogs a read-back covers.
    pub read_back_weeks: i64,
}

impl Default for JiraSettings {
    fn default() -> Self {
        let url = |s: &str| Url::parse(s).expect("a built-in address");
        JiraSettings {
            authorize_url: url(endpoints::DEFAULT_AUTHORIZE_URL),
            token_url: url(endpoints::DEFAULT_TOKEN_URL),
            resources_url: url(endpoints::DEFAULT_RESOURCES_URL),
            api_gateway_url: url(endpoints::DEFAULT_API_GATEWAY_URL),
            client_id: None,
            client_secret: None,
            redirect_port: endpoints::DEFAULT_REDIRECT_PORT,
            adjust_estimate: AdjustEstimate::Auto,
            sync_delay_seconds: 120,
            http_timeout_seconds: 30,
            proxy: None,
            read_back_weeks: 8,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            week_start: Weekday::Mon,
            working_days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            working_hours: (
                NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
                NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
            ),
            daily_target_seconds: 8 * 3600,
            rounding: Rounding::NONE,
            idle_gap_seconds: Some(30 * 60),
            remind_after_seconds: Some(15 * 60),
            reminders: true,
            remind_running_after_seconds: Some(4 * 3600),
            week_summary: false,
            jira: JiraSettings::default(),
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Default,
    File,
    Env,
}

/// One setting as `stint config` shows it. `variable` names the environment variable when the
/// value came from one (`source` is `env`), and is `null` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingView {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
    pub variable: Option<String>,
    pub help: &'static str,
    /// How a form sets it: `switch` (`on`/`off`), `choice` (one of `options`), `days` (some of
    /// `options`, comma-separated), or `text`.
    pub control: &'static str,
    pub options: Vec<&'static str>,
}

/// Where a refused value was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The config file (`message` says the line when the TOML itself is broken).
    File,
    /// An environment variable, by name.
    Env(String),
}

/// A setting Stint cannot use: where it was and what is wrong, never quoting the file (a line
/// may hold a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub place: Place,
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.place {
            Place::File => write!(f, "the config file: {}", self.message),
            Place::Env(var) => write!(f, "the environment variable {var}: {}", self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// The settings from the config file's text (`None`: there is no file) and then `env` (a
    /// lookup of environment variables, so tests need not touch the process environment), with
    /// where each came from.
    pub fn parse(
        file_text: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(Settings, Vec<SettingView>), SettingsError> {
        let mut settings = Settings::default();
        let mut sources = vec![(Source::Default, None); KEYS.len()];
        let in_file = |message: String| SettingsError { place: Place::File, message };
        if let Some(text) = file_text {
            let table: toml::Table =
                text.parse().map_err(|e: toml::de::Error| in_file(where_in(text, e.span(), e.message())))?;
            for (name, value) in &table {
                let index = KEYS.iter().position(|k| k.name == name).ok_or_else(|| {
                    let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                    in_file(format!("`{name}` is not a setting; the settings are {}", known.join(", ")))
                })?;
                let text = toml_text(value)
                    .ok_or_else(|| in_file(format!("`{name}` must be a string, like {name} = \"…\"")))?;
                (KEYS[index].apply)(&mut settings, &text).map_err(|e| in_file(format!("`{name}`: {e}")))?;
                sources[index] = (Source::File, None);
            }
        }
        for (index, key) in KEYS.iter().enumerate() {
            let var = env_name(key.name);
            if let Some(value) = env(&var) {
                (key.apply)(&mut settings, &value)
                    .map_err(|e| SettingsError { place: Place::Env(var.clone()), message: e.to_string() })?;
                sources[index] = (Source::Env, Some(var));
            }
        }
        let views = KEYS
            .iter()
            .zip(sources)
            .map(|(key, (source, variable))| SettingView {
                key: key.name,
                value: (key.show)(&settings),
                source,
                variable,
                help: key.help,
                control: match key.control {
                    Control::Switch => "switch",
                    Control::Choice(_) => "choice",
                    Control::Days => "days",
                    Control::Text => "text",
                },
                options: match key.control {
                    Control::Switch => vec!["on", "off"],
                    Control::Choice(options) => options.to_vec(),
                    Control::Days => vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    Control::Text => Vec::new(),
                },
            })
            .collect();
        Ok((settings, views))
    }

    /// A commented config file holding every setting at its default.
    pub fn example_file() -> String {
        let defaults = Settings::default();
        let mut text = String::from(
            "# Stint settings. Every line is optional: the values shown are the defaults.\n\
             # Each setting can also be given as an environment variable, STINT_<NAME>, which wins.\n",
        );
        for key in KEYS {
            let _ = write!(text, "\n# {}\n{} = \"{}\"\n", key.help, key.name, (key.show)(&defaults));
        }
        text
    }
}

/// Checks `value` for setting `key` as loading would, without keeping it.
pub fn check_setting(key: &str, value: &str) -> Result<(), SettingsError> {
    let in_file = |message: String| SettingsError { place: Place::File, message };
    let index = KEYS.iter().position(|k| k.name == key).ok_or_else(|| {
        let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        in_file(format!("`{key}` is not a setting; the settings are {}", known.join(", ")))
    })?;
    (KEYS[index].apply)(&mut Settings::default(), value).map_err(|e| in_file(format!("`{key}`: {e}")))
}

/// The environment variables that can hold a setting (`STINT_WEEK_START`, …).
pub fn setting_variables() -> impl Iterator<Item = String> {
    KEYS.iter().map(|k| env_name(k.name))
}

fn env_name(key: &str) -> String {
    format!("STINT_{}", key.to_ascii_uppercase())
}

/// Whether `text` is a config file holding Stint's settings and nothing else (whatever their
/// values): what `purge` may delete.
pub fn is_stint_config(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|table| table.keys().all(|name| KEYS.iter().any(|k| k.name == name)))
}

/// A TOML error as "line N, column M: what is wrong", never quoting the line: it may hold a
/// secret (an unclosed `oauth_client_secret = "…`).
pub fn where_in(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    match span {
        Some(span) => {
            let before = text.get(..span.start.min(text.len())).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

/// A TOML value as setting text: a string, or an array of strings (joined with commas).
fn toml_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Array(items) => {
            items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().map(|v| v.join(","))
        }
        _ => None,
    }
}

//! Every setting with its default, in one typed struct. Values come from the defaults, then the
//! TOML file, then `STINT_<KEY>` environment variables, and `stint config` shows which won.
//! The table `KEYS` is the single list of settings: loading, showing and the example file all
//! come from it.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{NaiveTime, Weekday};
use stint_domain::{parse_span, parse_weekday, weekday_name, DomainError, Rounding, MAX_ENTRY_SECONDS};
use stint_jira::{check_url, endpoints, AdjustEstimate, Secret};
use url::Url;

use crate::AppError;

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
}

type Apply = fn(&mut Settings, &str) -> Result<(), DomainError>;
type Show = fn(&Settings) -> String;

struct Key {
    name: &'static str,
    help: &'static str,
    apply: Apply,
    show: Show,
}

const KEYS: &[Key] = &[
    Key {
        name: "week_start",
        help: "first day of the week: monday … sunday",
        apply: |s, v| {
            s.week_start = parse_weekday(v)?;
            Ok(())
        },
        show: |s| weekday_name(s.week_start).into(),
    },
    Key {
        name: "working_days",
        help: "days with a target, comma-separated: mon, tue, …",
        apply: |s, v| {
            s.working_days = parse_days(v)?;
            Ok(())
        },
        show: |s| s.working_days.iter().map(|d| &weekday_name(*d)[..3]).collect::<Vec<_>>().join(","),
    },
    Key {
        name: "working_hours",
        help: "the working day, HH:MM-HH:MM",
        apply: |s, v| {
            s.working_hours = parse_hours(v)?;
            Ok(())
        },
        show: |s| format!("{}-{}", s.working_hours.0.format("%H:%M"), s.working_hours.1.format("%H:%M")),
    },
    Key {
        name: "daily_target",
        help: "time goal per working day, like 8h or 7h30m; 0 for none",
        apply: |s, v| {
            s.daily_target_seconds =
                parse_bounded(v, 0, "a daily target is between 0 (none) and 24h, like 8h or 7h30m")?;
            Ok(())
        },
        show: |s| compact_duration(s.daily_target_seconds),
    },
    Key {
        name: "rounding",
        help: "how finished timers round: none, or up/down/nearest and a step, like `up 15m`",
        apply: |s, v| {
            s.rounding = v.parse()?;
            Ok(())
        },
        show: |s| s.rounding.to_string(),
    },
    Key {
        name: "idle_gap",
        help: "a silence this long while a timer runs is offered for removal; off to never ask",
        apply: |s, v| {
            s.idle_gap_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.idle_gap_seconds.map_or("off".into(), compact_duration),
    },
    Key {
        name: "remind_after",
        help: "tray: remind after this long untracked in working hours; off for never",
        apply: |s, v| {
            s.remind_after_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.remind_after_seconds.map_or("off".into(), compact_duration),
    },
    Key {
        name: "reminders",
        help: "tray: on to show reminders and notifications, off for none at all",
        apply: |s, v| {
            s.reminders = parse_on_off(v)?;
            Ok(())
        },
        show: |s| on_off(s.reminders),
    },
    Key {
        name: "remind_running_after",
        help: "tray: remind when a timer has run this long; off for never",
        apply: |s, v| {
            s.remind_running_after_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.remind_running_after_seconds.map_or("off".into(), compact_duration),
    },
    Key {
        name: "week_summary",
        help: "tray: on for a summary of the week at the end of its last working day",
        apply: |s, v| {
            s.week_summary = parse_on_off(v)?;
            Ok(())
        },
        show: |s| on_off(s.week_summary),
    },
    Key {
        name: "oauth_authorize_url",
        help: "Jira Cloud sign-in: where the browser is sent to authorize Stint",
        apply: |s, v| set_url(&mut s.jira.authorize_url, v),
        show: |s| s.jira.authorize_url.to_string(),
    },
    Key {
        name: "oauth_token_url",
        help: "Jira Cloud sign-in: the token endpoint",
        apply: |s, v| set_url(&mut s.jira.token_url, v),
        show: |s| s.jira.token_url.to_string(),
    },
    Key {
        name: "oauth_resources_url",
        help: "Jira Cloud sign-in: the list of sites the sign-in may use",
        apply: |s, v| set_url(&mut s.jira.resources_url, v),
        show: |s| s.jira.resources_url.to_string(),
    },
    Key {
        name: "api_gateway_url",
        help: "Jira Cloud API base (…/ex/jira); the site's cloud id is appended",
        apply: |s, v| set_url(&mut s.jira.api_gateway_url, v),
        show: |s| s.jira.api_gateway_url.to_string(),
    },
    Key {
        name: "oauth_client_id",
        help: "the OAuth 2.0 app Stint signs in as (from developer.atlassian.com, or your Data Center admin)",
        apply: |s, v| {
            s.jira.client_id = non_empty(v);
            Ok(())
        },
        show: |s| s.jira.client_id.clone().unwrap_or_default(),
    },
    Key {
        name: "oauth_client_secret",
        help: "that app's secret, if it has one (Atlassian's token endpoint wants it); never shown",
        apply: |s, v| {
            s.jira.client_secret = non_empty(v).map(Secret::new);
            Ok(())
        },
        show: |s| if s.jira.client_secret.is_some() { "(set)".into() } else { String::new() },
    },
    Key {
        name: "oauth_redirect_port",
        help: "the loopback port the browser returns to (http://localhost:PORT/callback), as registered with the app",
        apply: |s, v| {
            s.jira.redirect_port =
                v.trim().parse::<u16>().ok().filter(|p| *p >= 1024).ok_or_else(|| DomainError::OutOfRange {
                    input: v.trim().chars().take(20).collect(),
                    rule: "give a port from 1024 to 65535",
                })?;
            Ok(())
        },
        show: |s| s.jira.redirect_port.to_string(),
    },
    Key {
        name: "adjust_estimate",
        help: "what a worklog does to the issue's remaining estimate: auto (as Jira does) or leave",
        apply: |s, v| {
            s.jira.adjust_estimate = match v.trim().to_ascii_lowercase().as_str() {
                "auto" => AdjustEstimate::Auto,
                "leave" => AdjustEstimate::Leave,
                _ => {
                    return Err(DomainError::OutOfRange {
                        input: v.trim().chars().take(20).collect(),
                        rule: "write auto or leave",
                    })
                }
            };
            Ok(())
        },
        show: |s| s.jira.adjust_estimate.as_str().into(),
    },
    Key {
        name: "sync_delay",
        help: "the desktop app sends an entry this long after its last change, so it can still be fixed; 0 for at once",
        apply: |s, v| {
            s.jira.sync_delay_seconds = parse_bounded(v, 0, "give 0 (at once) up to 24h, like 2m")?;
            Ok(())
        },
        show: |s| compact_duration(s.jira.sync_delay_seconds),
    },
    Key {
        name: "http_timeout",
        help: "how long Stint waits for Jira's answer before trying again later",
        apply: |s, v| {
            let seconds = parse_bounded(v, 1, "give at least 1s and at most 24h, like 30s")?;
            if seconds > 600 {
                return Err(DomainError::OutOfRange {
                    input: v.trim().chars().take(20).collect(),
                    rule: "give at most 10m",
                });
            }
            s.jira.http_timeout_seconds = seconds;
            Ok(())
        },
        show: |s| compact_duration(s.jira.http_timeout_seconds),
    },
];

fn non_empty(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}

fn set_url(slot: &mut Url, v: &str) -> Result<(), DomainError> {
    *slot = check_url(v, "the address").map_err(|e| DomainError::BadSetting(e.to_string()))?;
    Ok(())
}

/// A setting's length as it loads back exactly: `8h00m`, `45m`, `1m30s`, `30s`, `0m`.
fn compact_duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let seconds_part = if s > 0 { format!("{s:02}s") } else { String::new() };
    match (h, m) {
        (0, 0) if s > 0 => format!("{s}s"),
        (0, m) => format!("{m}m{seconds_part}"),
        (h, m) => format!("{h}h{m:02}m{seconds_part}"),
    }
}

fn parse_days(value: &str) -> Result<Vec<Weekday>, DomainError> {
    let mut days = Vec::new();
    for word in value.split([',', ' ']).filter(|w| !w.is_empty()) {
        let day = parse_weekday(word)?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

fn parse_hours(value: &str) -> Result<(NaiveTime, NaiveTime), DomainError> {
    let bad = |reason| DomainError::BadWorkingHours { input: value.trim().chars().take(60).collect(), reason };
    let (a, b) = value.split_once('-').ok_or_else(|| bad("give a start and an end joined by -"))?;
    let parse = |s: &str| {
        let s = s.trim();
        let shaped = s.len() == 5 && s.as_bytes()[2] == b':';
        shaped
            .then(|| NaiveTime::parse_from_str(s, "%H:%M").ok())
            .flatten()
            .ok_or_else(|| bad("each end is HH:MM, 24-hour"))
    };
    let (start, end) = (parse(a)?, parse(b)?);
    if start >= end {
        return Err(bad("the day must end after it starts, on the same day"));
    }
    Ok((start, end))
}

/// A length of time from `min` seconds to 24 hours, refused with `rule` when outside.
fn parse_bounded(value: &str, min: i64, rule: &'static str) -> Result<i64, DomainError> {
    let seconds = parse_span(value)?;
    if !(min..=MAX_ENTRY_SECONDS).contains(&seconds) {
        return Err(DomainError::OutOfRange { input: value.trim().chars().take(60).collect(), rule });
    }
    Ok(seconds)
}

fn parse_on_off(value: &str) -> Result<bool, DomainError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(DomainError::OutOfRange { input: value.trim().chars().take(60).collect(), rule: "write on or off" }),
    }
}

fn on_off(value: bool) -> String {
    if value { "on" } else { "off" }.to_string()
}

/// A length from one minute to 24 hours, or `off`.
fn parse_optional_duration(value: &str) -> Result<Option<i64>, DomainError> {
    if value.trim().eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    parse_bounded(value, 60, "give at least 1m and at most 24h, or write off to turn it off").map(Some)
}

fn env_name(key: &str) -> String {
    format!("STINT_{}", key.to_ascii_uppercase())
}

impl Settings {
    /// Loads the settings: defaults, then `file` if it exists, then `env` (a lookup of
    /// environment variables, so tests need not touch the process environment).
    pub fn load(file: &Path, env: impl Fn(&str) -> Option<String>) -> Result<(Settings, Vec<SettingView>), AppError> {
        let mut settings = Settings::default();
        let mut sources = vec![(Source::Default, None); KEYS.len()];
        let file_name = format!("the config file {}", file.display());
        let config_error = |message: String| AppError::Config { source_name: file_name.clone(), message };
        if let Some(text) = read_config(file)? {
            let table: toml::Table =
                text.parse().map_err(|e: toml::de::Error| config_error(e.to_string().trim().to_string()))?;
            for (name, value) in &table {
                let index = KEYS.iter().position(|k| k.name == name).ok_or_else(|| {
                    let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                    config_error(format!("`{name}` is not a setting; the settings are {}", known.join(", ")))
                })?;
                let text = toml_text(value)
                    .ok_or_else(|| config_error(format!("`{name}` must be a string, like {name} = \"…\"")))?;
                (KEYS[index].apply)(&mut settings, &text).map_err(|e| config_error(format!("`{name}`: {e}")))?;
                sources[index] = (Source::File, None);
            }
        }
        for (index, key) in KEYS.iter().enumerate() {
            let var = env_name(key.name);
            if let Some(value) = env(&var) {
                (key.apply)(&mut settings, &value).map_err(|e| AppError::Config {
                    source_name: format!("the environment variable {var}"),
                    message: e.to_string(),
                })?;
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

/// The environment variables that can hold a setting (`STINT_WEEK_START`, …).
pub fn setting_variables() -> impl Iterator<Item = String> {
    KEYS.iter().map(|k| env_name(k.name))
}

/// Writes one setting into the config file, checked as loading checks it, keeping every other
/// line (comments included). The file is replaced atomically; a linked file is written where the
/// link points. Nothing changes when the value is refused.
pub(crate) fn write_setting(file: &Path, key: &str, value: &str) -> Result<(), AppError> {
    let source_name = format!("the config file {}", file.display());
    let config_error = |message: String| AppError::Config { source_name: source_name.clone(), message };
    let index = KEYS.iter().position(|k| k.name == key).ok_or_else(|| {
        let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        config_error(format!("`{key}` is not a setting; the settings are {}", known.join(", ")))
    })?;
    (KEYS[index].apply)(&mut Settings::default(), value).map_err(|e| config_error(format!("`{key}`: {e}")))?;
    let text = read_config(file)?.unwrap_or_default();
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| config_error(format!("{} (fix the file first)", e.to_string().trim())))?;
    doc[key] = toml_edit::value(value.trim());
    let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let io = |action, source| AppError::Io { action, path: target.clone(), source };
    if let Some(dir) = target.parent() {
        crate::paths::create_private_dir(dir)?;
    }
    let temp = target.with_extension("toml.stint-tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut f| {
        use std::io::Write as _;
        f.write_all(doc.to_string().as_bytes())?;
        f.sync_all()
    });
    if let Err(source) = written.and_then(|()| std::fs::rename(&temp, &target)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io("write", source));
    }
    Ok(())
}

/// Whether `text` is a config file holding Stint's settings and nothing else (whatever their
/// values): what `purge` may delete.
pub(crate) fn is_stint_config(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok_and(|table| table.keys().all(|name| KEYS.iter().any(|k| k.name == name)))
}

/// The config file's text, or `None` when there is none. A symbolic link is followed (dotfile
/// managers link config files), but what it leads to must be a regular file: a FIFO or a device
/// is refused instead of read (reading a FIFO would wait forever).
fn read_config(file: &Path) -> Result<Option<String>, AppError> {
    use std::io::Read as _;
    let io = |source| AppError::Io { action: "read", path: file.to_path_buf(), source };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer unless it is non-blocking.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let handle = match options.open(file) {
        Ok(handle) => handle,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io(source)),
    };
    let kind = handle.metadata().map_err(io)?.file_type();
    if !kind.is_file() {
        return Err(AppError::Config {
            source_name: format!("the config file {}", file.display()),
            message: format!(
                "it is a {}, not a file: replace it with a file, or remove it",
                stint_store::describe_kind(&kind)
            ),
        });
    }
    // A config file is a few lines; a huge one is a mistake, never read whole into memory.
    const MOST: u64 = 1024 * 1024;
    if handle.metadata().map_err(io)?.len() > MOST {
        return Err(AppError::Config {
            source_name: format!("the config file {}", file.display()),
            message: "it is larger than 1 MiB, far more than any settings: check that it is the right file".into(),
        });
    }
    let mut text = String::new();
    handle.take(MOST).read_to_string(&mut text).map_err(|source| {
        if source.kind() == std::io::ErrorKind::InvalidData {
            AppError::Config {
                source_name: format!("the config file {}", file.display()),
                message: "it is not UTF-8 text: save it as UTF-8".into(),
            }
        } else {
            io(source)
        }
    })?;
    Ok(Some(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file_text: Option<&str>, env: &[(&str, &str)]) -> Result<(Settings, Vec<SettingView>), AppError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        if let Some(text) = file_text {
            std::fs::write(&file, text).unwrap();
        }
        Settings::load(&file, |name| env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn defaults_without_a_file() {
        let (settings, views) = load(None, &[]).unwrap();
        assert_eq!(settings, Settings::default());
        assert!(views.iter().all(|v| v.source == Source::Default));
    }

    #[test]
    fn the_example_file_loads_back_to_the_defaults() {
        let (settings, views) = load(Some(&Settings::example_file()), &[]).unwrap();
        assert_eq!(settings, Settings::default());
        assert!(views.iter().all(|v| v.source == Source::File));
    }

    #[test]
    fn file_then_environment() {
        let file = "week_start = \"sunday\"\nworking_days = [\"sun\", \"mon\"]\nrounding = \"up 15m\"\ndaily_target = \"7h30m\"\n";
        let (s, views) = load(Some(file), &[("STINT_DAILY_TARGET", "6h"), ("STINT_IDLE_GAP", "off")]).unwrap();
        assert_eq!(s.week_start, Weekday::Sun);
        assert_eq!(s.working_days, [Weekday::Mon, Weekday::Sun]);
        assert_eq!(s.rounding.to_string(), "up 15m");
        assert_eq!(s.daily_target_seconds, 6 * 3600);
        assert_eq!(s.idle_gap_seconds, None);
        let target = views.iter().find(|v| v.key == "daily_target").unwrap();
        assert_eq!((target.value.as_str(), &target.source), ("6h00m", &Source::Env));
        assert_eq!(target.variable.as_deref(), Some("STINT_DAILY_TARGET"));
        let week = views.iter().find(|v| v.key == "week_start").unwrap();
        assert_eq!((&week.source, &week.variable), (&Source::File, &None));
    }

    #[test]
    fn bad_settings_name_the_place_and_the_fix() {
        for (file, env, says) in [
            (Some("week_start = \"someday\""), vec![], "week_start"),
            (Some("colour = \"blue\""), vec![], "is not a setting"),
            (Some("daily_target = 8"), vec![], "must be a string"),
            (Some("not toml at all ="), vec![], "config file"),
            (Some("working_hours = \"17:00-09:00\""), vec![], "must end after it starts"),
            (Some("working_hours = \"9-17\""), vec![], "each end is HH:MM"),
            (Some("daily_target = \"25h\""), vec![], "between 0 (none) and 24h"),
            (Some("idle_gap = \"0m\""), vec![], "write off"),
            (None, vec![("STINT_REMIND_AFTER", "30s")], "write off"),
            (None, vec![("STINT_ROUNDING", "sometimes")], "STINT_ROUNDING"),
        ] {
            let err = load(file, &env).unwrap_err();
            assert!(err.is_bad_input(), "{err}");
            assert!(err.to_string().contains(says), "{says}: {err}");
            assert!(!err.to_string().contains("split it"), "{err}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_value_of_any_setting_is_taken_or_refused_never_a_panic(
            key in 0..KEYS.len(),
            value in "\\PC{0,30}|[0-9:.hms -]{0,12}|(up|down|nearest) [0-9.:]{0,6}[hms]?|[0-9]{1,2}:[0-9]{2}-[0-9]{1,2}:[0-9]{2}",
        ) {
            let mut settings = Settings::default();
            // The client secret is shown as "(set)", never as itself.
            if KEYS[key].name != "oauth_client_secret" && (KEYS[key].apply)(&mut settings, &value).is_ok() {
                // What is shown loads back to the same setting.
                let shown = (KEYS[key].show)(&settings);
                let mut again = Settings::default();
                proptest::prop_assert!((KEYS[key].apply)(&mut again, &shown).is_ok(), "{} = {}", KEYS[key].name, shown);
                proptest::prop_assert_eq!(again, settings);
            }
        }
    }

    #[test]
    fn a_written_setting_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("config.toml");
        write_setting(&file, "daily_target", "7h").unwrap();
        assert_eq!(Settings::load(&file, |_| None).unwrap().0.daily_target_seconds, 7 * 3600);
        std::fs::write(&file, "# mine\nweek_start = \"sunday\" # my week\n").unwrap();
        write_setting(&file, "rounding", "up 15m").unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("# mine") && text.contains("# my week") && text.contains("rounding = \"up 15m\""),
            "{text}"
        );
        for (key, value, says) in [("colour", "blue", "not a setting"), ("idle_gap", "0m", "write off")] {
            let err = write_setting(&file, key, value).unwrap_err();
            assert!(err.is_bad_input() && err.to_string().contains(says), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "a refused value changes nothing");
    }

    #[test]
    fn what_counts_as_stint_s_config() {
        assert!(is_stint_config(&Settings::example_file()));
        assert!(is_stint_config(""));
        assert!(is_stint_config("rounding = \"sideways\"\n"), "a bad value is still Stint's setting");
        assert!(!is_stint_config("colour = \"blue\"\n"));
        assert!(!is_stint_config("[server]\nport = 80\n"));
        assert!(!is_stint_config("not toml ="));
    }

    #[test]
    fn zero_targets_in_any_form_mean_none() {
        for zero in ["0", "0m", "0h", "0:00"] {
            let (s, _) = load(Some(&format!("daily_target = \"{zero}\"")), &[]).unwrap();
            assert_eq!(s.daily_target_seconds, 0, "{zero}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_config_path_that_is_not_a_file_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        // Without the check this blocks forever waiting for a writer.
        let err = Settings::load(&fifo, |_| None).unwrap_err();
        assert!(err.to_string().contains("named pipe (FIFO)"), "{err}");
        assert!(err.is_bad_input());

        std::fs::remove_file(&fifo).unwrap();
        std::fs::create_dir(&fifo).unwrap();
        assert!(Settings::load(&fifo, |_| None).unwrap_err().to_string().contains("folder"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_config_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-stint.toml");
        std::fs::write(&real, "week_start = \"sunday\"\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(Settings::load(&link, |_| None).unwrap().0.week_start, Weekday::Sun);
    }
}

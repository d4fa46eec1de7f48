//! Every setting with its default, in one typed struct. Values come from the defaults, then the
//! TOML file, then `STINT_<KEY>` environment variables, and `stint config` shows which won.
//! The table `KEYS` is the single list of settings: loading, showing and the example file all
//! come from it.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{NaiveTime, Weekday};
use stint_domain::{format_duration, parse_duration, parse_weekday, weekday_name, DomainError, Rounding};

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
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Default,
    File,
    Env(String),
}

/// One setting as `stint config` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettingView {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
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
            s.daily_target_seconds = if v.trim() == "0" { 0 } else { parse_duration(v)? };
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
        help: "desktop app: remind after this long untracked in working hours; off for never",
        apply: |s, v| {
            s.remind_after_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.remind_after_seconds.map_or("off".into(), compact_duration),
    },
];

fn compact_duration(seconds: i64) -> String {
    format_duration(seconds).replace(' ', "")
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
    let bad = || DomainError::BadTime(value.trim().to_string());
    let (a, b) = value.split_once('-').ok_or_else(bad)?;
    let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (start, end) = (parse(a)?, parse(b)?);
    if start >= end {
        return Err(bad());
    }
    Ok((start, end))
}

fn parse_optional_duration(value: &str) -> Result<Option<i64>, DomainError> {
    if value.trim().eq_ignore_ascii_case("off") {
        Ok(None)
    } else {
        parse_duration(value).map(Some)
    }
}

fn env_name(key: &str) -> String {
    format!("STINT_{}", key.to_ascii_uppercase())
}

impl Settings {
    /// Loads the settings: defaults, then `file` if it exists, then `env` (a lookup of
    /// environment variables, so tests need not touch the process environment).
    pub fn load(file: &Path, env: impl Fn(&str) -> Option<String>) -> Result<(Settings, Vec<SettingView>), AppError> {
        let mut settings = Settings::default();
        let mut sources = vec![Source::Default; KEYS.len()];
        let file_name = format!("the config file {}", file.display());
        let config_error = |message: String| AppError::Config { source_name: file_name.clone(), message };
        match std::fs::read_to_string(file) {
            Ok(text) => {
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
                    sources[index] = Source::File;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(AppError::Io { action: "read", path: file.to_path_buf(), source }),
        }
        for (index, key) in KEYS.iter().enumerate() {
            let var = env_name(key.name);
            if let Some(value) = env(&var) {
                (key.apply)(&mut settings, &value).map_err(|e| AppError::Config {
                    source_name: format!("the environment variable {var}"),
                    message: e.to_string(),
                })?;
                sources[index] = Source::Env(var);
            }
        }
        let views = KEYS
            .iter()
            .zip(sources)
            .map(|(key, source)| SettingView { key: key.name, value: (key.show)(&settings), source, help: key.help })
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
        assert_eq!((target.value.as_str(), &target.source), ("6h00m", &Source::Env("STINT_DAILY_TARGET".into())));
    }

    #[test]
    fn bad_settings_name_the_place_and_the_fix() {
        for (file, env, says) in [
            (Some("week_start = \"someday\""), vec![], "week_start"),
            (Some("colour = \"blue\""), vec![], "is not a setting"),
            (Some("daily_target = 8"), vec![], "must be a string"),
            (Some("not toml at all ="), vec![], "config file"),
            (Some("working_hours = \"17:00-09:00\""), vec![], "working_hours"),
            (None, vec![("STINT_ROUNDING", "sometimes")], "STINT_ROUNDING"),
        ] {
            let err = load(file, &env).unwrap_err();
            assert!(err.is_bad_input(), "{err}");
            assert!(err.to_string().contains(says), "{err}");
        }
    }
}

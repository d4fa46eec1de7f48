//! Every setting with its default, in one typed struct. Values come from the defaults, then the
//! TOML file, then `STINT_<KEY>` environment variables, and the views say which won. The table
//! `keys::KEYS` is the single list of settings: loading, showing, writing and the example file all
//! come from it; `values` reads and shows each kind of value; `file` reads and writes the file.

mod file;
mod keys;
mod values;

use std::fmt::Write as _;
use std::path::Path;

use chrono::{NaiveTime, Weekday};
use stint_domain::Rounding;
use stint_jira::{endpoints, AdjustEstimate, Secret};
use url::Url;

#[cfg(test)]
use file::is_stint_config;
pub(crate) use file::is_stint_config_file;
use file::{read_config, toml_text, write_setting};
use keys::KEYS;

use crate::facade::lookup;
use crate::{AppError, Stint};

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
            let table: toml::Table = text
                .parse()
                .map_err(|e: toml::de::Error| config_error(file::where_in(&text, e.span(), e.message())))?;
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

fn env_name(key: &str) -> String {
    format!("STINT_{}", key.to_ascii_uppercase())
}

impl Stint {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every setting in effect and where it came from.
    pub fn setting_views(&self) -> Result<Vec<SettingView>, AppError> {
        let env = self.env_vars();
        Ok(Settings::load(&self.paths().config_file, |name| lookup(env, name))?.1)
    }

    /// Writes `key = value` into the config file (checked as loading checks it) and uses it from
    /// now on. A `STINT_…` variable still wins over the file, which the views say.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Vec<SettingView>, AppError> {
        write_setting(&self.paths().config_file, key, value)?;
        let env = self.env_vars().to_vec();
        let (settings, views) = Settings::load(&self.paths().config_file, |name| lookup(&env, name))?;
        self.settings = settings;
        tracing::info!(key, "setting written");
        Ok(views)
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
    fn a_broken_file_is_said_where_without_quoting_it() {
        let err = load(Some("rounding = \"none\"\noauth_client_secret = \"s3cr3t-Sentinel\n"), &[]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 2"), "{text}");
        assert!(!text.contains("Sentinel"), "a secret is never echoed: {text}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "oauth_client_secret = \"s3cr3t-Sentinel\n").unwrap();
        let err = write_setting(&path, "rounding", "none").unwrap_err().to_string();
        assert!(err.contains("line 1") && !err.contains("Sentinel"), "{err}");
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
            // Both bounds named: the upper one is this setting's own, not 24h.
            (Some("http_timeout = \"0s\""), vec![], "at least 1s and at most 10m"),
            (Some("http_timeout = \"11m\""), vec![], "at least 1s and at most 10m"),
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

    proptest::proptest! {
        /// Any config file (settings of every key and none, values of every TOML shape, junk
        /// after them) loads, or is refused as a config error that names the file: never a panic.
        #[test]
        fn any_config_file_is_read_or_refused_never_a_panic(
            lines in proptest::collection::vec((0..KEYS.len() + 1, "\\PC{0,20}", 0..5usize), 0..6),
            junk in "[ -~\n\\[\\]=\"#]{0,80}",
        ) {
            let mut text = String::new();
            for (key, value, shape) in &lines {
                let name = KEYS.get(*key).map_or("no_such_setting", |k| k.name);
                text += &match shape {
                    0 => format!("{name} = {value:?}\n"),
                    1 => format!("{name} = '{value}'\n"),
                    2 => format!("{name} = 42\n"),
                    3 => format!("{name} = [1, \"x\"]\n"),
                    _ => format!("[{name}]\n"),
                };
            }
            text += &junk;
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("config.toml");
            std::fs::write(&file, &text).unwrap();
            if let Err(e) = Settings::load(&file, |_| None) {
                proptest::prop_assert!(matches!(e, crate::AppError::Config { .. }) && e.is_bad_input(), "{e}");
                proptest::prop_assert!(e.to_string().contains("config.toml"), "{e}");
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

//! Stint's settings (`stint-settings` holds every key, its default, and how its value is read
//! and shown): here, the config file is read safely and its text handed over, one setting is
//! written back, and the facade's calls.

mod file;

use std::path::Path;

pub use stint_settings::{setting_variables, JiraSettings, SettingView, Settings, SettingsError, Source};

pub(crate) use file::is_stint_config_file;
use file::{read_config, source_name, write_setting};

use crate::facade::lookup;
use crate::{AppError, Stint};

/// Loads the settings: defaults, then `file` if it exists, then `env` (a lookup of environment
/// variables, so tests need not touch the process environment).
pub fn load(file: &Path, env: impl Fn(&str) -> Option<String>) -> Result<(Settings, Vec<SettingView>), AppError> {
    let text = read_config(file)?;
    Settings::parse(text.as_deref(), env).map_err(|e| config_error(file, e))
}

/// A refused setting as the application's error, naming the file or the variable.
pub(crate) fn config_error(file: &Path, e: SettingsError) -> AppError {
    let source_name = match e.place {
        stint_settings::Place::File => source_name(file),
        stint_settings::Place::Env(var) => format!("the environment variable {var}"),
    };
    AppError::Config { source_name, message: e.message }
}

impl Stint {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every setting in effect and where it came from.
    pub fn setting_views(&self) -> Result<Vec<SettingView>, AppError> {
        let env = self.env_vars();
        Ok(load(&self.paths().config_file, |name| lookup(env, name))?.1)
    }

    /// Writes `key = value` into the config file (checked as loading checks it) and uses it from
    /// now on. A `STINT_…` variable still wins over the file, which the views say.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Vec<SettingView>, AppError> {
        write_setting(&self.paths().config_file, key, value)?;
        let env = self.env_vars().to_vec();
        let (settings, views) = load(&self.paths().config_file, |name| lookup(&env, name))?;
        self.settings = settings;
        tracing::info!(key, "setting written");
        Ok(views)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use stint_settings::{is_stint_config, KEYS};

    use super::*;

    fn load(file_text: Option<&str>, env: &[(&str, &str)]) -> Result<(Settings, Vec<SettingView>), AppError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        if let Some(text) = file_text {
            std::fs::write(&file, text).unwrap();
        }
        super::load(&file, |name| env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
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
            if let Err(e) = super::load(&file, |_| None) {
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
        assert_eq!(super::load(&file, |_| None).unwrap().0.daily_target_seconds, 7 * 3600);
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
        let err = super::load(&fifo, |_| None).unwrap_err();
        assert!(err.to_string().contains("named pipe (FIFO)"), "{err}");
        assert!(err.is_bad_input());

        std::fs::remove_file(&fifo).unwrap();
        std::fs::create_dir(&fifo).unwrap();
        assert!(super::load(&fifo, |_| None).unwrap_err().to_string().contains("folder"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_config_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-stint.toml");
        std::fs::write(&real, "week_start = \"sunday\"\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(super::load(&link, |_| None).unwrap().0.week_start, Weekday::Sun);
    }
}

//! How the person reads a time of day: from the locale their session sets, so the CLI, the tray
//! and the window show one format (and read it back as typed).
//!
//! The locale is the first set of `LC_ALL`, `LC_TIME`, `LANG` (POSIX's order). Where its region
//! writes times on a 12-hour clock (CLDR's preference: the United States, Canada, Australia,
//! India, Korea, Taiwan, the Arab world, …) times read `1:05 PM`; elsewhere, and for `C` and
//! `POSIX`, `13:05`. Input takes either form whatever the locale (`1:05 pm` is unambiguous).

use chrono::{NaiveTime, Timelike};

/// The person's time locale, as the shells show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeLocale {
    /// A BCP 47 tag for dates and weekdays (`en-US`, `de-DE`); `en-GB` for `C` and `POSIX`, whose
    /// dates read as Stint's CLI prints them (`Fri 20 Nov`).
    pub tag: String,
    /// Times on a 12-hour clock (`1:05 PM`) rather than a 24-hour one (`13:05`).
    pub twelve_hour: bool,
}

impl Default for TimeLocale {
    fn default() -> Self {
        TimeLocale { tag: "en-GB".into(), twelve_hour: false }
    }
}

/// Language-region pairs, and whole languages, whose times read on a 12-hour clock.
const TWELVE_HOUR_REGIONS: &[&str] = &[
    "en_US", "en_CA", "en_AU", "en_NZ", "en_IN", "en_PH", "en_PK", "es_US", "fil_PH", "hi_IN", "bn_IN", "bn_BD",
    "ur_PK", "ur_IN", "ko_KR", "zh_TW", "zh_HK", "el_GR",
];
const TWELVE_HOUR_LANGUAGES: &[&str] = &["ar"];

impl TimeLocale {
    /// From the session's variables (`env` looks one up).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> TimeLocale {
        let value = ["LC_ALL", "LC_TIME", "LANG"].iter().find_map(|name| env(name).filter(|v| !v.trim().is_empty()));
        value.map_or_else(TimeLocale::default, |v| TimeLocale::parse(&v))
    }

    /// From a POSIX locale name: `en_US.UTF-8`, `de_DE@euro`, `C.UTF-8`.
    pub fn parse(name: &str) -> TimeLocale {
        let base = name.trim().split(['.', '@']).next().unwrap_or("");
        let (language, region) = base.split_once('_').unwrap_or((base, ""));
        let letters = |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic());
        if !letters(language, &[2, 3]) || !(region.is_empty() || letters(region, &[2])) {
            // `C`, `POSIX`, or nothing a tag can be made of.
            return TimeLocale::default();
        }
        let language = language.to_ascii_lowercase();
        let region = region.to_ascii_uppercase();
        let pair = format!("{language}_{region}");
        let twelve_hour =
            TWELVE_HOUR_REGIONS.contains(&pair.as_str()) || TWELVE_HOUR_LANGUAGES.contains(&language.as_str());
        let tag = if region.is_empty() { language } else { format!("{language}-{region}") };
        TimeLocale { tag, twelve_hour }
    }

    /// A time of day as the person reads it: `13:05` or `1:05 PM`.
    pub fn clock(&self, t: NaiveTime) -> String {
        if self.twelve_hour {
            let (pm, hour) = t.hour12();
            format!("{hour}:{:02} {}", t.minute(), if pm { "PM" } else { "AM" })
        } else {
            format!("{:02}:{:02}", t.hour(), t.minute())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_to_clocks() {
        for (name, tag, twelve) in [
            ("en_US.UTF-8", "en-US", true),
            ("en_GB.UTF-8", "en-GB", false),
            ("C.UTF-8", "en-GB", false),
            ("C", "en-GB", false),
            ("POSIX", "en-GB", false),
            ("", "en-GB", false),
            ("de_DE@euro", "de-DE", false),
            ("ko_KR.eucKR", "ko-KR", true),
            ("ar_EG.UTF-8", "ar-EG", true),
            ("fr", "fr", false),
            ("en_IN", "en-IN", true),
            ("xx_YY_ZZ", "en-GB", false),
            ("../../etc", "en-GB", false),
        ] {
            let l = TimeLocale::parse(name);
            assert_eq!((l.tag.as_str(), l.twelve_hour), (tag, twelve), "{name}");
        }
    }

    #[test]
    fn the_first_set_variable_wins_as_posix_orders_them() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        assert!(TimeLocale::from_env(env(&[("LANG", "en_US.UTF-8")])).twelve_hour);
        assert!(!TimeLocale::from_env(env(&[("LANG", "en_US.UTF-8"), ("LC_TIME", "de_DE.UTF-8")])).twelve_hour);
        assert!(TimeLocale::from_env(env(&[("LC_TIME", "de_DE.UTF-8"), ("LC_ALL", "en_US.UTF-8")])).twelve_hour);
        assert!(!TimeLocale::from_env(env(&[("LC_ALL", " "), ("LANG", "C.UTF-8")])).twelve_hour);
        assert_eq!(TimeLocale::from_env(env(&[])), TimeLocale::default());
    }

    #[test]
    fn clocks() {
        let us = TimeLocale::parse("en_US.UTF-8");
        let gb = TimeLocale::parse("en_GB.UTF-8");
        for (h, m, twelve, twenty_four) in [
            (0, 5, "12:05 AM", "00:05"),
            (12, 0, "12:00 PM", "12:00"),
            (13, 5, "1:05 PM", "13:05"),
            (23, 59, "11:59 PM", "23:59"),
        ] {
            let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            assert_eq!((us.clock(t).as_str(), gb.clock(t).as_str()), (twelve, twenty_four));
        }
    }
}

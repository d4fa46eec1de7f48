//! The table of settings: each one's name, help, how its value is read into `Settings` and how
//! it is shown (so that it loads back to the same value).

use stint_domain::{parse_weekday, typed_duration, weekday_name, DomainError, MAX_ENTRY_SECONDS};
use stint_jira::{AdjustEstimate, Secret};

use crate::values::{
    non_empty, on_off, parse_bounded, parse_count, parse_days, parse_hours, parse_on_off, parse_optional_duration,
    set_url,
};
use crate::Settings;

pub type Apply = fn(&mut Settings, &str) -> Result<(), DomainError>;
pub type Show = fn(&Settings) -> String;

#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub help: &'static str,
    pub apply: Apply,
    pub show: Show,
    /// How a form lets a person set it (the values a choice offers are ones `apply` takes).
    pub control: Control,
}

/// How a setting is set in a form: a switch (`on`/`off`), one of a few words, some days of the
/// week, or text (a duration, a time span, an address) checked as the CLI checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Switch,
    Choice(&'static [&'static str]),
    Days,
    Text,
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

pub const KEYS: &[Key] = &[
    Key {
        name: "week_start",
        control: Control::Choice(WEEKDAYS),
        help: "first day of the week: monday … sunday",
        apply: |s, v| {
            s.week_start = parse_weekday(v)?;
            Ok(())
        },
        show: |s| weekday_name(s.week_start).into(),
    },
    Key {
        name: "working_days",
        control: Control::Days,
        help: "days with a target, comma-separated: mon, tue, …",
        apply: |s, v| {
            s.working_days = parse_days(v)?;
            Ok(())
        },
        show: |s| s.working_days.iter().map(|d| &weekday_name(*d)[..3]).collect::<Vec<_>>().join(","),
    },
    Key {
        name: "working_hours",
        control: Control::Text,
        help: "the working day, HH:MM-HH:MM",
        apply: |s, v| {
            s.working_hours = parse_hours(v)?;
            Ok(())
        },
        show: |s| format!("{}-{}", s.working_hours.0.format("%H:%M"), s.working_hours.1.format("%H:%M")),
    },
    Key {
        name: "daily_target",
        control: Control::Text,
        help: "time goal per working day, like 8h or 7h30m; 0 for none",
        apply: |s, v| {
            s.daily_target_seconds =
                parse_bounded(v, 0, MAX_ENTRY_SECONDS, "a daily target is between 0 (none) and 24h, like 8h or 7h30m")?;
            Ok(())
        },
        show: |s| typed_duration(s.daily_target_seconds),
    },
    Key {
        name: "rounding",
        control: Control::Text,
        help: "how finished timers round: none, or up/down/nearest and a step, like `up 15m`",
        apply: |s, v| {
            s.rounding = v.parse()?;
            Ok(())
        },
        show: |s| s.rounding.to_string(),
    },
    Key {
        name: "idle_gap",
        control: Control::Text,
        help: "a silence this long while a timer runs is offered for removal; off to never ask",
        apply: |s, v| {
            s.idle_gap_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.idle_gap_seconds.map_or("off".into(), typed_duration),
    },
    Key {
        name: "remind_after",
        control: Control::Text,
        help: "tray: remind after this long untracked in working hours; off for never",
        apply: |s, v| {
            s.remind_after_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.remind_after_seconds.map_or("off".into(), typed_duration),
    },
    Key {
        name: "reminders",
        control: Control::Switch,
        help: "tray: on to show reminders and notifications, off for none at all",
        apply: |s, v| {
            s.reminders = parse_on_off(v)?;
            Ok(())
        },
        show: |s| on_off(s.reminders),
    },
    Key {
        name: "remind_running_after",
        control: Control::Text,
        help: "tray: remind when a timer has run this long; off for never",
        apply: |s, v| {
            s.remind_running_after_seconds = parse_optional_duration(v)?;
            Ok(())
        },
        show: |s| s.remind_running_after_seconds.map_or("off".into(), typed_duration),
    },
    Key {
        name: "week_summary",
        control: Control::Switch,
        help: "tray: on for a summary of the week at the end of its last working day",
        apply: |s, v| {
            s.week_summary = parse_on_off(v)?;
            Ok(())
        },
        show: |s| on_off(s.week_summary),
    },
    Key {
        name: "oauth_authorize_url",
        control: Control::Text,
        help: "Jira Cloud sign-in: where the browser is sent to authorize Stint",
        apply: |s, v| set_url(&mut s.jira.authorize_url, v),
        show: |s| s.jira.authorize_url.to_string(),
    },
    Key {
        name: "oauth_token_url",
        control: Control::Text,
        help: "Jira Cloud sign-in: the token endpoint",
        apply: |s, v| set_url(&mut s.jira.token_url, v),
        show: |s| s.jira.token_url.to_string(),
    },
    Key {
        name: "oauth_resources_url",
        control: Control::Text,
        help: "Jira Cloud sign-in: the list of sites the sign-in may use",
        apply: |s, v| set_url(&mut s.jira.resources_url, v),
        show: |s| s.jira.resources_url.to_string(),
    },
    Key {
        name: "api_gateway_url",
        control: Control::Text,
        help: "Jira Cloud API base (…/ex/jira); the site's cloud id is appended",
        apply: |s, v| set_url(&mut s.jira.api_gateway_url, v),
        show: |s| s.jira.api_gateway_url.to_string(),
    },
    Key {
        name: "oauth_client_id",
        control: Control::Text,
        help: "the OAuth 2.0 app Stint signs in as (from developer.atlassian.com, or your Data Center admin)",
        apply: |s, v| {
            s.jira.client_id = non_empty(v);
            Ok(())
        },
        show: |s| s.jira.client_id.clone().unwrap_or_default(),
    },
    Key {
        name: "oauth_client_secret",
        control: Control::Text,
        help: "that app's secret, if it has one (Atlassian's token endpoint wants it); never shown",
        apply: |s, v| {
            s.jira.client_secret = non_empty(v).map(Secret::new);
            Ok(())
        },
        show: |s| if s.jira.client_secret.is_some() { "(set)".into() } else { String::new() },
    },
    Key {
        name: "oauth_redirect_port",
        control: Control::Text,
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
        control: Control::Choice(&["auto", "leave"]),
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
        control: Control::Text,
        help: "the desktop app sends an entry this long after its last change, so it can still be fixed; 0 for at once",
        apply: |s, v| {
            s.jira.sync_delay_seconds = parse_bounded(v, 0, MAX_ENTRY_SECONDS, "give 0 (at once) up to 24h, like 2m")?;
            Ok(())
        },
        show: |s| typed_duration(s.jira.sync_delay_seconds),
    },
    Key {
        name: "proxy",
        control: Control::Text,
        help: "a proxy for every request to Jira (http://host:port), or off; HTTPS_PROXY and the like are never used",
        apply: |s, v| {
            s.jira.proxy = match v.trim() {
                "" | "off" | "none" => None,
                text => Some(stint_jira::check_proxy(text).map_err(|e| DomainError::BadSetting(e.to_string()))?),
            };
            Ok(())
        },
        show: |s| s.jira.proxy.as_ref().map_or("off".to_string(), |p| p.as_str().trim_end_matches('/').to_string()),
    },
    Key {
        name: "http_timeout",
        control: Control::Text,
        help: "how long Stint waits for Jira's answer before trying again later",
        apply: |s, v| {
            s.jira.http_timeout_seconds = parse_bounded(v, 1, 600, "give at least 1s and at most 10m, like 30s")?;
            Ok(())
        },
        show: |s| typed_duration(s.jira.http_timeout_seconds),
    },
    Key {
        name: "read_back_weeks",
        control: Control::Text,
        help: "how many weeks of your worklogs Stint reads back from Jira, so your week counts time logged elsewhere",
        apply: |s, v| {
            s.jira.read_back_weeks = parse_count(v, 1, 52, "give a number of weeks from 1 to 52, like 8")?;
            Ok(())
        },
        show: |s| s.jira.read_back_weeks.to_string(),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// What a form offers is what Stint takes, and each offer shows back as itself (so a switch
    /// or a select shows what was picked).
    #[test]
    fn every_offered_value_is_taken_and_shown_as_offered() {
        for key in KEYS {
            let offers: Vec<String> = match key.control {
                Control::Switch => vec!["on".into(), "off".into()],
                Control::Choice(options) => options.iter().map(|o| o.to_string()).collect(),
                Control::Days => vec!["mon,tue,wed,thu,fri,sat,sun".into(), "tue".into(), "mon,sun".into()],
                Control::Text => continue,
            };
            for offer in offers {
                let mut settings = Settings::default();
                (key.apply)(&mut settings, &offer).unwrap_or_else(|e| panic!("{}: {offer}: {e}", key.name));
                assert_eq!((key.show)(&settings), offer, "{}", key.name);
            }
        }
        let controlled = KEYS.iter().filter(|k| k.control != Control::Text).count();
        assert_eq!(controlled, 5, "week_start, working_days, reminders, week_summary, adjust_estimate");
    }
}

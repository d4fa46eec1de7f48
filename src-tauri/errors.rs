//! Every error the window can show, swept: each variant of the facade's error (and of the errors
//! it wraps) becomes the `IpcError` the page receives, and none names a `stint` command or a CLI
//! flag. The same errors go to `ui/tests/from-rust.json`, where the UI test renders each one with the
//! window's own wording of its remedy and checks that too. `STINT_UPDATE_BINDINGS=1` rewrites it.
//!
//! `every_error` lists one of each variant; `variant_is_listed` matches every variant without a
//! wildcard, so a new variant does not compile until it is added here.

use std::path::PathBuf;
use std::time::Duration;

use stint_app::{AppError, EntryId, Remedy, SyncError};
use stint_domain::{DomainError, Gap};
use stint_import::ImportError;
use stint_jira::{JiraError, RateLimitReason};
use stint_store::StoreError;
use stint_tempo::TempoError;

use crate::commands::IpcError;

fn io() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied")
}

fn path() -> PathBuf {
    PathBuf::from("/home/ada/.local/share/stint/stint.db")
}

fn domain_errors() -> Vec<DomainError> {
    let s = || "x".to_string();
    vec![
        DomainError::BadIssueKey(s()),
        DomainError::BadProjectKey(s()),
        DomainError::BadDuration { input: s(), reason: "no unit" },
        DomainError::DurationTooShort(s()),
        DomainError::DurationTooLong(s()),
        DomainError::BadTime(s()),
        DomainError::AmbiguousTime { local: s(), first: s(), second: s(), example: s() },
        DomainError::NonexistentTime(s()),
        DomainError::BadDate(s()),
        DomainError::BadWeek(s()),
        DomainError::BadNote(s()),
        DomainError::InFuture { what: "the start", time: s() },
        DomainError::EndInFuture { end: s() },
        DomainError::TooEarly { what: "the start", time: s() },
        DomainError::OffsetOutOfRange(s()),
        DomainError::EndBeforeStart { start: s(), end: s() },
        DomainError::TimerTooLong(s()),
        DomainError::BadRounding(s()),
        DomainError::BadWeekday(s()),
        DomainError::BadWorkingHours { input: s(), reason: "no dash" },
        DomainError::OutOfRange { input: s(), rule: "give a value from 1 to 9" },
        DomainError::BadSetting(s()),
        DomainError::NoRoomOnDay { date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), duration: s() },
        DomainError::CellLocked {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            reason: "it adds up several entries",
        },
    ]
}

fn jira_errors() -> Vec<JiraError> {
    let host = || "ada.atlassian.net".to_string();
    vec![
        JiraError::Config("the site `x` is not an address".into()),
        JiraError::NotAllowed(host()),
        JiraError::Unreachable { host: host(), detail: "refused".into() },
        JiraError::Network { host: host(), detail: "reset".into() },
        JiraError::Timeout { host: host(), seconds: 30 },
        JiraError::Server { host: host(), status: 503, retry_after: None },
        JiraError::RateLimited { retry_after: Some(Duration::from_secs(3)), reason: RateLimitReason::Burst },
        JiraError::Refused { status: 400, message: "Worklog must not be null".into() },
        JiraError::NeedsSignIn("invalid_grant".into()),
        JiraError::NotSignedIn,
        JiraError::Keychain("the keychain failed".into()),
        JiraError::KeychainLocked,
        JiraError::sign_in("the browser did not come back within 5 min"),
        JiraError::SignIn {
            problem: "the sign-in server refused the code".into(),
            remedy: Some(Remedy::CheckOauthApp),
        },
        JiraError::BadAnswer { host: host(), detail: "not JSON".into() },
        JiraError::Insecure { host: host(), why: "its certificate is not for acme.atlassian.net".into() },
    ]
}

fn import_errors() -> Vec<ImportError> {
    let s = || "x".to_string();
    vec![
        ImportError::NoFiles,
        ImportError::Undetected,
        ImportError::UnknownFormatName(s()),
        ImportError::NotThatFormat { file: s(), format: "toggl", looks_like: Some("watson") },
        ImportError::BadRecord { at: s(), problem: s() },
        ImportError::Unreadable { at: s(), problem: s(), fix: "export it from Stint again, as JSON" },
        ImportError::BadZone(s()),
        ImportError::BadDateOrder(s()),
        ImportError::AmbiguousDates { example: s() },
        ImportError::SeveralPeople { people: 2, at_least: false },
        ImportError::BadKeyFrom(s()),
        ImportError::BadMap { file: s(), problem: s() },
        ImportError::Read { file: s(), problem: s() },
        ImportError::Stopped,
    ]
}

fn store_errors() -> Vec<StoreError> {
    vec![
        StoreError::Busy { path: path(), seconds: 5 },
        StoreError::NewerSchema { path: path(), found: 9, known: 5 },
        StoreError::Corrupt { path: path(), detail: "malformed".into() },
        StoreError::Foreign { path: path(), why: "another program's".into() },
        StoreError::Symlink { path: path(), target: "/tmp/x".into() },
        StoreError::NotAFile { path: path(), kind: "folder" },
        StoreError::ReadOnly { path: path() },
        StoreError::FolderNotWritable { dir: path() },
        StoreError::Io { path: path(), source: io() },
        StoreError::Sqlite { path: path(), source: rusqlite::Error::InvalidQuery },
    ]
}

/// One of each variant of the facade's error, and of each error it wraps.
fn every_error() -> Vec<AppError> {
    let s = || "x".to_string();
    // The message shows the gap in local time: begin it at a local wall-clock time, so the
    // fixture reads the same in every zone the suite runs in.
    let from = chrono::TimeZone::with_ymd_and_hms(&chrono::Local, 2026, 11, 23, 9, 0, 0).single().unwrap().to_utc();
    let gap = Gap { from, to: from + chrono::Duration::hours(2) };
    let mut all = vec![
        AppError::Config { source_name: "config.toml".into(), message: "`x` is not a setting".into() },
        AppError::RelativeHome(s()),
        AppError::HomeNotAFolder(s()),
        AppError::NoHome,
        AppError::BadId(s()),
        AppError::NothingToChange,
        AppError::DurationOfRunning,
        AppError::BadRange { from: "2026-11-23".into(), to: "2026-11-01".into() },
        AppError::NothingRunning,
        AppError::AlreadyTracking("ABC-1".into()),
        AppError::NoSuchEntry(7),
        AppError::GapNeedsDecision { gap },
        AppError::ClockBehindTimer { id: 7, started: s() },
        AppError::BadOutput { path: path(), why: s() },
        AppError::Output { target: s(), source: io() },
        AppError::SyncRunning,
        AppError::InJira(7),
        AppError::NotFailed(7),
        AppError::NothingToSettle { id: 7, what: "conflict with Jira" },
        AppError::BadWorklogId("w1".into()),
        AppError::NoSuchWorklog("10001".into()),
        AppError::CannotAdopt { worklog_id: "10001".into(), why: "someone else logged it" },
        AppError::SignIn { problem: "several sites".into(), remedy: None },
        AppError::NoOAuthApp,
        AppError::NoSuchSite { named: "c".into(), sites: vec!["https://a.atlassian.net".into()] },
        AppError::NoSuchSite { named: "c".into(), sites: vec![] },
        AppError::ChooseSite { wanted: None, sites: vec!["https://a.atlassian.net".into()] },
        AppError::ChooseSite { wanted: Some("c".into()), sites: vec!["https://a.atlassian.net".into()] },
        AppError::TokenKept(s()),
        AppError::BadTempoRegion("mars".into()),
        AppError::BadTempoApp("no client secret was given"),
        AppError::TempoNeedsCloud { site: "https://jira.example.com/".into() },
        AppError::NoTempoToken { site: "https://b.atlassian.net/".into() },
        AppError::NoTempo { site: "https://b.atlassian.net/".into() },
        AppError::NoTempoAccounts { site: "https://b.atlassian.net/".into() },
        AppError::NoSuchAccount { account: "NOPE".into(), open: vec!["ACME".into(), "INTERNAL".into()] },
        AppError::NoSuchAccount { account: "NOPE".into(), open: vec![] },
        AppError::NoSuchTempoAttribute { named: "Colour".into(), required: vec!["Phase".into()] },
        AppError::NoSuchTempoAttribute { named: "Colour".into(), required: vec![] },
        AppError::BadTempoValue { attribute: "Phase".into(), why: "give one of its values: Build, Run".into() },
        AppError::SentElsewhere { site: "https://b.atlassian.net/".into(), count: 1 },
        AppError::SentElsewhere { site: "https://b.atlassian.net/".into(), count: 3 },
        AppError::InFlightToJira { site: "https://b.atlassian.net/".into(), count: 2 },
        AppError::TempoLacksWorklogs { site: "https://b.atlassian.net/".into(), count: 1 },
        AppError::BadSplit { start: s(), end: s() },
        AppError::BadMerge(s()),
        AppError::NotTouching { a: 1, b: 2, apart: "1h 00m".into() },
        AppError::BadImportPath { path: path(), why: s() },
        AppError::ImportOption("a Stint export names each entry's issue"),
        AppError::NoImportPreviewed,
        AppError::Io { action: "read", path: path(), source: io() },
    ];
    all.extend(domain_errors().into_iter().map(AppError::Input));
    all.extend(jira_errors().into_iter().map(AppError::Jira));
    all.extend(import_errors().into_iter().map(AppError::Import));
    all.extend(store_errors().into_iter().map(AppError::Store));
    all.extend(tempo_errors().into_iter().map(AppError::Tempo));
    all
}

fn tempo_errors() -> Vec<TempoError> {
    let host = || "api.tempo.io".to_string();
    vec![
        TempoError::Config("the Tempo address does not take `x`".into()),
        TempoError::NotAllowed(host()),
        TempoError::Unreachable { host: host(), detail: "refused".into() },
        TempoError::Network { host: host(), detail: "reset".into() },
        TempoError::Timeout { host: host(), seconds: 30 },
        TempoError::Insecure { host: host(), why: "plain HTTP".into() },
        TempoError::RateLimited { retry_after: Duration::from_secs(1) },
        TempoError::Server { host: host(), status: 503, retry_after: None },
        TempoError::BadToken,
        TempoError::MissingScope,
        TempoError::PeriodClosed { message: "Period is closed".into() },
        TempoError::Refused { status: 400, message: "Account is required".into() },
        TempoError::BadAnswer { host: host(), detail: "not JSON".into() },
    ]
}

/// Fails to compile when `AppError` gains a variant `every_error` does not list.
#[allow(dead_code)]
fn variant_is_listed(e: &AppError) {
    match e {
        AppError::Input(_)
        | AppError::Config { .. }
        | AppError::RelativeHome(_)
        | AppError::HomeNotAFolder(_)
        | AppError::NoHome
        | AppError::BadId(_)
        | AppError::NothingToChange
        | AppError::DurationOfRunning
        | AppError::BadRange { .. }
        | AppError::NothingRunning
        | AppError::AlreadyTracking(_)
        | AppError::NoSuchEntry(_)
        | AppError::GapNeedsDecision { .. }
        | AppError::ClockBehindTimer { .. }
        | AppError::BadOutput { .. }
        | AppError::Output { .. }
        | AppError::Jira(_)
        | AppError::SyncRunning
        | AppError::InJira(_)
        | AppError::NotFailed(_)
        | AppError::NothingToSettle { .. }
        | AppError::BadWorklogId(_)
        | AppError::NoSuchWorklog(_)
        | AppError::CannotAdopt { .. }
        | AppError::SignIn { .. }
        | AppError::NoOAuthApp
        | AppError::NoSuchSite { .. }
        | AppError::ChooseSite { .. }
        | AppError::TokenKept(_)
        | AppError::Tempo(_)
        | AppError::BadTempoRegion(_)
        | AppError::BadTempoApp(_)
        | AppError::TempoNeedsCloud { .. }
        | AppError::NoTempoToken { .. }
        | AppError::NoTempo { .. }
        | AppError::NoTempoAccounts { .. }
        | AppError::NoSuchAccount { .. }
        | AppError::NoSuchTempoAttribute { .. }
        | AppError::BadTempoValue { .. }
        | AppError::SentElsewhere { .. }
        | AppError::InFlightToJira { .. }
        | AppError::TempoLacksWorklogs { .. }
        | AppError::BadSplit { .. }
        | AppError::BadMerge(_)
        | AppError::NotTouching { .. }
        | AppError::Import(_)
        | AppError::BadImportPath { .. }
        | AppError::ImportOption(_)
        | AppError::NoImportPreviewed
        | AppError::Store(_)
        | AppError::Io { .. } => {}
    }
}

/// The refusals a sync keeps with an entry, as the entries list shows them.
fn refusals() -> Vec<IpcError> {
    let id = EntryId(7);
    [
        "jira.bad_request",
        "jira.forbidden",
        "jira.not_found",
        "jira.worklog_gone",
        "jira.too_many_worklogs",
        "jira.refused",
        "tempo.attribute_missing",
        "tempo.value_missing",
    ]
    .into_iter()
    .map(|code| {
        let error = SyncError {
            code: code.into(),
            message: "Jira refused this worklog: Bad date".into(),
            ..SyncError::default()
        };
        IpcError { code: code.into(), message: error.message.clone(), remedy: Some(error.remedy(id)) }
    })
    .collect()
}

/// What reads as a command for a terminal: the program `stint` (lower case; "a Stint export" is
/// prose) followed by one of its subcommands.
fn names_a_command(text: &str) -> Option<&'static str> {
    const COMMANDS: &str = "start stop status add list edit rm week weeks split merge export import purge heartbeat \
                            config login logout whoami site sync retry issues audit completions";
    COMMANDS.split_whitespace().find(|c| {
        let command = format!("stint {c}");
        text.match_indices(&command).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + command.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// What people type in the UI tests, answered by Stint itself: the window's test double looks each
/// answer up here instead of re-implementing Stint's rules (an input missing here fails the test
/// that typed it, naming the list to add it to).
const TYPED_KEYS: &[&str] = &[
    "abc-12",
    "not a key",
    "ABC-1",
    "ABC-2",
    "ENG-4",
    "ABC-3",
    "ABC-4",
    "ABC-5",
    "ABC-6",
    "ABC-7",
    "ABC-8",
    "ABC-9",
    "CLI-9",
    "OPS-3",
    "OPS-4",
    "OPS-7",
    "XYZ-9",
    "ZZZ-9",
    "rot",
    "PLATFORMINFRA-123456",
];
const TYPED_DURATIONS: &[&str] =
    &["forever", "2h", "30m", "30s", "45m", "1h", "1h30m", "90m", "25h", "8h", "10h15m", "1h55m"];
const TYPED_SETTINGS: &[(&str, &str)] = &[
    ("daily_target", "30h"),
    ("daily_target", "7h30m"),
    ("reminders", "yes"),
    ("reminders", "off"),
    ("week_start", "sunday"),
    ("working_days", "mon,tue,wed,thu"),
    ("idle_gap", "90m"),
];

/// Stint's answer to one input: `{"ok": …}` or `{"error": IpcError}`.
fn answer<T: serde::Serialize>(result: Result<T, AppError>) -> serde_json::Value {
    match result {
        Ok(value) => serde_json::json!({ "ok": value }),
        Err(e) => serde_json::json!({ "error": IpcError::from(e) }),
    }
}

/// The double's data from Stint: typed inputs and their answers, the settings as a new home shows
/// them, and the label of each week it may show.
fn typed() -> serde_json::Value {
    let keys: Vec<_> = TYPED_KEYS
        .iter()
        .map(|t| (t, answer(stint_domain::IssueKey::parse(t).map(|k| k.to_string()).map_err(AppError::from))))
        .collect();
    let durations: Vec<_> =
        // And what the timeline sends for a moved or resized block: whole minutes in steps of 5.
        TYPED_DURATIONS
            .iter()
            .map(|t| t.to_string())
            .chain((1..=288).map(|step| format!("{}m", step * 5)))
            .map(|t| {
                let parsed = answer(stint_domain::parse_duration(&t).map_err(AppError::from));
                (t, parsed)
            })
            .collect();
    let home = tempfile::tempdir().unwrap();
    let paths = stint_app::Paths::resolve(Some(home.path().join("stint").into_os_string())).unwrap();
    let mut app = stint_app::Stint::open(&paths, |_| None).unwrap();
    let settings = app.setting_views().unwrap();
    let values: Vec<_> = TYPED_SETTINGS
        .iter()
        .map(|(key, typed)| {
            let shown = app
                .set_setting(key, typed)
                .map(|views| views.into_iter().find(|v| v.key == *key).map(|v| v.value).unwrap_or_default());
            // The message names the config file: as it would be in a home at /home/you.
            let shown = shown.map_err(|e| match e {
                AppError::Config { source_name, message } => AppError::Config {
                    source_name: source_name.replace(&home.path().display().to_string(), "/home/you"),
                    message,
                },
                other => other,
            });
            (key, typed, answer(shown))
        })
        .collect();
    // Every Monday-first week from 2024 to 2030, as Stint labels it.
    let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let weeks: Vec<_> = (0..7 * 53)
        .map(|n| first + chrono::Days::new(7 * n))
        .map(|monday| {
            let week = stint_domain::Week::containing(monday, chrono::Weekday::Mon).unwrap();
            (monday.to_string(), week.label())
        })
        .collect();
    // Times of day on each clock, as every shell writes them.
    let clocks: Vec<_> = [(0, 5), (9, 0), (12, 0), (12, 30), (13, 5), (23, 59)]
        .into_iter()
        .flat_map(|(h, m)| {
            let t = chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
            [("C.UTF-8", false), ("en_US.UTF-8", true)]
                .map(|(name, twelve)| (h, m, twelve, stint_app::TimeLocale::parse(name).clock(t)))
        })
        .collect();
    serde_json::json!({
        "keys": keys, "durations": durations, "settings": settings, "setting_values": values, "weeks": weeks,
        "clocks": clocks, "imports": imports(),
    })
}

/// The Toggl file the UI tests import (`ui/tests/fixtures/toggl.csv`), as Stint previews and
/// imports it (times in UTC, the zone the UI tests run in), with and without an issue for the
/// entries that have no key; and a file Stint cannot read.
fn imports() -> serde_json::Value {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/tests/fixtures/toggl.csv");
    let toggl = std::fs::read_to_string(fixture).unwrap();
    let answers: Vec<_> = [(toggl.as_str(), None), (toggl.as_str(), Some("OPS-1")), ("hello", None)]
        .into_iter()
        .map(|(content, unmapped)| {
            let home = tempfile::tempdir().unwrap();
            let paths = stint_app::Paths::resolve(Some(home.path().join("stint").into_os_string())).unwrap();
            let mut app = stint_app::Stint::open(&paths, |_| None).unwrap();
            let request = stint_app::ImportRequest {
                source: stint_app::ImportSource::Content(std::sync::Arc::from(content.as_bytes())),
                format: None,
                key_from: None,
                map: None,
                unmapped: unmapped.map(str::to_string),
                sync: false,
                skip_bad: false,
                tz: Some("UTC".into()),
                date_format: None,
            };
            let answer = match app.import_plan(&request) {
                Ok(plan) => {
                    let preview = plan.preview.clone();
                    struct Quiet;
                    impl stint_app::Progress for Quiet {
                        fn begin(&self, _: usize) {}
                        fn advance(&self) {}
                    }
                    let imported = app.import_apply(plan, &Quiet).unwrap();
                    let entries = app.list(Some("2026-01-01"), Some("2026-12-31")).unwrap();
                    serde_json::json!({ "ok": { "preview": preview, "imported": imported, "entries": entries } })
                }
                Err(e) => serde_json::json!({ "error": IpcError::from(e) }),
            };
            serde_json::json!({ "content": content, "unmapped": unmapped, "answer": answer })
        })
        .collect();
    serde_json::json!(answers)
}

/// What the UI test compares with: every error, and durations as Stint shows them.
fn rendered() -> (Vec<IpcError>, String) {
    let mut errors: Vec<IpcError> = every_error().into_iter().map(IpcError::from).collect();
    errors.extend(refusals());
    // A site a sync could not reach for want of a sign-in (the others synced).
    let stop = stint_app::SyncStop::for_site("https://b.atlassian.net/", &AppError::Jira(JiraError::NotSignedIn));
    errors.push(IpcError { code: stop.code.into(), message: stop.message, remedy: stop.remedy });
    let durations: Vec<(i64, String)> = [0, 59, 60, 61, 599, 3600, 3659, 5400, 27_000, 86_400, 360_000, -90]
        .into_iter()
        .map(|s| (s, stint_app::format_duration(s)))
        .collect();
    let json = serde_json::to_string_pretty(
        &serde_json::json!({ "errors": errors, "durations": durations, "typed": typed() }),
    )
    .unwrap();
    (errors, json + "\n")
}

#[test]
fn no_error_the_window_shows_names_a_command() {
    let (errors, _) = rendered();
    for error in &errors {
        assert_eq!(names_a_command(&error.message), None, "{}: {}", error.code, error.message);
        // Flags are the CLI's too: the import's choices are remedies, worded by each shell. (Other
        // programs' commands, in backticks, may name theirs: `watson log --json`.)
        let outside_backticks: String = error.message.split('`').step_by(2).collect();
        assert!(!outside_backticks.contains("--"), "{}: {}", error.code, error.message);
    }
    // Every kind of remedy is among them, so the UI test words each one.
    let kinds: std::collections::BTreeSet<String> = errors
        .iter()
        .filter_map(|e| e.remedy.as_ref())
        .map(|r| serde_json::to_value(r).unwrap()["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.len(), 34, "a remedy kind is missing from the sweep: {kinds:?}");
}

#[test]
fn the_ui_test_sweeps_the_same_errors() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/tests/from-rust.json");
    let (_, fresh) = rendered();
    if std::env::var_os("STINT_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/tests/from-rust.json is stale: run `STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop` and commit it"
    );
}

/// No message in the library crates' code names a command: the shells word remedies.
#[test]
fn no_library_message_names_a_command() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
    let mut found = Vec::new();
    for krate in ["stint-domain", "stint-store", "stint-jira", "stint-tempo", "stint-sync", "stint-import", "stint-app"]
    {
        for file in std::fs::read_dir(root.join(krate).join("src")).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Code before the tests; comments are not messages.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("//") || !line.contains('"') {
                    continue;
                }
                if let Some(command) = names_a_command(line) {
                    found.push(format!("{}:{}: stint {command}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "messages that name a command:\n{}", found.join("\n"));
}

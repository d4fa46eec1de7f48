//! Times under several time zones: typed local times get the offset in force there and then,
//! entries keep the offset where they began, and a week's days are local calendar days.

use crate::common::Home;

#[test]
fn typed_local_times_take_the_offset_in_force() {
    for (tz, at, started) in [
        ("Europe/Berlin", "2026-07-01 09:00", "2026-07-01T09:00:00+02:00"),
        ("Europe/Berlin", "2026-11-20 09:00", "2026-11-20T09:00:00+01:00"),
        ("America/New_York", "2026-11-20 09:00", "2026-11-20T09:00:00-05:00"),
        ("Asia/Kolkata", "2026-11-20 09:00", "2026-11-20T09:00:00+05:30"),
        ("Australia/Lord_Howe", "2026-11-20 09:00", "2026-11-20T09:00:00+11:00"),
    ] {
        let home = Home::in_zone(tz);
        let entry = home.json(&["add", "ABC-1", "1h", "--at", at]);
        assert_eq!(entry["started"], started, "{tz}");
    }
}

#[test]
fn times_a_clock_change_skips_or_repeats_are_refused() {
    let home = Home::in_zone("Europe/Berlin");
    let err = home.fails(&["add", "ABC-1", "1h", "--at", "2026-10-25 02:30"], 2);
    assert!(err.contains("happens twice") && err.contains("+01:00"), "{err}");
    let err = home.fails(&["add", "ABC-1", "1h", "--at", "2026-03-29 02:30"], 2);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn an_entry_keeps_the_offset_where_it_began() {
    let home = Home::in_zone("Europe/Berlin");
    home.ok(&["add", "ABC-1", "1h", "--at", "2026-11-20 09:00"]);
    let travelled = Home { dir: home.dir, tz: Some("America/New_York"), locale: None };
    let list = travelled.json(&["list", "--from", "2026-11-19"]);
    assert_eq!(list[0]["started"], "2026-11-20T09:00:00+01:00");
}

#[test]
fn days_are_local_calendar_days() {
    // 23:30 to 00:30 in Berlin is one evening hour in New York.
    let berlin = Home::in_zone("Europe/Berlin");
    berlin.ok(&["add", "ABC-1", "1h", "--at", "2026-11-16 23:30"]);
    let days = |home: &Home| -> Vec<i64> {
        home.json(&["week", "2026-W47"])["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["seconds"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(days(&berlin), [1800, 1800, 0, 0, 0, 0, 0]);
    let new_york = Home { dir: berlin.dir, tz: Some("America/New_York"), locale: None };
    assert_eq!(days(&new_york), [3600, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn a_week_across_a_clock_change_adds_up_exactly() {
    // Berlin falls back on Sunday 2026-10-25: 22:00 Saturday + 6h real time ends 03:00 Sunday.
    let home = Home::in_zone("Europe/Berlin");
    home.ok(&["add", "DST-1", "6h", "--at", "2026-10-24 22:00"]);
    home.ok(&["add", "DST-2", "24h", "--at", "2026-10-21 00:00"]);
    let week = home.json(&["week", "2026-W43"]);
    let days: Vec<i64> = week["days"].as_array().unwrap().iter().map(|d| d["seconds"].as_i64().unwrap()).collect();
    assert_eq!(days, [0, 0, 24 * 3600, 0, 0, 2 * 3600, 4 * 3600]);
    assert_eq!(week["total_seconds"], 30 * 3600);
    // Spring forward (2026-03-29): midnight to midnight is 23 hours.
    home.ok(&["add", "DST-3", "24h", "--at", "2026-03-29 00:00"]);
    let spring = home.json(&["week", "2026-W13"]);
    assert_eq!(spring["days"][6]["seconds"], 23 * 3600);
    assert_eq!(spring["total_seconds"], 23 * 3600);
}

#[test]
fn today_and_yesterday_follow_the_zone() {
    for tz in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"] {
        let home = Home::in_zone(tz);
        let zone: chrono_tz::Tz = tz.parse().unwrap();
        let today = || chrono::Utc::now().with_timezone(&zone).date_naive();
        let before = today();
        let entry = home.json(&["add", "ABC-1", "30m", "--at", "yesterday 10:00"]);
        let after = today(); // the run may straddle midnight there
        let started = chrono::DateTime::parse_from_rfc3339(entry["started"].as_str().unwrap()).unwrap();
        let yesterdays = [before.pred_opt().unwrap(), after.pred_opt().unwrap()];
        assert!(yesterdays.contains(&started.date_naive()), "{tz}: {started}");
        assert_eq!(started.format("%H:%M").to_string(), "10:00", "{tz}");
    }
}

/// One time format, the person's locale's, in what Stint prints and in what it reads back.
#[test]
fn times_read_and_print_on_the_person_s_clock() {
    for (locale, typed, shown) in [
        ("en_US.UTF-8", "2026-11-20 1:05 PM", "1:05 PM–1:35 PM"),
        ("C.UTF-8", "2026-11-20 13:05", "13:05–13:35"),
        ("de_DE.UTF-8", "2026-11-20 1:05 pm", "13:05–13:35"),
    ] {
        let home = Home { locale: Some(locale), ..Home::new() };
        let entry = home.json(&["add", "ABC-1", "30m", "--at", typed]);
        assert_eq!(entry["started"], "2026-11-20T13:05:00+00:00", "{locale}: JSON stays RFC 3339");
        let list = home.ok(&["list", "--from", "2026-11-20", "--to", "2026-11-20"]);
        assert!(list.contains(shown), "{locale}: {list}");
    }
}

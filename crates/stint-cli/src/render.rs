//! Printing what the API returned: as text for people, or as the documented JSON with `--json`.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local};
use serde::Serialize;
use stint_app::{
    format_duration, site_host, AuditLine, ConfigReport, Edited, Entry, EntryId, ExportedTo, Heartbeat, ImportPreview,
    ImportSkip, Imported, InJira, IssueList, JiraState, Listing, Logged, LoggedBy, Overlap, PullSummary, PurgePlan,
    Purged, Removed, Resolution, RunningView, Source, Split, Started, Status, Stopped, SyncState, SyncSummary,
    TimeLocale, WeekSummary, WeekTotal, Whoami,
};

/// Standard output, in the mode the user asked for.
pub struct Output {
    json: bool,
    out: std::io::Stdout,
}

type Result = std::io::Result<()>;

/// How the person reads a time of day: Stint's rule (the facade's, from the same `LC_ALL`,
/// `LC_TIME`, `LANG`), so the CLI, the tray and the window show one format.
fn locale() -> &'static TimeLocale {
    static LOCALE: std::sync::OnceLock<TimeLocale> = std::sync::OnceLock::new();
    LOCALE.get_or_init(|| TimeLocale::from_env(|name| std::env::var(name).ok()))
}

/// A local time of day as the person reads it: `14:05`, or `2:05 PM`.
pub fn clock<Tz: chrono::TimeZone>(t: DateTime<Tz>) -> String {
    locale().clock(t.with_timezone(&Local).time())
}

/// A time in the local zone: `14:05` today, `Mon 16 Nov 14:05` otherwise.
fn when(t: DateTime<FixedOffset>) -> String {
    let t = t.with_timezone(&Local);
    if t.date_naive() == Local::now().date_naive() {
        clock(t)
    } else {
        format!("{} {}", t.format("%a %d %b"), clock(t))
    }
}

/// `1 entry`, `2 entries`.
pub fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// At most this many skipped records or overlaps are listed in text (`--json` lists them all).
const LISTED: usize = 10;
/// How many issues an import's preview lists.
const GROUPS_LISTED: usize = 50;

fn skip_lines(text: &mut String, title: &str, items: &[ImportSkip], total: usize) {
    if total == 0 {
        return;
    }
    text.push_str(&format!("{title} ({total}):\n"));
    for item in items.iter().take(LISTED) {
        let name = item.name.as_ref().map(|n| format!(" [{n}]")).unwrap_or_default();
        text.push_str(&format!("  {}{name}: {}\n", item.at, item.reason));
    }
    and_more(text, total, items.len().min(LISTED), items.len());
}

/// "… and N more" after the first `shown` of `total`, saying how many `--json` lists.
fn and_more(text: &mut String, total: usize, shown: usize, in_json: usize) {
    if total > shown {
        let json = if in_json >= total {
            "--json lists them all".to_string()
        } else {
            format!("--json lists the first {in_json}")
        };
        text.push_str(&format!("  … and {} more ({json})\n", total - shown));
    }
}

/// What an import will do (or did), for people: per issue, the range, and what is left out.
pub fn import_text(p: &ImportPreview) -> String {
    let range = match (p.first_day, p.last_day) {
        (Some(a), Some(b)) if a == b => format!(", on {a}"),
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let mut text = format!(
        "From {}: {}, {}{range}.\n",
        p.format,
        plural(p.entries as i64, "entry", "entries"),
        format_duration(p.seconds)
    );
    for g in p.groups.iter().take(GROUPS_LISTED) {
        let from = if g.source == g.issue { String::new() } else { format!("  (from {})", g.source) };
        text.push_str(&format!(
            "  {:<14} {:>6}  {:>9}{from}\n",
            g.issue,
            plural(g.entries as i64, "entry", "entries"),
            format_duration(g.seconds)
        ));
    }
    and_more(&mut text, p.groups_total, p.groups.len().min(GROUPS_LISTED), p.groups.len());
    let before = p.duplicates - p.repeated_in_source.min(p.duplicates);
    if before > 0 {
        text.push_str(&format!("{} imported before, left out.\n", plural(before as i64, "entry was", "entries were")));
    }
    if p.repeated_in_source > 0 {
        text.push_str(&format!(
            "{} an earlier row of this file, left out.\n",
            plural(p.repeated_in_source as i64, "row repeats", "rows repeat")
        ));
    }
    skip_lines(&mut text, "Skipped", &p.skipped, p.skipped_total);
    if p.skipped.iter().any(|s| s.reason.starts_with("no issue key")) {
        text.push_str("  Map their names to keys with --map FILE, or put them on one issue with --unmapped KEY.\n");
    }
    skip_lines(&mut text, "Could not be read (--skip-bad)", &p.bad, p.bad_total);
    if p.overlaps_total > 0 {
        text.push_str(&format!(
            "Overlapping entries already in Stint ({}; both are kept, `stint edit` or `stint rm` fixes one):\n",
            p.overlaps_total
        ));
        for o in p.overlaps.iter().take(LISTED) {
            let ids: Vec<String> = o.existing.iter().map(i64::to_string).collect();
            text.push_str(&format!(
                "  {}: {} {} {} ({}) overlaps entry {}\n",
                o.at,
                o.issue,
                o.started.format("%Y-%m-%d"),
                clock(o.started),
                format_duration(o.seconds),
                ids.join(", ")
            ));
        }
        and_more(&mut text, p.overlaps_total, p.overlaps.len().min(LISTED), p.overlaps.len());
    }
    for notice in &p.notices {
        text.push_str(&format!("Note: {notice}\n"));
    }
    if p.unlinked > 0 {
        text.push_str(&format!(
            "{} in Jira elsewhere (another site or account than this sign-in, or the export does not say): \
             they come back on this machine only, and nothing in Jira changes.\n",
            plural(p.unlinked as i64, "entry was", "entries were")
        ));
    }
    if p.changes_in_jira + p.deletions_in_jira > 0 {
        text.push_str(&format!(
            "At the next sync this changes {} and deletes {} already in Jira.\n",
            plural(p.changes_in_jira as i64, "worklog", "worklogs"),
            plural(p.deletions_in_jira as i64, "worklog", "worklogs")
        ));
    }
    if p.entries > 0 {
        text.push_str(&if p.to_sync == 0 {
            "They stay on this machine (not sent to Jira): --sync queues them, or `stint edit ID --sync` one by one.\n"
                .to_string()
        } else if p.to_sync == p.entries {
            format!("{} will be queued for Jira as worklogs.\n", plural(p.to_sync as i64, "entry", "entries"))
        } else {
            format!("{} of them will be queued for Jira (as they were in the export).\n", p.to_sync)
        });
    }
    text
}

/// `09:00–10:30`, or `22:00–01:30 (+1d)` when the work ends on a later local day.
fn span(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> String {
    let (start, end) = (start.with_timezone(&Local), end.with_timezone(&Local));
    let days = (end.date_naive() - start.date_naive()).num_days();
    let later = if days > 0 { format!(" (+{days}d)") } else { String::new() };
    format!("{}–{}{later}", clock(start), clock(end))
}

/// A line per overlapping entry: both are kept, and the person is told how to fix it.
fn overlaps_text(overlaps: &[Overlap]) -> String {
    let mut text = String::new();
    for o in overlaps {
        if o.running {
            text.push_str(&format!(
                "\nWarning: this overlaps the running timer (entry {}, {} since {}).",
                o.id,
                o.issue,
                when(o.started)
            ));
        } else {
            let end = o.started + chrono::Duration::seconds(o.seconds);
            text.push_str(&format!(
                "\nWarning: this overlaps entry {} ({}, {} {}).",
                o.id,
                o.issue,
                o.started.with_timezone(&Local).format("%a %d %b"),
                span(o.started, end)
            ));
        }
    }
    if !overlaps.is_empty() {
        text.push_str("\nBoth are kept: `stint edit` or `stint rm` fixes an overlap.");
    }
    text
}

fn queue_word(entry: &Entry) -> &'static str {
    match entry.sync {
        SyncState::Local => "kept on this machine only",
        SyncState::Synced => "in Jira",
        SyncState::Failed => "refused by Jira",
        SyncState::Pending => "queued for Jira",
        SyncState::Pushing => "being sent to Jira",
        SyncState::NeedsSignIn => "queued, waiting for `stint login`",
    }
}

/// The first line of a note, shortened for a table.
/// A line of `list`: an entry, or a worklog in Jira that is not one.
enum Row<'a> {
    Entry(&'a Entry),
    Jira(&'a InJira),
}

fn short_note(entry: &Entry) -> String {
    let note =
        entry.note.as_ref().map(|n| n.expose().lines().next().unwrap_or_default().to_string()).unwrap_or_default();
    if note.chars().count() > 40 {
        format!("{}…", note.chars().take(39).collect::<String>())
    } else {
        note
    }
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json, out: std::io::stdout() }
    }

    pub fn json(&self) -> bool {
        self.json
    }

    fn emit<T: Serialize>(&mut self, value: &T, text: impl FnOnce() -> String) -> Result {
        let mut out = self.out.lock();
        if self.json {
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)
        } else {
            let text = text();
            write!(out, "{}", crate::terminal::safe(&text))?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
            Ok(())
        }
    }

    pub fn example(&mut self, text: &str) -> Result {
        if self.json {
            self.emit(&serde_json::json!({ "example": text }), String::new)
        } else {
            self.out.lock().write_all(text.as_bytes())
        }
    }

    pub fn config_path(&mut self, path: &Path) -> Result {
        self.emit(&serde_json::json!({ "config_file": path }), || path.display().to_string())
    }

    pub fn started(&mut self, started: &Started) -> Result {
        self.emit(started, || {
            let mut text = started.previous.as_ref().map(stopped_text).unwrap_or_default();
            let r = &started.running;
            text.push_str(&format!("Started {} at {} (entry {}).", r.issue, when(r.started), r.id));
            text.push_str(&overlaps_text(&started.overlaps));
            text
        })
    }

    pub fn stopped(&mut self, stopped: &Stopped) -> Result {
        self.emit(stopped, || stopped_text(stopped))
    }

    pub fn status(&mut self, status: &Status) -> Result {
        self.emit(status, || {
            let mut text = match &status.running {
                Some(r) => running_text(r),
                None => "Not tracking.\n".to_string(),
            };
            text.push_str(&format!("Today: {}{}.\n", format_duration(status.today_seconds), of_target(status)));
            let c = &status.counts;
            text.push_str(&format!(
                "Entries: {} waiting to sync, {} failed, {} synced, {} local-only.",
                c.pending, c.failed, c.synced, c.local
            ));
            match (&status.jira.site, status.jira.signed_in) {
                (Some(site), true) => text.push_str(&format!("\nJira: signed in to {site}.")),
                (Some(site), false) => text.push_str(&format!("\nJira: {site} needs a new sign-in: `stint login`.")),
                (None, _) => text.push_str("\nJira: not signed in (`stint login`)."),
            }
            text
        })
    }

    pub fn added(&mut self, logged: &Logged) -> Result {
        self.emit(logged, || {
            let entry = &logged.entry;
            format!(
                "Logged {} on {}, {} {} (entry {}, {}).{}",
                format_duration(entry.seconds),
                entry.issue,
                entry.started.with_timezone(&Local).format("%a %d %b"),
                span(entry.started, entry.ended()),
                entry.id,
                queue_word(entry),
                overlaps_text(&logged.overlaps)
            )
        })
    }

    /// Entries, and the person's worklogs in Jira that are not entries here, in order of start.
    /// In `--json`, one array: entries as always; a worklog in Jira has `"id": null`, its
    /// `worklog_id`, `"sync": "in_jira"`, `logged` and the read's time (`read_at`).
    pub fn list(&mut self, listing: &Listing) -> Result {
        let mut rows: Vec<(DateTime<FixedOffset>, Row<'_>)> = listing
            .entries
            .iter()
            .map(|e| (e.started, Row::Entry(e)))
            .chain(listing.in_jira.iter().map(|w| (w.started, Row::Jira(w))))
            .collect();
        rows.sort_by_key(|(started, _)| started.to_utc());
        let doc: Vec<serde_json::Value> = rows
            .iter()
            .map(|(_, row)| match row {
                Row::Entry(e) => serde_json::to_value(e).unwrap_or_default(),
                Row::Jira(w) => {
                    let mut v = serde_json::to_value(w).unwrap_or_default();
                    v["id"] = serde_json::Value::Null;
                    v["sync"] = "in_jira".into();
                    v["read_at"] = serde_json::to_value(listing.read_at.map(|t| t.to_rfc3339())).unwrap_or_default();
                    v
                }
            })
            .collect();
        let entries = &listing.entries;
        self.emit(&doc, || {
            if rows.is_empty() {
                return "No entries in that range.".to_string();
            }
            // With entries on several sites, each says which (its host).
            let hosts: Vec<&str> = entries.iter().map(|e| e.site.as_deref().map_or("", site_host)).collect();
            let several = hosts.windows(2).any(|pair| pair[0] != pair[1]);
            let width = hosts.iter().map(|h| h.len()).max().unwrap_or(0).max(4);
            let site_column = |host: &str| if several { format!("{host:<width$}  ") } else { String::new() };
            let mut text = format!(
                "{:>6}  {:<10}  {:<17}  {:>7}  {:<12}  {:<7}  {}NOTE\n",
                "ID",
                "DATE",
                "TIME",
                "SPENT",
                "ISSUE",
                "SYNC",
                site_column("SITE")
            );
            for (_, row) in &rows {
                let e = match row {
                    Row::Entry(e) => e,
                    Row::Jira(w) => {
                        let ended = w.started + chrono::Duration::seconds(w.seconds);
                        let who = match w.logged {
                            LoggedBy::Elsewhere => "logged elsewhere",
                            LoggedBy::OtherMachine => "Stint, another machine",
                        };
                        text.push_str(&format!(
                            "{:>6}  {}  {:<17}  {:>7}  {:<12}  {:<7}  {who}: `stint adopt {}` to edit it here\n",
                            "-",
                            w.started.with_timezone(&Local).format("%Y-%m-%d"),
                            span(w.started, ended),
                            format_duration(w.seconds),
                            w.issue.as_str(),
                            "in Jira",
                            w.worklog_id
                        ));
                        continue;
                    }
                };
                text.push_str(&format!(
                    "{:>6}  {}  {:<17}  {:>7}  {:<12}  {:<7}  {}{}\n",
                    e.id.0,
                    e.started.with_timezone(&Local).format("%Y-%m-%d"),
                    span(e.started, e.ended()),
                    format_duration(e.seconds),
                    e.issue.as_str(),
                    match (e.removed, e.jira) {
                        (true, _) => "removed",
                        (false, Some(JiraState::Conflict)) => "conflict",
                        (false, Some(JiraState::Deleted)) => "deleted in Jira",
                        (false, None) => e.sync.as_str(),
                    },
                    site_column(e.site.as_deref().map_or("", site_host)),
                    short_note(e)
                ));
                match e.jira {
                    Some(JiraState::Conflict) => text.push_str(&format!(
                        "        ↳ changed here and in Jira: `stint resolve {0} --keep-mine` or `--take-jira`\n",
                        e.id.0
                    )),
                    Some(JiraState::Deleted) => text.push_str(&format!(
                        "        ↳ deleted in Jira: `stint resolve {0} --push-again` or `--drop`\n",
                        e.id.0
                    )),
                    None => {}
                }
                if let Some(error) = &e.error {
                    let remedy = error.remedy(e.id);
                    text.push_str(&format!(
                        "        ↳ {}\n",
                        crate::remedy::with_message(&error.message, Some(&remedy))
                    ));
                }
            }
            let kept: Vec<&Entry> = entries.iter().filter(|e| !e.removed).collect();
            let total: i64 = kept.iter().map(|e| e.seconds).sum();
            text.push_str(&format!(
                "{}, {} in all.",
                plural(kept.len() as i64, "entry", "entries"),
                format_duration(total)
            ));
            let refused = entries.len() - kept.len();
            if refused > 0 {
                text.push_str(&format!(
                    " {} removed here {} in Jira: it refused the deletion.",
                    plural(refused as i64, "entry", "entries"),
                    if refused == 1 { "stays" } else { "stay" }
                ));
            }
            if !listing.in_jira.is_empty() {
                let seconds: i64 = listing.in_jira.iter().map(|w| w.seconds).sum();
                text.push_str(&format!(
                    "\nIn Jira, not from Stint here: {}, {}{}.",
                    plural(listing.in_jira.len() as i64, "worklog", "worklogs"),
                    format_duration(seconds),
                    listing.read_at.map(|t| format!(" (as of {})", when(t))).unwrap_or_default()
                ));
            }
            text
        })
    }

    pub fn edited(&mut self, edited: &Edited) -> Result {
        self.emit(edited, || match edited {
            Edited::Entry { entry, overlaps } => format!(
                "Entry {}: {} at {}, {} ({}).{}",
                entry.id,
                entry.issue,
                when(entry.started),
                format_duration(entry.seconds),
                queue_word(entry),
                overlaps_text(overlaps)
            ),
            Edited::Running { running, overlaps } => running_text(running) + overlaps_text(overlaps).trim_start(),
        })
    }

    pub fn removed(&mut self, removed: &Removed) -> Result {
        self.emit(removed, || match removed {
            Removed::Deleted(id) => format!("Deleted entry {id}."),
            Removed::MarkedForDeletion(id) => {
                format!("Entry {id} is in Jira: it is hidden here, and Jira's copy is deleted at the next sync.")
            }
            Removed::DiscardedRunning(id) => format!("Discarded the running timer (entry {id}); no time was logged."),
        })
    }

    pub fn week(&mut self, week: &WeekSummary) -> Result {
        self.emit(week, || week_text(week))
    }

    /// The summary of an export to `--out`. When the export went through a stream (which may be
    /// standard output itself), the summary goes to standard error instead.
    pub fn exported(&mut self, exported: ExportedTo, file: &Path) -> Result {
        let count = exported.entries;
        let summary = serde_json::json!({ "entries": count, "file": file });
        let text = format!("Exported {} to {}.", plural(count as i64, "entry", "entries"), file.display());
        if exported.streamed {
            let shown = if self.json { summary.to_string() } else { crate::terminal::safe(&text).into_owned() };
            return writeln!(std::io::stderr(), "{shown}");
        }
        self.emit(&summary, || text)
    }

    pub fn heartbeat(&mut self, beat: &Heartbeat) -> Result {
        // Quiet as text: it runs from cron every minute.
        if self.json {
            self.emit(beat, String::new)
        } else {
            Ok(())
        }
    }

    pub fn config(&mut self, report: &ConfigReport) -> Result {
        self.emit(report, || {
            let exists =
                if report.config_file_exists { "" } else { " (not created; `stint config --example` shows one)" };
            let mut text = format!(
                "Config file: {}{exists}\nDatabase:    {}\nLogs:        {}\n\n",
                report.config_file.display(),
                report.database.display(),
                report.log_dir.display()
            );
            for s in &report.settings {
                let source = match (&s.source, &s.variable) {
                    (Source::Env, Some(var)) => var.clone(),
                    (Source::Env, None) => "environment".to_string(),
                    (Source::File, _) => "config file".to_string(),
                    (Source::Default, _) => "default".to_string(),
                };
                text.push_str(&format!("{:<14} = {:<16} # {source}: {}\n", s.key, s.value, s.help));
            }
            text
        })
    }

    pub fn split(&mut self, split: &Split) -> Result {
        self.emit(split, || {
            let part =
                |e: &Entry| format!("entry {} {} ({})", e.id, span(e.started, e.ended()), format_duration(e.seconds));
            format!("Split {} into {} and {}.", split.first.issue, part(&split.first), part(&split.second))
        })
    }

    pub fn weeks(&mut self, weeks: &[WeekTotal]) -> Result {
        self.emit(&weeks, || {
            let scale = weeks.iter().map(|w| w.total_seconds.max(w.target_seconds)).max().unwrap_or(0).max(1);
            let mut text = String::new();
            for w in weeks {
                let filled = (w.total_seconds * 24 / scale) as usize;
                text.push_str(&format!(
                    "  {}  {}{}  {:>8} of {}\n",
                    w.week,
                    "█".repeat(filled),
                    "·".repeat(24 - filled.min(24)),
                    format_duration(w.total_seconds),
                    format_duration(w.target_seconds)
                ));
            }
            text
        })
    }

    pub fn whoami(&mut self, who: &Whoami) -> Result {
        if who.sites.len() > 1 || who.sites.iter().any(|s| !s.projects.is_empty() || s.tempo_api.is_some()) {
            return self.emit(who, || sites_text(who));
        }
        self.emit(who, || match (&who.site, who.signed_in) {
            (Some(site), true) => {
                let mut text = format!(
                    "Signed in to {site} as {} ({}).",
                    who.account.as_deref().or(who.account_id.as_deref()).unwrap_or("?"),
                    who.how_text.unwrap_or("?")
                );
                if let Some(ends) = who.ends_by {
                    text.push_str(&format!(
                        " The sign-in ends by {} at the latest (a sign-in lasts a year): `stint login` again before.",
                        ends.format("%Y-%m-%d")
                    ));
                }
                text
            }
            (Some(site), false) => format!("Not signed in: {site} needs a new sign-in (`stint login`)."),
            (None, _) => "Not signed in to Jira: `stint login` signs in.".to_string(),
        })
    }

    /// `stint tempo account`: the open accounts, and the choices.
    pub fn tempo_accounts(&mut self, a: &stint_app::TempoAccounts) -> Result {
        self.emit(a, || {
            let mut text = match a.chosen.as_slice() {
                [] => format!("No Account is chosen on {}: each issue's field or its project's links decide.", a.site),
                chosen => format!(
                    "Chosen on {}: {}.",
                    a.site,
                    chosen.iter().map(|c| format!("{} → {}", c.scope, c.account)).collect::<Vec<_>>().join(", ")
                ),
            };
            let open: Vec<String> = a.accounts.iter().map(|x| format!("{} ({})", x.key, x.name)).collect();
            text.push_str(&format!(
                "\nOpen accounts: {}.",
                if open.is_empty() { "none".into() } else { open.join(", ") }
            ));
            for attribute in &a.attributes {
                let takes = match attribute.kind.as_str() {
                    "STATIC_LIST" => format!("one of {}", attribute.values.join(", ")),
                    "CHECKBOX" => "yes or no".into(),
                    "INPUT_NUMERIC" => "a number".into(),
                    _ => "a line of text".into(),
                };
                let chosen: Vec<String> = a
                    .values
                    .iter()
                    .filter(|v| v.attribute == attribute.name)
                    .map(|v| format!("{} → {}", v.scope, v.value))
                    .collect();
                text.push_str(&format!(
                    "\nTempo also requires {} ({takes}): {}.",
                    attribute.name,
                    if chosen.is_empty() {
                        "nothing chosen (`stint tempo value PROJECT ATTRIBUTE VALUE`)".into()
                    } else {
                        chosen.join(", ")
                    }
                ));
            }
            text
        })
    }

    /// `stint tempo logout`: whether a Tempo token was deleted.
    pub fn tempo_logged_out(&mut self, had: bool, site: Option<&str>) -> Result {
        let value = serde_json::json!({ "signed_out": true, "had_token": had, "site": site });
        self.emit(&value, || {
            let first = if had {
                "Stint's Tempo API token was deleted from the keychain."
            } else {
                "Stint kept no Tempo API token there."
            };
            format!("{first} The site's worklogs still go to Tempo: its entries wait for `stint tempo login`.")
        })
    }

    pub fn logged_out(&mut self, had: bool, site: Option<&str>, status: &Status) -> Result {
        let waiting = status.counts.pending;
        let value = serde_json::json!({ "signed_out": true, "had_sign_in": had, "waiting": waiting, "site": site });
        self.emit(&value, || {
            let first = match (had, site) {
                (true, None) => "Signed out: Stint's Jira token was deleted from the keychain.".to_string(),
                (true, Some(site)) => format!("Signed out of {site}: its Jira token was deleted from the keychain."),
                (false, None) => "Stint was not signed in; no token was kept.".to_string(),
                (false, Some(site)) => format!("Stint was not signed in to {site}; no token was kept."),
            };
            format!("{first} {} wait for the next `stint login`.", plural(waiting, "entry", "entries"))
        })
    }

    pub fn synced(&mut self, s: &SyncSummary) -> Result {
        self.emit(s, || {
            let mut text = format!("Sent to Jira: {} created, {} updated, {} deleted.", s.pushed, s.updated, s.deleted);
            if s.sites.len() > 1 {
                for site in &s.sites {
                    text.push_str(&format!(
                        "\n  {}: {} created, {} updated, {} deleted{}",
                        site.site,
                        site.pushed,
                        site.updated,
                        site.deleted,
                        match &site.stopped {
                            Some(stop) => format!("; stopped ({})", stop.code),
                            None => String::new(),
                        }
                    ));
                }
            }
            if s.failed > 0 {
                text.push_str(&format!(
                    "\n{} refused by Jira: `stint list` shows why; fix with `stint edit`, or `stint retry`.",
                    plural(s.failed as i64, "entry was", "entries were")
                ));
            }
            if s.conflicts > 0 {
                text.push_str(&format!(
                    "\n{} not sent: changed in Jira since the last sync. `stint list` marks {}; settle with `stint resolve ID --keep-mine` or `--take-jira`.",
                    plural(s.conflicts as i64, "entry", "entries"),
                    if s.conflicts == 1 { "it" } else { "them" }
                ));
            }
            text.push_str(&format!("\n{} waiting.", plural(s.remaining as i64, "entry", "entries")));
            for warning in &s.warnings {
                text.push_str(&format!("\nNote: {warning}."));
            }
            if let Some(read) = &s.read_back {
                if read.stopped.is_none() {
                    text.push('\n');
                    text.push_str(&read_back_text(read));
                }
            }
            text
        })
    }

    pub fn pulled(&mut self, p: &PullSummary) -> Result {
        self.emit(p, || if p.stopped.is_some() { "Nothing here changed.".to_string() } else { read_back_text(p) })
    }

    pub fn adopted(&mut self, entry: &Entry) -> Result {
        self.emit(entry, || {
            format!(
                "Entry {}: {} at {}, {}, from Jira. Edit it as any other: the next sync sends the change.",
                entry.id,
                entry.issue,
                when(entry.started),
                format_duration(entry.seconds)
            )
        })
    }

    pub fn resolved(&mut self, id: EntryId, how: Resolution, entry: Option<&Entry>) -> Result {
        let (word, text) = match how {
            Resolution::KeepMine => ("keep_mine", "kept this machine's values: the next sync sends them to Jira"),
            Resolution::TakeJira => ("take_jira", "took Jira's values"),
            Resolution::PushAgain => ("push_again", "queued: the next sync creates its worklog in Jira again"),
            Resolution::Drop => ("drop", "removed here too"),
        };
        let doc = serde_json::json!({ "id": id.0, "resolved": word, "entry": entry });
        self.emit(&doc, || format!("Entry {}: {text}.", id.0))
    }

    pub fn imported(&mut self, i: &Imported) -> Result {
        self.emit(i, || {
            let mut text = import_text(&i.preview);
            if i.dry_run {
                text.push_str("Nothing was imported (--dry-run).");
            } else if i.preview.entries == 0 {
                text.push_str("Nothing to import.");
            } else {
                text.push_str(&format!("Imported {}.", plural(i.imported as i64, "entry", "entries")));
            }
            text
        })
    }

    pub fn retried(&mut self, count: usize) -> Result {
        self.emit(&serde_json::json!({ "retried": count }), || {
            format!("{} back in the queue: `stint sync` sends them.", plural(count as i64, "entry", "entries"))
        })
    }

    pub fn issues(&mut self, list: &IssueList) -> Result {
        self.emit(list, || {
            let mut text = String::new();
            if let Some(reason) = &list.offline_reason {
                text.push_str(&format!("(Jira was not asked: {reason}. These are issues you tracked lately.)\n"));
            }
            if list.issues.is_empty() {
                text.push_str("No issues found.");
            }
            for issue in &list.issues {
                text.push_str(&format!("{:<14} {}\n", issue.key, issue.summary));
            }
            text
        })
    }

    pub fn audit(&mut self, lines: &[AuditLine]) -> Result {
        self.emit(&lines, || {
            if lines.is_empty() {
                return "Nothing has been sent to Jira yet.".to_string();
            }
            let mut text = String::new();
            for l in lines {
                text.push_str(&format!(
                    "{}  {:<7} entry {:<6} {:<12} worklog {:<10} {}\n",
                    l.at.format("%Y-%m-%d %H:%M:%S"),
                    l.row.action,
                    l.row.entry_id.map(|i| i.to_string()).unwrap_or_default(),
                    l.row.issue.as_deref().unwrap_or("-"),
                    l.row.worklog_id.as_deref().unwrap_or("-"),
                    l.row.outcome
                ));
            }
            text
        })
    }

    pub fn nothing_to_purge(&mut self, plan: &PurgePlan) -> Result {
        let purged = Purged { deleted: Vec::new(), kept: plan.kept.clone() };
        self.emit(&purged, || {
            let mut text = String::from("Stint keeps no local data here: nothing to delete.\n");
            text.push_str(&kept_text(&purged));
            text
        })
    }

    pub fn purged(&mut self, purged: &Purged) -> Result {
        self.emit(purged, || {
            let mut text = String::from("Deleted:\n");
            for path in &purged.deleted {
                text.push_str(&format!("  {}\n", path.display()));
            }
            text.push_str(&kept_text(purged));
            text
        })
    }
}

fn kept_text(purged: &Purged) -> String {
    let mut text = String::new();
    if !purged.kept.is_empty() {
        text.push_str("Left as they were (not Stint's):\n");
        for kept in &purged.kept {
            text.push_str(&format!("  {}: {}\n", kept.path.display(), kept.why));
        }
    }
    text
}

fn stopped_text(stopped: &Stopped) -> String {
    match stopped {
        Stopped::Finished { entry, overlaps } => format!(
            "Stopped {} at {}: {} (entry {}, {}).{}\n",
            entry.issue,
            clock(entry.ended()),
            format_duration(entry.seconds),
            entry.id,
            queue_word(entry),
            overlaps_text(overlaps)
        ),
        Stopped::Discarded { issue, seconds } => format!(
            "Discarded the timer on {issue}: it ran {seconds}s, under the one minute Jira accepts, so no time was logged.\n"
        ),
    }
}

fn running_text(r: &RunningView) -> String {
    let mut text = format!(
        "Tracking {} since {} ({}), entry {}",
        r.issue,
        when(r.started),
        format_duration(r.elapsed_seconds),
        r.id
    );
    match (&r.site, r.local_only) {
        (_, true) => text.push_str(", kept local.\n"),
        (Some(site), false) => text.push_str(&format!(", for {}.\n", site_host(site))),
        (None, false) => text.push_str(".\n"),
    }
    if let Some(note) = &r.note {
        text.push_str(&format!("Note: {}\n", note.expose()));
    }
    if let Some(gap) = &r.idle_gap {
        text.push_str(&format!(
            "Nothing was heard from this machine from {} to {} ({}): `stint stop --gap end` ends the entry there.\n",
            when(gap.from),
            when(gap.to),
            format_duration(gap.seconds)
        ));
    }
    text
}

fn week_text(week: &WeekSummary) -> String {
    let mut text =
        format!("Week {} ({} – {})\n\n", week.week, week.from.format("%a %d %b"), week.to.format("%a %d %b %Y"));
    let scale = week.days.iter().map(|d| d.seconds.max(d.target_seconds)).max().unwrap_or(0).max(1);
    for day in &week.days {
        let filled = (day.seconds * 24 / scale) as usize;
        let bar: String = "█".repeat(filled) + &"·".repeat(24 - filled.min(24));
        let target =
            if day.target_seconds > 0 { format!(" of {}", format_duration(day.target_seconds)) } else { String::new() };
        text.push_str(&format!("  {}  {bar}  {:>7}{target}\n", day.date.format("%a %d"), format_duration(day.seconds)));
    }
    let elsewhere = if week.elsewhere_seconds > 0 {
        format!(" ({} of it logged elsewhere)", format_duration(week.elsewhere_seconds))
    } else {
        String::new()
    };
    // The rest of "not in Jira yet", each said only when there is some (as the window does).
    let rest: String = [
        (week.refused_seconds, "refused by Jira"),
        (week.local_seconds, "kept here only"),
        (week.running_seconds, "running"),
    ]
    .iter()
    .filter(|(seconds, _)| *seconds > 0)
    .map(|(seconds, what)| format!(" · {what} {}", format_duration(*seconds)))
    .collect();
    text.push_str(&format!(
        "\nTotal {} of {} · in Jira {}{elsewhere} · to sync {}{rest}\n",
        format_duration(week.total_seconds),
        format_duration(week.target_seconds),
        format_duration(week.synced_seconds + week.elsewhere_seconds),
        format_duration(week.waiting_seconds)
    ));
    if !week.issues.is_empty() {
        text.push_str("\nIssues\n");
        for i in &week.issues {
            text.push_str(&format!("  {:<14} {:>8}\n", i.issue.as_str(), format_duration(i.seconds)));
        }
        text.push_str("\nProjects\n");
        for p in &week.projects {
            text.push_str(&format!("  {:<14} {:>8}\n", p.project, format_duration(p.seconds)));
        }
    }
    text
}

/// What a read-back found, in words (`stint pull`, and the end of `stint sync`).
fn read_back_text(p: &PullSummary) -> String {
    let mut text = if p.full {
        format!(
            "Read back from Jira: {} since {} ({}).",
            plural(p.issues as i64, "issue", "issues"),
            p.from.format("%Y-%m-%d"),
            plural(p.requests as i64, "request", "requests")
        )
    } else {
        format!(
            "Read back from Jira: what changed since the last read ({}).",
            plural(p.requests as i64, "request", "requests")
        )
    };
    let lines = [
        (p.took_jira, "took an edit made in Jira", "took edits made in Jira"),
        (
            p.conflicts,
            "was changed here and in Jira: choose which to keep",
            "were changed here and in Jira: choose which to keep",
        ),
        (
            p.deleted_in_jira,
            "was deleted in Jira: it stays here, marked",
            "were deleted in Jira: they stay here, marked",
        ),
        (p.linked, "found its worklog again", "found their worklogs again"),
    ];
    for (n, one, many) in lines {
        if n > 0 {
            text.push_str(&format!("\n{} {}.", plural(n as i64, "entry", "entries"), if n == 1 { one } else { many }));
        }
    }
    if p.elsewhere + p.other_machines > 0 {
        text.push_str(&format!(
            "\nIn Jira, not from Stint here: {} logged elsewhere, {} from Stint on another machine.",
            plural(p.elsewhere as i64, "worklog", "worklogs"),
            p.other_machines
        ));
    }
    text
}

/// " of 8h 00m" after today's time, when today has a target.
fn of_target(status: &Status) -> String {
    if status.today_target_seconds > 0 {
        format!(" of {}", format_duration(status.today_target_seconds))
    } else {
        String::new()
    }
}

/// Every site, one a line: the default first, how and as whom, the projects routed to it.
fn sites_text(who: &Whoami) -> String {
    let mut text = format!("Signed in to {}:", plural(who.sites.len() as i64, "site", "sites"));
    for s in &who.sites {
        let mut line = format!("\n  {}", s.site);
        if s.default {
            line.push_str(" (default)");
        }
        if s.signed_in {
            line.push_str(&format!(
                ": {}, {}",
                s.account.as_deref().unwrap_or(&s.account_id),
                s.how_text.unwrap_or("?")
            ));
            if let Some(ends) = s.ends_by {
                line.push_str(&format!(", until {} at the latest", ends.format("%Y-%m-%d")));
            }
        } else {
            line.push_str(&format!(": needs a new sign-in (`stint login --site {}`)", s.site));
        }
        if !s.projects.is_empty() {
            line.push_str(&format!("; projects {}", s.projects.join(", ")));
        }
        if let Some(tempo) = &s.tempo_api {
            line.push_str(&format!("; worklogs go to Tempo ({})", stint_app::site_host(tempo)));
        }
        text.push_str(&line);
    }
    text.push_str("\nEntries go to the default site unless their project is routed (`stint site route PROJECT SITE`).");
    text
}

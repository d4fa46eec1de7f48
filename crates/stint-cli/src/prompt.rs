//! Questions asked at a terminal. Without a terminal nothing is asked: the command explains the
//! flag that answers the question instead. An answer that is neither yes nor no is asked again.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Local;
use stint_app::{format_duration, GapChoice, GapView, ImportPreview, PurgePlan};

use crate::render::plural;
use crate::Failure;

pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a yes/no question until the answer is one; an empty answer takes `default`. The end of
/// input (Ctrl-D) answers nothing, and the command then changes nothing.
fn ask_yes_no(question: &str, default: bool) -> Result<bool, Failure> {
    let terminal = |e: std::io::Error| Failure::Other(format!("could not ask at the terminal: {e}"));
    let mut err = std::io::stderr();
    // The question may show names from a file (an import's preview): safe to print.
    write!(err, "{}", crate::terminal::safe(question)).map_err(terminal)?;
    loop {
        err.flush().map_err(terminal)?;
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).map_err(terminal)? == 0 {
            return Err(Failure::Declined("no answer was given, so nothing was changed".into()));
        }
        match answer.trim().to_ascii_lowercase().as_str() {
            "" => return Ok(default),
            "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => write!(err, "Please answer y or n: ").map_err(terminal)?,
        }
    }
}

/// Asks for a number from 1 to `most` until one is given; `None` at the end of input.
pub fn ask_number(question: &str, most: usize) -> Result<Option<usize>, Failure> {
    let terminal = |e: std::io::Error| Failure::Other(format!("could not ask at the terminal: {e}"));
    let mut err = std::io::stderr();
    write!(err, "{question}").map_err(terminal)?;
    loop {
        err.flush().map_err(terminal)?;
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).map_err(terminal)? == 0 {
            return Ok(None);
        }
        match answer.trim().parse::<usize>() {
            Ok(n) if (1..=most).contains(&n) => return Ok(Some(n)),
            _ => write!(err, "Please answer a number from 1 to {most}: ").map_err(terminal)?,
        }
    }
}

pub fn ask_about_gap(gap: &GapView) -> Result<GapChoice, Failure> {
    let at = |t: chrono::DateTime<chrono::FixedOffset>| {
        format!("{} {}", t.with_timezone(&Local).format("%a"), crate::render::clock(t))
    };
    let (from, to) = (at(gap.from), at(gap.to));
    let question = format!(
        "Nothing was heard from this machine from {from} to {to} ({}).\nEnd the entry at {from}, where the silence began? [Y/n] ",
        format_duration(gap.seconds)
    );
    Ok(if ask_yes_no(&question, true)? { GapChoice::EndAtGap } else { GapChoice::Keep })
}

/// Lists what would go (and what stays) and asks.
/// Shows what an import will do, and asks; with `--sync` the question says how many go to Jira.
pub fn confirm_import(preview: &ImportPreview) -> Result<bool, Failure> {
    let mut text = crate::render::import_text(preview);
    text.push_str(&if preview.to_sync > 0 {
        format!(
            "\nImport {}, and queue {} for Jira as worklogs? [y/N] ",
            plural(preview.entries as i64, "entry", "entries"),
            preview.to_sync
        )
    } else {
        format!("\nImport {}? [y/N] ", plural(preview.entries as i64, "entry", "entries"))
    });
    ask_yes_no(&text, false)
}

pub fn confirm_purge(plan: &PurgePlan) -> Result<bool, Failure> {
    let mut text = String::from("This deletes all of Stint's local data:\n");
    for path in &plan.paths {
        text.push_str(&format!("  {}\n", path.display()));
    }
    if !plan.kept.is_empty() {
        text.push_str("It leaves alone what is not Stint's:\n");
        for kept in &plan.kept {
            text.push_str(&format!("  {} ({})\n", kept.path.display(), kept.why));
        }
    }
    if let (Some(entries), Some(not_in_jira)) = (plan.entries, plan.not_in_jira) {
        text.push_str(&format!(
            "{}, {not_in_jira} of them not in Jira (they will be lost).\n",
            plural(entries, "entry", "entries")
        ));
    }
    if plan.running == Some(true) {
        text.push_str("A timer is running; it will be lost too.\n");
    }
    text.push_str("Delete everything? [y/N] ");
    ask_yes_no(&text, false)
}

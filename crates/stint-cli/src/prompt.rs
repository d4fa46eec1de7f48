//! Questions asked at a terminal. Without a terminal nothing is asked: the command explains the
//! flag that answers the question instead.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Local;
use stint_app::{format_duration, GapChoice, GapView, PurgePlan};

use crate::Failure;

pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn ask(question: &str) -> Result<String, Failure> {
    let mut err = std::io::stderr();
    write!(err, "{question}")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim().to_ascii_lowercase())
}

pub fn ask_about_gap(gap: &GapView) -> Result<GapChoice, Failure> {
    let from = gap.from.with_timezone(&Local).format("%a %H:%M");
    let to = gap.to.with_timezone(&Local).format("%a %H:%M");
    let question = format!(
        "Nothing was heard from this machine from {from} to {to} ({}).\nEnd the entry at {from}, where the silence began? [Y/n] ",
        format_duration(gap.seconds)
    );
    Ok(match ask(&question)?.as_str() {
        "" | "y" | "yes" => GapChoice::EndAtGap,
        _ => GapChoice::Keep,
    })
}

/// Lists what would go and asks. Off a terminal, answers no (the caller says to use `--yes`).
pub fn confirm_purge(plan: &PurgePlan) -> Result<bool, Failure> {
    if !interactive() {
        return Ok(false);
    }
    let mut text = String::from("This deletes all of Stint's local data:\n");
    for path in &plan.paths {
        text.push_str(&format!("  {}\n", path.display()));
    }
    if let (Some(entries), Some(not_in_jira)) = (plan.entries, plan.not_in_jira) {
        let noun = if entries == 1 { "entry" } else { "entries" };
        text.push_str(&format!("{entries} {noun}, {not_in_jira} of them not in Jira (they will be lost).\n"));
    }
    if plan.running == Some(true) {
        text.push_str("A timer is running; it will be lost too.\n");
    }
    text.push_str("Delete everything? [y/N] ");
    Ok(matches!(ask(&text)?.as_str(), "y" | "yes"))
}

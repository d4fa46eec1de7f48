//! The one error type of the import crate. Each message names the file, line or record, what was
//! wrong with it and what to do.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("there is nothing to read: give a file, or a Timewarrior data folder")]
    NoFiles,
    #[error(
        "could not tell what kind of file this is: Stint reads `timew export` JSON, Timewarrior's data folder, \
         Watson's frames file or `watson log --json`, Toggl Track's detailed CSV, and Stint's own exports; \
         name the format with --format timewarrior|watson|toggl|stint"
    )]
    Undetected,
    #[error("`{0}` is not a format Stint imports: give --format timewarrior, watson, toggl or stint")]
    UnknownFormatName(String),
    #[error("{file} is not a {format} file{}: leave --format out to let Stint tell, or give the right one",
        looks_like.map(|l| format!(" (it looks like {l})")).unwrap_or_default())]
    NotThatFormat { file: String, format: &'static str, looks_like: Option<&'static str> },
    #[error("{at}: {problem}. Nothing was imported: fix or remove it, or run again with --skip-bad to import the rest and list what was skipped")]
    BadRecord { at: String, problem: String },
    #[error("{at}: {problem}. Nothing was imported: {fix}")]
    Unreadable { at: String, problem: String, fix: &'static str },
    #[error("{file} could not be read ({problem}). Nothing was imported")]
    Read { file: String, problem: String },
    /// The caller asked the reading to stop (it says why itself).
    #[error("the import was stopped before the end of the file")]
    Stopped,
    #[error("`{0}` is not a time zone: give a name like Europe/Berlin (see /usr/share/zoneinfo), UTC, or an offset like +01:00")]
    BadZone(String),
    #[error("`{0}` is not a date order: give --date-format DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD (the separator does not matter)")]
    BadDateOrder(String),
    #[error(
        "the dates in this file (like {example}) could be day/month or month/day, and none of them tells which: \
         give --date-format DD/MM/YYYY or --date-format MM/DD/YYYY, as your Toggl profile shows dates"
    )]
    AmbiguousDates { example: String },
    #[error(
        "this file holds the time of {}{people} people (its User column): Stint imports one person's history, so \
         nobody else's time reaches your Jira. Export a detailed report filtered to yourself (Reports → Team → you)",
        if *at_least { "at least " } else { "" }
    )]
    SeveralPeople { people: usize, at_least: bool },
    #[error("`{0}` is not a place to look for issue keys: give --key-from tag, project or description")]
    BadKeyFrom(String),
    #[error("{file}: {problem}: write one name per line, like \"Code review\" = \"ENG-12\"")]
    BadMap { file: String, problem: String },
}

//! The one error type of the import crate. Each message names the file, line or record and what
//! was wrong with it; where the way out is one of the import's choices (the format, the date
//! order, skipping what cannot be read), it is a typed remedy each shell words: the CLI as its
//! flag, the window as its control.

use stint_domain::Remedy;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("there is nothing to read: give a file, or a Timewarrior data folder")]
    NoFiles,
    #[error(
        "could not tell what kind of file this is: Stint reads `timew export` JSON, Timewarrior's data folder, \
         Watson's frames file or `watson log --json`, Toggl Track's detailed CSV, and Stint's own exports"
    )]
    Undetected,
    #[error("`{0}` is not a format Stint imports (timewarrior, watson, toggl or stint)")]
    UnknownFormatName(String),
    #[error("{file} is not a {format} file{}",
        looks_like.map(|l| format!(" (it looks like {l})")).unwrap_or_default())]
    NotThatFormat { file: String, format: &'static str, looks_like: Option<&'static str> },
    #[error("{at}: {problem}. Nothing was imported: fix or remove it")]
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
    #[error("`{0}` is not a date order (DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD; the separator does not matter)")]
    BadDateOrder(String),
    #[error("the dates in this file (like {example}) could be day/month or month/day, and none of them tells which")]
    AmbiguousDates { example: String },
    #[error(
        "this file holds the time of {}{people} people (its User column): Stint imports one person's history, so \
         nobody else's time reaches your Jira. Export a detailed report filtered to yourself (Reports → Team → you)",
        if *at_least { "at least " } else { "" }
    )]
    SeveralPeople { people: usize, at_least: bool },
    #[error("`{0}` is not a place to look for issue keys (tag, project or description)")]
    BadKeyFrom(String),
    #[error("{file}: {problem}: write one name per line, like \"Code review\" = \"ENG-12\"")]
    BadMap { file: String, problem: String },
}

impl ImportError {
    /// The import's choice that gets past it, where there is one.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            ImportError::Undetected | ImportError::UnknownFormatName(_) | ImportError::NotThatFormat { .. } => {
                Some(Remedy::ChooseImportFormat)
            }
            ImportError::BadRecord { .. } => Some(Remedy::SkipBadRecords),
            ImportError::BadDateOrder(_) | ImportError::AmbiguousDates { .. } => Some(Remedy::ChooseDateOrder),
            ImportError::BadKeyFrom(_) => Some(Remedy::ChooseKeyPlace),
            _ => None,
        }
    }
}

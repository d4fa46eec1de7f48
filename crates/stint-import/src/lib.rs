//! Reading history kept by other trackers, and Stint's own exports, into one shape: a `Record` per
//! source entry, with where it was in the file, its start and end, the names the user gave it
//! (tags, project, description) and a fingerprint that identifies it across imports.
//!
//! Nothing here touches the disk: the caller says how to open each file, and is handed each
//! record as it is read (`read_each`), so a source of any size is read in bounded memory (see
//! `input`). What to do with the records is the caller's (the application layer checks them
//! against the database). Files are untrusted: every field is checked, and a record that cannot
//! be read is reported with its line or position, what was wrong and what to do, never guessed at.
//!
//! | Format             | Read from                                          | Times                      |
//! |--------------------|----------------------------------------------------|----------------------------|
//! | `timewarrior`      | `timew export` JSON, or the data folder's `*.data` | UTC, given an offset by `Zone` |
//! | `watson`           | the `frames` file, or `watson log --json`          | epoch (Zone) / with offset |
//! | `toggl`            | Toggl Track's detailed report CSV                  | local, in `Zone`           |
//! | `stint`            | `stint export --format json` or `--format csv`     | with their offset          |

mod error;
mod input;
mod keys;
mod stint;
mod text;
mod timew;
mod toggl;
mod watson;
mod zone;

use chrono::{DateTime, FixedOffset, Utc};
use sha2::{Digest, Sha256};
use stint_domain::{IssueKey, SyncError, SyncState};

pub use error::ImportError;
pub use input::{Opened, SourceFile, MOST_PER_RECORD};
pub use keys::{find_key, KeyFrom, KeyMap};
pub use toggl::DateOrder;
pub use zone::Zone;

/// The kinds of file Stint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Timewarrior,
    Watson,
    Toggl,
    Stint,
}

impl Format {
    pub const NAMES: &'static str = "timewarrior, watson, toggl or stint";

    pub fn parse(text: &str) -> Result<Format, ImportError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "timewarrior" | "timew" => Ok(Format::Timewarrior),
            "watson" => Ok(Format::Watson),
            "toggl" | "toggl-track" => Ok(Format::Toggl),
            "stint" => Ok(Format::Stint),
            _ => Err(ImportError::UnknownFormatName(text::echo(text))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Timewarrior => "timewarrior",
            Format::Watson => "watson",
            Format::Toggl => "toggl",
            Format::Stint => "stint",
        }
    }
}

/// The names a source entry carries, where an issue key may be found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub tags: Vec<String>,
    /// The project, then anything below it (Toggl's task).
    pub projects: Vec<String>,
    pub description: Option<String>,
}

/// What a Stint export says about an entry beyond its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StintFields {
    pub uid: String,
    pub issue: IssueKey,
    pub sync: SyncState,
    pub error: Option<SyncError>,
    pub worklog_id: Option<String>,
    pub deleted: bool,
    /// Where its worklog is, as the export says (`None`: the export does not say).
    pub jira: Option<JiraLink>,
}

/// The Jira site and account an exported entry's worklog belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JiraLink {
    pub site: String,
    pub account_id: String,
}

/// One entry read from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where it was: `line 4`, `record 12`, `2026-11.data line 3`.
    pub at: String,
    pub start: DateTime<FixedOffset>,
    /// `None` while it is still running in the source.
    pub end: Option<DateTime<FixedOffset>>,
    pub names: Names,
    /// The text that becomes the entry's note (an annotation, a description).
    pub note: Option<String>,
    /// Identifies this source entry across imports (a SHA-256, hex).
    pub fingerprint: String,
    pub stint: Option<StintFields>,
}

impl Record {
    /// How long it lasted, in whole seconds (`None` while running).
    pub fn seconds(&self) -> Option<i64> {
        self.end.map(|end| (end.to_utc() - self.start.to_utc()).num_seconds())
    }
}

/// A record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub at: String,
    pub problem: String,
}

/// How many records that could not be read are listed (all are counted).
pub const LISTED: usize = 1000;

/// What reading a source found besides its records.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Records that could not be read (only with `skip_bad`; otherwise the first is an error):
    /// the first `LISTED` of them.
    pub bad: Vec<BadRecord>,
    /// How many could not be read in all.
    pub bad_total: usize,
    /// Something in the file that is not imported, said once (a running timer in a Stint export).
    pub notices: Vec<String>,
}

/// Everything read from a source, held whole: for small sources and tests (`read_each` is the
/// way to read a large one).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub summary: Summary,
}

/// How to read the files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The format, when the user named one; otherwise it is told from the content.
    pub format: Option<Format>,
    /// The zone for times a file gives without an offset.
    pub zone: Zone,
    /// Toggl's date order, when the user gave it.
    pub date_order: Option<DateOrder>,
    /// Keep going past unreadable records, listing them.
    pub skip_bad: bool,
}

/// The format of `files` (one file, or a Timewarrior data folder's month files in order): the
/// one the user named, else the one the content shows.
pub fn format_of(files: &[SourceFile<'_>], options: &ReadOptions) -> Result<Format, ImportError> {
    if files.is_empty() {
        return Err(ImportError::NoFiles);
    }
    if let Some(format) = options.format {
        return Ok(format);
    }
    // Told by the first file with something in it: a Timewarrior folder's oldest months may be
    // empty. Named files are a data folder's month files, Timewarrior's even when all are empty.
    for file in files {
        let head = file.head()?;
        if !head.is_empty() {
            return detect(&head).map(Shape::format).ok_or(ImportError::Undetected);
        }
    }
    if files.iter().all(|f| !f.name.is_empty()) {
        Ok(Format::Timewarrior)
    } else {
        Err(ImportError::Undetected)
    }
}

/// Reads `files` as `format`, handing each record to `each` as it is read; `each` returns
/// `false` to stop (the read then ends with `ImportError::Stopped`).
pub fn read_each(
    files: &[SourceFile<'_>],
    format: Format,
    options: &ReadOptions,
    each: &mut dyn FnMut(Record) -> bool,
) -> Result<Summary, ImportError> {
    let mut sink = Sink { each, skip_bad: options.skip_bad, summary: Summary::default() };
    for file in files {
        let head = file.head()?;
        let shape = detect(&head);
        let at = |position: String| text::located(&file.name, position);
        match (format, shape) {
            (Format::Timewarrior, Some(Shape::TimewJson)) => timew::read_json(file, &options.zone, &at, &mut sink)?,
            (Format::Timewarrior, Some(Shape::TimewData) | None) => {
                timew::read_data(file, &options.zone, &at, &mut sink)?
            }
            (Format::Watson, Some(Shape::WatsonFrames)) => watson::read_frames(file, &options.zone, &at, &mut sink)?,
            (Format::Watson, Some(Shape::WatsonLog)) => watson::read_log(file, &at, &mut sink)?,
            (Format::Toggl, Some(Shape::Toggl)) => {
                toggl::read(file, &options.zone, options.date_order, &at, &mut sink)?
            }
            (Format::Stint, Some(Shape::StintJson)) => stint::read_json(file, &at, &mut sink)?,
            (Format::Stint, Some(Shape::StintCsv)) => stint::read_csv(file, &at, &mut sink)?,
            (_, Some(Shape::EmptyJson)) => {}
            (format, shape) => {
                return Err(ImportError::NotThatFormat {
                    file: text::file_label(&file.name),
                    format: format.as_str(),
                    looks_like: shape.map(|s| s.describe()),
                })
            }
        }
    }
    Ok(sink.summary)
}

/// Reads `files` whole: their format and every record (see `Parsed`).
pub fn read(files: &[SourceFile<'_>], options: &ReadOptions) -> Result<(Format, Parsed), ImportError> {
    let format = format_of(files, options)?;
    let mut records = Vec::new();
    let summary = read_each(files, format, options, &mut |record| {
        records.push(record);
        true
    })?;
    Ok((format, Parsed { records, summary }))
}

/// Hands records on as a reader finds them, and keeps what is said about the rest.
pub(crate) struct Sink<'a> {
    each: &'a mut dyn FnMut(Record) -> bool,
    skip_bad: bool,
    summary: Summary,
}

impl Sink<'_> {
    pub(crate) fn record(&mut self, record: Record) -> Result<(), ImportError> {
        if (self.each)(record) {
            Ok(())
        } else {
            Err(ImportError::Stopped)
        }
    }

    /// A record that could not be read: an error, unless bad records are skipped.
    pub(crate) fn bad(&mut self, at: String, problem: String) -> Result<(), ImportError> {
        if self.skip_bad {
            self.summary.bad_total += 1;
            if self.summary.bad.len() < LISTED {
                self.summary.bad.push(BadRecord { at, problem });
            }
            Ok(())
        } else {
            Err(ImportError::BadRecord { at, problem })
        }
    }

    pub(crate) fn notice(&mut self, text: String) {
        if !self.summary.notices.contains(&text) {
            self.summary.notices.push(text);
        }
    }
}

/// What a file looks like from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    TimewJson,
    TimewData,
    WatsonFrames,
    WatsonLog,
    Toggl,
    StintJson,
    StintCsv,
    /// `[]`: a JSON export with nothing in it (any JSON format).
    EmptyJson,
}

impl Shape {
    fn format(self) -> Format {
        match self {
            Shape::TimewJson | Shape::TimewData | Shape::EmptyJson => Format::Timewarrior,
            Shape::WatsonFrames | Shape::WatsonLog => Format::Watson,
            Shape::Toggl => Format::Toggl,
            Shape::StintJson | Shape::StintCsv => Format::Stint,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Shape::TimewJson => "a `timew export` file",
            Shape::TimewData => "a Timewarrior data file",
            Shape::WatsonFrames => "a Watson frames file",
            Shape::WatsonLog => "`watson log --json` output",
            Shape::Toggl => "a Toggl Track CSV",
            Shape::StintJson => "a Stint JSON export",
            Shape::StintCsv => "a Stint CSV export",
            Shape::EmptyJson => "an empty JSON list",
        }
    }
}

/// Tells the format from the content, looking only at its start.
fn detect(content: &str) -> Option<Shape> {
    let body = content.trim_start_matches('\u{feff}').trim_start();
    let head: String = body.chars().take(4096).collect();
    if head.starts_with('{') {
        return head.contains("\"stint-export\"").then_some(Shape::StintJson);
    }
    if let Some(rest) = head.strip_prefix('[') {
        let rest = rest.trim_start();
        if rest.starts_with(']') {
            return Some(Shape::EmptyJson);
        }
        if rest.starts_with('[') {
            return Some(Shape::WatsonFrames);
        }
        if rest.starts_with('{') {
            // Watson's log has a project and a stop; Timewarrior's export is the other list of
            // objects (its intervals' own fields say what is wrong with them).
            if head.contains("\"project\"") && head.contains("\"stop\"") {
                return Some(Shape::WatsonLog);
            }
            return Some(Shape::TimewJson);
        }
        return None;
    }
    let first_line = head.lines().next().unwrap_or("").trim();
    if first_line.starts_with("inc ") {
        return Some(Shape::TimewData);
    }
    let columns: Vec<String> =
        first_line.split(',').map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase()).collect();
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("uid") && has("issue") && has("started") && has("seconds") {
        return Some(Shape::StintCsv);
    }
    if has("start date") && has("start time") {
        return Some(Shape::Toggl);
    }
    None
}

/// A fingerprint: the SHA-256 of the format's name and the fields that identify an entry there.
pub(crate) fn fingerprint(format: Format, fields: &[&str]) -> String {
    let mut hash = Sha256::new();
    hash.update(format.as_str().as_bytes());
    for field in fields {
        hash.update([0u8]);
        hash.update(field.as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// An instant as a fingerprint field: Unix seconds.
pub(crate) fn instant_field(t: DateTime<Utc>) -> String {
    t.timestamp().to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `text` read whole as `format`.
    pub(crate) fn read_as(text: &str, format: Format, zone: &Zone, skip_bad: bool) -> Result<Parsed, ImportError> {
        let options = ReadOptions { format: Some(format), zone: *zone, date_order: None, skip_bad };
        read(&[SourceFile::text("", text)], &options).map(|(_, parsed)| parsed)
    }

    #[test]
    fn shapes() {
        assert_eq!(detect("[\n{\"id\":1,\"start\":\"20261120T081500Z\"}]"), Some(Shape::TimewJson));
        assert_eq!(detect("inc 20261120T081500Z - 20261120T091500Z # \"A-1\"\n"), Some(Shape::TimewData));
        assert_eq!(detect("[\n [\n  1795158900, 1795162500, \"ABC\"]]"), Some(Shape::WatsonFrames));
        assert_eq!(
            detect(
                "[{\"id\": \"x\", \"project\": \"ABC\", \"start\": \"2026-11-20T08:15:00+01:00\", \"stop\": \"x\"}]"
            ),
            Some(Shape::WatsonLog)
        );
        assert_eq!(
            detect("\u{feff}User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"),
            Some(Shape::Toggl)
        );
        assert_eq!(detect("{\"format\":\"stint-export\",\"version\":1}"), Some(Shape::StintJson));
        assert_eq!(detect("id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n"), Some(Shape::StintCsv));
        assert_eq!(detect("[]"), Some(Shape::EmptyJson));
        assert_eq!(detect("hello"), None);
        assert_eq!(detect("{\"format\":\"other\"}"), None);
    }

    #[test]
    fn a_data_folder_whose_oldest_month_is_empty_is_timewarrior_s() {
        let file = |name: &str, text: &'static str| SourceFile::text(name, text);
        let options =
            ReadOptions { format: None, zone: Zone::Named(chrono_tz::UTC), date_order: None, skip_bad: false };
        let folder = [
            file("2026-09.data", ""),
            file("2026-10.data", "\n"),
            file("2026-11.data", "inc 20261120T081500Z - 20261120T091500Z # \"ABC-1\"\n"),
        ];
        let (format, parsed) = read(&folder, &options).unwrap();
        assert_eq!((format, parsed.records.len()), (Format::Timewarrior, 1));
        let (format, parsed) = read(&folder[..2], &options).unwrap();
        assert_eq!((format, parsed.records.len()), (Format::Timewarrior, 0), "only empty months: nothing to import");
        assert!(matches!(read(&[file("", "")], &options), Err(ImportError::Undetected)), "an empty file says nothing");
    }

    proptest::proptest! {
        /// Any text, read as any format (forced or detected), gives records or an error: never a panic.
        #[test]
        fn any_text_is_read_or_refused(
            body in "(inc |\\[|\\{|User,Start date,Start time,Duration\n|id,uid,issue,started,seconds,note,sync,worklog_id,deleted\n)?[ -~\n\"#,:./\\[\\]{}0-9TZ-]{0,200}",
            forced in 0usize..5,
            skip_bad: bool,
        ) {
            let format = [None, Some(Format::Timewarrior), Some(Format::Watson), Some(Format::Toggl), Some(Format::Stint)][forced];
            let options = ReadOptions { format, zone: Zone::Local, date_order: None, skip_bad };
            let _ = read(&[SourceFile::text("", &body)], &options);
        }
    }

    #[test]
    fn fingerprints_differ_by_format_and_field_boundaries() {
        assert_ne!(fingerprint(Format::Toggl, &["ab", "c"]), fingerprint(Format::Toggl, &["a", "bc"]));
        assert_ne!(fingerprint(Format::Toggl, &["a"]), fingerprint(Format::Watson, &["a"]));
        assert_eq!(fingerprint(Format::Toggl, &["a"]).len(), 64);
    }
}

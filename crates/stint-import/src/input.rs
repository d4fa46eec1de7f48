//! A source read as a stream, so an import's memory does not grow with its file: lines one at a
//! time, a JSON list item by item, CSV row by row, each with a bound (`MOST_PER_RECORD`) so that
//! one endless line, item or quoted field cannot take the memory a whole file would.
//!
//! The crate still does no I/O of its own: the caller says how to open each file (a file on disk,
//! a spooled standard input, or text in memory), and may be asked to open it more than once
//! (the format is told from a file's start; Toggl's report is read twice, to learn its people
//! and date order before any row is taken).

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

use crate::error::ImportError;
use crate::text::file_label;

/// The longest line, JSON item or CSV row Stint reads: far beyond any real entry (a note is at
/// most a few KiB), small enough that a hostile file cannot make one record take much memory.
pub const MOST_PER_RECORD: usize = 1 << 20;

/// An opened source: bytes, buffered.
pub type Opened<'a> = Box<dyn BufRead + 'a>;

type Opener<'a> = Box<dyn Fn() -> std::io::Result<Opened<'a>> + 'a>;

/// One file to read, and the name to show for it in messages (empty for a single file: its
/// positions are then shown alone, "line 4").
pub struct SourceFile<'a> {
    pub name: String,
    open: Opener<'a>,
}

impl std::fmt::Debug for SourceFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile").field("name", &self.name).finish_non_exhaustive()
    }
}

impl<'a> SourceFile<'a> {
    /// A file the caller opens, from its start, each time it is asked.
    pub fn new(name: impl Into<String>, open: impl Fn() -> std::io::Result<Opened<'a>> + 'a) -> SourceFile<'a> {
        SourceFile { name: name.into(), open: Box::new(open) }
    }

    /// Text already in memory.
    pub fn text(name: impl Into<String>, text: &'a str) -> SourceFile<'a> {
        SourceFile::new(name, move || Ok(Box::new(text.as_bytes()) as Opened<'a>))
    }

    /// Opens it at its start, past a UTF-8 byte order mark.
    pub(crate) fn open(&self) -> Result<Opened<'a>, ImportError> {
        let failed = |e: std::io::Error| ImportError::Read { file: file_label(&self.name), problem: e.to_string() };
        let mut reader = (self.open)().map_err(failed)?;
        if reader.fill_buf().map_err(failed)?.starts_with(b"\xef\xbb\xbf") {
            reader.consume(3);
        }
        Ok(reader)
    }

    /// Its first bytes after any leading white space (at most 16 KiB), as text: what the format
    /// is told from. Empty when the file holds only white space.
    pub(crate) fn head(&self) -> Result<String, ImportError> {
        let failed = |e: std::io::Error| ImportError::Read { file: file_label(&self.name), problem: e.to_string() };
        let mut reader = self.open()?;
        loop {
            let chunk = reader.fill_buf().map_err(failed)?;
            if chunk.is_empty() {
                return Ok(String::new());
            }
            let blank = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let done = blank < chunk.len();
            reader.consume(blank);
            if done {
                break;
            }
        }
        let mut head = Vec::new();
        reader.take(16 << 10).read_to_end(&mut head).map_err(failed)?;
        Ok(String::from_utf8_lossy(&head).into_owned())
    }
}

/// Where a message about a file points, and what to do about it.
pub(crate) struct Place<'p> {
    pub at: &'p dyn Fn(String) -> String,
    pub fix: &'static str,
}

impl Place<'_> {
    pub(crate) fn unreadable(&self, line: u64, problem: impl Into<String>) -> ImportError {
        ImportError::Unreadable { at: (self.at)(format!("line {line}")), problem: problem.into(), fix: self.fix }
    }
}

/// A file's lines, one at a time, each at most `MOST_PER_RECORD` bytes and UTF-8.
pub(crate) struct Lines<'a> {
    reader: Opened<'a>,
    buf: Vec<u8>,
    number: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(reader: Opened<'a>) -> Lines<'a> {
        Lines { reader, buf: Vec::new(), number: 0 }
    }

    /// The next line (without its line break) and its number; `None` at the end.
    pub(crate) fn next(&mut self, place: &Place<'_>) -> Result<Option<(u64, &str)>, ImportError> {
        self.buf.clear();
        self.number += 1;
        let read = (&mut self.reader)
            .take(MOST_PER_RECORD as u64 + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| place.unreadable(self.number, format!("it could not be read ({e})")))?;
        if read == 0 {
            return Ok(None);
        }
        if self.buf.len() > MOST_PER_RECORD {
            return Err(place.unreadable(self.number, "it is longer than 1 MiB, more than any entry"));
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        let line = std::str::from_utf8(&self.buf).map_err(|_| place.unreadable(self.number, "it is not UTF-8 text"))?;
        Ok(Some((self.number, line)))
    }
}

/// A JSON document read value by value: the structure around the values (`[`, `,`, keys) is
/// walked here, and each value is handed over whole, as bytes, to be parsed alone.
pub(crate) struct Json<'a, 'p> {
    reader: Opened<'a>,
    place: Place<'p>,
    /// The line the reader is at.
    line: u64,
}

/// Where a JSON value's bytes end.
#[derive(Default)]
struct Scan {
    depth: u32,
    in_string: bool,
    escaped: bool,
}

impl<'a, 'p> Json<'a, 'p> {
    pub(crate) fn new(reader: Opened<'a>, place: Place<'p>) -> Json<'a, 'p> {
        Json { reader, place, line: 1 }
    }

    pub(crate) fn unreadable(&self, line: u64, problem: impl Into<String>) -> ImportError {
        self.place.unreadable(line, problem)
    }

    fn io(&self, e: std::io::Error) -> ImportError {
        self.unreadable(self.line, format!("it could not be read ({e})"))
    }

    /// The next byte that is not white space, left unread; `None` at the end.
    pub(crate) fn peek(&mut self) -> Result<Option<u8>, ImportError> {
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) => return Err(self.io(e)),
            };
            if chunk.is_empty() {
                return Ok(None);
            }
            let blank = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let found = chunk.get(blank).copied();
            self.line += chunk[..blank].iter().filter(|b| **b == b'\n').count() as u64;
            self.reader.consume(blank);
            if found.is_some() {
                return Ok(found);
            }
        }
    }

    /// Takes `byte` (after white space), or says what was expected.
    pub(crate) fn expect(&mut self, byte: u8, what: &str) -> Result<(), ImportError> {
        match self.peek()? {
            Some(b) if b == byte => {
                self.reader.consume(1);
                Ok(())
            }
            Some(_) => Err(self.unreadable(self.line, format!("this is not valid JSON (expected {what})"))),
            None => Err(self.unreadable(self.line, format!("the file ends early (expected {what})"))),
        }
    }

    /// Takes `byte` when it is next, saying whether it was.
    pub(crate) fn take(&mut self, byte: u8) -> Result<bool, ImportError> {
        let next = self.peek()?;
        if next == Some(byte) {
            self.reader.consume(1);
        }
        Ok(next == Some(byte))
    }

    /// The next JSON value's bytes, into `buf`; returns the line it starts on. Its inside is not
    /// checked here: parsing it does that.
    pub(crate) fn value(&mut self, buf: &mut Vec<u8>) -> Result<u64, ImportError> {
        buf.clear();
        let next = self.peek()?;
        let start = self.line;
        match next {
            None => return Err(self.unreadable(self.line, "the file ends early (expected a value)")),
            Some(b',' | b']' | b'}' | b':') => {
                return Err(self.unreadable(self.line, "this is not valid JSON (expected a value)"))
            }
            Some(_) => {}
        }
        let mut scan = Scan::default();
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) => return Err(self.io(e)),
            };
            if chunk.is_empty() {
                if scan.depth == 0 && !scan.in_string && !buf.is_empty() {
                    return Ok(start);
                }
                return Err(self.unreadable(start, "the file ends inside a value: it is not whole"));
            }
            let (used, done) = scan.feed(chunk);
            let newlines = chunk[..used].iter().filter(|b| **b == b'\n').count() as u64;
            buf.extend_from_slice(&chunk[..used]);
            self.reader.consume(used);
            self.line += newlines;
            if buf.len() > MOST_PER_RECORD {
                return Err(self.unreadable(start, "one value is larger than 1 MiB, more than any entry"));
            }
            if done {
                return Ok(start);
            }
        }
    }

    /// Reads a list's items, handing each (its index, the line it starts on, its bytes) to `each`.
    pub(crate) fn list(
        &mut self,
        mut each: impl FnMut(&Self, usize, u64, &[u8]) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        self.expect(b'[', "a list")?;
        if self.take(b']')? {
            return Ok(());
        }
        let mut buf = Vec::new();
        for index in 0.. {
            let line = self.value(&mut buf)?;
            each(self, index, line, &buf)?;
            if self.take(b']')? {
                break;
            }
            self.expect(b',', "`,` or `]` after an item")?;
        }
        Ok(())
    }

    /// Nothing but white space is left.
    pub(crate) fn end(&mut self) -> Result<(), ImportError> {
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(self.unreadable(self.line, "this is not valid JSON (something follows the end)")),
        }
    }

    /// Parses a value `value` read, naming its line when it is not valid JSON.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&self, line: u64, bytes: &[u8]) -> Result<T, ImportError> {
        serde_json::from_slice(bytes).map_err(|e| {
            let at = line + e.line().saturating_sub(1) as u64;
            let text = e.to_string();
            let reason = text.rfind(" at line ").map_or(text.as_str(), |i| &text[..i]);
            self.unreadable(at, format!("this is not valid JSON ({reason})"))
        })
    }
}

impl Scan {
    /// Walks `chunk` until the value ends: returns how many bytes belong to it, and whether it
    /// ended. A value never starts with a delimiter (`value` makes sure).
    fn feed(&mut self, chunk: &[u8]) -> (usize, bool) {
        for (i, &b) in chunk.iter().enumerate() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 0 {
                        return (i + 1, true);
                    }
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return (i + 1, true);
                    }
                }
                // A number, `true`, `false` or `null` ends where the list or object goes on.
                b',' | b']' | b'}' | b':' if self.depth == 0 => return (i, true),
                b if b.is_ascii_whitespace() && self.depth == 0 => return (i, true),
                _ => {}
            }
        }
        (chunk.len(), false)
    }
}

/// A reader that refuses to give more than `MOST_PER_RECORD` bytes between two calls of
/// `Counter::reset`: a CSV reader over it keeps at most one such row in memory.
struct Capped<'a> {
    inner: Opened<'a>,
    since: Rc<Cell<usize>>,
}

/// Resets a `Capped` reader's count, after each row.
struct Counter(Rc<Cell<usize>>);

impl Counter {
    fn reset(&self) {
        self.0.set(0);
    }
}

/// The message a `Capped` reader gives when a row is too long.
const ROW_TOO_LONG: &str = "a row longer than 1 MiB, more than any entry";

impl<'a> Capped<'a> {
    fn new(inner: Opened<'a>) -> (Capped<'a>, Counter) {
        let since = Rc::new(Cell::new(0));
        (Capped { inner, since: since.clone() }, Counter(since))
    }
}

impl Read for Capped<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        // A CSV reader reads ahead by its buffer: a row is refused a little past the bound.
        if self.since.get() > MOST_PER_RECORD + (64 << 10) {
            return Err(std::io::Error::other(ROW_TOO_LONG));
        }
        let n = self.inner.read(out)?;
        self.since.set(self.since.get() + n);
        Ok(n)
    }
}

/// A CSV file's rows, one at a time, each at most about `MOST_PER_RECORD` bytes.
pub(crate) struct CsvRows<'a> {
    reader: csv::Reader<Capped<'a>>,
    counter: Counter,
    row: csv::StringRecord,
    /// The line of the last row read.
    line: u64,
}

/// A CSV error, and the line it is on (the error's own, else the line after the last row read).
pub(crate) struct CsvError {
    pub error: csv::Error,
    pub line: u64,
}

impl<'a> CsvRows<'a> {
    /// `file`, opened; `flexible`: rows may have fewer or more fields than the header.
    pub(crate) fn open(file: &SourceFile<'a>, flexible: bool) -> Result<CsvRows<'a>, ImportError> {
        let (capped, counter) = Capped::new(file.open()?);
        let reader = csv::ReaderBuilder::new().flexible(flexible).from_reader(capped);
        Ok(CsvRows { reader, counter, row: csv::StringRecord::new(), line: 1 })
    }

    fn failed(&self, error: csv::Error) -> CsvError {
        let line = error.position().map_or(self.line + 1, |p| p.line());
        CsvError { error, line }
    }

    pub(crate) fn header(&mut self) -> Result<csv::StringRecord, CsvError> {
        match self.reader.headers() {
            Ok(header) => Ok(header.clone()),
            Err(error) => Err(CsvError { line: error.position().map_or(1, |p| p.line()), error }),
        }
    }

    /// The next row and its line; `None` at the end.
    pub(crate) fn next(&mut self) -> Result<Option<(u64, &csv::StringRecord)>, CsvError> {
        match self.reader.read_record(&mut self.row) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(self.failed(e)),
        }
        self.counter.reset();
        self.line = self.row.position().map_or(self.line + 1, |p| p.line());
        Ok(Some((self.line, &self.row)))
    }
}

impl CsvError {
    /// What was wrong, for a person; `otherwise` for a row that is not CSV.
    pub(crate) fn problem(&self, otherwise: &str) -> String {
        match self.error.kind() {
            csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".to_string(),
            csv::ErrorKind::Io(e) => format!("it could not be read ({e})"),
            _ => otherwise.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Result<Vec<(u64, String)>, ImportError> {
        let at = |p: String| p;
        let mut json = Json::new(Box::new(text.as_bytes()), Place { at: &at, fix: "fix" });
        let mut out = Vec::new();
        json.list(|_, _, line, bytes| {
            out.push((line, String::from_utf8(bytes.to_vec()).unwrap()));
            Ok(())
        })?;
        json.end()?;
        Ok(out)
    }

    #[test]
    fn a_list_is_split_into_its_items() {
        let got = items("[1, \"a,]\\\"\", [2, [3]],\n {\"k\": \"}\"}, null,true ]").unwrap();
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["1", "\"a,]\\\"\"", "[2, [3]]", "{\"k\": \"}\"}", "null", "true"]);
        assert_eq!(got[3].0, 2, "the line an item starts on");
        assert_eq!(items(" [ ] ").unwrap(), []);
    }

    #[test]
    fn a_broken_list_is_refused_with_its_line() {
        for (text, says) in [
            ("[1, 2", "ends early"),
            ("[1 2]", "expected `,` or `]`"),
            ("[\"open", "ends inside a value"),
            ("[1]\nx", "something follows"),
            ("{}", "expected a list"),
            ("[1,]", "expected a value"),
        ] {
            let err = items(text).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
        let err = items("[1,\n\n[2").unwrap_err().to_string();
        assert!(err.starts_with("line 3:"), "{err}");
    }

    #[test]
    fn a_value_over_the_bound_is_refused_without_reading_the_rest() {
        let text = format!("[\"{}\"]", "x".repeat(MOST_PER_RECORD + 10));
        assert!(items(&text).unwrap_err().to_string().contains("larger than 1 MiB"));
        let at = |p: String| p;
        let place = Place { at: &at, fix: "fix" };
        let long = format!("a\n{}\n", "y".repeat(MOST_PER_RECORD + 10));
        let mut lines = Lines::new(Box::new(long.as_bytes()));
        assert_eq!(lines.next(&place).unwrap(), Some((1, "a")));
        assert!(lines.next(&place).unwrap_err().to_string().starts_with("line 2: it is longer than 1 MiB"));
    }

    #[test]
    fn lines_lose_their_breaks_and_must_be_text() {
        let at = |p: String| p;
        let place = Place { at: &at, fix: "fix" };
        let mut lines = Lines::new(Box::new(&b"one\r\ntwo\n\xff\n"[..]));
        assert_eq!(lines.next(&place).unwrap(), Some((1, "one")));
        assert_eq!(lines.next(&place).unwrap(), Some((2, "two")));
        assert!(lines.next(&place).unwrap_err().to_string().contains("line 3: it is not UTF-8"));
    }

    #[test]
    fn a_byte_order_mark_is_passed_over_and_the_head_skips_blank_space() {
        let file = SourceFile::text("", "\u{feff}\n\n  [1]");
        assert_eq!(file.head().unwrap(), "[1]");
        let mut text = String::new();
        file.open().unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "\n\n  [1]");
        assert_eq!(SourceFile::text("", " \n ").head().unwrap(), "");
    }
}

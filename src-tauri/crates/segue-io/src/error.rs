//! The one error type of this crate.
//!
//! Every reader fails the same way: with the file, and where known the line and the field, so an
//! editor can open their file and go straight to the value at fault. The field is the column name
//! as it is spelled in the file (or the catalogue field's label when no column is involved, such as
//! a required field the mapping leaves out), never an internal name.
//!
//! Parquet has no lines: there the position is the 1-based number of the data row, and the error
//! says `row` instead of `line` ([`LineUnit`]).
//!
//! Messages quote what a file says, and a file may hold anything: a terminal escape sequence
//! would act on the editor's terminal, a line break would split a one-line message. So every
//! constructor passes the field and the message through [`escape_controls`], and the path is
//! escaped the same way when the error is displayed.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// Bad input, or input that could not be read: names the file and, where known, the line and
/// the field.
///
/// Displays as `spotify.csv, line 12, field energy: 1.7 is outside the valid range 0 to 1`, with
/// the path as it was given to the reader and the parts that are unknown left out (and `row 12`
/// for a Parquet file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    /// The file being read, as it was given.
    pub file: PathBuf,
    /// The 1-based physical line of the file, or data row of a Parquet file (see `unit`), when
    /// the error belongs to one.
    pub line: Option<u64>,
    /// What `line` counts.
    pub unit: LineUnit,
    /// The column (as named in the file) or catalogue field at fault, when there is one.
    pub field: Option<String>,
    /// What is wrong, in words fit for the editor.
    pub message: String,
}

/// What [`ImportError::line`] counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum LineUnit {
    /// Physical lines of a text file (CSV, TSV, JSON lines), the header included.
    #[default]
    Line,
    /// Data rows of a Parquet file, the first being row 1 (Parquet has no header row).
    Row,
}

impl LineUnit {
    /// The word an error message uses: `line` or `row`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineUnit::Line => "line",
            LineUnit::Row => "row",
        }
    }
}

/// The result of every fallible function in this crate.
pub type Result<T> = std::result::Result<T, ImportError>;

/// `text` with every control character (C0, DEL and C1: line breaks, tabs, escape, NUL, ...)
/// written as Rust writes it in a string literal (`\n`, `\t`, `\u{1b}`, `\0`), so that text
/// quoted from a file stays on one line and cannot drive a terminal. Other text is returned as
/// it is, without copying.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An owned string with its control characters escaped ([`escape_controls`]).
fn escaped(text: String) -> String {
    match escape_controls(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

impl ImportError {
    /// An error with every part given; the other constructors are shorthands for it. Control
    /// characters in the field and the message are escaped ([`escape_controls`]).
    pub fn new(file: &Path, line: Option<u64>, field: Option<String>, message: impl Into<String>) -> Self {
        let (field, message) = (field.map(escaped), escaped(message.into()));
        Self { file: file.to_path_buf(), line, unit: LineUnit::Line, field, message }
    }

    /// An error about the file as a whole (it cannot be opened, it is empty, it is corrupt).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, None, None, message)
    }

    /// An error about one line of the file.
    pub fn line(file: &Path, line: u64, message: impl Into<String>) -> Self {
        Self { line: Some(line), ..Self::file(file, message) }
    }

    /// An error about one field on one line of the file.
    pub fn field(file: &Path, line: u64, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::line(file, line, message).with_field(field)
    }

    /// The same error, attached to a field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(escaped(field.into()));
        self
    }

    /// The same error, its line counted in `unit` (rows for a Parquet file).
    pub fn with_unit(mut self, unit: LineUnit) -> Self {
        self.unit = unit;
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ", {} {line}", self.unit.as_str())?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_field_and_skips_unknown_parts() {
        let path = Path::new("data/spotify.csv");
        let e = ImportError::field(path, 12, "energy", "1.7 is outside the valid range 0 to 1");
        assert_eq!(e.to_string(), "data/spotify.csv, line 12, field energy: 1.7 is outside the valid range 0 to 1");
        assert_eq!(ImportError::line(path, 3, "bad").to_string(), "data/spotify.csv, line 3: bad");
        assert_eq!(ImportError::file(path, "the file is empty").to_string(), "data/spotify.csv: the file is empty");
        assert_eq!(ImportError::file(path, "x").with_field("Title").to_string(), "data/spotify.csv, field Title: x");
        assert_eq!(ImportError::new(path, Some(12), Some("energy".into()), "1.7 is outside the valid range 0 to 1"), e);
        let parquet = Path::new("plays.parquet");
        let e = ImportError::field(parquet, 17, "plays", "-1 is negative").with_unit(LineUnit::Row);
        assert_eq!(e.to_string(), "plays.parquet, row 17, field plays: -1 is negative");
    }

    #[test]
    fn control_characters_from_a_file_are_escaped_in_every_part() {
        let path = Path::new("a\nb.csv");
        let e = ImportError::field(path, 2, "ti\u{1b}[2Jtle", "\"x\ny\u{9b}z\0\t\r\u{7f}\" is not a number");
        assert_eq!(e.field.as_deref(), Some("ti\\u{1b}[2Jtle"));
        assert_eq!(e.message, "\"x\\ny\\u{9b}z\\0\\t\\r\\u{7f}\" is not a number");
        let shown = e.to_string();
        assert_eq!(shown, "a\\nb.csv, line 2, field ti\\u{1b}[2Jtle: \"x\\ny\\u{9b}z\\0\\t\\r\\u{7f}\" is not a number");
        assert!(!shown.chars().any(char::is_control));
        let e = ImportError::file(path, "ok").with_field("a\u{0}b");
        assert_eq!(e.field.as_deref(), Some("a\\0b"));
        // Escaping is idempotent, and text without control characters is not copied.
        assert_eq!(escape_controls(&e.message), "ok");
        assert!(matches!(escape_controls("Zoë – \\n"), Cow::Borrowed("Zoë – \\n")));
    }
}

//! What every playlist reader needs first: the file as UTF-8 text, and lines to name in errors.

use std::path::Path;

use crate::error::{ImportError, Result};

/// The UTF-8 byte order mark, which Windows tools put at the start of M3U8 and XML files.
pub(super) const BOM: &str = "\u{feff}";

/// A playlist file's text (byte order mark removed) and where its lines start, so that readers
/// handed byte offsets (serde_json's raw values, quick-xml's positions) can name lines.
pub(super) struct Text<'a> {
    /// What errors call the file.
    pub file: &'a Path,
    /// The content, without a leading byte order mark.
    pub content: &'a str,
    /// The byte offset of every `\n`, in order.
    newlines: Vec<usize>,
}

impl<'a> Text<'a> {
    /// The file's bytes as text; an empty file (nothing but whitespace counts as empty) and
    /// invalid UTF-8 are errors, the latter on the line of the first bad byte.
    pub fn decode(file: &'a Path, bytes: &'a [u8]) -> Result<Self> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let valid = &bytes[..e.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count() as u64;
            let column = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            ImportError::line(file, line, format!("the text is not valid UTF-8 (at byte {column} of the line)"))
        })?;
        let text = text.strip_prefix(BOM).unwrap_or(text);
        if text.trim().is_empty() {
            return Err(ImportError::file(file, "the file is empty"));
        }
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i).collect();
        Ok(Self { file, content: text, newlines })
    }

    /// The 1-based line holding the byte at `offset`.
    pub fn line_at(&self, offset: usize) -> u64 {
        1 + self.newlines.partition_point(|&n| n < offset) as u64
    }

    /// An error about `field` on `line`.
    pub fn error(&self, line: u64, field: &str, message: impl Into<String>) -> ImportError {
        ImportError::field(self.file, line, field, message)
    }

    /// The error for a duration that does not parse, in one wording for every format.
    pub fn duration_error(&self, line: u64, field: &str, value: &str, unit: &str) -> ImportError {
        self.error(line, field, format!("\"{value}\" is not a duration (a number of {unit} from 0 up)"))
    }
}

/// A duration in milliseconds, from a number files write in milliseconds: a whole number, or a
/// fraction (rounded) as some tools write; `None` when negative, not finite or too long.
pub(super) fn duration_ms(value: f64) -> Option<u32> {
    (value.is_finite() && value >= 0.0 && value.round() <= f64::from(u32::MAX)).then(|| value.round() as u32)
}

/// A number written as text, surrounding whitespace allowed.
pub(super) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `None` for an empty value: a file's `<album></album>` or `"album": ""` says nothing.
pub(super) fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// serde_json's message without the position it appends, which is within the text it was
/// given, not the file: the error names the file's line itself.
pub(super) fn bare_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    message.rsplit_once(" at line ").map_or(message.clone(), |(m, _)| m.to_owned())
}

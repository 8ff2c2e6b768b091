//! Tables in files: CSV, TSV, JSON lines and Parquet read as rows of strings under named columns.
//!
//! The catalogue, playlist and signal importers only ever see a [`TableReader`]: column names
//! once, then rows of values with the physical line each starts on (the row number in a Parquet
//! file), so every later check can name the file, the line and the column. Structural problems
//! (wrong field count, invalid UTF-8, a broken JSON line) are reported here, row by row, and
//! reading can go on past them; failures to read the file itself end the table. Errors about a
//! row or the columns are made by [`TableReader::row_error`] and [`TableReader::column_error`],
//! which know whether the file counts lines or rows.
//!
//! Rows are read into one reused buffer ([`TableReader::read_row`]) so a million-row file costs
//! no allocation per row; the [`Iterator`] impl is the convenient, allocating form.
//!
//! Nothing in a table file is trusted to be small ([`crate::limits`]): a record longer than
//! [`MAX_RECORD_BYTES`] ends the table with an error on its line, before it is held in memory; a
//! value longer than [`MAX_FIELD_BYTES`] is an error on its row and column; a header of more
//! than [`MAX_COLUMNS`] columns, a column name holding a control character (a NUL, a line break)
//! and a name given twice are errors on the header line. Names are compared through a set, so a
//! header's check takes linear time however wide it is.

mod delimited;
mod jsonl;
mod parquet;
#[cfg(test)]
mod limit_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::error::{ImportError, LineUnit, Result};
use crate::limits::{size, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_INFLATED_TABLE_BYTES, MAX_RECORD_BYTES};
use crate::source::{self, ByteProgress, Source};
use delimited::Delimited;
use jsonl::JsonLines;
use parquet::ParquetTable;

/// The UTF-8 byte order mark some tools (Excel among them) put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The layout of a table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON object per line; the keys of the first object are the columns.
    JsonLines,
    /// Apache Parquet: the top-level columns of its schema, values rendered as text.
    Parquet,
}

impl TableFormat {
    /// What a row's [`Row::line`] counts in this format: lines, or rows for Parquet.
    pub fn line_unit(self) -> LineUnit {
        match self {
            TableFormat::Parquet => LineUnit::Row,
            _ => LineUnit::Line,
        }
    }
}

/// The bounds a [`TableReader`] reads under: the constants of [`crate::limits`], smaller in
/// tests so that a test at a limit need not allocate megabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TableLimits {
    /// See [`MAX_RECORD_BYTES`].
    pub record: usize,
    /// See [`MAX_FIELD_BYTES`].
    pub field: usize,
    /// See [`MAX_COLUMNS`].
    pub columns: usize,
    /// See [`MAX_INFLATED_TABLE_BYTES`].
    pub inflated: u64,
}

impl Default for TableLimits {
    fn default() -> Self {
        Self { record: MAX_RECORD_BYTES, field: MAX_FIELD_BYTES, columns: MAX_COLUMNS, inflated: MAX_INFLATED_TABLE_BYTES }
    }
}

/// The error of a record longer than `limit` bytes, which ends the table: reading on would mean
/// holding it whole.
fn record_too_long(path: &Path, line: u64, limit: usize) -> ImportError {
    let message = format!(
        "this line is longer than {}, the most one row may hold; reading stops here (is the file in another format, \
         or a quote left open?)",
        size(limit as u64)
    );
    ImportError::line(path, line, message)
}

/// A column name as importers compare it: trimmed, lower case, spaces and dashes as `_`.
pub(crate) fn column_key(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The first of `aliases` (written as [`column_key`] writes names, best first) that names one of
/// the columns not yet `used`; marks it used and returns its index.
pub(crate) fn find_column(keys: &[String], used: &mut [bool], aliases: &[&str]) -> Option<usize> {
    let found = aliases.iter().find_map(|alias| (0..keys.len()).find(|&i| !used[i] && keys[i] == *alias))?;
    used[found] = true;
    Some(found)
}

/// Tells a file's table format: Parquet by its content (`PAR1`) whatever its name; otherwise by
/// its extension once a `.gz` is stripped (`.csv`; `.tsv`, `.tab`, `.dat`; `.jsonl`, `.ndjson`,
/// `.json`; `.parquet`, `.pq`), or for any other name by its first line (an object is JSON lines,
/// more tabs than commas is TSV, anything else CSV). A name alone decides for a file that does
/// not exist.
pub fn detect_format(path: impl AsRef<Path>) -> Result<TableFormat> {
    let path = path.as_ref();
    match format_from_name(path) {
        Some(format) if !path.is_file() => Ok(format),
        _ => detect(&mut source::open(path)?),
    }
}

fn detect(source: &mut Source) -> Result<TableFormat> {
    if source.is_parquet() {
        return Ok(TableFormat::Parquet);
    }
    match format_from_name(source.path()) {
        Some(format) => Ok(format),
        None => sniff(source),
    }
}

fn format_from_name(path: &Path) -> Option<TableFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match Path::new(name).extension()?.to_str()? {
        "csv" => Some(TableFormat::Csv),
        "tsv" | "tab" | "dat" => Some(TableFormat::Tsv),
        "jsonl" | "ndjson" | "json" => Some(TableFormat::JsonLines),
        "parquet" | "pq" => Some(TableFormat::Parquet),
        _ => None,
    }
}

/// Looks at the first non-blank line among the bytes already buffered, without consuming them.
fn sniff(source: &mut Source) -> Result<TableFormat> {
    let path = source.path().to_path_buf();
    let buf = source.fill_buf().map_err(|e| ImportError::file(&path, e.to_string()))?;
    let buf = buf.strip_prefix(BOM).unwrap_or(buf);
    let start = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
    let line = buf[start..].split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    Ok(if line.first() == Some(&b'{') {
        TableFormat::JsonLines
    } else if count(b'\t') > count(b',') {
        TableFormat::Tsv
    } else {
        TableFormat::Csv
    })
}

/// One data row, kept in a buffer that [`TableReader::read_row`] reuses.
#[derive(Debug, Clone, Default)]
pub struct Row {
    line: u64,
    values: StringRecord,
}

impl Row {
    /// An empty row to read into.
    pub fn new() -> Self {
        Self::default()
    }

    /// The 1-based physical line of the file the row starts on; for Parquet, the 1-based row.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The value in one column (by its index in [`TableReader::columns`]), untrimmed; `""` past
    /// the end.
    pub fn get(&self, column: usize) -> &str {
        self.values.get(column).unwrap_or_default()
    }

    /// The number of values, which is the number of columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the row has no values.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values as owned strings, in column order.
    pub fn to_vec(&self) -> Vec<String> {
        self.values.iter().map(str::to_owned).collect()
    }
}

/// Reads a table file row by row, streaming: memory stays bounded whatever the file's length.
#[derive(Debug)]
pub struct TableReader {
    path: PathBuf,
    format: TableFormat,
    columns: Vec<String>,
    header_line: u64,
    progress: ByteProgress,
    body: Body,
    finished: bool,
    row: Row,
    limits: TableLimits,
}

#[derive(Debug)]
enum Body {
    Delimited(Box<Delimited>),
    Json(Box<JsonLines>),
    Parquet(Box<ParquetTable>),
}

impl TableReader {
    /// Opens a table file of the format [`detect_format`] tells, and reads its columns.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_limited(path.as_ref(), None, TableLimits::default())
    }

    /// Opens a table file as the given format, whatever its name (a file that is not Parquet
    /// cannot be read as Parquet).
    pub fn open_as(path: impl AsRef<Path>, format: TableFormat) -> Result<Self> {
        Self::open_limited(path.as_ref(), Some(format), TableLimits::default())
    }

    /// Opens a table file as `format`, or as [`detect_format`] tells when `None`, under `limits`.
    pub(crate) fn open_limited(path: &Path, format: Option<TableFormat>, limits: TableLimits) -> Result<Self> {
        let mut source = source::open_limited(path, limits.inflated)?;
        let format = match format {
            Some(format) => format,
            None => detect(&mut source)?,
        };
        Self::from_source(source, format, limits)
    }

    fn from_source(mut source: Source, format: TableFormat, limits: TableLimits) -> Result<Self> {
        let path = source.path().to_path_buf();
        let mut progress = source.progress_handle();
        if format != TableFormat::Parquet
            && source.fill_buf().map_err(|e| ImportError::file(&path, e.to_string()))?.starts_with(BOM)
        {
            source.consume(BOM.len());
        }
        let (columns, header_line, body) = match format {
            TableFormat::Csv | TableFormat::Tsv => {
                let delimiter = if format == TableFormat::Csv { b',' } else { b'\t' };
                let (delimited, columns, line) = Delimited::open(source, delimiter, limits.record)?;
                (columns, line, Body::Delimited(Box::new(delimited)))
            }
            TableFormat::JsonLines => {
                let (json, columns, line) = JsonLines::open(source, limits.record)?;
                (columns, line, Body::Json(Box::new(json)))
            }
            TableFormat::Parquet => {
                let (parquet, columns, rows) = ParquetTable::open(source)?;
                progress = rows;
                (columns, 0, Body::Parquet(Box::new(parquet)))
            }
        };
        let reader =
            Self { path, format, columns, header_line, progress, body, finished: false, row: Row::new(), limits };
        reader.check_columns()?;
        Ok(reader)
    }

    /// The file's format.
    pub fn format(&self) -> TableFormat {
        self.format
    }

    /// The column names, trimmed, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The line the columns were read from: the header row, or the first JSON object; 0 for
    /// Parquet, whose columns come from its footer.
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The path the file was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A handle reporting how much of the file has been read (bytes, or rows of a Parquet
    /// file), usable from another thread.
    pub fn progress_handle(&self) -> ByteProgress {
        self.progress.clone()
    }

    /// An error about a value of a row: `line` is the row's [`Row::line`], said as a row for
    /// Parquet; `field` is the column as the file spells it.
    pub fn row_error(&self, line: u64, field: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError::field(&self.path, line, field, message).with_unit(self.format.line_unit())
    }

    /// An error about the columns (one missing, misnamed or repeated): on the header line of a
    /// text file, and on no line of a Parquet file, whose columns are in its footer.
    pub fn column_error(&self, field: Option<String>, message: impl Into<String>) -> ImportError {
        let line = (self.format != TableFormat::Parquet).then_some(self.header_line);
        ImportError::new(&self.path, line, field, message)
    }

    /// Reads the next data row into `row`, reusing its buffer; `Ok(false)` at the end.
    ///
    /// A bad row is an error naming its line, and the next call reads on past it; a failure to
    /// read the file ends the table.
    pub fn read_row(&mut self, row: &mut Row) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let result = match &mut self.body {
            Body::Delimited(delimited) => delimited.read_row(&self.columns, row),
            Body::Json(json) => json.read_row(&self.columns, row),
            Body::Parquet(parquet) => parquet.read_row(row),
        };
        match result {
            Ok(true) => self.check_lengths(row).map(|()| true),
            Ok(false) => {
                self.finished = true;
                Ok(false)
            }
            Err(Failure::Row(e)) => Err(e),
            Err(Failure::Fatal(e)) => {
                self.finished = true;
                Err(e)
            }
        }
    }

    /// A row's values must each fit in [`MAX_FIELD_BYTES`]; the first that does not is the
    /// row's error, named by its column.
    fn check_lengths(&self, row: &Row) -> Result<()> {
        match (0..row.len()).find(|&i| row.get(i).len() > self.limits.field) {
            None => Ok(()),
            Some(i) => {
                let column = self.columns.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
                let (length, limit) = (row.get(i).len(), size(self.limits.field as u64));
                Err(self.row_error(row.line, column, format!("the value is {length} bytes long; a value may hold at most {limit}")))
            }
        }
    }

    /// There may be at most [`MAX_COLUMNS`] columns, and their names must be present, free of
    /// control characters and unique (ignoring case, since mappings and the playlist reader
    /// match them that way).
    fn check_columns(&self) -> Result<()> {
        if self.columns.len() > self.limits.columns {
            let message = format!("the header has {} columns; a table may have at most {}", self.columns.len(), self.limits.columns);
            return Err(self.column_error(None, message));
        }
        let mut seen = HashMap::with_capacity(self.columns.len());
        for (i, name) in self.columns.iter().enumerate() {
            if name.is_empty() {
                return Err(self.column_error(None, format!("column {} of the header has no name", i + 1)));
            }
            if name.chars().any(char::is_control) {
                let message = format!(
                    "the name of column {} holds a control character (a NUL, a line break, ...); rename the column",
                    i + 1
                );
                return Err(self.column_error(Some(name.clone()), message));
            }
            if let Some(j) = seen.insert(name.to_ascii_lowercase(), i) {
                let message = format!("the column name appears twice in the header (columns {} and {})", j + 1, i + 1);
                return Err(self.column_error(Some(name.clone()), message));
            }
        }
        Ok(())
    }
}

impl Iterator for TableReader {
    type Item = Result<(u64, Vec<String>)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = std::mem::take(&mut self.row);
        let item = match self.read_row(&mut row) {
            Ok(true) => Some(Ok((row.line, row.to_vec()))),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        };
        self.row = row;
        item
    }
}

/// A row-level error the reader can continue past, or one that ends the table.
enum Failure {
    Row(ImportError),
    Fatal(ImportError),
}

/// The first rows of a table file, for the import wizard.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TablePreview {
    /// The format the file was read as.
    pub format: TableFormat,
    /// The column names, in file order.
    pub columns: Vec<String>,
    /// Up to the requested number of data rows, values as in the file.
    pub rows: Vec<Vec<String>>,
}

/// Reads the columns and up to `max_rows` data rows of a table file; the first bad row among them
/// is the error.
pub fn preview(path: impl AsRef<Path>, max_rows: usize) -> Result<TablePreview> {
    let mut reader = TableReader::open(path)?;
    let mut rows = Vec::with_capacity(max_rows.min(1000));
    let mut row = Row::new();
    while rows.len() < max_rows && reader.read_row(&mut row)? {
        rows.push(row.to_vec());
    }
    Ok(TablePreview { format: reader.format, columns: reader.columns, rows })
}

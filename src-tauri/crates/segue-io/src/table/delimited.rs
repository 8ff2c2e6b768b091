//! CSV and TSV through the csv crate, with exact physical line numbers.
//!
//! The csv crate's record position is where the previous record stopped, which is too early when
//! blank lines (which CSV skips) come between, or when a `\r\n` line end is only half consumed.
//! The start line is therefore worked out from the other end: the parser's line count after the
//! record, less the newlines inside the record's values, less one if the record was ended by a
//! `\n` that was counted. Which byte ended the record is read back from the last chunk the parser
//! was given ([`LineTap`]), since the record always ends in it.
//!
//! The csv crate grows a record for as long as it has not ended, so [`LineTap`] also refuses to
//! hand over more bytes once the record being read is longer than its limit
//! ([`MAX_RECORD_BYTES`](crate::limits::MAX_RECORD_BYTES)): a file of one endless line fails on
//! that line, holding no more than the limit and one buffer in memory.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use csv::{ByteRecord, StringRecord};

use super::{record_too_long, Failure, Row};
use crate::error::{ImportError, Result};
use crate::source::Source;

/// The CSV parser's own buffer; the source below it buffers too.
const BUFFER: usize = 64 * 1024;

/// The reading state of a CSV or TSV file.
#[derive(Debug)]
pub(super) struct Delimited {
    rdr: csv::Reader<LineTap>,
    path: PathBuf,
}

/// Hands the source to the parser chunk by chunk, keeping the latest chunk to look back into.
#[derive(Debug)]
struct LineTap {
    source: Source,
    chunk: Vec<u8>,
    /// Bytes handed over before the latest chunk.
    chunk_start: u64,
    /// Where the record being read starts: the end of the record before it.
    record_start: u64,
    /// The most bytes a record may have.
    max_record: usize,
}

/// The error [`LineTap`] stops a record with once it is too long.
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the record is too long")
    }
}

impl std::error::Error for RecordTooLong {}

impl Read for LineTap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // The parser asks for more only once it has used every byte handed over, all of them
        // part of the record it is reading.
        if self.chunk_start + self.chunk.len() as u64 - self.record_start > self.max_record as u64 {
            return Err(io::Error::other(RecordTooLong));
        }
        let n = self.source.read(buf)?;
        self.chunk_start += self.chunk.len() as u64;
        self.chunk.clear();
        self.chunk.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl LineTap {
    /// Whether the byte at `offset - 1` (the last one the parser consumed) is a newline. After the
    /// end of the file the chunk is empty, and a record ended by the end of the file has no
    /// newline to count.
    fn newline_before(&self, offset: u64) -> bool {
        offset
            .checked_sub(self.chunk_start + 1)
            .and_then(|i| self.chunk.get(usize::try_from(i).ok()?))
            .is_some_and(|&b| b == b'\n')
    }
}

impl Delimited {
    /// Reads the header row; returns the reader, the trimmed column names and the header's line.
    /// A record may have at most `max_record` bytes.
    pub(super) fn open(source: Source, delimiter: u8, max_record: usize) -> Result<(Self, Vec<String>, u64)> {
        let path = source.path().to_path_buf();
        let tap = LineTap { source, chunk: Vec::new(), chunk_start: 0, record_start: 0, max_record };
        let rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(false)
            .buffer_capacity(BUFFER)
            .from_reader(tap);
        let mut reader = Self { rdr, path };
        let mut header = ByteRecord::new();
        let fail = |f: Failure| match f {
            Failure::Row(e) | Failure::Fatal(e) => e,
        };
        if !reader.read_record(&[], &mut header).map_err(fail)? {
            return Err(ImportError::file(&reader.path, "the file is empty"));
        }
        let line = record_line(&header);
        let mut columns = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| {
                ImportError::line(&reader.path, line, format!("column {} of the header is not valid UTF-8", i + 1))
            })?;
            columns.push(name.trim().to_owned());
        }
        if columns.iter().all(String::is_empty) && reader.rest_is_blank(&mut header)? {
            return Err(ImportError::file(&reader.path, "the file is empty"));
        }
        Ok((reader, columns, line))
    }

    /// Reads the next record into `row`; `Ok(false)` at the end of the file.
    pub(super) fn read_row(&mut self, columns: &[String], row: &mut Row) -> std::result::Result<bool, Failure> {
        // Swap the row's buffer out as bytes and back in as text: neither way copies.
        let mut bytes = std::mem::take(&mut row.values).into_byte_record();
        let result = self.read_record(columns, &mut bytes);
        row.line = record_line(&bytes);
        match result {
            Ok(true) => match StringRecord::from_byte_record(bytes) {
                Ok(values) => {
                    row.values = values;
                    Ok(true)
                }
                Err(e) => {
                    let field = e.utf8_error().field();
                    row.values = cleared(e.into_byte_record());
                    Err(Failure::Row(invalid_utf8(&self.path, row.line, columns, field)))
                }
            },
            other => {
                row.values = cleared(bytes);
                other
            }
        }
    }

    /// Reads one record into `record`, setting its position's line to the line it starts on.
    fn read_record(&mut self, columns: &[String], record: &mut ByteRecord) -> std::result::Result<bool, Failure> {
        let start = self.rdr.position().byte();
        self.rdr.get_mut().record_start = start;
        let result = self.rdr.read_byte_record(record);
        let after = self.rdr.position();
        let inside = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let ended_by_newline = u64::from(self.rdr.get_ref().newline_before(after.byte()));
        let line = after.line().saturating_sub(inside + ended_by_newline).max(1);
        if let Some(mut pos) = record.position().cloned() {
            pos.set_line(line);
            record.set_position(Some(pos));
        }
        let path = &self.path;
        let max_record = self.rdr.get_ref().max_record;
        if result.as_ref().is_ok_and(|&more| more) && after.byte() - start > max_record as u64 {
            return Err(Failure::Fatal(record_too_long(path, line, max_record)));
        }
        result.map_err(|e| match e.kind() {
            csv::ErrorKind::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()) => {
                Failure::Fatal(record_too_long(path, line, max_record))
            }
            csv::ErrorKind::Io(e) => Failure::Fatal(ImportError::file(path, e.to_string())),
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => Failure::Row(ImportError::line(
                path,
                line,
                format!("this row has {len} field{} where the header has {expected_len}", if *len == 1 { "" } else { "s" }),
            )),
            csv::ErrorKind::Utf8 { err, .. } => Failure::Row(invalid_utf8(path, line, columns, err.field())),
            _ => Failure::Row(ImportError::line(path, line, e.to_string())),
        })
    }

    /// Whether every record after a blank header is blank too, which makes the file empty.
    fn rest_is_blank(&mut self, buf: &mut ByteRecord) -> Result<bool> {
        loop {
            match self.read_record(&[], buf) {
                Ok(false) => return Ok(true),
                Ok(true) if buf.iter().all(|f| f.trim_ascii().is_empty()) => continue,
                Ok(true) | Err(Failure::Row(_)) => return Ok(false),
                Err(Failure::Fatal(e)) => return Err(e),
            }
        }
    }
}

/// The line [`Delimited::read_record`] found a record to start on.
fn record_line(record: &ByteRecord) -> u64 {
    record.position().map_or(1, csv::Position::line)
}

fn invalid_utf8(path: &Path, line: u64, columns: &[String], field: usize) -> ImportError {
    let e = ImportError::line(path, line, "the value is not valid UTF-8 text");
    match columns.get(field) {
        Some(column) => e.with_field(column.clone()),
        None => e,
    }
}

fn cleared(mut bytes: ByteRecord) -> StringRecord {
    bytes.clear();
    StringRecord::from_byte_record(bytes).unwrap_or_default()
}

//! Parquet as a table: each top-level column a column, each value rendered as text.
//!
//! The readers above the table layer see text whatever the format, so every value is rendered the
//! way a CSV export would write it and parsed in one place ([`crate::value`]): integers and
//! floats as Rust prints them, booleans as `true`/`false`, dates as `YYYY-MM-DD`, timestamps
//! (milli-, micro- or nanoseconds, or legacy INT96) as whole Unix seconds, decimals with their
//! scale, UUIDs hyphenated, and nulls as empty.
//!
//! Reading is by the column readers, a batch of [`BATCH`] rows of every column at a time, one row
//! group after another, so memory holds one page per column and one batch of text, whatever the
//! file's size. (The crate's row API was passed over: it panics on types it does not know and
//! reads nanosecond timestamps as plain integers.) Nested and repeated columns have no text
//! form and are refused when the file is opened, naming the column.
//!
//! Lines are data rows here, counted from 1, and errors say `row` ([`LineUnit::Row`]).
//!
//! The parquet crate asserts on some corrupt files instead of returning an error (fuzzing
//! found a negative column offset in the footer, and a dictionary-encoded page without its
//! dictionary), so every call that reads the footer or pages goes through [`guarded`], which
//! turns such a panic into the same "corrupt or truncated" error as any other damage.

use std::fs::File;
use std::path::PathBuf;

use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::DataType;
use parquet::errors::ParquetError;
use parquet::file::reader::FileReader;
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::schema::types::ColumnDescriptor;

use super::{Failure, Row};
use crate::error::{ImportError, LineUnit, Result};
use crate::source::{ByteProgress, Source};
use crate::value::{civil_from_days, write_float};

/// Rows read from every column at a time: large enough to keep per-call costs low, small enough
/// that a wide file's batch of text stays a few megabytes.
const BATCH: usize = 4096;

/// The reading state of a Parquet file.
pub(super) struct ParquetTable {
    path: PathBuf,
    file: SerializedFileReader<File>,
    columns: Vec<Column>,
    /// The next row group to open.
    next_group: usize,
    /// Rows of the open row group not yet read into the batch.
    left_in_group: usize,
    batch_len: usize,
    batch_pos: usize,
    /// Values of the batch that could not be rendered: (row in the batch, column, message), in
    /// row order, and the first one not yet reported.
    bad: Vec<(usize, usize, String)>,
    bad_pos: usize,
    /// Rows handed out so far; the current row's number once it is handed out.
    row: u64,
    progress: ByteProgress,
}

impl std::fmt::Debug for ParquetTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetTable").field("path", &self.path).field("row", &self.row).finish_non_exhaustive()
    }
}

/// One column: how its values become text, its reader in the open row group, its batch of text.
struct Column {
    name: String,
    render: Render,
    nullable: bool,
    reader: Option<ColumnReader>,
    texts: Vec<String>,
}

/// How a column's values are rendered as text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Render {
    /// Booleans, signed integers, floats: as Rust prints them.
    Plain,
    /// Unsigned integers stored in a signed physical type.
    Unsigned,
    /// Days since 1970-01-01, as `YYYY-MM-DD`.
    Date,
    /// Timestamps in units of 1/n second, as whole Unix seconds.
    Seconds(i64),
    /// Decimals with this many digits after the point.
    Decimal(u32),
    /// Bytes that must be UTF-8 text.
    Text,
    /// A 16-byte UUID, hyphenated.
    Uuid,
}

impl ParquetTable {
    /// Reads the footer; returns the reader, the column names and the row progress.
    pub(super) fn open(source: Source) -> Result<(Self, Vec<String>, ByteProgress)> {
        let path = source.path().to_path_buf();
        if !source.is_parquet() {
            let message = if source.is_empty_file() {
                "the file is empty"
            } else if source.is_gzip() {
                "this Parquet file is gzip-compressed; Parquet compresses its own data, so decompress the file first"
            } else {
                "the file is not Parquet (it does not start with PAR1)"
            };
            return Err(ImportError::file(&path, message));
        }
        let file = source.into_file().expect("a Parquet source is a plain file");
        let file = guarded(|| SerializedFileReader::new(file)).map_err(|e| corrupt(&path, &e))?;
        let meta = file.metadata();
        let schema = meta.file_metadata().schema_descr();
        let mut columns = Vec::with_capacity(schema.num_columns());
        for field in schema.root_schema().get_fields() {
            let info = field.get_basic_info();
            let name = info.name().trim().to_owned();
            let unreadable = |what: &str| {
                let message = format!("the column holds {what}; Segue reads columns of text, numbers, booleans, dates and timestamps");
                ImportError::file(&path, message).with_field(name.clone())
            };
            if field.is_group() {
                return Err(unreadable("nested values (a group, list or map)"));
            }
            if info.has_repetition() && info.repetition() == Repetition::REPEATED {
                return Err(unreadable("repeated values (a list)"));
            }
            let descr = schema.column(columns.len());
            let render = render(&descr).map_err(|what| unreadable(&what))?;
            columns.push(Column { name, render, nullable: descr.max_def_level() > 0, reader: None, texts: Vec::new() });
        }
        if columns.is_empty() {
            return Err(ImportError::file(&path, "the Parquet file has no columns"));
        }
        // Refused before any row is read, so an import fails at once rather than mid-file.
        for group in meta.row_groups() {
            for (chunk, column) in group.columns().iter().zip(&columns) {
                if !readable(chunk.compression()) {
                    let message = format!(
                        "the file is compressed with {}, which Segue does not read; save it with snappy, gzip, lz4 or no compression",
                        codec_name(chunk.compression())
                    );
                    return Err(ImportError::file(&path, message).with_field(column.name.clone()));
                }
            }
        }
        let total: i64 = meta.row_groups().iter().map(|g| g.num_rows()).sum();
        let progress = ByteProgress::rows(u64::try_from(total).unwrap_or(0));
        let names = columns.iter().map(|c| c.name.clone()).collect();
        let table = Self {
            path,
            file,
            columns,
            next_group: 0,
            left_in_group: 0,
            batch_len: 0,
            batch_pos: 0,
            bad: Vec::new(),
            bad_pos: 0,
            row: 0,
            progress: progress.clone(),
        };
        Ok((table, names, progress))
    }

    /// Hands out the next row into `row`; `Ok(false)` after the last row group.
    pub(super) fn read_row(&mut self, row: &mut Row) -> std::result::Result<bool, Failure> {
        if self.batch_pos == self.batch_len && !self.read_batch().map_err(Failure::Fatal)? {
            return Ok(false);
        }
        let at = self.batch_pos;
        self.batch_pos += 1;
        self.row += 1;
        row.line = self.row;
        row.values.clear();
        if let Some((_, column, message)) = self.bad.get_mut(self.bad_pos).filter(|(r, ..)| *r == at) {
            // The row's first bad value is its error; the others go with it.
            let (column, message) = (*column, std::mem::take(message));
            while self.bad.get(self.bad_pos).is_some_and(|(r, ..)| *r == at) {
                self.bad_pos += 1;
            }
            let e = ImportError::field(&self.path, self.row, self.columns[column].name.clone(), message);
            return Err(Failure::Row(e.with_unit(LineUnit::Row)));
        }
        for column in &self.columns {
            row.values.push_field(&column.texts[at]);
        }
        Ok(true)
    }

    /// Reads the next batch of every column, opening the next row group when the open one is
    /// done; `Ok(false)` when there is none.
    fn read_batch(&mut self) -> Result<bool> {
        while self.left_in_group == 0 {
            if self.next_group == self.file.num_row_groups() {
                return Ok(false);
            }
            self.next_group += 1;
            let group = guarded(|| self.file.get_row_group(self.next_group - 1)).map_err(|e| self.group_error(None, &e))?;
            for i in 0..self.columns.len() {
                let reader = guarded(|| group.get_column_reader(i)).map_err(|e| self.group_error(Some(i), &e))?;
                self.columns[i].reader = Some(reader);
            }
            self.left_in_group = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        }
        let wanted = self.left_in_group.min(BATCH);
        self.bad.clear();
        self.bad_pos = 0;
        for i in 0..self.columns.len() {
            let column = &mut self.columns[i];
            let bad = &mut self.bad;
            let read = guarded(|| column.fill(wanted, i, bad)).map_err(|e| self.group_error(Some(i), &e))?;
            if read != wanted {
                let message = format!("it has {} rows fewer than the file's footer says", wanted - read);
                return Err(self.group_error(Some(i), &ParquetError::General(message)));
            }
        }
        self.bad.sort_by_key(|(row, column, _)| (*row, *column));
        self.left_in_group -= wanted;
        self.batch_len = wanted;
        self.batch_pos = 0;
        self.progress.advance(wanted as u64);
        Ok(true)
    }

    /// An error in the open row group (`next_group` counts it, so it is its 1-based number).
    fn group_error(&self, column: Option<usize>, e: &ParquetError) -> ImportError {
        let group = self.next_group;
        let e = ImportError::file(&self.path, format!("the Parquet data of row group {group} is corrupt or truncated ({e})"));
        match column {
            Some(i) => e.with_field(self.columns[i].name.clone()),
            None => e,
        }
    }
}

/// Runs a call into the parquet crate, a panic in it (an assertion on corrupt data) becoming
/// an error with the panic's message. The reader is not used again after such an error: the
/// table ends there.
fn guarded<T>(call: impl FnOnce() -> parquet::errors::Result<T>) -> parquet::errors::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let message = match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
            (Some(text), _) => (*text).to_owned(),
            (_, Some(text)) => text.clone(),
            _ => "an internal check of the reader failed".to_owned(),
        };
        Err(ParquetError::General(message))
    })
}

/// The codecs this build decompresses: the parquet features in Cargo.toml.
fn readable(codec: Compression) -> bool {
    matches!(codec, Compression::UNCOMPRESSED | Compression::SNAPPY | Compression::GZIP(_) | Compression::LZ4 | Compression::LZ4_RAW)
}

fn codec_name(codec: Compression) -> &'static str {
    match codec {
        Compression::UNCOMPRESSED => "no compression",
        Compression::SNAPPY => "snappy",
        Compression::GZIP(_) => "gzip",
        Compression::LZO => "LZO",
        Compression::BROTLI(_) => "Brotli",
        Compression::LZ4 | Compression::LZ4_RAW => "LZ4",
        Compression::ZSTD(_) => "zstd",
    }
}

fn corrupt(path: &std::path::Path, e: &ParquetError) -> ImportError {
    ImportError::file(path, format!("the Parquet data is corrupt or truncated ({e})"))
}

/// How a column of this type is rendered, or what it holds when Segue cannot read it.
fn render(descr: &ColumnDescriptor) -> std::result::Result<Render, String> {
    let logical = descr.logical_type_ref();
    let converted = descr.converted_type();
    let per_second = |unit: &TimeUnit| match unit {
        TimeUnit::MILLIS => 1_000,
        TimeUnit::MICROS => 1_000_000,
        TimeUnit::NANOS => 1_000_000_000,
    };
    let decimal = || u32::try_from(descr.type_scale()).map(Render::Decimal).map_err(|_| "decimals of negative scale".to_owned());
    match (descr.physical_type(), logical, converted) {
        (_, Some(LogicalType::Decimal(_)), _) | (_, None, ConvertedType::DECIMAL) => {
            if descr.type_precision() > 38 {
                return Err("decimals of more than 38 digits".to_owned());
            }
            decimal()
        }
        (Physical::INT32, Some(LogicalType::Date), _) | (Physical::INT32, None, ConvertedType::DATE) => Ok(Render::Date),
        (Physical::INT64, Some(LogicalType::Timestamp(t)), _) => Ok(Render::Seconds(per_second(&t.unit))),
        (Physical::INT64, None, ConvertedType::TIMESTAMP_MILLIS) => Ok(Render::Seconds(1_000)),
        (Physical::INT64, None, ConvertedType::TIMESTAMP_MICROS) => Ok(Render::Seconds(1_000_000)),
        (Physical::INT96, ..) => Ok(Render::Seconds(1)),
        (Physical::INT32 | Physical::INT64, Some(LogicalType::Integer(int)), _) if !int.is_signed => Ok(Render::Unsigned),
        (Physical::INT32, None, ConvertedType::UINT_8 | ConvertedType::UINT_16 | ConvertedType::UINT_32)
        | (Physical::INT64, None, ConvertedType::UINT_64) => Ok(Render::Unsigned),
        (Physical::BOOLEAN | Physical::INT32 | Physical::INT64 | Physical::FLOAT | Physical::DOUBLE, ..) => Ok(Render::Plain),
        (Physical::FIXED_LEN_BYTE_ARRAY, Some(LogicalType::Uuid), _) => Ok(Render::Uuid),
        (_, Some(LogicalType::Float16), _) => Err("16-bit floats".to_owned()),
        (_, None, ConvertedType::INTERVAL) => Err("intervals".to_owned()),
        (_, Some(LogicalType::Bson), _) | (_, None, ConvertedType::BSON) => Err("BSON documents".to_owned()),
        (_, Some(LogicalType::Variant(_) | LogicalType::Geometry(_) | LogicalType::Geography(_)), _) => {
            Err("variants or geometries".to_owned())
        }
        (Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY, ..) => Ok(Render::Text),
    }
}

impl Column {
    /// Reads up to `n` rows of the open row group into `texts`, noting values that cannot be
    /// rendered in `bad`; returns the number of rows read.
    fn fill(&mut self, n: usize, index: usize, bad: &mut Vec<(usize, usize, String)>) -> parquet::errors::Result<usize> {
        self.texts.resize_with(n, String::new);
        self.texts.iter_mut().for_each(String::clear);
        let Self { render, nullable, reader, texts, .. } = self;
        let (render, nullable) = (*render, *nullable);
        let mut sink = Sink { texts, nullable, index, bad };
        match reader.as_mut().expect("a row group is open") {
            ColumnReader::BoolColumnReader(r) => sink.fill(r, n, write),
            ColumnReader::Int32ColumnReader(r) => sink.fill(r, n, |out, v| match render {
                Render::Date => {
                    let (year, month, day) = civil_from_days(i64::from(v));
                    write(out, format_args!("{year:04}-{month:02}-{day:02}"))
                }
                Render::Decimal(scale) => decimal(out, i128::from(v), scale),
                Render::Unsigned => write(out, v as u32),
                _ => write(out, v),
            }),
            ColumnReader::Int64ColumnReader(r) => sink.fill(r, n, |out, v| match render {
                Render::Seconds(per_second) => write(out, v.div_euclid(per_second)),
                Render::Decimal(scale) => decimal(out, i128::from(v), scale),
                Render::Unsigned => write(out, v as u64),
                _ => write(out, v),
            }),
            ColumnReader::Int96ColumnReader(r) => sink.fill(r, n, |out, v| write(out, v.to_seconds())),
            ColumnReader::FloatColumnReader(r) => sink.fill(r, n, float),
            ColumnReader::DoubleColumnReader(r) => sink.fill(r, n, float),
            ColumnReader::ByteArrayColumnReader(r) => sink.fill(r, n, |out, v| bytes(out, v.data(), render)),
            ColumnReader::FixedLenByteArrayColumnReader(r) => sink.fill(r, n, |out, v| bytes(out, v.data(), render)),
        }
    }
}

/// Where a batch of one column's values goes.
struct Sink<'a> {
    texts: &'a mut [String],
    nullable: bool,
    index: usize,
    bad: &'a mut Vec<(usize, usize, String)>,
}

impl Sink<'_> {
    /// Reads `n` rows and renders each value into the text of its row; nulls stay empty.
    fn fill<T: DataType>(
        &mut self,
        reader: &mut ColumnReaderImpl<T>,
        n: usize,
        mut render: impl FnMut(&mut String, T::T) -> std::result::Result<(), String>,
    ) -> parquet::errors::Result<usize> {
        let mut levels = Vec::with_capacity(if self.nullable { n } else { 0 });
        let mut values = Vec::with_capacity(n);
        let (rows, ..) = reader.read_records(n, self.nullable.then_some(&mut levels), None, &mut values)?;
        let mut values = values.into_iter();
        for (row, text) in self.texts.iter_mut().enumerate().take(rows) {
            // A flat column's definition level is 1 for a value and 0 for a null (and there are
            // no levels when the column is required).
            if levels.get(row) == Some(&0) {
                continue;
            }
            let value = values.next().ok_or_else(|| ParquetError::General("fewer values than levels".into()))?;
            if let Err(message) = render(text, value) {
                self.bad.push((row, self.index, message));
            }
        }
        Ok(rows)
    }
}

fn write(out: &mut String, value: impl std::fmt::Display) -> std::result::Result<(), String> {
    use std::fmt::Write;
    write!(out, "{value}").map_err(|e| e.to_string())
}

fn float<T: Copy + Into<f64> + std::fmt::Display + std::fmt::LowerExp>(out: &mut String, value: T) -> std::result::Result<(), String> {
    write_float(out, value).map_err(|e| e.to_string())
}

/// Text, a UUID or a decimal stored as bytes.
fn bytes(out: &mut String, data: &[u8], render: Render) -> std::result::Result<(), String> {
    match render {
        Render::Decimal(scale) => {
            // Big-endian two's complement of at most 16 bytes (38 digits), sign-extended.
            let fill = if data.first().is_some_and(|b| b & 0x80 != 0) { 0xff } else { 0 };
            let mut wide = [fill; 16];
            wide[16 - data.len().min(16)..].copy_from_slice(&data[data.len().saturating_sub(16)..]);
            decimal(out, i128::from_be_bytes(wide), scale)
        }
        Render::Uuid if data.len() == 16 => {
            for (i, b) in data.iter().enumerate() {
                if matches!(i, 4 | 6 | 8 | 10) {
                    out.push('-');
                }
                write(out, format_args!("{b:02x}"))?;
            }
            Ok(())
        }
        _ => match std::str::from_utf8(data) {
            Ok(text) => {
                out.push_str(text);
                Ok(())
            }
            Err(e) => Err(format!("the value is not valid UTF-8 text (at byte {})", e.valid_up_to() + 1)),
        },
    }
}

/// A decimal: the unscaled integer with `scale` digits after the point.
fn decimal(out: &mut String, unscaled: i128, scale: u32) -> std::result::Result<(), String> {
    if scale == 0 {
        return write(out, unscaled);
    }
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale { format!("{}{digits}", "0".repeat(scale + 1 - digits.len())) } else { digits };
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    write(out, format_args!("{}{whole}.{fraction}", if unscaled < 0 { "-" } else { "" }))
}

#[cfg(test)]
mod tests;

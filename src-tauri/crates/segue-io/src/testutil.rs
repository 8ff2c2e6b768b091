//! Helpers shared by the unit tests: files in temporary folders, gzip in memory.

use std::io::Write;
use std::path::PathBuf;

use flate2::write::GzEncoder;
use flate2::Compression;
use tempfile::TempDir;

/// Writes `bytes` to a file called `name` in a new temporary folder (kept while the guard lives).
pub fn write(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write test file");
    (dir, path)
}

/// Gzips `bytes` in memory.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// A column of a Parquet file to write: its schema line (`OPTIONAL INT64 ts (TIMESTAMP(MILLIS,true))`)
/// and its values, `None` for null.
pub struct PqColumn {
    /// The column's declaration in Parquet's message-type syntax, without the `;`.
    pub decl: String,
    /// The values, one per row.
    pub values: PqValues,
}

/// The values of a [`PqColumn`], by physical type.
pub enum PqValues {
    Text(Vec<Option<String>>),
    Bytes(Vec<Option<Vec<u8>>>),
    Fixed(Vec<Option<Vec<u8>>>),
    Int32(Vec<Option<i32>>),
    Int64(Vec<Option<i64>>),
    Float(Vec<Option<f32>>),
    Double(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
}

/// A column declared by `decl` holding `values`.
pub fn pq(decl: &str, values: PqValues) -> PqColumn {
    PqColumn { decl: decl.to_owned(), values }
}

/// Text values, `""` standing for null.
pub fn texts(values: &[&str]) -> PqValues {
    PqValues::Text(values.iter().map(|v| (!v.is_empty()).then(|| v.to_string())).collect())
}

/// Writes a Parquet file in memory, `rows_per_group` rows to a row group, snappy-compressed.
pub fn parquet(columns: &[PqColumn], rows_per_group: usize) -> Vec<u8> {
    parquet_with(columns, rows_per_group, parquet::basic::Compression::SNAPPY)
}

/// Writes a Parquet file in memory, `rows_per_group` rows to a row group, compressed with `codec`.
pub fn parquet_with(columns: &[PqColumn], rows_per_group: usize, codec: parquet::basic::Compression) -> Vec<u8> {
    use parquet::data_type::{
        BoolType, ByteArray, ByteArrayType, DataType, DoubleType, FixedLenByteArray, FixedLenByteArrayType,
        FloatType, Int32Type, Int64Type,
    };
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
    use parquet::schema::parser::parse_message_type;

    /// Nullable columns (optional, or repeated with one value or none per row) take definition
    /// levels; repeated ones take repetition levels too.
    fn put<T: DataType>(writer: &mut SerializedColumnWriter<'_>, values: &[Option<T::T>], decl: &str)
    where
        T::T: Clone,
    {
        let decl = decl.trim_start().to_ascii_uppercase();
        let (optional, repeated) = (decl.starts_with("OPTIONAL"), decl.starts_with("REPEATED"));
        let levels: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
        let repetition = vec![0; values.len()];
        let present: Vec<T::T> = values.iter().flatten().cloned().collect();
        let defs = (optional || repeated).then_some(&levels[..]);
        let reps = repeated.then_some(&repetition[..]);
        writer.typed::<T>().write_batch(&present, defs, reps).expect("write a column");
    }
    fn map<A, B>(values: &[Option<A>], f: impl Fn(&A) -> B) -> Vec<Option<B>> {
        values.iter().map(|v| v.as_ref().map(&f)).collect()
    }

    let decls: Vec<String> =
        columns.iter().map(|c| if c.decl.ends_with('}') { c.decl.clone() } else { format!("{};", c.decl) }).collect();
    let schema = parse_message_type(&format!("message test {{ {} }}", decls.join(" "))).expect("schema");
    let props = WriterProperties::builder().set_compression(codec).build();
    let mut writer = SerializedFileWriter::new(Vec::new(), schema.into(), props.into()).expect("writer");
    let rows = columns.first().map_or(0, |c| match &c.values {
        PqValues::Text(v) => v.len(),
        PqValues::Bytes(v) | PqValues::Fixed(v) => v.len(),
        PqValues::Int32(v) => v.len(),
        PqValues::Int64(v) => v.len(),
        PqValues::Float(v) => v.len(),
        PqValues::Double(v) => v.len(),
        PqValues::Bool(v) => v.len(),
    });
    let mut start = 0;
    while start < rows {
        let range = start..(start + rows_per_group).min(rows);
        let mut group = writer.next_row_group().expect("row group");
        for column in columns {
            let mut w = group.next_column().expect("column").expect("a column per declaration");
            let optional = column.decl.as_str();
            let r = range.clone();
            match &column.values {
                PqValues::Text(v) => put::<ByteArrayType>(&mut w, &map(&v[r], |s| ByteArray::from(s.as_str())), optional),
                PqValues::Bytes(v) => put::<ByteArrayType>(&mut w, &map(&v[r], |b| ByteArray::from(b.clone())), optional),
                PqValues::Fixed(v) => {
                    put::<FixedLenByteArrayType>(&mut w, &map(&v[r], |b| FixedLenByteArray::from(b.clone())), optional)
                }
                PqValues::Int32(v) => put::<Int32Type>(&mut w, &v[r], optional),
                PqValues::Int64(v) => put::<Int64Type>(&mut w, &v[r], optional),
                PqValues::Float(v) => put::<FloatType>(&mut w, &v[r], optional),
                PqValues::Double(v) => put::<DoubleType>(&mut w, &v[r], optional),
                PqValues::Bool(v) => put::<BoolType>(&mut w, &v[r], optional),
            }
            w.close().expect("close column");
        }
        group.close().expect("close row group");
        start = range.end;
    }
    writer.into_inner().expect("finish the file")
}

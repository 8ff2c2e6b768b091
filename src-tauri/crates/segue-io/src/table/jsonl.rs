//! JSON lines as a table: one object per line, its keys the columns.
//!
//! The first object sets the columns, in the order its keys are written, so a streaming reader
//! knows them before the second line. Later objects may leave keys out (their values read as
//! empty, as JSON `null` does) but may not bring new ones: a key the columns cannot hold would be
//! data lost without a word. Values must be scalars; nested objects and lists have no place in a
//! column and are errors naming the key.
//!
//! Objects are walked with a serde visitor straight into reused buffers, so no map is built per
//! line and key order is kept without serde_json's `preserve_order` feature (which would change
//! `serde_json::Map` for the whole workspace).

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{BufRead, Read};
use std::path::PathBuf;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{record_too_long, Failure, Row};
use crate::error::{ImportError, Result};
use crate::source::Source;
use crate::value::write_float;

/// The reading state of a JSON lines file.
#[derive(Debug)]
pub(super) struct JsonLines {
    source: Source,
    path: PathBuf,
    buf: Vec<u8>,
    line: u64,
    index: HashMap<String, usize>,
    values: Vec<String>,
    seen: Vec<bool>,
    key: String,
    /// The first object is parsed to learn the columns, and handed out as the first row.
    pending: bool,
    /// The most bytes a line may have, its line end included.
    max_line: usize,
}

impl JsonLines {
    /// Reads up to the first object; returns the reader, the columns and the object's line. A
    /// line may have at most `max_line` bytes, its line end included.
    pub(super) fn open(source: Source, max_line: usize) -> Result<(Self, Vec<String>, u64)> {
        let path = source.path().to_path_buf();
        let mut json = Self {
            source,
            path,
            buf: Vec::new(),
            line: 0,
            index: HashMap::new(),
            values: Vec::new(),
            seen: Vec::new(),
            key: String::new(),
            pending: true,
            max_line,
        };
        let found = json.next_line().map_err(|f| match f {
            Failure::Row(e) | Failure::Fatal(e) => e,
        })?;
        if !found {
            return Err(ImportError::file(&json.path, "the file is empty"));
        }
        let mut columns = Vec::new();
        json.parse(Some(&mut columns))?;
        if columns.is_empty() {
            return Err(ImportError::line(&json.path, json.line, "the first object has no keys, so the table has no columns"));
        }
        let line = json.line;
        Ok((json, columns, line))
    }

    /// Reads the next object into `row`; `Ok(false)` at the end of the file.
    pub(super) fn read_row(&mut self, columns: &[String], row: &mut Row) -> std::result::Result<bool, Failure> {
        if !std::mem::take(&mut self.pending) {
            if !self.next_line()? {
                return Ok(false);
            }
            self.parse(None).map_err(Failure::Row)?;
        }
        debug_assert_eq!(self.values.len(), columns.len());
        row.line = self.line;
        row.values.clear();
        for value in &self.values {
            row.values.push_field(value);
        }
        Ok(true)
    }

    /// Reads lines up to the next one that is not blank, leaving it (without its line end) in
    /// `buf`; `Ok(false)` at the end of the file. A line longer than the limit ends the file:
    /// no more of it than one byte past the limit is read.
    fn next_line(&mut self) -> std::result::Result<bool, Failure> {
        loop {
            self.buf.clear();
            let n = (&mut self.source)
                .take((self.max_line as u64).saturating_add(1))
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Failure::Fatal(ImportError::file(&self.path, e.to_string())))?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            if n > self.max_line {
                return Err(Failure::Fatal(record_too_long(&self.path, self.line, self.max_line)));
            }
            while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                self.buf.pop();
            }
            if !self.buf.trim_ascii().is_empty() {
                return Ok(true);
            }
        }
    }

    /// Parses the object in `buf` into `values`; with `define`, its keys become the columns.
    fn parse(&mut self, define: Option<&mut Vec<String>>) -> Result<()> {
        let Self { path, buf, line, index, values, seen, key, .. } = self;
        let text = std::str::from_utf8(buf).map_err(|e| {
            ImportError::line(path, *line, format!("the line is not valid UTF-8 text (at byte {})", e.valid_up_to() + 1))
        })?;
        values.iter_mut().for_each(String::clear);
        seen.iter_mut().for_each(|s| *s = false);
        let mut bad = None;
        let seed = ObjectSeed { define, index, values, seen, key, bad: &mut bad };
        let mut de = serde_json::Deserializer::from_str(text);
        let result = seed.deserialize(&mut de).and_then(|()| de.end());
        result.map_err(|e| match bad {
            Some((field, message)) => ImportError::field(path, *line, field, message),
            None => {
                let text = e.to_string();
                let what = text.rsplit_once(" at line ").map_or(text.as_str(), |(what, _)| what);
                let at = if e.column() > 0 { format!(" at character {}", e.column()) } else { String::new() };
                ImportError::line(path, *line, format!("this line is not a valid JSON object ({what}{at})"))
            }
        })
    }
}

/// Walks one object, writing each value into the slot of its column.
struct ObjectSeed<'a> {
    define: Option<&'a mut Vec<String>>,
    index: &'a mut HashMap<String, usize>,
    values: &'a mut Vec<String>,
    seen: &'a mut Vec<bool>,
    key: &'a mut String,
    /// The key at fault and what is wrong with it, when the error is about one key.
    bad: &'a mut Option<(String, String)>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_key_seed(KeyInto(self.key))?.is_some() {
            let column = match (self.index.get(self.key.as_str()), self.define.as_deref_mut()) {
                (Some(&i), _) => i,
                (None, Some(columns)) => {
                    columns.push(self.key.clone());
                    self.index.insert(self.key.clone(), self.values.len());
                    self.values.push(String::new());
                    self.seen.push(false);
                    self.values.len() - 1
                }
                (None, None) => {
                    let message = "this key is not in the first object, whose keys are the columns";
                    return Err(self.fail(message));
                }
            };
            if std::mem::replace(&mut self.seen[column], true) {
                return Err(self.fail("the key appears twice in this object"));
            }
            let mut nested = None;
            let slot = ValueInto { out: &mut self.values[column], nested: &mut nested };
            if let Err(e) = map.next_value_seed(slot) {
                return Err(match nested {
                    Some(what) => self.fail(&format!("the value is {what}; only text, numbers, true, false and null fit in a column")),
                    None => e,
                });
            }
        }
        Ok(())
    }
}

impl ObjectSeed<'_> {
    fn fail<E: de::Error>(&mut self, message: &str) -> E {
        *self.bad = Some((self.key.clone(), message.to_owned()));
        E::custom(message)
    }
}

/// Reads an object key into a reused buffer.
struct KeyInto<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for KeyInto<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<(), E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
}

/// Writes a scalar value as text into its column's slot: strings as they are, numbers and
/// booleans as written in JSON (as Rust prints them), null as nothing.
struct ValueInto<'a> {
    out: &'a mut String,
    nested: &'a mut Option<&'static str>,
}

impl<'de> DeserializeSeed<'de> for ValueInto<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text, a number, true, false or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<(), E> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<(), E> {
        write!(self.out, "{v}").map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<(), E> {
        write!(self.out, "{v}").map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<(), E> {
        write_float(self.out, v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<(), E> {
        self.out.push_str(v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> std::result::Result<(), A::Error> {
        *self.nested = Some("an object");
        Err(de::Error::custom("nested object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> std::result::Result<(), A::Error> {
        *self.nested = Some("a list");
        Err(de::Error::custom("nested list"))
    }
}

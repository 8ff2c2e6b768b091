//! XSPF, the XML Shareable Playlist Format (<https://www.xspf.org/spec>), version 1.
//!
//! The writer puts elements in the order the specification lists them, which its XML Schema
//! (`xspf-1_0.2.xsd`) requires as a sequence; the RELAX NG schema the tests validate against
//! accepts any order, so following the stricter one keeps both validators happy. Segue's data
//! goes in `<extension application="...">` as JSON text, escaped: the schema lets an extension
//! hold text, and readers that do not know Segue skip it whole.
//!
//! The reader takes version 0 and 1 files, elements with a namespace prefix or none, and skips
//! every element it does not know (other applications' extensions, `link`, `meta`, ...).

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

use super::text::{bare_message, duration_ms, non_empty, number, Text};
use super::{
    given, known_duration, track_id_from_uri, track_uri, PlaylistDoc, ReadEntry, ReadPlaylist, SEGUE_EXTENSION,
};
use crate::error::{ImportError, Result};

/// XSPF's namespace, the same for versions 0 and 1.
const NAMESPACE: &str = "http://xspf.org/ns/0/";

/// `text` as XML character data. `&`, `<` and `>` (`>` so that `]]>` cannot appear) become
/// entities; a carriage return becomes `&#13;`, since a raw one would be read back as a line
/// feed; characters XML 1.0 cannot carry at all (other control characters, U+FFFE, U+FFFF)
/// become U+FFFD, the replacement character, so the file stays well-formed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Appends XSPF elements, indented two spaces a level.
struct Out {
    xml: String,
}

impl Out {
    fn line(&mut self, depth: usize, markup: &str) {
        self.xml.extend(std::iter::repeat_n("  ", depth));
        self.xml.push_str(markup);
        self.xml.push('\n');
    }

    /// `<name>text</name>`, when there is a text.
    fn leaf(&mut self, depth: usize, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.line(depth, &format!("<{name}>{}</{name}>", escape(text)));
        }
    }

    /// Segue's extension, when there is one, as compact JSON text.
    fn extension(&mut self, depth: usize, value: Option<&Value>) {
        if let Some(value) = value {
            let json = escape(&value.to_string());
            self.line(depth, &format!("<extension application=\"{SEGUE_EXTENSION}\">{json}</extension>"));
        }
    }
}

/// Writes `doc` as XSPF version 1, each track's URI as both its location and its identifier.
pub fn write_xspf(doc: &PlaylistDoc) -> Vec<u8> {
    let mut out = Out { xml: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") };
    out.line(0, &format!("<playlist version=\"1\" xmlns=\"{NAMESPACE}\">"));
    out.leaf(1, "title", given(&doc.title));
    out.leaf(1, "creator", doc.creator.as_deref());
    out.leaf(1, "annotation", doc.annotation.as_deref());
    out.leaf(1, "identifier", doc.identifier.as_deref());
    out.leaf(1, "date", doc.date.as_deref());
    out.extension(1, doc.extension.as_ref());
    out.line(1, "<trackList>");
    for entry in &doc.entries {
        let uri = track_uri(&entry.track_id);
        out.line(2, "<track>");
        out.leaf(3, "location", Some(&uri));
        out.leaf(3, "identifier", Some(&uri));
        out.leaf(3, "title", given(&entry.title));
        out.leaf(3, "creator", given(&entry.artist));
        out.leaf(3, "album", given(&entry.album));
        out.leaf(3, "duration", known_duration(entry.duration_ms).map(|ms| ms.to_string()).as_deref());
        out.extension(3, entry.extension.as_ref());
        out.line(2, "</track>");
    }
    out.line(1, "</trackList>");
    out.line(0, "</playlist>");
    out.xml.into_bytes()
}

/// An element being read: its local name, the line it starts on, whether it is Segue's
/// extension.
struct Open {
    name: String,
    line: u64,
    segue: bool,
}

/// What has been read so far.
struct State<'t, 'a> {
    src: &'t Text<'a>,
    /// The elements open at this point, outermost first.
    open: Vec<Open>,
    /// The text of the element that opened last (leaf elements have nothing else).
    text: String,
    playlist: ReadPlaylist,
    /// The track being read, with its locations and identifiers in file order.
    entry: Option<(ReadEntry, Vec<String>)>,
    root_seen: bool,
}

/// An attribute's value, entities resolved.
fn attribute(element: &BytesStart<'_>, name: &str) -> quick_xml::Result<Option<String>> {
    match element.try_get_attribute(name)? {
        Some(a) => Ok(Some(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned())),
        None => Ok(None),
    }
}

impl State<'_, '_> {
    /// The names of the open elements, outermost first, to match a place in the document.
    fn at(&self, path: &[&str]) -> bool {
        self.open.len() == path.len() && self.open.iter().zip(path).all(|(open, name)| open.name == *name)
    }

    /// The error for malformed XML at byte `offset`, naming the element it happened in.
    fn malformed(&self, offset: u64, message: impl std::fmt::Display) -> ImportError {
        let line = self.src.line_at(offset as usize);
        let message = format!("the XML is malformed: {message}");
        match self.open.last() {
            Some(open) => self.src.error(line, &open.name, message),
            None => ImportError::line(self.src.file, line, message),
        }
    }

    fn start(&mut self, element: &BytesStart<'_>, offset: u64) -> Result<()> {
        let line = self.src.line_at(offset as usize);
        let name = element.local_name().as_ref().to_owned();
        let attribute = |name| attribute(element, name).map_err(|e| self.malformed(offset, e));
        let (version, application) = (attribute("version")?, attribute("application")?);
        if self.open.is_empty() {
            if self.root_seen || name != "playlist" {
                let message = format!("<{name}> is not an XSPF <playlist>: an XSPF file is one <playlist> element");
                return Err(ImportError::line(self.src.file, line, message));
            }
            self.root_seen = true;
            if let Some(version) = version.filter(|v| !matches!(v.trim(), "0" | "1")) {
                let message = format!("version \"{version}\" is not XSPF: XSPF playlists are version 0 or 1");
                return Err(self.src.error(line, "version", message));
            }
        }
        let segue = name == "extension" && application.as_deref() == Some(SEGUE_EXTENSION);
        if self.at(&["playlist", "trackList"]) && name == "track" {
            self.entry = Some((ReadEntry { line, ..ReadEntry::default() }, Vec::new()));
        }
        self.open.push(Open { name, line, segue });
        self.text.clear();
        Ok(())
    }

    /// Segue's extension, from the text of its element.
    fn extension(&self, open: &Open, json: &str) -> Result<Value> {
        serde_json::from_str(json).map_err(|e| {
            self.src.error(open.line, "extension", format!("Segue's extension is not valid JSON: {}", bare_message(&e)))
        })
    }

    fn end(&mut self) -> Result<()> {
        let Some(open) = self.open.pop() else { return Ok(()) };
        let text = std::mem::take(&mut self.text);
        if self.at(&["playlist"]) {
            match open.name.as_str() {
                "title" => self.playlist.title = non_empty(text),
                "annotation" => self.playlist.annotation = non_empty(text),
                "extension" if open.segue && self.playlist.extension.is_none() => {
                    self.playlist.extension = Some(self.extension(&open, &text)?);
                }
                _ => {}
            }
        } else if self.at(&["playlist", "trackList", "track"]) {
            self.track_field(&open, text)?;
        } else if self.at(&["playlist", "trackList"]) && open.name == "track" {
            let (mut entry, uris) = self.entry.take().expect("a track is open");
            entry.track_id = uris.iter().find_map(|uri| track_id_from_uri(uri));
            self.playlist.entries.push(entry.checked(self.src)?);
        }
        Ok(())
    }

    /// One element of the open track, with its text.
    fn track_field(&mut self, open: &Open, text: String) -> Result<()> {
        let extension = match open.name.as_str() {
            "extension" if open.segue => Some(self.extension(open, &text)?),
            _ => None,
        };
        let (entry, uris) = self.entry.as_mut().expect("a track is open");
        match open.name.as_str() {
            "location" => {
                let location = text.trim().to_owned();
                entry.location.get_or_insert_with(|| location.clone());
                uris.push(location);
            }
            "identifier" => uris.push(text.trim().to_owned()),
            "title" => entry.title = non_empty(text),
            "creator" => entry.artist = non_empty(text),
            "album" => entry.album = non_empty(text),
            "duration" => match number(&text).and_then(duration_ms) {
                Some(ms) => entry.duration_ms = Some(ms),
                None => return Err(self.src.duration_error(open.line, "duration", text.trim(), "milliseconds")),
            },
            "extension" if entry.extension.is_none() => entry.extension = extension,
            _ => {}
        }
        Ok(())
    }

    /// A character or entity reference, as the text it stands for.
    fn reference(&mut self, reference: &BytesRef<'_>, offset: u64) -> Result<()> {
        if let Some(c) = reference.resolve_char_ref().map_err(|e| self.malformed(offset, e))? {
            self.text.push(c);
        } else if let Some(text) = resolve_predefined_entity(reference) {
            self.text.push_str(text);
        } else {
            return Err(self.malformed(offset, format!("&{}; is not an entity XML defines", &**reference)));
        }
        Ok(())
    }

    fn finish(self) -> Result<ReadPlaylist> {
        let end = self.src.line_at(self.src.content.len());
        if let Some(open) = self.open.last() {
            let message = format!("the file ends inside <{}>, opened on line {}", open.name, open.line);
            return Err(self.src.error(end, &open.name, message));
        }
        if !self.root_seen {
            return Err(ImportError::line(self.src.file, end, "the file has no <playlist> element"));
        }
        Ok(self.playlist)
    }
}

/// Reads an XSPF file.
pub(super) fn read(src: &Text<'_>) -> Result<ReadPlaylist> {
    let mut reader = Reader::from_str(src.content);
    reader.config_mut().expand_empty_elements = true;
    let mut state = State {
        src,
        open: Vec::new(),
        text: String::new(),
        playlist: ReadPlaylist::default(),
        entry: None,
        root_seen: false,
    };
    loop {
        // Text is not trimmed, so every event starts where the previous one ended.
        let offset = reader.buffer_position();
        match reader.read_event().map_err(|e| state.malformed(reader.error_position(), e))? {
            Event::Start(element) => state.start(&element, offset)?,
            Event::End(_) => state.end()?,
            Event::Text(text) => state.text.push_str(&text.xml10_content()),
            Event::CData(text) => state.text.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => state.reference(&reference, offset)?,
            Event::Eof => return state.finish(),
            _ => {}
        }
    }
}

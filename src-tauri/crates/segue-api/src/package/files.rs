//! The playlist files of a package: which formats, what they are called, their bytes.

use segue_io::formats::{write_csv, write_jspf, write_m3u8, write_xspf, PlaylistDoc};
use serde::{Deserialize, Serialize};

use super::manifest::FormatFiles;

/// A playlist file format a package can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum PlaylistFileFormat {
    /// JSPF: XSPF as JSON, with Segue's extension.
    Jspf,
    /// XSPF version 1.
    Xspf,
    /// Extended M3U, UTF-8.
    M3u8,
    /// One row per entry, re-importable as seed playlists.
    Csv,
}

impl PlaylistFileFormat {
    /// Every format, in the order files are written.
    pub const ALL: [PlaylistFileFormat; 4] = [Self::Jspf, Self::Xspf, Self::M3u8, Self::Csv];

    /// The file extension (and the name on the command line).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jspf => "jspf",
            Self::Xspf => "xspf",
            Self::M3u8 => "m3u8",
            Self::Csv => "csv",
        }
    }

    /// Parses a comma-separated list such as `jspf,m3u8`.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        let mut out = Vec::new();
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let f = Self::ALL
                .into_iter()
                .find(|f| f.extension().eq_ignore_ascii_case(name))
                .ok_or_else(|| format!("unknown format {name:?}: the formats are jspf, xspf, m3u8 and csv"))?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        Ok(out)
    }
}

/// The names of one playlist's files: `stem.<extension>` for each format wanted.
pub fn file_names(stem: &str, formats: &[PlaylistFileFormat]) -> FormatFiles {
    let name = |f: PlaylistFileFormat| formats.contains(&f).then(|| format!("{stem}.{}", f.extension()));
    FormatFiles {
        jspf: name(PlaylistFileFormat::Jspf),
        xspf: name(PlaylistFileFormat::Xspf),
        m3u8: name(PlaylistFileFormat::M3u8),
        csv: name(PlaylistFileFormat::Csv),
    }
}

/// The files of `doc` named as `names` says; `playlist_id` is the CSV's playlist id column.
pub fn render(doc: &PlaylistDoc, names: &FormatFiles, playlist_id: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |name: &Option<String>, bytes: &dyn Fn() -> Vec<u8>| {
        if let Some(n) = name {
            out.push((n.clone(), bytes()));
        }
    };
    add(&names.jspf, &|| write_jspf(doc));
    add(&names.xspf, &|| write_xspf(doc));
    add(&names.m3u8, &|| write_m3u8(doc));
    add(&names.csv, &|| write_csv(doc, playlist_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists_parse_and_name_the_bad_one() {
        assert_eq!(PlaylistFileFormat::parse_list("jspf, M3U8,jspf").unwrap(), vec![PlaylistFileFormat::Jspf, PlaylistFileFormat::M3u8]);
        assert!(PlaylistFileFormat::parse_list("jspf,pls").unwrap_err().contains("\"pls\""));
        let names = file_names("variants/segment-01", &[PlaylistFileFormat::Csv]);
        assert_eq!(names.paths().collect::<Vec<_>>(), vec!["variants/segment-01.csv"]);
    }
}

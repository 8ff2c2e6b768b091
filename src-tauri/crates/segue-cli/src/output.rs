//! What the command prints: human summaries, or JSON documents with a stable shape.

use std::io::{IsTerminal, Write};

use segue_api::import::{CatalogReport, PlaylistReport};
use segue_api::playlists::{PlaylistDetail, PlaylistSummary};
use segue_api::Progress;
use serde::Serialize;

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) {
    say!("{}", serde_json::to_string_pretty(value).expect("serializable output"));
}

/// A progress sink: a self-rewriting line on stderr when it is a terminal, nothing otherwise.
pub fn progress_line(label: &'static str) -> impl FnMut(Progress) + Send {
    let tty = std::io::stderr().is_terminal();
    move |p: Progress| {
        if tty {
            let pct = p.fraction().map(|f| format!("{:.0}%", f * 100.0)).unwrap_or_default();
            let _ = write!(std::io::stderr(), "\r{label}: {pct}   ");
            if p.fraction() == Some(1.0) {
                let _ = writeln!(std::io::stderr());
            }
        }
    }
}

/// The report of a catalogue import.
pub fn catalog_report(r: &CatalogReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    say!(
        "Imported {}: {} rows, {} new tracks, {} updated, {} repeated rows merged; {} new playlists, {} updated ({:.1} s)",
        r.file,
        r.rows,
        r.tracks_new,
        r.tracks_updated,
        r.repeated_rows,
        r.playlists_new,
        r.playlists_updated,
        r.elapsed_ms / 1000.0
    );
}

/// The report of a playlist import.
pub fn playlist_report(r: &PlaylistReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    say!(
        "Imported {}: {} new playlists, {} updated, {} tracks placed ({} matched by artist and title), {} entries with unknown tracks",
        r.file, r.playlists_new, r.playlists_updated, r.entries, r.matched_by_name, r.unknown_count
    );
    for u in &r.unknown {
        let what = u.name.as_deref().map_or_else(|| u.track_id.clone(), |n| format!("{n} ({})", u.track_id));
        say!("  line {}: playlist {}: unknown track {what}", u.line, u.playlist_id);
    }
    if r.unknown_count as usize > r.unknown.len() {
        say!("  … and {} more", r.unknown_count as usize - r.unknown.len());
    }
}

/// The list of playlists.
pub fn playlist_list(list: &[PlaylistSummary], as_json: bool) {
    if as_json {
        return json(&serde_json::json!({ "playlists": list }));
    }
    for p in list {
        say!("{:>6}  {:>4} tracks  {:>8}  {}", p.id, p.track_count, duration(p.duration_ms), p.name);
    }
}

/// One playlist with its tracks.
pub fn playlist_detail(d: &PlaylistDetail, as_json: bool) {
    if as_json {
        return json(d);
    }
    let s = &d.summary;
    say!("{} (id {}): {} tracks, {}", s.name, s.id, s.track_count, duration(s.duration_ms));
    if !s.description.is_empty() {
        say!("{}", s.description);
    }
    for item in &d.items {
        let pin = if item.pinned { "📌" } else { "  " };
        let t = &item.track;
        say!("{:>4} {pin} {} — {}  [{}]", item.position + 1, t.artist, t.title, t.id);
        if !item.note.is_empty() {
            say!("        note: {}", item.note);
        }
    }
}

fn duration(ms: f64) -> String {
    let s = (ms / 1000.0).round() as u64;
    if s >= 3600 { format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) } else { format!("{}:{:02}", s / 60, s % 60) }
}

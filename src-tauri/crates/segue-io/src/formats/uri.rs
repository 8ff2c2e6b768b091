//! Tracks named by URI, as playlist files name them.
//!
//! A Spotify id becomes `spotify:track:<id>`, the URI Spotify's own clients open and other tools
//! (converters, Spotify's Web API) understand. Other catalogues' ids become
//! `segue:track:<id>` with every byte outside the URI's unreserved characters percent-encoded,
//! so that any id survives as a valid URI (`xs:anyURI` for XSPF) and comes back unchanged.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The prefix of Spotify track URIs.
const SPOTIFY: &str = "spotify:track:";

/// The prefix of Segue's URIs for ids that are not Spotify's.
const SEGUE: &str = "segue:track:";

/// What is escaped in `segue:track:` ids: everything but RFC 3986's unreserved characters.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Whether `id` has the shape of a Spotify id: 22 characters of base 62.
fn is_spotify_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The URI a playlist file names a track by: `spotify:track:<id>` for a Spotify id (22 base-62
/// characters), `segue:track:<percent-encoded id>` for any other.
pub fn track_uri(id: &str) -> String {
    if is_spotify_id(id) {
        format!("{SPOTIFY}{id}")
    } else {
        format!("{SEGUE}{}", utf8_percent_encode(id, ESCAPED))
    }
}

/// The catalogue id a URI names, the inverse of [`track_uri`]; also reads Spotify's web links
/// (`https://open.spotify.com/track/<id>?si=...`, with or without a locale segment such as
/// `intl-de/`). `None` for any other URI or path, and for an id that is empty or not UTF-8.
pub fn track_id_from_uri(uri: &str) -> Option<String> {
    let uri = uri.trim();
    if let Some(id) = uri.strip_prefix(SPOTIFY) {
        return is_spotify_id(id).then(|| id.to_owned());
    }
    if let Some(id) = uri.strip_prefix(SEGUE) {
        let id = percent_decode_str(id).decode_utf8().ok()?;
        return (!id.is_empty()).then(|| id.into_owned());
    }
    let rest = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://"))?;
    let path = rest.strip_prefix("open.spotify.com/")?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').skip_while(|s| s.starts_with("intl-"));
    let (Some("track"), Some(id)) = (segments.next(), segments.next()) else { return None };
    is_spotify_id(id).then(|| id.to_owned())
}

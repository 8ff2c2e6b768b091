//! Finding catalogue tracks for playlist entries that carry no catalogue id (an M3U8 from a
//! player, an XSPF from another service): by artist and title.

use sqlx::SqliteConnection;

use crate::Result;

/// The catalogue id of the track with this title by this artist, both compared without regard
/// to case or surrounding spaces; among several (a single and its album version), the most
/// popular, then the first imported. `None` when nothing matches.
pub async fn track_by_artist_title(conn: &mut SqliteConnection, artist: &str, title: &str) -> Result<Option<String>> {
    let (artist, title) = (artist.trim(), title.trim());
    if title.is_empty() {
        return Ok(None);
    }
    // `title = ? COLLATE NOCASE` walks the title index; the artist is checked on the few rows.
    Ok(sqlx::query_scalar(
        "SELECT id FROM tracks WHERE title = ?1 COLLATE NOCASE AND (?2 = '' OR artist = ?2 COLLATE NOCASE) \
         ORDER BY popularity IS NULL, popularity DESC, rowid LIMIT 1",
    )
    .bind(title)
    .bind(artist)
    .fetch_optional(conn)
    .await?)
}

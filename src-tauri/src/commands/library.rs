//! Library commands: search with filters, and the values the filters offer.

use segue_api::library::{self, Facets, LibraryPage, LibraryQuery};

use crate::error::CmdResult;
use crate::state::AppState;

/// A window of the library matching the query.
#[tauri::command]
#[specta::specta]
pub async fn library_search(state: tauri::State<'_, AppState>, query: LibraryQuery) -> CmdResult<LibraryPage> {
    Ok(library::search(&state.workspace().await?, &query).await?)
}

/// Genres, subgenres and the year range, for the filters.
#[tauri::command]
#[specta::specta]
pub async fn library_facets(state: tauri::State<'_, AppState>) -> CmdResult<Facets> {
    Ok(library::facets(&state.workspace().await?).await?)
}

//! Library commands: search with filters, and the values the filters offer.

use segue_store::catalog::{Facets, LibraryPage, LibraryQuery};

use crate::error::CmdResult;
use crate::state::AppState;

/// A window of the library matching the query.
#[tauri::command]
#[specta::specta]
pub async fn library_search(state: tauri::State<'_, AppState>, query: LibraryQuery) -> CmdResult<LibraryPage> {
    Ok(state.workspace().await?.search(&query).await?)
}

/// Genres, subgenres and the year range, for the filters.
#[tauri::command]
#[specta::specta]
pub async fn library_facets(state: tauri::State<'_, AppState>) -> CmdResult<Facets> {
    Ok(state.workspace().await?.facets().await?)
}

//! The library: searches with sorts and filters, and the values the filters offer.

pub use segue_store::catalog::{Facets, FeatureRange, LibraryPage, LibraryQuery, SortKey, TagCount};

use crate::Result;
use crate::workspace::Workspace;

/// A window of the library matching `query`.
pub async fn search(ws: &Workspace, query: &LibraryQuery) -> Result<LibraryPage> {
    Ok(ws.search(query).await?)
}

/// Genres, subgenres and the year range, for the filters.
pub async fn facets(ws: &Workspace) -> Result<Facets> {
    Ok(ws.facets().await?)
}

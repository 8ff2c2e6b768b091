//! The back-end types the UI uses, re-exported from the generated bindings (which are imported
//! nowhere else), plus the `Result` shape every generated command resolves to.

export type {
  AudioFeatures,
  CatalogField,
  CatalogPreview,
  CatalogReport,
  ColumnBinding,
  ColumnMapping,
  ErrorCode,
  Facets,
  Feature,
  FeatureRange,
  HistoryState,
  HistoryStep,
  IpcError,
  JobEvent,
  JobOutput,
  Launch,
  LibraryPage,
  LibraryQuery,
  PlaylistDetail,
  PlaylistItem,
  PlaylistReport,
  PlaylistSummary,
  Progress,
  RecentWorkspace,
  SeedEdit,
  SortKey,
  TableFormat,
  TagCount,
  Track,
  UnknownTrack,
  WorkspaceChanged,
  WorkspaceInfo,
} from './bindings';

/** What every generated command resolves to. */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

//! Native file dialogs (tauri-plugin-dialog). `null` when the editor cancels.

import { open, save } from '@tauri-apps/plugin-dialog';
import { revealItemInDir } from '@tauri-apps/plugin-opener';

const WORKSPACE_FILTER = [{ name: 'Segue workspace', extensions: ['segue'] }];

function single(picked: string | string[] | null): string | null {
  if (picked === null) return null;
  return Array.isArray(picked) ? (picked[0] ?? null) : picked;
}

export async function pickWorkspaceToOpen(): Promise<string | null> {
  return single(await open({ multiple: false, directory: false, filters: WORKSPACE_FILTER }));
}

export async function pickNewWorkspace(): Promise<string | null> {
  const path = await save({ defaultPath: 'Untitled.segue', filters: WORKSPACE_FILTER });
  if (path === null) return null;
  return path.endsWith('.segue') ? path : `${path}.segue`;
}

const TABLES = ['csv', 'tsv', 'jsonl', 'ndjson', 'gz'];
const PACKAGE_FILTER = { name: 'Playlist package', extensions: ['zip'] };

/** What the import wizard imports; each kind offers its own files first. */
export type ImportFileKind = 'catalog' | 'playlists' | 'signals' | 'package';

const IMPORT_FILTERS: Record<ImportFileKind, { name: string; extensions: string[] }> = {
  catalog: { name: 'Tables', extensions: TABLES },
  playlists: { name: 'Playlists (tables, JSPF, XSPF, M3U)', extensions: [...TABLES, 'jspf', 'xspf', 'm3u8', 'm3u'] },
  signals: { name: 'Tables and Parquet', extensions: [...TABLES, 'parquet'] },
  package: PACKAGE_FILTER,
};

export async function pickImportFile(kind: ImportFileKind = 'catalog'): Promise<string | null> {
  return single(
    await open({
      multiple: false,
      directory: false,
      filters: [IMPORT_FILTERS[kind], { name: 'All files', extensions: ['*'] }],
    }),
  );
}

/** `path` ending in `.zip` (any case), `.zip` appended otherwise. */
export function withZipExtension(path: string): string {
  return /\.zip$/i.test(path) ? path : `${path}.zip`;
}

/** Where to write a playlist package: the native save dialog, starting at `defaultPath`. */
export async function pickPackageDestination(defaultPath: string): Promise<string | null> {
  const path = await save({ defaultPath, filters: [PACKAGE_FILTER] });
  return path === null ? null : withZipExtension(path);
}

export async function revealInFolder(path: string): Promise<void> {
  await revealItemInDir(path);
}

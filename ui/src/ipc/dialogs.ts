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

export async function pickImportFile(): Promise<string | null> {
  return single(
    await open({
      multiple: false,
      directory: false,
      filters: [
        { name: 'Tables', extensions: ['csv', 'tsv', 'jsonl', 'ndjson', 'gz'] },
        { name: 'All files', extensions: ['*'] },
      ],
    }),
  );
}

export async function revealInFolder(path: string): Promise<void> {
  await revealItemInDir(path);
}

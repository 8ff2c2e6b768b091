//! The export dialog's state: one job dialog (the export runs on when the dialog is hidden) and
//! the playlist it exports. Opening it for another playlist while an export runs shows that
//! export until it ends.

import { isFinished, jobStore } from '../../ipc';
import { createStore } from '../../components/store';
import { createJobDialog } from '../segments/jobDialog';

export const exportDialog = createJobDialog();

/** The playlist the dialog exports (its form is for this one). */
export const exportTargetStore = createStore<number | null>(null);

function exporting(): boolean {
  const key = exportDialog.store.get().jobKey;
  const job = key === null ? undefined : jobStore.find(key);
  return job !== undefined && !isFinished(job.status);
}

/** Opens the export dialog on `playlist` (nothing happens without one). */
export function openExportDialog(playlist: number | null): void {
  if (playlist === null) return;
  if (!exporting()) exportTargetStore.set(playlist);
  exportDialog.open();
}

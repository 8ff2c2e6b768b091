import { describe, expect, it } from 'vitest';
import { jobStore, type JobEntry } from '../../ipc';
import { exportDialog, exportTargetStore, openExportDialog } from './exportDialog';

describe('opening the export dialog', () => {
  it('needs a playlist, and follows the one asked for', () => {
    openExportDialog(null);
    expect(exportDialog.store.get().open).toBe(false);
    openExportDialog(4);
    expect(exportDialog.store.get().open).toBe(true);
    expect(exportTargetStore.get()).toBe(4);
    exportDialog.close();
    openExportDialog(5);
    expect(exportTargetStore.get()).toBe(5);
    exportDialog.close();
  });

  it('keeps showing a running export when opened for another playlist', async () => {
    openExportDialog(5);
    jobStore.dispatch({ type: 'start', key: 951, label: 'Export a.zip' });
    let finish: (job: JobEntry) => void = () => {};
    const finished = new Promise<JobEntry>((resolve) => (finish = resolve));
    const run = exportDialog.start([async () => ({ key: 951, jobId: 1, finished })], () => {});
    await Promise.resolve();
    await Promise.resolve();
    exportDialog.close();
    openExportDialog(6);
    expect(exportTargetStore.get()).toBe(5);
    expect(exportDialog.store.get().jobKey).toBe(951);
    jobStore.dispatch({ type: 'event', key: 951, event: { state: 'done', jobId: 1, output: { kind: 'export', path: '/tmp/a.zip', bytes: 10, sha256: 'a'.repeat(64), files: 3, variants: 1, elapsedMs: 1 } } });
    finish(jobStore.find(951)!);
    await run;
    exportDialog.close();
    openExportDialog(6);
    expect(exportTargetStore.get()).toBe(6);
    expect(exportDialog.store.get().jobKey).toBeNull();
  });
});

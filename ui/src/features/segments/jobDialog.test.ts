import { describe, expect, it } from 'vitest';
import { jobStore, type JobEntry, type StartedJob } from '../../ipc';
import { createJobDialog, jobPhase } from './jobDialog';

const entry = (status: JobEntry['status'], extra: Partial<JobEntry> = {}): JobEntry => ({
  key: 1, jobId: 7, label: 'Fit', status, progress: null, output: null, error: null, cancelling: false, ...extra,
});

describe('job phases', () => {
  it('follows the job, a start error first', () => {
    expect(jobPhase(undefined, null)).toEqual({ phase: 'idle' });
    expect(jobPhase(entry('starting'), null).phase).toBe('running');
    expect(jobPhase(entry('running'), null).phase).toBe('running');
    expect(jobPhase(entry('cancelled'), null)).toEqual({ phase: 'cancelled' });
    expect(jobPhase(entry('done'), null).phase).toBe('done');
    const error = { code: 'invalidInput' as const, message: 'k_min must not exceed k_max' };
    expect(jobPhase(entry('failed', { error }), null)).toEqual({ phase: 'failed', error });
    expect(jobPhase(entry('running'), error)).toEqual({ phase: 'failed', error });
  });
});

describe('a job dialog', () => {
  it('keeps the running job when closed and reopened, and starts fresh after it finished', async () => {
    const dialog = createJobDialog();
    dialog.open();
    let finish: (job: JobEntry) => void = () => {};
    const finished = new Promise<JobEntry>((resolve) => (finish = resolve));
    jobStore.dispatch({ type: 'start', key: 901, label: 'Fit' });
    const started: StartedJob = { key: 901, jobId: 3, finished };
    const done: JobEntry[] = [];
    const run = dialog.start([async () => started], (job) => done.push(job));
    await Promise.resolve();
    await Promise.resolve();
    expect(dialog.store.get()).toEqual({ open: true, jobKey: 901, startError: null });
    dialog.close();
    dialog.open();
    expect(dialog.store.get().jobKey).toBe(901);

    jobStore.dispatch({ type: 'event', key: 901, event: { state: 'cancelled', jobId: 3 } });
    finish(jobStore.find(901)!);
    await run;
    expect(done).toEqual([]);
    dialog.open();
    expect(dialog.store.get()).toEqual({ open: true, jobKey: null, startError: null });
  });

  it('reports a refused start and calls back when a job is done', async () => {
    const dialog = createJobDialog();
    await dialog.start([() => Promise.reject({ code: 'noWorkspace', message: 'No workspace is open' })], () => {});
    expect(dialog.store.get().startError).toEqual({ code: 'noWorkspace', message: 'No workspace is open' });
    const job = entry('done', { key: 902 });
    const done: JobEntry[] = [];
    await dialog.start([async () => ({ key: 902, jobId: 4, finished: Promise.resolve(job) })], (j) => done.push(j));
    expect(done).toEqual([job]);
    expect(dialog.store.get().startError).toBeNull();
  });

  it('chains jobs, and stops at one that did not finish well', async () => {
    const dialog = createJobDialog();
    const started = (key: number, status: JobEntry['status']): StartedJob => ({ key, jobId: key, finished: Promise.resolve(entry(status, { key })) });
    const done: number[] = [];
    await dialog.start([async () => started(903, 'done'), async () => started(904, 'done')], (j) => done.push(j.key));
    expect(done).toEqual([904]);
    expect(dialog.store.get().jobKey).toBe(904);
    let second = false;
    await dialog.start([async () => started(905, 'failed'), async () => ((second = true), started(906, 'done'))], (j) => done.push(j.key));
    expect(second).toBe(false);
    expect(done).toEqual([904]);
    expect(dialog.store.get().jobKey).toBe(905);
  });
});

import { describe, expect, it } from 'vitest';
import type { JobEvent } from './types';
import { jobFraction, jobsReducer, type JobEntry } from './jobStore';

const report = {
  kind: 'catalog' as const,
  file: '/data/songs.csv',
  rows: 10,
  tracksNew: 9,
  tracksUpdated: 1,
  repeatedRows: 0,
  playlistsNew: 0,
  playlistsUpdated: 0,
  elapsedMs: 12,
};

function run(...events: JobEvent[]): JobEntry {
  let s = jobsReducer([], { type: 'start', key: 1, label: 'Import' });
  for (const event of events) s = jobsReducer(s, { type: 'event', key: 1, event });
  return s[0]!;
}

describe('jobsReducer', () => {
  it('starts, attaches and reports progress', () => {
    let s = jobsReducer([], { type: 'start', key: 1, label: 'Import' });
    expect(s[0]!.status).toBe('starting');
    s = jobsReducer(s, { type: 'attach', key: 1, jobId: 7 });
    expect(s[0]).toMatchObject({ status: 'running', jobId: 7 });
    s = jobsReducer(s, { type: 'event', key: 1, event: { state: 'progress', jobId: 7, progress: { done: 5, total: 10 } } });
    expect(jobFraction(s[0]!.progress)).toBe(0.5);
  });

  it('accepts progress that arrives before the job id', () => {
    const job = run({ state: 'progress', jobId: 3, progress: { done: 1, total: 4 } });
    expect(job).toMatchObject({ status: 'running', jobId: 3 });
  });

  it('keeps the final state: late progress does not revive a finished job', () => {
    const job = run(
      { state: 'done', jobId: 3, output: report },
      { state: 'progress', jobId: 3, progress: { done: 1, total: 4 } },
    );
    expect(job.status).toBe('done');
    expect(job.output).toEqual(report);
  });

  it('records failure and cancellation', () => {
    const failed = run({ state: 'failed', jobId: 3, error: { code: 'badFile', message: 'x.csv line 2' } });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'badFile' } });
    let s = jobsReducer([], { type: 'start', key: 1, label: 'Import' });
    s = jobsReducer(s, { type: 'cancelling', key: 1 });
    expect(s[0]!.cancelling).toBe(true);
    s = jobsReducer(s, { type: 'event', key: 1, event: { state: 'cancelled', jobId: 3 } });
    expect(s[0]).toMatchObject({ status: 'cancelled', cancelling: false });
  });

  it('a command that fails to start marks the job failed; discard and dismiss remove jobs', () => {
    let s = jobsReducer([], { type: 'start', key: 1, label: 'A' });
    s = jobsReducer(s, { type: 'start', key: 2, label: 'B' });
    s = jobsReducer(s, { type: 'startFailed', key: 1, error: { code: 'notFound', message: 'no file' } });
    expect(s[0]!.status).toBe('failed');
    expect(jobsReducer(s, { type: 'dismissFinished' }).map((j) => j.key)).toEqual([2]);
    expect(jobsReducer(s, { type: 'discard', key: 2 }).map((j) => j.key)).toEqual([1]);
  });

  it('fraction is null without a total and clamped otherwise', () => {
    expect(jobFraction(null)).toBeNull();
    expect(jobFraction({ done: 3, total: null })).toBeNull();
    expect(jobFraction({ done: 3, total: 0 })).toBeNull();
    expect(jobFraction({ done: 30, total: 10 })).toBe(1);
  });
});

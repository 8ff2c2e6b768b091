//! Starting jobs: a channel whose messages feed the job store, and a promise of the final state.

import { Channel } from '@tauri-apps/api/core';
import { commands } from './bindings';
import type { IpcError, JobEvent, Result } from './types';
import { isFinished, jobStore, type JobEntry } from './jobStore';
import { call, CommandError, toIpcError } from './result';

let nextKey = 1;


/** A job's channel before the back end has named the job. */
export interface JobChannel {
  key: number;
  channel: Channel<JobEvent>;
  /** Resolves with the job's final entry (done, failed or cancelled). */
  finished: Promise<JobEntry>;
  /** Ties the back end's job id to this entry. */
  attach(jobId: number): void;
  /** Forgets the entry (the command answered without starting a job). */
  discard(): void;
}

function waitFinished(key: number): Promise<JobEntry> {
  return new Promise((resolve) => {
    const check = () => {
      const job = jobStore.find(key);
      if (job && isFinished(job.status)) {
        unsubscribe();
        resolve(job);
      }
    };
    const unsubscribe = jobStore.subscribe(check);
    check();
  });
}

/** Opens a channel for a job that may be started (the launch may or may not build the demo). */
export function openJobChannel(label: string): JobChannel {
  const key = nextKey++;
  jobStore.dispatch({ type: 'start', key, label });
  const channel = new Channel<JobEvent>((event) => jobStore.dispatch({ type: 'event', key, event }));
  return {
    key,
    channel,
    finished: waitFinished(key),
    attach: (jobId) => jobStore.dispatch({ type: 'attach', key, jobId }),
    discard: () => jobStore.dispatch({ type: 'discard', key }),
  };
}

export interface StartedJob {
  key: number;
  jobId: number;
  finished: Promise<JobEntry>;
}

/** Starts a job through `start` (a generated command taking the channel) and tracks it. */
export async function runJob(
  label: string,
  start: (channel: Channel<JobEvent>) => Promise<Result<number, IpcError>>,
): Promise<StartedJob> {
  const job = openJobChannel(label);
  try {
    const jobId = await call(start(job.channel));
    job.attach(jobId);
    return { key: job.key, jobId, finished: job.finished };
  } catch (e) {
    jobStore.dispatch({ type: 'startFailed', key: job.key, error: toIpcError(e) });
    throw e instanceof CommandError ? e : new CommandError(toIpcError(e));
  }
}

/** Asks the back end to cancel the job; the channel reports `cancelled` when it has stopped. */
export async function cancelJob(key: number): Promise<void> {
  const job = jobStore.find(key);
  if (!job || job.jobId === null || isFinished(job.status)) return;
  jobStore.dispatch({ type: 'cancelling', key });
  await call(commands.jobCancel(job.jobId));
}

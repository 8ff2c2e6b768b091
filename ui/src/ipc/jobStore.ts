//! The global list of jobs the UI started (imports, the demo build), fed by their channels.
//! A pure reducer so the state machine is testable; a tiny store around it for React.

import type { IpcError, JobEvent, JobOutput, Progress } from './types';

export type JobStatus = 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** One job as the UI tracks it. `key` is ours (known before the back end answers); `jobId` is the back end's. */
export interface JobEntry {
  key: number;
  jobId: number | null;
  label: string;
  status: JobStatus;
  progress: Progress | null;
  output: JobOutput | null;
  error: IpcError | null;
  cancelling: boolean;
}

export type JobAction =
  | { type: 'start'; key: number; label: string }
  | { type: 'attach'; key: number; jobId: number }
  | { type: 'event'; key: number; event: JobEvent }
  | { type: 'startFailed'; key: number; error: IpcError }
  | { type: 'cancelling'; key: number }
  | { type: 'discard'; key: number }
  | { type: 'dismissFinished' };

export function isFinished(status: JobStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

/** The fraction done in [0, 1], or null while the total is unknown. */
export function jobFraction(progress: Progress | null): number | null {
  if (!progress || progress.total === null || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, (progress.done ?? 0) / progress.total));
}

function update(state: JobEntry[], key: number, f: (job: JobEntry) => JobEntry): JobEntry[] {
  return state.map((job) => (job.key === key ? f(job) : job));
}

function applyEvent(job: JobEntry, event: JobEvent): JobEntry {
  // The final state is final: a late progress message must not revive a finished job.
  if (isFinished(job.status)) return job;
  const withId = { ...job, jobId: event.jobId };
  switch (event.state) {
    case 'progress':
      return { ...withId, status: 'running', progress: event.progress };
    case 'done': {
      const total = job.progress?.total ?? 1;
      return { ...withId, status: 'done', output: event.output, progress: { done: total, total }, cancelling: false };
    }
    case 'failed':
      return { ...withId, status: 'failed', error: event.error, cancelling: false };
    case 'cancelled':
      return { ...withId, status: 'cancelled', cancelling: false };
  }
}

export function jobsReducer(state: JobEntry[], action: JobAction): JobEntry[] {
  switch (action.type) {
    case 'start':
      return [
        ...state,
        {
          key: action.key,
          jobId: null,
          label: action.label,
          status: 'starting',
          progress: null,
          output: null,
          error: null,
          cancelling: false,
        },
      ];
    case 'attach':
      return update(state, action.key, (job) => ({
        ...job,
        jobId: action.jobId,
        status: job.status === 'starting' ? 'running' : job.status,
      }));
    case 'event':
      return update(state, action.key, (job) => applyEvent(job, action.event));
    case 'startFailed':
      return update(state, action.key, (job) => ({ ...job, status: 'failed', error: action.error }));
    case 'cancelling':
      return update(state, action.key, (job) => (isFinished(job.status) ? job : { ...job, cancelling: true }));
    case 'discard':
      return state.filter((job) => job.key !== action.key);
    case 'dismissFinished':
      return state.filter((job) => !isFinished(job.status));
  }
}

type Listener = () => void;

let jobs: JobEntry[] = [];
const listeners = new Set<Listener>();

export const jobStore = {
  get: (): JobEntry[] => jobs,
  find: (key: number): JobEntry | undefined => jobs.find((j) => j.key === key),
  dispatch(action: JobAction): void {
    const next = jobsReducer(jobs, action);
    if (next === jobs) return;
    jobs = next;
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

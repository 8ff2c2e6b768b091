//! A dialog that starts one job at a time and outlives being closed: the job goes on in the
//! background (the jobs indicator tracks it) and reopening the dialog shows it again. A start
//! may chain jobs (rebuild the vectors, then fit): each runs when the one before is done. The
//! fit and the simulation dialogs are two of these.

import { isFinished, jobStore, toIpcError, type IpcError, type JobEntry, type StartedJob } from '../../ipc';
import { createStore, type Store } from '../../components/store';

export interface JobDialogState {
  open: boolean;
  /** The job this dialog started last (the job store's key). */
  jobKey: number | null;
  /** The command refused to start the job. */
  startError: IpcError | null;
}

export interface JobDialog {
  store: Store<JobDialogState>;
  open(): void;
  close(): void;
  /**
   * Starts the jobs one after the other; `onDone` gets the last when all finished well, whether
   * the dialog is open or not. A job that fails or is cancelled ends the chain.
   */
  start(runs: ReadonlyArray<() => Promise<StartedJob>>, onDone: (job: JobEntry) => void): Promise<void>;
}

const closed: JobDialogState = { open: false, jobKey: null, startError: null };

export function createJobDialog(): JobDialog {
  const store = createStore<JobDialogState>(closed);
  return {
    store,
    open() {
      // A finished job's outcome was seen (or reported by its toast): reopen on a fresh form.
      store.set((s) => {
        const job = s.jobKey === null ? undefined : jobStore.find(s.jobKey);
        const running = job !== undefined && !isFinished(job.status);
        return running ? { ...s, open: true } : { ...closed, open: true };
      });
    },
    close() {
      store.set((s) => ({ ...s, open: false }));
    },
    async start(runs, onDone) {
      store.set((s) => ({ ...s, jobKey: null, startError: null }));
      let last: JobEntry | null = null;
      for (const run of runs) {
        let started: StartedJob;
        try {
          started = await run();
        } catch (e) {
          store.set((s) => ({ ...s, startError: toIpcError(e) }));
          return;
        }
        store.set((s) => ({ ...s, jobKey: started.key }));
        last = await started.finished;
        if (last.status !== 'done') return;
      }
      if (last) onDone(last);
    },
  };
}

/** What the dialog shows about its job. */
export type JobPhase =
  | { phase: 'idle' }
  | { phase: 'running'; job: JobEntry }
  | { phase: 'failed'; error: IpcError }
  | { phase: 'cancelled' }
  | { phase: 'done'; job: JobEntry };

export function jobPhase(job: JobEntry | undefined, startError: IpcError | null): JobPhase {
  if (startError) return { phase: 'failed', error: startError };
  if (!job) return { phase: 'idle' };
  switch (job.status) {
    case 'starting':
    case 'running':
      return { phase: 'running', job };
    case 'failed':
      return { phase: 'failed', error: job.error ?? { code: 'internal', message: 'The job failed without saying why.' } };
    case 'cancelled':
      return { phase: 'cancelled' };
    case 'done':
      return { phase: 'done', job };
  }
}

//! The offline evaluation of each playlist, run as a job: one run at a time per playlist, the
//! job tracked by the job store (so the jobs menu shows and cancels it), and the last finished
//! evaluation kept per playlist with what it was computed from, so the dialog and the strength
//! curve show it and say when the seed or its settings have changed since.

import { api, isFinished, jobStore, toIpcError, type EvaluateRequest, type Evaluation, type IpcError, type JobEntry, type PlaylistSettings } from '../../ipc';
import { createStore } from '../../components/store';
import { sameStrength } from './evaluationModel';
import { evaluationOpenStore } from './store';

/** What the studio asks: a fifth of each listener's signals held out, three seeded splits, five strengths. */
export const EVALUATE_REQUEST: EvaluateRequest = { holdout: 0.2, seed: 7, splits: 3, strengths: [0, 0.25, 0.5, 0.75, 1] };

export interface FinishedEvaluation {
  evaluation: Evaluation;
  /** What it was computed from (see `evaluationInputs`). */
  inputs: string;
  finishedAt: number;
}

export interface EvaluationRun {
  /** The job of the latest run (the job store's key); null while it starts or when it could not. */
  jobKey: number | null;
  /** The command is being sent (no job yet). */
  starting: boolean;
  startError: IpcError | null;
  /** What the latest run was started for. */
  inputs: string;
  last: FinishedEvaluation | null;
}

export const evaluationRunsStore = createStore<ReadonlyMap<number, EvaluationRun>>(new Map());

function put(playlist: number, f: (run: EvaluationRun | undefined) => EvaluationRun): void {
  evaluationRunsStore.set((m) => new Map(m).set(playlist, f(m.get(playlist))));
}

/**
 * What an evaluation depends on besides the strength (the curve covers every strength): the seed
 * with its pins, the pool, the other settings. Null while one of them is not known.
 */
export function evaluationInputs(seed: string | null, settings: PlaylistSettings | undefined, pool: readonly string[] | undefined): string | null {
  if (seed === null || settings === undefined || pool === undefined) return null;
  const { strength: _, ...rest } = settings;
  return JSON.stringify([seed, [...pool].sort(), rest]);
}

/** Whether the run's job is still going (or being started). */
export function isRunning(run: EvaluationRun | undefined, job: JobEntry | undefined): boolean {
  if (!run) return false;
  return run.starting || (run.jobKey !== null && job !== undefined && !isFinished(job.status));
}

/**
 * Whether opening the evaluation should start a run: none has finished, or the last one was for
 * another seed or settings, or at another strength (its tables are at the playlist's strength).
 */
export function needsRun(run: EvaluationRun | undefined, running: boolean, inputs: string | null, strength: number | null): boolean {
  if (running || inputs === null) return false;
  const last = run?.last;
  return !last || last.inputs !== inputs || !sameStrength(last.evaluation.strength, strength);
}

/** The evaluation a finished job produced, without its `kind`. */
export function evaluationOf(job: JobEntry): Evaluation | null {
  if (job.status !== 'done' || job.output?.kind !== 'evaluation') return null;
  const { kind: _, ...evaluation } = job.output;
  return evaluation;
}

/** Starts an evaluation of `playlist` unless one is running; the result lands in the store. */
export async function startEvaluation(playlist: number, name: string, inputs: string): Promise<void> {
  const now = evaluationRunsStore.get().get(playlist);
  if (isRunning(now, now?.jobKey == null ? undefined : jobStore.find(now.jobKey))) return;
  put(playlist, (r) => ({ jobKey: null, starting: true, startError: null, inputs, last: r?.last ?? null }));
  let key: number;
  let finished: Promise<JobEntry>;
  try {
    const started = await api.personalizeEvaluate(playlist, EVALUATE_REQUEST, name);
    key = started.key;
    finished = started.finished;
  } catch (e) {
    put(playlist, (r) => ({ ...r!, starting: false, startError: toIpcError(e) }));
    return;
  }
  put(playlist, (r) => ({ ...r!, starting: false, jobKey: key }));
  const job = await finished;
  const evaluation = evaluationOf(job);
  if (evaluation) put(playlist, (r) => ({ ...r!, last: { evaluation, inputs, finishedAt: Date.now() } }));
}

/** Opens the evaluation dialog, starting a run when the last one does not fit the playlist as it is. */
export function openEvaluation(playlist: number, name: string, inputs: string | null, strength: number | null): void {
  evaluationOpenStore.set(true);
  const run = evaluationRunsStore.get().get(playlist);
  const running = isRunning(run, run?.jobKey == null ? undefined : jobStore.find(run.jobKey));
  if (inputs !== null && needsRun(run, running, inputs, strength)) void startEvaluation(playlist, name, inputs);
}

/** How the playlist moved on since an evaluation: its seed, pool or settings, or only its strength. */
export function staleness(last: FinishedEvaluation, inputs: string | null, strength: number | null): { changed: boolean; strengthMoved: boolean } {
  return { changed: inputs !== null && last.inputs !== inputs, strengthMoved: strength !== null && !sameStrength(last.evaluation.strength, strength) };
}

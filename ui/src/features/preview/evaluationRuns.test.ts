import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, type JobEntry, type PlaylistSettings } from '../../ipc';
import { EVALUATE_REQUEST, evaluationInputs, evaluationOf, evaluationRunsStore, isRunning, needsRun, staleness, startEvaluation, type EvaluationRun } from './evaluationRuns';
import { makeEvaluation, scope } from './evaluationFixture';

const settings: PlaylistSettings = { strength: 0.5, expand: { threshold: 0.5, cap: 200 } };
const evaluation = makeEvaluation([scope(0, 'A', 'better', 'better')], 0.5);
const job = (over: Partial<JobEntry> = {}): JobEntry => ({ key: 7, jobId: 3, label: 'Evaluate', status: 'running', progress: null, output: null, error: null, cancelling: false, ...over });
const run = (over: Partial<EvaluationRun> = {}): EvaluationRun => ({ jobKey: 7, starting: false, startError: null, inputs: 'x', last: null, ...over });

afterEach(() => {
  vi.restoreAllMocks();
  evaluationRunsStore.set(new Map());
});

describe('an evaluation run', () => {
  it('asks what the studio asks', () => {
    expect(EVALUATE_REQUEST).toEqual({ holdout: 0.2, seed: 7, splits: 3, strengths: [0, 0.25, 0.5, 0.75, 1] });
  });

  it('depends on the seed, the pool and the settings, not on the strength (the curve covers it)', () => {
    const a = evaluationInputs('1:a,b*', settings, ['x', 'y']);
    expect(a).not.toBeNull();
    expect(evaluationInputs('1:a,b*', { ...settings, strength: 0.9 }, ['y', 'x'])).toBe(a);
    expect(evaluationInputs('1:a*,b', settings, ['x', 'y'])).not.toBe(a);
    expect(evaluationInputs('1:a,b*', { ...settings, expand: null }, ['x', 'y'])).not.toBe(a);
    expect(evaluationInputs(null, settings, [])).toBeNull();
    expect(evaluationInputs('1:a', undefined, [])).toBeNull();
  });

  it('runs when opened unless one runs or the last still fits, strength included', () => {
    const last = { evaluation, inputs: 'x', finishedAt: 0 };
    expect(needsRun(undefined, false, 'x', 0.5)).toBe(true);
    expect(needsRun(run({ last }), false, 'x', 0.5)).toBe(false);
    expect(needsRun(run({ last }), false, 'x', 0.50000001)).toBe(false);
    expect(needsRun(run({ last }), false, 'y', 0.5)).toBe(true);
    expect(needsRun(run({ last }), false, 'x', 0.75)).toBe(true);
    expect(needsRun(run({ last }), true, 'y', 0.5)).toBe(false);
    expect(needsRun(undefined, false, null, 0.5)).toBe(false);
    expect(staleness(last, 'y', 0.75)).toEqual({ changed: true, strengthMoved: true });
    expect(staleness(last, 'x', 0.5)).toEqual({ changed: false, strengthMoved: false });
  });

  it('is running while it starts and while its job runs', () => {
    expect(isRunning(undefined, undefined)).toBe(false);
    expect(isRunning(run({ jobKey: null, starting: true }), undefined)).toBe(true);
    expect(isRunning(run(), job())).toBe(true);
    expect(isRunning(run(), job({ status: 'cancelled' }))).toBe(false);
    // The jobs menu's "Clear finished" forgot the job: it is not running.
    expect(isRunning(run(), undefined)).toBe(false);
  });

  it('keeps the evaluation a finished job produced, without its kind', () => {
    expect(evaluationOf(job({ status: 'done', output: { kind: 'evaluation', ...evaluation } }))).toEqual(evaluation);
    expect(evaluationOf(job({ status: 'failed' }))).toBeNull();
  });

  it('starts the job once and keeps its result for the playlist, the last one staying when a run fails', async () => {
    let finish: (j: JobEntry) => void = () => {};
    const spy = vi.spyOn(api, 'personalizeEvaluate').mockResolvedValue({ key: 41, jobId: 9, finished: new Promise<JobEntry>((r) => (finish = r)) });
    const started = startEvaluation(4, 'Dance Room', 'in');
    // A second open while the command is on its way does not start another.
    await startEvaluation(4, 'Dance Room', 'in');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(4, EVALUATE_REQUEST, 'Dance Room');
    await Promise.resolve();
    expect(evaluationRunsStore.get().get(4)).toMatchObject({ jobKey: 41, starting: false, last: null });
    finish(job({ key: 41, status: 'done', output: { kind: 'evaluation', ...evaluation } }));
    await started;
    expect(evaluationRunsStore.get().get(4)!.last).toMatchObject({ evaluation, inputs: 'in' });

    spy.mockResolvedValue({ key: 42, jobId: 10, finished: Promise.resolve(job({ key: 42, status: 'failed', error: { code: 'internal', message: 'boom' } })) });
    await startEvaluation(4, 'Dance Room', 'in2');
    expect(evaluationRunsStore.get().get(4)).toMatchObject({ jobKey: 42, inputs: 'in2', last: { evaluation, inputs: 'in' } });

    spy.mockRejectedValue({ code: 'invalidInput', message: 'no segment model is active: fit one first' });
    await startEvaluation(4, 'Dance Room', 'in3');
    expect(evaluationRunsStore.get().get(4)!.startError).toEqual({ code: 'invalidInput', message: 'no segment model is active: fit one first' });
  });
});

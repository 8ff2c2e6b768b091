//! A playlist's evaluation run as React sees it: the run, its job and what to show of it.

import { jobStore } from '../../ipc';
import { useStore } from '../../components/store';
import { jobPhase } from '../segments/jobDialog';
import { evaluationRunsStore, isRunning } from './evaluationRuns';

export function useEvaluationRun(playlist: number) {
  const run = useStore(evaluationRunsStore, (m) => m.get(playlist));
  const job = useStore(jobStore, (jobs) => (run?.jobKey == null ? undefined : jobs.find((j) => j.key === run.jobKey)));
  const running = isRunning(run, job);
  return { run, job, running, phase: jobPhase(job, run?.startError ?? null), last: run?.last ?? null };
}

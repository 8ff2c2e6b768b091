//! An evaluation run's state where it is shown (the dialog, the strength curve): progress with a
//! cancel button while it runs, the error in full when it failed, a note when it was cancelled.

import { cancelJob, jobFraction, type JobEntry } from '../../ipc';
import { ProgressBar } from '../../components/ProgressBar';
import { notifyError } from '../../components/toasts';
import type { JobPhase } from '../segments/jobDialog';
import { EVALUATE_REQUEST } from './evaluationRuns';

interface Props {
  running: boolean;
  job: JobEntry | undefined;
  phase: JobPhase;
  /** Whether an earlier evaluation is still on show. */
  hasLast: boolean;
  /** Test ids: `${testId}-running`, `-progress`, `-cancel`, `-error`, `-cancelled`. */
  testId: string;
  /** Where the job goes on when this is closed ("dialog", "tab"): said while it runs. */
  closable?: string;
}

export const EVALUATION_PLAN = `Holding out ${Math.round((EVALUATE_REQUEST.holdout ?? 0.2) * 100)}% of each listener’s signals in ${EVALUATE_REQUEST.splits} seeded splits, rebuilding the engine from the rest, and scoring every segment’s variant at ${EVALUATE_REQUEST.strengths?.length ?? 0} strengths against four other lists.`;

export function EvaluationStatus({ running, job, phase, hasLast, testId, closable }: Props) {
  const left = hasLast ? 'The last evaluation stays on show.' : 'Nothing was evaluated.';
  if (running) {
    const fraction = jobFraction(job?.progress ?? null);
    return (
      <div className="job-run" role="status" data-testid={`${testId}-running`}>
        <div className="job-run-head">
          <span>{job?.cancelling ? 'Cancelling…' : job ? 'Evaluating…' : 'Starting the evaluation…'}</span>
          <span className="muted tabular">{fraction === null ? '' : `${Math.round(fraction * 100)}%`}</span>
          <button
            className="button button-small"
            data-testid={`${testId}-cancel`}
            disabled={!job || job.cancelling || job.jobId === null}
            onClick={() => job && cancelJob(job.key).catch((e) => notifyError(e, 'Cancel'))}
          >
            {job?.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
        <ProgressBar fraction={fraction} label="Evaluation progress" testId={`${testId}-progress`} />
        <p className="muted small">
          {EVALUATION_PLAN}
          {closable && ` You can close this ${closable}: the job goes on, and the jobs indicator in the top bar tracks it.`}
        </p>
      </div>
    );
  }
  if (phase.phase === 'failed') {
    return (
      <div className="callout callout-error" role="alert">
        <div className="callout-title">The evaluation failed ({phase.error.code}). {left}</div>
        <pre className="mono wrap" data-testid={`${testId}-error`}>{phase.error.message}</pre>
      </div>
    );
  }
  if (phase.phase === 'cancelled') {
    return (
      <div className="callout" role="status" data-testid={`${testId}-cancelled`}>
        Cancelled. {left}
      </div>
    );
  }
  return null;
}

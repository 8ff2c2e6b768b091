//! A job dialog's running state and outcome: progress with a cancel button, the error in full,
//! or a note that it was cancelled.

import { cancelJob, jobFraction, type JobEntry } from '../../ipc';
import { ProgressBar } from '../../components/ProgressBar';
import { notifyError } from '../../components/toasts';
import type { JobPhase } from './jobDialog';

interface Props {
  phase: JobPhase;
  /** "Fitting", "Simulating"…, for the progress bar's label. */
  verb: string;
  /** What failed, for the error's title: "The fit failed". */
  failure: string;
  /** Test ids: `${testId}-progress`, `-cancel`, `-error`. */
  testId: string;
  /** What a failed or cancelled job left behind: "the workspace is unchanged" unless said otherwise. */
  unchanged?: string;
}

export function JobRunStatus({ phase, verb, failure, testId, unchanged = 'the workspace is unchanged' }: Props) {
  const left = unchanged.charAt(0).toUpperCase() + unchanged.slice(1);
  if (phase.phase === 'failed') {
    return (
      <div className="callout callout-error" role="alert">
        <div className="callout-title">{failure} ({phase.error.code}); {unchanged}.</div>
        <pre className="mono wrap" data-testid={`${testId}-error`}>{phase.error.message}</pre>
      </div>
    );
  }
  if (phase.phase === 'cancelled') return <div className="callout" role="status">Cancelled. {left}.</div>;
  if (phase.phase !== 'running') return null;
  return <Running job={phase.job} verb={verb} testId={testId} />;
}

function Running({ job, verb, testId }: { job: JobEntry; verb: string; testId: string }) {
  const fraction = jobFraction(job.progress);
  return (
    <div className="job-run" role="status">
      <div className="job-run-head">
        <span>{job.cancelling ? 'Cancelling…' : `${job.label}…`}</span>
        <span className="muted tabular">{fraction === null ? '' : `${Math.round(fraction * 100)}%`}</span>
        <button
          className="button button-small"
          data-testid={`${testId}-cancel`}
          disabled={job.cancelling || job.jobId === null}
          onClick={() => cancelJob(job.key).catch((e) => notifyError(e, 'Cancel'))}
        >
          {job.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <ProgressBar fraction={fraction} label={`${verb} progress`} testId={`${testId}-progress`} />
      <p className="muted small">You can close this dialog: the job goes on, and the jobs indicator in the top bar tracks it.</p>
    </div>
  );
}

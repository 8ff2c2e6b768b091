//! The top bar's jobs indicator: how many jobs run, and a popover listing each with its
//! progress, outcome and a cancel button.

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { cancelJob, isFinished, jobFraction, jobStore, type JobEntry } from '../../ipc';
import { useStore } from '../../components/store';
import { Popover } from '../../components/Popover';
import { ProgressBar } from '../../components/ProgressBar';
import { Icon } from '../../components/Icon';
import { notifyError } from '../../components/toasts';
import { changesWorkspace, describeOutput } from './describe';

export function JobIndicator() {
  useRefreshAfterJobs();
  const jobs = useStore(jobStore);
  const running = jobs.filter((j) => !isFinished(j.status)).length;
  return (
    <Popover
      align="end"
      panelWidth={340}
      testId="job-indicator"
      buttonClassName={running ? 'button button-small job-button is-running' : 'button button-small job-button'}
      title={running ? `${running} job${running > 1 ? 's' : ''} running` : 'Jobs'}
      ariaLabel={running ? `${running} jobs running` : 'Jobs'}
      label={
        <>
          {running ? <span className="spinner" aria-hidden="true" /> : <Icon name="activity" size={14} />}
          <span className="tabular">{running ? running : 'Jobs'}</span>
        </>
      }
    >
      <div className="jobs-panel">
        <div className="jobs-panel-head">
          <span className="section-label">Jobs</span>
          <div className="grow" />
          <button className="button button-small button-ghost" disabled={jobs.every((j) => !isFinished(j.status))} onClick={() => jobStore.dispatch({ type: 'dismissFinished' })}>
            Clear finished
          </button>
        </div>
        {jobs.length === 0 && <div className="muted small pad">No jobs yet. Imports run here, in the background.</div>}
        {[...jobs].reverse().map((job) => (
          <JobRow key={job.key} job={job} />
        ))}
      </div>
    </Popover>
  );
}

function JobRow({ job }: { job: JobEntry }) {
  const fraction = jobFraction(job.progress);
  const finished = isFinished(job.status);
  return (
    <div className={`job-row job-${job.status}`}>
      <div className="job-row-head">
        <span className="ellipsis grow" title={job.label}>{job.label}</span>
        <span className="muted small tabular">
          {job.status === 'running' || job.status === 'starting'
            ? job.cancelling ? 'Cancelling…' : fraction === null ? 'Working…' : `${Math.round(fraction * 100)}%`
            : job.status}
        </span>
        {!finished && (
          <button className="icon-button" aria-label={`Cancel ${job.label}`} title="Cancel" disabled={job.cancelling || job.jobId === null}
            onClick={() => cancelJob(job.key).catch((e) => notifyError(e, 'Cancel'))}>
            <Icon name="close" size={14} />
          </button>
        )}
      </div>
      {!finished && <ProgressBar fraction={fraction} label={job.label} />}
      {job.status === 'done' && job.output && <div className="muted small">{describeOutput(job.output)}</div>}
      {job.status === 'failed' && job.error && <div className="error-text small mono wrap">{job.error.message}</div>}
    </div>
  );
}

/**
 * A finished job changed the workspace: the back end says so with `WorkspaceChanged`, and this
 * refreshes anyway, so the UI is right even if that event is missed. Jobs that only read it (an
 * export, an evaluation) refresh nothing.
 */
export function useRefreshAfterJobs(): void {
  const client = useQueryClient();
  useEffect(() => {
    const seen = new Set<number>();
    return jobStore.subscribe(() => {
      for (const job of jobStore.get()) {
        if (job.status === 'done' && !seen.has(job.key)) {
          seen.add(job.key);
          if (changesWorkspace(job.output)) void client.invalidateQueries();
        }
      }
    });
  }, [client]);
}

//! The frame of a job dialog: a form, then the job's progress or outcome below it, and a footer
//! whose close button only hides the dialog while the job runs. The start button submits the
//! form, so Enter in a field starts the job too.

import { useEffect, useRef, type ReactNode } from 'react';
import { jobStore, type JobEntry } from '../../ipc';
import { Modal } from '../../components/Modal';
import { useStore } from '../../components/store';
import { jobPhase, type JobDialog } from './jobDialog';
import { JobRunStatus } from './JobRunStatus';

interface Props {
  dialog: JobDialog;
  title: string;
  /** Prefix of the test ids: `-dialog`, `-start`, `-close`, `-invalid`, `-progress`, `-cancel`, `-error`. */
  testId: string;
  verb: string;
  failure: string;
  startLabel: string;
  /** Why the form cannot start, if it cannot. */
  invalid: string | null;
  onStart: () => void;
  /** The form's fields; disabled while the job runs. */
  children: ReactNode;
  /** What a finished job produced, shown under the form (dialogs that close when done have none). */
  result?: (job: JobEntry) => ReactNode;
  /** What a failed or cancelled job left behind (default: "the workspace is unchanged"). */
  unchanged?: string;
  width?: number;
}

export function JobFormDialog({ dialog, title, testId, verb, failure, startLabel, invalid, onStart, children, result, unchanged, width = 520 }: Props) {
  const state = useStore(dialog.store);
  const job = useStore(jobStore, (jobs) => (state.jobKey === null ? undefined : jobs.find((j) => j.key === state.jobKey)));
  const phase = jobPhase(job, state.startError);
  const running = phase.phase === 'running';
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Starting disables the focused field (the browser then drops focus to the page) and the
    // end removes the cancel button: keep focus in the dialog, on the news, so Escape still
    // closes it and a screen reader reads the outcome.
    const active = document.activeElement;
    const lost = !active || active === document.body || (active instanceof HTMLElement && active.closest('fieldset:disabled') !== null);
    if (phase.phase !== 'idle' && lost) statusRef.current?.focus();
  }, [phase.phase]);
  if (!state.open) return null;
  const footer = (
    <>
      <div className="grow" />
      <button className="button" data-testid={`${testId}-close`} onClick={dialog.close} title={running ? 'The job goes on in the background' : undefined}>
        {running ? 'Hide' : 'Close'}
      </button>
      <button type="submit" form={`${testId}-form`} className="button button-primary" data-testid={`${testId}-start`} disabled={running || invalid !== null}>
        {startLabel}
      </button>
    </>
  );
  return (
    <Modal title={title} onClose={dialog.close} footer={footer} width={width} testId={`${testId}-dialog`}>
      <form
        id={`${testId}-form`}
        className="job-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running && invalid === null) onStart();
        }}
      >
        <fieldset className="job-form-fields" disabled={running}>
          {children}
        </fieldset>
      </form>
      {invalid !== null && (
        <div className="callout callout-warn small" role="status" data-testid={`${testId}-invalid`}>
          {invalid}
        </div>
      )}
      <div ref={statusRef} tabIndex={-1} className="job-status">
        <JobRunStatus phase={phase} verb={verb} failure={failure} testId={testId} unchanged={unchanged} />
        {phase.phase === 'done' && result?.(phase.job)}
      </div>
    </Modal>
  );
}

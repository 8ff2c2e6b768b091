//! The running import and its final state: progress, the report, or the error in full.

import { jobFraction, type IpcError, type JobEntry } from '../../ipc';
import { ProgressBar } from '../../components/ProgressBar';
import { openPlaylist } from '../playlists/openPlaylist';
import { showView } from '../segments/mainView';
import { CatalogReportView, PackageReportView, PlaylistReportView, SignalReportView } from './ImportReport';

interface Props {
  job: JobEntry | undefined;
  startError: IpcError | null;
  /** Closes the wizard (after opening an imported playlist). */
  onClose: () => void;
}

export function ImportOutcome({ job, startError, onClose }: Props) {
  const error = startError ?? (job?.status === 'failed' ? job.error : null);
  if (error) {
    return (
      <div className="callout callout-error" role="alert">
        <div className="callout-title">The import failed ({error.code}); the workspace is unchanged.</div>
        <pre className="mono wrap" data-testid="import-error">{error.message}</pre>
      </div>
    );
  }
  if (!job) return null;
  if (job.status === 'cancelled') {
    return <div className="callout" data-testid="import-result">Cancelled. The workspace is unchanged.</div>;
  }
  if (job.status === 'done' && job.output) {
    const o = job.output;
    // The wizard starts only imports; other jobs' outputs have no place here.
    if (o.kind !== 'catalog' && o.kind !== 'playlists' && o.kind !== 'signals' && o.kind !== 'package') return null;
    return (
      <div className="import-result" data-testid="import-result">
        <div className="callout callout-ok">Imported {o.file}</div>
        {o.kind === 'catalog' && <CatalogReportView o={o} />}
        {o.kind === 'playlists' && <PlaylistReportView o={o} />}
        {o.kind === 'signals' && <SignalReportView o={o} />}
        {o.kind === 'package' && (
          <>
            <PackageReportView o={o} />
            <div>
              <button
                className="button button-small"
                data-testid="import-open-seed"
                onClick={() => {
                  showView('curate');
                  openPlaylist(o.seedPlaylist);
                  onClose();
                }}
              >
                Open the imported seed
              </button>
            </div>
          </>
        )}
      </div>
    );
  }
  const fraction = jobFraction(job.progress);
  return (
    <div className="import-running">
      <div className="import-running-head">
        <span>{job.cancelling ? 'Cancelling…' : 'Importing…'}</span>
        <span className="muted tabular">{fraction === null ? '' : `${Math.round(fraction * 100)}%`}</span>
      </div>
      <ProgressBar fraction={fraction} label="Import progress" testId="import-progress" />
      <p className="muted small">The studio stays usable while this runs; the jobs indicator in the top bar tracks it too.</p>
    </div>
  );
}

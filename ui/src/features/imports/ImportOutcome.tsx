//! The running import and its final state: progress, the report, or the error in full.

import { jobFraction, type IpcError, type JobEntry } from '../../ipc';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount, formatSeconds } from '../../components/format';

export function ImportOutcome({ job, startError }: { job: JobEntry | undefined; startError: IpcError | null }) {
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
    return (
      <div className="import-result" data-testid="import-result">
        <div className="callout callout-ok">Imported {o.file}</div>
        {o.kind === 'catalog' ? (
          <dl className="report">
            <dt>Rows read</dt><dd>{formatCount(o.rows)}</dd>
            <dt>New tracks</dt><dd>{formatCount(o.tracksNew)}</dd>
            <dt>Updated tracks</dt><dd>{formatCount(o.tracksUpdated)}</dd>
            <dt>Repeated rows merged</dt><dd>{formatCount(o.repeatedRows)}</dd>
            <dt>Playlists new / updated</dt><dd>{formatCount(o.playlistsNew)} / {formatCount(o.playlistsUpdated)}</dd>
            <dt>Time</dt><dd>{formatSeconds(o.elapsedMs, 2)}</dd>
          </dl>
        ) : (
          <>
            <dl className="report">
              <dt>Playlists new / updated</dt><dd>{formatCount(o.playlistsNew)} / {formatCount(o.playlistsUpdated)}</dd>
              <dt>Tracks placed</dt><dd>{formatCount(o.entries)}</dd>
              <dt>Unknown tracks</dt><dd>{formatCount(o.unknownCount)}</dd>
            </dl>
            {o.unknown.length > 0 && (
              <div className="unknown-list">
                <div className="section-label">
                  Rows whose track is not in the catalogue{o.unknownCount > o.unknown.length ? ` (first ${o.unknown.length} of ${formatCount(o.unknownCount)})` : ''}
                </div>
                <div className="preview-scroll">
                  <table className="preview-table">
                    <thead><tr><th>Line</th><th>Playlist</th><th>Track id</th></tr></thead>
                    <tbody>
                      {o.unknown.map((u) => (
                        <tr key={`${u.line}-${u.trackId}`}><td className="tabular">{u.line}</td><td>{u.playlistId}</td><td className="mono">{u.trackId}</td></tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
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

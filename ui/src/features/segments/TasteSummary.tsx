//! What the workspace holds for segmenting: listeners (flagged when simulated), events, and the
//! newest vector build.

import type { TasteStatus } from '../../ipc';
import { formatCount, plural } from '../../components/format';
import { formatMaybeCount, listenersWithoutVectors } from './descriptors';
import { rebuildVectors } from './actions';

export function TasteSummary({ status }: { status: TasteStatus }) {
  const s = status.signals;
  const b = status.build;
  const uncovered = listenersWithoutVectors(status);
  return (
    <dl className="stat-row" aria-label="Listening data">
      <div className="stat">
        <dt>Listeners</dt>
        <dd className="tabular" data-testid="segments-listeners">
          {formatCount(s.listeners)}
          {s.simulated > 0 && (
            <span
              className="sim-badge"
              data-testid="segments-simulated"
              title="Drawn by the listener simulator from a known mixture of tastes: not real people"
            >
              {s.simulated === s.listeners ? 'Simulated listeners' : `Simulated listeners: ${formatCount(s.simulated)}`}
            </span>
          )}
        </dd>
      </div>
      <div className="stat">
        <dt>Events</dt>
        <dd className="tabular" title={`${formatCount(s.pairs)} listener–track pairs${s.artistPairs ? `, ${formatCount(s.artistPairs)} listener–artist pairs` : ''}`}>
          {formatMaybeCount(s.events)}
        </dd>
      </div>
      <div className="stat">
        <dt>Vectors</dt>
        <dd className="tabular" data-testid="segments-build">
          {b === null ? (
            <span className="muted">not built yet</span>
          ) : (
            <span title={`Built ${new Date(b.createdAt).toLocaleString()}: ${b.stats.vectors.dims} dimensions (${b.stats.vectors.contentDims} content, ${b.stats.vectors.collabDims} collaborative), ${formatCount(b.stats.vectors.cold)} cold-start tracks`}>
              #{b.id} · {plural(b.stats.vectors.tracks, 'track')} × {b.stats.vectors.dims} · {formatCount(b.stats.eligible)} of {formatCount(b.stats.listeners)} listeners eligible
            </span>
          )}
          {uncovered > 0 && (
            <>
              <span className="stale-badge" data-testid="segments-stale" title="Signals arrived after the newest build: a fit on it leaves these listeners out">
                {plural(uncovered, 'listener')} not in it
              </span>
              <button className="button button-small" data-testid="segments-stale-rebuild" onClick={rebuildVectors}>
                Rebuild
              </button>
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}

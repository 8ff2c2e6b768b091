//! What a finished import did, per kind: the counts, and the rows that were left out with
//! examples (unknown tracks of a playlist file or a package, unknown tracks or artists of a
//! signal file).

import type { ReactNode } from 'react';
import type { CatalogReport, PackageImportReport, PlaylistReport, SignalReport } from '../../ipc';
import { formatCount, formatSeconds } from '../../components/format';
import { SIGNAL_SHAPES } from './SignalOptions';
import { packagePlaylists, unknownTrackLabel } from './reports';

/** How many skipped rows a report lists at most. */
export const MAX_EXAMPLES = 20;

export function CatalogReportView({ o }: { o: CatalogReport }) {
  return (
    <dl className="report">
      <dt>Rows read</dt><dd>{formatCount(o.rows)}</dd>
      <dt>New tracks</dt><dd>{formatCount(o.tracksNew)}</dd>
      <dt>Updated tracks</dt><dd>{formatCount(o.tracksUpdated)}</dd>
      <dt>Repeated rows merged</dt><dd>{formatCount(o.repeatedRows)}</dd>
      <dt>Playlists new / updated</dt><dd>{formatCount(o.playlistsNew)} / {formatCount(o.playlistsUpdated)}</dd>
      <dt>Time</dt><dd>{formatSeconds(o.elapsedMs, 2)}</dd>
    </dl>
  );
}

export function PlaylistReportView({ o }: { o: PlaylistReport }) {
  return (
    <>
      <dl className="report">
        <dt>Playlists new / updated</dt><dd>{formatCount(o.playlistsNew)} / {formatCount(o.playlistsUpdated)}</dd>
        <dt>Tracks placed</dt><dd>{formatCount(o.entries)}</dd>
        <dt>Matched by artist and title</dt><dd data-testid="import-matched-by-name">{formatCount(o.matchedByName)}</dd>
        <dt>Unknown tracks</dt><dd>{formatCount(o.unknownCount)}</dd>
      </dl>
      {o.matchedByName > 0 && (
        <p className="muted small">Entries without a known track id were found by artist and title; check those playlists for a wrong match.</p>
      )}
      <Examples
        title="Entries whose track is not in the catalogue"
        total={o.unknownCount}
        head={['Line', 'Playlist', 'Track']}
        rows={o.unknown.map((u, i) => ({ key: `${u.line}-${i}`, line: u.line, cells: [u.playlistId, unknownTrackLabel(u)] }))}
      />
    </>
  );
}

export function PackageReportView({ o }: { o: PackageImportReport }) {
  return (
    <>
      <dl className="report" data-testid="import-package-report" data-seed-playlist={o.seedPlaylist} data-variant-playlists={o.variantPlaylists.join(',')}>
        <dt>Playlists</dt><dd>{packagePlaylists(o.variantPlaylists.length)}</dd>
        <dt>Playlists new / updated</dt><dd>{formatCount(o.playlistsNew)} / {formatCount(o.playlistsUpdated)}</dd>
        <dt>Tracks placed</dt><dd>{formatCount(o.entries)}</dd>
        <dt>Unknown tracks</dt><dd>{formatCount(o.unknownCount)}</dd>
      </dl>
      {o.playlistsUpdated > 0 && <p className="muted small">Playlists imported from this package before were replaced by its contents.</p>}
      <Examples
        title="Entries left out because the catalogue does not have their track"
        total={o.unknownCount}
        head={['Position', 'Playlist', 'Track id']}
        rows={o.unknown.map((u, i) => ({ key: `${u.line}-${i}`, line: u.line, cells: [u.playlistId, unknownTrackLabel(u)] }))}
      />
    </>
  );
}

export function SignalReportView({ o }: { o: SignalReport }) {
  const artists = o.shape === 'artist-plays';
  const shape = SIGNAL_SHAPES.find((s) => s.kind === o.shape)?.label ?? o.shape;
  return (
    <>
      <dl className="report" data-testid="import-signals-report">
        <dt>Shape</dt><dd>{shape}</dd>
        <dt>Rows read</dt><dd>{formatCount(o.rows)}</dd>
        <dt>Accepted</dt><dd>{formatCount(o.accepted)}</dd>
        <dt>Skipped</dt>
        <dd>
          {formatCount(o.skipped)}
          {o.skipped > 0 && <span className="muted"> ({formatCount(o.skippedDistinct)} distinct unknown {artists ? 'artists' : 'tracks'})</span>}
        </dd>
        <dt>Listeners</dt><dd>{formatCount(o.listeners)} <span className="muted">({formatCount(o.listenersNew)} new)</span></dd>
        <dt>{artists ? 'Listener–artist pairs' : 'Listener–track pairs'}</dt><dd>{formatCount(o.pairs)}</dd>
        {artists && (<><dt>Artists matched</dt><dd>{formatCount(o.artistsMatched)}</dd></>)}
        <dt>Time</dt><dd>{formatSeconds(o.elapsedMs, 2)}</dd>
      </dl>
      <Examples
        title={`Rows skipped because the catalogue does not have their ${artists ? 'artist' : 'track'}`}
        total={o.skipped}
        head={['Line', 'Listener', artists ? 'Artist' : 'Track id']}
        rows={o.examples.map((x) => ({ key: `${x.line}-${x.unknown}`, line: x.line, cells: [x.listener, x.unknown] }))}
      />
      <p className="muted small">To use these signals in segments, rebuild the vectors (Segments view, More menu), then fit a model.</p>
    </>
  );
}

interface ExamplesProps {
  title: string;
  total: number;
  head: [string, string, string];
  rows: Array<{ key: string; line: number; cells: [string, string] }>;
}

function Examples({ title, total, head, rows }: ExamplesProps): ReactNode {
  const shown = rows.slice(0, MAX_EXAMPLES);
  if (shown.length === 0) return null;
  return (
    <div className="unknown-list" data-testid="import-examples">
      <div className="section-label">
        {title}
        {total > shown.length ? ` (first ${shown.length} of ${formatCount(total)})` : ''}
      </div>
      <div className="preview-scroll">
        <table className="preview-table">
          <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key}><td className="tabular">{r.line}</td><td>{r.cells[0]}</td><td className="mono">{r.cells[1]}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

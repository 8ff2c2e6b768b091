//! Step 1 of the import wizard: what to import (a catalogue, seed playlists or listener signals),
//! the file, the options of that kind, and why the file could not be read if it could not.

import type { ReactNode } from 'react';
import { pickImportFile, type IpcError } from '../../ipc';
import { Icon } from '../../components/Icon';
import { notifyError } from '../../components/toasts';

export type ImportKind = 'catalog' | 'playlists' | 'signals';

interface Props {
  kind: ImportKind;
  path: string;
  error: IpcError | null;
  onKind: (k: ImportKind) => void;
  onPath: (p: string) => void;
  onSubmit: () => void;
  /** Options of the chosen kind, shown under the file. */
  children?: ReactNode;
}

export function ImportSource({ kind, path, error, onKind, onPath, onSubmit, children }: Props) {
  const browse = async () => {
    try {
      const picked = await pickImportFile();
      if (picked) onPath(picked);
    } catch (e) {
      notifyError(e, 'Browse');
    }
  };
  return (
    <div className="import-source">
      <fieldset className="kind-choice">
        <legend className="section-label">What to import</legend>
        <label className={kind === 'catalog' ? 'kind-option is-on' : 'kind-option'}>
          <input type="radio" name="import-kind" data-testid="import-kind-catalog" checked={kind === 'catalog'} onChange={() => onKind('catalog')} />
          <span>
            <strong>Catalogue</strong>
            <span className="muted small">Tracks with their audio features: CSV, TSV or JSON lines, optionally gzipped. Columns are mapped in the next step.</span>
          </span>
        </label>
        <label className={kind === 'playlists' ? 'kind-option is-on' : 'kind-option'}>
          <input type="radio" name="import-kind" data-testid="import-kind-playlists" checked={kind === 'playlists'} onChange={() => onKind('playlists')} />
          <span>
            <strong>Seed playlists</strong>
            <span className="muted small">Rows of playlist_id, playlist_name, track_id, position. Tracks must already be in the catalogue.</span>
          </span>
        </label>
        <label className={kind === 'signals' ? 'kind-option is-on' : 'kind-option'}>
          <input type="radio" name="import-kind" data-testid="import-kind-signals" checked={kind === 'signals'} onChange={() => onKind('signals')} />
          <span>
            <strong>Listener signals</strong>
            <span className="muted small">Plays, skips and saves; play counts; or artist-level plays. For listener segments.</span>
          </span>
        </label>
      </fieldset>
      <label className="field">
        <span className="section-label">File</span>
        <div className="path-row">
          <input
            className="input mono"
            data-testid="import-path"
            placeholder="/absolute/path/to/file.csv"
            value={path}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onPath(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && onSubmit()}
          />
          <button className="button" onClick={() => void browse()}>
            <Icon name="folder" size={14} /> Browse…
          </button>
        </div>
      </label>
      {children}
      {error && (
        <div className="callout callout-error" role="alert">
          <div className="callout-title">The file cannot be read ({error.code})</div>
          <pre className="mono wrap" data-testid="import-error">{error.message}</pre>
        </div>
      )}
    </div>
  );
}

//! Step 1 of the import wizard: what to import (a catalogue, seed playlists, listener signals or
//! a playlist package), the file, the options of that kind, and why the file could not be read.

import type { ReactNode } from 'react';
import { pickImportFile, type ImportFileKind, type IpcError } from '../../ipc';
import { Icon } from '../../components/Icon';
import { notifyError } from '../../components/toasts';

export type ImportKind = ImportFileKind;

export const IMPORT_KINDS: ReadonlyArray<{ kind: ImportKind; label: string; text: string; placeholder: string }> = [
  {
    kind: 'catalog',
    label: 'Catalogue',
    text: 'Tracks with their audio features: CSV, TSV or JSON lines, optionally gzipped. Columns are mapped in the next step.',
    placeholder: '/absolute/path/to/catalogue.csv',
  },
  {
    kind: 'playlists',
    label: 'Seed playlists',
    text: 'Rows of playlist_id, playlist_name, track_id, position; or JSPF, XSPF and M3U8/M3U playlist files, matched by track id or by artist and title. Tracks must already be in the catalogue.',
    placeholder: '/absolute/path/to/playlists.csv or .jspf, .xspf, .m3u8',
  },
  {
    kind: 'signals',
    label: 'Listener signals',
    text: 'Plays, skips and saves; play counts; or artist-level plays. For listener segments.',
    placeholder: '/absolute/path/to/events.csv',
  },
  {
    kind: 'package',
    label: 'Playlist package (.zip)',
    text: 'A package exported by Segue: its seed and each segment variant become playlists. It is verified first; a damaged one changes nothing.',
    placeholder: '/absolute/path/to/package.zip',
  },
];

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
      const picked = await pickImportFile(kind);
      if (picked) onPath(picked);
    } catch (e) {
      notifyError(e, 'Browse');
    }
  };
  return (
    <div className="import-source">
      <fieldset className="kind-choice">
        <legend className="section-label">What to import</legend>
        {IMPORT_KINDS.map((k) => (
          <label key={k.kind} className={kind === k.kind ? 'kind-option is-on' : 'kind-option'}>
            <input type="radio" name="import-kind" data-testid={`import-kind-${k.kind}`} checked={kind === k.kind} onChange={() => onKind(k.kind)} />
            <span>
              <strong>{k.label}</strong>
              <span className="muted small">{k.text}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="section-label">File</span>
        <div className="path-row">
          <input
            className="input mono"
            data-testid="import-path"
            placeholder={IMPORT_KINDS.find((k) => k.kind === kind)?.placeholder}
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

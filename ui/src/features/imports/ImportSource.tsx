import { pickImportFile, type IpcError } from '../../ipc';
import { Icon } from '../../components/Icon';
import { notifyError } from '../../components/toasts';

export type ImportKind = 'catalog' | 'playlists';

interface Props {
  kind: ImportKind;
  path: string;
  error: IpcError | null;
  onKind: (k: ImportKind) => void;
  onPath: (p: string) => void;
  onSubmit: () => void;
}

export function ImportSource({ kind, path, error, onKind, onPath, onSubmit }: Props) {
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
      {error && (
        <div className="callout callout-error" role="alert">
          <div className="callout-title">The file cannot be read ({error.code})</div>
          <pre className="mono wrap" data-testid="import-error">{error.message}</pre>
        </div>
      )}
    </div>
  );
}

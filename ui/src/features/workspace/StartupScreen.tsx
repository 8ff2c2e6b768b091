//! What fills the window until a workspace is open: the launch, the demo being prepared, or
//! the reason the launch workspace could not be opened, with the ways forward.

import { jobFraction, jobStore, type IpcError } from '../../ipc';
import { useStore } from '../../components/store';
import { ProgressBar } from '../../components/ProgressBar';
import { Icon } from '../../components/Icon';
import { chooseAndCreate, chooseAndOpen, openDemo, openWorkspace } from './session';
import { useRecentWorkspaces } from './useWorkspace';

export function Launching() {
  return (
    <div className="startup">
      <div className="startup-card">
        <div className="startup-brand">Segue</div>
        <p className="muted">Opening workspace…</p>
      </div>
    </div>
  );
}

export function PreparingDemo({ jobKey }: { jobKey: number }) {
  const job = useStore(jobStore, (jobs) => jobs.find((j) => j.key === jobKey));
  const fraction = jobFraction(job?.progress ?? null);
  return (
    <div className="startup" aria-busy="true">
      <div className="startup-card">
        <div className="startup-brand">Segue</div>
        <h1 className="startup-title">Preparing the demo workspace…</h1>
        <p className="muted">Importing the bundled Spotify catalogue and its playlists. This happens once.</p>
        <ProgressBar fraction={fraction} label="Preparing the demo workspace" testId="demo-progress" />
        <div className="muted small tabular">{fraction === null ? 'Starting…' : `${Math.round(fraction * 100)}%`}</div>
      </div>
    </div>
  );
}

export function ChooseWorkspace({ error }: { error: IpcError | null }) {
  const recent = useRecentWorkspaces();
  return (
    <div className="startup">
      <div className="startup-card startup-card-wide">
        <div className="startup-brand">Segue</div>
        {error ? (
          <div className="callout callout-error" role="alert">
            <div className="callout-title">The workspace could not be opened ({error.code})</div>
            <pre className="mono wrap">{error.message}</pre>
          </div>
        ) : (
          <h1 className="startup-title">Open a workspace to begin</h1>
        )}
        <div className="startup-actions">
          <button className="button button-primary" onClick={() => void chooseAndOpen()}>
            <Icon name="folder" /> Open…
          </button>
          <button className="button" onClick={() => void chooseAndCreate()}>
            <Icon name="plus" /> New workspace…
          </button>
          <button className="button" onClick={() => void openDemo()}>
            <Icon name="music" /> Open demo
          </button>
        </div>
        {recent.data && recent.data.length > 0 && (
          <div className="startup-recent">
            <div className="section-label">Recent</div>
            {recent.data.map((r) => (
              <button key={r.path} className="recent-item" disabled={!r.exists} onClick={() => void openWorkspace(r.path)} title={r.path}>
                <Icon name="file" />
                <span className="ellipsis">{r.path}</span>
                {!r.exists && <span className="muted small">missing</span>}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

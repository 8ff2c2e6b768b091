//! The import wizard: choose what (a catalogue, seed playlists, listener signals or a playlist
//! package) and which file; for a catalogue, check the preview and the column mapping; then the job runs (in the
//! background too: see the jobs indicator) and its outcome is shown in full.

import { useState } from 'react';
import { api, cancelJob, isFinished, jobStore, toIpcError, type CatalogPreview, type ColumnMapping, type IpcError } from '../../ipc';
import { Modal } from '../../components/Modal';
import { useStore, createStore } from '../../components/store';
import { notifyError } from '../../components/toasts';
import { ImportSource, type ImportKind } from './ImportSource';
import { MappingStep } from './MappingStep';
import { ImportOutcome } from './ImportOutcome';
import { SignalOptionsFields, type SignalOptions } from './SignalOptions';
import { missingRequired } from './mapping';

export const importWizardStore = createStore(false);
/** The kind the wizard opens on. */
const initialKind = createStore<ImportKind>('catalog');

export function openImportWizard(kind: ImportKind = 'catalog'): void {
  initialKind.set(kind);
  importWizardStore.set(true);
}

const TITLES: Record<ImportKind, string> = {
  catalog: 'Import catalogue',
  playlists: 'Import seed playlists',
  signals: 'Import listener signals',
  package: 'Import a playlist package',
};

type Step =
  | { step: 'source'; error: IpcError | null }
  | { step: 'mapping'; preview: CatalogPreview; mapping: ColumnMapping }
  | { step: 'job'; jobKey: number | null; startError: IpcError | null };

export function ImportWizard() {
  const open = useStore(importWizardStore);
  return open ? <Wizard onClose={() => importWizardStore.set(false)} /> : null;
}

function Wizard({ onClose }: { onClose: () => void }) {
  const [kind, setKind] = useState<ImportKind>(initialKind.get);
  const [path, setPath] = useState('');
  const [signals, setSignals] = useState<SignalOptions>({ kind: 'events', strict: false });
  const [state, setState] = useState<Step>({ step: 'source', error: null });
  const [busy, setBusy] = useState(false);
  const job = useStore(jobStore, (jobs) => (state.step === 'job' && state.jobKey !== null ? jobs.find((j) => j.key === state.jobKey) : undefined));

  const start = async (run: () => Promise<{ key: number }>) => {
    setBusy(true);
    try {
      const started = await run();
      setState({ step: 'job', jobKey: started.key, startError: null });
    } catch (e) {
      setState({ step: 'job', jobKey: null, startError: toIpcError(e) });
    } finally {
      setBusy(false);
    }
  };

  const next = async () => {
    const p = path.trim();
    if (kind === 'playlists') return start(() => api.importPlaylists(p));
    if (kind === 'signals') return start(() => api.signalsImport(p, signals.kind, signals.strict));
    if (kind === 'package') return start(() => api.packageImport(p));
    setBusy(true);
    try {
      const preview = await api.importPreviewCatalog(p);
      setState({ step: 'mapping', preview, mapping: preview.mapping });
    } catch (e) {
      setState({ step: 'source', error: toIpcError(e) });
    } finally {
      setBusy(false);
    }
  };

  const running = state.step === 'job' && job !== undefined && !isFinished(job.status);
  const missing = state.step === 'mapping' ? missingRequired(state.mapping, state.preview.columns) : [];

  const footer = (
    <>
      {state.step === 'mapping' && (
        <button className="button" onClick={() => setState({ step: 'source', error: null })}>
          Back
        </button>
      )}
      <div className="grow" />
      {running && job && (
        <button className="button" data-testid="import-cancel" disabled={job.cancelling || job.jobId === null}
          onClick={() => cancelJob(job.key).catch((e) => notifyError(e, 'Cancel'))}>
          {job.cancelling ? 'Cancelling…' : 'Cancel import'}
        </button>
      )}
      <button className="button" data-testid="import-close" onClick={onClose} title={running ? 'The import goes on in the background' : undefined}>
        {state.step === 'job' && !running ? 'Done' : running ? 'Hide' : 'Cancel'}
      </button>
      {state.step === 'source' && (
        <button className="button button-primary" data-testid="import-next" disabled={!path.trim() || busy} onClick={() => void next()}>
          {busy ? 'Reading…' : kind === 'catalog' ? 'Next' : 'Import'}
        </button>
      )}
      {state.step === 'mapping' && (
        <button
          className="button button-primary"
          data-testid="import-start"
          disabled={missing.length > 0 || busy}
          title={missing.length ? 'Map every required field first' : undefined}
          onClick={() => void start(() => api.importCatalog(path.trim(), state.mapping))}
        >
          Import
        </button>
      )}
    </>
  );

  return (
    <Modal title={TITLES[kind]} onClose={onClose} footer={footer} width={state.step === 'mapping' ? 860 : 680}>
      {state.step === 'source' && (
        <ImportSource kind={kind} path={path} error={state.error} onKind={setKind} onPath={setPath} onSubmit={() => path.trim() && !busy && void next()}>
          {kind === 'signals' && <SignalOptionsFields options={signals} onChange={setSignals} />}
        </ImportSource>
      )}
      {state.step === 'mapping' && (
        <MappingStep preview={state.preview} mapping={state.mapping} missing={missing} onMapping={(mapping) => setState({ ...state, mapping })} />
      )}
      {state.step === 'job' && <ImportOutcome job={job} startError={state.startError} onClose={onClose} />}
    </Modal>
  );
}

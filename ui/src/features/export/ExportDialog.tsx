//! Exporting the open seed with its segment variants as a playlist package: which segments and
//! formats, where to save it, then a job (progress, cancel) whose result can be revealed in the
//! file manager and verified. Needs an active segment model: without one the dialog says why.

import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, pickPackageDestination, type JobEntry, type ModelView, type PlaylistFileFormat } from '../../ipc';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { notify, notifyError } from '../../components/toasts';
import { formatBytes, formatCount } from '../../components/format';
import { JobFormDialog } from '../segments/JobFormDialog';
import { segmentKeys } from '../segments/queries';
import { showView } from '../segments/mainView';
import { usePlaylistDetail } from '../seed/useSeed';
import { useWorkspaceInfo } from '../workspace/useWorkspace';
import { exportDialog, exportTargetStore } from './exportDialog';
import { defaultExportForm, defaultPackagePath, exportRequest, FORMATS, packageFileName, toggled, type ExportForm } from './form';
import { ExportResultView } from './ExportResultView';

function exportDone(job: JobEntry): void {
  const o = job.output;
  // The dialog shows the result; a hidden dialog's export still deserves a word.
  if (o?.kind === 'export' && !exportDialog.store.get().open) notify(`${o.path} (${formatBytes(o.bytes)})`, 'Package exported');
}

export function ExportDialog() {
  const playlist = useStore(exportTargetStore);
  // Keyed by playlist: the form starts afresh for another playlist, and keeps the editor's
  // choices (and a running export) while it is hidden.
  return playlist === null ? null : <ExportFormDialog key={playlist} playlist={playlist} />;
}

function useActiveModel(enabled: boolean) {
  return useQuery({ queryKey: segmentKeys.model(null), queryFn: () => api.segmentsModel(null), enabled });
}

function ExportFormDialog({ playlist }: { playlist: number }) {
  const open = useStore(exportDialog.store, (s) => s.open);
  const detail = usePlaylistDetail(open ? playlist : null);
  const model = useActiveModel(open);
  const info = useWorkspaceInfo();
  const [form, setForm] = useState<ExportForm>(() => defaultExportForm(''));
  // Null follows the default: beside the workspace, named after the playlist.
  const [path, setPath] = useState<string | null>(null);
  const name = detail.data?.summary.name ?? '';
  const effectivePath = path ?? defaultPackagePath(info.data?.path, name);
  const set = (patch: Partial<ExportForm>) => setForm((f) => ({ ...f, ...patch }));

  const segments = model.data?.segments.map((s) => s.index) ?? [];
  const filled = { ...form, path: effectivePath };
  const parsed = exportRequest(playlist, filled, segments);
  const invalid =
    model.data === null
      ? 'No segment model is active: fit one, or make one active, in the Segments view.'
      : model.data === undefined || detail.data === undefined
        ? model.isError || detail.isError
          ? 'The playlist or the segments could not be loaded.'
          : 'Loading the playlist and its segments…'
        : detail.data.items.length === 0
          ? 'This playlist is empty: add tracks before exporting it.'
          : parsed.ok
            ? null
            : parsed.error;

  // The fields appear once the playlist and the model are known; focus moves into them if it
  // was left on the dialog's footer (or dropped) while they loaded.
  const ready = model.data !== undefined && detail.data !== undefined;
  useEffect(() => {
    if (!open || !ready) return;
    const fields = document.getElementById('export-form');
    const active = document.activeElement;
    if (fields && !(active instanceof HTMLElement && fields.contains(active))) fields.querySelector<HTMLElement>('input, button')?.focus();
  }, [open, ready]);

  const choose = async () => {
    try {
      const picked = await pickPackageDestination(effectivePath || packageFileName(name));
      if (picked) setPath(picked);
    } catch (e) {
      notifyError(e, 'Choose');
    }
  };

  return (
    <JobFormDialog
      dialog={exportDialog}
      title={name ? `Export “${name}”` : 'Export a playlist package'}
      testId="export"
      verb="Exporting"
      failure="The export failed"
      startLabel="Export"
      invalid={invalid}
      unchanged="nothing was written"
      width={600}
      onStart={() => {
        if (parsed.ok && invalid === null) void exportDialog.start([() => api.packageExport(parsed.value)], exportDone);
      }}
      result={(job) => (job.output?.kind === 'export' ? <ExportResultView key={job.key} result={job.output} /> : null)}
    >
      {model.data === null ? (
        <NoModel />
      ) : !ready ? (
        <p className="muted small" role="status">
          {model.isError || detail.isError ? 'The playlist or the segments could not be loaded.' : 'Loading the playlist and its segments…'}
        </p>
      ) : (
        <>
          <p className="muted small">
            A zip with the seed and its variant for each segment, in the chosen formats, a manifest with checksums and
            the settings, for a serving system or another workspace.
          </p>
          <SegmentChoice model={model.data} unchecked={form.unchecked} onChange={(unchecked) => set({ unchecked })} />
          <FormatChoice formats={form.formats} onChange={(formats) => set({ formats })} />
          <label className="field">
            <span className="section-label">Save as</span>
            <span className="path-row">
              <input
                className="input mono"
                data-testid="export-path"
                placeholder={`/path/to/${packageFileName(name)}`}
                value={effectivePath}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setPath(e.target.value)}
              />
              <button type="button" className="button" data-testid="export-choose" onClick={() => void choose()}>
                <Icon name="folder" size={14} /> Choose…
              </button>
            </span>
          </label>
          <div className="form-row">
            <label className="number-field export-editor">
              <span className="number-field-label">Editor (optional)</span>
              <input
                className="input input-small"
                data-testid="export-editor"
                placeholder="your user name"
                maxLength={200}
                autoComplete="off"
                value={form.editor}
                onChange={(e) => set({ editor: e.target.value })}
              />
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.reproducible} onChange={(e) => set({ reproducible: e.target.checked })} data-testid="export-reproducible" />
            <span>
              Reproducible
              <span className="muted small"> · a fixed timestamp, so the same playlist, settings and model give a byte-identical package</span>
            </span>
          </label>
        </>
      )}
    </JobFormDialog>
  );
}

function NoModel() {
  return (
    <div className="callout" data-testid="export-no-model">
      <div className="callout-title">No active segment model</div>
      <p className="small">A package holds the seed personalized for each listener segment. Fit a model, or make one active, in the Segments view; then export.</p>
      <p>
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => {
            exportDialog.close();
            showView('segments');
          }}
        >
          Open Segments
        </button>
      </p>
    </div>
  );
}

function SegmentChoice({ model, unchecked, onChange }: { model: ModelView; unchecked: number[]; onChange: (unchecked: number[]) => void }) {
  const order = model.segments.map((s) => s.index);
  const chosen = order.length - order.filter((i) => unchecked.includes(i)).length;
  return (
    <fieldset className="export-group">
      <legend className="section-label">
        Segments <span className="export-count">{chosen} of {order.length}</span>
      </legend>
      <div className="export-options export-segments">
        {model.segments.map((s) => (
          <label key={s.index} className="check">
            <input
              type="checkbox"
              checked={!unchecked.includes(s.index)}
              data-testid={`export-segment-${s.index}`}
              onChange={(e) => onChange(toggled(unchecked, s.index, !e.target.checked, order))}
            />
            <span className="ellipsis" title={s.name}>
              {s.index + 1}. {s.name} <span className="muted small tabular">· {formatCount(s.profile.size)}</span>
            </span>
          </label>
        ))}
      </div>
      <div>
        {/* One button that never disables itself, so the keyboard focus stays on it. */}
        <button type="button" className="button button-small button-ghost" data-testid="export-segments-all" onClick={() => onChange(chosen === order.length ? order : [])}>
          {chosen === order.length ? 'Clear all' : 'Select all'}
        </button>
      </div>
    </fieldset>
  );
}

function FormatChoice({ formats, onChange }: { formats: PlaylistFileFormat[]; onChange: (f: PlaylistFileFormat[]) => void }) {
  const order = FORMATS.map((f) => f.format);
  return (
    <fieldset className="export-group">
      <legend className="section-label">Formats</legend>
      <div className="export-options">
        {FORMATS.map((f) => (
          <label key={f.format} className="check">
            <input
              type="checkbox"
              checked={formats.includes(f.format)}
              data-testid={`export-format-${f.format}`}
              onChange={(e) => onChange(toggled(formats, f.format, e.target.checked, order))}
            />
            <span>
              {f.label} <span className="muted small">· {f.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}


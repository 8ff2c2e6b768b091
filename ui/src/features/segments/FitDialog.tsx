//! Fitting a segment model: the algorithm, k fixed or chosen by silhouette over a range, the
//! seed. The fit runs as a job; when it is done the new model is active and on view.

import { useState } from 'react';
import { api, type JobEntry } from '../../ipc';
import { notify } from '../../components/toasts';
import { formatSeconds, plural } from '../../components/format';
import { createJobDialog } from './jobDialog';
import { JobFormDialog } from './JobFormDialog';
import { Choice, NumberField } from './Field';
import { DEFAULT_FIT, fitParams, type FitForm } from './forms';
import { refreshSegments, useTasteStatus, viewedModelStore } from './queries';
import { formatScore, listenersWithoutVectors } from './descriptors';

export const fitDialog = createJobDialog();

function fitDone(job: JobEntry): void {
  viewedModelStore.set(null);
  fitDialog.close();
  void refreshSegments();
  const o = job.output;
  if (o?.kind === 'segments') {
    notify(
      `${o.k} segments from ${plural(o.metrics.fitted, 'listener')} in ${formatSeconds(o.metrics.elapsedMs)}; silhouette ${formatScore(o.metrics.silhouette)}.`,
      'Model fitted and active',
    );
  }
}

export function FitDialog() {
  const [form, setForm] = useState<FitForm>(DEFAULT_FIT);
  // Null follows the status: rebuild first when listeners were added since the newest build.
  const [rebuildChoice, setRebuild] = useState<boolean | null>(null);
  const status = useTasteStatus().data;
  const uncovered = status ? listenersWithoutVectors(status) : 0;
  const rebuild = rebuildChoice ?? uncovered > 0;
  const parsed = fitParams(form);
  const set = (patch: Partial<FitForm>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <JobFormDialog
      dialog={fitDialog}
      title="Fit a segment model"
      testId="segments-fit"
      verb="Fitting"
      failure="The fit failed"
      startLabel="Start"
      invalid={parsed.ok ? null : parsed.error}
      onStart={() => {
        if (!parsed.ok) return;
        const fit = () => api.segmentsFit(parsed.value);
        void fitDialog.start(rebuild ? [() => api.vectorsBuild(), fit] : [fit], fitDone);
      }}
    >
      <>
        <div className="form-group" role="radiogroup" aria-label="Algorithm">
          <span className="section-label">Algorithm</span>
          <Choice name="fit-algorithm" checked={form.algorithm === 'kmeans'} onSelect={() => set({ algorithm: 'kmeans' })} testId="segments-fit-kmeans">
            k-means <span className="muted small">· k-means++ starts, the best of several seeded runs</span>
          </Choice>
          <Choice name="fit-algorithm" checked={form.algorithm === 'gmm'} onSelect={() => set({ algorithm: 'gmm' })} testId="segments-fit-gmm">
            Gaussian mixture <span className="muted small">· soft, elliptical segments</span>
          </Choice>
        </div>
        <div className="form-group" role="radiogroup" aria-label="Number of segments">
          <span className="section-label">Number of segments</span>
          <Choice name="fit-k" checked={form.mode === 'range'} onSelect={() => set({ mode: 'range' })} testId="segments-fit-range">
            Choose by silhouette
          </Choice>
          {form.mode === 'range' && (
            <div className="form-row indent">
              <NumberField label="k min" value={form.kMin} onChange={(kMin) => set({ kMin })} testId="segments-fit-kmin" width={64} />
              <NumberField label="k max" value={form.kMax} onChange={(kMax) => set({ kMax })} testId="segments-fit-kmax" width={64} />
            </div>
          )}
          <Choice name="fit-k" checked={form.mode === 'fixed'} onSelect={() => set({ mode: 'fixed' })} testId="segments-fit-fixed">
            Fixed
          </Choice>
          {form.mode === 'fixed' && (
            <div className="form-row indent">
              <NumberField label="k" value={form.k} onChange={(k) => set({ k })} testId="segments-fit-k" width={64} />
            </div>
          )}
        </div>
        <div className="form-row">
          <NumberField label="Seed" value={form.seed} onChange={(seed) => set({ seed })} testId="segments-fit-seed" width={120} hint="Same data and seed, same model." />
        </div>
        <label className="check">
          <input type="checkbox" checked={rebuild} onChange={(e) => setRebuild(e.target.checked)} data-testid="segments-fit-rebuild" />
          <span>
            Rebuild the taste vectors first
            <span className="muted small">
              {uncovered > 0
                ? ` · ${plural(uncovered, 'listener')} arrived since the newest build and are not in it`
                : ' · only needed when signals changed since the newest build'}
            </span>
          </span>
        </label>
        <p className="muted small">The fit uses the newest taste vectors (built first if there are none) and makes the new model the active one.</p>
      </>
    </JobFormDialog>
  );
}

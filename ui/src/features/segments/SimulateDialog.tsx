//! Drawing simulated listeners from a seeded mixture of tastes, for trying segments on a
//! catalogue without real listening data. They are labelled as simulated everywhere.

import { useState } from 'react';
import { api, type JobEntry } from '../../ipc';
import { notify } from '../../components/toasts';
import { formatCount } from '../../components/format';
import { createJobDialog } from './jobDialog';
import { JobFormDialog } from './JobFormDialog';
import { NumberField } from './Field';
import { DEFAULT_SIMULATE, simulationParams, type SimulateForm } from './forms';
import { refreshSegments } from './queries';
import { rebuildVectors } from './actions';

export const simulateDialog = createJobDialog();

export function SimulateDialog() {
  const [form, setForm] = useState<SimulateForm>(DEFAULT_SIMULATE);
  const parsed = simulationParams(form);
  const set = (patch: Partial<SimulateForm>) => setForm((f) => ({ ...f, ...patch }));
  const done = (rebuild: boolean) => (job: JobEntry) => {
    simulateDialog.close();
    void refreshSegments();
    if (job.output?.kind === 'simulation') {
      notify(`${formatCount(job.output.listeners)} simulated listeners added${rebuild ? '; rebuilding the vectors' : ''}.`, 'Simulation done');
    }
    if (rebuild) rebuildVectors();
  };
  return (
    <JobFormDialog
      dialog={simulateDialog}
      title="Simulate listeners"
      testId="segments-simulate"
      verb="Simulating"
      failure="The simulation failed"
      startLabel="Simulate"
      invalid={parsed.ok ? null : parsed.error}
      onStart={() => {
        if (parsed.ok) void simulateDialog.start([() => api.signalsSimulate(parsed.value)], done(form.rebuild));
      }}
    >
      <>
        <p className="muted small">
          Adds listeners drawn from a seeded mixture of tastes over this catalogue: plays, skips and saves with a known
          ground truth. They are labelled as simulated wherever the studio shows listeners.
        </p>
        <div className="form-row">
          <NumberField label="Listeners" value={form.listeners} onChange={(listeners) => set({ listeners })} testId="segments-simulate-listeners" width={110} />
          <NumberField label="Tastes" value={form.tastes} onChange={(tastes) => set({ tastes })} testId="segments-simulate-tastes" width={64} />
          <NumberField label="Seed" value={form.seed} onChange={(seed) => set({ seed })} testId="segments-simulate-seed" width={110} />
        </div>
        <label className="check">
          <input type="checkbox" checked={form.rebuild} onChange={(e) => set({ rebuild: e.target.checked })} data-testid="segments-simulate-rebuild" />
          Rebuild the taste vectors afterwards, so the next fit includes these listeners
        </label>
      </>
    </JobFormDialog>
  );
}

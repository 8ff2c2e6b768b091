//! The models of the workspace, newest first, the active one marked; the one on view can be
//! made active or deleted.

import { useState } from 'react';
import { api, type ModelSummary } from '../../ipc';
import { notifyError } from '../../components/toasts';
import { algorithmLabel } from './descriptors';
import { refreshSegments, viewedModelStore } from './queries';

function optionLabel(m: ModelSummary): string {
  const when = new Date(m.createdAt);
  const date = Number.isNaN(when.getTime()) ? m.createdAt : when.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  return `#${m.id} · ${algorithmLabel(m.algorithm)} · k = ${m.k} · ${date}${m.active ? ' · active' : ''}`;
}

export function ModelPicker({ models, viewed }: { models: ModelSummary[]; viewed: ModelSummary }) {
  const [confirming, setConfirming] = useState(false);
  const act = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      notifyError(e, what);
    }
    await refreshSegments();
  };
  return (
    <div className="model-picker">
      <label className="model-picker-label">
        <span className="section-label">Model</span>
        <select
          className="select input-small"
          data-testid="segments-model-select"
          value={viewed.id}
          onChange={(e) => {
            setConfirming(false);
            viewedModelStore.set(Number(e.target.value));
          }}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>{optionLabel(m)}</option>
          ))}
        </select>
      </label>
      {viewed.active ? (
        <span className="active-mark small" title="Personalization uses this model">Active</span>
      ) : (
        <>
          <button
            className="button button-small"
            data-testid="segments-activate"
            onClick={() => void act('Make active', async () => {
              await api.segmentsActivate(viewed.id);
              viewedModelStore.set(null);
            })}
          >
            Make active
          </button>
          <button
            className={confirming ? 'button button-small button-danger' : 'button button-small button-ghost'}
            data-testid="segments-delete"
            onBlur={() => setConfirming(false)}
            onClick={() => {
              if (!confirming) return setConfirming(true);
              setConfirming(false);
              void act('Delete model', async () => {
                await api.segmentsDelete(viewed.id);
                viewedModelStore.set(null);
              });
            }}
          >
            {confirming ? 'Click again to delete' : 'Delete'}
          </button>
        </>
      )}
    </div>
  );
}

//! The candidate pool: the tracks the engine may draw from besides the seed. Library tracks join
//! it by a drop (here or on the Pool tab) or the "Add the library selection" button; catalogue
//! tracks close to the seed may join too (expansion: within the seed's genres unless switched off,
//! with a similarity threshold and a cap).

import { useMemo } from 'react';
import { useDroppable } from '@dnd-kit/core';
import type { PlaylistSettings } from '../../ipc';
import { queryClient } from '../../app/queryClient';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { plural } from '../../components/format';
import { librarySelectionStore } from '../library/libraryStore';
import { addLibrarySelectionToPool, removeFromPool, updateSettings } from './actions';
import { usePool } from './queries';
import { editExpansion, setExpansion } from './rules';
import { POOL_DROP } from './store';
import { knownTracks } from './trackNames';
import { NumberBox } from './NumberBox';

export function PoolTab({ playlist, settings }: { playlist: number; settings: PlaylistSettings }) {
  const pool = usePool(playlist);
  const ids = useMemo(() => pool.data ?? [], [pool.data]);
  const known = useMemo(() => knownTracks(queryClient), [ids]);
  const selected = useStore(librarySelectionStore, (s) => s.selection.selected.size);
  const { setNodeRef, isOver } = useDroppable({ id: 'pool-drop', data: POOL_DROP });
  return (
    <div className="pv-pool" data-testid="preview-pool">
      <Expansion playlist={playlist} settings={settings} />
      <div ref={setNodeRef} className={`pv-pool-drop${isOver ? ' is-over' : ''}`} data-testid="pool-drop" role="region" aria-label="Pool: drop library tracks here">
        <div className="pv-pool-head">
          <h3 className="section-label">Pool · {plural(ids.length, 'track')}</h3>
          <div className="grow" />
          <button className="button button-small" data-testid="pool-add-selection" disabled={selected === 0} title="Add the tracks selected in the library" onClick={() => void addLibrarySelectionToPool()}>
            <Icon name="plus" size={14} /> Add the library selection{selected > 0 ? ` (${selected})` : ''}
          </button>
        </div>
        {ids.length === 0 ? (
          <div className="pv-pool-empty muted">
            <p>Drag tracks here from the library, or select them there and press “Add the library selection”.</p>
            <p className="small">The seed is always a candidate; the pool adds the tracks you want the variants to consider.</p>
          </div>
        ) : (
          <ul className="pv-pool-list" aria-label="Pool tracks">
            {ids.map((id) => {
              const t = known.get(id);
              return (
                <li key={id} className="pv-pool-track" data-testid="pool-track" data-track-id={id}>
                  <span className="pv-track-text">
                    <span className="ellipsis pv-title">{t?.title ?? id}</span>
                    <span className="ellipsis pv-artist">{t ? t.artist : 'not loaded in the library'}</span>
                  </span>
                  <button className="icon-button" data-testid="pool-remove" aria-label={`Remove ${t?.title ?? id} from the pool`} title="Remove from the pool" onClick={() => void removeFromPool(playlist, [id])}>
                    <Icon name="close" size={13} />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

function Expansion({ playlist, settings }: { playlist: number; settings: PlaylistSettings }) {
  const expand = settings.expand ?? null;
  const edit = (f: (s: PlaylistSettings) => PlaylistSettings) => updateSettings(playlist, f);
  return (
    <fieldset className="pv-expand">
      <label className="check">
        <input type="checkbox" checked={expand !== null} data-testid="preview-expand" onChange={(e) => edit((s) => setExpansion(s, e.target.checked))} />
        <span>Also draw from the catalogue: tracks close to the seed’s theme</span>
      </label>
      {expand && (
        <label className="check" title="When the seed’s tracks are filed under genres: a genre at least a quarter of the seed is filed under, and always its most common one">
          <input type="checkbox" checked={expand.genres !== false} data-testid="preview-expand-genres" onChange={(e) => edit((s) => editExpansion(s, { genres: e.target.checked }))} />
          <span>Only tracks filed under the seed’s genres</span>
        </label>
      )}
      {expand && (
        <div className="pv-rule-row">
          <NumberBox label="Similarity at least" value={expand.threshold ?? 0.5} min={-1} max={1} width={56} testId="preview-expand-threshold" onCommit={(v) => edit((s) => editExpansion(s, { threshold: v }))} />
          <NumberBox label="At most" unit="tracks" value={expand.cap} min={0} max={100000} integer width={64} testId="preview-expand-cap" onCommit={(v) => edit((s) => editExpansion(s, { cap: v }))} />
        </div>
      )}
    </fieldset>
  );
}

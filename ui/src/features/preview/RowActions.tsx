//! The actions on the selected preview row, as buttons (the keyboard also has B, I and P): ban
//! it from every variant, require it in every variant, pin it in the seed where it stands.

import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { usePlaylistDetail } from '../seed/useSeed';
import { useEditedSettings } from './queries';
import { previewSelectionStore } from './store';
import { runTrackAction, type TrackAction } from './actions';

export function RowActions({ playlist }: { playlist: number }) {
  const selection = useStore(previewSelectionStore);
  const settings = useEditedSettings(playlist);
  const detail = usePlaylistDetail(playlist);
  if (!selection) return <div className="pv-row-actions muted small">Select a track for its actions; hover or focus one for its reasons.</div>;
  const id = selection.trackId;
  const rules = settings?.rules;
  const banned = rules?.bannedTracks?.value.includes(id) ?? false;
  const required = rules?.mustInclude?.value.includes(id) ?? false;
  const entry = detail.data?.items.find((it) => it.track.id === id) ?? null;
  const act = (a: TrackAction) => void runTrackAction(playlist, a, id);
  return (
    <div className="pv-row-actions" role="toolbar" aria-label={`Actions on ${selection.title}`} data-testid="preview-row-actions">
      <span className="ellipsis pv-row-actions-name" title={`${selection.title} — ${selection.artist}`}>
        {selection.title} <span className="muted">· {selection.artist}</span>
      </span>
      <button className="button button-small" data-testid="preview-ban" disabled={banned} onClick={() => act('ban')} title="Never in a variant (B)">
        {banned ? 'Banned' : 'Ban'}
      </button>
      <button className="button button-small" data-testid="preview-require" disabled={required} onClick={() => act('require')} title="In every variant (I)">
        {required ? 'Must include ✓' : 'Must include'}
      </button>
      <button
        className={entry?.pinned ? 'button button-small is-active' : 'button button-small'}
        data-testid="preview-pin"
        disabled={!entry}
        aria-pressed={entry?.pinned ?? false}
        onClick={() => act('pin')}
        title={entry ? `Pin at #${entry.position + 1} of the seed: every variant keeps it there (P)` : 'Only seed tracks can be pinned'}
      >
        <Icon name="pin" size={13} /> {entry?.pinned ? 'Unpin' : entry ? `Pin at #${entry.position + 1}` : 'Pin'}
      </button>
      <button className="icon-button" aria-label="Clear the selection" title="Clear the selection" onClick={() => previewSelectionStore.set(null)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

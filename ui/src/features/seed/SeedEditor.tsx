//! The right pane: the open seed playlist — name, description, summary, the energy and tempo
//! flow, and its entries (drop target, reorder, pin, notes, remove).

import { useEffect } from 'react';
import { useStore } from '../../components/store';
import { formatDuration, plural } from '../../components/format';
import { isIpcError } from '../../ipc';
import { openPlaylist, openPlaylistStore } from '../playlists/openPlaylist';
import { FlowChart } from './FlowChart';
import { SeedHeader } from './SeedHeader';
import { SeedList } from './SeedList';
import { usePlaylistDetail } from './useSeed';
import { Icon } from '../../components/Icon';
import { openExportDialog } from '../export/exportDialog';

export function SeedEditor() {
  const id = useStore(openPlaylistStore);
  const detail = usePlaylistDetail(id);
  const gone = detail.isError && !detail.isFetching && isIpcError(detail.error) && detail.error.code === 'notFound';
  useEffect(() => {
    // Deleted while open (by the editor, an undo, or another window): show nothing open.
    if (gone && openPlaylistStore.get() === id) openPlaylist(null);
  }, [gone, id]);
  if (id === null) {
    return (
      <section className="pane seed" aria-label="Seed editor">
        <div className="pane-empty">
          <div className="pane-empty-title">No playlist open</div>
          <p className="muted">Choose a seed playlist on the left, or create one with New. Then drag tracks in from the library.</p>
        </div>
      </section>
    );
  }
  if (!detail.data) {
    return (
      <section className="pane seed" aria-label="Seed editor" aria-busy={detail.isPending}>
        <div className="pane-empty muted">{detail.isError ? 'This playlist could not be loaded.' : 'Loading…'}</div>
      </section>
    );
  }
  const d = detail.data;
  const total = d.items.reduce((ms, it) => ms + it.track.durationMs, 0);
  const pinned = d.items.filter((it) => it.pinned).length;
  return (
    <section className="pane seed" aria-label="Seed editor">
      <SeedHeader summary={d.summary} />
      <div className="seed-summary muted small tabular" data-testid="seed-summary">
        <span>{plural(d.items.length, 'track')}</span>
        <span className="dot">·</span>
        <span title="Total duration">{formatDuration(total, 'hours')}</span>
        {pinned > 0 && (
          <>
            <span className="dot">·</span>
            <span>{pinned} pinned</span>
          </>
        )}
        <div className="grow" />
        <button
          className="button button-small seed-export"
          data-testid="export-open"
          aria-haspopup="dialog"
          title="Export the seed and its variant for each segment as a playlist package (Ctrl+E)"
          onClick={() => openExportDialog(d.summary.id)}
        >
          <Icon name="export" size={14} /> Export…
        </button>
      </div>
      <FlowChart items={d.items} />
      <SeedList playlistId={d.summary.id} items={d.items} />
    </section>
  );
}

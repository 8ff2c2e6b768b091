//! The left pane: every seed playlist, filterable; New, Rename (double-click or F2), Duplicate,
//! Delete (undo brings it back, so no confirmation).

import { useMemo, useState, type KeyboardEvent } from 'react';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { openPlaylist, openPlaylistStore } from './openPlaylist';
import { createPlaylist, deletePlaylist, duplicatePlaylist, usePlaylistList } from './usePlaylists';
import { PlaylistRow } from './PlaylistRow';

export function PlaylistSidebar() {
  const list = usePlaylistList();
  const openId = useStore(openPlaylistStore);
  const [filter, setFilter] = useState('');
  const [renaming, setRenaming] = useState<number | null>(null);
  const all = useMemo(() => list.data ?? [], [list.data]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? all.filter((p) => p.name.toLowerCase().includes(f)) : all;
  }, [all, filter]);
  const open = all.find((p) => p.id === openId) ?? null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (renaming !== null || e.target instanceof HTMLInputElement) return;
    const i = shown.findIndex((p) => p.id === openId);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = shown[Math.max(0, Math.min(shown.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) openPlaylist(next.id);
    } else if (e.key === 'F2' && open) {
      e.preventDefault();
      setRenaming(open.id);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && open) {
      e.preventDefault();
      void deletePlaylist(open, shown);
    }
  };

  return (
    <aside className="pane sidebar" aria-label="Playlists">
      <div className="pane-header">
        <h2 className="pane-title">Playlists</h2>
        <span className="muted small tabular">{all.length}</span>
        <div className="grow" />
        <button className="button button-small" data-testid="playlist-new" onClick={() => void createPlaylist()} title="New playlist">
          <Icon name="plus" size={14} /> New
        </button>
      </div>
      <div className="pane-toolbar">
        <div className="input-with-icon">
          <Icon name="search" size={14} />
          <input
            className="input input-small"
            placeholder="Filter playlists"
            aria-label="Filter playlists"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setFilter('')}
          />
        </div>
      </div>
      <div className="sidebar-list" role="listbox" aria-label="Seed playlists" tabIndex={0} onKeyDown={onKeyDown}>
        {list.isPending && <div className="muted small pad">Loading…</div>}
        {list.isSuccess && all.length === 0 && (
          <div className="empty-note">
            No playlists yet. Create one with <strong>New</strong>, or import seed playlists.
          </div>
        )}
        {all.length > 0 && shown.length === 0 && <div className="muted small pad">No playlist matches “{filter}”.</div>}
        {shown.map((p) => (
          <PlaylistRow
            key={p.id}
            playlist={p}
            open={p.id === openId}
            renaming={renaming === p.id}
            onOpen={() => openPlaylist(p.id)}
            onRenameStart={() => setRenaming(p.id)}
            onRenameEnd={() => setRenaming(null)}
          />
        ))}
      </div>
      <div className="pane-footer">
        <button className="icon-button" aria-label="Rename playlist" disabled={!open} onClick={() => open && setRenaming(open.id)} title="Rename (F2, or double-click)">
          <Icon name="edit" />
        </button>
        <button className="icon-button" aria-label="Duplicate playlist" disabled={!open} onClick={() => open && void duplicatePlaylist(open)} title="Duplicate">
          <Icon name="copy" />
        </button>
        <button className="icon-button" aria-label="Delete playlist" disabled={!open} onClick={() => open && void deletePlaylist(open, shown)} title="Delete (Delete key; undo with Ctrl+Z)">
          <Icon name="trash" />
        </button>
        <div className="grow" />
        <span className="muted small ellipsis">{open ? open.name : ''}</span>
      </div>
    </aside>
  );
}

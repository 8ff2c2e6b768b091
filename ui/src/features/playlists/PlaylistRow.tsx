import { useEffect, useRef, useState } from 'react';
import type { PlaylistSummary } from '../../ipc';
import { formatDuration, plural } from '../../components/format';
import { renamePlaylist } from './usePlaylists';

interface Props {
  playlist: PlaylistSummary;
  open: boolean;
  renaming: boolean;
  onOpen: () => void;
  onRenameStart: () => void;
  onRenameEnd: () => void;
}

export function PlaylistRow({ playlist: p, open, renaming, onOpen, onRenameStart, onRenameEnd }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  const fromSpotify = p.source?.startsWith('spotify:') ?? false;
  return (
    <div
      ref={ref}
      className={open ? 'playlist-item is-open' : 'playlist-item'}
      role="option"
      aria-selected={open}
      title={p.description || p.name}
      onClick={onOpen}
      onDoubleClick={onRenameStart}
    >
      {/* The test id sits on the element whose text is exactly the name. */}
      <div className="playlist-item-name ellipsis" data-testid="playlist-item" data-playlist-id={p.id}>
        {renaming ? (
          <RenameInput initial={p.name} onDone={async (name) => {
            if (name !== null && name.trim() && name.trim() !== p.name) await renamePlaylist(p.id, name.trim());
            onRenameEnd();
          }} />
        ) : (
          p.name
        )}
      </div>
      <div className="playlist-item-meta muted small tabular">
        <span>{plural(p.trackCount, 'track')}</span>
        <span>·</span>
        <span>{formatDuration(p.durationMs)}</span>
        {fromSpotify && <span className="tag" title={p.source ?? ''}>Spotify</span>}
      </div>
    </div>
  );
}

function RenameInput({ initial, onDone }: { initial: string; onDone: (name: string | null) => void | Promise<void> }) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (name: string | null) => {
    if (done.current) return;
    done.current = true;
    void onDone(name);
  };
  return (
    <input
      className="input input-small rename-input"
      aria-label="Playlist name"
      value={value}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(value);
        if (e.key === 'Escape') finish(null);
      }}
    />
  );
}

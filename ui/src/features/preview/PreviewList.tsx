//! A column's tracks as a listbox: one tab stop per column, ↑/↓ (Home/End) move through the
//! tracks, ←/→ to the same place in the next column, the active track's reasons show in the tip
//! (as they do on hover), B bans it, I makes it a must-include, P pins it in the seed.

import { useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { openPlaylistStore } from '../playlists/openPlaylist';
import { marker, type PreviewRow } from './model';
import { previewSelectionStore, tipStore } from './store';
import { runTrackAction, type TrackAction } from './actions';

export const TIP_ID = 'pv-tip';

const KEY_ACTIONS: Record<string, TrackAction> = { b: 'ban', i: 'require', p: 'pin' };

interface Props {
  id: string;
  label: string;
  column: string;
  rows: PreviewRow[];
  seed: boolean;
}

export function PreviewList({ id, label, column, rows, seed }: Props) {
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const described = useStore(tipStore, (t) => t?.anchorId.startsWith(`${id}-`) ?? false);
  const selected = useStore(previewSelectionStore, (s) => (s?.list === id ? s.trackId : null));
  const optionId = (i: number) => `${id}-${i}`;
  const at = Math.min(active, Math.max(0, rows.length - 1));

  const show = (i: number, select: boolean) => {
    const row = rows[i];
    const el = document.getElementById(optionId(i));
    if (!row || !el) return;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    tipStore.set({ row, column, rect: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, anchorId: optionId(i) });
    if (select) previewSelectionStore.set({ trackId: row.track.id, title: row.track.title, artist: row.track.artist, list: id });
  };
  const hide = () => tipStore.set((t) => (t?.anchorId.startsWith(`${id}-`) ? null : t));
  const pick = (i: number) => {
    const list = ref.current;
    if (list && document.activeElement !== list) {
      list.dataset.goto = String(i);
      list.focus({ preventScroll: true });
      return;
    }
    setActive(i);
    show(i, true);
  };
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    show(next, true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const key = e.key;
    if (key === 'ArrowDown' || key === 'ArrowUp' || key === 'Home' || key === 'End') {
      e.preventDefault();
      moveTo(key === 'Home' ? 0 : key === 'End' ? rows.length - 1 : at + (key === 'ArrowDown' ? 1 : -1));
    } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const lists = [...(e.currentTarget.closest('.pv-columns')?.querySelectorAll<HTMLElement>('[role="listbox"]') ?? [])];
      const next = lists[lists.indexOf(e.currentTarget) + (key === 'ArrowRight' ? 1 : -1)];
      if (!next) return;
      e.preventDefault();
      next.dataset.goto = String(at);
      next.focus();
    } else if (key === 'Escape') {
      hide();
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && KEY_ACTIONS[key.toLowerCase()]) {
      const row = rows[at];
      const playlist = openPlaylistStore.get();
      if (!row || playlist === null) return;
      e.preventDefault();
      void runTrackAction(playlist, KEY_ACTIONS[key.toLowerCase()]!, row.track.id);
    }
  };

  return (
    <div
      ref={ref}
      className="pv-list"
      role="listbox"
      tabIndex={rows.length ? 0 : -1}
      aria-label={label}
      aria-activedescendant={focused && rows.length ? optionId(at) : undefined}
      aria-describedby={described ? TIP_ID : undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target !== e.currentTarget) return;
        setFocused(true);
        const goto = e.currentTarget.dataset.goto;
        delete e.currentTarget.dataset.goto;
        const i = goto === undefined ? at : Math.min(Number(goto), rows.length - 1);
        setActive(i);
        requestAnimationFrame(() => show(i, true));
      }}
      onBlur={() => {
        setFocused(false);
        hide();
      }}
    >
      {rows.map((row, i) => (
        <Track
          key={row.track.id}
          id={optionId(i)}
          row={row}
          seed={seed}
          active={focused && i === at}
          selected={selected === row.track.id}
          onEnter={() => show(i, false)}
          onLeave={hide}
          onPick={() => pick(i)}
        />
      ))}
      {rows.length === 0 && <div className="muted small pad">No tracks</div>}
    </div>
  );
}

interface TrackProps {
  id: string;
  row: PreviewRow;
  seed: boolean;
  active: boolean;
  selected: boolean;
  onEnter: () => void;
  onLeave: () => void;
  onPick: () => void;
}

function Track({ id, row, seed, active, selected, onEnter, onLeave, onPick }: TrackProps) {
  const m = marker(row);
  const { track } = row;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={`${row.position + 1}. ${track.title} by ${track.artist}${m.label ? `, ${m.label}` : ''}${row.pinned ? ', pinned' : ''}`}
      className={`pv-track pv-status-${row.status}${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}${row.breaks.length ? ' is-breaking' : ''}`}
      data-testid="preview-track"
      data-track-id={track.id}
      data-status={row.status}
      data-position={row.position}
      data-pinned={row.pinned ? 'true' : 'false'}
      onMouseEnter={onEnter}
      onMouseLeave={onLeave}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
    >
      <span className="pv-pos tabular">{row.position + 1}</span>
      {!seed && <span className={`pv-mark pv-${row.status}`} aria-hidden="true">{m.symbol}</span>}
      <span className="pv-track-text">
        <span className="ellipsis pv-title">{track.title || '(untitled)'}</span>
        <span className="ellipsis pv-artist">{track.artist}</span>
      </span>
      {row.pinned && <Icon name="pin" size={12} className="pv-pin" />}
      {row.breaks.length > 0 && <Icon name="alert" size={12} className="pv-breaks" />}
    </div>
  );
}

//! The open playlist's name and description, saved on Enter or when the field loses focus.

import { useEffect, useRef, useState } from 'react';
import { api, type PlaylistSummary } from '../../ipc';
import { useStore } from '../../components/store';
import { notifyError } from '../../components/toasts';
import { nameFocusRequest } from '../playlists/openPlaylist';
import { refreshPlaylists } from '../playlists/usePlaylists';

export function SeedHeader({ summary }: { summary: PlaylistSummary }) {
  const [name, setName] = useState(summary.name);
  const [description, setDescription] = useState(summary.description);
  const nameRef = useRef<HTMLInputElement>(null);
  const focusRequest = useStore(nameFocusRequest);

  // Follow the server (another edit, undo) unless the editor is typing in the field.
  useEffect(() => {
    if (document.activeElement !== nameRef.current) setName(summary.name);
  }, [summary.name, summary.id]);
  useEffect(() => setDescription(summary.description), [summary.description, summary.id]);
  useEffect(() => {
    if (focusRequest === summary.id) {
      nameFocusRequest.set(null);
      nameRef.current?.focus();
      nameRef.current?.select();
    }
  }, [focusRequest, summary.id]);

  const saveName = async () => {
    const next = name.trim();
    if (!next) return setName(summary.name);
    if (next === summary.name) return;
    try {
      await api.playlistRename(summary.id, next);
    } catch (e) {
      notifyError(e, 'Rename');
      setName(summary.name);
    }
    await refreshPlaylists(summary.id);
  };

  const saveDescription = async () => {
    if (description.trimEnd() === summary.description) return;
    try {
      await api.playlistDescribe(summary.id, description);
    } catch (e) {
      notifyError(e, 'Description');
      setDescription(summary.description);
    }
    await refreshPlaylists(summary.id);
  };

  return (
    <div className="seed-header">
      <input
        ref={nameRef}
        className="seed-name"
        aria-label="Playlist name"
        data-testid="seed-name"
        value={name}
        maxLength={200}
        spellCheck={false}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => void saveName()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            setName(summary.name);
            requestAnimationFrame(() => nameRef.current?.blur());
          }
        }}
      />
      <textarea
        className="seed-description"
        aria-label="Playlist description"
        placeholder="Add a description for this seed"
        rows={1}
        maxLength={5000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        onBlur={() => void saveDescription()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.blur();
          }
          if (e.key === 'Escape') setDescription(summary.description);
        }}
      />
      {summary.source && <div className="seed-source muted small" title="Imported from">{summary.source}</div>}
    </div>
  );
}

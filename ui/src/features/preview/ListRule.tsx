//! A list rule's entries (banned tracks, banned artists, must-include tracks): each removable,
//! and a field to add one (a track by its catalogue id; the preview's B and I add the selected one).

import { useMemo, useState } from 'react';
import type { RuleSettings, TrackRef } from '../../ipc';
import { queryClient } from '../../app/queryClient';
import { Icon } from '../../components/Icon';
import { addToList, removeFromList, type ListRuleKey } from './rules';
import { knownTracks, trackName } from './trackNames';

interface Props {
  ruleKey: ListRuleKey;
  items: string[];
  edit: (f: (r: RuleSettings) => RuleSettings) => void;
}

export function ListRule({ ruleKey, items, edit }: Props) {
  const [draft, setDraft] = useState('');
  const artists = ruleKey === 'bannedArtists';
  // Re-read the cache when the list changes: a track just banned from the preview is in it.
  const known = useMemo(() => (artists ? new Map<string, TrackRef>() : knownTracks(queryClient)), [artists, items]);
  const name = (item: string) => (artists ? item : trackName(known, item));
  const add = () => {
    if (!draft.trim()) return;
    edit((r) => addToList(r, ruleKey, draft));
    setDraft('');
  };
  return (
    <div className="pv-list-rule">
      {items.length === 0 ? (
        <p className="muted small">{artists ? 'No artist yet.' : 'No track yet: select one in the preview and press B (ban) or I (must include), or paste its id.'}</p>
      ) : (
        <ul className="pv-list-items">
          {items.map((item) => (
            <li key={item} data-testid={`rule-${ruleKey}-item`} data-item={item}>
              <span className="ellipsis" title={artists ? item : `${name(item)} · ${item}`}>{name(item)}</span>
              <button className="icon-button" aria-label={`Remove ${name(item)}`} title="Remove" onClick={() => edit((r) => removeFromList(r, ruleKey, item))}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="pv-list-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          className="input input-small"
          placeholder={artists ? 'Artist name' : 'Track id'}
          aria-label={artists ? 'Artist to ban' : ruleKey === 'bannedTracks' ? 'Track id to ban' : 'Track id to include'}
          data-testid={`rule-${ruleKey}-input`}
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button className="button button-small" type="submit" disabled={!draft.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}

//! The options of a signal import: the file's shape and whether unknown tracks refuse the file.

import type { SignalKind } from '../../ipc';

export interface SignalOptions {
  kind: SignalKind;
  strict: boolean;
}

export const SIGNAL_SHAPES: ReadonlyArray<{ kind: SignalKind; label: string; columns: string }> = [
  { kind: 'events', label: 'Events', columns: 'listener_id, track_id, event, timestamp[, ms_played]' },
  { kind: 'aggregates', label: 'Aggregates', columns: 'listener_id, track_id, plays[, skips][, saves]' },
  { kind: 'artist-plays', label: 'Artist plays', columns: 'listener_id, artist, plays' },
];

export function SignalOptionsFields({ options, onChange }: { options: SignalOptions; onChange: (o: SignalOptions) => void }) {
  const shape = SIGNAL_SHAPES.find((s) => s.kind === options.kind) ?? SIGNAL_SHAPES[0]!;
  return (
    <div className="signal-options">
      <label className="field">
        <span className="section-label">Shape of the file</span>
        <select
          className="select"
          data-testid="import-signals-kind"
          value={options.kind}
          onChange={(e) => onChange({ ...options, kind: e.target.value as SignalKind })}
        >
          {SIGNAL_SHAPES.map((s) => (
            <option key={s.kind} value={s.kind}>{s.label}</option>
          ))}
        </select>
        <span className="muted small">
          One row per {options.kind === 'events' ? 'event' : options.kind === 'aggregates' ? 'listener and track' : 'listener and artist'}:{' '}
          <span className="mono">{shape.columns}</span>
        </span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="import-signals-strict"
          checked={options.strict}
          onChange={(e) => onChange({ ...options, strict: e.target.checked })}
        />
        <span>
          Strict: refuse the file if a row names a track or artist the catalogue does not have
          <span className="muted small"> (otherwise such rows are skipped and reported)</span>
        </span>
      </label>
    </div>
  );
}

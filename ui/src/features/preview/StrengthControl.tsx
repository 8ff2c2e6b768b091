//! The strength slider: how much of the seed each segment may replace. At 0 every variant is the
//! seed; at 0.5 it keeps at least half of the seed's unpinned tracks; at 1 the segment may replace
//! all of them (pinned tracks always stay). It does not change how candidates are ranked.

import type { PlaylistSettings } from '../../ipc';
import { updateSettings } from './actions';
import { clampStrength, DEFAULT_STRENGTH } from './rules';
import { strengthSentence, strengthText } from './strength';

export function StrengthControl({ playlist, settings }: { playlist: number; settings: PlaylistSettings }) {
  const strength = settings.strength ?? DEFAULT_STRENGTH;
  return (
    <div className="pv-strength">
      <label htmlFor="pv-strength-input" className="pv-strength-label">Strength</label>
      <span className="muted small" aria-hidden="true">Seed</span>
      <input
        id="pv-strength-input"
        className="pv-range"
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={strength}
        data-testid="preview-strength"
        aria-valuetext={`${strength.toFixed(2)}: ${strengthText(strength)}`}
        aria-describedby="pv-strength-text"
        onChange={(e) => {
          const v = clampStrength(Number(e.target.value));
          updateSettings(playlist, (s) => ({ ...s, strength: v }));
        }}
      />
      <span className="muted small" aria-hidden="true">Segment</span>
      <output className="pv-strength-value tabular" htmlFor="pv-strength-input" data-testid="preview-strength-value" title={strengthText(strength)}>
        {strength.toFixed(2)}
      </output>
      <span id="pv-strength-text" className="pv-strength-text muted small" data-testid="preview-strength-text" title="Pinned tracks always stay. The strength does not change how a segment ranks tracks, only how many seed tracks it may replace.">
        {strengthSentence(strength)}
      </span>
    </div>
  );
}

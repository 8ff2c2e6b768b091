//! The strength slider: 0 serves the seed as is, 1 as personal as the rules allow.

import type { PlaylistSettings } from '../../ipc';
import { updateSettings } from './actions';
import { clampStrength, DEFAULT_STRENGTH } from './rules';

export function strengthText(v: number): string {
  if (v === 0) return 'the seed as is';
  if (v === 1) return 'as personal as the rules allow';
  return v < 0.5 ? 'mostly the seed' : v > 0.5 ? 'mostly the segment' : 'halfway';
}

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
        onChange={(e) => {
          const v = clampStrength(Number(e.target.value));
          updateSettings(playlist, (s) => ({ ...s, strength: v }));
        }}
      />
      <span className="muted small" aria-hidden="true">Segment</span>
      <output className="pv-strength-value tabular" htmlFor="pv-strength-input" data-testid="preview-strength-value" title={strengthText(strength)}>
        {strength.toFixed(2)}
      </output>
    </div>
  );
}

//! The value part of a rule: a length in tracks or minutes, a count, a yes/no, a band of
//! shares, or a list of tracks or artists.

import type { RuleSettings, TargetLength } from '../../ipc';
import { ruleOf, setValue, type RuleKey } from './rules';
import { NumberBox } from './NumberBox';
import { ListRule } from './ListRule';

interface Props {
  ruleKey: RuleKey;
  rules: RuleSettings;
  edit: (f: (r: RuleSettings) => RuleSettings) => void;
}

export function RuleValueEditor({ ruleKey, rules, edit }: Props) {
  switch (ruleKey) {
    case 'length': {
      const v = ruleOf(rules, 'length')?.value;
      if (!v) return null;
      return <LengthValue value={v} onChange={(next) => edit((r) => setValue(r, 'length', next))} />;
    }
    case 'maxPerArtist':
    case 'artistSeparation': {
      const v = ruleOf(rules, ruleKey)?.value ?? 1;
      const label = ruleKey === 'maxPerArtist' ? 'At most' : 'At least';
      const unit = ruleKey === 'maxPerArtist' ? 'tracks per artist' : 'tracks between';
      return <NumberBox label={label} unit={unit} value={v} min={ruleKey === 'maxPerArtist' ? 1 : 0} max={100} integer width={52} testId={`rule-${ruleKey}-value`} onCommit={(n) => edit((r) => setValue(r, ruleKey, n))} />;
    }
    case 'explicitAllowed': {
      const v = ruleOf(rules, 'explicitAllowed')?.value ?? false;
      return (
        <label className="check">
          <input type="checkbox" checked={v} data-testid="rule-explicitAllowed-value" onChange={(e) => edit((r) => setValue(r, 'explicitAllowed', e.target.checked))} />
          <span>Explicit tracks allowed</span>
        </label>
      );
    }
    case 'familiarity': {
      const band = ruleOf(rules, 'familiarity')?.value;
      if (!band) return null;
      const pct = (x: number | null) => Math.round((x ?? 0) * 100);
      const put = (min: number, max: number) => edit((r) => setValue(r, 'familiarity', { min: Math.min(min, max) / 100, max: Math.max(min, max) / 100 }));
      return (
        <div className="pv-rule-row">
          <NumberBox label="From" unit="%" value={pct(band.min)} min={0} max={100} width={52} testId="rule-familiarity-min" onCommit={(v) => put(v, pct(band.max))} />
          <NumberBox label="to" unit="% already played" value={pct(band.max)} min={0} max={100} width={52} testId="rule-familiarity-max" onCommit={(v) => put(pct(band.min), v)} />
        </div>
      );
    }
    case 'bannedTracks':
    case 'bannedArtists':
    case 'mustInclude':
      return <ListRule ruleKey={ruleKey} items={ruleOf(rules, ruleKey)?.value ?? []} edit={edit} />;
  }
}

function LengthValue({ value, onChange }: { value: TargetLength; onChange: (v: TargetLength) => void }) {
  const minutes = value.minutes !== undefined;
  const n = minutes ? (value.minutes ?? 60) : (value.tracks ?? 20);
  return (
    <div className="pv-rule-row">
      <NumberBox label="Length" value={n} min={1} max={minutes ? 1440 : 1000} integer={!minutes} width={60} testId="rule-length-value" onCommit={(v) => onChange(minutes ? { minutes: v } : { tracks: v })} />
      <select
        className="select input-small pv-unit"
        aria-label="Length unit"
        data-testid="rule-length-unit"
        value={minutes ? 'minutes' : 'tracks'}
        onChange={(e) => onChange(e.target.value === 'minutes' ? { minutes: Math.max(1, Math.round(n * 3.5)) } : { tracks: Math.max(1, Math.round(n / 3.5)) })}
      >
        <option value="tracks">tracks</option>
        <option value="minutes">minutes</option>
      </select>
    </div>
  );
}

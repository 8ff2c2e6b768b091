//! The playlist's rules: each one on or off, its value, unbreakable or traded by priority.
//! Every change shows at once and is saved once the editor pauses (see `updateSettings`).

import type { PlaylistSettings, Rule, RuleSettings } from '../../ipc';
import { updateSettings } from './actions';
import { RULE_SPECS, ruleOf, setEnabled, setPriority, setUnbreakable, type RuleKey, type RuleSpec } from './rules';
import { NumberBox } from './NumberBox';
import { RuleValueEditor } from './RuleValueEditor';

interface Props {
  playlist: number;
  settings: PlaylistSettings;
  seedLength: number;
}

export function RulesEditor({ playlist, settings, seedLength }: Props) {
  const rules = settings.rules ?? {};
  const edit = (f: (r: RuleSettings) => RuleSettings) => updateSettings(playlist, (s) => ({ ...s, rules: f(s.rules ?? {}) }));
  return (
    <div className="pv-rules" data-testid="preview-rules" aria-label="Rules">
      <p className="muted small">
        Unbreakable rules are never broken by a track the engine chose; of two breakable rules in conflict, the higher
        priority wins. Every variant reports what it broke.
      </p>
      {RULE_SPECS.map((spec) => (
        <RuleCard key={spec.key} spec={spec} rule={ruleOf(rules, spec.key)} rules={rules} edit={edit} seedLength={seedLength} />
      ))}
    </div>
  );
}

interface CardProps {
  spec: RuleSpec;
  rule: Rule<unknown> | null;
  rules: RuleSettings;
  edit: (f: (r: RuleSettings) => RuleSettings) => void;
  seedLength: number;
}

function RuleCard({ spec, rule, rules, edit, seedLength }: CardProps) {
  const key: RuleKey = spec.key;
  const on = rule !== null;
  const id = `pv-rule-${key}`;
  return (
    <section className={`pv-rule${on ? ' is-on' : ''}`} data-testid={`rule-${key}`} aria-labelledby={`${id}-label`}>
      <div className="pv-rule-head">
        <label className="check">
          <input type="checkbox" checked={on} data-testid={`rule-${key}-on`} onChange={(e) => edit((r) => setEnabled(r, key, e.target.checked, seedLength))} />
          <span id={`${id}-label`} className="pv-rule-label">{spec.label}</span>
        </label>
        <span className="muted small ellipsis">{spec.hint}</span>
      </div>
      {rule && (
        <div className="pv-rule-body">
          <RuleValueEditor ruleKey={key} rules={rules} edit={edit} />
          <div className="pv-rule-weight">
            <label className="check">
              <input type="checkbox" checked={rule.unbreakable} data-testid={`rule-${key}-unbreakable`} onChange={(e) => edit((r) => setUnbreakable(r, key, e.target.checked))} />
              <span>Unbreakable</span>
            </label>
            {!rule.unbreakable && (
              <NumberBox label="Priority" value={rule.priority} min={0} max={99} integer width={48} testId={`rule-${key}-priority`} onCommit={(p) => edit((r) => setPriority(r, key, p))} />
            )}
          </div>
        </div>
      )}
    </section>
  );
}

//! Small form controls of the segments dialogs: a labelled whole-number field and a radio choice.

import type { ReactNode } from 'react';

interface NumberFieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  hint?: string;
  width?: number;
}

export function NumberField({ label, value, onChange, testId, hint, width = 96 }: NumberFieldProps) {
  return (
    <label className="number-field">
      <span className="number-field-label">{label}</span>
      <input
        className="input input-small tabular"
        style={{ width }}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <span className="muted small">{hint}</span>}
    </label>
  );
}

interface ChoiceProps {
  name: string;
  checked: boolean;
  onSelect: () => void;
  testId: string;
  children: ReactNode;
}

export function Choice({ name, checked, onSelect, testId, children }: ChoiceProps) {
  return (
    <label className={checked ? 'choice is-on' : 'choice'}>
      <input type="radio" name={name} checked={checked} onChange={onSelect} data-testid={testId} />
      <span>{children}</span>
    </label>
  );
}

//! A number field that commits only valid numbers: the editor may pass through "" or "0." on the
//! way to a value; what is not a number in range is marked and not saved, and leaving the field
//! shows the saved value again.

import { useEffect, useRef, useState } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  /** Shown after the field ("min", "%"). */
  unit?: string;
  onCommit: (v: number) => void;
  testId?: string;
  width?: number;
  disabled?: boolean;
}

/** The number `text` means, if it is one within [min, max] (and whole, for `integer`). */
export function parseNumber(text: string, min: number, max: number, integer = false): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d*\.?\d+$|^-?\d+\.?$/.test(t)) return null;
  const v = Number(t);
  if (!Number.isFinite(v) || v < min || v > max) return null;
  if (integer && !Number.isInteger(v)) return null;
  return v;
}

const show = (v: number) => String(Number(v.toFixed(4)));

export function NumberBox({ label, value, min, max, integer = false, unit, onCommit, testId, width = 64, disabled }: Props) {
  const [text, setText] = useState(show(value));
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (document.activeElement !== ref.current) setText(show(value));
  }, [value]);
  const valid = parseNumber(text, min, max, integer) !== null;
  return (
    <label className="pv-number">
      <span className="pv-number-label">{label}</span>
      <input
        ref={ref}
        className={`input input-small tabular${valid ? '' : ' is-invalid'}`}
        style={{ width }}
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!valid}
        title={valid ? undefined : `A ${integer ? 'whole ' : ''}number from ${min} to ${max}`}
        data-testid={testId}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseNumber(e.target.value, min, max, integer);
          if (v !== null && v !== value) onCommit(v);
        }}
        onBlur={() => setText(show(value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      {unit && <span className="muted small">{unit}</span>}
    </label>
  );
}

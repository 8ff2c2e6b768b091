//! A compact multi-select: a button summarising the choice, a filterable checklist in a popover.

import { useMemo, useState } from 'react';
import { Popover } from './Popover';
import { Icon } from './Icon';
import { formatCount } from './format';

interface Option {
  value: string;
  count?: number;
}

interface Props {
  label: string;
  options: Option[];
  selected: string[];
  onChange: (next: string[]) => void;
}

export function MultiSelect({ label, options, selected, onChange }: Props) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? options.filter((o) => o.value.toLowerCase().includes(f)) : options;
  }, [filter, options]);
  const chosen = new Set(selected);
  const summary = selected.length === 0 ? 'Any' : selected.length === 1 ? selected[0] : `${selected.length} selected`;
  const toggle = (v: string) => onChange(chosen.has(v) ? selected.filter((s) => s !== v) : [...selected, v]);
  return (
    <Popover
      className="multiselect"
      buttonClassName={selected.length ? 'field-button field-button-active' : 'field-button'}
      ariaLabel={`${label}: ${summary}`}
      panelWidth={240}
      label={
        <>
          <span className="field-button-label">{label}</span>
          <span className="field-button-value">{summary}</span>
          <Icon name="chevronDown" size={14} />
        </>
      }
    >
      <div className="multiselect-panel">
        <input
          className="input input-small"
          placeholder={`Filter ${label.toLowerCase()}…`}
          value={filter}
          autoFocus
          onChange={(e) => setFilter(e.target.value)}
        />
        <div className="multiselect-list" role="listbox" aria-multiselectable="true" aria-label={label}>
          {shown.length === 0 && <div className="muted small pad">No match</div>}
          {shown.map((o) => (
            <label key={o.value} className="multiselect-option" role="option" aria-selected={chosen.has(o.value)}>
              <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} />
              <span className="grow ellipsis">{o.value}</span>
              {o.count !== undefined && <span className="muted tabular">{formatCount(o.count)}</span>}
            </label>
          ))}
        </div>
        {selected.length > 0 && (
          <button className="button button-small button-ghost" onClick={() => onChange([])}>
            Clear
          </button>
        )}
      </div>
    </Popover>
  );
}

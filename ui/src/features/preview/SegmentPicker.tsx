//! Which segments' columns show: a checklist in a popover (all by default).

import type { VariantView } from '../../ipc';
import { useStore } from '../../components/store';
import { Popover } from '../../components/Popover';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../components/format';
import { hiddenSegmentsStore, toggleSegment } from './store';
import { visibleColumns } from './model';

export function SegmentPicker({ columns }: { columns: readonly VariantView[] }) {
  const hidden = useStore(hiddenSegmentsStore);
  const shown = visibleColumns(columns, hidden).length;
  const summary = shown === columns.length ? 'All' : `${shown} of ${columns.length}`;
  return (
    <Popover
      buttonClassName={shown < columns.length ? 'field-button field-button-active' : 'field-button'}
      ariaLabel={`Segments shown: ${summary}`}
      testId="preview-segments"
      panelWidth={260}
      label={
        <>
          <span className="field-button-label">Segments</span>
          <span className="field-button-value">{summary}</span>
          <Icon name="chevronDown" size={14} />
        </>
      }
    >
      <div className="multiselect-panel">
        <div className="multiselect-list" role="group" aria-label="Segments to show">
          {columns.map((c) => (
            <label key={c.segment} className="multiselect-option">
              <input type="checkbox" checked={!hidden.has(c.segment)} data-testid="preview-segment-toggle" data-segment={c.segment} onChange={() => toggleSegment(c.segment)} />
              <span className="grow ellipsis">
                {c.segment + 1}. {c.segmentName}
              </span>
              <span className="muted tabular">{formatCount(c.segmentSize)}</span>
            </label>
          ))}
        </div>
        {hidden.size > 0 && (
          <button className="button button-small button-ghost" onClick={() => hiddenSegmentsStore.set(new Set())}>
            Show all
          </button>
        )}
      </div>
    </Popover>
  );
}

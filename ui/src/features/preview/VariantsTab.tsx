//! The variants: the seed column first, then one column per segment the editor chose to see,
//! side by side (scrolling sideways), rows aligned so a pinned track lines up across columns.
//! Above them: the segment picker, the marker legend and the actions on the selected row.

import { useMemo } from 'react';
import type { PreviewView } from '../../ipc';
import { useStore } from '../../components/store';
import { plural } from '../../components/format';
import { toIpcError } from '../../ipc';
import { showView } from '../segments/mainView';
import { segmentColor } from '../segments/charts';
import { useTheme } from '../../components/theme';
import { hiddenSegmentsStore, tipStore } from './store';
import { seedRows, variantRows, visibleColumns } from './model';
import { metricCells, SEED_METRICS } from './metrics';
import { PreviewColumn } from './PreviewColumn';
import { SegmentPicker } from './SegmentPicker';
import { RowActions } from './RowActions';

interface Props {
  playlist: number;
  /** undefined: not computed yet; null: no active segment model. */
  preview: PreviewView | null | undefined;
  error: unknown;
  pins: ReadonlySet<string>;
  stale: boolean;
}

export function VariantsTab({ playlist, preview, error, pins, stale }: Props) {
  if (preview === null) return <NoModel />;
  if (preview === undefined) {
    return error ? <Failed error={error} /> : <div className="pane-empty muted" aria-busy="true">Personalizing…</div>;
  }
  return <Columns playlist={playlist} preview={preview} pins={pins} stale={stale} error={error} />;
}

function Columns({ playlist, preview, pins, stale, error }: { playlist: number; preview: PreviewView; pins: ReadonlySet<string>; stale: boolean; error: unknown }) {
  const hidden = useStore(hiddenSegmentsStore);
  const { effective } = useTheme();
  const first = preview.columns[0];
  // Built once per preview (and theme), so an unchanged column does not re-render.
  const seed = useMemo(() => {
    const violations = first?.seed.violations.filter((v) => v.rule !== 'familiarity') ?? [];
    return { rows: seedRows(preview.seed, pins, violations), cells: first ? metricCells(first.seed.metrics, null, SEED_METRICS) : [], violations };
  }, [preview.seed, pins, first]);
  const columns = useMemo(
    () => preview.columns.map((c) => ({ segment: c.segment, c, rows: variantRows(c), cells: metricCells(c.variant.metrics, c.seed.metrics), color: segmentColor(c.segment, effective) })),
    [preview.columns, effective],
  );
  const shown = visibleColumns(columns, hidden);
  return (
    <div className="pv-variants">
      <div className="pv-toolbar">
        <SegmentPicker columns={preview.columns} />
        <span className="muted small tabular">{shown.length === columns.length ? plural(shown.length, 'segment') : `${shown.length} of ${columns.length} segments`}</span>
        <span className="pv-legend muted small" aria-label="Markers: = kept, arrows moved, + added">
          <span className="pv-mark pv-kept">=</span> kept <span className="pv-mark pv-moved">↕</span> moved <span className="pv-mark pv-added">+</span> added
        </span>
      </div>
      {error !== null && <Failed error={error} compact />}
      <RowActions playlist={playlist} />
      <div className={`pv-columns${stale ? ' is-stale' : ''}`} data-testid="preview-columns" aria-busy={stale} onScroll={hideHoverTip}>
        {first && (
          <PreviewColumn kind="seed" title="Seed" subtitle={plural(preview.seed.length, 'track')} color={null} cells={seed.cells} rows={seed.rows} dropped={null} violations={seed.violations} />
        )}
        {shown.map(({ c, rows, cells, color }) => (
          <PreviewColumn
            key={c.segment}
            kind="variant"
            segment={c.segment}
            title={c.segmentName}
            subtitle={plural(c.segmentSize, 'listener')}
            color={color}
            cells={cells}
            rows={rows}
            dropped={c.dropped}
            violations={c.variant.violations}
          />
        ))}
      </div>
    </div>
  );
}

/** A scroll leaves a hover tip behind its row: hide it (a keyboard tip was placed after scrolling). */
function hideHoverTip() {
  const tip = tipStore.get();
  const anchor = tip && document.getElementById(tip.anchorId);
  if (tip && !(anchor && document.activeElement?.contains(anchor))) tipStore.set(null);
}

function NoModel() {
  return (
    <div className="pane-empty" data-testid="preview-empty">
      <div className="pane-empty-title">No active segment model</div>
      <p className="muted">Previews personalize the seed for each listener segment. Fit a model, or make one active, in the Segments view.</p>
      <div>
        <button className="button button-small button-primary" onClick={() => showView('segments')}>
          Open Segments
        </button>
      </div>
    </div>
  );
}

function Failed({ error, compact = false }: { error: unknown; compact?: boolean }) {
  const e = toIpcError(error);
  return (
    <div className={`callout callout-error${compact ? ' pv-inline-error' : ' pv-error'}`} role="alert" data-testid="preview-error">
      <div className="callout-title">The preview could not be computed ({e.code})</div>
      <div className="small">{e.message}</div>
    </div>
  );
}

//! One column of the preview: the segment (or the seed) and its figures at the head, its tracks
//! with their markers, the seed tracks it leaves out, and its rule report.

import { memo } from 'react';
import type { TrackRef, Violation } from '../../ipc';
import { plural } from '../../components/format';
import type { MetricCell } from './metrics';
import { RULE_LABELS, violationPlace, violationWeight, type PreviewRow } from './model';
import { PreviewList } from './PreviewList';

interface Props {
  kind: 'seed' | 'variant';
  segment?: number;
  title: string;
  subtitle: string;
  color: string | null;
  cells: MetricCell[];
  rows: PreviewRow[];
  dropped: TrackRef[] | null;
  violations: Violation[];
}

export const PreviewColumn = memo(function PreviewColumn({ kind, segment, title, subtitle, color, cells, rows, dropped, violations }: Props) {
  const id = kind === 'seed' ? 'pv-col-seed' : `pv-col-${segment}`;
  return (
    <section
      className={`pv-column${kind === 'seed' ? ' is-seed' : ''}`}
      data-testid={kind === 'seed' ? 'preview-seed-column' : 'preview-column'}
      data-segment={segment}
      aria-labelledby={`${id}-title`}
    >
      <header className="pv-col-head">
        <div className="pv-col-title">
          {color ? (
            <span className="segment-swatch pv-swatch" style={{ background: color }} aria-hidden="true">
              {(segment ?? 0) + 1}
            </span>
          ) : (
            <span className="pv-swatch pv-swatch-seed" aria-hidden="true" />
          )}
          <h3 id={`${id}-title`} className="ellipsis" title={title}>{title}</h3>
        </div>
        <div className="muted small tabular">{subtitle}</div>
        <Metrics cells={cells} />
      </header>
      <PreviewList id={id} label={kind === 'seed' ? 'The seed' : `Variant for ${title}`} column={title} rows={rows} seed={kind === 'seed'} />
      {dropped && dropped.length > 0 && (
        <section className="pv-dropped" data-testid="preview-dropped" aria-label={`Seed tracks ${title} leaves out`}>
          <h4 className="section-label">Dropped · {dropped.length}</h4>
          <ul>
            {dropped.map((t) => (
              <li key={t.id} data-track-id={t.id} className="ellipsis" title={`${t.title} — ${t.artist}`}>
                <span className="pv-mark pv-dropped-mark" aria-hidden="true">−</span>
                {t.title} <span className="muted">· {t.artist}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Violations violations={violations} />
    </section>
  );
});

function Metrics({ cells }: { cells: MetricCell[] }) {
  return (
    <dl className="pv-metrics" data-testid="preview-metrics">
      {cells.map((c) => (
        <div key={c.key} className="pv-metric" title={c.title} data-metric={c.key}>
          <dt>{c.label}</dt>
          <dd className="tabular">
            {c.value}
            {c.delta && <span className={`pv-delta${c.better === true ? ' is-better' : c.better === false ? ' is-worse' : ''}`}>{c.delta}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Violations({ violations }: { violations: Violation[] }) {
  return (
    <section className="pv-violations" data-testid="preview-violations" data-count={violations.length} aria-label="Rule report">
      <h4 className="section-label">Rule report{violations.length > 0 && ` · ${plural(violations.length, 'violation')}`}</h4>
      {violations.length === 0 ? (
        <p className="muted small">No rule broken.</p>
      ) : (
        <ul>
          {violations.map((v, i) => (
            <li key={i} className={v.unbreakable ? 'is-unbreakable' : ''} data-rule={v.rule} data-position={v.position ?? ''}>
              <div className="pv-violation-head">
                <span className="pv-violation-place tabular">{violationPlace(v)}</span>
                <span className="pv-violation-rule">{RULE_LABELS[v.rule]}</span>
                <span className="tag">{violationWeight(v)}</span>
              </div>
              <div className="small pv-violation-message">{v.message}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

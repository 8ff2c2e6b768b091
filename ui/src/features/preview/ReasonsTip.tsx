//! Why a track is where it is: one tip for the whole pane, shown beside the hovered row or the
//! active row of the focused column (fixed on screen, so a column's scrolling never clips it).

import { useLayoutEffect, useRef } from 'react';
import { useStore } from '../../components/store';
import { marker, reasonLines } from './model';
import { tipStore } from './store';
import { TIP_ID } from './PreviewList';

const WIDTH = 280;

export function ReasonsTip() {
  const tip = useStore(tipStore);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    // Beside the row's top, moved up as far as its measured height needs to stay on screen.
    const el = ref.current;
    if (el && tip) el.style.top = `${Math.max(8, Math.min(tip.rect.top - 4, window.innerHeight - el.offsetHeight - 8))}px`;
  }, [tip]);
  if (!tip) return null;
  const { row, rect } = tip;
  const roomRight = window.innerWidth - rect.right;
  const left = roomRight >= WIDTH + 12 ? rect.right + 8 : Math.max(8, rect.left - WIDTH - 8);
  const top = Math.max(8, rect.top - 4);
  const lines = reasonLines(row);
  const m = marker(row);
  return (
    <div ref={ref} id={TIP_ID} role="tooltip" className="pv-tip" data-testid="preview-reasons" style={{ left, top, width: WIDTH }}>
      <div className="pv-tip-head">
        <span className="pv-tip-title">{row.track.title || '(untitled)'}</span>
        <span className="muted"> — {row.track.artist}</span>
      </div>
      <div className="muted small">
        {tip.column} · #{row.position + 1}
        {m.symbol && <span className={`pv-mark pv-${row.status}`}> {m.symbol}</span>}
      </div>
      {lines.length > 0 && (
        <dl className="pv-tip-lines">
          {lines.map((l) => (
            <div key={l.label}>
              <dt>{l.label}</dt>
              <dd>{l.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="muted small pv-tip-keys">
        <kbd>B</kbd>ban · <kbd>I</kbd>must include{row.status !== 'added' && <> · <kbd>P</kbd>pin in the seed</>}
      </div>
    </div>
  );
}

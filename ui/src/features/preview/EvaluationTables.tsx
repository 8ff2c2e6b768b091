//! The evaluation's tables: every list's measures for one scope (all listeners by default, a
//! segment from the picker or from the overview), the variant's paired verdicts in that scope,
//! and an overview of the verdicts per segment.

import { useState } from 'react';
import type { Evaluation, ListKind, ListReport, ScopeReport, Verdict } from '../../ipc';
import { formatCount } from '../../components/format';
import { formatShare } from '../segments/descriptors';
import { scopeName } from './evaluationChart';
import { clearBest, formatNumInterval, formatPctInterval, formatPtsInterval, listLabel, listPhrase, listShort, LISTS, OUTCOME_WORDS, scopeOf, type Measure } from './evaluationModel';

const MEASURES: ReadonlyArray<{ key: Measure; label: string; title: string; format: (r: ListReport) => string }> = [
  { key: 'hitShare', label: 'Hit share', title: 'Held-out plays the list finds, over its length', format: (r) => formatPctInterval(r.hitShare) },
  { key: 'hitRate', label: 'Listener hit rate', title: 'Share of listeners with at least one held-out play in the list', format: (r) => formatPctInterval(r.hitRate) },
  { key: 'recall', label: 'Recall', title: 'Held-out plays the list finds, over each listener’s held-out plays', format: (r) => formatPctInterval(r.recall) },
  { key: 'ndcg', label: 'NDCG', title: 'Ranking quality at the list’s length: a hit near the top counts more', format: (r) => formatNumInterval(r.ndcg) },
];

const BEST_TITLE = 'Best on this measure, its interval clear above the runner-up’s';

/** The other lists in the overview, the two that matter most first. */
const OVERVIEW: readonly ListKind[] = ['seed', 'themeBaseline', 'segmentMostPlayed', 'popular'];

export function EvaluationTables({ evaluation: e }: { evaluation: Evaluation }) {
  const [pick, setPick] = useState('all');
  const scope = scopeOf(e, pick);
  return (
    <div className="pv-eval-tables">
      <div className="pv-eval-scope">
        <label htmlFor="pv-eval-scope" className="section-label">Listeners</label>
        <select id="pv-eval-scope" className="select pv-eval-scope-select" value={pick} data-testid="evaluation-scope" onChange={(ev) => setPick(ev.target.value)}>
          <option value="all">{e.overall.name}</option>
          {e.segments.map((s) => (
            <option key={s.segment} value={String(s.segment)}>{scopeName(s)}</option>
          ))}
        </select>
        <span className="muted small tabular">{formatCount(scope.observations)} listener observations</span>
      </div>
      <ScopeTable scope={scope} />
      <Verdicts scope={scope} />
      <h3 className="section-label pv-eval-overview-title">Per segment: the variant’s hit share against each list</h3>
      <Overview segments={e.segments} onPick={(s) => setPick(String(s))} picked={scope.segment} />
    </div>
  );
}

function ScopeTable({ scope }: { scope: ScopeReport }) {
  const best = new Map(MEASURES.map((m) => [m.key, clearBest(scope.lists, m.key)]));
  return (
    <div className="pv-eval-table-wrap">
      <table className="pv-eval-table" data-testid="evaluation-table" data-scope={scope.segment ?? 'all'}>
        <thead>
          <tr>
            <th>List</th>
            {MEASURES.map((m) => (
              <th key={m.key} className="num" title={m.title}>{m.label}</th>
            ))}
            <th className="num" title="Share of the seed’s tracks in the list">Seed kept</th>
            <th className="num" title="Share of the list’s tracks filed under the seed’s genres">In theme</th>
          </tr>
        </thead>
        <tbody>
          {scope.lists.map((r) => (
            <tr key={r.list} data-list={r.list} className={r.list === 'variant' ? 'is-variant' : undefined}>
              <td title={LISTS.find((l) => l.kind === r.list)?.title}>{listLabel(r.list)}</td>
              {MEASURES.map((m) => {
                const isBest = best.get(m.key) === r.list;
                return (
                  <td key={m.key} className={`num tabular${isBest ? ' is-best' : ''}`} title={isBest ? BEST_TITLE : undefined} data-best={isBest ? 'true' : undefined}>
                    {m.format(r)}
                  </td>
                );
              })}
              <td className="num tabular">{formatShare(r.facts.seedKept)}</td>
              <td className="num tabular">{formatShare(r.facts.inTheme)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small pv-eval-note">Bold: the best list on a measure, only where its interval lies clear above the runner-up’s.</p>
    </div>
  );
}

function VerdictCell({ v }: { v: Verdict | undefined }) {
  if (!v) return <td className="num">–</td>;
  return (
    <td className={`num tabular pv-outcome is-${v.hitShareOutcome}`} data-outcome={v.hitShareOutcome} title={OUTCOME_WORDS[v.hitShareOutcome]}>
      {formatPtsInterval(v.hitShare)}
    </td>
  );
}

function Verdicts({ scope }: { scope: ScopeReport }) {
  return (
    <ul className="pv-eval-verdicts" data-testid="evaluation-verdicts">
      {scope.verdicts.map((v) => (
        <li key={v.against} data-against={v.against}>
          Variant vs {listLabel(v.against).toLowerCase()}: hit share{' '}
          <span className={`pv-outcome is-${v.hitShareOutcome} tabular`}>
            {formatPtsInterval(v.hitShare)}, {OUTCOME_WORDS[v.hitShareOutcome]}
          </span>
          ; listener hit rate{' '}
          <span className={`pv-outcome is-${v.hitRateOutcome} tabular`}>
            {formatPtsInterval(v.hitRate)}, {OUTCOME_WORDS[v.hitRateOutcome]}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Overview({ segments, onPick, picked }: { segments: readonly ScopeReport[]; onPick: (segment: number) => void; picked: number | null }) {
  return (
    <div className="pv-eval-table-wrap">
      <table className="pv-eval-table" data-testid="evaluation-segments">
        <thead>
          <tr>
            <th>Segment</th>
            <th className="num">Observations</th>
            {OVERVIEW.map((k) => (
              <th key={k} className="num" title={`The variant against ${listPhrase(k)}: ${LISTS.find((l) => l.kind === k)?.title.toLowerCase()}`}>
                vs {listShort(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {segments.map((s) => (
            <tr key={s.segment} data-segment={s.segment} className={s.segment === picked ? 'is-picked' : undefined}>
              <td className="ellipsis">
                <button className="pv-link" title="Show this segment’s table" onClick={() => s.segment !== null && onPick(s.segment)}>
                  {scopeName(s)}
                </button>
              </td>
              <td className="num tabular">{formatCount(s.observations)}</td>
              {OVERVIEW.map((k) => (
                <VerdictCell key={k} v={s.verdicts.find((v) => v.against === k)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small pv-eval-note">Differences in percentage points with 95% intervals; green where the variant finds more held-out plays, red where it finds fewer, plain where the interval includes zero.</p>
    </div>
  );
}

//! The offline evaluation: a share of each listener's signals held out (seeded), and for each
//! segment the variant's hit rate and NDCG on them against the seed as is and a popularity
//! order, as a grouped bar chart and a table. Runs each time it opens (it takes a few seconds).

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, keys, toIpcError, type Evaluation } from '../../ipc';
import { useStore } from '../../components/store';
import { Modal } from '../../components/Modal';
import { EChart } from '../../components/EChart';
import { useTheme } from '../../components/theme';
import { formatCount } from '../../components/format';
import { formatScore } from '../segments/descriptors';
import '../segments/chartParts';
import { beatsSummary, bestOf, evaluationOption, evaluationRows, RANKINGS, type EvaluationRow } from './evaluationChart';
import { evaluationOpenStore } from './store';

/** Share of each listener's signals held out, and the seed of the split. */
export const HOLDOUT = 0.2;
export const SPLIT_SEED = 7;

export function EvaluationDialog({ playlist, name }: { playlist: number; name: string }) {
  const open = useStore(evaluationOpenStore);
  if (!open) return null;
  return (
    <Modal title={`Offline evaluation${name ? ` · ${name}` : ''}`} onClose={() => evaluationOpenStore.set(false)} width={760} closeTestId="evaluation-close">
      <EvaluationBody playlist={playlist} />
    </Modal>
  );
}

function EvaluationBody({ playlist }: { playlist: number }) {
  const q = useQuery({
    queryKey: keys.evaluation(playlist),
    queryFn: () => api.personalizeEvaluate(playlist, HOLDOUT, SPLIT_SEED),
    staleTime: 0,
    gcTime: 0,
  });
  if (q.isPending) {
    return (
      <div className="pv-eval-running" role="status" data-testid="evaluation-running">
        <span className="spinner" aria-hidden="true" /> Holding out {HOLDOUT * 100}% of each listener’s signals and scoring every segment…
      </div>
    );
  }
  if (q.isError) {
    const e = toIpcError(q.error);
    return (
      <div className="callout callout-error" role="alert" data-testid="evaluation-error">
        <div className="callout-title">The evaluation failed ({e.code})</div>
        <div className="small">{e.message}</div>
      </div>
    );
  }
  return <Result evaluation={q.data} rerun={() => void q.refetch()} running={q.isFetching} />;
}

function Result({ evaluation, rerun, running }: { evaluation: Evaluation; rerun: () => void; running: boolean }) {
  const { effective } = useTheme();
  const rows = useMemo(() => evaluationRows(evaluation), [evaluation]);
  const option = useMemo(() => evaluationOption(rows, effective), [rows, effective]);
  const good = evaluation.variantBeatsSeed * 2 > evaluation.segments.length;
  return (
    <div className="pv-eval" data-testid="evaluation-result">
      <div className="pv-eval-head">
        <span className={`pv-eval-beats ${good ? 'is-good' : 'is-poor'}`} data-testid="evaluation-beats">
          The variant beats the seed on hit rate in {beatsSummary(evaluation)}
        </span>
        <div className="grow" />
        <span className="muted small">held out {Math.round((evaluation.holdout ?? HOLDOUT) * 100)}% · seed {evaluation.seed ?? SPLIT_SEED}</span>
        <button className="button button-small" onClick={rerun} disabled={running}>
          {running ? 'Running…' : 'Run again'}
        </button>
      </div>
      <div data-testid="evaluation-chart">
        <EChart className="pv-eval-chart" option={option} ariaLabel={`Hit rate and NDCG per segment: variant, seed and popularity (${beatsSummary(evaluation)} where the variant beats the seed)`} />
      </div>
      <ScoresTable rows={rows} />
    </div>
  );
}

function ScoresTable({ rows }: { rows: EvaluationRow[] }) {
  const cell = (row: EvaluationRow, metric: 'hitRate' | 'ndcg', r: (typeof RANKINGS)[number]['key']) => (
    <td key={`${metric}-${r}`} className={`num tabular${bestOf(row, metric) === r ? ' is-best' : ''}`}>{formatScore(row.scores[r][metric], 3)}</td>
  );
  return (
    <div className="pv-eval-table-wrap">
      <table className="pv-eval-table" data-testid="evaluation-table">
        <thead>
          <tr>
            <th rowSpan={2}>Segment</th>
            <th rowSpan={2} className="num">Listeners</th>
            <th rowSpan={2} className="num">k</th>
            <th colSpan={3}>Hit rate</th>
            <th colSpan={3}>NDCG</th>
          </tr>
          <tr>
            {[0, 1].flatMap((g) => RANKINGS.map((r) => <th key={`${g}-${r.key}`} className="num">{r.label}</th>))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.segment} data-segment={row.segment} data-beats={row.beats ? 'true' : 'false'}>
              <td className="ellipsis">{row.segment + 1}. {row.name}</td>
              <td className="num tabular">{formatCount(row.listeners)}</td>
              <td className="num tabular">{row.k}</td>
              {RANKINGS.map((r) => cell(row, 'hitRate', r.key))}
              {RANKINGS.map((r) => cell(row, 'ndcg', r.key))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

//! The offline evaluation: a share of each listener's signals held out in seeded splits, and for
//! all listeners and each segment the variant against the seed as is, the most popular tracks,
//! the segment's most-played and the theme baseline, with 95% intervals. Opening it starts a run
//! (a job: progress, cancel, the jobs menu) unless the last one still fits the playlist; it then
//! says what the intervals say, charts the hit share and tabulates every measure.

import { useEffect, useMemo } from 'react';
import type { Evaluation } from '../../ipc';
import { useStore } from '../../components/store';
import { Modal } from '../../components/Modal';
import { EChart } from '../../components/EChart';
import { useTheme } from '../../components/theme';
import { formatCount, plural } from '../../components/format';
import './chartParts';
import { hitShareOption } from './evaluationChart';
import { evaluationSummary } from './evaluationModel';
import { staleness, startEvaluation, type FinishedEvaluation } from './evaluationRuns';
import { EvaluationStatus } from './EvaluationStatus';
import { EvaluationTables } from './EvaluationTables';
import { evaluationOpenStore } from './store';
import { useEvaluationRun } from './useEvaluationRun';

interface Props {
  playlist: number;
  name: string;
  /** What an evaluation of the playlist as it is depends on (null while loading). */
  inputs: string | null;
  strength: number | null;
}

export function EvaluationDialog({ playlist, name, inputs, strength }: Props) {
  const open = useStore(evaluationOpenStore);
  const { running, job, phase, last } = useEvaluationRun(playlist);
  useEffect(() => {
    // The end of a run removes the focused cancel button: keep focus in the dialog, so Escape
    // still closes it.
    const active = document.activeElement;
    if (open && !running && (!active || active === document.body)) document.querySelector<HTMLElement>('[data-testid="evaluation-dialog"]')?.focus();
  }, [open, running]);
  if (!open) return null;
  const close = () => evaluationOpenStore.set(false);
  const footer = (
    <>
      <div className="grow" />
      <button className="button" data-testid="evaluation-rerun" disabled={running || inputs === null} onClick={() => inputs !== null && void startEvaluation(playlist, name, inputs)}>
        Run again
      </button>
      <button className="button button-primary" data-testid="evaluation-dismiss" onClick={close} title={running ? 'The evaluation goes on in the background' : undefined}>
        {running ? 'Hide' : 'Close'}
      </button>
    </>
  );
  return (
    <Modal title={`Offline evaluation${name ? ` · ${name}` : ''}`} onClose={close} width={960} closeTestId="evaluation-close" testId="evaluation-dialog" footer={footer}>
      <div className="pv-eval">
        <EvaluationStatus running={running} job={job} phase={phase} hasLast={last !== null} testId="evaluation" closable="dialog" />
        {!running && last && <Result last={last} inputs={inputs} strength={strength} />}
        {!running && !last && phase.phase === 'idle' && <p className="muted">No evaluation of this playlist yet: press “Run again” to start one.</p>}
      </div>
    </Modal>
  );
}

function Result({ last, inputs, strength }: { last: FinishedEvaluation; inputs: string | null; strength: number | null }) {
  const e = last.evaluation;
  const { effective } = useTheme();
  const option = useMemo(() => hitShareOption(e, effective), [e, effective]);
  const summary = useMemo(() => evaluationSummary(e), [e]);
  const { changed, strengthMoved } = staleness(last, inputs, strength);
  return (
    <div className="pv-eval-result" data-testid="evaluation-result">
      <p className="muted small" data-testid="evaluation-facts">
        <Facts e={e} />
      </p>
      {(changed || strengthMoved) && (
        <div className="callout callout-warn small" role="status" data-testid="evaluation-stale">
          {changed ? 'The seed, its pool or its settings changed since this evaluation ran' : `The strength is now ${strength?.toFixed(2)}; these tables are at ${(e.strength ?? 0).toFixed(2)}`}: “Run again” to measure the playlist as it is.
        </div>
      )}
      <div className="pv-eval-summary" data-testid="evaluation-summary">
        {summary.map((s, i) => (
          <p key={i} data-testid={i === summary.length - 1 ? 'evaluation-shortfall' : undefined}>{s}</p>
        ))}
      </div>
      <div data-testid="evaluation-chart">
        <EChart className="pv-eval-chart" option={option} ariaLabel={`Held-out hit share of each list, for all listeners and per segment, with 95% intervals. ${summary.join(' ')}`} />
      </div>
      <EvaluationTables evaluation={e} />
    </div>
  );
}

function Facts({ e }: { e: Evaluation }) {
  const held = Math.round((e.holdout ?? 0) * 100);
  return (
    <>
      {held}% of each listener’s signals held out, {plural(e.splits, 'split')} from seed {e.seed ?? '–'}; lists of {plural(e.k, 'track')}; the tables at strength {(e.strength ?? 0).toFixed(2)} (the playlist’s);{' '}
      {formatCount(e.overall.observations)} listener observations. Means with 95% bootstrap intervals over listeners; the variant counts as better or worse than another list only
      where the interval of their paired difference leaves zero out.
    </>
  );
}

//! The strength curve tab: from the playlist's last evaluation, how many held-out plays the
//! variants find (y) against how much of the seed they keep (x) as the strength goes from 0 to
//! 1, for all listeners and each segment (the legend shows and hides them), beside the theme
//! baseline, the current strength ringed. A button runs the evaluation when none has run.

import { useMemo } from 'react';
import { useTheme } from '../../components/theme';
import { EChart } from '../../components/EChart';
import './chartParts';
import { openEvaluation, staleness, startEvaluation, type FinishedEvaluation } from './evaluationRuns';
import { EvaluationStatus } from './EvaluationStatus';
import { currentDot, curveLines, strengthCurveOption } from './strengthCurve';
import { useEvaluationRun } from './useEvaluationRun';

interface Props {
  playlist: number;
  name: string;
  inputs: string | null;
  strength: number | null;
}

export function StrengthCurve({ playlist, name, inputs, strength }: Props) {
  const { running, job, phase, last } = useEvaluationRun(playlist);
  const run = () => inputs !== null && void startEvaluation(playlist, name, inputs);
  return (
    <div className="pv-curve" data-testid="strength-curve">
      <EvaluationStatus running={running} job={job} phase={phase} hasLast={last !== null} testId="strength-curve" closable="tab" />
      {last ? (
        <Curve last={last} inputs={inputs} strength={strength} running={running} onRun={run} onOpen={() => openEvaluation(playlist, name, inputs, strength)} />
      ) : (
        !running && (
          <div className="pane-empty" data-testid="strength-curve-empty">
            <div className="pane-empty-title">No evaluation yet</div>
            <p className="muted small">
              The curve shows, for this seed, how many held-out plays the variants find as the strength goes from 0 to 1, against how much of the seed they keep. It takes an
              offline evaluation: a few seconds on the demo, in the background.
            </p>
            <div>
              <button className="button button-small button-primary" data-testid="strength-curve-run" disabled={inputs === null} onClick={run}>
                Run evaluation
              </button>
            </div>
          </div>
        )
      )}
    </div>
  );
}

interface CurveProps {
  last: FinishedEvaluation;
  inputs: string | null;
  strength: number | null;
  running: boolean;
  onRun: () => void;
  onOpen: () => void;
}

function Curve({ last, inputs, strength, running, onRun, onOpen }: CurveProps) {
  const e = last.evaluation;
  const { effective } = useTheme();
  const option = useMemo(() => strengthCurveOption(e, strength, effective), [e, strength, effective]);
  const ringed = useMemo(() => currentDot(curveLines(e), strength) !== null, [e, strength]);
  const { changed } = staleness(last, inputs, strength);
  const when = new Date(last.finishedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <>
      <p className="muted small">
        Held-out hit share against the share of the seed kept, from strength 0 (the seed as is, on the right) to 1. Evaluation of {when}: {Math.round((e.holdout ?? 0) * 100)}% held out,{' '}
        {e.splits} splits; whiskers are 95% intervals. Click a legend entry to show or hide a line; hover a segment’s line for its strengths.
      </p>
      {changed && (
        <div className="callout callout-warn small" role="status" data-testid="strength-curve-stale">
          The seed, its pool or its settings changed since this evaluation: run it again to see the curve of the playlist as it is.
        </div>
      )}
      {!ringed && strength !== null && (
        <p className="muted small" data-testid="strength-curve-unmarked">
          The current strength, {strength.toFixed(2)}, was not evaluated: run the evaluation again to place it on the curve.
        </p>
      )}
      <div className="pv-curve-chart-wrap" data-testid="strength-curve-chart">
        <EChart className="pv-curve-chart" option={option} ariaLabel="Strength curve: held-out hit share against the share of the seed kept, for all listeners and each segment, with the theme baseline" />
      </div>
      <div className="pv-curve-actions">
        <button className="button button-small" data-testid="strength-curve-run" disabled={running || inputs === null} onClick={onRun}>
          Run again
        </button>
        <button className="button button-small" data-testid="strength-curve-open" onClick={onOpen}>
          Open the full evaluation
        </button>
      </div>
    </>
  );
}

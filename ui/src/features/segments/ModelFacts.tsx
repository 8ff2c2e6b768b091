//! What a fit measured, next to the model picker: algorithm, k (and how it was chosen), the
//! silhouette, stability, agreement with planted tastes, and who took part.

import type { ModelView } from '../../ipc';
import { formatCount, formatSeconds } from '../../components/format';
import { algorithmLabel, formatScore, formatShare } from './descriptors';

export function ModelFacts({ view }: { view: ModelView }) {
  const { summary, params } = view;
  const m = summary.metrics;
  const chosen = params.k == null && m.candidates.length > 1;
  const tried = m.candidates.map((c) => `k = ${c.k}: silhouette ${formatScore(c.silhouette)}`).join('\n');
  return (
    <dl className="stat-row model-facts" aria-label="Model metrics" data-testid="segments-model-facts">
      <Fact label="Algorithm" value={algorithmLabel(summary.algorithm)} testId="segments-algorithm" />
      <Fact label="k" value={String(summary.k)} testId="segments-k" note={chosen ? 'by silhouette' : 'fixed'} title={chosen ? `Tried:\n${tried}` : undefined} />
      <Fact label="Silhouette" value={formatScore(m.silhouette)} title="Mean silhouette on a seeded sample: −1 to 1, higher is better separated" />
      <Fact label="Stability ARI" value={formatScore(m.stabilityAri)} title="Adjusted Rand index against refits with other seeds: 1 is the same segmentation every time" />
      {m.truthAri !== null && (
        <Fact label="ARI vs planted tastes" value={formatScore(m.truthAri)} testId="segments-truth-ari" title="Agreement with the simulator's known tastes: 1 recovers them exactly" />
      )}
      <Fact
        label="Listeners"
        value={formatCount(m.fitted)}
        note={m.assignedAfter ? `+${formatCount(m.assignedAfter)} assigned after` : undefined}
        title={`${formatCount(m.fitted)} took part in the fit${m.assignedAfter ? `; ${formatCount(m.assignedAfter)} with too little evidence were assigned to the nearest segment after` : ''}${m.miniBatch ? '; fitted on mini-batches' : ''}; ${formatSeconds(m.elapsedMs)}`}
      />
      {view.simulatedShare !== null && view.simulatedShare > 0 && (
        <Fact label="Simulated" value={formatShare(view.simulatedShare)} title="Share of this model's listeners drawn by the simulator" />
      )}
    </dl>
  );
}

interface FactProps {
  label: string;
  value: string;
  note?: string;
  title?: string;
  testId?: string;
}

function Fact({ label, value, note, title, testId }: FactProps) {
  return (
    <div className="stat" title={title}>
      <dt>{label}</dt>
      <dd className="tabular" data-testid={testId}>
        {value}
        {note && <span className="muted small"> {note}</span>}
      </dd>
    </div>
  );
}

//! The segments view: what the workspace holds for segmenting, the model on view with one card
//! per segment and the map, or how to get a first model.

import { useMemo } from 'react';
import type { ModelView, TasteStatus } from '../../ipc';
import { plural } from '../../components/format';
import { useTasteStatus, useViewedModel } from './queries';
import { TasteSummary } from './TasteSummary';
import { ModelPicker } from './ModelPicker';
import { ModelFacts } from './ModelFacts';
import { FitButton, SegmentsActions } from './SegmentsActions';
import { SegmentCard } from './SegmentCard';
import { SegmentsMap } from './SegmentsMap';
import { FitDialog } from './FitDialog';
import { SimulateDialog } from './SimulateDialog';

export function SegmentsPanel() {
  const status = useTasteStatus();
  const { models, view } = useViewedModel();
  const model = view.data ?? null;
  const loading = status.isPending || view.isPending;
  return (
    <section className="segments-view" aria-label="Segments" aria-busy={loading}>
      <header className="segments-header">
        <div className="segments-header-row">
          <h2 className="pane-title">Segments</h2>
          {status.data && <TasteSummary status={status.data} />}
          <div className="grow" />
          <SegmentsActions withFit={model !== null} />
        </div>
        {model && models.data && models.data.length > 0 && (
          <div className="segments-header-row">
            <ModelPicker models={models.data} viewed={model.summary} />
            <ModelFacts view={model} />
          </div>
        )}
      </header>
      {model ? <ModelBody model={model} /> : !loading && <EmptyState status={status.data ?? null} />}
      <FitDialog />
      <SimulateDialog />
    </section>
  );
}

function ModelBody({ model }: { model: ModelView }) {
  const names = useMemo(() => model.segments.map((s) => s.name), [model.segments]);
  const id = model.summary.id;
  return (
    <div className="segments-body">
      <div className="segments-cards" aria-label={plural(model.segments.length, 'segment')}>
        {model.segments.map((card) => (
          <SegmentCard key={`${id}-${card.index}`} card={card} model={id} />
        ))}
      </div>
      <SegmentsMap map={model.map} names={names} />
    </div>
  );
}

function EmptyState({ status }: { status: TasteStatus | null }) {
  const listeners = status?.signals.listeners ?? 0;
  return (
    <div className="pane-empty segments-empty" data-testid="segments-empty">
      <div className="pane-empty-title">No segment model yet</div>
      {listeners === 0 ? (
        <p className="muted">
          Segments group listeners by taste. Import listener signals (plays, skips, saves) or simulate listeners from the
          menu above, then fit a model.
        </p>
      ) : (
        <p className="muted">
          The workspace has {plural(listeners, 'listener')}. Fit a model to group them into segments: the vectors are
          built first if needed.
        </p>
      )}
      <div>
        <FitButton large />
      </div>
    </div>
  );
}

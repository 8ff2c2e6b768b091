//! The right-most pane of the Curate view: the open seed personalized for every segment, beside
//! the seed editor (which stays editable). It folds to a narrow rail. Header: what is updating,
//! the evaluation; then the strength and four tabs: the variants, the rules, the pool, and the
//! strength curve (from the last evaluation).

import { useEffect, useMemo, useState } from 'react';
import type { PreviewView } from '../../ipc';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { openPlaylistStore } from '../playlists/openPlaylist';
import { usePlaylistDetail } from '../seed/useSeed';
import { useEditedSettings, usePool, usePreview } from './queries';
import { previewOpenStore, previewSelectionStore, previewTabStore, setPreviewOpen, settingsErrorStore } from './store';
import { pinnedIds, seedSignature } from './model';
import { StrengthControl } from './StrengthControl';
import { PreviewTabs } from './PreviewTabs';
import { VariantsTab } from './VariantsTab';
import { RulesEditor } from './RulesEditor';
import { PoolTab } from './PoolTab';
import { ReasonsTip } from './ReasonsTip';
import { EvaluationDialog } from './EvaluationDialog';
import { StrengthCurve } from './StrengthCurve';
import { evaluationInputs, openEvaluation } from './evaluationRuns';
import { DEFAULT_STRENGTH } from './rules';

export function PreviewPane() {
  const open = useStore(previewOpenStore);
  const playlist = useStore(openPlaylistStore);
  if (!open) {
    return (
      <aside className="pane pv-rail" aria-label="Personalization (folded)">
        <button className="icon-button pv-rail-button" data-testid="preview-unfold" title="Show the personalization preview" aria-label="Show the personalization preview" onClick={() => setPreviewOpen(true)}>
          <Icon name="chevronDown" size={16} className="pv-turn-left" />
          <span className="pv-rail-label">Personalization</span>
        </button>
      </aside>
    );
  }
  return (
    <section className="pane pv-pane" aria-label="Personalization" data-testid="preview-panel">
      {playlist === null ? (
        <>
          <PaneHeader updating={false} elapsed={null} onEvaluate={null} />
          <div className="pane-empty">
            <div className="pane-empty-title">No playlist open</div>
            <p className="muted">Open a seed playlist to see it personalized for every listener segment.</p>
          </div>
        </>
      ) : (
        <PlaylistPreview key={playlist} playlist={playlist} />
      )}
      <ReasonsTip />
    </section>
  );
}

function PaneHeader({ updating, elapsed, onEvaluate }: { updating: boolean; elapsed: number | null; onEvaluate: (() => void) | null }) {
  return (
    <header className="pane-header">
      <h2 className="pane-title">Personalization</h2>
      <span className="pv-updating muted small" role="status" data-testid="preview-updating" data-updating={updating ? 'true' : 'false'}>
        {updating && (
          <>
            <span className="spinner" aria-hidden="true" /> Updating…
          </>
        )}
      </span>
      {!updating && elapsed !== null && (
        <span className="muted small tabular" title="Time the engine took">{elapsed < 10 ? elapsed.toFixed(1) : Math.round(elapsed)} ms</span>
      )}
      <div className="grow" />
      {onEvaluate && (
        <button className="button button-small" data-testid="preview-evaluate" title="How many held-out plays each segment’s variant finds, against the seed and three baselines" onClick={onEvaluate}>
          <Icon name="activity" size={14} /> Evaluate
        </button>
      )}
      <button className="icon-button" data-testid="preview-fold" aria-label="Fold the personalization pane" title="Fold" onClick={() => setPreviewOpen(false)}>
        <Icon name="chevronDown" size={16} className="pv-turn-right" />
      </button>
    </header>
  );
}

function PlaylistPreview({ playlist }: { playlist: number }) {
  const settings = useEditedSettings(playlist);
  const preview = usePreview(playlist);
  const detail = usePlaylistDetail(playlist);
  const poolIds = usePool(playlist).data;
  const pool = poolIds?.length ?? null;
  const tab = useStore(previewTabStore);
  const error = useStore(settingsErrorStore, (m) => m.get(playlist) ?? null);
  const pins = useMemo(() => pinnedIds(detail.data?.items), [detail.data]);
  const fresh = preview.data !== undefined && (preview.data === null || preview.data.playlist === playlist) ? preview.data : undefined;
  // A failed preview leaves the last good one on screen, under its error.
  const [lastGood, setLastGood] = useState<PreviewView | null | undefined>(undefined);
  useEffect(() => {
    if (fresh !== undefined) setLastGood(fresh);
  }, [fresh]);
  useEffect(() => () => previewSelectionStore.set(null), []);
  const current = fresh ?? lastGood;
  const updating = preview.isFetching;
  const name = detail.data?.summary.name ?? '';
  const strength = settings ? (settings.strength ?? DEFAULT_STRENGTH) : null;
  const inputs = useMemo(
    () => evaluationInputs(detail.data ? seedSignature(playlist, detail.data.items) : null, settings, poolIds),
    [playlist, detail.data, settings, poolIds],
  );
  return (
    <>
      <PaneHeader updating={updating} elapsed={current?.elapsedMs ?? null} onEvaluate={() => openEvaluation(playlist, name, inputs, strength)} />
      {settings && <StrengthControl playlist={playlist} settings={settings} />}
      {error && (
        <div className="callout callout-error pv-save-error" role="alert" data-testid="preview-settings-error">
          <div className="callout-title">The settings were not saved</div>
          <div className="small">{error}</div>
        </div>
      )}
      <PreviewTabs rules={settings?.rules ?? null} poolCount={pool} />
      <div className="pv-tabpanel" role="tabpanel" id={`pv-tabpanel-${tab}`} aria-labelledby={`pv-tab-${tab}`}>
        {tab === 'variants' && <VariantsTab playlist={playlist} preview={current} error={preview.isError && !preview.isFetching ? preview.error : null} pins={pins} stale={updating} />}
        {tab === 'rules' && settings && <RulesEditor playlist={playlist} settings={settings} seedLength={detail.data?.items.length ?? 0} />}
        {tab === 'pool' && settings && <PoolTab playlist={playlist} settings={settings} />}
        {tab === 'curve' && <StrengthCurve playlist={playlist} name={name} inputs={inputs} strength={strength} />}
      </div>
      <EvaluationDialog playlist={playlist} name={name} inputs={inputs} strength={strength} />
    </>
  );
}


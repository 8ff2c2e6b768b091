//! One segment: its colour and number (as on the map), its name, size and share, what sets it
//! apart (features in standard deviations, genres, subgenres and artists with their lift), and
//! its feature profile.

import { memo } from 'react';
import type { SegmentCard as Card } from '../../ipc';
import { useTheme } from '../../components/theme';
import { plural } from '../../components/format';
import { featureChips, formatShare, liftChips, type LiftChip } from './descriptors';
import { segmentColor } from './charts';
import { SegmentName } from './SegmentName';
import { ProfileChart } from './ProfileChart';

export const SegmentCard = memo(function SegmentCard({ card, model }: { card: Card; model: number }) {
  const { effective } = useTheme();
  const p = card.profile;
  const features = featureChips(p.features);
  return (
    <article className="segment-card" data-testid="segment-card" data-segment={card.index} aria-label={`Segment ${card.index + 1}: ${card.name}`}>
      <header className="segment-card-head">
        <span className="segment-swatch" style={{ background: segmentColor(card.index, effective) }} aria-hidden="true">
          {card.index + 1}
        </span>
        <SegmentName model={model} segment={card.index} name={card.name} autoName={p.autoName} />
      </header>
      <div className="segment-size muted small tabular">
        <span data-testid="segment-size">{plural(p.size, 'listener')}</span>
        <span className="dot">·</span>
        <span title="Share of all assigned listeners">{formatShare(p.share)}</span>
        <span className="segment-share-bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, Math.max(0, (p.share ?? 0) * 100))}%`, background: segmentColor(card.index, effective) }} />
        </span>
      </div>
      {features.length > 0 && (
        <ul className="chips" aria-label="Features that set it apart">
          {features.map((f) => (
            <li key={f.feature} className={f.high ? 'chip chip-high' : 'chip chip-low'} title={f.title}>
              {f.text}
            </li>
          ))}
        </ul>
      )}
      <LiftRow label="Genres" chips={liftChips(p.genres)} />
      <LiftRow label="Subgenres" chips={liftChips(p.subgenres)} />
      <LiftRow label="Artists" chips={liftChips(p.artists)} />
      <ProfileChart features={p.features} segment={card.index} name={card.name} />
    </article>
  );
});

function LiftRow({ label, chips }: { label: string; chips: LiftChip[] }) {
  if (chips.length === 0) return null;
  return (
    <div className="lift-row">
      <span className="lift-label muted small">{label}</span>
      <ul className="chips" aria-label={`${label} this segment plays more than everyone`}>
        {chips.map((c) => (
          <li key={c.label} className="chip chip-tag" title={c.title}>
            <span className="ellipsis">{c.label}</span>
            <span className="chip-lift tabular">{c.lift}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

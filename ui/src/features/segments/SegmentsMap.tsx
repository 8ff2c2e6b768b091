//! The map: a sample of listeners and every centroid on the first two principal components.

import { useMemo } from 'react';
import type { SegmentMap } from '../../ipc';
import { EChart } from '../../components/EChart';
import { useTheme } from '../../components/theme';
import { formatCount } from '../../components/format';
import { mapOption } from './charts';
import './chartParts';

export function SegmentsMap({ map, names }: { map: SegmentMap; names: string[] }) {
  const { effective } = useTheme();
  const option = useMemo(() => mapOption(map, names, effective), [map, names, effective]);
  return (
    <section className="segments-map" data-testid="segments-map" aria-label="Segment map">
      <div className="segments-map-head">
        <h3 className="section-label">Map</h3>
        <span className="muted small tabular">{formatCount(map.points.length)} listeners sampled · diamonds are segment centres</span>
      </div>
      <EChart className="segments-map-chart" option={option} ariaLabel={`Map of ${names.length} segments: listeners on the two main axes of taste, coloured by segment`} />
    </section>
  );
}

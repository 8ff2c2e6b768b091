//! A segment's feature profile: how far its listeners' taste sits from everyone's, per feature.

import { useMemo } from 'react';
import type { FeatureDiff } from '../../ipc';
import { EChart } from '../../components/EChart';
import { useTheme } from '../../components/theme';
import { profileOption, segmentColor } from './charts';
import './chartParts';

export function ProfileChart({ features, segment, name }: { features: FeatureDiff[]; segment: number; name: string }) {
  const { effective } = useTheme();
  const option = useMemo(() => profileOption(features, segmentColor(segment, effective), effective), [features, segment, effective]);
  if (features.length === 0) return null;
  return <EChart className="profile-chart" option={option} ariaLabel={`Feature profile of ${name}, in standard deviations from everyone`} />;
}

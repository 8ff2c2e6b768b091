import { describe, expect, it } from 'vitest';
import type { FeatureDiff, SegmentMap } from '../../ipc';
import { axisName, divergingBound, escapeHtml, mapOption, profileOption, profileRows, segmentColor } from './charts';

const diff = (feature: FeatureDiff['feature'], difference: number | null): FeatureDiff => ({ feature, difference, segmentMean: null, populationMean: null });

// The builders return echarts' loose option type; the tests read them through these shapes.
interface ProfileShape {
  yAxis: { data: string[] };
  xAxis: { min: number; max: number; axisLabel: { formatter: (v: number) => string } };
  series: Array<{ data: Array<{ value: number; itemStyle: { color: string } }> }>;
}
interface MapShape {
  legend: { data: string[] };
  xAxis: { name: string };
  yAxis: { name: string };
  tooltip: { formatter: (p: { seriesName: string; name: string; value: unknown[] }) => string };
  series: Array<{ name: string; symbol?: string; itemStyle: { color?: string }; data: Array<unknown[] | { name: string; itemStyle: { color: string } }> }>;
}
const asProfile = (o: unknown) => o as ProfileShape;
const asMap = (o: unknown) => o as MapShape;

describe('the feature profile', () => {
  it('bounds the axis symmetrically at a half σ above the largest difference, at least 1σ', () => {
    expect(divergingBound([0.2, -0.4])).toBe(1);
    expect(divergingBound([1.3, -0.4])).toBe(1.5);
    expect(divergingBound([0.2, -2.01, null])).toBe(2.5);
  });

  it('lists features in a fixed order whatever the order of the differences', () => {
    const rows = profileRows([diff('tempo', 1), diff('danceability', -1), diff('energy', 0.5)]);
    expect(rows.map((r) => r.feature)).toEqual(['danceability', 'energy', 'tempo']);
  });

  it('draws positive bars in the segment colour and negative ones muted, first feature on top', () => {
    const o = asProfile(profileOption([diff('energy', 1.2), diff('danceability', -0.7), diff('valence', null)], '#123456', 'light'));
    expect(o.yAxis.data).toEqual(['Valence', 'Energy', 'Danceability']);
    expect(o.xAxis.min).toBe(-1.5);
    expect(o.xAxis.max).toBe(1.5);
    const data = o.series[0]!.data;
    expect(data.map((d) => d.value)).toEqual([0, 1.2, -0.7]);
    expect(data[1]!.itemStyle.color).toBe('#123456');
    expect(data[2]!.itemStyle.color).not.toBe('#123456');
    expect(o.xAxis.axisLabel.formatter(-1.5)).toBe('−1.5σ');
  });
});

describe('the map', () => {
  const map: SegmentMap = {
    points: [
      { listener: 0, x: 1, y: 2, segment: 0 },
      { listener: 1, x: -1, y: 0.5, segment: 1 },
      { listener: 2, x: null, y: 0.5, segment: 1 },
      { listener: 3, x: 0.2, y: 0.1, segment: 0 },
    ],
    centroids: [
      { segment: 0, x: 0.6, y: 1 },
      { segment: 1, x: -1, y: 0.5 },
    ],
    explainedVariance: [0.231, null],
  };

  it('has a series per segment coloured like its card, and labelled centroids', () => {
    const o = asMap(mapOption(map, ['Latin · fast', '<b>Rock</b>'], 'dark'));
    expect(o.series).toHaveLength(3);
    const [first, second, centroids] = o.series;
    expect(first!.name).toBe('1. Latin · fast');
    expect(first!.data).toEqual([[1, 2, 0], [0.2, 0.1, 3]]);
    expect(second!.data).toEqual([[-1, 0.5, 1]]);
    expect(first!.itemStyle.color).toBe(segmentColor(0, 'dark'));
    expect(centroids!.symbol).toBe('diamond');
    expect(centroids!.data).toEqual([
      expect.objectContaining({ name: 'Latin · fast', itemStyle: { color: segmentColor(0, 'dark') } }),
      expect.objectContaining({ name: '<b>Rock</b>', itemStyle: { color: segmentColor(1, 'dark') } }),
    ]);
    expect(o.legend.data).toEqual(['1. Latin · fast', '2. <b>Rock</b>']);
  });

  it('names the axes with their explained variance', () => {
    const o = asMap(mapOption(map, ['a', 'b'], 'light'));
    expect(o.xAxis.name).toBe('PC1 · 23.1% of the variance');
    expect(o.yAxis.name).toBe('PC2');
    expect(axisName(1, 0.25)).toBe('PC1 · 25% of the variance');
  });

  it('escapes names in tooltips', () => {
    const o = asMap(mapOption(map, ['a', '<b>Rock</b>'], 'light'));
    const html = o.tooltip.formatter({ seriesName: 'Centroids', name: '<b>Rock</b>', value: [0, 0] });
    expect(html).toBe('Centre of <b>&#60;b&#62;Rock&#60;/b&#62;</b>');
    expect(escapeHtml(`"'&`)).toBe('&#34;&#39;&#38;');
  });

  it('cycles the palette beyond its colours', () => {
    expect(segmentColor(12, 'light')).toBe(segmentColor(0, 'light'));
    expect(segmentColor(1, 'light')).not.toBe(segmentColor(1, 'dark'));
  });
});

//! The segments panel's chart options, as pure functions of the data and the theme: the feature
//! profile (a diverging bar chart of standardized differences) and the map (listeners and
//! centroids on the first two principal components). Registration of the echarts parts they
//! need lives in `chartParts.ts`, so these stay testable without a canvas.

import type { EChartsCoreOption } from 'echarts/core';
import type { FeatureDiff, SegmentMap } from '../../ipc';
import { FEATURE_LABELS, FEATURE_ORDER, formatSigma, formatShare } from './descriptors';

export type Theme = 'light' | 'dark';

interface ChartColors {
  text: string;
  axis: string;
  grid: string;
  tooltip: string;
  negative: string;
  halo: string;
}

const COLORS: Record<Theme, ChartColors> = {
  light: { text: '#495057', axis: '#868e96', grid: '#eceef1', tooltip: '#ffffff', negative: '#adb5bd', halo: '#ffffff' },
  dark: { text: '#c1c7cf', axis: '#868e96', grid: '#2a2e35', tooltip: '#1f2227', negative: '#5c636e', halo: '#1a1d22' },
};

// Twelve categorical colours, readable on each theme's surface; segments beyond twelve reuse them.
const SEGMENT_COLORS: Record<Theme, readonly string[]> = {
  light: ['#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#5c940d', '#a61e4d', '#1864ab', '#862e9c', '#d9480f'],
  dark: ['#7b8fff', '#ff9a62', '#69db7c', '#f783ac', '#b197fc', '#3bc9db', '#ffc078', '#a9e34b', '#faa2c1', '#74c0fc', '#e599f7', '#ffa94d'],
};

export function segmentColor(index: number, theme: Theme): string {
  const colors = SEGMENT_COLORS[theme];
  return colors[((index % colors.length) + colors.length) % colors.length]!;
}

/** Text for an HTML tooltip: editors name segments, and names must not become markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The symmetric axis bound for differences: at least 1σ, rounded up to a half. */
export function divergingBound(values: ReadonlyArray<number | null>): number {
  const max = values.reduce<number>((m, v) => (v === null || !Number.isFinite(v) ? m : Math.max(m, Math.abs(v))), 0);
  return Math.max(1, Math.ceil(max * 2) / 2);
}

/** Feature differences in the chart's fixed order (so cards compare at a glance), top first. */
export function profileRows(features: readonly FeatureDiff[]): FeatureDiff[] {
  const by = new Map(features.map((d) => [d.feature, d]));
  return FEATURE_ORDER.flatMap((f) => {
    const d = by.get(f);
    return d ? [d] : [];
  });
}

/** A horizontal bar per feature, right of 0 in the segment's colour where it is above everyone. */
export function profileOption(features: readonly FeatureDiff[], color: string, theme: Theme): EChartsCoreOption {
  const c = COLORS[theme];
  // echarts lists a category axis from the bottom: reverse so the first feature is on top.
  const rows = profileRows(features).reverse();
  const bound = divergingBound(rows.map((d) => d.difference));
  return {
    animation: false,
    grid: { left: 4, right: 10, top: 4, bottom: 16 },
    tooltip: {
      trigger: 'item',
      backgroundColor: c.tooltip,
      borderColor: c.grid,
      textStyle: { color: c.text, fontSize: 11 },
      formatter: (p: { dataIndex: number }) => {
        const d = rows[p.dataIndex];
        if (!d) return '';
        const mean = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
        return `${FEATURE_LABELS[d.feature]} ${d.difference === null ? '–' : formatSigma(d.difference, 2)}<br/>segment ${mean(d.segmentMean)} · everyone ${mean(d.populationMean)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: -bound,
      max: bound,
      interval: bound,
      axisLabel: { color: c.axis, fontSize: 9, formatter: (v: number) => (v === 0 ? '0' : formatSigma(v, 1)) },
      splitLine: { lineStyle: { color: c.grid } },
    },
    yAxis: {
      type: 'category',
      data: rows.map((d) => FEATURE_LABELS[d.feature]),
      axisLabel: { color: c.text, fontSize: 10 },
      axisTick: { show: false },
      axisLine: { onZero: true, lineStyle: { color: c.axis } },
    },
    series: [
      {
        type: 'bar',
        barWidth: '62%',
        data: rows.map((d) => ({
          value: d.difference ?? 0,
          itemStyle: { color: (d.difference ?? 0) >= 0 ? color : c.negative, borderRadius: 2 },
        })),
      },
    ],
  };
}

/** "PC1 · 23% of the variance" */
export function axisName(component: 1 | 2, share: number | null): string {
  return share === null ? `PC${component}` : `PC${component} · ${formatShare(share).replace('.0%', '%')} of the variance`;
}

/**
 * Listeners as small dots coloured by segment (one series per segment, so the legend can hide
 * one), centroids as large diamonds labelled with the segment names.
 */
export function mapOption(map: SegmentMap, names: readonly string[], theme: Theme): EChartsCoreOption {
  const c = COLORS[theme];
  const label = (s: number) => `${s + 1}. ${names[s] ?? `Segment ${s + 1}`}`;
  const segments = names.map((_, s) => s);
  const listeners = segments.map((s) => ({
    type: 'scatter',
    name: label(s),
    symbolSize: 4,
    itemStyle: { color: segmentColor(s, theme), opacity: 0.55 },
    emphasis: { scale: 2 },
    data: map.points.filter((p) => p.segment === s && p.x !== null && p.y !== null).map((p) => [p.x, p.y, p.listener]),
  }));
  const centroids = {
    type: 'scatter',
    name: 'Centroids',
    symbol: 'diamond',
    symbolSize: 16,
    z: 10,
    itemStyle: { borderColor: c.halo, borderWidth: 2 },
    label: { show: true, position: 'top', distance: 6, color: c.text, fontSize: 11, fontWeight: 600, textBorderColor: c.halo, textBorderWidth: 3, formatter: (p: { name: string }) => p.name },
    data: map.centroids
      .filter((m) => m.x !== null && m.y !== null)
      .map((m) => ({ name: names[m.segment] ?? `Segment ${m.segment + 1}`, value: [m.x, m.y], itemStyle: { color: segmentColor(m.segment, theme) } })),
  };
  const axis = (component: 1 | 2) => ({
    type: 'value',
    scale: true,
    name: axisName(component, map.explainedVariance[component - 1] ?? null),
    nameLocation: 'middle',
    nameGap: component === 1 ? 24 : 30,
    nameTextStyle: { color: c.axis, fontSize: 11 },
    axisLabel: { show: false },
    axisTick: { show: false },
    axisLine: { show: false },
    splitLine: { lineStyle: { color: c.grid } },
  });
  return {
    animation: false,
    grid: { left: 36, right: 16, top: 44, bottom: 32 },
    legend: { type: 'scroll', top: 0, left: 0, right: 0, itemWidth: 10, itemHeight: 10, textStyle: { color: c.text, fontSize: 11 }, data: segments.map(label) },
    tooltip: {
      trigger: 'item',
      backgroundColor: c.tooltip,
      borderColor: c.grid,
      textStyle: { color: c.text, fontSize: 11 },
      formatter: (p: { seriesName: string; name: string; value: unknown[] }) =>
        p.seriesName === 'Centroids'
          ? `Centre of <b>${escapeHtml(p.name)}</b>`
          : `${escapeHtml(p.seriesName)}<br/><span style="opacity:.7">listener row ${String(p.value[2])}</span>`,
    },
    xAxis: axis(1),
    yAxis: axis(2),
    series: [...listeners, centroids],
  };
}

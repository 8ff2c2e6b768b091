//! The evaluation dialog's chart: held-out hit share per scope (all listeners, then each segment)
//! and list, each a dot at the mean with a whisker over its 95% interval, the lists side by side
//! within a scope. Custom series (registered in `chartParts.ts`); the options are pure.

import type { EChartsCoreOption } from 'echarts/core';
import type { Evaluation, ListKind, ScopeReport } from '../../ipc';
import { escapeHtml, type Theme } from '../segments/charts';
import { formatPctInterval, LISTS } from './evaluationModel';

export const CHROME: Record<Theme, { text: string; axis: string; grid: string; tooltip: string; strong: string; mark: string }> = {
  light: { text: '#495057', axis: '#868e96', grid: '#eceef1', tooltip: '#ffffff', strong: '#212529', mark: '#e03131' },
  dark: { text: '#c1c7cf', axis: '#868e96', grid: '#2a2e35', tooltip: '#1f2227', strong: '#f1f3f5', mark: '#ff8787' },
};

export const LIST_COLORS: Record<Theme, Record<ListKind, string>> = {
  light: { variant: '#3b5bdb', seed: '#868e96', popular: '#e8590c', segmentMostPlayed: '#7048e8', themeBaseline: '#2b8a3e' },
  dark: { variant: '#7b8fff', seed: '#adb5bd', popular: '#ff9a62', segmentMostPlayed: '#b197fc', themeBaseline: '#69db7c' },
};

/** What a custom series' `renderItem` uses of echarts' API. */
export interface RenderApi {
  value(dim: number): number;
  coord(point: number[]): number[];
  size?(dataSize: number[]): number[];
}

export interface Graphic {
  type: string;
  shape?: Record<string, number>;
  style?: Record<string, unknown>;
  children?: Graphic[];
}

/**
 * A whisker from `value(lowDim)` to `value(lowDim + 1)` at `value(0)`, shifted `dx` pixels,
 * with caps; and a dot at `value(meanDim)` when `meanDim` is given.
 */
export function whisker(api: RenderApi, color: string, dx: number, lowDim: number, meanDim: number | null, opacity = 1): Graphic {
  const x = api.value(0);
  const [ax, ay] = api.coord([x, api.value(lowDim)]) as [number, number];
  const [, by] = api.coord([x, api.value(lowDim + 1)]) as [number, number];
  const cx = ax + dx;
  const style = { stroke: color, lineWidth: 1.4, opacity };
  const cap = 4;
  const children: Graphic[] = [
    { type: 'line', shape: { x1: cx, y1: ay, x2: cx, y2: by }, style },
    { type: 'line', shape: { x1: cx - cap, y1: ay, x2: cx + cap, y2: ay }, style },
    { type: 'line', shape: { x1: cx - cap, y1: by, x2: cx + cap, y2: by }, style },
  ];
  if (meanDim !== null) {
    const [, my] = api.coord([x, api.value(meanDim)]) as [number, number];
    children.push({ type: 'circle', shape: { cx, cy: my, r: 4 }, style: { fill: color, opacity } });
  }
  return { type: 'group', children };
}

/** Every scope, all listeners first. */
export const scopesOf = (e: Evaluation): ScopeReport[] => [e.overall, ...e.segments];

/** "All listeners", "3. Rap · fast" */
export const scopeName = (s: ScopeReport): string => (s.segment === null ? s.name : `${s.segment + 1}. ${s.name}`);

/** Where list `i` of `n` sits in a category band, as a share of the band's width from its middle. */
export function bandOffset(i: number, n: number, width = 0.8): number {
  return n <= 1 ? 0 : (i - (n - 1) / 2) * (width / n);
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 && v !== 0 ? 1 : 0)}%`;

interface TipParams {
  seriesName: string;
  marker: string;
  value: [number, number, number, number];
}

export function hitShareOption(e: Evaluation, theme: Theme): EChartsCoreOption {
  const c = CHROME[theme];
  const scopes = scopesOf(e);
  const names = scopes.map(scopeName);
  return {
    animation: false,
    legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 10, textStyle: { color: c.text, fontSize: 11 }, data: LISTS.map((l) => l.label) },
    tooltip: {
      trigger: 'item',
      backgroundColor: c.tooltip,
      borderColor: c.grid,
      textStyle: { color: c.text, fontSize: 11 },
      formatter: (p: TipParams) => {
        const [i, mean, low, high] = p.value;
        return `<b>${escapeHtml(names[i] ?? '')}</b><br/>${p.marker}${escapeHtml(p.seriesName)}: ${formatPctInterval({ mean, low, high })}`;
      },
    },
    grid: { left: 52, right: 12, top: 40, bottom: 44 },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { color: c.axis, fontSize: 10, interval: 0, width: 96, overflow: 'truncate' },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: c.axis } },
      splitLine: { show: true, interval: 0, lineStyle: { color: c.grid } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      name: 'Held-out hit share',
      nameLocation: 'middle',
      nameGap: 40,
      nameTextStyle: { color: c.text, fontSize: 11 },
      axisLabel: { color: c.axis, fontSize: 10, formatter: pct },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series: LISTS.map((l, li) => {
      const color = LIST_COLORS[theme][l.kind];
      return {
        type: 'custom',
        name: l.label,
        itemStyle: { color },
        encode: { x: 0, y: [1, 2, 3] },
        data: scopes.map((s, i) => {
          const r = s.lists.find((x) => x.list === l.kind)?.hitShare;
          return r && r.mean !== null ? [i, r.mean, r.low ?? r.mean, r.high ?? r.mean] : [i, null, null, null];
        }),
        renderItem: (_: unknown, api: RenderApi) => {
          if (!Number.isFinite(api.value(1))) return null;
          const band = api.size?.([1, 0])[0] ?? 0;
          return whisker(api, color, bandOffset(li, LISTS.length) * band, 2, 1);
        },
      };
    }),
  };
}

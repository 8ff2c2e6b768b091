//! The strength curve, as pure functions: from an evaluation's curve points, one line for all
//! listeners and one per segment of held-out hit share (y) against the share of the seed kept
//! (x) as the strength goes from 0 to 1, with 95% whiskers; the theme baseline as a point of its
//! own; the playlist's current strength ringed (only where it was evaluated: nothing is
//! interpolated).

import type { EChartsCoreOption } from 'echarts/core';
import type { Evaluation, Interval } from '../../ipc';
import { escapeHtml, segmentColor, type Theme } from '../segments/charts';
import { formatShare } from '../segments/descriptors';
import { CHROME, whisker, type RenderApi } from './evaluationChart';
import { formatPctInterval, sameStrength } from './evaluationModel';

export interface CurveDot {
  strength: number;
  /** Share of the seed kept. */
  x: number;
  /** Held-out hit share (its mean). */
  y: number;
  hitShare: Interval;
  inTheme: number | null;
}

export interface CurveLine {
  /** null: all listeners. */
  segment: number | null;
  name: string;
  dots: CurveDot[];
}

export const ALL_LISTENERS = 'All listeners';
export const THEME_BASELINE = 'Theme baseline';
export const CURRENT = 'Current strength';
/** The ring's legend entry: "Current strength (0.50)". */
export const currentName = (strength: number) => `${CURRENT} (${strength.toFixed(2)})`;

/** One line per scope (all listeners first, then the segments in order), dots by strength. */
export function curveLines(e: Evaluation): CurveLine[] {
  const names = new Map(e.segments.map((s) => [s.segment, `${(s.segment ?? 0) + 1}. ${s.name}`]));
  const by = new Map<number | null, CurveDot[]>();
  for (const p of e.curve) {
    if (p.strength === null || p.seedKept === null || p.hitShare.mean === null) continue;
    const dots = by.get(p.segment) ?? [];
    dots.push({ strength: p.strength, x: p.seedKept, y: p.hitShare.mean, hitShare: p.hitShare, inTheme: p.inTheme });
    by.set(p.segment, dots);
  }
  const order = [...by.keys()].sort((a, b) => (a === null ? -1 : b === null ? 1 : a - b));
  return order.map((segment) => ({
    segment,
    name: segment === null ? ALL_LISTENERS : (names.get(segment) ?? `Segment ${segment + 1}`),
    dots: by.get(segment)!.sort((a, b) => a.strength - b.strength),
  }));
}

/** The all-listeners dot at `strength`, if that strength was evaluated. */
export function currentDot(lines: readonly CurveLine[], strength: number | null): CurveDot | null {
  const all = lines.find((l) => l.segment === null);
  return all?.dots.find((d) => sameStrength(d.strength, strength)) ?? null;
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 && v !== 0 ? 1 : 0)}%`;

/** The tooltip of a dot: its line, its strength, the seed kept and the hit share with its interval. */
export function dotTip(line: string, d: { strength: number | null; x: number; hitShare: Interval; inTheme: number | null }): string {
  const rows = [
    `<b>${escapeHtml(line)}</b>`,
    d.strength === null ? '' : `Strength ${d.strength.toFixed(2)}`,
    `Seed kept ${formatShare(d.x)}`,
    d.inTheme === null ? '' : `In the seed’s genres ${formatShare(d.inTheme)}`,
    `Held-out hit share ${formatPctInterval(d.hitShare)}`,
  ];
  return rows.filter(Boolean).join('<br/>');
}

type Value = [number, number, number, number, number];
const valueOf = (d: CurveDot): Value => [d.x, d.y, d.strength, d.hitShare.low ?? d.y, d.hitShare.high ?? d.y];

export function strengthCurveOption(e: Evaluation, current: number | null, theme: Theme): EChartsCoreOption {
  const c = CHROME[theme];
  const lines = curveLines(e);
  const now = currentDot(lines, current);
  const colorOf = (l: CurveLine) => (l.segment === null ? c.strong : segmentColor(l.segment, theme));
  const lineSeries = lines.flatMap((l) => {
    const all = l.segment === null;
    const color = colorOf(l);
    const tips = new Map(l.dots.map((d) => [d.strength, dotTip(l.name, d)]));
    return [
      {
        type: 'line',
        name: l.name,
        z: all ? 4 : 3,
        symbol: 'circle',
        symbolSize: all ? 8 : 5,
        itemStyle: { color },
        lineStyle: { color, width: all ? 2.5 : 1.2, opacity: all ? 1 : 0.8 },
        label: { show: all, position: 'top', distance: 6, color: c.text, fontSize: 10, formatter: (p: { value: Value }) => p.value[2].toFixed(2) },
        // Strengths that keep the same share of the seed sit on one spot: stack their labels.
        labelLayout: { moveOverlap: 'shiftY' },
        emphasis: { focus: 'series', label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: Value }) => p.value[2].toFixed(2) } },
        tooltip: { formatter: (p: { value: Value }) => tips.get(p.value[2]) ?? '' },
        data: l.dots.map(valueOf),
      },
      {
        type: 'custom',
        name: l.name,
        silent: true,
        z: 2,
        itemStyle: { color },
        encode: { x: 0, y: [3, 4] },
        data: l.dots.map(valueOf),
        renderItem: (_: unknown, api: RenderApi) => whisker(api, color, 0, 3, null, all ? 0.9 : 0.35),
      },
    ];
  });
  const t = e.themePoint;
  const themeDot = t.seedKept !== null && t.hitShare.mean !== null ? { x: t.seedKept, y: t.hitShare.mean, lo: t.hitShare.low ?? t.hitShare.mean, hi: t.hitShare.high ?? t.hitShare.mean } : null;
  const themeSeries = themeDot
    ? [
        {
          type: 'scatter',
          name: THEME_BASELINE,
          z: 5,
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: c.tooltip, borderColor: c.strong, borderWidth: 2 },
          label: { show: true, position: 'bottom', distance: 10, color: c.text, fontSize: 10, formatter: THEME_BASELINE },
          tooltip: { formatter: () => dotTip(THEME_BASELINE, { strength: null, x: themeDot.x, hitShare: t.hitShare, inTheme: t.inTheme }) },
          data: [[themeDot.x, themeDot.y]],
        },
        {
          type: 'custom',
          name: THEME_BASELINE,
          silent: true,
          z: 2,
          encode: { x: 0, y: [1, 2] },
          data: [[themeDot.x, themeDot.lo, themeDot.hi]],
          renderItem: (_: unknown, api: RenderApi) => whisker(api, c.strong, 0, 1, null, 0.9),
        },
      ]
    : [];
  const nowSeries = now
    ? [
        {
          type: 'scatter',
          name: currentName(now.strength),
          z: 6,
          symbol: 'circle',
          symbolSize: 22,
          itemStyle: { color: 'transparent', borderColor: c.mark, borderWidth: 2.5 },
          tooltip: { formatter: () => dotTip(`${ALL_LISTENERS}, at the current strength`, now) },
          data: [[now.x, now.y]],
        },
      ]
    : [];
  return {
    animation: false,
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      itemWidth: 14,
      itemHeight: 8,
      itemGap: 8,
      textStyle: { color: c.text, fontSize: 11, width: 130, overflow: 'truncate' },
      tooltip: { show: true },
      data: [...(now ? [currentName(now.strength)] : []), ...lines.map((l) => l.name), ...(themeDot ? [THEME_BASELINE] : [])],
    },
    tooltip: { trigger: 'item', backgroundColor: c.tooltip, borderColor: c.grid, textStyle: { color: c.text, fontSize: 11 } },
    grid: { left: 56, right: 20, top: 44, bottom: 44 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'Share of the seed kept',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: c.text, fontSize: 11 },
      axisLabel: { color: c.axis, fontSize: 10, formatter: (v: number) => `${Math.round(v * 100)}%` },
      splitLine: { lineStyle: { color: c.grid } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      name: 'Held-out hit share',
      nameLocation: 'middle',
      nameGap: 42,
      nameTextStyle: { color: c.text, fontSize: 11 },
      axisLabel: { color: c.axis, fontSize: 10, formatter: pct },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series: [...lineSeries, ...themeSeries, ...nowSeries],
  };
}

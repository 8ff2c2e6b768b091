//! The offline evaluation as a chart and a table: per segment, hit rate (top) and NDCG (bottom)
//! of the variant, the seed as is and a popularity order, as grouped bars. Pure, like the
//! segments panel's chart options (whose bar series `chartParts.ts` registers).

import type { EChartsCoreOption } from 'echarts/core';
import type { Evaluation, RankScores } from '../../ipc';
import { escapeHtml, type Theme } from '../segments/charts';
import { formatScore } from '../segments/descriptors';

export const RANKINGS = [
  { key: 'variant', label: 'Variant' },
  { key: 'seed', label: 'Seed as is' },
  { key: 'popularity', label: 'Popularity' },
] as const;
export type Ranking = (typeof RANKINGS)[number]['key'];

const PALETTE: Record<Theme, Record<Ranking, string> & { text: string; axis: string; grid: string; tooltip: string }> = {
  light: { variant: '#3b5bdb', seed: '#868e96', popularity: '#e8590c', text: '#495057', axis: '#868e96', grid: '#eceef1', tooltip: '#ffffff' },
  dark: { variant: '#7b8fff', seed: '#868e96', popularity: '#ff9a62', text: '#c1c7cf', axis: '#868e96', grid: '#2a2e35', tooltip: '#1f2227' },
};

export interface EvaluationRow {
  segment: number;
  name: string;
  listeners: number;
  k: number;
  scores: Record<Ranking, RankScores>;
  /** The variant's hit rate beats the seed's. */
  beats: boolean;
}

export function evaluationRows(e: Evaluation): EvaluationRow[] {
  return e.segments.map(({ name, scores: s }) => ({
    segment: s.segment,
    name,
    listeners: s.listeners,
    k: s.k,
    scores: { variant: s.variant, seed: s.seed, popularity: s.popularity },
    beats: (s.variant.hitRate ?? 0) > (s.seed.hitRate ?? 0),
  }));
}

/** Which ranking scores best on `metric` in a row (null on a tie at the top or no figures). */
export function bestOf(row: EvaluationRow, metric: keyof RankScores): Ranking | null {
  const ranked = RANKINGS.map((r) => ({ key: r.key, v: row.scores[r.key][metric] ?? -1 })).sort((a, b) => b.v - a.v);
  const [first, second] = ranked;
  if (!first || first.v < 0 || (second && second.v === first.v)) return null;
  return first.key;
}

/** "3 of 6 segments" */
export function beatsSummary(e: Evaluation): string {
  const n = e.segments.length;
  return `${e.variantBeatsSeed} of ${n} segment${n === 1 ? '' : 's'}`;
}

export function evaluationOption(rows: readonly EvaluationRow[], theme: Theme): EChartsCoreOption {
  const c = PALETTE[theme];
  const names = rows.map((r) => `${r.segment + 1}. ${r.name}`);
  const metrics: Array<{ key: keyof RankScores; label: string }> = [
    { key: 'hitRate', label: 'Hit rate' },
    { key: 'ndcg', label: 'NDCG' },
  ];
  const axisLabel = { color: c.axis, fontSize: 10 };
  return {
    animation: false,
    legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 10, textStyle: { color: c.text, fontSize: 11 }, data: RANKINGS.map((r) => r.label) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: c.tooltip,
      borderColor: c.grid,
      textStyle: { color: c.text, fontSize: 11 },
      formatter: (ps: Array<{ seriesName: string; value: number | null; axisValue: string; marker: string }>) =>
        `<b>${escapeHtml(ps[0]?.axisValue ?? '')}</b><br/>${ps.map((p) => `${p.marker}${escapeHtml(p.seriesName)} ${formatScore(p.value, 3)}`).join('<br/>')}`,
    },
    grid: [
      { left: 44, right: 12, top: 48, height: '34%' },
      { left: 44, right: 12, bottom: 28, height: '34%' },
    ],
    xAxis: metrics.map((_, i) => ({
      type: 'category',
      gridIndex: i,
      data: names,
      axisLabel: i === 0 ? { show: false } : { ...axisLabel, interval: 0, width: 90, overflow: 'truncate' },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: c.axis } },
    })),
    yAxis: metrics.map((m, i) => ({
      type: 'value',
      gridIndex: i,
      min: 0,
      name: m.label,
      nameTextStyle: { color: c.text, fontSize: 11, align: 'left' },
      axisLabel,
      splitLine: { lineStyle: { color: c.grid } },
    })),
    series: metrics.flatMap((m, i) =>
      RANKINGS.map((r) => ({
        type: 'bar',
        name: r.label,
        xAxisIndex: i,
        yAxisIndex: i,
        barMaxWidth: 18,
        itemStyle: { color: c[r.key], borderRadius: [2, 2, 0, 0] },
        data: rows.map((row) => row.scores[r.key][m.key]),
      })),
    ),
  };
}

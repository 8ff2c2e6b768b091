import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../ipc';
import { beatsSummary, bestOf, evaluationOption, evaluationRows } from './evaluationChart';

const scores = (segment: number, v: number, s: number, p: number) => ({
  segment,
  listeners: 1000 + segment,
  k: 20,
  variant: { hitRate: v, ndcg: v / 2 },
  seed: { hitRate: s, ndcg: s / 2 },
  popularity: { hitRate: p, ndcg: p / 2 },
});

const evaluation: Evaluation = {
  playlist: 1,
  model: 1,
  holdout: 0.2,
  seed: 7,
  segments: [
    { name: 'Rap · fast', scores: scores(0, 0.3, 0.2, 0.1) },
    { name: 'Rock <quiet>', scores: scores(1, 0.1, 0.2, 0.2) },
  ],
  variantBeatsSeed: 1,
};

describe('the evaluation', () => {
  it('becomes one row per segment with the three rankings and whether the variant wins', () => {
    const rows = evaluationRows(evaluation);
    expect(rows.map((r) => [r.segment, r.name, r.listeners, r.beats])).toEqual([
      [0, 'Rap · fast', 1000, true],
      [1, 'Rock <quiet>', 1001, false],
    ]);
    expect(bestOf(rows[0]!, 'hitRate')).toBe('variant');
    expect(bestOf(rows[1]!, 'hitRate')).toBeNull();
    expect(beatsSummary(evaluation)).toBe('1 of 2 segments');
  });

  it('charts hit rate and NDCG in two grids, variant / seed / popularity grouped per segment', () => {
    const option = evaluationOption(evaluationRows(evaluation), 'light') as {
      grid: unknown[];
      xAxis: Array<{ data: string[]; gridIndex: number }>;
      series: Array<{ type: string; name: string; xAxisIndex: number; data: Array<number | null> }>;
      legend: { data: string[] };
    };
    expect(option.grid).toHaveLength(2);
    expect(option.xAxis[1]!.data).toEqual(['1. Rap · fast', '2. Rock <quiet>']);
    expect(option.series.map((s) => `${s.xAxisIndex}:${s.name}`)).toEqual(['0:Variant', '0:Seed as is', '0:Popularity', '1:Variant', '1:Seed as is', '1:Popularity']);
    expect(option.series.every((s) => s.type === 'bar')).toBe(true);
    expect(option.series[0]!.data).toEqual([0.3, 0.1]);
    expect(option.series[3]!.data).toEqual([0.15, 0.05]);
    expect(option.legend.data).toEqual(['Variant', 'Seed as is', 'Popularity']);
  });

  it('escapes segment names in the tooltip', () => {
    const option = evaluationOption(evaluationRows(evaluation), 'dark') as { tooltip: { formatter: (ps: unknown[]) => string } };
    const html = option.tooltip.formatter([{ seriesName: 'Variant', value: 0.1, axisValue: '2. Rock <quiet>', marker: '' }]);
    expect(html).toContain('Rock &#60;quiet&#62;');
    expect(html).toContain('0.100');
  });
});

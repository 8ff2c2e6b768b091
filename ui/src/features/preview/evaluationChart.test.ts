import { describe, expect, it } from 'vitest';
import { bandOffset, hitShareOption, scopeName, whisker, type Graphic, type RenderApi } from './evaluationChart';
import { makeEvaluation, scope } from './evaluationFixture';

const e = makeEvaluation([scope(0, 'Rap · fast', 'better', 'better'), scope(1, 'Rock <quiet>', 'worse', 'unclear')]);

/** A render API on a 1:1000 scale, y growing downwards as on a canvas. */
const api = (values: number[]): RenderApi => ({
  value: (d) => values[d]!,
  coord: ([x, y]) => [x! * 100, 1000 - y! * 1000],
  size: ([w]) => [w! * 100, 0],
});

describe('the evaluation chart', () => {
  it('puts every scope on the axis, all listeners first, and one series per list', () => {
    const option = hitShareOption(e, 'light') as {
      xAxis: { data: string[] };
      series: Array<{ type: string; name: string; data: Array<Array<number | null>> }>;
      legend: { data: string[] };
    };
    expect(option.xAxis.data).toEqual(['All listeners', '1. Rap · fast', '2. Rock <quiet>']);
    expect(option.series.map((s) => s.name)).toEqual(['Variant', 'Seed as is', 'Popular (all listeners)', 'Segment’s most-played', 'Theme baseline']);
    expect(option.series.every((s) => s.type === 'custom')).toBe(true);
    expect(option.legend.data).toEqual(option.series.map((s) => s.name));
    const [i, mean, low, high] = option.series[0]!.data[1]!;
    expect([i, mean]).toEqual([1, 0.05]);
    expect(low!).toBeCloseTo(0.047);
    expect(high!).toBeCloseTo(0.053);
  });

  it('draws a dot at the mean and a capped whisker over the interval, the lists side by side', () => {
    const g = whisker(api([1, 0.05, 0.04, 0.06]), '#000', 10, 2, 1);
    const [stem, , , dot] = g.children as Graphic[];
    expect(stem!.shape).toEqual({ x1: 110, y1: 960, x2: 110, y2: 940 });
    expect(dot!.shape).toEqual({ cx: 110, cy: 950, r: 4 });
    expect(bandOffset(0, 5)).toBeCloseTo(-0.32);
    expect(bandOffset(2, 5)).toBe(0);
    expect(bandOffset(0, 1)).toBe(0);
  });

  it('escapes segment names in the tooltip and shows the interval', () => {
    const option = hitShareOption(e, 'dark') as { tooltip: { formatter: (p: unknown) => string } };
    const html = option.tooltip.formatter({ seriesName: 'Variant', marker: '', value: [2, 0.05, 0.047, 0.053] });
    expect(html).toContain('Rock &#60;quiet&#62;');
    expect(html).toContain('5.0% [4.7–5.3]');
    expect(scopeName(e.overall)).toBe('All listeners');
  });
});

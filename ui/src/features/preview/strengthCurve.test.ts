import { describe, expect, it } from 'vitest';
import { ALL_LISTENERS, currentDot, curveLines, dotTip, strengthCurveOption, THEME_BASELINE } from './strengthCurve';
import { makeEvaluation, scope } from './evaluationFixture';

const e = makeEvaluation([scope(0, 'Rap · fast', 'better', 'better'), scope(1, 'Rock', 'worse', 'unclear')]);

type Series = { type: string; name: string; data: number[][]; label?: { show: boolean; formatter: unknown } };

describe('the strength curve', () => {
  it('has one line for all listeners, then one per segment, its dots in strength order', () => {
    const lines = curveLines(e);
    expect(lines.map((l) => [l.segment, l.name])).toEqual([
      [null, ALL_LISTENERS],
      [0, '1. Rap · fast'],
      [1, '2. Rock'],
    ]);
    const all = lines[0]!.dots;
    expect(all.map((d) => d.strength)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(all[0]!.x).toBe(1);
    expect(all[4]!.x).toBeCloseTo(0.4);
    expect(all[2]!.y).toBeCloseTo(0.04);
  });

  it('rings the current strength only where it was evaluated', () => {
    const lines = curveLines(e);
    expect(currentDot(lines, 0.5)!.strength).toBe(0.5);
    // The engine's strengths are 32-bit floats.
    expect(currentDot(lines, 0.25000000372529)!.strength).toBe(0.25);
    expect(currentDot(lines, 0.4)).toBeNull();
    const names = (s: number) => (strengthCurveOption(e, s, 'light') as { series: Series[] }).series.map((x) => x.name);
    expect(names(0.5)).toContain('Current strength (0.50)');
    expect(names(0.4).some((n) => n.startsWith('Current strength'))).toBe(false);
  });

  it('charts lines with whiskers, labels the all-listeners dots with their strength, and the theme baseline apart', () => {
    const option = strengthCurveOption(e, 0.5, 'dark') as {
      series: Series[];
      legend: { data: string[] };
      xAxis: { name: string; min: number; max: number };
      yAxis: { name: string; min: number };
    };
    expect(option.xAxis).toMatchObject({ name: 'Share of the seed kept', min: 0, max: 1 });
    expect(option.yAxis).toMatchObject({ name: 'Held-out hit share', min: 0 });
    expect(option.legend.data).toEqual(['Current strength (0.50)', ALL_LISTENERS, '1. Rap · fast', '2. Rock', THEME_BASELINE]);
    const all = option.series.filter((s) => s.name === ALL_LISTENERS);
    expect(all.map((s) => s.type)).toEqual(['line', 'custom']);
    expect(all[0]!.label!.show).toBe(true);
    const label = all[0]!.label!.formatter as (p: { value: number[] }) => string;
    expect(label({ value: all[0]!.data[1]! })).toBe('0.25');
    expect(option.series.find((s) => s.name === '1. Rap · fast' && s.type === 'line')!.label!.show).toBe(false);
    const theme = option.series.find((s) => s.name === THEME_BASELINE && s.type === 'scatter')!;
    expect(theme.data).toEqual([[0.5, 0.041]]);
    const ring = option.series.find((s) => s.name === 'Current strength (0.50)')!;
    expect(ring.data[0]![0]).toBeCloseTo(0.7);
  });

  it('says in the tooltip what a dot is', () => {
    const tip = dotTip('1. Rap <fast>', { strength: 0.5, x: 0.7, hitShare: { mean: 0.04, low: 0.036, high: 0.044 }, inTheme: 0.6 });
    expect(tip).toBe('<b>1. Rap &#60;fast&#62;</b><br/>Strength 0.50<br/>Seed kept 70.0%<br/>In the seed’s genres 60.0%<br/>Held-out hit share 4.0% [3.6–4.4]');
  });
});

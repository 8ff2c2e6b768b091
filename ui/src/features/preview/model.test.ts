import { describe, expect, it } from 'vitest';
import type { PlaylistItem, Status, TrackRef, VariantView, Violation } from '../../ipc';
import { formatReach, marker, pinnedIds, reasonLines, seedRows, seedSignature, variantRows, violationPlace, violationWeight, visibleColumns } from './model';

const ref = (id: string): TrackRef => ({ id, title: `Title ${id}`, artist: `Artist ${id}` });

function column(segment: number, tracks: Array<[string, Status, number | null, string[]?]>, violations: Violation[] = []): VariantView {
  const views = tracks.map(([id, status, seedPosition, rules = []]) => ({
    track: ref(id),
    detail: {
      track: 0,
      status,
      seedPosition,
      reasons: { score: 0.5, affinity: 0.1, seedFit: 0.6, engagement: -0.02, artistReach: 0.34, trackReach: 0.004, closestSeedTrack: 1, familiar: false, rules: rules as never[] },
    },
    closestSeedTrack: ref('a'),
  }));
  const metrics = { lift: 0, affinity: 0, seedAffinity: 0, overlap: 1, reach: 0.1, seedReach: 0.1, inTheme: 1, diversity: 0.5, artists: 3, meanPopularity: 50, meanEnergy: 0.5, novelty: 0.5, durationMs: 600_000, violations: violations.length };
  return {
    segment,
    segmentName: `Segment ${segment}`,
    segmentSize: 100,
    tracks: views,
    dropped: [],
    variant: { segment, tracks: views.map((v) => v.detail), dropped: [], metrics, violations },
    seed: { segment, metrics, violations: [] },
  };
}

const violation = (rule: Violation['rule'], position: number | null, unbreakable = false, priority = 2): Violation => ({ rule, position, message: 'm', priority, unbreakable });

describe('markers', () => {
  it('say kept, added, and how far a moved track went', () => {
    expect(marker({ status: 'kept', position: 2, detail: null }).symbol).toBe('=');
    expect(marker({ status: 'added', position: 0, detail: null }).symbol).toBe('+');
    const rows = variantRows(column(0, [['b', 'moved', 3], ['a', 'moved', 0], ['c', 'kept', 2], ['d', 'added', null]]));
    expect(rows.map((r) => marker(r).symbol)).toEqual(['↑3', '↓1', '=', '+']);
    expect(marker(rows[0]!).label).toBe('moved up 3 from 4');
    expect(marker(rows[1]!).label).toBe('moved down 1 from 1');
  });

  it('the seed column has none', () => {
    const rows = seedRows([ref('a'), ref('b')], new Set(['b']));
    expect(rows.map((r) => [r.status, r.pinned, marker(r).symbol])).toEqual([
      ['seed', false, ''],
      ['seed', true, ''],
    ]);
  });
});

describe('rows', () => {
  it('carry the statuses, the pins and the rules broken at their position', () => {
    const c = column(1, [['a', 'kept', 0, ['pin']], ['x', 'added', null]], [violation('artistSeparation', 1), violation('familiarity', null)]);
    const rows = variantRows(c);
    expect(rows.map((r) => [r.track.id, r.status, r.position, r.pinned, r.breaks])).toEqual([
      ['a', 'kept', 0, true, []],
      ['x', 'added', 1, false, ['artistSeparation']],
    ]);
  });

  it('pins come from the playlist by track id', () => {
    const items = [{ pinned: true, track: { id: 'a' } }, { pinned: false, track: { id: 'b' } }] as unknown as PlaylistItem[];
    expect([...pinnedIds(items)]).toEqual(['a']);
    expect(pinnedIds(undefined).size).toBe(0);
  });
});

describe('reasons', () => {
  it('list the place, the score parts, the closest seed track and the rules, broken ones apart', () => {
    const c = column(0, [['a', 'moved', 2, ['pin', 'artistSeparation']]], [violation('artistSeparation', 0)]);
    const lines = Object.fromEntries(reasonLines(variantRows(c)[0]!).map((l) => [l.label, l.value]));
    expect(lines.Place).toBe('Moved up 2 from 3');
    expect(lines.Score).toBe('0.500');
    expect(lines.Affinity).toBe('+0.100');
    expect(lines.Engagement).toBe('−0.020');
    expect(lines['Artist reach']).toBe('34% of this segment’s listeners play this artist');
    expect(lines['Track reach']).toBe('under 1% of them play this track');
    expect(lines['Closest seed track']).toBe('Title a — Artist a');
    expect(lines.Rules).toBe('Pinned position');
    expect(lines.Breaks).toBe('Artist separation');
  });

  it('writes a reach as a whole percentage, never a misleading 0%', () => {
    expect(formatReach(0.344)).toBe('34%');
    expect(formatReach(0.004)).toBe('under 1%');
    expect(formatReach(0)).toBe('0%');
    expect(formatReach(1.2)).toBe('100%');
  });

  it('a seed row says only that it is pinned', () => {
    const lines = reasonLines(seedRows([ref('a')], new Set(['a']))[0]!);
    expect(lines).toEqual([{ label: 'Rules', value: 'Pinned position' }]);
  });
});

describe('the preview around the columns', () => {
  it('hides the segments the editor unticked, keeping model order', () => {
    const cols = [column(0, []), column(1, []), column(2, [])];
    expect(visibleColumns(cols, new Set([1])).map((c) => c.segment)).toEqual([0, 2]);
    expect(visibleColumns(cols, new Set()).length).toBe(3);
  });

  it('words the rule report', () => {
    expect(violationPlace(violation('length', null))).toBe('whole list');
    expect(violationPlace(violation('maxPerArtist', 4))).toBe('#5');
    expect(violationWeight(violation('maxPerArtist', 4, true))).toBe('unbreakable');
    expect(violationWeight(violation('maxPerArtist', 4, false, 3))).toBe('priority 3');
  });

  it('signs the seed by playlist, order and pins', () => {
    const items = (pins: boolean[]) => pins.map((pinned, i) => ({ pinned, track: { id: `t${i}` } })) as unknown as PlaylistItem[];
    expect(seedSignature(4, items([false, true]))).toBe('4:t0,t1*');
    expect(seedSignature(4, items([false, false]))).not.toBe(seedSignature(4, items([false, true])));
    expect(seedSignature(5, items([false, true]))).not.toBe(seedSignature(4, items([false, true])));
  });
});

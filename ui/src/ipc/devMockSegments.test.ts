import { describe, expect, it } from 'vitest';
import type { JobOutput, ModelSummary, ModelView, TasteStatus } from './types';
import { makeModel, segmentHandlers, type FakeJob } from './devMockSegments';

describe('the dev mock of segments', () => {
  it('makes a plausible model: k cards with unique names, a few hundred points, shares summing to 1', () => {
    const m = makeModel(1, { k: 6, seed: 42 }, 6, 2400, 2400);
    expect(m.segments).toHaveLength(6);
    expect(new Set(m.segments.map((s) => s.name)).size).toBe(6);
    expect(m.map.points.length).toBeGreaterThanOrEqual(300);
    expect(m.map.centroids).toHaveLength(6);
    const share = m.segments.reduce((a, s) => a + (s.profile.share ?? 0), 0);
    expect(share).toBeCloseTo(1, 1);
    expect(m.simulatedShare).toBe(1);
    expect(m.summary.metrics.truthAri).not.toBeNull();
  });

  it('fits a new active model through a job and renames its segments', () => {
    const jobs: FakeJob[] = [];
    const h = segmentHandlers((_channel, job) => jobs.push(job), false);
    expect((h.segments_status!({}) as TasteStatus).activeModel).toBe(1);
    h.segments_fit!({ params: { k: 5, seed: 7 }, channel: null });
    const out = jobs[0]!.output() as JobOutput;
    expect(out.kind).toBe('segments');
    const models = h.segments_models!({}) as ModelSummary[];
    expect(models.map((m) => [m.id, m.active])).toEqual([[2, true], [1, false]]);
    const active = h.segments_model!({ id: null }) as ModelView;
    expect(active.segments).toHaveLength(5);
    h.segments_rename!({ model: 2, segment: 0, name: 'Morning movers' });
    expect((h.segments_model!({ id: 2 }) as ModelView).segments[0]!.name).toBe('Morning movers');
    h.segments_rename!({ model: 2, segment: 0, name: '' });
    const back = (h.segments_model!({ id: 2 }) as ModelView).segments[0]!;
    expect(back.name).toBe(back.profile.autoName);
  });

  it('starts empty with ?noModel', () => {
    const h = segmentHandlers(() => 1, true);
    expect(h.segments_model!({ id: null })).toBeNull();
    expect((h.segments_status!({}) as TasteStatus).signals.listeners).toBe(0);
  });
});

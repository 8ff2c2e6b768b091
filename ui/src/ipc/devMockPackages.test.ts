import { describe, expect, it } from 'vitest';
import { makePlaylists, makeTracks, type MockPlaylist } from './devMockData';
import { makeModel, type FakeJob } from './devMockSegments';
import { personalizeHandlers } from './devMockPersonalize';
import { fakeSha256, mockDialogAnswer, packageHandlers } from './devMockPackages';
import type { ExportRequest, JobOutput, ModelView, PreviewView, VerifyReport } from './types';

function world(model: ModelView | null = makeModel(1, { k: null, kMin: 4, kMax: 12, seed: 42 }, 6, 2400, 2400)) {
  const tracks = makeTracks(640);
  const byId = new Map(tracks.map((t) => [t.id, t]));
  let playlists: MockPlaylist[] = makePlaylists(tracks);
  let next = 100;
  const find = (id: number) => playlists.find((p) => p.id === id)!;
  const personalize = personalizeHandlers({ tracks, byId, entries: (id) => find(id).entries, activeModel: () => model });
  const jobs: FakeJob[] = [];
  const h = packageHandlers({
    startJob: (_channel, job) => jobs.push(job),
    playlist: find,
    activeModel: () => model,
    preview: (playlist, segments) => personalize.personalize_preview!({ playlist, segments }) as PreviewView | null,
    upsert: (source, name, description, entries) => {
      const existing = playlists.find((p) => p.source === source);
      const id = existing?.id ?? next++;
      playlists = [...playlists.filter((p) => p.id !== id), { id, name, description, source, entries }];
      return { id, created: !existing };
    },
  });
  return { h, jobs, playlists: () => playlists, seed: playlists.find((p) => p.entries.length > 0)! };
}

const request = (playlist: number, patch: Partial<ExportRequest> = {}): ExportRequest => ({
  playlist, out: '/home/editor/Exports/Mix.zip', formats: [], segments: [], reproducible: false, editor: null, ...patch,
});

describe('the dev mock of packages', () => {
  it('exports every segment, verifies the package and imports it back as the seed and its variants', () => {
    const w = world();
    w.h.package_export!({ request: request(w.seed.id), channel: null });
    const out = w.jobs[0]!.output() as JobOutput;
    expect(out.kind).toBe('export');
    if (out.kind !== 'export') return;
    expect(out).toMatchObject({ path: '/home/editor/Exports/Mix.zip', variants: 6, files: 2 + 7 * 4 });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.bytes).toBeGreaterThan(0);

    const report = w.h.package_verify!({ path: out.path }) as VerifyReport;
    expect(report).toMatchObject({ ok: true, variants: 6, seed: w.seed.name, sha256: out.sha256, problems: [] });

    const before = w.playlists().length;
    w.h.package_import!({ path: out.path, channel: null });
    expect(w.jobs[1]!.failAt).toBeUndefined();
    const imported = w.jobs[1]!.output() as JobOutput;
    if (imported.kind !== 'package') throw new Error(imported.kind);
    expect(imported.variantPlaylists).toHaveLength(6);
    expect(imported.playlistsNew).toBe(7);
    expect(w.playlists().length).toBe(before + 7);
    expect(w.playlists().find((p) => p.id === imported.seedPlaylist)!.entries).toEqual(w.seed.entries);
    // Again: the same playlists are updated, none added.
    w.h.package_import!({ path: out.path, channel: null });
    const again = w.jobs[2]!.output() as JobOutput;
    expect(again.kind === 'package' && [again.playlistsNew, again.playlistsUpdated]).toEqual([0, 7]);
    expect(w.playlists().length).toBe(before + 7);
  });

  it('exports the chosen segments and formats; the same inputs reproducibly give the same checksum', () => {
    const w = world();
    const req = request(w.seed.id, { segments: [1, 3], formats: ['jspf', 'csv'], reproducible: true });
    w.h.package_export!({ request: req, channel: null });
    w.h.package_export!({ request: req, channel: null });
    const [a, b] = [w.jobs[0]!.output(), w.jobs[1]!.output()];
    expect(a).toMatchObject({ variants: 2, files: 2 + 3 * 2 });
    expect(a.kind === 'export' && b.kind === 'export' && a.sha256 === b.sha256).toBe(true);
  });

  it('refuses like the back end: no active model at start, a name without .zip in the job', () => {
    expect(() => world(null).h.package_export!({ request: request(1), channel: null })).toThrow();
    const w = world();
    w.h.package_export!({ request: request(w.seed.id, { out: '/tmp/mix' }), channel: null });
    expect(w.jobs[0]!.failAt).toBeDefined();
    expect(w.jobs[0]!.error?.message).toBe('/tmp/mix: a package is a zip file; choose a name ending in .zip');
  });

  it('reports problems of a damaged package and refuses to import it', () => {
    const w = world();
    w.h.package_export!({ request: request(w.seed.id, { out: '/tmp/tampered.zip' }), channel: null });
    w.jobs[0]!.output();
    const report = w.h.package_verify!({ path: '/tmp/tampered.zip' }) as VerifyReport;
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.fault)).toEqual(['checksum', 'rules']);
    w.h.package_import!({ path: '/tmp/tampered.zip', channel: null });
    expect(w.jobs[1]!.error?.message).toMatch(/^\/tmp\/tampered\.zip!variants\/segment-02-.*\.jspf: the file was altered.*\(and 1 more problem: run `segue verify` for all\); nothing was imported$/);
    const missing = w.h.package_verify!({ path: '/tmp/none.zip' }) as VerifyReport;
    expect(missing).toMatchObject({ ok: false, sha256: null });
    expect(missing.problems[0]!.fault).toBe('io');
  });

  it('answers the native dialogs by filter', () => {
    expect(mockDialogAnswer('save', { defaultPath: '/home/editor/Workspaces/Mix.zip', filters: [{ extensions: ['zip'] }] }, null)).toBe('/home/editor/Exports/Mix');
    expect(mockDialogAnswer('save', { defaultPath: 'Untitled.segue', filters: [{ extensions: ['segue'] }] }, null)).toBe('/home/editor/Workspaces/New.segue');
    expect(mockDialogAnswer('open', { filters: [{ extensions: ['zip'] }] }, '/tmp/a.zip')).toBe('/tmp/a.zip');
    expect(mockDialogAnswer('open', { filters: [{ extensions: ['csv'] }] }, '/tmp/a.zip')).toMatch(/\.csv$/);
    expect(fakeSha256('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(fakeSha256('x')).not.toBe(fakeSha256('y'));
  });
});

//! The dev mock's playlist packages: an export job that personalizes the seed for the chosen
//! segments (through the mock engine's preview) and remembers what it "wrote", a verification
//! of those (a path with `tampered` in it has problems, an unknown path cannot be opened), and
//! an import job that brings a remembered package back as playlists (a path with `bad` in it is
//! refused, naming the file inside and what is wrong). Shapes and wording as the back end's.

import type { Entry, MockPlaylist } from './devMockData';
import type { Handler, StartJob } from './devMockSegments';
import { hash01 } from './devMockTaste';
import type { ExportRequest, ModelView, PackageImportReport, PlaylistFileFormat, PreviewView, Problem, VerifyReport } from './types';

export interface PackageWorld {
  startJob: StartJob;
  /** A playlist (throws notFound). */
  playlist: (id: number) => MockPlaylist;
  activeModel: () => ModelView | null;
  preview: (playlist: number, segments: number[]) => PreviewView | null;
  /** Creates the playlist of `source`, or replaces its name and entries; returns its id and whether it is new. */
  upsert: (source: string, name: string, description: string, entries: Entry[]) => { id: number; created: boolean };
}

interface MockPackage {
  path: string;
  seed: { playlist: number; name: string; description: string; entries: Entry[] };
  variants: Array<{ segment: number; name: string; trackIds: string[] }>;
  formats: PlaylistFileFormat[];
  files: number;
  bytes: number;
  sha256: string;
}

const ALL_FORMATS: PlaylistFileFormat[] = ['jspf', 'xspf', 'm3u8', 'csv'];

/** 64 hex digits that depend on `text` only. */
export function fakeSha256(text: string): string {
  return Array.from({ length: 8 }, (_, i) => Math.floor(hash01(`${i}:${text}`) * 2 ** 32).toString(16).padStart(8, '0')).join('');
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const error = (code: string, message: string) => ({ code, message });

export function packageHandlers(w: PackageWorld): Record<string, Handler> {
  const written = new Map<string, MockPackage>();
  let nextExport = 1;

  const refusal = (req: ExportRequest): { code: string; message: string } | null => {
    if (!/\.zip$/i.test(req.out)) return error('invalidInput', `${req.out}: a package is a zip file; choose a name ending in .zip`);
    if (!req.out.startsWith('/')) return error('io', `${req.out}: No such file or directory (os error 2)`);
    const p = w.playlist(req.playlist);
    if (p.entries.length === 0) return error('invalidInput', `playlist ${p.name} is empty: there is nothing to export`);
    const view = w.preview(req.playlist, req.segments);
    for (const c of view?.columns ?? []) {
      const v = c.variant.violations.find((x) => x.unbreakable);
      if (v) return error('invalidInput', `the variant for segment ${c.segmentName} breaks an unbreakable rule (${v.message}); nothing was exported: relax the rule or add tracks to the pool`);
    }
    return null;
  };

  const exportNow = (req: ExportRequest): MockPackage => {
    const p = w.playlist(req.playlist);
    const view = w.preview(req.playlist, req.segments)!;
    const formats = req.formats.length ? req.formats : ALL_FORMATS;
    const variants = view.columns.map((c) => ({ segment: c.segment, name: c.segmentName, trackIds: c.tracks.map((t) => t.track.id) }));
    const entries = variants.reduce((n, v) => n + v.trackIds.length, p.entries.length);
    const files = 2 + (1 + variants.length) * formats.length;
    const bytes = Math.round(2_400 + variants.length * 900 + entries * formats.length * 118);
    const content = JSON.stringify([p.name, p.entries, variants, formats, req.editor, req.reproducible ? 'fixed' : nextExport++]);
    const pkg: MockPackage = {
      path: req.out,
      seed: { playlist: p.id, name: p.name, description: p.description, entries: structuredClone(p.entries) },
      variants, formats, files, bytes, sha256: fakeSha256(content),
    };
    written.set(req.out, pkg);
    return pkg;
  };

  const verify = (path: string): VerifyReport => {
    const pkg = written.get(path);
    const base = { package: path, ok: false, formatVersion: null, seed: null, variants: 0, filesChecked: 0, sha256: null, problems: [] as Problem[] };
    if (!pkg) return { ...base, problems: [{ fault: 'io', file: null, line: null, field: null, message: `${path}: No such file or directory (os error 2)` }] };
    const report: VerifyReport = { ...base, ok: true, formatVersion: 1, seed: pkg.seed.name, variants: pkg.variants.length, filesChecked: pkg.files - 1, sha256: pkg.sha256 };
    if (!path.includes('tampered')) return report;
    const file = `variants/segment-02-${slug(pkg.variants[1]?.name ?? 'segment')}.jspf`;
    return {
      ...report,
      ok: false,
      problems: [
        { fault: 'checksum', file, line: null, field: null, message: `the file was altered: its SHA-256 is ${fakeSha256('altered')}, the manifest says ${fakeSha256('original')}` },
        { fault: 'rules', file, line: null, field: null, message: `the variant for segment ${pkg.variants[1]?.name ?? '2'} breaks an unbreakable rule: banned track 4uLU6hMCjMI75M1A2tKUQC at position 7` },
      ],
    };
  };

  const importNow = (path: string): PackageImportReport => {
    const pkg = written.get(path)!;
    const source = `segue:package:mock:${pkg.seed.playlist}`;
    const report: PackageImportReport = { file: path, seedPlaylist: 0, variantPlaylists: [], playlistsNew: 0, playlistsUpdated: 0, entries: 0, unknownCount: 0, unknown: [] };
    const count = (created: boolean, n: number) => {
      report.entries += n;
      if (created) report.playlistsNew += 1;
      else report.playlistsUpdated += 1;
    };
    const seed = w.upsert(source, pkg.seed.name, pkg.seed.description, structuredClone(pkg.seed.entries));
    report.seedPlaylist = seed.id;
    count(seed.created, pkg.seed.entries.length);
    for (const v of pkg.variants) {
      const entries = v.trackIds.map((trackId) => ({ trackId, pinned: false, note: '' }));
      const made = w.upsert(`${source}:segment:${v.segment}`, `${pkg.seed.name} · ${v.name}`, `The variant of ${pkg.seed.name} for the segment ${v.name}, imported from ${path}`, entries);
      report.variantPlaylists.push(made.id);
      count(made.created, entries.length);
    }
    return report;
  };

  return {
    'plugin:dialog|open': (a) => mockDialogAnswer('open', a.options as DialogOptions | undefined, [...written.keys()].pop() ?? null),
    'plugin:dialog|save': (a) => mockDialogAnswer('save', a.options as DialogOptions | undefined, null),
    package_export: (a) => {
      const req = a.request as ExportRequest;
      if (!w.activeModel()) throw error('invalidInput', 'no segment model is active: fit one in the Segments view first');
      const refused = refusal(req);
      return w.startJob(a.channel, {
        ticks: 12,
        failAt: refused ? 4 : undefined,
        error: refused ?? undefined,
        output: () => {
          const pkg = exportNow(req);
          return { kind: 'export', path: pkg.path, bytes: pkg.bytes, sha256: pkg.sha256, files: pkg.files, variants: pkg.variants.length, elapsedMs: 412.6 };
        },
      });
    },
    package_verify: (a) => {
      const path = String(a.path ?? '');
      if (!path.trim()) throw error('invalidInput', 'choose a package to verify');
      return verify(path);
    },
    package_import: (a) => {
      const path = String(a.path);
      const report = verify(path);
      const first = report.problems[0];
      const refused = first
        ? error(
            first.fault === 'io' ? 'io' : 'badFile',
            `${first.file ? `${path}!${first.file}: ` : ''}${first.message}${report.problems.length > 1 ? ` (and ${report.problems.length - 1} more problem${report.problems.length > 2 ? 's' : ''}: run \`segue verify\` for all)` : ''}; nothing was imported`,
          )
        : null;
      return w.startJob(a.channel, { ticks: 8, failAt: refused ? 3 : undefined, error: refused ?? undefined, output: () => ({ kind: 'package', ...importNow(path) }) });
    },
  };
}

interface DialogOptions {
  defaultPath?: string;
  filters?: Array<{ extensions: string[] }>;
}

/**
 * The path the mock's native dialogs answer: a package's save keeps the suggested name but
 * drops `.zip` (as some dialogs do); opening a package picks the last one written.
 */
export function mockDialogAnswer(kind: 'open' | 'save', options: DialogOptions | undefined, lastPackage: string | null): string {
  const zip = options?.filters?.some((f) => f.extensions.includes('zip')) ?? false;
  if (kind === 'save') {
    if (!zip) return '/home/editor/Workspaces/New.segue';
    const name = (options?.defaultPath ?? 'package.zip').split('/').pop()!.replace(/\.zip$/i, '');
    return `/home/editor/Exports/${name}`;
  }
  if (zip) return lastPackage ?? '/home/editor/Exports/Late Night R&B.zip';
  return '/home/editor/data/spotify_songs.csv';
}

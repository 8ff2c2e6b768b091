//! The back end as typed async functions: each unwraps its `Result` and throws a `CommandError`.
//! Job commands start a tracked job (see `jobs.ts`) and return it.

import { commands } from './bindings';
import type { BuildParams, ColumnMapping, EvaluateRequest, ExportRequest, LibraryQuery, PlaylistSettings, SeedEdit, SegmentParams, SignalKind, SimulationParams } from './types';
import { openJobChannel, runJob } from './jobs';
import { call } from './result';

export const api = {
  workspaceInfo: () => call(commands.workspaceInfo()),
  workspaceOpen: (path: string) => call(commands.workspaceOpen(path)),
  workspaceCreate: (path: string) => call(commands.workspaceCreate(path)),
  workspaceRecent: () => call(commands.workspaceRecent()),

  librarySearch: (query: LibraryQuery) => call(commands.librarySearch(query)),
  libraryFacets: () => call(commands.libraryFacets()),

  playlistsList: () => call(commands.playlistsList()),
  playlistGet: (id: number) => call(commands.playlistGet(id)),
  playlistCreate: (name: string) => call(commands.playlistCreate(name)),
  playlistRename: (id: number, name: string) => call(commands.playlistRename(id, name)),
  playlistDescribe: (id: number, description: string) => call(commands.playlistDescribe(id, description)),
  playlistDuplicate: (id: number) => call(commands.playlistDuplicate(id)),
  playlistDelete: (id: number) => call(commands.playlistDelete(id)),
  playlistEdit: (id: number, edit: SeedEdit) => call(commands.playlistEdit(id, edit)),

  historyState: () => call(commands.historyState()),
  historyUndo: () => call(commands.historyUndo()),
  historyRedo: () => call(commands.historyRedo()),

  importPreviewCatalog: (path: string) => call(commands.importPreviewCatalog(path)),
  importCatalog: (path: string, mapping: ColumnMapping) =>
    runJob(`Import ${baseName(path)}`, (channel) => commands.importCatalog(path, mapping, channel)),
  importPlaylists: (path: string) =>
    runJob(`Import playlists ${baseName(path)}`, (channel) => commands.importPlaylists(path, channel)),
  signalsImport: (path: string, kind: SignalKind, strict: boolean) =>
    runJob(`Import signals ${baseName(path)}`, (channel) => commands.signalsImport(path, kind, strict, channel)),
  signalsSimulate: (params: SimulationParams) =>
    runJob(params.listeners ? `Simulate ${params.listeners} listeners` : 'Simulate listeners', (channel) => commands.signalsSimulate(params, channel)),
  vectorsBuild: (params: BuildParams = {}) => runJob('Build vectors', (channel) => commands.vectorsBuild(params, channel)),
  segmentsFit: (params: SegmentParams) =>
    runJob(`Fit segments (${params.k == null ? 'k by silhouette' : `k = ${params.k}`})`, (channel) => commands.segmentsFit(params, channel)),

  segmentsStatus: () => call(commands.segmentsStatus()),
  segmentsModels: () => call(commands.segmentsModels()),
  /** A model's cards and map; the active model's when `id` is null (null when none is active). */
  segmentsModel: (id: number | null) => call(commands.segmentsModel(id)),
  segmentsActivate: (id: number) => call(commands.segmentsActivate(id)),
  /** An empty name restores the automatic one. */
  segmentsRename: (model: number, segment: number, name: string) => call(commands.segmentsRename(model, segment, name)),
  segmentsDelete: (id: number) => call(commands.segmentsDelete(id)),

  /** A playlist's personalization settings (the defaults until changed). */
  personalizeSettings: (playlist: number) => call(commands.personalizeSettings(playlist)),
  personalizeSetSettings: (playlist: number, settings: PlaylistSettings) => call(commands.personalizeSetSettings(playlist, settings)),
  /** The track ids of a playlist's candidate pool. */
  poolList: (playlist: number) => call(commands.poolList(playlist)),
  /** Returns how many tracks were new to the pool. */
  poolAdd: (playlist: number, trackIds: string[]) => call(commands.poolAdd(playlist, trackIds)),
  /** Returns how many tracks were removed. */
  poolRemove: (playlist: number, trackIds: string[]) => call(commands.poolRemove(playlist, trackIds)),
  /** Every segment's variant (or those of `segments`) beside the seed; null when no model is active. */
  personalizePreview: (playlist: number, segments: number[] = []) => call(commands.personalizePreview(playlist, segments)),
  /**
   * The offline evaluation of a playlist's variants on held-out listening (a job: it rebuilds the
   * engine from each split's training signals). `name` labels the job.
   */
  personalizeEvaluate: (playlist: number, request: EvaluateRequest, name = '') =>
    runJob(name ? `Evaluate “${name}”` : 'Offline evaluation', (channel) => commands.personalizeEvaluate(playlist, request, channel)),

  /** Writes a seed and its segment variants as a package (a job; refused when no model is active). */
  packageExport: (request: ExportRequest) => runJob(`Export ${baseName(request.out)}`, (channel) => commands.packageExport(request, channel)),
  /** Checks a package's checksums, manifest, files and unbreakable rules; problems are in the report. */
  packageVerify: (path: string) => call(commands.packageVerify(path)),
  /** Imports a package's seed and variants as playlists (a job; a bad package changes nothing). */
  packageImport: (path: string) => runJob(`Import package ${baseName(path)}`, (channel) => commands.packageImport(path, channel)),
};

/**
 * The launch and "open demo" commands may start a job (building the demo) or may not; the
 * channel is opened first and forgotten when no job was started.
 */
async function launchWith(start: typeof commands.workspaceLaunch) {
  const job = openJobChannel('Prepare demo workspace');
  try {
    const launch = await call(start(job.channel));
    if (launch.demoJob === null) {
      job.discard();
      return { launch, demo: null };
    }
    job.attach(launch.demoJob);
    return { launch, demo: { key: job.key, finished: job.finished } };
  } catch (e) {
    job.discard();
    throw e;
  }
}

export const workspaceLaunch = () => launchWith(commands.workspaceLaunch);
export const workspaceOpenDemo = () => launchWith(commands.workspaceOpenDemo);

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

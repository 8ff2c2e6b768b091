import { baseName, type JobOutput } from '../../ipc';
import { formatBytes, formatCount, formatSeconds, plural } from '../../components/format';
import { evaluationHeadline } from '../preview/evaluationModel';

/** A one-line summary of what a finished job did. */
export function describeOutput(o: JobOutput): string {
  switch (o.kind) {
    case 'catalog': {
      const parts = [`${formatCount(o.tracksNew)} new`, `${formatCount(o.tracksUpdated)} updated`];
      if (o.playlistsNew + o.playlistsUpdated > 0) parts.push(plural(o.playlistsNew + o.playlistsUpdated, 'playlist'));
      return `${plural(o.rows, 'row')}: ${parts.join(', ')} in ${formatSeconds(o.elapsedMs)}`;
    }
    case 'playlists': {
      const parts = [`${formatCount(o.playlistsNew)} new`, `${formatCount(o.playlistsUpdated)} updated`, plural(o.entries, 'entry', 'entries')];
      if (o.matchedByName) parts.push(`${formatCount(o.matchedByName)} matched by name`);
      if (o.unknownCount) parts.push(`${formatCount(o.unknownCount)} unknown`);
      return `Playlists: ${parts.join(', ')}`;
    }
    case 'export':
      return `${baseName(o.path)}: the seed and ${plural(o.variants, 'variant')}, ${plural(o.files, 'file')}, ${formatBytes(o.bytes)} in ${formatSeconds(o.elapsedMs)}`;
    case 'package': {
      const parts = [`${formatCount(o.playlistsNew)} new`, `${formatCount(o.playlistsUpdated)} updated`, plural(o.entries, 'entry', 'entries')];
      if (o.unknownCount) parts.push(`${formatCount(o.unknownCount)} unknown`);
      return `Package: the seed and ${plural(o.variantPlaylists.length, 'variant')} as playlists (${parts.join(', ')})`;
    }
    case 'signals': {
      const skipped = o.skipped ? `, ${formatCount(o.skipped)} skipped (not in the catalogue)` : '';
      return `${plural(o.rows, 'row')}: ${formatCount(o.accepted)} accepted for ${plural(o.listeners, 'listener')}${skipped}`;
    }
    case 'simulation':
      return `${plural(o.listeners, 'simulated listener')}, ${plural(o.events ?? 0, 'event')} in ${formatSeconds(o.elapsedMs)}`;
    case 'vectors':
      return `Vectors for ${plural(o.stats.vectors.tracks, 'track')} and ${plural(o.stats.listeners, 'listener')} in ${formatSeconds(o.elapsedMs)}`;
    case 'segments':
      return `${o.k} segments from ${plural(o.metrics.fitted, 'listener')} in ${formatSeconds(o.metrics.elapsedMs)}`;
    case 'evaluation':
      return `${evaluationHeadline(o)} (in ${formatSeconds(o.elapsedMs)})`;
  }
}

/** Whether a finished job changed the workspace (an export or an evaluation only reads it). */
export function changesWorkspace(o: JobOutput | null): boolean {
  return o === null || (o.kind !== 'export' && o.kind !== 'evaluation');
}

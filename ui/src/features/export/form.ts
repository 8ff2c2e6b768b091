//! The export form as the editor fills it, the request it becomes (or the first thing wrong with
//! it), and the wording of what an export and a verification found. The back end checks again
//! (a name without `.zip`, an empty playlist, a broken unbreakable rule) and says so in words.

import type { ExportRequest, PlaylistFileFormat, Problem, VerifyReport } from '../../ipc';
import { formatCount, plural } from '../../components/format';
import type { Parsed } from '../segments/forms';

export const FORMATS: ReadonlyArray<{ format: PlaylistFileFormat; label: string; hint: string }> = [
  { format: 'jspf', label: 'JSPF', hint: 'XSPF as JSON, with the reasons and metrics' },
  { format: 'xspf', label: 'XSPF', hint: 'the XML playlist format' },
  { format: 'm3u8', label: 'M3U8', hint: 'extended M3U for players' },
  { format: 'csv', label: 'CSV', hint: 're-importable as seed playlists' },
];

export interface ExportForm {
  /** Segments the editor unticked (all are exported by default, whatever the model has). */
  unchecked: number[];
  formats: PlaylistFileFormat[];
  path: string;
  reproducible: boolean;
  editor: string;
}

export function defaultExportForm(path: string): ExportForm {
  return { unchecked: [], formats: FORMATS.map((f) => f.format), path, reproducible: false, editor: '' };
}

/** `list` with `item` added (in `order`'s order) or removed. */
export function toggled<T>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(item);
  else set.delete(item);
  return order.filter((x) => set.has(x));
}

/** A file name for a playlist's package: characters file systems refuse become dashes. */
export function packageFileName(playlistName: string): string {
  const stem = playlistName
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    // A dash run with spaces around it reads as one separated dash: `AC/DC: "X"` → `AC-DC - X`.
    .replace(/ ?-[ -]*/g, (m) => (m.includes(' ') ? ' - ' : '-'))
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  return `${stem || 'playlist'}.zip`;
}

/** The folder of a file path (Unix or Windows separators), without the trailing separator. */
export function folderOf(path: string): string | null {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (i < 0) return null;
  return i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/** Where a package goes by default: beside the workspace, named after the playlist. */
export function defaultPackagePath(workspacePath: string | null | undefined, playlistName: string): string {
  const file = packageFileName(playlistName);
  const folder = workspacePath ? folderOf(workspacePath) : null;
  if (folder === null) return '';
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${file}` : `${folder}${sep}${file}`;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/**
 * The request the form makes for `playlist`, given the active model's segments; all segments
 * ticked is sent as "all" (empty), as are all four formats.
 */
export function exportRequest(playlist: number, form: ExportForm, segments: readonly number[]): Parsed<ExportRequest> {
  const chosen = segments.filter((s) => !form.unchecked.includes(s));
  if (segments.length > 0 && chosen.length === 0) return { ok: false, error: 'Choose at least one segment to export.' };
  if (form.formats.length === 0) return { ok: false, error: 'Choose at least one file format.' };
  const out = form.path.trim();
  if (!out) return { ok: false, error: 'Choose where to save the package.' };
  if (!isAbsolute(out)) return { ok: false, error: 'Give the full path of the package (starting with /), or choose it with Choose….' };
  const formats = FORMATS.map((f) => f.format).filter((f) => form.formats.includes(f));
  const editor = form.editor.trim();
  return {
    ok: true,
    value: {
      playlist,
      out,
      formats: formats.length === FORMATS.length ? [] : formats,
      segments: chosen.length === segments.length ? [] : chosen,
      reproducible: form.reproducible,
      editor: editor || null,
    },
  };
}

/** One problem of a package the way `segue verify` prints it: "file, line 3, field x: message". */
export function problemText(p: Problem): string {
  if (p.file === null) return p.message;
  const at = [p.file, p.line === null ? null : `line ${p.line}`, p.field === null ? null : `field ${p.field}`].filter((x) => x !== null);
  return `${at.join(', ')}: ${p.message}`;
}

/** The one-line verdict of a verification. */
export function verifySummary(r: VerifyReport): string {
  if (r.ok) return `Verified: ${plural(r.filesChecked, 'file')}, ${plural(r.variants, 'variant')}`;
  const n = r.problems.length;
  return `Not verified: ${n === 1 ? 'one problem' : `${formatCount(n)} problems`}`;
}

/** Whether the verification's SHA-256 differs from the one the export reported. */
export function shaMismatch(exported: string, r: VerifyReport): boolean {
  return r.sha256 !== null && r.sha256.toLowerCase() !== exported.toLowerCase();
}

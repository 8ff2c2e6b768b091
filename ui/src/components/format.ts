//! Formatting numbers the way the tables and summaries show them.

/** m:ss below an hour, h:mm:ss from an hour; `always` forces h:mm:ss. */
export function formatDuration(ms: number | null, always: 'hours' | 'auto' = 'auto'): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '–';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  if (h > 0 || always === 'hours') return `${h}:${String(m).padStart(2, '0')}:${ss}`;
  return `${m}:${ss}`;
}

/** Elapsed time in seconds, "2.35 s", or a dash when unknown. */
export function formatSeconds(ms: number | null, digits = 1): string {
  return ms === null || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(digits)} s`;
}

/** A 0–1 feature with two decimals, or a dash when unknown. */
export function formatUnit(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : v.toFixed(2);
}

/** Beats per minute, whole. */
export function formatTempo(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : String(Math.round(v));
}

const grouped = new Intl.NumberFormat('en-US');

/** 1,234,567 */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** "1 track", "3 tracks" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The year of a `YYYY[-MM[-DD]]` date. */
export function yearOf(date: string | null): string {
  return date && /^\d{4}/.test(date) ? date.slice(0, 4) : '–';
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** A file size as a file manager shows it (decimal units): "512 B", "48.2 kB", "3.1 MB"; a dash when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit += 1;
  } while (value >= 999.95 && unit < BYTE_UNITS.length - 1);
  return `${value.toFixed(value < 10 ? 2 : 1)} ${BYTE_UNITS[unit]}`;
}

//! The strength in words: how much of the seed every variant keeps at least (pinned tracks
//! always stay; the strength does not change how a segment ranks tracks).

/** The share of the seed's unpinned tracks a variant keeps at least, in whole percent. */
export function keptAtLeast(v: number): number {
  return Math.round((1 - Math.max(0, Math.min(1, v))) * 100);
}

/** Short, for the slider's value text: "keeps at least 50% of the seed". */
export function strengthText(v: number): string {
  if (v <= 0) return 'the seed as is';
  if (v >= 1) return 'the segment may replace all of the seed';
  return `keeps at least ${keptAtLeast(v)}% of the seed`;
}

/** The line under the slider. */
export function strengthSentence(v: number): string {
  if (v <= 0) return 'Every variant is the seed as is.';
  if (v >= 1) return 'A segment may replace every unpinned seed track.';
  return `Each variant keeps at least ${keptAtLeast(v)}% of the seed’s unpinned tracks.`;
}

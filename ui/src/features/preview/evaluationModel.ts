//! The offline evaluation in words and table cells, as pure functions: the lists' names, means
//! with their 95% intervals, the verdicts counted (a segment is a win or a loss only where the
//! interval of the paired difference lies above or below zero), the summary sentences, and which
//! list is clearly best on a measure.

import type { Evaluation, Interval, ListKind, ListReport, Outcome, ScopeReport } from '../../ipc';
import { plural } from '../../components/format';

export interface ListSpec {
  kind: ListKind;
  label: string;
  /** For narrow column heads: "seed", "most-played". */
  short: string;
  /** As the other side of a comparison: "the seed as is". */
  phrase: string;
  /** What the list is, for a title attribute. */
  title: string;
}

/** The lists, in the engine's order (the variant first). */
export const LISTS: readonly ListSpec[] = [
  { kind: 'variant', label: 'Variant', short: 'variant', phrase: 'the variant', title: 'The segment’s variant at the playlist’s strength' },
  { kind: 'seed', label: 'Seed as is', short: 'seed', phrase: 'the seed as is', title: 'The seed playlist unchanged' },
  { kind: 'popular', label: 'Popular (all listeners)', short: 'popular', phrase: 'the most popular tracks', title: 'The most-played tracks of every listener, one per artist: global popularity' },
  { kind: 'segmentMostPlayed', label: 'Segment’s most-played', short: 'most-played', phrase: 'the segment’s most-played', title: 'The segment’s most-played tracks, one per artist, whatever their genre' },
  { kind: 'themeBaseline', label: 'Theme baseline', short: 'theme baseline', phrase: 'the theme baseline', title: 'The first half of the seed, then the segment’s most-played tracks within the seed’s genres' },
];

const SPEC = new Map(LISTS.map((l) => [l.kind, l]));
export const listLabel = (kind: ListKind): string => SPEC.get(kind)?.label ?? kind;
export const listShort = (kind: ListKind): string => SPEC.get(kind)?.short ?? kind;
export const listPhrase = (kind: ListKind): string => SPEC.get(kind)?.phrase ?? kind;

const known = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** "4.1% [3.6–4.6]": a share as a percentage with its interval; a dash when unknown. */
export function formatPctInterval(i: Interval, digits = 1): string {
  if (!known(i.mean)) return '–';
  const p = (v: number) => (v * 100).toFixed(digits);
  return known(i.low) && known(i.high) ? `${p(i.mean)}% [${p(i.low)}–${p(i.high)}]` : `${p(i.mean)}%`;
}

/** "0.123 [0.101–0.140]" */
export function formatNumInterval(i: Interval, digits = 3): string {
  if (!known(i.mean)) return '–';
  return known(i.low) && known(i.high) ? `${i.mean.toFixed(digits)} [${i.low.toFixed(digits)}–${i.high.toFixed(digits)}]` : i.mean.toFixed(digits);
}

/** Signed, keeping the sign of a value that rounds to zero ("+0.00"), so a bound above zero never reads as zero. */
const signed = (v: number, digits: number) => (v === 0 ? (0).toFixed(digits) : `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`);

/** A difference of shares in percentage points: "+1.20 pts [+0.30, +2.10]". */
export function formatPtsInterval(i: Interval, digits = 2): string {
  if (!known(i.mean)) return '–';
  const p = (v: number) => signed(v * 100, digits);
  return known(i.low) && known(i.high) ? `${p(i.mean)} pts [${p(i.low)}, ${p(i.high)}]` : `${p(i.mean)} pts`;
}

export const OUTCOME_WORDS: Record<Outcome, string> = { better: 'better', worse: 'worse', unclear: 'no clear difference' };

/** The variant's hit-share outcome against `against` in a scope (unclear when there is no verdict). */
export function outcomeIn(scope: ScopeReport, against: ListKind): Outcome {
  return scope.verdicts.find((v) => v.against === against)?.hitShareOutcome ?? 'unclear';
}

export interface VerdictCount {
  /** Segments where the variant finds more held-out plays, by the interval. */
  wins: ScopeReport[];
  /** Segments where it finds fewer, by the interval. */
  losses: ScopeReport[];
  /** Segments where the interval contains zero. */
  unclear: ScopeReport[];
}

/** The segments sorted by what the hit share's interval says against `against`; a mean alone never counts. */
export function countVerdicts(segments: readonly ScopeReport[], against: ListKind): VerdictCount {
  const out: VerdictCount = { wins: [], losses: [], unclear: [] };
  for (const s of segments) {
    const o = outcomeIn(s, against);
    (o === 'better' ? out.wins : o === 'worse' ? out.losses : out.unclear).push(s);
  }
  return out;
}

/** "Against the theme baseline, the variant finds more held-out plays in 3 of 8 segments, fewer in 1; in 4 the intervals cannot tell them apart." */
export function verdictSentence(segments: readonly ScopeReport[], against: ListKind): string {
  const n = segments.length;
  const { wins, losses, unclear } = countVerdicts(segments, against);
  const head = `Against ${listPhrase(against)}, the variant`;
  if (n === 0) return `${head} was not measured: the model has no segment.`;
  if (unclear.length === n) return `${head} cannot be told apart from it in any of the ${plural(n, 'segment')}: the intervals overlap zero.`;
  const rest = unclear.length === 0 ? '' : `; in ${unclear.length} the intervals cannot tell them apart`;
  return `${head} finds more held-out plays in ${wins.length} of ${plural(n, 'segment')}, fewer in ${losses.length}${rest}.`;
}

/** “A”, “B” and “C” */
export function joinNames(names: readonly string[]): string {
  const q = names.map((n) => `“${n}”`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** Where the variant does not help: the segments where it finds fewer plays than the seed or the theme baseline. */
export function shortfallSentence(segments: readonly ScopeReport[]): string {
  const parts = (['seed', 'themeBaseline'] as const).flatMap((against) => {
    const losses = countVerdicts(segments, against).losses;
    return losses.length ? [{ against, names: joinNames(losses.map((s) => s.name)) }] : [];
  });
  if (parts.length === 0) return 'In no segment does the variant find fewer held-out plays than the seed as is or the theme baseline, by the intervals.';
  const said = parts.map((p, i) => `${i === 0 ? 'fewer held-out plays' : 'fewer'} than ${listPhrase(p.against)} in ${p.names}`);
  return `Where it does not help: the variant finds ${said.join(', and ')}.`;
}

const compare = (o: Outcome, plays: string) => (o === 'better' ? `more${plays} than` : o === 'worse' ? `fewer${plays} than` : `about as many${plays} as`);

/**
 * All listeners together: "Over all listeners, the variant finds more held-out plays than the
 * theme baseline (+0.13 pts [+0.04, +0.26]), and more than the seed as is (…)."
 */
export function overallSentence(overall: ScopeReport): string {
  const parts = (['themeBaseline', 'seed'] as const).flatMap((against) => {
    const v = overall.verdicts.find((x) => x.against === against);
    return v ? [{ against, v }] : [];
  });
  if (parts.length === 0) return '';
  const said = parts.map(({ against, v }, i) => {
    const zero = v.hitShareOutcome === 'unclear' ? ', an interval that includes zero' : '';
    return `${compare(v.hitShareOutcome, i === 0 ? ' held-out plays' : '')} ${listPhrase(against)} (${formatPtsInterval(v.hitShare)}${zero})`;
  });
  return `Over all listeners, the variant finds ${said.join(', and ')}.`;
}

/** The summary: against the theme baseline, against the seed, where it does not help, then all listeners. */
export function evaluationSummary(e: Evaluation): string[] {
  return [verdictSentence(e.segments, 'themeBaseline'), verdictSentence(e.segments, 'seed'), shortfallSentence(e.segments), overallSentence(e.overall)].filter(Boolean);
}

/** A short form for the jobs menu: "Against the theme baseline: more held-out plays in 3 of 6 segments, fewer in 1". */
export function evaluationHeadline(e: Evaluation): string {
  const { wins, losses } = countVerdicts(e.segments, 'themeBaseline');
  return `Against the theme baseline: more held-out plays in ${wins.length} of ${plural(e.segments.length, 'segment')}, fewer in ${losses.length}`;
}

export type Measure = 'hitShare' | 'hitRate' | 'recall' | 'ndcg';

/**
 * The list with the highest mean on `measure`, only when its interval lies clear above the
 * runner-up's (else the data cannot single one out, and none is marked).
 */
export function clearBest(lists: readonly ListReport[], measure: Measure): ListKind | null {
  const ranked = lists.filter((l) => known(l[measure].mean)).sort((a, b) => b[measure].mean! - a[measure].mean!);
  const [first, second] = ranked;
  if (!first) return null;
  if (!second) return first.list;
  const low = first[measure].low;
  const high = second[measure].high;
  return known(low) && known(high) && low > high ? first.list : null;
}

/** The scope a picker value names: "all" or a segment index. */
export function scopeOf(e: Evaluation, pick: string): ScopeReport {
  if (pick === 'all') return e.overall;
  return e.segments.find((s) => String(s.segment) === pick) ?? e.overall;
}

/** Whether two strengths are the same slider position (the engine's are 32-bit floats). */
export const sameStrength = (a: number | null | undefined, b: number | null | undefined): boolean => known(a) && known(b) && Math.abs(a - b) < 1e-4;

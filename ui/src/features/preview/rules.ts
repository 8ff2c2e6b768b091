//! The rules editor's state changes, as pure functions of `RuleSettings`: switching a rule on
//! (with a sensible default) or off, its value, unbreakable or not, its priority, and the list
//! rules (banned tracks and artists, must-include tracks) one entry at a time.

import type { Expansion, PlaylistSettings, Rule, RuleSettings } from '../../ipc';

export type RuleKey = keyof RuleSettings;
export type RuleValue<K extends RuleKey> = NonNullable<RuleSettings[K]>['value'];
export type ListRuleKey = 'bannedTracks' | 'bannedArtists' | 'mustInclude';

export interface RuleSpec {
  key: RuleKey;
  label: string;
  hint: string;
}

/** The rules in the order the editor lists them. */
export const RULE_SPECS: readonly RuleSpec[] = [
  { key: 'length', label: 'Length', hint: 'How long every variant is' },
  { key: 'maxPerArtist', label: 'Tracks per artist', hint: 'At most this many tracks by one artist' },
  { key: 'artistSeparation', label: 'Artist separation', hint: 'At least this many tracks between two by one artist' },
  { key: 'explicitAllowed', label: 'Explicit content', hint: 'Whether explicit tracks may play' },
  { key: 'familiarity', label: 'Familiarity band', hint: 'Share of tracks the segment already plays' },
  { key: 'bannedTracks', label: 'Banned tracks', hint: 'Never in a variant' },
  { key: 'bannedArtists', label: 'Banned artists', hint: 'No track by these artists' },
  { key: 'mustInclude', label: 'Must include', hint: 'In every variant' },
];

/** A rule as it is first switched on: lists and the explicit filter are unbreakable, the rest traded by priority. */
export function defaultRule<K extends RuleKey>(key: K, seedLength: number): Rule<RuleValue<K>> {
  const defaults: { [P in RuleKey]: Rule<RuleValue<P>> } = {
    length: { value: { tracks: Math.max(1, seedLength || 20) }, unbreakable: false, priority: 3 },
    maxPerArtist: { value: 2, unbreakable: false, priority: 2 },
    artistSeparation: { value: 3, unbreakable: false, priority: 1 },
    explicitAllowed: { value: false, unbreakable: true, priority: 0 },
    familiarity: { value: { min: 0.3, max: 0.8 }, unbreakable: false, priority: 1 },
    bannedTracks: { value: [], unbreakable: true, priority: 0 },
    bannedArtists: { value: [], unbreakable: true, priority: 0 },
    mustInclude: { value: [], unbreakable: true, priority: 0 },
  };
  return defaults[key];
}

/** How many rules are on. */
export function rulesOn(rules: RuleSettings | null | undefined): number {
  return rules ? RULE_SPECS.filter((spec) => rules[spec.key] != null).length : 0;
}

export function ruleOf<K extends RuleKey>(rules: RuleSettings, key: K): Rule<RuleValue<K>> | null {
  return (rules[key] as Rule<RuleValue<K>> | null | undefined) ?? null;
}

function put<K extends RuleKey>(rules: RuleSettings, key: K, rule: Rule<RuleValue<K>> | null): RuleSettings {
  return { ...rules, [key]: rule };
}

export function setEnabled(rules: RuleSettings, key: RuleKey, on: boolean, seedLength: number): RuleSettings {
  if (!on) return put(rules, key, null);
  return ruleOf(rules, key) ? rules : put(rules, key, defaultRule(key, seedLength));
}

/** Changes a rule that is on (a rule that is off stays off). */
function change<K extends RuleKey>(rules: RuleSettings, key: K, f: (r: Rule<RuleValue<K>>) => Rule<RuleValue<K>>): RuleSettings {
  const r = ruleOf(rules, key);
  return r ? put(rules, key, f(r)) : rules;
}

export function setValue<K extends RuleKey>(rules: RuleSettings, key: K, value: RuleValue<K>): RuleSettings {
  return change(rules, key, (r) => ({ ...r, value }));
}

export function setUnbreakable(rules: RuleSettings, key: RuleKey, unbreakable: boolean): RuleSettings {
  return change(rules, key, (r) => ({ ...r, unbreakable }));
}

export function setPriority(rules: RuleSettings, key: RuleKey, priority: number): RuleSettings {
  const p = Math.max(0, Math.min(255, Math.round(priority)));
  return change(rules, key, (r) => ({ ...r, priority: p }));
}

/** Adds `item` to a list rule, switching it on if needed; an item already listed is left alone. */
export function addToList(rules: RuleSettings, key: ListRuleKey, item: string): RuleSettings {
  const v = item.trim();
  if (!v) return rules;
  const r = ruleOf(rules, key) ?? defaultRule(key, 0);
  if (r.value.includes(v)) return put(rules, key, r);
  return put(rules, key, { ...r, value: [...r.value, v] });
}

/** Removes `item` (the rule stays on, the editor switches it off). */
export function removeFromList(rules: RuleSettings, key: ListRuleKey, item: string): RuleSettings {
  const r = ruleOf(rules, key);
  if (!r || !r.value.includes(item)) return rules;
  return put(rules, key, { ...r, value: r.value.filter((x) => x !== item) });
}

/** Bans a track from every variant (and no longer requires it). */
export function banTrack(rules: RuleSettings, id: string): RuleSettings {
  return addToList(removeFromList(rules, 'mustInclude', id), 'bannedTracks', id);
}

/** Requires a track in every variant (and no longer bans it). */
export function requireTrack(rules: RuleSettings, id: string): RuleSettings {
  return addToList(removeFromList(rules, 'bannedTracks', id), 'mustInclude', id);
}

/** The back end's defaults (segue-api `DEFAULT_STRENGTH`, `DEFAULT_EXPAND_*`). */
export const DEFAULT_STRENGTH = 0.5;
export const DEFAULT_EXPANSION: Expansion = { threshold: 0.5, cap: 200 };

/** Pool expansion on (as it was, or the defaults) or off. */
export function setExpansion(settings: PlaylistSettings, on: boolean): PlaylistSettings {
  if (!on) return { ...settings, expand: null };
  return { ...settings, expand: settings.expand ?? DEFAULT_EXPANSION };
}

/** Changes the expansion's threshold or cap (switching it on). */
export function editExpansion(settings: PlaylistSettings, change: Partial<Expansion>): PlaylistSettings {
  return { ...settings, expand: { ...(settings.expand ?? DEFAULT_EXPANSION), ...change } };
}

/** Strength rounded to the slider's step and kept in [0, 1]. */
export function clampStrength(v: number): number {
  if (!Number.isFinite(v)) return DEFAULT_STRENGTH;
  return Math.round(Math.max(0, Math.min(1, v)) * 20) / 20;
}

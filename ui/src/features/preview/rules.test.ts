import { describe, expect, it } from 'vitest';
import type { PlaylistSettings, RuleSettings } from '../../ipc';
import { addToList, banTrack, rulesOn, clampStrength, defaultRule, editExpansion, removeFromList, requireTrack, ruleOf, setEnabled, setExpansion, setPriority, setUnbreakable, setValue } from './rules';
import { parseNumber } from './NumberBox';

describe('switching rules on and off', () => {
  it('starts a rule from a sensible default and keeps an existing one', () => {
    let r: RuleSettings = {};
    r = setEnabled(r, 'length', true, 24);
    expect(r.length).toEqual({ value: { tracks: 24 }, unbreakable: false, priority: 3 });
    r = setValue(r, 'length', { minutes: 90 });
    expect(setEnabled(r, 'length', true, 24).length?.value).toEqual({ minutes: 90 });
    expect(setEnabled(r, 'length', false, 24).length).toBeNull();
    expect(defaultRule('explicitAllowed', 0)).toEqual({ value: false, unbreakable: true, priority: 0 });
    expect(defaultRule('length', 0).value).toEqual({ tracks: 20 });
  });

  it('changes value, hardness and priority only of a rule that is on', () => {
    let r = setEnabled({}, 'maxPerArtist', true, 10);
    r = setValue(r, 'maxPerArtist', 3);
    r = setUnbreakable(r, 'maxPerArtist', true);
    expect(r.maxPerArtist).toEqual({ value: 3, unbreakable: true, priority: 2 });
    expect(setPriority(r, 'maxPerArtist', 7.6).maxPerArtist?.priority).toBe(8);
    expect(setPriority(r, 'maxPerArtist', -2).maxPerArtist?.priority).toBe(0);
    expect(setValue(r, 'artistSeparation', 4)).toBe(r);
    expect(ruleOf(r, 'artistSeparation')).toBeNull();
  });

  it('counts the rules that are on', () => {
    expect(rulesOn(undefined)).toBe(0);
    expect(rulesOn({ length: null, maxPerArtist: null })).toBe(0);
    expect(rulesOn(addToList(setEnabled({}, 'familiarity', true, 0), 'bannedArtists', 'Luma'))).toBe(2);
  });

  it('does not change the settings it is given', () => {
    const r: RuleSettings = { maxPerArtist: { value: 2, unbreakable: false, priority: 1 } };
    const copy = structuredClone(r);
    setValue(r, 'maxPerArtist', 5);
    setEnabled(r, 'maxPerArtist', false, 0);
    expect(r).toEqual(copy);
  });
});

describe('list rules', () => {
  it('add an entry once (switching the rule on) and remove it', () => {
    let r = addToList({}, 'bannedArtists', '  Nova Reyes ');
    r = addToList(r, 'bannedArtists', 'Nova Reyes');
    r = addToList(r, 'bannedArtists', '');
    expect(r.bannedArtists).toEqual({ value: ['Nova Reyes'], unbreakable: true, priority: 0 });
    r = removeFromList(r, 'bannedArtists', 'Nova Reyes');
    expect(r.bannedArtists?.value).toEqual([]);
    expect(removeFromList(r, 'bannedArtists', 'absent')).toBe(r);
    expect(removeFromList({}, 'mustInclude', 'x')).toEqual({});
  });

  it('a track is either banned or required, never both', () => {
    let r = requireTrack({}, 't1');
    expect(r.mustInclude?.value).toEqual(['t1']);
    r = banTrack(r, 't1');
    expect(r.mustInclude?.value).toEqual([]);
    expect(r.bannedTracks?.value).toEqual(['t1']);
    r = requireTrack(r, 't1');
    expect(r.bannedTracks?.value).toEqual([]);
    expect(r.mustInclude?.value).toEqual(['t1']);
  });
});

describe('strength and expansion', () => {
  it('keeps the strength on the slider: 0..1 in steps of 0.05', () => {
    expect(clampStrength(0.83)).toBe(0.85);
    expect(clampStrength(1.4)).toBe(1);
    expect(clampStrength(-1)).toBe(0);
    expect(clampStrength(Number.NaN)).toBe(0.5);
  });

  it('switches pool expansion on with what it had (or the defaults) and edits it', () => {
    const s: PlaylistSettings = { strength: 0.5, expand: { threshold: 0.7, cap: 50 } };
    const off = setExpansion(s, false);
    expect(off.expand).toBeNull();
    expect(setExpansion(off, true).expand).toEqual({ threshold: 0.5, cap: 200 });
    expect(setExpansion(s, true).expand).toEqual({ threshold: 0.7, cap: 50 });
    expect(editExpansion(s, { cap: 10 }).expand).toEqual({ threshold: 0.7, cap: 10 });
    expect(editExpansion(off, { threshold: 0.2 }).expand).toEqual({ threshold: 0.2, cap: 200 });
    expect(editExpansion(s, { genres: false }).expand).toEqual({ threshold: 0.7, cap: 50, genres: false });
  });
});

describe('number fields', () => {
  it('commit only numbers in range (whole ones where asked)', () => {
    expect(parseNumber('12', 1, 100, true)).toBe(12);
    expect(parseNumber(' 0,35 ', 0, 1)).toBe(0.35);
    expect(parseNumber('-0.5', -1, 1)).toBe(-0.5);
    expect(parseNumber('.5', 0, 1)).toBe(0.5);
    expect(parseNumber('2.5', 1, 100, true)).toBeNull();
    expect(parseNumber('', 0, 1)).toBeNull();
    expect(parseNumber('0.', 0, 1)).toBe(0);
    expect(parseNumber('1e3', 0, 10_000)).toBeNull();
    expect(parseNumber('101', 1, 100)).toBeNull();
  });
});

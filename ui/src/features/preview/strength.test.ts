import { describe, expect, it } from 'vitest';
import { keptAtLeast, strengthSentence, strengthText } from './strength';

describe('the strength in words', () => {
  it('says how much of the seed every variant keeps at least', () => {
    expect(strengthText(0)).toBe('the seed as is');
    expect(strengthText(0.5)).toBe('keeps at least 50% of the seed');
    expect(strengthText(0.75)).toBe('keeps at least 25% of the seed');
    expect(strengthText(1)).toBe('the segment may replace all of the seed');
    expect(keptAtLeast(0.35)).toBe(65);
    expect(strengthSentence(0)).toBe('Every variant is the seed as is.');
    expect(strengthSentence(0.25)).toBe('Each variant keeps at least 75% of the seed’s unpinned tracks.');
    expect(strengthSentence(1)).toBe('A segment may replace every unpinned seed track.');
  });
});

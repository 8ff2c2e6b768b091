import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatTempo, formatUnit, plural, yearOf } from './format';

describe('formatDuration', () => {
  it('shows m:ss under an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59_400)).toBe('0:59');
    expect(formatDuration(59_600)).toBe('1:00');
    expect(formatDuration(215_000)).toBe('3:35');
  });

  it('shows h:mm:ss from an hour, or when asked', () => {
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(215_000, 'hours')).toBe('0:03:35');
    expect(formatDuration(36_000_000 + 61_000)).toBe('10:01:01');
  });

  it('dashes what cannot be a duration', () => {
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(-1)).toBe('–');
  });
});

describe('numbers', () => {
  it('formats features, tempo, counts and years', () => {
    expect(formatUnit(0.456)).toBe('0.46');
    expect(formatUnit(null)).toBe('–');
    expect(formatTempo(121.6)).toBe('122');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(plural(1, 'track')).toBe('1 track');
    expect(plural(2000, 'track')).toBe('2,000 tracks');
    expect(yearOf('2019-06-14')).toBe('2019');
    expect(yearOf(null)).toBe('–');
  });
});

describe('formatBytes', () => {
  it('uses decimal units with two or one decimals', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(48_213)).toBe('48.2 kB');
    expect(formatBytes(999_960)).toBe('1.00 MB');
    expect(formatBytes(3_145_728)).toBe('3.15 MB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });

  it('dashes an unknown size', () => {
    expect(formatBytes(null)).toBe('–');
    expect(formatBytes(Number.NaN)).toBe('–');
    expect(formatBytes(-3)).toBe('–');
  });
});

import { describe, expect, it } from 'vitest';
import { commitName, isRenamed, MAX_NAME } from './renameState';

const AUTO = 'Latin · high danceability';

describe('committing a segment name', () => {
  it('saves a new name, trimmed', () => {
    expect(commitName('  Morning movers ', AUTO, AUTO)).toEqual({ send: 'Morning movers', display: 'Morning movers' });
  });

  it('does nothing when the name is unchanged', () => {
    expect(commitName('Morning movers', 'Morning movers', AUTO)).toEqual({ send: null, display: 'Morning movers' });
    expect(commitName(AUTO, AUTO, AUTO)).toEqual({ send: null, display: AUTO });
  });

  it('restores the automatic name when emptied or typed back', () => {
    expect(commitName('   ', 'Morning movers', AUTO)).toEqual({ send: '', display: AUTO });
    expect(commitName(AUTO, 'Morning movers', AUTO)).toEqual({ send: '', display: AUTO });
  });

  it('shows the automatic name again when an unrenamed field is emptied', () => {
    expect(commitName('', AUTO, AUTO)).toEqual({ send: null, display: AUTO });
  });

  it('cuts names at the back end limit', () => {
    const long = 'x'.repeat(MAX_NAME + 10);
    expect(commitName(long, AUTO, AUTO).send).toHaveLength(MAX_NAME);
  });

  it('knows a renamed segment', () => {
    expect(isRenamed('Morning movers', AUTO)).toBe(true);
    expect(isRenamed(AUTO, AUTO)).toBe(false);
  });
});

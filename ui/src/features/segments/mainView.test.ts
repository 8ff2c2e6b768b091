import { describe, expect, it } from 'vitest';
import { mainViewStore, neighbourView, showView } from './mainView';

describe('the main view switch', () => {
  it('starts on curation and switches', () => {
    expect(mainViewStore.get()).toBe('curate');
    showView('segments');
    expect(mainViewStore.get()).toBe('segments');
    showView('curate');
  });

  it('moves between tabs with the arrow keys, wrapping, and Home/End', () => {
    expect(neighbourView('curate', 'ArrowRight')).toBe('segments');
    expect(neighbourView('segments', 'ArrowRight')).toBe('curate');
    expect(neighbourView('curate', 'ArrowLeft')).toBe('segments');
    expect(neighbourView('segments', 'Home')).toBe('curate');
    expect(neighbourView('curate', 'End')).toBe('segments');
    expect(neighbourView('curate', 'Enter')).toBeNull();
  });
});

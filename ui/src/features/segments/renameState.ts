//! Committing a segment's name field: what to send and what the field should show meanwhile.
//! An empty name (or the automatic one typed back) restores the automatic name, which then
//! follows refits; anything else is the editor's name.

/** The longest name the back end accepts. */
export const MAX_NAME = 80;

export interface RenameCommit {
  /** The name to send (`''` restores the automatic one), or null when nothing changes. */
  send: string | null;
  /** What the field shows until the server answers. */
  display: string;
}

export function commitName(draft: string, current: string, autoName: string): RenameCommit {
  const next = draft.trim().slice(0, MAX_NAME);
  const wantsAuto = next === '' || next === autoName;
  if (wantsAuto) return { send: current === autoName ? null : '', display: autoName };
  if (next === current) return { send: null, display: current };
  return { send: next, display: next };
}

/** Whether the editor has named the segment (the name is not the automatic one). */
export function isRenamed(name: string, autoName: string): boolean {
  return name !== autoName;
}

//! The seed playlist as an editor shapes it: ordered entries, some pinned, each with a note.
//!
//! A pinned entry is locked to its position: inserting, moving or removing other entries flows
//! the unpinned ones around it, the way radio schedulers treat a fixed slot. A pin only moves when
//! the playlist becomes too short to hold it (and the pins after it); then it moves back just
//! enough, pins keeping their order. Edits are pure: [`SeedEdit::apply`] takes the entries and returns new ones, so the
//! store can keep both sides of every edit for undo and redo.

use serde::{Deserialize, Serialize};

/// One track of a seed playlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The catalogue id of the track.
    pub track_id: String,
    /// Whether the entry is locked to its position (here and in every personalized variant).
    pub pinned: bool,
    /// The editor's note on this track in this playlist.
    pub note: String,
}

impl Entry {
    /// An unpinned entry without a note.
    pub fn new(track_id: impl Into<String>) -> Self {
        Self { track_id: track_id.into(), pinned: false, note: String::new() }
    }
}

/// An edit of a playlist's entries. Positions are 0-based indices into the entries before the
/// edit; `at` and `to` are drop positions, from 0 (before the first) to the length (after the
/// last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SeedEdit {
    /// Insert tracks, in the given order, at a drop position. Tracks already in the playlist,
    /// and repeats within the list, are left where they are.
    Insert {
        /// Catalogue ids to insert.
        track_ids: Vec<String>,
        /// Drop position.
        at: u32,
    },
    /// Move unpinned entries, keeping their relative order, as one block to a drop position.
    Move {
        /// Positions of the entries to move.
        positions: Vec<u32>,
        /// Drop position.
        to: u32,
    },
    /// Remove entries (pinned ones too).
    Remove {
        /// Positions of the entries to remove.
        positions: Vec<u32>,
    },
    /// Pin an entry to its current position, or release it.
    SetPinned {
        /// Position of the entry.
        position: u32,
        /// Pinned or not.
        pinned: bool,
    },
    /// Set the note of an entry.
    SetNote {
        /// Position of the entry.
        position: u32,
        /// The note; empty clears it.
        note: String,
    },
}

/// Why an edit cannot be applied. Nothing is changed when an edit fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// A position or drop position outside the playlist.
    #[error("position {position} is outside the playlist (it has {len} tracks)")]
    Position {
        /// The offending position.
        position: u32,
        /// The playlist's length.
        len: u32,
    },
    /// An attempt to move a pinned entry; unpin it first.
    #[error("the track at position {position} is pinned; unpin it before moving it")]
    Pinned {
        /// The pinned entry's position.
        position: u32,
    },
    /// An edit that names no entries.
    #[error("the edit names no tracks")]
    Empty,
    /// A note longer than [`MAX_NOTE_CHARS`].
    #[error("a note may have at most {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
}

/// The longest note an entry may carry.
pub const MAX_NOTE_CHARS: usize = 2000;

impl SeedEdit {
    /// A short, human label for the edit, shown in the undo and redo menu items.
    pub fn label(&self) -> String {
        match self {
            SeedEdit::Insert { track_ids, .. } => plural("Add", track_ids.len()),
            SeedEdit::Move { positions, .. } => plural("Move", positions.len()),
            SeedEdit::Remove { positions } => plural("Remove", positions.len()),
            SeedEdit::SetPinned { pinned: true, .. } => "Pin track".into(),
            SeedEdit::SetPinned { pinned: false, .. } => "Unpin track".into(),
            SeedEdit::SetNote { .. } => "Edit note".into(),
        }
    }

    /// Applies the edit to `entries`, returning the new entries.
    pub fn apply(&self, entries: &[Entry]) -> Result<Vec<Entry>, EditError> {
        let len = entries.len() as u32;
        let check = |p: u32, max: u32| if p > max { Err(EditError::Position { position: p, len }) } else { Ok(p) };
        match self {
            SeedEdit::Insert { track_ids, at } => {
                check(*at, len)?;
                let mut seen: std::collections::HashSet<&str> = entries.iter().map(|e| e.track_id.as_str()).collect();
                let new: Vec<Entry> =
                    track_ids.iter().filter(|id| seen.insert(id.as_str())).map(|id| Entry::new(id.clone())).collect();
                let k = free_before(entries, *at as usize, &[]);
                Ok(relayout(entries, &[], new, k))
            }
            SeedEdit::Move { positions, to } => {
                check(*to, len)?;
                let moved = sorted_positions(positions, len)?;
                if let Some(&p) = moved.iter().find(|&&p| entries[p].pinned) {
                    return Err(EditError::Pinned { position: p as u32 });
                }
                let block: Vec<Entry> = moved.iter().map(|&p| entries[p].clone()).collect();
                let k = free_before(entries, *to as usize, &moved);
                Ok(relayout(entries, &moved, block, k))
            }
            SeedEdit::Remove { positions } => {
                let removed = sorted_positions(positions, len)?;
                Ok(relayout(entries, &removed, Vec::new(), 0))
            }
            SeedEdit::SetPinned { position, pinned } => {
                let p = check(*position, len.saturating_sub(1)).and_then(|p| non_empty(p, len))? as usize;
                let mut out = entries.to_vec();
                out[p].pinned = *pinned;
                Ok(out)
            }
            SeedEdit::SetNote { position, note } => {
                let p = check(*position, len.saturating_sub(1)).and_then(|p| non_empty(p, len))? as usize;
                if note.chars().count() > MAX_NOTE_CHARS {
                    return Err(EditError::NoteTooLong);
                }
                let mut out = entries.to_vec();
                out[p].note = note.trim_end().to_string();
                Ok(out)
            }
        }
    }
}

fn plural(verb: &str, n: usize) -> String {
    if n == 1 { format!("{verb} track") } else { format!("{verb} {n} tracks") }
}

fn non_empty(p: u32, len: u32) -> Result<u32, EditError> {
    if len == 0 { Err(EditError::Position { position: p, len }) } else { Ok(p) }
}

fn sorted_positions(positions: &[u32], len: u32) -> Result<Vec<usize>, EditError> {
    if positions.is_empty() {
        return Err(EditError::Empty);
    }
    if let Some(&p) = positions.iter().find(|&&p| p >= len) {
        return Err(EditError::Position { position: p, len });
    }
    let mut v: Vec<usize> = positions.iter().map(|&p| p as usize).collect();
    v.sort_unstable();
    v.dedup();
    Ok(v)
}

/// How many unpinned entries that stay (are not in `taken`) stand before the drop position.
fn free_before(entries: &[Entry], drop: usize, taken: &[usize]) -> usize {
    entries[..drop].iter().enumerate().filter(|(i, e)| !e.pinned && taken.binary_search(i).is_err()).count()
}

/// Lays out a new playlist: the entries not in `taken`, with `block` inserted among the unpinned
/// ones at index `k`, and every pinned entry back at its old position (or as near the end as the
/// pins after it allow, when the playlist no longer reaches it).
fn relayout(entries: &[Entry], taken: &[usize], block: Vec<Entry>, k: usize) -> Vec<Entry> {
    let mut free = Vec::new();
    let mut pins = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if taken.binary_search(&i).is_ok() {
            continue;
        }
        if e.pinned { pins.push((i, e.clone())) } else { free.push(e.clone()) }
    }
    let tail = free.split_off(k.min(free.len()));
    free.extend(block);
    free.extend(tail);
    let n = free.len() + pins.len();
    let mut slots: Vec<Option<Entry>> = vec![None; n];
    // Walking from the last pin back, each pin keeps its index unless the pins after it would
    // no longer fit; then it moves back just enough. Pins keep their order.
    for (after, (i, e)) in pins.into_iter().rev().enumerate() {
        slots[i.min(n - 1 - after)] = Some(e);
    }
    let mut free = free.into_iter();
    slots.into_iter().map(|s| s.unwrap_or_else(|| free.next().expect("one free entry per free slot"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn list(spec: &str) -> Vec<Entry> {
        // "a B c": lowercase unpinned, uppercase pinned.
        spec.split_whitespace()
            .map(|s| Entry { track_id: s.to_lowercase(), pinned: s.chars().all(|c| c.is_uppercase()), note: String::new() })
            .collect()
    }

    fn show(v: &[Entry]) -> String {
        v.iter().map(|e| if e.pinned { e.track_id.to_uppercase() } else { e.track_id.clone() }).collect::<Vec<_>>().join(" ")
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn insert_at_drop_position_skipping_duplicates() {
        let e = list("a b c");
        let out = SeedEdit::Insert { track_ids: ids(&["x", "b", "y", "x"]), at: 1 }.apply(&e).unwrap();
        assert_eq!(show(&out), "a x y b c");
        let out = SeedEdit::Insert { track_ids: ids(&["z"]), at: 3 }.apply(&e).unwrap();
        assert_eq!(show(&out), "a b c z");
    }

    #[test]
    fn insert_flows_around_a_pin() {
        let e = list("a P b");
        let out = SeedEdit::Insert { track_ids: ids(&["x"]), at: 0 }.apply(&e).unwrap();
        assert_eq!(show(&out), "x P a b");
    }

    #[test]
    fn move_block_down_and_up() {
        let e = list("a b c d e");
        assert_eq!(show(&SeedEdit::Move { positions: vec![0, 2], to: 4 }.apply(&e).unwrap()), "b d a c e");
        assert_eq!(show(&SeedEdit::Move { positions: vec![4], to: 0 }.apply(&e).unwrap()), "e a b c d");
        assert_eq!(show(&SeedEdit::Move { positions: vec![1], to: 5 }.apply(&e).unwrap()), "a c d e b");
    }

    #[test]
    fn moving_a_pinned_entry_is_refused() {
        let e = list("a B c");
        assert_eq!(SeedEdit::Move { positions: vec![1], to: 0 }.apply(&e), Err(EditError::Pinned { position: 1 }));
    }

    #[test]
    fn remove_keeps_pins_and_spills_to_the_end() {
        let e = list("a b c D e");
        assert_eq!(show(&SeedEdit::Remove { positions: vec![0] }.apply(&e).unwrap()), "b c e D");
        assert_eq!(show(&SeedEdit::Remove { positions: vec![0, 1, 2] }.apply(&e).unwrap()), "e D");
        let e = list("a B C");
        assert_eq!(show(&SeedEdit::Remove { positions: vec![0] }.apply(&e).unwrap()), "B C");
    }

    #[test]
    fn pin_note_and_errors() {
        let e = list("a b");
        let out = SeedEdit::SetPinned { position: 1, pinned: true }.apply(&e).unwrap();
        assert_eq!(show(&out), "a B");
        let out = SeedEdit::SetNote { position: 0, note: "opener  ".into() }.apply(&out).unwrap();
        assert_eq!(out[0].note, "opener");
        assert_eq!(SeedEdit::SetPinned { position: 2, pinned: true }.apply(&e), Err(EditError::Position { position: 2, len: 2 }));
        assert_eq!(SeedEdit::Insert { track_ids: vec![], at: 3 }.apply(&e), Err(EditError::Position { position: 3, len: 2 }));
        assert_eq!(SeedEdit::Remove { positions: vec![] }.apply(&e), Err(EditError::Empty));
        assert_eq!(SeedEdit::SetNote { position: 0, note: "x".repeat(2001) }.apply(&e), Err(EditError::NoteTooLong));
        assert!(SeedEdit::SetPinned { position: 0, pinned: true }.apply(&[]).is_err());
    }

    fn arb_list() -> impl Strategy<Value = Vec<Entry>> {
        proptest::collection::vec(any::<bool>(), 0..20).prop_map(|pins| {
            pins.into_iter().enumerate().map(|(i, p)| Entry { track_id: format!("t{i}"), pinned: p, note: String::new() }).collect()
        })
    }

    fn pinned_at(v: &[Entry]) -> Vec<(usize, String)> {
        v.iter().enumerate().filter(|(_, e)| e.pinned).map(|(i, e)| (i, e.track_id.clone())).collect()
    }

    proptest! {
        #[test]
        fn moves_keep_every_pin_and_every_track(e in arb_list(), picks in proptest::collection::vec(0u32..20, 1..5), to in 0u32..21) {
            let len = e.len() as u32;
            let positions: Vec<u32> = picks.into_iter().filter(|p| *p < len && !e[*p as usize].pinned).collect();
            prop_assume!(!positions.is_empty() && to <= len);
            let out = SeedEdit::Move { positions, to }.apply(&e).unwrap();
            prop_assert_eq!(pinned_at(&out), pinned_at(&e));
            let mut a: Vec<_> = e.iter().map(|x| x.track_id.clone()).collect();
            let mut b: Vec<_> = out.iter().map(|x| x.track_id.clone()).collect();
            a.sort(); b.sort();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn inserts_keep_pins_and_grow_by_the_new_tracks(e in arb_list(), n in 0usize..5, at in 0u32..21) {
            prop_assume!(at <= e.len() as u32);
            let new: Vec<String> = (0..n).map(|i| format!("new{i}")).collect();
            let out = SeedEdit::Insert { track_ids: new.clone(), at }.apply(&e).unwrap();
            prop_assert_eq!(out.len(), e.len() + n);
            prop_assert_eq!(pinned_at(&out), pinned_at(&e));
            let unpinned: Vec<_> = out.iter().filter(|x| !x.pinned).map(|x| x.track_id.clone()).collect();
            let k = e[..at as usize].iter().filter(|x| !x.pinned).count();
            prop_assert_eq!(&unpinned[k..k + n], &new[..]);
        }

        #[test]
        fn removing_unpinned_entries_keeps_pins_that_still_fit(e in arb_list(), picks in proptest::collection::vec(0u32..20, 1..5)) {
            let len = e.len() as u32;
            let positions: Vec<u32> = picks.into_iter().filter(|p| *p < len && !e[*p as usize].pinned).collect();
            prop_assume!(!positions.is_empty());
            let out = SeedEdit::Remove { positions }.apply(&e).unwrap();
            let pins = pinned_at(&e);
            for (k, (i, id)) in pins.iter().enumerate() {
                let after = pins.len() - 1 - k;
                if *i + after < out.len() { prop_assert_eq!(&out[*i].track_id, id); }
            }
            let order: Vec<String> = pinned_at(&out).into_iter().map(|(_, id)| id).collect();
            prop_assert_eq!(order, pins.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
        }
    }
}

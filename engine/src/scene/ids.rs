//! The sender's node ids → arena slots.
//!
//! Hosts allocate ids densely: the JS shim recycles freed ids, so its
//! largest id is about the most nodes it ever had alive. Those ids index a
//! vector (4 bytes an id, no hashing); an id far beyond what the scene could
//! be using (a host or test that numbers nodes sparsely, say from 100,000)
//! goes to a hash map instead, so a stray large id cannot make the vector
//! huge. For a 20k-node page: under 120 KB where the hash map took 295 KB of
//! linear memory (issue 14).

use rustc_hash::FxHashMap as HashMap;

use super::{Slot, NO_SLOT};

/// Ids below this always go to the vector, whatever the scene's size.
const DENSE_FLOOR: usize = 4096;

/// Id → slot, for live ids.
#[derive(Debug, Default)]
pub struct IdMap {
    /// Slot by id ([`NO_SLOT`]: none) for ids below its length.
    dense: Vec<Slot>,
    /// The ids at or past `dense.len()`.
    sparse: HashMap<u32, Slot>,
    /// Ids held.
    len: usize,
}

impl IdMap {
    /// The slot of `id`, if it is live.
    #[inline]
    pub fn get(&self, id: u32) -> Option<Slot> {
        match self.dense.get(id as usize) {
            Some(&s) => (s != NO_SLOT).then_some(s),
            None if self.sparse.is_empty() => None,
            None => self.sparse.get(&id).copied(),
        }
    }

    /// Maps `id` (not held) to `slot`.
    pub fn insert(&mut self, id: u32, slot: Slot) {
        self.len += 1;
        let i = id as usize;
        if i >= self.dense.len() && i < self.dense_limit() {
            self.grow(i + 1);
        }
        match self.dense.get_mut(i) {
            Some(s) => *s = slot,
            None => {
                self.sparse.insert(id, slot);
            }
        }
    }

    /// Unmaps `id`.
    pub fn remove(&mut self, id: u32) {
        let held = match self.dense.get_mut(id as usize) {
            Some(s) => core::mem::replace(s, NO_SLOT) != NO_SLOT,
            None => self.sparse.remove(&id).is_some(),
        };
        self.len -= usize::from(held);
    }

    /// Room for `n` more ids (a big batch's creates).
    pub fn reserve(&mut self, n: usize) {
        if !self.sparse.is_empty() {
            self.sparse.reserve(n.min(self.sparse.len() + 1));
        }
    }

    /// How far the vector may reach: twice the ids held, and at least
    /// [`DENSE_FLOOR`].
    fn dense_limit(&self) -> usize {
        (2 * self.len).max(DENSE_FLOOR)
    }

    /// Grows the vector to at least `to` ids (by half its length at least,
    /// within the limit), moving the hash map's ids it now covers.
    fn grow(&mut self, to: usize) {
        let len = to.max(self.dense.len() + self.dense.len() / 2).min(self.dense_limit()).max(to);
        // Exactly: not doubled again by the vector (linear memory never shrinks).
        self.dense.reserve_exact(len - self.dense.len());
        self.dense.resize(len, NO_SLOT);
        if !self.sparse.is_empty() {
            let dense = &mut self.dense;
            self.sparse.retain(|&id, &mut slot| match dense.get_mut(id as usize) {
                Some(s) => {
                    *s = slot;
                    false
                }
                None => true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_ids_map_and_unmap() {
        let mut m = IdMap::default();
        // Sparse first (beyond the floor), then the vector grows over it.
        m.insert(9_000, 7);
        assert_eq!(m.get(9_000), Some(7));
        for id in (1..9_500u32).filter(|&id| id != 9_000) {
            m.insert(id, id + 100);
        }
        assert!(m.dense.len() >= 9_500 && m.sparse.is_empty(), "the vector took the sparse id over");
        assert_eq!(m.get(9_000), Some(7));
        assert_eq!(m.get(5_999), Some(6_099));
        assert_eq!(m.get(9_499), Some(9_599));
        assert_eq!(m.get(9_500), None);
        assert_eq!(m.get(u32::MAX), None);
        // A far id stays out of the vector.
        m.insert(4_000_000_000, 3);
        assert!(m.dense.len() < 100_000);
        assert_eq!(m.get(4_000_000_000), Some(3));
        m.remove(4_000_000_000);
        assert_eq!(m.get(4_000_000_000), None);
        m.remove(17);
        assert_eq!(m.get(17), None);
        m.insert(17, 1);
        assert_eq!(m.get(17), Some(1));
        assert_eq!(m.len, 9_499);
    }
}
